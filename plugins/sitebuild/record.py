"""The "up to date" record: what the last good build read and wrote, kept in its cache.

A build whose inputs (code, settings, content, theme, libraries, options) are
the record's, whose output is untouched since, and whose clock-dependent pages
are still valid, has nothing to do.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from common.files import read_json_object, write_atomic
from i18n.config import read_i18n_settings, run_overrides

from .cache import code_fingerprint
from .tree import listing

RECORD = "last-build.json"

#: Libraries whose upgrade can change a rendered page (dates, Markdown, templates).
RENDERING_LIBRARIES = ("pelican", "jinja2", "markdown", "babel", "pillow", "icalendar",
                       "feedgen", "lxml", "translitua", "markupsafe", "pagefind", "fpdf2", "segno")


def _library_versions() -> tuple:
    found = []
    for name in RENDERING_LIBRARIES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name, None))
    return tuple(found)


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def stable(value):
    """A value of the settings as JSON that is the same in every process: a function
    by its name, any other object by its repr without a memory address."""
    if isinstance(value, dict):
        return {str(key): stable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [stable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(stable(item)) for item in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def runs_digest(settings: dict) -> str:
    """Digest of the resolved settings of every language run: what the settings files
    made of the environment (SITEURL, KIP_CMS_PORT, SCHEDULE_NOW ...), not their text."""
    i18n = read_i18n_settings(settings)
    runs = {code: {**settings, **run_overrides(settings, i18n, code)} for code in i18n.codes}
    return hashlib.sha256(json.dumps(stable(runs), sort_keys=True).encode()).hexdigest()


def inputs_digest(settings_file: str, settings: dict, overrides: dict, strict: bool,
                  preview: bool = False) -> str:
    """Digest of everything a build reads: one walk of content/ and theme/, and the
    resolved settings of each language run."""
    skip = frozenset({"__pycache__"})
    digest = hashlib.sha256(code_fingerprint(settings_file, settings).encode())
    digest.update(runs_digest(settings).encode())
    digest.update(repr(listing(Path(settings["PATH"]), skip)).encode())
    digest.update(repr(listing(Path(settings["THEME"]), skip)).encode())
    digest.update(repr(sorted(overrides.items())).encode())
    digest.update(repr((strict, preview, sys.version, os.environ.get("SOURCE_DATE_EPOCH"),
                        os.environ.get("SITEURL"), _library_versions())).encode())
    return digest.hexdigest()


def output_stamp(files: list[tuple[str, int, int]]) -> str:
    """Digest of an output's `listing`: every file's path, size and mtime."""
    return hashlib.sha256(repr(files).encode()).hexdigest()


def up_to_date(cache: Path, inputs: str, final: Path) -> bool:
    """True when the last good build read exactly ``inputs``, wrote ``final`` as it
    still is, and no plugin said its pages would be stale by now."""
    record = read_json_object(cache / RECORD)
    if record.get("inputs") != inputs or record.get("output") != str(final):
        return False
    until = record.get("valid_until")
    try:
        if until and datetime.now(UTC) >= datetime.fromisoformat(until):
            return False
    except ValueError:
        return False
    return final.is_dir() and record.get("stamp") == output_stamp(listing(final))


def save(cache: Path, *, inputs: str, final: Path, files: list[tuple[str, int, int]],
         valid_until: datetime | None, phases: dict[str, float],
         peaks: dict[str, float] | None = None) -> None:
    """Keep what this good build read and wrote (``files``: the `listing` of ``final``);
    ``phases``: its seconds per step; ``peaks``: each language run's peak memory (MiB)."""
    write_atomic(cache / RECORD, json.dumps({
        "inputs": inputs, "output": str(final), "stamp": output_stamp(files),
        "valid_until": valid_until.astimezone(UTC).isoformat() if valid_until else None,
        "phases": phases, "peak_mib": peaks or {},
    }, indent=1))


def last_measures(cache: Path) -> tuple[dict[str, float], dict[str, float]]:
    """The seconds per step and each language run's peak memory (MiB) of the last good
    build with this cache (the benchmark's split)."""
    kept = read_json_object(cache / RECORD)
    return dict(kept.get("phases") or {}), dict(kept.get("peak_mib") or {})
