"""Signal wiring: rewrite `<img>` as each page is written; draw derivatives after the runs."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from common.text import site_path as content_path
from sitebuild.hooks import BuildContext, Hooks, StepError

from .config import read_image_settings
from .process import RASTER, PictureError, process_all
from .rewrite import PageImages

logger = logging.getLogger(__name__)


def _page_images(context: dict) -> PageImages:
    """One resolver per run, kept on the run's shared context."""
    store = context.get("IMAGES_RESOLVER")
    if store is None:
        raise RuntimeError("images: generator_init did not run")
    return store


def _install(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters["content_path"] = content_path
    context = generator.context
    if "IMAGES_RESOLVER" not in context:
        conf = read_image_settings(generator.settings)
        context["IMAGES_RESOLVER"] = PageImages(
            Path(generator.settings["OUTPUT_PATH"]), Path(generator.settings["PATH"]), conf,
            generator.settings.get("SITEURL", "") if not generator.settings.get(
                "RELATIVE_URLS") else "")


def _on_written(path, context=None, **_):
    if context is None or not path.endswith(".html") or "IMAGES_RESOLVER" not in context:
        return
    with open(path, "rb") as handle:
        data = handle.read()
    if b"<img" not in data:
        return
    page = Path(path)
    rewritten = _page_images(context).rewrite(page, data)
    if rewritten is not data and rewritten != data:
        page.write_bytes(rewritten)


def post_build(context: BuildContext) -> None:
    """Derivatives for every raster image under content/images, once for all languages."""
    settings, output = context.settings, context.output
    conf = read_image_settings(settings)
    content = Path(settings["PATH"])
    folder = content / conf.folder
    if not folder.is_dir():
        return
    sources = [(p, Path(output) / p.parent.relative_to(content))
               for p in sorted(folder.rglob("*")) if p.suffix.lower() in RASTER]
    cache = Path(settings["CACHE_PATH"]) / "images"
    try:
        drawn = process_all(sources, cache, conf, jobs=min(2, os.cpu_count() or 1))
    except PictureError as exc:
        raise StepError(str(exc)) from None
    logger.info("images: %d source images, %d processed, %d from cache",
                len(sources), drawn, len(sources) - drawn)


build_hooks = Hooks(post_build=post_build)


def register():
    signals.generator_init.connect(_install)
    signals.content_written.connect(_on_written)
