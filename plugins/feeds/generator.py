"""A Pelican Generator that writes the run language's feeds after the pages."""

from __future__ import annotations

import html
import logging
import os

import lxml.html
from lxml.etree import ParserError
from pelican.generators import Generator

from i18n.catalog import load_translations

from .config import FeedSettingsError, read_feed_settings
from .entries import FeedEntry, absolute_html, enclosure_for
from .render import atom_bytes, build_feed

logger = logging.getLogger(__name__)


def plain_text(html: str | None) -> str:
    if not html or not html.strip():
        return ""
    try:
        return " ".join(lxml.html.fragment_fromstring(html, create_parent="div")
                        .text_content().split())
    except ParserError:
        return html


def _published(item):
    """An announcement is published when its file says so, else when it happens."""
    return getattr(item, "date", None) or item.start


class FeedsGenerator(Generator):
    """RSS at feed.xml, Atom at atom.xml, and events/feed.xml, for one language."""

    def generate_context(self):
        try:
            self.feed_settings = read_feed_settings(self.settings)
        except FeedSettingsError as exc:
            logger.error("feeds: %s", exc)
            self.feed_settings = None
            return
        self.context["RSS_FEED_URL"] = self.feed_settings.rss_save_as
        self.context["ATOM_FEED_URL"] = self.feed_settings.atom_save_as

    def generate_output(self, writer):
        """Runs after the page generators, so the cards an entry encloses already exist."""
        conf = self.feed_settings
        if conf is None:
            return
        gettext = load_translations(self.settings["THEME"], conf.lang).gettext
        articles = [(a, self._article_entry) for a in self.context.get("articles", ())]
        events = [(e, self._event_entry) for e in self.context.get("events", ())
                  if getattr(e, "lang", conf.lang) == conf.lang]
        home = f"{conf.public_url}/{self.settings.get('LANG_PREFIX', '')}"
        made: dict[int, FeedEntry] = {}

        def newest(candidates):
            """The newest items as entries; only these are made (an entry parses the
            item's HTML, and a feed keeps FEED_MAX_ITEMS of hundreds)."""
            candidates = sorted(candidates, key=lambda c: (_published(c[0]),
                                                          f"{conf.public_url}/{c[0].url}"),
                                reverse=True)
            entries = []
            for item, make in candidates[: conf.max_items]:
                if id(item) not in made:
                    made[id(item)] = make(item)
                entries.append(made[id(item)])
            return entries

        everything = newest(articles + events)
        for save_as, kind in ((conf.rss_save_as, "rss"), (conf.atom_save_as, "atom")):
            self._write(save_as, kind, title=conf.site_name, description=conf.description,
                        home=home, entries=everything)
        self._write(conf.events_save_as, "rss",
                    title=f"{conf.site_name} — {gettext('Events')}",
                    description=conf.description, home=home, entries=newest(events))

    def _write(self, save_as, kind, *, title, description, home, entries):
        conf = self.feed_settings
        fg = build_feed(title=title, description=description, lang=conf.lang, home=home,
                        self_url=f"{conf.public_url}/{save_as}", entries=entries)
        data = fg.rss_str(pretty=True) if kind == "rss" else atom_bytes(fg, entries)
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        logger.info("feeds: wrote %s (%d items)", save_as, len(entries))

    def _common(self, item, *, summary: str, extra_html: str = ""):
        conf = self.feed_settings
        link = f"{conf.public_url}/{item.url}"
        content = extra_html + item.get_content(conf.public_url)
        card = getattr(item, "card_url", None)
        categories = []
        if getattr(item, "category", None):
            categories.append(str(item.category))
        categories += [str(t) for t in getattr(item, "tags", ())]
        published = _published(item)
        return FeedEntry(
            link=link,
            title=str(item.title) or item.slug,
            published=published,
            updated=getattr(item, "modified", None) or published,
            summary=summary,
            content=absolute_html(content, link),
            categories=tuple(dict.fromkeys(categories)),
            author=str(item.author) if getattr(item, "author", None) else None,
            enclosure=enclosure_for(self.output_path, conf.public_url, card),
        )

    def _article_entry(self, article):
        return self._common(article, summary=plain_text(article.summary))

    def _event_entry(self, event):
        """An event's item says when and where before its own text."""
        when_where = getattr(event, "feed_when_where", None) or ""
        summary = " ".join(filter(None, [when_where, plain_text(getattr(event, "summary", ""))]))
        extra = f"<p>{html.escape(when_where)}</p>" if when_where else ""
        return self._common(event, summary=summary, extra_html=extra)
