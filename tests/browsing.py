"""Fixtures for browser tests of small test roots (``@pytest.mark.browser``), which a test module
imports: test-basic's HTML served on 127.0.0.1, and Debian's Chromium driven by Playwright.

(tests/test_browser.py visits the whole site, built as the Makefile builds it.)
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
from test_browser import CHROMIUM_ARGS, _QuietHandler
from tools import require


@pytest.fixture(scope="module")
def basic_site(shared_build):
    """test-basic's HTML served on 127.0.0.1, on a free port."""
    app = shared_build("basic", "html")
    handler = functools.partial(_QuietHandler, directory=str(app.outdir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def chromium():
    require("chromium")  # Debian's package, found on the PATH
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
