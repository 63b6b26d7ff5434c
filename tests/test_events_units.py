"""Unit tests of the events plugin's modules: parsing, month grids, calendars, settings."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from common.header import field_line
from common.text import paragraphs as plain_text
from events.display import EventFormatter
from events.ical import calendar_for, to_ics
from events.jsonld import script_safe_json
from events.model import disagreements, parse_event
from events.monthgrid import landing_month, month_grid, pages_to_render
from events.settings import EventsSettingsError, read_events_settings

KYIV = ZoneInfo("Europe/Kyiv")


def parse(**fields):
    fields.setdefault("location", "Vilna Khata")
    return parse_event(fields, site_tz=KYIV, default_duration=timedelta(hours=2))


def ok(**fields):
    info, problems = parse(**fields)
    assert problems == [], problems
    return info


def problem(field, **fields) -> str:
    info, problems = parse(**fields)
    assert info is None
    messages = [p.message for p in problems if p.field == field]
    assert messages, problems
    return messages[0]


# -- model -------------------------------------------------------------------


def test_naive_times_are_kyiv_and_offsets_are_kept():
    info = ok(start="2017-04-07 18:00")
    assert info.start == datetime(2017, 4, 7, 15, 0, tzinfo=UTC)
    assert info.start.tzinfo is KYIV
    assert info.end - info.start == timedelta(hours=2)  # the default length
    info = ok(start="2017-04-07T18:00:00+02:00", end="2017-04-07T19:00:00+02:00")
    assert info.start.utcoffset() == timedelta(hours=2)
    assert info.first.first_day == date(2017, 4, 7)
    late = ok(start="2017-04-07T23:30:00+00:00")  # 02:30 next day in Kyiv
    assert late.first.first_day == date(2017, 4, 8)


def test_default_length_is_real_time_across_the_dst_change():
    info = ok(start="2017-03-26 02:00")
    assert info.end.astimezone(UTC) - info.start.astimezone(UTC) == timedelta(hours=2)
    assert info.end.astimezone(KYIV).hour == 5  # the clock skipped 03:00-04:00


def test_a_time_the_dst_change_skips_is_an_error_with_the_fix():
    message = problem("start", start="2017-03-26 03:30")
    assert "does not exist in Europe/Kyiv" in message and "write 2017-03-26 04:30" in message


def test_all_day_events():
    info = ok(start="2017-06-05", end="2017-06-09")
    assert info.all_day and info.first.first_day == date(2017, 6, 5)
    assert info.first.last_day == date(2017, 6, 9)
    assert list(info.first.days())[-1] == date(2017, 6, 9)
    assert ok(start="2017-06-05").first.last_day == date(2017, 6, 5)
    assert "both be dates" in problem("end", start="2017-06-05", end="2017-06-06 10:00")


def test_end_before_start_and_bad_dates():
    assert "is before the start" in problem("end", start="2017-04-07 18:00",
                                            end="2017-04-07 17:59")
    assert "is before the start" in problem("end", start="2017-04-07", end="2017-04-06")
    assert "is not a date" in problem("start", start="31.04.2017")
    assert "is not a date" in problem("end", start="2017-04-07", end="2017-02-30")
    assert problem("start").startswith("missing")


def test_time_zone_field():
    info = ok(start="2017-04-07 18:00", timezone="Europe/Berlin")
    assert info.start.astimezone(UTC).hour == 16
    assert "unknown time zone 'Mars/Base'" in problem("timezone", start="2017-04-07",
                                                     timezone="Mars/Base")
    assert "unknown time zone" in problem("timezone", start="2017-04-07", timezone="../etc")


def test_status_place_registration_geo():
    assert ok(start="2017-04-07", status="Cancelled").status == "cancelled"
    assert ok(start="2017-04-07").status == "scheduled"
    assert "write one of: scheduled" in problem("status", start="2017-04-07", status="done")
    online = ok(start="2017-04-07", location=None, online_url="https://meet.example.org/x")
    assert online.location is None and online.online_url == "https://meet.example.org/x"
    assert "Online_url" in problem("location", start="2017-04-07", location=None)
    assert "not a web address" in problem("online_url", start="2017-04-07",
                                          online_url="meet.example.org")
    mail = ok(start="2017-04-07", registration="mailto:team@example.org").registration
    assert (mail.href, mail.label, mail.is_email) == ("mailto:team@example.org",
                                                     "team@example.org", True)
    assert ok(start="2017-04-07", registration="https://x.org/f").registration.href \
        == "https://x.org/f"
    assert "neither a web address nor an e-mail" in problem(
        "registration", start="2017-04-07", registration="call us")
    assert ok(start="2017-04-07", geo="48.7389; 37.5848").geo == (48.7389, 37.5848)
    assert "out of range" in problem("geo", start="2017-04-07", geo="148.7, 37.5")
    assert "latitude,longitude" in problem("geo", start="2017-04-07", geo="Kramatorsk")


def test_course_must_be_known():
    assert ok(start="2017-04-07", course="english").course == "english"
    # Whether the course exists is the courses plugin's rule (courses/rules.py).
    assert "is not a course slug" in problem("course", start="2017-04-07", course="Англійська")
    assert "not a course slug" in problem("course", start="2017-04-07", course="English A1")


def test_every_problem_at_once_and_twice_written_fields():
    info, problems = parse(start="soon", status="maybe", geo="x", location=["A", "B"])
    assert info is None
    assert {p.field for p in problems} == {"start", "status", "geo", "location"}
    assert "written 2 times" in next(p.message for p in problems if p.field == "location")


def test_weekly_series_keeps_the_wall_clock_across_dst():
    info = ok(start="2017-03-21 18:00", end="2017-03-21 19:30",
              recurrence="RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3")
    starts = [o.start for o in info.occurrences]
    assert [s.astimezone(KYIV).hour for s in starts] == [18, 18, 18]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=2), timedelta(hours=3),
                                               timedelta(hours=3)]
    assert info.recurrence.rule == "FREQ=WEEKLY;BYDAY=TU;COUNT=3"
    assert info.recurrence.count == 3


def test_until_is_the_last_day_inclusive():
    info = ok(start="2017-04-18 18:00", recurrence="FREQ=WEEKLY;UNTIL=2017-05-09")
    assert [o.first_day.day for o in info.occurrences] == [18, 25, 2, 9]
    assert info.recurrence.rule == "FREQ=WEEKLY;UNTIL=20170509T205959Z"
    days = ok(start="2017-04-18", recurrence="FREQ=DAILY;UNTIL=20170420")
    assert len(days.occurrences) == 3 and days.recurrence.rule.endswith("UNTIL=20170420")


@pytest.mark.parametrize(("rule", "message"), [
    ("FREQ=WEEKLY", "a series needs an end"),
    ("FREQ=WEEKLY;COUNT=2;UNTIL=20170501", "COUNT or UNTIL, not both"),
    ("BYDAY=TU;COUNT=2", "has no FREQ"),
    ("FREQ=SOMETIMES;COUNT=2", "is not an RFC 5545 rule"),
    ("FREQ=WEEKLY;BYDAY=WE;COUNT=2", "make start the first session"),
    ("FREQ=DAILY;COUNT=1000", "more than 366 sessions"),
    ("DTSTART=20170101;FREQ=DAILY;COUNT=2", "remove DTSTART"),
    ("FREQ=WEEKLY;COUNT", "is not NAME=VALUE"),
])
def test_bad_recurrence_rules(rule, message):
    assert message in problem("recurrence", start="2017-04-18 18:00", recurrence=rule)


def test_reserved_slug():
    info, problems = parse_event({"start": "2017-04-07", "location": "x"}, site_tz=KYIV,
                                 default_duration=timedelta(hours=2),
                                 slug="calendar")
    assert info is None and problems[0].field == "slug"


def test_twins_must_agree():
    uk = ok(start="2017-04-07 18:00", status="scheduled")
    en = ok(start="2017-04-07T18:00:00+03:00", location="Other place")
    assert disagreements(uk, en) == []  # same instant, written differently
    en = ok(start="2017-04-07 19:00", status="cancelled", recurrence="FREQ=DAILY;COUNT=2")
    assert disagreements(uk, en) == ["start", "end", "status", "recurrence"]


# -- month grid ----------------------------------------------------------------


def test_month_grid_starts_on_monday_and_spans_days():
    grid = month_grid(2017, 4, [(date(2017, 3, 30), date(2017, 4, 2), "a"),
                                (date(2017, 4, 18), date(2017, 4, 18), "b")])
    assert grid.weeks[0][0].day == date(2017, 3, 27)  # a Monday
    assert [c.entries for c in grid.weeks[0]] == [(), (), (), (), (), ("a",), ("a",)]
    assert grid.weeks[0][3].in_month is False  # 30 March belongs to March's page
    assert next(c for w in grid.weeks for c in w if c.day == date(2017, 4, 18)).entries == ("b",)
    assert grid.entries == ("a", "b")


def test_months_to_render_and_the_landing_month():
    months = {(2017, 4), (2017, 6)}
    assert pages_to_render(months, (2017, 5)) == [(2017, 4), (2017, 5), (2017, 6)]
    assert pages_to_render(months, (2026, 11)) == [(2017, 4), (2017, 5), (2017, 6), (2026, 11)]
    assert pages_to_render(set(), (2026, 11)) == [(2026, 11)]
    assert landing_month(months, (2017, 4)) == (2017, 4)
    assert landing_month(months, (2017, 5)) == (2017, 6)  # a tie goes to the later month
    assert landing_month(months, (2026, 11)) == (2017, 6)
    assert landing_month(set(), (2026, 11)) == (2026, 11)


# -- calendars -----------------------------------------------------------------


def _event(slug, **fields):
    info = ok(**fields)
    return SimpleNamespace(info=info, slug=slug, title=f"Title {slug}", content="<p>Text</p>",
                           summary="", tags=[], modified=None, date=None)


def test_calendar_for_is_deterministic_with_vtimezone():
    """The hook the courses plugin calls for /courses/<slug>.ics."""
    events = [_event("b", start="2017-05-02 18:00"),
              _event("a", start="2017-04-07T10:00:00+00:00", status="cancelled")]
    make = lambda: to_ics(calendar_for(  # noqa: E731
        events, domain="example.org", name="Course", lang="en", calendar_id="course-x-en",
        page_url=lambda e: f"https://example.org/en/events/{e.slug}/"))
    first, second = make(), make()
    assert first == second
    calendar = Calendar.from_ical(first)
    assert str(calendar["UID"]) == "course-x-en@example.org"
    assert [str(e["UID"]) for e in calendar.events] == ["a@example.org", "b@example.org"]
    assert calendar.events[0]["STATUS"] == "CANCELLED"
    assert calendar.events[0].decoded("DTSTAMP") == datetime(2017, 4, 7, 10, tzinfo=UTC)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Kyiv"]
    assert "2017" in str(calendar.walk("VTIMEZONE")[0]["COMMENT"])
    assert str(calendar.events[1]["DESCRIPTION"]) == "Text\n\nhttps://example.org/en/events/b/"


def test_one_vtimezone_per_zone_in_a_stable_order():
    events = [_event("k", start="2017-05-02 18:00"),
              _event("b", start="2017-05-03 18:00", timezone="Europe/Berlin")]
    cache = {}
    cal = calendar_for(events, domain="d.org", name="n", lang="en", calendar_id="c",
                       shared=cache)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin", "Europe/Kyiv"]
    zones = [key for key in cache if key[0] not in ("VEVENT", "text")]
    assert cal.subcomponents[0].name == "VTIMEZONE" and len(zones) == 2
    again = calendar_for(events, domain="d.org", name="n", lang="en", calendar_id="c",
                         shared=cache)
    assert to_ics(again) == to_ics(cal)


def test_a_runs_calendars_make_and_write_each_event_once(monkeypatch):
    """An event is in its own .ics, calendar.ics and its course's: with the run's
    shared components its VEVENT is made and serialized once, the text the same."""
    from events import ical

    events = [_event("k", start="2017-05-02 18:00"),
              _event("b", start="2017-05-03 18:00", timezone="Europe/Berlin"),
              _event("w", start="2017-06-01", end="2017-06-02")]
    made = []
    real = ical.event_component
    monkeypatch.setattr(ical, "event_component",
                        lambda event, **kw: made.append(event.slug) or real(event, **kw))
    shared = {}

    def both(chosen, calendar_id):
        args = dict(domain="d.org", name="n", lang="en", calendar_id=calendar_id,
                    page_url=lambda e: f"https://d.org/events/{e.slug}/")
        alone = to_ics(calendar_for(chosen, **args))
        together = to_ics(calendar_for(chosen, **args, shared=shared), shared)
        return alone, together

    for chosen, calendar_id in (([events[0]], "k"), ([events[1]], "b"), (events, "all"),
                                (events[1:], "course")):
        alone, together = both(chosen, calendar_id)
        assert together == alone
        assert Calendar.from_ical(together).events
    # Alone, each of the four calendars makes its own VEVENTs (7); shared, each
    # event's is made once for all four (3).
    assert sorted(made) == sorted(["k", "b", "k", "b", "w", "b", "w"] + ["k", "b", "w"])
    texts = [key for key in shared if key[0] == "text"]
    assert len(texts) == 3 + 2  # three VEVENTs and two VTIMEZONEs, serialized once each


def test_dtstamp_prefers_modified_then_date():
    event = _event("x", start="2017-05-02 18:00")
    event.date = datetime(2017, 4, 1, 9, 0, tzinfo=KYIV)
    cal = calendar_for([event], domain="d.org", name="n", lang="uk", calendar_id="c")
    assert cal.events[0].decoded("DTSTAMP") == datetime(2017, 4, 1, 6, 0, tzinfo=UTC)
    assert "LAST-MODIFIED" not in cal.events[0]
    event.modified = datetime(2017, 4, 3, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    cal = calendar_for([event], domain="d.org", name="n", lang="uk", calendar_id="c")
    assert cal.events[0].decoded("DTSTAMP") == datetime(2017, 4, 3, 6, 0, tzinfo=UTC)
    assert cal.events[0].decoded("LAST-MODIFIED") == datetime(2017, 4, 3, 6, 0, tzinfo=UTC)


def test_script_safe_json():
    text = script_safe_json({"name": "</script><b>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><b>&\u2028"}


# -- display -------------------------------------------------------------------


def test_when_text_in_both_languages():
    occ = ok(start="2017-04-07 15:00", end="2017-04-07 17:00").first
    assert str(EventFormatter("uk", "d MMMM y", KYIV).when(occ)) == "7 квітня 2017, 15:00–17:00"
    assert str(EventFormatter("en", "MMMM d, y", KYIV).when(occ)) == "April 7, 2017, 15:00–17:00"
    assert EventFormatter("uk", "d MMMM y", KYIV).weekdays()[0] == ("пн", "понеділок")


def test_plain_text_keeps_paragraphs():
    html = "<p>One &amp; <b>two</b></p>\n<ul><li>a</li><li>b</li></ul><p>Three</p>"
    assert plain_text(html) == "One & two\n\n- a\n\n- b\n\nThree"


# -- settings, courses, sources ---------------------------------------------


BASE = {"TIMEZONE": "Europe/Kyiv", "PUBLIC_URL": "https://kip.example.org", "PATH": "content",
        "LANGUAGES": {"uk": {}, "en": {"prefix": "en/"}}}


def test_settings_defaults_and_now(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    conf = read_events_settings({**BASE, "EVENTS_NOW": "2017-05-01 12:00"})
    assert conf.now == datetime(2017, 5, 1, 9, 0, tzinfo=UTC)
    assert conf.uid_domain == "kip.example.org"
    assert conf.urls["EVENT_CALENDAR_URL"] == "events/calendar/{year}/{month:02d}/"
    en = read_events_settings({**BASE, "I18N_RUN_LANG": "en"})
    assert en.url("EVENTS_URL") == "en/events/"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1493629200")
    assert read_events_settings(BASE).now == datetime(2017, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("settings", "key"), [
    ({"EVENTS_NOW": "May Day"}, "EVENTS_NOW:"),
    ({"EVENTS_DEFAULT_DURATION": "2h"}, "EVENTS_DEFAULT_DURATION:"),
    ({"EVENT_CALENDAR_URL": "events/calendar/{slug}/"}, "EVENT_CALENDAR_URL:"),
    ({"EVENTS_URL": "events/{page}/"}, "EVENTS_URL:"),
    ({"PUBLIC_URL": ""}, "EVENTS_UID_DOMAIN:"),
    ({"TIMEZONE": "Europe/Atlantis"}, "TIMEZONE:"),
])
def test_settings_errors_name_the_key(settings, key):
    with pytest.raises(EventsSettingsError) as error:
        read_events_settings({**BASE, **settings})
    assert str(error.value).startswith(key)


def test_field_line(tmp_path):
    path = tmp_path / "x.en.md"
    path.write_text("Title: A\nStart: 2017\nend: x\n\nBody\nStatus: not metadata\n")
    assert field_line(str(path), "end") == 3
    assert field_line(str(path), "status") == 1


def test_dtstamp_of_an_undated_future_event_is_not_after_now():
    """No `Date:`: the start was the stamp, a moment in the future; now the build's day."""
    event = _event("x", start="2017-09-02 18:00")
    now = datetime(2017, 5, 1, 9, 30, tzinfo=UTC)
    made = [calendar_for([event], domain="d.org", name="n", lang="uk", calendar_id="c",
                         now=now).events[0].decoded("DTSTAMP") for _ in range(2)]
    assert made == [datetime(2017, 5, 1, tzinfo=UTC)] * 2
    past = _event("y", start="2017-04-02 18:00")
    cal = calendar_for([past], domain="d.org", name="n", lang="uk", calendar_id="c", now=now)
    assert cal.events[0].decoded("DTSTAMP") == datetime(2017, 4, 2, 15, 0, tzinfo=UTC)


def test_an_event_without_tags_has_no_categories_line():
    bare, tagged = _event("x", start="2017-05-02 18:00"), _event("y", start="2017-05-03 18:00")
    tagged.tags = ["training"]
    text = to_ics(calendar_for([bare, tagged], domain="d.org", name="n", lang="uk",
                               calendar_id="c"))
    assert text.count("CATEGORIES") == 1 and "CATEGORIES:training" in text
