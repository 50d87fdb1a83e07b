"""Shop-speaker announcements: preset texts and a priority queue that never talks over itself.

This module knows nothing of Home Assistant. The glue injects the ``play`` coroutine (it sets
the volume, calls ``tts.speak`` and restores the volume) and awaits ``announce``.

Queue rules (each one is tested):

* One announcement plays at a time. Waiting items play highest priority first, equal
  priorities in arrival order.
* A new item of higher priority than the one playing pre-empts it: the playing task is
  cancelled and that announcement is *dropped*, its caller gets
  ``AnnouncementError("preempted")``. Replaying a sentence that was cut off half-way, minutes
  later and out of context (a welcome after a fire alarm), would confuse customers more than it
  helps; the caller learns it was cut and can decide to repeat it.
* A FIRE announcement also drops every waiting item below FIRE (``"preempted"``): after an
  evacuation those messages are stale.
* The waiting line is bounded. When it is full, the lowest-priority, oldest item goes (its
  caller gets ``"queue_full"``), unless the newcomer itself ranks below everything waiting,
  in which case the newcomer is refused with the same error.
* ``repeat`` plays the message that many times in a row, as one queue item.
* Failures of the player reach the caller of ``announce`` as ``AnnouncementError``: an
  ``AnnouncementError`` raised by the player passes through unchanged, anything else becomes
  ``"playback_failed"`` with the original as ``__cause__``. The queue then carries on.
* If the caller of ``announce`` is cancelled, its announcement is withdrawn (or stopped).
* ``close()`` stops the item playing, fails the waiting ones with ``"queue_closed"`` and leaves
  no task behind; the queue runs no task at all while idle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import time
from enum import IntEnum
import heapq
import itertools
import time as monotonic_clock
from typing import Final

LANGUAGES: Final = ("ko", "en")
MAX_MESSAGE_LENGTH: Final = 500
MAX_REPEAT: Final = 10
DEFAULT_MAX_QUEUE: Final = 20

_ERROR_MESSAGES: Final[dict[str, str]] = {
    "unknown_preset": "Unknown announcement preset",
    "empty_message": "The announcement message is empty",
    "message_too_long": f"The announcement is longer than {MAX_MESSAGE_LENGTH} characters",
    "missing_message": "Give either a message or a preset",
    "message_and_preset": "Give either a message or a preset, not both",
    "invalid_language": "The language must be ko or en",
    "invalid_repeat": f"Repeat must be between 1 and {MAX_REPEAT}",
    "invalid_volume": "The volume must be between 0 and 1",
    "preempted": "A higher-priority announcement interrupted this one",
    "withdrawn": "The announcement was called off",
    "queue_full": "Too many announcements are waiting; this one was dropped",
    "queue_closed": "The announcement queue was shut down",
    "playback_failed": "The speaker could not play the announcement",
}


class AnnouncementError(Exception):
    """An announcement could not be made; ``key`` names the translation."""

    def __init__(
        self,
        key: str,
        message: str | None = None,
        placeholders: Mapping[str, str] | None = None,
    ) -> None:
        """Keep the key for translations and an English message for logs."""
        self.key = key
        self.message = message or _ERROR_MESSAGES.get(key, key)
        self.placeholders: dict[str, str] = dict(placeholders or {})
        super().__init__(self.message)


class Priority(IntEnum):
    """Higher values pre-empt lower ones."""

    INFORMATION = 0
    SECURITY = 1
    FIRE = 2


@dataclass(frozen=True, slots=True)
class Preset:
    """A ready-made announcement in both languages."""

    key: str
    ko: str
    en: str
    priority: Priority = Priority.INFORMATION

    def text(self, language: str) -> str:
        """Return the text in ``language`` ("ko" or "en")."""
        _check_language(language)
        return self.ko if language == "ko" else self.en


PRESETS: Final[dict[str, Preset]] = {
    preset.key: preset
    for preset in (
        Preset(
            "welcome",
            "어서 오세요. 편하게 둘러보시고, 계산은 키오스크에서 해 주세요.",
            "Welcome! Please take your time, and pay at the kiosk when you are ready.",
        ),
        Preset(
            "recording_notice",
            "이 매장은 CCTV로 녹화되고 있습니다.",
            "This store is monitored and recorded by CCTV.",
        ),
        Preset(
            "scan_to_enter",
            "입장하시려면 출입문 리더기에 QR 코드를 스캔해 주세요.",
            "To enter, please scan your QR code at the door reader.",
        ),
        Preset(
            "unpaid_goods",
            "아직 결제되지 않은 상품이 있습니다. 나가시기 전에 키오스크에서 결제해 주세요.",
            "Some items have not been paid for. Please pay at the kiosk before you leave.",
            Priority.SECURITY,
        ),
        Preset(
            "loitering",
            "매장에 오래 머물러 계십니다. 도움이 필요하시면 매장 안내 번호로 연락해 주세요.",
            "You have been in the store for a while. If you need help, please call the "
            "number posted in the store.",
            Priority.SECURITY,
        ),
        Preset(
            "crowding",
            "지금 매장이 붐비고 있습니다. 잠시 기다리셨다가 입장해 주세요.",
            "The store is crowded right now. Please wait a moment before coming in.",
        ),
        Preset(
            "closing_soon",
            "곧 영업이 종료됩니다. 결제를 마치시고 퇴장해 주시기 바랍니다. 감사합니다.",
            "We are closing soon. Please finish your purchase and leave the store. Thank you.",
        ),
        Preset(
            "closed",
            "지금은 영업시간이 아닙니다. 영업시간에 다시 방문해 주세요.",
            "The store is closed now. Please visit us again during opening hours.",
        ),
        Preset(
            "fire_evacuation",
            "화재가 발생했습니다. 지금 즉시 가까운 출구로 대피해 주십시오.",
            "Fire alarm. Please leave the building immediately by the nearest exit.",
            Priority.FIRE,
        ),
    )
}


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise AnnouncementError("invalid_language", placeholders={"value": str(language)})


def _check_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise AnnouncementError("empty_message")
    if len(cleaned) > MAX_MESSAGE_LENGTH:
        raise AnnouncementError(
            "message_too_long",
            placeholders={"max": str(MAX_MESSAGE_LENGTH), "length": str(len(cleaned))},
        )
    return cleaned


def resolve_message(
    preset_key: str | None,
    message: str | None,
    language: str,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """Return the text to speak: a custom message, or a preset (owner override first).

    ``overrides`` maps preset keys to ``{"ko": ..., "en": ...}``; a blank override falls back
    to the built-in text.
    """
    _check_language(language)
    if preset_key is not None and message is not None:
        raise AnnouncementError("message_and_preset")
    if message is not None:
        return _check_text(message)
    if preset_key is None:
        raise AnnouncementError("missing_message")
    preset = PRESETS.get(preset_key)
    if preset is None:
        raise AnnouncementError(
            "unknown_preset",
            f"Unknown announcement preset {preset_key!r}",
            {"value": str(preset_key)},
        )
    custom = (overrides or {}).get(preset_key, {}).get(language, "")
    return _check_text(custom if custom.strip() else preset.text(language))


def preset_priority(preset_key: str | None) -> Priority:
    """Return a preset's default priority; custom messages are INFORMATION."""
    preset = PRESETS.get(preset_key) if preset_key is not None else None
    return preset.priority if preset is not None else Priority.INFORMATION


def _in_window(now: time, window: tuple[time, time]) -> bool:
    start, end = window
    if start < end:
        return start <= now < end
    # end <= start crosses midnight; equal ends mean the whole day, as in operating hours.
    return now >= start or now < end


def effective_volume(
    requested: float | None,
    default: float,
    quiet_hours: tuple[time, time] | None,
    quiet_max: float,
    priority: Priority,
    now_local: time,
) -> float:
    """Return the volume to play at: the request or default, capped in quiet hours.

    Quiet hours ``(start, end)`` cross midnight when ``end <= start``; FIRE is never capped.
    """
    volume = default if requested is None else requested
    volume = min(max(volume, 0.0), 1.0)
    if (
        priority is not Priority.FIRE
        and quiet_hours is not None
        and _in_window(now_local, quiet_hours)
    ):
        volume = min(volume, max(quiet_max, 0.0))
    return volume


@dataclass(frozen=True, slots=True)
class Announcement:
    """One request to speak; ``volume`` None means the queue's default."""

    message: str
    language: str = "ko"
    priority: Priority = Priority.INFORMATION
    repeat: int = 1
    volume: float | None = None
    targets: tuple[str, ...] = ()
    preset: str | None = None

    def __post_init__(self) -> None:
        """Reject requests the speaker cannot make sense of."""
        _check_text(self.message)
        _check_language(self.language)
        if not isinstance(self.repeat, int) or not 1 <= self.repeat <= MAX_REPEAT:
            raise AnnouncementError(
                "invalid_repeat", placeholders={"value": str(self.repeat), "max": str(MAX_REPEAT)}
            )
        if self.volume is not None and not 0.0 <= self.volume <= 1.0:
            raise AnnouncementError("invalid_volume", placeholders={"value": str(self.volume)})
        object.__setattr__(self, "priority", Priority(self.priority))


@dataclass(frozen=True, slots=True)
class AnnouncementResult:
    """What was played: the announcement as sent to the player, and how long it took."""

    announcement: Announcement
    volume: float
    plays: int
    waited_seconds: float
    played_seconds: float


type Player = Callable[[Announcement], Awaitable[None]]


@dataclass(slots=True, eq=False)
class _Entry:
    announcement: Announcement
    sequence: int
    future: asyncio.Future[AnnouncementResult]
    enqueued: float
    task: asyncio.Task[None] | None = None
    failure: str | None = None

    def sort_key(self) -> tuple[int, int]:
        return (-self.announcement.priority, self.sequence)

    def __lt__(self, other: _Entry) -> bool:
        return self.sort_key() < other.sort_key()

    def fail(self, error: AnnouncementError) -> None:
        if not self.future.done():
            self.future.set_exception(error)


class AnnouncementQueue:
    """Plays announcements one at a time through ``play``; see the module docstring."""

    def __init__(
        self,
        play: Player,
        *,
        max_size: int = DEFAULT_MAX_QUEUE,
        default_volume: float = 0.5,
        quiet_hours: tuple[time, time] | None = None,
        quiet_max: float = 0.3,
        clock: Callable[[], time],
    ) -> None:
        """Set up an idle queue; ``clock`` returns the store's local wall-clock time."""
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self._play = play
        self._max_size = max_size
        self._clock = clock
        self._default_volume = default_volume
        self._quiet_hours = quiet_hours
        self._quiet_max = quiet_max
        self._waiting: list[_Entry] = []
        self._current: _Entry | None = None
        self._sequence = itertools.count()
        self._closed = False

    def set_volume_policy(
        self, default_volume: float, quiet_hours: tuple[time, time] | None, quiet_max: float
    ) -> None:
        """Change the volume rules (options changed); applies from the next item on."""
        self._default_volume = default_volume
        self._quiet_hours = quiet_hours
        self._quiet_max = quiet_max

    @property
    def playing(self) -> Announcement | None:
        """The announcement being played, if any."""
        return self._current.announcement if self._current is not None else None

    @property
    def waiting(self) -> int:
        """How many announcements wait behind the one playing."""
        return len(self._waiting)

    async def announce(self, announcement: Announcement) -> AnnouncementResult:
        """Queue ``announcement`` and return once it has been played (all repeats).

        Raises AnnouncementError when it could not be played, was pre-empted or dropped.
        """
        if self._closed:
            raise AnnouncementError("queue_closed")
        loop = asyncio.get_running_loop()
        entry = _Entry(
            announcement, next(self._sequence), loop.create_future(), monotonic_clock.monotonic()
        )
        self._admit(entry)
        try:
            return await entry.future
        except asyncio.CancelledError:
            self._withdraw(entry)
            raise

    async def close(self) -> None:
        """Stop playing, fail everything waiting and return once no task is left."""
        self._closed = True
        waiting, self._waiting = self._waiting, []
        for entry in waiting:
            entry.fail(AnnouncementError("queue_closed"))
        current = self._current
        if current is not None and current.task is not None:
            current.failure = "queue_closed"
            current.task.cancel()
            # The task reports its own end to its caller; close() only waits for it to go.
            await asyncio.wait([current.task])

    # -- internals ------------------------------------------------------------------------

    def _admit(self, entry: _Entry) -> None:
        priority = entry.announcement.priority
        if priority is Priority.FIRE:
            kept = []
            for waiting in self._waiting:
                if waiting.announcement.priority is Priority.FIRE:
                    kept.append(waiting)
                else:
                    waiting.fail(AnnouncementError("preempted"))
            heapq.heapify(kept)
            self._waiting = kept
        if len(self._waiting) >= self._max_size:
            victim = min(self._waiting, key=_drop_order)
            if _drop_order(entry) < _drop_order(victim):
                raise AnnouncementError("queue_full", placeholders={"max": str(self._max_size)})
            self._waiting.remove(victim)
            heapq.heapify(self._waiting)
            victim.fail(AnnouncementError("queue_full", placeholders={"max": str(self._max_size)}))
        heapq.heappush(self._waiting, entry)
        current = self._current
        if (
            current is not None
            and current.task is not None
            and priority > (current.announcement.priority)
        ):
            current.failure = "preempted"
            current.task.cancel()
        self._start_next()

    def _withdraw(self, entry: _Entry) -> None:
        if entry in self._waiting:
            self._waiting.remove(entry)
            heapq.heapify(self._waiting)
        elif entry is self._current and entry.task is not None:
            entry.failure = "withdrawn"
            entry.task.cancel()

    def _start_next(self) -> None:
        if self._closed or self._current is not None or not self._waiting:
            return
        entry = heapq.heappop(self._waiting)
        self._current = entry
        entry.task = asyncio.get_running_loop().create_task(
            self._run(entry), name=f"unmanned_store announcement {entry.sequence}"
        )
        # A task cancelled before its first step never runs its body, so the clean-up that
        # lets the next item start must also hang off the task itself.
        entry.task.add_done_callback(lambda _: self._finish(entry))

    def _finish(self, entry: _Entry) -> None:
        entry.fail(AnnouncementError(entry.failure or "preempted"))
        if self._current is entry:
            self._current = None
            self._start_next()

    async def _run(self, entry: _Entry) -> None:
        started = monotonic_clock.monotonic()
        announcement = entry.announcement
        volume = effective_volume(
            announcement.volume,
            self._default_volume,
            self._quiet_hours,
            self._quiet_max,
            announcement.priority,
            self._clock(),
        )
        to_play = replace(announcement, volume=volume)
        plays = 0
        try:
            for _ in range(announcement.repeat):
                if entry.failure is not None or entry.future.done():
                    break
                await self._play(to_play)
                plays += 1
        except asyncio.CancelledError:
            entry.fail(AnnouncementError(entry.failure or "preempted"))
            raise
        except AnnouncementError as err:
            entry.fail(err)
        except Exception as err:  # noqa: BLE001 - any player failure must reach the caller
            failure = AnnouncementError(
                "playback_failed",
                f"The speaker could not play the announcement: {err}",
                {"error": str(err)},
            )
            failure.__cause__ = err
            entry.fail(failure)
        else:
            if entry.failure is not None:
                entry.fail(AnnouncementError(entry.failure))
            elif not entry.future.done():
                entry.future.set_result(
                    AnnouncementResult(
                        announcement=to_play,
                        volume=volume,
                        plays=plays,
                        waited_seconds=started - entry.enqueued,
                        played_seconds=monotonic_clock.monotonic() - started,
                    )
                )
        finally:
            self._finish(entry)


def _drop_order(entry: _Entry) -> tuple[int, int]:
    """Smaller goes first when the queue is full: lowest priority, then oldest."""
    return (entry.announcement.priority, entry.sequence)
