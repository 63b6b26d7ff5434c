"""The admin's gate (plugins/editor/gate.py): what the build refuses, the form cannot save.

Each request below is the one Decap CMS sends to its local proxy for a save, an
upload or a delete; the gate runs the real content checks on a copy of content/
with the change made. The list of samples covers every rule the checks run, so a
new rule without a refusal here fails `test_every_rule_of_the_checks_is_refused`.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pelican.settings import read_settings
from PIL import Image

from checks.runner import check_context
from conftest import CONF, ROOT
from editor.gate import BuildStatus, Gate, Refused, serve_gate


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture
def gate(project) -> Gate:
    settings = read_settings(CONF, override={"PATH": str(project / "content")})
    return Gate(project, settings)


def _entry(files: dict[str, str], assets: dict[str, bytes] | None = None) -> dict:
    """persistEntry's params, as Decap CMS sends them."""
    return {"branch": "main", "options": {"commitMessage": "save"},
            "dataFiles": [{"path": f"content/{path}", "raw": raw,
                           "slug": Path(path).name.split(".")[0]}
                          for path, raw in files.items()],
            "assets": [{"path": f"content/{path}", "encoding": "base64",
                        "content": base64.b64encode(data).decode()}
                       for path, data in (assets or {}).items()]}


def _photo(width=400, height=300, fmt="JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, fmt)
    return out.getvalue()


NEWS = "Title: {title}\nDate: 2017-05-01\n{extra}\nText.\n"
EVENT = "Title: {title}\nStart: 2027-05-20 15:00\nLocation: {place}\n{extra}\nText.\n"


def _news(stem: str, extra_uk: str = "", extra_en: str = "") -> dict:
    return _entry({f"news/{stem}.uk.md": NEWS.format(title="Новина", extra=extra_uk),
                   f"news/{stem}.en.md": NEWS.format(title="News", extra=extra_en)})


def _event(stem: str, extra_uk: str = "", extra_en: str = "", place_en="Space") -> dict:
    return _entry({f"events/{stem}.uk.md": EVENT.format(title="Подія", place="Простір",
                                                        extra=extra_uk),
                   f"events/{stem}.en.md": EVENT.format(title="Event", place=place_en,
                                                        extra=extra_en)})


#: One change the build refuses for each rule of the checks, by the rule's name.
SAMPLES = {
    "header_rules": ("persistEntry", _news("twice", "Title: again")),
    "alias_rules": ("persistEntry", _news("alias", "Aliases: news/no-slash/")),
    "language_rules": ("persistEntry", _news("lang", "Lang: en")),
    "field_rules": ("persistEntry", _entry({"news/nodate.uk.md": "Title: Без дати\n\nT.\n",
                                            "news/nodate.en.md": "Title: No date\n\nT.\n"})),
    "date_rules": ("persistEntry", _news("baddate", "Modified: 2017-13-45")),
    # An address taken by another item: the file name of one, the `Slug:` of the other.
    "duplicate_rules": ("persistEntry", _news("taken", "Slug: platform-presentation",
                                              "Slug: platform-presentation")),
    # A picture that does not exist.
    "link_rules": ("persistEntry", _news("nopic", "Image: {static}/images/nope.jpg\n"
                                         "Image_alt: Фото", "Image: {static}/images/nope.jpg\n"
                                         "Image_alt: Photo")),
    "alt_text_rules": ("persistEntry", _news("noalt", "Image: {static}/images/"
                                             "kitchen-of-ideas.png\nImage_alt: Кухня",
                                             "Image: {static}/images/kitchen-of-ideas.png")),
    "kit_rules": ("persistEntry", _news("kit", "Kit: yes", "Kit: no")),
    # Another language's page taken as an old address.
    "address_rules": ("persistEntry", _news("alias-en", "", "Aliases: "
                                            "/events/anti-corruption-training/")),
    # A picture the site cannot publish (a cut-off JPEG).
    "picture_rules": ("persistMedia", {"asset": {
        "path": "content/images/cut.jpg", "encoding": "base64",
        "content": base64.b64encode(_photo()[:300]).decode()}}),
    # A planned activity's target that is not a positive number.
    "activity_rules": ("persistEntry", _entry({
        "activities/nothing.uk.md": "Title: Ніщо\nTarget: 0 events\nStart: 2017-02-01\n"
                                    "End: 2017-08-31\n\nT.\n",
        "activities/nothing.en.md": "Title: Nothing\nTarget: 0 events\nStart: 2017-02-01\n"
                                    "End: 2017-08-31\n\nT.\n"})),
    # An activity that does not exist; attendance before the event.
    "reference_rules": ("persistEntry", _event("no-activity", "Activity: no-such-activity",
                                               "Activity: no-such-activity")),
    "attendance_rules": ("persistEntry", _event("too-early", "Attendance: 12",
                                                "Attendance: 12")),
    # A partner whose logo is not there.
    "partner_rules": ("persistEntry", _entry({"partners.yml": (
        ROOT / "content" / "partners.yml").read_text("utf-8").replace(
        "images/partners/bmz-placeholder.svg", "images/partners/missing.svg")})),
    # Twins of a news item with different dates: a warning, which the strict
    # production build stops on.
    "translation_rules": ("persistEntry", _entry({
        "news/dates.uk.md": NEWS.format(title="Новина", extra=""),
        "news/dates.en.md": NEWS.format(title="News", extra="").replace("2017-05-01",
                                                                        "2017-06-09")})),
    # A field the twins must share, and the end before the start.
    "event_rules": ("persistEntry", _event("ends-early", "End: 2027-05-20 14:00",
                                           "End: 2027-05-20 14:00")),
    "course_rules": ("persistEntry", _entry({
        "courses/short.uk.md": "Title: Курс\nDuration_weeks: 3\n\nT.\n",
        "courses/short.en.md": "Title: Course\nDuration_weeks: 5\n\nT.\n"})),
    # A course that does not exist.
    "session_rules": ("persistEntry", _event("session", "Course: no-such-course",
                                             "Course: no-such-course")),
}


def test_every_rule_of_the_checks_is_refused(gate):
    _ctx, _folders, rules = check_context(gate.settings)
    assert {rule.__name__ for rule in rules} == set(SAMPLES)
    for name, (action, params) in SAMPLES.items():
        with pytest.raises(Refused) as refused:
            gate.check(action, params)
        assert str(refused.value).startswith(("Не збережено", "Файл «")), name
    # Nothing was written: the checks ran on a copy.
    assert not list((gate.content / "news").glob("twice.*"))
    assert sorted(p.name for p in gate.content.parent.iterdir()) == ["content"]


def test_the_messages_name_the_field_in_ukrainian_and_the_file(gate):
    with pytest.raises(Refused) as refused:
        gate.check(*SAMPLES["session_rules"])
    assert "«Курс» (українська): курсу «no-such-course» немає на сайті" in str(refused.value)
    assert "events/session.uk.md" in str(refused.value)
    with pytest.raises(Refused) as refused:
        gate.check(*SAMPLES["event_rules"])
    assert "«Кінець» (англійська): 2027-05-20 14:00 раніше за початок" in str(refused.value)
    with pytest.raises(Refused) as refused:
        gate.check(*SAMPLES["alt_text_rules"])
    assert "«Опис зображення» (англійська)" in str(refused.value)
    assert str(gate.content) not in str(refused.value)


def test_an_event_with_its_place_in_one_language_only_is_refused(gate):
    with pytest.raises(Refused, match="«Місце» \\(англійська\\): не заповнено"):
        gate.check("persistEntry", _event("half", place_en=""))


def test_a_good_item_with_a_new_photo_passes(gate):
    photo = _photo()
    params = _entry({"events/photo.uk.md": EVENT.format(
        title="Подія", place="Простір", extra="Image: {static}/images/photo.jpg\n"
        "Image_alt: Люди"), "events/photo.en.md": EVENT.format(
        title="Event", place="Space", extra="Image: {static}/images/photo.jpg\n"
        "Image_alt: People")}, {"images/photo.jpg": photo})
    gate.check("persistEntry", params)
    # The gate only reviews: decap-server writes.
    assert not (gate.content / "events" / "photo.uk.md").exists()


def test_a_published_address_cannot_change_in_the_form(gate):
    raw = (gate.content / "news" / "platform-presentation.uk.md").read_text("utf-8")
    changed = raw.replace("Date:", "Slug: platform-launch\nDate:", 1)
    with pytest.raises(Refused, match="Змінити адресу"):
        gate.check("persistEntry", _entry({"news/platform-presentation.uk.md": changed}))


def test_renaming_keeps_the_old_address_as_an_alias(gate):
    files = gate.rename("events", "kitchen-of-ideas", "kitchen-of-ideas-2017")
    assert sorted(files) == ["content/events/kitchen-of-ideas-2017.en.md",
                             "content/events/kitchen-of-ideas-2017.uk.md"]
    text = (gate.content / "events" / "kitchen-of-ideas-2017.uk.md").read_text("utf-8")
    assert "Aliases: /events/kitchen-of-ideas/" in text
    with pytest.raises(Refused, match="Адресу не змінено"):
        gate.rename("events", "business-meeting-1", "business-meeting-2")


def test_deleting_what_others_use_is_refused(gate):
    # A picture an item shows.
    used = next(p for p in (gate.content / "images").glob("*.jpg"))
    with pytest.raises(Refused, match="Не видалено: цим користуються інші записи: news/"):
        gate.check("deleteFile", {"path": f"content/images/{used.name}"})
    # A course that has sessions.
    course = sorted((gate.content / "courses").glob("english.*.md"))
    assert course
    with pytest.raises(Refused, match="events/english-course"):
        gate.check("deleteFiles", {"paths": [f"content/courses/{p.name}" for p in course]})
    # ... and a news item another page links to.
    news = ["content/news/platform-presentation.uk.md", "content/news/platform-presentation.en.md"]
    with pytest.raises(Refused, match="pages/contacts"):
        gate.check("deleteFiles", {"paths": news})
    # An event nobody links to may go.
    gate.check("deleteFiles", {"paths": ["content/events/business-meeting-4.uk.md",
                                         "content/events/business-meeting-4.en.md"]})


@pytest.mark.parametrize(("name", "data", "message"), [
    ("notes.txt", b"hello", "лише зображення"),
    ("broken.jpg", _photo()[:200], "пошкоджений"),
    ("fake.png", b"not a picture at all", "пошкоджений"),
])
def test_bad_pictures_are_refused_in_ukrainian(gate, name, data, message):
    asset = {"path": f"content/images/{name}", "encoding": "base64",
             "content": base64.b64encode(data).decode()}
    with pytest.raises(Refused, match=message):
        gate.check("persistMedia", {"asset": asset})


def test_a_picture_above_the_pixel_limit_is_refused(gate):
    side = int(gate.max_pixels ** 0.5) + 10
    # A PNG of one colour: small on disk, huge in memory once decoded.
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")
    asset = {"path": "content/images/huge.png", "encoding": "base64",
             "content": base64.b64encode(out.getvalue()).decode()}
    with pytest.raises(Refused, match="мегапікселів"):
        gate.check("persistMedia", {"asset": asset})


class _Upstream(BaseHTTPRequestHandler):
    """Stands where decap-server listens: records what reached it."""

    seen: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append(body["action"])
        payload = [{"path": "content/images/LICENSE.md"}, {"path": "content/images/a.jpg"}] \
            if body["action"] == "getMedia" else {"message": "ok"}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_the_gate_passes_good_requests_on_and_answers_bad_ones_itself(gate):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    status = BuildStatus()
    server = serve_gate(gate, status, "127.0.0.1", 0,
                        f"http://127.0.0.1:{upstream.server_address[1]}/api/v1")
    url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"

    def post(action, params):
        request = urllib.request.Request(url, json.dumps({"action": action, "params": params})
                                         .encode(), {"Content-Type": "application/json",
                                                     "Origin": "http://127.0.0.1:8000"})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read()), response.headers
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read()), exc.headers

    def state():
        with urllib.request.urlopen(url + "/status") as response:
            return json.loads(response.read())

    try:
        code, body, headers = post("getMedia", {"mediaFolder": "content/images"})
        assert code == 200 and body == [{"path": "content/images/a.jpg"}]  # LICENSE.md left out
        assert headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8000"
        code, body, _ = post(*SAMPLES["session_rules"])
        assert code == 422 and "«Курс»" in body["error"]
        assert _Upstream.seen == ["getMedia"]  # the refused save never reached decap-server
        assert not state()["pending"]  # ... nor waits for a build

        # A build that started before a save does not pass for the one that has it.
        status.start()
        code, _body, _ = post("persistEntry", _news("waits"))
        assert code == 200 and _Upstream.seen[-1] == "persistEntry"
        assert state()["running"] and state()["pending"]
        status.finish(True, [])
        assert state()["pending"] and not state()["running"]
        status.start()  # the build the save set off
        assert not state()["pending"]
        status.finish(False, ["«Місце» (англійська): missing"])
        assert not state()["pending"] and not state()["running"]
        assert state()["ok"] is False and state()["generation"] == 2
        assert state()["problems"] == ["«Місце» (англійська): missing"]
    finally:
        server.shutdown()
        upstream.shutdown()
