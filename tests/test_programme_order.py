"""A conference's talks in the sidebar and the previous/next links follow its
programme: by date, then as the conference page lists them."""

from __future__ import annotations

import posixpath
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import build_without_warnings
from eventnotes.programme import in_programme_order

# pycon's talks by file name: idioms (15 March), lightning (17 March), toolkit (16 March).
PROGRAMME = ["pycon/talks/idioms.html", "pycon/talks/toolkit.html", "pycon/talks/lightning.html"]


def read(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def target(page: str, href: str) -> str:
    """The page a link of ``page`` leads to, from the output root."""
    if href == "#":
        return f"{page}.html"
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def conference_entries(app, page: str) -> list[str]:
    """The pages listed under pycon's entry in the sidebar of ``page``."""
    tree = read(app, page).select_one(".sidebar-tree")
    pycon = next(li for li in tree.select("li.toctree-l1") if li.a.get_text() == "PyCon US 2013")
    return [target(page, a["href"]) for a in pycon.select("li.toctree-l2 > a")]


def neighbours(app, page: str) -> tuple[str | None, str | None]:
    """The targets of the page's previous and next links."""
    head = read(app, page).head
    prev, next_ = head.find("link", rel="prev"), head.find("link", rel="next")
    return (prev["href"] if prev else None, next_["href"] if next_ else None)


@pytest.mark.sphinx("html", testroot="basic")
def test_the_sidebar_lists_a_conferences_talks_in_programme_order(app):
    app.build()
    assert conference_entries(app, "pycon/index") == PROGRAMME
    assert conference_entries(app, "pycon/talks/lightning") == PROGRAMME


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"eventnotes_bounded_navigation": False})
def test_furos_full_sidebar_lists_them_in_programme_order_too(app):
    app.build()
    assert conference_entries(app, "index") == PROGRAMME
    assert conference_entries(app, "djangocon/talks/nix") == PROGRAMME


@pytest.mark.sphinx("html", testroot="basic")
def test_previous_and_next_links_follow_the_programme(app):
    app.build()
    assert neighbours(app, "pycon/index")[1] == "talks/idioms.html"
    assert neighbours(app, "pycon/talks/idioms") == ("../index.html", "toolkit.html")
    assert neighbours(app, "pycon/talks/toolkit") == ("idioms.html", "lightning.html")
    assert neighbours(app, "pycon/talks/lightning")[0] == "toolkit.html"


def test_only_the_talks_move_and_other_entries_keep_their_places():
    ranks = {"talks/b": 0, "talks/a": 1}
    entries = [(None, "intro"), (None, "talks/a"), ("Map", "https://example.org"), (None, "talks/b")]
    assert in_programme_order(entries, ranks, lambda entry: entry[1]) == [
        (None, "intro"), (None, "talks/b"), ("Map", "https://example.org"), (None, "talks/a")
    ]


def test_a_toctree_shown_in_the_conference_page_is_in_programme_order(rootdir, tmp_path):
    srcdir = tmp_path / "shown"
    shutil.copytree(rootdir / "test-basic", srcdir)
    index = srcdir / "pycon/index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("   :hidden:\n", ""), encoding="utf-8")
    app = build_without_warnings(srcdir)
    body = read(app, "pycon/index").select_one("article .toctree-wrapper")
    assert [target("pycon/index", a["href"]) for a in body.select("li.toctree-l1 > a")] == PROGRAMME
