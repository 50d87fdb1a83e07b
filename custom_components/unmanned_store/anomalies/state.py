"""A store's anomalies at run time: the fusion rules fed from the door, cameras, hours, payments.

``anomaly_rules`` decides; this object only listens (door events and mode, the hours' openings
and closings, camera events on the store's dispatcher signal, the owner's payment entity),
hands each input to the rules with its time, keeps one timer for the rules' next expiry, and
tells the anomaly event entity and binary sensors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Final

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..door.controller import DoorController
from ..hours.schedule import StoreHours
from ..listeners import Listeners
from ..store_events import CameraEvent, signal_camera_event
from .rules import (
    DEFAULT_TAILGATING_WINDOW,
    Anomaly,
    AnomalyRules,
    CameraInput,
    RuleSettings,
)

CONF_ANOMALIES: Final = "anomalies"
CONF_TAILGATING_WINDOW: Final = "tailgating_window"
CONF_CROWDING_NIGHT_START: Final = "crowding_night_start"
CONF_CROWDING_NIGHT_END: Final = "crowding_night_end"
CONF_PAYMENT_ENTITY: Final = "payment_entity"
DEFAULT_TAILGATING_SECONDS: Final = int(DEFAULT_TAILGATING_WINDOW.total_seconds())

type AnomalyListener = Callable[[Anomaly], None]


@dataclass(frozen=True, slots=True)
class AnomalySettings:
    """The ``anomalies`` options: the rules' settings and the payment entity."""

    rules: RuleSettings
    payment_entity: str | None = None

    @classmethod
    def from_options(cls, data: Mapping[str, Any] | None) -> AnomalySettings:
        """Read the options as the options flow stores them; bad values raise ValueError."""
        data = data or {}
        start = _time(data.get(CONF_CROWDING_NIGHT_START))
        end = _time(data.get(CONF_CROWDING_NIGHT_END))
        payment = data.get(CONF_PAYMENT_ENTITY) or None
        return cls(
            RuleSettings(
                tailgating_window=timedelta(
                    seconds=float(data.get(CONF_TAILGATING_WINDOW, DEFAULT_TAILGATING_SECONDS))
                ),
                crowding_night=None if start is None or end is None else (start, end),
                track_payments=payment is not None,
            ),
            payment,
        )


def _time(value: Any) -> time | None:
    if not value:
        return None
    if (parsed := dt_util.parse_time(str(value))) is None:
        raise ValueError(f"not a time of day: {value}")
    return parsed


class StoreAnomalies:
    """Runs one store's anomaly rules."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        entry_id: str,
        door: DoorController,
        hours: StoreHours,
        settings: AnomalySettings,
    ) -> None:
        """Wire the inputs; nothing is subscribed until ``async_start``."""
        self.hass = hass
        self.entry_id = entry_id
        self.door = door
        self.hours = hours
        self.settings = settings
        self.rules = AnomalyRules(settings.rules)
        self._door_mode = door.mode.value
        self._unsubscribe: list[CALLBACK_TYPE] = []
        self._unsub_expiry: CALLBACK_TYPE | None = None
        self._listeners: Listeners[[]] = Listeners()
        self._anomaly_listeners: Listeners[[Anomaly]] = Listeners()

    async def async_start(self) -> None:
        """Take the current hours and door mode, then follow every input."""
        now = dt_util.utcnow()
        self.rules.set_shop_open(self._shop_open(), now)
        self.rules.set_door_mode(self._door_mode, now)
        self._unsubscribe += [
            self.door.async_add_access_listener(self._async_on_access),
            self.door.async_add_listener(self._async_on_door_changed),
            self.hours.async_add_event_listener(self._async_on_hours),
            async_dispatcher_connect(
                self.hass, signal_camera_event(self.entry_id), self._async_on_camera
            ),
        ]
        if self.settings.payment_entity is not None:
            self._unsubscribe.append(
                async_track_state_change_event(
                    self.hass, self.settings.payment_entity, self._async_on_payment
                )
            )

    def _shop_open(self) -> bool:
        """Open now; a store whose owner set no hours at all is never "after hours"."""
        hours = self.hours.hours
        if not any(hours.weekly) and not hours.exceptions and self.hours.schedule_entity is None:
            return True
        return self.hours.is_open

    async def async_stop(self) -> None:
        """Stop listening and cancel the expiry timer."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self._cancel_expiry()

    # -- what entities read and subscribe to ---------------------------------------------

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update`` whenever an anomaly starts or ends."""
        return self._listeners.add(update)

    @callback
    def async_add_anomaly_listener(self, listener: AnomalyListener) -> CALLBACK_TYPE:
        """Call ``listener(anomaly)`` for each anomaly that happens or starts (not for ends)."""
        return self._anomaly_listeners.add(listener)

    def active(self, kind: str) -> list[Anomaly]:
        """The anomalies of one kind going on now, oldest first."""
        return sorted(
            (a for (k, _), a in self.rules.active.items() if k == kind), key=lambda a: a.time
        )

    # -- inputs ------------------------------------------------------------------------------

    @callback
    def _async_on_access(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._publish(self.rules.on_door_event(event_type, dt_util.utcnow()))

    @callback
    def _async_on_door_changed(self) -> None:
        if (mode := self.door.mode.value) != self._door_mode:
            self._door_mode = mode
            self._publish(self.rules.set_door_mode(mode, dt_util.utcnow()))

    @callback
    def _async_on_hours(self, event_type: str, attributes: dict[str, Any]) -> None:
        if event_type in ("opened", "closed"):
            self._publish(self.rules.set_shop_open(event_type == "opened", dt_util.utcnow()))

    @callback
    def _async_on_camera(self, event: CameraEvent) -> None:
        # The late-night window is local time: the rules see the moment in the store's zone.
        camera_input = CameraInput(
            camera=event.camera_name,
            role=event.role,
            type=event.type,
            time=dt_util.as_local(event.time),
            zone=event.zone,
            count=event.count,
            snapshot=event.snapshot_entity,
        )
        self._publish(self.rules.on_camera(camera_input))

    @callback
    def _async_on_payment(self, event: Event[EventStateChangedData]) -> None:
        new, old = event.data["new_state"], event.data["old_state"]
        if new is None or new.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            return
        if old is not None and old.state == new.state and new.domain != "event":
            return  # attributes changed only: no new payment
        self.rules.on_payment(dt_util.as_local(new.last_changed))

    # -- output ------------------------------------------------------------------------------

    @callback
    def _publish(self, anomalies: list[Anomaly]) -> None:
        self._arm_expiry()
        if not anomalies:
            return
        for anomaly in anomalies:
            LOGGER.info(
                "Anomaly %s %s (camera %s, zone %s, counts %s)",
                anomaly.type,
                "ended" if anomaly.ended is not None else "detected",
                anomaly.camera,
                anomaly.zone,
                anomaly.counts,
            )
            if anomaly.ended is None:
                self._anomaly_listeners.fire(anomaly)
        self._listeners.fire()

    @callback
    def _arm_expiry(self) -> None:
        self._cancel_expiry()
        if (due := self.rules.next_expiry()) is not None:
            self._unsub_expiry = async_track_point_in_utc_time(self.hass, self._async_expire, due)

    @callback
    def _async_expire(self, now: datetime) -> None:
        self._unsub_expiry = None
        self._publish(self.rules.expire(now))

    @callback
    def _cancel_expiry(self) -> None:
        if self._unsub_expiry is not None:
            self._unsub_expiry()
            self._unsub_expiry = None
