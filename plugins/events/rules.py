"""Event checks for the content checker (plugins/checks), run once before any language run.

The checker reads every source file with line numbers; these rules run the
same validation as the generator (model.parse_event) over the events folder,
and compare the languages of each event, so every problem is reported once,
with both files named for a mismatch, before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from schema import KINDS

from .model import EVENT_FIELDS, disagreements, parse_event
from .settings import DEFAULT_PATHS, EventsSettingsError, read_events_settings

#: The events folder for the checker: its fields (besides the common ones) and required ones.
content_kinds = {folder: {"fields": KINDS["events"].names(),
                         "required": KINDS["events"].required()} for folder in DEFAULT_PATHS}


def _problem(*args, **kwargs):
    from checks.problems import Problem  # the checker is optional; only it calls these rules

    return Problem(*args, **kwargs)


def disagreeing_twins(parsed: dict, disagreements):
    """(first, its info, other, its info, field) for every field on which a later
    language's version differs from the first language's.

    ``parsed`` maps a slug to (language index, source, parsed info) tuples.
    """
    for versions in parsed.values():
        versions.sort(key=lambda version: version[0])
        _, first, first_info = versions[0]
        for _, other, info in versions[1:]:
            for name in disagreements(first_info, info):
                yield first, first_info, other, info, name


def event_rules(sources, ctx) -> Iterable:
    try:
        conf = read_events_settings(ctx.settings)
    except EventsSettingsError as exc:
        yield _problem("pelicanconf.py", 1, "settings", f"{exc}")
        return
    parsed = defaultdict(list)
    for source in sources:
        if source.kind not in conf.paths:
            continue
        fields = {name: field.value for name, field in source.fields.items()
                  if name in EVENT_FIELDS}
        if not fields.get("start"):
            fields.pop("start", None)  # reported once, by the checker's required fields
        info, problems = parse_event(
            fields, site_tz=conf.site_tz, default_duration=conf.default_duration,
            slug=source.slug)
        for problem in problems:
            if problem.field == "start" and "start" not in fields:
                continue
            yield _problem(source.label, source.line_of(problem.field), problem.field,
                           problem.message)
        lang = source.get("lang") or source.lang
        if info is not None and lang in ctx.languages:
            parsed[source.slug].append((ctx.languages.index(lang), source, info))
    for first, _first_info, other, _info, name in disagreeing_twins(parsed, disagreements):
        yield _problem(
            first.label, first.line_of(name), name,
            f"{_shown(first.get(name))} here but {_shown(other.get(name))} in "
            f"{other.label}:{other.line_of(name)}; the two languages must agree, "
            "correct one of the two files")


def _shown(value: str | None) -> str:
    return repr(value) if value is not None else "(not written)"


content_rules = (event_rules,)
