"""QR codes held up to a door camera, decoded with zxing-cpp (90 % vs 36 % for cv2, FACTS.md)."""

from __future__ import annotations

import zxingcpp

from .motion import GreyFrame


class QrReader:
    """Rate-limited decoding with de-duplication, so one code held up yields one scan."""

    def __init__(self, interval: float = 0.4, repeat_after: float = 5.0) -> None:
        """interval: seconds between decodes; repeat_after: seconds before the same text rescans."""
        self.interval = interval
        self.repeat_after = repeat_after
        self._last_try = -1e9
        self._seen: dict[str, float] = {}

    def due(self, now: float) -> bool:
        """Whether a decode would run at media time now (lets callers skip preparing a frame)."""
        return now - self._last_try >= self.interval

    def update(self, grey: GreyFrame, now: float) -> list[str]:
        """Decode if due; return texts not reported in the last repeat_after seconds."""
        if not self.due(now):
            return []
        self._last_try = now
        self._seen = {t: at for t, at in self._seen.items() if now - at < self.repeat_after}
        found: list[str] = []
        for result in zxingcpp.read_barcodes(
            grey, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        ):
            text = result.text
            if not text or text in found:
                continue
            if text not in self._seen:
                found.append(text)
            # Seeing it again keeps it quiet: a code held for a minute is still one scan.
            self._seen[text] = now
        return found
