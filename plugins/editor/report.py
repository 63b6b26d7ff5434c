"""`invoke report`: the translation status of every item (from the checks) and of the
interface catalogues."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from checks.translations import ItemStatus, translation_status

__all__ = ["ItemStatus", "catalogue_status", "format_report", "translation_status"]


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
