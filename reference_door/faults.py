"""Fault injection settings of the reference device, set by CLI flags or `POST /sim/faults`."""

from __future__ import annotations

from dataclasses import dataclass, fields
import json
from typing import Final

# Frames a broken device might send; the client must reject each and keep going. `{next}` is
# the cursor the next real event will get, so a client that wrongly accepted one would then
# skip a real event, which the tests would notice.
MALFORMED_FRAMES: Final = (
    "this is not JSON {",
    "[1, 2, 3]",
    '{"type": "scan", "time": "2026-01-01T00:00:00+00:00", "data": {"code": "no cursor"}}',
    '{"cursor": {next}, "type": "teleport", "time": "2026-01-01T00:00:00+00:00", "data": {}}',
    '{"cursor": "{next}", "type": "scan", "time": "2026-01-01T00:00:00+00:00", "data": {}}',
    '{"cursor": {next}, "type": "scan", "time": "yesterday", "data": {"code": "x"}}',
    '{"cursor": {next}, "type": "scan", "time": "2026-01-01T00:00:00+00:00", "data": {}}',
    '{"cursor": {next}, "type": "verdict", "time": "2026-01-01T00:00:00+00:00",'
    ' "data": {"result": "maybe", "subject": "s", "provider": "p", "adult": null}}',
)


def malformed_frame(index: int, next_cursor: int) -> str:
    """The `index`-th malformed frame (cycling), aimed at cursor `next_cursor`."""
    template = MALFORMED_FRAMES[index % len(MALFORMED_FRAMES)]
    return template.replace("{next}", str(next_cursor))


# One-off actions `POST /sim/faults` accepts beside the standing faults.
FAULT_ACTIONS: Final = frozenset({"drop_now", "malformed_now"})
MAX_FAULT_VALUE: Final = 1_000_000


def _count(changes: dict[str, object], name: str, current: int) -> int:
    value = changes.get(name, current)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_FAULT_VALUE:
        raise ValueError(f"fault '{name}' must be an integer from 0 to {MAX_FAULT_VALUE}")
    return value


@dataclass(frozen=True, slots=True)
class Faults:
    """Standing faults; all off by default."""

    delay_ms: int = 0
    """Delay every API response and every stream frame by this much."""
    drop_every: int = 0
    """Cut each event stream's TCP connection after it sent this many events (0: never)."""
    malformed_every: int = 0
    """Send a malformed frame on every stream before every Nth event (0: never)."""
    stall: bool = False
    """Accept connections but answer nothing: API calls hang, streams go silent, pings die."""

    def updated(self, changes: object) -> Faults:
        """A copy with the JSON object `changes` applied; ValueError says what is wrong."""
        if not isinstance(changes, dict):
            raise ValueError("faults must be a JSON object")
        unknown = set(changes) - {field.name for field in fields(self)} - FAULT_ACTIONS
        if unknown:
            raise ValueError(f"unknown fault(s): {', '.join(sorted(unknown))}")
        stall = changes.get("stall", self.stall)
        if not isinstance(stall, bool):
            raise ValueError("fault 'stall' must be true or false")
        return Faults(
            delay_ms=_count(changes, "delay_ms", self.delay_ms),
            drop_every=_count(changes, "drop_every", self.drop_every),
            malformed_every=_count(changes, "malformed_every", self.malformed_every),
            stall=stall,
        )

    def to_json(self) -> str:
        """The faults as a JSON object."""
        return json.dumps({field.name: getattr(self, field.name) for field in fields(self)})
