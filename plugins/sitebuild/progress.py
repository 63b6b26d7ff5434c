"""What a build tells the person waiting: one line per finished step, seconds per step."""

from __future__ import annotations

import contextlib
import os
import sys
import time


class Progress:
    """A live bar in a terminal, plain lines elsewhere (CI, tests)."""

    def __init__(self, codes):
        self.total = len(codes) + 1  # every language run, then the steps after them
        self.count = 0
        self.live = sys.stderr.isatty() and not os.environ.get("CI")
        self.started = time.perf_counter()
        self.show(f"building {', '.join(codes)}")

    def show(self, what: str) -> None:
        elapsed = time.perf_counter() - self.started
        if self.live:
            width = 24
            bar = "#" * (width * self.count // self.total)
            sys.stderr.write(f"\r[{bar:-<{width}}] {self.count}/{self.total} {what} "
                             f"({elapsed:.1f} s)\033[K")
            sys.stderr.flush()
        else:
            print(f"build: {self.count}/{self.total} {what} ({elapsed:.1f} s)", file=sys.stderr)

    def step(self, what: str) -> None:
        self.count += 1
        self.show(what)

    def finish(self, what: str) -> None:
        self.count = self.total
        self.show(what)
        if self.live:
            sys.stderr.write("\n")


class Phases:
    """Seconds per step of one build, kept in the "up to date" record."""

    def __init__(self):
        self.times: dict[str, float] = {}

    @contextlib.contextmanager
    def step(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.times[name] = round(time.perf_counter() - started, 3)
