"""The built site in a real browser: Debian's Chromium driven by Playwright.

Screenshots are kept in ``tests/artifacts/`` (or ``$EVENTNOTES_ARTIFACTS``).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from conftest import TESTS
from tools import require

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
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
    if not Path(CHROMIUM).exists():
        require("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
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
    assert "Python’s Class Development Toolkit" in text or "Python's Class Development Toolkit" in text
    assert page.console_errors == []


def test_home_conference_talk_speaker_talk_by_clicking(page, server):
    page.goto(f"{server}/index.html")
    page.locator("article").get_by_role("link", name="PyCon US 2013").click()
    page.wait_for_url("**/conferences/pycon-us-2013/index.html*")
    assert page.locator("h1").first.inner_text().startswith("PyCon US 2013")

    page.locator(".eventnotes-listing").get_by_role("link", name="Python’s Class Development Toolkit").click()
    page.wait_for_url("**/talks/pythons-class-development-toolkit.html*")
    assert "Python’s Class Development Toolkit" in page.locator("h1").first.inner_text()

    page.locator(".eventnotes-meta").get_by_role("link", name="Raymond Hettinger").click()
    page.wait_for_url("**/speakers/raymond-hettinger.html*")
    assert page.locator("h1").first.inner_text().startswith("Raymond Hettinger")

    page.locator("article").get_by_role("link", name="Transforming Code into Beautiful, Idiomatic Python").click()
    page.wait_for_url("**/talks/transforming-code-into-beautiful-idiomatic-python.html*")
    assert "Transforming Code into Beautiful, Idiomatic Python" in page.locator("h1").first.inner_text()
    assert page.console_errors == []


def test_speaker_index_opens_speaker_pages(page, server):
    page.goto(f"{server}/event-speakers.html")
    page.get_by_role("link", name="Alex Brasetvik").click()
    page.wait_for_url("**/speakers/alex-brasetvik.html*")
    assert "Elasticsearch from the bottom up" in page.locator("article").inner_text()
    assert page.console_errors == []
