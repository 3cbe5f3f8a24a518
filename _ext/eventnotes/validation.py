"""Checking what note-takers write, and warning about it in one place.

Every problem found in the notes is reported through :func:`warn`, with a
location, the warning type ``eventnotes`` and one of the subtypes of
:class:`WarningSubtype`, so that ``suppress_warnings`` can select it.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.locale import get_translation
from sphinx.util import logging

if TYPE_CHECKING:
    from typing import Any

__ = get_translation("eventnotes", "console")
logger = logging.getLogger("eventnotes")

WARNING_TYPE = "eventnotes"


class WarningSubtype(enum.Enum):
    """The kinds of problem the extension reports, as ``eventnotes.<value>``."""

    missing_date = "missing-date"
    invalid_date = "invalid-date"
    invalid_time = "invalid-time"
    invalid_duration = "invalid-duration"
    invalid_time_zone = "invalid-time-zone"
    date_outside_conference = "date-outside-conference"
    conference_dates = "conference-dates"
    invalid_url = "invalid-url"
    unknown_option = "unknown-option"
    empty_option = "empty-option"
    talk_outside_section = "talk-outside-section"
    duplicate_conference = "duplicate-conference"
    unknown_talk = "unknown-talk"
    unknown_speaker = "unknown-speaker"
    unknown_conference = "unknown-conference"
    unknown_topic = "unknown-topic"
    speaker_variant = "speaker-variant"
    duplicate_speaker = "duplicate-speaker"
    deprecated_config = "deprecated-config"

    @property
    def full_name(self) -> str:
        return f"{WARNING_TYPE}.{self.value}"

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self]


DESCRIPTIONS = {
    WarningSubtype.missing_date: (
        "A ``talk`` has no ``:date:``, or a ``conference`` no ``:start:``/``:end:``."
    ),
    WarningSubtype.invalid_date: (
        "A date is not a real day written as ``YYYY-MM-DD``."
    ),
    WarningSubtype.invalid_time: (
        "A talk's ``:start:`` is not a time of day written as ``HH:MM`` (24 hours); it is shown as written."
    ),
    WarningSubtype.invalid_duration: (
        "A talk's ``:duration:`` is neither ``H:MM`` nor a number of minutes, or is zero; it is shown as written."
    ),
    WarningSubtype.invalid_time_zone: (
        "A conference's ``:time-zone:`` is not a time zone name of the IANA database, such as ``Europe/Berlin``."
    ),
    WarningSubtype.date_outside_conference: (
        "A talk's date is outside its conference's ``start``..``end``, and no ``:date-note:`` explains it."
    ),
    WarningSubtype.conference_dates: (
        "A conference ends before it starts."
    ),
    WarningSubtype.invalid_url: (
        "A link option is not an absolute ``http``/``https`` URL; it is shown as text, never as a link."
    ),
    WarningSubtype.unknown_option: (
        "A directive option the extension does not know; its value is shown as written."
    ),
    WarningSubtype.empty_option: (
        "An option that needs a value was given none, or a list option holds an empty item."
    ),
    WarningSubtype.talk_outside_section: (
        "A ``talk`` (or ``conference``) directive is not inside a titled section, so it has no title."
    ),
    WarningSubtype.duplicate_conference: (
        "Two ``conference`` directives claim the same folder."
    ),
    WarningSubtype.unknown_talk: (
        "A ``:talk:`` role names no talk (or a page holding several talks)."
    ),
    WarningSubtype.unknown_speaker: (
        "A ``:speaker:`` role names nobody who gave a talk."
    ),
    WarningSubtype.unknown_conference: (
        "A ``:conference:`` role names no conference page."
    ),
    WarningSubtype.unknown_topic: (
        "A ``:topic:`` role names no tag of any talk (case and accents aside)."
    ),
    WarningSubtype.speaker_variant: (
        "Two speaker names differ only by case, accents, punctuation or spacing "
        "(``Marc-Andre Lemburg``, ``Marc-André Lemburg``): one person spelled two ways, "
        "or two people; they are never merged silently."
    ),
    WarningSubtype.duplicate_speaker: (
        "Two ``speaker`` profiles claim the same name or alias; the first one keeps it."
    ),
    WarningSubtype.deprecated_config: (
        "``conf.py`` sets a configuration value under its old name; it is read, under its new name."
    ),
}


def warn(message: str, subtype: WarningSubtype, location: Any) -> None:
    """Report one problem in the notes, located, typed and sub-typed."""
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype.value)


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host, the only links the notes may carry."""
    if any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)
