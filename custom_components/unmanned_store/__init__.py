"""The unmanned_store integration: a small unattended shop run from Home Assistant."""

from __future__ import annotations

import contextlib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState, ConfigSubentry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.storage import Store
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import slugify

from .anomalies.state import CONF_ANOMALIES, AnomalySettings, StoreAnomalies
from .blueprint_install import async_offer_blueprints
from .cameras.engine_entry import (
    async_remove_store_cameras,
    async_setup_engine_entry,
    linked_engines,
)
from .cameras.engine_setup import ISSUE_NO_ENGINE, async_setup_engine_link
from .const import (
    CONF_CONTACT_ENTITY,
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
    LOGGER,
    SUBENTRY_CAMERA,
)
from .devices import store_device_info
from .door.authenticator import Authenticator
from .door.controller import DoorController, DoorSettings
from .door.device import async_setup_door_device_entry, linked_door_devices
from .door.verifier import IdentityVerifier
from .door.visitor_log import VisitorLog
from .hours.model import HoursError
from .hours.schedule import store_hours_from_options
from .runtime import (
    ISSUE_ORPHANED,
    DomainConfigEntry,
    StoreConfigEntry,
    StoreRuntime,
    is_door_device,
    is_engine,
    is_store,
)
from .services import async_setup_services
from .speaker.speaker import ShopSpeaker, SpeakerSettings
from .subentry_flow import camera_subentries

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
    """Register the actions shared by all stores."""
    async_setup_services(hass)
    return True


def database_path(hass: HomeAssistant, store_id: str) -> Path:
    """Where a store's visitor log lives: in Home Assistant's configuration directory."""
    return Path(hass.config.path(f"{DOMAIN}_{store_id}.db"))


# Options the running store takes as they are; any other change rebuilds the store (a reload).
LIVE_OPTIONS = frozenset(
    {CONF_UNLOCK_SECONDS, CONF_HELD_OPEN_SECONDS, CONF_RETENTION_DAYS, CONF_SPEAKER}
)
LEGACY_CAMERAS = "cameras"


async def async_setup_entry(hass: HomeAssistant, entry: DomainConfigEntry) -> bool:
    """Set up a store, or a networked door device or a standalone engine linked to one."""
    if is_door_device(entry):
        entry.runtime_data = await async_setup_door_device_entry(hass, entry)
    elif is_engine(entry):
        entry.runtime_data = await async_setup_engine_entry(hass, entry)
    elif is_store(entry):
        entry.runtime_data = await _async_build_store(hass, entry)
        await _async_start_store(hass, entry)
    return True


async def _async_build_store(hass: HomeAssistant, entry: StoreConfigEntry) -> StoreRuntime:
    """Build one store's door, hours, speaker and anomalies from its data and options."""
    # First, so that an options save landing while the store is being built is not lost: the
    # listener sees the store is not built yet and reloads it once it is.
    entry.async_on_unload(entry.add_update_listener(_async_store_updated))
    store_id: str = entry.data[CONF_STORE_ID]
    options = dict(entry.options)
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
        settings=_door_settings(store_id, options),
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
    runtime = StoreRuntime(
        store_id=store_id,
        name=entry.data[CONF_STORE_NAME],
        language=entry.data[CONF_LANGUAGE],
        pass_secret=bytes.fromhex(entry.data[CONF_PASS_SECRET]),
        door=door,
        hours=hours,
        speaker=speaker,
        anomalies=anomalies,
        options=options,
    )
    entry.async_on_unload(log.async_close)
    await door.async_start()
    entry.async_on_unload(door.async_stop)
    await hours.async_start()
    entry.async_on_unload(hours.async_stop)
    await anomalies.async_start()
    entry.async_on_unload(anomalies.async_stop)
    entry.async_on_unload(speaker.async_stop)
    return runtime


async def _async_start_store(hass: HomeAssistant, entry: StoreConfigEntry) -> None:
    """Register the store's device, start its engine link, platforms and linked entries."""
    store_id = entry.runtime_data.store_id
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        **store_device_info(store_id, entry.data[CONF_STORE_NAME]),
    )
    entry.runtime_data.engine = await async_setup_engine_link(
        hass, entry, list(camera_subentries(entry).values())
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_offer_blueprints(hass)
    # The store's door and engine link are new: its door devices and engines attach again.
    for child in [
        *linked_door_devices(hass, entry.entry_id),
        *linked_engines(hass, entry.entry_id),
    ]:
        if child.state in (ConfigEntryState.LOADED, ConfigEntryState.SETUP_RETRY):
            hass.config_entries.async_schedule_reload(child.entry_id)


def _linked_entries(hass: HomeAssistant, store_entry_id: str) -> list[ConfigEntry[Any]]:
    return [*linked_door_devices(hass, store_entry_id), *linked_engines(hass, store_entry_id)]


def _door_settings(store_id: str, options: dict[str, Any]) -> DoorSettings:
    return DoorSettings(
        door_id=f"{store_id}_door",
        scan_entity=options.get(CONF_SCAN_ENTITY),
        lock_entity=options.get(CONF_LOCK_ENTITY),
        contact_entity=options.get(CONF_CONTACT_ENTITY),
        unlock_seconds=float(options.get(CONF_UNLOCK_SECONDS, DEFAULT_UNLOCK_SECONDS)),
        held_open_seconds=float(options.get(CONF_HELD_OPEN_SECONDS, DEFAULT_HELD_OPEN_SECONDS)),
        retention_days=int(options.get(CONF_RETENTION_DAYS, DEFAULT_RETENTION_DAYS)),
    )


async def _async_store_updated(hass: HomeAssistant, entry: StoreConfigEntry) -> None:
    """Apply what changed: cameras and some options live, anything else by one reload."""
    if entry.state is not ConfigEntryState.LOADED:
        # Being built (or torn down): build it again from what is saved now.
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    store = entry.runtime_data
    if (
        store.name != entry.data[CONF_STORE_NAME]
        or store.language != entry.data[CONF_LANGUAGE]
        or not _only_live_changes(store.options, dict(entry.options))
    ):
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    options = dict(entry.options)
    if options != store.options:
        store.door.settings = _door_settings(store.store_id, options)
        if store.speaker is not None:
            store.speaker.apply_settings(SpeakerSettings.from_options(options.get(CONF_SPEAKER)))
        store.options = options
        LOGGER.debug("Store %s took its new options without a reload", store.name)
    if store.engine is not None:
        await store.engine.async_sync_subentries(camera_subentries(entry))


def _only_live_changes(old: dict[str, Any], new: dict[str, Any]) -> bool:
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    return changed <= LIVE_OPTIONS


async def async_unload_entry(hass: HomeAssistant, entry: DomainConfigEntry) -> bool:
    """Unload a store (its door devices and engines wait for it again), or a linked entry."""
    if not is_store(entry):
        return True
    # Its door devices stop following their devices now, instead of handing scans to a door
    # controller that no longer exists; they stay loaded and wait, and the store's next setup
    # reloads them onto its new door. (Its engine entries follow the store's engine link,
    # which stops with the store.)
    for child in linked_door_devices(hass, entry.entry_id):
        if child.state is ConfigEntryState.LOADED:
            await child.runtime_data.async_stop()
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: DomainConfigEntry) -> None:
    """Delete what an entry left on disk, and for a store, on its engine and its linked entries."""
    ir.async_delete_issue(hass, DOMAIN, f"{ISSUE_ORPHANED}_{entry.entry_id}")
    if is_door_device(entry):
        await Store[Any](hass, 1, f"{DOMAIN}.{entry.entry_id}.cursor").async_remove()
        return
    if not is_store(entry):
        return
    store_id: str = entry.data[CONF_STORE_ID]
    camera_ids = list(camera_subentries(entry))
    for engine_entry in linked_engines(hass, entry.entry_id):
        left = await async_remove_store_cameras(hass, engine_entry, camera_ids)
        if left:
            LOGGER.warning(
                "Could not delete the cameras %s of store %s on the engine %s",
                ", ".join(left),
                entry.title,
                engine_entry.title,
            )
        await hass.config_entries.async_remove(engine_entry.entry_id)
    for device_entry in linked_door_devices(hass, entry.entry_id):
        await hass.config_entries.async_remove(device_entry.entry_id)
    for key in (
        f"{DOMAIN}.{entry.entry_id}.door",
        f"{DOMAIN}.{store_id}.unwritten_visits",
        f"{DOMAIN}.{store_id}.hours",
        f"{DOMAIN}.{store_id}.cameras",
    ):
        await Store[Any](hass, 1, key).async_remove()
    await hass.async_add_executor_job(_remove_store_files, hass.config.config_dir, store_id)
    if not any(
        is_store(other) and other.entry_id != entry.entry_id
        for other in hass.config_entries.async_entries(DOMAIN)
    ):
        # The last store: forget which blueprints were offered, so a new install offers them
        # again. The blueprint files stay, since automations may use them (docs/privacy.md).
        await Store[Any](hass, 1, f"{DOMAIN}.blueprints").async_remove()
    for issue_id in (f"{ISSUE_NO_ENGINE}_{store_id}", "database_unavailable", "database_error"):
        ir.async_delete_issue(hass, DOMAIN, issue_id)


def _remove_store_files(config_dir: str, store_id: str) -> None:
    """The visitor database (with SQLite's side files) and the embedded engine's files."""
    base = Path(config_dir)
    database = base / f"{DOMAIN}_{store_id}.db"
    for path in (
        database,
        *(database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")),
        base / f".{DOMAIN}_engine_{store_id}.token",
        base / f"{DOMAIN}_engine_{store_id}.json",
    ):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


async def async_migrate_entry(hass: HomeAssistant, entry: DomainConfigEntry) -> bool:
    """1.x -> 2.1: a store's cameras become its config subentries; its unique id its name."""
    if entry.version > 2:
        return False  # written by a newer version of the integration
    if entry.version == 1 and is_store(entry):
        store_id: str = entry.data[CONF_STORE_ID]
        legacy: Store[dict[str, Any]] = Store(hass, 1, f"{DOMAIN}.{store_id}.cameras")
        saved = await legacy.async_load() or {}
        options = dict(entry.options)
        raw_cameras = [*options.pop(LEGACY_CAMERAS, []), *saved.pop(LEGACY_CAMERAS, [])]
        known = {sub.unique_id for sub in entry.subentries.values()}
        for raw in raw_cameras:
            if raw.get("id") in known:
                continue
            known.add(raw["id"])
            hass.config_entries.async_add_subentry(
                entry,
                ConfigSubentry(
                    data=MappingProxyType(dict(raw)),
                    subentry_type=SUBENTRY_CAMERA,
                    title=raw.get("name") or raw["id"],
                    unique_id=raw["id"],
                ),
            )
        if saved or raw_cameras:
            await legacy.async_save(saved)  # cursor and counters stay, the cameras moved
        unique_id: str | None = entry.unique_id
        wanted = f"store_{slugify(entry.data[CONF_STORE_NAME])}"
        if hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, wanted) is None:
            unique_id = wanted
        hass.config_entries.async_update_entry(
            entry, options=options, unique_id=unique_id, version=2, minor_version=1
        )
    elif entry.version == 1:
        hass.config_entries.async_update_entry(entry, version=2, minor_version=1)
    LOGGER.debug("Migrated %s to version %s.%s", entry.title, entry.version, entry.minor_version)
    return True
