#!/usr/bin/env python3
"""A failed check, readable by an editor: the job's summary page, in Ukrainian and English.

The build prints each problem of a content file as `path:line: field: message`
(plugins/checks/problems.py), the translation notes as `warning: translation: path:
...`, and `.ci/sitecheck.py` prints the built site's as `site: page: problem`. This
turns such a log into Markdown: one row per problem with the file, the field (its
name in the admin, from plugins/schema) and the fix.

    python3 .ci/summary.py build.log sitecheck.log >> "$GITHUB_STEP_SUMMARY"
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

#: `content/news/a.uk.md:3: date: write 2017-04-07`, maybe after `warning: `.
_PROBLEM = re.compile(r"^(?P<warning>warning: )?(?P<path>[^\s:][^:]*?):(?P<line>\d+): "
                      r"(?P<field>[\w-]+): (?P<message>.+)$")
_TRANSLATION = re.compile(r"^warning: translation: (?P<path>[^:]+): (?P<message>.+)$")
_SITE = re.compile(r"^site: (?P<path>[^:]+): (?P<message>.+)$")
#: A Nu Html Checker error as tests/test_quality.py reports it: `file:.../output/page:12: ...`.
_HTML = re.compile(r"^E?\s*file:\S*?/output/(?P<path>[^:]+):(?P<line>\d+): (?P<message>.+)$")
_FAILED = re.compile(r"^(build FAILED|FAILED |ERROR|CRITICAL|Error:)", re.IGNORECASE)
#: Cells of a Markdown table hold no `|` or line break.
_CELL = str.maketrans({"|": "\\|", "\n": " "})


@dataclass(frozen=True)
class Row:
    path: str
    line: int
    field: str
    message: str
    warning: bool = False


def parse(text: str) -> tuple[list[Row], list[str]]:
    """The problems a log names, in order and without repeats, and its other failure
    lines (`build FAILED: ...`, an ERROR of Pelican)."""
    rows: list[Row] = []
    other: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"^\S+Z ", "", raw.rstrip())  # a timestamp of the Actions log
        if found := _TRANSLATION.match(line):
            row = Row(found["path"], 0, "translation", found["message"], True)
        elif found := _HTML.match(line):
            row = Row(found["path"], int(found["line"]), "html", found["message"])
        elif found := _SITE.match(line):
            row = Row(found["path"], 0, "site", found["message"])
        elif (found := _PROBLEM.match(line)) and not found["path"].startswith(("http", "/")):
            row = Row(found["path"], int(found["line"]), found["field"].lower(),
                      found["message"], bool(found["warning"]))
        else:
            if _FAILED.match(line) and line not in other:
                other.append(line)
            continue
        if row not in rows:
            rows.append(row)
    return rows, other


def field_labels(path: str, field: str) -> tuple[str, str, str]:
    """The field's name in the admin, Ukrainian and English, and its Ukrainian hint."""
    special = {
        "translation": ("Переклад", "Translation", "Додайте файл другою мовою або оновіть "
                        "його разом із полем «Змінено»."),
        "site": ("Посилання чи файл на сайті", "Link or file of the site",
                 "Виправте посилання у файлі, з якого зроблено цю сторінку."),
        "html": ("HTML сторінки", "The page's HTML", "Найчастіше це HTML, вписаний у "
                 "текст: приберіть його або напишіть той самий текст Markdown-ом."),
        "metadata": ("Заголовок файлу", "File header", "Кожен рядок заголовка — "
                     "`Назва: значення`; після заголовка — порожній рядок."),
    }
    if field in special:
        return special[field]
    try:
        from schema import KINDS
    except ImportError:  # the summary still works without the project's code
        return field, field, ""
    for part in Path(path).parts:
        kind = KINDS.get(part)
        if kind and field in kind.names():
            spec = kind.field(field)
            return spec.label, spec.label_en, spec.pattern_message or spec.hint
    return field, field, ""


def markdown(rows: list[Row], other: list[str], *, run_url: str = "") -> str:
    """The summary page: what to fix, in Ukrainian, then in English."""
    errors = [r for r in rows if not r.warning]
    out = []
    if not rows and not other:
        out += ["## ✅ Перевірки пройдено / Checks passed", "",
                "Сайт зібрано й перевірено. / The site was built and checked."]
        return "\n".join(out) + "\n"
    out += ["## ❌ Зміни не опубліковано / The change did not go live", "",
            f"Знайдено проблем: {len(errors)}, попереджень: {len(rows) - len(errors)}. "
            "Виправте їх в адмінці (або у файлі) і збережіть знову: сайт оновиться сам. "
            "Живий сайт лишився таким, як був.", "",
            f"Problems found: {len(errors)}, warnings: {len(rows) - len(errors)}. Fix them in "
            "the admin (or in the file) and save again: the site updates by itself. The live "
            "site stays as it was.", ""]
    if rows:
        out += ["| Файл / File | Рядок / Line | Поле / Field | Як виправити / How to fix |",
                "| --- | --- | --- | --- |"]
        for row in rows:
            uk, en, hint = field_labels(row.path, row.field)
            label = uk if uk == en else f"{uk} / {en}"
            if row.field not in ("translation", "site", "metadata", "html") and uk != row.field:
                label += f" (`{row.field.capitalize()}:`)"
            fix = row.message + (f"<br>🇺🇦 {hint}" if hint else "")
            kind = "⚠️ " if row.warning else ""
            cells = (f"`{row.path}`", str(row.line or ""), kind + label, fix)
            out.append("| " + " | ".join(c.translate(_CELL) for c in cells) + " |")
        out.append("")
    if other:
        out += ["**Інші повідомлення / Other messages:**", "", "```",
                *other[:20], "```", ""]
    if run_url:
        out += [f"Повний журнал / The full log: {run_url}", ""]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    import os

    argv = list(sys.argv[1:] if argv is None else argv)
    text = "\n".join(Path(name).read_text(encoding="utf-8", errors="replace")
                     for name in argv if Path(name).is_file())
    rows, other = parse(text)
    run_url = ""
    if os.environ.get("GITHUB_RUN_ID"):
        run_url = (f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/"
                   f"{os.environ.get('GITHUB_REPOSITORY', '')}/actions/runs/"
                   f"{os.environ['GITHUB_RUN_ID']}")
    sys.stdout.write(markdown(rows, other, run_url=run_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
