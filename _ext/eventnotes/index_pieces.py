"""The Speaker Index and the Topics index in pieces, one page per letter, in HTML.

At archive scale each index is too large for one page.  With Sphinx's
``html_split_index`` on, an index of more than ``eventnotes_index_split_threshold``
rows is written as a page of letters and a page per letter (the general index
too: :mod:`eventnotes.general_index`); a smaller one stays one page, as on a
site of a few conferences, where pieces would only cost readers a click:

- the index's own page (``event-speakers.html``, the target of
  ``:ref:`event-speakers```, of the inventory's label and of the LaTeX
  index's label) keeps its title and lists the letters, each a link to its
  piece (``html-page-context`` gives it another template);
- each letter is a page of its own (``event-speakers-k.html``), written at
  ``html-collect-pages`` from the entries Sphinx generated for the index,
  with the letters of the index on top.  A letter of more than
  ``eventnotes_index_piece_entries`` rows is cut into pieces 'J', 'J 2', ...
  (between two names where it can), since a single letter of an archive's
  index is itself too large for one page.

An incremental build rewrites a piece only when its inputs changed (its
entries, the letters, and what :func:`eventnotes.pages.site_stamp` says every
generated page shows), and removes the pieces of letters that are gone.
Other builders (LaTeX, EPUB, ``singlehtml``) keep one index.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from eventnotes.internals import domain_indices
from eventnotes.indices import piece_name, split_indices, splits_indices
from eventnotes.pages import PageDigests, site_stamp

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.domains import IndexEntry

TEMPLATES = Path(__file__).parent / "templates"
OVERVIEW_TEMPLATE = "eventnotes/domainindex-split.html"
PIECE_TEMPLATE = "eventnotes/domainindex-single.html"


class Piece(NamedTuple):
    """One page of an index: a letter, or part of a letter with more entries than a page holds."""

    label: str
    pagename: str
    letter: str
    entries: list[IndexEntry]


class PieceLink(NamedTuple):
    """A piece as the letters on top of every piece name it: a page's context holds these, not
    every piece's entries (Sphinx repr()s each page's context for its debug log)."""

    label: str
    pagename: str


def links_to(pieces: list[Piece]) -> list[PieceLink]:
    return [PieceLink(piece.label, piece.pagename) for piece in pieces]


def split_index_contents(builder: StandaloneHTMLBuilder) -> Iterator[tuple[str, str, list[tuple[str, list[IndexEntry]]]]]:
    """The split indices the builder writes: name, title and the content Sphinx generated."""
    split = split_indices(builder)
    for index_name, index_cls, content in domain_indices(builder):
        if index_name in split:
            yield index_name, str(index_cls.localname), content


def pieces_of(index_name: str, content: list[tuple[str, list[IndexEntry]]], limit: int) -> list[Piece]:
    """A piece per letter; a letter of more than ``limit`` entries is cut into pieces
    'J', 'J 2', 'J 3'.  The cut falls between two names; a name with more talks
    than a piece holds (a topic of thousands of talks) is cut too, and its
    entry is repeated at the top of the next piece."""
    pieces = []
    for letter, entries in content:
        parts: list[list[IndexEntry]] = [[]]
        head: IndexEntry | None = None
        for entry in entries:
            is_head = entry[1] != 2
            if len(parts[-1]) >= limit and parts[-1][-1] is not head:
                parts.append([] if is_head or head is None else [head])
            if is_head:
                head = entry
            parts[-1].append(entry)
        for number, part in enumerate(parts, start=1):
            suffix = f" {number}" if number > 1 else ""
            pagename = piece_name(index_name, letter) + suffix.replace(" ", "-")
            pieces.append(Piece(letter + suffix, pagename, letter, part))
    return pieces


def overview_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> str | None:
    """The index's own page lists its letters, each a link to its piece."""
    if templatename != "domainindex.html" or pagename not in split_indices(app.builder):
        return None
    context["index_pieces"] = links_to(pieces_of(pagename, context["content"], app.config.eventnotes_index_piece_entries))
    context["current_piece"] = ""
    return OVERVIEW_TEMPLATE


def collect_pieces(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    builder = app.builder
    if not splits_indices(builder):
        return
    digests = PageDigests(builder, "index-pieces")
    site = site_stamp(app, builder)
    for index_name, title, content in split_index_contents(builder):
        pieces = pieces_of(index_name, content, app.config.eventnotes_index_piece_entries)
        navigation = links_to(pieces)
        for piece in pieces:
            digest = hashlib.sha256(repr((site, title, navigation, piece)).encode()).hexdigest()
            if not digests.outdated(piece.pagename, digest):
                continue
            context = {
                "indextitle": title,
                "index_page": index_name,
                "index_pieces": navigation,
                "current_piece": piece.pagename,
                "current_label": piece.label,
                "content": [(piece.letter, piece.entries)],
                "collapse_index": False,
            }
            yield piece.pagename, context, PIECE_TEMPLATE
    digests.save()


def add_piece_templates(app: Sphinx, config: Config) -> None:
    """The pieces' templates, after the project's own (which can override them).

    furo ships no ``genindex-split.html`` or ``genindex-single.html`` (Sphinx's,
    from the ``basic`` theme, extend ``layout.html``, which furo refuses): with
    furo, the extension's versions in furo's page markup come first.
    """
    folders = [str(TEMPLATES / "furo")] if config.html_theme == "furo" else []
    config.templates_path = [*config.templates_path, *folders, str(TEMPLATES / "indices")]


def setup_index_pieces(app: Sphinx) -> None:
    app.connect("config-inited", add_piece_templates)
    app.connect("html-page-context", overview_page)
    app.connect("html-collect-pages", collect_pieces)
