"""Bounded navigation: the sidebar Sphinx would give with ``collapse=True``, built cheaply."""

from __future__ import annotations

import pytest
from conftest import sidebar_of
from eventnotes.navigation import BoundedNavigation

PAGES = ["index", "pycon/index", "pycon/talks/toolkit", "pycon/talks/lightning", "djangocon/talks/nix", "misc/loose"]


@pytest.mark.sphinx("html", testroot="basic")
@pytest.mark.parametrize("pagename", PAGES)
def test_bounded_tree_equals_sphinx_collapsed_toctree(app, pagename):
    app.build()
    builder = app.builder
    builder.secnumbers, builder.fignumbers = {}, {}
    ours = BoundedNavigation().toctree_html(app.env, builder, pagename)
    sphinx = builder._get_local_toctree(
        pagename, collapse=True, titles_only=True, includehidden=True, maxdepth=-1
    )
    assert ours == sphinx


#: The sidebar's top-level entries, and the entries under the open one (the current conference's talks).
TOP_LEVEL = "li.toctree-l1"
OPEN_BRANCH = "li.toctree-l1.current li.toctree-l2"


def sidebar_entries(html: str, selector: str = TOP_LEVEL) -> list[tuple[str, str]]:
    """(text, href) of each sidebar entry ``selector`` picks, in order."""
    from bs4 import BeautifulSoup

    tree = BeautifulSoup(html, "html.parser").select_one(".sidebar-tree")
    return [(li.a.get_text(), li.a["href"]) for li in tree.select(selector)]


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"eventnotes_navigation_limit": 1})
def test_a_long_toctree_is_cut_after_the_limit_keeping_the_current_entry(app):
    app.build()

    def read(page: str) -> str:
        return (app.outdir / f"{page}.html").read_text(encoding="utf-8")

    # The first toctree lists pycon/index, djangocon/index and misc/loose.
    assert sidebar_entries(read("pycon/talks/toolkit")) == [
        ("PyCon US 2013", "../index.html"),
        ("2 more …", "../../index.html"),
        ("Loose talk", "../../misc/loose.html"),
    ]
    assert sidebar_entries(read("djangocon/talks/nix")) == [
        ("PyCon US 2013", "../../pycon/index.html"),
        ("DjangoCon Europe 2011", "../index.html"),
        ("1 more …", "../../index.html"),
        ("Loose talk", "../../misc/loose.html"),
    ]
    assert sidebar_entries(read("index"))[1] == ("2 more …", "#")


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"eventnotes_navigation_limit": 1})
def test_a_long_list_of_talks_is_cut_too_keeping_the_current_talk(app):
    app.build()
    idioms = "Transforming Code into Beautiful, Idiomatic Python"  # PyCon's first talk, of three

    def talks_in(page: str) -> list[tuple[str, str]]:
        return sidebar_entries((app.outdir / f"{page}.html").read_text(encoding="utf-8"), OPEN_BRANCH)

    assert talks_in("pycon/talks/idioms") == [(idioms, "#"), ("2 more …", "../index.html")]
    assert talks_in("pycon/talks/toolkit") == [
        (idioms, "idioms.html"),
        ("Python’s Class Development Toolkit", "#"),
        ("1 more …", "../index.html"),
    ]
    # On the conference's own page (which lists every talk), the rest is the page itself.
    assert talks_in("pycon/index") == [(idioms, "talks/idioms.html"), ("2 more …", "#")]


@pytest.mark.sphinx("html", testroot="basic")
def test_sidebar_of_a_talk_lists_conferences_and_its_own_conference_only(app):
    app.build()
    sidebar = sidebar_of(app.outdir / "pycon/talks/toolkit.html")
    assert "Transforming Code into Beautiful, Idiomatic Python" in sidebar  # same conference
    assert "DjangoCon Europe 2011" in sidebar  # other conferences, closed
    assert "Nix for Django" not in sidebar  # other conferences' talks are not listed


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"eventnotes_bounded_navigation": False})
def test_full_navigation_can_be_restored(app):
    app.build()
    sidebar = sidebar_of(app.outdir / "pycon/talks/toolkit.html")
    assert "Nix for Django" in sidebar
