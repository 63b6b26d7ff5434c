"""Planned activities: targets, what counts towards them, the donor report (its page,
CSV and PDF with the same figures), and bad input stopped before anything is written."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date

import pytest
from pelican.settings import read_settings
from PIL import Image
from pypdf import PdfReader

from conftest import CONF, build_into, run_vnu, write_files
from htmltools import parse

NOW = "2017-06-01T12:00:00+03:00"
PUBLIC = "https://kip.example.org"
OVERRIDES = {"EVENTS_NOW": NOW, "SCHEDULE_NOW": NOW, "PUBLIC_URL": PUBLIC}
PERIOD = (date(2017, 2, 1), date(2017, 8, 31))


def _activity(slug: str, title: str, target: str) -> dict[str, str]:
    return {f"activities/{slug}.{lang}.md": f"""
        Title: {title} {lang}
        Target: {target}
        Start: 2017-02-01
        End: 2017-08-31
        Summary: What {title} is, {lang}.

        What it is.
        """ for lang in ("uk", "en")}


def _event(slug: str, start: str, *extra: str) -> dict[str, str]:
    lines = "\n        ".join(extra)
    return {f"events/{slug}.{lang}.md": f"""
        Title: {slug} {lang}
        Start: {start}
        Location: Place {lang}
        {lines}

        Text.
        """ for lang in ("uk", "en")}


def _twins(folder: str, slug: str, *lines: str) -> dict[str, str]:
    header = "\n        ".join(lines)
    return {f"{folder}/{slug}.{lang}.md": f"""
        Title: {slug} {lang}
        {header}

        Text.
        """ for lang in ("uk", "en")}


FILES = {
    **_activity("meetings", "Meetings", "3 events"),
    **_activity("trained", "Trained", "20 people"),
    **_activity("courses", "Courses", "2 courses"),
    **_event("meet-1", "2017-04-20 10:00", "Activity: meetings", "Attendance: 12",
             "Audience: молодь", "Image: {static}/images/meet.jpg", "Image_alt: The hall"),
    **_event("meet-2", "2017-05-18 10:00", "Activity: meetings", "Attendance: 9"),
    **_event("meet-3", "2017-06-15 10:00", "Activity: meetings"),  # to come
    **_event("school", "2017-04-10 10:00", "Activity: trained", "Attendance: 15",
             "Course: english"),
    **_event("cancelled", "2017-04-11 10:00", "Activity: meetings", "Status: cancelled"),
    **_twins("courses", "english", "Activity: courses"),
    **_twins("courses", "web", "Activity: courses"),  # no session held: not run
    **_twins("news", "launch", "Date: 2017-03-01 10:00", "Activity: meetings"),
    **_twins("news", "later", "Date: 2017-07-01 10:00", "Activity: meetings"),  # scheduled
    **_twins("pages", "planned-activities", "Template: progress"),
}
#: What each activity shows: target text (en), done, attendance, and its rows (kind, url).
EXPECTED = {
    "meetings": ("3 events", 2, 21, [("news", "news/launch/"), ("event", "events/meet-1/"),
                                      ("event", "events/meet-2/")]),
    "trained": ("20 people", 15, 15, [("event", "events/school/")]),
    "courses": ("2 courses", 1, 0, [("course", "courses/english/")]),
}
ATTENDANCE = {"events/meet-1/": "12", "events/meet-2/": "9", "events/school/": "15"}


@pytest.fixture(scope="module")
def activity_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("activities")
    content = write_files(root / "content", FILES)
    (content / "images").mkdir()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(content / "images" / "meet.jpg")
    out = root / "out"
    assert build_into(out, content, overrides=OVERRIDES) == 0
    return content, out


def _settings(content):
    return read_settings(CONF, override={"PATH": str(content), **OVERRIDES})


def test_the_report_page_shows_every_figure_in_both_languages(activity_site):
    _content, out = activity_site
    for prefix in ("", "en/"):
        page = parse(out / prefix / "activities" / "report" / "index.html")
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        for slug, (target, done, attendance, rows) in EXPECTED.items():
            (section,) = page.xpath(f"//section[h2/@id='activity-{slug}']")
            figures = {dd.get("data-figure"): dd.text_content().strip()
                       for dd in section.xpath(".//dd")}
            assert figures["done"] == str(done) and figures["attendance"] == str(attendance)
            if prefix:
                assert figures["target"] == target
            found = [(tr.get("data-kind"), tr.xpath(".//a/@href")[0])
                     for tr in section.xpath(".//tbody/tr")]
            assert [kind for kind, _ in found] == [kind for kind, _ in rows]
            for (_, href), (_, url) in zip(found, rows, strict=True):
                assert href.endswith(prefix + url)
            for tr in section.xpath(".//tbody/tr"):
                url = tr.xpath(".//a/@href")[0]
                cells = [td.text_content().strip() for td in tr.xpath("td")]
                expected = next((n for u, n in ATTENDANCE.items() if url.endswith(u)), "")
                assert cells[-1] == expected
    assert "activities/report" not in (out / "sitemap.xml").read_text(encoding="utf-8")


#: The progress page, by language: per activity its bar's text, done and target, the
#: attendance, and what it lists (kind, date, link).
PROGRESS = {
    "uk": {
        "meetings": ("Проведено 2 з 3 подій", 2, 3, "21 людина", [
            ("held", "20 квітня 2017", "events/meet-1/"),
            ("held", "18 травня 2017", "events/meet-2/"),
            ("news", "1 березня 2017", "news/launch/"),
            ("upcoming", "15 червня 2017", "events/meet-3/")]),
        "trained": ("Охоплено 15 з 20 людей", 15, 20, "15 людей", [
            ("held", "10 квітня 2017", "events/school/")]),
        "courses": ("Проведено 1 з 2 курсів", 1, 2, "0 людей", [
            ("course", "10 квітня 2017", "courses/english/")]),
    },
    "en": {
        "meetings": ("2 of 3 events held", 2, 3, "21 people", [
            ("held", "April 20, 2017", "events/meet-1/"),
            ("held", "May 18, 2017", "events/meet-2/"),
            ("news", "March 1, 2017", "news/launch/"),
            ("upcoming", "June 15, 2017", "events/meet-3/")]),
        "trained": ("15 of 20 people reached", 15, 20, "15 people", [
            ("held", "April 10, 2017", "events/school/")]),
        "courses": ("1 of 2 courses run", 1, 2, "0 people", [
            ("course", "April 10, 2017", "courses/english/")]),
    },
}


def test_the_progress_page_shows_each_activity_in_both_languages(activity_site):
    _content, out = activity_site
    for lang, prefix in (("uk", ""), ("en", "en/")):
        page = parse(out / prefix / "planned-activities" / "index.html")
        assert page.xpath("//html/@lang") == [lang]
        # The page's own text stays as the introduction, before the activities.
        assert page.xpath("//article/h1")[0].text_content() == f"planned-activities {lang}"
        sections = page.xpath("//article/section[@class='activity-progress']")
        assert [s.get("aria-labelledby") for s in sections] == [
            f"activity-{slug}" for slug in ("courses", "meetings", "trained")]
        for slug, (text, done, target, people, items) in PROGRESS[lang].items():
            (section,) = page.xpath(f"//section[h2/@id='activity-{slug}']")
            assert section.xpath("h2")[0].text_content() == f"{slug.capitalize()} {lang}"
            assert section.xpath("p[1]")[0].text_content() == \
                f"What {slug.capitalize()} is, {lang}."  # the summary
            (meter,) = section.xpath(".//meter")
            (label,) = section.xpath(f".//label[@for='{meter.get('id')}']")
            assert label.text_content() == text
            assert (meter.get("min"), meter.get("value"), meter.get("max")) == (
                "0", str(done), str(target))
            assert section.xpath("p/span[@data-figure='attendance']")[0].text_content() == \
                people
            found = [(li.get("data-kind"), li.xpath(".//time")[0].text_content(),
                      li.xpath(".//a/@href")[0]) for li in section.xpath(".//li")]
            assert [(kind, day) for kind, day, _ in found] == [
                (kind, day) for kind, day, _ in items]
            for (_, _, href), (_, _, url) in zip(found, items, strict=True):
                assert href.endswith(prefix + url) and (out / prefix / url).is_dir()
            for li in section.xpath(".//li[@data-kind='held']"):
                url = li.xpath(".//a/@href")[0]
                expected = next(n for u, n in ATTENDANCE.items() if url.endswith(u))
                assert expected in li.xpath(".//*[@data-figure='attendance']")[0].text_content()
        # The held event with a photo shows it small, through the images plugin.
        (meeting,) = page.xpath("//li[@data-kind='held'][.//a[contains(@href, 'meet-1')]]")
        (img,) = meeting.xpath(".//picture//img")
        assert img.get("alt") == "The hall" and img.get("sizes") == "6rem"
        assert "meet-" in img.get("srcset") and not page.xpath("//@data-sizes")
        assert not page.xpath("//li[.//a[contains(@href, 'meet-2')]]//img")
        assert not page.xpath("//a[contains(@href, 'cancelled') or contains(@href, 'later')]")


def test_the_progress_page_has_the_report_figures(activity_site):
    _content, out = activity_site
    for prefix in ("", "en/"):
        page = parse(out / prefix / "planned-activities" / "index.html")
        report = parse(out / prefix / "activities" / "report" / "index.html")
        for slug, (_target, done, attendance, _rows) in EXPECTED.items():
            mine = page.xpath(f"//section[h2/@id='activity-{slug}']")[0]
            theirs = report.xpath(f"//section[h2/@id='activity-{slug}']")[0]
            (dd,) = theirs.xpath(".//dd[@data-figure='done']")
            assert mine.xpath(".//meter/@value")[0] == dd.text_content().strip() == str(done)
            (dd,) = theirs.xpath(".//dd[@data-figure='attendance']")
            people = mine.xpath("p/span[@data-figure='attendance']")[0].text_content()
            assert people.split()[0] == dd.text_content().strip() == str(attendance)


@pytest.mark.vnu
def test_the_progress_page_passes_the_nu_html_checker(activity_site):
    _content, out = activity_site
    pages = [out / prefix / "planned-activities" / "index.html" for prefix in ("", "en/")]
    errors = run_vnu(pages, css=False)
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e['message']}"
                                   for e in errors)


def test_the_csv_and_the_pdf_have_the_same_figures(activity_site, tmp_path):
    from activities.report import headings, unit_text, write_reports
    from i18n.catalog import load_translations

    content, _out = activity_site
    settings = _settings(content)
    written = write_reports(settings, tmp_path, PERIOD)
    assert sorted(p.name for p in written) == sorted(
        f"activities-2017-02-01-2017-08-31.{lang}.{ext}" for lang in ("uk", "en")
        for ext in ("csv", "pdf"))
    for lang, prefix in (("uk", ""), ("en", "en/")):
        translations = load_translations(settings["THEME"], lang)
        names = headings(translations)
        stem = tmp_path / f"activities-2017-02-01-2017-08-31.{lang}"
        rows = list(csv.reader(io.StringIO(stem.with_name(stem.name + ".csv").read_text(
            encoding="utf-8"))))
        text = " ".join(PdfReader(stem.with_name(stem.name + ".pdf")).pages[0]
                        .extract_text().split())
        assert PdfReader(stem.with_name(stem.name + ".pdf")).pages[0].mediabox.width == \
            pytest.approx(595.28, abs=0.1)
        for slug, (_target, done, attendance, items) in EXPECTED.items():
            title = f"{slug.capitalize()} {lang}"
            number, unit = {"meetings": (3, "events"), "trained": (20, "people"),
                            "courses": (2, "courses")}[slug]
            target = unit_text(translations, number, unit)
            mine = [row for row in rows if row[0] == title]
            assert mine[0][1:3] == [target, str(done)] and mine[0][7] == str(attendance)
            assert [row[-1] for row in mine[1:]] == [f"{PUBLIC}/{prefix}{url}"
                                                    for _, url in items]
            for row in mine[1:]:
                assert row[7] == ATTENDANCE.get(row[-1].removeprefix(f"{PUBLIC}/{prefix}"), "")
            assert (f"{names['target']}: {target} · {names['done']}: {done} · "
                    f"{names['attendance']}: {attendance}") in text
        assert "12" in text and "events/meet-1/" in text.replace(" ", "")


def test_progress_counts_what_is_next_and_leaves_out_cancelled_and_future(activity_site):
    from activities.progress import activity_progress

    content, _out = activity_site
    found = {a.slug: a for a in activity_progress(_settings(content))}
    meetings = found["meetings"]
    assert [i.slug for i in meetings.held] == ["meet-1", "meet-2"]
    assert [i.slug for i in meetings.upcoming] == ["meet-3"]
    assert [i.slug for i in meetings.news] == ["launch"]
    assert (meetings.done, meetings.target, meetings.attendance) == (2, 3, 21)
    # A period before the meetings: nothing held in it.
    early = {a.slug: a for a in activity_progress(
        _settings(content), period=(date(2017, 2, 1), date(2017, 3, 31)))}
    assert (early["meetings"].done, [i.slug for i in early["meetings"].news]) == (0, ["launch"])


def test_search_keeps_a_space_between_a_label_and_its_value(activity_site):
    _content, out = activity_site
    fragments = list(out.glob("**/pagefind/fragment/*.pf_fragment"))
    if not fragments:
        pytest.skip("Pagefind is not installed: no index")
    texts = []
    for path in fragments:
        data = gzip.decompress(path.read_bytes())
        texts.append(json.loads(data[data.index(b"{"):])["content"])
    # The Ukrainian page of the meeting (the English one says "Audience молодь").
    meeting = next(text for text in texts if "молодь" in text and "meet-1 uk" in text)
    assert "Для кого молодь" in meeting and "Для когомолодь" not in meeting


BAD = {
    **_activity("meetings", "Meetings", "0 events"),
    **_activity("other", "Other", "many people"),
    **_event("future", "2017-09-01 10:00", "Activity: nowhere", "Attendance: 30"),
}


def test_bad_input_is_a_line_each_and_nothing_is_written(tmp_path, capsys):
    from checks.runner import check_content

    content = write_files(tmp_path / "content", BAD)
    messages = [str(p) for p in check_content(_settings(content))]
    for lang in ("uk", "en"):
        expected = [
            (f"activities/meetings.{lang}.md:2: target: 0 is not a positive whole number"),
            (f"activities/other.{lang}.md:2: target: 'many people' is not a number and a unit"),
            (f"events/future.{lang}.md:4: activity: no activity 'nowhere'"),
            (f"events/future.{lang}.md:5: attendance: the event starts on 2017-09-01, "
             "after now"),
        ]
        for start in expected:
            assert any(start in message for message in messages), (start, messages)
    out = tmp_path / "out"
    assert build_into(out, content, overrides=OVERRIDES) != 0
    assert not out.exists()
    assert "Traceback" not in capsys.readouterr().err
