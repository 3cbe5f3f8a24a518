"""The built site in a real browser: Debian's Chromium driven by Playwright.

Screenshots are kept in ``tests/artifacts/`` (or ``$EVENTNOTES_ARTIFACTS``).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import TESTS
from tools import require

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # the browser visits the whole site

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("EVENTNOTES_ARTIFACTS", TESTS / "artifacts"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(site):
    """The built site served on 127.0.0.1, on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site / "html"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    require("chromium")  # Debian's package, found on the PATH
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


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


def test_search_for_a_speaker_lists_their_talks(page, server):
    page.goto(f"{server}/search.html?q=Hettinger")
    results = page.locator("#search-results")
    results.get_by_text("Transforming Code into Beautiful, Idiomatic Python").first.wait_for(timeout=15000)
    text = results.inner_text()
    assert "Python’s Class Development Toolkit" in text
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
    # The index's page lists its letters (html_split_index); each letter is a page.
    follow(page, "article nav", "A", "event-speakers-a.html", "Speaker Index – A")
    follow(page, "article", "Alex Brasetvik", "speakers/alex-brasetvik.html", "Alex Brasetvik")
    assert "Elasticsearch from the bottom up" in page.locator("article").inner_text()
    assert page.console_errors == []
