"""Ready-to-paste post texts: a short one for X (280 characters with the link) and a
longer one for Telegram, Viber and Facebook."""

from __future__ import annotations

import re

SHORT_LIMIT = 280
_NOT_TAG = re.compile(r"[^\w]+")


def hashtags(tags) -> str:
    """`kitchen of ideas`, `Вільна Хата` -> `#KitchenOfIdeas #ВільнаХата`."""
    found = []
    for tag in tags or ():
        words = _NOT_TAG.split(str(tag))
        text = "".join(word[:1].upper() + word[1:] for word in words if word)
        if text and f"#{text}" not in found:
            found.append(f"#{text}")
    return " ".join(found)


def short_post(title: str, when: str, url: str) -> str:
    """`Title — when. url`, the title shortened (at a word) to fit 280 characters."""
    tail = (f" — {when}. " if when else " ") + url
    room = SHORT_LIMIT - len(tail)
    if len(title) > room:
        title = title[: room - 1].rsplit(" ", 1)[0].rstrip(" ,.;:—–-") + "…"
    return title + tail


def long_post(*, title: str, lines: list[tuple[str, str]], summary: str, url: str,
              tags) -> str:
    """Title, labelled lines (when, where, registration), the summary, the link, tags."""
    parts = [title, "\n".join(f"{label}: {value}" for label, value in lines if value),
             summary, url, hashtags(tags)]
    return "\n\n".join(part for part in parts if part)
