"""The visitor log, pass state and deny list, in one SQLite file (stdlib sqlite3, WAL).

Every method is synchronous and blocking; Home Assistant code runs them in an executor. One
connection is owned by the object and guarded by a lock, so calls from several executor threads
are serialised.

Privacy (Korean PIPA): visitors are stored only as keyed hashes (``pseudonymise``), pass codes
are never stored (only their id and metadata), and ``secure_delete`` is on so purged rows are
overwritten on disk instead of lingering in free pages.

Times are stored as integer microseconds since the Unix epoch, UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
import hashlib
import hmac
import os
from pathlib import Path
import sqlite3
import threading
from typing import Any, Final, Literal, Self
import unicodedata

from .passes import DenyReason, PassKind, StorePass

SCHEMA_VERSION: Final = 1
PSEUDONYM_HEX_LEN: Final = 32
MIN_PSEUDONYM_KEY_BYTES: Final = 16
MAX_QUERY_LIMIT: Final = 1000

VISIT_RESULTS: Final = frozenset(
    {"granted", "denied", "forced_entry", "door_held_open", "remote_unlock"}
)
# "unknown": the scan was refused before it was known what it was (garbage, rate limited).
VISIT_METHODS: Final = frozenset(
    {"store_pass", "provider", "device", "owner", "free_entry", "unknown"}
)

type ErrorKind = Literal["locked", "corrupt", "full", "io"]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_US: Final = timedelta(microseconds=1)
# A visitor waits at the door while a write waits for another program's lock: keep it short.
_BUSY_TIMEOUT_S: Final = 1.0

# Primary result codes (extended codes carry them in the low byte).
_SQLITE_PERM: Final = 3
_SQLITE_BUSY: Final = 5
_SQLITE_LOCKED: Final = 6
_SQLITE_READONLY: Final = 8
_SQLITE_IOERR: Final = 10
_SQLITE_CORRUPT: Final = 11
_SQLITE_FULL: Final = 13
_SQLITE_CANTOPEN: Final = 14
_SQLITE_NOTADB: Final = 26
_ERROR_KINDS: Final[dict[int, ErrorKind]] = {
    _SQLITE_BUSY: "locked",
    _SQLITE_LOCKED: "locked",
    _SQLITE_CORRUPT: "corrupt",
    _SQLITE_NOTADB: "corrupt",
    _SQLITE_FULL: "full",
    _SQLITE_PERM: "io",
    _SQLITE_READONLY: "io",
    _SQLITE_IOERR: "io",
    _SQLITE_CANTOPEN: "io",
}


class VisitorDBError(Exception):
    """The visitor database failed; ``kind`` tells whether retrying, repair or disk space helps.

    locked: another process holds the file (retry later); corrupt: the file is damaged or not a
    database; full: the disk is full; io: anything else the disk or OS refused (including a file
    written by a newer version of this integration).
    """

    def __init__(self, kind: ErrorKind, message: str) -> None:
        """Keep the kind for the caller's decision and the message for the user."""
        super().__init__(f"{kind}: {message}")
        self.kind: ErrorKind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class Visit:
    """One row of the visitor log. ``id`` is set on rows read back from the database.

    ``source_id`` identifies the event that produced the row (for instance
    ``door-1:cursor:123``); a second row with the same source id is never written, so replayed
    device events are logged once. ``visitor`` is a pseudonym from ``pseudonymise``.
    """

    time: datetime
    door: str
    result: str
    reason: str | None = None
    method: str = "store_pass"
    provider: str | None = None
    pass_kind: str | None = None
    visitor: str | None = None
    adult: bool | None = None
    source_id: str | None = None
    pass_id: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        """Refuse rows the log could not answer questions about later."""
        if self.time.tzinfo is None or self.time.utcoffset() is None:
            raise ValueError("visit time must be timezone-aware")
        object.__setattr__(self, "time", self.time.astimezone(UTC))
        if self.result not in VISIT_RESULTS:
            raise ValueError(f"unknown visit result {self.result!r}")
        if self.method not in VISIT_METHODS:
            raise ValueError(f"unknown visit method {self.method!r}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the time as ISO 8601 in UTC."""
        return {
            "id": self.id,
            "time": self.time.isoformat(),
            "door": self.door,
            "result": self.result,
            "reason": self.reason,
            "method": self.method,
            "provider": self.provider,
            "pass_kind": self.pass_kind,
            "visitor": self.visitor,
            "adult": self.adult,
            "source_id": self.source_id,
            "pass_id": self.pass_id,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Visit:
        """Read to_dict's form back; raise KeyError, TypeError or ValueError when it is not."""
        when = raw["time"]
        if not isinstance(when, str):
            raise TypeError("time must be an ISO 8601 string")
        return cls(**{**raw, "time": datetime.fromisoformat(when)})


@dataclass(frozen=True, slots=True)
class PassRecord:
    """A pass as the store remembers it: its terms, how often it was used, and revocation.

    A pass first seen at the door without a record (the database was replaced after it was
    issued) has only ``pass_id``, ``max_uses`` and the counters; its other terms are None.
    """

    pass_id: str
    kind: PassKind | None
    valid_from: datetime | None
    valid_until: datetime | None
    weekdays: frozenset[int] | None
    hours: tuple[time, time] | None
    max_uses: int | None
    label: str
    uses: int
    revoked: bool
    revoked_at: datetime | None
    issued_at: datetime

    def as_store_pass(self) -> StorePass | None:
        """Return the pass's terms, or None for a record that lacks them."""
        if self.kind is None or self.valid_from is None or self.valid_until is None:
            return None
        return StorePass(
            pass_id=self.pass_id,
            kind=self.kind,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            weekdays=self.weekdays,
            hours=self.hours,
            max_uses=self.max_uses,
            label=self.label,
        )


def pseudonymise(identity: str, key: bytes) -> str:
    """Return a stable pseudonym for a visitor: HMAC-SHA256 keyed per store, 32 hex characters.

    Prefix the identity with its source ("kakao:<subject>") so two providers' ids cannot collide.
    Hangul is NFC-normalised first, so the same name typed on different systems maps alike.
    """
    if len(key) < MIN_PSEUDONYM_KEY_BYTES:
        raise ValueError(f"the pseudonym key must be at least {MIN_PSEUDONYM_KEY_BYTES} bytes")
    if not identity:
        raise ValueError("cannot pseudonymise an empty identity")
    data = unicodedata.normalize("NFC", identity).encode("utf-8", "surrogatepass")
    return hmac.new(key, data, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_LEN]


def _us(value: datetime) -> int:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("times given to the visitor log must be timezone-aware")
    return (value - _EPOCH) // _US


def _dt(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def _error(err: sqlite3.Error, action: str) -> VisitorDBError:
    code = getattr(err, "sqlite_errorcode", None)
    kind: ErrorKind = "io"
    if isinstance(code, int):
        kind = _ERROR_KINDS.get(code & 0xFF, "io")
    return VisitorDBError(kind, f"{action}: {err}")


_INSERT_VISIT: Final = """INSERT INTO visits (
    time, door, result, reason, method, provider, pass_kind, visitor, adult, source_id, pass_id
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_INSERT_VISIT_OR_IGNORE: Final = _INSERT_VISIT.replace("INSERT", "INSERT OR IGNORE", 1)
_SELECT_VISITS: Final = """SELECT id, time, door, result, reason, method, provider, pass_kind,
    visitor, adult, source_id, pass_id FROM visits"""
_SELECT_PASSES: Final = """SELECT pass_id, kind, valid_from, valid_until, weekdays, hour_start,
    hour_end, max_uses, label, uses, revoked_at, issued_at FROM passes"""
_INSERT_PASS: Final = """INSERT INTO passes (
    pass_id, kind, valid_from, valid_until, weekdays, hour_start, hour_end, max_uses, label,
    uses, issued_at
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            door TEXT NOT NULL,
            result TEXT NOT NULL,
            reason TEXT,
            method TEXT NOT NULL,
            provider TEXT,
            pass_kind TEXT,
            visitor TEXT,
            adult INTEGER,
            source_id TEXT UNIQUE,
            pass_id TEXT
        )"""
    )
    # Each filter the log page offers gets an index whose trailing column is time, so a day's
    # page is an index range scan read backwards, with no sort.
    conn.execute("CREATE INDEX visits_time ON visits (time)")
    conn.execute("CREATE INDEX visits_result_time ON visits (result, time)")
    conn.execute("CREATE INDEX visits_visitor_time ON visits (visitor, time)")
    conn.execute(
        """CREATE TABLE passes (
            pass_id TEXT PRIMARY KEY,
            kind TEXT,
            valid_from INTEGER,
            valid_until INTEGER,
            weekdays INTEGER,
            hour_start INTEGER,
            hour_end INTEGER,
            max_uses INTEGER,
            label TEXT NOT NULL DEFAULT '',
            uses INTEGER NOT NULL DEFAULT 0,
            revoked_at INTEGER,
            issued_at INTEGER NOT NULL
        ) WITHOUT ROWID"""
    )
    conn.execute(
        """CREATE TABLE bans (
            visitor TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            banned_at INTEGER NOT NULL
        ) WITHOUT ROWID"""
    )


# MIGRATIONS[n] turns schema version n into n + 1; append, never edit a released step.
MIGRATIONS: Final[tuple[Callable[[sqlite3.Connection], None], ...]] = (_migrate_to_1,)
assert len(MIGRATIONS) == SCHEMA_VERSION


class VisitorDB:
    """The store's SQLite database. Create with ``VisitorDB.open(path)``; ``close()`` when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap an open, migrated connection; use ``open`` instead of calling this."""
        self._conn = conn
        self._path = path
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str], busy_timeout: float = _BUSY_TIMEOUT_S) -> Self:
        """Open (creating if needed) the database at ``path`` and bring its schema up to date.

        ``busy_timeout`` is how long a call waits for another process's write lock before it
        fails with VisitorDBError("locked").
        """
        db_path = Path(path)
        try:
            # Owner-only from the first byte: the log is personal data even when pseudonymous.
            fd = os.open(db_path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        except OSError as err:
            raise VisitorDBError("io", f"cannot create {db_path}: {err.strerror}") from err
        else:
            os.close(fd)
        try:
            conn = sqlite3.connect(
                db_path,
                timeout=busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as err:
            raise _error(err, f"cannot open {db_path}") from err
        try:
            # Refuse a newer schema before anything (even switching to WAL) writes to the file.
            version = _check_version(conn, db_path)
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable in WAL mode except for the last commits before a power loss.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA secure_delete=ON")
            _migrate(conn, version)
        except sqlite3.Error as err:
            conn.close()
            raise _error(err, f"cannot prepare {db_path}") from err
        except VisitorDBError:
            conn.close()
            raise
        return cls(conn, db_path)

    @property
    def path(self) -> Path:
        """Where the database lives."""
        return self._path

    def close(self) -> None:
        """Close the connection; later calls raise VisitorDBError("io")."""
        with self._lock:
            self._conn.close()

    @contextmanager
    def _read(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as err:
                raise _error(err, action) from err

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                # IMMEDIATE takes the write lock up front, so read-then-write steps are atomic
                # against other processes too.
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                raise _error(err, action) from err
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as err:
                self._rollback()
                if isinstance(err, sqlite3.Error):
                    raise _error(err, action) from err
                raise

    def _rollback(self) -> None:
        # A failed rollback (closed or damaged file) must not hide the error that caused it.
        with suppress(sqlite3.Error):
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")

    # Visits

    def add_visit(self, visit: Visit) -> int:
        """Log a visit and return its row id; a known ``source_id`` returns the existing row."""
        with self._write("cannot log a visit") as conn:
            if visit.source_id is not None:
                row = conn.execute(
                    "SELECT id FROM visits WHERE source_id = ?", (visit.source_id,)
                ).fetchone()
                if row is not None:
                    return int(row[0])
            cur = conn.execute(
                _INSERT_VISIT,
                _visit_params(visit),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def add_visits(self, visits: Iterable[Visit]) -> int:
        """Log many visits in one transaction; return how many were new (by ``source_id``)."""
        with self._write("cannot log visits") as conn:
            before = conn.total_changes
            conn.executemany(
                _INSERT_VISIT_OR_IGNORE,
                (_visit_params(v) for v in visits),
            )
            return conn.total_changes - before

    def query_visits(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        result: str | None = None,
        visitor: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Visit]:
        """Return visits with start <= time < end, newest first, one page at a time."""
        if not 1 <= limit <= MAX_QUERY_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_QUERY_LIMIT}")
        if offset < 0:
            raise ValueError("offset must not be negative")
        where, params = _visit_filter(start, end, result, visitor)
        # The page's ids come from a covering index (it holds time and rowid), so rows that
        # OFFSET skips are never read from the table: deep pages cost little more than the first.
        sql = (
            f"{_SELECT_VISITS} WHERE id IN (SELECT id FROM visits{where}"  # noqa: S608
            " ORDER BY time DESC, id DESC LIMIT ? OFFSET ?) ORDER BY time DESC, id DESC"
        )
        with self._read("cannot read the visitor log") as conn:
            rows = conn.execute(sql, (*params, limit, offset)).fetchall()
        return [_visit_from_row(row) for row in rows]

    def count_visits(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        result: str | None = None,
        visitor: str | None = None,
    ) -> int:
        """Count visits with start <= time < end matching the filters."""
        where, params = _visit_filter(start, end, result, visitor)
        with self._read("cannot count visits") as conn:
            sql = f"SELECT count(*) FROM visits{where}"  # noqa: S608
            row = conn.execute(sql, params).fetchone()
        return int(row[0])

    def purge_before(self, cutoff: datetime) -> int:
        """Delete visits older than ``cutoff`` and return how many were deleted."""
        with self._write("cannot purge the visitor log") as conn:
            deleted = conn.execute("DELETE FROM visits WHERE time < ?", (_us(cutoff),)).rowcount
        if deleted:
            # Deleted rows also live in the WAL until a checkpoint copies and truncates it.
            with self._read("cannot checkpoint the visitor log") as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    def has_source(self, source_id: str) -> bool:
        """Whether a row for this source event (e.g. a device's cursor) is already logged."""
        with self._read("cannot read the visitor log") as conn:
            row = conn.execute(
                "SELECT 1 FROM visits WHERE source_id = ? LIMIT 1", (source_id,)
            ).fetchone()
        return row is not None

    def last_visit_time(self, result: str | None = "granted") -> datetime | None:
        """Return the time of the newest visit with this result (any result when None)."""
        where, params = _visit_filter(None, None, result, None)
        with self._read("cannot read the visitor log") as conn:
            sql = f"SELECT max(time) FROM visits{where}"  # noqa: S608
            row = conn.execute(sql, params).fetchone()
        return None if row[0] is None else _dt(row[0])

    # Passes

    def record_pass(self, p: StorePass, issued_at: datetime | None = None) -> None:
        """Remember an issued pass's terms (never its code); a known id keeps its counters."""
        issued = _us(issued_at or datetime.now(UTC))
        with self._write("cannot record the pass") as conn:
            conn.execute(
                _INSERT_PASS
                + """ ON CONFLICT (pass_id) DO UPDATE SET
                    kind = excluded.kind, valid_from = excluded.valid_from,
                    valid_until = excluded.valid_until, weekdays = excluded.weekdays,
                    hour_start = excluded.hour_start, hour_end = excluded.hour_end,
                    max_uses = excluded.max_uses, label = excluded.label""",
                (*_pass_params(p), 0, issued),
            )

    def revoke_pass(self, pass_id: str) -> bool:
        """Revoke a pass; False when the id is unknown or the pass was already revoked."""
        with self._write("cannot revoke the pass") as conn:
            cur = conn.execute(
                "UPDATE passes SET revoked_at = ? WHERE pass_id = ? AND revoked_at IS NULL",
                (_us(datetime.now(UTC)), pass_id),
            )
            return cur.rowcount == 1

    def is_revoked(self, pass_id: str) -> bool:
        """Tell whether the pass was revoked."""
        with self._read("cannot read the pass") as conn:
            row = conn.execute(
                "SELECT revoked_at IS NOT NULL FROM passes WHERE pass_id = ?", (pass_id,)
            ).fetchone()
        return row is not None and bool(row[0])

    def get_pass(self, pass_id: str) -> PassRecord | None:
        """Return one pass record, or None if unknown."""
        with self._read("cannot read the pass") as conn:
            row = conn.execute(_SELECT_PASSES + " WHERE pass_id = ?", (pass_id,)).fetchone()
        return None if row is None else _pass_from_row(row)

    def list_passes(self, include_revoked: bool = False) -> list[PassRecord]:
        """Return pass records, newest issued first."""
        where = "" if include_revoked else " WHERE revoked_at IS NULL"
        sql = _SELECT_PASSES + where + " ORDER BY issued_at DESC, pass_id"
        with self._read("cannot list passes") as conn:
            rows = conn.execute(sql).fetchall()
        return [_pass_from_row(row) for row in rows]

    def use_pass(
        self, pass_id: str, max_uses: int | None, store_pass: StorePass | None = None
    ) -> DenyReason | None:
        """Count one entry with the pass, atomically; return why it is refused, or None.

        ``max_uses`` comes from the signed code and is authoritative. A validly signed pass the
        database does not know (it was replaced or restored) is allowed and recorded, with its
        terms when ``store_pass`` is given.
        """
        if max_uses is not None and max_uses < 1:
            raise ValueError("max_uses must be at least 1")
        with self._write("cannot count the pass use") as conn:
            row = conn.execute(
                "SELECT uses, revoked_at FROM passes WHERE pass_id = ?", (pass_id,)
            ).fetchone()
            if row is None:
                now = _us(datetime.now(UTC))
                if store_pass is not None and store_pass.pass_id == pass_id:
                    params = _pass_params(store_pass)
                else:
                    params = (pass_id, None, None, None, None, None, None, max_uses, "")
                conn.execute(_INSERT_PASS, (*params, 1, now))
                return None
            uses, revoked_at = row
            if revoked_at is not None:
                return DenyReason.REVOKED
            if max_uses is not None and uses >= max_uses:
                return DenyReason.USED_UP
            conn.execute("UPDATE passes SET uses = uses + 1 WHERE pass_id = ?", (pass_id,))
            return None

    def purge_passes_expired_before(self, cutoff: datetime) -> int:
        """Forget passes whose validity ended before ``cutoff`` (their labels may name people)."""
        with self._write("cannot purge passes") as conn:
            return conn.execute("DELETE FROM passes WHERE valid_until < ?", (_us(cutoff),)).rowcount

    # Deny list

    def ban_visitor(self, visitor: str, reason: str) -> None:
        """Deny entry to a pseudonymous visitor; banning again updates the reason and time."""
        if not visitor:
            raise ValueError("visitor must not be empty")
        with self._write("cannot ban the visitor") as conn:
            conn.execute(
                """INSERT INTO bans (visitor, reason, banned_at) VALUES (?, ?, ?)
                ON CONFLICT (visitor) DO UPDATE SET
                    reason = excluded.reason, banned_at = excluded.banned_at""",
                (visitor, reason, _us(datetime.now(UTC))),
            )

    def unban_visitor(self, visitor: str) -> bool:
        """Lift a ban; False when the visitor was not banned."""
        with self._write("cannot unban the visitor") as conn:
            return conn.execute("DELETE FROM bans WHERE visitor = ?", (visitor,)).rowcount == 1

    def is_banned(self, visitor: str) -> bool:
        """Tell whether the visitor is on the deny list."""
        with self._read("cannot read the deny list") as conn:
            row = conn.execute("SELECT 1 FROM bans WHERE visitor = ?", (visitor,)).fetchone()
        return row is not None

    def list_banned(self) -> list[tuple[str, str, datetime]]:
        """Return (visitor, reason, banned at) for every ban, newest first."""
        with self._read("cannot read the deny list") as conn:
            rows = conn.execute(
                "SELECT visitor, reason, banned_at FROM bans ORDER BY banned_at DESC, visitor"
            ).fetchall()
        return [(visitor, reason, _dt(banned_at)) for visitor, reason, banned_at in rows]


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise VisitorDBError(
            "io",
            f"{path} has schema version {version}, newer than this version of the integration"
            f" understands ({SCHEMA_VERSION}); it was left untouched",
        )
    return version


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    if version == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _visit_filter(
    start: datetime | None, end: datetime | None, result: str | None, visitor: str | None
) -> tuple[str, tuple[Any, ...]]:
    # Only these fixed fragments are ever put into SQL text; every value is a bound parameter.
    clauses: list[str] = []
    params: list[Any] = []
    if result is not None:
        clauses.append("result = ?")
        params.append(result)
    if visitor is not None:
        clauses.append("visitor = ?")
        params.append(visitor)
    if start is not None:
        clauses.append("time >= ?")
        params.append(_us(start))
    if end is not None:
        clauses.append("time < ?")
        params.append(_us(end))
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return where, tuple(params)


def _visit_params(v: Visit) -> tuple[Any, ...]:
    return (
        _us(v.time),
        v.door,
        v.result,
        v.reason,
        v.method,
        v.provider,
        v.pass_kind,
        v.visitor,
        None if v.adult is None else int(v.adult),
        v.source_id,
        v.pass_id,
    )


def _visit_from_row(row: tuple[Any, ...]) -> Visit:
    (row_id, at, door, result, reason, method, provider, pass_kind, visitor, adult, src, pid) = row
    return Visit(
        time=_dt(at),
        door=door,
        result=result,
        reason=reason,
        method=method,
        provider=provider,
        pass_kind=pass_kind,
        visitor=visitor,
        adult=None if adult is None else bool(adult),
        source_id=src,
        pass_id=pid,
        id=row_id,
    )


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _pass_params(p: StorePass) -> tuple[Any, ...]:
    return (
        p.pass_id,
        p.kind.value,
        _us(p.valid_from),
        _us(p.valid_until),
        None if p.weekdays is None else sum(1 << d for d in p.weekdays),
        None if p.hours is None else _minutes(p.hours[0]),
        None if p.hours is None else _minutes(p.hours[1]),
        p.max_uses,
        p.label,
    )


def _pass_from_row(row: tuple[Any, ...]) -> PassRecord:
    (
        pass_id,
        kind,
        v_from,
        v_until,
        days,
        h_start,
        h_end,
        max_uses,
        label,
        uses,
        revoked,
        issued,
    ) = row
    hours = None
    if h_start is not None and h_end is not None:
        hours = (time(h_start // 60, h_start % 60), time(h_end // 60, h_end % 60))
    return PassRecord(
        pass_id=pass_id,
        kind=None if kind is None else PassKind(kind),
        valid_from=None if v_from is None else _dt(v_from),
        valid_until=None if v_until is None else _dt(v_until),
        weekdays=None if days is None else frozenset(d for d in range(7) if days >> d & 1),
        hours=hours,
        max_uses=max_uses,
        label=label,
        uses=uses,
        revoked=revoked is not None,
        revoked_at=None if revoked is None else _dt(revoked),
        issued_at=_dt(issued),
    )
