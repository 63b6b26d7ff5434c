"""Time plain Pelican and the full site on a synthetic corpus; print the figures as JSON.

    python -m benchmarks.run --articles 500 --events 100 --courses 20 --repeat 3 --json out.json
    python -m benchmarks.run --compare before.json after.json

Every build runs in a fresh interpreter (benchmarks/worker.py) and is timed from
outside, start-up and imports included, the same way for every figure. Each
figure is the median of --repeat runs; the runs are interleaved (plain cold,
plain warm, full cold, full warm, one edit, then again) so that a machine
that gets busier half-way slows every figure alike. Ratios to plain Pelican's
cold build, measured in the same run, are what to compare between machines.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import posixpath
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from tests.corpus import DEFAULT_SEED, CorpusSize, generate

ROOT = Path(__file__).resolve().parent.parent
SITE_CONF = ROOT / "pelicanconf.py"

#: Figures from issue 10, measured on the team's 2-core machine, 500/100/20 corpus.
REFERENCE = {
    "corpus": "500 articles / 100 events / 20 courses (1,240 pages)",
    "pelican_cold_s": 7.2,
    "pelican_warm_s": 3.7,
    "hugo_cold_s": 1.6,
    "markdown_ms_per_doc": 2.7,
}
#: (name, where the value is in the result, limit); a value must be <= its limit.
TARGETS = (
    ("full cold <= 2.0x plain Pelican cold", ("ratios", "full_cold/pelican_cold"), 2.0),
    ("warm <= 0.5x plain Pelican cold", ("ratios", "warm/pelican_cold"), 0.5),
    ("one edit <= 0.6x plain Pelican cold", ("ratios", "one_edit/pelican_cold"), 0.6),
    ("peak memory < 300 MiB", ("full", "peak_rss_mib"), 300),
    ("5x corpus <= 5.5x time", ("scale", "time_ratio"), 5.5),
)
#: Not a target: where the issue would like the warm build to end up.
AIM = ("warm build aims at Hugo's cold time (s)", ("full", "warm_s"), REFERENCE["hugo_cold_s"])

#: Plain Pelican 4.12 as it comes: default theme, no plugins, our folder layout. The
#: one line beyond that is Pelican's own way to read the language and slug from
#: `<slug>.<lang>.md` (slugs from titles would collide: synthetic titles repeat), so
#: plain Pelican, too, reads and writes every item in both languages.
PLAIN_CONF = '''\
"""Plain Pelican for the benchmark: default theme, no plugins (written by benchmarks/run.py)."""
PATH = {content!r}
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
PLUGINS = []
FILENAME_METADATA = r"(?P<slug>.+)\\.(?P<lang>[a-z]{{2}})"
TIMEZONE = "Europe/Kyiv"
DEFAULT_LANG = "uk"
'''

EDIT_SENTENCE = ("\nЦей абзац додано, щоб виміряти перебудову після однієї правки "
                 "(правка {n}).\n")


class BenchError(RuntimeError):
    """A build failed; the message holds the end of its output."""


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def count_html(folder: Path) -> int:
    return sum(1 for _ in Path(folder).rglob("*.html"))


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine_info() -> dict:
    import markdown
    import pelican

    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True,
                                  text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None

    commit = git("rev-parse", "--short", "HEAD")
    # Code and content only: a results file being rewritten is not a change to what ran.
    status = git("status", "--porcelain", "--untracked-files=no", "--", ".",
                 ":(exclude)benchmarks/results")
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "pelican": pelican.__version__,
        "markdown": markdown.__version__,
        "platform": platform.platform(),
        "git_commit": commit,
        "git_uncommitted_changes": None if status is None else bool(status),
        "load_average_start": _load(),
    }


def site_overrides(conf: Path) -> tuple[dict, list[str], list[str]]:
    """Overrides the site needs to build a large corpus, the notes on them, and PLUGINS.

    The one override so far: pelicanconf.py's second pagination pattern uses
    `{base_url}`, a name Pelican 4.12 does not provide (it has `{url}`), so any
    list longer than one page stops the build with KeyError: 'base_url'. The
    benchmark patches it in its own run only, and says so in the JSON.
    """

    settings = _read_site_settings(conf)
    overrides, notes = {}, []
    patterns = settings.get("PAGINATION_PATTERNS") or ()
    if any("{base_url}" in str(p) for p in patterns):
        overrides["PAGINATION_PATTERNS"] = tuple(
            tuple(part.replace("{base_url}", "{url}") if isinstance(part, str) else part
                  for part in pattern)
            for pattern in patterns)
        notes.append("PAGINATION_PATTERNS: {base_url} (not a Pelican 4.12 name) replaced by "
                      "{url}; without it the build fails once a list has a second page")
    return overrides, notes, [str(p) for p in settings.get("PLUGINS") or ()]


def snapshot_site(dest: Path) -> Path:
    """A copy of the settings file, plugins and theme; the run builds with the copy.

    Other engineers edit plugins while a benchmark runs. The build driver keys
    its content cache by a hash of the plugin code, so one edit mid-run would
    turn a "warm" build into a cold one and mix two versions of the code in one
    report. The copy is taken once, at the start; the JSON names its hash.

    The copy's modules are compiled to bytecode, as a project's are after its
    first build: with PYTHONDONTWRITEBYTECODE set (some CI images set it) every
    build would otherwise compile each plugin module from source again (about
    50 ms per process), which Pelican's own modules, installed with their
    bytecode, never do.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    _fresh(dest)
    dest.mkdir(parents=True)
    shutil.copy2(SITE_CONF, dest / SITE_CONF.name)
    for folder in ("plugins", "theme"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    compileall.compile_dir(dest / "plugins", quiet=1)
    return dest / SITE_CONF.name


def code_fingerprint(conf: Path) -> str:
    """The build driver's hash of the settings and plugin code (its content cache key)."""

    plugins = str(Path(conf).parent / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from sitebuild.cache import code_fingerprint as fingerprint

    return fingerprint(str(conf), _read_site_settings(conf))


def _read_site_settings(conf: Path) -> dict:
    """The site's settings for inspection; PATH must exist, any folder does."""
    from pelican.settings import read_settings

    return read_settings(str(conf), override={"PATH": str(Path(conf).parent)})


class Runner:
    """Starts one worker per build and keeps what they report."""

    def __init__(self, work: Path):
        self.work = work
        self.count = 0

    def build(self, kind: str, *, settings: Path, output: Path, overrides: dict,
              content: Path | None = None, jobs: int | None = None,
              preview: bool = False) -> dict:
        self.count += 1
        spec_path = self.work / f"spec-{self.count}.json"
        result_path = self.work / f"result-{self.count}.json"
        spec = {"kind": kind, "settings": str(settings), "output": str(output),
                "overrides": overrides, "result": str(result_path), "jobs": jobs,
                "preview": preview,
                "content": str(content) if content else None}
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        user_before, system_before = _children_cpu()
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "benchmarks.worker", str(spec_path)],
                              cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", check=False)
        wall = time.perf_counter() - started
        user_after, system_after = _children_cpu()
        user, system = user_after - user_before, system_after - system_before
        if proc.returncode or not result_path.exists():
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
            raise BenchError(f"{kind} build failed (exit {proc.returncode}):\n{tail}")
        result = json.loads(result_path.read_text(encoding="utf-8"))
        result["wall_s"] = round(wall, 3)
        result["cpu_s"] = round(user + system, 3)
        result["user_s"] = round(user, 3)
        result["system_s"] = round(system, 3)
        return result


def _children_cpu() -> tuple[float, float]:
    """(user, system) CPU seconds of every finished child and its waited-for descendants.

    Wall time is what the targets are about; CPU time barely moves when other
    builds share the machine, so it tells a slower build from a busier machine.
    System time is reported apart: on this disk it is what moves from run to
    run (a new file or folder costs more for minutes after a mass deletion).
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def markdown_ms_per_doc(content: Path, settings: dict) -> float:
    """Python-Markdown alone, with the site's extensions, over every source file."""
    from markdown import Markdown

    config = settings.get("MARKDOWN") or {}
    extension_configs = config.get("extension_configs") or {}
    md = Markdown(extensions=[*extension_configs, "markdown.extensions.meta"],
                  extension_configs=extension_configs,
                  output_format=config.get("output_format", "html5"))
    texts = [p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.md"))]
    started = time.perf_counter()
    for text in texts:
        md.reset()
        md.convert(text)
    return round((time.perf_counter() - started) * 1000 / max(len(texts), 1), 3)


def _full_overrides(content: Path, output: Path, cache: Path, extra: dict) -> dict:
    return {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache),
            **extra}


def _fresh(*folders: Path, aside: Path | None = None) -> None:
    """Remove the folders, as `invoke clean` does: a cold build starts from nothing.

    With ``aside``, the folders are moved into it instead, to be deleted after
    the timed builds (`_SET_ASIDE_NOTE` says why).
    """
    for gone in folders:
        if aside is None:
            shutil.rmtree(gone, ignore_errors=True)
        elif gone.exists():
            aside.mkdir(parents=True, exist_ok=True)
            gone.rename(aside / f"{len(list(aside.iterdir())):04d}-{gone.name}")


_CACHE_RESTORED_NOTE = (
    "full.cold_image_cache_s: a fresh checkout with the build's cache folder restored, "
    "as CI restores it: output/ absent, the whole CACHE_PATH the previous build of the "
    "same content left (Pelican's content cache per language, the cards', posters' and "
    "icons' caches, the up-to-date record, which cannot match without output/), and "
    "every content file given a new mtime, as a checkout does; Pelican's content cache "
    "checks mtimes, so it re-reads every file, and the digest-keyed caches hit")


def _settle(output: Path, limit: float = 120.0) -> None:
    """Wait until the last build's detached work beside ``output`` is done (the old
    tree's deletion, a preview's search indexing: `.output.old-*`, `.output.building-*`)."""
    deadline = time.monotonic() + limit
    while any(output.parent.glob(f".{output.name}.*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def _touch(content: Path) -> None:
    """New mtimes for every content file, as a fresh checkout gives them."""
    for path in content.rglob("*"):
        if path.is_file():
            os.utime(path)


#: A reference to an image under cards/ in a page or file: up to a quote, space or bracket.
_CARD_REFERENCE = re.compile(r"""[^"'\s<>()]*cards/[^"'\s<>()]+?\.png""")
#: The files of a built site that can name an image.
_TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".webmanifest", ".txt", ".css", ""}


def unlinked_images(site: Path, public_url: str) -> int:
    """Files under any cards/ folder of ``site`` that no page or file of the site names
    (absolutely, root-relatively or relatively)."""
    images = {"/" + p.relative_to(site).as_posix() for p in site.rglob("*")
              if p.is_file() and "cards" in p.relative_to(site).parts[:-1]}
    named = set()
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in _TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "cards/" not in text:
            continue
        base = "/" + path.relative_to(site).as_posix()
        for found in _CARD_REFERENCE.findall(text):
            href = found[len(public_url):] if public_url and found.startswith(
                public_url) else found
            named.add(posixpath.normpath(urljoin(base, href)))
    return len(images - named)


_SET_ASIDE_NOTE = (
    "before each cold build, the previous output and cache (plain Pelican's and the "
    "site's alike) are renamed aside, and deleted after the last timed build: "
    "for about 30 s after a mass deletion, ext4 makes each new file and folder "
    "step over the freed inodes (recently_deleted, seen with perf), which billed "
    "the deletion of some 10,000 files to the build that followed it")


_SETTLED_NOTE = (
    "before each timed build of the site, the previous build's detached work is let "
    "finish (the deletion of the tree it replaced, a preview build's search indexing), "
    "as it is before an editor's next save: each figure is one build, not the one "
    "before it still running beside it")


def _lookup(result: dict, path: tuple[str, str]):
    section = result.get(path[0]) or {}
    return section.get(path[1])


def evaluate_targets(result: dict) -> list[dict]:
    rows = []
    for name, path, limit in (*TARGETS, AIM):
        value = _lookup(result, path)
        rows.append({"name": name, "value": value, "limit": limit,
                     "pass": None if value is None else value <= limit,
                     **({"aim": True} if (name, path, limit) == AIM else {})})
    return rows


def run_benchmark(size: CorpusSize, *, repeat: int = 3, scale: int = 1,
                  seed: int = DEFAULT_SEED, work: Path | None = None) -> dict:
    """Every figure of the benchmark, as a dict ready for JSON."""
    if repeat < 1:
        raise ValueError("repeat: at least 1")
    if size.articles < 1:
        raise ValueError("articles: at least 1 (the one-edit build edits an article)")
    owned = work is None
    work = Path(tempfile.mkdtemp(prefix="kip-bench-")) if owned else Path(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        return Benchmark(size, repeat=repeat, seed=seed, work=work).run(scale)
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)


class Benchmark:
    """One benchmark run: the corpus in `work`, the builds, and what they measured."""

    def __init__(self, size: CorpusSize, *, repeat: int, seed: int, work: Path):
        self.size, self.repeat, self.seed, self.work = size, repeat, seed, work
        self.runner = Runner(work)
        self.runs: dict[str, list[dict]] = {}
        self.conf = snapshot_site(work / "site")
        self.aside = work / "set-aside"
        self.extra, self.notes, self.plugins = site_overrides(self.conf)
        self.public_url = str(_read_site_settings(self.conf).get("PUBLIC_URL") or "")

    def _step(self, name: str, kind: str, round_: int, **build) -> dict:
        settings = build.pop("settings", self.conf)
        _settle(Path(build["output"]))
        result = self.runner.build(kind, settings=settings, **build)
        self.runs.setdefault(name, []).append(result)
        progress(f"round {round_}/{self.repeat}: {name.replace('_', ' ')} "
                 f"{result['wall_s']:.2f} s, {result['max_rss_mib']:.0f} MiB")
        return result

    def _walls(self, name: str) -> list[float]:
        return [r["wall_s"] for r in self.runs[name]]

    def _median(self, name: str) -> float:
        return _median(self._walls(name))

    def _cpu(self, name: str, key: str = "cpu_s") -> float:
        return _median([r[key] for r in self.runs[name]])

    def _phases(self, name: str) -> dict[str, float]:
        runs = [r.get("phases") or {} for r in self.runs[name]]
        steps = dict.fromkeys(step for run in runs for step in run)
        return {step: _median([run[step] for run in runs if step in run]) for step in steps}

    def _peak(self, *names: str, key: str = "max_rss_mib") -> float:
        return max(r[key] for name in names for r in self.runs[name])

    def _language_peak(self, *names: str) -> float | None:
        """The largest peak a language run reported of itself (the build's record)."""
        found = [peak for name in names for r in self.runs[name]
                 for peak in (r.get("language_peaks_mib") or {}).values()]
        return max(found, default=None)

    def run(self, scale: int = 1) -> dict:

        began = time.perf_counter()
        started_at = datetime.now(UTC).isoformat(timespec="seconds")
        machine = machine_info()
        work, size = self.work, self.size
        progress(f"corpus {size.articles} articles, {size.events} events, {size.courses} "
                 f"courses, {size.pages} pages -> {work}")
        # A --work folder used before.
        _fresh(work / "plain", work / "full", work / "scale", self.aside)
        plain_content = work / "plain" / "content"
        corpus = generate(plain_content, size, self.seed)
        # The one-edit build changes its copy only: plain Pelican's warm runs see no edit.
        full_content = work / "full" / "content"
        shutil.copytree(plain_content, full_content)
        edit_path = full_content / corpus.edit_target.relative_to(plain_content)

        plain_conf = work / "plain" / "pelicanconf.py"
        plain_conf.write_text(PLAIN_CONF.format(content=str(plain_content)), encoding="utf-8")
        cold_out, warm_out = work / "plain" / "out-cold", work / "plain" / "out-warm"
        plain_cold = {"OUTPUT_PATH": str(cold_out), "CACHE_PATH": str(work / "plain" / "none"),
                      "LOAD_CONTENT_CACHE": False, "CACHE_CONTENT": False}
        plain_warm = {"OUTPUT_PATH": str(warm_out), "CACHE_PATH": str(work / "plain" / "cache"),
                      "LOAD_CONTENT_CACHE": True, "CACHE_CONTENT": True}
        full_out, full_cache = work / "full" / "output", work / "full" / "cache"
        full = _full_overrides(full_content, full_out, full_cache, self.extra)
        md_settings = _read_site_settings(self.conf)

        progress("priming plain Pelican's content cache")
        prime = self.runner.build("plain", settings=plain_conf, output=warm_out,
                                  overrides=plain_warm)
        md_times, pages = [], {}
        for n in range(1, self.repeat + 1):
            _fresh(cold_out, aside=self.aside)
            self._step("plain_cold", "plain", n, settings=plain_conf, output=cold_out,
                       overrides=plain_cold)
            pages["plain"] = count_html(cold_out)
            self._step("plain_warm", "plain", n, settings=plain_conf, output=warm_out,
                       overrides=plain_warm)
            _fresh(full_out, full_cache, aside=self.aside)
            self._step("full_cold", "full", n, output=full_out, overrides=full)
            pages["full"] = count_html(full_out)
            self._step("full_warm", "full", n, output=full_out, overrides=full)
            with edit_path.open("a", encoding="utf-8") as handle:
                handle.write(EDIT_SENTENCE.format(n=n))
            self._step("one_edit", "full", n, output=full_out, overrides=full)
            pages["full_after_edit"] = count_html(full_out)
            if n == 1:
                unlinked = unlinked_images(full_out, self.public_url)
            with edit_path.open("a", encoding="utf-8") as handle:
                handle.write(EDIT_SENTENCE.format(n=f"{n}, preview"))
            self._step("one_edit_preview", "full", n, output=full_out, overrides=full,
                       preview=True)
            # A fresh checkout with the cache folder restored (_CACHE_RESTORED_NOTE).
            _fresh(full_out, aside=self.aside)
            _touch(full_content)
            self._step("full_cold_image_cache", "full", n, output=full_out, overrides=full)
            md_times.append(markdown_ms_per_doc(plain_content, md_settings))
            progress(f"round {n}/{self.repeat}: markdown {md_times[-1]:.2f} ms per document")

        full_runs = ("full_cold", "full_warm", "one_edit", "one_edit_preview",
                     "full_cold_image_cache")
        result = {
            "benchmark": "kip-site-build",
            "version": 1,
            "started": started_at,
            "machine": machine,
            "corpus": {"articles": size.articles, "events": size.events,
                       "courses": size.courses, "pages": size.pages, "seed": self.seed,
                       "documents": size.documents,
                       "edit_target": str(corpus.edit_target.relative_to(plain_content))},
            "repeat": self.repeat,
            "site": {"settings": SITE_CONF.name, "plugins": self.plugins,
                     "code_fingerprint": code_fingerprint(self.conf),
                     "workarounds": self.notes},
            "warnings": [],
            "plain_pelican": {
                "cold_s": self._median("plain_cold"), "warm_s": self._median("plain_warm"),
                "cold_runs_s": self._walls("plain_cold"),
                "warm_runs_s": self._walls("plain_warm"),
                "cold_cpu_s": self._cpu("plain_cold"), "warm_cpu_s": self._cpu("plain_warm"),
                "cold_user_s": self._cpu("plain_cold", "user_s"),
                "cold_system_s": self._cpu("plain_cold", "system_s"),
                "prime_s": prime["wall_s"], "pages_written": pages["plain"],
                "peak_rss_mib": self._peak("plain_cold", "plain_warm"),
            },
            "full": {
                "cold_s": self._median("full_cold"), "warm_s": self._median("full_warm"),
                "one_edit_s": self._median("one_edit"),
                "one_edit_preview_s": self._median("one_edit_preview"),
                "cold_image_cache_s": self._median("full_cold_image_cache"),
                "cold_runs_s": self._walls("full_cold"), "warm_runs_s": self._walls("full_warm"),
                "one_edit_runs_s": self._walls("one_edit"),
                "cold_cpu_s": self._cpu("full_cold"), "warm_cpu_s": self._cpu("full_warm"),
                "one_edit_cpu_s": self._cpu("one_edit"),
                "cold_user_s": self._cpu("full_cold", "user_s"),
                "cold_system_s": self._cpu("full_cold", "system_s"),
                "cold_inside_s": _median([r["seconds_inside"]
                                          for r in self.runs["full_cold"]]),
                "pages_written": pages["full"],
                "pages_written_after_edit": pages["full_after_edit"],
                "peak_rss_mib": self._peak(*full_runs),
                "peak_rss_main_mib": self._peak(*full_runs, key="max_rss_self_mib"),
                # Every process the build started: the language runs, their drawing
                # pools and Pagefind (whose index of a large site is the largest).
                "peak_rss_children_mib": self._peak(*full_runs, key="max_rss_children_mib"),
                "peak_rss_language_runs_mib": self._language_peak(*full_runs),
                # Median seconds per step, as the build driver measured them inside.
                "phases": {"cold": self._phases("full_cold"),
                           "one_edit": self._phases("one_edit"),
                           "one_edit_preview": self._phases("one_edit_preview"),
                           "cold_image_cache": self._phases("full_cold_image_cache")},
            },
            "markdown_ms_per_doc": _median(md_times),
            "cards": self.cards(full_content),
            "images": {"unlinked": unlinked, "ms_per": {"card": None, "square": None,
                                                         "story": None}},
            "scale": self.scaled(scale, full) if scale > 1 else None,
            "method": [_SET_ASIDE_NOTE, _CACHE_RESTORED_NOTE, _SETTLED_NOTE],
        }
        shutil.rmtree(self.aside, ignore_errors=True)  # after the last timed build
        detail = result["cards"].get("detail") or {}
        result["posters"] = {"ms_per_poster": (detail.get("posters") or {}).get("ms_per_poster")}
        # CPU milliseconds per image of each format (benchmarks/cards_speed.py:per_image).
        result["images"]["ms_per"].update((detail.get("images") or {}).get("ms_per") or {})
        cold = result["plain_pelican"]["cold_s"]
        result["ratios"] = {
            "full_cold/pelican_cold": _ratio(result["full"]["cold_s"], cold),
            "warm/pelican_cold": _ratio(result["full"]["warm_s"], cold),
            "one_edit/pelican_cold": _ratio(result["full"]["one_edit_s"], cold),
            "one_edit_preview/pelican_cold": _ratio(result["full"]["one_edit_preview_s"], cold),
            "cold_image_cache/pelican_cold": _ratio(result["full"]["cold_image_cache_s"], cold),
            "pelican_warm/pelican_cold": _ratio(result["plain_pelican"]["warm_s"], cold),
            "full_warm/pelican_warm": _ratio(result["full"]["warm_s"],
                                             result["plain_pelican"]["warm_s"]),
        }
        # The same ratios in CPU seconds: steadier on a shared machine, but they count
        # both cores' work, so a parallel build looks worse here than by the clock.
        cpu = result["plain_pelican"]["cold_cpu_s"]
        result["cpu_ratios"] = {
            "full_cold/pelican_cold": _ratio(result["full"]["cold_cpu_s"], cpu),
            "warm/pelican_cold": _ratio(result["full"]["warm_cpu_s"], cpu),
            "one_edit/pelican_cold": _ratio(result["full"]["one_edit_cpu_s"], cpu),
        }
        # User time alone: the build's own work, without what the disk's state adds.
        result["user_ratios"] = {
            "full_cold/pelican_cold": _ratio(result["full"]["cold_user_s"],
                                             result["plain_pelican"]["cold_user_s"]),
        }
        result["targets"] = evaluate_targets(result)
        result["reference"] = REFERENCE
        if result["site"]["code_fingerprint"] != code_fingerprint(self.conf):
            result["warnings"].append("the snapshot of the site changed during the run")
        result["machine"]["load_average_end"] = _load()
        result["seconds_total"] = round(time.perf_counter() - began, 1)
        return result

    def cards(self, content: Path) -> dict:
        progress("cards per second")
        cards = self.runner.build("cards", settings=self.conf, output=self.work / "cards",
                                  overrides={}, content=content)
        out = {"cold_per_s": cards.get("cold"), "cached_per_s": cards.get("cached"),
               "source": cards.get("source")}
        for key in ("note", "detail"):
            if cards.get(key):
                out[key] = cards[key]
        if cards.get("note"):
            progress(f"cards: {cards['note']}")
        return out

    def scaled(self, scale: int, full: dict) -> dict:
        """Cold builds at `scale` times the size, each paired with one at 1x: linear?"""
        big = self.size.scaled(scale)
        content, out, cache = (self.work / "scale" / name
                               for name in ("content", "output", "cache"))
        progress(f"corpus at {scale}x: {big.articles} articles, {big.events} events, "
                 f"{big.courses} courses")
        generate(content, big, self.seed)
        small_out = Path(full["OUTPUT_PATH"])
        small_cache = Path(full["CACHE_PATH"])
        big_overrides = _full_overrides(content, out, cache, self.extra)
        for n in range(1, self.repeat + 1):
            _fresh(small_out, small_cache, aside=self.aside)
            self._step("scale_1x_cold", "full", n, output=small_out, overrides=full)
            _fresh(out, cache, aside=self.aside)
            self._step(f"scale_{scale}x_cold", "full", n, output=out, overrides=big_overrides)
        small, large = self._median("scale_1x_cold"), self._median(f"scale_{scale}x_cold")
        return {"factor": scale, "documents": big.documents, "cold_1x_s": small,
                "cold_s": large, "cold_runs_s": self._walls(f"scale_{scale}x_cold"),
                "cpu_ratio": _ratio(self._cpu(f"scale_{scale}x_cold"),
                                    self._cpu("scale_1x_cold")),
                "pages_written": count_html(out),
                "peak_rss_mib": self._peak(f"scale_{scale}x_cold"),
                "peak_rss_language_runs_mib": self._language_peak(f"scale_{scale}x_cold"),
                "peak_rss_main_mib": self._peak(f"scale_{scale}x_cold", key="max_rss_self_mib"),
                "time_ratio": _ratio(large, small)}



# -- comparing two runs ---------------------------------------------------------------

def _numbers(data, prefix: str = "") -> dict[str, float]:
    """Every numeric leaf as `section.key`; lists, text and booleans are left out."""
    out = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(_numbers(value, f"{prefix}{key}."))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        out[prefix.rstrip(".")] = data
    return out


def compare(a: dict, b: dict) -> str:
    """The figures of two runs side by side, with b / a for each."""
    skip = ("reference.", "machine.", "corpus.seed", "version")
    left, right = _numbers(a), _numbers(b)
    keys = [k for k in dict.fromkeys([*left, *right]) if not k.startswith(skip)]
    width = max((len(k) for k in keys), default=10)
    lines = [f"{'figure':<{width}}  {'a':>10}  {'b':>10}  {'b/a':>7}"]
    for key in keys:
        x, y = left.get(key), right.get(key)
        ratio = f"{y / x:7.2f}" if x and y is not None else f"{'-':>7}"
        lines.append(f"{key:<{width}}  {_fmt(x):>10}  {_fmt(y):>10}  {ratio}")
    for side, data in (("a", a), ("b", b)):
        corpus = data.get("corpus", {})
        lines.append(f"{side}: {data.get('started')}, {corpus.get('articles')}/"
                     f"{corpus.get('events')}/{corpus.get('courses')}, "
                     f"{data.get('machine', {}).get('git_commit')}")
    return "\n".join(lines)


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=CorpusSize.articles)
    parser.add_argument("--events", type=int, default=CorpusSize.events)
    parser.add_argument("--courses", type=int, default=CorpusSize.courses)
    parser.add_argument("--pages", type=int, default=CorpusSize.pages)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--scale", type=int, default=1,
                        help="also build the corpus at this many times its size (cold)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="also write the JSON to this file")
    parser.add_argument("--work", type=Path, help="keep the corpus and outputs here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"),
                        help="print two earlier runs side by side and exit")
    args = parser.parse_args(argv)
    if args.compare:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        print(compare(a, b))
        return 0
    size = CorpusSize(args.articles, args.events, args.courses, args.pages)
    try:
        result = run_benchmark(size, repeat=args.repeat, scale=args.scale, seed=args.seed,
                               work=args.work)
    except (BenchError, ValueError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
        progress(f"written {args.json}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
