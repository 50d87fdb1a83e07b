"""A camera as the owner set it up, and the configuration the vision engine gets for it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
import re
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from .geometry import Zone, is_ignore_area, parse_line, parse_zones

ROLES: Final = ("door", "aisle", "counter", "outside")
# How the camera looks at people (the engine's camera `view`): straight down is how door
# people-counters are mounted, and the engine then searches people turned and places them at
# the middle of their outline.
VIEWS: Final = ("angled", "overhead")
DEFAULT_LOITER_SECONDS: Final = 30
DEFAULT_CROWD_SIZE: Final = 0  # off
# The engine's default, the setting its figures were measured at (docs/accuracy.md).
DEFAULT_SENSITIVITY: Final = 50.0
# The analysis rate when the owner asks for fast counting whatever the other cameras. Without
# it the engine chooses (its `fps` 0): 10 a second while its cameras fit six at 5 within half a
# core (three at 10), 5 with more. At 10 a crossing is counted sooner (live p95 0.52, 0.81 and
# 0.82 s on three real clips against 1.13, 1.05 and 1.22 s at 5) and more often right, for
# twice this camera's people work (docs/accuracy.md, "The automatic analysis rate").
FAST_FPS: Final = 10.0
LINE_ID: Final = "line"
_ID_CHARS = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class CameraSettings:
    """One camera; source is a URL, or None while it comes from a Home Assistant camera."""

    id: str
    name: str
    role: str = "aisle"
    view: str = "angled"
    source: str | None = None
    entity_id: str | None = None
    line: str = ""
    zones: str = ""
    loiter_seconds: float = DEFAULT_LOITER_SECONDS
    crowd_size: int = DEFAULT_CROWD_SIZE
    flame: bool = True
    smoke: bool = True
    tamper: bool = True
    flame_sensitivity: float = DEFAULT_SENSITIVITY
    smoke_sensitivity: float = DEFAULT_SENSITIVITY
    tamper_sensitivity: float = DEFAULT_SENSITIVITY
    analytics: bool = True
    fast_counting: bool = False
    realtime: bool = True
    loop: bool = False

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CameraSettings:
        """Read what as_dict() stored; unknown keys (from a newer version) are ignored."""
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in raw.items() if key in known})

    def as_dict(self) -> dict[str, Any]:
        """What is stored."""
        return asdict(self)

    def with_changes(self, **changes: Any) -> CameraSettings:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def engine_config(self, source: str) -> dict[str, Any]:
        """The engine's camera configuration (docs/engine-api.md), with the resolved source."""
        line = parse_line(self.line)
        zones: tuple[Zone, ...] = parse_zones(self.zones)
        masks = [zone for zone in zones if is_ignore_area(zone.id)]
        config: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "source": source,
            "role": self.role,
            "realtime": self.realtime,
            "loop": self.loop,
            "lines": []
            if line is None
            else [{"id": LINE_ID, "p1": list(line[0]), "p2": list(line[1])}],
            "zones": [
                {
                    "id": zone.id,
                    "polygon": [list(point) for point in zone.polygon],
                    "loiter_seconds": self.loiter_seconds,
                }
                for zone in zones
                if not is_ignore_area(zone.id)
            ],
            "thresholds": {
                "crowding_people": self.crowd_size,
                "flame": self.flame,
                "smoke": self.smoke,
                "tamper": self.tamper,
                "flame_sensitivity": self.flame_sensitivity,
                "smoke_sensitivity": self.smoke_sensitivity,
                "tamper_sensitivity": self.tamper_sensitivity,
                "qr": self.role == "door",
            },
        }
        if self.view != "angled":
            # Only when not the default: an engine older than `view` refuses fields it does
            # not know.
            config["view"] = self.view
        if self.fast_counting:
            # Only when asked for: otherwise the engine chooses by how many cameras it runs.
            config["fps"] = FAST_FPS
        if masks:
            # Only when there is one: an engine older than masks refuses fields it does not know.
            config["masks"] = [
                {"id": mask.id, "polygon": [list(point) for point in mask.polygon]}
                for mask in masks
            ]
        return config


def camera_id_for(name: str, taken: set[str]) -> str:
    """An engine camera id (1-40 of a-z 0-9 _ -) made from the name, unique among taken."""
    base = _ID_CHARS.sub("_", name.lower()).strip("_-")[:32] or "camera"
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def redact_url(url: str) -> str:
    """A stream URL with any user name and password replaced, for logs and diagnostics."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "**REDACTED**"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if port is not None:
        host = f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=f"**REDACTED**@{host}"))


def valid_source(url: str) -> bool:
    """Whether the engine can read the URL (rtsp, rtsps, http, https, file or a path)."""
    if url.startswith("/"):
        return True
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number or out of range raises
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    return scheme in {"rtsp", "rtsps", "http", "https", "file"} and bool(
        parts.netloc or scheme == "file"
    )
