"""An editor's raw HTML leaves the site's pages sanitised: feeds and JSON-LD have no CSP.

Pages keep the HTML as written (the CSP blocks inline scripts and handlers there;
docs/architecture.md); the RSS and Atom feeds and the JSON-LD carry no script,
no event handler and no javascript: URL, and keep headings, links, lists and tables.
"""

from __future__ import annotations

import json

import feedparser
import lxml.html
import pytest

from common.sanitize import clean_html, clean_text
from conftest import build_into
from htmltools import parse

HOSTILE = """\
<script>alert(1)</script>
<a href="javascript:alert(1)">x</a>
<img src="x.png" alt="y" onerror="alert(1)">
"""

BODY = f"""
{HOSTILE}

## Plan of the day

See [the programme](https://example.org/programme) first.

- coffee
- talks

| when | what |
| ---- | ---- |
| 10:00 | opening |
"""

FILES = {
    "news/raw.en.md": f"""\
Title: Raw HTML news
Date: 2017-05-01 10:00

{BODY}""",
    "events/raw.en.md": f"""\
Title: Raw HTML event
Start: 2017-05-02 18:00
End: 2017-05-02 20:00
Location: Hall
Summary: Come {" ".join(HOSTILE.split())}

{BODY}""",
}

LEFTOVERS = ("<script", "alert(1)", "javascript:", "onerror")


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw-html")
    content = root / "content"
    content.mkdir()
    for name, text in FILES.items():  # no dedent: the table and the list start in column 0
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out = root / "out"
    assert build_into(out, content, strict=False,
                      overrides={"EVENTS_NOW": "2017-04-01T12:00:00+03:00"}) == 0
    return out


def _assert_clean(text: str, where: str):
    for bad in LEFTOVERS:
        assert bad not in text.lower(), (where, bad, text)


def _assert_kept(html: str, where: str):
    doc = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [h.text_content() for h in doc.iter("h2")] == ["Plan of the day"], where
    assert "https://example.org/programme" in doc.xpath("//a/@href"), where
    assert [li.text_content() for li in doc.iter("li")] == ["coffee", "talks"], where
    assert doc.xpath("//table//td[text()='opening']"), where
    assert doc.xpath("//img[@alt='y' and contains(@src, 'x.png')]"), where


@pytest.mark.parametrize("name", ["en/feed.xml", "en/atom.xml", "en/events/feed.xml"])
def test_feeds_carry_no_script_handler_or_javascript_url(raw_site, name):
    data = (raw_site / name).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    # feedparser sanitises what it hands over; the file itself must be clean.
    _assert_clean(data.decode("utf-8"), name)
    entries = {e.title: e for e in parsed.entries}
    titles = ["Raw HTML event"] if name.startswith("en/events") else [
        "Raw HTML news", "Raw HTML event"]
    for title in titles:
        _assert_kept(entries[title].content[0].value, f"{name}: {title}")


def _json_ld(page) -> list[dict]:
    found = []
    for text in parse(page).xpath("//script[@type='application/ld+json']/text()"):
        data = json.loads(text)
        found += data if isinstance(data, list) else [data]
    return found


@pytest.mark.parametrize("page, kind", [("en/news/raw/index.html", "NewsArticle"),
                                        ("en/events/raw/index.html", "Event")])
def test_json_ld_carries_none_of_it(raw_site, page, kind):
    items = _json_ld(raw_site / page)
    _assert_clean(json.dumps(items, ensure_ascii=False), page)
    item = next(i for i in items if i["@type"] == kind)
    assert item["description"], item


def test_pages_keep_the_editors_html_behind_the_csp(raw_site):
    """The documented decision: pages are not sanitised (the CSP blocks the script)."""
    page = (raw_site / "en" / "news" / "raw" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in page


def test_the_allow_list_keeps_our_markdown_and_drops_the_rest():
    kept = ('<figure><picture><source type="image/webp" srcset="a.webp 1x">'
            '<img src="a.jpg" alt="a" srcset="a.jpg 1x, a2.jpg 2x" sizes="100vw" width="3" '
            'height="4"></picture><figcaption><abbr title="t">T</abbr> '
            '<time datetime="2017-05-01">May</time></figcaption></figure>'
            '<pre><code class="language-py">x</code></pre><blockquote><p><em>e</em> '
            '<strong>s</strong></p></blockquote>')
    assert clean_html(kept) == kept
    assert clean_html('<a href="vbscript:x">v</a><a href="data:text/html,x">d</a>'
                      '<img src="data:image/png;base64,AA" srcset="javascript:x 2x">'
                      '<style>p{}</style><p onclick="x" style="color:red">p</p>'
                      ) == "<a>v</a><a>d</a><img><p>p</p>"
    cell = clean_html('<table><tr><td style="text-align: right; position: fixed">1</td>'
                      '</tr></table>')
    assert 'style="text-align:right"' in cell and "position" not in cell
    assert clean_text("<script>alert(1)</script><p>a &amp; b</p>") == "a & b"
