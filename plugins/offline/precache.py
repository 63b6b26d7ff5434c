"""The service worker's precache list, read from the finished tree.

For every language: the pages of OFFLINE_PAGES and the offline page, and
every stylesheet, script, icon and font those pages load. Each entry's
revision is the digest of its bytes, so a new build makes the service worker
fetch again exactly the files that changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import lxml.html

from checks.site import target_file

#: A stylesheet's own files (fonts, pictures).
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class PrecacheError(ValueError):
    """A page or a file it loads is not in the built site; the message names it."""


def _file(tree: Path, path: str) -> Path:
    """The file of the address ``path`` (from the site's root): a folder's index.html."""
    return tree / path / "index.html" if path == "" or path.endswith("/") else tree / path


def _address(tree: Path, file: Path) -> str:
    """The address of ``file`` from the site's root: `events/` for events/index.html."""
    rel = file.relative_to(tree).as_posix()
    return rel.removesuffix("index.html") if rel.split("/")[-1] == "index.html" else rel


#: What a page loads: its stylesheets, icons and manifest, and its scripts.
_LOADED = ("link", "script")
_LINK_RELS = {"stylesheet", "icon", "manifest"}


def _loads(file: Path) -> list[str]:
    if file.suffix == ".html":
        found = []
        for element in lxml.html.fromstring(file.read_bytes()).iter(*_LOADED):
            if element.tag == "script":
                href = element.get("src")
            elif _LINK_RELS & set((element.get("rel") or "").split()):
                href = element.get("href")
            else:
                continue
            if href:
                found.append(href)
        return found
    if file.suffix == ".css":
        return _CSS_URL.findall(file.read_text(encoding="utf-8"))
    return []


def precache_list(tree: Path, public_url: str, pages: list[str],
                  required: list[str]) -> list[tuple[str, str, int]]:
    """(address, revision, gzip size) of each file to precache, in a stable order.

    A page of ``pages`` the site does not have (a site without a contacts page)
    is left out; a page of ``required`` or a file a page loads must be there.
    Links are followed as the link checks follow them (`checks.site.target_file`).
    """
    queue = [_file(tree, page) for page in pages if _file(tree, page).is_file()]
    queue += [_file(tree, page) for page in required]
    wanted: dict[Path, None] = {}
    while queue:
        file = queue.pop(0)
        if file in wanted:
            continue
        if not file.is_file():
            raise PrecacheError(f"{_address(tree, file) or '/'}: not in the built site")
        wanted[file] = None
        for href in _loads(file):
            target = target_file(tree, file, href, public_url)
            if target is not None:
                queue.append(target)
    entries = []
    for file in wanted:
        data = file.read_bytes()
        entries.append((_address(tree, file), hashlib.sha256(data).hexdigest()[:16],
                        len(gzip.compress(data, 9, mtime=0))))
    return sorted(entries)


def worker_source(template: str, entries, offline: dict[str, str]) -> str:
    """The service worker: the precache list and the offline pages, then its code."""
    listed = "[\n" + "".join(f"  {json.dumps([path, revision], ensure_ascii=False)},\n"
                             for path, revision, _size in entries) + "]"
    return (f"// Written by the build (plugins/offline); edit theme/offline/sw.js.\n"
            f"const PRECACHE = {listed};\n"
            f"const OFFLINE = {json.dumps(offline, sort_keys=True)};\n\n{template}")
