"""A 'template' whose text a function makes, for files that are not Jinja pages.

Calendars (.ics) and feeds go through Pelican's `Writer.write_file` with one, so
they are written like every other file of a run (its output folder, its
`content_written` signal); `write_file` only ever calls `render`.
"""

from __future__ import annotations


class TextTemplate:
    def __init__(self, make_text):
        self.make_text = make_text

    def render(self, _context) -> str:
        return self.make_text()
