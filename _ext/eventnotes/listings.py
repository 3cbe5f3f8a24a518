"""Content that depends on other documents, filled in at resolve time.

A conference page lists its talks, grouped by day; a talk page links to its
conference.  Both are placeholders in the doctree, replaced here when all
documents have been read.  :func:`outdated_listings` re-reads a conference
page whenever one of its talks is added, changed or removed, and the talks
of a conference whose page changed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import format_date
from sphinx.util.nodes import make_refnode

from eventnotes import nodes as en_nodes

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from eventnotes.domain import EventNotesDomain
    from eventnotes.records import Talk

_ = get_translation("eventnotes")


class FillListings(SphinxPostTransform):
    default_priority = 5  # before the ReferencesResolver (10)

    def run(self, **kwargs: object) -> None:
        self.domain: EventNotesDomain = self.env.domains["event"]
        self.docname = self.env.docname
        for placeholder in list(self.document.findall(en_nodes.conference_of_talk)):
            self.fill_conference_link(placeholder)
        for placeholder in list(self.document.findall(en_nodes.talk_listing)):
            self.fill_talk_listing(placeholder)

    def fill_conference_link(self, placeholder: en_nodes.conference_of_talk) -> None:
        conference = self.domain.conference_of(self.docname)
        if conference is None:
            # A talk outside any conference folder: drop the empty "Conference" field.
            field = placeholder.parent
            while not isinstance(field, nodes.field):
                field = field.parent
            field.parent.remove(field)
            return
        placeholder.replace_self(
            make_refnode(
                self.app.builder,
                self.docname,
                conference.docname,
                conference.anchor,
                nodes.inline(conference.title, conference.title),
                conference.title,
            )
        )

    def fill_talk_listing(self, placeholder: en_nodes.talk_listing) -> None:
        conferences = self.domain.conferences_by_doc.get(self.docname, [])
        owner = next(
            (c for c in conferences if self.domain.conference_of(self.docname) == c), None
        )
        talks = self.domain.talks_of(owner) if owner else []
        listing = nodes.container(classes=["eventnotes-listing"])
        listing += nodes.rubric(_("Talks"), _("Talks"))
        if not talks:
            listing += nodes.paragraph(_("No talks yet."), _("No talks yet."))
        for date, talks_of_day in itertools.groupby(talks, key=lambda talk: talk.date):
            heading = self.day_heading(date)
            listing += nodes.rubric(heading, heading, classes=["eventnotes-day"])
            listing += nodes.bullet_list("", *(self.talk_item(talk) for talk in talks_of_day))
        placeholder.replace_self(listing)

    def day_heading(self, date: str) -> str:
        if not date:
            return _("Date unknown")
        return format_date(
            self.config.eventnotes_day_format,
            date=dt.datetime.fromisoformat(date),
            language=self.config.language or "en",
        )

    def talk_item(self, talk: Talk) -> nodes.list_item:
        builder = self.app.builder
        line = nodes.paragraph()
        line += make_refnode(
            builder, self.docname, talk.docname, talk.anchor,
            nodes.inline(talk.title, talk.title), talk.title,
        )
        for position, name in enumerate(talk.speakers):
            line += nodes.Text(" — " if position == 0 else ", ")
            speaker = self.domain.speaker(name)
            line += self.domain.speaker_refnode(builder, self.docname, speaker, nodes.inline(name, name))
        return nodes.list_item("", line)


def outdated_listings(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages to re-read because a page they show changed."""
    domain: EventNotesDomain = env.domains["event"]
    outdated: set[str] = set()
    touched = added | changed | removed
    for docname in touched:
        if conference := domain.conference_of(docname):
            outdated.add(conference.docname)
    for docname in changed | removed:
        for conference in domain.conferences_by_doc.get(docname, []):
            outdated.update(talk.docname for talk in domain.talks_of(conference))
    if any(docname.endswith("index") for docname in added):
        # A new conference page claims the talks already in its folder.
        outdated.update(
            talk.docname
            for talk in domain.all_talks()
            if any(talk.docname.startswith(d.rpartition("/")[0] + "/") for d in added)
        )
    return sorted(outdated - touched)


def setup_listings(app: Sphinx) -> None:
    app.add_post_transform(FillListings)
    app.connect("env-get-outdated", outdated_listings)
