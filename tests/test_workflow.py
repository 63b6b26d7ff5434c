"""The publishing workflow: content-only or code, the two paths, the cache, the summary."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_into, write_files

WORKFLOWS = ROOT / ".github" / "workflows"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"ci_{name}", ROOT / ".ci" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


changes = _script("changes")
summary = _script("summary")
sitecheck = _script("sitecheck")


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _needs(job: dict) -> list[str]:
    needs = job.get("needs") or []
    return [needs] if isinstance(needs, str) else list(needs)


def _upstream(jobs: dict, name: str) -> set[str]:
    """Every job ``name`` waits for, directly or through another."""
    seen: set[str] = set()
    todo = _needs(jobs[name])
    while todo:
        job = todo.pop()
        if job not in seen:
            seen.add(job)
            todo += _needs(jobs[job])
    return seen


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


# The decision: content-only or code.

@pytest.mark.parametrize("paths", [
    ["content/news/kitchen-of-ideas.uk.md"],
    ["content/news/kitchen-of-ideas.uk.md", "content/news/kitchen-of-ideas.en.md"],
    ["content/images/news/kitchen.jpg"],                       # a picture
    ["content/events/old-name.uk.md", "content/events/new-name.uk.md"],  # a rename
    ["content/pages/about.en.md"],                             # a deletion is a path too
])
def test_changes_inside_content_take_the_content_path(paths):
    assert changes.classify(paths) == "content"


@pytest.mark.parametrize("paths", [
    ["pelicanconf.py"],                                        # a settings file
    ["publishconf.py"],
    ["plugins/events/wiring.py"],                              # a plugin
    ["content/news/a.uk.md", "theme/templates/base.html"],     # a mix
    ["content/news/a.uk.md", "requirements.txt"],
    [".github/workflows/site.yml"],
    ["tests/test_site.py"],
    ["content-old/a.md"],                                      # not the content folder
    ["content/../plugins/x.py"],                               # climbs out of it
    ["content"],                                               # the folder itself
    [],                                                        # nothing known: test all
])
def test_anything_else_is_code(paths):
    assert changes.classify(paths) == "code"


def test_a_rename_counts_both_sides():
    lines = ["R100\tcontent/news/old.uk.md\tcontent/news/new.uk.md",
             "R087\tcontent/news/a.uk.md\tplugins/a.py",
             "M\tcontent/images/x.png", "D\tcontent/pages/gone.en.md", ""]
    paths = changes.changed_paths(lines)
    assert paths == ["content/news/old.uk.md", "content/news/new.uk.md",
                     "content/news/a.uk.md", "plugins/a.py",
                     "content/images/x.png", "content/pages/gone.en.md"]
    assert changes.classify(paths[:2] + paths[4:]) == "content"
    assert changes.classify(paths) == "code"
    # --name-only lines too
    assert changes.changed_paths(["content/a.uk.md\n"]) == ["content/a.uk.md"]


def test_changes_from_git(tmp_path, monkeypatch):
    def git(*args):
        return subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                              text=True, env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                                              "GIT_COMMITTER_NAME": "t",
                                              "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(tmp_path)}
                              ).stdout.strip()

    git("init", "-q", "-b", "main")
    write_files(tmp_path, {"content/news/a.uk.md": "Title: A\n", "plugins/x.py": "x = 1\n"})
    git("add", "-A")
    git("commit", "-qm", "one")
    base = git("rev-parse", "HEAD")
    git("mv", "content/news/a.uk.md", "content/news/b.uk.md")
    git("commit", "-qm", "rename")
    monkeypatch.chdir(tmp_path)
    assert changes.classify(changes.git_diff(base, "HEAD")) == "content"
    (tmp_path / "plugins" / "x.py").write_text("x = 2\n", encoding="utf-8")
    git("commit", "-qam", "code")
    assert changes.classify(changes.git_diff(base, "HEAD")) == "code"
    # A new branch (no `before`) or an unknown commit: git cannot tell, so it is code.
    assert changes.git_diff("0" * 40, "HEAD") is None
    assert changes.classify(changes.git_diff("f" * 40, "HEAD") or []) == "code"


def test_the_script_writes_the_step_output(tmp_path):
    out = tmp_path / "github-output"
    proc = subprocess.run([sys.executable, str(ROOT / ".ci" / "changes.py")],
                          input="M\tcontent/news/a.uk.md\n", capture_output=True, text=True,
                          env={"GITHUB_OUTPUT": str(out), "PATH": "/usr/bin:/bin"}, check=True)
    assert proc.stdout.strip() == "content"
    assert out.read_text(encoding="utf-8") == "kind=content\n"


# The workflow file.

def test_the_workflows_parse():
    site = _workflow("site.yml")
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(site["on"])
    assert set(site["jobs"]) == {"changes", "suite", "site", "deploy"}
    newest = _workflow("newest.yml")
    assert "schedule" in newest["on"]


def test_the_content_path_runs_the_strict_build_and_the_site_checks():
    jobs = _workflow("site.yml")["jobs"]
    site = jobs["site"]
    assert "changes.outputs.kind == 'content'" in site["if"]
    assert "needs.suite.result == 'skipped'" in site["if"]
    runs = _runs(site)
    assert "invoke build --production" in runs
    assert ".ci/sitecheck.py check output" in runs
    assert re.search(r"pytest .*tests/test_quality\.py\s+-m vnu", runs)
    assert "lighthouse" not in runs.lower() and "not browser" not in runs
    assert ".ci/summary.py" in runs and "GITHUB_STEP_SUMMARY" in runs
    summary_step = next(s for s in site["steps"] if ".ci/summary.py" in s.get("run", ""))
    assert summary_step["if"] == "always()"
    # A failed build or check fails its step: the output goes through tee under pipefail.
    for step in site["steps"]:
        if "| tee" in step.get("run", ""):
            assert step.get("shell") == "bash", step["name"]
    # The content checks are the build's own first step (plugins/checks).
    assert "checks" in (ROOT / "pelicanconf.py").read_text(encoding="utf-8")


def test_code_runs_the_whole_suite_first():
    jobs = _workflow("site.yml")["jobs"]
    assert jobs["suite"]["if"] == "needs.changes.outputs.kind == 'code'"
    assert "bash .ci/run" in _runs(jobs["suite"])
    assert "suite" in _needs(jobs["site"])
    assert "needs.suite.result == 'success'" in jobs["site"]["if"]


def test_the_newest_releases_cannot_block_a_deploy():
    jobs = _workflow("site.yml")["jobs"]
    assert not any("newest" in name for name in _upstream(jobs, "deploy"))
    assert not any("test-newest" in _runs(job) or "run-newest" in _runs(job)
                   for job in jobs.values())
    assert "test-newest" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    newest = _workflow("newest.yml")["jobs"]
    assert "bash .ci/run-newest" in _runs(newest["newest"])
    assert "invoke test-newest" in (ROOT / ".ci" / "run-newest").read_text(encoding="utf-8")
    assert not any("deploy" in name or "pages" in str(job.get("permissions", ""))
                   for name, job in newest.items())
    assert "gh issue" in _runs(newest["report"])


def test_deploy_only_from_main_and_only_a_new_site():
    jobs = _workflow("site.yml")["jobs"]
    deploy = jobs["deploy"]
    assert _needs(deploy) == ["site"]
    assert "refs/heads/main" in deploy["if"]
    assert "needs.site.outputs.changed == 'true'" in deploy["if"]
    assert "pull_request" in deploy["if"]
    assert deploy["concurrency"]["group"] == "pages"


def test_the_cache_step_keys_on_what_decides_the_cache():
    site = _workflow("site.yml")["jobs"]["site"]
    restore = next(s for s in site["steps"] if s.get("id") == "cache")
    assert restore["uses"].startswith("actions/cache/restore@")
    assert restore["with"]["path"] == "cache"
    key = restore["with"]["key"]
    files = re.search(r"hashFiles\(([^)]*)\)", key).group(1)
    # plugins/sitebuild/cache.py: the settings files (*conf.py) and the plugins' code ...
    assert "'*conf.py'" in files and "'plugins/**/*.py'" in files
    # ... and the libraries that draw the cards.
    assert "'requirements.txt'" in files
    assert "github.run_id" in key  # a new entry per run, since a saved entry never changes
    fallbacks = restore["with"]["restore-keys"].splitlines()
    assert fallbacks[0] == key.split("${{ github.run_id }}")[0]
    assert len(fallbacks) == 2 and key.startswith(fallbacks[1])
    save = next(s for s in site["steps"] if s.get("uses", "").startswith("actions/cache/save@")
                and s["with"]["path"] == "cache")
    assert save["with"]["key"] == "${{ steps.cache.outputs.cache-primary-key }}"
    # What the fingerprint hashes (plugins/sitebuild/cache.py) is what the key hashes.
    fingerprint = (ROOT / "plugins" / "sitebuild" / "cache.py").read_text(encoding="utf-8")
    assert 'glob("*conf.py")' in fingerprint and 'rglob("*.py")' in fingerprint


def test_the_hourly_run_deploys_only_a_new_site(tmp_path):
    site = _workflow("site.yml")["jobs"]["site"]
    digest = next(s for s in site["steps"] if s.get("id") == "digest")
    assert ".ci/sitecheck.py digest output" in digest["run"]
    assert ".deployed/digest" in digest["run"]
    upload = next(s for s in site["steps"]
                  if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert "steps.digest.outputs.changed == 'true'" in upload["if"]
    # The digest names the files and their contents, nothing else.
    one = write_files(tmp_path / "one", {"index.html": "<p>a</p>", "en/index.html": "<p>b</p>"})
    two = write_files(tmp_path / "two", {"en/index.html": "<p>b</p>", "index.html": "<p>a</p>"})
    assert sitecheck.digest(one) == sitecheck.digest(two)
    (two / "index.html").write_text("<p>c</p>", encoding="utf-8")
    assert sitecheck.digest(one) != sitecheck.digest(two)


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ("python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt "
               "&& .venv/bin/invoke test")
    assert command in readme
    assert command.replace("pip install -r", "pip install -q -r") in run


# The summary page.

def test_the_summary_of_a_failing_build_names_file_field_and_fix(tmp_path, capfd, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_files(tmp_path / "content", {
        "news/bad-date.uk.md": "Title: Погана дата\nDate: 31.04.2017\n\nТекст.\n",
        "news/bad-date.en.md": "Title: Bad date\nDate: 31.04.2017\n\nText.\n",
        "news/typo.en.md": "Title: Typo\nDate: 2017-04-07\nSumary: oops\n\nText.\n",
    })
    assert build_into(tmp_path / "output", content) == 1
    captured = capfd.readouterr()
    log = captured.out + captured.err
    rows, other = summary.parse(log)
    found = {(row.path, row.field) for row in rows}
    assert ("content/news/bad-date.uk.md", "date") in found
    assert ("content/news/typo.en.md", "sumary") in found
    page = summary.markdown(rows, other)
    assert "Зміни не опубліковано" in page and "did not go live" in page
    date_row = next(line for line in page.splitlines()
                    if line.startswith("| `content/news/bad-date.uk.md`"))
    cells = [cell.strip() for cell in date_row.strip("|").split(" | ")]
    assert cells[0] == "`content/news/bad-date.uk.md`"
    assert cells[1] == "2"
    assert cells[2].startswith("Дата / Date")
    assert "31.04.2017" in cells[3] and "🇺🇦" in cells[3]
    assert any("did you mean `Summary:`" in line for line in page.splitlines())
    assert any(line.startswith("build FAILED") for line in other)


def test_the_summary_reads_the_site_checks_and_the_html_checker():
    log = "\n".join([
        "2026-01-01T10:00:00.0000000Z site: en/news/a/index.html: broken link /en/nowhere/",
        "E   file:/home/runner/work/site/site/output/news/a/index.html:12: Stray end tag “p”.",
        "FAILED tests/test_quality.py::test_nu_html_checker_reports_no_errors - Assertion",
        "warning: translation: content/news/a.uk.md: no en version yet (add news/a.en.md)",
    ])
    rows, other = summary.parse(log)
    assert [(r.path, r.field) for r in rows] == [
        ("en/news/a/index.html", "site"), ("news/a/index.html", "html"),
        ("content/news/a.uk.md", "translation")]
    assert rows[1].line == 12 and rows[2].warning
    page = summary.markdown(rows, other)
    assert "| `news/a/index.html` | 12 | HTML сторінки / The page's HTML |" in page
    assert "FAILED tests/test_quality.py" in page


def test_a_clean_run_says_so_and_a_pipe_does_not_break_the_table():
    assert "Checks passed" in summary.markdown([], [])
    row = summary.Row("content/news/a.uk.md", 3, "title", "use | not this")
    line = summary.markdown([row], []).splitlines()
    table = [entry for entry in line if entry.startswith("| `content")]
    assert table and table[0].count(" | ") == 3 and "use \\| not this" in table[0]


# The site checks.

def test_the_site_checks_find_a_broken_feed_calendar_and_link(tmp_path):
    site = write_files(tmp_path / "site", {
        "index.html": '<html><body><a href="/missing/">x</a></body></html>',
        "feed.xml": "<rss><channel><title>x</title>",
        "calendar.ics": "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n",
        "sitemap.xml": "<not a feed/>",
    })
    problems = sitecheck.site_problems(site)
    assert any("broken link /missing/" in p for p in problems)
    assert any(p.startswith("feed.xml: the feed does not parse") for p in problems)
    assert any(p.startswith("calendar.ics: the calendar has no event") for p in problems)
    assert not any("sitemap" in p for p in problems)


def test_the_site_checks_pass_on_a_built_site(site):
    assert sitecheck.site_problems(site) == []


def test_a_ci_script_needs_no_third_party_module_to_start():
    # changes.py runs before Python is set up; summary.py must run after a failed install.
    for name in ("changes", "summary", "sitecheck"):
        text = (ROOT / ".ci" / f"{name}.py").read_text(encoding="utf-8")
        top = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
        assert all(line.split()[1].split(".")[0] in sys.stdlib_module_names | {"__future__"}
                   for line in top), (name, top)


def test_the_ci_scripts_are_wired_to_the_tools_they_share():
    tools = Path(ROOT / ".ci" / "tools").read_text(encoding="utf-8")
    assert "KIP_REQUIRE_TOOLS=1" in tools
    for name in ("run", "run-newest"):
        assert '. "$(dirname "$0")/tools"' in (ROOT / ".ci" / name).read_text(encoding="utf-8")
