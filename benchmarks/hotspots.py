"""One full build under cProfile: where the time goes, before anything is optimised.

    python -m benchmarks.hotspots --articles 500 --events 100 --courses 20 --top 30
    python -m benchmarks.hotspots --warm   # a cold build first, then the warm one profiled
    python -m benchmarks.hotspots --edit   # a cold build, one article edited, the rebuild profiled

The languages are built one after the other in this process (jobs=1), so the
profile sees both runs; cProfile's overhead makes every figure slower than a
real build, the order is what counts. `--prof FILE` keeps the raw profile for
`python -m pstats FILE` or snakeviz.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.corpus import DEFAULT_SEED, CorpusSize, generate

from .run import EDIT_SENTENCE, progress, site_overrides, snapshot_site


def profile_build(size: CorpusSize, *, seed: int = DEFAULT_SEED, warm: bool = False,
                  edit: bool = False, work: Path | None = None) -> tuple[pstats.Stats, float]:
    """Profile a cold build, or with ``warm`` a second build with nothing changed, or
    with ``edit`` the rebuild after one article's text changed."""
    owned = work is None
    work = Path(tempfile.mkdtemp(prefix="kip-profile-")) if owned else Path(work)
    try:
        conf = snapshot_site(work / "site")  # see run.snapshot_site: no edits mid-profile
        sys.path.insert(0, str(conf.parent / "plugins"))
        from sitebuild import build

        content = work / "content"
        shutil.rmtree(content, ignore_errors=True)
        corpus = generate(content, size, seed)
        extra, _notes, _plugins = site_overrides(conf)
        overrides = {"PATH": str(content), "CACHE_PATH": str(work / "cache"), **extra}
        shutil.rmtree(work / "cache", ignore_errors=True)
        output = str(work / "output")
        kind = "one-edit" if edit else "warm" if warm else "cold"
        if warm or edit:
            progress(f"cold build of {size.documents} documents, to warm the caches")
            if build(str(conf), output=output, overrides=overrides, jobs=1):
                raise SystemExit("the build failed; see the messages above")
        if edit:
            with corpus.edit_target.open("a", encoding="utf-8") as handle:
                handle.write(EDIT_SENTENCE.format(n=1))
        progress(f"profiling a {kind} build of {size.documents} documents (jobs=1)")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        code = build(str(conf), output=output, overrides=overrides, jobs=1)
        profiler.disable()
        seconds = time.perf_counter() - started
        if code:
            raise SystemExit(f"the build failed (exit {code}); see the messages above")
        return pstats.Stats(profiler), seconds
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)


def top(stats: pstats.Stats, sort: str, count: int) -> str:
    stream = io.StringIO()
    stats.stream = stream
    stats.sort_stats(sort).print_stats(count)
    return stream.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=CorpusSize.articles)
    parser.add_argument("--events", type=int, default=CorpusSize.events)
    parser.add_argument("--courses", type=int, default=CorpusSize.courses)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--top", type=int, default=30, help="how many functions to list")
    parser.add_argument("--warm", action="store_true",
                        help="profile a warm build (nothing changed) instead of a cold one")
    parser.add_argument("--edit", action="store_true",
                        help="profile the rebuild after one article's text changed")
    parser.add_argument("--prof", type=Path, help="also write the raw profile here")
    args = parser.parse_args(argv)
    size = CorpusSize(args.articles, args.events, args.courses)
    stats, seconds = profile_build(size, seed=args.seed, warm=args.warm, edit=args.edit)
    if args.prof:
        stats.dump_stats(str(args.prof))
    kind = "one-edit" if args.edit else "warm" if args.warm else "cold"
    print(f"{kind} build under cProfile: {seconds:.1f} s (jobs=1)\n")
    print("== by cumulative time ==")
    print(top(stats, "cumulative", args.top))
    print("== by own time ==")
    print(top(stats, "tottime", args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
