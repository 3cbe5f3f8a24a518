"""The ``talk`` and ``conference`` directives.

They check their options, warn about bad input (the notes are published
anyway) and render the metadata as a field list, which reads well in every
output format.  Which section a directive belongs to is decided later, by
:mod:`eventnotes.transforms`: under MyST a directive cannot see its parent.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from eventnotes import nodes as en_nodes
from eventnotes.dates import end_time, parse_date, parse_duration, parse_time, show_date, show_duration
from eventnotes.languages import language_name
from eventnotes.names import normalize_name, split_list
from eventnotes.records import ConferenceMetadata, ProfileMetadata, TalkMetadata
from eventnotes.validation import WarningSubtype, is_web_url, warn

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from sphinx.application import Sphinx

_ = get_translation("eventnotes")
__ = get_translation("eventnotes", "console")


class _OptionSpec(dict):
    """An option spec that accepts unknown options instead of failing the directive.

    docutils and MyST both look options up with ``spec[name]``: answering for an
    unknown name keeps the directive (and the notes inside it) alive, and the
    directive warns about the option itself.
    """

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged


def _field(label: str, *body: nodes.Node) -> nodes.field:
    return nodes.field(
        "",
        nodes.field_name("", label),
        nodes.field_body("", nodes.paragraph("", "", *body)),
    )


def _link_or_text(url: str) -> nodes.Node:
    """A link for a checked web URL; anything else stays visible as plain text."""
    if is_web_url(url):
        return nodes.reference(url, url, refuri=url, internal=False)
    return nodes.Text(url)


def _time_zone(name: str) -> str:
    """The name of a time zone of the IANA database, or "" when it names none."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name


class _EventDirective(SphinxDirective):
    """What ``talk`` and ``conference`` share: options that never abort, dates, links."""

    has_content = True
    known_options: ClassVar[tuple[str, ...]] = ()
    url_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = _OptionSpec({name: directives.unchanged for name in cls.known_options})

    def option(self, name: str) -> str:
        return " ".join((self.options.get(name) or "").split())

    def warn(self, message: str, subtype: WarningSubtype) -> None:
        warn(message, subtype, location=self.get_location())

    def check_unknown_options(self) -> list[nodes.field]:
        """Warn about options the directive does not know, and keep their values visible."""
        fields = []
        for name in self.options:
            if name in self.known_options:
                continue
            self.warn(
                __("unknown option ':%s:' of the '%s' directive; the known options are %s")
                % (name, self.name, ", ".join(f":{known}:" for known in self.known_options)),
                WarningSubtype.unknown_option,
            )
            if value := self.option(name):
                fields.append(_field(name, nodes.Text(value)))
        return fields

    def checked_date(self, name: str, *, required: bool) -> dt.date | None:
        text = self.option(name)
        if not text:
            if required:
                self.warn(
                    __("the '%s' directive needs a ':%s:' option, written as YYYY-MM-DD")
                    % (self.name, name),
                    WarningSubtype.missing_date,
                )
            return None
        day = parse_date(text)
        if day is None:
            self.warn(
                __("':%s: %s' is not a date; write the day as YYYY-MM-DD, e.g. 2013-03-16")
                % (name, text),
                WarningSubtype.invalid_date,
            )
        return day

    def checked_url(self, name: str) -> str:
        url = self.option(name)
        if url and not is_web_url(url):
            self.warn(
                __("':%s: %s' is not an absolute http(s) URL; it is shown as text, not as a link")
                % (name, url),
                WarningSubtype.invalid_url,
            )
        return url

    def checked(self, name: str, parse: Callable[[str], str], subtype: WarningSubtype, message: str) -> str:
        """The option's value in its one spelling, or "" (with a warning) when it does not parse."""
        text = self.option(name)
        if not text:
            return ""
        if not (value := parse(text)):
            self.warn(message % text, subtype)
        return value

    def format_day(self, day: dt.date) -> str:
        return show_date(day, self.config.eventnotes_date_format, self.config.language)

    def date_text(self, name: str, day: dt.date | None) -> str:
        """The day as readers see it; a date that did not parse is shown as written."""
        return self.format_day(day) if day else self.option(name)

    def url_fields(self, urls: dict[str, str], labels: dict[str, str]) -> list[nodes.field]:
        return [_field(labels[name], _link_or_text(url)) for name, url in urls.items() if url]

    def content_nodes(self, css_class: str, heading: str = "") -> list[nodes.Node]:
        if not self.content:
            return []
        box = nodes.container(classes=[css_class])
        if heading:
            box += nodes.rubric(heading, heading, classes=[f"{css_class}-heading"])
        box += self.parse_content_to_nodes()
        return [box]


class TalkDirective(_EventDirective):
    """A talk: ``.. talk::`` directly under the talk's section title."""

    known_options = (
        "date",
        "speaker",
        "slides",
        "video",
        "details",
        "tags",
        "language",
        "date-note",
        "start",
        "duration",
        "room",
    )
    url_options = TalkMetadata.LINKS

    def run(self) -> list[nodes.Node]:
        day = self.checked_date("date", required=True)
        speakers = self.list_option("speaker")
        tags = self.list_option("tags")
        urls = {name: self.checked_url(name) for name in self.url_options}
        language = self.option("language")
        date_note = self.option("date-note")
        start = self.checked("start", parse_time, WarningSubtype.invalid_time, __(
            "':start: %s' is not a time of day; write it as HH:MM (24 hours, the conference's local time), "
            "e.g. 14:30"
        ))
        duration = self.checked("duration", parse_duration, WarningSubtype.invalid_duration, __(
            "':duration: %s' is not a duration; write hours and minutes as H:MM, e.g. 0:45, "
            "or a number of minutes, e.g. 45"
        ))
        room = self.option("room")
        metadata = TalkMetadata(
            date=day.isoformat() if day else "",
            speakers=tuple(speakers),
            date_note=date_note,
            tags=tuple(tags),
            language=language,
            start=start,
            duration=duration,
            room=room,
            **{name: url for name, url in urls.items() if is_web_url(url)},
        )
        node = en_nodes.talk(classes=["eventnotes-talk"], **metadata.node_attributes())
        self.set_source_info(node)

        fields = nodes.field_list(classes=["eventnotes-meta"])
        if date_text := self.date_text("date", day):
            date_body: list[nodes.Node] = [nodes.Text(date_text)]
            if date_note:
                date_body += [nodes.Text(" ("), nodes.emphasis(date_note, date_note), nodes.Text(")")]
            fields += _field(_("Date"), *date_body)
        if speakers:
            label = _("Speaker") if len(speakers) == 1 else _("Speakers")
            fields += _field(label, *self.speaker_references(speakers))
        if time_text := self.time_text(start, duration):
            fields += _field(_("Time"), nodes.Text(time_text))
        if room:
            fields += _field(_("Room"), nodes.Text(room))
        fields += _field(_("Conference"), en_nodes.conference_of_talk())
        fields += self.url_fields(
            urls, {"slides": _("Slides"), "video": _("Video"), "details": _("Details")}
        )
        if tags:
            fields += _field(_("Tags"), *self.references("topic", tags))
        if language:
            # Resolved to the language's page when the site has several languages.
            fields += _field(_("Language"), self.reference("language", language, self.language_name(language)))
        fields += self.check_unknown_options()
        node += fields
        node += self.content_nodes("eventnotes-abstract", _("Abstract"))
        return [node]

    def time_text(self, start: str, duration: str) -> str:
        """'14:30–15:15 (45 minutes)'; a value that did not parse is shown as written."""
        start_text = start or self.option("start")
        duration_text = (
            show_duration(duration, self.config.language) if duration else self.option("duration")
        )
        if start and duration:
            start_text = f"{start}–{end_time(start, duration)}"
        if start_text and duration_text:
            return f"{start_text} ({duration_text})"
        return start_text or duration_text

    def list_option(self, name: str) -> list[str]:
        items, had_empty = split_list(self.options.get(name) or "")
        if had_empty or (name in self.options and not items):
            self.warn(
                __("':%s:' holds an empty name; separate names with single commas, "
                   "or leave the option out when nobody is known") % name
                if name == "speaker"
                else __("':%s:' holds an empty item; separate items with single commas") % name,
                WarningSubtype.empty_option,
            )
        if name == "speaker":
            return list(dict.fromkeys(normalize_name(item) for item in items))
        return items

    def speaker_references(self, speakers: list[str]) -> list[nodes.Node]:
        return self.references("speaker", speakers)

    def references(self, kind: str, names: list[str]) -> list[nodes.Node]:
        """Links to speakers or topics, separated by commas."""
        body: list[nodes.Node] = []
        for position, name in enumerate(names):
            if position:
                body.append(nodes.Text(", "))
            body.append(self.reference(kind, name, name))
        return body

    def reference(self, kind: str, target: str, text: str) -> addnodes.pending_xref:
        xref = addnodes.pending_xref(
            "",
            nodes.inline(text, text, classes=["xref", "event", f"event-{kind}"]),
            refdomain="event",
            reftype=kind,
            reftarget=target,
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        self.set_source_info(xref)
        return xref

    def language_name(self, code: str) -> str:
        """'it' reads as 'Italian' on an English site; an unknown code stays as written."""
        return language_name(code, self.config.language or "en") or code


class ConferenceDirective(_EventDirective):
    """A conference: ``.. conference::`` under the title of a conference folder's index page."""

    known_options = ("start", "end", "venue", "location", "site", "time-zone")
    url_options = ("site",)

    def run(self) -> list[nodes.Node]:
        start = self.checked_date("start", required=True)
        end = self.checked_date("end", required=True)
        if start and end and end < start:
            self.warn(
                __("the conference ends (%s) before it starts (%s); check ':start:' and ':end:'")
                % (end.isoformat(), start.isoformat()),
                WarningSubtype.conference_dates,
            )
        site = self.checked_url("site")
        time_zone = self.checked("time-zone", _time_zone, WarningSubtype.invalid_time_zone, __(
            "':time-zone: %s' is not a time zone name; write one of the IANA database, e.g. Europe/Berlin"
        ))
        metadata = ConferenceMetadata(
            start=start.isoformat() if start else "",
            end=end.isoformat() if end else "",
            venue=self.option("venue"),
            location=self.option("location"),
            site=site if is_web_url(site) else "",
            time_zone=time_zone,
        )
        node = en_nodes.conference(classes=["eventnotes-conference"], **metadata.node_attributes())
        self.set_source_info(node)

        fields = nodes.field_list(classes=["eventnotes-meta"])
        start_text, end_text = self.date_text("start", start), self.date_text("end", end)
        if start_text or end_text:
            dates = start_text if start_text == end_text or not end_text else (
                f"{start_text} – {end_text}" if start_text else end_text
            )
            fields += _field(_("Dates"), nodes.Text(dates))
        for name, label in (("venue", _("Venue")), ("location", _("Location"))):
            if value := self.option(name):
                fields += _field(label, nodes.Text(value))
        fields += self.url_fields({"site": site}, {"site": _("Site")})
        if time_zone_text := self.option("time-zone"):
            fields += _field(_("Time zone"), nodes.Text(time_zone_text))
        fields += self.check_unknown_options()
        node += fields
        node += self.content_nodes("eventnotes-remarks")
        return [node, en_nodes.talk_listing()]


class SpeakerDirective(_EventDirective):
    """A speaker's profile: ``.. speaker:: Name`` on the page that becomes the speaker's page."""

    required_arguments = 1
    final_argument_whitespace = True
    known_options = ("aliases", "links", "pronouns")

    def run(self) -> list[nodes.Node]:
        name = normalize_name(self.arguments[0])
        aliases = tuple(alias for alias in self.list_option("aliases") if alias != name)
        links = self.list_option("links")
        for link in links:
            if not is_web_url(link):
                self.warn(
                    __("':links:' holds '%s', which is not an absolute http(s) URL; "
                       "it is shown as text, not as a link") % link,
                    WarningSubtype.invalid_url,
                )
        pronouns = self.option("pronouns")
        metadata = ProfileMetadata(
            name=name, aliases=aliases, links=tuple(link for link in links if is_web_url(link)), pronouns=pronouns
        )
        node = en_nodes.speaker_profile(classes=["eventnotes-speaker"], **metadata.node_attributes())
        self.set_source_info(node)

        fields = nodes.field_list(classes=["eventnotes-meta"])
        if pronouns:
            fields += _field(_("Pronouns"), nodes.Text(pronouns))
        if aliases:
            fields += _field(_("Also written"), nodes.Text(", ".join(aliases)))
        if links:
            body: list[nodes.Node] = []
            for position, link in enumerate(links):
                if position:
                    body.append(nodes.Text(", "))
                body.append(_link_or_text(link))
            fields += _field(_("Links"), *body)
        fields += self.check_unknown_options()
        node += fields
        node += self.content_nodes("eventnotes-biography")
        talks = en_nodes.speaker_talks(name=name)
        self.set_source_info(talks)
        return [node, talks]

    def list_option(self, name: str) -> list[str]:
        items, had_empty = split_list(self.options.get(name) or "")
        if had_empty or (name in self.options and not items):
            self.warn(
                __("':%s:' holds an empty item; separate items with single commas") % name,
                WarningSubtype.empty_option,
            )
        return list(dict.fromkeys(normalize_name(item) for item in items))


class ConferencesDirective(SphinxDirective):
    """``.. conferences::``: every conference of the site, newest first (as cards in HTML).

    ``:year: 2019`` lists that year's conferences only: an archive of hundreds
    of conferences lists them on a page per year, and its home page lists the years.
    """

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"year": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        node = en_nodes.conference_overview()
        if "year" in self.options:
            node["year"] = f"{self.options['year']:04d}"
        self.set_source_info(node)
        self.env.domains["event"].note_overview(self.env.docname)
        return [node]


class WarningTypesDirective(SphinxDirective):
    """``.. eventnotes-warning-types::``: the warning subtypes, for the reference page.

    Generated from :class:`~eventnotes.validation.WarningSubtype`, so the
    documentation lists exactly the warnings the code can emit.
    """

    def run(self) -> list[nodes.Node]:
        items = nodes.definition_list()
        for subtype in WarningSubtype:
            term = nodes.term("", "", nodes.literal(subtype.full_name, subtype.full_name))
            definition = nodes.definition("", *self.parse_text_to_nodes(subtype.description))
            items += nodes.definition_list_item("", term, definition)
        return [items]


def setup_directives(app: Sphinx) -> None:
    app.add_directive("eventnotes-warning-types", WarningTypesDirective)
    app.add_directive("conferences", ConferencesDirective)
    app.add_directive("talk", TalkDirective)
    app.add_directive("conference", ConferenceDirective)
    app.add_directive("speaker", SpeakerDirective)
