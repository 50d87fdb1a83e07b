"""A store's operating hours at run time: timers at each change, events, and the door.

The pure ``operating_hours`` module computes every instant; this object only sets one timer
for the earliest thing due (an opening or closing, a closing-soon warning, a door-mode
boundary), wakes up, reports what happened and sets the next timer. Because the instants
come from the pure model in the Home Assistant time zone, a DST change moves them correctly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any, Final

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_CLOSING_SOON_MINUTES,
    CONF_DOOR_SCHEDULE,
    CONF_HOURS_SCHEDULE,
    CONF_OPERATING_HOURS,
    DEFAULT_CLOSING_SOON_MINUTES,
    DOMAIN,
    LOGGER,
)
from ..door.authenticator import DoorMode
from ..door.controller import DoorController
from ..listeners import Listeners
from .model import (
    DoorSchedulePolicy,
    HoursError,
    HoursException,
    OperatingHours,
    desired_mode,
    next_boundary,
)

HOURS_EVENT_TYPES: Final = ["closing_soon", "opened", "closed"]
STORAGE_VERSION: Final = 1

type HoursEventListener = Callable[[str, dict[str, Any]], None]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else dt_util.as_local(moment).isoformat()


class StoreHours:
    """Operating hours of one store, the door automation that follows them, and its events."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        store_id: str,
        door: DoorController,
        hours: OperatingHours,
        policy: DoorSchedulePolicy,
        closing_soon: timedelta,
        schedule_entity: str | None = None,
    ) -> None:
        """Set up idle; ``async_start`` loads the follow switch and arms the first timer."""
        self.hass = hass
        self.door = door
        self.policy = policy
        self.closing_soon = closing_soon
        self.schedule_entity = schedule_entity
        self._hours = hours
        # With a schedule helper its weekly ranges replace ours; dated exceptions stay ours.
        self._exceptions: tuple[HoursException, ...] = hours.exceptions
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{store_id}.hours"
        )
        self._follow = False
        self._applied_at: datetime | None = None
        self._was_open = False
        self._warned_for: datetime | None = None
        self._boundary: datetime | None = None
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._unsub_schedule: CALLBACK_TYPE | None = None
        self._refresh: asyncio.Task[None] | None = None
        self._refresh_again = False
        self._listeners: Listeners[[]] = Listeners()
        self._event_listeners: Listeners[[str, dict[str, Any]]] = Listeners()

    # -- what entities read ---------------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        """Home Assistant's time zone, read each time: the owner may change it."""
        return dt_util.get_default_time_zone()

    @property
    def hours(self) -> OperatingHours:
        """The hours in force (from the options, or the schedule helper plus exceptions)."""
        return self._hours

    @property
    def is_open(self) -> bool:
        """Whether the shop is open now."""
        return self._hours.is_open(dt_util.utcnow(), self.tz)

    @property
    def next_opening(self) -> datetime | None:
        """The next opening, or None when the shop never opens again."""
        return self._hours.next_opening(dt_util.utcnow(), self.tz)

    @property
    def next_closing(self) -> datetime | None:
        """The next closing, or None when the shop never closes."""
        return self._hours.next_closing(dt_util.utcnow(), self.tz)

    @property
    def follow(self) -> bool:
        """Whether the door mode follows the hours."""
        return self._follow

    @property
    def door_boundary(self) -> datetime | None:
        """When the door mode will next be set, while following the hours."""
        return self._boundary if self._follow else None

    @property
    def desired_mode(self) -> str:
        """The door mode the hours ask for now."""
        return desired_mode(self._hours, self.policy, dt_util.utcnow(), self.tz)

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update`` whenever something an entity shows may have changed."""
        return self._listeners.add(update)

    @callback
    def async_add_event_listener(self, listener: HoursEventListener) -> CALLBACK_TYPE:
        """Call ``listener(event_type, attributes)`` for opened, closed and closing_soon."""
        return self._event_listeners.add(listener)

    # -- life cycle -----------------------------------------------------------------------

    async def async_start(self) -> None:
        """Load the follow switch, catch up on a boundary missed while stopped, arm timers."""
        stored = await self._store.async_load() or {}
        self._follow = bool(stored.get("follow", False))
        applied = stored.get("applied_at")
        self._applied_at = dt_util.parse_datetime(applied) if isinstance(applied, str) else None
        if self.schedule_entity is not None:
            self._unsub_schedule = async_track_state_change_event(
                self.hass, [self.schedule_entity], self._async_on_schedule_changed
            )
            await self._async_load_schedule()
        now = dt_util.utcnow()
        self._was_open = self._hours.is_open(now, self.tz)
        closing = self._hours.next_closing(now, self.tz)
        if closing is not None and closing - self.closing_soon <= now:
            # Started inside the warning window: that warning's moment has passed.
            self._warned_for = closing
        if self._follow:
            boundary = (
                None
                if self._applied_at is None
                else next_boundary(self._hours, self.policy, self._applied_at, self.tz)
            )
            missed = self._applied_at is None or (boundary is not None and boundary <= now)
            if missed:
                await self._async_apply(now)
        self._arm(now)

    async def async_stop(self) -> None:
        """Cancel the timer and stop following the schedule helper."""
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        if self._unsub_schedule is not None:
            self._unsub_schedule()
            self._unsub_schedule = None
        if self._refresh is not None and not self._refresh.done():
            self._refresh.cancel()
            await asyncio.wait([self._refresh])

    async def async_set_follow(self, follow: bool) -> None:
        """Turn the door automation on (the mode is set at once) or off."""
        self._follow = follow
        now = dt_util.utcnow()
        if follow:
            await self._async_apply(now)
        else:
            await self._async_save()
        self._arm(now)
        self._notify()

    # -- internals ------------------------------------------------------------------------

    async def _async_apply(self, now: datetime) -> None:
        """Set the door to the mode the hours ask for, as of ``now``."""
        mode = DoorMode(desired_mode(self._hours, self.policy, now, self.tz))
        self._applied_at = now
        await self._async_save()
        if self.door.mode is not mode:
            await self.door.async_set_mode(mode, source="schedule")

    async def _async_save(self) -> None:
        await self._store.async_save(
            {
                "follow": self._follow,
                "applied_at": None if self._applied_at is None else self._applied_at.isoformat(),
            }
        )

    def _arm(self, now: datetime) -> None:
        """Set one timer for the earliest thing due after ``now``."""
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        tz = self.tz
        due: list[datetime] = []
        if (moment := self._hours.next_opening(now, tz)) is not None:
            due.append(moment)
        closing = self._hours.next_closing(now, tz)
        if closing is not None:
            due.append(closing)
            warning = closing - self.closing_soon
            # A warning whose moment passed while closed is given at the opening instead.
            if warning > now and self._warned_for != closing:
                due.append(warning)
        self._boundary = next_boundary(self._hours, self.policy, now, tz) if self._follow else None
        if self._boundary is not None:
            due.append(self._boundary)
        if due:
            self._unsub_timer = async_track_point_in_utc_time(self.hass, self._async_wake, min(due))

    async def _async_wake(self, point: datetime) -> None:
        """A timer fired: report changes, set the door if a boundary came, re-arm."""
        self._unsub_timer = None
        now = max(point, dt_util.utcnow())
        await self._async_evaluate(now)
        self._arm(now)
        self._notify()

    async def _async_evaluate(self, now: datetime) -> None:
        tz = self.tz
        is_open = self._hours.is_open(now, tz)
        closing = self._hours.next_closing(now, tz)
        if (
            is_open
            and closing is not None
            and self._warned_for != closing
            and closing - self.closing_soon <= now
        ):
            self._warned_for = closing
            self._fire(
                "closing_soon",
                {
                    "closes_at": _iso(closing),
                    "minutes": round(self.closing_soon.total_seconds() / 60),
                },
            )
        if is_open != self._was_open:
            self._was_open = is_open
            if is_open:
                self._fire("opened", {"closes_at": _iso(closing)})
            else:
                self._fire("closed", {"opens_at": _iso(self._hours.next_opening(now, tz))})
        if self._follow and self._boundary is not None and now >= self._boundary:
            await self._async_apply(now)

    def _fire(self, event_type: str, attributes: dict[str, Any]) -> None:
        LOGGER.debug("Operating hours: %s %s", event_type, attributes)
        self._event_listeners.fire(event_type, attributes)

    @callback
    def _notify(self) -> None:
        self._listeners.fire()

    async def _async_load_schedule(self) -> None:
        """Read the schedule helper's weekly ranges through its get_schedule action."""
        assert self.schedule_entity is not None
        state = self.hass.states.get(self.schedule_entity)
        if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            LOGGER.warning(
                "Schedule helper %s is not available; the store counts as closed until it is",
                self.schedule_entity,
            )
            self._hours = OperatingHours(exceptions=self._exceptions)
            return
        try:
            response = await self.hass.services.async_call(
                "schedule",
                "get_schedule",
                target={"entity_id": self.schedule_entity},
                blocking=True,
                return_response=True,
            )
            assert response is not None
            config = response[self.schedule_entity]
            assert isinstance(config, dict)
            self._hours = OperatingHours.from_schedule_helper(config, self._exceptions)
        except (HomeAssistantError, HoursError) as err:
            LOGGER.warning(
                "Cannot read the schedule helper %s (%s); the store counts as closed",
                self.schedule_entity,
                err,
            )
            self._hours = OperatingHours(exceptions=self._exceptions)

    @callback
    def _async_on_schedule_changed(self, event: Event[EventStateChangedData]) -> None:
        """The helper changed state or was edited: re-read it and re-plan."""
        if self._refresh is not None and not self._refresh.done():
            # The refresh under way may have read the helper already: it goes round again.
            self._refresh_again = True
            return
        self._refresh = self.hass.async_create_background_task(
            self._async_refresh_from_schedule(), f"{DOMAIN} schedule refresh"
        )

    async def _async_refresh_from_schedule(self) -> None:
        while True:
            self._refresh_again = False
            await self._async_load_schedule()
            now = dt_util.utcnow()
            await self._async_evaluate(now)
            self._arm(now)
            self._notify()
            if not self._refresh_again:
                return


def store_hours_from_options(
    hass: HomeAssistant, store_id: str, door: DoorController, options: Mapping[str, Any]
) -> StoreHours:
    """Build a store's hours from its options; stored options were checked by the flow.

    Raises ``HoursError`` only if the stored options were edited by hand into nonsense.
    """
    return StoreHours(
        hass,
        store_id=store_id,
        door=door,
        hours=OperatingHours.from_dict(options.get(CONF_OPERATING_HOURS) or {}),
        policy=DoorSchedulePolicy.from_dict(options.get(CONF_DOOR_SCHEDULE) or {}),
        closing_soon=timedelta(
            minutes=int(options.get(CONF_CLOSING_SOON_MINUTES, DEFAULT_CLOSING_SOON_MINUTES))
        ),
        schedule_entity=options.get(CONF_HOURS_SCHEDULE) or None,
    )
