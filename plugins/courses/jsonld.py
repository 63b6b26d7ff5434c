"""schema.org `Course` with a `CourseInstance` per session, as a dict.

The template serialises it with Jinja's `tojson` (partials/jsonld.html), which
escapes `<`, `>`, `&` and `'`, so no text can close the script element. Outcomes and
module descriptions are Markdown lines: read as HTML through the sanitiser, their
entities become characters and any raw script element goes with its content.
"""

from __future__ import annotations

from datetime import timedelta

from common.sanitize import clean_text as plain
from events.jsonld import locations

SCHEMA = "https://schema.org"
#: Format -> CourseInstance.courseMode.
COURSE_MODE = {"in_person": "onsite", "online": "online", "mixed": "blended"}
EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
}
_FREQUENCY = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}


def iso_duration(value: timedelta) -> str:
    """`PT1H30M`; whole days as `P1D`."""
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes = seconds // 60
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    if not days and not time:
        return "PT0M"
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def _iso(occurrence, site_tz, end=False) -> str:
    if occurrence.all_day:
        return (occurrence.last_day if end else occurrence.first_day).isoformat()
    return (occurrence.end if end else occurrence.start).astimezone(site_tz).isoformat()


def _mode(course_format: str | None, info) -> str:
    """From the course's Format; a mixed course's sessions say themselves how they are held."""
    if course_format in ("in_person", "online"):
        return COURSE_MODE[course_format]
    if info.online_url and info.location:
        return COURSE_MODE["mixed"]
    return COURSE_MODE["online"] if info.online_url else COURSE_MODE["in_person"]


def _location(info):
    places = locations(info)
    return places[0] if len(places) == 1 else places


def _schedule(info, site_tz) -> dict | None:
    """A series as schema.org Schedule: how often, how many times, how long each time."""
    if not info.recurrence:
        return None
    rule = dict(part.split("=", 1) for part in info.recurrence.rule.split(";"))
    unit = _FREQUENCY.get(rule.get("FREQ", ""))
    schedule = {"@type": "Schedule", "repeatCount": info.recurrence.count,
                "startDate": info.first.first_day.isoformat(),
                "endDate": info.last.last_day.isoformat()}
    if unit:
        interval = rule.get("INTERVAL", "1")
        schedule["repeatFrequency"] = f"P{interval}{unit}"
    if not info.all_day:
        schedule["duration"] = iso_duration(info.first.end - info.first.start)
        schedule["startTime"] = info.first.start.astimezone(site_tz).strftime("%H:%M")
    return schedule


def course_instance(event, *, mode_of, absolute, site_tz, instructors) -> dict:
    info = event.info
    data = {
        "@type": "CourseInstance",
        "name": str(event.title),
        "courseMode": mode_of(info),
        "startDate": _iso(info.first, site_tz),
        "endDate": _iso(info.last, site_tz, end=True),
        "location": _location(info),
        "eventStatus": f"{SCHEMA}/{EVENT_STATUS.get(info.status, 'EventScheduled')}",
    }
    url = absolute(event.url)
    if url:
        data["url"] = url
    schedule = _schedule(info, site_tz)
    if schedule:
        data["courseSchedule"] = schedule
    if instructors:
        data["instructor"] = [{"@type": "Person", "name": name} for name in instructors]
    return data


def course_data(course, *, syllabus, description: str, url: str, provider: dict,
                site_tz, absolute, image: str | None = None) -> dict:
    """The Course of one syllabus page; ``syllabus`` is its render.Syllabus."""
    languages = course.languages or (course.lang,)
    data = {
        "@context": SCHEMA,
        "@type": "Course",
        "name": str(course.title),
        "description": description or str(course.title),
        "provider": provider,
        "inLanguage": languages[0] if len(languages) == 1 else list(languages),
    }
    if url:
        data["url"] = url
    if image:
        data["image"] = [image]
    if course.level:
        data["educationalLevel"] = course.level
    if course.prerequisites:
        data["coursePrerequisites"] = course.prerequisites
    if course.audience:
        data["audience"] = {"@type": "Audience", "audienceType": ", ".join(course.audience)}
    if course.hours:
        data["timeRequired"] = f"PT{course.hours}H"
    elif course.weeks:
        data["timeRequired"] = f"P{course.weeks}W"
    for part in syllabus.parts:
        if part.kind == "outcomes":
            data["teaches"] = [plain(item) for item in part.items]
        elif part.kind == "modules":
            data["syllabusSections"] = [
                {"@type": "Syllabus", "name": module.title,
                 "description": plain(module.description)} for module in part.items]
    data["hasCourseInstance"] = [
        course_instance(entry.event, mode_of=lambda info: _mode(course.format, info),
                        absolute=absolute, site_tz=site_tz, instructors=course.instructors)
        for entry in course.sessions]
    return data
