"""Feeds (feedgen), sitemap and structured data of the real site, per language."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from lxml import etree

from conftest import ROOT, build_into, write_files
from htmltools import html_pages, page_url, parse, resolve

PUBLIC = "https://kramatorsk-platform.example.org"
FEEDS = ["feed.xml", "atom.xml", "en/feed.xml", "en/atom.xml",
         "events/feed.xml", "en/events/feed.xml"]


def built_file(site: Path, url: str) -> Path:
    assert url.startswith(PUBLIC + "/"), url
    path = urlsplit(url).path
    return site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_parse_without_errors(site, name):
    data = (site / name).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    etree.fromstring(data)  # well-formed for a strict XML parser too
    lang = "en" if name.startswith("en/") else "uk"
    assert parsed.feed.get("language", lang) == lang
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"{PUBLIC}/{name}"]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_feed_items_are_the_languages_own_with_absolute_content(site, lang):
    prefix = "en/" if lang == "en" else ""
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site / prefix / name).read_bytes())
        assert parsed.entries, name
        for entry in parsed.entries:
            assert entry.link.startswith(f"{PUBLIC}/{prefix}")
            if lang == "uk":
                assert not entry.link.startswith(f"{PUBLIC}/en/")
            assert built_file(site, entry.link).exists(), entry.link
            assert entry.id == entry.link
            for enclosure in entry.get("enclosures", []):
                card = built_file(site, enclosure.href)
                assert int(enclosure.length) == card.stat().st_size
                assert enclosure.type == "image/png"
            assert entry.get("published_parsed") or entry.get("updated_parsed")
            html = entry.content[0].value
            fragment = lxml.html.fragment_fromstring(html, create_parent="div")
            for url in fragment.xpath("//@href | //@src"):
                assert urlsplit(url).scheme in ("http", "https", "mailto"), url
    rss = feedparser.parse((site / prefix / "feed.xml").read_bytes())
    first = rss.entries[0]
    expected = {"uk": "Новини", "en": "News"}[lang]
    assert expected in [t.term for t in first.tags]


def test_feeds_are_deterministic(tmp_path, site):
    other = tmp_path / "again"
    assert build_into(other, ROOT / "content") == 0
    for name in [*FEEDS, "sitemap.xml", "robots.txt"]:
        assert (other / name).read_bytes() == (site / name).read_bytes(), name


def test_feed_update_date_is_the_newest_item(site):
    parsed = feedparser.parse((site / "en" / "atom.xml").read_bytes())
    newest = max(e.updated_parsed for e in parsed.entries)
    assert parsed.feed.updated_parsed == newest


def test_a_short_feed_keeps_the_newest_items(tmp_path, site):
    """FEED_MAX_ITEMS cuts after sorting every item: the newest ones, newest first."""
    short = tmp_path / "short"
    assert build_into(short, ROOT / "content", overrides={"FEED_MAX_ITEMS": 3}) == 0
    for name in ("feed.xml", "en/atom.xml", "events/feed.xml"):
        full = feedparser.parse((site / name).read_bytes()).entries
        cut = feedparser.parse((short / name).read_bytes()).entries
        assert len(full) > 3, name
        assert [e.link for e in cut] == [e.link for e in full[:3]], name
        stamps = [e.get("published_parsed") or e.updated_parsed for e in full]
        assert stamps == sorted(stamps, reverse=True), name


def test_every_page_announces_its_languages_feeds(site):
    for path in html_pages(site):
        doc = parse(path)
        hrefs = doc.xpath("//head/link[@rel='alternate'][@type]/@href")
        assert len(hrefs) == 2, path
        targets = {resolve(site, path, h) for h in hrefs}
        prefix = site / "en" if doc.get("lang") == "en" else site
        assert targets == {prefix / "feed.xml", prefix / "atom.xml"}, path


def _sitemap(site):
    return etree.parse(str(site / "sitemap.xml"))


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_is_valid_against_the_schema(site):
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "schemas" / "sitemap-0.9.xsd")))
    doc = _sitemap(site)
    assert schema.validate(doc), schema.error_log


def test_sitemap_lists_every_page_once_with_reciprocal_alternates(site):
    doc = _sitemap(site)
    locs = doc.xpath("//s:url/s:loc/text()", namespaces=NS)
    assert len(locs) == len(set(locs))
    # Every page except those that ask not to be indexed (404, search).
    pages = {PUBLIC + page_url(site, p) for p in html_pages(site)
             if "noindex" not in parse(p).xpath("string(//meta[@name='robots']/@content)")}
    assert PUBLIC + "/404.html" not in pages and PUBLIC + "/search/" not in pages
    assert set(locs) == pages
    alternates = {}
    for url in doc.xpath("//s:url", namespaces=NS):
        loc = url.findtext("s:loc", namespaces=NS)
        alternates[loc] = {link.get("hreflang"): link.get("href")
                           for link in url.xpath("x:link", namespaces=NS)}
    paired = 0
    for loc, links in alternates.items():
        if not links:
            continue
        assert loc in links.values(), f"{loc} lacks a self alternate"
        assert "x-default" in links
        for lang, href in links.items():
            if lang == "x-default":
                continue
            assert href in alternates, href
            assert loc in alternates[href].values(), f"{href} does not point back to {loc}"
            paired += 1
    assert paired >= 2 * 13
    assert (site / "robots.txt").read_text().strip().endswith(f"Sitemap: {PUBLIC}/sitemap.xml")


def _json_ld(path):
    """Every JSON-LD object of a page (a script may hold one object or a list)."""
    found = []
    for text in parse(path).xpath("//script[@type='application/ld+json']/text()"):
        data = json.loads(text)
        found += data if isinstance(data, list) else [data]
    return found


def test_structured_data(site):
    article = _json_ld(site / "en" / "news" / "platform-presentation" / "index.html")
    kinds = {d["@type"]: d for d in article}
    news = kinds["NewsArticle"]
    assert news["headline"] == "Kramatorsk Innovation Platform presented to the city"
    assert news["inLanguage"] == "en"
    assert news["datePublished"] == "2017-04-07T18:00:00+03:00"
    crumbs = kinds["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[-1]["item"] == f"{PUBLIC}/en/news/platform-presentation/"
    home = {d["@type"]: d for d in _json_ld(site / "index.html")}
    assert home["Organization"]["name"] == "Краматорська інноваційна платформа"
    for path in html_pages(site):
        if path.parent == site or path.parent == site / "en" or path.name == "404.html" \
                or path.parent.name == "offline" or _noindex(path):
            continue
        assert "BreadcrumbList" in {d["@type"] for d in _json_ld(path)}, path


def _noindex(path: Path) -> bool:
    """A page for the team (a kit, the donor report), kept out of search engines."""
    robots = parse(path).xpath("//meta[@name='robots']/@content")
    return any("noindex" in value for value in robots)


def test_hostile_titles_stay_inside_their_script_and_feed(tmp_path):
    hostile = 'Quote " & <script>alert(1)</script> ]]> \u202e 💡'
    content = write_files(tmp_path / "content", {
        "news/hostile.en.md": f"Title: {hostile}\nDate: 2017-05-01 10:00\n"
                              f"Summary: {hostile}\n\nBody with {hostile.replace('<', '&lt;')}.\n",
    })
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    page = out / "en" / "news" / "hostile" / "index.html"
    doc = parse(page)
    assert doc.xpath("//script[not(@type) and not(@src)]") == []
    data = {d["@type"]: d for d in _json_ld(page)}
    assert data["NewsArticle"]["headline"] == hostile
    assert doc.findtext(".//title").startswith(hostile)
    parsed = feedparser.parse((out / "en" / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert parsed.entries[0].title == hostile


def test_sitemap_says_what_each_page_says(site):
    """The runs note each page's record from its item or list, never reading the page:
    its alternates and date must be those of the page's own head."""
    entries = {}
    for url in _sitemap(site).xpath("//s:url", namespaces=NS):
        entries[url.findtext("s:loc", namespaces=NS)] = (
            url.findtext("s:lastmod", namespaces=NS),
            {link.get("hreflang"): link.get("href") for link in url.xpath("x:link",
                                                                          namespaces=NS)})
    assert entries
    for path in html_pages(site):
        loc = PUBLIC + page_url(site, path)
        if loc not in entries:
            continue
        head = parse(path).xpath("//head")[0]
        links = {link.get("hreflang"): link.get("href") for link in head.xpath(
            "link[@rel='alternate'][@hreflang]")}
        dates = [head.xpath(f"string(meta[@property='article:{name}']/@content)")
                 for name in ("modified_time", "published_time")]
        assert entries[loc] == (next((d for d in dates if d), None), links), loc
