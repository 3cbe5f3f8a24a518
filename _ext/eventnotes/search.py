"""Search that scales: a Pagefind index beside Sphinx's own.

Sphinx's search loads the whole ``searchindex.js`` before it shows a result,
which grows with the site.  Pagefind
splits its index into chunks and fetches only those a query needs.

- At ``html-page-context``, the body of each document is wrapped in
  ``data-pagefind-body``, and kept, as a page of its own, with the doctrees
  (:func:`fragment_path`).  Once every document's page is written
  (``html-collect-pages``), the ``pagefind`` binary (shipped in the
  ``pagefind_bin`` wheel) indexes these pages into ``_pagefind/`` inside the
  output folder (:mod:`eventnotes.search_bundle` runs it, and keeps its
  bundle from one build to the next).  They are a fraction of the size
  of the pages furo writes, which Pagefind would parse whole, navigation and
  all, and an incremental build rewrites only those of the pages it rewrites.
- A result says where and when: the page kept for a talk's page carries,
  outside its indexed content, Pagefind metadata (``data-pagefind-meta``) for
  the talk's conference and day, which the search page shows under the
  title (:func:`talk_metadata`).
- Searching a speaker's name finds the speaker's page first, then their
  talks: each speaker's page is indexed, as a page of its name alone, the
  name given Pagefind's highest weight (:func:`speaker_fragment`; a profile,
  a document, is indexed as written, its title weighted so too).  The talks
  listed on a generated speaker page are left out: they would only compete
  with the talks' own pages, and at archive scale the index grows with
  the text of every page.  Topic and language pages, the generated indices
  and the search page are left out.
- ``search.html`` (furo's, with its scripts block extended) runs
  ``eventnotes-search.js``: over http(s) it queries Pagefind and shows the
  results in the markup of Sphinx's search, which furo styles; from
  ``file://``, where browsers refuse the ES module and ``fetch()`` Pagefind
  needs, or when the Pagefind bundle is missing, it loads Sphinx's search and
  ``searchindex.js`` instead, which Sphinx still writes.

``eventnotes_pagefind = False`` leaves Sphinx's search as it is.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file

from eventnotes.dates import show_date
from eventnotes.internals import without_assets
from eventnotes.pages import output_key
from eventnotes.search_bundle import (
    BUNDLE,
    bundle_folder,
    finish_pagefind,
    note_changed_pages,
    remove_bundle,
    start_pagefind,
)

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from eventnotes.domain import EventNotesDomain
    from eventnotes.records import Speaker

_ = get_translation("eventnotes")
__ = get_translation("eventnotes", "console")
logger = logging.getLogger("eventnotes")

ASSETS = Path(__file__).parent / "search_assets"
#: Builders of a website with a search page (not singlehtml, not EPUB).
INDEXED_BUILDERS = frozenset({"html", "dirhtml"})


def searches_pages(builder: Builder) -> bool:
    """Whether the builder writes a website with a search page."""
    return builder.name in INDEXED_BUILDERS


def indexes(builder: Builder) -> bool:
    """Whether this build runs Pagefind."""
    return searches_pages(builder) and builder.config.eventnotes_pagefind


# The search page, its script and the pages' markup are the same whether Pagefind
# runs or not: switching ``eventnotes_pagefind`` (``make livehtml`` turns it off)
# rewrites no page, and the search page finds out from one attribute.


def add_search_template(app: Sphinx, config: Config) -> None:
    """Put the extension's ``search.html`` after the project's own templates."""
    config.templates_path = [*config.templates_path, str(ASSETS / "templates")]


def copy_search_script(app: Sphinx) -> None:
    """The search page's script, copied beside the static files of the builds that have the page.
    Not through ``html_static_path``: the builder is not known before Sphinx compares the
    configuration with the last build's, and a folder added after that would make it differ."""
    copy_asset_file(ASSETS / "static" / "eventnotes-search.js", Path(app.outdir) / "_static")


#: Styles and scripts for what pages show (sphinx-design's components, highlighted code),
#: which the search page does without: a reader downloads less before the first result.
CONTENT_ASSETS = frozenset({"_static/sphinx-design.min.css", "_static/design-tabs.js", "_static/pygments.css"})


def mark_indexed_content(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: nodes.document | None
) -> None:
    """Let Pagefind index the document's content, and nothing around it; tell the search page whether
    there is a Pagefind index."""
    if not searches_pages(app.builder):
        return
    if "body" in context and pagename in app.env.all_docs:
        context["body"] = f'<div data-pagefind-body="">{context["body"]}</div>'
        domain: EventNotesDomain = app.env.domains["event"]
        body = context["body"]
        if domain.profiles_by_doc.get(pagename):
            # A speaker's profile: their name (the page's title) ranks the page first for it.
            body = TOP_HEADING.sub(f"<h1{WEIGHTED}", body, count=1)
            metadata = meta_elements({"kind": str(_("Speaker"))})
        else:
            metadata = talk_metadata(app, domain, pagename)
        # Written even when Pagefind is off, so that turning it on again finds every page as it is.
        write_fragment(app.builder, pagename, body, context.get("language"), metadata)
    if templatename == "search.html":
        context["eventnotes_pagefind"] = bool(app.config.eventnotes_pagefind)
        without_assets(context, CONTENT_ASSETS)


def fragments_folder(builder: Builder) -> Path:
    """Where the pages Pagefind indexes are kept: with the doctrees, one folder per builder and output folder."""
    return Path(builder.doctreedir) / f"eventnotes-pagefind-{output_key(builder)}"


def fragment_path(builder: Builder, pagename: str) -> Path:
    """The page Pagefind indexes for ``pagename``, at the output's own path inside
    :func:`fragments_folder`: Pagefind gives it the page's address, and relative
    links (an image's) point where the page's do."""
    output = Path(builder.get_outfilename(pagename)).relative_to(builder.outdir)
    return fragments_folder(builder) / output


#: The page's title, and Pagefind's highest weight for words (its default for an h1 is 7).
TOP_HEADING = re.compile(r"<h1(?=[\s>])")
WEIGHTED = ' data-pagefind-weight="10"'


def meta_elements(metadata: dict[str, str]) -> str:
    """Pagefind metadata as elements, whose text may hold commas (the attribute form,
    ``data-pagefind-meta="key:value"``, splits at them).  Written outside the indexed
    content, in the page kept for Pagefind only: the words are shown, not searched."""
    return "".join(
        f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in metadata.items() if value
    )


def talk_metadata(app: Sphinx, domain: EventNotesDomain, pagename: str) -> str:
    """The conference and the day of a talk's page (of its first talk, for a page of several)."""
    talks = domain.talks_by_doc.get(pagename)
    if not talks:
        return ""
    talk = talks[0]
    conference = domain.conference_of(pagename)
    day = show_date(talk.date, app.config.eventnotes_date_format, app.config.language) if talk.date else ""
    return meta_elements({"conference": conference.title if conference else "", "date": day})


def speaker_fragment(speaker: Speaker) -> str:
    """What Pagefind indexes of a generated speaker page: the name, weighted, and how many talks."""
    count = len(speaker.talks)
    summary = (_("%d talk in these notes.") if count == 1 else _("%d talks in these notes.")) % count
    return (
        f'<div data-pagefind-body=""><h1{WEIGHTED}>{html.escape(speaker.name)}</h1>'
        f"<p>{html.escape(summary)}</p></div>"
    )


def generated_speaker_pages(app: Sphinx) -> list[Speaker]:
    """The speakers whose page the HTML build makes (a profile is a document, indexed as such)."""
    domain: EventNotesDomain = app.env.domains["event"]
    return [speaker for speaker in domain.speakers() if not speaker.profile]


def write_speaker_fragments(app: Sphinx) -> None:
    """The generated speaker pages' fragments, from the domain: written before Pagefind starts,
    which is before Sphinx writes these pages (:func:`start_indexing`)."""
    kind = meta_elements({"kind": str(_("Speaker"))})
    for speaker in generated_speaker_pages(app):
        write_fragment(app.builder, speaker.page, speaker_fragment(speaker), app.config.language, kind)


def write_fragment(
    builder: Builder, pagename: str, body: str, language: object = None, metadata: str = ""
) -> None:
    lang = f' lang="{html.escape(str(language))}"' if language else ""
    page = (f'<!DOCTYPE html>\n<html{lang}>\n<head><meta charset="utf-8"></head>\n'
            f'<body>{body}{metadata}</body>\n</html>\n')
    path = fragment_path(builder, pagename)
    try:
        if path.read_text(encoding="utf-8") == page:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    note_changed_pages(fragments_folder(builder))


def prune_fragments(app: Sphinx) -> None:
    """Drop the pages of documents that are gone."""
    builder = app.builder
    pages = [*app.env.all_docs, *(speaker.page for speaker in generated_speaker_pages(app))]
    live = {fragment_path(builder, pagename) for pagename in pages}
    for path in fragments_folder(builder).rglob("*.html"):
        if path not in live:
            path.unlink()
            note_changed_pages(fragments_folder(builder))


def pagefind_command() -> list[str] | None:
    """The ``pagefind`` binary of the ``pagefind_bin`` wheel, or on the PATH."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        found = shutil.which("pagefind")
        return [found] if found else None
    try:
        return [str(get_executable())]
    except FileNotFoundError:
        return None


def start_indexing(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``: every document's page is written; Pagefind indexes them while Sphinx
    writes the other pages and its own index."""
    if not searches_pages(app.builder):
        return []
    copy_search_script(app)
    fragments = fragments_folder(app.builder)
    write_speaker_fragments(app)
    prune_fragments(app)
    if not indexes(app.builder):
        remove_bundle(bundle_folder(app.builder), fragments)
        return []
    command = pagefind_command()
    if command is None:
        remove_bundle(bundle_folder(app.builder), fragments)
        logger.warning(
            __("pagefind is not installed (pip install 'pagefind[bin]'): search falls back to Sphinx's index"),
            type="eventnotes", subtype="search",
        )
        return []
    options = ["--site", str(fragments), "--output-path", str(Path(app.outdir) / BUNDLE),
               "--exclude-selectors", ".headerlink", "--quiet"]
    if app.builder.name == "html":
        # Results link to pages as the site does, 'index.html' included
        # (dirhtml's addresses are folders).
        options.append("--keep-index-url")
    start_pagefind(app, [*command, *options], fragments)
    return []


def finish_indexing(app: Sphinx, exception: BaseException | None) -> None:
    if searches_pages(app.builder):
        finish_pagefind(app, exception)


def setup_search(app: Sphinx) -> None:
    # No page depends on it (see above): switching it rebuilds nothing.
    app.connect("config-inited", add_search_template)
    app.connect("html-page-context", mark_indexed_content)
    # Before the pages the extension generates, so that Pagefind works while they are written.
    app.connect("html-collect-pages", start_indexing, priority=100)
    app.connect("build-finished", finish_indexing)
