"""Rate limiting of denied scans per reader."""

from __future__ import annotations

import pytest

from custom_components.unmanned_store.door.scan_guard import MAX_READERS, ScanRateLimiter


def test_blocks_after_max_denials_within_window() -> None:
    guard = ScanRateLimiter(max_denials=3, window_s=10, block_s=30)
    for t in (0.0, 1.0):
        guard.record_denial("front", t)
        assert not guard.is_blocked("front", t)
    guard.record_denial("front", 2.0)
    assert guard.is_blocked("front", 2.0)
    assert guard.retry_after("front", 2.0) == 30
    assert guard.is_blocked("front", 31.9)
    assert not guard.is_blocked("front", 32.0)
    assert guard.retry_after("front", 40.0) == 0


def test_denials_outside_the_window_do_not_count() -> None:
    guard = ScanRateLimiter(max_denials=3, window_s=10, block_s=30)
    guard.record_denial("front", 0.0)
    guard.record_denial("front", 5.0)
    guard.record_denial("front", 10.0)  # the first one has left the window
    assert not guard.is_blocked("front", 10.0)
    guard.record_denial("front", 11.0)
    assert guard.is_blocked("front", 11.0)


def test_readers_are_independent() -> None:
    guard = ScanRateLimiter(max_denials=2, window_s=60, block_s=60)
    guard.record_denial("front", 0.0)
    guard.record_denial("front", 1.0)
    assert guard.is_blocked("front", 1.0)
    assert not guard.is_blocked("back", 1.0)
    assert guard.retry_after("back", 1.0) == 0


def test_grant_resets_history_and_block() -> None:
    guard = ScanRateLimiter(max_denials=3, window_s=60, block_s=60)
    guard.record_denial("front", 0.0)
    guard.record_denial("front", 1.0)
    guard.record_grant("front", 2.0)
    guard.record_denial("front", 3.0)
    guard.record_denial("front", 4.0)
    assert not guard.is_blocked("front", 4.0)
    guard.record_denial("front", 5.0)
    assert guard.is_blocked("front", 5.0)
    guard.record_grant("front", 6.0)
    assert not guard.is_blocked("front", 6.0)
    guard.record_grant("never-seen", 6.0)


def test_denials_during_a_block_neither_extend_nor_count() -> None:
    guard = ScanRateLimiter(max_denials=2, window_s=60, block_s=10)
    guard.record_denial("front", 0.0)
    guard.record_denial("front", 1.0)
    for t in (2.0, 5.0, 10.9):
        guard.record_denial("front", t)
    assert guard.retry_after("front", 5.0) == pytest.approx(6.0)
    assert not guard.is_blocked("front", 11.0)
    # The block started a fresh count: one denial after it is not enough.
    guard.record_denial("front", 11.0)
    assert not guard.is_blocked("front", 11.0)
    guard.record_denial("front", 12.0)
    assert guard.is_blocked("front", 12.0)


def test_single_denial_limit() -> None:
    guard = ScanRateLimiter(max_denials=1, window_s=1, block_s=5)
    guard.record_denial("r", 100.0)
    assert guard.is_blocked("r", 100.0)
    assert not guard.is_blocked("r", 105.0)


def test_defaults_are_five_per_minute() -> None:
    guard = ScanRateLimiter()
    for t in range(4):
        guard.record_denial("r", float(t))
    assert not guard.is_blocked("r", 4.0)
    guard.record_denial("r", 59.0)
    assert guard.is_blocked("r", 59.0)
    assert guard.retry_after("r", 59.0) == 60


def test_memory_is_bounded_and_idle_readers_go_first() -> None:
    guard = ScanRateLimiter(max_denials=2, window_s=10, block_s=100)
    guard.record_denial("blocked", 0.0)
    guard.record_denial("blocked", 0.0)
    for n in range(MAX_READERS - 1):
        guard.record_denial(f"idle-{n}", 0.0)
    assert len(guard) == MAX_READERS
    # At t=50 every idle reader's denial has left the window; the blocked one is still blocked.
    guard.record_denial("newcomer", 50.0)
    assert len(guard) == 2
    assert guard.is_blocked("blocked", 50.0)


def test_memory_stays_bounded_when_every_reader_is_active() -> None:
    guard = ScanRateLimiter(max_denials=5, window_s=100, block_s=100)
    for n in range(MAX_READERS * 3):
        guard.record_denial(f"reader-{n}", 1.0)
    assert len(guard) == MAX_READERS


@pytest.mark.parametrize(
    "kwargs",
    [{"max_denials": 0}, {"window_s": 0}, {"block_s": -1}, {"window_s": float("nan")}],
)
def test_bad_settings_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        ScanRateLimiter(**kwargs)  # type: ignore[arg-type]
