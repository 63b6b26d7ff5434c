"""The CMS admin (plugins/cms): its config matches the content checks, its file format
keeps our files as they are, and `invoke edit` works in a real browser."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import lxml.html
import pytest
import yaml
from icalendar import Calendar

from checks.rules import parse_date
from checks.runner import check_context
from conftest import ROOT, build_into, require_tool, run_vnu
from events.model import STATUSES as EVENT_STATUS_VALUES
from events.model import _Invalid, parse_when
from schema import DATE_PATTERN, KINDS, SLUG_PATTERN, WHEN_PATTERN

NODE_MODULES = ROOT / "node_modules"
FORMAT_JS = ROOT / "plugins" / "cms" / "static" / "pelican-format.js"


def _has_cms() -> bool:
    return (NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js").exists()


@pytest.fixture(scope="module")
def config(site) -> dict:
    require_tool(_has_cms(), "decap-cms is not installed: run `npm ci`")
    return yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))


def _collections(config) -> dict[str, dict]:
    return {c["name"]: {f["name"]: f for f in c["fields"]} for c in config["collections"]}


def test_every_rule_of_the_checks_has_its_rule_in_the_cms(config):
    from pelican.settings import read_settings

    ctx, folders, _rules = check_context(read_settings(str(ROOT / "pelicanconf.py")))
    # content/activities/ has no collection in the admin yet: it is edited as files.
    assert set(folders) == {"news", "pages", "events", "courses", "activities"}
    cms = _collections(config)
    assert set(cms) == {"news", "pages", "events", "courses"}
    for kind, fields in cms.items():
        known = ctx.fields[kind]
        # Every field of the form is one the checks know, so nothing the CMS writes is refused.
        assert set(fields) - {"body"} <= known, kind
        # Every field the checks require, the form requires.
        for name in ctx.required[kind]:
            assert fields[name]["required"] is True, (kind, name)
        # The address: the checks' slug rule, and unique (the checks' duplicate rule).
        assert fields["slug"]["pattern"][0] == SLUG_PATTERN
        assert fields["slug"]["kip_unique"] is True
        assert fields["slug"]["i18n"] == "duplicate"
        # An image needs its description, in each language.
        assert fields["image_alt"]["kip_required_with"] == "image"
        assert fields["image_alt"]["i18n"] is True
    for kind in ("news", "pages", "courses"):
        options = [o["value"] for o in cms[kind]["status"]["options"]]
        assert tuple(options) == ("published", "draft", "hidden"), kind
    events = cms["events"]
    assert tuple(o["value"] for o in events["status"]["options"]) == EVENT_STATUS_VALUES
    assert events["start"]["pattern"][0] == events["end"]["pattern"][0] == WHEN_PATTERN
    assert events["end"]["kip_after"] == "start"
    assert cms["news"]["date"]["pattern"][0] == DATE_PATTERN
    course = events["course"]
    assert (course["widget"], course["collection"], course["value_field"]) == \
        ("relation", "courses", "{{slug}}")
    for name in ("start", "end", "timezone", "status", "course", "registration", "geo", "slug"):
        assert events[name]["i18n"] == "duplicate", name
    for name in ("title", "summary", "location", "image_alt"):
        assert events[name]["i18n"] is True, name


@pytest.mark.parametrize("text", ["2017-04-07 18:00", "2017-04-07", "2017-04-07T18:00",
                                  "2017-04-07T18:00+03:00", "2017-02-30", "2017-4-7",
                                  "07.04.2017", "2017-04-07 25:00", "tomorrow"])
def test_a_date_the_form_accepts_is_one_the_checks_accept(text):
    import re
    from zoneinfo import ZoneInfo

    def checks_accept(parse) -> bool:
        try:
            parse(text)
        except (_Invalid, ValueError, OverflowError):
            return False
        return True

    if re.match(WHEN_PATTERN, text):
        assert checks_accept(lambda t: parse_when(t, ZoneInfo("Europe/Kyiv"))) or \
            text in ("2017-02-30", "2017-04-07 25:00"), text  # calendar errors: the build says
    else:
        assert text in ("2017-4-7", "07.04.2017", "tomorrow"), text
    if re.match(DATE_PATTERN, text) and text not in ("2017-02-30", "2017-04-07 25:00"):
        assert checks_accept(parse_date)


def _node(script: str) -> str:
    require_tool(shutil.which("node") is not None, "node is not installed")
    proc = subprocess.run(["node", "-e", script], capture_output=True, text=True,
                          encoding="utf-8", check=True, cwd=ROOT)
    return proc.stdout


def test_every_content_file_round_trips_byte_for_byte():
    files = sorted(p for kind in KINDS for p in (ROOT / "content" / kind).glob("*.md"))
    assert len(files) >= 40
    out = _node(f"""
const f = require({str(FORMAT_JS)!r});
const fs = require('fs');
const files = {json.dumps([str(p) for p in files])};
const changed = files.filter(p => {{
  const text = fs.readFileSync(p, 'utf8');
  return f.toFile(f.fromFile(text), ['title']) !== text;
}});
console.log(JSON.stringify({{count: files.length, changed}}));
""")
    result = json.loads(out)
    assert result == {"count": len(files), "changed": []}


def test_one_changed_field_changes_one_line_and_new_fields_follow_the_form():
    source = ROOT / "content" / "events" / "kitchen-of-ideas.uk.md"
    out = _node(f"""
const f = require({str(FORMAT_JS)!r});
const text = require('fs').readFileSync({str(source)!r}, 'utf8');
const data = f.fromFile(text);
data.location = 'Нове місце';
const one = f.toFile(data, ['title', 'start', 'location']);
data.status = 'cancelled'; data.summary = 'два\\nрядки';
const more = f.toFile(data, ['title', 'status', 'summary']);
const fresh = f.toFile({{title: 'Нова', start: '2027-01-01 10:00', end: '', body: 'Текст'}},
                       ['title', 'slug', 'start', 'end']);
console.log(JSON.stringify({{one, more, fresh}}));
""")
    result = json.loads(out)
    before = source.read_text(encoding="utf-8").splitlines()
    one = result["one"].splitlines()
    assert len(one) == len(before)
    assert [i for i, (a, b) in enumerate(zip(before, one, strict=True)) if a != b] == [3]
    assert one[3] == "Location: Нове місце"
    more = result["more"]
    assert "Status: cancelled\n" in more and "Summary: два рядки\n" in more
    assert result["fresh"] == "Title: Нова\nStart: 2027-01-01 10:00\n\nТекст\n"


def test_the_admin_is_built_noindex_and_outside_sitemap_feeds_and_search(site, config):
    admin = site / "admin"
    page = lxml.html.fromstring((admin / "index.html").read_bytes())
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert page.xpath("//html/@lang") == ["uk"]
    scripts = page.xpath("//script/@src")
    assert scripts == ["kip-init.js", "decap/decap-cms.js", "pelican-format.js", "kip-cms.js",
                       "kip-admin.js"]
    for src in scripts[1:]:
        assert (admin / src).stat().st_size > 1000, src
    assert page.xpath("//link[@rel='stylesheet']/@href") == ["kip-cms.css"]
    assert config["locale"] == "uk"
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["uk", "en"],
                              "default_locale": "uk"}
    assert config["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1"}
    assert config["media_folder"] == "content/images"
    folders = {c["name"]: c["folder"] for c in config["collections"]}
    assert folders == {k: f"content/{k}" for k in ("news", "pages", "events", "courses")}
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/news/" in sitemap and "/admin" not in sitemap
    for feed in ("feed.xml", "atom.xml", "en/feed.xml"):
        assert "/admin" not in (site / feed).read_text(encoding="utf-8")
    pagefind = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    assert pagefind, "no search index"
    data = json.loads((admin / "site.json").read_text(encoding="utf-8"))
    assert "kitchen-of-ideas" in data["slugs"]["events"]
    assert data["dates"]["uk"]["months"][4] == "травня"
    assert run_vnu([admin / "index.html"], css=False) == []


def test_a_build_without_the_npm_packages_leaves_the_admin_out(tmp_path):
    out = tmp_path / "output"
    assert build_into(out, ROOT / "content",
                      overrides={"CMS_NPM_ROOT": str(tmp_path / "nothing")}) == 0
    assert (out / "index.html").exists()
    assert not (out / "admin").exists()


def test_without_node_packages_edit_says_what_to_run_and_build_still_builds(tmp_path):
    project = _copy_project(tmp_path / "site", node_modules=False)
    edit = subprocess.run([sys.executable, "-m", "invoke", "edit"], cwd=project,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)
    assert edit.returncode != 0
    assert "the CMS packages are not installed. Run `npm ci`" in edit.stderr
    build = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project,
                           capture_output=True, text=True, encoding="utf-8", timeout=300,
                           check=False)
    assert build.returncode == 0, build.stderr
    assert "the CMS admin (/admin/) is left out: run `npm ci`" in build.stdout
    assert (project / "output" / "index.html").exists()
    assert not (project / "output" / "admin").exists()


def test_production_admin_edits_the_repository_named_in_the_settings():
    from cms.config import CmsSettingsError, cms_config

    base = {"LANGUAGES": {"uk": {}, "en": {}}, "PUBLIC_URL": "https://example.org"}
    conf = cms_config({**base, "CMS_BACKEND": "github", "CMS_REPO": "ngo/site",
                       "CMS_BRANCH": "live", "CMS_AUTH_URL": "https://auth.example.org"})
    assert conf["backend"] == {"name": "github", "repo": "ngo/site", "branch": "live",
                               "base_url": "https://auth.example.org", "auth_endpoint": "auth"}
    assert conf["publish_mode"] == "editorial_workflow"
    with pytest.raises(CmsSettingsError, match="CMS_REPO"):
        cms_config({**base, "CMS_BACKEND": "github", "CMS_REPO": ""})


# --- invoke edit, in a real browser ------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Addresses a socket listens on for ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _copy_project(target: Path, node_modules: bool = True) -> Path:
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, target / name)
    if node_modules:
        (target / "node_modules").symlink_to(NODE_MODULES)
    return target


@pytest.mark.browser
def test_invoke_edit_creates_and_edits_entries_in_a_real_browser(tmp_path):
    require_tool(_has_cms(), "decap-cms is not installed: run `npm ci`")
    require_tool(Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium")).exists(),
                 "chromium is not installed")
    project = _copy_project(tmp_path / "site")
    port, cms_port = _free_port(), _free_port()
    log = (tmp_path / "edit.log").open("w")
    edit = subprocess.Popen(
        [sys.executable, "-m", "invoke", "edit", f"--port={port}", f"--cms-port={cms_port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    article = project / "content" / "news" / "platform-presentation.uk.md"
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
    try:
        _wait_for(lambda: (project / "output" / "admin" / "index.html").exists()
                  and _listening_addresses(port), 120, "the site server")
        _wait_for(lambda: _listening_addresses(cms_port), 30, "decap-server")
        # 0100007F is 127.0.0.1: the proxy is not reachable from another machine.
        assert _listening_addresses(cms_port) == {"0100007F"}
        assert _listening_addresses(port) == {"0100007F"}
        proc = subprocess.run(["node", str(ROOT / "tests" / "browser" / "cms-check.mjs"),
                               f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                              encoding="utf-8", timeout=300, cwd=ROOT, check=False)
        assert proc.returncode == 0, proc.stderr
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        assert result["outside"] == []
        # The only refusal: livereload's inline reload script in the admin, on purpose
        # (tasks.live_preview_overrides); the site's pages run it.
        assert result["violations"], "the admin would reload under the editor's hands"
        assert result["steps"]["live_reload"] is True
        for violation in result["violations"]:
            assert "/admin/" in violation["url"], violation
            assert violation["text"].startswith("Executing inline script"), violation
        assert (project / "output" / "events" / "open-meeting-may" / "index.html").exists()
        print(f"save to page on the site: {result['steps']['save_to_page_ms']} ms",
              file=sys.stderr)
    finally:
        os.killpg(edit.pid, signal.SIGINT)  # Ctrl+C
        edit.wait(timeout=30)
        log.close()
    # Ctrl+C stopped both servers.
    assert not _listening_addresses(port) and not _listening_addresses(cms_port)
    assert "stopped the CMS proxy" in (tmp_path / "edit.log").read_text()

    # The new event: a pair of files in the folder used today, with our header.
    uk = (project / "content" / "events" / "open-meeting-may.uk.md").read_text("utf-8")
    en = (project / "content" / "events" / "open-meeting-may.en.md").read_text("utf-8")
    assert uk == ("Title: Відкрита зустріч у травні\nSlug: open-meeting-may\n"
                  "Start: 2027-05-20 15:00\nEnd: 2027-05-20 17:30\n"
                  "Location: Простір «Вільна Хата»\n\nПриходьте обговорити ідеї.\n")
    assert en == ("Title: Open meeting in May\nSlug: open-meeting-may\n"
                  "Start: 2027-05-20 15:00\nEnd: 2027-05-20 17:30\n"
                  "Location: Vilna Khata space\n\nCome and discuss ideas.\n")
    # The article: one line changed.
    old, new = before[article].decode().splitlines(), article.read_text("utf-8").splitlines()
    assert len(old) == len(new)
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        (old[0], "Title: Презентація платформи у «Вільній Хаті»")]
    # The end before the start: refused in Ukrainian, nothing written.
    assert any("не може бути раніше за початок" in m for m in result["steps"]["refused"])
    assert any("вже зайнята" in m for m in result["steps"]["refused"])
    assert result["steps"]["alt_refused"] >= 1
    after = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
    assert set(after) - set(before) == {project / "content" / "events" / name
                                        for name in ("open-meeting-may.uk.md",
                                                     "open-meeting-may.en.md")}
    assert [p for p in before if before[p] != after[p]] == [article]

    # A strict build shows the event in both languages and in calendar.ics.
    out = tmp_path / "strict"
    assert build_into(out, project / "content") == 0
    for prefix in ("", "en/"):
        html = lxml.html.fromstring((out / prefix / "events/open-meeting-may/index.html")
                                    .read_bytes())
        assert html.xpath("//h1/text()") == [
            "Відкрита зустріч у травні" if not prefix else "Open meeting in May"]
    shown = " ".join(lxml.html.fromstring(
        (out / "events/open-meeting-may/index.html").read_bytes())
        .xpath("//dl[@class='facts']/dd[1]")[0].text_content().split())
    assert result["steps"]["preview"] == shown
    calendar = Calendar.from_ical((out / "calendar.ics").read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Відкрита зустріч у травні" in summaries


def _phone_photo(path: Path) -> Path:
    """A phone photo as editors upload it: 4000x3000, about 5 MB, with GPS in its EXIF."""
    from PIL import Image

    size = (4000, 3000)
    noise = Image.effect_noise(size, 40).convert("RGB")
    image = Image.blend(Image.linear_gradient("L").resize(size).convert("RGB"), noise, 0.35)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (48.0, 44.0, 20.0), 3: "E", 4: (37.0, 35.0, 10.0)}
    image.save(path, "JPEG", quality=85, exif=exif)
    return path


#: What Chromium logs for a request the gate refused, by design of the walk below.
_REFUSED = ("status of 422", "API_ERROR")


@pytest.mark.browser
def test_an_editor_adds_photos_is_stopped_at_mistakes_deletes_and_renames(tmp_path):
    """Issue 31's walk: a 5 MB phone photo through an image field and the media tab,
    the mistakes the build would stop on, a picture in use, a delete, a new address,
    and the admin on a 390 px phone, all under the admin's own policy."""
    from PIL import Image

    require_tool(_has_cms(), "decap-cms is not installed: run `npm ci`")
    require_tool(Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium")).exists(),
                 "chromium is not installed")
    project = _copy_project(tmp_path / "site")
    content = project / "content"
    photo = _phone_photo(tmp_path / "phone.jpg")
    assert 4_000_000 < photo.stat().st_size < 7_000_000
    second = tmp_path / "phone-media.jpg"
    shutil.copyfile(photo, second)
    port, cms_port = _free_port(), _free_port()
    log = (tmp_path / "edit.log").open("w")
    edit = subprocess.Popen(
        [sys.executable, "-m", "invoke", "edit", f"--port={port}", f"--cms-port={cms_port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(lambda: (project / "output" / "admin" / "index.html").exists()
                  and _listening_addresses(port), 180, "the site server")
        _wait_for(lambda: _listening_addresses(cms_port), 30, "the gate")
        proc = subprocess.run(["node", str(ROOT / "tests" / "browser" / "cms-editor-check.mjs"),
                               f"http://127.0.0.1:{port}", str(photo), str(second)],
                              capture_output=True, text=True, encoding="utf-8", timeout=900,
                              cwd=ROOT, check=False)
        assert proc.returncode == 0, proc.stderr
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        os.killpg(edit.pid, signal.SIGINT)
        edit.wait(timeout=30)
        log.close()
    steps = result["steps"]
    # Where the walk stopped: its message and the steps it had done.
    assert "failed" not in result, (result["failed"], list(steps))
    print(f"publish to page: {steps['publish_to_page_ms']} ms", file=sys.stderr)

    # 1. The photo: a thumbnail in the form, the save says the site is updated and links
    # to what was made, and the page shows the photo in both languages.
    assert steps["thumbnail"] >= 1
    saved = steps["photo_event"]
    assert saved["ok"] and "Сайт оновлено" in saved["text"]
    base = f"http://127.0.0.1:{port}/"
    assert saved["links"] == [base + "events/photo-meeting/", base + "en/events/photo-meeting/",
                              base + "events/photo-meeting/kit/",
                              base + "events/photo-meeting/poster.pdf",
                              base + "cards/event/photo-meeting.png"]
    assert 'alt="Учасники зустрічі в залі"' in steps["photo_pages"]["uk"]
    assert 'alt="Participants in the hall"' in steps["photo_pages"]["en"]
    for html in steps["photo_pages"].values():
        assert "images/phone-960.webp" in html
    assert (content / "images" / "phone.jpg").read_bytes() == photo.read_bytes()
    # Published without the phone's EXIF (its GPS position above all).
    published = project / "output" / "images" / "phone-960.jpg"
    with Image.open(published) as image:
        assert not image.getexif()
    # 2. The media tab: the second photo is in content/images/; LICENSE.md is not listed.
    assert (content / "images" / "phone-media.jpg").exists()
    assert "phone-media.jpg" in steps["media_names"]
    assert "LICENSE.md" not in steps["media_names"]
    # 3.-5. Refused in Ukrainian, naming the field or the items; nothing written or deleted.
    assert "Не видалено: цим користуються інші записи: news/platform-presentation" \
        in steps["picture_in_use"]
    assert (content / "images" / "presentation-vilna-khata.jpg").exists()
    assert "«Місце» (англійська): не заповнено" in steps["place_refused"]
    assert not list((content / "events").glob("one-place.*"))
    assert "events/english-course" in steps["course_refused"]
    assert len(list((content / "courses").glob("english.*.md"))) == 2
    # The deleted event: both files gone, its page gone from the rebuilt site.
    assert not list((content / "events").glob("photo-meeting.*"))
    assert steps["deleted_page_gone"] is True
    # 6. The new address: the files renamed, the old address kept as a redirect.
    renamed = sorted(p.name for p in (content / "events").glob("kitchen-of-ideas*"))
    assert renamed == ["kitchen-of-ideas-2017.en.md", "kitchen-of-ideas-2017.uk.md"]
    assert "Aliases: /events/kitchen-of-ideas/" in \
        (content / "events" / "kitchen-of-ideas-2017.uk.md").read_text("utf-8")
    assert steps["renamed_page"] is True
    old = (project / "output" / "events" / "kitchen-of-ideas" / "index.html").read_text("utf-8")
    assert "events/kitchen-of-ideas-2017/" in old
    # 7. A news item dated ahead: saved, and said to be scheduled, in the panel and the list.
    assert "Збережено й заплановано" in steps["scheduled"]["text"]
    assert "15.01.2030 09:00" in steps["scheduled"]["text"]
    assert "15.01.2030 09:00\nзаплановано" in steps["news_badges"]
    assert "Date: 2030-01-15 09:00" in (content / "news" / "next-year.en.md").read_text("utf-8")
    # 8. The lists show each event's date and state.
    assert "20.04.2017 10:00\nминула" in steps["badges"]
    # 9. A phone: nothing wider than the screen, Publish and the English column in reach.
    phone = steps["phone"]
    assert phone["list_width"] <= 390 and phone["editor_width"] <= 390
    assert phone["final_width"] <= 390
    box = phone["publish_box"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and 0 <= box["y"] < 860
    assert phone["english_x"] >= 0 and phone["english_right"] <= 390
    assert phone["saved"]["ok"]
    for prefix in ("", "en/"):
        page = (project / "output" / prefix / "events" / "phone-meeting" / "index.html")
        assert "images/phone-media-960.webp" in page.read_text("utf-8")
    # No console error but livereload's inline script (refused on purpose in the admin)
    # and the refusals above; no script error but Decap's own on a refused request.
    unexpected = [m for m in result["console"] if "/admin/" not in m["url"] or not (
        m["text"].startswith("Executing inline script")
        or any(mark in m["text"] for mark in _REFUSED))]
    assert unexpected == []
    assert {e["step"] for e in result["errors"]} <= {"picture_in_use", "place_refused"}
