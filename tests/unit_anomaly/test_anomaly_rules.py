"""The anomaly fusion rules, fed with timestamped inputs as the store's glue feeds them."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.unmanned_store.anomalies.rules import (
    AFTER_HOURS_INTRUSION,
    CROWDING,
    DEFAULT_TAILGATING_WINDOW,
    DEVICE_OFFLINE,
    DOOR_HELD_OPEN,
    DURABLE_TYPES,
    FLAME,
    FORCED_ENTRY,
    GROUP_GAP,
    LOITERING,
    SMOKE,
    TAILGATING,
    TAMPER,
    UNPAID_EXIT,
    Anomaly,
    AnomalyRules,
    CameraInput,
    RuleSettings,
    in_window,
)

SEOUL = ZoneInfo("Asia/Seoul")
T0 = datetime(2026, 3, 2, 14, 0, tzinfo=SEOUL)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def cam(
    kind: str,
    seconds: float,
    *,
    camera: str = "Door cam",
    role: str = "door",
    count: int | None = None,
    zone: str | None = None,
    when: datetime | None = None,
) -> CameraInput:
    return CameraInput(
        camera=camera,
        role=role,
        type=kind,
        time=when or at(seconds),
        zone=zone,
        count=count,
        snapshot="image.door_cam_snapshot",
    )


def types(anomalies: list[Anomaly]) -> list[str]:
    return [a.type for a in anomalies]


def passed(rules: AnomalyRules, seconds: float) -> list[Anomaly]:
    """What the rules report once the clock reaches ``seconds`` (the glue's expiry timer)."""
    due = rules.next_expiry()
    assert due is not None
    assert due <= at(seconds), "nothing due yet"
    return rules.expire(at(seconds))


def test_each_entry_needs_a_grant_in_the_window() -> None:
    """One grant lets one person in; a second person right behind tailgates, reported once
    nobody follows."""
    rules = AnomalyRules(RuleSettings(tailgating_window=timedelta(seconds=10)))
    assert rules.on_door_event("granted", at(0)) == []
    assert rules.on_camera(cam("crossing_in", 3)) == []
    assert rules.on_camera(cam("crossing_in", 4, zone="entrance")) == []
    assert rules.next_expiry() == at(4) + GROUP_GAP
    assert rules.expire(at(8.9)) == []
    [tailgate] = passed(rules, 9)
    assert tailgate == Anomaly(
        TAILGATING,
        at(3),
        camera="Door cam",
        zone=None,
        snapshot="image.door_cam_snapshot",
        counts={"entries": 2, "grants": 1},
    )
    assert not tailgate.durable
    assert rules.next_expiry() is None


def test_the_member_who_scanned_10s_before_is_not_a_tailgater() -> None:
    """The issue's case: a member crosses 10 s after the grant, the window is 10 s."""
    rules = AnomalyRules(RuleSettings(tailgating_window=timedelta(seconds=10)))
    rules.on_door_event("granted", at(0))
    assert rules.on_camera(cam("crossing_in", 10)) == []
    assert passed(rules, 20) == []


def test_a_group_of_three_in_6s_is_one_event() -> None:
    """The issue's case: one scan, three people through the door within 6 s: one event."""
    rules = AnomalyRules(RuleSettings(tailgating_window=timedelta(seconds=10)))
    rules.on_door_event("granted", at(0))
    out = [a for t in (2, 5, 8) for a in rules.on_camera(cam("crossing_in", t))]
    assert out == []
    [tailgate] = passed(rules, 8 + GROUP_GAP.total_seconds())
    assert tailgate.time == at(2)
    assert tailgate.counts == {"entries": 3, "grants": 1}
    assert rules.next_expiry() is None


def test_the_member_last_in_the_group_is_still_matched() -> None:
    """Whoever scanned walks in last: the grant is taken in time order, two tailgated."""
    rules = AnomalyRules(RuleSettings(tailgating_window=timedelta(seconds=10)))
    rules.on_door_event("granted", at(0))
    for t in (1, 3, 7.5):
        rules.on_camera(cam("crossing_in", t))
    [tailgate] = passed(rules, 20)
    assert tailgate.counts == {"entries": 3, "grants": 1}


def test_two_members_then_a_tailgater_and_a_separate_group_later() -> None:
    """Grants are used oldest first; a crossing after a quiet gap is a new group."""
    rules = AnomalyRules(RuleSettings())
    rules.on_door_event("granted", at(0))
    rules.on_door_event("granted", at(1))
    for t in (4, 6):
        rules.on_camera(cam("crossing_in", t))
    # 30 s later someone walks in alone: the earlier group (all scanned) reports nothing.
    assert rules.on_camera(cam("crossing_in", 36)) == []
    [alone] = passed(rules, 42)
    assert alone.counts == {"entries": 1, "grants": 0}


def test_the_default_window_covers_a_slow_visitor() -> None:
    """30 s by default: a visitor who takes 25 s to come in after scanning is not counted."""
    assert timedelta(seconds=30) == DEFAULT_TAILGATING_WINDOW
    rules = AnomalyRules(RuleSettings())
    rules.on_door_event("granted", at(0))
    rules.on_camera(cam("crossing_in", 25))
    assert passed(rules, 40) == []


def test_a_group_crossing_counts_every_person() -> None:
    """Three people in one crossing on two grants (a grant and a remote unlock): one unexplained."""
    rules = AnomalyRules(RuleSettings())
    rules.on_door_event("granted", at(0))
    rules.on_door_event("remote_unlock", at(1))
    assert rules.on_camera(cam("crossing_in", 2, count=3)) == []
    [tailgate] = passed(rules, 10)
    assert tailgate.counts == {"entries": 3, "grants": 2}


def test_a_grant_older_than_the_window_explains_nothing() -> None:
    """The window is the owner's: a grant 11 s before does not cover a 10 s window."""
    rules = AnomalyRules(RuleSettings(tailgating_window=timedelta(seconds=10)))
    rules.on_door_event("granted", at(0))
    rules.on_camera(cam("crossing_in", 11))
    assert types(passed(rules, 20)) == [TAILGATING]
    wide = AnomalyRules(RuleSettings(tailgating_window=timedelta(seconds=30)))
    wide.on_door_event("granted", at(0))
    wide.on_camera(cam("crossing_in", 11))
    assert passed(wide, 20) == []


def test_only_door_cameras_count_entries_and_free_mode_needs_no_grant() -> None:
    """An aisle camera's crossing is not an entry; in free mode nobody scans."""
    rules = AnomalyRules(RuleSettings())
    assert rules.on_camera(cam("crossing_in", 0, role="aisle")) == []
    rules.set_door_mode("free", at(1))
    assert rules.on_camera(cam("crossing_in", 2)) == []
    assert rules.next_expiry() is None
    rules.set_door_mode("authenticated", at(3))
    rules.on_camera(cam("crossing_in", 4))
    assert types(passed(rules, 10)) == [TAILGATING]


def test_person_while_closed_is_one_intrusion_until_quiet() -> None:
    """Closed shop: the first person starts an intrusion, more people update it, quiet ends it."""
    settings = RuleSettings(intrusion_clear_after=timedelta(minutes=5))
    rules = AnomalyRules(settings, shop_open=False)
    [started] = rules.on_camera(cam("intrusion", 0, camera="Aisle", role="aisle", count=1))
    assert started.type == AFTER_HOURS_INTRUSION
    assert started.durable
    assert started.started == at(0)
    assert started.counts == {"people": 1}
    # A second camera sees two: the same intrusion, now two people; no new anomaly.
    assert rules.on_camera(cam("crossing_in", 60, count=2)) == []
    assert rules.active[(AFTER_HOURS_INTRUSION, "store")].counts == {"people": 2}
    assert rules.next_expiry() == at(360)
    assert rules.expire(at(359)) == []
    [ended] = rules.expire(at(360))
    assert ended.ended == at(360)
    assert ended.started == at(0)
    assert rules.next_expiry() is None
    assert rules.active == {}


def test_opening_ends_an_intrusion_and_door_mode_closed_counts_as_closed() -> None:
    """The door set to closed in opening hours makes a person an intruder; opening it ends that."""
    rules = AnomalyRules(RuleSettings(), shop_open=True)
    assert rules.set_door_mode("closed", at(0)) == []
    assert types(rules.on_camera(cam("loitering_started", 1, role="aisle"))) == [
        AFTER_HOURS_INTRUSION,
        LOITERING,
    ]
    [ended] = rules.set_door_mode("authenticated", at(2))
    assert (ended.type, ended.ended) == (AFTER_HOURS_INTRUSION, at(2))
    rules.set_shop_open(False, at(3))
    assert types(rules.on_camera(cam("intrusion", 4))) == [AFTER_HOURS_INTRUSION]
    assert types(rules.set_shop_open(True, at(5))) == [AFTER_HOURS_INTRUSION]


def test_door_events() -> None:
    """Forced entry and held open come from the door; forced entry when closed is an intrusion."""
    rules = AnomalyRules(RuleSettings())
    assert types(rules.on_door_event("forced_entry", at(0))) == [FORCED_ENTRY]
    assert types(rules.on_door_event("door_held_open", at(1))) == [DOOR_HELD_OPEN]
    assert types(rules.on_door_event("tamper", at(2))) == [TAMPER]
    assert rules.on_door_event("denied", at(3)) == []
    rules.set_shop_open(False, at(4))
    assert types(rules.on_door_event("forced_entry", at(5))) == [
        FORCED_ENTRY,
        AFTER_HOURS_INTRUSION,
    ]


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        ("loitering_started", "loitering_ended", LOITERING),
        ("crowding_started", "crowding_ended", CROWDING),
        ("tamper_started", "tamper_ended", TAMPER),
        ("flame_started", "flame_ended", FLAME),
        ("smoke_started", "smoke_ended", SMOKE),
        ("stream_lost", "stream_restored", DEVICE_OFFLINE),
    ],
)
def test_durable_camera_anomalies_start_and_end_per_camera(start: str, end: str, kind: str) -> None:
    """Each camera has its own; a repeated start updates; an end without a start is nothing."""
    rules = AnomalyRules(RuleSettings())
    assert kind in DURABLE_TYPES
    assert rules.on_camera(cam(end, 0)) == []
    [first] = rules.on_camera(cam(start, 1, camera="A", role="aisle", count=4, zone="snacks"))
    assert (first.type, first.camera, first.zone, first.counts) == (
        kind,
        "A",
        "snacks",
        {"people": 4},
    )
    assert rules.on_camera(cam(start, 2, camera="A", role="aisle", count=5)) == []
    assert rules.active[(kind, "A")].counts == {"people": 5}
    assert types(rules.on_camera(cam(start, 3, camera="B", role="aisle"))) == [kind]
    [ended] = rules.on_camera(cam(end, 4, camera="A", role="aisle"))
    assert (ended.started, ended.ended, ended.counts) == (at(1), at(4), {"people": 5})
    assert list(rules.active) == [(kind, "B")]


def test_each_anomaly_says_whether_the_shop_was_closed() -> None:
    """A fire seen by a camera of an open shop is not one of a closed shop: the response
    blueprint frees the door at once only in an open one. The state at the start is kept."""
    rules = AnomalyRules(RuleSettings(), shop_open=True)
    [flame] = rules.on_camera(cam("flame_started", 0, camera="A", role="aisle"))
    assert flame.closed is False
    assert flame.attributes()["closed"] is False
    rules.set_shop_open(False, at(1))
    [ended] = rules.on_camera(cam("flame_ended", 2, camera="A", role="aisle"))
    assert ended.closed is False
    [smoke] = rules.on_camera(cam("smoke_started", 3, camera="A", role="aisle"))
    assert (smoke.closed, smoke.attributes()["closed"]) == (True, True)
    [tamper] = rules.on_door_event("tamper", at(4))
    assert tamper.closed is True
    [forced, intrusion] = rules.on_door_event("forced_entry", at(5))
    assert (forced.closed, intrusion.closed) == (True, True)
    rules.set_shop_open(True, at(6))
    # The door set to closed by the owner in opening hours counts as closed too.
    rules.set_door_mode("closed", at(7))
    [flame_b] = rules.on_camera(cam("flame_started", 8, camera="B", role="aisle"))
    assert flame_b.closed is True


def test_crowding_only_late_at_night_when_a_window_is_set() -> None:
    """A group at 14:00 is fine; the same at 01:00 is crowding (window 23:00-05:00)."""
    rules = AnomalyRules(RuleSettings(crowding_night=(time(23, 0), time(5, 0))))
    assert rules.on_camera(cam("crowding_started", 0, role="aisle", count=4)) == []
    night = datetime(2026, 3, 3, 1, 0, tzinfo=SEOUL)
    assert types(rules.on_camera(cam("crowding_started", 0, role="aisle", when=night))) == [
        CROWDING
    ]


def test_in_window() -> None:
    """Windows are [start, end) and may pass midnight."""
    assert in_window(time(23, 30), (time(23, 0), time(5, 0)))
    assert in_window(time(4, 59), (time(23, 0), time(5, 0)))
    assert not in_window(time(5, 0), (time(23, 0), time(5, 0)))
    assert in_window(time(9, 0), (time(9, 0), time(18, 0)))
    assert not in_window(time(18, 0), (time(9, 0), time(18, 0)))


def test_unpaid_exit_needs_a_payment_during_the_visit() -> None:
    """Enter, pay, leave: fine. Enter, leave without paying: an unpaid exit."""
    rules = AnomalyRules(RuleSettings(track_payments=True))
    rules.on_door_event("granted", at(0))
    rules.on_camera(cam("crossing_in", 1))
    rules.on_payment(at(60))
    assert rules.on_camera(cam("crossing_out", 90)) == []
    rules.on_door_event("granted", at(100))
    rules.on_camera(cam("crossing_in", 101))
    [unpaid] = rules.on_camera(cam("crossing_out", 150))
    assert (unpaid.type, unpaid.counts) == (UNPAID_EXIT, {"unpaid": 1})


def test_a_payment_before_the_visit_or_used_by_another_does_not_count() -> None:
    """Two people in, one payment, both out: one paid, one did not."""
    rules = AnomalyRules(RuleSettings(track_payments=True))
    rules.on_payment(at(0))  # someone before them
    rules.on_door_event("granted", at(1))
    rules.on_door_event("granted", at(2))
    rules.on_camera(cam("crossing_in", 3, count=2))
    rules.on_payment(at(30))
    [unpaid] = rules.on_camera(cam("crossing_out", 60, count=2))
    assert unpaid.counts == {"unpaid": 1}
    # Someone who came in before we watched is not held to anything.
    assert rules.on_camera(cam("crossing_out", 70)) == []


def test_without_payment_tracking_exits_are_not_judged() -> None:
    """No payment entity: nobody is reported for leaving."""
    rules = AnomalyRules(RuleSettings())
    rules.on_door_event("granted", at(0))
    rules.on_camera(cam("crossing_in", 1))
    assert rules.on_camera(cam("crossing_out", 2)) == []


def test_history_is_bounded_in_time() -> None:
    """Grants from yesterday are forgotten (they could never explain an entry anyway)."""
    rules = AnomalyRules(RuleSettings(track_payments=True))
    rules.on_door_event("granted", at(0))
    rules.on_camera(cam("crossing_in", 1))
    rules.on_door_event("granted", at(13 * 3600))
    assert len(rules._grants) == 1
    assert len(rules._inside) == 0


def test_attributes() -> None:
    """What the entities show: ISO times, counts copied."""
    anomaly = Anomaly(LOITERING, at(0), camera="A", zone="z", counts={"people": 1}, started=at(0))
    assert anomaly.attributes() == {
        "camera": "A",
        "zone": "z",
        "snapshot": None,
        "counts": {"people": 1},
        "started": at(0).isoformat(),
        "ended": None,
        "closed": False,
    }


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"tailgating_window": timedelta(0)}, "tailgating window must be positive"),
        ({"intrusion_clear_after": timedelta(seconds=-1)}, "clearing time must be positive"),
        ({"crowding_night": (time(1), time(1))}, "late-night window must not be empty"),
    ],
)
def test_settings_are_checked(settings: dict[str, object], message: str) -> None:
    """Settings the rules cannot work with are refused with the reason."""
    with pytest.raises(ValueError, match=message):
        RuleSettings(**settings)  # type: ignore[arg-type]
