"""schema.org `Event` as JSON-LD, safe to put inside a <script> element.

`json.dumps` alone is not enough: a title containing `</script>` would end the
element. After dumping, `<`, `>` and `&` become JSON escapes (\\u003c …),
which JSON parsers read back as the same characters.
"""

from __future__ import annotations

import json

from common.sanitize import clean_html
from common.text import paragraphs

SCHEMA = "https://schema.org"
MAX_SESSIONS = 12
EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
}
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
            "\u2029": "\\u2029"}


def script_safe_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _attendance(info) -> str:
    if info.online_url and info.location:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if info.online_url:
        return f"{SCHEMA}/OnlineEventAttendanceMode"
    return f"{SCHEMA}/OfflineEventAttendanceMode"


def locations(info) -> list[dict]:
    """schema.org Place (with PostalAddress and geo) and/or VirtualLocation of an event."""
    places = []
    if info.location:
        place = {"@type": "Place", "name": info.location}
        if info.address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": info.address}
        if info.geo:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": info.geo[0],
                            "longitude": info.geo[1]}
        places.append(place)
    if info.online_url:
        places.append({"@type": "VirtualLocation", "url": info.online_url})
    return places


def _iso(occ, site_tz, end=False):
    if occ.all_day:
        return (occ.last_day if end else occ.first_day).isoformat()
    return (occ.end if end else occ.start).astimezone(site_tz).isoformat()


def event_data(event, *, url: str, site_name: str, home: str, site_tz,
               image: str | None = None) -> dict | list:
    """One Event per session (up to MAX_SESSIONS), as search engines expect for a series."""
    info = event.info
    places = locations(info)
    organizer = ({"@type": "Organization", "name": info.organizer} if info.organizer
                 else {"@type": "Organization", "name": site_name, "url": home})
    common = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": str(event.title),
        "eventStatus": f"{SCHEMA}/{EVENT_STATUS[info.status]}",
        "eventAttendanceMode": _attendance(info),
        "location": places[0] if len(places) == 1 else places,
        "organizer": organizer,
        "inLanguage": event.lang,
    }
    if url:
        common["url"] = url
    description = paragraphs(clean_html(getattr(event, "summary", "") or ""))
    if description:
        common["description"] = description
    if image:
        common["image"] = [image]
    if info.audience:
        common["audience"] = {"@type": "Audience", "audienceType": info.audience}
    sessions = [
        {**common, "startDate": _iso(occ, site_tz), "endDate": _iso(occ, site_tz, end=True)}
        for occ in info.occurrences[:MAX_SESSIONS]
    ]
    return sessions[0] if len(sessions) == 1 else sessions


def event_json_ld(event, **kwargs) -> str:
    return script_safe_json(event_data(event, **kwargs))
