"""Search that scales: a Pagefind index beside Sphinx's own.

Sphinx's search loads the whole ``searchindex.js`` before it shows a result,
which grows with the site (tens of megabytes for an archive).  Pagefind
splits its index into chunks and fetches only those a query needs.

- At ``html-page-context``, the body of each document, speaker page and topic
  page is wrapped in ``data-pagefind-body``: Pagefind then indexes those
  pages only, and only their content, not furo's navigation (the generated
  indices and the search page have no ``body`` and stay out).
- At ``build-finished``, the ``pagefind`` binary (shipped in the
  ``pagefind_bin`` wheel) indexes the HTML output into ``_pagefind/`` inside
  the output folder.
- ``search.html`` (furo's, with its scripts block extended) runs
  ``eventnotes-search.js``: over http(s) it queries Pagefind and shows the
  results in the markup of Sphinx's search, which furo styles; from
  ``file://``, where browsers refuse the ES module and ``fetch()`` Pagefind
  needs, or when the Pagefind bundle is missing, it loads Sphinx's search and
  ``searchindex.js`` instead, which Sphinx still writes.

``eventnotes_pagefind = False`` leaves Sphinx's search as it is.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.console import bold

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

__ = get_translation("eventnotes", "console")
logger = logging.getLogger("eventnotes")

ASSETS = Path(__file__).parent / "search_assets"
#: The folder of the Pagefind bundle, inside the HTML output folder.
BUNDLE = "_pagefind"
#: Builders of a website with a search page (not singlehtml, not EPUB).
INDEXED_BUILDERS = frozenset({"html", "dirhtml"})


def searches_pages(builder: Builder) -> bool:
    """Whether the builder writes a website with a search page."""
    return builder.name in INDEXED_BUILDERS


def indexes(builder: Builder) -> bool:
    """Whether this build runs Pagefind."""
    return searches_pages(builder) and builder.config.eventnotes_pagefind


# The search page, its script and the pages' markup are the same whether Pagefind
# runs or not: switching ``eventnotes_pagefind`` (``make livehtml`` turns it off)
# rewrites no page, and the search page finds out from one attribute.


def add_search_template(app: Sphinx, config: Config) -> None:
    """Put the extension's ``search.html`` after the project's own templates."""
    config.templates_path = [*config.templates_path, str(ASSETS / "templates")]


def add_search_script(app: Sphinx) -> None:
    if searches_pages(app.builder):
        app.config.html_static_path.append(str(ASSETS / "static"))


def mark_indexed_content(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: nodes.document | None
) -> None:
    """Let Pagefind index the page's content, and nothing around it; tell the search page whether
    there is a Pagefind index."""
    if not searches_pages(app.builder):
        return
    if "body" in context:
        context["body"] = f'<div data-pagefind-body="">{context["body"]}</div>'
    if templatename == "search.html":
        context["eventnotes_pagefind"] = bool(app.config.eventnotes_pagefind)


def pagefind_command() -> list[str] | None:
    """The ``pagefind`` binary of the ``pagefind_bin`` wheel, or on the PATH."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        found = shutil.which("pagefind")
        return [found] if found else None
    try:
        return [str(get_executable())]
    except FileNotFoundError:
        return None


def write_pagefind_index(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not searches_pages(app.builder):
        return
    # Pagefind names its files by their content: an earlier index's files
    # would stay beside the new ones, and without a new one, it would be stale.
    shutil.rmtree(Path(app.outdir) / BUNDLE, ignore_errors=True)
    if not indexes(app.builder):
        return
    command = pagefind_command()
    if command is None:
        logger.warning(
            __("pagefind is not installed (pip install 'pagefind[bin]'): search falls back to Sphinx's index"),
            type="eventnotes", subtype="search",
        )
        return
    logger.info(bold(__("writing the Pagefind index... ")), nonl=True)
    options = ["--site", str(app.outdir), "--output-subdir", BUNDLE, "--exclude-selectors", ".headerlink", "--quiet"]
    if app.builder.name == "html":
        # Results link to pages as the site does, 'index.html' included
        # (dirhtml's addresses are folders).
        options.append("--keep-index-url")
    result = subprocess.run([*command, *options], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        logger.info("")
        logger.warning(
            __("pagefind failed (exit status %d): %s"), result.returncode, (result.stderr or result.stdout).strip(),
            type="eventnotes", subtype="search",
        )
        return
    logger.info(__("done"))


def setup_search(app: Sphinx) -> None:
    # No page depends on it (see above): switching it rebuilds nothing.
    app.add_config_value("eventnotes_pagefind", True, "", types=frozenset({bool}))
    app.connect("config-inited", add_search_template)
    app.connect("builder-inited", add_search_script)
    app.connect("html-page-context", mark_indexed_content)
    app.connect("build-finished", write_pagefind_index)
