"""Search with Pagefind: an index per language, real queries in a real browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from common.serve import serving
from conftest import ROOT, require_tool
from htmltools import html_pages, parse

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def test_index_exists_per_language(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"uk", "en"}
    for lang in ("uk", "en"):
        assert entry["languages"][lang]["page_count"] >= 6


def test_search_page_works_as_a_plain_form_without_javascript(site):
    for prefix in ("", "en/"):
        header = parse(site / prefix / "index.html").xpath("//form[@role='search']")[0]
        assert header.get("method") == "get" and header.get("action").endswith(
            f"{prefix}search/")
        assert header.xpath(".//input[@name='q']")
        search = parse(site / prefix / "search" / "index.html")
        assert search.xpath("//noscript/p")
        assert search.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_search_assets_load_only_on_the_search_page(site):
    for page in html_pages(site):
        # Every page has the service worker's registration; only search loads search.
        scripts = [s for s in parse(page).xpath("//script/@src")
                   if not s.endswith("theme/js/offline.js")]
        if page.parent.name == "search":
            assert any(s.endswith("theme/js/search.js") for s in scripts)
        else:
            assert scripts == [], page


def test_search_is_excluded_from_sitemap_and_feeds(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/search/" not in sitemap
    for feed in ("feed.xml", "en/feed.xml", "atom.xml", "en/atom.xml"):
        assert "/search/" not in (site / feed).read_text(encoding="utf-8")


def _search(site: Path, cases: list[str]) -> list[dict]:
    require_tool(shutil.which("node") is not None, "node is not installed")
    require_tool(Path(CHROME).exists(), f"{CHROME} is missing")
    require_tool((ROOT / "node_modules" / "playwright-core").exists(), "run `npm ci` first")
    with serving(site) as base:
        proc = subprocess.run(["node", str(ROOT / "tests/browser/search-check.mjs"), base,
                               *cases], capture_output=True, text=True, encoding="utf-8",
                              timeout=300, check=False, env={**os.environ, "CHROME_PATH": CHROME})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.browser
def test_real_queries_in_both_languages(site):
    uk_search, en_search, uk_on_en, meeting = _search(site, [
        "search/|платформи",  # the title says "платформа"
        "en/search/|English course",
        "en/search/|платформа",
        "search/|зустріч з бізнесом",
    ])
    for run in (uk_search, en_search, uk_on_en, meeting):
        assert run["violations"] == [], run["violations"]
        assert run["errors"] == [], run["errors"]
    urls = [r["url"] for r in uk_search["results"]]
    assert "/news/platform-presentation/" in urls
    assert all(not u.startswith("/en/") for u in urls)
    titles = [r["title"] for r in en_search["results"]]
    assert any("English" in t for t in titles), titles
    assert all(r["url"].startswith("/en/") for r in en_search["results"])
    assert uk_on_en["results"] == []
    assert meeting["results"], meeting
    kinds = {r["meta"].split(" · ")[0] for r in uk_search["results"] + meeting["results"]}
    assert "Новини" in kinds
    # An event result says when it happens.
    events = [r for r in meeting["results"] if r["meta"].startswith("Подія")]
    assert events and all("2017" in r["meta"] for r in events), meeting["results"]
    course = [r for r in en_search["results"] if r["meta"].startswith("Course")]
    assert course and course[0]["url"] == "/en/courses/english/"
