"""The Pagefind index the HTML build writes beside Sphinx's search (eventnotes.search).

What a browser finds with it, over http and from file://, is in test_browser.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sys
import time

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError
from sphinx.util.console import strip_escape_sequences

import eventnotes.search
from browsing import basic_site, chromium  # noqa: F401 (fixtures)

pytestmark = pytest.mark.sphinx("html", testroot="basic")


def indexed_urls(outdir) -> set[str]:
    return {fragment["url"] for fragment in fragments(outdir)}


def fragments(outdir) -> list[dict]:
    """Pagefind's record of each page: gzip, a signature, then JSON (Pagefind 1.x)."""
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in sorted((outdir / "_pagefind" / "fragment").iterdir())
    ]


def own_copy(app_params, tmp_path, name: str = "project"):
    """The test root's arguments, with a copy of it of the test's own (its output folder included)."""
    args, kwargs = app_params
    srcdir = tmp_path / name
    shutil.copytree(kwargs["srcdir"], srcdir, ignore=shutil.ignore_patterns("_build"))
    return args, {**kwargs, "srcdir": srcdir, "builddir": srcdir / "_build"}


def bundle_digest(outdir) -> dict[str, str]:
    bundle = outdir / "_pagefind"
    return {
        path.relative_to(bundle).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(bundle.rglob("*")) if path.is_file()
    }


def test_the_html_build_writes_a_pagefind_index(shared_build):
    app = shared_build("basic", "html")
    warning = app.warning
    assert warning.getvalue() == ""
    entry = json.loads((app.outdir / "_pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert (app.outdir / "_pagefind" / "pagefind.js").is_file()
    assert (app.outdir / "searchindex.js").is_file()  # Sphinx's own, for file://


SPEAKER_PAGES = {"/speakers/raymond-hettinger.html", "/speakers/andy-mckay.html", "/speakers/domen-kozar-0722df.html",
                 "/speakers/lukasz-langa-71ed23.html"}


def test_pagefind_indexes_documents_and_speaker_pages(shared_build):
    app = shared_build("basic", "html")
    documents = {f"/{docname}.html" for docname in app.env.found_docs}
    assert indexed_urls(app.outdir) == documents | SPEAKER_PAGES
    # Of the generated pages, only speakers': topic and language pages are found through their talks.
    assert (app.outdir / "topics/classes.html").is_file()


def test_a_speaker_page_is_indexed_by_the_name_alone(shared_build):
    app = shared_build("basic", "html")
    (speaker,) = [fragment for fragment in fragments(app.outdir) if fragment["url"] == "/speakers/raymond-hettinger.html"]
    assert speaker["meta"] == {"title": "Raymond Hettinger", "kind": "Speaker"}
    # Not the talks the page lists: a title's words find the talk's own page.
    assert speaker["content"] == "Raymond Hettinger. 2 talks in these notes."
    # The name, weighted: Pagefind's highest weight, on the page kept for it.
    kept = BeautifulSoup(
        (eventnotes.search.fragment_path(app.builder, "speakers/raymond-hettinger")).read_text(encoding="utf-8"),
        "html.parser",
    )
    assert kept.select_one("[data-pagefind-body] h1")["data-pagefind-weight"] == "10"


def test_a_talk_result_names_its_conference_and_day(shared_build):
    app = shared_build("basic", "html")
    meta = {fragment["url"]: fragment["meta"] for fragment in fragments(app.outdir)}
    assert meta["/pycon/talks/toolkit.html"] == {
        "title": "Python’s Class Development Toolkit", "conference": "PyCon US 2013", "date": "16 March 2013",
    }
    # A page of several talks: its first talk's.
    assert meta["/pycon/talks/lightning.html"]["date"] == "17 March 2013"
    # A talk outside any conference has its day alone; a conference page neither.
    assert meta["/misc/loose.html"] == {"title": "Loose talk", "date": "01 January 2012"}
    assert meta["/pycon/index.html"] == {"title": "PyCon US 2013"}
    # Shown, not searched: the metadata is outside the content Pagefind indexes.
    page = (eventnotes.search.fragment_path(app.builder, "pycon/talks/toolkit")).read_text(encoding="utf-8")
    kept = BeautifulSoup(page, "html.parser")
    assert [element.find_parent(attrs={"data-pagefind-body": True}) for element in kept.select("[data-pagefind-meta]")] \
        == [None, None]


def test_the_search_page_shows_each_results_metadata(shared_build):
    app = shared_build("basic", "html")
    script = (app.outdir / "_static/eventnotes-search.js").read_text(encoding="utf-8")
    for key in ("kind", "conference", "date"):
        assert f"data.meta.{key}" in script


def test_only_the_content_is_marked_for_the_index(shared_build):
    app = shared_build("basic", "html")
    talk = BeautifulSoup((app.outdir / "pycon/talks/toolkit.html").read_text(encoding="utf-8"), "html.parser")
    (body,) = talk.select("[data-pagefind-body]")
    assert body.parent.name == "article"
    assert body.find("h1").get_text() == "Python’s Class Development Toolkit¶"
    for generated in ("genindex.html", "search.html", "event-speakers.html", "speakers/raymond-hettinger.html"):
        assert "data-pagefind-body" not in (app.outdir / generated).read_text(encoding="utf-8")


def test_the_titles_indexed_leave_out_the_heading_links(shared_build):
    app = shared_build("basic", "html")
    titles = {fragment["url"]: fragment["meta"]["title"] for fragment in fragments(app.outdir)}
    assert titles["/pycon/talks/toolkit.html"] == "Python’s Class Development Toolkit"
    assert titles["/pycon/index.html"] == "PyCon US 2013"


def test_the_search_page_loads_sphinx_search_only_on_demand(shared_build):
    app = shared_build("basic", "html")
    page = BeautifulSoup((app.outdir / "search.html").read_text(encoding="utf-8"), "html.parser")
    sources = [script.get("src", "").split("?")[0] for script in page.find_all("script")]
    assert "searchindex.js" not in sources
    assert "_static/searchtools.js" not in sources
    (search,) = page.select('script[src^="_static/eventnotes-search.js"]')
    assert search["data-pagefind"] == "_pagefind/pagefind.js"
    assert search["data-sphinx-scripts"].split() == ["_static/language_data.js", "_static/searchtools.js", "searchindex.js"]
    assert page.select_one("#search-results") is not None  # furo's page, where the results go
    # What pages show, the search page does without (the talk pages keep them).
    styles = [link["href"].split("?")[0] for link in page.select('link[rel="stylesheet"]')]
    assert "_static/styles/furo.css" in styles
    talk = (app.outdir / "pycon/talks/toolkit.html").read_text(encoding="utf-8")
    on_talk_pages = {asset for asset in eventnotes.search.CONTENT_ASSETS if f"../../{asset}" in talk}
    assert "_static/pygments.css" in on_talk_pages
    assert on_talk_pages.isdisjoint([*styles, *sources])
    assert (app.outdir / "_static/eventnotes-search.js").is_file()


def test_dirhtml_links_the_bundle_from_its_search_folder(shared_build):
    app = shared_build("basic", "dirhtml")
    page = BeautifulSoup((app.outdir / "search/index.html").read_text(encoding="utf-8"), "html.parser")
    (search,) = page.select("script[data-pagefind]")
    assert search["data-pagefind"] == "../_pagefind/pagefind.js"
    assert "/pycon/talks/toolkit/" in indexed_urls(app.outdir)


def test_the_index_is_reproducible_and_keeps_no_stale_files(make_app, app_params, tmp_path):
    digests = []
    for name in ("first", "second"):
        args, kwargs = own_copy(app_params, tmp_path, name)
        app = make_app(*args, **kwargs)
        app.build()
        digests.append(bundle_digest(app.outdir))
    assert digests[0] == digests[1]

    talk = app.srcdir / "pycon/talks/toolkit.rst"
    talk.write_text(talk.read_text(encoding="utf-8").replace("Class Development", "Class Building"), encoding="utf-8")
    app.build()
    after = bundle_digest(app.outdir)
    assert after != digests[1]
    assert len(after) == len(digests[1])  # the old fragment is gone, not kept beside the new one
    titles = {fragment["meta"]["title"] for fragment in fragments(app.outdir)}
    assert "Python’s Class Building Toolkit" in titles
    assert "Python’s Class Development Toolkit" not in titles


def test_no_index_in_the_epub(shared_build):
    app = shared_build("basic", "epub")
    assert not (app.outdir / "_pagefind").exists()
    assert not (app.outdir / "_static/eventnotes-search.js").exists()
    assert "data-pagefind" not in (app.outdir / "pycon/talks/toolkit.xhtml").read_text(encoding="utf-8")


def test_no_index_beside_the_latex(shared_build):
    app = shared_build("basic", "latex")
    assert not (app.outdir / "_pagefind").exists()


def test_switched_off_sphinx_search_is_left_as_it_is(make_app, app_params, tmp_path):
    args, kwargs = own_copy(app_params, tmp_path)
    app = make_app(*args, **kwargs, confoverrides={"eventnotes_pagefind": False})
    app.build()
    warning = app.warning
    assert warning.getvalue() == ""
    assert not (app.outdir / "_pagefind").exists()
    search = (app.outdir / "search.html").read_text(encoding="utf-8")
    # The search page goes straight to Sphinx's search and index.
    assert 'data-pagefind=""' in search
    assert "searchindex.js" in search


def test_switching_pagefind_off_rewrites_no_page_and_removes_the_index(make_app, app_params, tmp_path):
    args, kwargs = own_copy(app_params, tmp_path)
    app = make_app(*args, **kwargs)
    app.build()
    assert (app.outdir / "_pagefind").is_dir()
    # Every page but those Sphinx writes on every build (the search page, genindex, domain indices).
    pages = {
        path: path.stat().st_mtime_ns
        for path in app.outdir.rglob("*.html")
        if not path.name.startswith(("search", "genindex", "event-"))
    }
    assert len(pages) > 5
    app.cleanup()  # unregister docutils nodes before the next app
    again = make_app(*args, **kwargs, confoverrides={"eventnotes_pagefind": False})
    again.build()
    assert again.warning.getvalue() == ""
    assert not (again.outdir / "_pagefind").exists()  # a stale index would answer for the old pages
    rewritten = [path for path, mtime in pages.items() if path.stat().st_mtime_ns != mtime]
    assert rewritten == []


def test_without_pagefind_the_build_warns_once_and_goes_on(app, warning, monkeypatch):
    monkeypatch.setattr(eventnotes.search, "pagefind_command", lambda: None)
    app.build()
    assert strip_escape_sequences(warning.getvalue()).splitlines() == [
        "WARNING: pagefind is not installed (pip install 'pagefind[bin]'): "
        "search falls back to Sphinx's index [eventnotes.search]"
    ]
    assert not (app.outdir / "_pagefind").exists()
    assert (app.outdir / "searchindex.js").is_file()


def test_a_failing_pagefind_is_a_warning(app, warning, monkeypatch):
    failing = [sys.executable, "-c", "import sys; sys.exit('pagefind: no HTML found')"]
    monkeypatch.setattr(eventnotes.search, "pagefind_command", lambda: failing)
    app.build()
    assert strip_escape_sequences(warning.getvalue()).splitlines() == [
        "WARNING: pagefind failed (exit status 1): pagefind: no HTML found [eventnotes.search]"
    ]


def test_an_incremental_build_indexes_what_a_fresh_one_does(make_app, app_params, tmp_path):
    """Pagefind indexes the pages kept with the doctrees: after an edit and a removed talk, the index
    is the one a fresh build of the result writes."""
    args, kwargs = own_copy(app_params, tmp_path, "edited")
    app = make_app(*args, **kwargs)
    app.build()
    assert "/pycon/talks/lightning.html" in indexed_urls(app.outdir)
    talk = app.srcdir / "pycon/talks/toolkit.rst"
    talk.write_text(talk.read_text(encoding="utf-8").replace("Class Development", "Class Building"), encoding="utf-8")
    (app.srcdir / "pycon/talks/lightning.md").unlink()
    home = app.srcdir / "index.rst"
    home.write_text(home.read_text(encoding="utf-8").replace(":talk:`lightning-one` and ", ""), encoding="utf-8")
    app.cleanup()
    again = make_app(*args, **kwargs)
    again.build()
    assert "/pycon/talks/lightning.html" not in indexed_urls(again.outdir)

    fresh_args, fresh_kwargs = args, {**kwargs, "srcdir": tmp_path / "fresh", "builddir": tmp_path / "fresh" / "_build"}
    shutil.copytree(app.srcdir, fresh_kwargs["srcdir"], ignore=shutil.ignore_patterns("_build"))
    again.cleanup()
    fresh = make_app(*fresh_args, **fresh_kwargs)
    fresh.build()
    assert bundle_digest(again.outdir) == bundle_digest(fresh.outdir)


def test_a_build_that_changes_no_indexed_page_leaves_the_bundle_as_it_is(make_app, app_params, tmp_path):
    args, kwargs = own_copy(app_params, tmp_path)
    app = make_app(*args, **kwargs)
    app.build()
    written = {path: path.stat().st_mtime_ns for path in (app.outdir / "_pagefind").rglob("*")}
    page = app.outdir / "pycon/talks/toolkit.html"
    page_written = page.stat().st_mtime_ns
    # Read and written again, the same: Pagefind is not run again (it would rewrite pagefind.js).
    talk = app.srcdir / "pycon/talks/toolkit.rst"
    later = time.time() + 10
    os.utime(talk, (later, later))
    app.cleanup()
    again = make_app(*args, **kwargs)
    again.build()
    assert again.warning.getvalue() == ""
    assert page.stat().st_mtime_ns != page_written
    assert {path: path.stat().st_mtime_ns for path in (again.outdir / "_pagefind").rglob("*")} == written


def test_a_build_that_fails_while_pagefind_runs_leaves_no_bundle(make_app, app_params, tmp_path):
    """Pagefind runs while Sphinx writes the generated pages: a build that fails then stops it and removes
    its half-written bundle, and the next build writes the bundle a fresh build writes."""
    args, kwargs = own_copy(app_params, tmp_path, "failing")
    app = make_app(*args, **kwargs)
    app.build()
    talk = app.srcdir / "pycon/talks/toolkit.rst"
    talk.write_text(talk.read_text(encoding="utf-8").replace("Class Development", "Class Building"), encoding="utf-8")
    app.cleanup()

    def fail(app: object) -> list[object]:
        raise RuntimeError("a generated page that cannot be written")

    failing = make_app(*args, **kwargs)
    failing.connect("html-collect-pages", fail, priority=900)
    with pytest.raises(ExtensionError, match="cannot be written"):
        failing.build()
    assert not (failing.outdir / "_pagefind").exists()
    failing.cleanup()
    again = make_app(*args, **kwargs)
    again.build()

    fresh_kwargs = {**kwargs, "srcdir": tmp_path / "fresh", "builddir": tmp_path / "fresh" / "_build"}
    shutil.copytree(app.srcdir, fresh_kwargs["srcdir"], ignore=shutil.ignore_patterns("_build"))
    again.cleanup()
    fresh = make_app(*args, **fresh_kwargs)
    fresh.build()
    assert bundle_digest(again.outdir) == bundle_digest(fresh.outdir)


def test_a_build_asked_for_its_pagefind_run_leaves_it_in_the_file_named(make_app, app_params, tmp_path):
    """``eventnotes_pagefind_after_build``: the build starts no Pagefind and writes its run, which
    completed later writes the bundle; the value changes no page, so a build with another reads nothing."""
    args, kwargs = own_copy(app_params, tmp_path)
    runs = tmp_path / "runs.jsonl"
    app = make_app(*args, **kwargs, confoverrides={"eventnotes_pagefind_after_build": str(runs)})
    app.build()
    assert app.warning.getvalue() == ""
    assert not (app.outdir / "_pagefind").exists()
    [record] = [json.loads(line) for line in runs.read_text(encoding="utf-8").splitlines()]
    from eventnotes.search_bundle import PagefindRun

    assert PagefindRun.from_record(record).complete() is None
    assert (app.outdir / "_pagefind" / "pagefind-entry.json").is_file()
    app.cleanup()
    again = make_app(*args, **kwargs, confoverrides={"eventnotes_pagefind_after_build": str(tmp_path / "other")})
    again.build()
    assert "0 added, 0 changed, 0 removed" in strip_escape_sequences(again.status.getvalue())
    assert not (tmp_path / "other").exists()  # the bundle indexes the pages: nothing to run


@pytest.mark.browser
def test_searching_a_name_finds_the_speaker_first_then_their_talks(chromium, basic_site):
    page = chromium.new_page()
    try:
        page.goto(f"{basic_site}/search.html?q=Hettinger")
        results = page.locator("#search-results ul.search > li")
        results.nth(2).wait_for(timeout=15000)
        titles = page.locator("#search-results ul.search > li > a").all_inner_texts()
        assert titles[0] == "Raymond Hettinger"
        assert page.locator("#search-results ul.search > li > a").first.get_attribute("href").endswith(
            "speakers/raymond-hettinger.html"
        )
        assert set(titles[1:3]) == {"Python’s Class Development Toolkit", "Transforming Code into Beautiful, Idiomatic Python"}
        about = dict(zip(titles, page.locator("#search-results ul.search > li").all_inner_texts()))
        assert "(Speaker)" in about["Raymond Hettinger"]
        assert "(PyCon US 2013, 16 March 2013)" in about["Python’s Class Development Toolkit"]
    finally:
        page.close()
