"""The ``talk`` and ``conference`` directives.

They check their options, warn about bad input (the notes are published
anyway) and render the metadata as a field list, which reads well in every
output format.  Which section a directive belongs to is decided later, by
:mod:`eventnotes.transforms`: under MyST a directive cannot see its parent.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from eventnotes import nodes as en_nodes
from eventnotes.dates import (
    end_time,
    parse_date,
    parse_duration,
    parse_time,
    show_date,
    show_duration,
    why_not_a_day,
)
from eventnotes.fields import Field, Kind, fields_of
from eventnotes.languages import language_name
from eventnotes.media import link_name, recording
from eventnotes.names import normalize_name, split_list
from eventnotes.records import ConferenceMetadata, ProfileMetadata, TalkMetadata
from eventnotes.validation import WarningSubtype, is_web_url, warn

if TYPE_CHECKING:
    from collections.abc import Callable

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


def _named_link_or_text(url: str, *, playable: bool = False) -> nodes.Node:
    """A link for a checked web URL, named by its service or host ("YouTube", "speakerdeck.com"):
    a talk block reads as a list of places, not of addresses, and a long URL no longer sets the
    width of a narrow screen (the address stays in the link, and in the PDF's footnote).  A
    recording on a service with a player is a :class:`~eventnotes.nodes.recording` when
    *playable*.  Anything else stays visible as plain text."""
    if not is_web_url(url):
        return nodes.Text(url)
    name = link_name(url) or url
    if playable and (found := recording(url)):
        return en_nodes.recording(url, name, refuri=url, internal=False, service=found.service)
    return nodes.reference(url, name, refuri=url, internal=False)


def option_offset(block_text: str, name: str) -> int:
    """How many lines below the directive's first line the option ``name`` is written; 0 when
    it is not found.

    reStructuredText and MyST both give a directive its whole text, first line
    first, but only the directive's line number: the options are the field
    lines (``:name: value``) up to the first blank line, or in MyST the keys of
    a YAML block between ``---`` lines.  A warning about one option then points
    at the line the note-taker has to fix.
    """
    lines = block_text.splitlines()[1:]
    yaml_block = bool(lines) and lines[0].strip() == "---"
    field = re.compile(rf"\s*{re.escape(name)}\s*:" if yaml_block else rf"\s*:{re.escape(name)}:(\s|$)")
    for offset, line in enumerate(lines[1:] if yaml_block else lines, start=2 if yaml_block else 1):
        if yaml_block and line.strip() == "---" or not yaml_block and not line.strip():
            break
        if field.match(line):
            return offset
    return 0


def _time_zone(name: str) -> str:
    """The name of a time zone of the IANA database, or "" when it names none."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name


class _EventDirective(SphinxDirective):
    """What ``talk``, ``conference`` and ``speaker`` share: options that never abort, dates, links."""

    has_content = True
    known_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = _OptionSpec({name: directives.unchanged for name in cls.known_options})

    def option(self, name: str) -> str:
        return " ".join((self.options.get(name) or "").split())

    def warn(self, message: str, subtype: WarningSubtype, option: str = "") -> None:
        """Warn at the directive's line, or at the line of the option the warning is about."""
        location = self.get_location()
        if option and (offset := option_offset(self.block_text, option)):
            source, line = self.get_source_info()
            if source and line:
                location = f"{source}:{line + offset}"
        warn(message, subtype, location=location, env=self.env)

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
                name,
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
            if reason := why_not_a_day(text):
                message = __("':%s: %s': %s") % (name, text, reason)
            else:
                message = __("':%s: %s' is not a date; write the day as YYYY-MM-DD, e.g. 2013-03-16") % (name, text)
            self.warn(message, WarningSubtype.invalid_date, name)
        return day

    def checked_url(self, name: str) -> str:
        url = self.option(name)
        if url and not is_web_url(url):
            self.warn(
                __("':%s: %s' is not an absolute http(s) URL; it is shown as text, not as a link")
                % (name, url),
                WarningSubtype.invalid_url,
                name,
            )
        return url

    def checked(self, name: str, parse: Callable[[str], str], subtype: WarningSubtype, message: str) -> str:
        """The option's value in its one spelling, or "" (with a warning) when it does not parse."""
        text = self.option(name)
        if not text:
            return ""
        if not (value := parse(text)):
            self.warn(message % (name, text), subtype, name)
        return value

    def format_day(self, day: dt.date) -> str:
        return show_date(day, self.config.eventnotes_date_format, self.config.language)

    def content_nodes(self, css_class: str, heading: str = "") -> list[nodes.Node]:
        if not self.content:
            return []
        box = nodes.container(classes=[css_class])
        if heading:
            box += nodes.rubric(heading, heading, classes=[f"{css_class}-heading"])
        box += self.parse_content_to_nodes()
        return [box]

    def list_option(self, name: str) -> list[str]:
        """The items of a comma-separated option, as written; warns about an empty one."""
        items, had_empty = split_list(self.options.get(name) or "")
        if had_empty or (name in self.options and not items):
            self.warn(
                __("':%s:' holds an empty name; separate names with single commas, "
                   "or leave the option out when nobody is known") % name
                if name == "speaker"
                else __("':%s:' holds an empty item; separate items with single commas") % name,
                WarningSubtype.empty_option,
                name,
            )
        return items

    def names_option(self, name: str) -> list[str]:
        """The names of a comma-separated option, each in one spelling, without repeats."""
        return list(dict.fromkeys(normalize_name(item) for item in self.list_option(name)))


class _DeclaredFieldsDirective(_EventDirective):
    """A directive whose options are the declared fields of a record (:mod:`eventnotes.fields`).

    Each option is checked by its kind; the record gets the checked values, and
    the metadata block shows each field (a value that does not parse as
    written), a row per field, the fields declared ``shown_with`` another in
    that one's row.
    """

    record: ClassVar[type]

    def __init_subclass__(cls, **kwargs: object) -> None:
        cls.known_options = tuple(field.option for field in fields_of(cls.record))
        super().__init_subclass__(**kwargs)

    def checked_values(self) -> dict[str, Any]:
        """The record's values, by attribute, with a warning for each option that does not parse."""
        values: dict[str, Any] = {}
        for field in fields_of(self.record):
            name = field.option
            if field.kind is Kind.DAY:
                day = self.checked_date(name, required=field.required)
                value: Any = day.isoformat() if day else ""
            elif field.kind is Kind.NAMES:
                value = tuple(self.names_option(name))
            elif field.kind is Kind.TOPICS:
                value = tuple(self.list_option(name))
            elif field.kind is Kind.URL:
                value = url if is_web_url(url := self.checked_url(name)) else ""
            elif field.kind is Kind.TIME:
                value = self.checked(name, parse_time, WarningSubtype.invalid_time, __(
                    "':%s: %s' is not a time of day; write it as HH:MM (24 hours, the conference's local time), "
                    "e.g. 14:30"
                ))
            elif field.kind is Kind.DURATION:
                value = self.checked(name, parse_duration, WarningSubtype.invalid_duration, __(
                    "':%s: %s' is not a duration; write hours and minutes as H:MM, e.g. 0:45, "
                    "or a number of minutes, e.g. 45"
                ))
            elif field.kind is Kind.TIME_ZONE:
                value = self.checked(name, _time_zone, WarningSubtype.invalid_time_zone, __(
                    "':%s: %s' is not a time zone name; write one of the IANA database, e.g. Europe/Berlin"
                ))
            else:
                value = self.option(name)
            values[field.attribute] = value
        return values

    def field_rows(self, values: dict[str, Any]) -> list[nodes.field]:
        """The metadata block's rows, in the order the fields are declared."""
        declared = fields_of(self.record)
        rows = []
        for field in declared:
            if field.shown_with or field.hidden:
                continue
            companions = [other for other in declared if other.shown_with == field.option]
            if body := self.shown(field, values, companions):
                label = field.plural_label if field.plural_label and len(values[field.attribute]) > 1 else field.label
                rows.append(_field(str(label), *body))
        return rows

    def shown(self, field: Field, values: dict[str, Any], companions: list[Field]) -> list[nodes.Node]:
        """What the block shows of a field (and of the fields shown with it); [] for nothing."""
        value, text = values[field.attribute], self.option(field.option)
        if field.kind is Kind.DAY:
            return self.day_shown(text, value, [(other, values[other.attribute]) for other in companions])
        if field.kind is Kind.TIME:
            (duration_field,) = companions
            return self.time_shown(value, text, values[duration_field.attribute], self.option(duration_field.option))
        if field.kind is Kind.NAMES:
            return self.references("speaker", list(value))
        if field.kind is Kind.TOPICS:
            return self.references("topic", list(value))
        if not text:
            return []
        if field.kind is Kind.URL:
            return [_named_link_or_text(text, playable=field.playable)]
        if field.kind is Kind.LANGUAGE:
            # Resolved to the language's page when the site has several languages.
            return [self.reference("language", text, self.language_name(text))]
        return [nodes.Text(text)]

    def day_shown(self, text: str, value: str, companions: list[tuple[Field, str]]) -> list[nodes.Node]:
        """A day as readers see it (a date that did not parse as written), with the
        last day of a range or a note beside it."""
        shown = self.format_day(dt.date.fromisoformat(value)) if value else text
        body: list[nodes.Node] = []
        for companion, companion_value in companions:
            companion_text = self.option(companion.option)
            if companion.kind is Kind.DAY and companion_text:
                last = self.format_day(dt.date.fromisoformat(companion_value)) if companion_value else companion_text
                if last != shown:
                    shown = f"{shown} – {last}" if shown else last
            elif companion.kind is Kind.TEXT and companion_text and shown:
                body += [nodes.Text(" ("), nodes.emphasis(companion_text, companion_text), nodes.Text(")")]
        return [nodes.Text(shown), *body] if shown else []

    def time_shown(self, start: str, start_text: str, duration: str, duration_text: str) -> list[nodes.Node]:
        """'14:30–15:15 (45 minutes)'; a value that did not parse is shown as written."""
        start_text = start or start_text
        if duration:
            duration_text = show_duration(duration, self.config.language)
        if start and duration:
            start_text = f"{start}–{end_time(start, duration)}"
        if start_text and duration_text:
            return [nodes.Text(f"{start_text} ({duration_text})")]
        return [nodes.Text(text)] if (text := start_text or duration_text) else []

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


class TalkDirective(_DeclaredFieldsDirective):
    """A talk: ``.. talk::`` directly under the talk's section title."""

    record = TalkMetadata

    def run(self) -> list[nodes.Node]:
        values = self.checked_values()
        metadata = TalkMetadata(**values)
        node = en_nodes.talk(classes=["eventnotes-talk"], **metadata.node_attributes())
        self.set_source_info(node)

        fields = nodes.field_list(classes=["eventnotes-meta"])
        fields += _field(_("Conference"), en_nodes.conference_of_talk())
        fields += self.field_rows(values)
        fields += self.check_unknown_options()
        node += fields
        node += self.content_nodes("eventnotes-abstract", _("Abstract"))
        return [node]


class ConferenceDirective(_DeclaredFieldsDirective):
    """A conference: ``.. conference::`` under the title of a conference folder's index page."""

    record = ConferenceMetadata

    def run(self) -> list[nodes.Node]:
        values = self.checked_values()
        start, end = values["start"], values["end"]
        if start and end and end < start:
            self.warn(
                __("the conference ends (%s) before it starts (%s); check ':start:' and ':end:'")
                % (end, start),
                WarningSubtype.conference_dates,
            )
        metadata = ConferenceMetadata(**values)
        node = en_nodes.conference(classes=["eventnotes-conference"], **metadata.node_attributes())
        self.set_source_info(node)

        fields = nodes.field_list(classes=["eventnotes-meta"])
        fields += self.field_rows(values)
        fields += self.check_unknown_options()
        node += fields
        node += self.content_nodes("eventnotes-remarks")
        return [node, en_nodes.talk_listing()]


class SpeakerDirective(_EventDirective):
    """A speaker's profile: ``.. speaker:: Name`` on the page that becomes the speaker's page."""

    required_arguments = 1
    final_argument_whitespace = True
    known_options = ("aliases", "links", "pronouns", "distinct-from")

    def run(self) -> list[nodes.Node]:
        name = normalize_name(self.arguments[0])
        aliases = tuple(alias for alias in self.names_option("aliases") if alias != name)
        links = self.names_option("links")
        for link in links:
            if not is_web_url(link):
                self.warn(
                    __("':links:' holds '%s', which is not an absolute http(s) URL; "
                       "it is shown as text, not as a link") % link,
                    WarningSubtype.invalid_url,
                    "links",
                )
        pronouns = self.option("pronouns")
        distinct = tuple(other for other in self.names_option("distinct-from") if other != name)
        metadata = ProfileMetadata(
            name=name, aliases=aliases, links=tuple(link for link in links if is_web_url(link)), pronouns=pronouns,
            distinct_from=distinct,
        )
        node = en_nodes.speaker_profile(classes=["eventnotes-speaker"], **metadata.node_attributes())
        self.set_source_info(node)

        fields = nodes.field_list(classes=["eventnotes-meta"])
        if pronouns:
            fields += _field(_("Pronouns"), nodes.Text(pronouns))
        if aliases:
            fields += _field(_("Also written"), nodes.Text(", ".join(aliases)))
        if distinct:
            fields += _field(_("Not to be confused with"), nodes.Text(", ".join(distinct)))
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


class OptionTableDirective(SphinxDirective):
    """``.. eventnotes-options:: talk``: the table of a directive's options, for the reference page.

    Generated from the declarations of the directive's fields
    (:mod:`eventnotes.fields`), so the documentation lists exactly the options
    the directive reads.
    """

    required_arguments = 1
    records: ClassVar[dict[str, type]] = {"talk": TalkMetadata, "conference": ConferenceMetadata}

    def run(self) -> list[nodes.Node]:
        record = self.records.get(self.arguments[0])
        if record is None:
            self.warn_unknown()
            return []
        rows = "".join(
            f"   * - ``{field.option}``\n"
            f"     - {'Required. ' if field.required else ''}{field.description}\n"
            for field in fields_of(record)
        )
        table = (
            f".. list-table:: Options of ``{self.arguments[0]}``\n"
            "   :header-rows: 1\n   :widths: 20 80\n\n"
            "   * - option\n     - meaning\n" + rows
        )
        return self.parse_text_to_nodes(table)

    def warn_unknown(self) -> None:
        warn(
            __("'%s' is not a directive with declared options; write one of %s")
            % (self.arguments[0], ", ".join(self.records)),
            WarningSubtype.unknown_option,
            location=self.get_location(),
            env=self.env,
        )


def setup_directives(app: Sphinx) -> None:
    app.add_directive("eventnotes-warning-types", WarningTypesDirective)
    app.add_directive("eventnotes-options", OptionTableDirective)
    app.add_directive("conferences", ConferencesDirective)
    app.add_directive("talk", TalkDirective)
    app.add_directive("conference", ConferenceDirective)
    app.add_directive("speaker", SpeakerDirective)
