"""Translation status of content items: items missing a language, translations older
than their source.

"Older" compares `Modified:` (or `Date:`) and, when neither is written, the
date of the file's last commit. The content checks print it as notices; the
editor's `invoke report` prints it with the interface catalogues.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.utils import get_date

from i18n.reader import quick_date

from .sources import SourceFile, collect_sources


@dataclass(frozen=True)
class ItemStatus:
    kind: str
    slug: str
    files: dict  # lang -> label
    missing: tuple[str, ...]
    stale: tuple[str, ...]  # languages older than the default language's file


def _git_date(path: Path) -> datetime | None:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cI", "--", path.name],
                             cwd=path.parent, capture_output=True, text=True,
                             encoding="utf-8", check=False, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return datetime.fromisoformat(out) if out else None


def _parse(value: str | None, tz: ZoneInfo) -> datetime | None:
    """A written date, or None when it is missing or wrong (the checks report that)."""
    if not value:
        return None
    parsed = quick_date(value)  # the ISO dates editors write, as the reader reads them
    if parsed is None:
        try:
            parsed = get_date(value)
        except (ValueError, OverflowError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def changed_at(source: SourceFile, tz: ZoneInfo, use_git: bool = True) -> datetime | None:
    return (_parse(source.get("modified"), tz)
            or (_git_date(source.path) if use_git else None)
            or _parse(source.get("date"), tz))


def translation_status(content: Path, folders: list[str], languages: tuple[str, ...],
                       tz: ZoneInfo, *, use_git: bool = True,
                       sources: list[SourceFile] | None = None) -> list[ItemStatus]:
    """``sources``: files already read (by the content checks); else they are read here."""
    if sources is None:
        sources = collect_sources(content, folders)
    groups: dict[tuple[str, str], dict[str, SourceFile]] = defaultdict(dict)
    for source in sources:
        if source.kind not in folders:
            continue
        lang = source.get("lang") or source.lang or languages[0]
        groups[(source.kind, source.slug)][lang] = source
    statuses = []
    for (kind, slug), by_lang in sorted(groups.items()):
        missing = tuple(code for code in languages if code not in by_lang)
        stale = []
        source = by_lang.get(languages[0])
        if source is not None:
            origin = changed_at(source, tz, use_git)
            for code in languages[1:]:
                twin = by_lang.get(code)
                changed = changed_at(twin, tz, use_git) if twin is not None else None
                if origin and changed and changed < origin:
                    stale.append(code)
        statuses.append(ItemStatus(kind, slug, {k: v.label for k, v in by_lang.items()},
                                   missing, tuple(stale)))
    return statuses
