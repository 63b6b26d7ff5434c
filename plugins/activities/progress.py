"""What has been done towards each planned activity: one function for the progress
page, the report page and `invoke report --activities`, so they show the same numbers.

It reads the source files as the checks do (`checks.sources`), not Pelican's
objects, so the report needs no build; the checks have passed before it runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from checks.rules import parse_date
from checks.sources import SourceFile, collect_sources
from events.model import EVENT_FIELDS, parse_event
from events.settings import read_events_settings
from i18n import language_run

from .model import parse_activity, parse_attendance
from .rules import FOLDER

#: Items whose `Status:` keeps them off the site, or off its lists.
_UNLISTED = ("draft", "hidden")


@dataclass(frozen=True)
class Item:
    """An event, course or news item that counts towards an activity."""

    kind: str  # event, course or news
    slug: str
    day: date  # an event's first day, a course's first held session, a news item's date
    last_day: date
    titles: dict[str, str]  # by language
    places: dict[str, str]  # by language; events only
    urls: dict[str, str]  # by language, site-relative with the language's prefix
    attendance: int | None = None
    images: dict[str, str] = field(default_factory=dict)  # `Image:` by language; events only
    image_alts: dict[str, str] = field(default_factory=dict)  # `Image_alt:` by language


@dataclass
class Progress:
    slug: str
    titles: dict[str, str]
    summaries: dict[str, str]
    target: int
    unit: str  # activities.model.UNITS
    start: date
    end: date
    held: list[Item] = field(default_factory=list)  # events held, oldest first
    upcoming: list[Item] = field(default_factory=list)  # events to come, soonest first
    courses: list[Item] = field(default_factory=list)  # courses with a held session
    news: list[Item] = field(default_factory=list)  # news published, oldest first

    @property
    def attendance(self) -> int:
        return sum(item.attendance or 0 for item in self.held)

    @property
    def done(self) -> int:
        """What counts towards the target, in its unit."""
        return {"events": len(self.held), "courses": len(self.courses),
                "news": len(self.news), "people": self.attendance}[self.unit]


def _languages(settings: dict) -> tuple[str, ...]:
    return language_run(settings).codes


def _prefix(settings: dict, lang: str) -> str:
    return language_run(settings).prefix_of(lang)


def _url(settings: dict, kind: str, lang: str, slug: str) -> str:
    """The page of an item in ``lang``, as the i18n plugin places it."""
    default = {"ARTICLE": "news/{slug}/", "EVENT": "events/{slug}/",
               "COURSE": "courses/{slug}/"}[kind]
    pattern = settings.get(f"{kind}_LANG_URL") or ""
    if "{lang_prefix}" in pattern:  # inside a language run (i18n.config.run_overrides)
        return pattern.format(lang_prefix=_prefix(settings, lang), slug=slug, lang=lang)
    return _prefix(settings, lang) + settings.get(f"{kind}_URL", default).format(
        slug=slug, lang=lang)


def _status(source: SourceFile) -> str:
    return (source.get("status") or "published").strip().lower()


def _in(day: date, period: tuple[date, date] | None) -> bool:
    return period is None or period[0] <= day <= period[1]


def activity_progress(settings: dict, *, period: tuple[date, date] | None = None,
                      now: datetime | None = None) -> list[Progress]:
    """Every planned activity (in file order) with what counts towards it; with
    ``period`` (first and last day), only what happened in it."""
    languages = _languages(settings)
    conf = read_events_settings(settings)
    now = now or conf.now
    today = now.astimezone(conf.site_tz).date()
    course_paths = tuple(settings.get("COURSE_PATHS", ("courses",)))
    news_paths = tuple(settings.get("ARTICLE_PATHS", ("news",)))
    folders = [FOLDER, *conf.paths, *course_paths, *news_paths]
    groups: dict[tuple[str, str], dict[str, SourceFile]] = defaultdict(dict)
    for source in collect_sources(Path(settings["PATH"]), folders):
        lang = source.get("lang") or source.lang or languages[0]
        if lang in languages:
            groups[(source.kind, source.stem if source.kind == FOLDER else source.slug)][
                lang] = source

    def first(twins: dict[str, SourceFile]) -> SourceFile:
        return next(twins[lang] for lang in languages if lang in twins)

    def texts(twins, name: str) -> dict[str, str]:
        return {lang: (source.get(name) or "").strip() for lang, source in twins.items()}

    activities: dict[str, Progress] = {}
    for (kind, slug), twins in sorted(groups.items()):
        source = first(twins)
        if kind != FOLDER or _status(source) == "draft":
            continue
        info, _problems = parse_activity({k: f.value for k, f in source.fields.items()})
        if info is not None:
            activities[slug] = Progress(slug, texts(twins, "title"), texts(twins, "summary"),
                                        info.target, info.unit, info.start, info.end)

    sessions: dict[str, list[date]] = defaultdict(list)  # course slug -> held session days
    for (kind, slug), twins in sorted(groups.items()):
        source = first(twins)
        if kind not in conf.paths or _status(source) in _UNLISTED:
            continue
        fields = {k: f.value for k, f in source.fields.items() if k in EVENT_FIELDS}
        info, _problems = parse_event(fields, site_tz=conf.site_tz,
                                      default_duration=conf.default_duration)
        if info is None or info.status in ("cancelled", "postponed"):
            continue
        held = info.first.start <= now
        if held and info.course:
            sessions[info.course] += [o.first_day for o in info.occurrences
                                      if o.start <= now and _in(o.first_day, period)]
        activity = activities.get((source.get("activity") or "").strip())
        if activity is None:
            continue
        attendance = source.get("attendance")
        item = Item("event", slug, info.first.first_day, info.last.last_day,
                    texts(twins, "title"),
                    {lang: (s.get("location") or s.get("online_url") or "").strip()
                     for lang, s in twins.items()},
                    {lang: _url(settings, "EVENT", lang, slug) for lang in twins},
                    parse_attendance(attendance) if held and attendance else None,
                    {lang: s.get("image").strip() for lang, s in twins.items()
                     if (s.get("image") or "").strip()},
                    texts(twins, "image_alt"))
        if held and _in(item.day, period):
            activity.held.append(item)
        elif not held and (period is None or item.day <= period[1]):
            activity.upcoming.append(item)

    for (kind, slug), twins in sorted(groups.items()):
        source = first(twins)
        activity = activities.get((source.get("activity") or "").strip())
        if activity is None or _status(source) in _UNLISTED:
            continue
        urls = {lang: _url(settings, "COURSE" if kind in course_paths else "ARTICLE", lang,
                           slug) for lang in twins}
        if kind in course_paths and sessions.get(slug):
            days = sorted(sessions[slug])
            activity.courses.append(Item("course", slug, days[0], days[-1],
                                         texts(twins, "title"), {}, urls))
        elif kind in news_paths and source.get("date"):
            day = parse_date(source.get("date")).date()
            if day <= today and _in(day, period):
                activity.news.append(Item("news", slug, day, day, texts(twins, "title"),
                                          {}, urls))
    for activity in activities.values():
        for items in (activity.held, activity.upcoming, activity.courses, activity.news):
            items.sort(key=lambda item: (item.day, item.slug))
    return list(activities.values())
