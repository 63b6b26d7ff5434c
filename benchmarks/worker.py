"""One timed build in a fresh interpreter; run.py starts it once per measurement.

    python -m benchmarks.worker SPEC.json

SPEC names the kind of build ("plain": Pelican alone, "full": our site through
the build package, "cards": the cards engineer's speed measurement), its settings
file, output folder and overrides, and the file to write the result to (stdout
belongs to the build). A fresh process per build makes imports, the Markdown
and Jinja set-up count the same way for every figure, and lets the process
report its own peak memory and that of the language runs it forked.
"""

from __future__ import annotations

import importlib
import json
import logging
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _plain(spec: dict) -> int:
    from pelican import Pelican
    from pelican.settings import read_settings

    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    logging.getLogger().addHandler(logging.StreamHandler(sys.stderr))
    logging.getLogger().setLevel(logging.WARNING)
    Pelican(read_settings(spec["settings"], override=spec["overrides"])).run()
    return 1 if counter.count else 0


def _full(spec: dict) -> tuple[dict, int]:
    # The plugins beside the settings file: run.py builds a snapshot of the site.
    sys.path.insert(0, str(Path(spec["settings"]).parent / "plugins"))
    from pelican.settings import read_settings

    from sitebuild import build
    from sitebuild.cache import code_fingerprint
    from sitebuild.record import last_measures

    # As `invoke build` runs it (a preview: as `invoke livereload` does).
    code = build(spec["settings"], output=spec["output"], overrides=spec["overrides"],
                 jobs=spec.get("jobs"), preview=bool(spec.get("preview")))
    # Seconds per step, as the build driver measured them and kept in its record.
    settings = read_settings(spec["settings"], override=spec["overrides"])
    cache = Path(settings["CACHE_PATH"]) / code_fingerprint(spec["settings"], settings)
    phases, peaks = last_measures(cache)
    return {"phases": phases, "language_peaks_mib": peaks}, code


def _cards(spec: dict) -> dict:
    """Cards per second, cold and cached, if the cards code offers a measurement."""
    sys.path.insert(0, str(ROOT / "plugins"))
    candidates = (("benchmarks.cards_speed", "measure"), ("cards", "measure_speed"))
    for module_name, name in candidates:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        measure = getattr(module, name, None)
        if not callable(measure):
            continue
        source = f"{module_name}.{name}"
        try:
            rates = measure(spec["content"], spec["output"])
            return {"cold": _rate(rates.get("cold")), "cached": _rate(rates.get("cached")),
                    "source": source,
                    "detail": {k: v for k, v in rates.items() if k not in ("cold", "cached")}}
        except Exception as exc:  # the cards figure is optional: report why it is missing
            return {"cold": None, "cached": None, "source": source,
                    "note": f"{source} failed: {type(exc).__name__}: {exc}"}
    return {"cold": None, "cached": None,
            "source": None, "note": "no benchmarks/cards_speed.py:measure and no "
                                    "cards.measure_speed yet"}


def _rate(value) -> float | None:
    return None if value is None else float(value)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    started = time.perf_counter()
    extra = {}
    if spec["kind"] == "plain":
        code = _plain(spec)
    elif spec["kind"] == "full":
        extra, code = _full(spec)
    elif spec["kind"] == "cards":
        extra, code = _cards(spec), 0
    else:
        raise SystemExit(f"unknown kind {spec['kind']!r}: plain, full or cards")
    seconds = time.perf_counter() - started
    sys.path.insert(0, str(ROOT / "plugins"))
    from common.memory import peak_mib  # the standard library only: after the build

    own, children = peak_mib(), peak_mib(resource.RUSAGE_CHILDREN)
    result = {"code": code, "seconds_inside": round(seconds, 3),
              "max_rss_mib": max(own, children), "max_rss_self_mib": own,
              "max_rss_children_mib": children, **extra}
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
