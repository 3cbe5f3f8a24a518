"""What the domain stores and derives about talks, conferences, speakers, topics and languages: plain, picklable records."""

from __future__ import annotations

import dataclasses
import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.nodes import make_refnode

from eventnotes.fields import SCHEDULE_JSON, SCHEDULE_XML, Kind, declare

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Element
    from sphinx.builders import Builder

_ = get_translation("eventnotes")

#: The heading of the empty section the importer writes after each imported talk, for the notes.
NOTES_HEADING = "Notes"


@dataclasses.dataclass(frozen=True, slots=True)
class TalkMetadata:
    """What a ``talk`` directive states, checked: its doctree node carries these fields.

    Each field is declared here once (:mod:`eventnotes.fields`): the directive's
    options, the talk block, the listings, the exports, the importer and the
    reference page's table of options follow from these declarations.  A value
    that is given but does not parse is "" here (the block shows it as written).
    """

    date: str = declare(
        Kind.DAY, _("Date"), "The day of the talk, ``YYYY-MM-DD``.",
        required=True, talks_key="date",
    )
    date_note: str = declare(
        Kind.TEXT, _("Date note"),
        "A sentence shown beside the date, for a date that looks wrong but is what the source says "
        "(for example, after the conference's last day). It accepts that date instead of warning.",
        shown_with="date", imported=False,
    )
    speakers: tuple[str, ...] = declare(
        Kind.NAMES, _("Speaker"),
        "One or more names, comma-separated. Leave it out when the speaker is unknown. Names that "
        "differ only in Unicode normalization or white space are one speaker. A comma inside a name "
        "is written ``\\,`` (see below).",
        option="speaker", plural_label=_("Speakers"), atom_element="author",
    )
    slides: str = declare(
        Kind.URL, _("Slides"), "The slides: an absolute ``http``/``https`` URL.",
        schedule_key="links/slides", talks_key="links.slides", enriched=True,
    )
    video: str = declare(
        Kind.URL, _("Video"),
        "The recording: an absolute ``http``/``https`` URL. On the website, a recording on YouTube, "
        "Vimeo, media.ccc.de or the Internet Archive is a player that loads nothing from the service "
        "until the reader presses play.",
        schedule_key="links/media", talks_key="links.video", enriched=True, playable=True,
    )
    details: str = declare(
        Kind.URL, _("Details"), "The talk's page in the programme: an absolute ``http``/``https`` URL.",
        schedule_key="links/web", talks_key="links.details", enriched=True,
    )
    tags: tuple[str, ...] = declare(
        Kind.TOPICS, _("Tags"), "Comma-separated topics (see Topics below).",
        talks_key="tags", jsonld_key="keywords", atom_element="category",
    )
    language: str = declare(
        Kind.LANGUAGE, _("Language"), "The language code of the talk (``en``, ``it``, ...), shown by name.",
        schedule_key="language", talks_key="language", jsonld_key="inLanguage", enriched=True,
    )
    start: str = declare(
        Kind.TIME, _("Time"),
        "The time the talk starts, ``HH:MM`` on a 24-hour clock, in the conference's local time "
        "(``9:00`` reads as ``09:00``). Within a day, the conference page lists timed talks by start "
        "time, then the others.",
        schedule_key="start", schedule_placeholder="00:00", talks_key="start", enriched=True,
    )
    duration: str = declare(
        Kind.DURATION, _("Duration"),
        "How long the talk lasts: hours and minutes ``H:MM`` as frab writes it (``0:45``, ``1:30``), "
        "or a number of minutes (``45``, ``90``).",
        shown_with="start", schedule_key="duration", schedule_placeholder="00:00", talks_key="duration",
        enriched=True,
    )
    room: str = declare(
        Kind.TEXT, _("Room"), "The room, as the programme names it.",
        listed=True, schedule_key="room", schedule_placeholder="", talks_key="room", enriched=True,
        sources={SCHEDULE_XML: "room", SCHEDULE_JSON: "room"},
    )
    type: str = declare(
        Kind.TEXT, _("Type"),
        "What kind of session it is, in free text; the usual ones are ``keynote``, ``talk``, "
        "``workshop``, ``lightning talks`` and ``panel``.",
        listed=True, schedule_key="type", schedule_placeholder="talk", talks_key="type", enriched=True,
        sources={SCHEDULE_XML: "type", SCHEDULE_JSON: "type"},
    )
    status: str = declare(
        Kind.TEXT, _("Status"),
        "What became of the talk, when it is not simply given as planned: ``Cancelled`` (written by "
        "``make import ... UPDATE=1`` on the page of a talk gone from the programme), or any other "
        "words, such as ``Postponed``. Shown in the talk block and in the conference's list.",
        listed=True, imported=False,
    )
    source_id: str = declare(
        Kind.TEXT, _("Source id"),
        "The talk's identity in the programme it was imported from: its frab/pretalx ``guid`` (else "
        "pretalx's ``code``), or the pyvideo record's name. Written by the importer, which matches "
        "the programme's talks to pages by it first, so that a talk renamed or moved keeps its page. "
        "Readers never see it: it is kept out of the talk block, the listings and the exports.",
        hidden=True, sources={SCHEDULE_XML: "guid", SCHEDULE_JSON: "guid"},
    )

    def node_attributes(self) -> dict[str, object]:
        return _node_attributes(self)

    @classmethod
    def fields_of(cls, node: Element) -> dict[str, object]:
        """The fields a node carries, to make a record of the node."""
        return _fields_from(cls, node)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Talk(TalkMetadata):
    """A talk as the domain knows it: its metadata, and where it is."""

    docname: str
    anchor: str
    title: str
    lineno: int
    labels: tuple[str, ...] = ()
    #: Whether someone wrote on the page: False for an imported talk whose page is still as
    #: the importer wrote it (its title, the talk block, an empty Notes section).
    notes: bool = True

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        """By day, then by start time (talks with none last in their day), then as filed."""
        return (self.date or "9999", self.start or "24:00", self.docname, self.anchor)


@dataclasses.dataclass(frozen=True, slots=True)
class ConferenceMetadata:
    """What a ``conference`` directive states, checked: its doctree node carries these fields."""

    start: str = declare(Kind.DAY, _("Dates"), "The conference's first day, ``YYYY-MM-DD``.", required=True)
    end: str = declare(
        Kind.DAY, _("Dates"), "The conference's last day, ``YYYY-MM-DD``.", required=True, shown_with="start"
    )
    venue: str = declare(Kind.TEXT, _("Venue"), "The building, as the programme names it.")
    location: str = declare(Kind.TEXT, _("Location"), "The city, or city and country.")
    site: str = declare(Kind.URL, _("Site"), "The conference's website: an absolute ``http``/``https`` URL.")
    time_zone: str = declare(
        Kind.TIME_ZONE, _("Time zone"),
        "A name of the IANA time zone database (``Europe/Berlin``): the local time of the talks' "
        "``start``.",
    )
    acronym: str = declare(
        Kind.TEXT, _("Acronym"),
        "The programme's own short name for the conference: the frab/pretalx ``acronym``, or the "
        "pyvideo event folder's name. The importer writes it, and refuses to import the same "
        "programme into another folder. The conference block does not show it.",
        hidden=True,
    )

    def node_attributes(self) -> dict[str, object]:
        return _node_attributes(self)

    @classmethod
    def fields_of(cls, node: Element) -> dict[str, object]:
        return _fields_from(cls, node)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Conference(ConferenceMetadata):
    """A conference as the domain knows it: its metadata, and where it is."""

    docname: str
    anchor: str
    title: str
    lineno: int

    @property
    def folder(self) -> str:
        """The folder whose talks belong to this conference ('' for the source root)."""
        return posixpath.dirname(self.docname)


@dataclasses.dataclass(frozen=True, slots=True)
class ProfileMetadata:
    """What a ``speaker`` directive states, checked: its doctree node carries these fields."""

    name: str = ""
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # checked http(s) URLs only
    pronouns: str = ""
    #: Other people whose names differ from this one's only by case, accents,
    #: punctuation or spacing: not warned about as spellings of one person.
    distinct_from: tuple[str, ...] = ()

    def node_attributes(self) -> dict[str, object]:
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in _field_values(self).items()
        }

    @classmethod
    def fields_of(cls, node: Element) -> dict[str, object]:
        return _fields_from(cls, node)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Profile(ProfileMetadata):
    """A speaker's profile as the domain knows it: one person, under every spelling."""

    docname: str
    anchor: str
    lineno: int

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclasses.dataclass(frozen=True, slots=True)
class Speaker:
    """A person who gave talks: their name, their page, their talks and their profile, if any."""

    name: str
    page: str  # docname of the speaker's page: their profile, or a page made in HTML output
    talks: tuple[Talk, ...]
    profile: Profile | None = None

    @property
    def spellings(self) -> tuple[str, ...]:
        return self.profile.spellings if self.profile else (self.name,)


@dataclasses.dataclass(frozen=True, slots=True)
class Topic:
    """A topic: the talks whose ``:tags:`` name it, in any case or accents."""

    name: str  # the spelling most talks use
    page: str  # docname of the topic's page, made in HTML output
    talks: tuple[Talk, ...]
    spellings: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Language:
    """A language the talks are in, by its standard code."""

    code: str  # 'it', 'pt-BR'
    name: str  # in English, with the code: 'Italian (it)'
    page: str  # docname of the language's page in HTML output; '' when the site has one language
    talks: tuple[Talk, ...]


def _field_values(record: object) -> dict[str, object]:
    return {field.name: getattr(record, field.name) for field in dataclasses.fields(record)}


def _node_attributes(record: object) -> dict[str, object]:
    """The fields that have a value, as a node's attributes (lists for tuples)."""
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in _field_values(record).items()
        if value
    }


def _fields_from(metadata: type, node: Element) -> dict[str, object]:
    values = {}
    for field in dataclasses.fields(metadata):
        if field.name in node.attributes:
            value = node[field.name]
            values[field.name] = tuple(value) if isinstance(value, list) else value
    return values


def enclosing_folders(docname: str) -> Iterator[str]:
    """The folders that hold ``docname``, nearest first, down to '' (the source root)."""
    folder = posixpath.dirname(docname)
    while True:
        yield folder
        if not folder:
            return
        folder = posixpath.dirname(folder)


def link_to(builder: Builder, fromdocname: str, record: Talk | Conference, text: Element | None = None) -> Element:
    """A link to a talk or a conference; its title is the text unless one is given.  The text
    alone where the builder leaves the record's page out (:func:`eventnotes.release.leaves_out`)."""
    from eventnotes.release import leaves_out

    if text is None:
        text = nodes.inline(record.title, record.title)
    if leaves_out(builder, record.docname, getattr(record, "notes", True)):
        return text
    return make_refnode(builder, fromdocname, record.docname, record.anchor, text, record.title)
