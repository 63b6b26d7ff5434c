"""Building again: after an edit a build writes exactly the tree a clean build of the
same sources writes, byte for byte; with nothing changed it stops at once.
"""

from __future__ import annotations

import filecmp
import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from pelican.settings import read_settings

from conftest import CONF, ROOT, build_into, write_files
from tests.corpus import CorpusSize, generate

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


def test_a_body_edit_matches_a_clean_build(corpus, tmp_path):
    content, out, target = corpus
    _append(target, "\nРечення, яке додала редакторка, щоб перевірити перебудову.\n")
    assert build_into(out, content, strict=False) == 0
    assert "перевірити перебудову" in _slug_dir(out, target).read_text(encoding="utf-8")
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


def test_a_template_change_reaches_every_page(corpus, tmp_path):
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


def test_the_order_of_plugins_does_not_change_the_site(corpus, tmp_path):
    """Plugins meet only through declared hooks and the run's context, never through
    the order of PLUGINS: a shuffled list builds the same bytes."""
    content, out, _target = corpus
    plugins = list(read_settings(CONF)["PLUGINS"])
    shuffled = plugins[:]
    random.Random(21).shuffle(shuffled)
    assert shuffled != plugins
    other = tmp_path / "shuffled"
    assert build_into(other, content, strict=False, overrides={"PLUGINS": shuffled}) == 0
    reverse = tmp_path / "reversed"
    assert build_into(reverse, content, strict=False,
                      overrides={"PLUGINS": plugins[::-1]}) == 0
    assert_same_tree(other, out)
    assert_same_tree(reverse, out)


#: Production (publishconf.py's SCHEDULED_ITEMS) at a fixed moment.
PRODUCTION = {"SCHEDULED_ITEMS": "hide", "SCHEDULE_NOW": "2027-04-12T09:00:00+03:00"}


def test_the_order_of_plugins_does_not_change_a_production_site(tmp_path):
    """A Ukrainian item whose English twin is dated later: production leaves the twin
    out, and no order of PLUGINS makes the Ukrainian page link to it."""
    content = generate(tmp_path / "content", SIZE).content
    write_files(content, {
        "news/zapusk.uk.md": "Title: Запуск\nDate: 2027-04-01 10:00\nCategory: Звіти\n\n"
                             "Текст.\n",
        "news/zapusk.en.md": "Title: Launch\nDate: 2027-05-01 10:00\nCategory: Reports\n\n"
                             "Text.\n",
        "pages/plan.uk.md": "Title: План\nDate: 2027-04-01 10:00\n\nТекст.\n",
        "pages/plan.en.md": "Title: Plan\nDate: 2027-05-01 10:00\n\nText.\n",
    })
    plugins = list(read_settings(CONF)["PLUGINS"])
    rng = random.Random(34)
    orders = [plugins, plugins[::-1], rng.sample(plugins, len(plugins)),
              # The i18n plugin last and first: where its order used to matter.
              [p for p in plugins if p != "i18n"] + ["i18n"],
              ["i18n", *[p for p in plugins if p != "i18n"]]]
    built = []
    for number, order in enumerate(orders):
        out = tmp_path / f"out-{number}"
        assert build_into(out, content, strict=False,
                          overrides={**PRODUCTION, "PLUGINS": order}) == 0, order
        built.append(out)
    first = built[0]
    for page in ("news/zapusk/index.html", "plan/index.html"):
        html = (first / page).read_text(encoding="utf-8")
        links = lxml.html.fromstring(html.encode()).xpath("//head/link[@hreflang]/@hreflang")
        assert "en" not in links, page
        assert "en/news/zapusk/" not in html and "en/plan/" not in html, page
    assert not (first / "en" / "news" / "zapusk").exists()
    for other in built[1:]:
        assert_same_tree(other, first)


def _record(cache: Path) -> Path:
    found = sorted(cache.glob("*/last-build.json"))
    assert len(found) == 1, found
    return found[0]


def test_up_to_date_ends_when_the_clock_moves_an_event(tmp_path, capfd):
    """With "now" from the clock, the events plugin says (its `valid_until` hook)
    when its pages go stale: a build after that moment builds again."""
    content = generate(tmp_path / "content", SIZE).content
    out, cache = tmp_path / "output", tmp_path / "output-cache"
    assert build_into(out, content, strict=False) == 0
    record = _record(cache)
    until = datetime.fromisoformat(json.loads(record.read_text(encoding="utf-8"))[
        "valid_until"])
    now = datetime.now(UTC)
    assert now < until <= now + timedelta(days=32)
    capfd.readouterr()
    assert build_into(out, content, strict=False) == 0
    assert "up to date" in capfd.readouterr().out
    data = json.loads(record.read_text(encoding="utf-8"))
    data["valid_until"] = (now - timedelta(minutes=1)).isoformat()  # as if time had passed
    record.write_text(json.dumps(data), encoding="utf-8")
    assert build_into(out, content, strict=False) == 0
    assert "up to date" not in capfd.readouterr().out


def test_a_touched_output_is_built_again(corpus, tmp_path, capfd):
    """An output edited by hand is not "up to date": the build puts it right."""
    content, out, _target = corpus
    page = out / "index.html"
    page.write_text("hand-edited", encoding="utf-8")
    capfd.readouterr()
    assert build_into(out, content, strict=False) == 0
    assert "up to date" not in capfd.readouterr().out
    clean = tmp_path / "clean"
    assert build_into(clean, content, strict=False) == 0
    assert_same_tree(out, clean)


def test_a_killed_build_leaves_nothing_behind(corpus, capfd):
    """Folders a killed build left beside the output are removed by the next build,
    which says so (its old tree by the swap's detached deletion); one of a build still
    running is left alone."""
    content, out, target = corpus
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(gone.stdout)
    stale = [out.with_name(f".{out.name}.building-{dead}")]
    old_tree = out.with_name(f".{out.name}.old-{dead}-12345")
    running = out.with_name(f".{out.name}.building-{os.getppid()}")
    for folder in (*stale, old_tree, running):
        (folder / "news").mkdir(parents=True)
        (folder / "news" / "index.html").write_text("half", encoding="utf-8")
    capfd.readouterr()
    assert build_into(out, content, strict=False) == 0
    said = capfd.readouterr().out
    for folder in stale:
        assert not folder.exists()
        assert f"removed {folder.name}, left beside {out.name} by a build that was stopped" \
            in said, said
    assert running.is_dir()
    for _ in range(100):  # the detached deletion
        if not old_tree.exists():
            break
        time.sleep(0.1)
    assert not old_tree.exists()
    _append(target, "\nІнше речення.\n")
    assert build_into(out, content, strict=False) == 0
    assert running.is_dir()


def test_up_to_date_compares_the_settings_the_environment_resolved(corpus, capfd,
                                                                   monkeypatch):
    """The settings files are the same, but what they read from the environment is
    not: the admin must point at the new CMS port."""
    content, out, _target = corpus
    admin = {"CMS_NPM_ROOT": str(ROOT)}  # the admin is written where Decap is installed
    monkeypatch.setenv("KIP_CMS_PORT", "8081")
    assert build_into(out, content, strict=False, overrides=admin) == 0
    assert "127.0.0.1:8081" in (out / "admin" / "config.yml").read_text(encoding="utf-8")
    capfd.readouterr()
    assert build_into(out, content, strict=False, overrides=admin) == 0
    assert "up to date" in capfd.readouterr().out
    monkeypatch.setenv("KIP_CMS_PORT", "9000")
    assert build_into(out, content, strict=False, overrides=admin) == 0
    assert "up to date" not in capfd.readouterr().out
    config = (out / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "127.0.0.1:9000" in config and "8081" not in config


def test_up_to_date_ends_when_the_next_session_ends(tmp_path):
    """The record's `valid_until` is the end of the next session, as the language runs
    report it (`events.generator.next_moment`), or the turn of the month if sooner."""
    kyiv = ZoneInfo("Europe/Kyiv")
    now = datetime.now(kyiv)
    ends = (now + timedelta(hours=3)).replace(second=0, microsecond=0)
    starts = ends - timedelta(hours=2)
    files = {f"events/soon.{lang}.md": f"""
                 Title: {title}
                 Start: {starts:%Y-%m-%d %H:%M}
                 End: {ends:%Y-%m-%d %H:%M}
                 Location: {place}

                 {title}.
                 """ for lang, title, place in (("uk", "Зустріч", "Вільна Хата"),
                                                 ("en", "Meeting", "Vilna Khata"))}
    content = write_files(tmp_path / "content", files)
    assert build_into(tmp_path / "output", content, strict=False) == 0
    record = json.loads(_record(tmp_path / "output-cache").read_text(encoding="utf-8"))
    month_turns = datetime(now.year + now.month // 12, now.month % 12 + 1, 1, tzinfo=kyiv)
    assert datetime.fromisoformat(record["valid_until"]) == min(ends, month_turns)
