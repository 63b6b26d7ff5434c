"""The plugin's settings, read once per run into a frozen dataclass, defaults beside them.

Time zone, "now", the public address and the calendar UID domain are the events
plugin's: a course's sessions are events, and its calendar must give them the
same UIDs and split them at the same moment as the events' own pages do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from events.settings import EventsSettingsError, read_events_settings
from i18n import language_run

#: Output patterns without the language prefix; the i18n plugin adds it to the
#: ones pelicanconf.py sets, and a default used here gets the run's prefix too.
DEFAULT_URLS = {
    "COURSE_URL": "courses/{slug}/",
    "COURSE_SAVE_AS": "courses/{slug}/index.html",
    "COURSES_URL": "courses/",
    "COURSES_SAVE_AS": "courses/index.html",
    "COURSE_ICS_URL": "courses/{slug}.ics",
    "COURSE_ICS_SAVE_AS": "courses/{slug}.ics",
}
#: Patterns that name one course and so need {slug}.
_PER_COURSE = ("COURSE_URL", "COURSE_SAVE_AS", "COURSE_ICS_URL", "COURSE_ICS_SAVE_AS")
DEFAULT_PATHS = ("courses",)


class CoursesSettingsError(ValueError):
    """A setting is wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class CoursesSettings:
    run_lang: str
    lang_prefix: str
    languages: tuple[tuple[str, str], ...]  # (code, prefix), default language first
    content_path: str
    paths: tuple[str, ...]
    excludes: tuple[str, ...]
    site_tz: ZoneInfo
    now: datetime
    public_url: str  # absolute, no trailing slash; "" when unknown
    uid_domain: str
    date_pattern: str
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


def read_courses_settings(settings: dict) -> CoursesSettings:
    """Validate the courses settings of one language run."""
    try:
        events = read_events_settings(settings)
    except EventsSettingsError as exc:
        raise CoursesSettingsError(str(exc)) from None
    prefix = events.lang_prefix
    urls = {}
    for key, default in DEFAULT_URLS.items():
        value = settings.get(key)
        value = prefix + default if value is None else str(value)
        try:
            value.format(slug="sample")
        except (KeyError, IndexError, ValueError):
            raise CoursesSettingsError(
                f"{key}: {value!r} may use only {{slug}}; the default is {default!r}"
            ) from None
        if key in _PER_COURSE and "{slug}" not in value:
            raise CoursesSettingsError(
                f"{key}: {value!r} needs {{slug}}, or every course gets the same address; "
                f"the default is {default!r}")
        urls[key] = value
    for key in ("COURSE_URL", "COURSE_SAVE_AS"):
        # Pelican's content class reads these itself, so they must be real settings.
        if settings.get(key) is None:
            raise CoursesSettingsError(
                f"{key}: missing; write {key} = {DEFAULT_URLS[key]!r} in pelicanconf.py")
    if len(events.languages) > 1 and settings.get("COURSE_LANG_URL") is None:
        raise CoursesSettingsError(
            "I18N_CONTENT_KINDS: 'COURSE' is missing, so courses in the other languages "
            "have no address; add it: I18N_CONTENT_KINDS = ['EVENT', 'COURSE']")
    paths = settings.get("COURSE_PATHS", DEFAULT_PATHS)
    if isinstance(paths, str) or not all(isinstance(p, str) for p in paths):
        raise CoursesSettingsError(
            f"COURSE_PATHS: {paths!r} must be a list of folders inside PATH, e.g. ['courses']")
    patterns = language_run(settings).date_patterns
    return CoursesSettings(
        run_lang=events.run_lang,
        lang_prefix=events.lang_prefix,
        languages=events.languages,
        content_path=events.content_path,
        paths=tuple(paths),
        excludes=tuple(settings.get("COURSE_EXCLUDES", ())),
        site_tz=events.site_tz,
        now=events.now,
        public_url=events.public_url,
        uid_domain=events.uid_domain,
        date_pattern=patterns.get("long", "d MMMM y"),
        urls=urls,
    )
