"""Readers for the frab "schedule" format: ``schedule.xml`` and ``schedule.json``.

pretalx, frab and pentabarf publish a conference's programme in this format
(the XML Schema and JSON Schema are in ``tests/data/schedules/``).  Both
readers give an :class:`~eventnotes.importer.model.ImportedConference`;
anything that cannot be imported raises a
:class:`~eventnotes.importer.model.SourceError` naming where it is.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from eventnotes.fields import SCHEDULE_JSON, SCHEDULE_XML, fields_of
from eventnotes.importer.languages import source_language
from eventnotes.importer.speakers import one_name_per_person
from eventnotes.records import TalkMetadata
from eventnotes.slugs import import_folder_slug
from eventnotes.importer.model import (
    ImportedConference,
    ImportedTalk,
    Link,
    LinkKind,
    SourceError,
    Text,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from xml.etree.ElementTree import Element

logger = logging.getLogger(__name__)

# What a link's label, type or address says it is.  Checked in this order:
# "Slides of the recording" is slides before it is a recording.
_KIND_WORDS: tuple[tuple[LinkKind, re.Pattern[str]], ...] = (
    ("slides", re.compile(r"\b(slides?|slide ?deck|presentation|folien)\b", re.IGNORECASE)),
    ("video", re.compile(
        r"\b(video|recording|media|youtube|youtu\.be|vimeo|media\.ccc\.de|stream)\b", re.IGNORECASE
    )),
)


def link_kind(label: str, type_: str = "", url: str = "") -> LinkKind:
    """``video``, ``slides`` or ``""``, from a link's type, else its label, else its address."""
    for text in (type_, label, url):
        for kind, words in _KIND_WORDS:
            if text and words.search(text):
                return kind
    return ""


class _Schedule:
    """What the XML and JSON readers share: time zones, dates, checks and links."""

    def __init__(self, source: str, timezone: str) -> None:
        self.source = source
        self.timezone = timezone
        try:
            self.zone: dt.tzinfo | None = ZoneInfo(timezone) if timezone else None
        except (ZoneInfoNotFoundError, ValueError):
            self.zone = None  # the offsets the source writes are then the only guide

    def settle_zone(self, dates: Iterable[str]) -> None:
        """Check the time zone's name against the offsets the events' times carry.

        A time written in UTC (``Z``, ``+00:00``) is a moment anywhere and agrees
        with any zone.  When another offset disagrees with the named zone (pretalx's
        demo says "UTC" and writes +01:00), the times' own offsets win: one whole-hour
        offset becomes the fixed zone ``Etc/GMT-1`` (IANA's name for +01:00), several
        leave each time at its own offset and the conference with no time zone.
        Each such choice is reported.
        """
        offsets: dict[dt.timedelta, None] = {}
        disagree = False
        for text in dates:
            try:
                moment = dt.datetime.fromisoformat(text.strip())
            except ValueError:
                continue  # reported when the event is read
            offset = moment.utcoffset()
            if offset is None or not offset:
                continue
            offsets[offset] = None
            if self.zone is None or self.zone.utcoffset(moment.replace(tzinfo=None)) != offset:
                disagree = True
        if not disagree or (self.zone is None and not self.timezone):
            return
        named = f"time zone {self.timezone!r}" if self.zone else f"time zone {self.timezone!r} (not a known name)"
        written = ", ".join(_offset_text(offset) for offset in offsets)
        if len(offsets) == 1 and not (offset := next(iter(offsets))) % dt.timedelta(hours=1):
            hours = offset // dt.timedelta(hours=1)
            self.timezone = "Etc/UTC" if not hours else f"Etc/GMT{-hours:+d}"
            self.zone = ZoneInfo(self.timezone)
            logger.warning("%s: %s but times at %s; used the times' own offset %s (%s)",
                           self.source, named, written, written, self.timezone)
        else:
            self.timezone, self.zone = "", None
            logger.warning("%s: %s but times at %s; used each time's own offset, and wrote no time zone",
                           self.source, named, written)

    def moment(self, text: str, where: str) -> dt.datetime:
        """An ISO date-time with a UTC offset, in the conference's own time zone."""
        try:
            moment = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise SourceError(f"'{text}' is not an ISO date-time such as 2020-12-14T09:00:00+01:00",
                              self.where(where)) from None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.zone) if self.zone else moment
        return moment.astimezone(self.zone) if self.zone else moment

    def day(self, text: str | None, where: str) -> dt.date | None:
        """A conference's start or end: a date, or a date-time read in its time zone."""
        if not text:
            return None
        text = text.strip()
        if len(text) == 10:
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise SourceError(f"'{text}' is not a date (YYYY-MM-DD)", self.where(where)) from None
        return self.moment(text, where).date()

    def where(self, where: str) -> str:
        return f"{self.source}: {where}" if where else self.source

    def talk(
        self,
        *,
        where: str,
        title: str | None,
        date: str | None,
        persons: Iterable[tuple[str, str]],
        abstract: str | None,
        description: str | None,
        links: Iterable[tuple[str, str, str]],
        url: str | None,
        duration: str | None,
        texts: dict[str, str],
        track: str | None,
        language: str | None,
        slug: str | None,
    ) -> ImportedTalk:
        title = " ".join((title or "").split())
        if not title:
            raise SourceError("the event has no title", self.where(where))
        if not (date or "").strip():
            raise SourceError(f"the event '{title}' has no date", self.where(where))
        start = self.moment(date or "", where)
        people = [(name, id_.strip()) for name, id_ in ((" ".join(person.split()), id_) for person, id_ in persons) if name]
        return ImportedTalk(
            title=title,
            date=start.date(),
            speakers=[name for name, _ in people],
            person_ids=[id_ for _, id_ in people],
            abstract=_markdown(abstract, description),
            links=_links(links, url),
            tags=[" ".join(track.split())] if track and track.strip() else [],
            language=source_language(language or ""),
            start=start,
            duration=_duration(duration),
            texts={name: text for name, value in texts.items() if (text := " ".join(value.split()))},
            slug=(slug or "").strip(),
            where=where,
        )


def _offset_text(offset: dt.timedelta) -> str:
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _declared_texts(source_format: str, read: Callable[[str], str]) -> dict[str, str]:
    """The free-text fields that the talk's declarations say this format holds, by option name;
    *read* gives the text of an event's element or key ("" for none)."""
    return {
        field.option: text
        for field in fields_of(TalkMetadata)
        if (key := field.sources.get(source_format)) and (text := read(key))
    }


def _markdown(abstract: str | None, description: str | None) -> Text | None:
    """pretalx writes both as Markdown; the abstract comes first, the longer text after it."""
    parts = [part.strip() for part in (abstract, description) if part and part.strip()]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return Text("\n\n".join(parts), "markdown") if parts else None


def _links(links: Iterable[tuple[str, str, str]], url: str | None) -> list[Link]:
    """The links and attachments, each once, then the talk's own page as its details."""
    result: list[Link] = []
    seen: set[str] = set()
    for href, label, type_ in links:
        href = href.strip()
        if href and href not in seen:
            seen.add(href)
            result.append(Link(href, link_kind(label, type_, href), " ".join(label.split())))
    if url and url.strip() and url.strip() not in seen:
        result.append(Link(url.strip(), "details", ""))
    return result


def _duration(text: str | None) -> dt.timedelta | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{1,2}))?", (text or "").strip())
    if not match:
        return None
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _conference(
    schedule: _Schedule,
    *,
    title: str | None,
    acronym: str | None,
    start: str | None,
    end: str | None,
    site: str | None,
    description: str | None,
    talks: list[ImportedTalk],
) -> ImportedConference:
    title = " ".join((title or "").split()) or (acronym or "").strip()
    if not title:
        raise SourceError("the conference has no title", schedule.where("conference"))
    for line in one_name_per_person(talks, schedule.source):
        logger.warning("%s", line)
    days = sorted(talk.date for talk in talks if talk.date)
    first_day = schedule.day(start, "conference start") or (days[0] if days else None)
    last_day = schedule.day(end, "conference end") or (days[-1] if days else None)
    if first_day and last_day and last_day < first_day:
        chosen = (days[0], days[-1]) if days else (last_day, first_day)
        logger.warning("%s: the conference ends on %s, before it starts on %s; used %s to %s (%s)",
                       schedule.source, last_day, first_day, *chosen,
                       "the days of its talks" if days else "the two dates swapped")
        first_day, last_day = chosen
    for talk in talks:
        if talk.date and first_day and last_day and not first_day <= talk.date <= last_day:
            side = "before the conference's first day" if talk.date < first_day else "after the conference's last day"
            logger.warning("%s: %s: %r is on %s, %s (%s); kept, with a :date-note:",
                           schedule.source, talk.where, talk.title, talk.date, side,
                           first_day if talk.date < first_day else last_day)
    return ImportedConference(
        title=title,
        slug=import_folder_slug(acronym or "") or import_folder_slug(title),
        start=first_day,
        end=last_day,
        talks=talks,
        site=(site or "").strip(),
        time_zone=schedule.timezone,
        description=Text(description.strip(), "markdown") if description and description.strip() else None,
        source=schedule.source,
        acronym=" ".join((acronym or "").split()),
    )


# -- schedule.xml -----------------------------------------------------------------


def parse_xml(data: bytes, source: str) -> Element:
    """The document element, parsed safely: entity declarations and DTDs are refused."""
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SourceError(
            "the XML declares entities, which a programme never needs (an entity bomb?); refused",
            source,
        ) from None
    except ParseError as error:
        line, column = error.position
        problem = str(error).split(":", 1)[0]  # expat's words, such as "mismatched tag"
        raise SourceError(f"malformed XML at line {line}, column {column + 1}: {problem}", source) from None


def _text(element: Element | None, name: str) -> str:
    child = element.find(name) if element is not None else None
    return (child.text or "") if child is not None else ""


def read_xml(data: bytes, source: str) -> ImportedConference:
    root = parse_xml(data, source)
    if root.tag != "schedule" or root.find("conference") is None:
        raise SourceError("not a frab/pretalx schedule.xml (no <schedule><conference>)", source)
    conference = root.find("conference")
    schedule = _Schedule(source, _text(conference, "time_zone_name").strip())
    schedule.settle_zone(_text(event, "date") for event in root.iterfind("day/room/event"))
    talks = []
    for position, event in enumerate(root.iterfind("day/room/event"), start=1):
        where = f"event {event.get('id') or event.get('guid') or position}"
        links = [
            (link.get("href") or "", link.text or "", link.get("type") or "")
            for link in (*event.iterfind("links/link"), *event.iterfind("attachments/attachment"))
        ]
        for recording in ("video_download_url", "recording/url", "recording/link"):
            if href := _text(event, recording).strip():
                links.append((href, "recording", "media"))
        talks.append(schedule.talk(
            where=where,
            title=_text(event, "title"),
            date=_text(event, "date"),
            persons=[(person.text or "", person.get("id") or person.get("guid") or "")
                     for person in event.iterfind("persons/person")],
            abstract=_text(event, "abstract"),
            description=_text(event, "description"),
            links=links,
            url=_text(event, "url"),
            duration=_text(event, "duration"),
            texts=_declared_texts(SCHEDULE_XML, lambda key: _text(event, key) or (event.get(key) or "")),
            track=_text(event, "track"),
            language=_text(event, "language"),
            slug=_text(event, "slug"),
        ))
    return _conference(
        schedule,
        title=_text(conference, "title"),
        acronym=_text(conference, "acronym"),
        start=_text(conference, "start"),
        end=_text(conference, "end"),
        site=_text(conference, "url") or _text(root, "url"),
        description=_text(conference, "description"),
        talks=talks,
    )


# -- schedule.json ----------------------------------------------------------------


def parse_json(data: bytes, source: str) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise SourceError("malformed JSON: not UTF-8 text", source) from None
    except json.JSONDecodeError as error:
        raise SourceError(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}", source
        ) from None


def is_schedule_json(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and isinstance(document.get("schedule"), dict)
        and isinstance(document["schedule"].get("conference"), dict)
    )


def _str(mapping: dict, key: str) -> str:
    value = mapping.get(key)
    return value if isinstance(value, str) else ""


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _person_id(person: dict) -> str:
    """pretalx's ``code`` (its public id), else a ``guid`` or an ``id``, as text."""
    for key in ("code", "guid", "id"):
        value = person.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return ""


def read_json(data: bytes, source: str) -> ImportedConference:
    document = parse_json(data, source)
    if not is_schedule_json(document):
        raise SourceError("not a frab/pretalx schedule.json (no schedule.conference object)", source)
    conference = document["schedule"]["conference"]
    eventnotes = _eventnotes_meta(conference)
    schedule = _Schedule(
        source, _str(conference, "time_zone_name").strip() or _str(eventnotes, "time_zone").strip()
    )
    schedule.settle_zone(
        _str(event, "date")
        for day in _dicts(conference.get("days"))
        for events in (day["rooms"].values() if isinstance(day.get("rooms"), dict) else ())
        for event in _dicts(events)
    )
    extras = eventnotes.get("events") if isinstance(eventnotes.get("events"), dict) else {}
    talks = []
    position = 0
    for day in _dicts(conference.get("days")):
        rooms = day.get("rooms")
        for room_name, events in (rooms.items() if isinstance(rooms, dict) else ()):
            for event in _dicts(events):
                position += 1
                where = f"event {event.get('id') or event.get('guid') or position}"
                links = [
                    (_str(link, "url"), _str(link, "title"), _str(link, "type"))
                    for link in (*_dicts(event.get("links")), *_dicts(event.get("attachments")))
                ]
                talk = schedule.talk(
                    where=where,
                    title=_str(event, "title"),
                    date=_str(event, "date"),
                    persons=[
                        (_str(person, "name") or _str(person, "public_name"), _person_id(person))
                        for person in _dicts(event.get("persons"))
                    ],
                    abstract=_str(event, "abstract"),
                    description=_str(event, "description"),
                    links=links,
                    url=_str(event, "url"),
                    duration=_str(event, "duration"),
                    texts={"room": str(room_name)} | _declared_texts(SCHEDULE_JSON, lambda key: _str(event, key)),
                    track=_str(event, "track"),
                    language=_str(event, "language"),
                    slug=_str(event, "slug"),
                )
                extra = extras.get(_str(event, "guid"))
                talks.append(_as_exported(talk, extra, _str(event, "url")) if isinstance(extra, dict) else talk)
    return _conference(
        schedule,
        title=_str(conference, "title"),
        acronym=_str(conference, "acronym"),
        start=_str(conference, "start"),
        end=_str(conference, "end"),
        site=_str(conference, "url"),
        description=_str(conference, "description"),
        talks=talks,
    )


# -- what Event Notes' own export adds ------------------------------------------------


def _eventnotes_meta(conference: dict) -> dict:
    """``meta.eventnotes`` of a schedule.json that Event Notes exported ({} for any other)."""
    meta = conference.get("meta")
    eventnotes = meta.get("eventnotes") if isinstance(meta, dict) else None
    return eventnotes if isinstance(eventnotes, dict) else {}


def _as_exported(talk: ImportedTalk, extra: dict, page: str) -> ImportedTalk:
    """A talk of an Event Notes export, as its notes said it.

    The frab format has one track where a talk has tags, no place for a
    details link besides the event's ``url`` (there the talk's notes page),
    and requires a start, a duration and a room that a talk may not have:
    ``meta.eventnotes.events`` holds the tags, the details link, and which
    fields are placeholders, which are not imported.
    """
    tags = extra.get("tags")
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        talk.tags = [" ".join(tag.split()) for tag in tags if tag.strip()]
    details = extra.get("details")
    talk.links = [link for link in talk.links if not (link.kind == "details" and link.url == page.strip())]
    if isinstance(details, str) and details.strip():
        talk.links = [link for link in talk.links if link.kind != "details"]
        talk.links.append(Link(details.strip(), "details", ""))
    placeholders = extra.get("placeholders")
    placeholders = placeholders if isinstance(placeholders, list) else []
    if "start" in placeholders:
        talk.start = None
    if "duration" in placeholders:
        talk.duration = None
    talk.texts = {name: value for name, value in talk.texts.items() if name not in placeholders}
    return talk
