"""The generated owner dashboard: short names in the store's language, only what exists."""

from __future__ import annotations

from custom_components.unmanned_store.owner_dashboard import NAMES, entity_keys, owner_view

ENTITIES = {
    "sensor.visitors_today": "sensor.shop_visitors_today",
    "sensor.denied_today": "sensor.shop_denied_today",
    "select.door_mode": "select.shop_door_mode",
    "lock.main": "lock.shop_door",
    "binary_sensor.open_now": "binary_sensor.shop_open_now",
    "event.access": "event.shop_access",
    "binary_sensor.anomaly_flame": "binary_sensor.shop_flame",
}


def _cards(view: dict[str, object]) -> list[dict[str, object]]:
    cards = view["cards"]
    assert isinstance(cards, list)
    return cards


def test_names_in_both_languages() -> None:
    """Every short name exists in English and Korean."""
    assert set(NAMES["en"]) == set(NAMES["ko"])


def test_korean_store_without_cameras() -> None:
    """Tiles carry short Korean names; no camera cards for a store without cameras."""
    view = owner_view("망원 아이스크림 무인점포", "ko", ENTITIES)
    cards = _cards(view)
    assert view["title"] == "매장"
    assert cards[0] == {"type": "heading", "heading": "망원 아이스크림 무인점포"}
    grid = cards[1]
    assert grid["type"] == "grid"
    assert [(tile["entity"], tile["name"]) for tile in grid["cards"]] == [  # type: ignore[attr-defined]
        ("sensor.shop_visitors_today", "오늘 방문"),
        ("sensor.shop_denied_today", "오늘 거부"),
    ]
    mode = cards[2]
    assert mode["entity"] == "select.shop_door_mode"
    assert mode["features"] == [{"type": "select-options"}]
    assert not any(card["type"] == "picture-entity" for card in cards)
    [alerts] = [card for card in cards if card["type"] == "entities"]
    assert alerts["entities"] == [{"entity": "binary_sensor.shop_flame", "name": "화재"}]
    [log] = [card for card in cards if card["type"] == "logbook"]
    assert log["target"] == {"entity_id": ["event.shop_access"]}
    [button] = [card for card in cards if card["type"] == "button"]
    assert button["tap_action"] == {"action": "navigate", "navigation_path": "/unmanned-store"}


def test_english_store_with_cameras() -> None:
    """Each camera's live view, in the order the cameras were added."""
    rows = [
        ("camera.entrance", "camera_live_view"),
        ("camera.aisle", "camera_live_view"),
        ("lock.shop_door", None),
        ("sensor.shop_people", "people_in_shop"),
    ]
    keys = entity_keys(rows)
    assert keys == {
        "camera.camera_live_view": "camera.entrance",
        "camera.camera_live_view_2": "camera.aisle",
        "lock.main": "lock.shop_door",
        "sensor.people_in_shop": "sensor.shop_people",
    }
    cards = _cards(owner_view("Corner shop", "en-GB", keys))
    assert [card["entity"] for card in cards if card["type"] == "picture-entity"] == [
        "camera.entrance",
        "camera.aisle",
    ]
    assert {"type": "heading", "heading": "Cameras", "heading_style": "subtitle"} in cards
    names = [
        tile["name"]  # type: ignore[index]
        for card in cards
        if card["type"] == "grid"
        for tile in card["cards"]  # type: ignore[attr-defined]
    ]
    assert names == ["In the shop", "Door lock"]
    assert not any(card["type"] in {"entities", "logbook"} for card in cards)
