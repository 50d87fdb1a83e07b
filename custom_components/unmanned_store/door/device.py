"""A networked door device (the open door protocol) running a store's door.

The device pushes its events; this object consumes them in a background task, resumes from the
last cursor after drops and restarts (kept in Home Assistant's storage), hands scans to the
store's door controller, and drives the device when the door controller asks.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..clients.door import (
    DoorAuthenticationError,
    DoorClient,
    DoorContact,
    DoorError,
    DoorEvent,
    DoorMode as DeviceMode,
    DoorState,
    EventType,
    GapData,
    LockChangedData,
    LockState,
    ModeChangedData,
    ScanData,
    VerdictData,
    VerdictResult,
)
from ..const import (
    CONF_STORE_ENTRY_ID,
    CONF_STORE_ID,
    CONF_TOKEN,
    DOMAIN,
    ENTRY_TYPE_DOOR_DEVICE,
    LOGGER,
)
from ..devices import MANUFACTURER
from ..runtime import DoorDeviceConfigEntry, entry_kind, loaded_store, raise_if_store_missing
from ..store_events import STREAM_LOST, STREAM_RESTORED, CameraEvent, signal_camera_event
from .authenticator import DoorMode
from .controller import ACCESS_FORCED, ACCESS_HELD_OPEN, ACCESS_TAMPER, DoorController

STORAGE_VERSION = 1
# A device silent this long is pinged, and one silent for twice this long is gone (unavailable,
# then reconnected): a stalled device shows as unavailable within 40 s.
DEVICE_HEARTBEAT = 20.0
# Saving the cursor after every event is cheap but not free; a crash within this window replays
# events, and the visitor log's source ids make those replays harmless.
CURSOR_SAVE_DELAY = 1.0


@dataclass(slots=True)
class DeviceStatus:
    """The last known state of the device."""

    lock: LockState | None = None
    door: DoorContact | None = None
    malformed: int = 0
    lost_events: int = 0


class NetworkDoor:
    """One paired door device, attached to its store's door controller."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        entry_id: str,
        device_id: str,
        client: DoorClient,
        door: DoorController,
        on_auth_failed: CALLBACK_TYPE,
        store_entry_id: str = "",
        name: str = "",
    ) -> None:
        """Wire the device; nothing runs until async_start."""
        self.hass = hass
        self.device_id = device_id
        self._store_entry_id = store_entry_id
        self._name = name or device_id
        self.client = client
        self.door = door
        self.status = DeviceStatus()
        self._on_auth_failed = on_auth_failed
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.cursor"
        )
        self._task: asyncio.Task[None] | None = None
        self._detach: CALLBACK_TYPE | None = None
        self._stopping = False
        client.on_connection_change = self._on_connection_change

    async def async_start(self, state: DoorState) -> None:
        """Take over the door from the device's current state, then follow its events."""
        self._apply_state(state)
        stored = await self._store.async_load()
        # First start: from the device's newest event on (its older history is not ours).
        since = stored["cursor"] if stored else state.cursor
        self._detach = self.door.attach_hardware(self)
        if state.mode.value != self.door.mode.value:
            await self.async_set_mode(self.door.mode)
        self._task = self.hass.async_create_background_task(
            self._async_consume(since), f"{DOMAIN} door device {self.device_id}"
        )

    async def async_stop(self) -> None:
        """Stop following the device and save where we are."""
        # Closing our own stream (unload, reload) is not the device going offline.
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._detach is not None:
            self._detach()
            self._detach = None
        if self.client.last_cursor is not None:
            await self._store.async_save({"cursor": self.client.last_cursor})

    # What the door controller reads and calls (DoorHardware)

    @property
    def available(self) -> bool:
        """Whether the device's event stream is open."""
        return self.client.connected

    @property
    def is_locked(self) -> bool | None:
        """Whether the device's lock is locked; None while it is unreachable."""
        if not self.available or self.status.lock is None:
            return None
        return self.status.lock is LockState.LOCKED

    @property
    def is_open(self) -> bool | None:
        """Whether the device's contact reports open; None while it is unreachable."""
        if not self.available or self.status.door is None:
            return None
        return self.status.door is DoorContact.OPEN

    async def async_unlock(self, seconds: float) -> bool:
        """Unlock the device for a while; False (logged) when it did not confirm."""
        try:
            self._apply_state(await self.client.unlock(seconds))
        except DoorError as err:
            LOGGER.error("Door device %s did not unlock: %s", self.device_id, err)
            return False
        return True

    async def async_set_mode(self, mode: DoorMode) -> None:
        """Set the device's mode to the door's."""
        try:
            self._apply_state(await self.client.set_mode(DeviceMode(mode.value)))
        except DoorError as err:
            LOGGER.error("Door device %s did not take mode %s: %s", self.device_id, mode, err)

    # The event stream

    @callback
    def _on_connection_change(self, connected: bool) -> None:
        if self._stopping:
            return
        if connected:
            LOGGER.info("Door device %s is connected", self.device_id)
        else:
            LOGGER.warning("Door device %s is unavailable; reconnecting", self.device_id)
        self.door.async_notify()
        # The store's anomaly logic raises (and clears) "device offline" from this.
        async_dispatcher_send(
            self.hass,
            signal_camera_event(self._store_entry_id),
            CameraEvent(
                camera_id=self.device_id,
                camera_name=self._name,
                role="door_device",
                type=STREAM_RESTORED if connected else STREAM_LOST,
                time=dt_util.utcnow(),
            ),
        )

    def _apply_state(self, state: DoorState) -> None:
        self.status.lock = state.lock
        self.status.door = state.door
        self.door.async_notify()

    async def _async_consume(self, since: int) -> None:
        try:
            async with contextlib.aclosing(self.client.events(since)) as events:
                async for event in events:
                    try:
                        await self._async_handle(event)
                    except Exception:  # noqa: BLE001 - one bad event must not stop the door
                        LOGGER.exception(
                            "Door device %s: event %d failed", self.device_id, event.cursor
                        )
                    self.status.malformed = self.client.malformed_events
                    self._store.async_delay_save(
                        lambda: {"cursor": self.client.last_cursor}, CURSOR_SAVE_DELAY
                    )
        except DoorAuthenticationError:
            LOGGER.error("Door device %s refused our token; pair it again", self.device_id)
            self.door.async_notify()
            self._on_auth_failed()
        except DoorError as err:
            LOGGER.error("Door device %s stopped its event stream: %s", self.device_id, err)
            self.door.async_notify()

    async def _async_handle(self, event: DoorEvent) -> None:
        source_id = f"{self.device_id}:{event.cursor}"
        reader = self.device_id
        match event.data:
            case ScanData(code=code):
                await self.door.async_handle_device_scan(
                    code, reader=reader, source_id=source_id, scanned_at=event.time
                )
            case VerdictData() as verdict:
                await self.door.async_record_device_verdict(
                    granted=verdict.result is VerdictResult.GRANTED,
                    subject=verdict.subject,
                    provider=verdict.provider,
                    adult=verdict.adult,
                    when=event.time,
                    reader=reader,
                    source_id=source_id,
                )
            case LockChangedData(lock=lock):
                self.status.lock = lock
                self.door.async_notify()
            case ModeChangedData(mode=mode):
                # Someone changed the mode at the device: the door follows, as for the select.
                await self.door.async_set_mode(DoorMode(mode.value), source="device")
            case GapData() as gap:
                self.status.lost_events += gap.lost
                LOGGER.error(
                    "Door device %s lost %d events while we were away", self.device_id, gap.lost
                )
            case _:
                await self._async_handle_door_event(event, reader, source_id)

    async def _async_handle_door_event(self, event: DoorEvent, reader: str, source_id: str) -> None:
        if event.type is EventType.DOOR_OPENED:
            self.status.door = DoorContact.OPEN
            self.door.async_notify()
        elif event.type is EventType.DOOR_CLOSED:
            self.status.door = DoorContact.CLOSED
            self.door.async_notify()
        else:
            result = {
                EventType.FORCED: ACCESS_FORCED,
                EventType.HELD_OPEN: ACCESS_HELD_OPEN,
                EventType.TAMPER: ACCESS_TAMPER,
            }[event.type]
            await self.door.async_record_device_event(
                result, when=event.time, reader=reader, source_id=source_id
            )


def linked_door_devices(hass: HomeAssistant, store_entry_id: str) -> list[ConfigEntry[Any]]:
    """The door device entries that belong to a store."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry_kind(entry) == ENTRY_TYPE_DOOR_DEVICE
        and entry.data.get(CONF_STORE_ENTRY_ID) == store_entry_id
    ]


async def async_setup_door_device_entry(
    hass: HomeAssistant, entry: DoorDeviceConfigEntry
) -> NetworkDoor:
    """Connect a paired door device and let it run its store's door; returns its runtime."""
    raise_if_store_missing(hass, entry)
    store_entry = loaded_store(hass, entry.data[CONF_STORE_ENTRY_ID])
    if store_entry is None:
        title = hass.config_entries.async_get_known_entry(entry.data[CONF_STORE_ENTRY_ID]).title
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="store_not_ready",
            translation_placeholders={"store": title},
        )
    client = DoorClient(
        async_get_clientsession(hass),
        entry.data[CONF_HOST],
        entry.data[CONF_PORT],
        entry.data[CONF_TOKEN],
        request_timeout=DEVICE_HEARTBEAT / 2,
        heartbeat=DEVICE_HEARTBEAT,
    )
    try:
        info = await client.info()
        state = await client.state()
    except DoorAuthenticationError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="door_device_auth"
        ) from err
    except DoorError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="door_device_unreachable",
            translation_placeholders={"host": entry.data[CONF_HOST], "error": str(err)},
        ) from err
    store_id = store_entry.data[CONF_STORE_ID]
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, info.device_id)},
        manufacturer=MANUFACTURER,
        model=info.model,
        sw_version=info.firmware,
        name=entry.title,
        via_device=(DOMAIN, store_id),
    )
    network_door = NetworkDoor(
        hass,
        entry_id=entry.entry_id,
        device_id=info.device_id,
        client=client,
        door=store_entry.runtime_data.door,
        on_auth_failed=lambda: entry.async_start_reauth(hass),
        store_entry_id=store_entry.entry_id,
        name=entry.title,
    )
    await network_door.async_start(state)
    entry.async_on_unload(network_door.async_stop)
    return network_door
