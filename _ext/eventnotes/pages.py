"""A page per speaker in HTML output, listing all of their talks.

The pages are made from the domain's data at the end of each HTML build
(``html-collect-pages``): nothing is written into the source folder, and
the pages are always as current as the talks.  They are rendered with the
builder's own HTML writer, in worker processes when the build runs with
``-j`` and there are many to write.  (Sphinx's search index keeps only documents of the
environment, so search finds a speaker through their talks' pages instead.)

An incremental build rewrites only the pages whose content can have changed:
a digest of each page's inputs (the speaker's talks and conferences, the
site's top-level navigation, the configuration and the templates) is kept
with the doctrees, and pages of speakers who are gone are removed.
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

from eventnotes.indices import SPEAKER_INDEX
from eventnotes.names import legacy_slug, speaker_page_name
from eventnotes.records import link_to
from eventnotes.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

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
    section += speaker_talk_list(builder, page, domain, speaker)
    index_link = nodes.paragraph()
    index_link += make_refnode(
        builder, page, SPEAKER_INDEX, "", nodes.inline(_("Speaker Index"), _("Speaker Index"))
    )
    section += index_link
    return section


def speaker_talk_list(
    builder: Builder, fromdocname: str, domain: EventNotesDomain, speaker: Speaker
) -> nodes.bullet_list:
    """A speaker's talks, newest first, each with its conference, date and other speakers."""
    items = nodes.bullet_list(classes=["eventnotes-speaker-talks"])
    for talk in sorted(speaker.talks, key=lambda talk: talk.sort_key, reverse=True):
        line = nodes.paragraph()
        line += link_to(builder, fromdocname, talk)
        if conference := domain.conference_of(talk.docname):
            line += nodes.Text(" — ")
            line += link_to(builder, fromdocname, conference)
        if talk.date:
            line += nodes.Text(f", {talk.date}")
        others = [name for name in talk.speakers if domain.speaker(name) is not speaker]
        if others:
            line += nodes.Text(" " + _("(with %s)") % ", ".join(others))
        items += nodes.list_item("", line)
    return items


def writes_speaker_pages(builder: Builder) -> bool:
    """HTML builders that write extra pages (``singlehtml`` writes none)."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


#: Below this many pages to write, forking workers costs more than it saves.
PARALLEL_MINIMUM = 50


def collect_speaker_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    builder = app.builder
    if not writes_speaker_pages(builder):
        return
    domain: EventNotesDomain = app.env.domains["event"]
    # Kept with the doctrees, not in the output (EPUB would package it),
    # one file per builder and output folder.
    output = hashlib.sha256(f"{builder.name}:{builder.outdir}".encode()).hexdigest()[:12]
    state_file = Path(builder.doctreedir) / f"eventnotes-speaker-pages-{output}.json"
    previous = _load_digests(state_file)
    site = site_stamp(app, builder)
    current: dict[str, str] = {}
    outdated: list[Speaker] = []
    for speaker in domain.speakers():
        if speaker.profile:
            continue  # their profile is their page
        current[speaker.page] = digest = page_digest(domain, speaker, site)
        if previous.get(speaker.page) != digest or not Path(builder.get_outfilename(speaker.page)).exists():
            outdated.append(speaker)
    if len(outdated) >= PARALLEL_MINIMUM and parallel_available and app.parallel > 1 and app.is_parallel_allowed("write"):
        write_in_parallel(app, builder, domain, outdated)
    else:
        for speaker in outdated:
            yield speaker.page, page_context(builder, domain, speaker), "page.html"
    if builder.name in REDIRECTING_BUILDERS:
        for old, speaker in old_addresses(domain).items():
            current[old] = digest = f"redirect:{speaker.page}"
            if previous.get(old) != digest or not Path(builder.get_outfilename(old)).exists():
                write_redirect(builder, old, speaker)
    for gone in previous.keys() - current.keys():
        Path(builder.get_outfilename(gone)).unlink(missing_ok=True)
    state_file.write_text(json.dumps(current, indent=0, sort_keys=True), encoding="utf-8")


#: Builders of a website, where old links must keep working (not EPUB).
REDIRECTING_BUILDERS = frozenset({"html", "dirhtml"})


def old_addresses(domain: EventNotesDomain) -> dict[str, Speaker]:
    """Addresses a speaker's page had, where another page is now.

    Before, an address was the name with its accents stripped ('domen-kozar'):
    a link to it now leads to the speaker's page ('domen-kozar-0722df').  A
    speaker with a profile had a page of their own under each spelling, which
    now leads to the profile.
    """
    speakers = domain.speakers()
    pages = {speaker.page for speaker in speakers}
    folder = domain.env.config.eventnotes_speaker_pages_dir
    old: dict[str, Speaker] = {}
    for speaker in speakers:
        addresses = {posixpath.join(folder, legacy_slug(spelling)) for spelling in speaker.spellings}
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


def page_context(builder: StandaloneHTMLBuilder, domain: EventNotesDomain, speaker: Speaker) -> dict[str, object]:
    section = speaker_doctree(builder, domain, speaker)
    # The per-page state that write_doc() sets for a document: a speaker
    # page has no numbered sections or figures.
    builder.current_docname = speaker.page
    builder.secnumbers, builder.fignumbers = {}, {}
    body = builder.render_partial(section)["fragment"]
    return {"title": speaker.name, "body": body}


def write_in_parallel(
    app: Sphinx, builder: StandaloneHTMLBuilder, domain: EventNotesDomain, speakers: list[Speaker]
) -> None:
    """Render and write pages in worker processes, as Sphinx writes documents with ``-j``.

    ``html-collect-pages`` runs after the documents are written, in the main
    process alone; with hundreds of speakers, that serial tail is worth sharing.
    """

    def write_pages(chunk: list[Speaker]) -> None:
        for speaker in chunk:
            builder.handle_page(speaker.page, page_context(builder, domain, speaker), "page.html")

    # The first page in this process, so that workers inherit warm caches (as Sphinx does).
    first, *rest = speakers
    write_pages([first])
    # One share per worker: the pages cost about the same, and each fork of a
    # process that holds the environment costs tens of milliseconds (Sphinx's
    # make_chunks() would make 9 chunks of 332 pages for 2 workers).
    workers = min(app.parallel, len(rest))
    tasks = ParallelTasks(workers)
    for worker in range(workers):
        tasks.add_task(write_pages, rest[worker::workers])
    tasks.join()


def _load_digests(path: Path) -> dict[str, str]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def site_stamp(app: Sphinx, builder: StandaloneHTMLBuilder) -> str:
    """What every speaker page shows besides its speaker's talks."""
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
    build_info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    return repr((
        __version__,
        getattr(build_info, "config_hash", ""),
        getattr(build_info, "tags_hash", ""),
        templates.newest_template_mtime() if templates is not None else 0,
        navigation,
    ))


def page_digest(domain: EventNotesDomain, speaker: Speaker, site: str) -> str:
    talks = []
    for talk in speaker.talks:
        conference = domain.conference_of(talk.docname)
        talks.append((
            talk.docname, talk.anchor, talk.title, talk.date, talk.speakers,
            (conference.docname, conference.anchor, conference.title) if conference else None,
        ))
    return hashlib.sha256(repr((site, speaker.name, speaker.page, talks)).encode()).hexdigest()


def setup_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_speaker_pages)
