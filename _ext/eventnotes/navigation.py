"""Bounded site navigation: the sidebar shows the top-level entries, and opens
only the branch that leads to the current page.

furo renders the whole site's toctree into every page's sidebar, so each page
costs time and bytes in proportion to the size of the site, and a site of
thousands of talks takes quadratic time to build.  Here the template's
``toctree()`` is replaced, page by page, by one that resolves just the
top-level toctrees of the root document and the toctrees of the current
page's ancestors: the same tree Sphinx gives with ``collapse=True``, without
walking every document.  Set ``eventnotes_bounded_navigation = False`` to
get the theme's full navigation back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import url_re
from sphinx.util.nodes import clean_astext

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class BoundedNavigation:
    """The navigation of one build; what it derives from the toctrees is kept per build."""

    def __init__(self) -> None:
        self._parents: dict[str, str] | None = None

    def forget(self, app: Sphinx, env: BuildEnvironment) -> None:
        self._parents = None

    def parents(self, env: BuildEnvironment) -> dict[str, str]:
        """Each document's parent in the toctree, computed once per build."""
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

    def install(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        if not app.config.eventnotes_bounded_navigation or "toctree" not in context:
            return
        builder = app.builder
        if not isinstance(builder, StandaloneHTMLBuilder):
            return
        context["toctree"] = lambda **kwargs: self.render(app.env, builder, pagename)

    def render(self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str) -> str:
        tree = self.tree(env, builder, pagename)
        return builder.render_partial(tree)["fragment"] if tree is not None else ""

    def tree(
        self, env: BuildEnvironment, builder: StandaloneHTMLBuilder, pagename: str
    ) -> addnodes.compact_paragraph | None:
        open_branches = set(self.ancestors(env, pagename))
        root = addnodes.compact_paragraph("", "", toctree=True)
        for toctree in env.master_doctree.findall(addnodes.toctree):
            if caption := toctree.get("caption"):
                root += nodes.title(caption, caption)
            entries = nodes.bullet_list()
            for title, ref in toctree["entries"]:
                if item := self.item(env, builder, pagename, ref, title, 1, open_branches):
                    entries += item
            if len(entries):
                root += entries
        if not any(isinstance(child, nodes.bullet_list) for child in root.children):
            return None
        self.mark_current(root, pagename, builder)
        return root

    def item(
        self,
        env: BuildEnvironment,
        builder: StandaloneHTMLBuilder,
        pagename: str,
        ref: str,
        title: str | None,
        depth: int,
        open_branches: set[str],
    ) -> nodes.list_item | None:
        if url_re.match(ref):
            refuri, text, internal = ref, title or ref, False
        elif ref in env.titles:
            refuri = builder.get_relative_uri(pagename, ref)
            text, internal = title or clean_astext(env.titles[ref]), True
        else:
            return None  # 'self', generated pages, and documents Sphinx already warned about
        level = f"toctree-l{depth}"
        reference = nodes.reference("", "", nodes.Text(text), internal=internal, refuri=refuri)
        reference["eventnotes_docname"] = ref
        item = nodes.list_item("", addnodes.compact_paragraph("", "", reference, classes=[level]), classes=[level])
        if ref in open_branches:
            children = nodes.bullet_list()
            for child in env.toctree_includes.get(ref, ()):
                if sub := self.item(env, builder, pagename, child, None, depth + 1, open_branches):
                    children += sub
            if len(children):
                item += children
        return item

    @staticmethod
    def mark_current(root: nodes.Element, pagename: str, builder: StandaloneHTMLBuilder) -> None:
        """The classes Sphinx's toctree gives the branch of the current page."""
        for reference in root.findall(nodes.reference):
            if reference.get("eventnotes_docname") == pagename:
                reference["refuri"] = "#"
                node: nodes.Element | None = reference
                while node is not None and node is not root:
                    node["classes"].append("current")
                    node = node.parent
                break
        for reference in root.findall(nodes.reference):
            del reference["eventnotes_docname"]


def setup_navigation(app: Sphinx) -> None:
    app.add_config_value("eventnotes_bounded_navigation", True, "html", types=frozenset({bool}))
    navigation = BoundedNavigation()
    app.connect("env-updated", navigation.forget)
    # Before the theme's own handler (priority 500), which calls toctree().
    app.connect("html-page-context", navigation.install, priority=400)
