"""The visitor database as Home Assistant uses it: every call runs off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
import functools
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant

from .passes import DenyReason, StorePass
from .visitor_db import PassRecord, Visit, VisitorDB


class VisitorLog:
    """Async face of VisitorDB; also the authenticator's pass ledger."""

    def __init__(self, hass: HomeAssistant, db: VisitorDB) -> None:
        """Wrap an open database."""
        self._hass = hass
        self._db = db

    @classmethod
    async def async_open(cls, hass: HomeAssistant, path: Path) -> VisitorLog:
        """Open (and create or migrate) the database file in an executor."""
        db = await hass.async_add_executor_job(VisitorDB.open, path)
        return cls(hass, db)

    async def _run[T](self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self._hass.async_add_executor_job(functools.partial(func, *args, **kwargs))

    async def async_close(self) -> None:
        """Close the database."""
        await self._run(self._db.close)

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
        return await self._run(
            self._db.use_pass, store_pass.pass_id, store_pass.max_uses, store_pass
        )

    async def is_banned(self, visitor: str) -> bool:
        """Whether the owner banned this visitor."""
        return await self._run(self._db.is_banned, visitor)

    async def ban_visitor(self, visitor: str, reason: str) -> None:
        """Ban a pseudonymous visitor."""
        await self._run(self._db.ban_visitor, visitor, reason)

    async def unban_visitor(self, visitor: str) -> bool:
        """Lift a ban; False when the visitor was not banned."""
        return await self._run(self._db.unban_visitor, visitor)

    async def has_source(self, source_id: str) -> bool:
        """Whether the event with this source id is logged already."""
        return await self._run(self._db.has_source, source_id)
