""""Now" for a build: a setting, else SOURCE_DATE_EPOCH (reproducible builds), else the clock.

Events split into upcoming and past at this moment, and scheduled posts appear
after it; tests freeze it with the setting or the variable.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo


class ClockError(ValueError):
    """The setting or SOURCE_DATE_EPOCH does not hold a moment; the message says what to write."""


def build_now(settings, key: str, tz: tzinfo) -> tuple[datetime, bool]:
    """(now, whether it is the clock's) from ``settings[key]``, SOURCE_DATE_EPOCH or
    the clock; a value without a zone is in ``tz``."""
    raw = settings.get(key)
    if raw:
        try:
            value = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
        except ValueError:
            raise ClockError(
                f"{key}: {raw!r} is not an ISO 8601 date-time; write e.g. "
                "'2017-05-01T12:00:00+03:00' or remove it to use the build time") from None
        return (value if value.tzinfo else value.replace(tzinfo=tz)), False
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC), False
        except ValueError:
            raise ClockError(
                f"SOURCE_DATE_EPOCH: {epoch!r} is not a number of seconds; "
                "set it to e.g. $(git log -1 --format=%ct)") from None
    return datetime.now(UTC), True
