"""The store's link to its vision engine: cameras, live state, events and their dispatch.

Events are pushed over the engine's WebSocket and resumed by cursor (kept in Home Assistant's
storage, so a restart of either side neither loses nor repeats them). The engine does not push
head counts or stream health, so those are read from its state endpoint every few seconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
from datetime import date, datetime
import logging
from pathlib import Path
from typing import Any, Final

import aiohttp

from homeassistant.components.camera import async_get_stream_source
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..clients.engine.client import (
    EngineAuthenticationError,
    EngineClient,
    EngineError,
    EngineEvent,
    EngineResponseError,
)
from ..const import DOMAIN, LOGGER
from ..devices import camera_unique_id
from ..listeners import Listeners
from ..store_events import CameraEvent, signal_camera_event
from .engine_process import EngineProcess, ensure_token_file
from .geometry import format_zones, ignore_area_under, parse_zones
from .settings import CameraSettings, redact_url
from .state import (
    ANOMALY_OF,
    CameraState,
    entries_today,
    event_count,
    parse_size,
    people_in_shop,
    size_text,
)

_LOGGER = logging.getLogger(__name__)
STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 1.0
POLL_INTERVAL: Final = 2.0

EventListener = Callable[[EngineEvent], None]


class CameraSetupError(Exception):
    """A camera the engine cannot take; key is the options flow's error translation key."""

    def __init__(self, key: str, detail: str = "") -> None:
        """Keep the translation key and the engine's own words."""
        super().__init__(detail or key)
        self.key = key
        self.detail = detail


def signal_camera_added(entry_id: str) -> str:
    """Sent with a camera id when a camera is added, so each platform adds its entities."""
    return f"{DOMAIN}_{entry_id}_camera_added"


def device_identifier(store_id: str, camera_id: str) -> str:
    """A camera device's identifier under the store."""
    return f"{store_id}_camera_{camera_id}"


class EngineLink:
    """One store's engine connection and cameras."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        entry_id: str,
        store_id: str,
        session: aiohttp.ClientSession | None = None,
        is_closed: Callable[[], bool],
        add_hours_listener: Callable[[CALLBACK_TYPE], CALLBACK_TYPE],
        poll_interval: float = POLL_INTERVAL,
        backoff_min: float = 1.0,
        store_name: str = "",
    ) -> None:
        """Prepare; nothing connects until async_start or async_attach."""
        self.hass = hass
        self.entry_id = entry_id
        self.store_id = store_id
        self._store_name = store_name or store_id
        self._was_unavailable = False
        self._session = session
        self._is_closed = is_closed
        self._add_hours_listener = add_hours_listener
        self._poll_interval = poll_interval
        self._backoff_min = backoff_min
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{store_id}.cameras"
        )
        self.cameras: dict[str, CameraSettings] = {}
        # camera id -> the store's config subentry that holds the camera's settings.
        self.subentry_ids: dict[str, str] = {}
        # Cameras a subentry flow already sent to the engine, before their subentry exists.
        self._pushed: set[str] = set()
        # Events of cameras being added, held until the camera is registered here.
        self._held: dict[str, list[EngineEvent]] = {}
        self.states: dict[str, CameraState] = {}
        self.snapshots: dict[str, tuple[datetime, bytes]] = {}
        self.cursor: str | None = None
        self.available = False
        self.process: EngineProcess | None = None
        self.client: EngineClient | None = None
        self.gaps = 0
        self.standalone = False
        self._token = ""
        self._task: asyncio.Task[None] | None = None
        self._listeners: Listeners[[]] = Listeners()
        self._event_listeners: dict[str, Listeners[[EngineEvent]]] = {}
        self._unsubs: list[CALLBACK_TYPE] = []

    # ----- life cycle -----

    async def async_load(self, cameras: list[tuple[str, CameraSettings]] | None = None) -> None:
        """Read the cursor and today's counters saved last time, and take the cameras.

        A store passes its camera subentries (subentry id, settings): they are what the owner
        configured. Without them (a link on its own) the cameras saved last time are used.
        """
        data = await self._store.async_load() or {}
        self.cursor = data.get("cursor")
        if cameras is None:
            cameras = [("", CameraSettings.from_dict(raw)) for raw in data.get("cameras", [])]
        for subentry_id, settings in cameras:
            self.cameras[settings.id] = settings
            # An error reported before this start may be fixed by now (a file put back while
            # Home Assistant was down): the engine's health raises it again if not.
            ir.async_delete_issue(self.hass, DOMAIN, self._error_issue(settings.id))
            if subentry_id:
                self.subentry_ids[settings.id] = subentry_id
            state = self.states[settings.id] = CameraState()
            state.restore(data.get("counters", {}).get(settings.id, {}))

    async def async_sync_subentries(self, wanted: dict[str, tuple[str, CameraSettings]]) -> None:
        """Follow the store's camera subentries (camera id -> (subentry id, settings)).

        Called when the owner added, reconfigured or deleted a camera subentry: only what
        changed is applied, the store keeps running. A camera the engine cannot take now is
        kept and sent again at the next connection.
        """
        for camera_id in [cid for cid in self.subentry_ids if cid not in wanted]:
            self.subentry_ids.pop(camera_id)
            if camera_id in self.cameras:
                await self.async_remove_camera(camera_id)
        for camera_id, (subentry_id, settings) in wanted.items():
            self.subentry_ids[camera_id] = subentry_id
            current = self.cameras.get(camera_id)
            if current is not None and current.as_dict() == settings.as_dict():
                continue
            try:
                if current is None:
                    await self.async_add_camera(settings)
                else:
                    await self.async_update_camera(settings)
            except CameraSetupError as err:
                _LOGGER.info("camera %s waits for the engine: %s", settings.name, err.key)
                if current is None:
                    self._register(settings)
                else:
                    self.cameras[camera_id] = settings
                    self._save()

    async def async_push_camera(self, settings: CameraSettings) -> None:
        """Send a new camera to the engine before its subentry exists (the flow checks it)."""
        if settings.analytics:
            await self._async_engine_call(settings, update=False)
        self._pushed.add(settings.id)

    @property
    def running(self) -> bool:
        """Whether an engine is (being) followed."""
        return self.process is not None or self._task is not None

    async def async_wait_available(self, within: float) -> bool:
        """Wait until the engine answers, at most `within` seconds."""
        if self.available:
            return True
        ready = asyncio.Event()
        unsub = self.async_add_listener(lambda: ready.set() if self.available else None)
        try:
            async with asyncio.timeout(within):
                await ready.wait()
        except TimeoutError:
            return False
        finally:
            unsub()
        return True

    def _follow_midnight(self) -> None:
        if not self._unsubs:
            self._unsubs.append(
                async_track_time_change(self.hass, self._async_midnight, hour=0, minute=0, second=0)
            )

    async def async_start_embedded(self) -> None:
        """Run the engine as a supervised subprocess of this Python."""
        if self.process is not None:
            return
        self._follow_midnight()
        config_dir = Path(self.hass.config.config_dir)
        token_path = config_dir / f".{DOMAIN}_engine_{self.store_id}.token"
        self._token = await self.hass.async_add_executor_job(ensure_token_file, token_path)
        self.process = EngineProcess(
            config_path=config_dir / f"{DOMAIN}_engine_{self.store_id}.json",
            token_path=token_path,
            logger=LOGGER.getChild("engine"),
            on_ready=self._on_engine_ready,
            on_exit=self._on_engine_exit,
        )
        self.process.async_start()

    def async_attach(self, host: str, port: int, token: str) -> None:
        """Use an engine at host:port (the embedded one once it listens, or a standalone one)."""
        self._follow_midnight()
        if self._task is not None:
            self._task.cancel()
        self._token = token
        # Home Assistant's shared session, fetched only once an engine is used.
        session = self._session or async_get_clientsession(self.hass)
        self.client = EngineClient(session, host, port, token)
        self._task = self.hass.async_create_background_task(
            self._async_connection(self.client), f"{DOMAIN} engine link {self.store_id}"
        )

    async def async_use_standalone(self, host: str, port: int, token: str) -> None:
        """Follow a standalone engine instead of the embedded one (which is stopped)."""
        if self.process is not None:
            process, self.process = self.process, None
            await process.async_stop()
        self.standalone = True
        self.async_attach(host, port, token)

    async def async_detach(self) -> None:
        """Stop following the standalone engine (its entry is unloaded)."""
        self.standalone = False
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.client = None
        self._set_available(False, "the engine's entry was unloaded")

    async def async_stop(self) -> None:
        """Stop following the engine (and stop the embedded one); save where we are."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.process is not None:
            await self.process.async_stop()
        await self._store.async_save(self._data())

    @callback
    def _on_engine_ready(self, port: int) -> None:
        self.async_attach("127.0.0.1", port, self._token)

    @callback
    def _on_engine_exit(self, code: int | None) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._set_available(False, f"the engine exited with code {code}")

    # ----- listeners -----

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call update whenever availability, a state or a counter changes."""
        return self._listeners.add(update)

    @callback
    def async_add_event_listener(self, camera_id: str, listener: EventListener) -> CALLBACK_TYPE:
        """Call listener(event) for each event of one camera."""
        return self._event_listeners.setdefault(camera_id, Listeners()).add(listener)

    @callback
    def _notify(self) -> None:
        self._listeners.fire()

    @callback
    def _async_midnight(self, now: datetime) -> None:
        self._notify()

    # ----- what entities read -----

    def camera_available(self, camera_id: str) -> bool:
        """Engine up, camera analysed and its stream not down."""
        settings = self.cameras.get(camera_id)
        state = self.states.get(camera_id)
        return (
            self.available
            and settings is not None
            and settings.analytics
            and state is not None
            and state.connected is not False
        )

    def today(self) -> date:
        """The local date, which the daily counters follow."""
        return dt_util.now().date()

    def counters_today(self, camera_id: str) -> tuple[int, int]:
        """(entries, exits) counted today."""
        state = self.states[camera_id]
        if state.day != self.today().isoformat():
            return 0, 0
        return state.entries_today, state.exits_today

    def people_in_shop(self) -> int | None:
        """Heads in the shop now (see camera_state.people_in_shop)."""
        return people_in_shop(self._roles_and_states(), self.today())

    def entries_today(self) -> int:
        """Entries through the door cameras today."""
        return entries_today(self._roles_and_states(), self.today())

    def _roles_and_states(self) -> list[tuple[str, CameraState]]:
        return [
            (self.cameras[cid].role, state)
            for cid, state in self.states.items()
            if cid in self.cameras
        ]

    # ----- cameras -----

    async def async_resolve_source(self, settings: CameraSettings) -> str:
        """The URL the engine reads: the given one, or the Home Assistant camera's stream."""
        if settings.source:
            return settings.source
        if settings.entity_id:
            try:
                source = await async_get_stream_source(self.hass, settings.entity_id)
            except HomeAssistantError as err:
                raise CameraSetupError("no_stream_source", str(err)) from err
            if source:
                return source
        raise CameraSetupError("no_stream_source")

    async def async_add_camera(self, settings: CameraSettings) -> None:
        """Start analysing a new camera and create its device and entities."""
        if settings.analytics and settings.id not in self._pushed:
            # A stream that fails at once is reported (stream_lost) before the engine call
            # returns: its events wait here instead of being dropped as an unknown camera's.
            self._held[settings.id] = []
            try:
                await self._async_engine_call(settings, update=False)
            except BaseException:
                self._held.pop(settings.id, None)
                raise
        self._pushed.discard(settings.id)
        self._register(settings)
        for event in self._held.pop(settings.id, []):
            self._dispatch(event)

    @callback
    def _register(self, settings: CameraSettings) -> None:
        self.cameras[settings.id] = settings
        self.states.setdefault(settings.id, CameraState())
        self._save()
        async_dispatcher_send(self.hass, signal_camera_added(self.entry_id), settings.id)
        self._notify()

    async def async_update_camera(self, settings: CameraSettings) -> None:
        """Apply changed settings: the engine takes them at its next frame."""
        old = self.cameras[settings.id]
        if settings.analytics:
            await self._async_engine_call(settings, update=old.analytics)
        elif old.analytics:
            await self._async_engine_remove(settings.id)
        self.cameras[settings.id] = settings
        self._persist(settings)
        # The owner has looked at the line and zones again.
        ir.async_delete_issue(self.hass, DOMAIN, self._shape_issue(settings.id))
        self._save()
        self._notify()

    @callback
    def _persist(self, settings: CameraSettings) -> None:
        """Keep a change made from an entity (a switch, a sensitivity) in the camera's subentry,
        where the owner's settings live: otherwise a restart would bring the old ones back."""
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        subentry_id = self.subentry_ids.get(settings.id)
        if entry is None or subentry_id is None:
            return
        subentry = entry.subentries.get(subentry_id)
        if subentry is not None and dict(subentry.data) != settings.as_dict():
            self.hass.config_entries.async_update_subentry(entry, subentry, data=settings.as_dict())

    async def async_remove_camera(self, camera_id: str) -> None:
        """Stop analysing a camera and remove its device (and so its entities)."""
        settings = self.cameras.pop(camera_id)
        self.states.pop(camera_id, None)
        self.snapshots.pop(camera_id, None)
        ir.async_delete_issue(self.hass, DOMAIN, self._shape_issue(camera_id))
        ir.async_delete_issue(self.hass, DOMAIN, self._error_issue(camera_id))
        ir.async_delete_issue(self.hass, DOMAIN, self._still_issue(camera_id))
        if settings.analytics and self.available:
            await self._async_engine_remove(camera_id)
        self._save()
        # A camera subentry's device goes with the subentry; any other camera device goes here.
        registry = dr.async_get(self.hass)
        device = registry.async_get_device({(DOMAIN, device_identifier(self.store_id, camera_id))})
        if device is not None:
            registry.async_remove_device(device.id)
        self._notify()

    def _client(self) -> EngineClient:
        if self.client is None or not self.available:
            raise CameraSetupError("engine_unavailable")
        return self.client

    async def _async_engine_call(self, settings: CameraSettings, *, update: bool) -> None:
        client = self._client()
        config = settings.engine_config(await self.async_resolve_source(settings))
        try:
            if update:
                answer = await client.update_camera(settings.id, config)
                # Rules and sensitivities apply at the next frame; a new source or rate reopens
                # the stream (a gap in counting worth seeing in a debug log).
                _LOGGER.debug(
                    "camera %s: settings applied %s",
                    settings.name,
                    "by reopening its stream" if answer.get("reopened") else "at the next frame",
                )
            else:
                await client.add_camera(config)
        except EngineResponseError as err:
            raise CameraSetupError("engine_refused", _engine_words(err)) from err
        except EngineError as err:
            raise CameraSetupError("engine_unavailable", str(err)) from err

    async def _async_engine_remove(self, camera_id: str) -> None:
        try:
            await self._client().remove_camera(camera_id)
        except EngineResponseError as err:
            if err.status != 404:
                raise CameraSetupError("engine_refused", _engine_words(err)) from err
        except EngineError as err:
            raise CameraSetupError("engine_unavailable", str(err)) from err

    async def async_snapshot(self, camera_id: str, *, annotated: bool = True) -> bytes | None:
        """The engine's newest frame of a camera, or None when it has none to give."""
        if self.client is None or not self.available:
            return None
        try:
            return await self.client.snapshot(camera_id, annotated=annotated)
        except EngineError as err:
            _LOGGER.debug("no snapshot of camera %s: %s", camera_id, err)
            return None

    # ----- the connection -----

    async def _async_connection(self, client: EngineClient) -> None:
        delay = self._backoff_min
        while True:
            try:
                await self._async_prepare(client)
                break
            except EngineAuthenticationError as err:
                self._set_available(False, str(err))
                return
            except EngineError as err:
                self._set_available(False, str(err))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
        self._set_available(True)
        unsub = self._follow_hours(client)
        poll = self.hass.async_create_background_task(
            self._async_poll(client), f"{DOMAIN} engine poll {self.store_id}"
        )
        try:
            async for event in client.events(
                self.cursor, on_gap=self._on_gap, backoff_min=self._backoff_min, backoff_max=5.0
            ):
                self._handle(event)
        except EngineAuthenticationError as err:
            self._set_available(False, str(err))
        finally:
            unsub()
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poll

    async def _async_prepare(self, client: EngineClient) -> None:
        """Make the engine analyse exactly the cameras configured here, and tell it the hours."""
        info = await client.info()
        if self.cursor is None:
            # The stream opens only after the cameras below are added: without a cursor it
            # would start at "live" and lose what they report first (a short clip, a person
            # already at the door).
            self.cursor = info.latest
        present = {camera["id"] for camera in await client.cameras()}
        wanted = {cid for cid, settings in self.cameras.items() if settings.analytics}
        for camera_id in present - wanted:
            await client.remove_camera(camera_id)
        for camera_id in wanted:
            settings = self.cameras[camera_id]
            try:
                config = settings.engine_config(await self.async_resolve_source(settings))
            except CameraSetupError:
                _LOGGER.warning("camera %s has no stream source now; not analysed", settings.name)
                continue
            if camera_id in present:
                await client.update_camera(camera_id, config)
            else:
                await client.add_camera(config)
        await client.set_store_closed(self._is_closed())

    def _follow_hours(self, client: EngineClient) -> CALLBACK_TYPE:
        closed = self._is_closed()

        @callback
        def _changed() -> None:
            nonlocal closed
            if (now_closed := self._is_closed()) != closed:
                closed = now_closed
                self.hass.async_create_background_task(
                    self._async_set_closed(client, now_closed), f"{DOMAIN} engine store closed"
                )

        return self._add_hours_listener(_changed)

    async def _async_set_closed(self, client: EngineClient, closed: bool) -> None:
        try:
            await client.set_store_closed(closed)
        except EngineError as err:
            # Set again on the next (re)connection, from the hours as they are then.
            _LOGGER.warning(
                "could not tell the engine the shop is %s: %s", "closed" if closed else "open", err
            )

    async def _async_poll(self, client: EngineClient) -> None:
        while True:
            try:
                polled = False
                for camera_id, settings in list(self.cameras.items()):
                    if settings.analytics and camera_id in self.states:
                        state = self.states[camera_id]
                        was, was_error = state.connected, state.error_code
                        was_still = bool(state.still)
                        state.apply_state(await client.camera_state(camera_id))
                        _log_stream_change(settings.name, was, state.connected)
                        if state.error_code != was_error:
                            self._error_changed(settings, state)
                        if bool(state.still) != was_still:
                            self._still_changed(settings, state)
                        polled = True
                if not polled:
                    # No camera to ask about: ask the engine itself, or "available" would
                    # hold for an engine that is gone.
                    await client.info()
            except EngineResponseError as err:
                _LOGGER.debug("engine state: %s", err)
            except EngineError as err:
                self._set_available(False, str(err))
            else:
                self._set_available(True)
                self._notify()
            await asyncio.sleep(self._poll_interval)

    @callback
    def _on_gap(self, kind: str, cursor: str | None) -> None:
        self.gaps += 1

    @callback
    def _set_available(self, available: bool, reason: str = "") -> None:
        if available == self.available:
            return
        self.available = available
        # log-when-unavailable: once at INFO when it goes, once when it is back.
        if not available:
            self._was_unavailable = True
            _LOGGER.info(
                "The vision engine of store %s is unavailable: %s", self._store_name, reason
            )
        elif self._was_unavailable:
            self._was_unavailable = False
            _LOGGER.info("The vision engine of store %s is back", self._store_name)
        else:
            _LOGGER.debug("The vision engine of store %s is connected", self._store_name)
        self._notify()

    @callback
    def _handle(self, event: EngineEvent) -> None:
        self.cursor = event.cursor
        self._save()
        if (held := self._held.get(event.camera_id)) is not None:
            held.append(event)
            return
        self._dispatch(event)

    @callback
    def _dispatch(self, event: EngineEvent) -> None:
        settings = self.cameras.get(event.camera_id)
        state = self.states.get(event.camera_id)
        if settings is None or state is None:
            return
        state.apply_event(event, dt_util.as_local(event.time).date())
        if event.type == "resolution_changed":
            self._resolution_changed(settings, event.data)
        anomaly = ANOMALY_OF.get(event.type)
        snapshot_entity = None
        if anomaly is not None:
            snapshot_entity = er.async_get(self.hass).async_get_entity_id(
                "image", DOMAIN, camera_unique_id(self.store_id, event.camera_id, "last_anomaly")
            )
            self.hass.async_create_background_task(
                self._async_keep_snapshot(event.camera_id, event.time),
                f"{DOMAIN} anomaly snapshot",
            )
        if (listeners := self._event_listeners.get(event.camera_id)) is not None:
            listeners.fire(event)
        async_dispatcher_send(
            self.hass,
            signal_camera_event(self.entry_id),
            CameraEvent(
                camera_id=event.camera_id,
                camera_name=settings.name,
                role=settings.role,
                type=event.type,
                time=event.time,
                zone=event.zone,
                count=event_count(event),
                snapshot_entity=snapshot_entity,
                data={
                    **event.data,
                    "cursor": event.cursor,
                    "line": event.line,
                    "track_id": event.track_id,
                    "counts": event.counts,
                },
            ),
        )
        self._notify()

    @callback
    def _resolution_changed(self, settings: CameraSettings, data: dict[str, Any]) -> None:
        before, after = (size_text(parse_size(data.get(key))) or "?" for key in ("from", "to"))
        _LOGGER.warning(
            "camera %s now sends %s instead of %s; the engine learns the view anew",
            settings.name,
            after,
            before,
        )
        if data.get("aspect_changed"):
            # Lines and zones are fractions of the picture: on a differently shaped picture
            # they lie over other parts of the shop until the owner checks them.
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self._shape_issue(settings.id),
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="camera_view_shape_changed",
                translation_placeholders={
                    "camera": settings.name,
                    "before": before,
                    "after": after,
                },
            )

    def _shape_issue(self, camera_id: str) -> str:
        return f"camera_view_shape_{self.store_id}_{camera_id}"

    def _error_issue(self, camera_id: str) -> str:
        return f"camera_error_{self.store_id}_{camera_id}"

    @callback
    def _error_changed(self, settings: CameraSettings, state: CameraState) -> None:
        """A repair issue while the engine reports something the owner must fix; gone after."""
        issue_id = self._error_issue(settings.id)
        if state.error_code is None:
            _LOGGER.info("camera %s: the engine reports no error any more", settings.name)
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
            return
        _LOGGER.warning("camera %s: %s", settings.name, state.error or state.error_code)
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=f"camera_{state.error_code}",
            translation_placeholders={
                "camera": settings.name,
                "error": state.error or state.error_code,
            },
        )

    def _still_issue(self, camera_id: str) -> str:
        return f"camera_still_{self.store_id}_{camera_id}"

    @callback
    def _still_changed(self, settings: CameraSettings, state: CameraState) -> None:
        """Ask the owner to look while a camera sees a figure that never moves; gone after.

        Fixable: the fix draws an ignore area where it stands (async_ignore_still).
        """
        issue_id = self._still_issue(settings.id)
        if not state.still:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
            return
        figure = state.still[0]
        x, y, w, h = figure.box
        _LOGGER.info(
            "camera %s: a figure at %.2f,%.2f has not moved for %d s",
            settings.name,
            x + w / 2,
            y + h,
            figure.seconds,
        )
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="camera_still_figure",
            translation_placeholders={
                "camera": settings.name,
                "minutes": str(max(figure.seconds // 60, 1)),
                "left": str(round((x + w / 2) * 100)),
                "top": str(round((y + h / 2) * 100)),
            },
            data={"entry_id": self.entry_id, "camera_id": settings.id},
        )

    async def async_ignore_still(self, camera_id: str) -> int:
        """Draw an ignore area where each still figure of the camera stands; how many.

        Raises CameraSetupError as saving the camera does (the engine refused or is gone).
        """
        settings = self.cameras.get(camera_id)
        state = self.states.get(camera_id)
        if settings is None or state is None or not state.still:
            return 0
        zones = parse_zones(settings.zones)
        for figure in state.still:
            zones = (*zones, ignore_area_under(figure.box, settings.view == "overhead", zones))
        await self.async_update_camera(settings.with_changes(zones=format_zones(zones)))
        ir.async_delete_issue(self.hass, DOMAIN, self._still_issue(camera_id))
        return len(state.still)

    async def _async_keep_snapshot(self, camera_id: str, moment: datetime) -> None:
        if (image := await self.async_snapshot(camera_id)) is not None:
            self.snapshots[camera_id] = (moment, image)
            self._notify()

    # ----- storage -----

    @callback
    def _save(self) -> None:
        self._store.async_delay_save(self._data, SAVE_DELAY)

    def _data(self) -> dict[str, Any]:
        return {
            "cursor": self.cursor,
            # Cameras of subentries are saved in the subentries; only others are kept here.
            "cameras": [
                settings.as_dict()
                for camera_id, settings in self.cameras.items()
                if camera_id not in self.subentry_ids
            ],
            "counters": {cid: state.saved() for cid, state in self.states.items()},
        }

    def diagnostics(self) -> dict[str, Any]:
        """Engine and cameras for a support request; stream credentials removed."""
        return {
            "available": self.available,
            "embedded": self.process is not None,
            "standalone": self.standalone,
            "engine_url": None if self.client is None else self.client.base_url,
            "engine_pid": None if self.process is None else self.process.pid,
            "engine_starts": None if self.process is None else self.process.starts,
            "cursor": self.cursor,
            "gaps": self.gaps,
            "cameras": {
                cid: {
                    **settings.as_dict(),
                    "source": None if settings.source is None else redact_url(settings.source),
                    "state": {
                        "people": (state := self.states.get(cid, CameraState())).people,
                        "connected": state.connected,
                        "fps": state.fps,
                        "loitering": sorted(state.loitering),
                        "crowded": state.crowded,
                        "tamper": state.tamper,
                        "flame": state.flame,
                        "smoke": state.smoke,
                        "error_code": state.error_code,
                        "error": state.error,
                        "lag_seconds": state.lag_seconds,
                        "frames_dropped": state.frames_dropped,
                        "entries_today": state.entries_today,
                        "exits_today": state.exits_today,
                    },
                }
                for cid, settings in self.cameras.items()
            },
        }


def _log_stream_change(camera: str, was: bool | None, now: bool | None) -> None:
    """Once when a camera's stream goes down, once when it is back (not at every poll)."""
    if now is False and was is not False:
        _LOGGER.info("camera %s: the engine receives no stream", camera)
    elif now is True and was is False:
        _LOGGER.info("camera %s: the stream is back", camera)


def _engine_words(err: EngineResponseError) -> str:
    """The engine's sentence for people, without the HTTP method and path in front."""
    text = str(err)
    return text.split(": ", 1)[1] if ": " in text else text
