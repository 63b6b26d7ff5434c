"""Files a build keeps for the next one: written so that no reader ever sees half of
one, read back without failing on a missing or damaged one."""

from __future__ import annotations

import json
import os
from pathlib import Path


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write through a temporary name beside ``path``, then rename it into place.

    The temporary name carries the process id: two processes writing the same
    file (two language runs, a card drawn by two workers) never share one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    temporary.replace(path)


def read_json_object(path: Path | str) -> dict:
    """The JSON object in ``path``; {} when it is missing, unreadable or not an object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class RunRecords:
    """What a plugin notes about each page a language run writes, run by run.

    Per run, `run(context)` gives ``(previous, current)``: ``current`` is filled
    page by page; ``previous`` is what the last run of the language noted, kept in
    the run's cache as ``name`` (which may hold `{lang}`): a page the incremental
    writer reused is that run's very file, so its note still holds. `save` (at
    `finalized`) keeps ``current`` for the next run and hands it to
    ``publish(output, lang, current)`` for the steps after the languages.
    """

    def __init__(self, name: str, publish):
        self.name = name
        self.publish = publish
        self.runs: dict[str, tuple[tuple[str, str], dict, dict]] = {}

    def path(self, cache: str, lang: str) -> str:
        return os.path.join(cache, self.name.format(lang=lang))

    def run(self, context: dict) -> tuple[dict, dict]:
        lang = context.get("LANG") or context.get("DEFAULT_LANG")
        where = (context["CACHE_PATH"], context["OUTPUT_PATH"])
        found = self.runs.get(lang)
        if found is None or found[0] != where:
            found = self.runs[lang] = (where, read_json_object(self.path(where[0], lang)), {})
        return found[1], found[2]

    def save(self) -> None:
        for lang, ((cache, output), _previous, current) in self.runs.items():
            write_atomic(self.path(cache, lang),
                         json.dumps(current, ensure_ascii=False, separators=(",", ":")))
            self.publish(output, lang, current)
        self.runs.clear()


_LAST_READ: list = []  # [(path, (size, mtime_ns, inode), bytes)]


def read_written(path: str) -> bytes:
    """The bytes of a page just written, read once for every `content_written`
    receiver that reads it (sitemap records, search marks): the last file read is
    kept while its size, modification time and inode stay the same."""
    info = os.stat(path)
    stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
    if _LAST_READ and _LAST_READ[0][0] == path and _LAST_READ[0][1] == stamp:
        return _LAST_READ[0][2]
    with open(path, "rb") as handle:
        data = handle.read()
    _LAST_READ[:] = [(path, stamp, data)]
    return data
