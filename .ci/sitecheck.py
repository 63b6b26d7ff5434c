#!/usr/bin/env python3
"""The fast checks of a built site that need no browser, and its digest.

    python3 .ci/sitecheck.py check output [PUBLIC_URL]   # links, feeds, calendars
    python3 .ci/sitecheck.py digest output               # one hash of every file

`check` runs the link check `invoke publish` runs (plugins/checks/site.py) and parses
every feed (feedparser, as the tests do) and every calendar (icalendar). Each problem
is printed as `site: page: problem` (what .ci/summary.py reads); the exit code is 1
when there is any. The Nu Html Checker and the page weight are the site checks of
tests/test_quality.py, which `invoke check` and the workflow run on output/.

`digest` names a site by its files' paths and contents: two builds with the same
digest would publish the same site, so the hourly run deploys only a new one.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))


def feed_problems(root: Path) -> list[str]:
    """Every Atom or RSS feed under ``root`` parses without a complaint."""
    import feedparser

    problems = []
    for path in sorted(root.rglob("*.xml")):
        if path.name.startswith("sitemap"):
            continue
        parsed = feedparser.parse(path.read_bytes())
        where = path.relative_to(root)
        if parsed.bozo:
            problems.append(f"{where}: the feed does not parse: {parsed.bozo_exception}")
        elif parsed.version not in ("atom10", "rss20"):
            problems.append(f"{where}: not an Atom or RSS feed ({parsed.version or 'unknown'})")
    return problems


def calendar_problems(root: Path) -> list[str]:
    """Every .ics file under ``root`` is one calendar whose events have a start."""
    from icalendar import Calendar

    problems = []
    for path in sorted(root.rglob("*.ics")):
        where = path.relative_to(root)
        try:
            calendar = Calendar.from_ical(path.read_bytes())
        except ValueError as exc:
            problems.append(f"{where}: the calendar does not parse: {exc}")
            continue
        events = calendar.walk("VEVENT")
        if not events:
            problems.append(f"{where}: the calendar has no event")
        problems += [f"{where}: an event without DTSTART ({event.get('SUMMARY')})"
                     for event in events if event.get("DTSTART") is None]
    return problems


def site_problems(root: Path, public_url: str = "") -> list[str]:
    """Broken links and fragments (the project's own check), feeds, calendars."""
    from checks.site import site_problems as link_problems

    return [*link_problems(root, public_url), *feed_problems(root), *calendar_problems(root)]


def digest(root: Path) -> str:
    """sha256 over every file's path and content, in a fixed order."""
    total = hashlib.sha256()
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        total.update(path.relative_to(root).as_posix().encode() + b"\0")
        total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2 or argv[0] not in ("check", "digest"):
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[1])
    if not root.is_dir():
        print(f"site: {root}: no such folder; build first", file=sys.stderr)
        return 2
    if argv[0] == "digest":
        print(digest(root))
        return 0
    public_url = (argv[2] if len(argv) > 2 else "").rstrip("/")
    problems = site_problems(root, public_url)
    for problem in problems:
        print(f"site: {problem}")
    print(f"site checks: {len(problems)} problem(s) in {root}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
