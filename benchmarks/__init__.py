"""Build benchmark (issue 10): a synthetic bilingual corpus and timed builds.

- `tests/corpus.py` (shared with the tests): writes a deterministic corpus (news,
  events, courses, pages) of a given size; `tests/phrases.py` holds its parallel text.
- `run`: times plain Pelican and the full site on it and prints the figures as JSON;
  `python -m benchmarks.run --help`, or `invoke bench`.
- `worker`: the subprocess that runs one build and reports its own memory.
- `hotspots`: one cold (or `--warm`) full build under cProfile, the slowest functions listed.

Cards per second come from the cards engineer's code when it offers
``measure(content_path, work_dir) -> {"cold": cards/s, "cached": cards/s}``, either
as ``benchmarks/cards_speed.py`` or as ``measure_speed`` in ``plugins/cards``.
"""
