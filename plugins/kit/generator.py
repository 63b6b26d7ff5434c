"""The kit of one language run: a poster and a kit page per event, course and
article that asks for one (`Kit: yes`; `cards.model.has_kit`).

`/events/<slug>/poster.pdf` and `/events/<slug>/kit/` (courses and news alike,
`/en/` for English). The kit page is for the team, not for visitors: `noindex`, so
the sitemap leaves it out; no search body, and linked from no public page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
from datetime import datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path

from babel.dates import format_date
from markupsafe import Markup
from pelican.generators import Generator

from cards.draw import font_coverage
from cards.model import has_kit, kind_of
from cards.text import clean
from common.files import write_atomic
from common.text import one_line, site_path
from i18n import language_run
from i18n.catalog import load_translations
from partners.model import partners_for

from .poster import Poster, poster_fonts, render_poster
from .texts import long_post, short_post

logger = logging.getLogger(__name__)

#: Statuses that put a banner on the poster.
BANNERS = {"cancelled": "Cancelled", "postponed": "Postponed"}


def _stamp(item) -> datetime | None:
    """The item's own date for the PDF: modified, published, or an event's start."""
    for name in ("modified", "date", "start"):
        value = getattr(item, name, None)
        if isinstance(value, datetime):
            return value
    return None


class KitGenerator(Generator):
    """Writes the posters and kit pages of the run's events, courses and articles with a kit."""

    def generate_context(self):
        theme = Path(self.settings["THEME"])
        self.run = language_run(self.settings)  # the build has checked the languages
        self.fonts = {"regular": theme / "fonts" / "NotoSans-Regular.ttf",
                      "bold": theme / "fonts" / "NotoSans-Bold.ttf"}
        # Characters the fonts lack (emoji) and format characters (a right-to-left
        # override) are left out of the poster, as the cards leave them out.
        self.coverage = font_coverage(self.fonts.values())
        # A poster is made again only when what it shows, the fonts or this code change.
        self.cache = Path(self.settings["CACHE_PATH"]) / "posters"
        code = hashlib.sha256(Path(render_poster.__code__.co_filename).read_bytes())
        code.update(f"{version('fpdf2')} {version('segno')} {version('fonttools')}".encode())
        for path in self.fonts.values():
            code.update(path.read_bytes())
        self.code_digest = code.hexdigest()
        self.public_url = self.run.public_url
        self.drawing_fonts: dict[str, Path] | None = None  # made with the first poster drawn
        content = Path(self.settings["PATH"])
        self.content = content
        languages = self.run.codes
        # A logo's hash is in the poster's cache key: a new logo redraws the posters.
        self.logos = tuple((str(p.logo_file), p.digest)
                           for p in partners_for(content, languages, "poster"))

    def _facts(self, item, _):
        """(kind, when, place, registration, banner) of an event, a course or an article."""
        if kind_of(item) == "news":  # an article: its title and summary say it all
            return _("News"), "", "", None, ""
        if hasattr(item, "occurrences"):  # an event
            when = str(item.when) + ("" if item.all_day else f" ({_('Kyiv time')})")
            status = getattr(item, "event_status", "")
            return (_("Event"), when, item.where, item.registration,
                    _(BANNERS[status]) if status in BANNERS else "")
        session = item.next_session
        when = ""
        place = ""
        if session is not None:
            when = str(session.when) + ("" if session.occurrence.all_day
                                        else f" ({_('Kyiv time')})")
            place = session.event.where
        return _("Course"), when, place, item.registration, ""

    def _series(self, item, translations) -> str:
        """For an event of several sessions: how many dates follow the first, and the
        last one; a noticeboard shows one poster for the whole series."""
        occurrences = getattr(item, "occurrences", None) or ()
        if len(occurrences) < 2:
            return ""
        pattern = self.run.all_date_patterns[item.lang]["long"]
        last = format_date(occurrences[-1].last_day, pattern, locale=item.lang)
        more = len(occurrences) - 1
        return translations.ngettext("and %(num)d more date, the last on %(date)s",
                                     "and %(num)d more dates, the last on %(date)s",
                                     more) % {"num": more, "date": last}

    def printable(self, text: str) -> str:
        return clean(one_line(text), self.coverage)[0]

    def kit(self, item) -> dict:
        """Everything the poster and the kit page show, in the item's language."""
        translations = load_translations(self.settings["THEME"], item.lang)
        _ = translations.gettext
        kind, when, place, registration, banner = self._facts(item, _)
        url = f"{self.public_url}/{item.url}"
        title = one_line(item.title)
        summary = one_line(Markup(getattr(item, "summary", "") or ""))
        register = ""
        if registration is not None:
            register = f"{_('Registration')}: {registration.label or registration.href}"
        lines = [(_("When"), when), (_("Where"), place)]
        if register:
            lines.append((_("Registration"), registration.label or registration.href))
        return {
            "poster": Poster(lang=item.lang, site=self.printable(self.settings["SITENAME"]),
                             kind=kind, title=self.printable(title),
                             when=self.printable(when),
                             series=self.printable(self._series(item, translations)),
                             place=self.printable(place),
                             summary=self.printable(summary),
                             register=self.printable(register), url=url, banner=banner,
                             scan=_("Scan to open the page"), stamp=_stamp(item),
                             logos=self.logos,
                             logos_caption=_("Partners and funding") if self.logos else "",
                             **self._photo(item)),
            "short": short_post(title, when, url),
            "long": long_post(title=title, lines=lines, summary=summary, url=url,
                              tags=getattr(item, "tags", ())),
        }

    def _photo(self, item) -> dict:
        """The item's `Image:` as a file the poster can print, and its bytes' hash."""
        value = (getattr(item, "metadata", None) or {}).get("image")
        if not value:
            return {}
        path = self.content / site_path(value)
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp") or not path.is_file():
            return {}
        return {"photo": str(path),
                "photo_digest": hashlib.sha256(path.read_bytes()).hexdigest()[:24]}

    def poster_file(self, poster: Poster) -> Path:
        """The poster's PDF in the cache, made when it is not there yet."""
        data = json.dumps(dataclasses.asdict(poster), default=str, sort_keys=True)
        key = hashlib.sha256((self.code_digest + data).encode()).hexdigest()[:32]
        cached = self.cache / f"{key}.pdf"
        if not cached.exists():
            if self.drawing_fonts is None:
                self.drawing_fonts = poster_fonts(self.fonts, self.coverage,
                                                  self.cache / "fonts")
            write_atomic(cached, render_poster(poster, self.drawing_fonts))
        return cached

    def generate_output(self, writer):
        items = [*(self.context.get("events") or ()), *(self.context.get("courses") or ()),
                 *(article for article in self.context.get("articles") or ()
                   if has_kit(article))]
        write = partial(writer.write_file, context=self.context,
                        relative_urls=self.settings["RELATIVE_URLS"])
        template = self.get_template("kit")
        used = set()
        for item in items:
            kit = self.kit(item)
            folder = item.url if item.url.endswith("/") else item.url + "/"
            cached = self.poster_file(kit["poster"])
            used.add(cached.name)
            # A PDF is bytes, which Pelican's writer (text through a template) does not
            # write: it is copied into the run's output folder directly.
            path = os.path.join(self.output_path, folder, "poster.pdf")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            shutil.copyfile(cached, path)
            write(name=f"{folder}kit/index.html", template=template, item=item,
                  kit=kit, url=f"{folder}kit/")
        for stale in self.cache.glob("*.pdf") if self.cache.is_dir() else ():
            if stale.name not in used:
                stale.unlink(missing_ok=True)
