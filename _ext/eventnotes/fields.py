"""How a field of a ``talk`` or a ``conference`` is declared.

The fields themselves are declared once, in :mod:`eventnotes.records`, as the
fields of the records the domain stores (:class:`~eventnotes.records.TalkMetadata`,
:class:`~eventnotes.records.ConferenceMetadata`), each with a :class:`Field`
in its metadata.  A declaration says all the project needs to know of a field:
its option name, the kind of value it holds (which decides how the directive
checks it and how the talk block shows it), its label and reference text,
whether the conference listings show it, its keys in the exports, in a talk
page's schema.org JSON-LD and in the Atom feeds, where the importer finds it in
each kind of programme, and whether readers see it at all (``hidden``).  The
directives, the talk block, the listings, the exports, the JSON-LD, the feeds,
the importer's page writer and merge, and
the reference page's option tables read the declarations; none of them lists
the fields again.

A key that several fields make together is not declared but built where it is
written: ``schedule.json``'s ``date`` and the JSON-LD's ``startDate`` and
``endDate`` (the date, the start and the duration, at the conference's time
zone; :func:`eventnotes.webmeta.event_of`), and the JSON-LD's ``performer``
(each speaker with the address of their page).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from typing import Any


class Kind(enum.Enum):
    """What a field holds: the kind decides how it is checked and shown."""

    #: A day, ``YYYY-MM-DD``.
    DAY = "day"
    #: People, comma-separated (``\\,`` inside a name): links to their speaker pages.
    NAMES = "names"
    #: Words, comma-separated: links to their topic pages.
    TOPICS = "topics"
    #: An absolute http(s) URL: a link named by its service or host (:func:`eventnotes.media.link_name`).
    URL = "url"
    #: Free text, shown as written.
    TEXT = "text"
    #: A language code (``en``, ``pt-BR``): shown by the language's name.
    LANGUAGE = "language"
    #: A time of day, ``HH:MM``.
    TIME = "time"
    #: A length of time, ``H:MM`` or minutes.
    DURATION = "duration"
    #: A name of the IANA time zone database.
    TIME_ZONE = "time zone"

    @property
    def repeats(self) -> bool:
        """Whether the option holds several values (a tuple in the record)."""
        return self in {Kind.NAMES, Kind.TOPICS}


#: The programme formats the importer reads, as :attr:`Field.sources` names them.
SCHEDULE_XML = "schedule.xml"
SCHEDULE_JSON = "schedule.json"


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a directive, as :func:`declare` states it."""

    option: str  # the directive's option name: "date-note"
    kind: Kind
    label: str  # the talk block's label, translated when shown
    description: str  # the reference page's text, reStructuredText
    attribute: str = ""  # the record's attribute: "date_note" (filled in by fields_of)
    required: bool = False
    plural_label: str = ""  # the label for several values: "Speakers"
    #: The option whose row of the talk block shows this one ("date-note" beside
    #: the "date"); "" for a row of its own.
    shown_with: str = ""
    #: Whether a conference's list of talks shows it after the speakers (" · Room").
    listed: bool = False
    #: The key of a frab ``schedule.json`` event that holds it ("" for none or
    #: a key built from several fields; ``links/<type>`` for a link of that type),
    #: and what the export writes when the talk has no value, where the format
    #: requires one (None where it does not): the export names such a field
    #: among the talk's placeholders.
    schedule_key: str = ""
    schedule_placeholder: str | None = None
    #: Its key in ``talks.json``; a dot nests it ("links.video").
    talks_key: str = ""
    #: Its property in the schema.org ``Event`` of a talk's page (JSON-LD):
    #: a language by its standard tag, several values as one comma-separated text.
    jsonld_key: str = ""
    #: The element of a talk's entry in the Atom feeds that holds each of its
    #: values: ``author`` (a name, with the speaker's page), ``category`` (a
    #: topic, by the name its page has).
    atom_element: str = ""
    #: Where the importer finds a text field, by programme format
    #: (:data:`SCHEDULE_XML`, :data:`SCHEDULE_JSON`): the element or key of an event.
    sources: dict[str, str] = dataclasses.field(default_factory=dict)
    #: Whether the importer takes it from a programme (the date note it writes
    #: itself, from the programme's dates and the conference's).
    imported: bool = True
    #: Whether ``make import ... ENRICH=1`` adds it to a page that lacks it.
    enriched: bool = False
    #: Whether it is bookkeeping that readers never see: the talk block, the
    #: listings and the exports leave it out (it has no label shown, no
    #: ``listed``, no export keys); the directive still accepts and checks it.
    hidden: bool = False
    #: For a URL: whether a recording on a service with an embeddable player
    #: (:mod:`eventnotes.media`) is a :class:`~eventnotes.nodes.recording`, which the
    #: website shows as a click-to-play player (:mod:`eventnotes.player`).
    playable: bool = False

    def __post_init__(self) -> None:
        if self.hidden and (
            self.listed or self.schedule_key or self.talks_key or self.jsonld_key or self.atom_element or self.shown_with
        ):
            raise ValueError(f"a hidden field is shown nowhere: {self.label!r} cannot be listed or exported")


def declare(kind: Kind, label: str, description: str, *, option: str = "", **facts: Any) -> Any:
    """A record's field declared with everything the project needs to know of it.

    Used as a dataclass field's default: ``room: str = declare(Kind.TEXT, ...)``.
    The option name is the attribute's name with hyphens, unless *option* says
    otherwise.
    """
    declaration = Field(option=option, kind=kind, label=label, description=description, **facts)
    return dataclasses.field(
        default=() if kind.repeats else "", metadata={"eventnotes": declaration}
    )


@functools.cache
def fields_of(record: type) -> tuple[Field, ...]:
    """The declared fields of a record class, in declaration order."""
    return tuple(
        dataclasses.replace(
            field.metadata["eventnotes"],
            attribute=field.name,
            option=field.metadata["eventnotes"].option or field.name.replace("_", "-"),
        )
        for field in dataclasses.fields(record)
        if "eventnotes" in field.metadata
    )


def field_named(record: type, option: str) -> Field:
    return next(field for field in fields_of(record) if field.option == option)
