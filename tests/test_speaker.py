"""The shop speaker in a real Home Assistant: tts.speak through recording media players.

The owner picks the TTS entity and the shop's two players in the options flow, as in the
app. Every check reads what the players received: volume_set and play_media (announce) calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import datetime
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.unmanned_store.const import CONF_SPEAKER, DOMAIN
from custom_components.unmanned_store.speaker.announcements import PRESETS
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .test_speaker_peer import COUNTER, HALL, VOICE, Peer, async_setup_peer, peer_flow

NOTIFY = "notify.mangwon_ice_cream_speaker"
PRESET = "select.mangwon_ice_cream_speaker_announcement_preset"
MESSAGE = "text.mangwon_ice_cream_speaker_custom_announcement"
SPEAK = "button.mangwon_ice_cream_speaker_speak"
LAST = "sensor.mangwon_ice_cream_speaker_last_announcement"
WELCOME_KO = "어서 오세요, 망원 아이스크림입니다."
SPEAKER_FORM: dict[str, Any] = {
    "tts_entity": VOICE,
    "media_players": [COUNTER, HALL],
    "default_volume": 50,
    "quiet_max_volume": 20,
    "presets": {"welcome_ko": WELCOME_KO},
}


async def _speaker_options(
    hass: HomeAssistant, entry: MockConfigEntry, form: dict[str, Any]
) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "speaker"}
    )
    assert result["step_id"] == "speaker"
    result = await hass.config_entries.options.async_configure(result["flow_id"], form)
    await hass.async_block_till_done()
    return dict(result)


@pytest.fixture
async def peer(hass: HomeAssistant) -> AsyncIterator[Peer]:
    """The TTS entity and the shop's two players."""
    with peer_flow():
        yield await async_setup_peer(hass)


@pytest.fixture
async def shop(
    hass: HomeAssistant, peer: Peer, init_integration: MockConfigEntry
) -> MockConfigEntry:
    """The store with its speaker configured in the options flow."""
    result = await _speaker_options(hass, init_integration, SPEAKER_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    return init_integration


def _announce(
    hass: HomeAssistant, entry: MockConfigEntry, **fields: Any
) -> Coroutine[Any, Any, Any]:
    return hass.services.async_call(
        DOMAIN, "announce", {"config_entry_id": entry.entry_id, **fields}, blocking=True
    )


async def _until(condition: Callable[[], bool]) -> None:
    """Let the event loop run until ``condition`` holds (bounded)."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never held")


async def test_options_store_the_speaker(shop: MockConfigEntry) -> None:
    """Percentages become fractions; only filled-in preset texts are kept."""
    assert shop.options[CONF_SPEAKER] == {
        "tts_entity": VOICE,
        "media_players": [COUNTER, HALL],
        "default_volume": 0.5,
        "quiet_start": None,
        "quiet_end": None,
        "quiet_max_volume": 0.2,
        "presets": {"welcome": {"ko": WELCOME_KO}},
    }


async def test_options_form_shows_saved_values(hass: HomeAssistant, shop: MockConfigEntry) -> None:
    """Reopening the speaker form suggests the saved choices, presets in their section."""
    result = await hass.config_entries.options.async_init(shop.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "speaker"}
    )
    schema = result["data_schema"].schema
    suggested = {
        str(key): key.description.get("suggested_value") for key in schema if key.description
    }
    assert suggested["tts_entity"] == VOICE
    assert suggested["default_volume"] == 50
    presets = next(value for key, value in schema.items() if str(key) == "presets")
    assert {
        str(key): key.description["suggested_value"]
        for key in presets.schema.schema
        if key.description and "suggested_value" in key.description
    } == {"welcome_ko": WELCOME_KO}


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({"tts_entity": None}, {"tts_entity": "tts_required"}),
        ({"quiet_start": "22:00:00"}, {"base": "quiet_hours_incomplete"}),
        ({"quiet_start": "22:00:00", "quiet_end": "22:00:00"}, {"base": "quiet_hours_empty"}),
        ({"presets": {"welcome_en": "x" * 501}}, {"presets": "preset_too_long"}),
    ],
)
async def test_speaker_form_rejects_bad_input(
    hass: HomeAssistant,
    peer: Peer,
    init_integration: MockConfigEntry,
    form: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Each mistake is named on its field; nothing is saved."""
    user_input = {k: v for k, v in {**SPEAKER_FORM, **form}.items() if v is not None}
    result = await _speaker_options(hass, init_integration, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert CONF_SPEAKER not in init_integration.options


async def test_announce_preset_sets_volume_speaks_and_restores(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """A preset (owner's wording) at the default volume; each player's volume comes back."""
    await _announce(hass, shop, preset="welcome")
    log = peer.calls.log
    assert sorted(peer.calls.plays()) == [
        (COUNTER, WELCOME_KO, "ko"),
        (HALL, WELCOME_KO, "ko"),
    ]
    assert all(call[4] is True for call in log if call[0] == "play")  # announce=True
    assert peer.calls.volumes(COUNTER) == [0.5, 0.8]
    assert peer.calls.volumes(HALL) == [0.5, 0.4]
    first_play = next(i for i, c in enumerate(log) if c[0] == "play")
    assert all(c[0] == "volume" and c[2] == 0.5 for c in log[:first_play])
    assert hass.states.get(COUNTER).attributes["volume_level"] == 0.8
    last = hass.states.get(LAST)
    assert last.state == WELCOME_KO
    assert last.attributes["preset"] == "welcome"
    assert last.attributes["priority"] == "information"


async def test_announce_message_in_english_to_one_player_twice(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """Message, language, target, volume and repeat from the action."""
    await _announce(
        hass,
        shop,
        message="Cleaning starts in five minutes.",
        language="en",
        media_player_entity_id=[HALL],
        volume=0.9,
        repeat=2,
    )
    assert peer.calls.plays() == [(HALL, "Cleaning starts in five minutes.", "en")] * 2
    assert peer.calls.volumes(HALL) == [0.9, 0.4, 0.9, 0.4]
    assert peer.calls.volumes(COUNTER) == []


async def test_notify_entity_speaks_in_the_shop(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """notify.send_message on the speaker announces title and message."""
    await hass.services.async_call(
        "notify",
        "send_message",
        {"entity_id": NOTIFY, "title": "안내", "message": "잠시 후 청소를 시작합니다."},
        blocking=True,
    )
    assert sorted(peer.calls.plays()) == [
        (COUNTER, "안내. 잠시 후 청소를 시작합니다.", "ko"),
        (HALL, "안내. 잠시 후 청소를 시작합니다.", "ko"),
    ]
    assert hass.states.get(LAST).attributes["priority"] == "information"


async def test_queue_plays_by_priority_and_waits_for_the_player(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """Nothing talks over the playing item (same priority); then security before information."""
    peer.hall.hold = True
    first = asyncio.create_task(
        _announce(hass, shop, message="first", priority="security", media_player_entity_id=[HALL])
    )
    await _until(lambda: len(peer.calls.plays()) == 1)
    info = asyncio.create_task(_announce(hass, shop, message="info", media_player_entity_id=[HALL]))
    security = asyncio.create_task(
        _announce(hass, shop, preset="unpaid_goods", media_player_entity_id=[HALL])
    )
    await _until(lambda: shop.runtime_data.speaker.queue.waiting == 2)
    assert [p[1] for p in peer.calls.plays()] == ["first"]  # still playing: nobody else speaks
    peer.hall.finish()
    await first
    await _until(lambda: len(peer.calls.plays()) == 2)
    peer.hall.finish()
    await security
    await _until(lambda: len(peer.calls.plays()) == 3)
    peer.hall.finish()
    await info
    assert [p[1] for p in peer.calls.plays()] == ["first", PRESETS["unpaid_goods"].ko, "info"]
    assert peer.calls.volumes(HALL) == [0.5, 0.4, 0.5, 0.4, 0.5, 0.4]


async def test_fire_preempts_and_is_not_capped_in_quiet_hours(
    hass: HomeAssistant,
    shop: MockConfigEntry,
    peer: Peer,
    freezer: FrozenDateTimeFactory,
) -> None:
    """At 23:00 in quiet hours information is capped at 20 %; fire cuts in at full volume."""
    await hass.config.async_set_time_zone("Asia/Seoul")
    freezer.move_to(datetime(2026, 2, 16, 23, 0, tzinfo=ZoneInfo("Asia/Seoul")))
    result = await _speaker_options(
        hass, shop, {**SPEAKER_FORM, "quiet_start": "22:00:00", "quiet_end": "07:00:00"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    peer.hall.hold = True
    talk = asyncio.create_task(
        _announce(hass, shop, message="late offer", media_player_entity_id=[HALL], volume=0.9)
    )
    await _until(lambda: len(peer.calls.plays()) == 1)
    assert peer.calls.volumes(HALL) == [0.2]
    fire = asyncio.create_task(
        _announce(hass, shop, preset="fire_evacuation", media_player_entity_id=[HALL], volume=1.0)
    )
    with pytest.raises(HomeAssistantError) as cut:
        await talk
    assert cut.value.translation_key == "announce_preempted"
    await _until(lambda: len(peer.calls.plays()) == 2)
    peer.hall.finish()
    await fire
    assert peer.calls.plays()[1][1] == PRESETS["fire_evacuation"].ko
    # late offer at 0.2, restored to 0.4, fire at 1.0, restored to 0.4.
    assert peer.calls.volumes(HALL) == [0.2, 0.4, 1.0, 0.4]
    assert hass.states.get(LAST).attributes["priority"] == "fire"


async def test_player_off_is_a_translated_error(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """A switched-off player: the action fails, naming the player; nothing is played."""
    peer.counter.turn_off_now()
    with pytest.raises(HomeAssistantError) as err:
        await _announce(hass, shop, preset="welcome")
    assert err.value.translation_key == "announce_player_unavailable"
    assert str(err.value) == "The media player media_player.counter is off or unavailable"
    assert peer.calls.log == []
    assert hass.states.get(LAST).state == "unknown"


async def test_player_failure_restores_volume_and_reports(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """play_media raising inside tts.speak: translated error, volume still restored."""
    peer.hall.fail_play = "speaker unplugged"
    with pytest.raises(HomeAssistantError) as err:
        await _announce(hass, shop, message="hello", media_player_entity_id=[HALL])
    assert err.value.translation_key == "announce_tts_failed"
    assert "speaker unplugged" in str(err.value)
    assert peer.calls.volumes(HALL) == [0.5, 0.4]


async def test_player_refusing_the_volume_is_reported(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer, caplog: pytest.LogCaptureFixture
) -> None:
    """volume_set failing: nothing is spoken, the error names the player."""
    peer.hall.fail_volume = "volume locked"
    with pytest.raises(HomeAssistantError) as err:
        await _announce(hass, shop, message="hello", media_player_entity_id=[HALL])
    assert err.value.translation_key == "announce_player_failed"
    assert str(err.value) == "The media player media_player.hall failed: volume locked"
    assert peer.calls.plays() == []
    assert "Could not restore the volume of media_player.hall" in caplog.text


async def test_button_speaks_custom_text_else_preset(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """The select chooses the preset, the text overrides it, the button speaks."""
    await hass.services.async_call(
        "select", "select_option", {"entity_id": PRESET, "option": "closing_soon"}, blocking=True
    )
    await hass.services.async_call("button", "press", {"entity_id": SPEAK}, blocking=True)
    assert peer.calls.plays()[-1][1] == PRESETS["closing_soon"].ko
    await hass.services.async_call(
        "text", "set_value", {"entity_id": MESSAGE, "value": "마감 10분 전입니다."}, blocking=True
    )
    await hass.services.async_call("button", "press", {"entity_id": SPEAK}, blocking=True)
    assert peer.calls.plays()[-1][1] == "마감 10분 전입니다."
    assert hass.states.get(PRESET).state == "closing_soon"
    assert hass.states.get(MESSAGE).state == "마감 10분 전입니다."
    # Preset and text survive a reload (restored states).
    await hass.config_entries.async_reload(shop.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(PRESET).state == "closing_soon"
    assert hass.states.get(MESSAGE).state == "마감 10분 전입니다."


async def test_bounded_wait_for_a_stuck_player(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """A player that never stops playing holds the queue only for the playback timeout."""
    shop.runtime_data.speaker.playback_timeout = 0.01
    peer.hall.hold = True
    await _announce(hass, shop, message="one", media_player_entity_id=[HALL])
    await _announce(hass, shop, message="two", media_player_entity_id=[HALL])
    assert [p[1] for p in peer.calls.plays()] == ["one", "two"]
    assert peer.calls.volumes(HALL) == [0.5, 0.4, 0.5, 0.4]


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"message": "   "}, "announce_empty_message"),
        ({}, "announce_missing_message"),
        ({"message": "x" * 501}, "announce_message_too_long"),
    ],
)
async def test_bad_requests_are_validation_errors(
    hass: HomeAssistant, shop: MockConfigEntry, fields: dict[str, Any], key: str
) -> None:
    """Caller mistakes come back as translated validation errors."""
    with pytest.raises(ServiceValidationError) as err:
        await _announce(hass, shop, **fields)
    assert err.value.translation_key == key


async def test_message_and_preset_together_are_rejected(
    hass: HomeAssistant, shop: MockConfigEntry
) -> None:
    """The action's schema allows one of message and preset."""
    with pytest.raises(vol.Invalid):
        await _announce(hass, shop, message="hi", preset="welcome")


async def test_unconfigured_speaker_says_so(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Without players the action names the missing setting; without TTS, the TTS."""
    with pytest.raises(ServiceValidationError) as err:
        await _announce(hass, init_integration, preset="welcome")
    assert err.value.translation_key == "announce_no_speaker"
    with pytest.raises(HomeAssistantError) as err2:
        await hass.services.async_call(
            "notify", "send_message", {"entity_id": NOTIFY, "message": "hi"}, blocking=True
        )
    assert err2.value.translation_key == "announce_no_speaker"


async def test_missing_tts_entity_is_reported(
    hass: HomeAssistant, shop: MockConfigEntry, peer: Peer
) -> None:
    """The chosen TTS entity is gone: the error names it."""
    assert await hass.config_entries.async_unload(peer.entry.entry_id)
    await hass.async_block_till_done()
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("button", "press", {"entity_id": SPEAK}, blocking=True)
    assert err.value.translation_key == "announce_tts_unavailable"
    assert VOICE in str(err.value)


async def test_unknown_store_is_rejected(hass: HomeAssistant, shop: MockConfigEntry) -> None:
    """The shared store lookup applies to announce too."""
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "announce",
            {"config_entry_id": "nope", "message": "hi"},
            blocking=True,
        )
    assert err.value.translation_key == "store_not_found"


def test_every_announcement_error_has_a_translation() -> None:
    """Each error key the queue or the speaker raises has an exceptions entry in every language."""
    from custom_components.unmanned_store.speaker import announcements
    from custom_components.unmanned_store.speaker.speaker import ERROR_KEYS

    assert set(announcements._ERROR_MESSAGES) <= set(ERROR_KEYS)
    root = Path(announcements.__file__).parent.parent
    for name in ("strings.json", "translations/en.json", "translations/ko.json"):
        exceptions = json.loads((root / name).read_text(encoding="utf-8"))["exceptions"]
        missing = {key for key in ERROR_KEYS if f"announce_{key}" not in exceptions}
        assert not missing, (name, missing)
