"""Translation status: items missing a language, translations older than their source.

"Older" compares `Modified:` (or `Date:`) and, when neither is written, the
date of the file's last commit.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po
from pelican.utils import get_date

from checks.sources import SourceFile, collect_sources
from i18n.reader import quick_date


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


def catalogue_status(theme: Path, languages: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Per language: total, untranslated and fuzzy interface messages."""
    result = {}
    for code in languages:
        path = theme / "translations" / code / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            result[code] = {"total": 0, "untranslated": 0, "fuzzy": 0, "missing_file": 1}
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        messages = [m for m in catalog if m.id]
        untranslated = sum(
            1 for m in messages
            if not (all(m.string) if isinstance(m.string, tuple) else m.string))
        result[code] = {"total": len(messages), "untranslated": untranslated,
                        "fuzzy": sum(1 for m in messages if m.fuzzy)}
    return result


def format_report(statuses: list[ItemStatus], catalogues: dict, languages) -> str:
    header = ["kind", "slug", *languages, "status"]
    rows = []
    for s in statuses:
        state = []
        if s.missing:
            state.append("missing " + ", ".join(s.missing))
        if s.stale:
            state.append("older than " + languages[0] + ": " + ", ".join(s.stale))
        rows.append([s.kind, s.slug, *("yes" if c in s.files else "-" for c in languages),
                     "; ".join(state) or "ok"])
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]
    lines.append("")
    lines.append("interface catalogues (theme/translations):")
    for code, counts in catalogues.items():
        lines.append(f"  {code}: {counts['total']} messages, {counts['untranslated']} "
                     f"untranslated, {counts['fuzzy']} fuzzy")
    todo = sum(1 for s in statuses if s.missing or s.stale)
    lines.append(f"{len(statuses)} items, {todo} need translation work")
    return "\n".join(lines)
