"""The general index, written by the extension when a website splits its large indices.

With ``html_split_index``, Sphinx writes genindex as a page of letters, a
page per letter and ``genindex-all``: on every build, every page, and each
letter's page is handed the whole index.  Sphinx formats the arguments of
every event for its debug log (``repr()`` in ``EventManager.emit``) whether
or not the log is shown, so the whole index is formatted once per letter:
at archive scale, most of a one-title rebuild.

For the builders that split their indices (:func:`~eventnotes.indices.splits_indices`),
the extension writes these pages instead, at ``html-collect-pages``, from the
entries Sphinx makes (``IndexEntries``), with the same names, templates and
context, except that the letter pages get the list of letters, which is all
their templates read of ``genindexentries``; and an incremental build
rewrites only the pages whose content changed, as for the Speaker Index's
pieces.  As the Speaker Index, genindex is split only when it has more than
``eventnotes_index_split_threshold`` rows (an entry and each of its
sub-entries are a row each, Sphinx's ``genindexcounts``); a smaller one is
the single page Sphinx writes without ``html_split_index`` (``genindex.html``,
no ``genindex-all``).  Sphinx's own writing is switched off with the builder's
``use_index``, which otherwise only adds the "index" link of the basic
theme's relation bar: the extension puts that link back.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sphinx.environment.adapters.indexentries import IndexEntries
from sphinx.locale import _

from eventnotes.indices import is_large, splits_indices
from eventnotes.internals import leave_general_index_out
from eventnotes.pages import PageDigests, site_stamp

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: Sphinx's link to the general index in the relation bar (``rellinks``).
INDEX_RELLINK = ("genindex", _("General Index"), "I", _("index"))


def writes_general_index(builder: Builder) -> bool:
    """Whether the extension writes the general index for this builder (in pieces when it is large)."""
    return splits_indices(builder) and bool(builder.config.html_use_index)


def take_over(app: Sphinx) -> None:
    if writes_general_index(app.builder):
        leave_general_index_out(app.builder)


def keep_index_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """What templates read of ``use_index``, as if Sphinx wrote the index itself."""
    if not writes_general_index(app.builder):
        return
    context["use_index"] = True
    rellinks = context.get("rellinks")
    if rellinks is not None and not any(link[0] == "genindex" for link in rellinks):
        context["rellinks"] = [INDEX_RELLINK, *rellinks]


def collect_general_index(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    builder = app.builder
    if not writes_general_index(builder):
        return
    genindex = IndexEntries(app.env).create_index(builder)
    counts = [sum(1 + len(subitems) for _, (_, subitems, _) in entries) for _, entries in genindex]
    pages: list[tuple[str, dict[str, Any], str, object]]
    if not is_large(builder, sum(counts)):
        pages = [
            ("genindex", {"genindexentries": genindex, "genindexcounts": counts, "split_index": False},
             "genindex.html", genindex),
        ]
    else:
        letters = [(key, []) for key, _entries in genindex]
        pages = [
            ("genindex", {"genindexentries": letters, "genindexcounts": counts, "split_index": True},
             "genindex-split.html", (letters, counts)),
            ("genindex-all", {"genindexentries": genindex, "genindexcounts": counts, "split_index": True},
             "genindex.html", genindex),
        ]
        for (key, entries), count in zip(genindex, counts, strict=True):
            context = {"key": key, "entries": entries, "count": count, "genindexentries": letters}
            pages.append((f"genindex-{key}", context, "genindex-single.html", (letters, key, entries)))

    digests = PageDigests(builder, "general-index")
    site = site_stamp(app, builder)
    for pagename, context, template, content in pages:
        if digests.outdated(pagename, hashlib.sha256(repr((site, template, content)).encode()).hexdigest()):
            yield pagename, context, template
    digests.save()


def setup_general_index(app: Sphinx) -> None:
    app.connect("builder-inited", take_over)
    app.connect("html-page-context", keep_index_link)
    app.connect("html-collect-pages", collect_general_index)
