"""Keep glibc's malloc from growing one memory arena per busy thread.

Each camera runs in a thread of its own, beside onnxruntime's and FFmpeg's; glibc gives threads
that allocate at once arenas of their own (up to eight per core), and freed frame buffers left
spread over them are seldom returned. Six cameras for 30 minutes: resident memory rose from 266
to 296 MB, 31 MB an hour and not levelling off; with two arenas it stayed at 255-258 MB, 3 MB an
hour (docs/accuracy.md, "Memory"). Python's own objects did not grow (tracemalloc).

Standard library only, and called before the engine's imports start threads: an arena limit
set later does not move what is already spread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Final

# mallopt's parameter number for the arena limit, from glibc's malloc.h.
_M_ARENA_MAX: Final = -8
ARENAS: Final = 2
ENV: Final = "MALLOC_ARENA_MAX"


def limit_arenas(arenas: int = ARENAS, libc_name: str | None = None) -> bool:
    """Ask glibc for at most `arenas` arenas; whether the limit is now in force.

    Nothing is changed when the environment already sets MALLOC_ARENA_MAX (the operator's
    choice wins) or on a C library without mallopt (musl, as in Alpine-based images).
    """
    if os.environ.get(ENV):
        return False
    name = libc_name if libc_name is not None else ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:  # pragma: no cover - musl; every library here resolves glibc's
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, arenas))
