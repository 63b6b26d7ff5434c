"""Run every rule over every source file and report all problems at once."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from i18n import language_run

from .problems import ERROR, Problem, summary
from .rules import BUILTIN_RULES, FIELDS, REQUIRED
from .sources import collect_sources


@dataclass
class CheckContext:
    content_root: Path
    languages: tuple[str, ...]
    settings: dict
    fields: dict[str, set] = field(default_factory=dict)
    required: dict[str, tuple] = field(default_factory=dict)
    reserved_page_slugs: set[str] = field(default_factory=set)


def _plugin_modules(settings: dict):
    for folder in settings.get("PLUGIN_PATHS") or ():
        if folder not in sys.path:
            sys.path.insert(0, folder)
    for name in settings.get("PLUGINS") or ():
        yield importlib.import_module(name) if isinstance(name, str) else name


def check_content(settings: dict) -> list[Problem]:
    """All problems of content/, sorted by file and line."""
    return check_sources(settings)[0]


def check_context(settings: dict) -> tuple[CheckContext, list[str], list]:
    """What the checks know of every content folder (its fields, its required ones),
    the folders to read and the rules to run: the built-in ones and the plugins'."""
    languages = language_run(settings).codes
    ctx = CheckContext(
        content_root=Path(settings["PATH"]),
        languages=languages,
        settings=settings,
        fields={k: set(v) | {f.lower() for f in settings.get("CONTENT_EXTRA_FIELDS", ())}
                for k, v in FIELDS.items()},
        required=dict(REQUIRED),
        reserved_page_slugs={"news", "events", "courses", "cards", "theme", "images",
                             "drafts", "search", "admin", *(code for code in languages)},
    )
    folders = [*settings.get("ARTICLE_PATHS", ["news"]), *settings.get("PAGE_PATHS", ["pages"])]
    rules = list(BUILTIN_RULES)
    # A plugin describes its own folder (fields, required ones) and adds its rules.
    for module in _plugin_modules(settings):
        for folder, spec in (getattr(module, "content_kinds", None) or {}).items():
            folders.append(folder)
            ctx.fields[folder] = set(spec.get("fields", ())) | {
                "title", "slug", "lang", "status", "summary", "template", "modified",
                "image", "image_alt", "date", "author", "authors", "category", "tags"}
            ctx.required[folder] = tuple(spec.get("required", ("title",)))
        rules += list(getattr(module, "content_rules", None) or ())
    return ctx, list(dict.fromkeys(folders)), rules


def check_sources(settings: dict) -> tuple[list[Problem], list]:
    """The problems and the source files read for them (reused by the translation notes)."""
    ctx, folders, rules = check_context(settings)
    sources = collect_sources(ctx.content_root, folders)
    problems = [problem for rule in rules for problem in rule(sources, ctx)]
    return sorted(set(problems)), sources


def report(problems: list[Problem], stream=None) -> tuple[int, int]:
    """Print every problem and the summary; returns (errors, warnings)."""
    stream = stream or sys.stderr
    for problem in problems:
        prefix = "" if problem.severity == ERROR else "warning: "
        print(f"{prefix}{problem}", file=stream)
    print(summary(problems), file=stream)
    errors = sum(p.severity == ERROR for p in problems)
    return errors, len(problems) - errors
