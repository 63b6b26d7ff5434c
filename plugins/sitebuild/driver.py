"""`build()`: checks, every language run, the post-build hooks, then the swap.

The finished tree replaces the output folder only when every step succeeded
(and, in strict mode, nothing logged a warning), so a failed build never
leaves a half-written or mixed site behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from pelican.settings import read_settings

from i18n import language_run
from i18n.config import SettingsError

from . import record
from .cache import cache_folder
from .hooks import BuildContext, HookError, Hooks, StepError, plugin_hooks
from .progress import Phases, Progress
from .runs import RunResult, configure_logging, run_languages
from .tree import fresh_folder, listing, remove_stale, swap

logger = logging.getLogger(__name__)


def build(settings_file: str, *, output: str | None = None, overrides: dict | None = None,
          strict: bool = False, jobs: int | None = None, verbose: bool = False,
          preview: bool = False) -> int:
    """Build every language into ``output``; returns the process exit code.

    ``overrides`` are Pelican settings on top of the file's; ``jobs=1`` runs the
    languages one after the other in this process (a debugger, a profiler);
    ``preview`` (the live preview) lets hooks finish slow work after the swap.
    """
    configure_logging(verbose)
    overrides = dict(overrides or {})
    try:
        base = read_settings(settings_file, override=dict(overrides))
        codes = language_run(base).codes
    except SettingsError as exc:
        logger.error("%s: %s", settings_file, exc)
        return 2
    final = Path(output or base["OUTPUT_PATH"]).resolve()
    for folder in remove_stale(final):
        print(f"removed {folder.name}, left beside {final.name} by a build that was stopped")
    cache = cache_folder(settings_file, base, overrides.get("CACHE_PATH") or base["CACHE_PATH"])
    overrides["CACHE_PATH"] = str(cache)
    inputs = record.inputs_digest(settings_file, base, overrides, strict, preview)
    if record.up_to_date(cache, inputs, final):
        print(f"up to date: nothing changed since the last build of {final}")
        return 0
    # The plugins are imported only for a build that has work to do.
    try:
        hooks = plugin_hooks(base)
    except HookError as exc:
        logger.error("%s: %s", settings_file, exc)
        return 2

    staging = fresh_folder(final)
    overrides["OUTPUT_PATH"] = str(staging)
    run = Build(settings_file, overrides, jobs, verbose, hooks, final, BuildContext(
        settings=MappingProxyType(base), output=staging, cache=cache,
        languages=tuple(codes), strict=strict, preview=preview, final=final))
    try:
        failure = run.steps()
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already when it was swapped in
    if failure:
        mode = " (strict mode)" if strict else ""
        print(f"build FAILED: {failure}{mode}; {final} left untouched", file=sys.stderr)
        return 1
    record.save(cache, inputs=inputs, final=final, files=run.files, phases=run.phases.times,
                valid_until=run.valid_until(), peaks=run.peaks)
    return 0


def written(files: list) -> str:
    """`115 pages, 40 cards, 24 images, 12 posters`: what the finished tree holds, from
    its listing (cards: cards/**.png; images: their .square/.story twins; posters)."""
    counts = {"pages": 0, "cards": 0, "images": 0, "posters": 0}
    for rel, _size, _mtime in files:
        # Plain string tests: a listing has some 10,000 entries.
        folders, _, name = rel.rpartition(os.sep)
        if name.endswith(".html"):
            counts["pages"] += 1
        elif name == "poster.pdf":
            counts["posters"] += 1
        elif name.endswith(".png") and "cards" in folders.split(os.sep):
            twin = name.endswith((".square.png", ".story.png"))
            counts["images" if twin else "cards"] += 1
    return ", ".join(f"{number} {name}" for name, number in counts.items())


@dataclass
class Build:
    """One build in progress: its options, its hooks, and the seconds of each step."""

    settings_file: str
    overrides: dict
    jobs: int | None
    verbose: bool
    hooks: list[tuple[str, Hooks]]
    final: Path
    context: BuildContext
    phases: Phases = field(default_factory=Phases)
    #: The `listing` of the output once swapped in.
    files: list = field(default_factory=list)
    #: Each language run's peak memory (MiB), as the run measured it.
    peaks: dict = field(default_factory=dict)

    def steps(self) -> str | None:
        """The build proper, into ``context.output``, swapped in; what failed, or None."""
        context, phases = self.context, self.phases
        with phases.step("checks"):
            # Every pre-build hook runs, so all problems are reported at once.
            if not all([h.pre_build(context) for _name, h in self.hooks if h.pre_build]):
                return "content problems above"
        progress = Progress(context.languages)

        def done(result: RunResult) -> None:
            progress.step(f"{result.lang} written"
                          + (f", {result.errors} error(s)" if result.errors else ""))

        with phases.step("languages"):
            results = run_languages(self.settings_file, self.overrides, context.languages,
                                    jobs=self.jobs, verbose=self.verbose, done=done)
        phases.times.update({f"language {r.lang}": round(r.seconds, 3) for r in results})
        self.peaks = {f"language {r.lang}": r.peak_mib for r in results}
        errors = sum(r.errors for r in results)
        warnings = sum(r.warnings for r in results)
        if errors or (context.strict and warnings):
            progress.finish("stopped")
            return f"{errors} error(s), {warnings} warning(s)"
        self.context = context = replace(context, reports=MappingProxyType(
            {r.lang: MappingProxyType(r.report) for r in results}))
        post = [(name, h.post_build) for name, h in self.hooks if h.post_build]
        progress.finish("now: " + ", ".join(name for name, _hook in post))
        try:
            # One after the other, in the order of the plugins' names.
            for name, hook in post:
                with phases.step(name):
                    hook(context)
        except StepError as exc:
            logger.error("%s", exc)
            return "in a post-build step"
        except Exception:
            logger.exception("post-build step failed")
            return "in a post-build step"
        with phases.step("swap"):
            swap(context.output, self.final)
        self.files = listing(self.final)
        if context.preview:
            for _name, hook in self.hooks:
                if hook.after_swap:
                    hook.after_swap(context)
        summary = ", ".join(f"{r.lang} {r.seconds:.2f} s" for r in results)
        print(f"built {written(self.files)} in {phases.times['languages']:.2f} s ({summary}) -> "
              f"{self.final}" + (f"; {warnings} warning(s)" if warnings else ""))
        return None

    def valid_until(self):
        """The earliest moment a plugin says this build's pages go stale, or None."""
        found = [h.valid_until(self.context) for _name, h in self.hooks if h.valid_until]
        return min((moment for moment in found if moment), default=None)
