"""The built site in a real browser: Debian's Chromium driven by Playwright.

Screenshots are kept in ``tests/artifacts/`` (or ``$EVENTNOTES_ARTIFACTS``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browsing import launched_chromium, served
from conftest import TESTS

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # the browser visits the whole site

ARTIFACTS = Path(os.environ.get("EVENTNOTES_ARTIFACTS", TESTS / "artifacts"))


@pytest.fixture(scope="module")
def server(site):
    """The built site served on 127.0.0.1, on a free port."""
    with served(site / "html") as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser, request):
    """A fresh page that records console errors, and leaves a screenshot behind."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on(
        "response",
        lambda response: response.status >= 400
        and page.console_errors.append(f"{response.status} {response.url}"),
    )
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()


@pytest.fixture(params=["http", "file"])
def origin(request, site):
    """Where the reader opens the site: a plain static server, or the output folder itself."""
    if request.param == "http":
        return request.getfixturevalue("server")
    return (site / "html").as_uri()


def search(page, origin: str, query: str, title: str) -> tuple[list[str], list[str]]:
    """Search the site for ``query`` until ``title`` is among the results.

    Returns the results' titles, and the addresses the page had requested by
    the time the first result showed (relative to the site).
    """
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{origin}/search.html?q={query}")
    results = page.locator("#search-results ul.search > li > a")
    results.first.wait_for(timeout=15000)
    until_first = [url.removeprefix(f"{origin}/").split("?")[0] for url in requested]
    wanted = page.locator("#search-results ul.search").get_by_role("link", name=title, exact=True).first
    # Pagefind's results come ten at a time, as the reader scrolls to the end of the list.
    for _ in range(10):
        page.mouse.wheel(0, 20000)
        try:
            wanted.wait_for(timeout=1500)
            break
        except Exception:
            continue
    wanted.wait_for(timeout=15000)
    return results.all_inner_texts(), until_first


def downloaded(site: Path, addresses: list[str]) -> int:
    """What the browser downloaded for those addresses: the sizes of the files
    served (the static server sends them as they are, uncompressed)."""
    return sum((site / "html" / address).stat().st_size for address in set(addresses))


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Hettinger", "Transforming Code into Beautiful, Idiomatic Python"),  # a speaker
        ("Twisted Logic", "Twisted Logic"),  # words of a title
        ("postings", "Elasticsearch from the bottom up"),  # a word of the notes only
    ],
)
def test_search_finds_talks_by_speaker_title_and_notes(page, site, origin, query, title, record_property):
    titles, until_first = search(page, origin, query, title)
    assert title in titles
    record_property("bytes_to_first_result", downloaded(site, until_first))
    if origin.startswith("http"):
        # Pagefind's chunks of the index, never Sphinx's whole one.
        assert any(address.startswith("_pagefind/index/") for address in until_first)
        assert "searchindex.js" not in until_first
    else:
        # Browsers refuse Pagefind's module and fetch() from file://: Sphinx's search.
        assert "searchindex.js" in until_first
        assert not any(address.startswith("_pagefind/") for address in until_first)
    assert page.console_errors == []


def test_search_for_a_speaker_lists_their_talks(page, origin):
    titles, _ = search(page, origin, "Hettinger", "Python’s Class Development Toolkit")
    assert "Transforming Code into Beautiful, Idiomatic Python" in titles
    # Pagefind lists the speaker's page first (its name weighted); Sphinx's search, from file://,
    # lists the speaker as an object, with the highest priority.
    assert titles[0] == "Raymond Hettinger"
    assert page.console_errors == []


def test_the_search_box_of_any_page_searches(page, server):
    page.goto(f"{server}/conferences/pycon-us-2013/index.html")
    page.locator("input.sidebar-search").fill("inverted index")
    page.locator("input.sidebar-search").press("Enter")
    page.wait_for_url("**/search.html?q=inverted+index*")
    link = page.locator("#search-results ul.search").get_by_role("link", name="Elasticsearch from the bottom up").first
    link.wait_for(timeout=15000)
    assert page.locator("input.sidebar-search").input_value() == "inverted index"
    assert "<mark>inverted</mark>" in page.locator("#search-results ul.search").inner_html()
    link.click()
    page.wait_for_url("**/talks/elasticsearch-from-the-bottom-up.html")
    assert page.console_errors == []


def follow(page, region: str, link: str, url: str, heading: str) -> None:
    """Click ``link`` inside ``region``; the page reached is ``url`` and its heading shows ``heading``."""
    page.locator(region).get_by_role("link", name=link).click()
    page.wait_for_url(f"**/{url}*")
    assert heading in page.locator("h1").first.inner_text()


def test_home_conference_talk_speaker_talk_by_clicking(page, server):
    page.goto(f"{server}/index.html")
    follow(page, "article", "PyCon US 2013", "conferences/pycon-us-2013/index.html", "PyCon US 2013")
    toolkit = "Python’s Class Development Toolkit"
    follow(page, ".eventnotes-listing", toolkit, "talks/pythons-class-development-toolkit.html", toolkit)
    follow(page, ".eventnotes-meta", "Raymond Hettinger", "speakers/raymond-hettinger.html", "Raymond Hettinger")
    idioms = "Transforming Code into Beautiful, Idiomatic Python"
    follow(page, "article", idioms, "talks/transforming-code-into-beautiful-idiomatic-python.html", idioms)
    assert page.console_errors == []


def test_speaker_index_opens_speaker_pages(page, server):
    page.goto(f"{server}/event-speakers.html")
    # The site's index is one page (below eventnotes_index_split_threshold).
    follow(page, "article", "Alex Brasetvik", "speakers/alex-brasetvik.html", "Alex Brasetvik")
    assert "Elasticsearch from the bottom up" in page.locator("article").inner_text()
    assert page.console_errors == []
