"""Content that depends on other documents, filled in at resolve time.

A conference page lists its talks, grouped by day; a talk page links to its
conference; the home page lists the conferences.  These are placeholders in
the doctree, replaced at ``doctree-resolved``, when all documents have been
read.  :func:`outdated_listings` re-reads a conference page whenever one of
its talks is added, changed or removed, and the talks of a conference whose
page changed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import get_translation

from eventnotes import nodes as en_nodes
from eventnotes.fields import fields_of
from eventnotes.records import TalkMetadata, enclosing_folders, link_to
from eventnotes.dates import end_time, local_moment, show_date, show_duration
from eventnotes.grid import Cell, DayLayout, layout_day, room_order, show_minutes, visit_entry_with_attributes
from eventnotes.internals import extend_html_visitor
from eventnotes.languages import language_name, language_tag, main_language
from eventnotes.pages import speaker_talk_list
from eventnotes.release import leaves_out

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from eventnotes.domain import EventNotesDomain
    from eventnotes.records import Conference, Talk

_ = get_translation("eventnotes")


class ListingFiller:
    """Replaces one resolved doctree's placeholders (at ``doctree-resolved``)."""

    def __init__(self, app: Sphinx, document: nodes.document, docname: str) -> None:
        self.app = app
        self.mark_notes = False
        self.config = app.config
        self.document = document
        self.docname = docname
        self.domain: EventNotesDomain = app.env.domains["event"]

    def run(self) -> None:
        # One walk of the tree for all three kinds: this runs in the main
        # process for every page, even under -j.
        placeholders = list(self.document.findall(_is_placeholder))
        for placeholder in placeholders:
            if isinstance(placeholder, en_nodes.conference_of_talk):
                self.fill_conference_link(placeholder, self.source_docname(placeholder))
            elif isinstance(placeholder, en_nodes.talk_listing):
                self.fill_talk_listing(placeholder, self.source_docname(placeholder))
            elif isinstance(placeholder, en_nodes.speaker_talks):
                self.fill_speaker_talks(placeholder)
            else:
                self.fill_conference_overview(placeholder)

    def source_docname(self, node: nodes.Node) -> str:
        """The document a node comes from.

        Single-file builders (LaTeX, Texinfo) resolve one tree that inlines
        every document; Sphinx marks the sections of each with its docname.
        """
        parent = node.parent
        while parent is not None:
            if isinstance(parent, (nodes.section, addnodes.start_of_file)) and parent.get("docname"):
                return parent["docname"]
            parent = parent.parent
        return self.docname

    def fill_conference_link(self, placeholder: en_nodes.conference_of_talk, docname: str) -> None:
        conference = self.domain.conference_of(docname)
        if conference is None:
            # A talk outside any conference folder: drop the empty "Conference" field.
            field = placeholder.parent
            while not isinstance(field, nodes.field):
                field = field.parent
            field.parent.remove(field)
            return
        placeholder.replace_self(self.conference_link(conference))

    def fill_talk_listing(self, placeholder: en_nodes.talk_listing, docname: str) -> None:
        # The folder's conference; a second conference page in the folder was
        # warned about and lists nothing.
        owner = self.domain.conference_of(docname)
        talks = self.domain.talks_of(owner) if owner and owner.docname == docname else []
        listing = nodes.container(classes=["eventnotes-listing"])
        listing += nodes.rubric(_("Talks"), _("Talks"))
        if not talks:
            listing += nodes.paragraph(_("No talks yet."), _("No talks yet."))
        usual = main_language(talks)
        # On the website, once some of the conference's talks have no notes yet: which have.
        self.mark_notes = self.app.builder.format == "html" and not all(talk.notes for talk in talks)
        days = [(date, list(group)) for date, group in itertools.groupby(talks, key=lambda talk: talk.date)]
        # Grids in the HTML-format builders (the website, the EPUB); the PDF and the other
        # formats keep the timed list of each day (see eventnotes.grid).
        rooms = room_order(talks) if self.app.builder.format == "html" else []
        layouts = {date: layout_day(talks_of_day, rooms) for date, talks_of_day in days if date and rooms}
        window = self.grid_window(owner, date_layouts=layouts) if owner else {}
        for date, talks_of_day in days:
            heading = self.day_heading(date)
            listing += nodes.rubric(heading, heading, classes=["eventnotes-day"])
            layout = layouts.get(date)
            if layout is None:
                listing += nodes.bullet_list("", *(self.talk_item(talk, usual) for talk in talks_of_day))
                continue
            listing += self.day_grid(owner, date, heading, layout, usual, window)
            if layout.left_out:
                also = _("Also on this day:")
                listing += nodes.paragraph(also, also, classes=["eventnotes-grid-others"])
                listing += nodes.bullet_list("", *(self.talk_item(talk, usual) for talk in layout.left_out))
        placeholder.replace_self(listing)

    def grid_window(self, conference: Conference, date_layouts: dict[str, DayLayout | None]) -> dict[str, str]:
        """When the browser marks what is on now and next (eventnotes-programme.js): from the
        conference's first day to the end of its last day or of its last talk, whichever is
        later, at its time zone; with the labels it shows.  Nothing without a time zone: the
        talks' times name no moment then."""
        if not conference.time_zone or not any(date_layouts.values()):
            return {}
        begins = local_moment(conference.start, "00:00", conference.time_zone)
        ends = local_moment(conference.end, "00:00", conference.time_zone) + dt.timedelta(days=1)
        for date, layout in date_layouts.items():
            for cell in layout.cells if layout else ():
                ends = max(ends, self.cell_moments(conference, date, cell)[1])
        return {
            "data-from": begins.isoformat(),
            "data-until": ends.isoformat(),
            "data-label-now": str(_("Now")),
            "data-label-next": str(_("Next")),
        }

    @staticmethod
    def cell_moments(conference: Conference, date: str, cell: Cell) -> tuple[dt.datetime, dt.datetime]:
        begins = local_moment(date, cell.talk.start, conference.time_zone)
        return begins, begins + dt.timedelta(minutes=cell.ends - cell.begins)

    def day_grid(
        self, conference: Conference, date: str, heading: str, layout: DayLayout, usual: str, window: dict[str, str]
    ) -> nodes.container:
        """A day's grid as a docutils table: the rooms as column headers, the times as row
        headers, each talk in its room's column spanning its slots (``morerows``).  The caption
        names the day for screen readers (the rubric above shows it).  The table scrolls in
        its own container on a narrow screen (furo's ``table-wrapper``, which furo's own
        post-transform, run before this, does not add), so the page never scrolls sideways."""
        # An id (Sphinx's HTML writer warns of a titled table without one): a link to the day's grid.
        table = nodes.table(ids=[f"programme-{date}"], classes=["eventnotes-grid", "colwidths-auto"])
        table += nodes.title(heading, heading)
        group = nodes.tgroup(cols=len(layout.rooms) + 1)
        table += group
        group += nodes.colspec(colwidth=1, stub=1)
        for _room in layout.rooms:
            group += nodes.colspec(colwidth=1)
        head_row = nodes.row()
        time_label = _("Time")
        head_row += nodes.entry(
            "", nodes.paragraph(time_label, time_label), html_attributes={"scope": "col", **window}
        )
        for room in layout.rooms:
            head_row += nodes.entry("", nodes.paragraph(room, room), html_attributes={"scope": "col"})
        group += nodes.thead("", head_row)
        starting = {(cell.row, cell.column): cell for cell in layout.cells}
        covered = {
            (row, cell.column) for cell in layout.cells for row in range(cell.row + 1, cell.row + cell.rows)
        }
        body = nodes.tbody()
        for index, minute in enumerate(layout.times):
            row = nodes.row()
            time = show_minutes(minute)
            row += nodes.entry("", nodes.paragraph(time, time), html_attributes={"scope": "row"})
            for column in range(len(layout.rooms)):
                if (index, column) in covered:
                    continue
                if cell := starting.get((index, column)):
                    row += self.grid_cell(conference, date, cell, usual, bool(window))
                else:
                    row += nodes.entry(classes=["eventnotes-grid-empty"])
            body += row
        group += body
        return nodes.container("", table, classes=["table-wrapper", "eventnotes-grid-wrapper"])

    def grid_cell(self, conference: Conference, date: str, cell: Cell, usual: str, timed: bool) -> nodes.entry:
        entry = nodes.entry("", self.talk_line(cell.talk, usual, in_grid=True), classes=["eventnotes-grid-talk"])
        if cell.rows > 1:
            entry["morerows"] = cell.rows - 1
        if timed:
            begins, ends = self.cell_moments(conference, date, cell)
            entry["html_attributes"] = {"data-start": begins.isoformat(), "data-end": ends.isoformat()}
        return entry

    def fill_speaker_talks(self, placeholder: en_nodes.speaker_talks) -> None:
        """The talks under a speaker's profile (a second profile of one name lists none)."""
        speaker = self.domain.speaker(placeholder["name"])
        listing = nodes.container(classes=["eventnotes-listing"])
        listing += nodes.rubric(_("Talks"), _("Talks"))
        if speaker and speaker.talks and speaker.profile and speaker.profile.name == placeholder["name"]:
            listing += speaker_talk_list(self.app.builder, self.docname, self.domain, speaker)
        else:
            listing += nodes.paragraph(_("No talks yet."), _("No talks yet."))
        placeholder.replace_self(listing)

    def fill_conference_overview(self, placeholder: en_nodes.conference_overview) -> None:
        year = placeholder.get("year")
        conferences = sorted(
            (c for c in self.domain.conferences() if year is None or c.start.startswith(year)),
            key=lambda c: (c.start, c.docname),
            reverse=True,
        )
        if self.app.builder.format == "html":
            placeholder.replace_self(self.conference_cards(conferences))
            return
        items = nodes.bullet_list()
        for conference in conferences:
            line = nodes.paragraph()
            line += self.conference_link(conference)
            line += nodes.Text(" — " + "; ".join(self.conference_facts(conference)))
            items += nodes.list_item("", line)
        placeholder.replace_self(items)

    def conference_link(self, conference: Conference) -> nodes.Element:
        return link_to(self.app.builder, self.docname, conference)

    def conference_facts(self, conference: Conference) -> list[str]:
        """Dates, place and number of talks, as one short line each."""
        facts = []
        if conference.start:
            start = self.day(conference.start, self.config.eventnotes_date_format)
            end = self.day(conference.end, self.config.eventnotes_date_format) if conference.end else ""
            facts.append(f"{start} – {end}" if end and end != start else start)
        if place := ", ".join(part for part in (conference.venue, conference.location) if part):
            facts.append(place)
        count = len(self.domain.talks_of(conference))
        facts.append((_("%d talk") if count == 1 else _("%d talks")) % count)
        return facts

    def conference_cards(self, conferences: list[Conference]) -> nodes.Element:
        """sphinx-design's grid of cards, built from its CSS classes (its directives
        run at parse time, before the conferences are known)."""
        grid = nodes.container(classes=["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"])
        row = nodes.container(
            classes=["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-g-3", "eventnotes-cards"]
        )
        grid += row
        for conference in conferences:
            card = nodes.container(
                classes=["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover"]
            )
            body = nodes.container(classes=["sd-card-body"])
            title = nodes.container(classes=["sd-card-title", "sd-font-weight-bold"])
            title += nodes.paragraph("", "", self.conference_link(conference))
            body += title
            for fact in self.conference_facts(conference):
                body += nodes.paragraph(fact, fact, classes=["sd-card-text"])
            card += body
            column = nodes.container(classes=["sd-col", "sd-d-flex-row"])
            column += card
            row += column
        return grid

    def day(self, date: str, fmt: str) -> str:
        return show_date(date, fmt, self.config.language)

    def day_heading(self, date: str) -> str:
        if not date:
            return _("Date unknown")
        return self.day(date, self.config.eventnotes_day_format)

    def talk_item(self, talk: Talk, usual_language: str = "") -> nodes.list_item:
        return nodes.list_item("", self.talk_line(talk, usual_language))

    def talk_line(self, talk: Talk, usual_language: str = "", in_grid: bool = False) -> nodes.paragraph:
        """'14:30–15:15 Title — Speaker (Italian) · Room · notes': time, language and the fields declared
        ``listed`` (the room) when the talk gives them; in a grid, not the room (its column says it).
        "notes" when the talk has notes, on the website, in a conference some of whose talks have
        none yet (imported talks whose page is as the importer wrote it).

        The language is shown only when it differs from ``usual_language``, the conference's main one.
        """
        builder = self.app.builder
        line = nodes.paragraph()
        if talk.start:
            time = f"{talk.start}–{end_time(talk.start, talk.duration)}" if talk.duration else talk.start
            line += nodes.inline(time, time, classes=["eventnotes-time"])
            line += nodes.Text(" ")
        line += link_to(builder, self.docname, talk)
        # A talk the PDF leaves out is in none of its indices: its row links to none.
        linked = not leaves_out(builder, talk.docname, talk.notes)
        for position, name in enumerate(talk.speakers):
            line += nodes.Text(" — " if position == 0 else ", ")
            if not linked:
                line += nodes.inline(name, name)
                continue
            speaker = self.domain.speaker(name)
            line += self.domain.speaker_refnode(builder, self.docname, speaker, nodes.inline(name, name))
        if (tag := language_tag(talk.language)) and usual_language and tag != usual_language:
            line += nodes.Text(" ")
            line += self.language_mark(tag, linked)
        extra = [
            (value, f"eventnotes-{field.option}")
            for field in fields_of(TalkMetadata)
            if field.listed and (value := getattr(talk, field.attribute)) and not (in_grid and field.option == "room")
        ]
        if talk.duration and not talk.start:  # with a start, the time range says it
            extra.append((show_duration(talk.duration, self.config.language), "eventnotes-duration"))
        if self.mark_notes and talk.notes:
            extra.append((_("notes"), "eventnotes-has-notes"))
        for text, css_class in extra:
            line += nodes.Text(" · ")
            line += nodes.inline(text, text, classes=[css_class])
        return line

    def language_mark(self, tag: str, linked: bool = True) -> nodes.Element:
        """'(Italian)', a link to the language's page if it has one, in a conference mostly in English."""
        name = language_name(tag, self.config.language or "en") or tag
        mark = nodes.inline("", "", classes=["eventnotes-language"])
        mark += nodes.Text("(")
        language = self.domain.language(tag)
        text = nodes.inline(name, name)
        if linked and language and language.page:
            mark += self.domain.language_refnode(self.app.builder, self.docname, language, text)
        else:
            mark += text
        mark += nodes.Text(")")
        return mark


def _is_placeholder(node: nodes.Node) -> bool:
    return isinstance(
        node,
        (en_nodes.conference_of_talk, en_nodes.talk_listing, en_nodes.speaker_talks, en_nodes.conference_overview),
    )


def fill_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    ListingFiller(app, doctree, docname).run()


def outdated_listings(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages to re-read because a page they show changed: the work is
    proportional to the changed pages, not to the site."""
    domain: EventNotesDomain = env.domains["event"]
    outdated: set[str] = set()
    touched = added | changed | removed
    for docname in touched:
        # Its conference lists it (a new page may be a new talk).
        if conference := domain.conference_of(docname):
            outdated.add(conference.docname)
    for docname in changed | removed:
        # A conference's talks show its title and link.
        for conference in domain.conferences_by_doc.get(docname, []):
            outdated.update(talk.docname for talk in domain.talks_of(conference))
    if added or any(d in domain.talks_by_doc or d in domain.conferences_by_doc for d in touched):
        # The conference overview counts talks; profiles list their speaker's
        # talks (there are few profiles: all of them are re-read).
        outdated.update(domain.overview_pages())
        outdated.update(domain.profiles_by_doc)
    if new_folders := {posixpath.dirname(d) for d in added if posixpath.basename(d) == "index"}:
        # A new conference page claims the talks already in its folder.
        outdated.update(
            talk.docname
            for talk in domain.all_talks()
            if not new_folders.isdisjoint(enclosing_folders(talk.docname))
        )
    return sorted(outdated - touched)


#: Builders of a website, whose conference pages mark what is on now (not the EPUB, a book).
NOW_AND_NEXT_BUILDERS = frozenset({"html", "dirhtml"})


def add_grid_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: object) -> None:
    """The grid's stylesheet on the conference pages that have a grid, and the script that marks
    what is on now and next on those whose grid gives moments (a conference with a time zone)."""
    if not isinstance(doctree, nodes.document) or pagename not in app.env.domains["event"].conferences_by_doc:
        return
    corners = [
        table.next_node(nodes.entry)
        for table in doctree.findall(nodes.table)
        if "eventnotes-grid" in table["classes"]
    ]
    if not corners:
        return
    app.add_css_file("eventnotes-grid.css")
    if app.builder.name in NOW_AND_NEXT_BUILDERS and "data-from" in corners[0].get("html_attributes", {}):
        app.add_js_file("eventnotes-now-next.js", loading_method="defer")


def setup_listings(app: Sphinx) -> None:
    app.connect("doctree-resolved", fill_listings)
    app.connect("env-get-outdated", outdated_listings)
    app.connect("html-page-context", add_grid_assets)
    # scope="col"/"row" on the grid's headers, data-start/data-end on its talks.
    extend_html_visitor(app, nodes.entry, visit_entry_with_attributes)
