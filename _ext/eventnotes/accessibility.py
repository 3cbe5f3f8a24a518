"""What the website's pages need for readers of every kind (WCAG 2.1, A and AA).

Most of it is in the templates: the sidebar's captions are headings with a
level (``sidebar/navigation.html``), furo's two side panels have names
(``page.html``), the search page has its heading (``search.html``).  Here:

- a code block is reachable from the keyboard (``tabindex="0"`` on its
  ``<pre>``): a long line scrolls the block sideways, and a reader without a
  mouse scrolls it once it has the focus (WCAG 2.1.1, axe's
  ``scrollable-region-focusable``).  Pygments writes the ``<pre>``; its
  markup has no place for the attribute, so the page's body gets it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The start of a code block as Pygments' HTML formatter writes it for Sphinx.
CODE_BLOCK = '<div class="highlight"><pre>'
FOCUSABLE_CODE_BLOCK = '<div class="highlight"><pre tabindex="0">'


def focusable_code_blocks(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if isinstance(body, str) and CODE_BLOCK in body:
        context["body"] = body.replace(CODE_BLOCK, FOCUSABLE_CODE_BLOCK)


def setup_accessibility(app: Sphinx) -> None:
    app.connect("html-page-context", focusable_code_blocks)
