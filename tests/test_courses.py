"""The courses plugin on a fixture site: syllabus pages, catalogue, calendars, JSON-LD, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from icalendar import Calendar

from common.serve import serving
from conftest import ROOT, build_into, require_tool, run_vnu, write_files
from htmltools import foreign_scripts, parse, resolve

NOW = "2017-05-01T12:00:00+03:00"
PUBLIC = "https://kip.example.org"
DOMAIN = "kip.example.org"
OVERRIDES = {"EVENTS_NOW": NOW, "PUBLIC_URL": PUBLIC}
SLUG = "social-entrepreneurship"

COURSE_EN = """
    Title: Social entrepreneurship
    Summary: From a social problem to an enterprise that solves it.
    Audience: young people, officials and business
    Level: beginners
    Language: Ukrainian
    Format: mixed
    Duration_weeks: 6
    Duration_hours: 36
    Instructors: Olena Koval, Ivan Petrenko
    Prerequisites: none
    Registration: https://forms.example.org/se?a=1&b=2

    A programme for people who want to solve a social problem with a business.

    ## Learning outcomes

    - Describe a social problem and the people it affects.
    - Draw up a business model.
    - Present the idea in three minutes.

    ## Modules

    ### 1. What it is

    The idea, and [who we are]({filename}/pages/about.en.md).

    - social enterprise and charity
    - examples

    ### From a problem to an idea

    Seeing the problem through the eyes of the people it affects.

    - interviews
    - the idea in one sentence

    ### Business model

    How the enterprise earns money.

    - customers
    - income and costs

    ## Certificate

    Everyone who attends four sessions gets one.
    """

COURSE_UK = """
    Title: Соціальне підприємництво
    Summary: Від соціальної проблеми до підприємства, яке її розв'язує.
    Audience: молодь, посадовці та бізнес
    Level: початковий
    Language: українська
    Format: змішаний
    Duration_weeks: 6
    Duration_hours: 36
    Instructors: Олена Коваль, Іван Петренко
    Prerequisites: немає
    Registration: https://forms.example.org/se?a=1&b=2

    Програма для тих, хто хоче розв'язати соціальну проблему бізнесом.

    ## Результати навчання

    - Описати соціальну проблему і людей, яких вона стосується.
    - Скласти бізнес-модель.
    - Представити ідею за три хвилини.

    ## Модулі

    ### 1. Що це таке

    Ідея, і [хто ми]({filename}/pages/about.uk.md).

    - соціальне підприємство і благодійність
    - приклади

    ### Від проблеми до ідеї

    Дивимося на проблему очима людей, яких вона стосується.

    - інтерв'ю
    - ідея одним реченням

    ### Бізнес-модель

    Як підприємство заробляє.

    - клієнти
    - доходи і витрати

    ## Сертифікат

    Кожен, хто відвідав чотири заняття, отримує сертифікат.
    """


def _event(title: str, when: str, course: str | None = SLUG, place: str = "Location: Vilna Khata",
           extra: str = "") -> str:
    lines = [f"Title: {title}", *when.split("|"), place]
    if course:
        lines.append(f"Course: {course}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n\nText.\n"


EVENTS = {
    # Past: before NOW.
    "intro": ("Вступ", "Introduction", "Start: 2017-04-10 10:00|End: 2017-04-10 13:00", {}),
    # A weekly series across NOW: 25 April (past), 2, 9 and 16 May.
    "weekly": ("Щотижневі заняття", "Weekly classes",
               "Start: 2017-04-25 18:00|End: 2017-04-25 19:30", {
                   "extra": "Recurrence: FREQ=WEEKLY;BYDAY=TU;COUNT=4"}),
    # Online only.
    "webinar": ("Вебінар", "Webinar", "Start: 2017-05-15 11:00|End: 2017-05-15 12:30",
                {"place": "Online_url: https://meet.example.org/se"}),
    # All day, several days.
    "school": ("Школа", "School", "Start: 2017-06-05|End: 2017-06-09", {}),
    # Not a session of any course.
    "fair": ("Ярмарок", "Fair", "Start: 2017-05-20 12:00", {"course": None}),
}
SESSIONS = ("intro", "weekly", "webinar", "school")

FILES = {
    f"courses/{SLUG}.en.md": COURSE_EN,
    f"courses/{SLUG}.uk.md": COURSE_UK,
    # A course without sessions, with only the required field and an outline-free body.
    "courses/english.en.md": """
        Title: English for work
        Audience: young people
        Format: online
        Language: English

        Twelve evening classes.
        """,
    "courses/english.uk.md": """
        Title: Англійська для роботи
        Audience: молодь
        Format: онлайн
        Language: англійська

        Дванадцять вечірніх занять.
        """,
    # Written, but not in the catalogue.
    "courses/pilot.en.md": "Title: Pilot\nStatus: hidden\n\nA trial run.\n",
    "pages/about.uk.md": "Title: Про нас\n\nСторінка.\n",
    "pages/about.en.md": "Title: About\n\nPage.\n",
}
for slug, (uk, en, when, options) in EVENTS.items():
    FILES[f"events/{slug}.uk.md"] = _event(uk, when, **options)
    FILES[f"events/{slug}.en.md"] = _event(en, when, **options)


@pytest.fixture(scope="module")
def courses_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("courses")
    content = write_files(root / "content", FILES)
    out = root / "output"
    assert build_into(out, content, overrides=OVERRIDES) == 0
    return out


def syllabus(out: Path, lang: str = "en", slug: str = SLUG) -> Path:
    prefix = out / "en" if lang == "en" else out
    return prefix / "courses" / slug / "index.html"


def _texts(elements) -> list[str]:
    return [" ".join(e.text_content().split()) for e in elements]


def _json_ld(path: Path, kind: str) -> dict:
    scripts = parse(path).xpath("//script[@type='application/ld+json']/text()")
    found = [json.loads(s) for s in scripts]
    (data,) = [d for d in found if d.get("@type") == kind]
    return data


# -- syllabus pages ------------------------------------------------------------


def test_syllabus_shows_every_field_in_both_languages(courses_site):
    en = parse(syllabus(courses_site, "en"))
    facts = dict(zip(_texts(en.xpath("//dl[@class='facts']/dt")),
                     _texts(en.xpath("//dl[@class='facts']/dd")), strict=True))
    assert facts == {
        "Audience": "young people, officials and business",
        "Level": "beginners",
        "Language of instruction": "Ukrainian",
        "Format": "In person and online",
        "Duration": "6 weeks, 36 hours",
        "Instructors": "Olena Koval, Ivan Petrenko",
        "Prerequisites": "none",
        "Registration": "Register",
    }
    assert en.xpath("string(//h1)") == "Social entrepreneurship"
    assert en.xpath("//dd/a[@class='button']/@href") == ["https://forms.example.org/se?a=1&b=2"]
    uk = parse(syllabus(courses_site, "uk"))
    facts = dict(zip(_texts(uk.xpath("//dl[@class='facts']/dt")),
                     _texts(uk.xpath("//dl[@class='facts']/dd")), strict=True))
    assert facts["Мова навчання"] == "Українська"
    assert facts["Тривалість"] == "6 тижнів, 36 годин"
    assert facts["Формат"] == "Очно й онлайн"
    assert facts["Викладачі"] == "Олена Коваль, Іван Петренко"
    assert uk.xpath("string(//html/@lang)") == "uk" and en.xpath("string(//html/@lang)") == "en"


def test_outcomes_and_modules_in_order(courses_site):
    page = syllabus(courses_site, "en")
    doc = parse(page)
    assert doc.xpath("string(//section[@aria-labelledby='outcomes']/h2)") == "Learning outcomes"
    assert _texts(doc.xpath("//ul[@class='outcomes']/li")) == [
        "Describe a social problem and the people it affects.", "Draw up a business model.",
        "Present the idea in three minutes."]
    modules = doc.xpath("//ol[@class='modules']/li[@class='module']")
    assert _texts([m.xpath("h3")[0] for m in modules]) == [
        "What it is", "From a problem to an idea", "Business model"]  # "1." is the list's
    assert _texts(modules[1].xpath("ul/li")) == ["interviews", "the idea in one sentence"]
    assert _texts(modules[2].xpath("p")) == ["How the enterprise earns money."]
    # A {filename} link inside a module resolves from the page it is written on.
    link = modules[0].xpath(".//p/a")[0]
    assert resolve(courses_site, page, link.get("href")) == courses_site / "en/about/index.html"
    # The prose stays, in the order written: the intro first, the certificate after the modules.
    headings = _texts(doc.xpath("//article//h2"))
    assert headings[:3] == ["Learning outcomes", "Modules", "Certificate"]
    assert doc.xpath("string(//dl[@class='facts']/following-sibling::p[1])").startswith(
        "A programme for people")
    uk = parse(syllabus(courses_site, "uk"))
    assert _texts(uk.xpath("//article//h2"))[:3] == [
        "Результати навчання", "Модулі", "Сертифікат"]
    assert _texts(uk.xpath("//ol[@class='modules']/li/h3")) == [
        "Що це таке", "Від проблеми до ідеї", "Бізнес-модель"]


def _sessions(doc, section):
    return [(" ".join(li.xpath("string(a)").split()), li.xpath("string(.//time[1]/@datetime)"))
            for li in doc.xpath(f"//section[@aria-labelledby='{section}']//li")]


def test_sessions_are_split_at_now(courses_site):
    en = parse(syllabus(courses_site, "en"))
    assert _sessions(en, "upcoming-sessions") == [
        ("Weekly classes", "2017-05-02T18:00:00+03:00"),  # the next of the series
        ("Webinar", "2017-05-15T11:00:00+03:00"),
        ("School", "2017-06-05")]
    assert _sessions(en, "past-sessions") == [("Introduction", "2017-04-10T10:00:00+03:00")]
    assert "4 sessions" in en.xpath("string(//section[@aria-labelledby='upcoming-sessions'])")
    uk = parse(syllabus(courses_site, "uk"))
    assert [t for t, _ in _sessions(uk, "upcoming-sessions")] == [
        "Щотижневі заняття", "Вебінар", "Школа"]
    assert "4 зустрічі" in uk.xpath("string(//section[@aria-labelledby='upcoming-sessions'])")
    page = syllabus(courses_site, "en")
    href = en.xpath("//section[@aria-labelledby='past-sessions']//a/@href")[0]
    assert resolve(courses_site, page, href) == courses_site / "en/events/intro/index.html"


def test_course_without_sessions(courses_site):
    doc = parse(syllabus(courses_site, "en", "english"))
    assert doc.xpath("string(//section[@aria-labelledby='upcoming-sessions']/p)") == \
        "No upcoming sessions yet."
    assert not doc.xpath("//section[@aria-labelledby='past-sessions']")
    assert not doc.xpath("//p[@class='subscribe']")
    assert not doc.xpath("//ol[@class='modules'] | //ul[@class='outcomes']")
    assert not (courses_site / "en" / "courses" / "english.ics").exists()
    assert _json_ld(syllabus(courses_site, "en", "english"), "Course")["hasCourseInstance"] == []


def test_registration_calendar_and_search_marks(courses_site):
    page = syllabus(courses_site, "en")
    doc = parse(page)
    subscribe = doc.xpath("//p[@class='subscribe']/a")
    assert subscribe[0].get("href") == f"webcal://{DOMAIN}/en/courses/{SLUG}.ics"
    assert resolve(courses_site, page, subscribe[1].get("href")) == \
        courses_site / "en" / "courses" / f"{SLUG}.ics"
    article = doc.xpath("//article[@data-pagefind-body]")[0]
    assert article.get("data-pagefind-meta") == "kind:Course"
    uk = parse(syllabus(courses_site, "uk"))
    assert uk.xpath("//article/@data-pagefind-meta") == ["kind:Курс"]
    html = page.read_text(encoding="utf-8")
    assert 'href="https://forms.example.org/se?a=1&amp;b=2"' in html


def test_twins_and_menu(courses_site):
    doc = parse(syllabus(courses_site, "uk"))
    alternates = {link.get("hreflang"): link.get("href")
                  for link in doc.xpath("//link[@rel='alternate'][@hreflang]")}
    assert alternates == {"uk": f"{PUBLIC}/courses/{SLUG}/", "en": f"{PUBLIC}/en/courses/{SLUG}/",
                          "x-default": f"{PUBLIC}/courses/{SLUG}/"}
    menu = doc.xpath("//nav[contains(@class,'menu')]//a[@aria-current]")
    assert [(a.text, a.get("aria-current")) for a in menu] == [("Курси", "true")]
    catalogue = parse(courses_site / "en" / "courses" / "index.html")
    menu = catalogue.xpath("//nav[contains(@class,'menu')]//a[@aria-current]")
    assert [(a.text, a.get("aria-current")) for a in menu] == [("Courses", "page")]
    # The event page links to its course.
    school = parse(courses_site / "en" / "events" / "school" / "index.html")
    assert school.xpath("//dt[text()='Course']/following-sibling::dd[1]/a/text()") == [
        "Social entrepreneurship"]


# -- catalogue -----------------------------------------------------------------


def test_catalogue_grouped_by_audience(courses_site):
    doc = parse(courses_site / "en" / "courses" / "index.html")
    groups = doc.xpath("//main//section[h2]")
    listing = [(g.xpath("string(h2)"), _texts(g.xpath(".//h3/a"))) for g in groups]
    assert listing == [
        ("Young people", ["English for work", "Social entrepreneurship"]),
        ("Officials and business", ["Social entrepreneurship"]),
    ]
    nav = doc.xpath("//nav[@class='audiences']//a")
    assert [a.get("href") for a in nav] == ["#audience-1", "#audience-2"]
    entries = {e.xpath("string(h3)"): e for e in groups[0].xpath("article")}
    social = entries["Social entrepreneurship"]
    assert "From a social problem" in social.xpath("string(div[@class='summary'])")
    assert social.xpath("string(p[@class='meta'][1])") == \
        "In person and online · 6 weeks, 36 hours · beginners"
    assert social.xpath("string(.//time/@datetime)") == "2017-05-02T18:00:00+03:00"
    assert "Next session" in social.text_content()
    english = entries["English for work"]
    assert "No upcoming sessions yet." in english.text_content()
    # Without a Summary, the first paragraph of the text stands in.
    assert english.xpath("string(div[@class='summary'])").strip() == "Twelve evening classes."
    assert syllabus(courses_site, "en", "pilot").exists()
    assert "Pilot" not in doc.text_content()
    uk = parse(courses_site / "courses" / "index.html")
    assert uk.xpath("string(//h1)") == "Курси"
    assert [h.text for h in uk.xpath("//main//section/h2")] == ["Молодь", "Посадовці та бізнес"]


# -- calendars -----------------------------------------------------------------


def _uids(path: Path) -> list[str]:
    return [str(e["UID"]) for e in Calendar.from_ical(path.read_bytes()).events]


def test_course_calendar_has_one_vevent_per_session_with_the_events_uids(courses_site):
    for prefix in (courses_site, courses_site / "en"):
        uids = _uids(prefix / "courses" / f"{SLUG}.ics")
        assert len(uids) == len(SESSIONS) == len(set(uids))
        own = {uid for slug in SESSIONS for uid in _uids(prefix / "events" / f"{slug}.ics")}
        assert set(uids) == own == {f"{slug}@{DOMAIN}" for slug in SESSIONS}
    calendar = Calendar.from_ical((courses_site / "en" / "courses" / f"{SLUG}.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Social entrepreneurship"
    weekly = next(e for e in calendar.events if str(e["UID"]).startswith("weekly@"))
    assert weekly["RRULE"]["COUNT"] == [4]
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"Europe/Kyiv"}
    # The VEVENT is the very one of the event's own calendar.
    own = Calendar.from_ical((courses_site / "en" / "events" / "webinar.ics").read_bytes())
    (webinar,) = own.events
    assert next(e for e in calendar.events if e["UID"] == webinar["UID"]).to_ical() == \
        webinar.to_ical()


def test_course_calendars_are_byte_identical_across_builds(courses_site, tmp_path):
    again = tmp_path / "again"
    assert build_into(again, write_files(tmp_path / "content", FILES), overrides=OVERRIDES) == 0
    for name in (f"courses/{SLUG}.ics", f"en/courses/{SLUG}.ics"):
        assert (again / name).read_bytes() == (courses_site / name).read_bytes()


# -- JSON-LD and cards -----------------------------------------------------------


def test_json_ld_course(courses_site):
    data = _json_ld(syllabus(courses_site, "en"), "Course")
    assert data["name"] == "Social entrepreneurship"
    assert data["description"] == "From a social problem to an enterprise that solves it."
    assert data["provider"] == {"@type": "Organization", "name": "Kramatorsk Innovation Platform",
                                "url": f"{PUBLIC}/en/"}
    assert data["inLanguage"] == "uk"  # the language of instruction
    assert data["url"] == f"{PUBLIC}/en/courses/{SLUG}/"
    assert data["timeRequired"] == "PT36H" and data["educationalLevel"] == "beginners"
    assert [s["name"] for s in data["syllabusSections"]] == [
        "What it is", "From a problem to an idea", "Business model"]
    assert len(data["teaches"]) == 3
    instances = {i["name"]: i for i in data["hasCourseInstance"]}
    assert list(instances) == ["Introduction", "Weekly classes", "Webinar", "School"]
    assert all(i["@type"] == "CourseInstance" for i in instances.values())
    intro = instances["Introduction"]
    assert intro["courseMode"] == "onsite"
    assert (intro["startDate"], intro["endDate"]) == ("2017-04-10T10:00:00+03:00",
                                                      "2017-04-10T13:00:00+03:00")
    assert intro["location"] == {"@type": "Place", "name": "Vilna Khata"}
    assert intro["instructor"][0] == {"@type": "Person", "name": "Olena Koval"}
    assert intro["url"] == f"{PUBLIC}/en/events/intro/"
    webinar = instances["Webinar"]
    assert webinar["courseMode"] == "online"
    assert webinar["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/se"}
    assert (instances["School"]["startDate"], instances["School"]["endDate"]) == (
        "2017-06-05", "2017-06-09")
    schedule = instances["Weekly classes"]["courseSchedule"]
    assert (schedule["repeatCount"], schedule["repeatFrequency"]) == (4, "P1W")
    assert schedule["duration"] == "PT1H30M"
    assert instances["Weekly classes"]["endDate"] == "2017-05-16T19:30:00+03:00"
    english = _json_ld(syllabus(courses_site, "en", "english"), "Course")
    assert english["inLanguage"] == "en" and english["description"] == "Twelve evening classes."
    uk = _json_ld(syllabus(courses_site, "uk"), "Course")
    assert uk["provider"]["url"] == f"{PUBLIC}/" and uk["name"] == "Соціальне підприємництво"


def test_course_pages_get_a_course_card(courses_site):
    doc = parse(syllabus(courses_site, "uk"))
    image = doc.xpath("//meta[@property='og:image']/@content")[0]
    assert image == f"{PUBLIC}/cards/course/{SLUG}.png"
    assert (courses_site / "cards" / "course" / f"{SLUG}.png").stat().st_size > 1000
    assert "Курс" in doc.xpath("string(//meta[@property='og:image:alt']/@content)")
    assert _json_ld(syllabus(courses_site, "uk"), "Course")["image"] == [image]
    en = parse(syllabus(courses_site, "en"))
    assert en.xpath("//meta[@property='og:image']/@content") == [
        f"{PUBLIC}/en/cards/course/{SLUG}.png"]


def test_hostile_text_is_escaped(tmp_path):
    hostile = 'Talk </script><script>alert(1)</script> & "quotes"'
    content = write_files(tmp_path / "content", {
        "courses/x.en.md": f"""
            Title: {hostile}
            Level: {hostile}

            ## Modules

            ### {hostile}

            Text.

            - <b>bold</b> & more
            """})
    out = tmp_path / "out"
    assert build_into(out, content, overrides=OVERRIDES) == 0
    page = out / "en" / "courses" / "x" / "index.html"
    html = page.read_text(encoding="utf-8")
    doc = parse(page)
    assert doc.xpath("string(//h1)") == hostile
    # Markdown lets editors write HTML; a module's title is kept as its text only.
    assert doc.xpath("string(//ol[@class='modules']/li/h3)") == "Talk alert(1) & “quotes”"
    assert foreign_scripts(doc) == []
    data = _json_ld(page, "Course")
    assert data["name"] == hostile and data["educationalLevel"] == hostile
    assert "<script>alert" not in html


@pytest.mark.vnu
def test_nu_html_checker_accepts_course_pages(courses_site):
    pages = [courses_site / "courses" / "index.html", courses_site / "en/courses/index.html",
             syllabus(courses_site, "uk"), syllabus(courses_site, "en"),
             syllabus(courses_site, "en", "english")]
    errors = run_vnu(pages)
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e['message']}"
                                   for e in errors)


# -- bad input -----------------------------------------------------------------

GOOD = """
    Title: Course
    Format: in person
    Duration_weeks: 4

    ## Modules

    ### One

    About it.

    - a topic
    """

BAD = {
    "malformed-module-list": (
        {"courses/x.en.md": """
            Title: Course

            ## Modules

            ### Basics
            What it is.
            - a topic
            """},
        "content/courses/x.en.md:7: modules: leave an empty line between the description "
        "and the list of topics"),
    "module-without-topics": (
        {"courses/x.en.md": """
            Title: Course

            ## Modules

            ### Basics

            What it is.

            ### Practice

            Doing it.

            - a topic
            """},
        "content/courses/x.en.md:5: modules: module 'Basics' has no topics"),
    "text-after-topics": (
        {"courses/x.en.md": GOOD + "\n    Some words after the list.\n"},
        "content/courses/x.en.md:13: modules: text after the topics of module 'One'"),
    "outcomes-not-a-list": (
        {"courses/x.en.md": """
            Title: Course

            ## Learning outcomes

            Participants will know things.
            """},
        "content/courses/x.en.md:5: outcomes: text in the list of outcomes; write each "
        "outcome as a list item"),
    "bad-format": (
        {"courses/x.en.md": GOOD.replace("in person", "sometimes")},
        "content/courses/x.en.md:2: format: 'sometimes' is not a format; write one of: "
        "in person, online, mixed"),
    "bad-weeks": (
        {"courses/x.en.md": GOOD.replace("Duration_weeks: 4", "Duration_weeks: four")},
        "content/courses/x.en.md:3: duration_weeks: 'four' is not a whole number of weeks"),
    "bad-language": (
        {"courses/x.en.md": GOOD.replace("Format: in person", "Language: Elvish")},
        "content/courses/x.en.md:2: language: 'Elvish' is not a language"),
    "modules-mismatch": (
        {"courses/x.en.md": GOOD,
         "courses/x.uk.md": GOOD.replace("Title: Course", "Title: Курс").replace(
             "## Modules", "## Модулі") + "\n    ### Two\n\n    More.\n\n    - b\n"},
        "content/courses/x.uk.md:5: modules: 2 modules here but 1 module in "
        "content/courses/x.en.md:5; the two languages must agree"),
    "duration-mismatch": (
        {"courses/x.en.md": GOOD,
         "courses/x.uk.md": GOOD.replace("Duration_weeks: 4", "Duration_weeks: 5")},
        "content/courses/x.uk.md:3: duration_weeks: '5' here but '4' in "
        "content/courses/x.en.md:3; the two languages must agree"),
    "cyrillic-file-name": (
        {"courses/курс.en.md": GOOD},
        "content/courses/курс.en.md:1: slug: the file name 'курс' is the course's address "
        "and must be Latin letters"),
}


def _run_bad(case_files, tmp_path, monkeypatch, plugins=None):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", case_files)
    overrides = {**OVERRIDES, **({"PLUGINS": plugins} if plugins else {})}
    return build_into(tmp_path / "out", content, strict=True, overrides=overrides)


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_course_is_reported_with_path_line_field(case, tmp_path, capfd, monkeypatch):
    files, expected = BAD[case]
    assert _run_bad(files, tmp_path, monkeypatch) == 1
    err = capfd.readouterr().err
    assert expected in err, err
    assert err.count(expected) == 1
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_generator_reports_the_same_problems_without_the_checker(tmp_path, capfd, monkeypatch):
    """With the content checker off, the courses generator still stops the build."""
    files = {}
    for case, (case_files, _) in BAD.items():
        if case == "cyrillic-file-name":
            continue  # the i18n plugin transliterates the slug before the generator sees it
        for name, text in case_files.items():
            files[name.replace("/x.", f"/{case}.")] = text
    assert _run_bad(files, tmp_path, monkeypatch,
                    plugins=["i18n", "events", "courses"]) == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    for case, (_, message) in BAD.items():
        if case == "cyrillic-file-name":
            continue
        expected = "courses: " + message.replace("/x.", f"/{case}.")
        assert err.count(expected) == 1, f"{case}: {expected}\n---\n{err}"


def test_event_of_a_draft_course_is_an_error(tmp_path, capfd, monkeypatch):
    files = {"courses/welding.en.md": "Title: Welding\nStatus: draft\n\nText.\n",
             "events/class.en.md": _event("Class", "Start: 2017-06-01 10:00", "welding")}
    assert _run_bad(files, tmp_path, monkeypatch) == 1
    err = capfd.readouterr().err
    assert "content/events/class.en.md:4: course: no course 'welding'" in err, err


# -- print ---------------------------------------------------------------------

#: CommonJS, so that NODE_PATH finds the project's playwright-core from a temporary folder.
PRINT_SCRIPT = r"""
const { chromium } = require("playwright-core");
const [url, pdfPath, pngPath] = process.argv.slice(2);
(async () => {
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
  await page.goto(url, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const facts = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some(
      (e) => getComputedStyle(e).display !== "none");
    const after = (sel) => [...document.querySelectorAll(sel)].map(
      (e) => getComputedStyle(e, "::after").content);
    return {
      header: shown(".site-header"), footer: shown(".site-footer"), crumbs: shown(".crumbs"),
      menu: shown("nav.menu"),
      sessionLinks: after(".course-sessions a"),
      moduleBreak: [...document.querySelectorAll(".module")].map(
        (e) => getComputedStyle(e).breakInside),
    };
  });
  await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
  await page.screenshot({ path: pngPath, fullPage: false });
  process.stdout.write(JSON.stringify(facts));
} finally {
  await browser.close();
}
})().catch((error) => { console.error(error); process.exit(1); });
"""


@pytest.mark.browser
def test_syllabus_prints_as_a_clean_a4_document(courses_site, tmp_path):
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    require_tool(shutil.which("node") is not None, "node is not installed")
    require_tool(Path(chrome).exists(), f"{chrome} is missing")
    require_tool((ROOT / "node_modules" / "playwright-core").exists(), "run `npm ci` first")
    script = tmp_path / "print.cjs"
    script.write_text(textwrap.dedent(PRINT_SCRIPT), encoding="utf-8")
    pdf, png = tmp_path / "syllabus.pdf", tmp_path / "syllabus.png"
    with serving(courses_site) as base:
        proc = subprocess.run(
            ["node", str(script), f"{base}/en/courses/{SLUG}/", str(pdf), str(png)],
            capture_output=True, text=True, encoding="utf-8", timeout=180, check=False,
            env={**os.environ, "CHROME_PATH": chrome, "NODE_PATH": str(ROOT / "node_modules")},
            cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    facts = json.loads(proc.stdout)
    assert not any(facts[k] for k in ("header", "footer", "crumbs", "menu")), facts
    assert facts["moduleBreak"] == ["avoid"] * 3
    # Relative links print their absolute address after them.
    assert [link.strip('"') for link in facts["sessionLinks"]] == [
        f" ({PUBLIC}/en/events/{slug}/)" for slug in ("weekly", "webinar", "school", "intro")]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # A4 is 595 x 842 points.
    assert b"/MediaBox [0 0 595" in data or b"/MediaBox [0 0 594" in data
    assert png.stat().st_size > 10_000
