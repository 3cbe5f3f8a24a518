"""Content that depends on other documents, filled in at resolve time.

A conference page lists its talks, grouped by day; a talk page links to its
conference; the home page lists the conferences.  These are placeholders in
the doctree, replaced at ``doctree-resolved``, when all documents have been
read.  :func:`outdated_listings` re-reads a conference page whenever one of
its talks is added, changed or removed, and the talks of a conference whose
page changed.
"""

from __future__ import annotations

import itertools
import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import get_translation

from eventnotes import nodes as en_nodes
from eventnotes.fields import fields_of
from eventnotes.records import TalkMetadata, enclosing_folders, link_to
from eventnotes.dates import end_time, show_date, show_duration
from eventnotes.languages import language_name, language_tag, main_language
from eventnotes.pages import speaker_talk_list

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
        for date, talks_of_day in itertools.groupby(talks, key=lambda talk: talk.date):
            heading = self.day_heading(date)
            listing += nodes.rubric(heading, heading, classes=["eventnotes-day"])
            listing += nodes.bullet_list("", *(self.talk_item(talk, usual) for talk in talks_of_day))
        placeholder.replace_self(listing)

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
        """'14:30–15:15 Title — Speaker (Italian) · Room': time, language and the fields declared
        ``listed`` (the room) when the talk gives them.

        The language is shown only when it differs from ``usual_language``, the conference's main one.
        """
        builder = self.app.builder
        line = nodes.paragraph()
        if talk.start:
            time = f"{talk.start}–{end_time(talk.start, talk.duration)}" if talk.duration else talk.start
            line += nodes.inline(time, time, classes=["eventnotes-time"])
            line += nodes.Text(" ")
        line += link_to(builder, self.docname, talk)
        for position, name in enumerate(talk.speakers):
            line += nodes.Text(" — " if position == 0 else ", ")
            speaker = self.domain.speaker(name)
            line += self.domain.speaker_refnode(builder, self.docname, speaker, nodes.inline(name, name))
        if (tag := language_tag(talk.language)) and usual_language and tag != usual_language:
            line += nodes.Text(" ")
            line += self.language_mark(tag)
        extra = [
            (value, f"eventnotes-{field.option}")
            for field in fields_of(TalkMetadata)
            if field.listed and (value := getattr(talk, field.attribute))
        ]
        if talk.duration and not talk.start:  # with a start, the time range says it
            extra.append((show_duration(talk.duration, self.config.language), "eventnotes-duration"))
        for text, css_class in extra:
            line += nodes.Text(" · ")
            line += nodes.inline(text, text, classes=[css_class])
        return nodes.list_item("", line)

    def language_mark(self, tag: str) -> nodes.Element:
        """'(Italian)', a link to the language's page if it has one, in a conference mostly in English."""
        name = language_name(tag, self.config.language or "en") or tag
        mark = nodes.inline("", "", classes=["eventnotes-language"])
        mark += nodes.Text("(")
        language = self.domain.language(tag)
        text = nodes.inline(name, name)
        if language and language.page:
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


def setup_listings(app: Sphinx) -> None:
    app.connect("doctree-resolved", fill_listings)
    app.connect("env-get-outdated", outdated_listings)
