"""Rate limiting of denied scans per reader, so nobody can brute-force or flood the door.

Pure logic on monotonic seconds supplied by the caller (``time.monotonic()`` in production, plain
numbers in tests). After ``max_denials`` denials from one reader within ``window_s`` seconds,
that reader is blocked for ``block_s`` seconds; scans during the block should be answered with
RATE_LIMITED without being verified and without being recorded as further denials (recording
them is harmless: it neither extends nor restarts the block). A grant resets the reader.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Final

# Reader names can come from a service call; bound the memory that strangers can make us use.
MAX_READERS: Final = 256


@dataclass(slots=True)
class _ReaderState:
    denials: deque[float] = field(default_factory=deque)
    blocked_until: float | None = None


class ScanRateLimiter:
    """Counts recent denials per reader and blocks readers that exceed the limit."""

    def __init__(self, max_denials: int = 5, window_s: float = 60.0, block_s: float = 60.0) -> None:
        """Set the limit: ``max_denials`` within ``window_s`` blocks the reader for ``block_s``."""
        if max_denials < 1:
            raise ValueError("max_denials must be at least 1")
        if not window_s > 0 or not block_s > 0:
            raise ValueError("window_s and block_s must be positive")
        self._max_denials = max_denials
        self._window_s = window_s
        self._block_s = block_s
        self._readers: dict[str, _ReaderState] = {}

    def is_blocked(self, reader: str, now: float) -> bool:
        """Tell whether scans from ``reader`` are refused at ``now``."""
        return self.retry_after(reader, now) > 0

    def retry_after(self, reader: str, now: float) -> float:
        """Return how many seconds remain of the reader's block (0 when not blocked)."""
        state = self._readers.get(reader)
        if state is None or state.blocked_until is None:
            return 0.0
        return max(0.0, state.blocked_until - now)

    def record_denial(self, reader: str, now: float) -> None:
        """Count a denied scan; the denial that reaches the limit starts the block."""
        state = self._readers.get(reader)
        if state is None:
            self._make_room(now)
            state = self._readers[reader] = _ReaderState()
        if state.blocked_until is not None:
            if now < state.blocked_until:
                return
            state.blocked_until = None
        self._forget_old(state, now)
        state.denials.append(now)
        if len(state.denials) >= self._max_denials:
            state.blocked_until = now + self._block_s
            state.denials.clear()

    def record_grant(self, reader: str, now: float) -> None:
        """A successful scan clears the reader's history and any block."""
        self._readers.pop(reader, None)

    def _forget_old(self, state: _ReaderState, now: float) -> None:
        horizon = now - self._window_s
        while state.denials and state.denials[0] <= horizon:
            state.denials.popleft()

    def _idle(self, state: _ReaderState, now: float) -> bool:
        if state.blocked_until is not None and now < state.blocked_until:
            return False
        self._forget_old(state, now)
        return not state.denials

    def _make_room(self, now: float) -> None:
        if len(self._readers) < MAX_READERS:
            return
        for name in [n for n, s in self._readers.items() if self._idle(s, now)]:
            del self._readers[name]
        if len(self._readers) >= MAX_READERS:
            # Still full of active readers: drop the one tracked longest (dicts keep order).
            del self._readers[next(iter(self._readers))]

    def __len__(self) -> int:
        """Return how many readers are being tracked."""
        return len(self._readers)
