"""The event content type: a Pelican Page whose event fields are parsed by model.py."""

from __future__ import annotations

from pelican.contents import Page

from .model import EVENT_FIELDS, EventInfo


class Event(Page):
    """An event read from content/events/<slug>.<lang>.md.

    Pelican's own `status` (published/draft) and `timezone` would clash with
    the event's fields of the same name, so every event field is taken out of
    the metadata before Pelican sees it and kept, as written, in `fields`.
    After validation the generator calls `attach`, which sets the parsed values.
    """

    default_template = "event"
    mandatory_properties = ("title",)

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        metadata = dict(metadata or {})
        self.fields = {name: metadata.pop(name) for name in EVENT_FIELDS if name in metadata}
        self.info: EventInfo | None = None
        super().__init__(content, metadata, settings, source_path, context)

    def attach(self, info: EventInfo) -> None:
        """Parsed values as attributes, for templates and other plugins (feeds, cards)."""
        self.info = info
        self.start = info.first.start  # aware; midnight for an all-day event
        self.end = info.first.end  # aware, exclusive
        self.all_day = info.all_day
        self.event_status = info.status
        self.cancelled = info.status == "cancelled"
        self.occurrences = info.occurrences
        self.location = info.location
        self.address = info.address
        self.geo = info.geo
        self.online_url = info.online_url
        self.registration = info.registration
        self.course = info.course
        self.recurrence = info.recurrence
        self.audience = info.audience
        self.organizer = info.organizer
