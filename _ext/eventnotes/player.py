"""Recordings played in the page, privately: a click-to-play player on the website.

A talk's ``:video:`` on a service with an embeddable player is a
:class:`~eventnotes.nodes.recording` in the doctree: a link, named by the
service, which every builder writes as a link (the PDF and the EPUB have no
player).  For the website's HTML builders only, a post-transform adds a
:class:`~eventnotes.nodes.player` below the talk's metadata: a local button
("Play on YouTube" and the talk's title) that requests nothing from the
service, no thumbnail, no script, no cookie; the service's player address is
in a ``data-`` attribute until the reader presses the button, when
``eventnotes-player.js`` puts it in a titled ``<iframe>``.  The script and its
styles are added to the pages that have a player, and to no other.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import clean_astext

from eventnotes import nodes as en_nodes
from eventnotes.media import recording

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

_ = get_translation("eventnotes")

#: The builders of web pages, which may load a third party's player when the reader asks; not
#: the EPUB, read offline in an application, nor the PDF: they get the link alone.
WEBSITE_BUILDERS = ("html", "dirhtml", "singlehtml")
SCRIPT = "eventnotes-player.js"
STYLESHEET = "eventnotes-player.css"


class AddPlayers(SphinxPostTransform):
    """Below each talk's metadata, a player for its recording, on the website only."""

    builders = WEBSITE_BUILDERS
    # Any: it needs no other post-transform's work, and none needs its player.
    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        for link in list(self.document.findall(en_nodes.recording)):
            found = recording(link["refuri"])
            if found is None:  # a doctree of an older recognizer
                continue
            talk = self.enclosing_talk(link)
            player = en_nodes.player(embed=found.embed, service=found.name, title=self.talk_title(talk))
            if talk is None:
                # Not in a talk block (a directive of its own, one day): after the link's paragraph.
                paragraph = link.parent
                paragraph.parent.insert(paragraph.parent.index(paragraph) + 1, player)
                continue
            meta = next((child for child in talk.children if isinstance(child, nodes.field_list)), None)
            talk.insert(talk.index(meta) + 1 if meta is not None else 0, player)

    @staticmethod
    def enclosing_talk(node: nodes.Node) -> en_nodes.talk | None:
        while node is not None and not isinstance(node, en_nodes.talk):
            node = node.parent
        return node

    @staticmethod
    def talk_title(talk: en_nodes.talk | None) -> str:
        section = talk.parent if talk is not None else None
        if isinstance(section, nodes.section) and section.children and isinstance(section[0], nodes.title):
            return clean_astext(section[0])
        return ""


def visit_player(self: HTML5Translator, node: en_nodes.player) -> None:
    service, title = node["service"], node["title"]
    label = _("Play on %s") % service
    name = f"{label}: {title}" if title else label
    frame_title = f"{title} ({service})" if title else label
    # data-pagefind-ignore: the button's words are not the notes', search leaves them out.
    self.body.append(
        '<div class="eventnotes-player" data-pagefind-ignore="all">'
        f'<button type="button" class="eventnotes-player-button" aria-label="{html.escape(name)}"'
        f' data-eventnotes-embed="{html.escape(node["embed"])}"'
        f' data-eventnotes-title="{html.escape(frame_title)}">'
        '<span class="eventnotes-player-icon" aria-hidden="true"></span>\n'
        f'<span class="eventnotes-player-label">{html.escape(label)}</span>\n'
        + (f'<span class="eventnotes-player-title">{html.escape(title)}</span>' if title else "")
        + "</button>"
    )
    raise nodes.SkipChildren


def depart_player(self: HTML5Translator, node: en_nodes.player) -> None:
    self.body.append("</div>\n")


def add_player_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: nodes.document | None
) -> None:
    """The player's script and styles, on the pages that have a player (Sphinx adds a file added
    during ``html-page-context`` to that page alone)."""
    if doctree is not None and any(True for _node in doctree.findall(en_nodes.player)):
        app.add_css_file(STYLESHEET)
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_player(app: Sphinx) -> None:
    app.add_node(en_nodes.player, html=(visit_player, depart_player))
    app.add_post_transform(AddPlayers)
    app.connect("html-page-context", add_player_assets)
