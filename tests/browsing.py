"""What the browser tests share (``@pytest.mark.browser``): Debian's Chromium driven by Playwright,
a folder of HTML served on 127.0.0.1, and test-basic's HTML served so.

(tests/test_browser.py visits the whole site, built as the Makefile builds it.)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tools import require

#: Chromium as root, headless, and asking nothing of the network by itself.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """The folder served on 127.0.0.1, on a free port: its address."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def launched_chromium() -> Iterator[object]:
    """Debian's Chromium (found on the PATH), driven by Playwright."""
    require("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def chromium():
    with launched_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def basic_site(shared_build):
    """test-basic's HTML served on 127.0.0.1, on a free port."""
    with served(shared_build("basic", "html").outdir) as address:
        yield address
