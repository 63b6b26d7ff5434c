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
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

#: A stylesheet's own files (fonts, pictures).
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class PrecacheError(ValueError):
    """A page the settings ask for is not in the site; the message names the setting."""


class _Assets(HTMLParser):
    """The stylesheets, scripts, icons and manifest a page loads."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and {"stylesheet", "icon", "manifest"} & set(rel) and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.found.append(attrs["src"])


def site_path(base: str, page: str, href: str) -> str | None:
    """``href`` of the page at ``page`` as a path from the site's root; None for
    another site's address."""
    absolute = urljoin(f"{base}/{page}", href)
    parts = urlsplit(absolute)
    root = urlsplit(f"{base}/")
    if (parts.scheme, parts.netloc) != (root.scheme, root.netloc) \
            or not parts.path.startswith(root.path):
        return None
    return parts.path[len(root.path):]


def _file(tree: Path, path: str) -> Path:
    return tree / path / "index.html" if path == "" or path.endswith("/") else tree / path


def precache_list(tree: Path, base: str, pages: list[str],
                  required: list[str]) -> list[tuple[str, str, int]]:
    """(path, revision, gzip size) of each file to precache, in a stable order.

    A page of ``pages`` the site does not have (a site without a contacts page)
    is left out; a page of ``required`` or a file a page loads must be there.
    """
    wanted: dict[str, None] = {}
    queue = [page for page in pages if _file(tree, page).is_file()] + list(required)
    while queue:
        path = queue.pop(0)
        if path in wanted:
            continue
        file = _file(tree, path)
        if not file.is_file():
            raise PrecacheError(f"{path or '/'}: not in the built site")
        wanted[path] = None
        if file.suffix == ".html":
            parser = _Assets()
            parser.feed(file.read_text(encoding="utf-8"))
            found = parser.found
        elif file.suffix == ".css":
            found = _CSS_URL.findall(file.read_text(encoding="utf-8"))
        else:
            continue
        for href in found:
            target = site_path(base, path, href)
            if target is not None and not target.startswith("data:"):
                queue.append(target)
    entries = []
    for path in sorted(wanted):
        data = _file(tree, path).read_bytes()
        entries.append((path, hashlib.sha256(data).hexdigest()[:16],
                        len(gzip.compress(data, 9, mtime=0))))
    return entries


def worker_source(template: str, entries, offline: dict[str, str]) -> str:
    """The service worker: the precache list and the offline pages, then its code."""
    listed = "[\n" + "".join(f"  {json.dumps([path, revision], ensure_ascii=False)},\n"
                             for path, revision, _size in entries) + "]"
    return (f"// Written by the build (plugins/offline); edit theme/offline/sw.js.\n"
            f"const PRECACHE = {listed};\n"
            f"const OFFLINE = {json.dumps(offline, sort_keys=True)};\n\n{template}")
