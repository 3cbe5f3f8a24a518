"""Parallel and incremental builds give the pages of a fresh serial build."""

from __future__ import annotations

import difflib
import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import sidebar_of
from eventnotes import pages
from eventnotes.names import speaker_page_name
from sphinx.util.console import strip_escape_sequences

#: Pages that show talks or conferences of other documents.
LISTING_PAGES = (
    "index.html", "event-speakers.html", "event-topics.html", "genindex.html", "pycon/index.html", "djangocon/index.html",
    "misc/loose.html", "pycon/talks/toolkit.html", "djangocon/talks/mozilla.html",
)


def main_content(path: Path) -> str:
    """A page's article: what the page itself shows.

    The sidebar around it is compared on its own, below.
    """
    html = path.read_text(encoding="utf-8")
    if is_redirect(path):
        return html
    return html[html.index("<article") : html.index("</article>")]


def is_redirect(path: Path) -> bool:
    """A page at a speaker's old address, which only redirects (no article, no sidebar)."""
    return '<meta http-equiv="refresh"' in path.read_text(encoding="utf-8")


def listing_pages(outdir: Path) -> dict[str, str]:
    pages = {name: main_content(outdir / name) for name in LISTING_PAGES if (outdir / name).exists()}
    for folder in ("speakers", "topics"):
        for generated_page in sorted((outdir / folder).iterdir()):
            pages[f"{folder}/{generated_page.name}"] = main_content(generated_page)
    return pages


def assert_same_pages(got: dict[str, str], expected: dict[str, str]) -> None:
    # Sphinx leaves the output of a removed page behind; every expected page must match.
    assert set(expected) <= set(got)
    for folder in ("speakers/", "topics/"):
        assert {name for name in got if name.startswith(folder)} == {
            name for name in expected if name.startswith(folder)
        }
    for name in expected:
        if got[name] != expected[name]:
            diff = difflib.unified_diff(
                expected[name].splitlines(), got[name].splitlines(), "fresh", "rebuilt", lineterm=""
            )
            pytest.fail(f"{name} differs:\n" + "\n".join(list(diff)[:40]))


def neighbour_links(path: Path) -> str:
    """A page's links to the previous and next pages: in its head, and furo's at its foot."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    links = soup.head.find_all("link", rel=["prev", "next"])
    return "".join(map(str, [*links, *soup.select("div.related-pages")]))


def fresh_copy(rootdir: Path, tmp: Path, name: str) -> Path:
    srcdir = tmp / name
    shutil.copytree(rootdir / "test-basic", srcdir)
    return srcdir


def build(make_app, srcdir: Path, **kwargs):
    app = make_app("html", srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()  # unregister docutils nodes before the next app of this test
    assert app._warning.getvalue() == ""
    return app


def test_parallel_build_equals_serial(make_app, rootdir, tmp_path, monkeypatch):
    serial = build(make_app, fresh_copy(rootdir, tmp_path, "serial"))
    # Speaker pages are written by worker processes too, however few there are.
    monkeypatch.setattr(pages, "PARALLEL_MINIMUM", 2)
    parallel = build(make_app, fresh_copy(rootdir, tmp_path, "parallel"), parallel=2)
    assert_same_pages(listing_pages(parallel.outdir), listing_pages(serial.outdir))
    for talk in ("pycon/talks/toolkit.html", "pycon/talks/lightning.html", "djangocon/talks/nix.html"):
        assert (parallel.outdir / talk).read_text() == (serial.outdir / talk).read_text()
    speaker_pages = sorted(path.name for path in (serial.outdir / "speakers").iterdir())
    assert len(speaker_pages) > pages.PARALLEL_MINIMUM
    assert sorted(path.name for path in (parallel.outdir / "speakers").iterdir()) == speaker_pages
    for name in speaker_pages:
        assert (parallel.outdir / "speakers" / name).read_text() == (serial.outdir / "speakers" / name).read_text()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    future = time.time() + 5  # newer than anything the first build saw
    os.utime(path, (future, future))


TALK = """\
{title}
{underline}

.. talk::
   :date: {date}
   :speaker: {speakers}

Notes.
"""


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    write(path, text.replace(old, new))


def talk_source(title: str, date: str, speakers: str) -> str:
    return TALK.format(title=title, underline="=" * len(title), date=date, speakers=speakers)


EDITS = {
    "retitle": lambda src: write(
        src / "pycon/talks/toolkit.rst", talk_source("A New Title", "2013-03-16", "Raymond Hettinger")
    ),
    "redate": lambda src: write(
        src / "pycon/talks/toolkit.rst", talk_source("Python's Class Development Toolkit", "2013-03-17", "Raymond Hettinger")
    ),
    "new-speakers": lambda src: write(
        src / "pycon/talks/toolkit.rst", talk_source("Python's Class Development Toolkit", "2013-03-16", "Alex Gaynor, Zoë Example")
    ),
    "add-talk": lambda src: write(
        src / "djangocon/talks/added.rst", talk_source("An Added Talk", "2011-06-09", "Raymond Hettinger")
    ),
    "remove-talk": lambda src: (src / "djangocon/talks/mozilla.rst").unlink(),
    "add-conference": lambda src: write(
        src / "misc/index.rst", "Misc Conf\n=========\n\n.. conference::\n   :start: 2012-01-01\n   :end: 2012-01-02\n"
    ),
    "rename-conference": lambda src: write(
        src / "djangocon/index.md",
        (src / "djangocon/index.md").read_text(encoding="utf-8").replace("DjangoCon Europe 2011", "DjangoCon EU 2011"),
    ),
    "recaption-home-toctree": lambda src: write(
        src / "index.rst",
        (src / "index.rst").read_text(encoding="utf-8").replace(":caption: About <this> & that", ":caption: About"),
    ),
    # A page the navigation already shows gets a profile: the pages that link
    # to Raymond Hettinger (his talks, the home page) now link to it.
    "add-profile": lambda src: write(
        src / "misc/loose.rst",
        (src / "misc/loose.rst").read_text(encoding="utf-8")
        + "\nRaymond Hettinger\n-----------------\n\n.. speaker:: Raymond Hettinger\n   :aliases: R. Hettinger\n",
    ),
    "add-tag": lambda src: replace_in(src / "djangocon/talks/mozilla.rst", ":tags: Django, Café", ":tags: Django, Café, caching"),
    "remove-tag": lambda src: replace_in(src / "djangocon/talks/nix.rst", "   :tags: django\n", ""),
    "rename-tag": lambda src: replace_in(src / "pycon/talks/idioms.md", ":tags: Python, idioms, Café", ":tags: Python, Idiomatic code, Café"),
    # The topic is now spelled 'cafe' by both its talks, at another address:
    # misc/loose.rst's ':topic:`cafe`' links to it, though that page did not change.
    "respell-topic": lambda src: (
        replace_in(src / "djangocon/talks/mozilla.rst", ":tags: Django, Café", ":tags: Django, cafe"),
        replace_in(src / "pycon/talks/idioms.md", ":tags: Python, idioms, Café", ":tags: Python, idioms, cafe"),
    ),
    "move-talk": lambda src: (
        (src / "djangocon/talks/mozilla.rst").unlink(),
        write(src / "pycon/talks/mozilla.rst", talk_source("Large Django sites at Mozilla", "2013-03-15", "Andy McKay")),
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_rebuild_equals_fresh_build(make_app, built_once, tmp_path, edit):
    """The listings, and every sidebar: with bounded navigation a page's
    sidebar shows its conference's talks and the conferences, so the pages
    that show a retitled, added or removed page are rewritten too; so are
    the pages whose previous or next page changed (a talk's new date moves
    it in its conference's programme)."""
    srcdir = built_once("basic")
    EDITS[edit](srcdir)
    incremental = build(make_app, srcdir)

    fresh_src = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src)

    assert_same_pages(listing_pages(incremental.outdir), listing_pages(fresh.outdir))
    pages = sorted(path.relative_to(fresh.outdir) for path in fresh.outdir.rglob("*.html") if not is_redirect(path))
    stale = [str(page) for page in pages if sidebar_of(incremental.outdir / page) != sidebar_of(fresh.outdir / page)]
    assert stale == []
    stale = [
        str(page) for page in pages
        if neighbour_links(incremental.outdir / page) != neighbour_links(fresh.outdir / page)
    ]
    assert stale == [], "previous/next links"


def test_unchanged_speaker_pages_are_not_rewritten(make_app, built_once):
    srcdir = built_once("basic")
    pages = {path.name: path.stat().st_mtime_ns for path in (srcdir / "_build" / "html" / "speakers").iterdir()}
    EDITS["add-talk"](srcdir)  # a new talk by Raymond Hettinger
    second = build(make_app, srcdir)
    rewritten = {
        path.name for path in (second.outdir / "speakers").iterdir() if path.stat().st_mtime_ns != pages.get(path.name)
    }
    assert rewritten == {"raymond-hettinger.html"}


def test_pages_of_speakers_who_are_gone_are_removed(make_app, built_once):
    srcdir = built_once("basic")
    (srcdir / "djangocon/talks/nix.rst").unlink()
    app = build(make_app, srcdir)
    assert (app.outdir / f"{speaker_page_name('Domen Kožar', 'speakers')}.html").exists()  # still in the lightning talks
    write(srcdir / "misc/loose.rst", talk_source("Loose talk", "2012-01-01", "Ann Other"))
    write(srcdir / "djangocon/talks/mozilla.rst", talk_source("Large Django sites at Mozilla", "2011-06-07", "Ann Other"))
    app = build(make_app, srcdir)
    assert (app.outdir / "speakers" / "ann-other.html").exists()
    assert not (app.outdir / "speakers" / "andy-mckay.html").exists()


def test_a_build_with_nothing_changed_reads_nothing_and_finds_the_configuration_unchanged(make_app, built_once):
    """The extension adds its static folder when the configuration is read, not once the builder
    is known: Sphinx compares the configuration with the last build's before that."""
    srcdir = built_once("basic")
    again = build(make_app, srcdir)
    said = strip_escape_sequences(again._status.getvalue())
    assert "0 added, 0 changed, 0 removed" in said
    # furo registers pygments_dark_style when Sphinx loads it as the theme, which is once the
    # builder is made, after the comparison: the last build's configuration has it, the new one
    # not yet.  Nothing is read again for it (the comparison that decides that sees only the
    # values registered by then).
    assert [line for line in said.splitlines() if "configuration has changed" in line] in (
        [], ["loading pickled environment... The configuration has changed (1 option: 'pygments_dark_style')"],
    )
    assert (again.outdir / "_static" / "eventnotes-search.js").is_file()
