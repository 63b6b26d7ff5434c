"""The plugin's settings, read once per run into a frozen dataclass, defaults beside them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common.clock import ClockError, build_now

#: "show": development builds show a scheduled item with a badge;
#: "hide": production builds leave it out until its moment (publishconf.py).
MODES = ("show", "hide")


class ScheduleSettingsError(ValueError):
    """A setting is wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class ScheduleSettings:
    mode: str
    now: datetime
    now_from_clock: bool
    site_tz: ZoneInfo

    @property
    def hides(self) -> bool:
        return self.mode == "hide"


def read_schedule_settings(settings) -> ScheduleSettings:
    mode = settings.get("SCHEDULED_ITEMS", "show")
    if mode not in MODES:
        raise ScheduleSettingsError(
            f"SCHEDULED_ITEMS: {mode!r}; write 'show' (development: a badge) or 'hide' "
            "(production: left out until their date)")
    try:
        site_tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleSettingsError(
            f"TIMEZONE: unknown time zone {settings.get('TIMEZONE')!r}") from None
    try:
        now, from_clock = build_now(settings, "SCHEDULE_NOW", site_tz)
    except ClockError as exc:
        raise ScheduleSettingsError(str(exc)) from None
    return ScheduleSettings(mode, now, from_clock, site_tz)
