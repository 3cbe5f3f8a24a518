"""Days as note-takers write them (``YYYY-MM-DD``) and as readers see them."""

from __future__ import annotations

import datetime as dt

from sphinx.util.i18n import format_date


def parse_date(text: str) -> dt.date | None:
    """The day written as ``YYYY-MM-DD``, or None when it is not a real day."""
    text = text.strip()
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def show_date(day: dt.date | str, fmt: str, language: str | None) -> str:
    """A day (a date or its ISO text) as readers see it, in the site's language."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_date(fmt, date=dt.datetime.combine(day, dt.time()), language=language or "en")
