"""Pagefind runs once over the finished tree; it splits the index by <html lang>.

Only elements marked `data-pagefind-body` (articles, events, courses, pages) are
indexed, so lists, the search page and the 404 page never show up as results.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    pass


def post_build(output: Path, settings: dict) -> None:
    bundle = settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    cmd = [sys.executable, "-m", "pagefind", "--site", str(output),
           "--output-subdir", bundle, "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise SearchIndexError(f"search: pagefind failed ({proc.returncode}): "
                               f"{(proc.stderr or proc.stdout).strip()[-2000:]}")
    # The playground and other optional files are not published.
    logger.info("search: indexed %s", output)


def register():
    """Nothing to wire into a language run; the index needs every page at once."""
