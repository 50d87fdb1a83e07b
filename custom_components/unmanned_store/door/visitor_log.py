"""The visitor database as Home Assistant uses it: every call runs off the event loop."""

from __future__ import annotations

from collections.abc import Callable
import contextlib
from datetime import datetime, timedelta
import functools
from pathlib import Path
import tempfile
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store

from ..const import DOMAIN, LOGGER
from .passes import DenyReason, StorePass
from .visitor_db import PassRecord, Visit, VisitorDB, VisitorDBError

# Visits that could not be written wait in memory (and in .storage, for a restart) this long
# between attempts, and at most this many (a day of a busy shop); beyond that the oldest go.
RETRY_EVERY: Final = timedelta(seconds=30)
MAX_UNWRITTEN: Final = 10_000


class VisitorLog:
    """Async face of VisitorDB; also the authenticator's pass ledger.

    Failures never stop the door. A database that cannot be opened is replaced by a temporary
    one (degraded: the log starts empty and is lost on restart), and every failure raises a
    repair issue that goes away once the database works again. A visit that cannot be written
    (the file locked by another program, the disk full) is kept, also across a restart, and
    written once the database works again: none is lost. As a ledger it fails safe: when
    use counts and revocations cannot be checked, store passes are refused; a visitor whose
    identity a provider verified is still let in (bans cannot be checked then, and are logged).
    """

    def __init__(
        self, hass: HomeAssistant, db: VisitorDB, store_id: str, *, degraded: bool = False
    ) -> None:
        """Wrap an open database."""
        self._hass = hass
        self._db = db
        self._store_id = store_id
        self.degraded = degraded
        self._failing = False
        self.unwritten: list[Visit] = []
        self._unwritten_store: Store[list[dict[str, Any]]] = Store(
            hass, 1, f"{DOMAIN}.{store_id}.unwritten_visits"
        )
        self._retry_cancel: CALLBACK_TYPE | None = None

    @classmethod
    async def async_open(cls, hass: HomeAssistant, path: Path, store_id: str) -> VisitorLog:
        """Open (and create or migrate) the database file; fall back to a temporary one."""
        try:
            db = await hass.async_add_executor_job(VisitorDB.open, path)
        except VisitorDBError as err:
            LOGGER.error("The visitor log %s cannot be opened (%s): %s", path, err.kind, err)
            ir.async_create_issue(
                hass,
                DOMAIN,
                f"database_unavailable_{store_id}",
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="database_unavailable",
                translation_placeholders={"path": str(path), "kind": err.kind},
            )
            fallback = Path(tempfile.gettempdir()) / f"{DOMAIN}_{store_id}_fallback.db"
            await hass.async_add_executor_job(fallback.unlink, True)
            db = await hass.async_add_executor_job(VisitorDB.open, fallback)
            log = cls(hass, db, store_id, degraded=True)
        else:
            ir.async_delete_issue(hass, DOMAIN, f"database_unavailable_{store_id}")
            log = cls(hass, db, store_id)
        await log._async_load_unwritten()
        return log

    async def _async_load_unwritten(self) -> None:
        """Visits kept before a restart are written now (or kept on trying)."""
        saved = await self._unwritten_store.async_load()
        if not saved:
            return
        visits: list[Visit] = []
        for raw in saved:
            try:
                visits.append(Visit.from_dict(raw))
            except (KeyError, TypeError, ValueError) as err:
                LOGGER.error("A kept visit cannot be read and is skipped: %s", err)
        if self.degraded:
            # Not into a temporary log that is lost on restart: they wait for the real one.
            self.unwritten = visits
            return
        LOGGER.warning(
            "%d visits could not be written before the restart; writing them", len(visits)
        )
        self._keep(visits)
        with contextlib.suppress(VisitorDBError):
            await self._async_write_unwritten()

    async def _run[T](self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            result = await self._hass.async_add_executor_job(
                functools.partial(func, *args, **kwargs)
            )
        except VisitorDBError as err:
            if not self._failing:
                self._failing = True
                ir.async_create_issue(
                    self._hass,
                    DOMAIN,
                    f"database_error_{self._store_id}",
                    is_fixable=False,
                    severity=ir.IssueSeverity.ERROR,
                    translation_key="database_error",
                    translation_placeholders={"kind": err.kind},
                )
            raise
        if self._failing:
            self._failing = False
            ir.async_delete_issue(self._hass, DOMAIN, f"database_error_{self._store_id}")
        return result

    async def async_close(self) -> None:
        """Close the database (a temporary fallback is deleted); unwritten visits are saved."""
        if self._retry_cancel is not None:
            self._retry_cancel()
            self._retry_cancel = None
        if self.unwritten and not self.degraded:
            with contextlib.suppress(VisitorDBError):
                await self._async_write_unwritten()
        if self.unwritten:
            await self._unwritten_store.async_save(self._unwritten_data())
        await self._hass.async_add_executor_job(self._db.close)
        if self.degraded:
            await self._hass.async_add_executor_job(self._db.path.unlink, True)

    async def add_visit(self, visit: Visit) -> None:
        """Log one visit (a replayed source id is logged once).

        Raises VisitorDBError when it cannot be written now; it is then kept and written
        (after the ones kept before it) once the database works again.
        """
        try:
            if self.unwritten and not self.degraded:
                await self._async_write_unwritten()
            await self._run(self._db.add_visit, visit)
        except VisitorDBError:
            self._keep([visit])
            raise

    def _keep(self, visits: list[Visit]) -> None:
        self.unwritten.extend(visits)
        if (excess := len(self.unwritten) - MAX_UNWRITTEN) > 0:
            del self.unwritten[:excess]
            LOGGER.error(
                "The visitor log has failed too long: %d oldest unwritten visits dropped", excess
            )
        self._unwritten_store.async_delay_save(self._unwritten_data, 1)
        if self._retry_cancel is None and not self.degraded:
            self._retry_cancel = async_track_time_interval(
                self._hass, self._async_retry, RETRY_EVERY, cancel_on_shutdown=True
            )

    def _unwritten_data(self) -> list[dict[str, Any]]:
        return [visit.to_dict() for visit in self.unwritten]

    async def _async_write_unwritten(self) -> None:
        batch, self.unwritten = self.unwritten, []
        try:
            await self._run(self._db.add_visits, batch)
        except VisitorDBError:
            self.unwritten = batch + self.unwritten
            raise
        LOGGER.info("Wrote %d visits kept while the visitor log was failing", len(batch))
        if not self.unwritten:
            if self._retry_cancel is not None:
                self._retry_cancel()
                self._retry_cancel = None
            await self._unwritten_store.async_remove()

    async def _async_retry(self, _now: datetime) -> None:
        with contextlib.suppress(VisitorDBError):
            await self._async_write_unwritten()

    async def query_visits(self, **filters: Any) -> list[Visit]:
        """Rows matching the filters, newest first."""
        return await self._run(self._db.query_visits, **filters)

    async def count_visits(self, start: datetime, end: datetime | None, result: str) -> int:
        """How many rows of one result fall in [start, end)."""
        return await self._run(self._db.count_visits, start, end, result)

    async def last_visit_time(self) -> datetime | None:
        """When the last granted visit happened."""
        return await self._run(self._db.last_visit_time)

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete visits older than the cutoff; returns how many."""
        return await self._run(self._db.purge_before, cutoff)

    async def purge_passes_expired_before(self, cutoff: datetime) -> int:
        """Forget passes that expired before the cutoff."""
        return await self._run(self._db.purge_passes_expired_before, cutoff)

    async def record_pass(self, store_pass: StorePass) -> None:
        """Remember an issued pass (its terms, never its code)."""
        await self._run(self._db.record_pass, store_pass)

    async def revoke_pass(self, pass_id: str) -> bool:
        """Revoke a pass; False when it is unknown."""
        return await self._run(self._db.revoke_pass, pass_id)

    async def list_passes(self, include_revoked: bool) -> list[PassRecord]:
        """The store's passes."""
        return await self._run(self._db.list_passes, include_revoked)

    async def use_pass(self, store_pass: StorePass) -> DenyReason | None:
        """Count one use of a pass atomically; the reason when it may not be used.

        The terms go along so a pass the database does not know (the file was replaced) is
        recorded whole.
        """
        if self.degraded:
            return DenyReason.STORAGE_UNAVAILABLE
        try:
            return await self._run(
                self._db.use_pass, store_pass.pass_id, store_pass.max_uses, store_pass
            )
        except VisitorDBError:
            return DenyReason.STORAGE_UNAVAILABLE

    async def is_banned(self, visitor: str) -> bool:
        """Whether the owner banned this visitor (not known: not banned, and logged)."""
        try:
            return await self._run(self._db.is_banned, visitor)
        except VisitorDBError as err:
            LOGGER.error("Cannot check the ban list (%s); letting the visitor in", err.kind)
            return False

    async def ban_visitor(self, visitor: str, reason: str) -> None:
        """Ban a pseudonymous visitor."""
        await self._run(self._db.ban_visitor, visitor, reason)

    async def unban_visitor(self, visitor: str) -> bool:
        """Lift a ban; False when the visitor was not banned."""
        return await self._run(self._db.unban_visitor, visitor)

    async def has_source(self, source_id: str) -> bool:
        """Whether the event with this source id is logged already."""
        return await self._run(self._db.has_source, source_id)
