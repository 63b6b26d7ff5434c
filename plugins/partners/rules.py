"""The partners file's checks for the content checker (plugins/checks)."""

from __future__ import annotations

from collections.abc import Iterable

from common.slugs import source_label

from .model import FILE, load_partners


def partner_rules(_sources, ctx) -> Iterable:
    from checks.problems import Problem  # the checker is optional; only it calls this rule

    _, problems = load_partners(ctx.content_root, ctx.languages,
                                label=source_label(ctx.content_root / FILE))
    for problem in problems:
        yield Problem(problem.path, problem.line, problem.field, problem.message)


content_rules = (partner_rules,)
