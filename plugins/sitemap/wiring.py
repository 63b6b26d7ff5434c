"""The sitemap's post-build hook: it reads the finished tree, so no run signal is needed."""

from __future__ import annotations

import logging

from build.hooks import BuildContext, Hooks

from .write import write_sitemap

logger = logging.getLogger(__name__)


def post_build(context: BuildContext) -> None:
    """Every language is written: sitemap.xml lists their pages."""
    settings = context.settings
    public = (settings.get("PUBLIC_URL") or settings.get("SITEURL") or "").rstrip("/")
    site_url = settings.get("PUBLIC_URL") or settings.get("SITEURL", "")
    count = write_sitemap(context.output, public, site_url)
    logger.info("sitemap: %d pages", count)


build_hooks = Hooks(post_build=post_build)


def register():
    """Nothing to wire into a language run: the sitemap needs every page at once."""
