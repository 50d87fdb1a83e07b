"""Overlay for snapshots and the live view: lines, zones, ignore areas, tracks, alarms."""

from __future__ import annotations

from typing import Any

import cv2
from cv2.typing import MatLike
import numpy as np

from .config import CameraConfig

BgrFrame = MatLike

_LINE = (0, 220, 255)
_ZONE = (255, 160, 0)
_TRACK = (0, 255, 0)
_ALARM = (0, 0, 255)
_MASK = (158, 158, 158)
# A figure that never moves (still.py), drawn over its track so the owner finds which one it is.
_STILL = (0, 140, 255)
_SMOKE = (230, 230, 230)


def _px(point: tuple[float, float], width: int, height: int) -> tuple[int, int]:
    return (round(point[0] * (width - 1)), round(point[1] * (height - 1)))


def annotate(frame: BgrFrame, config: CameraConfig, state: dict[str, Any]) -> BgrFrame:
    """A copy of frame with the camera's configuration and current state drawn on it."""
    out = frame.copy()
    height, width = out.shape[:2]
    font = cv2.FONT_HERSHEY_SIMPLEX
    for zone in config.zones:
        pts = np.array([_px(p, width, height) for p in zone.polygon], np.int32)
        alarm = zone.id in state.get("loitering", [])
        cv2.polylines(out, [pts], True, _ALARM if alarm else _ZONE, 2)
        occupancy = state.get("zones", {}).get(zone.id, 0)
        cv2.putText(out, f"{zone.id}: {occupancy}", tuple(pts[0]), font, 0.5, _ZONE, 1)
    for mask in config.masks:
        # Greyed over, so the owner sees at a glance where nobody is looked for.
        pts = np.array([_px(p, width, height) for p in mask.polygon], np.int32)
        shade = out.copy()
        cv2.fillPoly(shade, [pts], _MASK)
        cv2.addWeighted(shade, 0.4, out, 0.6, 0, dst=out)
        cv2.polylines(out, [pts], True, _MASK, 2)
        cv2.putText(out, mask.id, tuple(pts[0]), font, 0.5, _MASK, 1)
    for line in config.lines:
        p1, p2 = _px(line.p1, width, height), _px(line.p2, width, height)
        cv2.line(out, p1, p2, _LINE, 2)
        counts = state.get("lines", {}).get(line.id, {"in": 0, "out": 0})
        label = f"{line.id} in {counts['in']} out {counts['out']}"
        cv2.putText(out, label, (p1[0] + 4, p1[1] - 6), font, 0.5, _LINE, 1)
    for track in state.get("tracks", []):
        x, y, w, h = track["box"]
        a = _px((x, y), width, height)
        b = _px((x + w, y + h), width, height)
        if track.get("person", True) is False:
            # A figure not (yet) counted as a person: thin and grey, so the owner sees what
            # the detector found without taking it for someone counted.
            cv2.rectangle(out, a, b, _MASK, 1)
            continue
        cv2.rectangle(out, a, b, _TRACK, 2)
        cv2.putText(out, str(track["id"]), (a[0], a[1] - 4), font, 0.5, _TRACK, 1)
    for figure in state.get("still", []):
        x, y, w, h = figure["box"]
        a = _px((x, y), width, height)
        b = _px((x + w, y + h), width, height)
        cv2.rectangle(out, a, b, _STILL, 3)
        label = f"still {int(figure['seconds']) // 60} min"
        cv2.putText(out, label, (a[0], min(b[1] + 14, height - 4)), font, 0.5, _STILL, 1)
    # Where the camera sees fire or smoke: what the owner looks at before starting the
    # evacuation from a phone (the fire blueprint asks first when the shop is closed).
    for key, label, colour in (("smoke_box", "SMOKE", _SMOKE), ("flame_box", "FLAME", _ALARM)):
        if box := state.get(key):
            x, y, w, h = box
            a = _px((x, y), width, height)
            b = _px((x + w, y + h), width, height)
            cv2.rectangle(out, a, b, colour, 3)
            cv2.putText(out, label, (a[0], max(a[1] - 6, 14)), font, 0.6, colour, 2)
    alarms = [*(f"tamper:{k}" for k in state.get("tamper", []))]
    if state.get("flame"):
        alarms.append("FLAME")
    if state.get("smoke"):
        alarms.append("SMOKE")
    if state.get("crowded"):
        alarms.append("crowded")
    if alarms:
        cv2.putText(out, " ".join(alarms), (8, height - 10), font, 0.6, _ALARM, 2)
    return out


def encode_jpeg(frame: BgrFrame, quality: int = 80) -> bytes:
    """JPEG bytes of a frame; raises ValueError if OpenCV cannot encode it."""
    try:
        ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    except cv2.error as err:
        raise ValueError(f"JPEG encoding failed: {err.msg}") from err
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(data.tobytes())
