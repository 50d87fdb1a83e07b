"""Camera configuration: the schema the API accepts, validated with precise reasons.

Coordinates are normalised (0..1 of width and height) so a configuration survives a change of
stream resolution and is independent of the analysis downscale.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
import re
from typing import Any, Final, Literal, cast

from .rates import NORMAL_FPS

Role = Literal["door", "aisle", "counter", "outside"]
ROLES: Final[tuple[Role, ...]] = ("door", "aisle", "counter", "outside")
# How the camera looks at people: "angled" (the usual CCTV or eye-level view, people upright)
# or "overhead" (straight down: a person is a head and shoulders with no up, and stands where
# the middle of the outline is, not at the bottom of the box).
View = Literal["angled", "overhead"]
VIEWS: Final[tuple[View, ...]] = ("angled", "overhead")
Point = tuple[float, float]

_ID_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_SOURCE_SCHEMES: Final = ("rtsp://", "rtsps://", "http://", "https://", "file://", "/")


class ConfigError(ValueError):
    """A configuration value is invalid; the message names the field and the reason."""


@dataclass(frozen=True, slots=True)
class Line:
    """A counting line from p1 to p2; crossing to the left of p1→p2 on screen counts as in."""

    id: str
    p1: Point
    p2: Point


@dataclass(frozen=True, slots=True)
class Zone:
    """A polygon zone; loiter_seconds of 0 disables loitering for it."""

    id: str
    polygon: tuple[Point, ...]
    loiter_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Mask:
    """An ignore area: a person whose feet stand in it is not detected (a mannequin, a poster).

    Flame, smoke and tamper do not look at masks: a fire in an ignored corner is still a fire.
    """

    id: str
    polygon: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Tunables (see docs/engine-api.md); verify_people is accepted for older clients only."""

    min_person_area: float = 0.0005
    crowding_people: int = 0
    crowding_seconds: float = 2.0
    flame: bool = True
    smoke: bool = True
    tamper: bool = True
    qr: bool = True
    verify_people: bool = False
    # 0-100, 50 = the defaults measured on real footage (docs/accuracy.md); higher reports
    # sooner and smaller, lower needs more evidence.
    flame_sensitivity: float = 50.0
    smoke_sensitivity: float = 50.0
    tamper_sensitivity: float = 50.0


@dataclass(frozen=True, slots=True)
class CameraConfig:
    """Everything the engine needs to run one camera."""

    id: str
    source: str
    name: str = ""
    role: Role = "aisle"
    view: View = "angled"
    # 0: automatic, the rate the engine chooses for how many cameras it runs (rates.py).
    fps: float = 0.0
    analysis_width: int = 320
    realtime: bool = True
    loop: bool = False
    # Files only: the rate their frames were taken at, when the file does not say it rightly
    # (an image sequence, which FFmpeg reads at 25 fps, or a wrong header); 0: the file's own.
    source_fps: float = 0.0
    lines: tuple[Line, ...] = ()
    zones: tuple[Zone, ...] = ()
    masks: tuple[Mask, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def rate(self) -> float:
        """The analysis rate asked for, or, when automatic, the one a camera gets alone."""
        return self.fps or NORMAL_FPS

    @property
    def label(self) -> str:
        """How logs name the camera: the owner's name for it, its id only when it has none."""
        return f"{self.name} ({self.id})" if self.name else self.id

    @property
    def is_file(self) -> bool:
        """Whether the source is a local file (which ends, and may loop)."""
        return self.source.startswith(("/", "file://"))

    def same_stream(self, other: CameraConfig) -> bool:
        """Whether a change to other can be applied without reopening the stream."""
        return self._stream_key() == other._stream_key()

    def _stream_key(self) -> tuple[object, ...]:
        """What the stream is opened and read with."""
        return (
            self.source,
            self.fps,
            self.analysis_width,
            self.realtime,
            self.loop,
            self.source_fps,
        )

    def with_id(self, camera_id: str) -> CameraConfig:
        """A copy under another id (the API's URL id wins over the body's)."""
        return replace(self, id=camera_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, the same shape parse_camera accepts."""
        t = self.thresholds
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "role": self.role,
            "view": self.view,
            "fps": self.fps,
            "analysis_width": self.analysis_width,
            "realtime": self.realtime,
            "loop": self.loop,
            "source_fps": self.source_fps,
            "lines": [{"id": ln.id, "p1": list(ln.p1), "p2": list(ln.p2)} for ln in self.lines],
            "zones": [
                {
                    "id": z.id,
                    "polygon": [list(p) for p in z.polygon],
                    "loiter_seconds": z.loiter_seconds,
                }
                for z in self.zones
            ],
            "masks": [{"id": m.id, "polygon": [list(p) for p in m.polygon]} for m in self.masks],
            "thresholds": {
                "min_person_area": t.min_person_area,
                "crowding_people": t.crowding_people,
                "crowding_seconds": t.crowding_seconds,
                "flame": t.flame,
                "smoke": t.smoke,
                "tamper": t.tamper,
                "qr": t.qr,
                "verify_people": t.verify_people,
                "flame_sensitivity": t.flame_sensitivity,
                "smoke_sensitivity": t.smoke_sensitivity,
                "tamper_sensitivity": t.tamper_sensitivity,
            },
        }


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be an object")
    return cast(dict[str, Any], value)


def _unknown(data: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(extra)}")


def _number(
    data: dict[str, Any], key: str, where: str, default: float, lo: float, hi: float
) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}.{key} must be a number")
    if not lo <= float(value) <= hi:
        raise ConfigError(f"{where}.{key} must be between {lo:g} and {hi:g}, got {value}")
    return float(value)


def _fps(data: dict[str, Any]) -> float:
    """`fps`: 0 (the default) for the engine's automatic rate, else 0.2-30."""
    if data.get("fps", 0) == 0 and not isinstance(data.get("fps"), bool):
        return 0.0
    return _number(data, "fps", "camera", 0.0, 0.2, 30.0)


def _integer(data: dict[str, Any], key: str, where: str, default: int, lo: int, hi: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{where}.{key} must be an integer")
    if not lo <= value <= hi:
        raise ConfigError(f"{where}.{key} must be between {lo} and {hi}, got {value}")
    return int(value)


def _flag(data: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}.{key} must be true or false")
    return value


def _text(data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise ConfigError(f"{where}.{key} is required")
    if not isinstance(value, str):
        raise ConfigError(f"{where}.{key} must be a string")
    return value


def _ident(value: object, where: str) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise ConfigError(
            f"{where} must be 1-40 characters of a-z, 0-9, '_' or '-', "
            "starting with a letter or digit"
        )
    return value


def _point(value: object, where: str) -> Point:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise ConfigError(f"{where} must be a pair of numbers [x, y]")
    x, y = float(value[0]), float(value[1])
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        raise ConfigError(f"{where} must be normalised: x and y between 0 and 1, got [{x}, {y}]")
    return (x, y)


def _lines(value: object) -> tuple[Line, ...]:
    if not isinstance(value, list):
        raise ConfigError("lines must be a list")
    out: list[Line] = []
    for i, raw in enumerate(value):
        where = f"lines[{i}]"
        item = _object(raw, where)
        _unknown(item, {"id", "p1", "p2"}, where)
        line = Line(
            _ident(item.get("id"), f"{where}.id"),
            _point(item.get("p1"), f"{where}.p1"),
            _point(item.get("p2"), f"{where}.p2"),
        )
        if line.p1 == line.p2:
            raise ConfigError(f"{where}: p1 and p2 must differ")
        out.append(line)
    _unique([ln.id for ln in out], "lines")
    return tuple(out)


def _polygons(value: object, key: str, extra: set[str]) -> list[tuple[dict[str, Any], str]]:
    """The items of a list of named polygons (zones, masks), with where each is."""
    if not isinstance(value, list):
        raise ConfigError(f"{key} must be a list")
    out: list[tuple[dict[str, Any], str]] = []
    for i, raw in enumerate(value):
        where = f"{key}[{i}]"
        item = _object(raw, where)
        _unknown(item, {"id", "polygon", *extra}, where)
        poly = item.get("polygon")
        if not isinstance(poly, list) or len(poly) < 3:
            raise ConfigError(f"{where}.polygon must be a list of at least 3 points")
        out.append((item, where))
    _unique([_ident(item.get("id"), f"{where}.id") for item, where in out], key)
    return out


def _polygon(item: dict[str, Any], where: str) -> tuple[Point, ...]:
    return tuple(_point(p, f"{where}.polygon[{j}]") for j, p in enumerate(item["polygon"]))


def _zones(value: object) -> tuple[Zone, ...]:
    return tuple(
        Zone(
            item["id"],
            _polygon(item, where),
            _number(item, "loiter_seconds", where, 0.0, 0.0, 86400.0),
        )
        for item, where in _polygons(value, "zones", {"loiter_seconds"})
    )


def _masks(value: object) -> tuple[Mask, ...]:
    return tuple(
        Mask(item["id"], _polygon(item, where)) for item, where in _polygons(value, "masks", set())
    )


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ConfigError(f"{where}: duplicate id {ident!r}")
        seen.add(ident)


def _thresholds(value: object) -> Thresholds:
    where = "thresholds"
    data = _object(value, where)
    _unknown(data, set(Thresholds.__slots__), where)
    d = Thresholds()
    return Thresholds(
        min_person_area=_number(data, "min_person_area", where, d.min_person_area, 0.00001, 0.5),
        crowding_people=_integer(data, "crowding_people", where, d.crowding_people, 0, 100),
        crowding_seconds=_number(data, "crowding_seconds", where, d.crowding_seconds, 0.0, 3600.0),
        flame=_flag(data, "flame", where, d.flame),
        smoke=_flag(data, "smoke", where, d.smoke),
        tamper=_flag(data, "tamper", where, d.tamper),
        qr=_flag(data, "qr", where, d.qr),
        verify_people=_flag(data, "verify_people", where, d.verify_people),
        flame_sensitivity=_number(
            data, "flame_sensitivity", where, d.flame_sensitivity, 0.0, 100.0
        ),
        smoke_sensitivity=_number(
            data, "smoke_sensitivity", where, d.smoke_sensitivity, 0.0, 100.0
        ),
        tamper_sensitivity=_number(
            data, "tamper_sensitivity", where, d.tamper_sensitivity, 0.0, 100.0
        ),
    )


_CAMERA_FIELDS: Final = {
    "id",
    "name",
    "source",
    "role",
    "view",
    "fps",
    "analysis_width",
    "realtime",
    "loop",
    "source_fps",
    "lines",
    "zones",
    "masks",
    "thresholds",
}


def parse_camera(value: object, camera_id: str | None = None) -> CameraConfig:
    """Validate a camera's JSON; camera_id (from a URL) overrides and may replace the body's id."""
    data = _object(value, "camera")
    _unknown(data, _CAMERA_FIELDS, "camera")
    ident = _ident(camera_id if camera_id is not None else data.get("id"), "camera.id")
    if camera_id is not None and "id" in data and data["id"] != camera_id:
        raise ConfigError(f"camera.id {data['id']!r} does not match the URL's {camera_id!r}")
    source = _text(data, "source", "camera").strip()
    if not source.startswith(_SOURCE_SCHEMES):
        raise ConfigError(
            "camera.source must be an rtsp://, http(s)://, file:// URL or an absolute file path"
        )
    role = _text(data, "role", "camera", "aisle")
    if role not in ROLES:
        raise ConfigError(f"camera.role must be one of {', '.join(ROLES)}, got {role!r}")
    view = _text(data, "view", "camera", "angled")
    if view not in VIEWS:
        raise ConfigError(f"camera.view must be one of {', '.join(VIEWS)}, got {view!r}")
    return CameraConfig(
        id=ident,
        source=source,
        name=_text(data, "name", "camera", ""),
        role=cast(Role, role),
        view=cast(View, view),
        fps=_fps(data),
        analysis_width=_integer(data, "analysis_width", "camera", 320, 80, 1280),
        realtime=_flag(data, "realtime", "camera", True),
        loop=_flag(data, "loop", "camera", False),
        source_fps=_number(data, "source_fps", "camera", 0.0, 0.0, 240.0),
        lines=_lines(data.get("lines", [])),
        zones=_zones(data.get("zones", [])),
        masks=_masks(data.get("masks", [])),
        thresholds=_thresholds(data.get("thresholds", {})),
    )
