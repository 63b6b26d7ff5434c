"""A 'template' whose text a function makes, for files that are not Jinja pages.

Calendars (.ics) and feeds go through `Writer.write_file` with one, so
incremental rendering keys and reuses them like pages: the function runs only
when the file is written, and a build that reuses the previous file never
makes its text. The key is ``key`` plus the write's arguments, which must name
everything the text is made from; the bodies the function reads are tracked
like a page's. With the plain Pelican Writer it simply renders.
"""

from __future__ import annotations


class Verbatim:
    def __init__(self, make_text, key: str):
        self.make_text = make_text
        self.key = key

    def render(self, _context) -> str:
        return self.make_text()

    def memo_key(self) -> str:
        """What incremental rendering keys this 'template' by."""
        return f"verbatim:{self.key}"
