"""Evidence that builds up and decays: when a per-frame verdict becomes an alarm, and ends one.

Flame and smoke share it: a verdict seen `persistence` frames more often than not starts the
alarm (each miss takes one frame of evidence back, so flicker in the verdict delays rather than
resets it), and `release` frames in a row without it end the alarm.
"""

from __future__ import annotations


class Evidence:
    """The running count behind one alarm."""

    def __init__(self) -> None:
        """No evidence, no alarm."""
        self.hits = 0
        self.quiet = 0
        self.active = False

    def forget(self) -> None:
        """Drop the evidence gathered so far (the view changed); an alarm on stays on."""
        self.hits = 0

    def step(self, seen: bool, persistence: int, release: int) -> bool | None:
        """One frame's verdict; True when the alarm starts, False when it ends, else None."""
        if seen:
            self.hits += 1
            self.quiet = 0
        else:
            self.hits = max(0, self.hits - 1)
            self.quiet += 1
        if not self.active and self.hits >= persistence:
            self.active = True
            return True
        if self.active and self.quiet >= release:
            self.active = False
            self.hits = 0
            return False
        return None
