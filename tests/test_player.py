"""Recordings in the page, privately (eventnotes.player): a click-to-play player on the website,
a link named by the service everywhere else.

test-basic's "Transforming Code into Beautiful, Idiomatic Python" (MyST) has a
YouTube recording; "Python's Class Development Toolkit" (reStructuredText) has
slides and no recording.
"""

from __future__ import annotations

import re

import pytest
from browsing import basic_site, chromium  # noqa: F401 (fixtures)
from bs4 import BeautifulSoup

IDIOMS = "pycon/talks/idioms"
TOOLKIT = "pycon/talks/toolkit"
TITLE = "Transforming Code into Beautiful, Idiomatic Python"
WATCH = "https://www.youtube.com/watch?v=OSGv2VnC0go"
EMBED = "https://www.youtube-nocookie.com/embed/OSGv2VnC0go"


def soup(app, docname: str, suffix: str = ".html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}{suffix}").read_text(encoding="utf-8"), "html.parser")


def third_party_sources(page: BeautifulSoup) -> list[str]:
    """Every address the page would load by itself (not links, not data- attributes) that is not the site's."""
    return [
        value
        for element in page.find_all(True)
        for attribute in ("src", "srcset", "poster", "data", "background")
        if (value := element.get(attribute)) and re.match(r"(https?:)?//", value)
    ] + [link["href"] for link in page.select("link[href]") if re.match(r"(https?:)?//", link["href"])]


def test_the_website_has_a_player_that_loads_nothing_before_the_click(shared_build):
    app = shared_build("basic", "html")
    page = soup(app, IDIOMS)
    assert page.find("iframe") is None
    assert third_party_sources(page) == []
    (player,) = page.select(".eventnotes-talk .eventnotes-player")
    # Below the metadata block, in the talk's block.
    assert player.find_previous_sibling("dl")["class"][0] == "eventnotes-meta"
    (button,) = player.select("button")
    assert button["type"] == "button"
    assert button["aria-label"] == f"Play on YouTube: {TITLE}"
    assert button.get_text(" ", strip=True) == f"Play on YouTube {TITLE}"
    # The player's address only in data- attributes, for the script to use on a click.
    assert button["data-eventnotes-embed"].startswith(EMBED)
    assert button["data-eventnotes-title"] == f"{TITLE} (YouTube)"
    assert [name for name, value in button.attrs.items() if "://" in str(value)] == ["data-eventnotes-embed"]
    assert player["data-pagefind-ignore"] == "all"  # the button's words are not the notes'
    # The Video row links to the recording, named by its service.
    (video,) = [dd for dt, dd in zip(page.select("dl.eventnotes-meta > dt"), page.select("dl.eventnotes-meta > dd"))
                if dt.get_text().startswith("Video")]
    (link,) = video.select("a")
    assert (link["href"], link.get_text()) == (WATCH, "YouTube")
    # The script and styles of the player, on this page.
    assets = [element.get("src") or element.get("href") for element in page.select("script[src], link[rel=stylesheet]")]
    assert any(asset.startswith("../../_static/eventnotes-player.js") for asset in assets)
    assert any(asset.startswith("../../_static/eventnotes-player.css") for asset in assets)
    assert (app.outdir / "_static/eventnotes-player.js").is_file()


def test_pages_without_a_recording_have_no_player_nor_its_script(shared_build):
    app = shared_build("basic", "html")
    for docname in (TOOLKIT, "pycon/index", "index"):
        html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
        assert "eventnotes-player" not in html, docname


def test_links_are_named_by_service_or_host(shared_build):
    app = shared_build("basic", "html")
    links = {link["href"]: link.get_text() for link in soup(app, TOOLKIT).select("dl.eventnotes-meta a.external")}
    assert links == {"https://example.org/toolkit.pdf": "example.org"}
    site = {link["href"]: link.get_text() for link in soup(app, "pycon/index").select("dl.eventnotes-meta a.external")}
    assert site == {"https://us.pycon.org/2013/": "us.pycon.org"}


def test_singlehtml_has_the_player_too(shared_build):
    app = shared_build("basic", "singlehtml")
    page = soup(app, "index")
    assert len(page.select(".eventnotes-player button[data-eventnotes-embed]")) == 1
    assert page.find("iframe") is None


def test_the_epub_has_a_link_named_by_the_service(shared_build):
    app = shared_build("basic", "epub")
    page = soup(app, IDIOMS, ".xhtml")
    assert page.select(".eventnotes-player, button, iframe") == []
    assert [link.get_text() for link in page.select(f'a[href="{WATCH}"]')] == ["YouTube"]
    assert "eventnotes-player" not in (app.outdir / f"{IDIOMS}.xhtml").read_text(encoding="utf-8")


def test_the_latex_has_a_link_named_by_the_service(shared_build):
    app = shared_build("basic", "latex")
    (tex,) = app.outdir.glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    assert rf"\sphinxhref{{{WATCH}}}{{YouTube}}" in source
    assert "nocookie" not in source


def test_the_doctree_keeps_the_url_and_the_service(shared_build):
    from eventnotes import nodes as en_nodes

    app = shared_build("basic", "html")
    doctree = app.env.get_doctree(IDIOMS)
    (recording,) = doctree.findall(en_nodes.recording)
    assert (recording["refuri"], recording["service"], recording.astext()) == (WATCH, "youtube", "YouTube")
    assert list(doctree.findall(en_nodes.player)) == []  # added when the website is written, not read


# -- In a browser ---------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_player_asks_youtube_for_nothing_until_played(chromium, basic_site, scheme):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # No network: whatever leaves the local server is answered here, empty, and recorded above.
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.fulfill(status=204, body=""))
    try:
        page.goto(f"{basic_site}/{IDIOMS}.html")
        page.wait_for_load_state("load")
        assert [url for url in requested if not url.startswith(basic_site)] == []
        assert page.locator("iframe").count() == 0
        # No page scrolls sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        button = page.get_by_role("button", name=f"Play on YouTube: {TITLE}")
        box = button.bounding_box()
        assert box["width"] <= 390 and abs(box["width"] / box["height"] - 16 / 9) < 0.05
        # By keyboard: focus, then Enter.
        button.focus()
        page.keyboard.press("Enter")
        frame = page.locator("iframe.eventnotes-player-frame")
        frame.wait_for(timeout=5000)
        assert frame.get_attribute("src").startswith(f"{EMBED}?")
        assert frame.get_attribute("title") == f"{TITLE} (YouTube)"
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        page.wait_for_timeout(200)
        assert [url for url in requested if not url.startswith(basic_site)][:1] == [frame.get_attribute("src")]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_no_talk_page_scrolls_sideways_on_a_phone(chromium, basic_site, shared_build):
    app = shared_build("basic", "html")
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
    try:
        for path in sorted(app.outdir.glob("pycon/talks/*.html")):
            page.goto(f"{basic_site}/{path.relative_to(app.outdir).as_posix()}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path.name
    finally:
        context.close()
