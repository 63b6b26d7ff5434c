"""Signal wiring for the sitemap plugin, and its step after all language runs."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .collect import RECORDS, record_page, restore_fragment
from .write import write_sitemap

logger = logging.getLogger(__name__)


def _on_content_written(path, context=None, reused=False, **_):
    if context is not None:
        record_page(path, context, reused=reused)


def _on_finalized(_pelican):
    RECORDS.save()


def post_build(output: Path, settings: dict) -> None:
    """Called by the build driver once every language is written."""
    public = (settings.get("PUBLIC_URL") or settings.get("SITEURL") or "").rstrip("/")
    count = write_sitemap(Path(output), public)
    logger.info("sitemap: %d pages", count)


def language_kept(output: Path, _settings: dict, code: str, cache: Path) -> None:
    """The build driver kept a language's folder from the last build: its records too."""
    count = restore_fragment(str(output), str(cache), code)
    logger.info("sitemap: %s: %d pages kept", code, count)


def register():
    signals.content_written.connect(_on_content_written)
    signals.finalized.connect(_on_finalized)
