"""Drawing a batch of images into their files: here, or in a pool of worker processes.

A batch mixes formats (card, square, story); each worker keeps one renderer per
format for its chunk, and writes the files itself, so no image's bytes travel
back to the run's process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .draw import Renderer
from .layout import Layout
from .model import CardSpec

#: Below this many cards to draw, starting worker processes costs more than it saves.
PARALLEL_MIN = 12

#: One image to draw: its format (a key of the layouts), what it shows, its file.
Task = tuple[str, CardSpec, str]


def write_card(path: str, data: bytes) -> None:
    """A new card file in the build's folder (which no reader sees until the swap).

    A name already there is replaced, never written through: it may be a link
    to a cached card."""
    try:
        handle = open(path, "xb")  # noqa: SIM115 - closed below
    except FileExistsError:
        os.unlink(path)
        handle = open(path, "xb")  # noqa: SIM115
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle = open(path, "xb")  # noqa: SIM115
    with handle:
        handle.write(data)


def _draw_all(layouts: dict[str, Layout], coverage: frozenset[int], tasks: list[Task],
              renderers: dict[str, Renderer]) -> int:
    """Draw each task with its format's renderer, made on first use and kept in
    ``renderers`` (opening the fonts at every size costs more than a card)."""
    for fmt, spec, path in tasks:
        renderer = renderers.get(fmt)
        if renderer is None:
            renderer = renderers[fmt] = Renderer(layouts[fmt], coverage)
        write_card(path, renderer.png(spec))
    return len(tasks)


def _draw_chunk(layouts: dict[str, Layout], coverage: frozenset[int], tasks: list[Task]) -> int:
    """Worker process: draw a batch of images, of any formats, into their files."""
    return _draw_all(layouts, coverage, tasks, {})


def draw_many(layouts: dict[str, Layout], coverage: frozenset[int], tasks: list[Task],
              jobs: int, renderers: dict[str, Renderer] | None = None) -> None:
    """Draw each (format, spec, file) task; in ``jobs`` processes when there are enough.

    The workers write the files themselves: no card's bytes travel back to
    this process. ``renderers`` (by format) are reused when drawing here.
    """
    if jobs <= 1 or len(tasks) < PARALLEL_MIN:
        _draw_all(layouts, coverage, tasks, {} if renderers is None else renderers)
        return
    # Several chunks per worker even out titles that take longer to fit.
    size = max(8, -(-len(tasks) // (jobs * 4)))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        done = sum(pool.map(_draw_chunk, [layouts] * len(chunks),
                            [coverage] * len(chunks), chunks))
    if done != len(tasks):
        raise RuntimeError(f"cards: {len(tasks) - done} of {len(tasks)} cards were not drawn")
