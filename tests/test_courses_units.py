"""The courses plugin's pure parts: fields, outline, HTML split, JSON-LD helpers, settings."""

from __future__ import annotations

import re
import textwrap
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

from courses.jsonld import _mode, iso_duration
from courses.model import disagreements, parse_course, parse_languages
from courses.outline import parse_outline
from courses.render import audience_groups, collation_key, split_syllabus
from courses.settings import CoursesSettingsError, read_courses_settings
from courses.sources import split_source

BODY = """\
Intro paragraph.

## Learning outcomes

- first outcome
- second outcome
  continued

## Modules

### 1. Basics

What it is.

- topic a
- topic b

### Practice

Two lines
of description.

* topic c

## Certificate

Everyone gets one.
"""


def lines(text: str) -> list[str]:
    return textwrap.dedent(text).splitlines()


def outline_problems(text: str, first: int = 1):
    return [(p.line, p.field, p.message) for p in parse_outline(lines(text), first)[1]]


def test_outline_of_a_good_body():
    outline, problems = parse_outline(lines(BODY), 10)
    assert problems == []
    assert outline.outcomes == ("first outcome", "second outcome continued")
    assert [m.title for m in outline.modules] == ["Basics", "Practice"]
    assert outline.modules[0].topics == ("topic a", "topic b")
    assert outline.modules[1].description == "Two lines of description."
    assert (outline.outcomes_line, outline.modules_line) == (12, 18)
    assert [m.line for m in outline.modules] == [20, 27]


def test_headings_in_either_language_and_setext():
    body = """
        Результати навчання
        -------------------

        - один

        ## Модулі:

        ### Перший

        Опис.

        - тема
        """
    outline, problems = parse_outline(lines(body))
    assert problems == []
    assert outline.outcomes == ("один",) and outline.modules[0].title == "Перший"


def test_no_outline_is_fine():
    outline, problems = parse_outline(["Just prose.", "", "## About", "", "Text."])
    assert problems == [] and outline.modules == () and outline.modules_line is None


@pytest.mark.parametrize(("body", "expected"), [
    ("## Modules\n\n### A\nText.\n- topic\n",
     (5, "modules", "leave an empty line between the description and the list")),
    ("## Modules\n\n### A\n\nText.\n\n- topic\n\nMore text.\n",
     (9, "modules", "text after the topics of module 'A'")),
    ("## Modules\n\n### A\n\nText.\n",
     (3, "modules", "module 'A' has no topics")),
    ("## Modules\n\n### A\n\n- topic\n",
     (3, "modules", "module 'A' has no description")),
    ("## Modules\n\nSome words.\n\n### A\n\nText.\n\n- t\n",
     (3, "modules", "text before the first module")),
    ("## Modules\n\n",
     (1, "modules", "the section has no modules")),
    ("## Modules\n\n### A\n\nText.\n\n- t\n    - nested\n",
     (8, "modules", "a nested list")),
    ("## Modules\n\n### A\n\nText.\n\n- t\n\n#### Deeper\n",
     (9, "modules", "`#### Deeper` is not a module")),
    ("# Modules\n",
     (1, "modules", "write the heading with two #")),
    ("### Learning outcomes\n\n- a\n",
     (1, "outcomes", "write the heading with two #")),
    ("## Learning outcomes\n\nParticipants can\ndo things.\n",
     (3, "outcomes", "text in the list of outcomes")),
    ("## Outcomes\n\n- a\n\n## Outcomes\n\n- b\n",
     (5, "outcomes", "a second `## Outcomes` section (the first is on line 1)")),
])
def test_malformed_outline_names_the_line(body, expected):
    found = outline_problems(body)
    assert found, body
    line, field, message = found[0]
    assert (line, field) == expected[:2], found
    assert expected[2] in message, found


def test_one_message_per_stray_paragraph():
    assert len(outline_problems("## Outcomes\n\nOne\ntwo\nthree\n")) == 1
    assert len(outline_problems("## Modules\n\n### A\n\nT.\n\n- t\n\nx\n\ny\n")) == 1


def test_code_and_comments_are_not_headings():
    body = "<!-- ## Modules -->\n\n```\n## Modules\n```\n"
    assert parse_outline(lines(body)) [1] == []
    assert parse_outline(lines(body))[0].modules_line is None


def test_fields_are_parsed_and_checked():
    fields = {"audience": "young people, IDPs, young people", "language": "Ukrainian and English",
              "format": "Змішаний", "duration_weeks": "6", "duration_hours": "36",
              "instructors": "Olena Koval; Ivan Petrenko", "registration": "team@example.org"}
    info, problems = parse_course(fields, lines(BODY))
    assert problems == []
    assert info.audience == ("young people", "IDPs")
    assert info.languages == ("uk", "en")
    assert info.format == "mixed" and (info.weeks, info.hours) == (6, 36)
    assert info.instructors == ("Olena Koval", "Ivan Petrenko")
    assert info.registration.href == "mailto:team@example.org"
    assert len(info.modules) == 2


@pytest.mark.parametrize(("fields", "field", "needle"), [
    ({"format": "sometimes"}, "format", "write one of: in person, online, mixed"),
    ({"language": "Klingonese"}, "language", "is not a language"),
    ({"duration_weeks": "six"}, "duration_weeks", "is not a whole number of weeks"),
    ({"duration_hours": "0"}, "duration_hours", "out of range"),
    ({"registration": "call us"}, "registration", "neither a web address nor an e-mail"),
])
def test_bad_fields(fields, field, needle):
    info, problems = parse_course(fields, [])
    assert info is None
    assert [p.field for p in problems] == [field]
    assert needle in problems[0].message and problems[0].line is None


def test_language_names_and_codes():
    assert parse_languages("uk") == ("uk",)
    assert parse_languages("англійська, українська") == ("en", "uk")
    assert parse_languages("English language") == ("en",)
    assert parse_languages("en/uk") == ("en", "uk")


def test_languages_disagree_on_structure_only():
    uk, _ = parse_course({"format": "очно", "duration_weeks": "6"}, lines(BODY))
    en, _ = parse_course({"format": "in person", "duration_weeks": "6", "level": "x"},
                         lines(BODY))
    assert disagreements(uk, en) == []
    short, _ = parse_course({"format": "online", "duration_weeks": "6"},
                            lines(BODY.split("### Practice", maxsplit=1)[0]))
    assert disagreements(uk, short) == ["format", "modules"]


def test_split_syllabus_keeps_prose_in_order():
    md = markdown.Markdown(extensions=["extra", "toc"], output_format="html5")
    html = md.convert(BODY)
    info, _ = parse_course({}, lines(BODY))
    syllabus = split_syllabus(html, info)
    assert [p.kind for p in syllabus.parts] == ["prose", "outcomes", "modules", "prose"]
    assert " ".join(syllabus.parts[1].items[1].split()) == "second outcome continued"
    basics, practice = syllabus.parts[2].items
    assert basics.title == "Basics" and basics.description == "<p>What it is.</p>"
    assert practice.topics == ("topic c",)
    assert syllabus.parts[3].html.startswith('<h2 id="certificate">Certificate</h2>')
    assert syllabus.lead == "Intro paragraph."


def test_split_syllabus_escapes_the_outline_when_html_differs():
    info, _ = parse_course({}, lines("## Outcomes\n\n- a <b>\n- c\n"))
    syllabus = split_syllabus("<h2>Outcomes</h2>\n<p>odd</p>", info)
    assert syllabus.parts[0].items == ("a &lt;b&gt;", "c")


class _Course:
    def __init__(self, title, audience):
        self.title, self.audience = title, audience


def test_audience_groups_largest_first_everyone_last():
    courses = [_Course("A", ("young people", "business")), _Course("B", ("Young people",)),
               _Course("C", ())]
    groups = audience_groups(courses)
    assert [(g.name, [c.title for c in g.courses]) for g in groups] == [
        ("Young people", ["A", "B"]), ("Business", ["A"]), (None, ["C"])]
    assert [g.anchor for g in groups] == ["audience-1", "audience-2", "audience-3"]


def test_ukrainian_collation():
    words = ["Їжак", "Іспит", "Ґанок", "Голос", "Єнот", "Ехо", "Web"]
    assert sorted(words, key=collation_key) == ["Web", "Голос", "Ґанок", "Ехо", "Єнот",
                                                 "Іспит", "Їжак"]


def test_iso_durations():
    assert iso_duration(timedelta(hours=1, minutes=30)) == "PT1H30M"
    assert iso_duration(timedelta(days=1)) == "P1D"


def test_a_course_instances_mode_from_the_courses_format_or_the_session():
    hall = SimpleNamespace(location="Vilna Khata", online_url="")
    call = SimpleNamespace(location="", online_url="https://meet.example.org/x")
    both = SimpleNamespace(location="Vilna Khata", online_url="https://meet.example.org/x")
    # The course's Format decides for every session ...
    assert {_mode("in_person", s) for s in (hall, call, both)} == {"onsite"}
    assert {_mode("online", s) for s in (hall, call, both)} == {"online"}
    # ... a mixed course's sessions say themselves how they are held.
    assert [_mode("mixed", s) for s in (hall, call, both)] == ["onsite", "online", "blended"]


def test_source_header_and_body_lines():
    source = split_source("Title: X\nAudience: a,\n    b\n\nBody\n")
    assert source.fields["audience"] == "a, b"
    assert source.line_of("audience") == 2 and source.line_of("missing") == 1
    assert (source.body, source.body_start) == (["", "Body"], 4)


BASE = {"TIMEZONE": "Europe/Kyiv", "PUBLIC_URL": "https://example.org", "PATH": "content",
        "LANGUAGES": {"uk": {"prefix": ""}, "en": {"prefix": "en/"}},
        "COURSE_URL": "en/courses/{slug}/", "COURSE_SAVE_AS": "en/courses/{slug}/index.html",
        "COURSE_LANG_URL": "{lang_prefix}courses/{slug}/", "LANG_PREFIX": "en/",
        "I18N_RUN_LANG": "en"}


def test_settings_defaults_get_the_language_prefix():
    conf = read_courses_settings(BASE)
    assert conf.urls["COURSES_URL"] == "en/courses/"
    assert conf.url("COURSE_ICS_SAVE_AS", slug="x") == "en/courses/x.ics"
    assert conf.uid_domain == "example.org" and conf.run_lang == "en"


@pytest.mark.parametrize(("override", "needle"), [
    ({"COURSE_ICS_URL": "courses/all.ics"}, "COURSE_ICS_URL: 'courses/all.ics' needs {slug}"),
    ({"COURSES_URL": "courses/{year}/"}, "COURSES_URL:"),
    ({"COURSE_URL": None}, "COURSE_URL: missing"),
    ({"COURSE_LANG_URL": None}, "I18N_CONTENT_KINDS: 'COURSE' is missing"),
    ({"COURSE_PATHS": "courses"}, "COURSE_PATHS:"),
])
def test_settings_errors_name_the_key(override, needle):
    settings = {k: v for k, v in {**BASE, **override}.items() if v is not None}
    with pytest.raises(CoursesSettingsError, match=needle.replace("{", r"\{").replace("(", r"\(")):
        read_courses_settings(settings)


def test_the_field_reference_examples_are_valid_and_agree():
    fields = Path(__file__).resolve().parent.parent / "docs" / "fields.md"
    # The section up to the next kind's (its examples hold `## ` headings of their own).
    section = re.split(r"\n## (?:Planned activities|Pages)\n",
                       fields.read_text(encoding="utf-8").split("\n## Courses\n", 1)[1])[0]
    blocks = re.findall(r"```markdown\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    infos = []
    for block in blocks:
        source = split_source(block)
        info, problems = parse_course(source.fields, source.body, source.body_start)
        assert problems == [], problems
        assert len(info.outcomes) == 2 and len(info.modules) == 2
        infos.append(info)
    assert disagreements(*infos) == []
