"""A page per speaker in HTML output, listing all of their talks.

The pages are made from the domain's data at the end of each HTML build
(``html-collect-pages``): nothing is written into the source folder, and
the pages are always as current as the talks.  They are rendered with the
builder's own HTML writer.  (Sphinx's search index keeps only documents of the
environment, so search finds a speaker through their talks' pages instead.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import get_translation
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from eventnotes.domain import EventNotesDomain, Speaker

_ = get_translation("eventnotes")


def speaker_doctree(
    builder: StandaloneHTMLBuilder, domain: EventNotesDomain, speaker: Speaker
) -> nodes.section:
    page = speaker.page
    section = nodes.section(ids=["speaker"], names=[speaker.name])
    section += nodes.title(speaker.name, speaker.name)
    count = len(speaker.talks)
    summary = (_("%d talk in these notes.") if count == 1 else _("%d talks in these notes.")) % count
    section += nodes.paragraph(summary, summary)
    items = nodes.bullet_list(classes=["eventnotes-speaker-talks"])
    for talk in sorted(speaker.talks, key=lambda talk: talk.sort_key, reverse=True):
        line = nodes.paragraph()
        line += make_refnode(
            builder, page, talk.docname, talk.anchor, nodes.inline(talk.title, talk.title), talk.title
        )
        if conference := domain.conference_of(talk.docname):
            line += nodes.Text(" — ")
            line += make_refnode(
                builder, page, conference.docname, conference.anchor,
                nodes.inline(conference.title, conference.title), conference.title,
            )
        if talk.date:
            line += nodes.Text(f", {talk.date}")
        others = [name for name in talk.speakers if domain.speaker(name) is not speaker]
        if others:
            line += nodes.Text(" " + _("(with %s)") % ", ".join(others))
        items += nodes.list_item("", line)
    section += items
    index_link = nodes.paragraph()
    index_link += make_refnode(
        builder, page, "event-speakers", "", nodes.inline(_("Speaker Index"), _("Speaker Index"))
    )
    section += index_link
    return section


def collect_speaker_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    domain: EventNotesDomain = app.env.domains["event"]
    for speaker in domain.speakers():
        section = speaker_doctree(builder, domain, speaker)
        # The per-page state that write_doc() sets for a document: a speaker
        # page has no numbered sections or figures.
        builder.current_docname = speaker.page
        builder.secnumbers, builder.fignumbers = {}, {}
        body = builder.render_partial(section)["fragment"]
        yield speaker.page, {"title": speaker.name, "body": body}, "page.html"


def setup_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_speaker_pages)
