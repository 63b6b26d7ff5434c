"""The admin's gate under `invoke edit`: nothing reaches content/ that the build refuses.

Decap CMS saves through decap-server (its local proxy); the gate listens where the
admin sends its requests and passes them on. Before a save, a delete or an
upload, it makes the change on a hard-linked copy of content/, runs the content
checks there, and refuses with the checks' messages (field labels in Ukrainian)
when the change adds a problem: the same rules as the build, so the form cannot
save what the build would stop on. It also answers the admin's questions that
decap-server has no word for: the state of the last build, and the renaming of
an item's address (`invoke rename`).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from babel import Locale

from checks.problems import Problem
from checks.runner import check_content
from common.header import parse_header
from common.slugs import split_source_name
from images.config import read_image_settings
from images.process import RASTER
from images.rules import picture_problem
from schema import KINDS

from .rename import KINDS as RENAME_KINDS
from .rename import RenameError, rename

#: What the media library lists and accepts: the pictures the images plugin publishes
#: (its raster formats, made in several sizes) and SVG, served as it is.
PICTURES = {*RASTER, ".svg"}
#: The largest upload: a phone photo is 3 to 8 MB; anything bigger is not a photo.
MAX_BYTES = 20 * 1000 * 1000
#: The actions of decap-server's API (and the gate's own rename) that change content/.
WRITES = {"persistEntry", "persistMedia", "deleteFile", "deleteFiles", "kipRename"}
#: The folder of each kind's files, to the kind `invoke rename` calls it.
RENAME_KIND = {folder: kind for kind, (folder, _url) in RENAME_KINDS.items()}


class Refused(ValueError):
    """The change is refused; the message, in Ukrainian, says why and what to do."""


def _label(folder: str, name: str) -> str:
    kind = KINDS.get(folder)
    if kind and name in kind.names():
        return kind.field(name).label
    return {"metadata": "Поля на початку файлу", "link": "Посилання в тексті",
            "image": "Зображення в тексті"}.get(name, name)


#: The checks' messages in English, as the admin says them in Ukrainian: the most
#: frequent ones; any other is shown as the checks wrote it.
UKRAINIAN = (
    (re.compile(r"^missing\b.*", re.S), "не заповнено; заповніть і в цій мові."),
    (re.compile(r"^'(?P<a>[^']*)' is before the start \((?P<b>[^)]*)\).*", re.S),
     "{a} раніше за початок ({b}); виправте дату або час."),
    (re.compile(r"^'(?P<a>[^']*)' is also the address of (?P<b>\S+);.*", re.S),
     "адресу «{a}» вже має запис {b}; оберіть іншу."),
    (re.compile(r"^no course '(?P<a>[^']*)'.*", re.S),
     "курсу «{a}» немає на сайті; оберіть курс зі списку."),
    (re.compile(r"^(?P<a>\S+) does not exist.*", re.S),
     "файлу {a} немає: його видалено або перейменовано."),
    (re.compile(r"^'(?P<a>[^']*)' is not a date.*", re.S),
     "«{a}» не дата; оберіть дату в календарі."),
    (re.compile(r"^differs from its translation (?P<a>\S+).*", re.S),
     "відрізняється від перекладу {a}; у двох мовах має бути однаково."),
    (re.compile(r".*the two languages must agree.*", re.S),
     "у двох мовах має бути однаково; виправте одну з колонок."),
    # A picture (images/rules.py, picture_problem).
    (re.compile(r"^is (?P<a>\d+)x(?P<b>\d+) pixels, more than (?P<c>\d+) megapixels.*", re.S),
     "{a}×{b} пікселів, а можна до {c} мегапікселів; зменште фото."),
    (re.compile(r"^has more than (?P<c>\d+) megapixels.*", re.S),
     "у ньому більше {c} мегапікселів; зменште фото."),
    (re.compile(r"^(?:cannot be read as a picture|is cut short).*", re.S),
     "це не зображення, або файл пошкоджений. Збережіть фото ще раз і спробуйте знову."),
    (re.compile(r"^is an? (?P<a>\S+) file named (?P<b>\S+);.*", re.S),
     "це файл {a}, хоч назва каже {b}; збережіть його ще раз у форматі, який каже назва."),
)


def in_ukrainian(message: str) -> str:
    for pattern, text in UKRAINIAN:
        match = pattern.match(message)
        if match:
            return text.format(**match.groupdict())
    return message


def describe(problem: Problem, root: Path) -> str:
    """One problem as the admin shows it: the field's Ukrainian label, the language,
    the file and the checks' own words."""
    path = PurePosixPath(os.path.relpath(os.path.abspath(problem.path), root))
    lang = split_source_name(path.name)[1]
    # The language's name in Ukrainian, from Babel: "англійська".
    where = f" ({Locale.parse(lang).get_display_name('uk')})" if lang else ""
    message = in_ukrainian(problem.message.replace(f"{root}{os.sep}", ""))
    return f"«{_label(path.parts[0] if path.parts else '', problem.field)}»{where}: " \
           f"{message} [{path}:{problem.line}]"


@dataclass
class BuildStatus:
    """The builds of `invoke edit` as the admin sees them: whether a change the gate let
    through is still waiting for a build that started after it, how the last build
    ended, and the content problems that stopped it. Written by the gate and the
    rebuild, read by the admin."""

    generation: int = 0
    running: bool = False
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    # Monotonic moments: a change is built once a build has started after it.
    changed: float = 0.0
    started: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def change(self) -> None:
        """content/ is about to change: the build running now does not have it."""
        with self.lock:
            self.changed = time.monotonic()

    def start(self) -> None:
        with self.lock:
            self.running, self.started = True, time.monotonic()

    def finish(self, ok: bool, problems: list[str]) -> None:
        with self.lock:
            self.generation += 1
            self.running, self.ok = False, ok
            self.problems = problems

    def as_json(self) -> dict:
        with self.lock:
            return {"generation": self.generation, "running": self.running,
                    "pending": self.changed > self.started, "ok": self.ok,
                    "problems": list(self.problems)}


class Gate:
    """Reviews one request of the admin against the content checks."""

    def __init__(self, root: Path, settings: dict):
        self.root = root  # the repository: decap-server's paths are relative to it
        self.content = Path(settings["PATH"]).resolve()
        self.settings = settings
        # The images plugin's limit: what its content check refuses, the gate refuses.
        self.max_pixels = read_image_settings(settings).max_pixels
        self.lock = threading.Lock()  # one change at a time, as decap-server does

    # -- the checks on the content as it would be -------------------------------------

    def _problems(self, content: Path) -> set[tuple[str, str, str]]:
        settings = {**self.settings, "PATH": str(content)}
        return {(os.path.relpath(os.path.abspath(p.path), content), p.field,
                 p.message.replace(f"{content}{os.sep}", "")
                 .replace(f"{os.path.relpath(content)}{os.sep}", ""))
                for p in check_content(settings)}

    def review(self, write: dict[str, bytes], delete: list[str]) -> None:
        """Raise Refused when writing ``write`` (repository paths -> bytes) and deleting
        ``delete`` would add a problem the build stops on: an error, or a warning (the
        published site is built in strict mode)."""
        # Beside content/, so that the copy can be hard links (one file system).
        with tempfile.TemporaryDirectory(prefix=".kip-gate-", dir=self.content.parent) as tmp:
            copy = Path(tmp) / "content"
            shutil.copytree(self.content, copy, copy_function=_link_or_copy,
                            ignore=shutil.ignore_patterns(".*"))
            before = self._problems(copy)
            for rel in delete:
                target = self._in_copy(rel, copy)
                if target.exists():
                    target.unlink()
            for rel, data in write.items():
                target = self._in_copy(rel, copy)
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():
                    target.unlink()  # a hard link: never write through it
                target.write_bytes(data)
                if target.suffix.lower() in PICTURES:
                    # The images plugin's own check, said before the content checks.
                    problem = picture_problem(target, self.max_pixels)
                    if problem:
                        raise Refused(f"Файл «{target.name}» не завантажено: "
                                      + in_ukrainian(problem))
            added = sorted(self._problems(copy) - before)
            if added and delete and not write:
                users = sorted({path for path, _name, _message in added})
                raise Refused("Не видалено: цим користуються інші записи: "
                              + ", ".join(users) + ". Спершу приберіть звідти посилання.")
            if added:
                problems = [Problem(str(copy / path), 0, name, message)
                            for path, name, message in added]
                raise Refused("Не збережено: збірка сайту зупинилася б.\n"
                              + "\n".join(describe(p, copy).replace(":0]", "]")
                                          for p in problems))

    def _in_copy(self, rel: str, copy: Path) -> Path:
        path = (self.root / rel).resolve()
        try:
            return copy / path.relative_to(self.content)
        except ValueError:
            raise Refused(f"Не збережено: {rel} лежить поза теками сайту.") from None

    # -- what each action of decap-server's API asks for ------------------------------

    def check(self, action: str, params: dict) -> None:
        if action == "persistEntry":
            entry = params.get("entry") or {}
            files = params.get("dataFiles") or entry.get("dataFiles") or [entry]
            assets = params.get("assets") or entry.get("assets") or []
            write = {}
            for asset in assets:
                write[asset["path"]] = picture_bytes(asset)
            for data in files:
                if data.get("newPath"):
                    raise Refused("Не збережено: адресу опублікованого запису змінюють кнопкою "
                                  "«Змінити адресу», щоб стара адреса й далі вела сюди.")
                self._keeps_address(data["path"], data.get("raw", ""))
                write[data["path"]] = data.get("raw", "").encode()
            self.review(write, [])
        elif action == "persistMedia":
            asset = params["asset"]
            self.review({asset["path"]: picture_bytes(asset)}, [])
        elif action in ("deleteFile", "deleteFiles"):
            paths = params.get("paths") or [params.get("path")]
            self.review({}, [p for p in paths if p])

    def _keeps_address(self, rel: str, raw: str) -> None:
        """An existing file keeps its address: its `Slug:` may not change here."""
        path = self.root / rel
        if not path.exists():
            return
        old = _slug_of(path.read_text(encoding="utf-8"), path)
        new = _slug_of(raw, path)
        if old != new:
            raise Refused(f"Не збережено: адреса «{old}» уже опублікована. Щоб змінити її, "
                          "натисніть «Змінити адресу» під полем «Адреса сторінки»: стара "
                          "адреса й далі вестиме на цю сторінку.")

    def rename(self, folder: str, old: str, new: str) -> list[str]:
        """`invoke rename` for the admin: the new file names, repository-relative."""
        kind = RENAME_KIND.get(folder)
        if kind is None:
            raise Refused(f"Невідомий розділ «{folder}».")
        try:
            pairs = rename(kind, old, new, content=self.content, settings=self.settings)
        except RenameError as exc:
            raise Refused(f"Адресу не змінено: {exc}") from None
        return [str(after.relative_to(self.root)) for _before, after in pairs]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _slug_of(text: str, path: Path) -> str:
    written = parse_header(text).fields.get("slug")
    return written.value.strip() if written and written.value.strip() \
        else split_source_name(path.name)[0]


def picture_bytes(asset: dict) -> bytes:
    """An uploaded picture's bytes, refused when it is not a picture or too big a file;
    whether the site can read it is the images plugin's check (`Gate.review`)."""
    name = PurePosixPath(asset["path"]).name
    data = base64.b64decode(asset["content"]) if asset.get("encoding") == "base64" \
        else str(asset["content"]).encode()
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in PICTURES:
        raise Refused(f"Файл «{name}» не завантажено: сайт показує лише зображення JPEG, "
                      "PNG, WebP або SVG.")
    if len(data) > MAX_BYTES:
        raise Refused(f"Файл «{name}» не завантажено: {len(data) / 1e6:.1f} МБ, а можна до "
                      f"{MAX_BYTES // 1000000} МБ. Зменште фото в телефоні або редакторі.")
    return data


class _Handler(BaseHTTPRequestHandler):
    gate: Gate
    status: BuildStatus
    upstream: str

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # the terminal shows the build, not every request

    def _cors(self) -> None:
        origin = self.headers.get("Origin", "")
        if urlsplit(origin).hostname in ("127.0.0.1", "localhost"):
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def _reply(self, code: int, payload) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(code)
        self._cors()
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self):  # noqa: N802 - http.server's naming
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        if self.path.split("?")[0] == "/api/v1/status":
            self._reply(200, self.status.as_json())
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self):  # noqa: N802
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw or b"{}")
            action, params = body.get("action"), body.get("params") or {}
        except (ValueError, AttributeError):
            self._reply(400, {"error": "not JSON"})
            return
        with self.gate.lock:
            try:
                self.gate.check(action, params)
                if action in WRITES:
                    # Marked before the files change, so no build that started without
                    # them can pass for the one that has them.
                    self.status.change()
                if action == "kipRename":
                    files = self.gate.rename(params.get("collection", ""),
                                             params.get("old", ""), params.get("new", ""))
                    self._reply(200, {"files": files})
                    return
            except Refused as exc:
                self._reply(422, {"error": str(exc)})
                return
            code, payload = self._forward(raw)
        if action == "getMedia" and code == 200:
            payload = [m for m in json.loads(payload)
                       if PurePosixPath(m.get("path", "")).suffix.lower() in PICTURES]
            self._reply(code, payload)
            return
        self.send_response(code)
        self._cors()
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _forward(self, raw: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(self.upstream, data=raw, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


def serve_gate(gate: Gate, status: BuildStatus, host: str, port: int,
               upstream: str) -> ThreadingHTTPServer:
    """Start the gate on ``host:port`` in a thread; ``upstream`` is decap-server's API."""
    handler = type("GateHandler", (_Handler,), {"gate": gate, "status": status,
                                                "upstream": upstream})
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
