"""eventnotes: talks, conferences and speakers as Sphinx objects.

See the site's reference page (``reference.rst``) for what note-takers write.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from eventnotes.accessibility import setup_accessibility
from eventnotes.directives import setup_directives
from eventnotes.domain import setup_domain
from eventnotes.export import setup_export
from eventnotes.feeds import setup_feeds
from eventnotes.general_index import setup_general_index
from eventnotes.index_pieces import setup_index_pieces
from eventnotes.indices import LANGUAGE_INDEX, SPEAKER_INDEX, TOPIC_INDEX
from eventnotes.latex_fonts import setup_latex_fonts
from eventnotes.listings import setup_listings
from eventnotes.navigation import setup_navigation
from eventnotes.pages import setup_pages
from eventnotes.player import setup_player
from eventnotes.programme import setup_programme_order
from eventnotes.search import setup_search
from eventnotes.site_address import setup_site_address
from eventnotes.transforms import setup_transforms
from eventnotes.version import __version__
from eventnotes.webmeta import setup_webmeta

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

HERE = Path(__file__).parent


def add_static_path(app: Sphinx, config: Config) -> None:
    """At ``config-inited``, before Sphinx compares the configuration with the last build's: a
    folder added later (at ``builder-inited``) is in the configuration kept with the environment
    but not in the next build's, which then reports the configuration as changed.  Only the
    HTML-format builders read ``html_static_path``."""
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def add_stylesheet(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("eventnotes.css")


def add_speaker_index_css(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: object
) -> None:
    """Only the Speaker, Topics and Languages indices (and their pieces) get the stylesheet that sets
    their entries in the body font."""
    indices = (SPEAKER_INDEX, TOPIC_INDEX, LANGUAGE_INDEX)
    if pagename in indices or context.get("index_page") in indices:
        app.add_css_file("eventnotes-speaker-index.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("eventnotes.config")
    app.setup_extension("eventnotes.release")
    app.add_message_catalog("eventnotes", str(HERE / "locales"))

    setup_directives(app)
    setup_domain(app)
    setup_transforms(app)
    setup_listings(app)
    setup_pages(app)
    setup_feeds(app)
    setup_index_pieces(app)
    setup_general_index(app)
    setup_navigation(app)
    setup_programme_order(app)
    setup_latex_fonts(app)
    setup_site_address(app)
    setup_export(app)
    setup_webmeta(app)
    setup_search(app)
    setup_accessibility(app)
    setup_player(app)
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", add_stylesheet)
    app.connect("html-page-context", add_speaker_index_css)

    return {
        "version": __version__,
        # 12: a talk says whether its page has notes (Talk.notes); its links are named by their
        # service or host, and a recording is a node of its own
        "env_version": 12,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
