"""The website, the PDF and the EPUB of one source (``_ext/publications.py``).

The test root has a website-only document (``building``) that the home page
lists in its toctree and links three ways, a paragraph only the website shows,
and a sphinx-design tab set.
"""

from __future__ import annotations

import zipfile

import pytest
from bs4 import BeautifulSoup


def links(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.find_all("a", href=True)]


@pytest.mark.sphinx("html", testroot="publications")
def test_the_website_shows_every_document_the_tabs_and_its_own_paragraph(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = page.find("div", class_="body").get_text()
    assert "Search the notes on the search page." in body
    assert links(page.find("div", class_="body")).count("building.html") == 2  # :doc: and the toctree
    assert "building.html#the-timings" in links(page)
    assert [tab["type"] for tab in page.find_all("input", class_=False) if tab.get("name", "").startswith("sd-tab-set")] \
        == ["radio", "radio"]
    assert (app.outdir / "building.html").exists()


@pytest.mark.sphinx("epub", testroot="publications")
def test_the_epub_leaves_out_the_website_only_document_and_shows_every_tab(app):
    app.build()
    assert app.warning.getvalue() == ""
    epub = zipfile.ZipFile(app.outdir / "Publications.epub")
    assert "chapter.xhtml" in epub.namelist()
    assert "building.xhtml" not in epub.namelist()
    for name in ("content.opf", "toc.ncx", "nav.xhtml"):
        assert "building" not in epub.read(name).decode(), name

    page = BeautifulSoup(epub.read("index.xhtml").decode(), "html.parser")
    body = page.find("div", class_="body")
    assert "Search the notes" not in body.get_text()
    assert not [href for href in links(page) if "building" in href]
    # The links' text stays: the title, the section title, the explicit title.
    assert "How they are built: Building, Timings,\nmeasured timings." in body.get_text()
    # Each tab as a title and its content, in order; no form controls.
    assert not page.find_all(["input", "label"])
    sections = body.find_all("div", class_="tab-as-section")
    assert [(s.find("p", class_="rubric").get_text(), s.find("p", class_=False).get_text()) for s in sections] == [
        ("First tab", "Content of the first tab."),
        ("Second tab", "Content of the second tab."),
    ]
    assert not body.select("[class*=sd-tab]")


@pytest.mark.sphinx("latex", testroot="publications")
def test_the_pdf_leaves_out_the_website_only_document(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "publications.tex").read_text(encoding="utf-8")
    assert "A chapter of notes." in tex
    assert "How the site is built." not in tex
    assert "building" not in tex
    assert "How they are built: Building, Timings,\n" in tex
    assert "{measured timings}" in tex
    assert "hyperref" not in tex[tex.index("How they are built") : tex.index("Content of the first tab.")]
    assert "Search the notes" not in tex
    assert "Content of the second tab." in tex
