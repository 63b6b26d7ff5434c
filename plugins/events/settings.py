"""The plugin's settings, read once per run into a frozen dataclass, defaults beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common.clock import ClockError, build_now
from i18n import language_run

#: Output patterns without the language prefix. In a language run, the i18n
#: plugin has already prefixed every one that pelicanconf.py sets; a default
#: used here gets the run's prefix the same way.
DEFAULT_URLS = {
    "EVENTS_URL": "events/",
    "EVENTS_SAVE_AS": "events/index.html",
    "EVENT_ICS_URL": "events/{slug}.ics",
    "EVENT_ICS_SAVE_AS": "events/{slug}.ics",
    "EVENT_CALENDAR_URL": "events/calendar/{year}/{month:02d}/",
    "EVENT_CALENDAR_SAVE_AS": "events/calendar/{year}/{month:02d}/index.html",
    "EVENT_CALENDAR_INDEX_URL": "events/calendar/",
    "EVENT_CALENDAR_INDEX_SAVE_AS": "events/calendar/index.html",
    "CALENDAR_ICS_URL": "calendar.ics",
    "CALENDAR_ICS_SAVE_AS": "calendar.ics",
}
DEFAULT_PATHS = ("events",)
DEFAULT_DURATION_MINUTES = 120
#: Sample values that every pattern must accept.
_SAMPLE = {"slug": "sample", "year": 2017, "month": 4, "lang": "uk"}

class EventsSettingsError(ValueError):
    """A setting is wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class EventsSettings:
    run_lang: str
    lang_prefix: str
    languages: tuple[tuple[str, str], ...]  # (code, prefix), default language first
    site_tz: ZoneInfo
    content_path: str
    paths: tuple[str, ...]
    excludes: tuple[str, ...]
    default_duration: timedelta
    now: datetime
    now_from_clock: bool  # False when EVENTS_NOW or SOURCE_DATE_EPOCH fixes it
    public_url: str  # absolute, no trailing slash; "" when unknown
    uid_domain: str
    hides_unannounced: bool  # SCHEDULED_ITEMS = "hide": production builds
    urls: dict = field(compare=False, hash=False)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.languages)

    @property
    def default_lang(self) -> str:
        return self.languages[0][0]

    def url(self, key: str, **values) -> str:
        return self.urls[key].format(**values)

    def absolute(self, url: str) -> str:
        """A site-relative URL made absolute when the public address is known."""
        return f"{self.public_url}/{url}" if self.public_url else ""


def read_events_settings(settings: dict) -> EventsSettings:
    """Validate the events settings of one language run."""
    try:
        site_tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise EventsSettingsError(
            f"TIMEZONE: unknown time zone {settings.get('TIMEZONE')!r}; write an IANA "
            "name such as 'Europe/Kyiv'"
        ) from None
    run = language_run(settings)
    prefix = run.prefix
    urls = {}
    for key, default in DEFAULT_URLS.items():
        value = settings.get(key)
        value = prefix + default if value is None else str(value)
        try:
            value.format(**_SAMPLE)
        except (KeyError, IndexError, ValueError):
            raise EventsSettingsError(
                f"{key}: {value!r} may use only {{slug}}, {{year}}, {{month}}; "
                f"the default is {default!r}"
            ) from None
        urls[key] = value
    for key in ("EVENT_CALENDAR_URL", "EVENT_CALENDAR_SAVE_AS"):
        if "{year" not in urls[key] or "{month" not in urls[key]:
            raise EventsSettingsError(
                f"{key}: {urls[key]!r} needs {{year}} and {{month}}; "
                f"the default is {DEFAULT_URLS[key]!r}"
            )
    minutes = settings.get("EVENTS_DEFAULT_DURATION", DEFAULT_DURATION_MINUTES)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise EventsSettingsError(
            f"EVENTS_DEFAULT_DURATION: {minutes!r} must be a whole number of minutes "
            f"greater than 0, e.g. {DEFAULT_DURATION_MINUTES}"
        )
    paths = settings.get("EVENT_PATHS", DEFAULT_PATHS)
    if isinstance(paths, str) or not all(isinstance(p, str) for p in paths):
        raise EventsSettingsError(
            f"EVENT_PATHS: {paths!r} must be a list of folders inside PATH, e.g. ['events']"
        )
    codes = tuple((language.code, language.prefix) for language in run.languages)
    public_url = run.served_url
    domain = settings.get("EVENTS_UID_DOMAIN") or urlsplit(public_url).hostname
    if not domain:
        raise EventsSettingsError(
            "EVENTS_UID_DOMAIN: the calendars need the site's domain for stable event "
            "UIDs; set PUBLIC_URL = 'https://example.org' or EVENTS_UID_DOMAIN = 'example.org'"
        )
    try:
        now, from_clock = build_now(settings, "EVENTS_NOW", site_tz)
    except ClockError as exc:
        raise EventsSettingsError(str(exc)) from None
    return EventsSettings(
        run_lang=run.code,
        lang_prefix=prefix,
        languages=codes,
        site_tz=site_tz,
        content_path=str(settings.get("PATH", "content")),
        paths=tuple(paths),
        excludes=tuple(settings.get("EVENT_EXCLUDES", ())),
        default_duration=timedelta(minutes=minutes),
        now=now,
        now_from_clock=from_clock,
        public_url=public_url,
        uid_domain=domain,
        hides_unannounced=settings.get("SCHEDULED_ITEMS", "show") == "hide",
        urls=urls,
    )
