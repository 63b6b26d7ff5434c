#!/usr/bin/env python3
"""Content-only or code: which path of the "site" workflow a change takes.

A change that touches nothing but `content/` (Markdown, pictures, renames inside
it, deletions) takes the content path: the strict production build and the fast
site checks, then the deploy. Anything else (plugins, theme, settings, requirements,
tests, the workflow itself, docs) is code and runs the whole test suite first.

    git diff --name-status BASE...HEAD | python3 .ci/changes.py
    python3 .ci/changes.py --base BASE --head HEAD   # runs git itself

prints `content` or `code`, and writes `kind=...` to $GITHUB_OUTPUT when set.
Standard library only: it runs before Python is set up.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable

CONTENT = "content"
CODE = "code"
#: The folder an editor's change stays in; the CMS writes nowhere else.
CONTENT_ROOT = "content/"
#: The status column of `git diff --name-status`: a letter, a similarity for R and C.
_STATUS = re.compile(r"[ACDMRTUX][0-9]*")


def changed_paths(lines: Iterable[str]) -> list[str]:
    """The paths of `git diff --name-status` (or `--name-only`) lines: both sides of a
    rename or copy (`R100<TAB>old<TAB>new`), the one path of any other change."""
    paths = []
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) > 1 and _STATUS.fullmatch(fields[0]):
            paths += fields[1:]
        else:
            paths.append(line)
    return paths


def is_content(path: str) -> bool:
    """True for a file under content/ (a path that climbs out with `..` is not)."""
    path = path.strip().strip('"').replace("\\", "/").removeprefix("./")
    parts = path.split("/")
    return path.startswith(CONTENT_ROOT) and ".." not in parts and len(parts) > 1 and all(
        parts[1:])


def classify(paths: Iterable[str]) -> str:
    """`content` when every path is under content/; `code` otherwise, and for an empty
    list (nothing known to have changed: test everything)."""
    paths = [p for p in paths if p.strip()]
    if paths and all(is_content(p) for p in paths):
        return CONTENT
    return CODE


def git_diff(base: str, head: str) -> list[str] | None:
    """The changed paths between the merge base of ``base`` and ``head``, and ``head``;
    None when git cannot tell (a new branch, a force push, history not fetched)."""
    if not base or set(base) == {"0"}:
        return None
    proc = subprocess.run(["git", "diff", "--name-status", "--no-renames", f"{base}...{head}"],
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        print(f"changes: git diff {base}...{head}: {proc.stderr.strip()}", file=sys.stderr)
        return None
    return changed_paths(proc.stdout.splitlines())


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--base" in argv:
        base = argv[argv.index("--base") + 1]
        head = argv[argv.index("--head") + 1] if "--head" in argv else "HEAD"
        paths = git_diff(base, head) or []
    else:
        paths = changed_paths(sys.stdin)
    kind = classify(paths)
    for path in paths:
        print(f"  {'content' if is_content(path) else 'code   '}  {path}", file=sys.stderr)
    print(kind)
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
            out.write(f"kind={kind}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
