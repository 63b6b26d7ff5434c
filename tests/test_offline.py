"""Offline after one visit (plugins/offline) and the Content-Security-Policy (the
templates, plugins/headers), on real builds and in headless Chromium."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from defusedxml import ElementTree
from pelican.settings import read_settings
from PIL import Image, ImageColor
from test_quality import CHROME, KINDS, existing

from common.serve import serving
from conftest import CONF, ROOT, build_into, require_tool
from htmltools import html_pages
from offline import icons

PUBLISH_CONF = str(ROOT / "publishconf.py")
SETTINGS = read_settings(CONF)
CSP = SETTINGS["CSP"]


def _precache(site: Path) -> list[tuple[str, str]]:
    source = (site / "sw.js").read_text(encoding="utf-8")
    listed = re.search(r"^const PRECACHE = (\[.*?\n\]);$", source, re.M | re.S).group(1)
    return [tuple(entry) for entry in json.loads(listed.replace(",\n]", "\n]"))]


def _file(site: Path, path: str) -> Path:
    return site / path / "index.html" if path in ("",) or path.endswith("/") else site / path


def _browser(script: str, *args: str, timeout: int = 300) -> dict | list:
    require_tool(shutil.which("node") is not None, "node is not installed")
    require_tool(Path(CHROME).exists(), f"{CHROME} is missing: apt-get install chromium")
    require_tool((ROOT / "node_modules" / "playwright-core").exists(), "run `npm ci` first")
    proc = subprocess.run(["node", str(ROOT / "tests" / "browser" / script), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          check=False, env={**os.environ, "CHROME_PATH": CHROME})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


# The manifest and its icons.

@pytest.mark.parametrize(("prefix", "lang", "name", "short"), [
    ("", "uk", "Краматорська інноваційна платформа", "КІП"),
    ("en/", "en", "Kramatorsk Innovation Platform", "KIP")])
def test_each_language_has_its_own_web_app_manifest(site, prefix, lang, name, short):
    page = lxml.html.fromstring((site / prefix / "events" / "index.html").read_bytes())
    href = page.xpath("//link[@rel='manifest']/@href")[0]
    path = (site / prefix / "events" / href).resolve()
    assert path == (site / prefix / "manifest.webmanifest").resolve()
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert (manifest["name"], manifest["short_name"], manifest["lang"]) == (name, short, lang)
    # Relative to the manifest's own address: the language's root.
    assert manifest["start_url"] == manifest["scope"] == "./"
    assert manifest["theme_color"] == page.xpath("//meta[@name='theme-color']/@content")[0]
    sizes = {}
    for icon in manifest["icons"]:
        with Image.open(path.parent / icon["src"]) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes[icon["purpose"]] = sizes.get(icon["purpose"], set()) | {image.width}
    assert sizes == {"any": {192, 512}, "maskable": {512}}


def test_the_maskable_icon_keeps_the_letter_inside_the_safe_zone(site):
    with Image.open(site / "theme" / "icons" / "icon-maskable-512.png") as image:
        rgb = image.convert("RGB")
    corner = rgb.getpixel((0, 0))
    assert corner == (0, 0x50, 0xa8), "the background must fill the whole square"
    letter = [(x, y) for y in range(0, 512, 4) for x in range(0, 512, 4)
              if rgb.getpixel((x, y))[0] > 200]
    assert len(letter) > 500
    # Launchers cut the icon to a circle of 80% of its side.
    assert max(math.dist(point, (256, 256)) for point in letter) < 0.4 * 512


def _build_with_logo(tmp_path: Path, old: str, new: str) -> tuple[int, Path, Path]:
    """(exit code, output, logo) of a build whose theme's logo has ``old`` made ``new``."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    logo = theme / "static" / "images" / "favicon.svg"
    logo.write_text(logo.read_text().replace(old, new))
    out = tmp_path / "output"
    return build_into(out, ROOT / "content", overrides={"THEME": str(theme)}), out, logo


def test_the_icons_are_drawn_from_the_logo_curves_too(tmp_path):
    # The letter's first stroke made a curve: resvg draws any SVG, not straight lines only.
    code, out, _logo = _build_with_logo(tmp_path, 'fill="#0050a8"/><path d="M9 7h4',
                                        'fill="#008000"/><path d="M9 7c1 1 3 1 4 0')
    assert code == 0
    with Image.open(out / "theme" / "icons" / "icon-192.png") as image:
        rgb = image.convert("RGB")
    assert rgb.getpixel((96, 20)) == (0, 128, 0)
    assert rgb.getpixel((66, 60)) == ImageColor.getrgb("#ffd500")  # the letter's stem
    assert rgb.getpixel((66, 44)) == (0, 128, 0)  # above the curve its top now makes


def _share(image: Image.Image, colour: str, tolerance: int = 12) -> float:
    """The share of the image's opaque pixels within ``tolerance`` of ``colour``."""
    target = ImageColor.getrgb(colour)
    counts = [(n, rgba[:3]) for n, rgba in image.convert("RGBA").getcolors(image.width ** 2)
              if rgba[3] == 255]
    near = sum(n for n, rgb in counts
               if max(abs(a - b) for a, b in zip(rgb, target, strict=True)) <= tolerance)
    return near / max(1, sum(n for n, _rgb in counts))


def test_the_icons_have_their_sizes_and_the_logos_colours(tmp_path, monkeypatch):
    logo = ROOT / SETTINGS["THEME"] / SETTINGS["LOGO"]
    svg = ElementTree.parse(logo).getroot()
    background, letter = (svg.find(f"{icons.SVG}{tag}").get("fill") for tag in ("rect", "path"))
    written = icons.write_icons(logo, tmp_path / "out", tmp_path / "cache")
    assert [path.name for path in written] == [name for name, _size, _mask in icons.ICONS]
    for path, (_name, size, maskable) in zip(written, icons.ICONS, strict=True):
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (size, size)
            # The logo's two colours make nearly all of it: not blank, not other colours.
            assert _share(image, background) > 0.5 and _share(image, letter) > 0.15, path
            assert _share(image, background) + _share(image, letter) > 0.95, path
            corner = image.convert("RGBA").getpixel((0, 0))
            # The logo's rounded corners are see-through; a maskable icon has none.
            assert corner[3] == (255 if maskable else 0), path
    # Drawn once per logo: the next build copies the kept icons without drawing.
    monkeypatch.setattr(icons, "svg_to_png", lambda *args: pytest.fail("drawn again"))
    again = icons.write_icons(logo, tmp_path / "again", tmp_path / "cache")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]


def test_a_logo_the_icons_cannot_draw_stops_the_build_with_a_clear_message(tmp_path, capfd):
    code, out, logo = _build_with_logo(tmp_path, "<rect", "<<rect")
    assert code == 1
    err = capfd.readouterr().err
    assert f"offline: LOGO: {logo}: cannot read the logo" in err, err
    assert "Traceback" not in err
    assert not out.exists()


# The service worker and its precache list.

def test_the_precache_holds_both_languages_pages_and_what_they_load(site):
    entries = dict(_precache(site))
    for prefix in ("", "en/"):
        for page in (*SETTINGS["OFFLINE_PAGES"], "offline/"):
            assert prefix + page in entries, prefix + page
    assert "theme/css/site.css" in entries and "theme/js/offline.js" in entries
    total = 0
    for path, revision in entries.items():
        data = _file(site, path).read_bytes()
        assert revision == hashlib.sha256(data).hexdigest()[:16], path
        total += len(gzip.compress(data, 9))
    assert total <= SETTINGS["OFFLINE_PRECACHE_BUDGET"]
    source = (site / "sw.js").read_text(encoding="utf-8")
    assert 'const OFFLINE = {"": "offline/", "en/": "en/offline/"};' in source


def test_every_page_registers_the_worker_with_a_small_deferred_script(site):
    script = site / "theme" / "js" / "offline.js"
    assert len(script.read_bytes()) < 1024
    for page in html_pages(site):
        if "admin" in page.parts or page.name == "index.html" and b"http-equiv=\"refresh\"" \
                in page.read_bytes():
            continue
        doc = lxml.html.fromstring(page.read_bytes())
        tags = doc.xpath("//script[contains(@src, 'theme/js/offline.js')]")
        assert len(tags) == 1 and tags[0].get("defer") is not None, page
        worker = (page.parent / tags[0].get("data-worker")).resolve() \
            if not tags[0].get("data-worker").startswith("/") \
            else site / tags[0].get("data-worker").lstrip("/")
        assert worker == (site / "sw.js").resolve() or worker == site / "sw.js", page


def test_a_changed_event_changes_only_the_revisions_of_the_files_that_show_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "output"
    assert build_into(out, content) == 0
    before = dict(_precache(out))
    event = content / "events" / "kitchen-of-ideas.en.md"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "Title: ", "Title: Renamed ", 1), encoding="utf-8")
    assert build_into(out, content) == 0
    after = dict(_precache(out))
    assert before.keys() == after.keys()
    changed = {path for path in before if before[path] != after[path]}
    # The English events list shows the title; the Ukrainian pages do not change.
    assert "en/events/" in changed
    assert not {path for path in changed if not path.startswith("en/")}, changed


def test_the_offline_page_is_noindex_and_outside_the_sitemap_and_search(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for prefix, lang, heading in (("", "uk", "Немає з’єднання"), ("en/", "en", "No connection")):
        page = site / prefix / "offline" / "index.html"
        doc = lxml.html.fromstring(page.read_bytes())
        assert doc.get("lang") == lang
        assert doc.xpath("//h1/text()") == [heading]
        assert "noindex" in doc.xpath("//meta[@name='robots']/@content")[0]
        assert not doc.xpath("//*[@data-pagefind-body]")
        assert f"/{prefix}offline/" not in sitemap
        # Served at any address: its links may not be relative to /offline/.
        for href in doc.xpath("//@href | //@src | //@data-worker"):
            assert href.startswith(("/", "http", "#", "mailto:")), href
        links = doc.xpath("//main//li/a/@href")
        assert links == [f"/{prefix}{page}" for page in SETTINGS["OFFLINE_PAGES"]]


# The Content-Security-Policy.

def test_every_page_carries_the_policy_and_nothing_inline_it_would_block(site):
    pages = html_pages(site)
    assert len(pages) > 100
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        policies = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert len(policies) == 1, page
        head = doc.xpath("//head/*")
        assert head[0].get("charset") and head[1].get("http-equiv"), page
        if "admin" in page.parts:
            assert "'unsafe-eval'" in policies[0]
            continue
        assert policies[0] == CSP, page
        for script in doc.xpath("//script"):
            assert script.get("src") or script.get("type") == "application/ld+json", page
        assert not doc.xpath("//style | //*[@style] | //@*[starts-with(name(), 'on')]"), page
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'",
                      "form-action 'self'"):
        assert directive in CSP
    assert "unsafe-inline" not in CSP and "'unsafe-eval'" not in CSP


def test_the_headers_file_gives_the_pages_and_the_admin_their_own_policies(site):
    rules: dict[str, list[str]] = {}
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            current = rules.setdefault(line, [])
        elif line.startswith("  "):
            current.append(line.strip())
    page_policy = f"Content-Security-Policy: {CSP}; frame-ancestors 'none'"
    top = {p.name for p in site.iterdir()
           if p.is_dir() and p.name != "admin" and next(p.rglob("*.html"), None)}
    assert {f"/{name}/*" for name in top} <= rules.keys()
    for path, headers in rules.items():
        if path in ("/admin/*", "/sw.js"):
            continue
        assert page_policy in headers and "X-Content-Type-Options: nosniff" in headers, path
    admin = [h for h in rules["/admin/*"] if h.startswith("Content-Security-Policy")]
    assert len(admin) == 1 and "'unsafe-eval'" in admin[0] and "frame-ancestors 'none'" in admin[0]
    # No rule of the pages matches the admin: hosts would enforce both policies there.
    assert not [p for p in rules if p != "/admin/*" and ("/admin/".startswith(p.rstrip("*"))
                                                         and p.endswith("*"))]
    assert "Cache-Control: no-cache" in rules["/sw.js"]


# In a real browser, on a production build served on 127.0.0.1.

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, output folder, content folder) of a production build being served."""
    root = tmp_path_factory.mktemp("offline")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    out = root / "output"
    with serving(out) as base:
        assert _production(out, content, base) == 0
        yield base, out, content


def _production(out: Path, content: Path, base: str) -> int:
    from sitebuild import build

    return build(PUBLISH_CONF, output=str(out), strict=True, overrides={
        "PATH": str(content), "CACHE_PATH": str(out.parent / "cache"),
        "SITEURL": base, "PUBLIC_URL": base})


@pytest.mark.browser
def test_after_one_visit_the_site_works_offline_in_both_languages(served, tmp_path):
    base, out, _content = served
    result = _browser("offline-check.mjs", base, str(tmp_path / "profile"),
                      "news/platform-presentation/",
                      "events/", "en/events/", "events/calendar/", "en/events/calendar/",
                      "contacts/", "en/contacts/", "", "en/",
                      "news/platform-presentation/",
                      "en/news/platform-presentation/", "courses/english/")
    assert result["errors"] == [], result["errors"]
    assert result["worker"] == f"{base}/sw.js"
    pages = {entry["path"]: entry for entry in result["offline"]}
    for path, entry in pages.items():
        assert "failed" not in entry, entry
        assert entry["status"] == 200 and entry["styled"], entry
        page = lxml.html.fromstring(_file(out, path).read_bytes())
        if path in ("en/news/platform-presentation/", "courses/english/"):
            # Never visited: the offline page, in the language of the address.
            lang = "en" if path.startswith("en/") else "uk"
            assert entry["lang"] == lang
            assert entry["h1"] == {"en": "No connection", "uk": "Немає з’єднання"}[lang]
        else:
            assert entry["lang"] == page.get("lang"), entry
            assert entry["h1"] == page.xpath("string(//h1)"), entry
    precached = {f"{base}/{path}?rev={rev}" for path, rev in _precache(out)}
    assert set(result["caches"]["kip-precache"]) == precached
    # Pages opened are kept as they were fetched; pictures on them, cache-first.
    assert result["caches"]["kip-pages"] == [f"{base}/news/platform-presentation/"]
    assert result["caches"]["kip-images"]
    assert all(url.startswith(f"{base}/") for url in result["caches"]["kip-images"])


@pytest.mark.browser
def test_a_new_build_replaces_what_changed_and_drops_the_old_copies(served, tmp_path):
    base, out, content = served
    profile = str(tmp_path / "profile")
    first = _browser("offline-check.mjs", base, profile, "", "en/events/")
    old = _precache(out)
    event = content / "events" / "kitchen-of-ideas.en.md"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "Title: ", "Title: Fresh ", 1), encoding="utf-8")
    try:
        assert _production(out, content, base) == 0
        new = _precache(out)
        second = _browser("offline-check.mjs", base, profile, "en/events/", "en/events/")
    finally:
        event.write_text(event.read_text(encoding="utf-8").replace("Title: Fresh ", "Title: ", 1),
                         encoding="utf-8")
        assert _production(out, content, base) == 0
    assert first["errors"] == [] and second["errors"] == [], (first, second)
    assert first["updated"] is False and second["updated"] is True
    # The new worker keeps exactly the new revisions: the old copies of what changed
    # are gone, what did not change was kept, not fetched again.
    assert set(second["caches"]["kip-precache"]) == {f"{base}/{p}?rev={r}" for p, r in new}
    gone = set(old) - set(new)
    assert gone and {path for path, _rev in gone} <= {"en/events/", "en/", "en/events/calendar/"}
    assert set(first["caches"]["kip-precache"]) >= {f"{base}/{p}?rev={r}" for p, r in old}
    # Offline, the events list shows the new title.
    assert "Fresh " in second["offline"][0]["text"]


@pytest.mark.browser
def test_no_page_kind_breaks_the_policy_in_either_language(served):
    base, out, _content = served
    pages = [path for _kind, _lang, path in existing(out, KINDS)]
    assert len(pages) >= 24
    pages += ["offline/", "en/offline/", "events/kitchen-of-ideas/kit/",
              "en/courses/english/kit/"]
    urls = [f"{base}/{path}" for path in pages]
    urls += [f"{base}/search/?q=платформа|#search-results li",
             f"{base}/en/search/?q=English|#search-results li"]
    results = _browser("csp-check.mjs", *urls)
    assert len(results) == len(urls)
    for result in results:
        assert result["policy"] == CSP, result["url"]
        assert result["violations"] == [] and result["errors"] == [], result
        assert result["status"] == 200 or result["url"].endswith("404.html"), result


def test_the_admin_gets_its_own_policy_with_the_local_proxy(site):
    doc = lxml.html.fromstring((site / "admin" / "index.html").read_bytes())
    policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self' 'unsafe-eval'"
    # The CMS reads an upload back through its blob: URL before saving it.
    assert directives["connect-src"] == "'self' blob: data: http://127.0.0.1:8081"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"


def test_a_site_without_a_contacts_page_precaches_the_rest(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for path in (content / "pages").glob("contacts.*.md"):
        path.unlink()
    out = tmp_path / "output"
    assert build_into(out, content) == 0
    paths = {path for path, _rev in _precache(out)}
    assert {"", "en/", "events/", "offline/", "en/offline/"} <= paths
    assert not {path for path in paths if "contacts" in path}
    offline = lxml.html.fromstring((out / "offline" / "index.html").read_bytes())
    assert offline.xpath("//main//li/a/@href") == ["/", "/events/", "/events/calendar/"]
