"""The website, and the PDF and EPUB: what each shows of the same sources.

The PDF and the EPUB are the notes' release; the website also has pages
about the site itself, and a search page.  This extension gives sources and
builders a way to say so:

- the tag ``website`` (for ``.. only:: website``) is set when the builder
  writes the website, with its search page (``html``, ``dirhtml``);
- ``eventnotes_website_only_documents``: documents the PDF and the EPUB leave out.  They
  are read as any other (so that the website's cross-references to them
  resolve); in the PDF and the EPUB they are dropped from the toctrees, and
  references to them keep their text without a link (:mod:`eventnotes.release`,
  which also leaves the imported talks without notes out of the PDF);
- in the EPUB, sphinx-design's tab sets become a titled section per tab, one
  after the other: an e-book has no tabs to click, and the radio buttons and
  labels of the HTML tabs are not valid EPUB XHTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from eventnotes.internals import SPHINX_DESIGN_TABS_PRIORITY, builds_search_index, design_component

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The suffix of the EPUB builder's pages (``out_suffix`` of Sphinx's ``Epub3Builder``).
EPUB_SUFFIX = ".xhtml"


def tag_the_website(app: Sphinx) -> None:
    if app.builder.format == "html" and builds_search_index(app.builder):
        app.tags.add("website")


def leave_out_of_the_epub(app: Sphinx, config: Config) -> None:
    """The EPUB packs every page its builder wrote except ``epub_exclude_files``.

    Set from the configuration alone, when it is read, so that the value saved
    with the environment is the same at the next build (a change would make
    Sphinx read every document again).  The images that only these documents
    show are still packed: nothing links to them.
    """
    config.epub_exclude_files = [
        *config.epub_exclude_files,
        *(f"{docname}{EPUB_SUFFIX}" for docname in config.eventnotes_website_only_documents),
    ]


class TabSetsAsSections(SphinxPostTransform):
    """In the EPUB, a tab set becomes each tab's title (a rubric) and content, in order.

    sphinx-design's own post-transform (SPHINX_DESIGN_TABS_PRIORITY) turns the tab set into
    radio buttons and labels for HTML output, the EPUB's too; this one runs
    first, so that no tab set is left for it.
    """

    builders = ("epub",)
    default_priority = SPHINX_DESIGN_TABS_PRIORITY - 1

    def run(self, **kwargs: Any) -> None:
        for tab_set in list(self.document.findall(is_tab_set)):
            replacement = nodes.container(ids=tab_set["ids"], classes=["tab-set-as-sections"])
            for child in tab_set.children:
                replacement += tab_as_section(child) if is_tab_item(child) else child
            replacement.source, replacement.line = tab_set.source, tab_set.line
            # Not replace_self(), which would give the replacement the tab set's classes too.
            tab_set.parent.replace(tab_set, replacement)


def is_tab_set(node: nodes.Node) -> bool:
    return design_component(node) == "tab-set"


def is_tab_item(node: nodes.Node) -> bool:
    return design_component(node) == "tab-item"


def tab_as_section(tab_item: nodes.Element) -> nodes.Element:
    """A tab item (sphinx-design: a rubric, its label, then a tab-content container) as a plain titled block."""
    section = nodes.container(ids=tab_item["ids"], classes=["tab-as-section"])
    for child in tab_item.children:
        if isinstance(child, nodes.Element):
            child["classes"] = [name for name in child["classes"] if not name.startswith("sd-tab")]
        if design_component(child) == "tab-content":
            section.extend(child.children)
        else:
            section += child
    return section


def setup(app: Sphinx) -> ExtensionMetadata:
    # eventnotes_website_only_documents is declared with the eventnotes values.
    app.setup_extension("eventnotes.config")
    # Leaves the website-only documents out of the PDF and the EPUB.
    app.setup_extension("eventnotes.release")
    app.connect("builder-inited", tag_the_website)
    app.connect("config-inited", leave_out_of_the_epub)
    app.add_post_transform(TabSetsAsSections)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
