"""The real starter site, built into a temporary folder: languages, links, validity."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from babel.messages.pofile import read_po

from conftest import ROOT
from htmltools import html_pages, page_url, parse, resolve, visible_texts


def test_both_homes_exist_with_starter_content(site):
    uk = parse(site / "index.html")
    en = parse(site / "en" / "index.html")
    assert "Краматорська інноваційна платформа" in uk.findtext(".//h1")
    assert "Kramatorsk Innovation Platform" in en.findtext(".//h1")
    uk_links = {resolve(site, site / "index.html", h) for h in uk.xpath("//main//a/@href")}
    en_links = {resolve(site, site / "en" / "index.html", h) for h in en.xpath("//main//a/@href")}
    assert site / "news" / "platform-presentation" / "index.html" in uk_links
    assert site / "en" / "news" / "platform-presentation" / "index.html" in en_links
    for slug in ("about", "partners", "planned-activities", "contacts", "privacy"):
        assert (site / slug / "index.html").exists()
        assert (site / "en" / slug / "index.html").exists()
    assert (site / "404.html").exists() and (site / "en" / "404.html").exists()


def test_lang_attribute_matches_the_folder(site):
    for path in html_pages(site):
        expected = "en" if page_url(site, path).startswith("/en/") else "uk"
        assert parse(path).get("lang") == expected, path


def _alternates(doc) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href")
            for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


def test_translations_link_both_ways_with_hreflang_and_switcher(site):
    checked = 0
    for path in html_pages(site):
        doc = parse(path)
        alternates = _alternates(doc)
        if not alternates:
            continue
        own_lang = doc.get("lang")
        assert resolve(site, path, alternates[own_lang]) == path, f"{path}: self link"
        assert "x-default" in alternates, path
        assert resolve(site, path, alternates["x-default"]) == resolve(
            site, path, alternates["uk"])
        for lang, href in alternates.items():
            target = resolve(site, path, href)
            assert target.exists(), f"{path}: hreflang={lang} -> {href}"
            back = _alternates(parse(target))
            assert resolve(site, target, back[own_lang]) == path, f"{target} does not link back"
        # The switcher leads to the twin page, not just the other home.
        switch = doc.xpath("//nav[contains(@class,'langs')]//a")
        assert len(switch) == 1
        other = switch[0].get("hreflang")
        assert resolve(site, path, switch[0].get("href")) == resolve(site, path, alternates[other])
        checked += 1
    # Home, news, archive, categories, tags, 5 pages, 1 article, 1 category, 1 shared tag.
    assert checked >= 2 * 13


def test_item_pages_name_their_twin(site):
    doc = parse(site / "news" / "platform-presentation" / "index.html")
    link = doc.xpath("//nav[contains(@class,'langs')]//a")[0]
    assert link.get("href") == "../../en/news/platform-presentation/"
    assert link.get("lang") == "en" and link.text == "English"


def _catalog(lang):
    with open(ROOT / f"theme/translations/{lang}/LC_MESSAGES/messages.po", "rb") as f:
        return read_po(f, locale=lang)


def test_no_interface_string_of_the_other_language(site):
    uk = _catalog("uk")
    english_ui = set()
    ukrainian_ui = set()
    for message in uk:
        if not message.id or "%" in str(message.id):
            continue
        english_ui.add(message.id)
        ukrainian_ui.add(message.string)
    for path in html_pages(site):
        doc = parse(path)
        texts = visible_texts(doc)
        if doc.get("lang") == "uk":
            leaked = texts & english_ui
            assert not re.search(r"\d+ min read", doc.text_content()), path
        else:
            leaked = texts & ukrainian_ui
            assert "хвилин" not in doc.text_content(), path
        assert not leaked, f"{path}: {sorted(leaked)}"


def test_dates_are_localized_by_babel(site):
    uk = parse(site / "news" / "platform-presentation" / "index.html")
    en = parse(site / "en" / "news" / "platform-presentation" / "index.html")
    assert uk.xpath("string(//article//time)") == "7 квітня 2017"
    assert en.xpath("string(//article//time)") == "April 7, 2017"
    assert uk.xpath("string(//article//time/@datetime)") == "2017-04-07T18:00:00+03:00"
    assert "1 хвилина читання" in uk.text_content()
    assert "1 min read" in en.text_content()


def test_assets_never_come_from_another_host(site):
    for path in html_pages(site):
        doc = parse(path)
        for attr in doc.xpath("//link[not(@rel='alternate') and not(@rel='canonical')]/@href"
                              " | //script/@src | //img/@src | //img/@srcset | //source/@srcset"
                              " | //video/@src | //audio/@src | //iframe/@src | //object/@data"):
            assert not urlsplit(attr).netloc, f"{path}: {attr}"
    css = (site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_internal_links_resolve(site):
    for path in html_pages(site):
        for href in parse(path).xpath("//a/@href | //link/@href"):
            target = resolve(site, path, href.split("#")[0]) if not href.startswith("#") else path
            if target is not None:
                assert target.exists(), f"{path}: broken link {href}"


def test_only_published_items_are_written(site):
    names = {p.relative_to(site).as_posix() for p in site.rglob("*")}
    assert not [n for n in names if "drafts" in n or n.startswith("_unknown")]
    # Static files are copied once, at the root, and shared by both languages.
    assert (site / "theme" / "css" / "site.css").exists()
    assert not (site / "en" / "theme").exists()


def test_navigation_marks_the_current_page(site):
    doc = parse(site / "en" / "about" / "index.html")
    current = doc.xpath("//nav[contains(@class,'menu')]//a[@aria-current='page']")
    assert [a.text for a in current] == ["About"]
