"""The per-language build on a tiny fixture site: twins, orphans, atomic output."""

from __future__ import annotations

import re

import pytest

from conftest import CONF, ROOT, build_into, python_result, write_files
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
    """With two jobs the runs start beside the checks; when the checks fail, what
    the runs wrote and said is thrown away, as when the checks come first."""
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
    assert lines[-1].startswith("build: 3/3 now: sitemap, images, search index")
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


def test_the_generators_of_a_run_share_one_template_environment(tmp_path):
    from pelican import signals

    seen = []

    def look(generators):
        seen.append([g.env for g in generators if getattr(g, "env", None) is not None])

    signals.all_generators_finalized.connect(look)
    try:
        content = write_files(tmp_path / "content", FILES)
        assert build_into(tmp_path / "out", content, jobs=1) == 0
    finally:
        signals.all_generators_finalized.disconnect(look)
    assert len(seen) == 2 and all(len(envs) >= 5 for envs in seen)
    # One environment per run, for every generator of it; each run has its own.
    assert [len({id(env) for env in envs}) for envs in seen] == [1, 1]
    assert seen[0][0] is not seen[1][0]


def test_the_site_author_is_slugified_once_per_run(tmp_path, monkeypatch):
    """Every item gets an Author of its own (the AUTHOR setting); its slug, which
    goes into every item's URL pattern, is worked out once per language run."""
    from pelican import urlwrappers
    from pelican.settings import read_settings

    author = read_settings(str(ROOT / "pelicanconf.py"))["AUTHOR"]
    names = []
    slugify = urlwrappers.slugify

    def counting(value, *args, **kwargs):
        names.append(value)
        return slugify(value, *args, **kwargs)

    monkeypatch.setattr(urlwrappers, "slugify", counting)
    files = {f"news/item-{n}.uk.md": f"Title: Новина {n}\nDate: 2017-05-{n + 1:02d}\n\nТекст.\n"
             for n in range(8)}
    content = write_files(tmp_path / "content", {**FILES, **files})
    assert build_into(tmp_path / "out", content, jobs=1) == 0
    # One per language run (each has its own AUTHOR), for some 20 items.
    assert author in names and len(names) == len(set(names)) == 2, names


def test_a_build_that_ends_its_process_leaves_the_collector_nothing_to_walk(tmp_path):
    """`invoke build` and the benchmark build with `build_to_exit`: the site is the
    same, and every object left is frozen (the exit skips them in its collections)."""
    content = write_files(tmp_path / "content", FILES)
    code, frozen, tracked = python_result(
        "import gc, json\n"
        "from i18n.build import build_to_exit\n"
        f"code = build_to_exit({CONF!r}, output={str(tmp_path / 'out')!r}, overrides="
        f"{{'PATH': {str(content)!r}, 'CACHE_PATH': {str(tmp_path / 'cache')!r}}})\n"
        "print(json.dumps([code, gc.get_freeze_count(), len(gc.get_objects())]))\n")
    assert code == 0
    assert frozen > 10_000 and tracked < 100  # the modules and the build's leftovers
    assert (tmp_path / "out" / "index.html").is_file()
    assert (tmp_path / "out" / "en" / "index.html").is_file()


def test_a_run_keeps_its_long_lived_objects_out_of_the_collector(tmp_path):
    """Once a run's context is complete, what is alive is frozen while the pages are
    written (the collector's full passes skip it); the run thaws it when it ends."""
    import gc

    from pelican import signals

    seen = {}

    def reading(_generator):  # the articles are read, the context not yet complete
        seen.setdefault("frozen while reading", gc.get_freeze_count())

    def writing(_generator, **_):  # the articles' pages are written
        seen.setdefault("frozen while writing", gc.get_freeze_count())

    signals.article_generator_finalized.connect(reading)
    signals.article_writer_finalized.connect(writing)
    try:
        before = gc.get_freeze_count()
        content = write_files(tmp_path / "content", FILES)
        assert build_into(tmp_path / "out", content, jobs=1) == 0
    finally:
        signals.article_generator_finalized.disconnect(reading)
        signals.article_writer_finalized.disconnect(writing)
    # What the run started with, then the content read meanwhile.
    assert seen["frozen while reading"] > before + 10_000
    assert seen["frozen while writing"] > seen["frozen while reading"] + 1_000
    assert gc.get_freeze_count() == before  # thawed for the rest of this process
