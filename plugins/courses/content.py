"""The course content type: a Pelican Page whose course fields are parsed by model.py."""

from __future__ import annotations

from pelican.contents import Page

from .model import COURSE_FIELDS, CourseInfo
from .render import Syllabus, split_syllabus


class Course(Page):
    """A course read from content/courses/<slug>.<lang>.md.

    The course fields are taken out of the metadata before Pelican sees them
    and kept, as written, in `fields`; after validation the generator calls
    `attach`, which sets the parsed values. The cards plugin names a card's
    kind after the class, so every course gets a `course` card.
    """

    default_template = "course"
    mandatory_properties = ("title",)

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        metadata = dict(metadata or {})
        self.fields = {name: metadata.pop(name) for name in COURSE_FIELDS if name in metadata}
        self.info: CourseInfo | None = None
        self.upcoming: list = []  # events.generator.Entry, soonest first (set by the generator)
        self.past: list = []  # events.generator.Entry, latest first
        self.ics_url = ""
        self.webcal_url = ""
        self._syllabus: tuple[str, Syllabus] | None = None
        super().__init__(content, metadata, settings, source_path, context)

    def attach(self, info: CourseInfo) -> None:
        """Parsed values as attributes, for templates and other plugins."""
        self.info = info
        self.audience = info.audience
        self.level = info.level
        self.languages = info.languages
        self.format = info.format
        self.weeks = info.weeks
        self.hours = info.hours
        self.instructors = info.instructors
        self.prerequisites = info.prerequisites
        self.registration = info.registration
        self.outcomes = info.outcomes
        self.modules = info.modules

    @property
    def sessions(self) -> list:
        """Every session, earliest first."""
        return [*reversed(self.past), *self.upcoming]

    @property
    def next_session(self):
        return self.upcoming[0] if self.upcoming else None

    def syllabus(self) -> Syllabus:
        """The rendered body in its parts (prose, outcomes, modules), in the order written.

        Called while the page is written: Pelican resolves {filename} links in
        `content` relative to the page being written, so it is split then.
        """
        html = self.content
        if self._syllabus is None or self._syllabus[0] != html:
            self._syllabus = (html, split_syllabus(html, self.info))
        return self._syllabus[1]
