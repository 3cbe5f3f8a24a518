"""What the domain stores and derives about talks, conferences, speakers, topics and languages: plain, picklable records."""

from __future__ import annotations

import dataclasses
import posixpath
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Element
    from sphinx.builders import Builder


@dataclasses.dataclass(frozen=True, slots=True)
class TalkMetadata:
    """What a ``talk`` directive states, checked: its doctree node carries these fields."""

    #: Fields holding a checked http(s) URL.
    LINKS: ClassVar[tuple[str, ...]] = ("slides", "video", "details")
    #: Fields the node carries only when they have a value.
    OPTIONAL: ClassVar[tuple[str, ...]] = (*LINKS, "start", "duration", "room")

    date: str = ""  # ISO day, or "" when the notes gave none that parses
    speakers: tuple[str, ...] = ()
    date_note: str = ""
    slides: str = ""
    video: str = ""
    details: str = ""
    tags: tuple[str, ...] = ()
    language: str = ""
    start: str = ""  # local time of the conference, "HH:MM", or "" when not given or not a time
    duration: str = ""  # "H:MM" (hours and minutes), or "" when not given or not a duration
    room: str = ""

    def node_attributes(self) -> dict[str, object]:
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in _field_values(self).items()
            if value or name not in self.OPTIONAL
        }

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

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        """By day, then by start time (talks with none last in their day), then as filed."""
        return (self.date or "9999", self.start or "24:00", self.docname, self.anchor)


@dataclasses.dataclass(frozen=True, slots=True)
class ConferenceMetadata:
    """What a ``conference`` directive states, checked: its doctree node carries these fields."""

    start: str = ""
    end: str = ""
    venue: str = ""
    location: str = ""
    site: str = ""
    time_zone: str = ""  # an IANA time zone name (Europe/Berlin), or "" when not given or unknown

    def node_attributes(self) -> dict[str, object]:
        return _field_values(self)

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
    """A link to a talk or a conference; its title is the text unless one is given."""
    if text is None:
        text = nodes.inline(record.title, record.title)
    return make_refnode(builder, fromdocname, record.docname, record.anchor, text, record.title)
