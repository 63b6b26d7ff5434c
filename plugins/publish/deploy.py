"""Deploy a finished build: rsync (over SSH or to a folder) or a gh-pages branch.

Nothing is deployed unless the strict build and the checks passed; rsync
uploads into temporary names and swaps them in at the end (--delay-updates)
and deletes stale files only after that (--delete-after), so visitors never see
a mixed site.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import read_settings

from checks.site import site_problems
from i18n import language_run
from sitebuild import build


class DeployError(RuntimeError):
    """Deployment cannot go ahead; the message says what to set or install."""


RSYNC_FLAGS = ["--recursive", "--links", "--times", "--compress", "--checksum",
               "--delete-after", "--delay-updates", "--human-readable"]


@dataclass(frozen=True)
class Changes:
    """What a deploy adds, changes and removes (site paths)."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def report(self) -> str:
        lines = [f"publish --dry-run: would add {len(self.added)}, change "
                 f"{len(self.changed)} and remove {len(self.removed)} file(s); nothing "
                 "was deployed"]
        for mark, paths in (("+", self.added), ("~", self.changed), ("-", self.removed)):
            lines += [f"  {mark} {path}" for path in paths]
        return "\n".join(lines)


def rsync_changes(source: Path, target: str) -> Changes:
    """What `deploy_rsync` would do, from rsync's own itemized dry run."""
    _check_rsync(target)
    proc = subprocess.run(
        ["rsync", *RSYNC_FLAGS, "--dry-run", "--itemize-changes", f"{source}/",
         target if target.endswith("/") else target + "/"],
        check=True, capture_output=True, text=True, encoding="utf-8")
    added, changed, removed = [], [], []
    for line in proc.stdout.splitlines():
        if line.startswith("*deleting "):
            path = line.split(None, 1)[1]
            if not path.endswith("/"):
                removed.append(path)
        elif len(line) > 12 and line[1] == "f" and line[0] in "<>ch.":
            # YXcstpoguax: with --checksum, c marks other bytes and s another size; a
            # new mtime alone (every build writes new files) is not a change.
            flags, path = line[:11], line[12:]
            if "+++++++++" in flags:
                added.append(path)
            elif flags[2] == "c" or flags[3] == "s":
                changed.append(path)
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(removed)))


def ghpages_changes(source: Path, *, repo: Path, branch: str = "gh-pages",
                    remote: str = "origin") -> Changes:
    """What `deploy_ghpages` would change on ``remote``'s ``branch``: the finished tree
    against the branch's last commit (an empty branch when there is none yet)."""
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                              encoding="utf-8", check=False)

    fetched = git("fetch", "--quiet", remote, f"refs/heads/{branch}")
    published = {}
    if fetched.returncode == 0:
        for line in git("ls-tree", "-r", "FETCH_HEAD").stdout.splitlines():
            meta, _, path = line.partition("\t")
            published[path] = meta.split()[2]
    elif "couldn't find remote ref" not in fetched.stderr:
        raise DeployError(f"gh-pages: cannot read {remote}/{branch}: {fetched.stderr.strip()}")
    local = {path.relative_to(source).as_posix(): _blob_id(path.read_bytes())
             for path in sorted(source.rglob("*")) if path.is_file()}
    local.setdefault(".nojekyll", _blob_id(b""))  # ghp-import adds it
    return Changes(
        tuple(sorted(set(local) - set(published))),
        tuple(sorted(p for p in set(local) & set(published) if local[p] != published[p])),
        tuple(sorted(set(published) - set(local))))


def _blob_id(data: bytes) -> str:
    """The id git gives these bytes (as `git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's id


def _check_rsync(target: str) -> None:
    if not target:
        raise DeployError(
            "PUBLISH_TARGET: missing; set it in publishconf.py or the environment, e.g. "
            "PUBLISH_TARGET=deploy@example.org:/var/www/site/ invoke publish")
    if shutil.which("rsync") is None:
        raise DeployError("rsync is not installed; install it (apt-get install rsync)")


def deploy_rsync(source: Path, target: str, *, dry_run: bool = False) -> None:
    _check_rsync(target)
    cmd = ["rsync", *RSYNC_FLAGS, *(["--dry-run"] if dry_run else []),
           f"{source}/", target if target.endswith("/") else target + "/"]
    subprocess.run(cmd, check=True)


def deploy_ghpages(source: Path, *, repo: Path, branch: str = "gh-pages",
                   remote: str = "origin", message: str = "Publish the site",
                   cname: str | None = None) -> None:
    """Commit ``source`` as the whole of ``branch`` and push it (ghp-import)."""
    from ghp_import import GhpError, ghp_import

    cwd = os.getcwd()
    os.chdir(repo)
    try:
        ghp_import(str(source), mesg=message, branch=branch, remote=remote, push=True,
                   nojekyll=True, cname=cname, no_history=False)
    except GhpError as exc:
        raise DeployError(f"gh-pages: {exc.message}") from None
    finally:
        os.chdir(cwd)


def publish(settings_file: str, *, method: str, target: str = "", repo: Path | None = None,
            branch: str = "gh-pages", remote: str = "origin",
            overrides: dict | None = None, dry_run: bool = False,
            keep_sitemap: Path | None = None) -> int:
    """Strict build into a fresh folder, site checks, then deploy; 0 when deployed.
    ``dry_run``: print what the deploy would add, change and remove; deploy nothing."""
    if method not in ("rsync", "gh-pages"):
        raise DeployError(f"PUBLISH_METHOD: {method!r}; write 'rsync' or 'gh-pages'")
    if method == "rsync" and not target:
        deploy_rsync(Path("."), target)  # raises the helpful message before building
    with tempfile.TemporaryDirectory(prefix="kip-publish-") as tmp:
        out = Path(tmp) / "site"
        overrides = {"CACHE_PATH": str(Path(tmp) / "cache"), **(overrides or {})}
        code = build(settings_file, output=str(out), strict=True, overrides=overrides)
        if code:
            print("publish: the build failed; nothing was deployed", file=sys.stderr)
            return code
        public_url = language_run(read_settings(settings_file,
                                                override=dict(overrides))).public_url
        problems = site_problems(out, public_url)
        if problems:
            for problem in problems:
                print(f"publish: {problem}", file=sys.stderr)
            print("publish: site checks failed; nothing was deployed", file=sys.stderr)
            return 1
        if dry_run:
            changes = (rsync_changes(out, target) if method == "rsync" else
                       ghpages_changes(out, repo=repo or Path.cwd(), branch=branch,
                                       remote=remote))
            print(changes.report())
            return 0
        if method == "rsync":
            deploy_rsync(out, target)
        else:
            deploy_ghpages(out, repo=repo or Path.cwd(), branch=branch, remote=remote)
        if keep_sitemap is not None and (out / "sitemap.xml").is_file():
            # `invoke check` compares the next build with what is live.
            keep_sitemap.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / "sitemap.xml", keep_sitemap)
    print(f"publish: deployed with {method}")
    return 0
