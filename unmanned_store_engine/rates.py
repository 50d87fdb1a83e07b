"""How many frames a second a camera's people are analysed at, when its `fps` is automatic.

Issue 14's budget is six cameras at 5 frames a second within half of one core, decoding and
detector included (benchmarks/engine_cpu.py). A shop with fewer cameras has that budget
unspent, and at 10 frames a second people are counted sooner and more often right
(docs/accuracy.md, "The automatic analysis rate"): live p95 from a crossing to its count 0.52,
0.81, 0.82 and 1.25 s on four real clips against 1.13, 1.05, 1.22 and 1.39 s at 5; the 23
labelled and held-out clips matched 146 of 165 crossings against 140, with 17 false counts
against 16. So an automatic camera is analysed at 10 while every camera together stays
within the budget, and at 5 beyond.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

NORMAL_FPS: Final = 5.0
FAST_FPS: Final = 10.0
# The budget, in cameras analysed at NORMAL_FPS: what the CPU target was set for.
BUDGET: Final = 6.0


def automatic_fps(requested: Iterable[float]) -> float:
    """The rate of every automatic camera, given each camera's `fps` (0: automatic).

    A camera with a rate of its own costs that rate; the automatic ones share what is left,
    all at FAST_FPS or all at NORMAL_FPS (one rule an owner can be told: "up to three
    cameras, 10 a second").
    """
    rates = list(requested)
    fixed = sum(rate for rate in rates if rate > 0) / NORMAL_FPS
    automatic = sum(1 for rate in rates if rate <= 0)
    if fixed + automatic * FAST_FPS / NORMAL_FPS <= BUDGET + 1e-9:
        return FAST_FPS
    return NORMAL_FPS
