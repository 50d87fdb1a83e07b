"""The visitor log, pass state and deny list on real SQLite files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
import os
from pathlib import Path
import sqlite3
import stat
import threading
import unicodedata
from zoneinfo import ZoneInfo

import pytest

from custom_components.unmanned_store.door.passes import DenyReason, PassKind, StorePass
from custom_components.unmanned_store.door.visitor_db import (
    MAX_QUERY_LIMIT,
    SCHEMA_VERSION,
    PassRecord,
    Visit,
    VisitorDB,
    VisitorDBError,
    _migrate_to_1,
    pseudonymise,
)

T0 = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
KEY = b"k" * 32


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "unmanned_store.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[VisitorDB]:
    database = VisitorDB.open(db_path)
    yield database
    database.close()


def visit(minutes: float, **changes: object) -> Visit:
    fields: dict[str, object] = {
        "time": T0 + timedelta(minutes=minutes),
        "door": "front",
        "result": "granted",
        "method": "store_pass",
        "pass_kind": "member",
    }
    fields.update(changes)
    return Visit(**fields)  # type: ignore[arg-type]


def make_pass(ident: str = "p1", **changes: object) -> StorePass:
    fields: dict[str, object] = {
        "pass_id": ident,
        "kind": PassKind.MEMBER,
        "valid_from": T0,
        "valid_until": T0 + timedelta(days=30),
    }
    fields.update(changes)
    return StorePass(**fields)  # type: ignore[arg-type]


# Opening, schema and files


def test_new_file_has_schema_wal_and_owner_only_mode(db: VisitorDB, db_path: Path) -> None:
    assert db.path == db_path
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"visits", "passes", "bans"} <= tables


def test_reopen_keeps_everything(db_path: Path) -> None:
    db = VisitorDB.open(db_path)
    row_id = db.add_visit(visit(5, visitor="v1", adult=True, source_id="door-1:cursor:1"))
    db.record_pass(make_pass("keep", label="Mr. Park's deliveries"))
    db.record_pass(make_pass("gone"))
    assert db.use_pass("keep", 3) is None
    assert db.revoke_pass("gone")
    db.ban_visitor("v9", "broke the fridge")
    db.close()

    db = VisitorDB.open(db_path)
    try:
        [row] = db.query_visits()
        assert row.id == row_id
        assert row == visit(5, visitor="v1", adult=True, source_id="door-1:cursor:1", id=row_id)
        record = db.get_pass("keep")
        assert record is not None
        assert record.uses == 1
        assert record.label == "Mr. Park's deliveries"
        assert db.is_revoked("gone")
        assert db.is_banned("v9")
        # A replayed event after the restart is still recognised.
        assert db.add_visit(visit(5, source_id="door-1:cursor:1")) == row_id
    finally:
        db.close()


def test_existing_empty_database_is_migrated(db_path: Path) -> None:
    sqlite3.connect(db_path).close()
    db = VisitorDB.open(db_path)
    try:
        assert db.count_visits() == 0
    finally:
        db.close()


def test_newer_schema_is_refused_and_left_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE future (x)")
        raw.execute("PRAGMA user_version = 99")
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(VisitorDBError) as err:
        VisitorDB.open(db_path)
    assert err.value.kind == "io"
    assert "newer" in err.value.message
    assert db_path.read_bytes() == before


def test_foreign_database_is_refused_and_left_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE visits (who TEXT)")
        raw.execute("INSERT INTO visits VALUES ('somebody else''s data')")
    raw.close()
    with pytest.raises(VisitorDBError) as err:
        VisitorDB.open(db_path)
    assert err.value.kind == "io"
    assert "already exists" in err.value.message
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 0
        assert raw.execute("SELECT who FROM visits").fetchall() == [("somebody else's data",)]
        assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'passes'").fetchall() == []
    raw.close()


def test_garbage_file_is_corrupt(db_path: Path) -> None:
    db_path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    with pytest.raises(VisitorDBError) as err:
        VisitorDB.open(db_path)
    assert err.value.kind == "corrupt"
    assert str(db_path) in err.value.message


def test_damaged_pages_are_corrupt(db_path: Path) -> None:
    db = VisitorDB.open(db_path)
    db.add_visits(visit(i, door="front-door-" + "x" * 50) for i in range(5000))
    db.close()
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 10 * page_size
    # Scribble over every page but the first (which holds the schema).
    for page in range(1, len(data) // page_size):
        start = page * page_size
        data[start : start + 64] = b"\xa5" * 64
    db_path.write_bytes(bytes(data))
    with pytest.raises(VisitorDBError) as err:
        read_everything(db_path)
    assert err.value.kind == "corrupt"


def read_everything(path: Path) -> None:
    """Open and read a whole log; damage may show at either step."""
    db = VisitorDB.open(path)
    try:
        db.query_visits(limit=MAX_QUERY_LIMIT)
        db.count_visits(result="granted")
    finally:
        db.close()


def test_missing_directory_is_io(tmp_path: Path) -> None:
    with pytest.raises(VisitorDBError) as err:
        VisitorDB.open(tmp_path / "no" / "such" / "dir" / "log.db")
    assert err.value.kind == "io"


def test_directory_instead_of_file_is_io(tmp_path: Path) -> None:
    with pytest.raises(VisitorDBError) as err:
        VisitorDB.open(tmp_path)
    assert err.value.kind == "io"


def test_locked_by_another_process_is_locked(db_path: Path) -> None:
    db = VisitorDB.open(db_path, busy_timeout=0.05)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(VisitorDBError) as err:
            db.add_visit(visit(1))
        assert err.value.kind == "locked"
        other.execute("ROLLBACK")
        db.add_visit(visit(1))
    finally:
        other.close()
        db.close()


def test_full_disk_is_full(db: VisitorDB) -> None:
    # SQLite's own page limit produces the same SQLITE_FULL as a full disk.
    page_count = db._conn.execute("PRAGMA page_count").fetchone()[0]
    db._conn.execute(f"PRAGMA max_page_count = {page_count + 2}")
    with pytest.raises(VisitorDBError) as err:
        db.add_visits(visit(i, door="x" * 200) for i in range(2000))
    assert err.value.kind == "full"
    # The failed batch was rolled back as a whole, and the database still works.
    assert db.count_visits() == 0
    db.add_visit(visit(1))
    assert db.count_visits() == 1


def test_closed_database_is_io(db_path: Path) -> None:
    db = VisitorDB.open(db_path)
    db.close()
    with pytest.raises(VisitorDBError) as err:
        db.count_visits()
    assert err.value.kind == "io"
    with pytest.raises(VisitorDBError) as err:
        db.add_visit(visit(1))
    assert err.value.kind == "io"


def test_error_text() -> None:
    err = VisitorDBError("full", "cannot log a visit: database or disk is full")
    assert str(err) == "full: cannot log a visit: database or disk is full"


# Visits


def test_visit_validation() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        visit(0, time=datetime(2026, 11, 20))  # noqa: DTZ001
    with pytest.raises(ValueError, match="result"):
        visit(0, result="maybe")
    with pytest.raises(ValueError, match="method"):
        visit(0, method="magic")
    for method in ("store_pass", "provider", "device", "owner", "free_entry", "unknown"):
        assert visit(0, method=method).method == method
    for result in ("granted", "denied", "forced_entry", "door_held_open", "remote_unlock"):
        assert visit(0, result=result).result == result
    seoul = visit(0, time=datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("Asia/Seoul")))
    assert seoul.time == T0
    assert seoul.time.tzinfo is UTC


def test_add_visit_round_trips_all_fields(db: VisitorDB) -> None:
    v = Visit(
        time=T0 + timedelta(microseconds=123_457),
        door="back",
        result="denied",
        reason="provider_denied",
        method="provider",
        provider="kakao",
        pass_kind=None,
        visitor=pseudonymise("kakao:81f2", KEY),
        adult=False,
        source_id="back:cursor:9",
        pass_id=None,
    )
    row_id = db.add_visit(v)
    [row] = db.query_visits()
    assert row == Visit(**{**{f: getattr(v, f) for f in v.__slots__}, "id": row_id})
    assert row.time == v.time


def test_unique_source_id_logs_a_replay_once(db: VisitorDB) -> None:
    first = db.add_visit(visit(1, source_id="door-1:cursor:123"))
    again = db.add_visit(visit(2, source_id="door-1:cursor:123", result="denied"))
    other = db.add_visit(visit(3, source_id="door-1:cursor:124"))
    no_source_a = db.add_visit(visit(4))
    no_source_b = db.add_visit(visit(4))
    assert again == first
    assert len({first, other, no_source_a, no_source_b}) == 4
    assert db.count_visits() == 4
    assert db.count_visits(result="denied") == 0


def test_has_source(db: VisitorDB) -> None:
    assert not db.has_source("door-1:cursor:7")
    db.add_visit(visit(1, source_id="door-1:cursor:7"))
    assert db.has_source("door-1:cursor:7")
    assert not db.has_source("door-1:cursor:8")


def test_add_visits_batch_skips_known_sources(db: VisitorDB) -> None:
    db.add_visit(visit(0, source_id="s0"))
    added = db.add_visits([visit(1, source_id="s0"), visit(2, source_id="s1"), visit(3)])
    assert added == 2
    assert db.count_visits() == 3


def test_query_filters_and_newest_first(db: VisitorDB) -> None:
    # Two days, a visit every 30 minutes; every third denied; two visitors alternate.
    for i in range(96):
        db.add_visit(
            visit(
                30 * i,
                result="denied" if i % 3 == 0 else "granted",
                visitor="alice" if i % 2 else "bob",
            )
        )
    day2 = T0 + timedelta(days=1)
    rows = db.query_visits(start=day2, end=day2 + timedelta(days=1), limit=MAX_QUERY_LIMIT)
    assert len(rows) == 48
    assert [r.time for r in rows] == sorted((r.time for r in rows), reverse=True)
    assert rows[0].time == T0 + timedelta(minutes=30 * 95)
    assert rows[-1].time == day2  # start is inclusive ...
    assert db.count_visits(start=T0, end=day2) == 48  # ... and end exclusive
    denied = db.query_visits(result="denied", limit=1000)
    assert len(denied) == 32
    assert all(r.result == "denied" for r in denied)
    assert db.count_visits(result="denied") == 32
    alice_denied = db.query_visits(result="denied", visitor="alice", limit=1000)
    assert {r.visitor for r in alice_denied} == {"alice"}
    assert len(alice_denied) == 16
    assert db.count_visits(visitor="alice", result="denied") == 16
    assert db.count_visits(start=day2, result="granted") == 32
    assert db.query_visits(end=T0) == []


def test_paging(db: VisitorDB) -> None:
    # Same-time rows are ordered by id, so pages never overlap or skip.
    for i in range(25):
        db.add_visit(visit(i // 5, reason=f"r{i}"))
    pages = [db.query_visits(limit=10, offset=o) for o in (0, 10, 20, 30)]
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    ids = [r.id for page in pages for r in page if r.id is not None]
    assert len(set(ids)) == 25
    assert ids == sorted(ids, reverse=True)


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (MAX_QUERY_LIMIT + 1, 0), (10, -1)])
def test_paging_arguments_are_checked(db: VisitorDB, limit: int, offset: int) -> None:
    with pytest.raises(ValueError, match="limit|offset"):
        db.query_visits(limit=limit, offset=offset)


def test_naive_filter_times_are_refused(db: VisitorDB) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        db.query_visits(start=datetime(2026, 11, 20))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        db.purge_before(datetime(2026, 11, 20))  # noqa: DTZ001


def test_purge_before(db: VisitorDB, db_path: Path) -> None:
    secret_visitor = "deadbeefdeadbeefdeadbeefdeadbeef"
    db.add_visits(visit(60 * 24 * d, visitor=secret_visitor) for d in range(40))
    cutoff = T0 + timedelta(days=10)
    assert db.purge_before(cutoff) == 10
    assert db.count_visits() == 30
    assert db.query_visits(limit=1000)[-1].time == cutoff
    assert db.purge_before(cutoff) == 0
    assert db.purge_before(T0 + timedelta(days=100)) == 30
    # secure_delete and the checkpoint leave no trace of the purged rows in the files.
    wal = db_path.with_name(db_path.name + "-wal")
    for path in (db_path, wal):
        if path.exists():
            assert secret_visitor.encode() not in path.read_bytes(), path


def test_last_visit_time(db: VisitorDB) -> None:
    assert db.last_visit_time() is None
    db.add_visit(visit(10))
    db.add_visit(visit(20, result="denied"))
    db.add_visit(visit(5))
    assert db.last_visit_time() == T0 + timedelta(minutes=10)
    assert db.last_visit_time("denied") == T0 + timedelta(minutes=20)
    assert db.last_visit_time(None) == T0 + timedelta(minutes=20)
    assert db.last_visit_time("forced_entry") is None


@pytest.mark.parametrize(
    ("where", "index"),
    [
        ("time >= 0 AND time < 10", "visits_time"),
        ("result = 'denied' AND time >= 0 AND time < 10", "visits_result_time"),
        ("visitor = 'v' AND time >= 0", "visits_visitor_time"),
    ],
)
def test_page_ids_come_from_a_covering_index(where: str, index: str) -> None:
    """The paging subquery walks an index in order: no table reads, no sort of the whole day."""
    conn = sqlite3.connect(":memory:")
    _migrate_to_1(conn)
    plan = " | ".join(
        str(row[3])
        for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM visits WHERE {where}"  # noqa: S608
            " ORDER BY time DESC, id DESC LIMIT 10 OFFSET 10"
        )
    )
    conn.close()
    assert plan.startswith(f"SEARCH visits USING COVERING INDEX {index} ("), plan
    assert "TEMP B-TREE" not in plan


# Passes


def test_record_and_list_passes(db: VisitorDB) -> None:
    full = make_pass(
        "full",
        kind=PassKind.ADULT_VERIFIED,
        weekdays=frozenset({4, 5}),
        hours=(time(22), time(2)),
        max_uses=5,
        label="야간 회원",
    )
    db.record_pass(make_pass("older"), issued_at=T0)
    db.record_pass(full, issued_at=T0 + timedelta(hours=1))
    records = db.list_passes()
    assert [r.pass_id for r in records] == ["full", "older"]
    record = records[0]
    assert isinstance(record, PassRecord)
    assert record.as_store_pass() == full
    assert (record.uses, record.revoked, record.revoked_at) == (0, False, None)
    assert record.issued_at == T0 + timedelta(hours=1)
    assert db.get_pass("nope") is None


def test_record_pass_again_updates_terms_but_keeps_counters(db: VisitorDB) -> None:
    db.record_pass(make_pass("p", label="old"), issued_at=T0)
    assert db.use_pass("p", None) is None
    db.record_pass(make_pass("p", label="new", max_uses=9), issued_at=T0 + timedelta(days=1))
    record = db.get_pass("p")
    assert record is not None
    assert (record.label, record.max_uses, record.uses, record.issued_at) == ("new", 9, 1, T0)


def test_use_counts_and_limit(db: VisitorDB) -> None:
    db.record_pass(make_pass("p", max_uses=2))
    assert db.use_pass("p", 2) is None
    assert db.use_pass("p", 2) is None
    assert db.use_pass("p", 2) is DenyReason.USED_UP
    assert db.use_pass("p", 2) is DenyReason.USED_UP
    record = db.get_pass("p")
    assert record is not None
    assert record.uses == 2
    # Unlimited passes just count.
    db.record_pass(make_pass("u"))
    for _ in range(5):
        assert db.use_pass("u", None) is None
    assert db.list_passes()[0].uses in (2, 5)
    with pytest.raises(ValueError, match="max_uses"):
        db.use_pass("u", 0)


def test_use_limit_holds_under_concurrent_scans(db: VisitorDB) -> None:
    db.record_pass(make_pass("p", max_uses=10))
    results: list[DenyReason | None] = []
    lock = threading.Lock()

    def scan() -> None:
        for _ in range(10):
            outcome = db.use_pass("p", 10)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(None) == 10
    assert results.count(DenyReason.USED_UP) == 30


def test_revocation(db: VisitorDB) -> None:
    db.record_pass(make_pass("p"))
    db.record_pass(make_pass("q"))
    assert not db.is_revoked("p")
    assert db.revoke_pass("p") is True
    assert db.revoke_pass("p") is False
    assert db.revoke_pass("never-issued") is False
    assert db.is_revoked("p")
    assert not db.is_revoked("never-issued")
    assert db.use_pass("p", None) is DenyReason.REVOKED
    assert [r.pass_id for r in db.list_passes()] == ["q"]
    revoked = [r for r in db.list_passes(include_revoked=True) if r.pass_id == "p"]
    assert revoked[0].revoked
    assert revoked[0].revoked_at is not None
    assert revoked[0].uses == 0


def test_unknown_signed_pass_is_allowed_and_recorded(db: VisitorDB) -> None:
    assert db.use_pass("stub", 3) is None
    stub = db.get_pass("stub")
    assert stub is not None
    assert (stub.kind, stub.valid_from, stub.max_uses, stub.uses) == (None, None, 3, 1)
    assert stub.as_store_pass() is None
    assert db.use_pass("stub", 3) is None
    assert db.use_pass("stub", 3) is None
    assert db.use_pass("stub", 3) is DenyReason.USED_UP
    assert db.revoke_pass("stub")

    full = make_pass("full", max_uses=1)
    assert db.use_pass("full", 1, store_pass=full) is None
    record = db.get_pass("full")
    assert record is not None
    assert record.as_store_pass() == full
    assert db.use_pass("full", 1, store_pass=full) is DenyReason.USED_UP


def test_purge_expired_passes(db: VisitorDB) -> None:
    db.record_pass(make_pass("old", valid_until=T0 + timedelta(days=1)))
    db.record_pass(make_pass("current"))
    db.use_pass("stub", None)
    assert db.purge_passes_expired_before(T0 + timedelta(days=2)) == 1
    assert {r.pass_id for r in db.list_passes()} == {"current", "stub"}


# Deny list


def test_ban_list(db: VisitorDB) -> None:
    assert not db.is_banned("v1")
    db.ban_visitor("v1", "shoplifting 11/20")
    db.ban_visitor("v2", "vandalism")
    assert db.is_banned("v1")
    db.ban_visitor("v1", "shoplifting 11/20 and 11/21")
    banned = db.list_banned()
    assert [(v, r) for v, r, _ in banned] == [
        ("v1", "shoplifting 11/20 and 11/21"),
        ("v2", "vandalism"),
    ]
    assert all(at.tzinfo is UTC for _, _, at in banned)
    assert db.unban_visitor("v1") is True
    assert db.unban_visitor("v1") is False
    assert not db.is_banned("v1")
    with pytest.raises(ValueError, match="empty"):
        db.ban_visitor("", "x")


# Pseudonyms


def test_pseudonymise() -> None:
    a = pseudonymise("kakao:81f2", KEY)
    assert len(a) == 32
    assert int(a, 16) >= 0
    assert a == pseudonymise("kakao:81f2", KEY)
    assert a != pseudonymise("naver:81f2", KEY)
    assert a != pseudonymise("kakao:81f2", b"other key, also 32 bytes long!!")
    assert "81f2" not in a
    # Composed and decomposed Hangul are the same name.
    decomposed = unicodedata.normalize("NFD", "phone:김민지")
    assert decomposed != "phone:김민지"
    assert pseudonymise(decomposed, KEY) == pseudonymise("phone:김민지", KEY)
    with pytest.raises(ValueError, match="key"):
        pseudonymise("x", b"short")
    with pytest.raises(ValueError, match="empty"):
        pseudonymise("", KEY)


def test_thread_safety_of_mixed_calls(db: VisitorDB) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(200):
                db.add_visit(visit(i, door=f"d{n}", source_id=f"{n}:{i}"))
                db.query_visits(limit=5)
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.count_visits() == 800


def test_file_mode_is_not_changed_for_existing_files(db_path: Path) -> None:
    sqlite3.connect(db_path).close()
    os.chmod(db_path, 0o640)
    VisitorDB.open(db_path).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o640
