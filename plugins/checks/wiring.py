"""The checks run once, before any language run starts (a pre-build hook)."""

from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from i18n import language_run
from sitebuild.hooks import BuildContext, Hooks

from .runner import check_sources, report
from .translations import translation_status


def pre_build(context: BuildContext) -> bool:
    """Check content/; False stops the build before anything is written."""
    settings = dict(context.settings)
    problems, sources = check_sources(settings)
    errors, warnings = report(problems)
    print_translation_notices(settings, sources=sources)
    return errors == 0 and not (context.strict and warnings)


build_hooks = Hooks(pre_build=pre_build)


def print_translation_notices(settings: dict, stream=None, sources=None) -> int:
    """One line per missing or stale translation. Advisory: an item may exist in one
    language only, so these never fail a build, strict or not."""
    stream = stream or sys.stderr
    languages = language_run(settings).codes
    folders = [*settings.get("ARTICLE_PATHS", ()), *settings.get("PAGE_PATHS", ()),
               *settings.get("I18N_CONTENT_FOLDERS", ())]
    count = 0
    for item in translation_status(Path(settings["PATH"]), folders, languages,
                                   ZoneInfo(settings.get("TIMEZONE", "UTC")), use_git=False,
                                   sources=sources):
        have = next(iter(item.files.values()))
        for code in item.missing:
            print(f"warning: translation: {have}: no {code} version yet "
                  f"(add {item.kind}/{item.slug}.{code}.md)", file=stream)
            count += 1
        for code in item.stale:
            print(f"warning: translation: {item.files[code]}: older than "
                  f"{item.files[languages[0]]}; update it and its Modified: date", file=stream)
            count += 1
    return count


def register():
    """Nothing to wire into a Pelican run: the checks need every file at once."""
