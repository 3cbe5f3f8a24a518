"""A page per speaker and per topic in HTML output, listing all of their talks.

The pages are made from the domain's data at the end of each HTML build
(``html-collect-pages``): nothing is written into the source folder, and
the pages are always as current as the talks.  They are rendered with the
builder's own HTML writer, in worker processes when the build runs with
``-j`` and there are many to write.  (Sphinx's search index keeps only documents of the
environment, so search finds a speaker through their talks' pages instead.)

An incremental build rewrites only the pages whose content can have changed:
a digest of each page's inputs (the speaker's or topic's talks and
conferences, the site's top-level navigation, the configuration and the
templates) is kept with the doctrees, and pages of speakers and topics who
are gone are removed.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.locale import get_translation
from sphinx.util.nodes import clean_astext, make_refnode
from sphinx.util.parallel import ParallelTasks, parallel_available

from eventnotes.collation import collation
from eventnotes.dates import show_day
from eventnotes.internals import build_stamp, render_fragment
from eventnotes.indices import LANGUAGE_INDEX, SPEAKER_INDEX, SPLIT_INDICES, TOPIC_INDEX, letter_piece, split_indices
from eventnotes.names import speaker_page_name
from eventnotes.slugs import legacy_speaker_slug
from eventnotes.records import Language, Topic, link_to
from eventnotes.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from eventnotes.domain import EventNotesDomain
    from eventnotes.records import Speaker
    from eventnotes.records import Talk

    #: What a generated page is about.
    Subject = Speaker | Topic | Language

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
    section += speaker_talk_list(builder, page, domain, speaker)
    index_link = nodes.paragraph()
    index_link += make_refnode(
        builder, page, index_page_of(builder, SPEAKER_INDEX, speaker.name), "",
        nodes.inline(_("Speaker Index"), _("Speaker Index")),
    )
    section += index_link
    return section


def topic_doctree(builder: StandaloneHTMLBuilder, domain: EventNotesDomain, topic: Topic) -> nodes.section:
    count = len(topic.talks)
    summary = (_("%d talk on this topic.") if count == 1 else _("%d talks on this topic.")) % count
    return talk_group_doctree(builder, domain, topic, "topic", summary, TOPIC_INDEX, _("Topics"))


def language_doctree(builder: StandaloneHTMLBuilder, domain: EventNotesDomain, language: Language) -> nodes.section:
    count = len(language.talks)
    summary = (_("%d talk in this language.") if count == 1 else _("%d talks in this language.")) % count
    return talk_group_doctree(builder, domain, language, "language", summary, LANGUAGE_INDEX, _("Languages"))


def talk_group_doctree(
    builder: StandaloneHTMLBuilder,
    domain: EventNotesDomain,
    group: Topic | Language,
    kind: str,
    summary: str,
    index: str,
    index_title: str,
) -> nodes.section:
    """A topic's or a language's page: its talks, newest first, with conference, date and speakers."""
    section = nodes.section(ids=[kind], names=[group.name])
    section += nodes.title(group.name, group.name)
    section += nodes.paragraph(summary, summary)
    items = nodes.bullet_list(classes=[f"eventnotes-{kind}-talks"])
    for talk in newest_first(group.talks):
        line = talk_line(builder, group.page, domain, talk)
        for position, name in enumerate(talk.speakers):
            line += nodes.Text(" — " if position == 0 else ", ")
            if speaker := domain.speaker(name):
                line += domain.speaker_refnode(builder, group.page, speaker, nodes.inline(name, name))
            else:
                line += nodes.Text(name)
        items += nodes.list_item("", line)
    section += items
    index_link = nodes.paragraph()
    index_link += make_refnode(
        builder, group.page, index_page_of(builder, index, group.name), "", nodes.inline(index_title, index_title)
    )
    section += index_link
    return section


def index_page_of(builder: Builder, index_name: str, name: str) -> str:
    """The page of an index that lists a name: the piece of its letter when the index is split."""
    if index_name not in SPLIT_INDICES:
        return index_name
    return letter_piece(builder, index_name, collation(builder.config.language).letter(name))


def speaker_talk_list(
    builder: Builder, fromdocname: str, domain: EventNotesDomain, speaker: Speaker
) -> nodes.bullet_list:
    """A speaker's talks, newest first, each with its conference, date and other speakers."""
    items = nodes.bullet_list(classes=["eventnotes-speaker-talks"])
    for talk in newest_first(speaker.talks):
        line = talk_line(builder, fromdocname, domain, talk)
        others = [name for name in talk.speakers if domain.speaker(name) is not speaker]
        if others:
            line += nodes.Text(" " + _("(with %s)") % ", ".join(others))
        items += nodes.list_item("", line)
    return items


def newest_first(talks: tuple[Talk, ...]) -> list[Talk]:
    return sorted(talks, key=lambda talk: talk.sort_key, reverse=True)


def talk_line(builder: Builder, fromdocname: str, domain: EventNotesDomain, talk: Talk) -> nodes.paragraph:
    """A talk's title, conference and date, each title a link."""
    line = nodes.paragraph()
    line += link_to(builder, fromdocname, talk)
    if conference := domain.conference_of(talk.docname):
        line += nodes.Text(" — ")
        line += link_to(builder, fromdocname, conference)
    if talk.date:
        line += nodes.Text(f", {show_day(talk.date, builder.config)}")
    return line


def writes_speaker_pages(builder: Builder) -> bool:
    """HTML builders that write extra pages (``singlehtml`` writes none)."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


#: Below this many pages to write, forking workers costs more than it saves.
PARALLEL_MINIMUM = 50


def collect_generated_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    builder = app.builder
    if not writes_speaker_pages(builder):
        return
    domain: EventNotesDomain = app.env.domains["event"]
    digests = PageDigests(builder, "speaker-pages")
    # Each page links to its index, or to the piece of its letter when the index is split:
    # an index that grows past the threshold (or shrinks below it) moves those links.
    site = site_stamp(app, builder) + repr(sorted(split_indices(builder)))
    outdated = [
        subject for subject in generated_subjects(domain)
        if digests.outdated(subject.page, page_digest(domain, subject, site))
    ]
    if len(outdated) >= PARALLEL_MINIMUM and parallel_available and app.parallel > 1 and app.is_parallel_allowed("write"):
        write_in_parallel(app, builder, domain, outdated)
    else:
        for subject in outdated:
            yield subject.page, page_context(builder, domain, subject), "page.html"
    if builder.name in REDIRECTING_BUILDERS:
        for old, speaker in old_addresses(domain).items():
            if digests.outdated(old, f"redirect:{speaker.page}"):
                write_redirect(builder, old, speaker)
    digests.save()


def generated_subjects(domain: EventNotesDomain) -> list[Subject]:
    """Everyone and everything with a page made by the HTML build."""
    # A speaker with a profile has it for their page; a site with one language has no language pages.
    return [
        *(speaker for speaker in domain.speakers() if not speaker.profile),
        *domain.topics(),
        *(language for language in domain.languages() if language.page),
    ]


#: Builders of a website, where old links must keep working (not EPUB).
REDIRECTING_BUILDERS = frozenset({"html", "dirhtml"})


def old_addresses(domain: EventNotesDomain) -> dict[str, Speaker]:
    """Published addresses of speakers' pages that links may still use, each with
    the speaker it leads to.

    The name with its accents stripped ('domen-kozar') leads to the speaker's
    page ('domen-kozar-0722df'); for a speaker with a profile, the address of
    each of their spellings leads to the profile.
    """
    speakers = domain.speakers()
    pages = {speaker.page for speaker in speakers}
    folder = domain.env.config.eventnotes_speaker_pages_dir
    old: dict[str, Speaker] = {}
    for speaker in speakers:
        addresses = {posixpath.join(folder, legacy_speaker_slug(spelling)) for spelling in speaker.spellings}
        if speaker.profile:
            addresses |= {speaker_page_name(spelling, folder) for spelling in speaker.spellings}
        for address in sorted(addresses - pages):
            old.setdefault(address, speaker)
    return old


def write_redirect(builder: StandaloneHTMLBuilder, old: str, speaker: Speaker) -> None:
    target = html.escape(builder.get_relative_uri(old, speaker.page))
    name = html.escape(speaker.name)
    path = Path(builder.get_outfilename(old))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(builder.config.language or "en")}"><head><meta charset="utf-8">'
        f"<title>{name}</title>"
        f'<link rel="canonical" href="{target}"><meta http-equiv="refresh" content="0; url={target}">'
        '<meta name="robots" content="noindex">'
        f'</head><body><p><a href="{target}">{name}</a></p></body></html>\n',
        encoding="utf-8",
    )


def page_context(builder: StandaloneHTMLBuilder, domain: EventNotesDomain, subject: Subject) -> dict[str, object]:
    if isinstance(subject, Topic):
        section = topic_doctree(builder, domain, subject)
    elif isinstance(subject, Language):
        section = language_doctree(builder, domain, subject)
    else:
        section = speaker_doctree(builder, domain, subject)
    body = render_fragment(builder, section, subject.page)
    return {"title": subject.name, "body": body}


def write_in_parallel(
    app: Sphinx, builder: StandaloneHTMLBuilder, domain: EventNotesDomain, subjects: list[Subject]
) -> None:
    """Render and write pages in worker processes, as Sphinx writes documents with ``-j``.

    ``html-collect-pages`` runs after the documents are written, in the main
    process alone; with hundreds of speakers, that serial tail is worth sharing.
    """

    def write_pages(chunk: list[Subject]) -> None:
        for subject in chunk:
            builder.handle_page(subject.page, page_context(builder, domain, subject), "page.html")

    # The first page in this process, so that workers inherit warm caches (as Sphinx does).
    first, *rest = subjects
    write_pages([first])
    # One share per worker: the pages cost about the same, and each fork of a
    # process that holds the environment costs tens of milliseconds (Sphinx's
    # make_chunks() would make 9 chunks of 332 pages for 2 workers).
    workers = min(app.parallel, len(rest))
    tasks = ParallelTasks(workers)
    for worker in range(workers):
        tasks.add_task(write_pages, rest[worker::workers])
    tasks.join()


def output_key(builder: Builder) -> str:
    """A short name for the builder and its output folder, for what is kept beside the doctrees
    (not in the output, which EPUB would package)."""
    return hashlib.sha256(f"{builder.name}:{builder.outdir}".encode()).hexdigest()[:12]


class PageDigests:
    """What each page a generator writes showed when it was written, so that an incremental
    build rewrites only the pages whose content changed, and removes those that are gone."""

    def __init__(self, builder: Builder, generator: str) -> None:
        self.builder = builder
        self.path = Path(builder.doctreedir) / f"eventnotes-{generator}-{output_key(builder)}.json"
        try:
            self.previous: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, str] = {}

    def outdated(self, pagename: str, digest: str) -> bool:
        """Record the page's digest; whether the page must be written."""
        self.current[pagename] = digest
        return self.previous.get(pagename) != digest or not Path(self.builder.get_outfilename(pagename)).exists()

    def save(self) -> None:
        """Remove the pages of the previous build that this one did not make; keep the digests."""
        for gone in self.previous.keys() - self.current.keys():
            Path(self.builder.get_outfilename(gone)).unlink(missing_ok=True)
        self.path.write_text(json.dumps(self.current, indent=0, sort_keys=True), encoding="utf-8")


def site_stamp(app: Sphinx, builder: StandaloneHTMLBuilder) -> str:
    """What every speaker and topic page shows besides its talks."""
    env = app.env
    # The home page's toctrees, as the sidebar shows them: captions, explicit
    # titles, and the titles of the documents they list.
    navigation = [
        (
            toctree.get("caption"),
            [
                (title, ref, clean_astext(env.titles[ref]) if ref in env.titles else "")
                for title, ref in toctree["entries"]
            ],
        )
        for toctree in env.master_doctree.findall(addnodes.toctree)
    ]
    return repr((__version__, *build_stamp(builder), navigation))


def page_digest(domain: EventNotesDomain, subject: Subject, site: str) -> str:
    talks = []
    for talk in subject.talks:
        conference = domain.conference_of(talk.docname)
        # A topic page links each talk's speakers to their pages, which move.
        speaker_pages = tuple(
            speaker.page if (speaker := domain.speaker(name)) else "" for name in talk.speakers
        )
        talks.append((
            talk.docname, talk.anchor, talk.title, talk.date, talk.speakers, speaker_pages,
            (conference.docname, conference.anchor, conference.title) if conference else None,
        ))
    kind = type(subject).__name__
    return hashlib.sha256(repr((site, kind, subject.name, subject.page, talks)).encode()).hexdigest()


def setup_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_generated_pages)
