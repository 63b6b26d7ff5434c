"""Activity checks for the content checker (plugins/checks), run once before any language run.

The activities folder itself (a target, a period, the two languages agreeing),
and what other items say of it: an event, course or news item names an
activity that exists (`Activity:`), and an event records its `Attendance:`
only once it has happened.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from events.model import EVENT_FIELDS, parse_event
from events.settings import EventsSettingsError, read_events_settings
from schema import SLUG_PATTERN

from .model import SHARED_FIELDS, parse_activity, parse_attendance

FOLDER = "activities"
FIELDS = {"title", "summary", "target", "start", "end", "status"}
REQUIRED = ("title", "target", "start", "end")
#: The activities folder for the checker: its fields (besides the common ones) and required ones.
content_kinds = {FOLDER: {"fields": FIELDS, "required": REQUIRED}}
_SLUG = re.compile(SLUG_PATTERN)


def _problem(*args, **kwargs):
    from checks.problems import Problem  # the checker is optional; only it calls these rules

    return Problem(*args, **kwargs)


def _lang(source, ctx) -> str:
    return source.get("lang") or source.lang or ctx.languages[0]


def activity_rules(sources, ctx) -> Iterable:
    parsed = defaultdict(list)
    for source in sources:
        if source.kind != FOLDER:
            continue
        info, problems = parse_activity({name: field.value
                                         for name, field in source.fields.items()})
        for problem in problems:
            if problem.message.startswith("missing"):
                continue  # the checker's required fields say it once
            yield _problem(source.label, source.line_of(problem.field), problem.field,
                           problem.message)
        if info is not None:
            parsed[source.stem].append((source, info))
    for versions in parsed.values():
        (first, first_info), *others = sorted(versions, key=lambda v: v[0].label)
        for other, info in others:
            for name in SHARED_FIELDS:
                if first_info.shared()[name] != info.shared()[name]:
                    yield _problem(other.label, other.line_of(name), name,
                                   f"{other.get(name)!r} here but {first.get(name)!r} in "
                                   f"{first.label}:{first.line_of(name)}; the two languages "
                                   "must agree, correct one of the two files")


def reference_rules(sources, ctx) -> Iterable:
    """`Activity:` names an activity file that is not a draft; twins name the same one
    and record the same attendance."""
    known = {source.stem for source in sources if source.kind == FOLDER
             and (source.get("status") or "published").strip().lower() != "draft"}
    twins = defaultdict(list)
    for source in sources:
        if source.kind == FOLDER:
            continue
        activity = source.get("activity")
        if activity is not None:
            activity = activity.strip()
            if not _SLUG.fullmatch(activity):
                yield _problem(source.label, source.line_of("activity"), "activity",
                               f"{activity!r} is not an activity's address; write the name "
                               "of its file in content/activities/ without the language, "
                               "e.g. business-meetings")
            elif activity not in known:
                yield _problem(source.label, source.line_of("activity"), "activity",
                               f"no activity {activity!r} (no file activities/{activity}"
                               ".<lang>.md); write the name of an existing activity (not a "
                               "draft) or remove the line")
        twins[(source.kind, source.slug)].append(source)
    for versions in twins.values():
        first, *others = sorted(versions, key=lambda s: s.label)
        for other in others:
            for name in ("activity", "attendance"):
                mine, theirs = other.get(name), first.get(name)
                if (mine or "").strip() != (theirs or "").strip():
                    yield _problem(other.label, other.line_of(name), name,
                                   f"{mine!r} here but {theirs!r} in {first.label}:"
                                   f"{first.line_of(name)}; the two languages must agree, "
                                   "correct one of the two files")


def attendance_rules(sources, ctx) -> Iterable:
    """`Attendance:` is a number of people, on an event that has started by "now"."""
    try:
        conf = read_events_settings(ctx.settings)
    except EventsSettingsError:
        return  # the events' rules say it
    for source in sources:
        text = source.get("attendance")
        if text is None:
            continue
        line = source.line_of("attendance")
        if source.kind not in conf.paths:
            continue  # not an event's field: the checker's field rules say so
        try:
            parse_attendance(text)
        except ValueError as exc:
            yield _problem(source.label, line, "attendance", str(exc))
            continue
        fields = {name: field.value for name, field in source.fields.items()
                  if name in EVENT_FIELDS}
        info, _problems = parse_event(fields, site_tz=conf.site_tz,
                                      default_duration=conf.default_duration)
        if info is None:
            continue  # the events' rules report it
        if info.first.start > conf.now:
            yield _problem(source.label, line, "attendance",
                           f"the event starts on {info.first.first_day}, after now "
                           f"({conf.now.astimezone(conf.site_tz):%Y-%m-%d %H:%M}); record "
                           "the attendance once it has happened, or remove the line")


content_rules = (activity_rules, reference_rules, attendance_rules)
