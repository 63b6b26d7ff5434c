"""The benchmark (issue 10): a deterministic, valid corpus and a complete JSON report.

No timing assertions: CI only proves that the tool runs and reports every figure.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from benchmarks.run import compare, main
from conftest import CONF
from courses import model as course_model
from events import model as event_model
from tests.corpus import CorpusSize, generate

SMALL = CorpusSize(articles=20, events=12, courses=3, pages=6)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_is_deterministic(tmp_path):
    one = generate(tmp_path / "one", SMALL, seed=7)
    two = generate(tmp_path / "two", SMALL, seed=7)
    generate(tmp_path / "other", SMALL, seed=8)
    assert one.files == SMALL.documents == len(_tree(tmp_path / "one"))
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert _tree(tmp_path / "one") != _tree(tmp_path / "other")
    assert two.edit_target.relative_to(two.content) == one.edit_target.relative_to(one.content)


def test_corpus_has_every_kind_in_both_languages(tmp_path):
    content = generate(tmp_path / "content", SMALL).content
    for folder, count in (("news", 20), ("events", 12), ("courses", 3), ("pages", 6)):
        for lang in ("uk", "en"):
            assert len(list((content / folder).glob(f"*.{lang}.md"))) == count, (folder, lang)
    article = next((content / "news").glob("*.uk.md")).read_text(encoding="utf-8")
    assert article.startswith("Title: ")
    for needle in ("\nDate: ", "\nCategory: ", "\nTags: ", "\nSummary: ", "\n## ", "{filename}/"):
        assert needle in article


def test_corpus_passes_the_content_checks(tmp_path):
    from pelican.settings import read_settings

    from checks.runner import check_content

    content = generate(tmp_path / "content", SMALL).content
    settings = read_settings(CONF, override={"PATH": str(content)})
    assert check_content(settings) == []


def test_events_pass_the_event_model(tmp_path):
    model = event_model
    from checks.sources import read_source

    content = generate(tmp_path / "content", SMALL).content
    parsed = {}
    paths = sorted((content / "events").glob("*.md"))
    assert len(paths) == 2 * SMALL.events
    for path in paths:
        source = read_source(path, content)
        fields = {name: f.value for name, f in source.fields.items() if name in model.EVENT_FIELDS}
        info, problems = model.parse_event(
            fields, site_tz=ZoneInfo("Europe/Kyiv"), default_duration=timedelta(hours=2),
            slug=source.slug)
        assert problems == [], path
        parsed.setdefault(source.slug, []).append(info)
    for versions in parsed.values():
        assert len(versions) == 2
        assert model.disagreements(*versions) == []
    infos = [versions[0] for versions in parsed.values()]
    assert {i.status for i in infos} == {"scheduled", "cancelled", "postponed"}
    assert any(i.recurrence for i in infos)
    assert any(i.course for i in infos)


def test_courses_pass_the_course_model(tmp_path):
    model = course_model
    from checks.sources import read_source

    content = generate(tmp_path / "content", SMALL).content
    parsed = {}
    paths = sorted((content / "courses").glob("*.md"))
    assert len(paths) == 2 * SMALL.courses
    for path in paths:
        source = read_source(path, content)
        fields = {n: f.value for n, f in source.fields.items() if n in model.COURSE_FIELDS}
        info, problems = model.parse_course(fields, source.body, source.body_start)
        assert problems == [], path
        assert info.modules and info.outcomes
        parsed.setdefault(source.stem, []).append(info)
    assert len(parsed) == 3
    for versions in parsed.values():
        assert model.disagreements(*versions) == []


def test_benchmark_reports_every_figure(tmp_path, capsys):
    out = tmp_path / "bench.json"
    code = main(["--articles=6", "--events=3", "--courses=1", "--repeat=1", "--scale=2",
                 f"--json={out}", f"--work={tmp_path / 'work'}"])
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert json.loads(capsys.readouterr().out) == result

    assert result["corpus"]["documents"] == 2 * (6 + 3 + 1 + 5)
    assert result["machine"]["cpu_count"] >= 1
    assert result["machine"]["pelican"].startswith("4.")
    for section, keys in (("plain_pelican", ("cold_s", "warm_s", "cold_cpu_s", "warm_cpu_s")),
                          ("full", ("cold_s", "warm_s", "one_edit_s", "cold_inside_s",
                                    "cold_cpu_s", "warm_cpu_s", "one_edit_cpu_s",
                                    "one_edit_preview_s", "cold_image_cache_s")),
                          ("scale", ("cold_s", "cold_1x_s"))):
        for key in keys:
            assert result[section][key] > 0, (section, key)
    for section in ("plain_pelican", "full", "scale"):
        assert result[section]["pages_written"] > 0
        assert result[section]["peak_rss_mib"] > 0
    # The language runs' own peak, as each run measured itself, apart from Pagefind's.
    for section in ("full", "scale"):
        runs = result[section]["peak_rss_language_runs_mib"]
        assert 0 < runs <= result[section]["peak_rss_mib"], section
    assert result["full"]["pages_written_after_edit"] == result["full"]["pages_written"]
    # Issue 33's figures, under the names it gives them.
    assert isinstance(result["images"]["unlinked"], int) and result["images"]["unlinked"] >= 0
    assert set(result["images"]["ms_per"]) == {"card", "square", "story"}
    assert "ms_per_poster" in result["posters"]
    for name in ("one_edit_preview/pelican_cold", "cold_image_cache/pelican_cold"):
        assert result["ratios"][name] > 0
    assert any("cache folder restored" in note for note in result["method"])
    for build in ("cold", "one_edit"):  # the build driver's own seconds per step
        phases = result["full"]["phases"][build]
        assert {"checks", "languages", "language uk", "search", "sitemap",
                "swap"} <= set(phases), phases
        assert "language en" in phases, phases
        assert 0 < phases["language uk"] <= phases["languages"] < result["full"][
            f"{build}_s"]
    assert result["scale"]["factor"] == 2
    assert result["markdown_ms_per_doc"] > 0
    cards = result["cards"]
    assert set(cards) >= {"cold_per_s", "cached_per_s", "source"}
    if cards["source"] and "note" not in cards:  # the cards code offers a measurement
        assert cards["cold_per_s"] > 0
        assert cards["cached_per_s"] > 0
    for name in ("full_cold/pelican_cold", "warm/pelican_cold", "one_edit/pelican_cold"):
        assert result["ratios"][name] > 0
        assert result["cpu_ratios"][name] > 0
    for section in ("plain_pelican", "full"):  # CPU split into user and system time
        part = result[section]
        assert part["cold_user_s"] > 0 and part["cold_system_s"] >= 0
        assert part["cold_user_s"] + part["cold_system_s"] == pytest.approx(
            part["cold_cpu_s"], abs=0.01)
    assert result["user_ratios"]["full_cold/pelican_cold"] > 0
    targets = {t["name"]: t for t in result["targets"]}
    assert len(targets) == 6
    assert all(isinstance(t["pass"], bool) for t in targets.values())
    assert result["reference"]["pelican_cold_s"] == 7.2
    assert isinstance(result["warnings"], list)
    assert len(result["site"]["code_fingerprint"]) == 16

    # Cold builds started from nothing; what they replaced was deleted after the run.
    assert any("renamed aside" in note for note in result["method"])
    assert not (tmp_path / "work" / "set-aside").exists()

    table = compare(result, result)
    assert "ratios.full_cold/pelican_cold" in table
    assert "1.00" in table


def test_fresh_moves_a_build_aside(tmp_path):
    from benchmarks.run import _fresh

    out = tmp_path / "out"
    (out / "news").mkdir(parents=True)
    (out / "news" / "index.html").write_text("x", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    aside = tmp_path / "aside"
    _fresh(out, cache, tmp_path / "never-built", aside=aside)
    assert not out.exists() and not cache.exists()
    moved = sorted(p.name for p in aside.iterdir())
    assert moved == ["0000-out", "0001-cache"]
    assert (aside / "0000-out" / "news" / "index.html").read_text(encoding="utf-8") == "x"
    _fresh(aside)
    assert not aside.exists()


def test_a_timed_build_waits_for_the_last_builds_detached_work(tmp_path):
    """The old tree a build hands to a detached deletion is not billed to the next."""
    from benchmarks.run import _settle

    output = tmp_path / "output"
    output.mkdir()
    old = tmp_path / ".output.old-123-456"
    (old / "news").mkdir(parents=True)
    timer = threading.Timer(0.3, shutil.rmtree, args=(old,))
    started = time.monotonic()
    timer.start()
    _settle(output)
    assert not old.exists() and time.monotonic() - started >= 0.25
    _settle(output)  # nothing beside it: returns at once
