"""The courses Generator: reads every course, checks it, writes the run language's pages.

Each language run reads the courses of both languages (twins are linked by
slug and must agree on their structure) but writes only its own: a syllabus
page and a calendar per course, and the catalogue. A course's sessions are the
events whose `Course:` names it; they are taken from the events plugin's
context once every generator has read its content (`link_sessions`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from babel import Locale
from contenttype import ContentTypeGenerator

from common.sanitize import clean_text
from common.slugs import split_source_name
from events.display import EventFormatter
from events.generator import Entry, write_calendar

from .content import Course
from .jsonld import course_data
from .model import check_slug, disagreements, parse_course, shown
from .render import audience_groups, collation_key
from .settings import CoursesSettingsError, read_courses_settings
from .sources import read_source

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CourseLink:
    """Where an event's course page is (event.course_link, for the event's template)."""

    slug: str
    title: str
    url: str
    lang: str


class CoursesGenerator(ContentTypeGenerator):
    """Syllabus pages, course calendars and the catalogue of one language."""

    content_class = Course
    name = "courses"
    noun = "course"

    def __init__(self, *args, **kwargs):
        self.conf = None
        self.courses: list[Course] = []  # this run's language, listed, by title
        self.hidden_courses: list[Course] = []  # this run's language, written, not listed
        self.all_courses: list[Course] = []  # every language, valid, not drafts
        self.calendars: dict = {}  # the run's calendar components (see write_calendar)
        super().__init__(*args, **kwargs)

    # -- what a course is ---------------------------------------------------

    def parse(self, item: Course):
        raw = read_source(item.source_path)
        info, problems = parse_course(item.fields, raw.body, raw.body_start)
        stem = split_source_name(item.source_path)[0]
        return info, problems + check_slug(item.slug, stem, raw.fields.get("slug"))

    def disagreements(self, first: Course, other: Course) -> list[str]:
        """Its structure: format, length, languages, the number of modules."""
        return disagreements(first.info, other.info)

    def keeps(self, item: Course) -> bool:
        return getattr(item, "status", "published") != "draft"

    def line_of(self, item: Course, name: str) -> int:
        if name == "modules" and item.info is not None:
            return item.info.modules_line or 1
        return read_source(item.source_path).line_of(name)

    def shown(self, item: Course, name: str) -> str:
        return shown(item.info, name, read_source(item.source_path).fields.get(name))

    # -- context --------------------------------------------------------------

    def generate_context(self):
        try:
            self.conf = read_courses_settings(self.settings)
        except CoursesSettingsError as exc:
            logger.error("courses: %s", exc)
            self.conf = None
            return
        conf = self.conf
        self.formatter = EventFormatter(conf.run_lang, conf.date_pattern, conf.site_tz)
        valid = self.read_valid()
        self.all_courses = valid
        own = sorted((c for c in valid if c.lang == conf.run_lang),
                     key=lambda c: (collation_key(str(c.title)), c.slug))
        for course in own:
            course.ics_url = conf.url("COURSE_ICS_URL", slug=course.slug)
            public = conf.absolute(course.ics_url)
            # webcal:// makes calendar apps subscribe (and see new sessions) instead of
            # importing the file once.
            course.webcal_url = "webcal://" + public.split("://", 1)[1] if public else ""
        self.courses = [c for c in own if getattr(c, "status", "published") != "hidden"]
        self.hidden_courses = [c for c in own if c not in self.courses]
        for key, value in conf.urls.items():
            self.context.setdefault(key, value)
        self.context["courses"] = self.courses
        names = Locale.parse(conf.run_lang).languages
        self.env.filters.update({
            "language_names": lambda codes: _capitalized(
                ", ".join(names.get(code, code) for code in codes)),
            "course_json_ld": self._json_ld,
        })

    def link_sessions(self) -> None:
        """Each course's sessions from the events plugin's lists, split at its "now",
        and each event's link to its course.

        Runs after every generator has read its content (all_generators_finalized),
        whatever order the generators came in.
        """
        if self.conf is None:
            return
        now = self.conf.now
        upcoming = self.context.get("upcoming_events") or []  # soonest first
        past = self.context.get("past_events") or []  # latest first
        by_course: dict[str, tuple[list, list]] = {}
        for event in upcoming:
            occurrence = next((o for o in event.occurrences if o.end > now), event.info.last)
            by_course.setdefault(event.course, ([], []))[0].append(
                Entry(event, occurrence, self.formatter.when(occurrence)))
        for event in past:
            occurrence = event.info.last
            by_course.setdefault(event.course, ([], []))[1].append(
                Entry(event, occurrence, self.formatter.when(occurrence)))
        for course in (*self.courses, *self.hidden_courses):
            course.upcoming, course.past = by_course.get(course.slug, ([], []))
        # The course page in the run's language, else in the first language that has it.
        order = [self.conf.run_lang, *self.conf.codes]
        pages = {}
        for course in sorted(self.all_courses, key=lambda c: order.index(c.lang)):
            pages.setdefault(course.slug, course)
        for event in self.context.get("events") or []:
            course = pages.get(event.course)
            if course is not None:
                event.course_link = CourseLink(course.slug, str(course.title), course.url,
                                               course.lang)

    def _json_ld(self, course: Course) -> dict:
        conf = self.conf
        card = getattr(course, "card_absolute_url", None)
        syllabus = course.syllabus()
        description = clean_text(course.summary if "summary" in course.metadata
                                 else syllabus.lead)
        return course_data(
            course, syllabus=syllabus, description=description,
            url=conf.absolute(course.url),
            provider={"@type": "Organization", "name": self.settings.get("SITENAME", ""),
                      "url": conf.absolute(conf.lang_prefix)},
            site_tz=conf.site_tz, absolute=conf.absolute, image=card)

    def refresh_metadata_intersite_links(self):
        for course in self.all_courses:
            course.refresh_metadata_intersite_links()

    # -- output ---------------------------------------------------------------

    def generate_output(self, writer):
        if self.conf is None:
            return
        conf = self.conf
        write = partial(writer.write_file, context=self.context,
                        relative_urls=self.settings["RELATIVE_URLS"])
        for course in (*self.courses, *self.hidden_courses):
            write(name=course.save_as, template=self.get_template(course.template),
                  course=course, url=course.url,
                  override_output=hasattr(course, "override_save_as"))
            events = [entry.event for entry in course.sessions]
            if events:
                # RFC 5545 wants at least one component: no sessions, no calendar file.
                write_calendar(write, conf, self.calendars,
                               conf.url("COURSE_ICS_SAVE_AS", slug=course.slug), events,
                               calendar_id=f"course-{course.slug}-{conf.run_lang}",
                               name=str(course.title), url=course.url)
        write(name=conf.urls["COURSES_SAVE_AS"], template=self.get_template("courses"),
              url=conf.urls["COURSES_URL"], audience_groups=audience_groups(self.courses))


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]

