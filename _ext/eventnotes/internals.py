"""Where the extensions rely on what Sphinx and other packages do not document.

Each reliance is one small function or constant here, saying what it relies
on; ``tests/test_internals_contract.py`` has a test for each, which fails
naming the package and its installed version when a release changes it.
(furo's sidebar markup has its own tests, ``tests/test_furo_contract.py``;
the build command's patch of Sphinx's ``IndexBuilder.prune`` is in
``scripts/sphinx_build.py``, with a contract test here too.)
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import queue
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.domains import Index, IndexEntry


# -- Sphinx's HTML builder ------------------------------------------------------------


def render_fragment(builder: StandaloneHTMLBuilder, node: nodes.Node, page: str | None = None) -> str:
    """The HTML of a doctree node, as the builder writes a document's body.

    Relies on ``StandaloneHTMLBuilder.render_partial`` (returns docutils'
    parts, ``"fragment"`` among them) and, with *page* (a page made without a
    document), on the per-document state ``write_doc()`` sets:
    ``current_docname``, ``secnumbers`` and ``fignumbers`` (such a page has no
    numbered sections or figures).
    """
    if page is not None:
        builder.current_docname = page
        builder.secnumbers, builder.fignumbers = {}, {}
    return builder.render_partial(node)["fragment"]


def domain_indices(builder: StandaloneHTMLBuilder) -> Iterator[tuple[str, type[Index], list[tuple[str, list[IndexEntry]]]]]:
    """The domain indices the builder writes: name, class and the content Sphinx generated.

    Relies on ``StandaloneHTMLBuilder.domain_indices``, a list of
    ``(name, index class, content, collapse)`` set by ``prepare_writing()``.
    """
    for index_name, index_cls, content, _collapse in builder.domain_indices:
        yield index_name, index_cls, content


def leave_general_index_out(builder: Builder) -> None:
    """Sphinx writes no general index (``genindex``), the extension writes it instead.

    Relies on ``StandaloneHTMLBuilder.use_index``, copied from
    ``html_use_index`` at ``init()`` and read by ``write_genindex()`` and the templates.
    """
    builder.use_index = False  # type: ignore[attr-defined]


def builds_search_index(builder: Builder) -> bool:
    """Whether the builder writes Sphinx's search page and index (``html``, ``dirhtml``).

    Relies on ``StandaloneHTMLBuilder.search``, false for ``singlehtml`` and EPUB.
    """
    return bool(getattr(builder, "search", False))


def replace_template_toctree(context: dict[str, Any], toctree: Callable[..., str]) -> None:
    """Templates that call ``toctree()`` get *toctree* instead of Sphinx's.

    Relies on the ``html-page-context`` context holding ``toctree``, the function
    templates call with ``collapse``, ``maxdepth``, ``titles_only``... (Sphinx's
    ``StandaloneHTMLBuilder._get_local_toctree``); themes such as furo call it.
    """
    context["toctree"] = toctree


# -- sphinx-sitemap ---------------------------------------------------------------------


def sitemap_queue(app: Sphinx) -> queue.Queue[tuple[str, str | None]] | None:
    """The pages sphinx-sitemap will write in the sitemap, or None when it is not set up.

    Relies on sphinx-sitemap keeping ``(link, last_updated)`` pairs in a queue,
    ``app.sitemap_links``, that its ``build-finished`` handler empties into the
    sitemap; a handler that runs before it may take pages out and put others in.
    """
    return getattr(app, "sitemap_links", None)


# -- sphinxext-opengraph ---------------------------------------------------------------------


def opengraph_tags(app: Sphinx, context: dict[str, Any], doctree: nodes.document) -> str:
    """sphinxext-opengraph's ``<meta>`` tags for a page, as it writes them for documents.

    Relies on ``sphinxext.opengraph.get_tags(context, doctree, *, srcdir, outdir,
    config, builder, env)``, the function its ``html-page-context`` handler
    calls, which is not documented.
    """
    from sphinxext.opengraph import get_tags

    return get_tags(context, doctree, srcdir=app.srcdir, outdir=app.outdir, config=app.config,
                    builder=app.builder, env=app.env)


# -- sphinx-design --------------------------------------------------------------------------

#: The priority of sphinx-design's ``TabSetHtmlTransform``, which turns a tab
#: set into radio buttons and labels for any HTML output: a post-transform
#: that runs before it (a lower priority) still sees the tab set.
SPHINX_DESIGN_TABS_PRIORITY = 200


def design_component(node: nodes.Node) -> str:
    """Which sphinx-design component a node is (``"tab-set"``, ``"tab-item"``, ``"tab-content"``), or ''.

    Relies on sphinx-design marking its containers with a ``design_component`` attribute.
    """
    return str(node.get("design_component", "")) if hasattr(node, "get") else ""


# -- Pagefind's bundle ----------------------------------------------------------------------

#: What Pagefind 1.x writes before the content of a compressed file.
PAGEFIND_SIGNATURE = b"pagefind_dcd"
#: Each folder of named files in a Pagefind 1.x bundle, and where a language's
#: metadata lists that folder's files: (position of the records in the metadata,
#: position of the file name in a record, suffix).
PAGEFIND_NAMED_FOLDERS = {"fragment": (1, 0, "pf_fragment"), "index": (2, 2, "pf_index"), "filter": (3, 1, "pf_filter")}


def read_pagefind_meta(path: Path) -> Any:
    """A language's metadata in a Pagefind bundle (``pagefind.<hash>.pf_meta``), decoded.

    Relies on Pagefind 1.x's undocumented format: gzip, the signature
    :data:`PAGEFIND_SIGNATURE`, then CBOR arrays laid out as
    :data:`PAGEFIND_NAMED_FOLDERS` says.
    """
    import cbor2

    try:
        return cbor2.loads(gzip.decompress(path.read_bytes()).removeprefix(PAGEFIND_SIGNATURE))
    except cbor2.CBORDecodeError as error:
        raise ValueError(f"{path.name} is not CBOR: {error}") from error
