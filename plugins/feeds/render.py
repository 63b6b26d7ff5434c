"""feedgen made deterministic: stamps from the content, entries in sorted order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from lxml import etree

from .entries import FeedEntry

#: An empty feed still needs an update date; a fixed one keeps it reproducible.
EMPTY_FEED_STAMP = datetime(1970, 1, 1, tzinfo=UTC)


def build_feed(*, title: str, description: str, lang: str, home: str, self_url: str,
               entries: Sequence[FeedEntry]) -> FeedGenerator:
    """One feed; ``entries`` newest first. feedgen's own clock is never used."""
    fg = FeedGenerator()
    fg.id(home)
    fg.title(title)
    fg.subtitle(description)
    fg.description(description)
    fg.language(lang)
    # feedgen uses the last link added as RSS <link>: self first, then the home page.
    fg.link(href=self_url, rel="self")
    fg.link(href=home, rel="alternate")
    fg.generator("Kramatorsk Innovation Platform site")
    newest = max((e.updated for e in entries), default=EMPTY_FEED_STAMP)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    if entries:
        fg.pubDate(max(e.published for e in entries))
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.link)
        fe.guid(entry.link, permalink=True)
        fe.title(entry.title)
        fe.link(href=entry.link, rel="alternate")
        fe.published(entry.published)
        fe.updated(entry.updated)
        fe.summary(entry.summary or entry.title)
        fe.description(entry.summary or entry.title)
        fe.content(entry.content, type="html")
        for term in entry.categories:
            fe.category(term=term, label=term)
        if entry.author:
            fe.author(name=entry.author)
        if entry.enclosure:
            fe.enclosure(entry.enclosure.url, str(entry.enclosure.length), entry.enclosure.type)
    return fg


ATOM_NS = "http://www.w3.org/2005/Atom"


def atom_bytes(fg: FeedGenerator, entries: Sequence[FeedEntry]) -> bytes:
    """feedgen's Atom, with each entry's link attributes restored.

    feedgen 1.0.0 writes only `href` on an entry's links (lkiesow/python-feedgen#135),
    which turns the card enclosure into a second alternate link. Readers then pick
    the image as the item's link. The links are put right here, in entry order.
    """
    root = etree.fromstring(fg.atom_str(pretty=True))
    for element, entry in zip(root.iter(f"{{{ATOM_NS}}}entry"), entries, strict=True):
        for link in element.findall(f"{{{ATOM_NS}}}link"):
            href = link.get("href")
            if entry.enclosure and href == entry.enclosure.url:
                link.set("rel", "enclosure")
                link.set("type", entry.enclosure.type)
                link.set("length", str(entry.enclosure.length))
            elif href == entry.link:
                link.set("rel", "alternate")
                link.set("type", "text/html")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
