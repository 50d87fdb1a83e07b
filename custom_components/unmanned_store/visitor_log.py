"""The visitor database as Home Assistant uses it: every call runs off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
import functools
from pathlib import Path
import tempfile
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, LOGGER
from .passes import DenyReason, StorePass
from .visitor_db import PassRecord, Visit, VisitorDB, VisitorDBError


class VisitorLog:
    """Async face of VisitorDB; also the authenticator's pass ledger.

    Failures never stop the door. A database that cannot be opened is replaced by a temporary
    one (degraded: the log starts empty and is lost on restart), and every failure raises a
    repair issue that goes away once the database works again. As a ledger it fails safe: when
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
            return cls(hass, db, store_id, degraded=True)
        ir.async_delete_issue(hass, DOMAIN, f"database_unavailable_{store_id}")
        return cls(hass, db, store_id)

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
        """Close the database (a temporary fallback is deleted)."""
        await self._hass.async_add_executor_job(self._db.close)
        if self.degraded:
            await self._hass.async_add_executor_job(self._db.path.unlink, True)

    async def add_visit(self, visit: Visit) -> int:
        """Log one visit (a replayed source id is logged once)."""
        return await self._run(self._db.add_visit, visit)

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
