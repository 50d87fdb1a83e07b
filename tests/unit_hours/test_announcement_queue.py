"""The announcement queue: order, pre-emption, repeats, failures, bounds and shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import time

import pytest

from custom_components.unmanned_store.speaker.announcements import (
    Announcement,
    AnnouncementError,
    AnnouncementQueue,
    AnnouncementResult,
    Priority,
)

INFO, SECURITY, FIRE = Priority.INFORMATION, Priority.SECURITY, Priority.FIRE


class Speaker:
    """A player that logs what it says and, when holding, waits to be told it is done."""

    def __init__(self, *, hold: bool = True) -> None:
        self.hold = hold
        self.started: list[Announcement] = []
        self.finished: list[str] = []
        self.cut_off: list[str] = []
        self.failures: dict[str, BaseException] = {}
        self._release: asyncio.Event | None = None

    async def play(self, announcement: Announcement) -> None:
        self.started.append(announcement)
        failure = self.failures.get(announcement.message)
        if failure is not None:
            raise failure
        try:
            if self.hold:
                self._release = asyncio.Event()
                await self._release.wait()
            else:
                await asyncio.sleep(0)
        except asyncio.CancelledError:
            self.cut_off.append(announcement.message)
            raise
        self.finished.append(announcement.message)

    def said(self) -> list[str]:
        return [announcement.message for announcement in self.started]

    async def finish(self) -> None:
        """Let the current announcement end, then let the queue move on."""
        assert self._release is not None
        self._release.set()
        self._release = None
        await settle()


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never became true")


def make_queue(speaker: Speaker, **kwargs: object) -> AnnouncementQueue:
    return AnnouncementQueue(speaker.play, clock=lambda: time(12), **kwargs)  # type: ignore[arg-type]


def say(
    queue: AnnouncementQueue, message: str, priority: Priority = INFO, **kwargs: object
) -> asyncio.Task[AnnouncementResult]:
    announcement = Announcement(message, priority=priority, **kwargs)  # type: ignore[arg-type]
    return asyncio.get_running_loop().create_task(queue.announce(announcement))


async def error_key(task: asyncio.Task[AnnouncementResult]) -> str:
    with pytest.raises(AnnouncementError) as caught:
        await task
    return caught.value.key


async def test_equal_priority_waits_first_in_first_out() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    tasks = [say(queue, name) for name in ("a", "b", "c")]
    await settle()
    assert speaker.said() == ["a"]
    assert queue.waiting == 2
    playing = queue.playing
    assert playing is not None
    assert playing.message == "a"
    for _ in tasks:
        await speaker.finish()
    results = await asyncio.gather(*tasks)
    assert speaker.finished == ["a", "b", "c"]
    assert [result.announcement.message for result in results] == ["a", "b", "c"]
    assert all(result.plays == 1 for result in results)
    assert queue.playing is None
    assert queue.waiting == 0
    await queue.close()


async def test_waiting_items_play_highest_priority_first() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    first = say(queue, "first", SECURITY)
    await settle()
    others = [say(queue, "info-1"), say(queue, "security", SECURITY), say(queue, "info-2")]
    await settle()
    for _ in range(4):
        await speaker.finish()
    await asyncio.gather(first, *others)
    assert speaker.finished == ["first", "security", "info-1", "info-2"]
    await queue.close()


async def test_higher_priority_preempts_and_the_cut_one_is_dropped() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    welcome = say(queue, "welcome")
    await until(lambda: speaker.said() == ["welcome"])
    warning = say(queue, "unpaid", SECURITY)
    assert await error_key(welcome) == "preempted"
    await until(lambda: speaker.said() == ["welcome", "unpaid"])
    assert speaker.cut_off == ["welcome"]
    await speaker.finish()
    assert (await warning).announcement.message == "unpaid"
    # The dropped announcement is not played again.
    assert speaker.said() == ["welcome", "unpaid"]
    await queue.close()


async def test_equal_priority_does_not_preempt() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    first = say(queue, "loitering", SECURITY)
    await settle()
    second = say(queue, "unpaid", SECURITY)
    await settle()
    assert speaker.cut_off == []
    await speaker.finish()
    await speaker.finish()
    await asyncio.gather(first, second)
    assert speaker.finished == ["loitering", "unpaid"]
    await queue.close()


async def test_fire_preempts_everything_and_clears_what_waits() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    security = say(queue, "unpaid", SECURITY)
    await settle()
    waiting = [say(queue, "welcome"), say(queue, "loitering", SECURITY)]
    earlier_fire = say(queue, "fire-1", FIRE)
    await settle()
    assert await error_key(security) == "preempted"
    assert [await error_key(task) for task in waiting] == ["preempted", "preempted"]
    # Further fire announcements do not cut the first one or each other; they queue.
    later_fires = [say(queue, "fire-2", FIRE), say(queue, "fire-3", FIRE)]
    await settle()
    assert speaker.cut_off == ["unpaid"]
    for _ in range(3):
        await speaker.finish()
    await asyncio.gather(earlier_fire, *later_fires)
    assert speaker.finished == ["fire-1", "fire-2", "fire-3"]
    await queue.close()


async def test_preempted_before_it_even_started() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    # Both callers run in the same loop turn: the welcome's playback task is created and
    # cancelled before it ever runs, and the queue must still move on to the fire.
    welcome = say(queue, "welcome")
    fire = say(queue, "fire", FIRE)
    assert await error_key(welcome) == "preempted"
    await until(lambda: speaker.said() == ["fire"])
    await speaker.finish()
    assert (await fire).plays == 1
    await queue.close()


async def test_repeat_plays_in_a_row_and_stops_when_preempted() -> None:
    speaker = Speaker(hold=False)
    queue = make_queue(speaker)
    result = await queue.announce(Announcement("closing", repeat=3))
    assert result.plays == 3
    assert speaker.finished == ["closing"] * 3

    held = Speaker()
    queue_two = make_queue(held)
    repeated = say(queue_two, "welcome", repeat=3)
    await settle()
    await held.finish()
    assert held.finished == ["welcome"]
    fire = say(queue_two, "fire", FIRE)
    assert await error_key(repeated) == "preempted"
    await until(lambda: held.said() == ["welcome", "welcome", "fire"])
    await held.finish()
    await fire
    assert held.finished == ["welcome", "fire"]
    await queue.close()
    await queue_two.close()


async def test_a_player_that_ignores_cancellation_still_loses_its_turn() -> None:
    said: list[str] = []

    async def stubborn(announcement: Announcement) -> None:
        said.append(announcement.message)
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            # A badly behaved player that finishes its sentence anyway.
            await asyncio.sleep(0)

    queue = AnnouncementQueue(stubborn, clock=lambda: time(12))
    welcome = asyncio.create_task(queue.announce(Announcement("welcome", repeat=3)))
    await until(lambda: said == ["welcome"])
    fire = asyncio.create_task(queue.announce(Announcement("fire", priority=FIRE)))
    assert await error_key(welcome) == "preempted"
    assert (await fire).plays == 1
    # No further repeats of the pre-empted welcome were started.
    assert said == ["welcome", "fire"]
    await queue.close()


async def test_player_errors_reach_the_caller_and_the_queue_goes_on() -> None:
    speaker = Speaker(hold=False)
    speaker.failures["off"] = AnnouncementError("player_unavailable", "media_player.shop is off")
    tts_down = RuntimeError("TTS engine returned 500")
    speaker.failures["tts"] = tts_down
    queue = make_queue(speaker)
    off, tts, fine = say(queue, "off"), say(queue, "tts"), say(queue, "fine")
    with pytest.raises(AnnouncementError) as caught:
        await off
    assert caught.value.key == "player_unavailable"
    assert str(caught.value) == "media_player.shop is off"
    with pytest.raises(AnnouncementError) as caught:
        await tts
    assert caught.value.key == "playback_failed"
    assert caught.value.__cause__ is tts_down
    assert caught.value.placeholders == {"error": "TTS engine returned 500"}
    assert "TTS engine returned 500" in str(caught.value)
    assert (await fine).plays == 1
    assert speaker.said() == ["off", "tts", "fine"]
    await queue.close()


async def test_a_full_queue_drops_the_lowest_oldest_with_a_reason() -> None:
    speaker = Speaker()
    queue = make_queue(speaker, max_size=2)
    playing = say(queue, "playing", SECURITY)
    await settle()
    old_info, new_info = say(queue, "old-info"), say(queue, "new-info")
    await settle()
    newest_info = say(queue, "newest-info")
    assert await error_key(old_info) == "queue_full"
    security = say(queue, "security", SECURITY)
    assert await error_key(new_info) == "queue_full"
    assert queue.waiting == 2
    security_two = say(queue, "security-2", SECURITY)
    assert await error_key(newest_info) == "queue_full"
    # Everything waiting now ranks above INFORMATION: a newcomer below them all is refused.
    refused = say(queue, "refused-info")
    assert await error_key(refused) == "queue_full"
    for _ in range(3):
        await speaker.finish()
    await asyncio.gather(playing, security, security_two)
    assert speaker.finished == ["playing", "security", "security-2"]
    await queue.close()


async def test_a_cancelled_caller_withdraws_its_announcement() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    playing = say(queue, "playing")
    await settle()
    waiting = say(queue, "waiting")
    after = say(queue, "after")
    await settle()
    waiting.cancel()
    playing.cancel()
    await settle()
    assert playing.cancelled()
    assert waiting.cancelled()
    assert speaker.cut_off == ["playing"]
    await until(lambda: speaker.said() == ["playing", "after"])
    await speaker.finish()
    assert (await after).announcement.message == "after"
    await queue.close()


async def test_close_cancels_cleanly_and_leaves_no_task() -> None:
    speaker = Speaker()
    queue = make_queue(speaker)
    before = asyncio.all_tasks()
    playing, waiting = say(queue, "playing"), say(queue, "waiting")
    await settle()
    await queue.close()
    assert await error_key(playing) == "queue_closed"
    assert await error_key(waiting) == "queue_closed"
    assert speaker.cut_off == ["playing"]
    assert asyncio.all_tasks() == before
    with pytest.raises(AnnouncementError) as caught:
        await queue.announce(Announcement("late"))
    assert caught.value.key == "queue_closed"
    # Closing twice, or closing an idle queue, is harmless.
    await queue.close()
    idle = make_queue(speaker)
    await idle.close()


async def test_the_queue_runs_no_task_while_idle() -> None:
    speaker = Speaker(hold=False)
    queue = make_queue(speaker)
    before = asyncio.all_tasks()
    await queue.announce(Announcement("hello"))
    await settle()
    assert asyncio.all_tasks() == before
    await queue.close()


async def test_the_player_gets_the_volume_the_queue_chose() -> None:
    speaker = Speaker(hold=False)
    clock_reading = [time(23, 30)]
    queue = AnnouncementQueue(
        speaker.play,
        default_volume=0.7,
        quiet_hours=(time(22), time(7)),
        quiet_max=0.25,
        clock=lambda: clock_reading[0],
    )
    night = await queue.announce(Announcement("night", volume=0.9))
    fire = await queue.announce(Announcement("fire", priority=FIRE))
    clock_reading[0] = time(12)
    noon = await queue.announce(Announcement("noon"))
    assert [(a.message, a.volume) for a in speaker.started] == [
        ("night", 0.25),
        ("fire", 0.7),
        ("noon", 0.7),
    ]
    assert (night.volume, fire.volume, noon.volume) == (0.25, 0.7, 0.7)
    assert night.announcement.volume == 0.25
    assert night.waited_seconds >= 0
    assert night.played_seconds >= 0
    queue.set_volume_policy(0.4, None, 0.1)
    clock_reading[0] = time(23, 30)
    assert (await queue.announce(Announcement("late"))).volume == 0.4
    await queue.close()


def test_queue_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AnnouncementQueue(Speaker().play, max_size=0, clock=lambda: time(12))
