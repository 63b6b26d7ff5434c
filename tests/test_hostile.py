"""Hostile text in every output: HTML, meta tags, JSON-LD, feeds, calendars, cards, sitemap.

Quotes, <script>, </script>, &, ]]>, emoji, a right-to-left mark and a
10,000-character word go into the title, summary, place and text of a news
item, an event and a course; everything must build, parse and come out
intact (escaped where the format needs it, never executed).
"""

from __future__ import annotations

import json

import feedparser
import pytest
from icalendar import Calendar
from lxml import etree
from PIL import Image

from conftest import build_into, run_vnu, write_files
from htmltools import foreign_scripts, parse

EVIL = 'Q " \' & <script>alert(1)</script> ]]> \u200f💡 end'
LONG = "Ш" * 10_000
TITLE = f"{EVIL} {LONG}"


def _course(lang: str) -> str:
    outcomes, modules = (("Learning outcomes", "Modules") if lang == "en"
                         else ("Результати навчання", "Модулі"))
    return f"""
        Title: {TITLE}
        Summary: {EVIL.replace('<', '&lt;')}
        Audience: {EVIL}
        Level: {EVIL}
        Language: English
        Format: online
        Duration_weeks: 2
        Duration_hours: 4

        Body {EVIL.replace('<', '&lt;')}.

        ## {outcomes}

        - {EVIL.replace('<', '&lt;')}

        ## {modules}

        ### {EVIL.replace('<', '&lt;')}

        A module.

        - topic
        """


FILES = {
    "news/evil.en.md": f"""
        Title: {TITLE}
        Date: 2017-05-01 10:00
        Tags: {EVIL.replace(',', ' ')}
        Summary: {EVIL.replace('<', '&lt;')}

        Body with {EVIL.replace('<', '&lt;')}.
        """,
    "events/evil.en.md": f"""
        Title: {TITLE}
        Start: 2017-05-02 18:00
        End: 2017-05-02 20:00
        Location: {EVIL}
        Address: {EVIL}
        Registration: https://example.org/form?a=1&b="x"
        Course: evil
        Summary: {EVIL.replace('<', '&lt;')}

        Event body {EVIL.replace('<', '&lt;')}.
        """,
    "courses/evil.en.md": _course("en"),
}


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    content = write_files(root / "content", FILES)
    out = root / "out"
    assert build_into(out, content, strict=False,
                      overrides={"EVENTS_NOW": "2017-04-01T12:00:00+03:00"}) == 0
    return out


PAGES = ["en/news/evil/index.html", "en/events/evil/index.html", "en/courses/evil/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_html_keeps_the_text_and_runs_no_script(evil_site, page):
    doc = parse(evil_site / page)
    # Only structured data: no script came from the text.
    assert foreign_scripts(doc) == []
    assert doc.findtext(".//h1").strip() == TITLE
    assert doc.findtext(".//title").startswith(EVIL)
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert og["og:title"].startswith(EVIL)
    blocks = doc.xpath("//script[@type='application/ld+json']/text()")
    items = []
    for data in blocks:
        assert "</script" not in data.lower()
        parsed = json.loads(data)
        items += parsed if isinstance(parsed, list) else [parsed]
    # The page's own item (NewsArticle, Event, Course) keeps the title as written...
    assert [i for i in items if (i.get("name") or i.get("headline")) == TITLE], items
    # ...and so does the last step of its breadcrumbs.
    crumbs = [i for i in items if i.get("@type") == "BreadcrumbList"]
    assert len(crumbs) == 1, items
    assert crumbs[0]["itemListElement"][-1]["name"] == TITLE


def test_urls_from_metadata_are_percent_encoded(evil_site):
    doc = parse(evil_site / "en" / "events" / "evil" / "index.html")
    assert "https://example.org/form?a=1&b=%22x%22" in doc.xpath("//a/@href")


def test_pages_are_valid_html(evil_site):
    assert run_vnu([evil_site / p for p in PAGES], css=False) == []


def test_feeds_parse_and_keep_the_title(evil_site):
    for name in ("en/feed.xml", "en/atom.xml", "en/events/feed.xml"):
        data = (evil_site / name).read_bytes()
        etree.fromstring(data)
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert TITLE in [e.title for e in parsed.entries], name


def test_calendars_escape_and_fold(evil_site):
    for name in ("en/events/evil.ics", "en/calendar.ics", "en/courses/evil.ics"):
        raw = (evil_site / name).read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), name  # RFC 5545 folding
        calendar = Calendar.from_ical(raw)
        event = next(c for c in calendar.walk("VEVENT"))
        assert str(event["SUMMARY"]) == TITLE
        assert str(event["LOCATION"]).startswith(EVIL)


def test_cards_are_drawn(evil_site):
    for kind in ("news", "event", "course"):
        with Image.open(evil_site / "en" / "cards" / kind / "evil.png") as card:
            assert card.size == (1200, 630)


def test_sitemap_parses(evil_site):
    doc = etree.parse(str(evil_site / "sitemap.xml"))
    assert doc.getroot().tag.endswith("urlset")
