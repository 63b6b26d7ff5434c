"""Search with Pagefind: an index per language, real queries in a real browser."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from common.serve import serving
from conftest import CONF, ROOT, require_tool
from htmltools import html_pages, parse
from sitebuild import build

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def test_index_exists_per_language_in_its_tree(site):
    for lang, prefix in (("uk", ""), ("en", "en/")):
        entry = json.loads((site / prefix / "pagefind" / "pagefind-entry.json").read_text(
            encoding="utf-8"))
        assert set(entry["languages"]) == {lang}
        assert entry["languages"][lang]["page_count"] >= 6
        search = site / prefix / "search" / "index.html"
        [bundle] = parse(search).xpath("//script/@data-bundle")
        assert (search.parent / bundle).resolve() == (site / prefix / "pagefind").resolve()


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


def _fragments_text(bundle: Path) -> str:
    texts = []
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        texts.append(json.loads(data[data.index(b"{"):])["content"])
    return " ".join(texts)


def test_a_preview_build_serves_the_last_indexes_marked_stale_then_indexes(tmp_path):
    """The page reloads before Pagefind runs: each language's last index is carried
    over and says it is stale; a detached process then indexes the new pages."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "output"
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PATH": str(content)}
    assert build(CONF, output=str(out), overrides=settings) == 0
    bundles = {"uk": out / "pagefind", "en": out / "en" / "pagefind"}
    news = sorted((content / "news").glob("*.uk.md"))[0]
    news.write_text(news.read_text(encoding="utf-8") + "\nКвазіпереглядовеслово.\n",
                    encoding="utf-8")
    assert build(CONF, output=str(out), overrides=settings, preview=True) == 0
    entries = {}
    for lang, bundle in bundles.items():
        entries[lang] = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert all(entry.get("stale") for entry in entries.values()), entries
    for _ in range(600):  # the detached Pagefind
        fresh = [json.loads((b / "pagefind-entry.json").read_text(encoding="utf-8"))
                 for b in bundles.values() if (b / "pagefind-entry.json").is_file()]
        if len(fresh) == 2 and not any(entry.get("stale") for entry in fresh) \
                and not list(tmp_path.glob(".output.*")):  # nothing left beside it
            break
        time.sleep(0.1)
    else:
        pytest.fail("the preview's indexes were never rebuilt")
    assert "Квазіпереглядовеслово" in _fragments_text(bundles["uk"])
    assert "Квазіпереглядовеслово" not in _fragments_text(bundles["en"])
