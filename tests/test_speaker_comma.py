"""A speaker name with a comma, written ``\\,`` in ``:speaker:``, is one person (both markups)."""

from __future__ import annotations

import shutil

import pytest
from conftest import TESTS, build_without_warnings
from html_text import article_text as text_of

SNIPPETS = TESTS / "snippets"


@pytest.mark.parametrize("snippet", ["speaker-comma.rst", "speaker-comma.md"])
def test_escaped_comma_keeps_a_name_whole(rootdir, tmp_path, snippet):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-snippets", srcdir)
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('html_theme = "furo"\n')
    talks = srcdir / "conference" / "talks"
    talks.mkdir(parents=True)
    shutil.copy(SNIPPETS / "conference.rst", srcdir / "conference" / "index.rst")
    shutil.copy(SNIPPETS / snippet, talks / snippet)
    app = build_without_warnings(srcdir)

    talk = (app.outdir / "conference" / "talks" / snippet).with_suffix(".html")
    assert "Speakers: Richard D. Copeland, Jr., Chu, Hua-Rong" in text_of(talk.read_text(encoding="utf-8"))
    assert sorted(path.name for path in (app.outdir / "speakers").iterdir()) == [
        "chu-hua-rong.html",
        "richard-d-copeland-jr.html",
    ]
    index = text_of((app.outdir / "event-speakers.html").read_text(encoding="utf-8"))
    assert "Chu, Hua-Rong Scaling Django (PyCon US 2013, 16 March 2013)" in index
    assert "Richard D. Copeland, Jr. Scaling Django (PyCon US 2013, 16 March 2013)" in index
    page = text_of((app.outdir / "speakers" / "richard-d-copeland-jr.html").read_text(encoding="utf-8"))
    assert page.startswith("Richard D. Copeland, Jr.¶ 1 talk in these notes.")
