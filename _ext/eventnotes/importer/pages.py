"""The pages an import writes: a conference's index page and one page per talk.

Everything a source says reaches a page through :mod:`eventnotes.importer.markup`
(rich text, escaped headings) or as a directive option that the directives
check again at build time; only ``http``/``https`` links are written.  The
text of a page depends on the record alone, so importing the same programme
twice gives byte-identical pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from urllib.parse import urlsplit
from typing import TYPE_CHECKING, Literal

from docutils.utils import column_width

from eventnotes.fields import Kind, fields_of
from eventnotes.importer import markup
from eventnotes.records import NOTES_HEADING, ConferenceMetadata, TalkMetadata
from eventnotes.validation import is_web_url

if TYPE_CHECKING:
    from eventnotes.importer.model import ImportedConference, ImportedTalk, Link, Text

logger = logging.getLogger(__name__)

PageFormat = Literal["myst", "rst"]
SUFFIX: dict[PageFormat, str] = {"myst": ".md", "rst": ".rst"}

def display_width(text: str) -> int:
    """Columns a text takes, as docutils counts them for a title's underline.

    docutils' own count: a wide combining mark (the kana voicing marks U+3099
    and U+309A of decomposed Japanese, as pyvideo has them) counts one column.
    """
    return column_width(text)


def escape_list_item(item: str) -> str:
    r"""A name or tag as one item of a comma-separated option: ``Copeland, Jr.`` -> ``Copeland\, Jr.``."""
    return " ".join(item.split()).replace(",", r"\,")


def list_option(items: list[str]) -> str:
    return ", ".join(escape_list_item(item) for item in items if item.strip())


_MEDIA_FILE = re.compile(r"\.(mp4|m4v|webm|ogv|ogg|flv|mov|avi|mkv|mp3)$", re.IGNORECASE)


def _is_media_file(link: Link) -> bool:
    """A download of the recording (often a signed, expiring address) rather than its page."""
    return bool(_MEDIA_FILE.search(urlsplit(link.url).path))


def talk_options(talk: ImportedTalk, date_note: str = "") -> list[tuple[str, str]]:
    """The ``talk`` directive's options, in the order they are declared; empty ones left out."""
    links: dict[str, str] = {}
    for link in sorted(talk.links, key=_is_media_file):
        if link.kind and link.kind not in links and is_web_url(link.url):
            links[link.kind] = link.url
    texts = {**talk.texts, "date-note": date_note}
    values = {
        Kind.DAY: talk.date.isoformat() if talk.date else "",
        Kind.NAMES: list_option(talk.speakers),
        Kind.TOPICS: list_option(talk.tags),
        Kind.LANGUAGE: " ".join(talk.language.split()),
        Kind.TIME: talk.start.strftime("%H:%M") if talk.start else "",
        Kind.DURATION: duration_option(talk.duration),
    }
    options = []
    for field in fields_of(TalkMetadata):
        if field.kind is Kind.URL:
            value = links.get(field.option, "")  # a link's kind is the option it fills
        elif field.kind is Kind.TEXT:
            value = " ".join(texts.get(field.option, "").split())
        else:
            value = values[field.kind]
        if value:
            options.append((field.option, value))
    return options


def duration_option(duration: dt.timedelta | None) -> str:
    """``H:MM``, to the nearest minute; "" for none, or for a duration under half a minute."""
    if duration is None:
        return ""
    minutes = round(duration.total_seconds() / 60)
    return f"{minutes // 60}:{minutes % 60:02d}" if minutes > 0 else ""


def date_note(talk: ImportedTalk, conference: ImportedConference) -> str:
    """Accepts a talk day outside the conference's dates, as the programme gives it."""
    if talk.date is None or conference.start is None or conference.end is None:
        return ""
    if talk.date < conference.start:
        return "before the conference's first day, as the programme says"
    if talk.date > conference.end:
        return "after the conference's last day, as the programme says"
    return ""


_MYST_NEEDS_QUOTES = re.compile(r"^[\s'\"|>#!&*%@`{\[]|\s#|:\s|\s$")


def myst_option_value(value: str) -> str:
    """An option value MyST's YAML-like option parser reads back unchanged."""
    if _MYST_NEEDS_QUOTES.search(value):
        return "'" + value.replace("'", "''") + "'"
    return value


def directive_myst(name: str, options: list[tuple[str, str]], content: str, argument: str = "") -> str:
    body = "".join(f":{key}: {myst_option_value(value)}".rstrip() + "\n" for key, value in options)
    if content:
        body += "\n" + content.rstrip("\n") + "\n"
    fence = markup.fence_for(body + argument)
    return f"{fence}{{{name}}}{' ' + markup.one_line(argument) if argument else ''}\n{body}{fence}\n"


def _indent(text: str) -> str:
    return "".join(f"   {line}" if line.strip() else "\n" for line in text.splitlines(keepends=True))


def directive_rst(name: str, options: list[tuple[str, str]], content: str, argument: str = "") -> str:
    text = f".. {name}::{' ' + markup.one_line(argument) if argument else ''}\n"
    text += "".join(f"   :{key}: {value}\n" for key, value in options)
    if content:
        text += "\n" + _indent(content.rstrip("\n") + "\n")
    return text


def heading(title: str, fmt: PageFormat, level: int = 1) -> str:
    if fmt == "myst":
        return f"{'#' * level} {markup.myst_inline(title)}\n"
    text = markup.rst_inline(title)
    return f"{text}\n{'=-'[level - 1] * max(display_width(text), 3)}\n"


def rich_text(text: Text | None, fmt: PageFormat, what: str = "") -> str:
    """Content for a directive, checked inside one (:func:`markup.to_page`); *what* names it
    in the warning given when it had to be written as plain text."""
    if text is None or not text.body.strip():
        return ""
    content, problem = markup.to_page(text, fmt)
    if problem:
        logger.warning("%s: would not build inside its directive (%s)", what or "text", problem)
    return content


def talk_page(talk: ImportedTalk, conference: ImportedConference, fmt: PageFormat) -> str:
    """A talk's page: its title, the filled ``talk`` directive, then an empty Notes section."""
    options = talk_options(talk, date_note(talk, conference))
    where = f"{conference.source}: {talk.where}: " if talk.where else f"{conference.source}: "
    content = rich_text(talk.abstract, fmt, f"{where}the abstract of {talk.title!r}")
    directive = (directive_myst if fmt == "myst" else directive_rst)("talk", options, content)
    return f"{heading(talk.title, fmt)}\n{directive}\n{heading(NOTES_HEADING, fmt, level=2)}"


def _is_time_zone(name: str) -> bool:
    try:
        return bool(name) and ZoneInfo(name) is not None
    except (ZoneInfoNotFoundError, ValueError):
        return False


def provenance(conference: ImportedConference, fmt: PageFormat) -> str:
    """The sentence that names where the programme came from, and its licence if stated."""
    source = conference.source
    if is_web_url(source) and not re.search(r"[\s<>`]", source):
        where = f"<{source}>" if fmt == "myst" else f"`<{source}>`__"
    else:
        name = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source
        where = markup.myst_inline(name) if fmt == "myst" else markup.rst_inline(name)
    sentence = f"The programme was imported from {where}"
    if conference.licence.strip():
        licence = " ".join(conference.licence.split())
        sentence += f" (licence: {markup.myst_inline(licence) if fmt == 'myst' else markup.rst_inline(licence)})"
    return sentence + ".\n"


def conference_page(conference: ImportedConference, fmt: PageFormat) -> str:
    """A conference's index page: title, ``conference`` directive, its talks' toctree."""
    options = []
    for field in fields_of(ConferenceMetadata):
        value = getattr(conference, field.attribute)
        if field.kind is Kind.DAY:
            value = value.isoformat() if value else ""
        elif field.kind is Kind.URL:
            value = value if is_web_url(value) else ""
        elif field.kind is Kind.TIME_ZONE:
            value = value if _is_time_zone(value) else ""
        else:
            value = " ".join(value.split())
        if value:
            options.append((field.option, value))
    description = rich_text(conference.description, fmt, f"{conference.source}: the conference's description")
    content = (description.rstrip("\n") + "\n\n" if description else "") + provenance(conference, fmt)
    if fmt == "myst":
        directive = directive_myst("conference", options, content)
        toctree = directive_myst("toctree", [("hidden", ""), ("glob", "")], "talks/*")
    else:
        directive = directive_rst("conference", options, content)
        toctree = ".. toctree::\n   :hidden:\n   :glob:\n\n   talks/*\n"
    return f"{heading(conference.title, fmt)}\n{directive}\n{toctree}"
