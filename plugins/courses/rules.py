"""Course checks for the content checker (plugins/checks), run once before any language run.

The same validation as the generator (model.parse_course) over the courses
folder, with the checker's line numbers, and a comparison of the languages of
each course, so every problem is reported once, with both files named for a
mismatch, before anything is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from events.rules import disagreeing_twins
from schema import KINDS, SLUG_PATTERN

from .model import COURSE_FIELDS, check_slug, disagreements, parse_course, shown
from .settings import DEFAULT_PATHS

SLUG = re.compile(SLUG_PATTERN)

#: The courses folder for the checker: its fields (besides the common ones) and required ones.
content_kinds = {folder: {"fields": KINDS["courses"].names(),
                          "required": KINDS["courses"].required()} for folder in DEFAULT_PATHS}


def _problem(*args, **kwargs):
    from checks.problems import Problem  # the checker is optional; only it calls these rules

    return Problem(*args, **kwargs)


def _line(source, info, name: str) -> int:
    if name == "modules":
        return info.modules_line or 1
    return source.line_of(name)


def course_rules(sources, ctx) -> Iterable:
    paths = tuple(ctx.settings.get("COURSE_PATHS", DEFAULT_PATHS))
    parsed = defaultdict(list)
    for source in sources:
        if source.kind not in paths:
            continue
        fields = {name: field.value for name, field in source.fields.items()
                  if name in COURSE_FIELDS}
        info, problems = parse_course(fields, source.body, source.body_start)
        problems += check_slug(source.slug, source.stem, source.get("slug"))
        for problem in problems:
            yield _problem(source.label, problem.line or source.line_of(problem.field),
                           problem.field, problem.message)
        lang = source.get("lang") or source.lang
        if info is not None and lang in ctx.languages:
            parsed[source.slug].append((ctx.languages.index(lang), source, info))
    for first, first_info, other, info, name in disagreeing_twins(parsed, disagreements):
        yield _problem(
            first.label, _line(first, first_info, name), name,
            f"{shown(first_info, name, first.get(name))} here but "
            f"{shown(info, name, other.get(name))} in "
            f"{other.label}:{_line(other, info, name)}; the two languages must "
            "agree, correct one of the two files")


def session_rules(sources, ctx) -> Iterable:
    """An event's `Course:` names a course that is written: a file of that slug in
    the courses folder, not a draft."""
    paths = tuple(ctx.settings.get("COURSE_PATHS", DEFAULT_PATHS))
    event_paths = tuple(ctx.settings.get("EVENT_PATHS", ("events",)))
    known = {source.slug for source in sources if source.kind in paths
             and (source.get("status") or "published").strip().lower() != "draft"}
    for source in sources:
        course = (source.get("course") or "").strip()
        if source.kind in event_paths and SLUG.fullmatch(course) and course not in known:
            yield _problem(source.label, source.line_of("course"), "course",
                           f"no course {course!r} (no file courses/{course}.<lang>.md); "
                           "write the slug of an existing course (not a draft) or remove "
                           "the line")


content_rules = (course_rules, session_rules)
