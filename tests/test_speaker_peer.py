"""Test peers for the shop speaker: a TTS entity and media players that record their calls.

They are real entities of a small integration ("shop_peer") loaded into Home Assistant, so
``tts.speak`` runs Home Assistant's own code: it resolves our TTS entity, builds the
media-source id and calls ``media_player.play_media`` (announce) on these players. This file
holds no tests; test_speaker.py and the latency benchmark set the peer up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_config_flow,
    mock_integration,
    mock_platform,
)

from homeassistant.components.media_player import (
    MediaPlayerEntity,
    MediaPlayerEntityFeature,
    MediaPlayerState,
    MediaType,
)
from homeassistant.components.tts import TextToSpeechEntity, TtsAudioType
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.setup import async_setup_component

PEER = "shop_peer"
VOICE = "tts.shop_voice"
COUNTER = "media_player.counter"
HALL = "media_player.hall"


@dataclass
class Calls:
    """Every volume and play call, in the order the players received them."""

    log: list[tuple[Any, ...]] = field(default_factory=list)

    def plays(self) -> list[tuple[str, str, str | None]]:
        """(player, message, language) of each play_media call."""
        return [(c[1], c[2], c[3]) for c in self.log if c[0] == "play"]

    def volumes(self, player: str) -> list[float]:
        """The volumes one player was set to, in order."""
        return [c[2] for c in self.log if c[0] == "volume" and c[1] == player]


class ShopVoice(TextToSpeechEntity):
    """A TTS engine for ko and en; the audio itself is never fetched by the players."""

    _attr_name = "Shop voice"
    _attr_unique_id = "shop_voice"
    _attr_default_language = "ko"
    _attr_supported_languages: ClassVar[list[str]] = ["ko", "en"]

    async def async_get_tts_audio(
        self, message: str, language: str, options: dict[str, Any]
    ) -> TtsAudioType:
        """Silence."""
        return "mp3", b""


class RecordingPlayer(MediaPlayerEntity):
    """A player that records calls; ``hold`` keeps it playing until ``finish()``."""

    _attr_supported_features = (
        MediaPlayerEntityFeature.PLAY_MEDIA
        | MediaPlayerEntityFeature.VOLUME_SET
        | MediaPlayerEntityFeature.MEDIA_ANNOUNCE
    )

    def __init__(self, name: str, calls: Calls, volume: float) -> None:
        """A player named ``name``, idle at ``volume``."""
        self._attr_name = name
        self._attr_unique_id = name.lower()
        self._attr_state = MediaPlayerState.IDLE
        self._attr_volume_level = volume
        self.calls = calls
        self.hold = False
        self.fail_play: str | None = None
        self.fail_volume: str | None = None

    async def async_set_volume_level(self, volume: float) -> None:
        """Record and apply the volume."""
        self.calls.log.append(("volume", self.entity_id, volume))
        if self.fail_volume is not None:
            raise HomeAssistantError(self.fail_volume)
        self._attr_volume_level = volume
        self.async_write_ha_state()

    async def async_play_media(
        self, media_type: MediaType | str, media_id: str, **kwargs: Any
    ) -> None:
        """Record what tts.speak asked for; the message is in the media-source id."""
        query = parse_qs(urlparse(media_id).query)
        self.calls.log.append(
            (
                "play",
                self.entity_id,
                query["message"][0],
                query.get("language", [None])[0],
                kwargs.get("announce"),
            )
        )
        if self.fail_play is not None:
            raise HomeAssistantError(self.fail_play)
        if self.hold:
            self._attr_state = MediaPlayerState.PLAYING
            self.async_write_ha_state()

    def finish(self) -> None:
        """The announcement has ended."""
        self._attr_state = MediaPlayerState.IDLE
        self.async_write_ha_state()

    def turn_off_now(self) -> None:
        """Someone switched the player off."""
        self._attr_state = MediaPlayerState.OFF
        self.async_write_ha_state()


class PeerFlow(ConfigFlow):
    """Config entries need a flow handler; the peer's entry is made directly."""

    VERSION = 1


def peer_flow() -> Iterator[None]:
    """Register the peer's flow handler while the peer is loaded (a context manager)."""
    return mock_config_flow(PEER, PeerFlow)


@dataclass
class Peer:
    """The peer's entities, for tests to steer."""

    calls: Calls
    counter: RecordingPlayer
    hall: RecordingPlayer
    voice: ShopVoice
    entry: MockConfigEntry


async def async_setup_peer(hass: HomeAssistant) -> Peer:
    """Load tts, media_player and the peer integration with its voice and two players.

    Call it inside ``with peer_flow():`` and keep that open while the peer is loaded.
    """
    calls = Calls()
    counter = RecordingPlayer("Counter", calls, 0.8)
    hall = RecordingPlayer("Hall", calls, 0.4)
    voice = ShopVoice()

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(
            entry, [Platform.TTS, Platform.MEDIA_PLAYER]
        )
        return True

    async def unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        return await hass.config_entries.async_unload_platforms(
            entry, [Platform.TTS, Platform.MEDIA_PLAYER]
        )

    async def setup_voice(
        hass: HomeAssistant, entry: ConfigEntry, add: AddConfigEntryEntitiesCallback
    ) -> None:
        add([voice])

    async def setup_players(
        hass: HomeAssistant, entry: ConfigEntry, add: AddConfigEntryEntitiesCallback
    ) -> None:
        add([counter, hall])

    assert await async_setup_component(hass, "tts", {})
    assert await async_setup_component(hass, "media_player", {})
    mock_integration(
        hass, MockModule(PEER, async_setup_entry=setup_entry, async_unload_entry=unload_entry)
    )
    mock_platform(hass, f"{PEER}.config_flow")
    mock_platform(hass, f"{PEER}.tts", MockPlatform(async_setup_entry=setup_voice))
    mock_platform(hass, f"{PEER}.media_player", MockPlatform(async_setup_entry=setup_players))
    entry = MockConfigEntry(domain=PEER)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(VOICE) is not None
    assert hass.states.get(COUNTER) is not None
    return Peer(calls, counter, hall, voice, entry)
