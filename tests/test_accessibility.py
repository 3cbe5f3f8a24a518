"""Every kind of page of the built site, checked by axe-core in Chromium, in light and dark mode.

axe-core is the copy ``axe-playwright-python`` ships (requirements-test.txt):
nothing is fetched when the tests run.  The rules are WCAG 2.1's, levels A
and AA, and, of axe's best practices, those about landmarks and headings.
A violation fails the test with its rule, impact and elements.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, TESTS
from browsing import served
from test_browser import browser, server  # noqa: F401  (the browser tests' fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: WCAG 2.0 and 2.1, levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe's best practices that name a page's landmarks and headings.
LANDMARKS_AND_HEADINGS = {
    "landmark-one-main", "landmark-unique", "landmark-no-duplicate-main", "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo", "landmark-main-is-top-level", "landmark-complementary-is-top-level",
    "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level",
    "page-has-heading-one", "heading-order", "empty-heading",
}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]}, "resultTypes": ["violations"]}


def first(html: Path, pattern: str) -> str:
    """The first page (in name order) of the built site that matches ``pattern``."""
    return str(min(html.glob(pattern)).relative_to(html))


def pages_of_every_kind(html: Path) -> list[str]:
    return [
        "index.html",  # home: the conference list
        "conferences/pycon-us-2013/index.html",  # a conference and its listing
        "conferences/pycon-us-2013/talks/twisted-logic.html",  # a talk
        "conferences/europython-2014/talks/elasticsearch-from-the-bottom-up.html",  # a talk with sections
        first(html, "speakers/*.html"),
        first(html, "topics/*.html"),
        first(html, "languages/*.html"),
        "event-speakers.html", "event-topics.html", "event-languages.html", "genindex.html",  # whole indices
        "search.html?q=python",
        "reference.html",  # code blocks, tabs, tables
        "credits.html",
    ]


def pieces_of_every_index(html: Path) -> list[str]:
    """The indices split into letter pages (a site above ``eventnotes_index_split_threshold``)."""
    return [
        "event-speakers.html", first(html, "event-speakers-*.html"),  # the letters, and a piece
        "event-topics.html", first(html, "event-topics-*.html"),
        "genindex.html", first(html, "genindex-[A-Z].html"), "genindex-all.html",
    ]


@pytest.fixture(scope="module")
def split_server(tmp_path_factory):
    """A small site whose indices are all split, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("split") / "html"
    subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "sphinx_build.py"), "-q", "-b", "html",
         "-D", "html_split_index=1", "-D", "eventnotes_index_split_threshold=0", str(TESTS / "roots" / "test-basic"), str(out)],
        env=dict(os.environ, PYTHONPATH=str(PROJECT / "_ext")), check=True,
    )
    with served(out) as address:
        yield address, out


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    return [
        f"{rule['id']} ({rule['impact']}): {', '.join(' '.join(node['target']) for node in rule['nodes'])}"
        for rule in results["violations"]
        if set(rule["tags"]) & set(WCAG_TAGS) or rule["id"] in LANDMARKS_AND_HEADINGS
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(browser, server, split_server, site, theme):  # noqa: F811
    pytest.importorskip("axe_playwright_python")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # furo reads the reader's choice from localStorage as the page loads.
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    page = context.new_page()
    found = {}
    try:
        split, split_html = split_server
        addresses = [f"{server}/{address}" for address in pages_of_every_kind(site / "html")]
        addresses += [f"{split}/{address}" for address in pieces_of_every_index(split_html)]
        for address in addresses:
            page.goto(address)
            assert page.evaluate("document.body.dataset.theme") == theme
            if "/search.html" in address:
                page.locator("#search-results ul.search > li").first.wait_for(timeout=15000)
            if problems := violations(page):
                found[address] = problems
    finally:
        context.close()
    assert not found, "\n".join(f"{address}:\n  " + "\n  ".join(problems) for address, problems in found.items())
