"""Site paths as editors write them in `Aliases:`, and the files they become.

The content checks (every language at once, before any run) and the aliases
plugin (inside a run) read `Aliases:` through these, so both agree on where a
redirect page lands.
"""

from __future__ import annotations

import re

#: A scheme (`javascript:`, `https:`) at the start of a path segment.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def alias_paths(value) -> list[str]:
    """`/news/a/, /news/b` -> ["news/a/", "news/b/"]: site paths, a folder ends with /."""
    paths = []
    for part in str(value or "").split(","):
        path = part.strip().lstrip("/")
        if path and not path.endswith((".html", "/")):
            path += "/"
        if path:
            paths.append(path)
    return paths


def written_aliases(value) -> list[str]:
    """The addresses of an `Aliases:` line as written (for messages): `/news/a/`."""
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def unsafe_alias(written: str) -> str | None:
    """Why an alias as written would not be a page of this site, or None.

    `..` would write outside the output folder (Pelican stops with a traceback),
    `//host/x` is another site to a browser, and a backslash or a scheme is not
    a site path at all.
    """
    if written.startswith("//"):
        return "starts with //, which a browser reads as another site"
    if "\\" in written:
        return "holds a backslash"
    segments = written.strip("/").split("/")
    if any(segment in ("..", ".") for segment in segments):
        return "holds a . or .. folder, which leaves the site's tree"
    if "//" in written:
        return "holds an empty folder (//)"
    if segments and _SCHEME.match(segments[0]):
        return "holds a scheme (such as https: or javascript:)"
    return None


def save_path(path: str) -> str:
    """The file a site path is written to: `news/a/` -> `news/a/index.html`."""
    return path if path.endswith(".html") or not path else (
        path if path.endswith("/") else path + "/") + "index.html"
