"""Where the extensions rely on what Sphinx and other packages do not document.

Each reliance is one small function or constant here, saying what it relies
on; ``tests/test_internals_contract.py`` has a test for each, which fails
naming the package and its installed version when a release changes it.
(furo's sidebar markup has its own tests, ``tests/test_furo_contract.py``;
the build command's patch of Sphinx's ``IndexBuilder.prune`` is in
``scripts/sphinx_build.py``, with a contract test here too.)

The build environment's data that extensions commonly read (``env.titles``,
``env.tocs``, ``env.toctree_includes``, ``env.master_doctree``) is used where
it is needed, not wrapped here.
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import queue
    from collections.abc import Callable, Iterator, Set
    from pathlib import Path

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
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


def build_stamp(builder: Builder) -> tuple[str, str, float]:
    """What every page the builder writes depends on besides its content: the
    hashes of the configuration and the tags, and the newest template's time.

    Relies on ``StandaloneHTMLBuilder.build_info`` (a ``BuildInfo`` with
    ``config_hash`` and ``tags_hash``, what Sphinx writes in ``.buildinfo``)
    and on ``builder.templates.newest_template_mtime()`` (Sphinx's
    ``BuiltinTemplateLoader``); empty for a builder that has neither.
    """
    build_info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    return (
        getattr(build_info, "config_hash", ""),
        getattr(build_info, "tags_hash", ""),
        templates.newest_template_mtime() if templates is not None else 0,
    )


def render_template(builder: Builder, name: str, context: dict[str, Any]) -> str:
    """A template of the theme's and the project's template paths, rendered with *context* alone.

    Relies on ``builder.templates``, the HTML builder's ``BuiltinTemplateLoader``,
    whose ``render(name, context)`` is the ``TemplateBridge`` method.
    """
    return builder.templates.render(name, context)  # type: ignore[attr-defined]


def without_assets(context: dict[str, Any], filenames: Set[str]) -> None:
    """The page's styles and scripts, but for those added under *filenames*
    (``"_static/pygments.css"``).

    Relies on the ``html-page-context`` context's ``css_files`` and
    ``script_files``: lists of Sphinx's ``_CascadingStyleSheet`` and
    ``_JavaScript``, whose ``filename`` is the path the stylesheet or script
    was added as, relative to the output folder.
    """
    for assets in ("css_files", "script_files"):
        context[assets] = [asset for asset in context[assets] if asset.filename not in filenames]


def extend_html_visitor(app: Sphinx, node_class: type[nodes.Element], visit: Callable[..., None]) -> None:
    """The HTML-format writers call *visit* for *node_class* instead of their own
    ``visit_<name>`` (which *visit* calls first, as ``type(self).visit_<name>``), without
    registering the node class again: ``app.add_node`` would, and unregister docutils'
    own node (``entry``) when the application is cleaned up.

    Relies on ``SphinxComponentRegistry.add_translation_handlers`` (what ``add_node``
    calls with the visitors), whose handlers ``create_translator`` sets on each
    translator by builder name, else format: "html" reaches ``dirhtml``, ``singlehtml``
    and EPUB too, unless an extension registered handlers under their names.
    """
    app.registry.add_translation_handlers(node_class, html=(visit, None))


# -- Sphinx's transforms ------------------------------------------------------------------

#: The priority of Sphinx's ``SphinxSmartQuotes`` transform: a later one sees titles typeset.
SPHINX_SMART_QUOTES_PRIORITY = 750
#: The priority of Sphinx's ``SphinxDomains`` transform, which calls the domains'
#: ``process_doc()`` (the index entries of a page are collected then): an earlier
#: transform's index entries reach the general index.
SPHINX_DOMAINS_PRIORITY = 850
#: The priority of Sphinx's ``ReferencesResolver`` post-transform, which turns
#: ``pending_xref`` nodes into links: an earlier post-transform still sees them.
SPHINX_REFERENCES_RESOLVER_PRIORITY = 10


# -- sphinx-sitemap ---------------------------------------------------------------------


def sitemap_queue(app: Sphinx) -> queue.Queue[tuple[str, str | None]] | None:
    """The pages sphinx-sitemap will write in the sitemap, or None when it is not set up.

    Relies on sphinx-sitemap keeping ``(link, last_updated)`` pairs in a queue,
    ``app.sitemap_links``, that its ``build-finished`` handler empties into the
    sitemap; a handler that runs before it may take pages out and put others in.
    """
    return getattr(app, "sitemap_links", None)


def sitemap_excludes(app: Sphinx, link: str) -> bool:
    """Whether ``sitemap_excludes`` leaves *link* (a page's address below the site's) out of the sitemap.

    Relies on sphinx-sitemap's ``is_excluded(link, patterns)``, the test its
    own handlers apply before they queue a page.
    """
    from sphinx_sitemap import is_excluded

    return is_excluded(link, app.config.sitemap_excludes)


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


def disable_opengraph(context: dict[str, Any]) -> None:
    """sphinxext-opengraph writes no tags in the page of this context.

    Relies on its ``get_tags()`` returning nothing when the page's ``meta``
    holds ``ogp_disable``; the context gets a copy, not the environment's own
    metadata of the page.
    """
    context["meta"] = {**(context.get("meta") or {}), "ogp_disable": True}


def configure_opengraph(config: Config, site_url: str, meta_tag: str, tag_name: str) -> None:
    """sphinxext-opengraph's settings, where ``conf.py`` gives none: the site's
    address, no social card images, and *meta_tag* among its custom tags unless
    one of the project's is already named *tag_name*.

    Relies on its configuration values' defaults (``ogp_site_url`` "",
    ``ogp_social_cards`` None, ``ogp_custom_meta_tags`` a tuple of markup) telling
    "not set" apart, and on its reading them only when a page is written, so
    that a change at ``config-inited`` counts.
    """
    if not config.ogp_site_url:
        config.ogp_site_url = site_url
    if config.ogp_social_cards is None:
        # Social card images need matplotlib and fonts, and are not reproducible
        # from one machine to the next: the pages get a text card instead.
        config.ogp_social_cards = {"enable": False}
    if not any(tag_name in tag for tag in config.ogp_custom_meta_tags):
        config.ogp_custom_meta_tags = (*config.ogp_custom_meta_tags, meta_tag)


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
