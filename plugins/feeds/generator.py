"""A Pelican Generator that writes the run language's feeds after the pages."""

from __future__ import annotations

import html
import logging
from functools import partial

from pelican.generators import Generator

from common.sanitize import clean_html, clean_text
from common.text import TextTemplate
from i18n.catalog import load_translations

from .config import FeedSettingsError, read_feed_settings
from .entries import FeedEntry, absolute_html, enclosure_for
from .render import atom_bytes, build_feed

logger = logging.getLogger(__name__)


def plain_text(html: str | None) -> str:
    """A summary's HTML as one line of text, without what a script element held."""
    return clean_text(html)


def _published(item):
    """An announcement is published when its file says so, else when it happens."""
    return getattr(item, "date", None) or item.start


class FeedsGenerator(Generator):
    """RSS at feed.xml, Atom at atom.xml, and events/feed.xml, for one language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._entries: dict[int, FeedEntry] = {}
        self._events: set[int] = set()

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
        articles = list(self.context.get("articles", ()))
        events = [e for e in self.context.get("events", ())
                  if getattr(e, "lang", conf.lang) == conf.lang]
        self._events = {id(e) for e in events}
        home = f"{conf.public_url}/{conf.lang_prefix}"

        def newest(items):
            """The items a feed keeps (FEED_MAX_ITEMS of hundreds), newest first."""
            items = sorted(items, key=lambda i: (_published(i), f"{conf.public_url}/{i.url}"),
                           reverse=True)
            return items[: conf.max_items]

        everything = newest(articles + events)
        write = partial(self._write, writer, description=conf.description, home=home)
        for save_as, kind in ((conf.rss_save_as, "rss"), (conf.atom_save_as, "atom")):
            write(save_as, kind, title=conf.site_name, items=everything)
        write(conf.events_save_as, "rss", title=f"{conf.site_name} — {gettext('Events')}",
              items=newest(events))

    def _entry(self, item) -> FeedEntry:
        """An item's entry, made once per run (it parses the item's HTML)."""
        found = self._entries.get(id(item))
        if found is None:
            is_event = id(item) in self._events
            found = self._event_entry(item) if is_event else self._article_entry(item)
            self._entries[id(item)] = found
        return found

    def _write(self, writer, save_as, kind, *, title, description, home, items):
        """Through the run's writer, like every other file of the run."""
        conf = self.feed_settings

        def text() -> str:
            entries = [self._entry(item) for item in items]
            fg = build_feed(title=title, description=description, lang=conf.lang, home=home,
                            self_url=f"{conf.public_url}/{save_as}", entries=entries)
            data = fg.rss_str(pretty=True) if kind == "rss" else atom_bytes(fg, entries)
            logger.info("feeds: wrote %s (%d items)", save_as, len(entries))
            return data.decode("utf-8")

        writer.write_file(name=save_as, template=TextTemplate(text),
                          context=self.context, relative_urls=False)

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
            # Feeds have no CSP: an editor's script, handler or javascript: link goes.
            content=clean_html(absolute_html(content, link)),
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
