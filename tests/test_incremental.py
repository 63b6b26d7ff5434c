"""Incremental rendering (plugins/incremental) and the kept search bundle (plugins/search).

The one property that matters: a development build after an edit writes
exactly the tree a clean build of the same sources writes, byte for byte,
while pages the edit cannot reach are taken from the previous build.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_into, python_result

sys.path.insert(0, str(ROOT))

from benchmarks.corpus import CorpusSize, generate  # noqa: E402

SIZE = CorpusSize(articles=14, events=4, courses=2)


def tree(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


def folders(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


def assert_same_tree(built: Path, clean: Path) -> None:
    a, b = tree(built), tree(clean)
    assert sorted(a) == sorted(b), (set(a) ^ set(b))
    assert folders(built) == folders(clean), folders(built) ^ folders(clean)
    different = [rel for rel in a if not filecmp.cmp(a[rel], b[rel], shallow=False)]
    assert not different, different[:10]


def _mtimes(root: Path) -> dict[str, int]:
    return {rel: p.stat().st_mtime_ns for rel, p in tree(root).items() if rel.endswith(".html")}


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, Path, Path]:
    made = generate(tmp_path / "content", SIZE)
    out = tmp_path / "output"
    assert build_into(out, made.content, strict=False) == 0
    return made.content, out, made.edit_target


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _retitle(path: Path, text: str) -> None:
    source = path.read_text(encoding="utf-8")
    lines = source.split("\n")
    lines = [f"Title: {text}" if line.startswith("Title:") else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")


def _slug_dir(out: Path, source: Path) -> Path:
    slug = source.name.split(".")[0]
    found = [p for p in out.rglob("index.html") if p.parent.name == slug and "/en/" not in
             str(p.relative_to(out.parent))]
    assert found, slug
    return found[0]


def test_a_build_with_nothing_changed_stops_at_once(corpus, capfd):
    content, out, target = corpus
    capfd.readouterr()
    assert build_into(out, content, strict=False) == 0
    assert "up to date: nothing changed" in capfd.readouterr().out
    _append(target, "\nНове речення.\n")
    assert build_into(out, content, strict=False) == 0
    assert "up to date" not in capfd.readouterr().out
    # The build mode is an input too: a strict build after a development one runs.
    assert build_into(out, content, strict=True) == 0
    assert "up to date" not in capfd.readouterr().out


def test_a_body_edit_renders_few_pages_and_matches_a_clean_build(corpus, tmp_path):
    content, out, target = corpus
    before = _mtimes(out)
    _append(target, "\nРечення, яке додала редакторка, щоб перевірити перебудову.\n")
    assert build_into(out, content, strict=False) == 0
    after = _mtimes(out)
    rendered = sorted(rel for rel in after if before.get(rel) != after[rel])
    page = _slug_dir(out, target)
    assert str(page.relative_to(out)) in rendered
    assert "перевірити перебудову" in page.read_text(encoding="utf-8")
    # Only pages that show this body are rendered again: the article, and the lists
    # that print its reading time (its category, tags and news page); no English page.
    assert not [rel for rel in rendered if rel.startswith("en/")], rendered
    assert all(rel.startswith("news/") for rel in rendered), rendered
    assert len(rendered) <= 8 < len(after), rendered

    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)


@pytest.mark.parametrize("change", ["title", "new article", "removed article"])
def test_other_edits_match_a_clean_build(corpus, tmp_path, change):
    content, out, target = corpus
    if change == "title":
        _retitle(target, "Новий заголовок після правки")
    elif change == "new article":
        (target.parent / "zovsim-nova-novyna.uk.md").write_text(
            "Title: Зовсім нова новина\nDate: 2030-01-01 10:00\nCategory: Звіти\n"
            "Summary: Нова новина з'являється в усіх списках.\n\nТекст новини.\n",
            encoding="utf-8")
    else:
        texts = {p: p.read_text(encoding="utf-8") for p in content.rglob("*.md")}
        def stem(path):
            return path.name.split(".")[0]
        unlinked = next(p for p in sorted(texts) if p.parent.name == "news" and not any(
            f"/{stem(p)}." in t for q, t in texts.items() if stem(q) != stem(p)))
        for twin in unlinked.parent.glob(unlinked.name.split(".")[0] + ".*.md"):
            twin.unlink()
    assert build_into(out, content, strict=False) == 0
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)
    if change == "title":
        listed = [p for p in (out / "news").rglob("index.html")
                  if "Новий заголовок після правки" in p.read_text(encoding="utf-8")]
        assert _slug_dir(out, target) in listed and len(listed) > 2, listed


def test_a_template_change_renders_every_page(corpus, tmp_path):
    content, out, _target = corpus
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<p>Нова примітка</p>\n",
                      encoding="utf-8")
    assert build_into(out, content, strict=False, overrides={"THEME": str(theme)}) == 0
    pages = [p for rel, p in tree(out).items() if rel.endswith(".html")
             and "<body" in p.read_text(encoding="utf-8")]
    assert pages and all("Нова примітка" in p.read_text(encoding="utf-8") for p in pages)


def test_the_kept_search_bundles_hold_only_the_current_index(corpus):
    content, out, target = corpus
    kept = out.parent / f"{out.name}-cache" / "pagefind-bundle"
    english = (kept / "en" / "pagefind-entry.json").stat().st_mtime_ns
    for n in range(3):
        _append(target, f"\nПравка номер {n}: слово{n}унікальне.\n")
        assert build_into(out, content, strict=False) == 0
    # Only Ukrainian pages changed: the English index was not built again.
    assert (kept / "en" / "pagefind-entry.json").stat().st_mtime_ns == english
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "uk"]
    for code, info in entry["languages"].items():
        fragments = os.listdir(kept / code / "fragment")
        assert len(fragments) == info["page_count"], code
        assert all(name.startswith(f"{code}_") for name in fragments)
    published = os.listdir(out / "pagefind" / "fragment")
    assert len(published) == sum(i["page_count"] for i in entry["languages"].values())


def test_the_site_digest_reads_values_not_identities():
    from incremental.digest import Unstable
    from incremental.digest import site_digest as digest_and_items

    def site_digest(*args):
        return digest_and_items(*args)[0]

    class Helper:
        def __init__(self, output):
            self.where = f"{output}/cards"
            self.names = {"b", "a", "c"}

    first = site_digest({"helper": Helper("/tmp/.out-1"), "n": 1}, {"OUTPUT_PATH": "/tmp/.out-1"},
                        "base")
    second = site_digest({"helper": Helper("/tmp/.out-2"), "n": 1},
                         {"OUTPUT_PATH": "/tmp/.out-2"}, "base")
    assert first == second  # a fresh output folder each build; sets in any order
    assert site_digest({"helper": Helper("/tmp/.out-1"), "n": 2},
                       {"OUTPUT_PATH": "/tmp/.out-1"}, "base") != first
    assert site_digest({"n": 1}, {}, "other base") != site_digest({"n": 1}, {}, "base")
    with pytest.raises(Unstable):
        site_digest({"numbers": (n for n in range(3))}, {}, "base")


def test_the_merged_search_index_is_what_one_whole_site_run_makes(corpus, tmp_path):
    import subprocess
    content, out, target = corpus
    _append(target, "\nЩе одне речення для пошуку: словоунікальне.\n")
    assert build_into(out, content, strict=False) == 0
    whole = tmp_path / "whole"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--output-path",
                    str(whole), "--silent"], check=True)

    def index(root):
        entry = json.loads((root / "pagefind-entry.json").read_text(encoding="utf-8"))
        files = sorted(str(p.relative_to(root)) for p in root.rglob("*.pf_*"))
        return {code: info["hash"] for code, info in entry["languages"].items()}, files

    assert index(out / "pagefind") == index(whole)


def test_an_item_only_a_write_names_is_hashed_with_that_write():
    """A hidden course is written but in no list of the context: its metadata
    must still key its page."""
    import copy

    from incremental.digest import call_digest, site_digest
    from pelican.contents import Page
    from pelican.settings import DEFAULT_CONFIG

    settings = copy.deepcopy(DEFAULT_CONFIG)

    def page(title):
        return Page("<p>Текст</p>", metadata={"title": title}, settings=settings,
                    source_path="/content/courses/hidden.uk.md")

    site, covered = site_digest({"pages": []}, {}, "base")
    before = call_digest(site, {"course": page("Курс")}, covered)
    assert call_digest(site, {"course": page("Курс")}, covered) == before
    assert call_digest(site, {"course": page("Новий курс")}, covered) != before
    # Listed in the context, the item is hashed once, in the site digest.
    listed = page("Курс")
    site, covered = site_digest({"pages": [listed]}, {}, "base")
    assert id(listed) in covered


# -- a language the edit cannot reach is kept (plugins/i18n/unchanged.py) ---------------


def _english_twin(target: Path) -> Path:
    twin = target.with_name(target.name.replace(".uk.md", ".en.md"))
    assert twin.exists(), twin
    return twin


def _last_build(out: Path) -> dict:
    (record,) = out.parent.glob(f"{out.name}-cache/*/last-build.json")
    return json.loads(record.read_text(encoding="utf-8"))


@pytest.mark.parametrize("jobs", [None, 1])  # runs in worker processes, or one by one
def test_an_edit_of_one_languages_text_keeps_the_other_languages_folder(corpus, tmp_path,
                                                                         capfd, jobs):
    content, out, target = corpus
    english = {rel: p.stat().st_ino for rel, p in tree(out / "en").items()}
    capfd.readouterr()
    _append(target, "\nЛише український текст змінився.\n")
    assert build_into(out, content, strict=False, jobs=jobs) == 0
    printed = capfd.readouterr()
    assert "en unchanged, kept" in printed.err
    assert "en kept" in printed.out
    assert "kept languages" in _last_build(out)["phases"]
    # The very files of the last build, linked: not one English page rendered again.
    assert {rel: p.stat().st_ino for rel, p in tree(out / "en").items()} == english
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)

    # The English text changed: the English run runs, and the tree is still exact.
    _append(_english_twin(target), "\nOnly the English text changed.\n")
    assert build_into(out, content, strict=False) == 0
    assert "kept" not in capfd.readouterr().out
    again = tmp_path / "again"
    assert build_into(again, content, strict=False) == 0
    assert_same_tree(out, again)


@pytest.mark.parametrize("change", ["title", "course body", "hand-edited output"])
def test_what_the_other_language_can_see_runs_it_again(corpus, tmp_path, capfd, change):
    content, out, target = corpus
    if change == "title":  # the English page's language switcher shows the twin's title
        _retitle(target, "Заголовок, який бачить і англійська сторінка")
    elif change == "course body":  # courses compare every language's syllabus
        course = sorted((content / "courses").glob("*.uk.md"))[0]
        _append(course, "\nДодатковий абзац програми курсу.\n")
    else:
        _append(target, "\nРечення.\n")
        page = out / "en" / "index.html"
        page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->",
                        encoding="utf-8")
    capfd.readouterr()
    assert build_into(out, content, strict=False) == 0
    assert "kept" not in capfd.readouterr().out
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)


def test_checks_beside_a_run_still_stop_the_build_and_hold_its_messages(corpus, capfd):
    content, out, target = corpus
    before = {rel: p.read_bytes() for rel, p in tree(out).items()}
    _append(target, "\nДив. [стару новину]({filename}/news/nemaie-takoi.uk.md).\n")
    capfd.readouterr()
    assert build_into(out, content, strict=False) == 1
    err = capfd.readouterr().err
    assert "en unchanged, kept" in err  # the checks ran beside the Ukrainian run
    assert "nemaie-takoi.uk.md does not exist" in err
    assert "build FAILED: content problems above" in err
    # Pelican's own warning about the link, from the run, is not printed on top.
    assert "Unable to find" not in err
    assert {rel: p.read_bytes() for rel, p in tree(out).items()} == before
    assert not list(out.parent.glob(f".{out.name}.building-*"))


def test_a_list_re_renders_only_the_pages_that_show_the_edited_item(tmp_path):
    made = generate(tmp_path / "content", CorpusSize(articles=34, events=2, courses=1))
    out = tmp_path / "output"
    assert build_into(out, made.content, strict=False, overrides={"DEFAULT_PAGINATION": 4}) == 0
    slug = made.edit_target.name.split(".")[0]
    lists = [out / "news" / "index.html", *sorted((out / "news" / "page").glob("*/index.html"))]
    assert len(lists) >= 8, lists  # 34 articles, 4 a page
    showing = {p for p in lists if f"/{slug}/" in p.read_text(encoding="utf-8")}
    assert len(showing) == 1, showing
    before = {p: p.stat().st_mtime_ns for p in lists}
    _append(made.edit_target, "\n" + "Довше речення для часу читання. " * 300 + "\n")
    assert build_into(out, made.content, strict=False, overrides={"DEFAULT_PAGINATION": 4}) == 0
    rendered = {p for p in lists if p.stat().st_mtime_ns != before[p]}
    assert rendered == showing, (rendered, showing)

    clean = tmp_path / "clean"
    assert build_into(clean, made.content, strict=False,
                      overrides={"DEFAULT_PAGINATION": 4}) == 0
    assert_same_tree(out, clean)


def test_an_unreadable_kept_search_bundle_falls_back_to_one_fresh_index(corpus, tmp_path):
    content, out, target = corpus
    kept = out.parent / f"{out.name}-cache" / "pagefind-bundle"
    for meta in (kept / "en").glob("*.pf_meta"):
        meta.write_bytes(b"not a meta file")  # the English index is kept but unreadable
    _append(target, "\nРечення для пошуку: слововідновлення.\n")
    assert build_into(out, content, strict=False) == 0
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)


def test_a_kept_language_is_indexed_again_where_its_pages_are(corpus, tmp_path, capfd):
    """en/ is kept (it joins the new tree at the swap) but its search index is gone:
    Pagefind indexes the kept pages where they are, with the same result."""
    content, out, target = corpus
    shutil.rmtree(out.parent / f"{out.name}-cache" / "pagefind-bundle" / "en")
    _append(target, "\nРечення, після якого англійський індекс будується знову.\n")
    capfd.readouterr()
    assert build_into(out, content, strict=False) == 0
    assert "en kept" in capfd.readouterr().out
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)


def test_a_build_starts_from_the_folders_of_the_tree_it_replaced(corpus, tmp_path):
    content, out, target = corpus
    skeleton = out.parent / f".{out.name}.skeleton"
    _append(target, "\nПерша правка.\n")
    assert build_into(out, content, strict=False) == 0
    # The replaced tree's folders, no file in them; English was kept, so moved, not there.
    assert skeleton.is_dir() and not [p for p in skeleton.rglob("*") if not p.is_dir()]
    assert (skeleton / "news").is_dir() and not (skeleton / "en").exists()
    marker = skeleton / "news" / "zaishla-tut-papka"  # a folder no page will use
    marker.mkdir()
    _append(target, "\nДруга правка.\n")
    assert build_into(out, content, strict=False) == 0
    assert not (out / "news" / "zaishla-tut-papka").exists()  # empty folders go
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)

    # Both languages run (the English text changed): the skeleton has English folders.
    _append(_english_twin(target), "\nAn English edit.\n")
    assert build_into(out, content, strict=False) == 0
    english = folders(skeleton / "en")
    assert english and folders(out / "en") >= english
    # English is kept: its skeleton folders wait aside and come back to the next one.
    _append(target, "\nТретя правка.\n")
    assert build_into(out, content, strict=False) == 0
    assert folders(skeleton / "en") == english
    assert not list(out.parent.glob(f".{out.name}.spare-*"))
    assert not [p for p in skeleton.rglob("*") if not p.is_dir()]
    again = tmp_path / "again"
    assert build_into(again, content, strict=False) == 0
    assert_same_tree(out, again)


def test_a_language_is_indexed_as_its_run_ends_and_the_result_is_the_same(tmp_path,
                                                                          monkeypatch):
    """The build driver calls search.language_written as each run ends, so Pagefind
    indexes that language while the other run goes on; the bundle is still exact."""
    import search

    called = []

    def spy(output, settings, code):
        called.append(code)
        return language_written(output, settings, code)

    language_written = search.language_written
    monkeypatch.setattr(search, "language_written", spy)
    made = generate(tmp_path / "content", SIZE)
    out = tmp_path / "output"
    assert build_into(out, made.content, strict=False) == 0
    assert sorted(called) == ["en", "uk"]
    _append(made.edit_target, "\nРечення для індексу.\n")
    assert build_into(out, made.content, strict=False) == 0
    assert sorted(called) == ["en", "uk", "uk"]  # English kept: nothing to index
    clean = tmp_path / "clean"
    assert build_into(clean, made.content, strict=False) == 0
    assert_same_tree(out, clean)


def test_a_feed_is_written_again_only_when_one_of_its_items_changed(corpus, tmp_path):
    content, out, _target = corpus
    newest = {"FEED_MAX_ITEMS": 8}  # a feed of the eight newest items, of 18

    def dated(path: Path) -> str:
        return next(line for line in path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("Date:"))

    articles = sorted((content / "news").glob("*.uk.md"), key=dated)
    feeds = [out / "feed.xml", out / "atom.xml"]
    assert build_into(out, content, strict=False, overrides=newest) == 0
    before = [p.stat().st_mtime_ns for p in feeds]
    _append(articles[0], "\nНайстаріша новина змінилася.\n")  # not in the feeds
    assert build_into(out, content, strict=False, overrides=newest) == 0
    assert [p.stat().st_mtime_ns for p in feeds] == before
    shown = re.findall(r"/news/([a-z0-9-]+)/", (out / "feed.xml").read_text(encoding="utf-8"))
    assert shown and articles[0].name.split(".")[0] not in shown
    _append(content / "news" / f"{shown[0]}.uk.md",
            "\nНовина зі стрічки змінилася: це видно у стрічці.\n")
    assert build_into(out, content, strict=False, overrides=newest) == 0
    assert all("видно у стрічці" in p.read_text(encoding="utf-8") for p in feeds)
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False, overrides=newest) == 0
    assert_same_tree(out, clean)


def test_the_runs_note_which_pages_are_search_results(corpus, tmp_path, monkeypatch):
    """Each language run notes which of its pages carry `data-pagefind-body` (a reused
    page: from the last run's note), so the search step names them to Pagefind
    without reading every page again; the notes never reach the site."""
    from search import wiring

    content, out, target = corpus
    for code, prefix in (("uk", ""), ("en", "en/")):
        (noted,) = (out.parent / f"{out.name}-cache").glob(f"*/{code}/search-pages.json")
        marks = json.loads(noted.read_text(encoding="utf-8"))
        pages = {rel for rel in tree(out) if rel.endswith(".html")
                 and (rel.startswith("en/") == (code == "en"))}
        assert set(marks) == pages
        assert {rel for rel, marked in marks.items() if marked} == {
            rel for rel in pages if b"data-pagefind-body" in (out / rel).read_bytes()}
        assert sum(marks.values()) >= SIZE.articles, code
        assert all(rel.startswith(prefix) for rel in marks)
    assert not (out / wiring.MARKS_FOLDER).exists()

    calls = []

    def spy(output, pages, marks=None):
        calls.append(bool(marks) and all(rel in marks for rel in pages))
        return glob(output, pages, marks)

    glob = wiring.body_pages_glob
    monkeypatch.setattr(wiring, "body_pages_glob", spy)
    _append(target, "\nРечення, яке шукатимуть.\n")
    assert build_into(out, content, strict=False) == 0
    assert calls == [True]  # Ukrainian indexed again, from the run's notes
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)


def test_an_edit_that_changes_no_calendar_never_loads_the_calendar_library(corpus, tmp_path):
    """Every .ics is reused, so the run does without icalendar (a 20 to 40 ms import)."""
    content, out, target = corpus
    _append(target, "\nЩе одне речення.\n")
    assert python_result(
        "import json\n"
        "from i18n.build import build\n"
        f"code = build({str(ROOT / 'pelicanconf.py')!r}, output={str(out)!r}, jobs=1, "
        f"overrides={{'PATH': {str(content)!r}, "
        f"'CACHE_PATH': {str(out.parent / f'{out.name}-cache')!r}}})\n"
        "print(json.dumps([code, 'icalendar' in sys.modules]))\n") == [0, False]
    assert "Ще одне речення" in _slug_dir(out, target).read_text(encoding="utf-8")
    assert list(out.rglob("*.ics"))  # the calendars are there, as the last build wrote them
