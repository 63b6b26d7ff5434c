"""Quality gates on the built site, in a real browser: axe, Lighthouse, weight, links.

`invoke check` runs this module against output/ (KIP_SITE_DIR); the test suite
runs it against a fresh build of content/.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from common.serve import serving
from conftest import ROOT, require_tool, run_vnu
from htmltools import html_pages, parse, resolve

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
WEIGHT_BUDGET = 15 * 1024

#: One page of each kind; kinds a plugin has not built yet are skipped by `existing`.
KINDS = {
    "home": "",
    "article": "news/platform-presentation/",
    "page": "about/",
    "progress page": "planned-activities/",
    "news list": "news/",
    "archives": "news/archive/",
    "tags": "news/tags/",
    "category": None,  # first category found
    "404": "404.html",
    "event": "events/platform-presentation/",
    "events list": "events/",
    "month calendar": "events/calendar/2017/04/",
    "course catalogue": "courses/",
    "syllabus": "courses/social-entrepreneurship/",
    "offline": "offline/",
}
LIGHTHOUSE_KINDS = ("home", "article", "event", "syllabus", "month calendar")


def _file_for(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


def existing(site: Path, kinds) -> list[tuple[str, str, str]]:
    """(kind, lang, url path) for every kind built in both languages."""
    found = []
    for kind in kinds:
        path = KINDS[kind]
        if path is None:
            first = next(iter(sorted((site / "news" / "category").glob("*/index.html"))), None)
            if first is None:
                continue
            path = first.parent.relative_to(site).as_posix() + "/"
        for lang, prefix in (("uk", ""), ("en", "en/")):
            lang_path = path
            if kind == "category" and lang == "en":
                en = next(iter(sorted((site / "en" / "news" / "category").glob("*/index.html"))))
                lang_path = en.parent.relative_to(site / "en").as_posix() + "/"
            if _file_for(site, prefix + lang_path).exists():
                found.append((kind, lang, prefix + lang_path))
    return found


@pytest.fixture(scope="module")
def checked_site(request) -> Path:
    """output/ under `invoke check` (KIP_SITE_DIR); otherwise a fresh build of content/."""
    custom = os.environ.get("KIP_SITE_DIR")
    return Path(custom).resolve() if custom else request.getfixturevalue("site")


@pytest.fixture(scope="module")
def base_url(checked_site):
    with serving(checked_site) as url:
        yield url


def _require_browser():
    require_tool(shutil.which("node") is not None, "node is not installed")
    require_tool(Path(CHROME).exists(), f"{CHROME} is missing: apt-get install chromium")
    require_tool((NODE_MODULES / "playwright-core").exists(), "run `npm ci` first")


@pytest.mark.browser
def test_axe_finds_no_violations_at_phone_and_desktop_widths(checked_site, base_url):
    _require_browser()
    pages = existing(checked_site, KINDS)
    assert len(pages) >= 16
    urls = [f"{base_url}/{path}" for _, _, path in pages]
    proc = subprocess.run(["node", str(ROOT / "tests/browser/axe-check.mjs"), *urls],
                          check=False, capture_output=True, text=True, encoding="utf-8",
                          timeout=600,
                          env={**os.environ, "CHROME_PATH": CHROME})
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    assert len(results) == 4 * len(urls)
    problems = []
    for r in results:
        where = f"{r['url']} @{r['width']}px {r['colorScheme']}"
        if r["status"] != 200 and not r["url"].endswith("404.html"):
            problems.append(f"{where}: HTTP {r['status']}")
        problems += [f"{where}: {v['id']} ({v['impact']}): {v['help']} {v['nodes']}"
                     for v in r["violations"]]
        problems += [f"{where}: request to another host: {u}" for u in r["foreign"]]
        problems += [f"{where}: console error: {e}" for e in r["consoleErrors"]]
        if r["horizontalOverflow"]:
            problems.append(f"{where}: scrolls sideways")
    assert not problems, "\n".join(problems)


def _lighthouse(url: str) -> dict:
    proc = subprocess.run(
        [str(NODE_MODULES / ".bin" / "lighthouse"), url, "--output=json", "--quiet",
         "--only-categories=performance,accessibility,best-practices,seo",
         f"--chrome-flags={CHROME_FLAGS}"],
        check=False, capture_output=True, text=True, encoding="utf-8", timeout=240,
        env={**os.environ, "CHROME_PATH": CHROME})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.browser
@pytest.mark.lighthouse
@pytest.mark.parametrize("kind", LIGHTHOUSE_KINDS)
@pytest.mark.parametrize("lang", ["uk", "en"])
def test_lighthouse_scores_100_on_mobile(checked_site, base_url, kind, lang):
    _require_browser()
    require_tool((NODE_MODULES / ".bin" / "lighthouse").exists(), "run `npm ci` first")
    pages = [p for k, lng, p in existing(checked_site, [kind]) if lng == lang]
    if not pages:
        pytest.skip(f"no {kind} page built yet")
    report = _lighthouse(f"{base_url}/{pages[0]}")
    scores = {k: v["score"] for k, v in report["categories"].items()}
    lost = [f"{a['id']}: {a.get('score')} {a.get('displayValue', '')} {a.get('explanation', '')}"
            for a in report["audits"].values()
            if a.get("score") is not None and a["score"] < 1
            and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    print(json.dumps({"page": pages[0], **scores}), file=sys.stderr)
    assert all(s == 1 for s in scores.values()), f"{scores}\n" + "\n".join(lost)


def _linked_assets(site: Path, page: Path) -> list[Path]:
    doc = parse(page)
    hrefs = doc.xpath("//link[@rel='stylesheet']/@href | //script/@src")
    return [resolve(site, page, h) for h in hrefs]


def test_page_weight_html_css_js_under_budget(checked_site):
    heaviest = (0, None)
    for page in html_pages(checked_site):
        total = len(gzip.compress(page.read_bytes(), 9))
        for asset in _linked_assets(checked_site, page):
            assert asset is not None and asset.exists(), f"{page}: missing asset"
            total += len(gzip.compress(asset.read_bytes(), 9))
        heaviest = max(heaviest, (total, page))
        assert total <= WEIGHT_BUDGET, f"{page}: {total} bytes gzip > {WEIGHT_BUDGET}"
    print(f"heaviest page: {heaviest[1]} {heaviest[0]} bytes gzip", file=sys.stderr)


def test_every_link_and_fragment_resolves(checked_site):
    ids_cache: dict[Path, set[str]] = {}
    for page in html_pages(checked_site):
        doc = parse(page)
        for href in doc.xpath("//@href | //@src"):
            if href.startswith(("mailto:", "tel:", "data:")):
                continue
            path, _, fragment = href.partition("#")
            target = page if not path else resolve(checked_site, page, path)
            if target is None:
                continue  # another site: not ours to check offline
            assert target.exists(), f"{page}: broken link {href}"
            if fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = set(parse(target).xpath("//@id"))
                assert fragment in ids_cache[target], f"{page}: no #{fragment} in {target}"


@pytest.mark.vnu
def test_nu_html_checker_reports_no_errors(checked_site):
    pages = html_pages(checked_site)
    css = sorted((checked_site / "theme").rglob("*.css"))
    errors = run_vnu(pages + css)
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e['message']}"
                                   for e in errors)
