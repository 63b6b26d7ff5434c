"""Signal wiring: the only module of this plugin that imports pelican.signals."""

from __future__ import annotations

from pelican import signals

from .generator import CoursesGenerator


class WiredCoursesGenerator(CoursesGenerator):
    """Courses read through the pages' context signal: the i18n plugin sets lang and slug."""

    metadata_signal = signals.page_generator_context


def get_generators(_pelican):
    return WiredCoursesGenerator


def link_sessions(generators):
    """Sessions come from the events generator, which may run before or after ours."""
    for generator in generators:
        if isinstance(generator, CoursesGenerator):
            generator.link_sessions()


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(link_sessions)
