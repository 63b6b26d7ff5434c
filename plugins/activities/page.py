"""The progress page (`Template: progress`, the "Planned activities" page): what each
activity has done and what comes next, in one language, from `activity_progress`'s
figures, the same as the report's. The template only lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .progress import Item, Progress
from .report import item_days, pick, unit_text


@dataclass(frozen=True)
class Entry:
    """An event, course or news item as the page lists it."""

    day: date
    day_text: str  # "20 квітня 2017", or the first and last day
    title: str
    url: str  # site-relative, with the language's prefix
    image: str  # the event's `Image:` as written, or ""
    image_alt: str
    attendance: int | None


@dataclass(frozen=True)
class ActivityProgress:
    slug: str
    title: str
    summary: str
    target: int
    done: int
    done_text: str  # "2 of 3 events held", in the language
    attendance: int
    attendance_text: str  # "21 people"
    held: tuple[Entry, ...]
    upcoming: tuple[Entry, ...]
    courses: tuple[Entry, ...]
    news: tuple[Entry, ...]


def done_text(translations, done: int, target: int, unit: str) -> str:
    """`2 of 3 events held` in the language; the plural form follows the target."""
    ngettext = translations.ngettext
    text = {
        "events": ngettext("%(done)d of %(num)d event held",
                           "%(done)d of %(num)d events held", target),
        "courses": ngettext("%(done)d of %(num)d course run",
                            "%(done)d of %(num)d courses run", target),
        "news": ngettext("%(done)d of %(num)d news item published",
                         "%(done)d of %(num)d news items published", target),
        "people": ngettext("%(done)d of %(num)d person reached",
                           "%(done)d of %(num)d people reached", target),
    }[unit]
    return text % {"done": done, "num": target}


def progress_page(activities: list[Progress], lang: str, translations,
                  date_pattern: str = "long") -> list[ActivityProgress]:
    def entry(item: Item) -> Entry:
        return Entry(item.day, item_days(item, lang, date_pattern), pick(item.titles, lang),
                     pick(item.urls, lang), pick(item.images, lang),
                     pick(item.image_alts, lang), item.attendance)

    return [ActivityProgress(
        activity.slug, pick(activity.titles, lang), pick(activity.summaries, lang),
        activity.target, activity.done,
        done_text(translations, activity.done, activity.target, activity.unit),
        activity.attendance, unit_text(translations, activity.attendance, "people"),
        tuple(map(entry, activity.held)), tuple(map(entry, activity.upcoming)),
        tuple(map(entry, activity.courses)), tuple(map(entry, activity.news)))
        for activity in activities]
