"""The checks run once, before any language run starts (see i18n.build)."""

from __future__ import annotations

from .runner import check_content, report


def pre_build(settings: dict, strict: bool) -> bool:
    """Check content/; False stops the build before anything is written."""
    errors, warnings = report(check_content(settings))
    return errors == 0 and not (strict and warnings)


def register():
    """Nothing to wire into a Pelican run: the checks need every file at once."""
