"""The operating hours in Home Assistant's calendar: open intervals and closed days."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .entity import HoursEntity
from .hours.model import SUMMARY_CLOSED, SUMMARY_OPEN, SUMMARY_SPECIAL_HOURS, HoursEvent
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 0

CALENDAR = EntityDescription(key="hours_calendar", translation_key="hours_calendar")
# Event summaries are data, not entity names, so they follow the store's language.
SUMMARIES: Final[dict[str, dict[str, str]]] = {
    "ko": {SUMMARY_OPEN: "영업", SUMMARY_SPECIAL_HOURS: "특별 영업", SUMMARY_CLOSED: "휴무"},
    "en": {SUMMARY_OPEN: "Open", SUMMARY_SPECIAL_HOURS: "Special hours", SUMMARY_CLOSED: "Closed"},
}
_LOOK_AHEAD: Final = timedelta(days=8)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hours calendar."""
    async_add_entities([HoursCalendar(entry, CALENDAR)])


class HoursCalendar(HoursEntity, CalendarEntity):
    """Timed events while open; an all-day event on each closed exception date.

    The entity's own state is on while the shop is open: closed days are listed in the
    calendar but are not the "current event".
    """

    def __init__(self, entry: UnmannedStoreConfigEntry, description: EntityDescription) -> None:
        """Bind the calendar to the hours and the store's language."""
        super().__init__(entry, description)
        self._summaries = SUMMARIES.get(entry.runtime_data.language, SUMMARIES["en"])

    def _event(self, item: HoursEvent) -> CalendarEvent:
        summary = self._summaries[item.summary_key]
        if item.label:
            summary = f"{summary}: {item.label}"
        start, end = item.start, item.end
        if isinstance(start, datetime) and isinstance(end, datetime):
            return CalendarEvent(
                start=dt_util.as_local(start), end=dt_util.as_local(end), summary=summary
            )
        return CalendarEvent(start=start, end=end, summary=summary)

    @property
    def event(self) -> CalendarEvent | None:
        """The open interval now, or the next one."""
        now = dt_util.utcnow()
        for item in self.hours.hours.calendar_events(now, now + _LOOK_AHEAD, self.hours.tz):
            if (
                item.summary_key != SUMMARY_CLOSED
                and isinstance(item.end, datetime)
                and item.end > now
            ):
                return self._event(item)
        return None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """The hours and exceptions between two instants."""
        return [
            self._event(item)
            for item in self.hours.hours.calendar_events(start_date, end_date, self.hours.tz)
        ]
