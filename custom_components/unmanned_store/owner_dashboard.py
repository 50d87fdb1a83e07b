"""The owner's dashboard, generated: what a phone shows first, with short names that fit.

The frontend module registers a dashboard strategy (`strategy: {type: custom:unmanned-store}`)
that asks the websocket API for this view. Pure: entity ids in, Lovelace configuration out.
"""

from __future__ import annotations

from typing import Any, Final

from .panel_data import PANEL_URL

# Short card names: the entities' own names carry the store's name in front, which a phone's
# half-width tile cuts off (issue 18).
NAMES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "Shop",
        "visitors_today": "Visitors today",
        "denied_today": "Denied today",
        "people_in_shop": "In the shop",
        "camera_entries_today_total": "Counted in",
        "door_mode": "Door mode",
        "main_lock": "Door lock",
        "door_open": "Door",
        "open_now": "Open now",
        "last_visitor": "Last visitor",
        "cameras": "Cameras",
        "alerts": "Alerts",
        "history": "Door and alerts, last 24 h",
        "open_panel": "Store panel: cameras, passes, log",
        "alert_after_hours_intrusion": "After-hours intrusion",
        "alert_loitering": "Loitering",
        "alert_crowding": "Crowding",
        "alert_tamper": "Camera tampering",
        "alert_flame": "Fire",
        "alert_device_offline": "Device offline",
    },
    "ko": {
        "title": "매장",
        "visitors_today": "오늘 방문",
        "denied_today": "오늘 거부",
        "people_in_shop": "매장 안",
        "camera_entries_today_total": "카메라 입장",
        "door_mode": "출입 모드",
        "main_lock": "문 잠금",
        "door_open": "출입문",
        "open_now": "영업 중",
        "last_visitor": "마지막 방문",
        "cameras": "카메라",
        "alerts": "이상 상황",
        "history": "출입·이상 기록 (24시간)",
        "open_panel": "매장 관리: 카메라, 출입 패스, 기록",
        "alert_after_hours_intrusion": "영업시간 외 침입",
        "alert_loitering": "배회",
        "alert_crowding": "혼잡",
        "alert_tamper": "카메라 훼손",
        "alert_flame": "화재",
        "alert_device_offline": "장치 연결 끊김",
    },
}
ALERT_KINDS: Final = (
    "after_hours_intrusion",
    "loitering",
    "crowding",
    "tamper",
    "flame",
    "device_offline",
)


def _tile(entity: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "tile", "entity": entity, "name": name, **extra}


def owner_view(store_name: str, language: str, entities: dict[str, str]) -> dict[str, Any]:
    """One view for a store, from its entities as `domain.key` (translation key) -> entity id.

    Cards whose entities the store does not have (no cameras yet, say) are left out.
    """
    names = NAMES["ko" if language.lower().startswith("ko") else "en"]
    cards: list[dict[str, Any]] = [{"type": "heading", "heading": store_name}]

    def grid(items: list[tuple[str, str]]) -> None:
        tiles = [_tile(entities[key], names[label]) for key, label in items if key in entities]
        if tiles:
            cards.append({"type": "grid", "columns": 2, "square": False, "cards": tiles})

    grid(
        [
            ("sensor.visitors_today", "visitors_today"),
            ("sensor.denied_today", "denied_today"),
            ("sensor.people_in_shop", "people_in_shop"),
            ("sensor.camera_entries_today_total", "camera_entries_today_total"),
        ]
    )
    if "select.door_mode" in entities:
        cards.append(
            _tile(
                entities["select.door_mode"],
                names["door_mode"],
                features=[{"type": "select-options"}],
            )
        )
    grid(
        [
            ("lock.main", "main_lock"),
            ("binary_sensor.door_open", "door_open"),
            ("binary_sensor.open_now", "open_now"),
            ("sensor.last_visitor", "last_visitor"),
        ]
    )
    cards.append(
        {
            "type": "button",
            "name": names["open_panel"],
            "icon": "mdi:store-cog",
            "icon_height": "48px",
            "show_state": False,
            "tap_action": {"action": "navigate", "navigation_path": PANEL_URL},
        }
    )
    cameras = [
        entity for key, entity in entities.items() if key.startswith("camera.camera_live_view")
    ]
    if cameras:
        cards.append({"type": "heading", "heading": names["cameras"], "heading_style": "subtitle"})
        cards.extend(
            {"type": "picture-entity", "entity": camera, "show_state": False, "show_name": True}
            for camera in cameras
        )
    alerts = [
        {"entity": entities[f"binary_sensor.anomaly_{kind}"], "name": names[f"alert_{kind}"]}
        for kind in ALERT_KINDS
        if f"binary_sensor.anomaly_{kind}" in entities
    ]
    if alerts:
        cards.append(
            {
                "type": "entities",
                "title": names["alerts"],
                "state_color": True,
                "entities": alerts,
            }
        )
    logged = [entities[key] for key in ("event.access", "event.anomaly") if key in entities]
    if logged:
        cards.append(
            {
                "type": "logbook",
                "title": names["history"],
                "hours_to_show": 24,
                "target": {"entity_id": logged},
            }
        )
    return {"title": names["title"], "path": "shop", "icon": "mdi:store", "cards": cards}


def entity_keys(rows: list[tuple[str, str | None]]) -> dict[str, str]:
    """(entity id, translation key) rows as `domain.key` -> entity id, in order.

    An entity without a translation key is its device's main feature (`main`); several cameras
    share keys, so the second is `_2`, the third `_3`.
    """
    found: dict[str, str] = {}
    for entity_id, key in rows:
        domain = entity_id.split(".", 1)[0]
        name, number = f"{domain}.{key or 'main'}", 1
        while name in found:
            number += 1
            name = f"{domain}.{key or 'main'}_{number}"
        found[name] = entity_id
    return found
