"""The contract between eventnotes' sidebar template and furo.

``_ext/eventnotes/templates/sidebar/navigation.html`` overrides furo's
``sidebar/navigation.html`` and writes the markup furo's CSS and JavaScript
expect (classes, expand/collapse checkboxes and labels).  When a furo release
changes that markup or the template it replaces, these tests fail and say so.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import furo
import pytest
from bs4 import BeautifulSoup, Tag

FURO = f"furo {furo.__version__}"
TEMPLATE = "_ext/eventnotes/templates/sidebar/navigation.html"


def pages(outdir: Path) -> list[str]:
    """The document pages of a build (those with a sidebar)."""
    return sorted(
        str(path.relative_to(outdir).with_suffix("")).replace("\\", "/")
        for path in outdir.rglob("*.html")
        if '<div class="sidebar-tree">' in path.read_text(encoding="utf-8")
    )


def sidebar_tree(html: str) -> Tag:
    tree = BeautifulSoup(html, "html.parser").select_one("div.sidebar-tree")
    assert tree is not None, f"{FURO}: no <div class='sidebar-tree'> in the page"
    return tree


def normalized(tree: Tag) -> str:
    """The markup without what does not change its meaning: whitespace between
    tags, the order of attributes and of classes."""
    for text in tree.find_all(string=True):
        if not text.strip():
            text.extract()
    for tag in [tree, *tree.find_all(True)]:
        if "class" in tag.attrs:
            tag["class"] = sorted(tag["class"])
        tag.attrs = dict(sorted(tag.attrs.items()))
    return tree.prettify()


def closed_branches(tree: Tag) -> Tag:
    """furo's full sidebar as a bounded one shows it: the entries off the current
    page's branch without their children, and the expand/collapse controls
    numbered again in document order."""
    for entry in tree.select("li.has-children"):
        if "current" in entry["class"]:
            continue
        for part in entry.find_all(["ul", "input", "label"], recursive=False):
            part.decompose()
        entry["class"].remove("has-children")
    controls = [
        (checkbox, tree.select_one(f'label[for="{checkbox["id"]}"]'))
        for checkbox in tree.select("input.toctree-checkbox")
    ]
    for number, (checkbox, label) in enumerate(controls, start=1):
        checkbox["id"] = checkbox["name"] = f"toctree-checkbox-{number}"
        if label is not None:
            label["for"] = checkbox["id"]
    return tree


#: Sphinx's toctree caption, and the same with the level its role="heading" needs (WCAG: an
#: ARIA heading has a level), as the template writes it in place of furo's.
CAPTION = '<p class="caption" role="heading">'
CAPTION_WITH_LEVEL = '<p class="caption" role="heading" aria-level="2">'


def differences(furos: str, ours: str) -> str:
    return "\n".join(difflib.unified_diff(furos.splitlines(), ours.splitlines(), "furo", "eventnotes", lineterm=""))


@pytest.fixture
def furo_sidebars(make_app, app_params) -> dict[str, Tag]:
    """Every page's sidebar as furo itself renders it (bounded navigation off)."""
    args, kwargs = app_params
    srcdir = kwargs["srcdir"]
    builddir = srcdir.parent / f"{srcdir.name}-furo"
    app = make_app(
        *args, srcdir=srcdir, builddir=builddir,
        confoverrides={"eventnotes_bounded_navigation": False},
    )
    app.build()
    return {page: sidebar_tree((app.outdir / f"{page}.html").read_text(encoding="utf-8")) for page in pages(app.outdir)}


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"eventnotes_navigation_limit": None})
def test_the_bounded_sidebar_is_furos_sidebar_with_closed_branches(app, furo_sidebars):
    app.build()
    assert pages(app.outdir) == sorted(furo_sidebars)
    for page, furos in furo_sidebars.items():
        # furo's own sidebar, through the template, gets the captions' heading level too.
        assert all(caption.get("aria-level") == "2" for caption in furos.select('p.caption[role="heading"]')), page
        expected = normalized(closed_branches(furos))
        ours = normalized(sidebar_tree((app.outdir / f"{page}.html").read_text(encoding="utf-8")))
        assert ours == expected, (
            f"{FURO} renders its sidebar differently from eventnotes' template ({TEMPLATE}) "
            f"on {page}.html:\n{differences(expected, ours)}"
        )


@pytest.mark.parametrize(
    "limit",
    [
        pytest.param(50, marks=pytest.mark.sphinx("html", testroot="basic"), id="default-limit"),
        pytest.param(1, marks=pytest.mark.sphinx(
            "html", testroot="basic", confoverrides={"eventnotes_navigation_limit": 1}), id="cut-after-one"),
    ],
)
def test_the_sidebar_is_what_furo_makes_of_the_bounded_toctree(app, limit):
    """furo's own transformation of Sphinx's toctree markup (its public
    ``get_navigation_tree``, used here as an oracle only) applied to the
    bounded ``toctree()``, including the entry that ends a cut toctree."""
    from eventnotes.navigation import BoundedNavigation
    from furo.navigation import get_navigation_tree

    app.build()
    assert app.config.eventnotes_navigation_limit == limit
    builder = app.builder
    builder.secnumbers, builder.fignumbers = {}, {}
    navigation = BoundedNavigation()
    for page in pages(app.outdir):
        furo_markup = get_navigation_tree(navigation.toctree_html(app.env, builder, page))
        furos = sidebar_tree(f'<div class="sidebar-tree">{furo_markup.replace(CAPTION, CAPTION_WITH_LEVEL)}</div>')
        ours = sidebar_tree((app.outdir / f"{page}.html").read_text(encoding="utf-8"))
        expected, got = normalized(furos), normalized(ours)
        assert got == expected, (
            f"{FURO} turns a toctree into sidebar markup differently from eventnotes' template ({TEMPLATE}) "
            f"on {page}.html:\n{differences(expected, got)}"
        )


@pytest.mark.sphinx("html", testroot="basic")
def test_furo_still_has_the_sidebar_template_that_eventnotes_overrides(app):
    loader = app.builder.templates
    try:
        source, filename, _ = loader.get_source(loader.environment, "!sidebar/navigation.html")
    except Exception as error:  # jinja2.TemplateNotFound, or a loader that changed
        pytest.fail(f"{FURO} has no sidebar/navigation.html for {TEMPLATE} to override: {error!r}")
    # Resolved: a virtualenv reached through a symbolic link gives furo.__file__ and the loader different paths.
    assert Path(filename).resolve().is_relative_to(Path(furo.__file__).resolve().parent), filename
    tree = BeautifulSoup(source, "html.parser")
    wrappers = tree.select("div.sidebar-tree")
    assert len(wrappers) == 1 and wrappers[0].get_text().split() == ["{{", "furo_navigation_tree", "}}"], (
        f"{FURO}'s sidebar/navigation.html ({filename}) is no longer a <div class='sidebar-tree'> around "
        f"{{{{ furo_navigation_tree }}}}, which {TEMPLATE} replaces:\n{source}"
    )


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"eventnotes_navigation_limit": 1})
def test_furo_renders_the_extensions_sidebar_template(app):
    app.build()
    tree = sidebar_tree((app.outdir / "index.html").read_text(encoding="utf-8"))
    assert tree.select("li.eventnotes-more"), (
        f"{FURO} no longer renders sidebar/navigation.html from templates_path: "
        f"the page shows furo's own sidebar, not {TEMPLATE}"
    )


@pytest.mark.parametrize(
    "bounded",
    [
        # freshenv: every page is written, whatever another test left in the shared build folder.
        pytest.param(True, marks=pytest.mark.sphinx("html", testroot="basic", freshenv=True), id="bounded"),
        pytest.param(False, marks=pytest.mark.sphinx(
            "html", testroot="basic", freshenv=True, confoverrides={"eventnotes_bounded_navigation": False}),
            id="furos-own"),
    ],
)
def test_furo_builds_no_sidebar_of_its_own_under_the_extensions_template(app, bounded):
    """furo computes its sidebar from ``toctree(collapse=False)`` on every page;
    with the extension's template that call gets an empty tree, so that furo
    parses nothing the page does not show."""
    computed: dict[str, str] = {}

    def note(app, pagename, templatename, context, doctree):
        computed[pagename] = context.get("furo_navigation_tree")

    app.connect("html-page-context", note, priority=900)  # after every other handler
    app.build()
    assert computed["pycon/talks/toolkit"] is not None, f"{FURO} no longer sets furo_navigation_tree"
    if not bounded:
        assert "Nix for Django" in computed["pycon/talks/toolkit"]
        return
    built = {page: tree for page, tree in computed.items() if tree}
    assert built == {}, (
        f"{FURO} now builds its own sidebar from a call to toctree() other than toctree(collapse=False), "
        f"on every page, though {TEMPLATE} renders the sidebar: pages {sorted(built)}"
    )
