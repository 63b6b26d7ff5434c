"""The kit of one language run: a poster and a kit page per event and course.

`/events/<slug>/poster.pdf` and `/events/<slug>/kit/` (courses alike, `/en/`
for English). The kit page is for the team, not for visitors: `noindex`, so
the sitemap leaves it out; no search body, and linked from no public page.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from functools import partial
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from common.text import one_line
from i18n.catalog import load_translations

from .poster import Poster, render_poster
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
    """Writes the posters and kit pages of the run's events and courses."""

    def generate_context(self):
        theme = Path(self.settings["THEME"])
        self.fonts = {"regular": theme / "fonts" / "NotoSans-Regular.ttf",
                      "bold": theme / "fonts" / "NotoSans-Bold.ttf"}
        self.public_url = str(self.settings.get("PUBLIC_URL") or "").rstrip("/")

    def _facts(self, item, _):
        """(kind, when, place, registration, banner) of an event or a course."""
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

    def kit(self, item) -> dict:
        """Everything the poster and the kit page show, in the item's language."""
        _ = load_translations(self.settings["THEME"], item.lang).gettext
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
            "poster": Poster(lang=item.lang, site=one_line(self.settings["SITENAME"]),
                             kind=kind, title=title, when=when, place=place,
                             summary=summary, register=register, url=url, banner=banner,
                             scan=_("Scan to open the page"), stamp=_stamp(item)),
            "short": short_post(title, when, url),
            "long": long_post(title=title, lines=lines, summary=summary, url=url,
                              tags=getattr(item, "tags", ())),
        }

    def generate_output(self, writer):
        items = [*(self.context.get("events") or ()), *(self.context.get("courses") or ())]
        write = partial(writer.write_file, context=self.context,
                        relative_urls=self.settings["RELATIVE_URLS"])
        template = self.get_template("kit")
        for item in items:
            kit = self.kit(item)
            folder = item.url if item.url.endswith("/") else item.url + "/"
            # A PDF is bytes, which Pelican's writer (text through a template) does not
            # write: it goes into the run's output folder directly.
            path = os.path.join(self.output_path, folder, "poster.pdf")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(render_poster(kit["poster"], self.fonts))
            write(name=f"{folder}kit/index.html", template=template, item=item,
                  kit=kit, url=f"{folder}kit/")
