"""What a card says: its kind, language and texts, read from any content object.

Articles, pages and the objects other plugins add (events, courses) are read
the same way, with getattr defaults, so a new content type gets a card without
a change here. Dates are formatted by Babel in the card's language.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from babel.dates import format_date, format_interval, format_time
from markupsafe import Markup

from common.slugs import source_label as path_label
from common.text import one_line as plain

#: Content class name -> card kind (and folder under cards/); others: the name in lower case.
KIND_BY_CLASS = {"Article": "news", "Page": "page"}
LIST_KIND = "list"
#: Bump when drawing changes in a way the layout file does not show.
RENDERER_VERSION = "4"  # 3: Pillow's public API only; 4: JPEG pictures decoded at scale


@dataclass(frozen=True)
class CardSpec:
    """Everything drawn on one card; its digest names the cached PNG."""

    kind: str
    lang: str
    title: str = ""
    label: str = ""
    meta: str = ""
    subtitle: str = ""
    site: str = ""
    domain: str = ""
    band: str = ""
    image: str = ""  # the picture's path inside content/, when the item has one
    image_digest: str = ""  # its bytes' hash: a new photo under the same name redraws
    image_file: str = ""  # where to read it; not part of the digest (machine-specific)
    #: The partners' logos the image shows (a logos layer): their bytes' hashes, and
    #: where to read them (not part of the digest).
    logos: tuple[str, ...] = ()
    logo_files: tuple[str, ...] = ()

    def digest(self, layout_digest: str, engine_version: str) -> str:
        spec = {k: v for k, v in vars(self).items() if k not in ("image_file", "logo_files")}
        if not self.logos:
            del spec["logos"]  # an image without logos keeps the name it had before them
        payload = {
            "spec": spec,
            "layout": layout_digest,
            "engine": engine_version,
            "renderer": RENDERER_VERSION,
        }
        data = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(data).hexdigest()[:32]


def source_label(item) -> str:
    """The source file as an editor sees it: relative to the working folder when possible."""
    path = str(getattr(item, "source_path", "") or "")
    if not path:
        return str(getattr(item, "slug", "") or "?")
    return path_label(path)


def kind_of(item) -> str:
    name = type(item).__name__
    return KIND_BY_CLASS.get(name, name.lower())


#: Kinds that always have a campaign kit (plugins/kit).
KIT_KINDS = ("event", "course")


def has_kit(item) -> bool:
    """Whether the item has a campaign kit: every event and course, and an article
    that asks for one with `Kit: yes`. Only a kit page shows the square and story
    images, so only these items get them."""
    kind = kind_of(item)
    if kind == "news":
        return str((getattr(item, "metadata", None) or {}).get("kit", "")).strip() == "yes"
    return kind in KIT_KINDS


class Formatter:
    """Dates and times of one language, in the site's time zone, by Babel."""

    def __init__(self, lang: str, tz: tzinfo, date_pattern: str, time_pattern: str):
        self.lang = lang
        self.tz = tz
        self.date_pattern = date_pattern
        self.time_pattern = time_pattern

    def _local(self, value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(self.tz)
        return value

    def date(self, value: date | datetime) -> str:
        return format_date(self._local(value), self.date_pattern, locale=self.lang)

    def time(self, value: datetime) -> str:
        return format_time(self._local(value), self.time_pattern, locale=self.lang)

    def when(self, start, end=None, all_day: bool = False) -> str:
        """`20 травня 2017, 15:00–17:00`, `20–22 травня 2017`, `May 20, 2017`."""
        start = self._local(start)
        end = self._local(end) if isinstance(end, date) else None
        timed = isinstance(start, datetime) and not all_day
        start_day = start.date() if isinstance(start, datetime) else start
        end_day = (end.date() if isinstance(end, datetime) else end) if end else start_day
        if not timed:
            # An all-day end is exclusive (the day after), as in iCalendar.
            if end is not None and end_day > start_day and (
                    not isinstance(end, datetime) or end.time() == datetime.min.time()):
                end_day = end_day - timedelta(days=1)
            if end_day <= start_day:
                return self.date(start_day)
            return format_interval(start_day, end_day, "yMMMMd", locale=self.lang)
        if end is None or not isinstance(end, datetime):
            return f"{self.date(start)}, {self.time(start)}"
        if end_day == start_day:
            return f"{self.date(start)}, {self.time(start)}\u2013{self.time(end)}"
        return f"{self.date(start)}, {self.time(start)} \u2013 {self.date(end)}, {self.time(end)}"


def location_text(value) -> str:
    """An event's place: a string, or an object with a name and an address."""
    if value is None:
        return ""
    if isinstance(value, str):
        return plain(value)
    parts = [plain(getattr(value, attr, None)) for attr in ("name", "address")]
    parts = [p for p in parts if p]
    return ", ".join(dict.fromkeys(parts)) if parts else plain(value)


def status_of(item, known) -> str:
    """The event status that has a band in the layout ('' for Pelican's own statuses)."""
    for attr in ("event_status", "status"):
        value = str(getattr(item, attr, "") or "").lower()
        if value in known:
            return value
    return ""


def item_texts(item, formatter: Formatter, statuses) -> dict:
    """Title, meta line, subtitle and band of a content object.

    An object that already says when and where it happens, as text (the events
    plugin's `when` and `where`), is shown the way its page shows it.
    """
    when = getattr(item, "when", None)
    start = getattr(item, "start", None)
    if when is not None and not isinstance(when, date) and str(when):
        meta = plain(str(when))
    elif isinstance(start, date):
        meta = formatter.when(start, getattr(item, "end", None),
                              bool(getattr(item, "all_day", False)))
    elif kind_of(item) == "news" and isinstance(getattr(item, "date", None), date):
        meta = formatter.date(item.date)
    else:
        meta = ""
    where = getattr(item, "where", None)
    if isinstance(where, str) and where:
        subtitle = plain(where)
    else:
        subtitle = ", ".join(filter(None, [location_text(getattr(item, "location", None)),
                                           plain(getattr(item, "address", None))]))
    if not subtitle and kind_of(item) in ("page", "course"):
        # The item's own summary, when its file has one (Pelican keeps it as HTML).
        summary = (getattr(item, "metadata", None) or {}).get("summary")
        subtitle = plain(Markup(str(summary))) if summary else ""
    return {
        "title": plain(getattr(item, "title", "")) or str(getattr(item, "slug", "")),
        "meta": meta,
        "subtitle": subtitle,
        "band": status_of(item, statuses),
    }
