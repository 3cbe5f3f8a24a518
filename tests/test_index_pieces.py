"""The indices in pieces (``html_split_index``): a page per letter in HTML, one index elsewhere."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from html_text import article_text
from test_builds import build, write

SPLIT = {"html_split_index": True}  # for the LaTeX build of the test-pdf root


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def letter_nav(path: Path) -> list[tuple[str, str | None]]:
    """The letters a page lists, each with its link (None for the current piece)."""
    nav = soup_of(path).select_one("article nav")
    return [(item.get_text(strip=True), item.get("href")) for item in nav.find_all(["a", "strong"], recursive=False)]


def pieces(outdir: Path, index: str) -> dict[str, Path]:
    return {label: outdir / href for label, href in letter_nav(outdir / f"{index}.html")}


def entries(path: Path) -> list[str]:
    return [row.get_text(" ", strip=True) for row in soup_of(path).select("article table tr:not(.cap):not(.pcap)")]


def whole_index(make_app, rootdir: Path, tmp_path: Path, index: str) -> list[str]:
    """The entries of the index on one page, as a build without html_split_index writes it."""
    srcdir = tmp_path / "whole"
    if not srcdir.exists():
        shutil.copytree(rootdir / "test-basic", srcdir)
    return entries(build(make_app, srcdir).outdir / f"{index}.html")


@pytest.fixture
def split_app(make_app, rootdir, tmp_path):
    """test-basic built with html_split_index, in a folder of its own (build() checks: no warning)."""
    return build(make_app, split_copy(rootdir, tmp_path, "split"))


def test_speaker_index_pieces(split_app, make_app, rootdir, tmp_path):
    app = split_app
    found = pieces(app.outdir, "event-speakers")
    assert {label: path.name for label, path in found.items()} == {
        "A": "event-speakers-a.html", "D": "event-speakers-d.html",
        "L": "event-speakers-l.html", "R": "event-speakers-r.html",
    }
    # The index's own page lists letters, no entries.
    assert "Raymond Hettinger" not in article_text((app.outdir / "event-speakers.html").read_text(encoding="utf-8"))
    # Every entry once, in the order of the index on one page.
    split = [entry for path in found.values() for entry in entries(path)]
    whole = whole_index(make_app, rootdir, tmp_path, "event-speakers")
    assert split == whole
    assert "Łukasz Langa" in entries(found["L"])
    # Each piece: its title, and the letters, its own not a link.
    piece = found["L"]
    assert soup_of(piece).h1.get_text() == "Speaker Index – L"
    assert letter_nav(piece) == [
        ("A", "event-speakers-a.html"), ("D", "event-speakers-d.html"), ("L", None), ("R", "event-speakers-r.html")
    ]
    # A furo page, with the stylesheet of the index's entries.
    html = piece.read_text(encoding="utf-8")
    assert 'class="sidebar-tree"' in html and "Furo (the documentation theme" not in html
    assert "eventnotes-speaker-index.css" in html
    # A speaker's page links to the piece of their letter.
    speaker_page = soup_of(app.outdir / "speakers" / "raymond-hettinger.html")
    assert speaker_page.select_one('article a[href="../event-speakers-r.html"]') is not None


def test_topics_index_pieces(split_app, make_app, rootdir, tmp_path):
    app = split_app
    found = pieces(app.outdir, "event-topics")
    split = [entry for path in found.values() for entry in entries(path)]
    assert split == whole_index(make_app, rootdir, tmp_path, "event-topics")
    assert all(letter_nav(path).count((label, None)) == 1 for label, path in found.items())
    topic_page = soup_of(app.outdir / "topics" / "django.html")
    assert topic_page.select_one('article a[href="../event-topics-d.html"]') is not None


def test_a_long_letter_is_cut_between_names(make_app, rootdir, tmp_path):
    app = build(make_app, split_copy(rootdir, tmp_path, "split", eventnotes_index_piece_entries=3))
    found = pieces(app.outdir, "event-speakers")
    # Raymond Hettinger (two talks) and Domen Kožar (three): a piece of three rows
    # holds one name with up to two talks; a longer name is repeated on the next piece.
    assert list(found) == ["A", "D", "D 2", "L", "R"]
    assert found["D 2"].name == "event-speakers-d-2.html"
    assert [len(entries(path)) for path in found.values()] == [3, 3, 2, 2, 3]
    assert entries(found["D 2"])[0] == entries(found["D"])[0]
    split = [entry for path in found.values() for entry in entries(path)[1:]]
    whole = whole_index(make_app, rootdir, tmp_path, "event-speakers")
    assert sorted(split) == sorted(entry for entry in whole if "(" in entry)


def test_genindex_pieces_in_furo(split_app):
    app = split_app
    overview = soup_of(app.outdir / "genindex.html")
    letters = [link.get_text() for link in overview.select("article .genindex-jumpbox a")]
    assert letters[:3] == ["A", "D", "L"]
    piece = app.outdir / "genindex-L.html"
    html = piece.read_text(encoding="utf-8")
    assert 'class="sidebar-tree"' in html and "Furo (the documentation theme" not in html
    assert soup_of(piece).h1.get_text() == "Index – L"
    assert ("L", None) in letter_nav(piece) and ("A", "genindex-A.html") in letter_nav(piece)
    assert "Large Django sites at Mozilla" in article_text(html)


def test_links_to_the_speaker_index_still_resolve(split_app):
    app = split_app
    # :ref:`event-speakers` on the home page, and the inventory's label: the index's own page.
    assert soup_of(app.outdir / "index.html").select_one('article a[href="event-speakers.html"]') is not None
    inventory = (app.outdir / "objects.inv").read_bytes()
    body = zlib.decompress(inventory.split(b"\n", 4)[4]).decode()
    assert "event-speakers std:label -1 event-speakers.html Speaker Index" in body


@pytest.mark.sphinx("latex", testroot="pdf", confoverrides=SPLIT)
def test_latex_keeps_one_index(app):
    app.build()
    tex = (app.outdir / "pdftest.tex").read_text(encoding="utf-8")
    assert tex.count(r"\begin{sphinxtheindex}") >= 1
    assert r"\label{\detokenize{event-speakers::doc}}" in tex
    assert "event-speakers-" not in tex
    assert "Łukasz Langa" in tex


def split_copy(rootdir: Path, tmp_path: Path, name: str, **settings: object) -> Path:
    srcdir = tmp_path / name
    shutil.copytree(rootdir / "test-basic", srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        # Threshold 0: test-basic's indices are small, and split only when told to.
        for setting, value in {"html_split_index": True, "eventnotes_index_split_threshold": 0, **settings}.items():
            conf.write(f"\n{setting} = {value!r}\n")
    return srcdir


def index_pages(outdir: Path) -> dict[str, str]:
    """The indices' pages as files in the output, each with its article."""
    found = {}
    for path in sorted(outdir.glob("*.html")):
        if path.name.startswith(("event-speakers", "event-topics", "genindex")):
            html = path.read_text(encoding="utf-8")
            found[path.name] = html[html.index("<article") : html.index("</article>")]
    return found


TALK = """\
{title}
{underline}

.. talk::
   :date: 2011-06-08
   :speaker: {speaker}

Notes.
"""


def test_incremental_build_equals_fresh_build(make_app, rootdir, tmp_path):
    srcdir = split_copy(rootdir, tmp_path, "incremental")
    first = build(make_app, srcdir)
    assert (first.outdir / "event-speakers-a.html").exists()
    # Andy McKay's talks get another speaker: letter A is gone, letters B and Z are new.
    for talk in ("djangocon/talks/mozilla.rst", "misc/loose.rst"):
        path = srcdir / talk
        write(path, path.read_text(encoding="utf-8").replace("Andy McKay", "Bea Example, Zoë Example"))
    incremental = build(make_app, srcdir)
    fresh_src = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src)
    got, expected = index_pages(incremental.outdir), index_pages(fresh.outdir)
    assert "event-speakers-a.html" not in got
    assert {"event-speakers-b.html", "event-speakers-z.html"} <= set(got)
    # The pages of gone letters are removed, genindex's too (Sphinx would leave them behind).
    assert set(got) == set(expected)
    for name, article in expected.items():
        assert got[name] == article, name


def test_parallel_build_equals_serial(make_app, rootdir, tmp_path):
    serial = build(make_app, split_copy(rootdir, tmp_path, "serial"))
    parallel = build(make_app, split_copy(rootdir, tmp_path, "parallel"), parallel=2)
    assert index_pages(parallel.outdir) == index_pages(serial.outdir)
    assert any(name.startswith("event-speakers-") for name in index_pages(serial.outdir))


def test_genindex_rewrites_only_the_letters_that_changed(make_app, rootdir, tmp_path):
    """The extension writes genindex's pages (eventnotes.general_index): an edited title rewrites its
    letter's page and the one-page index, not the other letters."""
    srcdir = split_copy(rootdir, tmp_path, "edited")
    first = build(make_app, srcdir)
    written = {path.name: path.stat().st_mtime_ns for path in first.outdir.glob("genindex*.html")}
    assert {"genindex.html", "genindex-all.html", "genindex-L.html", "genindex-P.html"} <= set(written)
    talk = srcdir / "djangocon/talks/mozilla.rst"
    write(talk, talk.read_text(encoding="utf-8").replace("Large Django sites at Mozilla", "Large Django sites at Lemur"))
    again = build(make_app, srcdir)
    rewritten = {path.name for path in again.outdir.glob("genindex*.html") if path.stat().st_mtime_ns != written[path.name]}
    # The title's letter, its speaker's (Andy McKay: the title is under his name) and the whole index.
    assert rewritten == {"genindex-L.html", "genindex-A.html", "genindex-all.html"}
    assert "Large Django sites at Lemur" in article_text((again.outdir / "genindex-L.html").read_text(encoding="utf-8"))


def test_genindex_in_the_basic_theme_keeps_its_relation_bar_link(make_app, rootdir, tmp_path):
    app = build(make_app, split_copy(rootdir, tmp_path, "basic", html_theme="basic"))
    overview = soup_of(app.outdir / "genindex.html")
    assert [link.get_text() for link in overview.select(".genindex-jumpbox a strong")][:3] == ["A", "D", "L"]
    home = soup_of(app.outdir / "index.html")
    assert home.select_one('div.related a[href="genindex.html"]').get_text() == "index"
    piece = soup_of(app.outdir / "genindex-L.html")
    assert "Large Django sites at Mozilla" in piece.select_one("table.indextable").get_text()


def test_a_small_site_has_one_page_per_index(make_app, rootdir, tmp_path):
    """html_split_index, default threshold: test-basic's indices are far below it, each one page."""
    srcdir = tmp_path / "small"
    shutil.copytree(rootdir / "test-basic", srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nhtml_split_index = True\n")
    app = build(make_app, srcdir)
    assert set(index_pages(app.outdir)) == {"event-speakers.html", "event-topics.html", "genindex.html"}
    speakers = soup_of(app.outdir / "event-speakers.html")
    assert speakers.select_one("article nav.eventnotes-index-letters") is None
    assert "Raymond Hettinger" in article_text((app.outdir / "event-speakers.html").read_text(encoding="utf-8"))
    assert "Large Django sites at Mozilla" in article_text((app.outdir / "genindex.html").read_text(encoding="utf-8"))
    # Speaker and topic pages link to the index's one page.
    speaker_page = soup_of(app.outdir / "speakers" / "raymond-hettinger.html")
    assert speaker_page.select_one('article a[href="../event-speakers.html"]') is not None
    topic_page = soup_of(app.outdir / "topics" / "django.html")
    assert topic_page.select_one('article a[href="../event-topics.html"]') is not None
    # With a threshold below its size, the same site is split again, and the old links move
    # (the pages written by the first build are rewritten, not kept by their digests).
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\neventnotes_index_split_threshold = 5\n")
    again = build(make_app, srcdir)
    got = set(index_pages(again.outdir))
    assert {"event-speakers-r.html", "event-topics-d.html", "genindex-L.html", "genindex-all.html"} <= got
    speaker_page = soup_of(again.outdir / "speakers" / "raymond-hettinger.html")
    assert speaker_page.select_one('article a[href="../event-speakers-r.html"]') is not None
    # And back: the pieces are removed.
    conf = srcdir / "conf.py"
    write(conf, conf.read_text(encoding="utf-8").replace("eventnotes_index_split_threshold = 5", ""))
    back = build(make_app, srcdir)
    assert set(index_pages(back.outdir)) == {"event-speakers.html", "event-topics.html", "genindex.html"}
