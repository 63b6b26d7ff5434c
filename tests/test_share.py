"""Share links on every article, event and course page, in the page's language."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import lxml.html
import pytest

from conftest import run_vnu

PUBLIC = "https://kramatorsk-platform.example.org"
PAGES = [("", "news/platform-presentation/"), ("en/", "news/platform-presentation/"),
         ("", "events/anti-corruption-training/"), ("en/", "events/anti-corruption-training/"),
         ("", "courses/english/"), ("en/", "courses/english/")]
NAMES = {"": ["Поділитися: Telegram", "Поділитися: Viber", "Поділитися: Facebook",
              "Поділитися: X", "Поділитися: LinkedIn", "Поділитися: Ел. пошта"],
         "en/": ["Share: Telegram", "Share: Viber", "Share: Facebook", "Share: X",
                 "Share: LinkedIn", "Share: E-mail"]}


@pytest.mark.parametrize(("prefix", "path"), PAGES)
def test_share_links_carry_the_pages_address_and_title(site, prefix, path):
    page = lxml.html.fromstring((site / prefix / path / "index.html").read_bytes())
    address = f"{PUBLIC}/{prefix}{path}"
    title = page.xpath("string(//h1)").strip()
    links = page.xpath("//section[@class='share']//a")
    assert [a.get("aria-label") for a in links] == NAMES[prefix]
    # The visible name is part of the accessible name (WCAG 2.5.3).
    for link in links:
        assert link.text_content().strip() in link.get("aria-label")
        assert link.xpath("svg/@aria-hidden") == ["true"]
    hrefs = {a.get("class"): a.get("href") for a in links}
    telegram = parse_qs(urlsplit(hrefs["share-telegram"]).query)
    assert telegram == {"url": [address], "text": [title]}
    assert parse_qs(urlsplit(hrefs["share-facebook"]).query) == {"u": [address]}
    assert parse_qs(urlsplit(hrefs["share-x"]).query) == {"url": [address], "text": [title]}
    assert parse_qs(urlsplit(hrefs["share-linkedin"]).query) == {"url": [address]}
    assert unquote(hrefs["share-viber"]) == f"viber://forward?text={title} {address}"
    mail = parse_qs(urlsplit(hrefs["share-email"]).query)
    assert mail == {"subject": [title], "body": [address]}
    # Plain links: no script and nothing loaded from a network before a click.
    assert not page.xpath("//section[@class='share']//script | //section[@class='share']//img")


def test_share_links_are_valid_html(site):
    assert run_vnu([site / prefix / path / "index.html" for prefix, path in PAGES[:2]]) == []
