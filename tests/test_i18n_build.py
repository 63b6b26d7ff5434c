"""The per-language build on a tiny fixture site: twins, orphans, atomic output."""

from __future__ import annotations

import re

import pytest

from conftest import build_into, write_files
from htmltools import parse, resolve

FILES = {
    "news/both.uk.md": """
        Title: Відкрита зустріч з бізнесом
        Date: 2017-05-12 10:00
        Category: Новини
        Tags: бізнес

        Текст українською.
        """,
    "news/both.en.md": """
        Title: Open meeting with business
        Date: 2017-05-12 10:00
        Category: News
        Tags: business

        English text.
        """,
    "news/english-only.en.md": """
        Title: English-only story
        Date: 2017-06-01 09:00

        Only in English.
        """,
    "news/Кухня ідей.uk.md": """
        Title: Кухня ідей
        Date: 2017-06-02 09:00

        Лише українською.
        """,
    "pages/about.uk.md": """
        Title: Про нас

        Сторінка.
        """,
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("fixture")
    content = write_files(root / "content", FILES)
    out = root / "output"
    assert build_into(out, content) == 0
    return out


def test_each_language_lists_only_its_own_items(fixture_site):
    uk_titles = parse(fixture_site / "news" / "index.html").xpath("//main//h2/a/text()")
    en_titles = parse(fixture_site / "en" / "news" / "index.html").xpath("//main//h2/a/text()")
    assert uk_titles == ["Кухня ідей", "Відкрита зустріч з бізнесом"]
    assert en_titles == ["English-only story", "Open meeting with business"]


def test_missing_slug_is_transliterated_from_the_file_name(fixture_site):
    assert (fixture_site / "news" / "kukhnia-idei" / "index.html").exists()


def test_untranslated_items_are_not_written_in_the_other_language(fixture_site):
    assert not (fixture_site / "news" / "english-only").exists()
    assert not (fixture_site / "en" / "news" / "kukhnia-idei").exists()
    assert not (fixture_site / "en" / "about").exists()
    written = [p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*.html")]
    assert not [w for w in written if "draft" in w or re.search(r"-(en|uk)(/|\.html)", w)]


def test_switcher_falls_back_to_the_other_home(fixture_site):
    page = fixture_site / "en" / "news" / "english-only" / "index.html"
    doc = parse(page)
    link = doc.xpath("//nav[contains(@class,'langs')]//a")[0]
    assert resolve(fixture_site, page, link.get("href")) == fixture_site / "index.html"
    # No twin: no hreflang block at all (a lone self link says nothing).
    assert doc.xpath("//link[@hreflang]") == []


def test_categories_link_to_their_twin(fixture_site):
    page = fixture_site / "news" / "category" / "novyny" / "index.html"
    doc = parse(page)
    alternates = {a.get("hreflang"): a.get("href") for a in doc.xpath("//link[@hreflang]")}
    assert resolve(fixture_site, page, alternates["en"]) == (
        fixture_site / "en" / "news" / "category" / "news" / "index.html")


def test_failed_build_leaves_previous_output_untouched(tmp_path, fixture_site):
    content = write_files(tmp_path / "content", FILES)
    out = tmp_path / "output"
    assert build_into(out, content) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write_files(content, {"news/bad.de.md": "Title: Schlecht\nDate: 2017-01-01\n\nText.\n"})
    assert build_into(out, content) == 1
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".output.*"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_failing_checks_stop_a_first_build_before_anything_is_written(tmp_path, capfd, jobs):
    """In worker processes or one by one: the checks come first and stop the build."""
    files = {**FILES, "news/broken.uk.md": (
        "Title: Зламане посилання\nDate: 2017-02-01\n\n"
        "Див. [новину]({filename}/news/nemaie-takoi.uk.md).\n")}
    content = write_files(tmp_path / "content", files)
    out = tmp_path / "output"
    capfd.readouterr()
    assert build_into(out, content, strict=False, jobs=jobs) == 1
    err = capfd.readouterr().err
    assert "nemaie-takoi.uk.md does not exist" in err
    assert "build FAILED: content problems above" in err
    assert "Unable to find" not in err  # Pelican's own warning, from a run
    assert not out.exists()
    assert not list(tmp_path.glob(".output.*"))


def test_unknown_language_is_reported_with_the_fix(tmp_path, capfd):
    content = write_files(tmp_path / "content",
                          {"news/bad.de.md": "Title: Schlecht\nDate: 2017-01-01\n\nText.\n"})
    assert build_into(tmp_path / "out", content) == 1
    err = capfd.readouterr().err
    lines = [line for line in err.splitlines() if "unknown language" in line]
    assert len(lines) == 1
    assert "content/news/bad.de.md:1: lang: unknown language 'de'" in lines[0]
    assert "uk, en" in err
    assert "Traceback" not in err


def test_a_misspelt_plugin_is_named_without_a_traceback(tmp_path, capfd):
    content = write_files(tmp_path / "content", FILES)
    out = tmp_path / "out"
    assert build_into(out, content, overrides={"PLUGINS": ["i18n", "sitemapp"]}) == 2
    err = capfd.readouterr().err
    assert "PLUGINS: cannot import 'sitemapp'" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_long_lists_are_paginated_in_each_language(tmp_path):
    files = {}
    for n in range(12):
        files[f"news/item-{n:02d}.uk.md"] = (f"Title: Новина {n}\nDate: 2017-05-{n + 1:02d}\n"
                                             "Category: Новини\n\nТекст.\n")
        files[f"news/item-{n:02d}.en.md"] = (f"Title: Story {n}\nDate: 2017-05-{n + 1:02d}\n"
                                             "Category: News\n\nText.\n")
    content = write_files(tmp_path / "content", files)
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    for prefix in ("", "en/"):
        first = out / prefix / "news" / "index.html"
        second = out / prefix / "news" / "page" / "2" / "index.html"
        assert second.exists(), second
        older = parse(first).xpath("//a[@rel='next']/@href")
        assert resolve(out, first, older[0]) == second
        assert len(parse(second).xpath("//main//article")) == 2
        newer = parse(second).xpath("//a[@rel='prev']/@href")
        assert resolve(out, second, newer[0]) == first
    category = out / "news" / "category" / "novyny" / "page" / "2" / "index.html"
    assert category.exists()


def test_progress_is_plain_lines_outside_a_terminal(tmp_path, capfd):
    content = write_files(tmp_path / "content", FILES)
    assert build_into(tmp_path / "out", content) == 0
    err = capfd.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("build: ")]
    assert lines[0].startswith("build: 0/3 building uk, en")
    # The languages finish in either order, each on its own line.
    done = [re.match(r"build: ([12])/3 (uk|en) written", line) for line in lines[1:3]]
    assert all(done) and {m[2] for m in done} == {"uk", "en"}
    assert [m[1] for m in done] == ["1", "2"]
    assert lines[-1].startswith("build: 3/3 now: headers, images, offline, search, sitemap")
    assert "\r" not in err


def test_typographic_quotes_follow_the_language(tmp_path):
    body = 'Текст про "Кухню ідей" і м\'яту.\n'
    content = write_files(tmp_path / "content", {
        "news/quotes.uk.md": f"Title: Лапки\nDate: 2017-05-01\n\n{body}",
        "news/quotes.en.md": 'Title: Quotes\nDate: 2017-05-01\n\nAbout "Kitchen of ideas".\n',
    })
    out = tmp_path / "out"
    assert build_into(out, content) == 0
    uk = parse(out / "news" / "quotes" / "index.html").xpath("string(//article)")
    en = parse(out / "en" / "news" / "quotes" / "index.html").xpath("string(//article)")
    assert "«Кухню ідей»" in uk and "м’яту" in uk
    assert "“Kitchen of ideas”" in en
