"""Every configuration value of the eventnotes and publications extensions, in one place.

Each value is declared once in :data:`SETTINGS`: its name (always
``eventnotes_``-prefixed), default, what a change rebuilds, its types and one
line for the reference page, whose table the ``eventnotes-config-values``
directive generates from here.  Both extensions load this module as an
extension of its own (``app.setup_extension("eventnotes.config")``), so the
values are registered once whichever of them a project loads.

A value that had another name is still read under it (:data:`RENAMED`), with
a warning: a site's ``conf.py`` keeps working while it is updated.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from eventnotes.validation import WarningSubtype, warn
from eventnotes.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config, _ConfigRebuild
    from sphinx.util.typing import ExtensionMetadata

__ = get_translation("eventnotes", "console")

#: The prefix of every configuration value the extensions register.
PREFIX = "eventnotes_"


@dataclasses.dataclass(frozen=True)
class Setting:
    """One configuration value, as ``Sphinx.add_config_value`` takes it."""

    name: str
    default: Any
    #: What a change rebuilds: "env" (every document is read again), "html" (the HTML pages), "" (nothing).
    rebuild: _ConfigRebuild
    types: frozenset[type]
    #: One line of reStructuredText, for the reference page.
    description: str


SETTINGS: tuple[Setting, ...] = (
    Setting("eventnotes_date_format", "%d %B %Y", "env", frozenset({str}),
            "How talk and conference dates are shown (Sphinx's date format codes)."),
    Setting("eventnotes_day_format", "%A, %d %B %Y", "env", frozenset({str}),
            "The day headings of a conference's list of talks."),
    Setting("eventnotes_speaker_pages_dir", "speakers", "html", frozenset({str}),
            "The folder of the speaker pages in HTML output."),
    Setting("eventnotes_topic_pages_dir", "topics", "html", frozenset({str}),
            "The folder of the topic pages in HTML output."),
    Setting("eventnotes_language_pages_dir", "languages", "env", frozenset({str}),
            "The folder of the language pages in HTML output."),
    Setting("eventnotes_feeds_dir", "feeds", "html", frozenset({str}),
            "The folder of the Atom feeds in HTML output."),
    Setting("eventnotes_site_feed_size", 50, "html", frozenset({int}),
            "How many of the newest talks the site's feed holds; ``0`` for all of them."),
    # The same default as a piece's size: an index that fits in one piece is one page, no larger
    # than a piece of a split one (this site's indices have a few hundred rows; the pyvideo
    # archive's Speaker Index about 40,000).
    Setting("eventnotes_index_split_threshold", 2000, "html", frozenset({int}),
            "With ``html_split_index``, an index (the Speaker Index, the Topics index, the general "
            "index) is split into a page per letter only when it has more rows than this; ``0`` "
            "splits every index."),
    Setting("eventnotes_index_piece_entries", 2000, "html", frozenset({int}),
            "The most rows a piece of a split index holds (a name and each of its talks are a row each)."),
    Setting("eventnotes_bounded_navigation", True, "html", frozenset({bool}),
            "The sidebar shows the home page's toctrees and the current page's branch only; "
            "``False`` for the theme's full navigation."),
    Setting("eventnotes_navigation_limit", 50, "html", frozenset({int, type(None)}),
            "With bounded navigation, the most entries a toctree of the sidebar lists; ``None`` for all."),
    Setting("eventnotes_pagefind", True, "", frozenset({bool}),
            "The website's search page uses Pagefind; ``False`` keeps Sphinx's search alone."),
    # The build command (scripts/sphinx_build.py) runs Pagefind itself once Sphinx's process has
    # ended, so that the two do not hold their memory at the same time: it passes this with -D.
    Setting("eventnotes_pagefind_after_build", "", "", frozenset({str}),
            "A file to which each build adds its Pagefind run (a line of JSON) instead of starting it, "
            "for the process that runs the build to complete; ``\"\"`` starts Pagefind in the build."),
    Setting("eventnotes_website_only_documents", [], "env", frozenset({list, tuple}),
            "Documents the PDF and the EPUB leave out (the website has them)."),
    Setting("eventnotes_pdf_leaves_out_empty_imported_talks", True, "", frozenset({bool}),
            "The PDF leaves out the imported talks whose page is as the importer wrote it (an empty "
            "Notes section); ``False`` keeps the whole programme in the PDF, as on the website."),
)

#: Old name -> the name it was given.  The old name is read, with a warning.
RENAMED: dict[str, str] = {
    "website_only_documents": "eventnotes_website_only_documents",
}


def setting(name: str) -> Setting:
    return next(setting for setting in SETTINGS if setting.name == name)


def read_renamed_values(app: Sphinx, config: Config) -> None:
    """A value set under its old name is the value of its new name (unless that is set too)."""
    for old, new in RENAMED.items():
        value = getattr(config, old)
        if value is None:
            continue
        warn(
            __("the configuration value '%s' is now '%s'; set that one in conf.py (the old name will go)")
            % (old, new),
            WarningSubtype.deprecated_config,
            location=None,
        )
        if getattr(config, new) == setting(new).default:
            setattr(config, new, value)


class ConfigValuesDirective(SphinxDirective):
    """``.. eventnotes-config-values::``: the configuration values, for the reference page.

    Generated from :data:`SETTINGS`, so the documentation lists exactly the
    values the extensions register, with their defaults.
    """

    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        items = nodes.definition_list()
        for value in SETTINGS:
            default = repr(value.default)
            term = nodes.term(
                "", "", nodes.literal(value.name, value.name),
                nodes.Text(" (default "), nodes.literal(default, default), nodes.Text(")"),
            )
            definition = nodes.definition("", *self.parse_text_to_nodes(value.description))
            items += nodes.definition_list_item("", term, definition)
        return [items]


def setup(app: Sphinx) -> ExtensionMetadata:
    for value in SETTINGS:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types,
                             description=value.description)
    for old, new in RENAMED.items():
        known = setting(new)
        app.add_config_value(old, None, known.rebuild, types=known.types | {type(None)},
                             description=f"Old name of ``{new}``.")
    # Before any other handler reads the values (publications' reads the new name).
    app.connect("config-inited", read_renamed_values, priority=100)
    app.add_directive("eventnotes-config-values", ConfigValuesDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
