"""What an importer reads from a programme, before any page is written.

Readers (frab/pretalx schedules, pyvideo) produce these records; the page
writer consumes them.  Text from a source is untrusted: it is kept as the
source wrote it, with its markup named, and only the writer's converters
decide what of it reaches a page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

Markup = Literal["markdown", "rst", "html", "text"]
LinkKind = Literal["video", "slides", "details", ""]


@dataclasses.dataclass(frozen=True, slots=True)
class Text:
    """A piece of rich text as the source wrote it (an abstract, a description)."""

    body: str
    markup: Markup


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    url: str
    kind: LinkKind  # decided by the link's label or type; "" when neither says
    label: str = ""


@dataclasses.dataclass(slots=True)
class ImportedTalk:
    title: str
    date: dt.date | None  # the calendar day it starts on, in the conference's own time zone
    speakers: list[str]  # in the source's order
    abstract: Text | None = None
    links: list[Link] = dataclasses.field(default_factory=list)
    tags: list[str] = dataclasses.field(default_factory=list)
    language: str = ""  # a two-letter code where one exists, else as the source gave it
    start: dt.datetime | None = None  # aware, in the conference's time zone, when known
    duration: dt.timedelta | None = None  # the slot in the programme (not a recording's length)
    #: The free-text fields (``room``...), by option name, as the source gave them:
    #: which there are, and where each source holds them, is declared with the
    #: talk's fields (:class:`eventnotes.records.TalkMetadata`).
    texts: dict[str, str] = dataclasses.field(default_factory=dict)
    slug: str = ""  # the source's own slug, if it has one
    where: str = ""  # where in the source, for messages: "event 42", "videos/x.json"
    #: The source's id of each speaker, in the order of :attr:`speakers` ("" where it gives none):
    #: frab's ``<person id>``, pretalx's ``code`` or ``id``.  pyvideo gives none.
    person_ids: list[str] = dataclasses.field(default_factory=list)
    #: The other spellings the source gives a speaker of this talk (the same person id),
    #: by the spelling written: the importer records them as the person's aliases.
    other_spellings: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(slots=True)
class ImportedConference:
    title: str
    slug: str  # acronym, slug or folder name from the source, as a folder name
    start: dt.date | None
    end: dt.date | None
    talks: list[ImportedTalk]
    venue: str = ""
    location: str = ""
    site: str = ""
    time_zone: str = ""
    description: Text | None = None
    source: str = ""  # where the programme came from: a URL or a file name
    licence: str = ""  # as the source states it, or ""
    acronym: str = ""  # the source's own short name for the conference (frab/pretalx acronym, pyvideo folder)


class SourceError(Exception):
    """Input that cannot be imported: one line that names the problem and where it is."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where
