"""Which courses exist, until the courses plugin can say so itself.

A course is known when a source file `content/courses/<slug>.<lang>.md` exists.
The check is a plain function so that the courses plugin can hand its own to
this plugin through the `EVENTS_COURSE_CHECK` setting ('module:function').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

COURSES_FOLDER = "courses"
_TITLE = re.compile(r"^\s{0,3}title\s*:\s*(?P<title>.+?)\s*$", re.IGNORECASE)


def course_files(content_path: str, slug: str) -> list[Path]:
    folder = Path(content_path) / COURSES_FOLDER
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{glob_escape(slug)}.*.md"))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def course_source_exists(content_path: str, slug: str) -> bool:
    """The default known-course check: any language's source file exists."""
    return bool(course_files(content_path, slug))


@dataclass(frozen=True)
class CourseLink:
    slug: str
    title: str
    url: str
    lang: str


def _title_of(path: Path) -> str | None:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                break
            match = _TITLE.match(line)
            if match:
                return match["title"]
    return None


def course_link(content_path: str, slug: str, languages, url_pattern: str) -> CourseLink | None:
    """Where the course page of ``slug`` will be, in the first language that has it.

    ``languages`` is ((code, prefix), ...), the run's language first;
    ``url_pattern`` is COURSE_URL without a language prefix.
    """
    files = {path.name[len(slug) + 1:-3]: path for path in course_files(content_path, slug)}
    for code, prefix in languages:
        if code in files:
            title = _title_of(files[code]) or slug
            return CourseLink(slug, title, prefix + url_pattern.format(slug=slug), code)
    return None
