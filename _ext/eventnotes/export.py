"""Open data: each conference as ``schedule.json``, and ``talks.json``, the index of every talk.

``schedule.json`` follows the frab schedule format (the JSON Schema of the
c3voc validator, committed in ``tests/data/schedules/``), so that schedule
apps and the importer read it; ``talks.json`` lists every talk of the site
(its schema is ``tests/schemas/talks.schema.json``).  Both carry absolute
URLs and identifiers made from ``html_baseurl``: without it they are not
written, and the build says so once.  They are written at ``build-finished``
from the domain's data, for the ``html`` and ``dirhtml`` builders only.

Where the frab format requires what a talk does not say (a start time, a
duration, a room), the export writes a placeholder, never a guess, and names
it in the conference's ``meta.eventnotes`` object; the reference page lists
the placeholders.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import posixpath
import re
import uuid
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from eventnotes import nodes as en_nodes
from eventnotes.dates import duration_minutes, local_moment, timeslot_minutes
from eventnotes.fields import Kind, fields_of
from eventnotes.records import TalkMetadata
from eventnotes.site_address import SiteAddresses, has_site_address
from eventnotes.slugs import export_acronym, export_slug
from eventnotes.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from eventnotes.domain import EventNotesDomain
    from eventnotes.records import Conference, Talk

_ = get_translation("eventnotes")
__ = get_translation("eventnotes", "console")
logger = logging.getLogger(__name__)

SCHEDULE_FILE = "schedule.json"
TALKS_FILE = "talks.json"
#: The schema ``schedule.json`` declares (the c3voc validator's ``$id``).
SCHEDULE_SCHEMA = "https://c3voc.de/schedule/schema.json"
#: The version of the layout of ``talks.json``; raised when a field changes meaning or goes.
TALKS_FORMAT_VERSION = 1

#: The offset written when the conference gives no :time-zone: (the placeholders
#: of a talk's fields are declared with the fields, in eventnotes.records).
NO_OFFSET = "+00:00"
#: The schedule's display granularity when no talk has a time.
NO_TIMESLOT = 5

# The schema's patterns for a conference's acronym and time zone name.
_ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
_SCHEMA_TIME_ZONE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")

class OpenData:
    """The exports of one build, computed from the domain's data."""

    def __init__(self, app: Sphinx) -> None:
        self.builder: Builder = app.builder
        self.config = app.config
        self.domain: EventNotesDomain = app.env.domains["event"]
        self.addresses = SiteAddresses(app.builder)
        self.base_url = self.addresses.base

    # -- URLs and identifiers -----------------------------------------------------------

    def page_url(self, docname: str, anchor: str = "") -> str:
        return self.addresses.page(docname, anchor)

    def talk_url(self, talk: Talk) -> str:
        """The talk's page; with the talk's anchor when the page holds several talks."""
        return self.page_url(talk.docname, self.domain.talk_anchor(talk))

    def guid(self, *parts: str) -> str:
        """A UUID that stays the same from build to build: version 5, over the base URL and names."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, self.base_url + "#" + "/".join(parts)))

    def talk_guid(self, talk: Talk) -> str:
        # The talk's name (its docname, or docname#anchor), not its title: retitling keeps it.
        return self.guid("talk", self.domain.talk_name(talk))

    # -- conferences --------------------------------------------------------------------

    def exported_conferences(self) -> list[Conference]:
        """Each conference that owns its folder (a second one in a folder was warned about)."""
        return [c for c in self.domain.conferences() if self.domain.conference_of(c.docname) is c]

    @staticmethod
    def schedule_path(conference: Conference) -> str:
        """Next to the conference's page: ``<folder>/schedule.json``, for ``html`` and ``dirhtml`` alike."""
        return posixpath.join(conference.folder, SCHEDULE_FILE)

    def schedule(self, conference: Conference) -> dict[str, Any]:
        talks = [talk for talk in self.domain.talks_of(conference) if talk.date]
        days = _days(conference, talks)
        extra: dict[str, dict[str, Any]] = {}
        by_day: dict[str, dict[str, list[dict[str, Any]]]] = {day: {} for day in days}
        rooms: dict[str, None] = {}
        for talk in talks:
            event, placeholders = self.event(talk, conference)
            by_day[talk.date].setdefault(event["room"], []).append(event)
            if talk.room:
                rooms[talk.room] = None
            extra[event["guid"]] = {
                "tags": list(talk.tags),
                "details": talk.details or None,
                "placeholders": placeholders,
            }
        body: dict[str, Any] = {
            "acronym": acronym(conference),
            "title": conference.title,
            "start": days[0] if days else "",
            "end": days[-1] if days else "",
            "daysCount": len(days),
            "timeslot_duration": _timeslot(talks),
        }
        if conference.time_zone and _SCHEMA_TIME_ZONE.match(conference.time_zone):
            body["time_zone_name"] = conference.time_zone
        if conference.site:
            body["url"] = conference.site
        body["rooms"] = [
            {"name": room, "guid": self.guid("room", conference.docname, room)} for room in rooms
        ]
        body["meta"] = {
            "eventnotes": {
                "page": self.page_url(conference.docname),
                "time_zone": conference.time_zone or None,
                "events": extra,
            }
        }
        body["days"] = [
            {
                "index": index,
                "date": day,
                "day_start": _moment(day, "00:00", conference.time_zone),
                "day_end": _moment(day, "23:59", conference.time_zone),
                "rooms": by_day[day],
            }
            for index, day in enumerate(days, start=1)
        ]
        return {
            "$schema": SCHEDULE_SCHEMA,
            "generator": {"name": "eventnotes", "version": __version__},
            "schedule": {
                "version": self.config.release or "",
                "base_url": self.base_url,
                "conference": body,
            },
        }

    def event(self, talk: Talk, conference: Conference) -> tuple[dict[str, Any], list[str]]:
        """A talk as a frab event, and the names of the fields that hold a placeholder."""
        placeholders = [
            field.option for field in fields_of(TalkMetadata)
            if field.schedule_placeholder is not None and not getattr(talk, field.attribute)
        ]
        guid = self.talk_guid(talk)
        event: dict[str, Any] = {
            "guid": guid,
            "id": uuid.UUID(guid).int % (2**31 - 1) + 1,
            "date": None,  # the start's moment, once the start is known
            "slug": f"{acronym(conference)}-{export_slug(_within(self.domain.talk_name(talk), conference.folder))}"
            .replace("_", "-"),
            "url": self.talk_url(talk),
            "title": talk.title,
            "subtitle": None,
            "track": talk.tags[0] if talk.tags else None,
            "type": None,  # the talk's :type:, or its placeholder, from the declarations below
            "abstract": None,
            "description": None,
            "persons": [self.person(name) for name in talk.speakers],
            "links": [],
        }
        for field in fields_of(TalkMetadata):
            if not field.schedule_key:
                continue
            value = getattr(talk, field.attribute)
            kind, _, link_type = field.schedule_key.partition("/")
            if link_type:
                if value:
                    event[kind].append({"url": value, "title": str(field.label), "type": link_type})
            elif value:
                event[field.schedule_key] = _hh_mm(value) if field.kind is Kind.DURATION else value
            else:  # None where the format needs no value
                event[field.schedule_key] = field.schedule_placeholder
        event["date"] = _moment(talk.date, event["start"], conference.time_zone)
        return event, placeholders

    def person(self, name: str) -> dict[str, Any]:
        speaker = self.domain.speaker(name)
        page = self.page_url(speaker.page) if speaker else ""
        person = {"name": name, "guid": self.guid("speaker", speaker.page if speaker else name)}
        if page:
            person["url"] = page
        return person

    # -- the index of talks -----------------------------------------------------------------

    def talks_index(self) -> dict[str, Any]:
        conference_urls = {
            conference.docname: self.addresses.file(self.schedule_path(conference))
            for conference in self.exported_conferences()
        }
        return {
            "version": TALKS_FORMAT_VERSION,
            "base_url": self.base_url,
            "talks": [self.talk_entry(talk, conference_urls) for talk in self.domain.all_talks()],
        }

    def talk_entry(self, talk: Talk, conference_urls: dict[str, str]) -> dict[str, Any]:
        conference = self.domain.conference_of(talk.docname)
        topics = []
        for tag in dict.fromkeys(talk.tags):
            topic = self.domain.topic(tag)
            if topic is not None and all(entry["name"] != topic.name for entry in topics):
                topics.append({"name": topic.name, "url": self.page_url(topic.page)})
        entry: dict[str, Any] = {
            "docname": talk.docname,
            "guid": self.talk_guid(talk),
            "title": talk.title,
            "speakers": [
                {"name": name, "url": self.page_url(speaker.page) if (speaker := self.domain.speaker(name)) else None}
                for name in talk.speakers
            ],
            "links": {"page": self.talk_url(talk)},
            "topics": topics,
            "conference": {
                "title": conference.title,
                "url": self.page_url(conference.docname),
                "schedule": conference_urls.get(conference.docname),
            } if conference else None,
        }
        for field in fields_of(TalkMetadata):
            if field.talks_key:
                *parents, key = field.talks_key.split(".")
                value = getattr(talk, field.attribute)
                functools.reduce(dict.__getitem__, parents, entry)[key] = (
                    list(value) if field.kind.repeats else value or None
                )
        return entry


# -- helpers ---------------------------------------------------------------------------------


def acronym(conference: Conference) -> str:
    """The conference's folder (else its title) in the schema's letters (:func:`eventnotes.slugs.export_acronym`)."""
    return export_acronym(posixpath.basename(conference.folder) or conference.title)


def _within(name: str, folder: str) -> str:
    """A talk's name from its conference's folder: ``europython/talks/keynote`` -> ``talks/keynote``."""
    return posixpath.relpath(name, folder) if folder else name


def _hh_mm(duration: str) -> str:
    """``0:45`` as frab writes it: ``00:45``."""
    hours, minutes = divmod(duration_minutes(duration), 60)
    return f"{hours:02d}:{minutes:02d}"


def _moment(day: str, time: str, time_zone: str) -> str:
    """``2019-07-10T09:00:00+02:00``: the local time with the conference's offset on that day."""
    moment = local_moment(day, time, time_zone).isoformat()
    return moment if time_zone else moment + NO_OFFSET


def _days(conference: Conference, talks: list[Talk]) -> list[str]:
    """Every day from the conference's start to its end, and the days of talks outside them."""
    days = {talk.date for talk in talks}
    if conference.start and conference.end and conference.start <= conference.end:
        day = dt.date.fromisoformat(conference.start)
        while day <= dt.date.fromisoformat(conference.end):
            days.add(day.isoformat())
            day += dt.timedelta(days=1)
    return sorted(days)


def _timeslot(talks: list[Talk]) -> str:
    """The largest step that every start time and duration is a multiple of (at most an hour)."""
    step = timeslot_minutes(talks, NO_TIMESLOT)
    return f"{step // 60:02d}:{step % 60:02d}"


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- Sphinx --------------------------------------------------------------------------------


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not has_site_address(app):
        return
    data = OpenData(app)
    outdir = app.builder.outdir
    for conference in data.exported_conferences():
        path = outdir / data.schedule_path(conference)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(data.schedule(conference)), encoding="utf-8")
    (outdir / TALKS_FILE).write_text(_dump(data.talks_index()), encoding="utf-8")


def link_schedule(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A conference's page links its ``schedule.json`` (HTML only, and only when it is written)."""
    if not has_site_address(app):
        return
    domain: EventNotesDomain = app.env.domains["event"]
    for node in doctree.findall(en_nodes.conference):
        conference = domain.conference_of(docname)
        if conference is None or conference.docname != docname:
            continue  # a second conference page in a folder exports nothing
        fields = next(node.findall(nodes.field_list), None)
        if fields is None:
            continue
        target = OpenData.schedule_path(conference)
        uri = relative_uri(app.builder.get_target_uri(docname), target)
        link = nodes.reference(SCHEDULE_FILE, "", nodes.literal(SCHEDULE_FILE, SCHEDULE_FILE), refuri=uri)
        label = _("Programme data")
        fields += nodes.field(
            "",
            nodes.field_name(label, label),
            nodes.field_body("", nodes.paragraph("", "", link)),
        )


def setup_export(app: Sphinx) -> None:
    app.connect("doctree-resolved", link_schedule)
    app.connect("build-finished", write_exports)
