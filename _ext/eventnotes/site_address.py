"""The site's absolute address, for what is read away from the site.

Feeds, the open-data exports and the pages' web metadata (OpenGraph,
JSON-LD, the sitemap) all carry absolute addresses, made from
``html_baseurl`` (Read the Docs sets it) and the builder's own page
addresses, so that ``dirhtml`` works too.  Without a base URL none of them
is written, and the build says so in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from sphinx.locale import get_translation
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

__ = get_translation("eventnotes", "console")
logger = logging.getLogger(__name__)

#: Builders whose pages are a website, read at ``html_baseurl``.
WEBSITE_BUILDERS = frozenset({"html", "dirhtml"})


def base_url(config: Config) -> str:
    """``html_baseurl`` as the folder the pages' addresses are relative to ("" without one)."""
    url = config.html_baseurl
    return url if not url or url.endswith("/") else url + "/"


def has_site_address(app: Sphinx) -> bool:
    """Whether this build writes a website with a known absolute address."""
    return app.builder.name in WEBSITE_BUILDERS and bool(app.config.html_baseurl)


class SiteAddresses:
    """Absolute addresses of the site's pages and files."""

    def __init__(self, builder: Builder) -> None:
        self.base = base_url(builder.config)
        self.builder = builder

    def page(self, docname: str, anchor: str = "") -> str:
        url = self.file(self.builder.get_target_uri(docname))
        return f"{url}#{anchor}" if anchor else url

    def file(self, path: str) -> str:
        return self.base + quote(path, safe="/")


def say_what_needs_a_base_url(app: Sphinx) -> None:
    if app.builder.name in WEBSITE_BUILDERS and not app.config.html_baseurl:
        logger.info(
            __("eventnotes: html_baseurl is not set, so there are no Atom feeds, no schedule.json or talks.json, "
               "no OpenGraph tags or JSON-LD and no sitemap: all of them need the site's absolute address "
               "(Read the Docs sets it)")
        )


def setup_site_address(app: Sphinx) -> None:
    app.connect("builder-inited", say_what_needs_a_base_url)
