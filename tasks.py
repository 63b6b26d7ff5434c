"""Editor and CI commands: `invoke --list` shows them all."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

CONF = str(ROOT / "pelicanconf.py")
PUBLISH_CONF = str(ROOT / "publishconf.py")
OUTPUT = ROOT / "output"
#: The sitemap of the last site `invoke publish` deployed: `invoke check` compares with it.
DEPLOYED_SITEMAP = ROOT / "cache" / "deployed-sitemap.xml"
HOST = "127.0.0.1"


def _build(conf: str, output: Path = OUTPUT, *, strict: bool = False, verbose: bool = False,
           overrides: dict | None = None, preview: bool = False):
    """Build into ``output``; a failed build ends the task with its exit code."""
    from sitebuild import build as build_site

    code = build_site(conf, output=str(output), strict=strict, verbose=verbose,
                      overrides=overrides, preview=preview)
    if code:
        sys.exit(code)


@task
def build(c, strict=False, production=False, verbose=False):
    """Build both languages into output/ (--production: publishconf.py, strict)."""
    if not (ROOT / "node_modules" / "decap-cms").is_dir():
        print("build: the CMS admin (/admin/) is left out: run `npm ci` to install it")
    if production:
        _build(PUBLISH_CONF, strict=True, verbose=verbose)
    else:
        _build(CONF, strict=strict, verbose=verbose)


@task
def clean(c):
    """Remove the output and cache folders, and what a crashed build left beside output/."""
    for folder in (OUTPUT, ROOT / "cache", *OUTPUT.parent.glob(f".{OUTPUT.name}.*")):
        shutil.rmtree(folder, ignore_errors=True)


@task(pre=[clean])
def rebuild(c, strict=False):
    """Clean, then build from scratch."""
    _build(CONF, strict=strict)


@task
def serve(c, port=8000):
    """Serve output/ on http://127.0.0.1:PORT (Ctrl+C stops it)."""
    from common.serve import serve as serve_site

    serve_site(OUTPUT, HOST, int(port))


def live_preview_overrides() -> dict:
    """livereload puts its reload script inline into every page it serves, which the
    pages' policy refuses: the live preview's pages let inline scripts run (built and
    published pages never do). The admin keeps its own policy, so it does not reload
    under an editor's hands when a save rebuilds the site."""
    from pelican.settings import read_settings

    directives = read_settings(CONF)["CSP"].split("; ")
    return {"CSP": "; ".join(f"{d} 'unsafe-inline'" if d.startswith("script-src ") else d
                             for d in directives)}


def _livereload(port: int, status=None) -> None:
    """Serve output/ and rebuild on every change; ``status`` (editor.gate.BuildStatus)
    learns how each build ended, for the admin of `invoke edit`."""
    import mimetypes

    from livereload import Server

    # The admin reads its config.yml only when the server says it is YAML.
    mimetypes.add_type("text/yaml", ".yml")
    overrides = live_preview_overrides()

    def rebuild_quietly():
        from sitebuild import build as build_site

        if status is not None:
            status.start()
        # A preview build: the browser reloads before Pagefind has indexed the new pages.
        code = build_site(CONF, output=str(OUTPUT), overrides=overrides, preview=True)
        if status is not None:
            status.finish(code == 0, [] if code == 0 else _content_problems())

    rebuild_quietly()
    if not OUTPUT.exists():
        sys.exit("the first build failed: see the messages above")
    server = Server()
    for folder in ("content", "theme", "plugins"):
        server.watch(str(ROOT / folder / "**" / "*"), rebuild_quietly, delay=0.5)
    server.watch(CONF, rebuild_quietly)
    server.serve(host=HOST, port=port, root=str(OUTPUT), open_url_delay=None)


def _content_problems() -> list[str]:
    """What stopped a build of content/, as the admin shows it (editor.gate.describe)."""
    from pelican.settings import read_settings

    from checks.problems import ERROR
    from checks.runner import check_content
    from editor.gate import describe

    settings = read_settings(CONF)
    problems = [p for p in check_content(settings) if p.severity == ERROR]
    return [describe(p, Path(settings["PATH"])) for p in problems] or [
        "Збірку зупинила не помилка в тексті: покажіть розробникові повідомлення в терміналі."]


@task
def livereload(c, port=8000):
    """Rebuild on every change under content/, theme/, plugins/ and reload the browser."""
    _livereload(int(port))


@task
def edit(c, port=8000, cms_port=8081):
    """Edit the site in the browser: the CMS at http://127.0.0.1:PORT/admin/ (Ctrl+C stops)."""
    import signal
    import subprocess

    server = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    bundle = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    if shutil.which("node") is None:
        sys.exit("edit: Node.js is not installed. Install Node.js 20 or newer (Debian: "
                 "`sudo apt-get install nodejs npm`), then run `npm ci` here.")
    if not (server.exists() and bundle.exists()):
        sys.exit(f"edit: the CMS packages are not installed. Run `npm ci` in {ROOT}, "
                 "then `invoke edit` again.")
    from pelican.settings import read_settings

    from editor.gate import BuildStatus, Gate, serve_gate

    # The admin's config.yml names the gate's address; the build reads it from here.
    os.environ["KIP_CMS_PORT"] = str(int(cms_port))
    # decap-server writes the files; the gate in front of it refuses what the build would.
    upstream_port = _free_port()
    proxy = subprocess.Popen(
        ["node", str(server)], cwd=ROOT,
        env={**os.environ, "PORT": str(upstream_port), "BIND_HOST": HOST, "MODE": "fs",
             "GIT_REPO_DIRECTORY": str(ROOT), "LOG_LEVEL": "warn"})
    status = BuildStatus()
    gate = serve_gate(Gate(ROOT, read_settings(CONF)), status, HOST, int(cms_port),
                      f"http://{HOST}:{upstream_port}/api/v1")
    # `kill` stops both servers too, as Ctrl+C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"edit: the CMS is at http://{HOST}:{port}/admin/ and the site at "
          f"http://{HOST}:{port}/ (Ctrl+C stops both)", flush=True)
    try:
        _livereload(int(port), status)
    except KeyboardInterrupt:
        pass
    finally:
        gate.shutdown()
        gate.server_close()
        proxy.terminate()
        try:
            proxy.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proxy.kill()
        print("edit: stopped the CMS proxy and the site server", flush=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@task
def preview(c, port=8000):
    """Build with publishconf.py (absolute URLs) and serve it locally."""
    os.environ.setdefault("SITEURL", f"http://{HOST}:{port}")
    _build(PUBLISH_CONF, strict=True)
    serve(c, port=port)


def _npm_tools(c):
    """Install the pinned npm tools (Nu Html Checker) when missing or out of date."""
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        c.run("npm ci --no-audit --no-fund --loglevel=error", pty=False)


@task
def test(c, k=""):
    """Lint, then run the whole test suite (installs the pinned npm tools if needed)."""
    _npm_tools(c)
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    selector = f" -k {k!r}" if k else ""
    c.run(f"{sys.executable} -m pytest{selector}", pty=False)


#: The libraries whose newest releases `test_newest` tries; bounds in constraints-newest.txt.
UPGRADED = ("pelican", "markdown", "pillow", "jinja2", "icalendar")


@task
def test_newest(c, k=""):
    """Run the test suite in .venv-newest against the newest pelican, markdown, pillow,
    jinja2 and icalendar that constraints-newest.txt allows."""
    _npm_tools(c)
    venv = ROOT / ".venv-newest"
    python = venv / "bin" / "python"
    if not python.exists():
        c.run(f"{sys.executable} -m venv {venv}", pty=False)
    pip = f"{python} -m pip install -q --disable-pip-version-check"
    c.run(f"{pip} -r {ROOT / 'requirements-dev.txt'}", pty=False)
    c.run(f"{pip} --upgrade -c {ROOT / 'constraints-newest.txt'} {' '.join(UPGRADED)}",
          pty=False)
    c.run(f"{python} -m pip list --disable-pip-version-check | grep -iE "
          f"'^({'|'.join(UPGRADED)}) '", pty=False)
    selector = f" -k {k!r}" if k else ""
    c.run(f"{python} -m pytest{selector}", pty=False)


@task
def new(c, kind, title, slug=""):
    """Create a linked uk/en pair: invoke new article|event|course|page "Заголовок"."""
    from editor.scaffold import ScaffoldError, scaffold

    try:
        paths = scaffold(kind, title, ROOT / "content", slug=slug or None)
    except ScaffoldError as exc:
        print(f"new: {exc}", file=sys.stderr)
        sys.exit(2)
    for path in paths:
        print(f"created {path.relative_to(ROOT)}")
    print("Fill in both files, then run `invoke livereload` to see them.")


@task
def rename(c, kind, old, new):
    """Rename an item (both languages), keep its old address as an alias, fix links."""
    from pelican.settings import read_settings

    from editor.rename import RenameError
    from editor.rename import rename as rename_item

    try:
        pairs = rename_item(kind, old, new, content=ROOT / "content",
                            settings=read_settings(CONF))
    except RenameError as exc:
        print(f"rename: {exc}", file=sys.stderr)
        sys.exit(2)
    for before, after in pairs:
        print(f"renamed {before.relative_to(ROOT)} -> {after.relative_to(ROOT)}")
    print("The old address redirects to the new one (Aliases:); links in content/ follow.")


@task(help={"activities": "the donor's activity report (CSV and PDF, both languages) instead",
            "from": "with --activities: the period's first day, e.g. 2017-02-01",
            "to": "with --activities: the period's last day, e.g. 2017-08-31",
            "out": "with --activities: the folder for the files (default: reports/)"})
def report(c, git=True, *, activities=False, from_="", to="", out=""):
    """Translation status of every item and of the interface catalogues; what is scheduled.
    --activities --from 2017-02-01 --to 2017-08-31: the donor's activity report."""
    from zoneinfo import ZoneInfo

    from pelican.settings import read_settings

    if activities:
        _activity_report(from_, to, Path(out) if out else ROOT / "reports")
        return

    from editor.report import catalogue_status, format_report, translation_status

    settings = read_settings(CONF)
    languages = tuple(settings["LANGUAGES"])
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"],
               *settings["I18N_CONTENT_FOLDERS"]]
    statuses = translation_status(Path(settings["PATH"]), folders, languages,
                                  ZoneInfo(settings["TIMEZONE"]), use_git=git)
    print(format_report(statuses, catalogue_status(ROOT / "theme", languages), languages))
    from scheduled.wiring import upcoming

    waiting = upcoming(read_settings(PUBLISH_CONF))
    print(f"\nScheduled: {len(waiting)} item(s) wait for their moment (Kyiv time)")
    tz = ZoneInfo(settings["TIMEZONE"])
    for when, path, field in waiting:
        print(f"  {when.astimezone(tz):%Y-%m-%d %H:%M}  {path.relative_to(ROOT)} ({field})")


def _activity_report(first: str, last: str, folder: Path) -> None:
    """Check the content (a problem stops it, nothing written), then write the report."""
    from datetime import date

    from pelican.settings import read_settings

    from activities.report import write_reports
    from checks.runner import check_sources
    from checks.runner import report as report_problems

    try:
        period = (date.fromisoformat(first), date.fromisoformat(last))
    except ValueError:
        print("report: write the period as --from 2017-02-01 --to 2017-08-31", file=sys.stderr)
        sys.exit(2)
    if period[1] < period[0]:
        print(f"report: --to {last} is before --from {first}", file=sys.stderr)
        sys.exit(2)
    settings = read_settings(CONF)
    errors, _warnings = report_problems(check_sources(settings)[0])
    if errors:
        sys.exit(1)
    for path in write_reports(settings, folder, period):
        print(f"wrote {os.path.relpath(path)}")


@task
def translations(c):
    """Extract interface strings, update the uk/en catalogues and compile them."""
    from pelican.settings import read_settings

    from editor.catalogs import update_catalogues

    update_catalogues(ROOT, tuple(read_settings(CONF)["LANGUAGES"]))


@task
def publish(c, *, method="", target="", branch="gh-pages", remote="origin", dry_run=False):
    """Strict build with publishconf.py, checks, atomic deploy (--dry-run: list changes)."""
    from pelican.settings import read_settings

    from publish import DeployError
    from publish import publish as publish_site

    settings = read_settings(PUBLISH_CONF)
    try:
        code = publish_site(PUBLISH_CONF, method=method or settings["PUBLISH_METHOD"],
                            target=target or settings["PUBLISH_TARGET"], repo=ROOT,
                            branch=branch, remote=remote, dry_run=dry_run,
                            keep_sitemap=None if dry_run else DEPLOYED_SITEMAP)
    except DeployError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        code = 2
    if code:
        sys.exit(code)


@task
def check(c, lighthouse=True, sitemap=""):
    """Strict build, then the site checks: Nu checker, axe, Lighthouse, links, page weight;
    no address of the last deployed sitemap (or --sitemap FILE) may disappear."""
    from pelican.settings import read_settings

    from checks.site import vanished_addresses

    _npm_tools(c)
    _build(CONF, strict=True)
    published = Path(sitemap) if sitemap else DEPLOYED_SITEMAP
    if published.is_file():
        problems = vanished_addresses(published.read_bytes(), OUTPUT,
                                      read_settings(CONF)["PUBLIC_URL"])
        for problem in problems:
            print(f"check: {problem}", file=sys.stderr)
        if problems:
            sys.exit(1)
        print(f"check: every address of {published} is still there")
    marker = "" if lighthouse else ' -m "not lighthouse"'
    c.run(f"{sys.executable} -m pytest -q tests/test_quality.py{marker}",
          env={"KIP_SITE_DIR": str(OUTPUT)}, pty=False)


@task
def screenshots(c, folder="screenshots"):
    """Build, then screenshot key pages at 360/1280 px, light and dark, into FOLDER."""
    from common.serve import serving

    _npm_tools(c)
    _build(CONF)
    pages = {"home": "", "article": "news/platform-presentation/", "about": "about/",
             "events": "events/", "event": "events/platform-presentation/",
             "calendar": "events/calendar/2017/04/", "courses": "courses/",
             "syllabus": "courses/social-entrepreneurship/"}
    with serving(OUTPUT) as base:
        pairs = []
        for lang, prefix in (("uk", ""), ("en", "en/")):
            for name, path in pages.items():
                if (OUTPUT / prefix / path / "index.html").exists():
                    pairs.append(f"{lang}-{name}={base}/{prefix}{path}")
        c.run(f"node tests/browser/screenshots.mjs {folder} " + " ".join(pairs), pty=False)


@task
def lint(c):
    """Check the Python code with ruff."""
    c.run(f"{sys.executable} -m ruff check .")


@task
def bench(c, *, articles=500, events=100, courses=20, repeat=3, scale=1, json_out="",
          compare=""):
    """Time plain Pelican and the full site on a synthetic corpus; --compare "A.json B.json"."""
    from benchmarks.run import main as run_bench

    if compare:
        code = run_bench(["--compare", *compare.replace(",", " ").split()])
    else:
        argv = [f"--articles={articles}", f"--events={events}", f"--courses={courses}",
                f"--repeat={repeat}", f"--scale={scale}"]
        code = run_bench(argv + ([f"--json={json_out}"] if json_out else []))
    if code:
        sys.exit(code)
