"""The sitemap's wiring: each language run notes the records of the pages it writes
(`content_written`), and a post-build hook writes them all into sitemap.xml."""

from __future__ import annotations

import logging

from pelican import signals

from i18n import language_run
from sitebuild.hooks import BuildContext, Hooks

from .collect import on_written
from .write import write_sitemap

logger = logging.getLogger(__name__)


def post_build(context: BuildContext) -> None:
    """Every language is written: sitemap.xml lists the pages their runs noted."""
    public = language_run(context.settings).public_url
    records = [record for lang in context.languages
               for record in context.reports.get(lang, {}).get("sitemap", ())]
    count = write_sitemap(context.output, public, records)
    logger.info("sitemap: %d pages", count)


build_hooks = Hooks(post_build=post_build)


def register():
    signals.content_written.connect(on_written)
