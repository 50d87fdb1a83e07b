"""The shop speaker at run time: one announcement queue playing through a TTS entity.

The queue (``announcements``) decides what plays when; this module plays one item: it
remembers each player's volume, sets the announcement's volume, calls ``tts.speak``, waits
(bounded) while the player reports playing, and restores the volume. Every failure becomes
an ``AnnouncementError`` that reaches the caller as a translated Home Assistant error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, Final

from homeassistant.components.media_player.const import (
    ATTR_MEDIA_VOLUME_LEVEL,
    MediaPlayerEntityFeature,
    MediaPlayerState,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
    STATE_OFF,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..listeners import Listeners
from .announcements import (
    PRESETS,
    Announcement,
    AnnouncementError,
    AnnouncementQueue,
    AnnouncementResult,
    Priority,
    preset_priority,
    resolve_message,
)

DEFAULT_VOLUME: Final = 0.5
DEFAULT_QUIET_MAX_VOLUME: Final = 0.3
# A player that never leaves "playing" (a stuck stream) must not hold the queue forever.
DEFAULT_PLAYBACK_TIMEOUT: Final = 120.0
_UNUSABLE_STATES: Final = frozenset({STATE_OFF, STATE_UNAVAILABLE, STATE_UNKNOWN})
# Errors of the caller's input; the rest are the speaker's (playback) failures.
INPUT_ERRORS: Final = frozenset(
    {
        "unknown_preset",
        "empty_message",
        "message_too_long",
        "missing_message",
        "message_and_preset",
        "invalid_language",
        "invalid_repeat",
        "invalid_volume",
        "no_speaker",
    }
)
ERROR_KEYS: Final = (
    *sorted(INPUT_ERRORS),
    "preempted",
    "withdrawn",
    "queue_full",
    "queue_closed",
    "playback_failed",
    "tts_unavailable",
    "player_unavailable",
    "tts_failed",
    "player_failed",
)


def announcement_error(err: AnnouncementError) -> HomeAssistantError:
    """The translated Home Assistant error for a failed announcement."""
    kind = ServiceValidationError if err.key in INPUT_ERRORS else HomeAssistantError
    return kind(
        translation_domain=DOMAIN,
        translation_key=f"announce_{err.key}",
        translation_placeholders=err.placeholders,
    )


def _fraction(value: Any, default: float) -> float:
    return default if value is None else min(max(float(value), 0.0), 1.0)


@dataclass(frozen=True, slots=True)
class SpeakerSettings:
    """The speaker options: which TTS entity speaks through which players, how loud."""

    tts_entity: str | None = None
    media_players: tuple[str, ...] = ()
    default_volume: float = DEFAULT_VOLUME
    quiet_hours: tuple[time, time] | None = None
    quiet_max_volume: float = DEFAULT_QUIET_MAX_VOLUME
    presets: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_options(cls, data: Mapping[str, Any] | None) -> SpeakerSettings:
        """Read the ``speaker`` options (as the options flow stores them)."""
        data = data or {}
        start = dt_util.parse_time(str(data.get("quiet_start") or ""))
        end = dt_util.parse_time(str(data.get("quiet_end") or ""))
        return cls(
            tts_entity=data.get("tts_entity") or None,
            media_players=tuple(data.get("media_players") or ()),
            default_volume=_fraction(data.get("default_volume"), DEFAULT_VOLUME),
            quiet_hours=None if start is None or end is None else (start, end),
            quiet_max_volume=_fraction(data.get("quiet_max_volume"), DEFAULT_QUIET_MAX_VOLUME),
            presets={
                key: {lang: str(text) for lang, text in texts.items() if text}
                for key, texts in (data.get("presets") or {}).items()
                if key in PRESETS and isinstance(texts, Mapping)
            },
        )


@dataclass(frozen=True, slots=True)
class LastAnnouncement:
    """What the speaker said last, for the sensor."""

    message: str
    preset: str | None
    priority: Priority
    language: str
    time: datetime


class ShopSpeaker:
    """The store's speaker: announce() queues, plays, and reports failures."""

    def __init__(
        self,
        hass: HomeAssistant,
        settings: SpeakerSettings,
        language: str,
        *,
        playback_timeout: float = DEFAULT_PLAYBACK_TIMEOUT,
    ) -> None:
        """Set up an idle speaker; ``language`` is the store's announcement language."""
        self.hass = hass
        self.settings = settings
        self.language = language
        self.playback_timeout = playback_timeout
        self.queue = AnnouncementQueue(
            self._async_play,
            default_volume=settings.default_volume,
            quiet_hours=settings.quiet_hours,
            quiet_max=settings.quiet_max_volume,
            clock=lambda: dt_util.now().time(),
        )
        self.last: LastAnnouncement | None = None
        # What the select and text entities hold, so the speak button can use both.
        self.selected_preset: str = "welcome"
        self.custom_message: str = ""
        self._listeners: Listeners[[]] = Listeners()

    @callback
    def apply_settings(self, settings: SpeakerSettings) -> None:
        """Take changed options without a reload; what is queued keeps playing."""
        self.settings = settings
        self.queue.set_volume_policy(
            settings.default_volume, settings.quiet_hours, settings.quiet_max_volume
        )

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update`` after each announcement played."""
        return self._listeners.add(update)

    async def async_stop(self) -> None:
        """Stop what plays and fail what waits."""
        await self.queue.close()

    async def async_announce(
        self,
        *,
        message: str | None = None,
        preset: str | None = None,
        language: str | None = None,
        targets: Sequence[str] = (),
        volume: float | None = None,
        priority: Priority | None = None,
        repeat: int = 1,
    ) -> AnnouncementResult:
        """Speak a message or a preset; raises AnnouncementError when it could not."""
        language = language or self.language
        text = resolve_message(preset, message, language, self.settings.presets)
        announcement = Announcement(
            message=text,
            language=language,
            priority=preset_priority(preset) if priority is None else priority,
            repeat=repeat,
            volume=volume,
            targets=tuple(targets) or self.settings.media_players,
            preset=preset,
        )
        if not announcement.targets:
            raise AnnouncementError("no_speaker", "No media player is set for the speaker")
        result = await self.queue.announce(announcement)
        self.last = LastAnnouncement(
            text, preset, announcement.priority, language, dt_util.utcnow()
        )
        self._listeners.fire()
        return result

    async def async_speak_selected(self) -> AnnouncementResult:
        """The speak button: the custom text when there is one, else the selected preset."""
        if self.custom_message.strip():
            return await self.async_announce(message=self.custom_message)
        return await self.async_announce(preset=self.selected_preset)

    # -- playing one item -----------------------------------------------------------------

    def _check_ready(self, targets: Sequence[str]) -> dict[str, float | None]:
        """Return each target's volume to restore (None: cannot set it), or raise."""
        tts_entity = self.settings.tts_entity
        tts_state = None if tts_entity is None else self.hass.states.get(tts_entity)
        if tts_state is None or tts_state.state == STATE_UNAVAILABLE:
            raise AnnouncementError(
                "tts_unavailable",
                f"The text-to-speech entity {tts_entity} is not available",
                {"entity_id": str(tts_entity)},
            )
        volumes: dict[str, float | None] = {}
        for target in targets:
            state = self.hass.states.get(target)
            if state is None or state.state in _UNUSABLE_STATES:
                raise AnnouncementError(
                    "player_unavailable",
                    f"The media player {target} is off or unavailable",
                    {"entity_id": target},
                )
            features = MediaPlayerEntityFeature(state.attributes.get(ATTR_SUPPORTED_FEATURES, 0))
            level = state.attributes.get(ATTR_MEDIA_VOLUME_LEVEL)
            volumes[target] = (
                float(level)
                if MediaPlayerEntityFeature.VOLUME_SET in features and level is not None
                else None
            )
        return volumes

    async def _async_set_volume(self, target: str, level: float) -> None:
        try:
            await self.hass.services.async_call(
                "media_player",
                "volume_set",
                {ATTR_ENTITY_ID: target, ATTR_MEDIA_VOLUME_LEVEL: level},
                blocking=True,
            )
        except HomeAssistantError as err:
            raise AnnouncementError(
                "player_failed",
                f"The media player {target} failed: {err}",
                {"entity_id": target, "error": str(err)},
            ) from err

    async def _async_play(self, announcement: Announcement) -> None:
        """Play one announcement (the queue calls this once per repeat)."""
        targets = announcement.targets
        saved = self._check_ready(targets)
        volume = announcement.volume
        try:
            if volume is not None:
                for target, level in saved.items():
                    if level is not None:
                        await self._async_set_volume(target, volume)
            try:
                await self.hass.services.async_call(
                    "tts",
                    "speak",
                    {
                        ATTR_ENTITY_ID: self.settings.tts_entity,
                        "media_player_entity_id": list(targets),
                        "message": announcement.message,
                        "language": announcement.language,
                    },
                    blocking=True,
                )
            except HomeAssistantError as err:
                raise AnnouncementError(
                    "tts_failed", f"Text to speech failed: {err}", {"error": str(err)}
                ) from err
            await self._async_wait_until_done(targets)
        finally:
            await self._async_restore(saved)

    async def _async_restore(self, saved: Mapping[str, float | None]) -> None:
        for target, level in saved.items():
            if level is None:
                continue
            try:
                await self._async_set_volume(target, level)
            except AnnouncementError as err:
                # The announcement itself has played (or failed with its own error); a
                # player that refuses its old volume back is worth a warning, not a new error.
                LOGGER.warning("Could not restore the volume of %s: %s", target, err.message)

    async def _async_wait_until_done(self, targets: Sequence[str]) -> None:
        """Wait while a target reports playing, at most ``playback_timeout`` seconds."""

        def playing() -> bool:
            return any(
                (state := self.hass.states.get(target)) is not None
                and state.state == MediaPlayerState.PLAYING
                for target in targets
            )

        if not playing():
            return
        done = asyncio.Event()

        @callback
        def _changed(_event: Event[EventStateChangedData]) -> None:
            if not playing():
                done.set()

        unsub = async_track_state_change_event(self.hass, list(targets), _changed)
        try:
            async with asyncio.timeout(self.playback_timeout):
                await done.wait()
        except TimeoutError:
            LOGGER.warning(
                "%s still playing after %.0f s; the next announcement goes ahead",
                ", ".join(targets),
                self.playback_timeout,
            )
        finally:
            unsub()
