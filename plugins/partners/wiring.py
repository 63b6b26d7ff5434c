"""Signal wiring: the run's partners as `PARTNERS` for the templates (the footer)."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from i18n import language_run

from .model import load_partners


def add_partners(pelican) -> None:
    settings = pelican.settings
    languages = language_run(settings).codes
    # The checks ran before this run and stopped a build with a bad file.
    partners, _ = load_partners(Path(settings["PATH"]), languages)
    settings["PARTNERS"] = partners


def register():
    signals.initialized.connect(add_partners)
