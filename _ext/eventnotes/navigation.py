"""Bounded site navigation: the sidebar lists the top-level entries and opens
only the branch that leads to the current page.

furo renders the whole site's toctree into every page's sidebar, so each page
costs time and bytes in proportion to the size of the site, and a site of
thousands of talks takes quadratic time to build.  Here each page gets the
tree Sphinx gives with ``collapse=True`` (the tests compare the two), built
from the root document's toctrees and the toctree parents of the current
page, without resolving every document's toctree.  A root toctree longer than
``eventnotes_navigation_limit`` shows its first entries, the current page's
entry and a link to the home page for the rest, so that a page's size stops
growing with the number of conferences too.

The tree reaches the page through documented interfaces only:

- at ``html-page-context``, ``eventnotes_navigation`` holds the tree as
  :class:`Entry` records, and the template function ``toctree()`` gives it
  as Sphinx's markup.  The whole tree is never built: on a page whose
  sidebar the extension's template renders, ``toctree(collapse=False)``
  (furo computes its own sidebar so, and would parse the result on every
  page only for the template to ignore it) gives an empty tree;
- the extension's ``sidebar/navigation.html`` (furo's override point for its
  sidebar, on ``templates_path``) renders those records in furo's sidebar
  markup, with the macros of ``eventnotes/sidebar-entries.html``.  The markup furo's CSS and JavaScript expect is that template's
  contract with furo, which ``tests/test_furo_contract.py`` checks.

An entry that is not on the current page's branch looks the same from every
page of one output folder, so it is made and rendered once per folder
(``eventnotes/sidebar-entries.html``, rendered through the builder's
template bridge): per page, only the open branch is rendered.

An incremental build also rewrites the unchanged pages whose sidebar shows a
page that was retitled, added, moved or removed (:class:`SidebarUpdates`).

``eventnotes_bounded_navigation = False`` restores the theme's full navigation.
"""

from __future__ import annotations

import collections
import html
import itertools
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import get_translation
from sphinx.util import url_re

from eventnotes.internals import render_fragment, render_template, replace_template_toctree

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


_ = get_translation("eventnotes")

TEMPLATES = Path(__file__).parent / "templates"
SIDEBAR = "sidebar/navigation.html"  # furo's sidebar template, which TEMPLATES overrides
ENTRY_TEMPLATE = "eventnotes/sidebar-entries.html"


class Entry(NamedTuple):
    """One entry of the sidebar, as the templates render it."""

    title: str  # HTML
    text: str  # the title as plain text
    href: str  # "#" for the current page
    depth: int  # 1 for the entries of a root toctree
    external: bool = False
    on_branch: bool = False  # the current page or one above it (Sphinx's "current")
    is_page: bool = False  # the current page
    more: bool = False  # the "N more …" entry of a cut toctree
    children: tuple[Entry, ...] = ()
    checkbox: int = 0  # the number of furo's expand/collapse control, 0 for none
    current_page: bool = False  # the entry furo marks as the current page
    # An entry off the branch, rendered once: for furo's sidebar (by ENTRY_TEMPLATE)
    # and as Sphinx's toctree() markup.
    html: str = ""
    sphinx_html: str = ""


class Toctree(NamedTuple):
    caption: str  # HTML
    entries: tuple[Entry, ...]


class _Page(NamedTuple):
    """The page whose sidebar is being made."""

    env: BuildEnvironment
    builder: StandaloneHTMLBuilder
    name: str
    folder: str  # its output folder: the links of a closed entry depend on nothing else
    branch: set[str]  # the page and the documents above it in the toctree


def _has_entry(env: BuildEnvironment, ref: str) -> bool:
    """Whether a toctree entry shows in the sidebar: a URL, or a document with a
    title (not 'self', generated pages or documents Sphinx already warned about)."""
    return bool(url_re.match(ref)) or ref in env.titles


# -- the tree -------------------------------------------------------------------------


def _mark_current_page(toctrees: list[Toctree]) -> list[Toctree]:
    """Mark the last entry on the branch, in document order, as the current page
    (furo's rule: a page listed twice is marked once)."""
    path: list[int] | None = None  # the positions that lead to it: toctree, entry, child, ...

    def walk(entries: tuple[Entry, ...], at: list[int]) -> None:
        nonlocal path
        for position, entry in enumerate(entries):
            if entry.on_branch:
                path = [*at, position]
                walk(entry.children, path)

    for position, toctree in enumerate(toctrees):
        walk(toctree.entries, [position])
    if path is None:
        return toctrees

    def marked(entries: tuple[Entry, ...], rest: list[int]) -> tuple[Entry, ...]:
        position, *deeper = rest
        entry = entries[position]
        if deeper:
            entry = entry._replace(children=marked(entry.children, deeper))
        else:
            entry = entry._replace(current_page=True)
        return (*entries[:position], entry, *entries[position + 1 :])

    first, *rest = path
    toctrees = list(toctrees)
    toctrees[first] = toctrees[first]._replace(entries=marked(toctrees[first].entries, rest))
    return toctrees


class BoundedNavigation:
    """The navigation of one build.  What it derives from the environment
    (toctree parents, rendered titles, closed entries) is computed once and
    dropped when the environment changes."""

    def __init__(self) -> None:
        self.forget()

    def forget(self, *args: object) -> None:
        self._parents: dict[str, str] | None = None
        self._closed: dict[tuple[str, str | None, str, int], Entry | None] = {}
        self._titles: dict[str, tuple[str, str]] = {}
        self._root: list[tuple[str, list[tuple[str | None, str]]]] | None = None

    # -- what the environment says --------------------------------------------------

    def parents(self, env: BuildEnvironment) -> dict[str, str]:
        """Each document's (first) parent in the toctree."""
        if self._parents is None:
            self._parents = {}
            for parent, children in env.toctree_includes.items():
                for child in children:
                    self._parents.setdefault(child, parent)
        return self._parents

    def ancestors(self, env: BuildEnvironment, docname: str) -> list[str]:
        """``docname`` and the documents above it in the toctree, nearest first."""
        parents = self.parents(env)
        chain = [docname]
        while (parent := parents.get(chain[-1])) is not None and parent not in chain:
            chain.append(parent)
        return chain

    def root_toctrees(
        self, env: BuildEnvironment, builder: StandaloneHTMLBuilder
    ) -> list[tuple[str, list[tuple[str | None, str]]]]:
        """(caption HTML, [(explicit title, ref)]) for each toctree of the root document."""
        if self._root is None:
            self._root = [
                (self.inline_html(builder, toctree.get("caption") or ""), list(toctree["entries"]))
                for toctree in env.master_doctree.findall(addnodes.toctree)
            ]
        return self._root

    def title(self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, docname: str) -> tuple[str, str]:
        """A document's title as HTML and as plain text."""
        if docname not in self._titles:
            title = env.titles[docname]
            self._titles[docname] = (self.inline_html(builder, title.deepcopy().children), title.astext())
        return self._titles[docname]

    @staticmethod
    def inline_html(builder: StandaloneHTMLBuilder, content: str | list[nodes.Node]) -> str:
        """Text or inline nodes as the HTML writer renders them."""
        if not content:
            return ""
        children = [nodes.Text(content)] if isinstance(content, str) else content
        fragment = render_fragment(builder, nodes.inline("", "", *children))
        return fragment.removeprefix("<span>").removesuffix("</span>")

    # -- the tree ---------------------------------------------------------------------

    def toctrees(self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str) -> list[Toctree]:
        """The sidebar of ``pagename``: the root document's toctrees, with the
        entries on the page's branch open."""
        folder = posixpath.dirname(builder.get_target_uri(pagename))
        page = _Page(env, builder, pagename, folder, set(self.ancestors(env, pagename)))
        checkboxes = itertools.count(1)
        limit = env.config.eventnotes_navigation_limit
        toctrees = []
        for caption, refs in self.root_toctrees(env, builder):
            entries: list[Entry] = []
            left_out = 0
            for title, ref in refs:
                if limit is not None and len(entries) >= limit and ref not in page.branch:
                    left_out += _has_entry(env, ref)
                    continue
                if entry := self.entry(page, ref, title, 1, checkboxes):
                    entries.append(entry)
            if left_out:
                entries.append(self.more_entry(builder, pagename, left_out, env.config.root_doc, 1))
            if entries:
                toctrees.append(Toctree(caption, tuple(entries)))
        return _mark_current_page(toctrees)

    @staticmethod
    def more_entry(builder: StandaloneHTMLBuilder, pagename: str, count: int, target: str, depth: int) -> Entry:
        """The last entry of a toctree cut at ``eventnotes_navigation_limit``: a link
        to ``target``, the page whose listing shows every entry (the home page, or
        the conference or year whose toctree was cut)."""
        href = "#" if pagename == target else builder.get_relative_uri(pagename, target)
        text = _("%(count)d more …") % {"count": count}
        return Entry(html.escape(text, quote=False), text, href, depth, more=True)

    def entry(
        self, page: _Page, ref: str, title: str | None, depth: int, checkboxes: Iterator[int]
    ) -> Entry | None:
        if ref in page.branch:
            return self.open_entry(page, ref, title, depth, checkboxes)
        # A closed entry looks the same from every page of one output folder:
        # made once per folder, not once per page.
        key = (page.folder, title, ref, depth)
        if key not in self._closed:
            entry = self.closed_entry(page, ref, title, depth)
            if entry is not None:
                entry = entry._replace(
                    html=render_template(page.builder, ENTRY_TEMPLATE, {"entry": entry}),
                    sphinx_html=self.li_html(entry),
                )
            self._closed[key] = entry
        return self._closed[key]

    def closed_entry(self, page: _Page, ref: str, title: str | None, depth: int) -> Entry | None:
        env, builder = page.env, page.builder
        if not _has_entry(env, ref):
            return None
        if url_re.match(ref):
            return Entry(html.escape(title or ref, quote=False), title or ref, ref, depth, external=True)
        title_html, text = (html.escape(title, quote=False), title) if title else self.title(env, builder, ref)
        return Entry(title_html, text, builder.get_relative_uri(page.name, ref), depth)

    def open_entry(
        self, page: _Page, ref: str, title: str | None, depth: int, checkboxes: Iterator[int]
    ) -> Entry | None:
        entry = self.closed_entry(page, ref, title, depth)
        if entry is None:
            return None
        env = page.env
        is_page = ref == page.name
        children_refs = [child for child in env.toctree_includes.get(ref, ()) if _has_entry(env, child)]
        # A long list of children (a conference's talks) is cut as the home page's toctrees are.
        limit = env.config.eventnotes_navigation_limit
        left_out = 0
        if limit is not None and len(children_refs) > limit:
            kept = [child for position, child in enumerate(children_refs) if position < limit or child in page.branch]
            left_out = len(children_refs) - len(kept)
            children_refs = kept
        # furo numbers its expand/collapse controls in document order: the parent before its children.
        checkbox = next(checkboxes) if children_refs else 0
        children = tuple(
            child for ref in children_refs if (child := self.entry(page, ref, None, depth + 1, checkboxes))
        )
        if left_out:
            children += (self.more_entry(page.builder, page.name, left_out, ref, depth + 1),)
        return entry._replace(
            href="#" if is_page else entry.href, on_branch=True, is_page=is_page, children=children, checkbox=checkbox
        )

    # -- Sphinx's toctree() markup ---------------------------------------------------------

    def toctree_html(self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str) -> str:
        """What Sphinx's ``toctree(collapse=True)`` gives for ``pagename``."""
        return self.sphinx_html(self.toctrees(env, builder, pagename))

    def sphinx_html(self, toctrees: list[Toctree]) -> str:
        pieces = []
        for toctree in toctrees:
            if toctree.caption:
                pieces.append(
                    f'<p class="caption" role="heading"><span class="caption-text">{toctree.caption}</span></p>\n'
                )
            pieces.append(self.list_html(toctree.entries))
        return "".join(pieces)

    def list_html(self, entries: tuple[Entry, ...]) -> str:
        opening = '<ul class="current">\n' if any(entry.on_branch for entry in entries) else "<ul>\n"
        return opening + "".join(self.entry_html(entry) for entry in entries) + "</ul>\n"

    def entry_html(self, entry: Entry) -> str:
        return entry.sphinx_html or self.li_html(entry)

    def li_html(self, entry: Entry) -> str:
        kind = "external" if entry.external else "internal"
        link_class = f"current reference {kind}" if entry.is_page else f"reference {kind}"
        link = f'<a class="{link_class}" href="{html.escape(entry.href)}">{entry.title}</a>'
        classes = f"toctree-l{entry.depth}"
        if entry.on_branch:
            classes += " current"
        if entry.more:
            classes += " eventnotes-more"
        children = self.list_html(entry.children) if entry.children else ""
        return f'<li class="{classes}">{link}{children}</li>\n'

    # -- the template context ------------------------------------------------------------

    def page_context(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """The bounded tree for the page's templates: ``eventnotes_navigation``
        for the sidebar template, and Sphinx's ``toctree()`` function.

        This runs at the default priority, like the theme's own handler."""
        if not app.config.eventnotes_bounded_navigation or "toctree" not in context:
            return
        if not isinstance(app.builder, StandaloneHTMLBuilder):
            return
        renders_sidebar = SIDEBAR in context.get("sidebars", ())
        toctrees = self.toctrees(app.env, app.builder, pagename)
        context["eventnotes_navigation"] = toctrees

        def toctree(*, collapse: bool = True, **kwargs: Any) -> str:
            # The whole tree, every branch open, is never built.  When the
            # extension's template renders the sidebar, a call for it (furo
            # computes its own sidebar so, unused here) gets an empty tree:
            # otherwise the theme would parse a tree no page shows.
            if not collapse and renders_sidebar:
                return ""
            return self.sphinx_html(toctrees)

        replace_template_toctree(context, toctree)


class _Shown(NamedTuple):
    """What other pages' sidebars show of one document."""

    title: str | None
    parents: frozenset[str]
    toctrees: tuple[tuple[Any, ...], ...]


class SidebarUpdates:
    """Which unchanged pages to rewrite because their sidebar shows a page
    that changed.

    A bounded sidebar shows the top-level entries, and the entries of each
    document on the current page's branch.  So when a document's title or
    place changes (or it is added or removed), the pages whose sidebar shows
    it are its toctree parents and everything below them; when a document's
    own toctrees change, everything below it.  Sphinx itself rewrites only the
    pages it re-read (its sidebars go stale until a full build); this keeps
    the rewrite to the pages that show the change.
    """

    def __init__(self) -> None:
        self._before: dict[str, _Shown] = {}
        self._parents: dict[str, frozenset[str]] | None = None

    @staticmethod
    def all_parents(env: BuildEnvironment) -> dict[str, frozenset[str]]:
        parents: dict[str, set[str]] = collections.defaultdict(set)
        for parent, children in env.toctree_includes.items():
            for child in children:
                parents[child].add(parent)
        return {child: frozenset(of) for child, of in parents.items()}

    @staticmethod
    def shown(env: BuildEnvironment, docname: str, parents: dict[str, frozenset[str]]) -> _Shown:
        title = env.titles.get(docname)
        toc = env.tocs.get(docname)
        toctrees = tuple(
            (toctree.get("caption"), tuple(toctree["entries"]))
            for toctree in (toc.findall(addnodes.toctree) if toc is not None else ())
        )
        return _Shown(str(title) if title is not None else None, parents.get(docname, frozenset()), toctrees)

    def before_purge(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Note what a document showed before Sphinx forgets it (re-read or removed)."""
        if self._parents is None:
            self._parents = self.all_parents(env)
        self._before.setdefault(docname, self.shown(env, docname, self._parents))

    def pages_to_rewrite(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        before, self._before, self._parents = self._before, {}, None
        if not (
            before
            and app.config.eventnotes_bounded_navigation
            and isinstance(app.builder, StandaloneHTMLBuilder)
        ):
            return []
        parents = self.all_parents(env)
        tops: set[str] = set()
        for docname, then in before.items():
            now = self.shown(env, docname, parents)
            if now.title != then.title or now.parents != then.parents:
                tops |= then.parents | now.parents
            if now.toctrees != then.toctrees:
                tops.add(docname)
        if not tops:
            return []
        if env.config.root_doc in tops:
            return sorted(env.all_docs)
        below = set(tops)
        queue = list(tops)
        while queue:
            for child in env.toctree_includes.get(queue.pop(), ()):
                if child not in below:
                    below.add(child)
                    queue.append(child)
        return sorted(below & env.all_docs.keys())


def add_sidebar_template(app: Sphinx, config: Config) -> None:
    """Put the extension's ``sidebar/navigation.html`` on the template search
    path, after the project's own templates (which can still override it).

    Without bounded navigation too: the template then renders furo's own
    sidebar, its captions given the heading level they lack."""
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_navigation(app: Sphinx) -> None:
    app.connect("config-inited", add_sidebar_template)
    navigation = BoundedNavigation()
    app.connect("env-updated", navigation.forget)
    app.connect("html-page-context", navigation.page_context)
    updates = SidebarUpdates()
    # Before Sphinx's own collectors forget the document's title and toctrees.
    app.connect("env-purge-doc", updates.before_purge, priority=100)
    app.connect("env-get-updated", updates.pages_to_rewrite)
