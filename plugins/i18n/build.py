"""Build every language: one Pelican run per language, in parallel, into a fresh folder.

The finished tree replaces the output folder only when every run succeeded
(and, in strict mode, logged no warning), so a failed build never leaves a
half-written or mixed site behind.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import re
import shutil
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from markdown import Markdown
from pelican import Pelican
from pelican.settings import read_settings

from .config import SettingsError, read_i18n_settings, run_overrides
from .files import read_json_object
from .unchanged import language_inputs, link_tree, simple_prefix, still_valid, subtree, tree_stamp

logger = logging.getLogger(__name__)


_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


@dataclass
class RunResult:
    lang: str
    errors: int
    warnings: int
    seconds: float
    messages: list
    #: What the run logged while the content checks were still running, printed once
    #: they pass (see `build`); empty when it logged straight to stderr.
    held: list = field(default_factory=list)
    #: True when the language's folder was kept from the last build instead.
    kept: bool = False


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors = 0
        self.warnings = 0
        self.messages: list[str] = []

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (test capture, a daemon's redirect)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _configure_logging(verbose: bool) -> None:
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)


class _Held(logging.Handler):
    """Keeps formatted records instead of printing them."""

    def __init__(self):
        super().__init__()
        self.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


def _run_language(settings_file: str, overrides: dict, lang: str, verbose: bool,
                  hold: bool = False) -> RunResult:
    _configure_logging(verbose)
    held = None
    if hold:  # in a forked worker: the parent prints these after the content checks
        root = logging.getLogger()
        for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
            root.removeHandler(handler)
        held = _Held()
        root.addHandler(held)
    counter = _Counter()
    logging.getLogger().addHandler(counter)
    started = time.perf_counter()
    # What the run starts with (modules, settings) outlives it: left out of the
    # collector's passes, as the context is once complete (i18n's freeze_context).
    gc.freeze()
    try:
        base = read_settings(settings_file, override=dict(overrides))
        i18n = read_i18n_settings(base)
        settings = read_settings(
            settings_file, override={**overrides, **run_overrides(base, i18n, lang)}
        )
        Pelican(settings).run()
    except SettingsError as exc:
        logger.error("%s: %s", settings_file, exc)
    except Exception:
        logger.exception("build of %r failed", lang)
    finally:
        logging.getLogger().removeHandler(counter)
        gc.unfreeze()  # a run in this process (one job): collected as before
    return RunResult(lang, counter.errors, counter.warnings,
                     time.perf_counter() - started, counter.messages,
                     held.lines if held is not None else [])


def code_fingerprint(settings_file: str, settings: dict) -> str:
    """Hash of what changes how content is read: settings files and plugin code.

    Pelican's content cache does not notice a changed Markdown setting or
    plugin, so each fingerprint gets a cache folder of its own.
    """
    digest = hashlib.sha256()
    files = [Path(settings_file)]
    files += sorted(Path(settings_file).parent.glob("*conf.py"))
    for folder in settings.get("PLUGIN_PATHS") or ():
        files += sorted(Path(folder).rglob("*.py"))
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_root(settings_file: str, base: dict, overrides: dict) -> str:
    root = Path(overrides.get("CACHE_PATH") or base["CACHE_PATH"])
    key = code_fingerprint(settings_file, base)
    if root.is_dir():
        for stale in root.iterdir():
            # Only old fingerprints go; other caches (images, cards) live beside them.
            if stale.is_dir() and _FINGERPRINT.fullmatch(stale.name) and stale.name != key:
                shutil.rmtree(stale, ignore_errors=True)
    return str(root / key)


def _tree(root: Path, skip: tuple[str, ...] = (), *,
          prune: bool = False) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime) of every file under ``root``, in the order of a
    sorted top-down `os.walk` (a folder's files, then each sub-folder); with
    ``prune``, empty folders are removed on the way (a build starts from the last
    one's folders).

    Walked with `os.scandir`, paths joined as text: `os.walk`, `os.stat` and
    `relpath` took twice as long on the output (60 ms for 5,200 files, after
    every build)."""
    found: list[tuple[str, int, int]] = []
    skip = frozenset(skip)

    def scan(folder: str, prefix: str) -> None:
        files, folders = [], []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not entry.is_dir():
                        files.append(entry)
                    elif entry.name not in skip:
                        folders.append(entry)
        except OSError:  # gone meanwhile: skipped, as `os.walk` does
            return
        if prune and prefix and not files and not folders:
            _remove_empty(Path(folder), root)
            return
        files.sort(key=_name)
        for entry in files:
            stat = entry.stat()
            found.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
        folders.sort(key=_name)
        for entry in folders:
            if not entry.is_symlink():  # listed, not followed (as `os.walk`)
                scan(entry.path, prefix + entry.name + os.sep)

    scan(str(root), "")
    return found


def _name(entry: os.DirEntry) -> str:
    return entry.name


def fingerprints(settings_file: str, settings: dict, overrides: dict,
                 strict: bool) -> tuple[str, str, list]:
    """(inputs, render base, Markdown files), from one walk of content/ and theme/.

    The render base is what every page depends on apart from the Markdown
    sources, which incremental rendering tracks page by page: code, settings,
    theme, options, libraries, the other content files. The inputs add the
    Markdown sources and the build mode: everything a build reads.
    """
    content = _tree(Path(settings["PATH"]), skip=("__pycache__",))
    digest = hashlib.sha256(code_fingerprint(settings_file, settings).encode())
    digest.update(repr(_tree(Path(settings["THEME"]), skip=("__pycache__",))).encode())
    digest.update(repr([entry for entry in content if not entry[0].endswith(".md")]).encode())
    digest.update(repr(sorted(overrides.items())).encode())
    digest.update(repr((sys.version, os.environ.get("SOURCE_DATE_EPOCH"),
                        os.environ.get("SITEURL"), _library_versions())).encode())
    render = digest.hexdigest()
    markdown = [entry for entry in content if entry[0].endswith(".md")]
    inputs = hashlib.sha256(repr((render, markdown, strict)).encode()).hexdigest()
    return inputs, render, markdown


#: Libraries whose upgrade can change a rendered page (dates, Markdown, templates).
RENDERING_LIBRARIES = ("pelican", "jinja2", "markdown", "babel", "pillow", "icalendar",
                       "feedgen", "lxml", "translitua", "markupsafe")


def _library_versions() -> tuple:
    found = []
    for name in RENDERING_LIBRARIES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name, None))
    return tuple(found)


def _remove_empty(folder: Path, root: Path) -> None:
    """Remove ``folder`` and each parent up to ``root`` that it leaves empty."""
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _output_stamp(final: Path) -> str:
    return tree_stamp(_tree(final))


def _up_to_date(record: dict, inputs: str, final: Path) -> bool:
    """True when the last successful build read exactly these inputs and its output
    is untouched, and no plugin said its pages would go stale by now."""
    if record.get("inputs") != inputs or record.get("output") != str(final):
        return False
    valid_until = record.get("valid_until")
    if valid_until and datetime.now(UTC) >= datetime.fromisoformat(valid_until):
        return False
    return final.is_dir() and record.get("stamp") == _output_stamp(final)


def _valid_until(cache: Path) -> str | None:
    """The earliest `valid-until` a language run wrote (pages that depend on the clock)."""
    stamps = [p.read_text(encoding="utf-8").strip() for p in cache.glob("*/valid-until")]
    return min(stamps, key=datetime.fromisoformat) if stamps else None


def build(
    settings_file: str,
    *,
    output: str | None = None,
    overrides: dict | None = None,
    strict: bool = False,
    jobs: int | None = None,
    verbose: bool = False,
) -> int:
    """Build all languages into ``output``; returns the process exit code."""
    _configure_logging(verbose)
    overrides = dict(overrides or {})
    try:
        base = read_settings(settings_file, override=dict(overrides))
        i18n = read_i18n_settings(base)
    except SettingsError as exc:
        logger.error("%s: %s", settings_file, exc)
        return 2
    codes, folders = i18n.codes, _language_folders(i18n)
    final = Path(output or base["OUTPUT_PATH"]).resolve()
    overrides["CACHE_PATH"] = _cache_root(settings_file, base, overrides)
    cache_root = Path(overrides["CACHE_PATH"])
    record_path = cache_root / "last-build.json"
    inputs, render_base, markdown = fingerprints(settings_file, base, overrides, strict)
    record = read_json_object(record_path)
    if _up_to_date(record, inputs, final):
        print(f"up to date: nothing changed since the last build of {final}")
        return 0
    phases = Phases()
    incremental = not strict and base.get("INCREMENTAL_RENDERING", True)
    language_digests, kept = {}, {}
    if incremental:
        with phases.step("language inputs"):
            language_digests, kept = _kept_languages(
                base, folders, record, final=final, render_base=render_base, markdown=markdown,
                cache_root=cache_root)
    staging = _staging(final, kept=list(kept.values()))
    if incremental:
        # Strict builds render every page, so every warning a template logs is seen.
        overrides["INCREMENTAL_BASE"] = render_base
        overrides["INCREMENTAL_PREVIOUS_OUTPUT"] = str(final) if final.is_dir() else ""
    overrides["OUTPUT_PATH"] = str(staging)
    for stale in cache_root.glob("*/valid-until"):
        if stale.parent.name not in kept:
            stale.unlink()

    started = time.perf_counter()
    progress = Progress([code for code in codes if code not in kept], kept=list(kept))
    checked, results = _checks_and_runs(
        settings_file, overrides, verbose=verbose, base=base, strict=strict, codes=codes,
        jobs=jobs, kept=kept, phases=phases, progress=progress,
        keep=lambda: _keep_languages(kept, final, staging, base, cache_root),
        beside=lambda: _make_folders(final, staging, skip=set(kept.values())),
        written=lambda code: _language_written(staging, base, code))
    elapsed = time.perf_counter() - started
    if not checked:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build FAILED: content problems above{' (strict mode)' if strict else ''}; "
              f"{final} left untouched", file=sys.stderr)
        return 1
    phases.times["languages"] = round(elapsed, 3)
    phases.times.update({f"language {r.lang}": round(r.seconds, 3) for r in results})
    for code in kept:
        previous = record["languages"][code]
        for message in previous.get("messages", ()):
            print(f"{message} (kept from the last build of {code})", file=sys.stderr)
        results.append(RunResult(code, 0, len(previous.get("messages", ())), 0.0,
                                 list(previous.get("messages", ())), kept=True))

    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    failed = errors > 0 or (strict and warnings > 0)
    summary = ", ".join(f"{r.lang} kept" if r.kept else f"{r.lang} {r.seconds:.2f} s"
                        for r in results)
    if failed:
        progress.finish("stopped")
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"build FAILED: {errors} error(s), {warnings} warning(s)"
            f"{' (strict mode)' if strict else ''}; {final} left untouched",
            file=sys.stderr,
        )
        return 1
    progress.finish("now: sitemap, images, search index")
    try:
        with phases.step("after the languages"):
            # A kept language's folder joins the new tree at the swap; until then the
            # steps after the languages find its pages where they are (see KEPT_FOLDERS).
            _post_build(staging, {**base, KEPT_FOLDERS: {
                name: str(final / name) for name in kept.values()}}, phases)
    except Exception:
        logger.exception("post-build step failed")
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build FAILED in a post-build step; {final} left untouched", file=sys.stderr)
        return 1
    with phases.step("swap"):
        _swap(staging, final, kept=list(kept.values()))
    with phases.step("output stamp"):
        entries = _tree(final, prune=True)
        stamp = tree_stamp(entries)
    LAST_PHASES.clear()
    LAST_PHASES.update(phases.times)
    languages = {}
    for result in results:
        name = folders.get(result.lang)
        if result.lang in language_digests and name:
            languages[result.lang] = {
                "inputs": language_digests[result.lang],
                "tree": tree_stamp(subtree(entries, name)),
                "messages": [m for m in result.messages if not m.startswith("ERROR")],
            }
    record_path.write_text(json.dumps({
        "inputs": inputs, "output": str(final), "stamp": stamp, "phases": phases.times,
        "valid_until": _valid_until(cache_root), "languages": languages,
    }, indent=1, ensure_ascii=False), encoding="utf-8")
    pages = sum(1 for rel, _size, _mtime in entries if rel.endswith(".html"))
    print(f"built {pages} pages in {elapsed:.2f} s ({summary}) -> {final}"
          + (f"; {warnings} warning(s)" if warnings else ""))
    return 0


def build_to_exit(settings_file: str, **options) -> int:
    """`build`, in a process that ends with it (the invoke tasks, the benchmark).

    What the build leaves in memory is frozen out of the garbage collector: the
    interpreter's exit would otherwise run its collections over every object
    it holds (modules, the content checks' sources), about 0.1 s after the
    site is written and before the command returns. A process that goes on
    building (livereload) calls `build` itself.
    """
    code = build(settings_file, **options)
    gc.freeze()
    return code


def _checks_and_runs(settings_file: str, overrides: dict, *, verbose: bool, base: dict,
                     strict: bool, codes, jobs: int | None, kept: dict, phases: Phases,
                     progress: Progress, keep, beside, written) -> tuple[bool, list]:
    """The content checks and the language runs: (checks passed, run results).

    With one job (or nothing to run), the checks come first, no run starts when
    they fail, and the runs follow one by one in this process. Otherwise the runs
    start at once in worker processes and the checks run beside them here (a
    core would wait for them otherwise), the runs holding their messages until
    the checks pass: when they fail, what the runs wrote and said is thrown away
    (the site is left as it was). ``beside`` runs in a thread meanwhile, and
    ``keep`` puts the kept languages back once the checks pass.
    ``written(code)`` is called as each run ends well (the search index of its
    pages can start while others go on).
    """
    run_codes = [code for code in codes if code not in kept]
    if jobs == 1 or not run_codes:
        with phases.step("checks"):
            if not _pre_build(base, strict):
                return False, []
        results = []
        for code in run_codes:
            results.append(_run_language(settings_file, overrides, code, verbose))
            progress.done(results[-1])
            if not results[-1].errors:
                written(code)
        if kept:
            with phases.step("kept languages"):
                keep()
        return True, results
    if len(run_codes) > 1:
        # Every core gets a run: import what they all import once, before they fork.
        # (One run beside the checks imports while they check, on the other core.)
        with phases.step("preload"):
            _preload(base)
    pool_size = min(jobs or os.cpu_count() or 1, len(run_codes))
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=pool_size, mp_context=context)
    try:
        futures = {pool.submit(_run_language, settings_file, overrides, c, verbose, True): c
                   for c in run_codes}
        helper = threading.Thread(target=beside, name="beside-the-runs", daemon=True)
        helper.start()
        with phases.step("checks"):
            checked = _pre_build(base, strict)
        if checked and kept:
            with phases.step("kept languages"):
                keep()
        for future in as_completed(futures):
            result = future.result()
            for line in result.held if checked else ():
                print(line, file=sys.stderr)
            progress.done(result)
            if checked and not result.errors:
                written(result.lang)
        helper.join()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # no run writes on after this
        raise
    # Every result is in: the build goes on while the workers exit (waiting for them
    # to free their memory cost some 20 ms).
    pool.shutdown(wait=False)
    return checked, [f.result() for f in futures]


def _preload(settings: dict) -> None:
    """Import what every language run imports (plugins, Markdown extensions) before
    the runs are forked, so each run starts with them instead of importing its own."""
    for _hook in _plugin_hooks(settings, "register"):
        pass
    try:
        Markdown(**(settings.get("MARKDOWN") or {}))
    except Exception:  # noqa: BLE001 - a bad setting is the runs' to report
        logger.debug("preload: Markdown settings", exc_info=True)


def _language_folders(i18n) -> dict[str, str]:
    """{code: folder} of the languages with a folder of their own ('en'), which a
    build can keep (not the default language, not a nested prefix)."""
    folders = {lang.code: simple_prefix(lang.prefix) for lang in i18n.languages
               if lang != i18n.default}
    return {code: name for code, name in folders.items() if name}


def _kept_languages(settings: dict, names: dict, record: dict, *, final: Path,
                    render_base: str, markdown: list,
                    cache_root: Path) -> tuple[dict, dict]:
    """(inputs digest per language, {code: folder} of the languages the last build's
    folder can stand for), among ``names`` (`_language_folders`); see unchanged.py."""
    if not names or settings.get("DEFAULT_DATE") == "fs":
        return {}, {}  # file dates: a file touched is an input changed
    digests = language_inputs(settings, render_base, list(names), markdown, cache_root)
    kept = {}
    previous = record.get("languages") or {}
    for code, name in names.items():
        last = previous.get(code)
        if (record.get("output") != str(final) or not isinstance(last, dict)
                or last.get("inputs") != digests[code]
                or not still_valid(cache_root / code) or not (final / name).is_dir()):
            continue
        if tree_stamp(_tree(final / name)) == last.get("tree"):
            kept[code] = name
    return digests, kept


#: Setting the steps after the languages get: {folder in the site: where it is now}
#: for the kept languages, whose folders move into the new tree at the swap.
KEPT_FOLDERS = "I18N_KEPT_FOLDERS"


def _keep_languages(kept: dict, final: Path, staging: Path, settings: dict,
                    cache_root: Path) -> None:
    """Plugins that gather a run's records in the tree (the sitemap) put a kept
    language's back with `language_kept`; its folder itself moves in at the swap."""
    hooks = list(_plugin_hooks(settings, "language_kept"))
    for code, _name in kept.items():
        for hook in hooks:
            hook(staging, settings, code, cache_root / code)


def _language_written(staging: Path, settings: dict, code: str) -> None:
    """A run ended without errors: plugins may start on its pages (`language_written`).
    What they start is only a head start: the steps after the languages check it."""
    for hook in _plugin_hooks(settings, "language_written"):
        try:
            hook(staging, settings, code)
        except Exception:  # noqa: BLE001 - the step after the languages does it then
            logger.debug("%s: language_written(%s)", hook.__module__, code, exc_info=True)


def _plugin_hooks(settings: dict, name: str):
    """A plugin's module-level hook `name`, for each plugin that has one."""
    for folder in settings.get("PLUGIN_PATHS") or ():
        if folder not in sys.path:
            sys.path.insert(0, folder)
    for plugin in settings.get("PLUGINS") or ():
        module = importlib.import_module(plugin) if isinstance(plugin, str) else plugin
        hook = getattr(module, name, None)
        if hook is not None:
            yield hook


class Progress:
    """One line per finished step: a live bar in a terminal, plain lines elsewhere (CI)."""

    def __init__(self, codes, kept=()):
        self.total = len(codes) + 1  # every language run, then the steps after them
        self.count = 0
        self.live = sys.stderr.isatty() and not os.environ.get("CI")
        self.started = time.perf_counter()
        unchanged = f"; {', '.join(kept)} unchanged, kept" if kept else ""
        self._show(f"building {', '.join(codes)}{unchanged}")

    def _show(self, what: str) -> None:
        elapsed = time.perf_counter() - self.started
        if self.live:
            width = 24
            filled = width * self.count // self.total
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r[{bar}] {self.count}/{self.total} {what} ({elapsed:.1f} s)\033[K")
            sys.stderr.flush()
        else:
            print(f"build: {self.count}/{self.total} {what} ({elapsed:.1f} s)", file=sys.stderr)

    def done(self, result: RunResult) -> None:
        self.count += 1
        self._show(f"{result.lang} written" + (f", {result.errors} error(s)"
                                               if result.errors else ""))

    def finish(self, what: str) -> None:
        self.count = self.total
        self._show(what)
        if self.live:
            sys.stderr.write("\n")


def _pre_build(settings: dict, strict: bool) -> bool:
    """Checks that need every source file at once (content checks); False stops the build."""
    return all([hook(settings, strict) for hook in _plugin_hooks(settings, "pre_build")])


def _post_build(staging: Path, settings: dict, phases: Phases | None = None) -> None:
    """Steps that need every language at once (sitemap, images, search index).

    They touch different files (sitemap.xml, images/, pagefind/) and mostly wait
    on subprocesses, so they run side by side; the first error is raised.
    """
    phases = phases or Phases()
    hooks = list(_plugin_hooks(settings, "post_build"))

    def run(hook):
        with phases.step(hook.__module__.split(".")[0]):
            hook(staging, settings)

    with ThreadPoolExecutor(max_workers=max(1, len(hooks))) as pool:
        for future in [pool.submit(run, hook) for hook in hooks]:
            future.result()


#: The phases of the last build in this process, in seconds (the benchmark reads them).
LAST_PHASES: dict[str, float] = {}


class Phases:
    """Seconds per step of one build, kept in cache/<build>/last-build.json."""

    def __init__(self):
        self.times: dict[str, float] = {}

    @contextlib.contextmanager
    def step(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.times[name] = round(time.perf_counter() - started, 3)


#: The folders of the tree the last build replaced, emptied of files: the next build
#: starts from them (see `_staging`).
SKELETON = ".{name}.skeleton"


def _staging(final: Path, kept: list[str] = ()) -> Path:
    """The folder the build writes into: the last build's skeleton when there is one.

    Creating a folder costs about 0.3 ms on this kind of disk, a file link a
    fiftieth of that, and the site has a folder per page (`news/<slug>/`): a
    fresh tree was a third of an edit's language run. The skeleton holds the
    folders of the tree the last build replaced, with no file in them, so there
    is nothing in it a build could write through. Folders no page uses any more
    are removed after the swap (`_tree(prune=True)`).
    """
    staging = final.with_name(f".{final.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        final.with_name(SKELETON.format(name=final.name)).rename(staging)
    except OSError:
        staging.mkdir(parents=True)
    for name in kept:  # its folder moves in whole at the swap
        _set_spare(staging / name, final)
    return staging


#: A kept language's folders from the skeleton, set aside during a build and put back
#: into the next skeleton by `_recycle` (removing them was 80 ms for 900 folders).
SPARE = ".{name}.spare-{folder}"


def _set_spare(folder: Path, final: Path) -> None:
    if not folder.is_dir():
        return
    spare = final.with_name(SPARE.format(name=final.name, folder=folder.name))
    shutil.rmtree(spare, ignore_errors=True)  # one a failed build left (rare)
    try:
        folder.rename(spare)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _make_folders(final: Path, staging: Path, skip: set[str]) -> None:
    """Create in ``staging`` the folders ``final`` has (but those in ``skip``).

    Run beside a language run on the core a kept language leaves free: the run
    finds most of its folders made (with no skeleton yet, some 1,300 of them
    at 0.3 ms each), and one it reaches first it makes itself (`exist_ok`).
    Folders no page uses are removed after the swap, like a skeleton's.
    """
    try:
        tops = [entry.name for entry in os.scandir(final)
                if entry.is_dir(follow_symlinks=False) and entry.name not in skip]
        # The fullest first (news/, a folder per article): the run writes them early.
        tops.sort(key=lambda name: (-len(os.listdir(final / name)), name))
    except OSError:
        return
    for top in tops:
        for folder, dirs, _files in os.walk(final / top):
            dirs.sort()
            target = staging / os.path.relpath(folder, final)
            try:
                target.mkdir()
            except FileExistsError:
                pass
            except OSError:
                return  # the build reports what went wrong with its folder


def _recycle(old: Path, final: Path) -> None:
    """Empty the replaced tree of its files and keep its folders as the skeleton."""
    skeleton = final.with_name(SKELETON.format(name=final.name))
    try:
        _empty_folders(old)
        for spare in final.parent.glob(SPARE.format(name=final.name, folder="*")):
            folder = old / spare.name.split(".spare-", 1)[1]
            if folder.exists():
                shutil.rmtree(spare, ignore_errors=True)
            else:  # the kept language's folder moved into the new tree: its skeleton
                spare.rename(folder)
        shutil.rmtree(skeleton, ignore_errors=True)
        old.rename(skeleton)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def _empty_folders(root: Path) -> None:
    """Unlink every file under ``root`` (symbolic links too, never followed)."""
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _empty_folders(Path(entry.path))
            else:
                os.unlink(entry.path)


def _swap(staging: Path, final: Path, kept: list[str] = ()) -> None:
    """Replace ``final`` by ``staging`` with renames; the old tree becomes the skeleton.

    A kept language's folder is moved from the old tree into the new one first
    (unless a step already put a copy there): the very files, with no link to
    make and none to delete. The live site lacks it only between two renames, as
    it lacks everything between the last two.
    """
    for name in kept:
        if not (staging / name).exists():
            try:
                (final / name).rename(staging / name)
            except OSError:  # another file system: the slow way
                link_tree(final / name, staging / name)
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        _recycle(old, final)
