"""Programme order: a conference's talks follow its programme in the toctree.

A conference page usually lists its talks with a glob toctree (``talks/*``),
which Sphinx orders by file name.  The page itself shows them by date, then
as listed there (:attr:`Talk.sort_key <eventnotes.records.Talk.sort_key>`).
Once every document is read (``env-updated``), the entries of a conference
page's toctrees that are talks of that conference are put in that order, in
the places talks held; other entries stay where they are.  Sphinx makes the
sidebar, the previous and next links and the toctree shown in the page from
these entries (``env.tocs`` and ``env.toctree_includes``), and a post-transform
orders the page's own toctree nodes the same way, so all show one order.

The LaTeX builder inlines each toctree's documents from the doctrees as they
were read, in file-name order, before any post-transform runs: there a
post-transform puts the inlined talks (``start_of_file`` nodes, where the
toctree was) in programme order, so that the PDF's chapters and its table of
contents follow the programme too.

An incremental build rewrites the pages that show an order that changed: the
conference page and the pages below it (their sidebars), and the pages whose
previous, next or parent link changed.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any, TypeVar

from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from eventnotes.domain import EventNotesDomain

T = TypeVar("T")


def programme_ranks(domain: EventNotesDomain, docname: str) -> dict[str, int]:
    """The position in the programme of each talk document of the conference
    whose page is ``docname`` (empty when it is no conference's page)."""
    conference = domain.conference_of(docname)
    if conference is None or conference.docname != docname:
        return {}
    ranks: dict[str, int] = {}
    for position, talk in enumerate(domain.talks_of(conference)):
        ranks.setdefault(talk.docname, position)
    return ranks


def in_programme_order(items: Iterable[T], ranks: dict[str, int], docname_of: Callable[[T], str]) -> list[T]:
    """``items`` with the talks sorted by their rank, in the places talks held."""
    items = list(items)
    places = [place for place, item in enumerate(items) if docname_of(item) in ranks]
    talks = sorted((items[place] for place in places), key=lambda item: ranks[docname_of(item)])
    for place, talk in zip(places, talks):
        items[place] = talk
    return items


def order_toctree(toctree: addnodes.toctree, ranks: dict[str, int]) -> None:
    # New lists: a node's copy in env.tocs may share them with the doctree's node.
    toctree["entries"] = in_programme_order(toctree["entries"], ranks, lambda entry: entry[1])
    toctree["includefiles"] = in_programme_order(toctree["includefiles"], ranks, str)


class ProgrammeOrder:
    """Orders the conference pages' toctrees after reading, and says which
    unchanged pages to rewrite because of it."""

    def __init__(self) -> None:
        self._includes: dict[str, list[str]] = {}
        self._relations: dict[str, list[str | None]] | None = None

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Note the toctrees and the previous/next links as the last build left them."""
        if env.all_docs:
            self._includes = {docname: list(children) for docname, children in env.toctree_includes.items()}
            self._relations = env.collect_relations()

    def reorder(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        domain: EventNotesDomain = env.domains["event"]
        for conference in domain.conferences():
            docname = conference.docname
            if docname not in env.toctree_includes or not (ranks := programme_ranks(domain, docname)):
                continue
            env.toctree_includes[docname] = in_programme_order(env.toctree_includes[docname], ranks, str)
            if (toc := env.tocs.get(docname)) is not None:
                for toctree in toc.findall(addnodes.toctree):
                    order_toctree(toctree, ranks)
        includes, self._includes = self._includes, {}
        relations, self._relations = self._relations, None
        if relations is None:
            return []  # a first build writes every page
        return sorted(self.shown_elsewhere(env, includes, relations))

    @staticmethod
    def shown_elsewhere(
        env: BuildEnvironment, includes: dict[str, list[str]], relations: dict[str, list[str | None]]
    ) -> set[str]:
        """The pages that show an order that changed since the last build."""
        rewrite = {
            docname for docname, links in env.collect_relations().items() if relations.get(docname) != links
        }
        queue = collections.deque(
            docname for docname, children in env.toctree_includes.items() if includes.get(docname, children) != children
        )
        while queue:
            docname = queue.popleft()
            if docname not in rewrite:
                rewrite.add(docname)
                queue.extend(env.toctree_includes.get(docname, ()))
        return rewrite & env.all_docs.keys()


class ProgrammeOrderInPage(SphinxPostTransform):
    """The toctrees shown in a conference page, in programme order."""

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        domain: EventNotesDomain = self.env.domains["event"]
        ranks = programme_ranks(domain, self.env.docname)
        if ranks:
            for toctree in self.document.findall(addnodes.toctree):
                order_toctree(toctree, ranks)


class ProgrammeOrderInTheBook(SphinxPostTransform):
    """The talks the LaTeX builder inlined in its one tree, in programme order."""

    builders = ("latex",)
    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        domain: EventNotesDomain = self.env.domains["event"]
        ranks: dict[str, tuple[str, int]] = {}
        for conference in domain.conferences():
            for docname, position in programme_ranks(domain, conference.docname).items():
                ranks.setdefault(docname, (conference.docname, position))
        if not ranks:
            return
        parents = {id(start.parent): start.parent for start in self.document.findall(addnodes.start_of_file)}
        for parent in parents.values():
            children = list(parent.children)
            ordered = in_programme_order(children, ranks, inlined_docname)  # type: ignore[arg-type]
            if ordered != children:
                parent.children = ordered


def inlined_docname(node: object) -> str:
    return node["docname"] if isinstance(node, addnodes.start_of_file) else ""


def setup_programme_order(app: Sphinx) -> None:
    order = ProgrammeOrder()
    app.connect("env-before-read-docs", order.before_reading)
    app.connect("env-updated", order.reorder)
    app.add_post_transform(ProgrammeOrderInPage)
    app.add_post_transform(ProgrammeOrderInTheBook)
