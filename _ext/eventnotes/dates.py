"""Days, times and durations as note-takers write them and as readers see them.

A day is ``YYYY-MM-DD``; a start time ``HH:MM`` (24 hours, the conference's
local time); a duration ``H:MM``, as frab writes it, or a number of minutes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from typing import TYPE_CHECKING

from sphinx.locale import get_translation
from sphinx.util.i18n import format_date

if TYPE_CHECKING:
    from collections.abc import Iterable

    from eventnotes.records import TalkMetadata

__ = get_translation("eventnotes", "console")


def parse_date(text: str) -> dt.date | None:
    """The day written as ``YYYY-MM-DD``, or None when it is not a real day."""
    text = text.strip()
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

# English names, each its own message, so that a translation names the month in its language.
_MONTHS = (
    __("January"), __("February"), __("March"), __("April"), __("May"), __("June"),
    __("July"), __("August"), __("September"), __("October"), __("November"), __("December"),
)


def _ordinal(number: int) -> str:
    """'1st', '2nd', '3rd', '11th', '22nd', '30th'."""
    if 10 <= number % 100 <= 20:
        return __("%dth") % number
    suffix = {1: __("%dst"), 2: __("%dnd"), 3: __("%drd")}.get(number % 10, __("%dth"))
    return suffix % number


def why_not_a_day(text: str) -> str:
    """Why a text written as ``YYYY-MM-DD`` names no day ("February has no 30th day");
    "" for a real day, or for a text not written in that shape (nothing more to say
    than that the shape is wrong)."""
    match = _DAY.fullmatch(text.strip())
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if not year:
        return str(__("there is no year 0"))
    if not 1 <= month <= 12:
        return __("there is no month %d") % month
    if not day:
        return str(__("there is no day 0"))
    days = calendar.monthrange(year, month)[1]
    if day <= days:
        return ""
    if month == 2 and day == 29:
        return __("%d is not a leap year, so February has no 29th day") % year
    return __("%(month)s has no %(ordinal)s day") % {"month": _MONTHS[month - 1], "ordinal": _ordinal(day)}


def show_date(day: dt.date | str, fmt: str, language: str | None) -> str:
    """A day (a date or its ISO text) as readers see it, in the site's language."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_date(fmt, date=dt.datetime.combine(day, dt.time()), language=language or "en")


def show_day(text: str, config: object) -> str:
    """A talk's ``:date:`` as the site shows dates (``eventnotes_date_format``), wherever it is
    written: talk blocks, listings, speaker pages, the indices of the website and the PDF.
    A text that names no day is shown as written."""
    day = parse_date(text)
    if day is None:
        return text
    return show_date(day, config.eventnotes_date_format, config.language)  # type: ignore[attr-defined]


_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_MINUTES = re.compile(r"\d{1,4}")


def parse_time(text: str) -> str:
    """A start time as ``HH:MM`` (``9:05`` -> ``09:05``), or "" when it is not a time of day."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        return ""
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        return ""
    return f"{hours:02d}:{minutes:02d}"


def parse_duration(text: str) -> str:
    """A duration as ``H:MM`` (``0:45``, ``45`` -> ``0:45``, ``90`` -> ``1:30``), or "" when it is none.

    A zero duration is none: a talk takes some time.
    """
    text = text.strip()
    if match := _TIME.fullmatch(text):
        hours, minutes = int(match[1]), int(match[2])
        if minutes > 59:
            return ""
    elif _MINUTES.fullmatch(text):
        hours, minutes = divmod(int(text), 60)
    else:
        return ""
    if not hours and not minutes:
        return ""
    return f"{hours}:{minutes:02d}"


def duration_minutes(duration: str) -> int:
    """The minutes of a checked ``H:MM`` duration."""
    hours, minutes = duration.split(":")
    return int(hours) * 60 + int(minutes)


def timeslot_minutes(talks: Iterable[TalkMetadata], default: int = 5) -> int:
    """The largest step, in minutes, that every start time and duration of the talks is a
    multiple of (at most an hour; ``default`` when none has either): schedule.json's
    ``timeslot_duration``, and the rows of a conference's grid."""
    steps = [60]
    for talk in talks:
        if talk.start:
            steps.append(duration_minutes(talk.start))  # HH:MM, minutes from midnight
        if talk.duration:
            steps.append(duration_minutes(talk.duration))
    if len(steps) == 1:
        return default
    return math.gcd(*steps) or default


def show_duration(duration: str, language: str | None) -> str:
    """A checked ``H:MM`` duration as readers see it: "45 minutes", "1 hour 30 minutes"."""
    from babel.dates import format_timedelta

    hours, minutes = divmod(duration_minutes(duration), 60)
    locale = (language or "en").replace("-", "_")
    parts = [
        format_timedelta(dt.timedelta(**{unit: amount}), threshold=1, locale=locale)
        for unit, amount in (("hours", hours), ("minutes", minutes))
        if amount
    ]
    return " ".join(parts)


def end_time(start: str, duration: str) -> str:
    """``HH:MM`` at which a talk starting at ``start`` and lasting ``duration`` ends."""
    hours, minutes = start.split(":")
    end = (int(hours) * 60 + int(minutes) + duration_minutes(duration)) % (24 * 60)
    return f"{end // 60:02d}:{end % 60:02d}"


def local_moment(day: str, time: str, time_zone: str = "") -> dt.datetime:
    """The moment ``time`` on ``day``, aware of the conference's IANA ``time_zone`` when it has one."""
    from zoneinfo import ZoneInfo

    moment = dt.datetime.fromisoformat(f"{day}T{time}:00")
    return moment.replace(tzinfo=ZoneInfo(time_zone)) if time_zone else moment


def talk_moments(day: str, start: str, duration: str, time_zone: str = "") -> tuple[str, str]:
    """ISO 8601 start and end of a talk (end "" without a duration); the offset only with a time zone."""
    begins = local_moment(day, start, time_zone)
    ends = begins + dt.timedelta(minutes=duration_minutes(duration)) if duration else None
    return begins.isoformat(), ends.isoformat() if ends else ""
