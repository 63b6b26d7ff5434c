"""Scheduled posts: production builds leave future items out until their moment;
development builds show them with a badge."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest

from conftest import build_into, write_files
from sitebuild.hooks import BuildContext

KYIV = ZoneInfo("Europe/Kyiv")
#: Production: what publishconf.py sets, on the development settings of the tests.
PRODUCTION = {"SCHEDULED_ITEMS": "hide"}
BEFORE = "2027-04-12T08:59:00+03:00"
AFTER = "2027-04-12T09:01:00+03:00"


def _news(title: str, date: str | None, lang: str) -> str:
    lines = [f"Title: {title}"] + ([f"Date: {date}"] if date else [])
    lines += ["Category: News", f"Summary: {title}.", "", f"{title}: the text of the item."]
    return "\n".join(lines) + "\n"


FILES = {
    **{f"news/past.{lang}.md": _news(f"Past {lang}", "2017-04-07 18:00", lang)
       for lang in ("uk", "en")},
    **{f"news/future.{lang}.md": _news(f"Future {lang}", "2027-04-12 09:00", lang)
       for lang in ("uk", "en")},
    **{f"pages/undated.{lang}.md": f"Title: Undated {lang}\n\nA page without a date.\n"
       for lang in ("uk", "en")},
    "events/launch.uk.md": """
        Title: Запуск
        Start: 2027-06-01 18:00
        Announce: 2027-04-12 09:00
        Location: Вільна Хата
        """,
    "events/launch.en.md": """
        Title: Launch
        Start: 2027-06-01 18:00
        Announce: 2027-04-12 09:00
        Location: Vilna Khata
        """,
}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return write_files(tmp_path_factory.mktemp("schedule") / "content", FILES)


def _build(tmp_path: Path, content: Path, now: str, **settings) -> Path:
    out = tmp_path / "out"
    overrides = {"SCHEDULE_NOW": now, "EVENTS_NOW": now, **settings}
    assert build_into(out, content, strict=True, overrides=overrides) == 0
    return out


def _feed_titles(out: Path) -> set[str]:
    return {entry.title for prefix in ("", "en/")
            for entry in feedparser.parse((out / prefix / "feed.xml").read_bytes()).entries}


def _sitemap(out: Path) -> str:
    return (out / "sitemap.xml").read_text(encoding="utf-8")


def _search_urls(out: Path) -> set[str]:
    """The page URLs in Pagefind's index (its fragments are gzipped JSON)."""
    urls = set()
    for path in out.glob("**/pagefind/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        urls.add(json.loads(data[data.index(b"{"):])["url"])
    assert urls
    return urls


def test_production_leaves_a_future_item_out_until_its_moment(content, tmp_path):
    out = _build(tmp_path / "before", content, BEFORE, **PRODUCTION)
    for prefix in ("", "en/"):
        assert (out / prefix / "news/past/index.html").is_file()
        assert (out / prefix / "undated/index.html").is_file()
        assert not (out / prefix / "news/future").exists()
        assert not (out / prefix / "cards/news/future.png").exists()
        assert not (out / prefix / "events/launch").exists()
        listing = (out / prefix / "news/index.html").read_text(encoding="utf-8")
        assert "news/past/" in listing and "news/future/" not in listing
    assert not any((out / "drafts").glob("**/future*"))
    assert _feed_titles(out) >= {"Past uk", "Past en"}
    assert not {"Future uk", "Future en"} & _feed_titles(out)
    assert "/news/past/" in _sitemap(out) and "/news/future/" not in _sitemap(out)
    search = _search_urls(out)
    assert any("/news/past/" in url for url in search)
    assert not any("future" in url for url in search)
    assert "Launch" not in (out / "en" / "calendar.ics").read_text(encoding="utf-8")
    assert "Запуск" not in (out / "events" / "index.html").read_text(encoding="utf-8")

    # A minute after the moment, the same sources publish it everywhere.
    out = _build(tmp_path / "after", content, AFTER, **PRODUCTION)
    for prefix in ("", "en/"):
        assert (out / prefix / "news/future/index.html").is_file()
        assert (out / prefix / "cards/news/future.png").is_file()
        assert (out / prefix / "events/launch/index.html").is_file()
        page = lxml.html.fromstring((out / prefix / "news/future/index.html").read_bytes())
        assert not page.xpath("//*[contains(@class, 'badge-scheduled')]")
    assert {"Future uk", "Future en"} <= _feed_titles(out)
    assert "/news/future/" in _sitemap(out)
    assert any("/news/future/" in url for url in _search_urls(out))


def test_development_shows_a_future_item_with_a_badge(content, tmp_path):
    out = _build(tmp_path, content, BEFORE)
    uk = lxml.html.fromstring((out / "news/future/index.html").read_bytes())
    badge = " ".join(uk.xpath("string(//*[contains(@class, 'badge-scheduled')])").split())
    assert badge == "Заплановано на 12 квітня 2027, 09:00"
    en = lxml.html.fromstring((out / "en/news/future/index.html").read_bytes())
    assert en.xpath("string(//*[contains(@class, 'badge-scheduled')])") == (
        "Scheduled for April 12, 2027, 09:00")
    # Lists show it too, so the team sees what is coming.
    listing = lxml.html.fromstring((out / "news/index.html").read_bytes())
    assert len(listing.xpath("//*[contains(@class, 'badge-scheduled')]")) == 1
    past = lxml.html.fromstring((out / "news/past/index.html").read_bytes())
    assert not past.xpath("//*[contains(@class, 'badge-scheduled')]")
    assert (out / "events/launch/index.html").is_file()


def test_the_next_scheduled_moment_ends_up_to_date(content, tmp_path):
    from pelican.settings import read_settings
    from scheduled.wiring import valid_until

    from conftest import CONF

    settings = read_settings(CONF, override={"PATH": str(content), **PRODUCTION,
                                             "SCHEDULE_NOW": BEFORE})
    context = BuildContext(settings=settings, output=tmp_path, cache=tmp_path,
                           languages=("uk", "en"), strict=True)
    assert valid_until(context) == datetime(2027, 4, 12, 9, 0, tzinfo=KYIV)
    later = read_settings(CONF, override={"PATH": str(content), **PRODUCTION,
                                          "SCHEDULE_NOW": AFTER})
    assert valid_until(BuildContext(settings=later, output=tmp_path, cache=tmp_path,
                                    languages=("uk", "en"), strict=True)) is None


def test_an_announce_that_does_not_parse_is_a_path_line_field_error(tmp_path, capfd):
    content = write_files(tmp_path / "content", {"events/x.en.md": """
        Title: Meeting
        Start: 2027-06-01 18:00
        Announce: next Monday
        Location: Vilna Khata
        """})
    assert build_into(tmp_path / "out", content, strict=True) == 1
    err = capfd.readouterr().err
    assert "content/events/x.en.md:3: announce:" in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_news_item_without_a_date_is_a_path_line_field_error(tmp_path, capfd):
    content = write_files(tmp_path / "content", {"news/x.en.md": _news("No date", None, "en")})
    assert build_into(tmp_path / "out", content, strict=True) == 1
    err = capfd.readouterr().err
    assert "content/news/x.en.md:1: date:" in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_upcoming_lists_what_waits_for_its_moment(content):
    from pelican.settings import read_settings
    from scheduled.wiring import upcoming

    from conftest import CONF

    settings = read_settings(CONF, override={"PATH": str(content), "SCHEDULE_NOW": BEFORE})
    found = [(when, path.relative_to(content).as_posix(), field)
             for when, path, field in upcoming(settings)]
    moment = datetime(2027, 4, 12, 9, 0, tzinfo=KYIV)
    assert found == [(moment, "events/launch.en.md", "announce"),
                     (moment, "events/launch.uk.md", "announce"),
                     (moment, "news/future.en.md", "date"),
                     (moment, "news/future.uk.md", "date")]
    later = read_settings(CONF, override={"PATH": str(content), "SCHEDULE_NOW": AFTER})
    assert upcoming(later) == []


def test_upcoming_reads_announce_as_the_events_plugin_does(tmp_path):
    from pelican.settings import read_settings
    from scheduled.wiring import upcoming

    from conftest import CONF

    content = write_files(tmp_path / "content", {
        "events/offset.en.md": "Title: A\nStart: 2027-06-01 18:00\n"
                               "Announce: 2027-04-12T09:00+03:00\nLocation: X\n",
        "events/day.en.md": "Title: B\nStart: 2027-06-01 18:00\nAnnounce: 2027-04-13\n"
                            "Location: X\n"})
    settings = read_settings(CONF, override={"PATH": str(content), "SCHEDULE_NOW": BEFORE})
    assert [(when, path.name) for when, path, _field in upcoming(settings)] == [
        (datetime(2027, 4, 12, 9, 0, tzinfo=KYIV), "offset.en.md"),
        (datetime(2027, 4, 13, 0, 0, tzinfo=KYIV), "day.en.md")]
