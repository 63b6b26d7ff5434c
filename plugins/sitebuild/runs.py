"""The language runs: one Pelican run per language, each in a process of its own."""

from __future__ import annotations

import logging
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from pelican import Pelican
from pelican.settings import read_settings

from common.memory import peak_mib
from i18n.config import SettingsError, read_i18n_settings, run_overrides

from .hooks import RUN_REPORT

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    lang: str
    errors: int
    warnings: int
    seconds: float
    #: What the run's plugins left in `sitebuild.hooks.run_report`.
    report: dict = field(default_factory=dict)
    #: The run's own peak memory (MiB): not that of Pagefind or of the drawing pools.
    peak_mib: float = 0.0


class _Counter(logging.Handler):
    """Counts a run's warnings and errors: strict builds fail on either."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors = 0
        self.warnings = 0

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (test capture, a daemon's redirect)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def configure_logging(verbose: bool) -> None:
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)


def run_language(settings_file: str, overrides: dict, lang: str, verbose: bool) -> RunResult:
    """Write language ``lang`` into ``overrides["OUTPUT_PATH"]``."""
    configure_logging(verbose)
    counter = _Counter()
    logging.getLogger().addHandler(counter)
    started = time.perf_counter()
    report: dict = {}
    try:
        base = read_settings(settings_file, override=dict(overrides))
        settings = read_settings(settings_file, override={
            **overrides, **run_overrides(base, read_i18n_settings(base), lang)})
        # Pelican copies its settings into each generator's context shallowly: every
        # plugin of the run sees this one dict.
        settings[RUN_REPORT] = report
        Pelican(settings).run()
    except SettingsError as exc:
        logger.error("%s: %s", settings_file, exc)
    except Exception:
        logger.exception("build of %r failed", lang)
    finally:
        logging.getLogger().removeHandler(counter)
    return RunResult(lang, counter.errors, counter.warnings, time.perf_counter() - started,
                     report, peak_mib())



def run_languages(settings_file: str, overrides: dict, codes, *, jobs: int | None,
                  verbose: bool, done) -> list[RunResult]:
    """Every language's run, side by side in forked processes (one job: one by one in
    this process); ``done(result)`` is called as each ends. Results in ``codes`` order."""
    if jobs == 1 or len(codes) == 1:
        results = []
        for code in codes:
            results.append(run_language(settings_file, overrides, code, verbose))
            done(results[-1])
        return results
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs or len(codes), len(codes)),
                             mp_context=context) as pool:
        futures = [pool.submit(run_language, settings_file, overrides, code, verbose)
                   for code in codes]
        for future in as_completed(futures):
            done(future.result())
    return [future.result() for future in futures]
