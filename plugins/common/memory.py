"""Peak memory of this process or of its children, in MiB (the build's record, the benchmark)."""

from __future__ import annotations

import resource
import sys


def peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    """The largest resident size so far (``resource.RUSAGE_CHILDREN``: of the largest
    child waited for), in MiB."""
    peak = resource.getrusage(who).ru_maxrss
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
