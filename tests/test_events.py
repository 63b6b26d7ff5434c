"""The events plugin on a fixture site: pages, lists, month calendars, .ics files, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar

from conftest import build_into, run_vnu, write_files
from htmltools import foreign_scripts, parse, resolve

NOW = "2017-05-01T12:00:00+03:00"
PUBLIC = "https://kip.example.org"
DOMAIN = "kip.example.org"
OVERRIDES = {"EVENTS_NOW": NOW, "PUBLIC_URL": PUBLIC}
HOSTILE = 'Talk </script><script>alert(1)</script> & "quotes"'

EVENTS = {
    # All day, one day.
    "events/open-day.uk.md": """
        Title: День відкритих дверей
        Start: 2017-04-14
        Location: Вільна Хата
        Tags: відкриті двері

        Заходьте протягом дня.
        """,
    "events/open-day.en.md": """
        Title: Open day
        Start: 2017-04-14
        Location: Vilna Khata
        Tags: open day

        Drop in during the day.
        """,
    # All day, several days, across a month boundary; a session of a known course.
    "events/summer-school.uk.md": """
        Title: Літня школа
        Start: 2017-05-29
        End: 2017-06-02
        Location: Вільна Хата
        Course: social-entrepreneurship

        П'ять днів навчання.
        """,
    "events/summer-school.en.md": """
        Title: Summer school
        Start: 2017-05-29
        End: 2017-06-02
        Location: Vilna Khata
        Course: social-entrepreneurship

        Five days of learning.
        """,
    # Several days, with times, and a registration form.
    "events/hackathon.uk.md": """
        Title: Хакатон
        Start: 2017-04-28 18:00
        End: 2017-04-30 14:00
        Location: Вільна Хата
        Address: вул. Прикладна, 1, Краматорськ
        Geo: 48.7389, 37.5848
        Registration: https://forms.example.org/hack?a=1&b=2

        Два дні коду.
        """,
    "events/hackathon.en.md": """
        Title: Hackathon
        Start: 2017-04-28 18:00
        End: 2017-04-30 14:00
        Location: Vilna Khata
        Address: 1 Example Street, Kramatorsk
        Geo: 48.7389, 37.5848
        Registration: https://forms.example.org/hack?a=1&b=2

        Two days of code.
        """,
    # The night the clocks go forward in Kyiv: 03:00 EET becomes 04:00 EEST.
    "events/night-walk.uk.md": """
        Title: Нічна прогулянка
        Start: 2017-03-26 02:30
        End: 2017-03-26 04:30
        Location: Центр міста

        Дві години на годиннику, одна насправді.
        """,
    "events/night-walk.en.md": """
        Title: Night walk
        Start: 2017-03-26 02:30
        End: 2017-03-26 04:30
        Location: City centre

        Two hours on the clock, one in fact.
        """,
    # Cancelled, with a hostile English title; its text changed on 2 May.
    "events/cancelled-talk.uk.md": """
        Title: Лекція
        Start: 2017-05-10 17:00
        Status: cancelled
        Location: Вільна Хата
        Date: 2017-04-20 09:00
        Modified: 2017-05-02 10:15

        Лекцію скасовано.
        """,
    "events/cancelled-talk.en.md": f"""
        Title: {HOSTILE}
        Start: 2017-05-10 17:00
        Status: cancelled
        Location: Vilna Khata
        Date: 2017-04-20 09:00
        Modified: 2017-05-02 10:15

        The talk is cancelled.
        """,
    # A weekly series; UNTIL is the last day, inclusive.
    "events/english-club.uk.md": """
        Title: Англійський клуб
        Start: 2017-04-18 18:00
        End: 2017-04-18 19:30
        Recurrence: FREQ=WEEKLY;BYDAY=TU;UNTIL=20170509
        Location: Вільна Хата

        Щовівторка.
        """,
    "events/english-club.en.md": """
        Title: English club
        Start: 2017-04-18 18:00
        End: 2017-04-18 19:30
        Recurrence: FREQ=WEEKLY;BYDAY=TU;UNTIL=20170509
        Location: Vilna Khata

        Every Tuesday.
        """,
    # An explicit offset (+02:00: 10:00 there is 11:00 in Kyiv), online only.
    "events/webinar.uk.md": """
        Title: Вебінар
        Start: 2017-05-15T10:00:00+02:00
        End: 2017-05-15T11:30:00+02:00
        Online_url: https://meet.example.org/kip
        Registration: team@example.org

        Онлайн.
        """,
    "events/webinar.en.md": """
        Title: Webinar
        Start: 2017-05-15T10:00:00+02:00
        End: 2017-05-15T11:30:00+02:00
        Online_url: https://meet.example.org/kip
        Registration: team@example.org

        Online.
        """,
    # No English version.
    "events/uk-only.uk.md": """
        Title: Лише українською
        Start: 2017-06-20 12:00
        Location: Вільна Хата

        Без перекладу.
        """,
    "courses/social-entrepreneurship.uk.md": """
        Title: Соціальне підприємництво

        Курс.
        """,
    "courses/social-entrepreneurship.en.md": """
        Title: Social entrepreneurship

        A course.
        """,
    "pages/about.uk.md": "Title: Про нас\n\nСторінка.\n",
}


@pytest.fixture(scope="module")
def events_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("events")
    content = write_files(root / "content", EVENTS)
    out = root / "output"
    assert build_into(out, content, overrides=OVERRIDES) == 0
    return out


def _ics(path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _utc(value):
    return value.astimezone(UTC)


# -- calendars ---------------------------------------------------------------


def test_every_ics_parses_and_times_convert_to_utc(events_site):
    files = sorted(events_site.glob("events/*.ics")) + sorted(events_site.glob("en/events/*.ics"))
    assert len(files) == 8 + 7
    expected = {
        "night-walk": (datetime(2017, 3, 26, 0, 30, tzinfo=UTC),
                       datetime(2017, 3, 26, 1, 30, tzinfo=UTC)),
        "hackathon": (datetime(2017, 4, 28, 15, 0, tzinfo=UTC),
                      datetime(2017, 4, 30, 11, 0, tzinfo=UTC)),
        "webinar": (datetime(2017, 5, 15, 8, 0, tzinfo=UTC),
                    datetime(2017, 5, 15, 9, 30, tzinfo=UTC)),
        "cancelled-talk": (datetime(2017, 5, 10, 14, 0, tzinfo=UTC),
                           datetime(2017, 5, 10, 16, 0, tzinfo=UTC)),  # default 2 hours
        "english-club": (datetime(2017, 4, 18, 15, 0, tzinfo=UTC),
                         datetime(2017, 4, 18, 16, 30, tzinfo=UTC)),
    }
    for path in files:
        (event,) = _ics(path).events
        slug = path.stem
        assert str(event["UID"]) == f"{slug}@{DOMAIN}"
        if slug in expected:
            assert (_utc(event.start), _utc(event.end)) == expected[slug], path
    # The DST night: two hours on the wall clock, one hour in fact.
    (walk,) = _ics(events_site / "events" / "night-walk.ics").events
    assert walk.get("DTSTART").params["TZID"] == "Europe/Kyiv"
    assert _utc(walk.end) - _utc(walk.start) == timedelta(hours=1)
    # An explicit offset is kept as an instant, written in UTC.
    webinar_ics = (events_site / "events" / "webinar.ics").read_text(encoding="utf-8")
    assert "DTSTART:20170515T080000Z" in webinar_ics
    assert "TZID" not in webinar_ics


def test_all_day_events_are_dates_with_an_exclusive_end(events_site):
    (day,) = _ics(events_site / "events" / "open-day.ics").events
    assert day.start == date(2017, 4, 14) and day.end == date(2017, 4, 15)
    (school,) = _ics(events_site / "en" / "events" / "summer-school.ics").events
    assert school.start == date(2017, 5, 29) and school.end == date(2017, 6, 3)
    assert "DTSTART;VALUE=DATE:20170529" in (
        events_site / "en" / "events" / "summer-school.ics").read_text(encoding="utf-8")


def test_site_calendar_keeps_past_and_cancelled_events(events_site):
    uk = _ics(events_site / "calendar.ics")
    en = _ics(events_site / "en" / "calendar.ics")
    uk_uids = [str(e["UID"]) for e in uk.events]
    en_uids = [str(e["UID"]) for e in en.events]
    assert len(uk_uids) == 8 and len(en_uids) == 7
    assert set(en_uids) < set(uk_uids)  # same UIDs in both languages
    assert f"uk-only@{DOMAIN}" in uk_uids and f"night-walk@{DOMAIN}" in uk_uids
    # Sorted by start, so the file never reshuffles between builds.
    assert [_utc(e.start) if isinstance(e.start, datetime) else e.start for e in uk.events][0] \
        == datetime(2017, 3, 26, 0, 30, tzinfo=UTC)
    cancelled = next(e for e in en.events if str(e["UID"]).startswith("cancelled-talk@"))
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == HOSTILE
    assert {tz["TZID"] for tz in uk.walk("VTIMEZONE")} == {"Europe/Kyiv"}
    assert str(uk["X-WR-CALNAME"]).endswith("Події")
    assert str(en["X-WR-CALNAME"]).endswith("Events")


def test_event_properties(events_site):
    (hack,) = _ics(events_site / "en" / "events" / "hackathon.ics").events
    assert str(hack["URL"]) == f"{PUBLIC}/en/events/hackathon/"
    assert str(hack["LOCATION"]) == "Vilna Khata, 1 Example Street, Kramatorsk"
    assert (hack["GEO"].latitude, hack["GEO"].longitude) == (48.7389, 37.5848)
    assert str(hack["DESCRIPTION"]) == f"Two days of code.\n\n{PUBLIC}/en/events/hackathon/"
    assert hack["STATUS"] == "CONFIRMED"
    (day,) = _ics(events_site / "events" / "open-day.ics").events
    assert day.categories == ["відкриті двері"]
    (club,) = _ics(events_site / "events" / "english-club.ics").events
    rule = club["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU"]
    # UNTIL=20170509 means the whole of 9 May in Kyiv, written in UTC as RFC 5545 asks.
    assert rule["UNTIL"] == [datetime(2017, 5, 9, 20, 59, 59, tzinfo=UTC)]
    # LAST-MODIFIED comes from the file's own dates, in UTC; DTSTAMP too, but never
    # after the build's day: this file says 2 May and the build's now is 1 May.
    (talk,) = _ics(events_site / "events" / "cancelled-talk.ics").events
    assert talk.decoded("LAST-MODIFIED") == datetime(2017, 5, 2, 7, 15, tzinfo=UTC)
    assert talk.decoded("DTSTAMP") == datetime(2017, 5, 1, tzinfo=UTC)
    text = (events_site / "events" / "cancelled-talk.ics").read_text(encoding="utf-8")
    assert "DTSTAMP:20170501T000000Z" in text


def test_calendars_are_byte_identical_across_builds(events_site, tmp_path):
    content = write_files(tmp_path / "content", EVENTS)
    again = tmp_path / "again"
    assert build_into(again, content, overrides=OVERRIDES) == 0
    first = {p.relative_to(events_site): p.read_bytes() for p in events_site.rglob("*.ics")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.ics")}
    assert first == second


# -- month calendars ---------------------------------------------------------


def _cells(page) -> dict[int, list[str]]:
    """Day number -> the event links' texts in that cell."""
    doc = parse(page)
    cells = {}
    for td in doc.xpath("//table[@class='month']//td[time[@class='day']]"):
        day = int(td.xpath("string(time[@class='day'])"))
        cells[day] = [" ".join(a.text_content().split()) for a in td.xpath(".//li/a")]
    return cells


def test_month_pages_exist_for_every_month_with_events(events_site):
    for root in (events_site, events_site / "en"):
        months = sorted(p.parent.relative_to(root / "events" / "calendar").as_posix()
                        for p in (root / "events" / "calendar").glob("*/*/index.html"))
        assert months == ["2017/03", "2017/04", "2017/05", "2017/06"]


def test_month_grid_cells(events_site):
    april = _cells(events_site / "en" / "events" / "calendar" / "2017" / "04" / "index.html")
    assert sorted(april) == list(range(1, 31))
    assert april[14] == ["Open day"]
    assert april[18] == ["18:00 English club"] and april[25] == ["18:00 English club"]
    # A timed event over three days: on every day, its time on the first one only.
    assert april[28] == ["18:00 Hackathon"]
    assert april[29] == ["Hackathon"] and april[30] == ["Hackathon"]
    assert april[27] == [] and april[13] == []
    may = _cells(events_site / "events" / "calendar" / "2017" / "05" / "index.html")
    assert may[2] == ["18:00 Англійський клуб"] and may[9] == ["18:00 Англійський клуб"]
    assert may[16] == []  # UNTIL=20170509
    assert may[10] == ["17:00 Лекція"]
    assert may[15] == ["11:00 Вебінар"]  # 10:00+02:00 is 11:00 in Kyiv
    assert may[29] == may[30] == may[31] == ["Літня школа"]
    june = _cells(events_site / "events" / "calendar" / "2017" / "06" / "index.html")
    assert june[1] == june[2] == ["Літня школа"] and june[3] == []
    assert june[20] == ["12:00 Лише українською"]
    en_june = _cells(events_site / "en" / "events" / "calendar" / "2017" / "06" / "index.html")
    assert en_june[20] == []
    march = _cells(events_site / "events" / "calendar" / "2017" / "03" / "index.html")
    assert march[26] == ["02:30 Нічна прогулянка"]


def test_month_table_is_accessible_and_localized(events_site):
    uk = parse(events_site / "events" / "calendar" / "2017" / "04" / "index.html")
    en = parse(events_site / "en" / "events" / "calendar" / "2017" / "04" / "index.html")
    assert uk.xpath("string(//table/caption)") == "Квітень 2017"
    assert en.xpath("string(//table/caption)") == "April 2017"
    assert [th.text_content() for th in uk.xpath("//table/thead//th")] == [
        "пн", "вт", "ср", "чт", "пт", "сб", "нд"]
    assert [th.text_content() for th in en.xpath("//table/thead//th")][0] == "Mon"
    assert uk.xpath("//table/thead//th/abbr/@title")[0] == "понеділок"
    assert set(uk.xpath("//table/thead//th/@scope")) == {"col"}
    # 1 April 2017 is a Saturday: five empty cells before it, Monday first.
    first_row = uk.xpath("//table/tbody/tr[1]/td")
    assert [td.get("class") for td in first_row[:5]] == ["out"] * 5
    assert first_row[5].xpath("string(time)") == "1"
    cancelled = parse(events_site / "events" / "calendar" / "2017" / "05" / "index.html")
    assert cancelled.xpath("//td[time='10']//li/@class") == ["is-cancelled"]
    assert "Скасовано" in cancelled.xpath("string(//td[time='10'])")


def test_month_navigation_and_landing_page(events_site):
    base = events_site / "events" / "calendar"
    april = base / "2017" / "04" / "index.html"
    doc = parse(april)
    prev = doc.xpath("//nav[@class='monthnav']//a[@rel='prev']")[0]
    following = doc.xpath("//nav[@class='monthnav']//a[@rel='next']")[0]
    assert resolve(events_site, april, prev.get("href")) == base / "2017" / "03" / "index.html"
    assert prev.text_content() == "← Березень 2017"
    assert resolve(events_site, april, following.get("href")) == base / "2017" / "05" / "index.html"
    assert not parse(base / "2017" / "03" / "index.html").xpath("//a[@rel='prev']")
    assert not parse(base / "2017" / "06" / "index.html").xpath("//a[@rel='next']")
    # /events/calendar/ opens the current month (EVENTS_NOW is in May 2017).
    landing = parse(base / "index.html")
    assert landing.xpath("string(//table/caption)") == "Травень 2017"
    assert landing.xpath("//link[@rel='canonical']/@href") == [
        f"{PUBLIC}/events/calendar/2017/05/"]


# -- lists and pages ---------------------------------------------------------


def _titles(doc, section):
    return [" ".join(a.text_content().split())
            for a in doc.xpath(f"//section[@aria-labelledby='{section}']//h3/a")]


def test_events_list_splits_upcoming_and_past_at_now(events_site):
    uk = parse(events_site / "events" / "index.html")
    assert _titles(uk, "upcoming") == [
        "Англійський клуб", "Лекція", "Вебінар", "Літня школа", "Лише українською"]
    assert _titles(uk, "past") == ["Хакатон", "День відкритих дверей", "Нічна прогулянка"]
    en = parse(events_site / "en" / "events" / "index.html")
    assert _titles(en, "upcoming") == ["English club", HOSTILE, "Webinar", "Summer school"]
    # A series shows its next session, and how many there are.
    club = en.xpath("//section[@aria-labelledby='upcoming']//article[1]")[0]
    assert club.xpath("string(.//time/@datetime)") == "2017-05-02T18:00:00+03:00"
    assert "4 sessions" in club.text_content()
    assert "4 зустрічі" in uk.text_content()
    menu = en.xpath("//nav[contains(@class,'menu')]//a[@aria-current]")
    assert [(a.text, a.get("aria-current")) for a in menu] == [("Events", "page")]


def test_home_page_shows_the_next_three_events(events_site):
    uk = parse(events_site / "index.html")
    assert _titles(uk, "next-events") == ["Англійський клуб", "Лекція", "Вебінар"]
    en = parse(events_site / "en" / "index.html")
    assert _titles(en, "next-events") == ["English club", HOSTILE, "Webinar"]


def _when(doc):
    return " ".join(doc.xpath("string(//dl[@class='facts']/dd[1])").split())


def test_event_page_times_in_both_languages(events_site):
    cases = {
        "webinar": ("15 травня 2017, 11:00–12:30 (за київським часом)",
                    "May 15, 2017, 11:00–12:30 (Kyiv time)"),
        "night-walk": ("26 березня 2017, 02:30–04:30 (за київським часом)",
                       "March 26, 2017, 02:30–04:30 (Kyiv time)"),
        "open-day": ("14 квітня 2017", "April 14, 2017"),
        "summer-school": ("29 травня 2017 – 2 червня 2017", "May 29, 2017 – June 2, 2017"),
        "hackathon": ("28 квітня 2017, 18:00 – 30 квітня 2017, 14:00 (за київським часом)",
                      "April 28, 2017, 18:00 – April 30, 2017, 14:00 (Kyiv time)"),
    }
    for slug, (uk_text, en_text) in cases.items():
        uk = parse(events_site / "events" / slug / "index.html")
        en = parse(events_site / "en" / "events" / slug / "index.html")
        assert _when(uk) == uk_text
        assert _when(en) == en_text
    webinar = parse(events_site / "events" / "webinar" / "index.html")
    assert webinar.xpath("//dl[@class='facts']/dd[1]//time/@datetime") == [
        "2017-05-15T11:00:00+03:00", "2017-05-15T12:30:00+03:00"]
    club = parse(events_site / "en" / "events" / "english-club" / "index.html")
    assert club.xpath("//ol[@class='sessions']/li/time[1]/@datetime") == [
        "2017-04-18T18:00:00+03:00", "2017-04-25T18:00:00+03:00",
        "2017-05-02T18:00:00+03:00", "2017-05-09T18:00:00+03:00"]


def test_event_page_place_status_registration_course(events_site):
    page = events_site / "en" / "events" / "hackathon" / "index.html"
    doc = parse(page)
    text = doc.text_content()
    assert "Vilna Khata, 1 Example Street, Kramatorsk" in text
    assert "Past event" in doc.xpath("string(//p[@class='badges'])")
    # Past: no registration and no "add to calendar", but the subscription stays.
    assert not doc.xpath("//a[text()='Register']") and not doc.xpath("//*[@id='add-to-calendar']")
    assert doc.xpath("//p[@class='subscribe']/a/@href")[0] == "webcal://kip.example.org/en/calendar.ics"

    webinar = events_site / "events" / "webinar" / "index.html"
    doc = parse(webinar)
    assert doc.xpath("//a[text()='Приєднатися онлайн']/@href") == ["https://meet.example.org/kip"]
    assert doc.xpath("//dd/a[@href='mailto:team@example.org']/text()") == ["team@example.org"]
    section = doc.xpath("//section[@aria-labelledby='add-to-calendar']")[0]
    assert section.xpath("string(h2)") == "Додати до календаря"
    ics, google = section.xpath(".//a/@href")
    assert resolve(events_site, webinar, ics) == events_site / "events" / "webinar.ics"
    query = parse_qs(urlsplit(google).query)
    assert urlsplit(google).netloc == "calendar.google.com"
    assert query["dates"] == ["20170515T080000Z/20170515T093000Z"]
    assert query["text"] == ["Вебінар"] and query["ctz"] == ["Europe/Kyiv"]

    club = parse(events_site / "en" / "events" / "english-club" / "index.html")
    google = club.xpath("//section[@aria-labelledby='add-to-calendar']//a/@href")[1]
    assert parse_qs(urlsplit(google).query)["recur"] == [
        "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20170509T205959Z"]

    talk = parse(events_site / "events" / "cancelled-talk" / "index.html")
    assert talk.xpath("string(//span[contains(@class,'badge-cancelled')])") == "Скасовано"
    assert not talk.xpath("//*[@id='add-to-calendar']")

    school = events_site / "en" / "events" / "summer-school" / "index.html"
    link = parse(school).xpath("//dt[text()='Course']/following-sibling::dd[1]/a")[0]
    assert link.text == "Social entrepreneurship"
    assert link.get("href") == "../../../en/courses/social-entrepreneurship/"


def test_registration_link_is_escaped(events_site, tmp_path):
    content = write_files(tmp_path / "content", {
        "events/form.en.md": """
            Title: Form
            Start: 2017-06-01 10:00
            Location: Vilna Khata
            Registration: https://forms.example.org/hack?a=1&b=2
            """})
    out = tmp_path / "out"
    assert build_into(out, content, overrides=OVERRIDES) == 0
    html = (out / "en" / "events" / "form" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://forms.example.org/hack?a=1&amp;b=2">Register</a>' in html


def test_json_ld_event(events_site):
    doc = parse(events_site / "en" / "events" / "webinar" / "index.html")
    (data,) = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")
               if '"Event"' in s]
    assert data["@type"] == "Event" and data["name"] == "Webinar"
    assert data["startDate"] == "2017-05-15T11:00:00+03:00"
    assert data["endDate"] == "2017-05-15T12:30:00+03:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/kip"}
    assert data["url"] == f"{PUBLIC}/en/events/webinar/"
    hack = parse(events_site / "en" / "events" / "hackathon" / "index.html")
    (data,) = [json.loads(s) for s in hack.xpath("//script[@type='application/ld+json']/text()")
               if '"Event"' in s]
    assert data["location"]["address"]["streetAddress"] == "1 Example Street, Kramatorsk"
    assert data["location"]["geo"]["latitude"] == 48.7389
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_json_ld_is_safe_for_any_title(events_site):
    path = events_site / "en" / "events" / "cancelled-talk" / "index.html"
    scripts = parse(path).xpath("//script[@type='application/ld+json']/text()")
    event = [json.loads(s) for s in scripts if '"Event"' in s]
    assert len(event) == 1 and event[0]["name"] == HOSTILE
    assert event[0]["eventStatus"] == "https://schema.org/EventCancelled"
    # The title's </script> never closes the element, and no <script> is injected.
    assert all("<" not in s for s in scripts)
    assert len(parse(path).xpath("//script[not(@src)]")) == len(scripts)
    assert foreign_scripts(parse(path)) == []
    assert parse(path).xpath("string(//h1)") == HOSTILE


def test_twins_link_and_untranslated_events_stay_in_their_language(events_site):
    page = events_site / "events" / "webinar" / "index.html"
    alternates = {link.get("hreflang"): link.get("href")
                  for link in parse(page).xpath("//link[@rel='alternate'][@hreflang]")}
    assert alternates == {"uk": f"{PUBLIC}/events/webinar/", "en": f"{PUBLIC}/en/events/webinar/",
                          "x-default": f"{PUBLIC}/events/webinar/"}
    assert (events_site / "events" / "uk-only" / "index.html").exists()
    assert not (events_site / "en" / "events" / "uk-only").exists()
    assert not (events_site / "en" / "events" / "uk-only.ics").exists()
    lonely = parse(events_site / "events" / "uk-only" / "index.html")
    assert lonely.xpath("//link[@hreflang]") == []


@pytest.mark.vnu
def test_nu_html_checker_accepts_event_pages(events_site):
    # (The kit pages are checked with the kit: tests/test_kit.py.)
    pages = [p for p in sorted(events_site.glob("events/**/index.html")) + sorted(
        events_site.glob("en/events/**/index.html")) if p.parent.name != "kit"]
    assert len(pages) == 2 * (1 + 1 + 4) + 8 + 7
    errors = run_vnu(pages, css=False)
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e['message']}"
                                   for e in errors)


# -- bad input ---------------------------------------------------------------

GOOD_EN = """
    Title: Meeting
    Start: 2017-04-07 18:00
    End: 2017-04-07 20:00
    Status: scheduled
    Location: Vilna Khata
    """

BAD = {
    "end-before-start": (
        {"events/x.en.md": """
            Title: Meeting
            Start: 2017-04-07 18:00
            End: 2017-04-07 16:00
            Location: Vilna Khata
            """},
        "content/events/x.en.md:3: end: '2017-04-07 16:00' is before the start"),
    "unparseable-date": (
        {"events/x.en.md": """
            Title: Meeting
            Location: Vilna Khata
            Start: 7 April, 6 pm
            """},
        "content/events/x.en.md:3: start: '7 April, 6 pm' is not a date; write 2017-04-07 18:00"),
    "unknown-status": (
        {"events/x.en.md": """
            Title: Meeting
            Start: 2017-04-07 18:00
            Location: Vilna Khata
            Status: maybe
            """},
        "content/events/x.en.md:4: status: unknown status 'maybe'; write one of: scheduled, "
        "cancelled, postponed, rescheduled"),
    "unknown-time-zone": (
        {"events/x.en.md": """
            Title: Meeting
            Start: 2017-04-07 18:00
            Timezone: Europe/Kramatorsk
            Location: Vilna Khata
            """},
        "content/events/x.en.md:3: timezone: unknown time zone 'Europe/Kramatorsk'; write an "
        "IANA name such as Europe/Kyiv"),
    "mismatched-translations": (
        {"events/x.en.md": GOOD_EN,
         "events/x.uk.md": """
            Title: Зустріч
            Start: 2017-04-07 19:00
            End: 2017-04-07 20:00
            Status: scheduled
            Location: Вільна Хата
            """},
        "content/events/x.uk.md:2: start: '2017-04-07 19:00' here but '2017-04-07 18:00' in "
        "content/events/x.en.md:2; the two languages must agree"),
    "unknown-course": (
        {"events/x.en.md": GOOD_EN.rstrip(" ") + "    Course: basket-weaving\n"},
        "content/events/x.en.md:6: course: no course 'basket-weaving' (no file "
        "courses/basket-weaving.<lang>.md)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_reported_with_path_line_field(case, tmp_path, capfd, monkeypatch):
    files, expected = BAD[case]
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", files)
    assert build_into(tmp_path / "out", content, strict=True, overrides=OVERRIDES) == 1
    err = capfd.readouterr().err
    assert expected in err, err
    assert err.count(expected) == 1
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_generator_reports_the_same_problems_without_the_checker(tmp_path, capfd, monkeypatch):
    """With the content checker off, the events generator still stops the build.
    (Whether a course exists is the courses plugin's rule, so that case is left out.)"""
    monkeypatch.chdir(tmp_path)
    bad = {case: found for case, found in BAD.items() if case != "unknown-course"}
    files = {}
    for case, (case_files, _) in bad.items():
        for name, text in case_files.items():
            files[name.replace("/x.", f"/{case}.")] = text
    content = write_files(tmp_path / "content", files)
    plugins = {"PLUGINS": ["i18n", "events"], **OVERRIDES}
    assert build_into(tmp_path / "out", content, strict=True, overrides=plugins) == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    for case, (_, message) in bad.items():
        expected = message.replace("/x.", f"/{case}.")
        assert err.count(expected) == 1, f"{case}: {expected}\n---\n{err}"
