"""The door: scans in, decisions, the lock, the contact, the visitor log and door events.

One controller per store. It listens to the configured scan entity (an ESPHome QR reader's text
sensor, a text/input_text entity, or an event entity), asks the Authenticator, drives the
configured lock or switch, watches the door contact, logs every visit, and tells its entities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
import time
from typing import Any, Protocol

from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_LOCK,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    SERVICE_UNLOCK,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    EventStateReportedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import (
    async_call_later,
    async_track_state_change_event,
    async_track_state_report_event,
    async_track_time_change,
    async_track_time_interval,
)
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, EVENT_ACCESS, LOGGER
from ..listeners import Listeners
from .authenticator import Authenticator, Decision, DoorMode
from .passes import DenyReason
from .visitor_db import Visit, VisitorDBError
from .visitor_log import VisitorLog

STORAGE_VERSION = 1
PURGE_INTERVAL = timedelta(hours=1)
# A contact that opens this soon after a grant's unlock window closed is still that visitor.
FORCED_GRACE_SECONDS = 3.0
# A networked reader's scan older than this (replayed after an outage) no longer opens the door:
# the visitor has gone, and opening for nobody is worse than logging the refusal.
STALE_SCAN_SECONDS = 10.0

ACCESS_GRANTED = "granted"
ACCESS_DENIED = "denied"
ACCESS_FORCED = "forced_entry"
ACCESS_HELD_OPEN = "door_held_open"
ACCESS_REMOTE_UNLOCK = "remote_unlock"
ACCESS_TAMPER = "tamper"  # an event, not a visit: it gets no visitor log row
ACCESS_EVENT_TYPES = [
    ACCESS_GRANTED,
    ACCESS_DENIED,
    ACCESS_FORCED,
    ACCESS_HELD_OPEN,
    ACCESS_REMOTE_UNLOCK,
    ACCESS_TAMPER,
]

_UNLOCKED_LOCK_STATES = {"unlocked", "open", "opening", "unlocking"}
_SCAN_ATTRIBUTES = ("code", "text", "value", "data")


@dataclass(frozen=True, slots=True)
class DoorSettings:
    """The door's options."""

    door_id: str
    scan_entity: str | None
    lock_entity: str | None
    contact_entity: str | None
    unlock_seconds: float
    held_open_seconds: float
    retention_days: int


@dataclass(slots=True)
class DoorStats:
    """Today's counters, rebuilt from the log at start and at midnight."""

    visitors_today: int = 0
    denied_today: int = 0
    last_visitor: datetime | None = None


type AccessListener = Callable[[str, dict[str, Any]], None]


class DoorHardware(Protocol):
    """A networked door device that drives the lock and reports the contact itself."""

    @property
    def is_locked(self) -> bool | None:
        """Whether it is locked; None while it cannot be reached."""

    @property
    def is_open(self) -> bool | None:
        """Whether the door stands open; None while it cannot be reached."""

    async def async_unlock(self, seconds: float) -> bool:
        """Unlock for a while (the device relocks by itself); False when it did not confirm."""

    async def async_set_mode(self, mode: DoorMode) -> None:
        """Tell the device the door mode (it holds the door open in free mode)."""


def scan_text(state: State) -> str | None:
    """The scanned text a reader entity carries, or None when it carries none."""
    if state.domain == "event":
        for attribute in _SCAN_ATTRIBUTES:
            if isinstance(value := state.attributes.get(attribute), str) and value:
                return value
        return None
    if state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN, ""):
        return None
    return state.state


class DoorController:
    """Runs one store's door."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        entry_id: str,
        settings: DoorSettings,
        authenticator: Authenticator,
        log: VisitorLog,
    ) -> None:
        """Wire the door; nothing is subscribed until async_start."""
        self.hass = hass
        self.settings = settings
        self._authenticator = authenticator
        self.log = log
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.door"
        )
        self.mode = DoorMode.AUTHENTICATED
        self.stats = DoorStats()
        self._stats_day = dt_util.now().date()
        self._virtual_locked = True
        self.hardware: DoorHardware | None = None
        self._unlocked_until = 0.0
        self._relock_cancel: CALLBACK_TYPE | None = None
        self._held_open_cancel: CALLBACK_TYPE | None = None
        self._listeners: Listeners[[]] = Listeners()
        self._access_listeners: Listeners[[str, dict[str, Any]]] = Listeners()
        self._unsubscribe: list[CALLBACK_TYPE] = []

    # Life cycle

    async def async_start(self) -> None:
        """Restore the mode, rebuild today's counters, and start listening."""
        if (stored := await self._store.async_load()) is not None:
            try:
                self.mode = DoorMode(str(stored.get("mode")))
            except ValueError:
                LOGGER.warning("Ignoring an unknown stored door mode: %s", stored.get("mode"))
        await self._async_rebuild_stats()
        await self._async_purge()
        settings = self.settings
        if settings.scan_entity:
            self._unsubscribe.append(
                async_track_state_change_event(
                    self.hass, settings.scan_entity, self._async_on_scan_changed
                )
            )
            # A reader that sends the same code twice reports an unchanged state.
            self._unsubscribe.append(
                async_track_state_report_event(
                    self.hass, settings.scan_entity, self._async_on_scan_reported
                )
            )
        watched = [e for e in (settings.lock_entity, settings.contact_entity) if e]
        if watched:
            self._unsubscribe.append(
                async_track_state_change_event(self.hass, watched, self._async_on_hardware)
            )
        self._unsubscribe.append(
            async_track_time_change(self.hass, self._async_on_midnight, hour=0, minute=0, second=0)
        )
        self._unsubscribe.append(
            async_track_time_interval(self.hass, self._async_on_purge_timer, PURGE_INTERVAL)
        )
        if self.mode is DoorMode.FREE:
            await self._async_drive_lock(unlock=True)

    async def async_stop(self) -> None:
        """Stop listening and cancel timers; the lock is left as it is."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self._cancel_relock()
        self._cancel_held_open()

    # What entities read and subscribe to

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call update whenever the door's state or counters change."""
        return self._listeners.add(update)

    @callback
    def async_add_access_listener(self, listener: AccessListener) -> CALLBACK_TYPE:
        """Call listener(event_type, attributes) for every door event."""
        return self._access_listeners.add(listener)

    @callback
    def async_notify(self) -> None:
        """Tell the entities that something changed."""
        self._listeners.fire()

    @callback
    def attach_hardware(self, hardware: DoorHardware) -> CALLBACK_TYPE:
        """Let a networked door device run this door; returns the detach callback."""
        self.hardware = hardware
        self.async_notify()

        @callback
        def detach() -> None:
            if self.hardware is hardware:
                self.hardware = None
                self.async_notify()

        return detach

    @property
    def is_locked(self) -> bool | None:
        """Whether the door is locked; None when the lock cannot tell."""
        if self.hardware is not None:
            return self.hardware.is_locked
        lock_entity = self.settings.lock_entity
        if lock_entity is None:
            return self._virtual_locked
        state = self.hass.states.get(lock_entity)
        if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            return None
        if state.domain == "switch":
            # A switch drives an electric strike: energised means unlocked.
            return state.state != STATE_ON
        return state.state not in _UNLOCKED_LOCK_STATES

    @property
    def is_open(self) -> bool | None:
        """Whether the door contact reports open; None without a contact or when it cannot tell."""
        if self.hardware is not None:
            return self.hardware.is_open
        if self.settings.contact_entity is None:
            return None
        state = self.hass.states.get(self.settings.contact_entity)
        if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            return None
        return state.state == STATE_ON

    # Mode

    async def async_set_mode(self, mode: DoorMode, source: str = "owner") -> None:
        """Change the door mode (the owner's select, or the operating-hours schedule)."""
        if mode is self.mode:
            return
        previous, self.mode = self.mode, mode
        LOGGER.info("Door mode %s -> %s (by %s)", previous, mode, source)
        await self._store.async_save({"mode": mode.value})
        if self.hardware is not None:
            await self.hardware.async_set_mode(mode)
        elif mode is DoorMode.FREE:
            self._cancel_relock()
            await self._async_drive_lock(unlock=True)
        elif previous is DoorMode.FREE or mode is DoorMode.CLOSED:
            self._cancel_relock()
            await self._async_drive_lock(unlock=False)
        self.async_notify()

    # Scans

    async def async_handle_device_scan(
        self, code: str, *, reader: str, source_id: str, scanned_at: datetime
    ) -> Decision | None:
        """A networked reader's scan: decided once (None when already logged), never late."""
        if await self.log.has_source(source_id):
            return None
        now = dt_util.utcnow()
        if (now - scanned_at).total_seconds() > STALE_SCAN_SECONDS:
            decision = Decision(False, DenyReason.STALE_SCAN, method="device")
            await self._async_record(
                ACCESS_DENIED,
                scanned_at,
                reason=DenyReason.STALE_SCAN.value,
                method="device",
                decision=decision,
                reader=reader,
                source_id=source_id,
            )
            return decision
        return await self.async_handle_scan(code, reader, source_id=source_id)

    async def async_record_device_verdict(
        self,
        *,
        granted: bool,
        subject: str,
        provider: str,
        adult: bool | None,
        when: datetime,
        reader: str,
        source_id: str,
    ) -> None:
        """A device that verified a visitor itself: logged as its verdict, not decided again."""
        if await self.log.has_source(source_id):
            return
        decision = Decision(
            granted,
            None if granted else DenyReason.PROVIDER_DENIED,
            method="device",
            provider=provider,
            visitor=self._authenticator.visitor_id(provider, subject),
            adult=adult,
        )
        await self._async_record(
            ACCESS_GRANTED if granted else ACCESS_DENIED,
            when,
            reason=None if decision.reason is None else decision.reason.value,
            method="device",
            decision=decision,
            reader=reader,
            source_id=source_id,
        )

    async def async_record_device_event(
        self, result: str, *, when: datetime, reader: str, source_id: str
    ) -> None:
        """Forced entry, held open or tamper reported by a networked door device."""
        if await self.log.has_source(source_id):
            return
        await self._async_record(
            result,
            when,
            reason=None,
            method="device",
            decision=None,
            reader=reader,
            source_id=source_id,
        )

    async def async_handle_scan(
        self, raw: str | bytes, reader: str, *, source_id: str | None = None
    ) -> Decision:
        """Decide a scan, open the door when granted, log it and tell everyone."""
        now = dt_util.utcnow()
        decision = await self._authenticator.authenticate(
            raw,
            mode=self.mode,
            reader=reader,
            now=now,
            tz=dt_util.get_default_time_zone(),
            monotonic=time.monotonic(),
        )
        if decision.granted:
            await self._async_open_for_visitor()
        result = ACCESS_GRANTED if decision.granted else ACCESS_DENIED
        await self._async_record(
            result,
            now,
            reason=None if decision.reason is None else decision.reason.value,
            method=decision.method,
            decision=decision,
            reader=reader,
            source_id=source_id,
        )
        return decision

    @callback
    def _async_on_scan_changed(self, event: Event[EventStateChangedData]) -> None:
        if (state := event.data["new_state"]) is None:
            return
        old = event.data["old_state"]
        if state.domain != "event" and old is not None and old.state == state.state:
            return  # attributes changed only: no new scan
        self._async_scan_from_state(state)

    @callback
    def _async_on_scan_reported(self, event: Event[EventStateReportedData]) -> None:
        if (state := self.hass.states.get(event.data["entity_id"])) is not None:
            self._async_scan_from_state(state)

    @callback
    def _async_scan_from_state(self, state: State) -> None:
        if (text := scan_text(state)) is None:
            return
        self.hass.async_create_task(
            self.async_handle_scan(text, state.entity_id), f"{DOMAIN} scan", eager_start=True
        )

    # The lock

    async def async_unlock(
        self, *, seconds: float | None = None, by: str = "owner", reason: str | None = None
    ) -> None:
        """Unlock for a while (the app's remote unlock), then relock; logged as the owner's.

        Raises a translated error when the lock or door device did not do it: the owner must
        not believe the door opened, and no remote unlock is logged.
        """
        if not await self._async_open_for_visitor(seconds):
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="door_did_not_open")
        await self._async_record(
            ACCESS_REMOTE_UNLOCK,
            dt_util.utcnow(),
            reason=(reason or by)[:200],
            method="owner",
            decision=None,
            reader=by,
        )

    async def async_lock(self) -> None:
        """Lock now (a pending relock is no longer needed)."""
        self._cancel_relock()
        self._unlocked_until = 0.0
        if self.hardware is not None:
            # The door protocol has no "lock now": a device relocks when its unlock time ends.
            LOGGER.debug("Networked door relocks by itself")
            return
        await self._async_drive_lock(unlock=False)

    async def _async_open_for_visitor(self, seconds: float | None = None) -> bool:
        """Open the door for a while; False when the lock or device did not do it."""
        duration = self.settings.unlock_seconds if seconds is None else seconds
        self._unlocked_until = time.monotonic() + duration
        if self.hardware is not None:
            return await self.hardware.async_unlock(duration)
        if self.mode is DoorMode.FREE:
            return True  # already held open
        self._cancel_relock()
        opened = await self._async_drive_lock(unlock=True)
        self._relock_cancel = async_call_later(self.hass, duration, self._async_relock)
        return opened

    async def _async_relock(self, _now: datetime) -> None:
        self._relock_cancel = None
        if self.mode is not DoorMode.FREE:
            await self._async_drive_lock(unlock=False)

    @callback
    def _cancel_relock(self) -> None:
        if self._relock_cancel is not None:
            self._relock_cancel()
            self._relock_cancel = None

    async def _async_drive_lock(self, *, unlock: bool) -> bool:
        lock_entity = self.settings.lock_entity
        if lock_entity is None:
            self._virtual_locked = not unlock
            self.async_notify()
            return True
        if lock_entity.startswith("switch."):
            domain, service = "switch", SERVICE_TURN_ON if unlock else SERVICE_TURN_OFF
        else:
            domain, service = "lock", SERVICE_UNLOCK if unlock else SERVICE_LOCK
        try:
            await self.hass.services.async_call(
                domain, service, {ATTR_ENTITY_ID: lock_entity}, blocking=True
            )
        except HomeAssistantError as err:
            # The door's own state is never guessed: the lock entity's state stays the truth.
            LOGGER.error("Could not %s the door (%s): %s", service, lock_entity, err)
            return False
        return True

    # The contact and the lock's own changes

    @callback
    def _async_on_hardware(self, event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == self.settings.contact_entity:
            self._async_on_contact(event.data["old_state"], event.data["new_state"])
        self.async_notify()

    @callback
    def _async_on_contact(self, old: State | None, new: State | None) -> None:
        opened = new is not None and new.state == STATE_ON
        was_open = old is not None and old.state == STATE_ON
        if opened and not was_open:
            if self._entry_unexpected():
                self.hass.async_create_task(
                    self._async_record(
                        ACCESS_FORCED,
                        dt_util.utcnow(),
                        reason=None,
                        method="device",
                        decision=None,
                        reader=self.settings.contact_entity or "",
                    ),
                    f"{DOMAIN} forced entry",
                )
            self._cancel_held_open()
            self._held_open_cancel = async_call_later(
                self.hass, self.settings.held_open_seconds, self._async_on_held_open
            )
        elif not opened:
            self._cancel_held_open()

    def _entry_unexpected(self) -> bool:
        """The door opened while it should have been shut: nobody was let in just now."""
        if self.mode is DoorMode.FREE:
            return False
        return time.monotonic() > self._unlocked_until + FORCED_GRACE_SECONDS

    async def _async_on_held_open(self, _now: datetime) -> None:
        self._held_open_cancel = None
        await self._async_record(
            ACCESS_HELD_OPEN,
            dt_util.utcnow(),
            reason=None,
            method="device",
            decision=None,
            reader=self.settings.contact_entity or "",
        )

    @callback
    def _cancel_held_open(self) -> None:
        if self._held_open_cancel is not None:
            self._held_open_cancel()
            self._held_open_cancel = None

    # The log, the counters and the events

    async def _async_record(
        self,
        result: str,
        when: datetime,
        *,
        reason: str | None,
        method: str,
        decision: Decision | None,
        reader: str,
        source_id: str | None = None,
    ) -> None:
        if result == ACCESS_TAMPER:
            self._fire(result, reason=reason, method=method, decision=decision, reader=reader)
            return
        visit = Visit(
            time=when,
            door=self.settings.door_id,
            result=result,
            reason=reason,
            method=method,
            provider=decision.provider if decision else None,
            pass_kind=decision.pass_kind if decision else None,
            visitor=decision.visitor if decision else None,
            adult=decision.adult if decision else None,
            pass_id=decision.pass_id if decision else None,
            source_id=source_id,
        )
        try:
            await self.log.add_visit(visit)
        except VisitorDBError as err:
            # The door keeps working; the log keeps the row and writes it once it can.
            LOGGER.error(
                "Could not write the visitor log (%s), the visit is kept for later: %s",
                err.kind,
                err,
            )
        if result == ACCESS_GRANTED:
            self.stats.visitors_today += 1
            self.stats.last_visitor = when
        elif result == ACCESS_DENIED:
            self.stats.denied_today += 1
        self._fire(result, reason=reason, method=method, decision=decision, reader=reader)

    @callback
    def _fire(
        self,
        result: str,
        *,
        reason: str | None,
        method: str,
        decision: Decision | None,
        reader: str,
    ) -> None:
        attributes: dict[str, Any] = {
            "reason": reason,
            "method": method,
            "provider": decision.provider if decision else None,
            "pass_kind": decision.pass_kind if decision else None,
            "visitor": decision.visitor if decision else None,
            "adult": decision.adult if decision else None,
            "reader": reader,
        }
        self._access_listeners.fire(result, attributes)
        self.hass.bus.async_fire(
            EVENT_ACCESS,
            {"door": self.settings.door_id, "type": result, **attributes},
        )
        self.async_notify()

    async def _async_rebuild_stats(self) -> None:
        start = dt_util.start_of_local_day()
        self._stats_day = start.date()
        try:
            self.stats = DoorStats(
                visitors_today=await self.log.count_visits(start, None, ACCESS_GRANTED),
                denied_today=await self.log.count_visits(start, None, ACCESS_DENIED),
                last_visitor=await self.log.last_visit_time(),
            )
        except VisitorDBError as err:
            LOGGER.error("Could not read today's visits (%s): %s", err.kind, err)

    async def _async_on_midnight(self, _now: datetime) -> None:
        await self._async_rebuild_stats()
        self.async_notify()

    async def _async_on_purge_timer(self, _now: datetime) -> None:
        await self._async_purge()
        # The midnight callback is missed when the clock jumps (NTP, a suspended host).
        if dt_util.now().date() != self._stats_day:
            await self._async_rebuild_stats()
            self.async_notify()

    async def _async_purge(self) -> None:
        """Destroy visits past retention (PIPA Art. 21: without delay once the purpose ends)."""
        cutoff = dt_util.utcnow() - timedelta(days=self.settings.retention_days)
        try:
            if deleted := await self.log.purge_before(cutoff):
                LOGGER.info("Purged %d visitor log rows older than %s", deleted, cutoff)
            await self.log.purge_passes_expired_before(cutoff)
        except VisitorDBError as err:
            LOGGER.error("Could not purge the visitor log (%s): %s", err.kind, err)
