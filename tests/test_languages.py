"""Language pages, the Languages index, and language marks in conference listings."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from eventnotes.importer.languages import source_language
from eventnotes.languages import language_tag, main_language
from eventnotes.records import Talk


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


def build(make_app, rootdir, tmp_path, buildername="html"):
    shutil.copytree(rootdir / "test-webmeta", tmp_path / "src")
    app = make_app(buildername, srcdir=tmp_path / "src")
    app.build()
    assert app.warning.getvalue() == ""
    return app


def test_language_pages(make_app, rootdir, tmp_path):
    app = build(make_app, rootdir, tmp_path)
    italian = soup(app, "languages/it.html").find("article")
    assert italian.find("h1").get_text().rstrip("¶") == "Italian (it)"
    assert [a.get_text() for a in italian.select("ul.eventnotes-language-talks a")] == [
        "GraphQL <in> Python & more", "PyCon Test 2018", "Ada Lovelace", "Bob Smith",
    ]
    english = soup(app, "languages/en.html").find("article")
    assert english.find("h1").get_text().rstrip("¶") == "English (en)"
    assert len(english.select("ul.eventnotes-language-talks > li")) == 2
    index = soup(app, "event-languages.html").find("article")
    assert {a["href"].rstrip("#") for a in index.find_all("a") if a["href"].startswith("languages/")} == {
        "languages/en.html", "languages/it.html",
    }


def test_talk_links_its_language(make_app, rootdir, tmp_path):
    app = build(make_app, rootdir, tmp_path)
    link = soup(app, "conf/talks/graphql.html").find("a", title="Italian (it)")
    assert link["href"] == "../../languages/it.html"
    assert link.get_text() == "Italian"


def test_listing_marks_talks_not_in_the_main_language(make_app, rootdir, tmp_path):
    app = build(make_app, rootdir, tmp_path)
    marks = soup(app, "conf/index.html").select(".eventnotes-listing .eventnotes-language")
    # Two talks in English, one in Italian: only the Italian one is marked.
    assert [mark.get_text() for mark in marks] == ["(Italian)"]
    assert marks[0].find_parent("li").find("a").get_text() == "GraphQL <in> Python & more"


def test_one_language_has_no_pages(make_app, rootdir, tmp_path):
    shutil.copytree(rootdir / "test-webmeta", tmp_path / "src")
    talk = tmp_path / "src/conf/talks/graphql.rst"
    talk.write_text(talk.read_text(encoding="utf-8").replace(":language: it", ":language: en"), encoding="utf-8")
    app = make_app("html", srcdir=tmp_path / "src")
    app.build()
    assert app.warning.getvalue() == ""
    assert not (app.outdir / "languages").exists()
    assert not (app.outdir / "event-languages.html").exists()
    assert soup(app, "conf/talks/graphql.html").find("a", title="English (en)") is None
    assert not soup(app, "conf/index.html").select(".eventnotes-language")


def test_languages_index_in_latex(make_app, rootdir, tmp_path):
    app = build(make_app, rootdir, tmp_path, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Italian (it)" in tex


def talk(language: str, anchor: str) -> Talk:
    return Talk(docname="t", anchor=anchor, title=anchor, lineno=1, language=language)


def test_codes_are_compared_in_standard_form():
    assert language_tag("IT") == language_tag("ita") == "it"
    assert language_tag("not a code") == ""
    assert main_language([talk("it", "a"), talk("IT", "b"), talk("en", "c")]) == "it"
    # A tie goes to the first code in order, whatever the reading order.
    assert main_language([talk("it", "a"), talk("en", "b")]) == "en"
    assert main_language([talk("", "a")]) == ""


@pytest.mark.parametrize(
    ("code", "tag"),
    [("eng", "en"), ("ger", "de"), ("ita", "it"), ("IT", "it"), ("pt-br", "pt-BR"), (" jpn ", "ja"),
     ("fil", "fil"), ("zh-Hant-TW", "zh-Hant-TW"), ("", ""), ("  ", ""), ("english", ""), ("not a code", "")],
)
def test_one_reading_of_a_code_for_the_build_and_the_importer(code, tag):
    """The importer writes what the build reads; text that is no code is kept as written."""
    assert language_tag(code) == tag
    assert source_language(code) == (tag or code.strip())
