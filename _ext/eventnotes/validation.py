"""Checking what note-takers write, and warning about it in one place.

Every problem found in the notes is reported through :func:`warn`, with a
location, the warning type ``eventnotes`` and one of the subtypes of
:class:`WarningSubtype`, so that ``suppress_warnings`` can select it.

A warning stays until the note-taker fixes what it is about: Sphinx reads a
document again only when it changes, and writes a page again only when it is
out of date, so a warning given while reading or writing an unchanged page
would be given once and never again, and the next build would "succeed".
Three kinds of warning each come again in every build, once:

- a warning about one document, given while it is read (a directive's bad
  option, a talk outside a section), is kept with the document
  (:func:`warn` with ``env``, in the domain's data) and given again, as it
  was, in each build that does not read the document again
  (:func:`warn_again`);
- a warning that compares documents (a talk outside its conference's dates,
  two conferences in a folder) is worked out again in every build, once all
  documents are read;
- a warning about a reference that names nothing is given when the page is
  written: a page with such a reference is written again in every build.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.logging import get_node_location

if TYPE_CHECKING:
    from typing import Any

    from sphinx.environment import BuildEnvironment

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


class Warned(NamedTuple):
    """A warning given while a document was read, as it is kept with the document (picklable)."""

    message: str
    subtype: str  # a WarningSubtype's value
    location: str | tuple[str, int] | None  # as Sphinx's logging takes it; a node's as its text


def warn(message: str, subtype: WarningSubtype, location: Any, *, env: BuildEnvironment | None = None) -> None:
    """Report one problem in the notes, located, typed and sub-typed.

    With ``env``, the warning is one of reading the document being read: it is
    kept with that document, to be given again while the document is not read
    again (see the module's text).  Warnings given at any other moment (a check
    across documents, a reference resolved while a page is written) come
    without ``env``: they are given again in each build by other means.
    """
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype.value)
    if env is not None and (docname := env.docname):
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        kept = Warned(str(message), subtype.value, location)
        env.domains["event"].note_warning(docname, kept)  # type: ignore[attr-defined]


def warn_again(warned: Warned) -> None:
    """Give again a warning kept with a document that was not read again."""
    logger.warning(warned.message, location=warned.location, type=WARNING_TYPE, subtype=warned.subtype)


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host, the only links the notes may carry."""
    if any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)
