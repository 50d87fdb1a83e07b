"""The unmanned_store integration: a small unattended shop run from Home Assistant."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType

from .anomalies.state import CONF_ANOMALIES, AnomalySettings, StoreAnomalies
from .blueprint_install import async_offer_blueprints
from .cameras.engine_entry import ENTRY_TYPE_ENGINE, async_setup_engine_entry
from .cameras.engine_setup import async_setup_engine_link
from .const import (
    CONF_CONTACT_ENTITY,
    CONF_ENTRY_TYPE,
    CONF_HELD_OPEN_SECONDS,
    CONF_LANGUAGE,
    CONF_LOCK_ENTITY,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_RETENTION_DAYS,
    CONF_SCAN_ENTITY,
    CONF_SPEAKER,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    CONF_UNLOCK_SECONDS,
    CONF_VERIFIER_FAIL_OPEN,
    CONF_VERIFIER_TOKEN,
    CONF_VERIFIER_URL,
    DEFAULT_HELD_OPEN_SECONDS,
    DEFAULT_RETENTION_DAYS,
    DEFAULT_UNLOCK_SECONDS,
    DOMAIN,
    ENTRY_TYPE_DOOR_DEVICE,
)
from .devices import store_device_info
from .door.authenticator import Authenticator
from .door.controller import DoorController, DoorSettings
from .door.device import (
    DoorDeviceConfigEntry,
    async_setup_door_device_entry,
    linked_door_devices,
)
from .door.verifier import IdentityVerifier
from .door.visitor_log import VisitorLog
from .frontend import async_register_panel
from .hours.model import HoursError
from .hours.schedule import store_hours_from_options
from .panel_api import async_setup_panel_api
from .runtime import StoreRuntime, UnmannedStoreConfigEntry
from .services import async_setup_services
from .speaker.speaker import ShopSpeaker, SpeakerSettings

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.CAMERA,
    Platform.EVENT,
    Platform.IMAGE,
    Platform.LOCK,
    Platform.NOTIFY,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TEXT,
]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions, the store panel and its websocket API, shared by all stores."""
    async_setup_services(hass)
    async_setup_panel_api(hass)
    await async_register_panel(hass)
    return True


def database_path(hass: HomeAssistant, store_id: str) -> Path:
    """Where a store's visitor log lives: in Home Assistant's configuration directory."""
    return Path(hass.config.path(f"{DOMAIN}_{store_id}.db"))


async def async_setup_entry(hass: HomeAssistant, entry: UnmannedStoreConfigEntry) -> bool:
    """Set up one store, or one networked door device of a store."""
    if entry.data.get(CONF_ENTRY_TYPE) == ENTRY_TYPE_DOOR_DEVICE:
        return await async_setup_door_device_entry(hass, cast(DoorDeviceConfigEntry, entry))
    if entry.data.get(CONF_ENTRY_TYPE) == ENTRY_TYPE_ENGINE:
        return await async_setup_engine_entry(hass, entry)
    store_id: str = entry.data[CONF_STORE_ID]
    options = entry.options
    try:
        anomaly_settings = AnomalySettings.from_options(options.get(CONF_ANOMALIES))
    except ValueError as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="invalid_anomaly_options",
            translation_placeholders={"error": str(err)},
        ) from err
    log = await VisitorLog.async_open(hass, database_path(hass, store_id), store_id)
    verifier = None
    if url := options.get(CONF_VERIFIER_URL):
        verifier = IdentityVerifier(
            async_get_clientsession(hass),
            url,
            options.get(CONF_VERIFIER_TOKEN, ""),
            fail_open=options.get(CONF_VERIFIER_FAIL_OPEN, False),
        )
    door = DoorController(
        hass,
        entry_id=entry.entry_id,
        settings=DoorSettings(
            door_id=f"{store_id}_door",
            scan_entity=options.get(CONF_SCAN_ENTITY),
            lock_entity=options.get(CONF_LOCK_ENTITY),
            contact_entity=options.get(CONF_CONTACT_ENTITY),
            unlock_seconds=float(options.get(CONF_UNLOCK_SECONDS, DEFAULT_UNLOCK_SECONDS)),
            held_open_seconds=float(options.get(CONF_HELD_OPEN_SECONDS, DEFAULT_HELD_OPEN_SECONDS)),
            retention_days=int(options.get(CONF_RETENTION_DAYS, DEFAULT_RETENTION_DAYS)),
        ),
        authenticator=Authenticator(
            store_id=store_id,
            pass_secret=bytes.fromhex(entry.data[CONF_PASS_SECRET]),
            pseudonym_key=bytes.fromhex(entry.data[CONF_PSEUDONYM_KEY]),
            ledger=log,
            verifier=verifier,
        ),
        log=log,
    )
    try:
        hours = store_hours_from_options(hass, store_id, door, options)
    except HoursError as err:
        await log.async_close()
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="invalid_hours_options",
            translation_placeholders={"error": err.message},
        ) from err
    speaker = ShopSpeaker(
        hass, SpeakerSettings.from_options(options.get(CONF_SPEAKER)), entry.data[CONF_LANGUAGE]
    )
    anomalies = StoreAnomalies(
        hass, entry_id=entry.entry_id, door=door, hours=hours, settings=anomaly_settings
    )
    entry.runtime_data = StoreRuntime(
        store_id=store_id,
        name=entry.data[CONF_STORE_NAME],
        language=entry.data[CONF_LANGUAGE],
        pass_secret=bytes.fromhex(entry.data[CONF_PASS_SECRET]),
        door=door,
        hours=hours,
        speaker=speaker,
        anomalies=anomalies,
    )
    entry.async_on_unload(log.async_close)
    await door.async_start()
    entry.async_on_unload(door.async_stop)
    await hours.async_start()
    entry.async_on_unload(hours.async_stop)
    await anomalies.async_start()
    entry.async_on_unload(anomalies.async_stop)
    entry.async_on_unload(speaker.async_stop)
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        **store_device_info(store_id, entry.data[CONF_STORE_NAME]),
    )
    entry.runtime_data.engine = await async_setup_engine_link(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_reload_on_update))
    await async_offer_blueprints(hass)
    # The store's door controller is new: its door devices attach to it again.
    for device_entry in linked_door_devices(hass, entry.entry_id):
        if device_entry.state in (ConfigEntryState.LOADED, ConfigEntryState.SETUP_RETRY):
            hass.config_entries.async_schedule_reload(device_entry.entry_id)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: UnmannedStoreConfigEntry) -> bool:
    """Unload one store, or one door device."""
    if entry.data.get(CONF_ENTRY_TYPE) in (ENTRY_TYPE_DOOR_DEVICE, ENTRY_TYPE_ENGINE):
        return True
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_reload_on_update(hass: HomeAssistant, entry: UnmannedStoreConfigEntry) -> None:
    """Apply changed options by reloading the store: no Home Assistant restart needed."""
    await hass.config_entries.async_reload(entry.entry_id)
