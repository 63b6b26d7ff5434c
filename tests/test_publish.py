"""Reproducible builds and publishing: rsync to a folder, gh-pages to a bare repo."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from checks.site import site_problems
from conftest import ROOT, build_into, write_files
from publish import DeployError, publish

PUBLISH_CONF = str(ROOT / "publishconf.py")


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1504224000")  # 2017-09-01: every starter event held
    assert build_into(tmp_path / "one" / "out", ROOT / "content") == 0
    time.sleep(1.1)  # a different second: nothing may depend on the clock
    assert build_into(tmp_path / "two" / "elsewhere", ROOT / "content", jobs=1) == 0
    first = tree(tmp_path / "one" / "out")
    second = tree(tmp_path / "two" / "elsewhere")
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    assert len(first) > 30


def test_the_real_site_has_no_broken_links(site):
    assert site_problems(site) == []


def test_site_problems_finds_broken_links_and_fragments(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="missing/">no</a><a href="a/#nope">frag</a>'
        '<a href="https://example.org/x">out</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="here">x</p>', encoding="utf-8")
    assert site_problems(tmp_path) == [
        "index.html: broken link missing/",
        "index.html: no #nope in a/index.html",
    ]


@pytest.fixture
def rsync():
    if shutil.which("rsync") is None:
        from conftest import require_tool

        require_tool(False, "rsync is not installed")


def test_publish_with_rsync_to_a_folder(tmp_path, rsync):
    target = tmp_path / "www"
    target.mkdir()
    (target / "stale.html").write_text("old page", encoding="utf-8")
    code = publish(PUBLISH_CONF, method="rsync", target=str(target),
                   overrides={"SITEURL": "https://kip.example.org",
                              "PUBLIC_URL": "https://kip.example.org"})
    assert code == 0
    assert (target / "index.html").exists() and (target / "en" / "index.html").exists()
    assert not (target / "stale.html").exists()
    html = (target / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://kip.example.org/theme/css/site.css"' in html
    assert not list(target.rglob(".~tmp~*"))  # --delay-updates left nothing behind


def test_failing_build_deploys_nothing(tmp_path, rsync):
    content = write_files(tmp_path / "content", {
        "news/broken.en.md": "Title: Broken\nDate: not a date\n\nText.\n"})
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("the live site", encoding="utf-8")
    code = publish(PUBLISH_CONF, method="rsync", target=str(target),
                   overrides={"PATH": str(content)})
    assert code == 1
    assert [p.name for p in target.iterdir()] == ["index.html"]
    assert (target / "index.html").read_text(encoding="utf-8") == "the live site"


def test_missing_rsync_target_is_a_clear_error():
    with pytest.raises(DeployError, match="PUBLISH_TARGET: missing"):
        publish(PUBLISH_CONF, method="rsync", target="")
    with pytest.raises(DeployError, match="write 'rsync' or 'gh-pages'"):
        publish(PUBLISH_CONF, method="ftp")


def _git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def _repo_with_remote(tmp_path):
    """A git repository whose `origin` is a local bare repository: (repo, remote)."""
    remote = tmp_path / "remote.git"
    _git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.email", "ci@example.org", cwd=repo)
    _git("config", "user.name", "CI", cwd=repo)
    _git("remote", "add", "origin", str(remote), cwd=repo)
    return repo, remote


def test_publish_to_a_gh_pages_branch(tmp_path):
    repo, remote = _repo_with_remote(tmp_path)
    assert publish(PUBLISH_CONF, method="gh-pages", repo=repo) == 0
    files = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert "index.html" in files and "en/index.html" in files and ".nojekyll" in files
    assert "sitemap.xml" in files


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_dry_run_to_rsync_lists_changes_and_leaves_the_target_alone(tmp_path, rsync, capfd):
    overrides = {"SITEURL": "https://kip.example.org", "PUBLIC_URL": "https://kip.example.org"}
    target = tmp_path / "www"
    target.mkdir()
    assert publish(PUBLISH_CONF, method="rsync", target=str(target), overrides=overrides) == 0
    (target / "stale.html").write_text("old page", encoding="utf-8")
    (target / "index.html").write_text("edited on the server", encoding="utf-8")
    (target / "en" / "index.html").unlink()
    before = _tree_bytes(target)
    capfd.readouterr()
    assert publish(PUBLISH_CONF, method="rsync", target=str(target), overrides=overrides,
                   dry_run=True) == 0
    out = capfd.readouterr().out
    assert "would add 1, change 1 and remove 1 file(s); nothing was deployed" in out, out
    assert "  + en/index.html\n" in out and "  ~ index.html\n" in out
    assert "  - stale.html" in out
    assert _tree_bytes(target) == before


def test_dry_run_to_gh_pages_lists_changes_and_pushes_nothing(tmp_path, capfd):
    repo, remote = _repo_with_remote(tmp_path)
    # Nothing published yet: every file would be added.
    assert publish(PUBLISH_CONF, method="gh-pages", repo=repo, dry_run=True) == 0
    out = capfd.readouterr().out
    assert "change 0 and remove 0 file(s)" in out and "  + index.html\n" in out
    assert "  + .nojekyll\n" in out
    assert _git("branch", "--list", "gh-pages", cwd=remote) == ""
    # Published once; the next dry run of the same site changes nothing.
    assert publish(PUBLISH_CONF, method="gh-pages", repo=repo) == 0
    head = _git("rev-parse", "gh-pages", cwd=remote)
    capfd.readouterr()
    assert publish(PUBLISH_CONF, method="gh-pages", repo=repo, dry_run=True) == 0
    out = capfd.readouterr().out
    assert "would add 0, change 0 and remove 0 file(s)" in out, out
    assert _git("rev-parse", "gh-pages", cwd=remote) == head


def test_publish_keeps_the_deployed_sitemap_for_the_next_check(tmp_path, rsync):
    target, kept = tmp_path / "www", tmp_path / "cache" / "deployed-sitemap.xml"
    target.mkdir()
    assert publish(PUBLISH_CONF, method="rsync", target=str(target), keep_sitemap=kept) == 0
    assert kept.read_bytes() == (target / "sitemap.xml").read_bytes()
