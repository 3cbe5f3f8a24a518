"""The conference grid in a real browser (Chromium, Playwright): now/next at a fixed clock, and a
phone's width (tests/test_grid.py checks the HTML)."""

from __future__ import annotations

import pytest
from browsing import chromium  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def open_grid(chromium, app, clock: str | None, width: int = 1280):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto((app.outdir / "conf2019" / "index.html").as_uri())
    page.wait_for_load_state("load")
    return context, page, errors


def marked(page, kind: str) -> list[str]:
    return page.eval_on_selector_all(
        f"td.eventnotes-{kind}", "cells => cells.map(c => c.querySelector('a[title]').title)"
    )


def test_now_and_next_during_the_conference(chromium, shared_build):
    app = shared_build("grid")
    # 10:10 in Zurich (UTC+2 in July): the keynote is over; two talks run, the next starts at 13:00.
    context, page, errors = open_grid(chromium, app, "2019-07-10T08:10:00Z")
    assert marked(page, "now") == ["Asyncio in practice", "Typing for everyone"]
    assert marked(page, "next") == ["After lunch"]
    assert page.locator("td[aria-current=time]").count() == 2
    assert page.locator("td.eventnotes-now .eventnotes-now-label").first.inner_text() == "Now"
    assert errors == []
    context.close()


def test_no_marks_outside_the_conference(chromium, shared_build):
    app = shared_build("grid")
    context, page, errors = open_grid(chromium, app, "2019-07-09T08:10:00Z")  # the day before
    assert marked(page, "now") == [] and marked(page, "next") == []
    assert page.locator(".eventnotes-now-label").count() == 0
    assert errors == []
    context.close()


def test_a_phone_scrolls_the_grid_not_the_page(chromium, shared_build):
    app = shared_build("grid")
    context, page, errors = open_grid(chromium, app, None, width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("table.eventnotes-grid").first.is_visible()
    # The grid's own container scrolls when the rooms do not fit.
    assert page.eval_on_selector(".eventnotes-grid-wrapper", "e => getComputedStyle(e).overflowX") == "auto"
    assert errors == []
    context.close()
