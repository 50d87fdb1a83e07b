"""The bounded, persisted event backlog: one JSON frame per line in `events.jsonl`.

Cursors are contiguous, so the frame of cursor `c` sits at index `c - oldest` of the deque.
Appends go straight to the file (flushed, not fsynced: a simulator survives process crashes,
not power cuts); the file is rewritten once it holds twice the limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
import json
import os
from pathlib import Path
from typing import TextIO

BACKLOG_FILE = "events.jsonl"


class Backlog:
    """Frames by cursor, at most `limit` of them, surviving restarts."""

    def __init__(self, state_dir: Path, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"backlog limit must be at least 1, not {limit}")
        self._path = state_dir / BACKLOG_FILE
        self._limit = limit
        self._frames: deque[str] = deque(maxlen=limit)
        self._latest = 0
        self._file_lines = 0
        self._load()
        self._file: TextIO = self._path.open("a", encoding="utf-8")

    def _load(self) -> None:
        if not self._path.exists():
            return
        run_end = 0
        with self._path.open(encoding="utf-8") as lines:
            for line in lines:
                self._file_lines += 1
                try:
                    cursor = json.loads(line)["cursor"]
                except (ValueError, KeyError, TypeError):
                    # A crash mid-write leaves a torn last line; it never reached a client.
                    continue
                if not isinstance(cursor, int) or cursor <= self._latest:
                    continue
                if cursor != run_end + 1:
                    # Frames must be contiguous for index arithmetic; keep the newest run.
                    self._frames.clear()
                self._frames.append(line.rstrip("\n"))
                self._latest = run_end = cursor

    @property
    def latest(self) -> int:
        """The newest cursor ever handed out (0 before the first event)."""
        return self._latest

    @property
    def oldest(self) -> int:
        """The oldest cursor still held; `latest + 1` when nothing is held."""
        return self._latest - len(self._frames) + 1

    def get(self, cursor: int) -> str | None:
        """The frame of `cursor`, or None if it is not held (too old or not yet made)."""
        oldest = self.oldest
        if oldest <= cursor <= self._latest:
            return self._frames[cursor - oldest]
        return None

    def append(self, make_frame: Callable[[int], str]) -> int:
        """Give the next cursor to `make_frame`, store its frame, return the cursor."""
        cursor = self._latest + 1
        frame = make_frame(cursor)
        self._file.write(frame + "\n")
        self._file.flush()
        self._file_lines += 1
        self._frames.append(frame)
        self._latest = cursor
        if self._file_lines >= 2 * self._limit:
            self._compact()
        return cursor

    def _compact(self) -> None:
        self._file.close()
        temporary = self._path.with_suffix(".tmp")
        temporary.write_text("".join(frame + "\n" for frame in self._frames), encoding="utf-8")
        os.replace(temporary, self._path)
        self._file_lines = len(self._frames)
        self._file = self._path.open("a", encoding="utf-8")

    def close(self) -> None:
        """Close the file."""
        self._file.close()
