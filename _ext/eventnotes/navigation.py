"""Bounded site navigation: the sidebar lists the top-level entries and opens
only the branch that leads to the current page.

furo renders the whole site's toctree into every page's sidebar, so each page
costs time and bytes in proportion to the size of the site, and a site of
thousands of talks takes quadratic time to build.  Here the template's
``toctree()`` gives, for each page, the tree Sphinx gives with
``collapse=True`` (the tests compare the two), built from the root
document's toctrees and the toctree parents of the current page, without
resolving every document's toctree.  A root toctree longer than
``eventnotes_navigation_limit`` shows its first entries, the current page's
entry and a link to the home page for the rest, so that a page's size stops
growing with the number of conferences too.  With furo, the theme's sidebar markup is
computed from that tree, and only the open branch is parsed per page.

An incremental build also rewrites the unchanged pages whose sidebar shows a
page that was retitled, added, moved or removed (:class:`SidebarUpdates`).

``eventnotes_bounded_navigation = False`` restores the theme's full navigation.
"""

from __future__ import annotations

import collections
import html
import posixpath
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import get_translation
from sphinx.util import url_re

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


_ = get_translation("eventnotes")


class Item(NamedTuple):
    html: str
    on_branch: bool


class _Page(NamedTuple):
    """The page whose sidebar is being made."""

    env: BuildEnvironment
    builder: StandaloneHTMLBuilder
    name: str
    folder: str  # its output folder: the links of a closed entry depend on nothing else
    branch: set[str]  # the page and the documents above it in the toctree
    checkboxes: _Counter | None  # furo's expand/collapse controls, numbered per page


_TAGS = re.compile(r"<[^>]+>")


def _has_entry(env: BuildEnvironment, ref: str) -> bool:
    """Whether a toctree entry shows in the sidebar: a URL, or a document with a
    title (not 'self', generated pages or documents Sphinx already warned about)."""
    return bool(url_re.match(ref)) or ref in env.titles


def _joined(pieces: list[str | Item]) -> str:
    return "".join(piece if isinstance(piece, str) else piece.html for piece in pieces)


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count


def _furo_controls(number: int, label: str) -> str:
    """The checkbox and label furo puts into an entry with children."""
    name = f"toctree-checkbox-{number}"
    return (
        f'<input aria-label="Toggle navigation of {html.escape(label, quote=True)}" checked="" '
        f'class="toctree-checkbox" id="{name}" name="{name}" role="switch" type="checkbox"/>'
        f'<label for="{name}"><span class="icon"><svg><use href="#svg-arrow-right"></use></svg></span></label>'
    )


class BoundedNavigation:
    """The navigation of one build.  What it derives from the environment
    (toctree parents, rendered titles) is computed once and dropped when the
    environment changes."""

    def __init__(self) -> None:
        self.forget()
        self._stashed: dict[str, Callable[..., str]] = {}

    def forget(self, *args: object) -> None:
        self._parents: dict[str, str] | None = None
        self._listings: collections.Counter[str] | None = None
        self._closed: dict[tuple[str, str | None, str, int], Item | None] = {}
        self._titles: dict[str, str] = {}
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

    def listings(self, env: BuildEnvironment) -> collections.Counter[str]:
        """How many toctree entries list each document."""
        if self._listings is None:
            self._listings = collections.Counter(
                child for children in env.toctree_includes.values() for child in children
            )
        return self._listings

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

    def title_html(self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, docname: str) -> str:
        if docname not in self._titles:
            title = env.titles[docname]
            self._titles[docname] = self.inline_html(builder, title.deepcopy().children)
        return self._titles[docname]

    @staticmethod
    def inline_html(builder: StandaloneHTMLBuilder, content: str | list[nodes.Node]) -> str:
        """Text or inline nodes as the HTML writer renders them."""
        if not content:
            return ""
        children = [nodes.Text(content)] if isinstance(content, str) else content
        fragment = builder.render_partial(nodes.inline("", "", *children))["fragment"]
        return fragment.removeprefix("<span>").removesuffix("</span>")

    # -- the tree ---------------------------------------------------------------------

    def items(
        self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str, *, furo: bool = False
    ) -> list[str | Item]:
        """The toctree HTML in pieces: captions and list markup as strings, and
        each top-level entry as an :class:`Item`.  With ``furo``, entries with
        children carry furo's expand/collapse controls, and the current page's
        entry furo's ``current-page`` class."""
        folder = posixpath.dirname(builder.get_target_uri(pagename))
        branch = set(self.ancestors(env, pagename))
        page = _Page(env, builder, pagename, folder, branch, _Counter() if furo else None)
        limit = env.config.eventnotes_navigation_limit
        pieces: list[str | Item] = []
        for caption, entries in self.root_toctrees(env, builder):
            items = []
            left_out = 0
            for title, ref in entries:
                if limit is not None and len(items) >= limit and ref not in branch:
                    left_out += _has_entry(env, ref)
                    continue
                if item := self.item(page, ref, title, 1):
                    items.append(item)
            if not items:
                continue
            if left_out:
                items.append(self.more_item(env, builder, pagename, left_out))
            if caption:
                pieces.append(f'<p class="caption" role="heading"><span class="caption-text">{caption}</span></p>\n')
            current = any(item.on_branch for item in items)
            pieces.append('<ul class="current">\n' if current else "<ul>\n")
            pieces += items
            pieces.append("</ul>\n")
        return pieces

    @staticmethod
    def more_item(env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str, count: int) -> Item:
        """The last entry of a toctree cut at ``eventnotes_navigation_limit``:
        a link to the home page, which lists every entry."""
        root = env.config.root_doc
        href = "#" if pagename == root else html.escape(builder.get_relative_uri(pagename, root))
        text = html.escape(_("%(count)d more …") % {"count": count}, quote=False)
        link = f'<a class="reference internal" href="{href}">{text}</a>'
        return Item(f'<li class="toctree-l1 eventnotes-more">{link}</li>\n', False)

    def item(self, page: _Page, ref: str, title: str | None, depth: int) -> Item | None:
        if ref in page.branch:
            return self.render_item(page, ref, title, depth)
        # A closed entry looks the same from every page of one output folder:
        # made once per folder, not once per page.
        key = (page.folder, title, ref, depth)
        if key not in self._closed:
            self._closed[key] = self.render_item(page, ref, title, depth)
        return self._closed[key]

    def render_item(self, page: _Page, ref: str, title: str | None, depth: int) -> Item | None:
        env, builder, pagename = page.env, page.builder, page.name
        if not _has_entry(env, ref):
            return None
        if url_re.match(ref):
            text = html.escape(title or ref, quote=False)
            link = f'<a class="reference external" href="{html.escape(ref)}">{text}</a>'
            return Item(f'<li class="toctree-l{depth}">{link}</li>\n', False)
        text = html.escape(title, quote=False) if title else self.title_html(env, builder, ref)
        on_branch = ref in page.branch
        if ref == pagename:
            link = f'<a class="current reference internal" href="#">{text}</a>'
        else:
            href = html.escape(builder.get_relative_uri(pagename, ref))
            link = f'<a class="reference internal" href="{href}">{text}</a>'
        classes = f"toctree-l{depth} current" if on_branch else f"toctree-l{depth}"
        children = controls = ""
        if on_branch:
            # furo numbers its checkboxes in document order: the parent before its children.
            number = page.checkboxes.next() if page.checkboxes is not None and env.toctree_includes.get(ref) else 0
            subitems = [
                sub
                for child in env.toctree_includes.get(ref, ())
                if (sub := self.item(page, child, None, depth + 1))
            ]
            if subitems and number:
                classes += " has-children"
                controls = _furo_controls(number, html.unescape(_TAGS.sub("", text)))
            if subitems:
                current = any(sub.on_branch for sub in subitems)
                children = (
                    ('<ul class="current">\n' if current else "<ul>\n")
                    + "".join(sub.html for sub in subitems)
                    + "</ul>\n"
                )
        if page.checkboxes is not None and ref == pagename:
            classes += " current-page"
        return Item(f'<li class="{classes}">{link}{controls}{children}</li>\n', on_branch)

    def toctree_html(self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str) -> str:
        return _joined(self.items(env, builder, pagename))

    def furo_html(self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str) -> str:
        """furo's sidebar markup for the bounded tree: what furo's own
        ``get_navigation_tree()`` makes of :meth:`toctree_html` (the tests
        compare the two), without parsing the tree again for every page."""
        if self.listings(env).get(pagename, 0) > 1:
            # A page in two toctrees: furo marks only the last as the current page.
            from furo.navigation import get_navigation_tree

            return get_navigation_tree(self.toctree_html(env, builder, pagename))
        return _joined(self.items(env, builder, pagename, furo=True))

    # -- the template context ------------------------------------------------------------

    def before_theme(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """Take the full ``toctree()`` away from the theme's own handler (priority 500)."""
        if not app.config.eventnotes_bounded_navigation or "toctree" not in context:
            return
        if not isinstance(app.builder, StandaloneHTMLBuilder):
            return
        self._stashed[pagename] = context.pop("toctree")

    def after_theme(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        if self._stashed.pop(pagename, None) is None:
            return
        env, builder = app.env, app.builder
        assert isinstance(builder, StandaloneHTMLBuilder)
        context["toctree"] = lambda **kwargs: self.toctree_html(env, builder, pagename)
        if "furo_navigation_tree" in context:
            context["furo_navigation_tree"] = self.furo_html(env, builder, pagename)


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


def setup_navigation(app: Sphinx) -> None:
    app.add_config_value("eventnotes_bounded_navigation", True, "html", types=frozenset({bool}))
    app.add_config_value("eventnotes_navigation_limit", 50, "html", types=frozenset({int, type(None)}))
    navigation = BoundedNavigation()
    app.connect("env-updated", navigation.forget)
    app.connect("html-page-context", navigation.before_theme, priority=400)
    app.connect("html-page-context", navigation.after_theme, priority=600)
    updates = SidebarUpdates()
    # Before Sphinx's own collectors forget the document's title and toctrees.
    app.connect("env-purge-doc", updates.before_purge, priority=100)
    app.connect("env-get-updated", updates.pages_to_rewrite)
