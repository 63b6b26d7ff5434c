"""Wiring: the plugin takes its steps from the i18n plugin's `articles_read` and `pages_read`.

An article or page whose `Date:` is after "now" (Kyiv time unless the date
says otherwise) is scheduled. With SCHEDULED_ITEMS = "hide" (publishconf.py) it
is taken out of its generator before anything is listed or written, so it has
no page, no place in lists, feeds, the sitemap, search or cards, and its twins
do not link to it. With "show" (development) it stays, marked `scheduled`, and
the templates show a badge. Events have their own `Announce:` (events plugin).
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from common.header import read_header
from events.model import parse_moment
from i18n.reader import quick_date
from i18n.wiring import articles_read, pages_read
from sitebuild.hooks import BuildContext, Hooks

from .settings import ScheduleSettingsError, read_schedule_settings

logger = logging.getLogger(__name__)


def _aware(value, conf) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=conf.site_tz)


def _settle(items: list, conf) -> list:
    """``items`` without the scheduled ones when they are hidden; each item is marked."""
    kept = []
    for item in items:
        when = _aware(getattr(item, "date", None), conf)
        item.scheduled = when if when is not None and when > conf.now else None
        if item.scheduled and conf.hides:
            # Its twins must not link to a page that is not there.
            item.status = "scheduled"
            continue
        kept.append(item)
    return kept


def _conf(generator):
    try:
        return read_schedule_settings(generator.settings)
    except ScheduleSettingsError as exc:
        logger.error("scheduled: %s", exc)
        return None


def settle_articles(generator) -> None:
    conf = _conf(generator)
    if conf is None:
        return
    generator.articles = _settle(generator.articles, conf)
    generator.translations = _settle(generator.translations, conf)


def settle_pages(generator) -> None:
    conf = _conf(generator)
    if conf is None:
        return
    generator.pages = _settle(generator.pages, conf)
    generator.translations = _settle(generator.translations, conf)
    generator.context["pages"] = generator.pages


def _moment(text: str, name: str, conf) -> datetime | None:
    """A written `Date:` as Pelican reads it, an `Announce:` as the events plugin does;
    None when it does not parse (the checks report that)."""
    if name == "date":
        return _aware(quick_date(text), conf)
    try:
        return parse_moment(text, conf.site_tz)
    except ValueError:
        return None


def upcoming(settings) -> list[tuple[datetime, Path, str]]:
    """(moment, file, field) of every item still waiting for its moment, soonest first:
    articles and pages by `Date:`, events by `Announce:`."""
    conf = read_schedule_settings(settings)
    root = Path(settings["PATH"])
    fields = {folder: "date" for folder in (*settings.get("ARTICLE_PATHS", ()),
                                            *settings.get("PAGE_PATHS", ()))}
    fields.update({folder: "announce" for folder in settings.get("EVENT_PATHS", ("events",))})
    found = []
    for folder, name in fields.items():
        for path in sorted((root / folder).rglob("*.md")):
            written = read_header(path).fields.get(name)
            when = _moment(written.value, name, conf) if written else None
            if when is not None and when > conf.now:
                found.append((when, path, name))
    return sorted(found)


def valid_until(context: BuildContext) -> datetime | None:
    """The next scheduled moment: the build is not "up to date" after it, so a
    scheduled item appears without anyone changing a file."""
    if not read_schedule_settings(context.settings).hides:
        return None
    return min((when for when, _path, _name in upcoming(context.settings)), default=None)


build_hooks = Hooks(valid_until=valid_until)


def register():
    # The i18n plugin's steps, not Pelican's signals: they run before the run keeps
    # its own language, so a hidden twin is never linked, whatever PLUGINS says.
    articles_read.connect(settle_articles)
    pages_read.connect(settle_pages)
