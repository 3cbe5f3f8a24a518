"""What the PDF and the EPUB, the notes' release, leave out of the site.

Two kinds of documents are left out, by one mechanism:

- ``eventnotes_website_only_documents``, in the PDF and the EPUB: the pages
  about the site itself (declared in ``conf.py``, see ``publications.py``);
- in the PDF, with ``eventnotes_pdf_leaves_out_empty_imported_talks`` (the
  default), the imported talks nobody wrote notes for yet: a page with a
  ``:source-id:`` that is still as the importer wrote it, its title, the talk
  block and an empty Notes section (:attr:`Talk.notes <eventnotes.records.Talk.notes>`).
  A page written by hand stays, however short.

The documents are read as any other, so the website's links to them resolve.
In the release they are dropped from the toctrees (the LaTeX builder has
already inlined them: their part of the book goes, and they leave the
builder's documents, so the Speaker Index and the Topics index do not list
them), and a link to them keeps its text, without a link
(:func:`eventnotes.records.link_to` for the extension's own links).  Nothing
points at a label the PDF does not have: ``make latexpdf`` fails on an
undefined reference (``scripts/sphinx_build.py``).

Loaded as an extension of its own by both ``eventnotes`` and ``publications``,
so that it runs once whichever of them a project loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join

from eventnotes.internals import SPHINX_REFERENCES_RESOLVER_PRIORITY
from eventnotes.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

#: The builders of the release: the PDF and the EPUB.
PUBLICATION_BUILDERS = ("latex", "epub")


def leaves_out(builder: Builder, docname: str, notes: bool = True) -> bool:
    """Whether the builder leaves the document out; ``notes`` is False for an imported talk
    whose page is as the importer wrote it."""
    if builder.name not in PUBLICATION_BUILDERS:
        return False
    config = builder.config
    if docname in config.eventnotes_website_only_documents:
        return True
    return not notes and builder.name == "latex" and config.eventnotes_pdf_leaves_out_empty_imported_talks


def left_out_documents(builder: Builder) -> set[str]:
    """Every document the builder leaves out."""
    if builder.name not in PUBLICATION_BUILDERS:
        return set()
    left_out = set(builder.config.eventnotes_website_only_documents)
    domain = builder.env.domains.get("event")
    if domain is not None:
        left_out.update(
            talk.docname
            for talk in domain.all_talks()  # type: ignore[attr-defined]
            if leaves_out(builder, talk.docname, talk.notes)
        )
    return left_out


def target_document(env: BuildEnvironment, node: addnodes.pending_xref) -> str | None:
    """The document a ``:doc:`` or ``:ref:`` cross-reference points to."""
    if node.get("refdomain") != "std":
        return None
    if node["reftype"] == "doc":
        return docname_join(node["refdoc"], node["reftarget"])
    if node["reftype"] in {"ref", "numref"}:
        std = env.domains.standard_domain
        label = node["reftarget"].lower()
        found = std.labels.get(label) or std.anonlabels.get(label)
        return found[0] if found else None
    return None


class LeaveOutDocuments(SphinxPostTransform):
    """In the PDF and the EPUB: no toctree entry for, and no link to, a document left out."""

    builders = PUBLICATION_BUILDERS
    default_priority = SPHINX_REFERENCES_RESOLVER_PRIORITY - 5  # before pending_xref become links

    def run(self, **kwargs: Any) -> None:
        # Sphinx 9 deprecates the transform's ``app``; its builder is reached through the environment.
        builder = self.env._app.builder
        left_out = left_out_documents(builder)
        if not left_out:
            return
        for toctree in self.document.findall(addnodes.toctree):
            toctree["entries"] = [(title, ref) for title, ref in toctree["entries"] if ref not in left_out]
            toctree["includefiles"] = [name for name in toctree["includefiles"] if name not in left_out]
        # The LaTeX builder has already inlined the toctrees' documents, and counts them among
        # its documents, which its domain indices (the Speaker Index) list the talks of.
        for start in list(self.document.findall(addnodes.start_of_file)):
            if start["docname"] in left_out:
                start.parent.remove(start)
        if isinstance(docnames := getattr(builder, "docnames", None), set):
            docnames.difference_update(left_out)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            target = target_document(self.env, xref)
            if target in left_out:
                xref.replace_self(self.text_of(xref, target))

    def text_of(self, xref: addnodes.pending_xref, docname: str) -> list[nodes.Node]:
        """What the link would have shown: its explicit title, or the document's or section's title."""
        if xref.get("refexplicit"):
            return xref.children
        if xref["reftype"] == "doc" and docname in self.env.titles:
            return [nodes.inline("", self.env.titles[docname].astext())]
        label = self.env.domains.standard_domain.labels.get(xref["reftarget"].lower())
        if xref["reftype"] == "ref" and label:
            return [nodes.inline("", label[2])]
        return xref.children


def leave_out_index_entries(app: Sphinx, builder: Builder) -> None:
    """The EPUB's general index is made from every document's index entries: a document the
    EPUB leaves out takes its entries with it (the reference page's command-line options).

    At ``write-started``, once the environment is saved, so that the website keeps them.
    """
    if builder.name != "epub":
        return
    entries = builder.env.domains.index_domain.entries
    for docname in left_out_documents(builder):
        entries.pop(docname, None)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("eventnotes.config")
    app.add_post_transform(LeaveOutDocuments)
    app.connect("write-started", leave_out_index_entries)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
