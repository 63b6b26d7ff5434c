"""Deploy a finished build: rsync (over SSH or to a folder) or a gh-pages branch.

Nothing is deployed unless the strict build and the checks passed; rsync
uploads into temporary names and swaps them in at the end (--delay-updates)
and deletes stale files only after that (--delete-after), so visitors never see
a mixed site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pelican.settings import read_settings

from build import build
from checks.site import site_problems


class DeployError(RuntimeError):
    """Deployment cannot go ahead; the message says what to set or install."""


RSYNC_FLAGS = ["--recursive", "--links", "--times", "--compress", "--checksum",
               "--delete-after", "--delay-updates", "--human-readable"]


def deploy_rsync(source: Path, target: str, *, dry_run: bool = False) -> None:
    if not target:
        raise DeployError(
            "PUBLISH_TARGET: missing; set it in publishconf.py or the environment, e.g. "
            "PUBLISH_TARGET=deploy@example.org:/var/www/site/ invoke publish")
    if shutil.which("rsync") is None:
        raise DeployError("rsync is not installed; install it (apt-get install rsync)")
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
            overrides: dict | None = None) -> int:
    """Strict build into a fresh folder, site checks, then deploy; 0 when deployed."""
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
        public_url = read_settings(settings_file, override=dict(overrides))["PUBLIC_URL"]
        problems = site_problems(out, public_url)
        if problems:
            for problem in problems:
                print(f"publish: {problem}", file=sys.stderr)
            print("publish: site checks failed; nothing was deployed", file=sys.stderr)
            return 1
        if method == "rsync":
            deploy_rsync(out, target)
        else:
            deploy_ghpages(out, repo=repo or Path.cwd(), branch=branch, remote=remote)
    print(f"publish: deployed with {method}")
    return 0
