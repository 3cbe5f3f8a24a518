"""The PDF, the notes' release, leaves out the imported talks nobody wrote notes for yet
(``eventnotes.release``); the website lists them all and marks the talks with notes.

The test root ``release`` has a conference with an imported talk as the importer wrote it
(``a-imported-empty``, last in the programme), an imported talk with notes and a short talk
written by hand: its file names sort otherwise than its programme (c, b, a).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, TESTS
from tools import require, require_cjk_fonts

from eventnotes.importer.__main__ import main as import_programme


@pytest.mark.sphinx("latex", testroot="release")
def test_the_pdf_leaves_out_the_empty_imported_talk_only_in_programme_order(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "release.tex").read_text(encoding="utf-8")
    # Programme order (dates and start times), not file names: the hand-written talk first.
    assert re.findall(r"\\(?:chapter|section)\{([^}]*)\}", tex) == [
        "Release Conf", "Typed by hand", "Written up afterwards",
    ]
    assert "An abstract from the programme." in tex  # the talk with notes
    assert "Unwritten" not in tex and "a-imported-empty" not in tex and "waiting-for-notes" not in tex
    # Links to it keep their text; its speakers are in no index.
    assert "The talk not written up yet: Waiting for notes," in tex
    assert "Waiting for notes — Only Imported, Both Ways" in tex
    speaker_index = tex[tex.index(r"\renewcommand{\indexname}{Speaker Index}"):]
    assert "Only Imported" not in speaker_index
    assert "{Both Ways}" in speaker_index and "{Hand Writer}" in speaker_index
    # Every label the book links to, it has.
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    for target in re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex):
        assert target in labels, target


@pytest.mark.sphinx(
    "latex", testroot="release", confoverrides={"eventnotes_pdf_leaves_out_empty_imported_talks": False}
)
def test_the_pdf_can_keep_the_whole_programme(app):
    app.build()
    tex = (app.outdir / "release.tex").read_text(encoding="utf-8")
    assert re.findall(r"\\section\{([^}]*)\}", tex) == ["Typed by hand", "Written up afterwards", "Waiting for notes"]


@pytest.mark.sphinx("html", testroot="release")
def test_the_website_lists_every_talk_and_marks_those_with_notes(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "conf" / "index.html").read_text(encoding="utf-8"), "html.parser")
    items = {item.a.get_text(): item for item in page.select(".eventnotes-listing li")}
    assert set(items) == {"Typed by hand", "Written up afterwards", "Waiting for notes"}
    marked = {title for title, item in items.items() if item.find(class_="eventnotes-has-notes")}
    assert marked == {"Typed by hand", "Written up afterwards"}
    assert "· notes" in items["Typed by hand"].get_text()
    assert (app.outdir / "conf" / "talks" / "a-imported-empty.html").exists()


@pytest.mark.sphinx("html", testroot="importer")
def test_no_mark_where_every_talk_has_notes(app):
    app.build()
    page = (app.outdir / "conferences" / "oldconf-2019" / "index.html").read_text(encoding="utf-8")
    assert "eventnotes-has-notes" not in page


@pytest.mark.pdf
def test_the_pdf_of_an_imported_programme_builds_in_programme_order(tmp_path, capsys):
    require("latexmk", "xelatex", "xindy", "make", "pdftotext")
    require_cjk_fonts()
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-release", site)
    assert import_programme([str(TESTS / "data" / "schedules" / "nightowl.xml"), "--project", str(site)]) == 0
    capsys.readouterr()
    index = site / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   conferences/nightowl-2024/index\n", encoding="utf-8")
    talk = site / "conferences" / "nightowl-2024" / "talks" / "scaling-django-at-night.md"
    # Someone writes notes for one talk; the others stay as imported.
    talk.write_text(talk.read_text(encoding="utf-8") + "\nWhat was said.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "sphinx_build.py"), "-M", "latexpdf", str(site),
         str(site / "_build"), "-n", "-W", "--keep-going"],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(PROJECT / "_ext")},
    )
    # The build command fails on an undefined reference.
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = subprocess.run(
        ["pdftotext", str(site / "_build" / "latex" / "release.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    contents = next(page for page in text.split("\f") if "CONTENTS" in page)
    order = ["Typed by hand", "Written up afterwards", "Scaling Django at night"]
    assert [contents.index(title) for title in order] == sorted(contents.index(title) for title in order)
    assert "Waiting for notes" not in contents and "Midnight hacks" not in contents
    assert "What was said." in text
