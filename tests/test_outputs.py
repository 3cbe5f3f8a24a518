"""The PDF, the EPUB and Read the Docs: the parts that break silently, built for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PROJECT, TESTS
from tools import require, require_cjk_fonts

#: Read the Docs' schema of ``.readthedocs.yaml``, vendored with its source and licence (tests/schemas/README.md).
RTD_SCHEMA = TESTS / "schemas" / "readthedocs-config-v2.schema.json"


def pdf_text(pdf: Path) -> str:
    require("pdftotext")
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


#: Speakers and a title of the PDF test root in each script the PDF must show.
SCRIPTS = {
    "Latin": ("Łukasz Langa", "Zoë Zed", "Élan of Packaging"),
    "Greek": ("Γιώργος Παπαδόπουλος", "Ελληνικά"),
    "Cyrillic": ("Анна Иванова", "Кириллица"),
    "Hangul": ("김민준", "파이썬과 日本語のテキスト"),
    "kana": ("すずきはなこ",),
    "kanji": ("山田太郎",),
}


def html_speaker_index(make_app, srcdir: Path) -> list[str]:
    """The letters and speaker names of the HTML Speaker Index, in order."""
    app = make_app("html", srcdir=srcdir)
    app.build()
    table = BeautifulSoup((app.outdir / "event-speakers.html").read_text(encoding="utf-8"), "html.parser").table
    entries = []
    for row in table.find_all("tr"):
        if "cap" in row.get("class", []):
            entries.append(row.get_text().strip())
        elif not row.get("class") and row.a is not None:  # a speaker; their talks' rows have a class
            entries.append(row.a.get_text().strip())
    return entries


def pdf_speaker_index(speaker_index: str) -> list[str]:
    """The letters and speaker names of the Speaker Index page of ``pdftotext``.

    pdftotext reads ICU's Hangul letter ㄱ (HANGUL LETTER KIYEOK) as its
    half-width form, a glyph the CJK font shares between the two.
    """
    entries = []
    for line in speaker_index.splitlines():
        line = line.strip()
        if len(line) == 1 and not line.isdigit():
            entries.append(unicodedata.lookup(unicodedata.name(line).removeprefix("HALFWIDTH ")))
        elif re.fullmatch(r"[^()]+, \d+", line):  # 'Name, page'; a talk: '(conference, day)', at times over two lines
            entries.append(line.rpartition(",")[0])
    return entries


@pytest.mark.pdf
@pytest.mark.sphinx("latex", testroot="pdf")
def test_pdf_has_speaker_index_and_non_ascii_index_entries(app, warning, make_app):
    require("latexmk", "xelatex", "xindy")
    require_cjk_fonts()
    app.build()
    assert warning.getvalue() == ""
    require("make")
    # The Makefile Sphinx writes next to the .tex file, as ``make latexpdf`` runs it.
    subprocess.run(["make", "-C", str(app.outdir), "all-pdf"], capture_output=True, check=False)
    log = (app.outdir / "pdftest.log").read_text(encoding="utf-8", errors="replace")
    assert "undefined references" not in log
    # Every script has its glyphs: FreeFont for Latin, Greek and Cyrillic, Noto CJK through xeCJK.
    assert "Missing character" not in log

    pages = pdf_text(app.outdir / "pdftest.pdf").split("\f")
    text = "\f".join(pages)
    for script, words in SCRIPTS.items():
        for word in words:
            assert word in text, script
    speaker_index = next(page for page in pages if "SPEAKER INDEX" in page)
    # The order and letters of the HTML Speaker Index (Unicode collation): Łukasz under L,
    # then Greek, Cyrillic, Hangul by initial consonant, kana by row, kanji under '…'.
    assert pdf_speaker_index(speaker_index) == html_speaker_index(make_app, app.srcdir) == [
        "D", "Domen Kožar", "L", "Łukasz Langa", "M", "Michael König", "Z", "Zoë Zed",
        "Γ", "Γιώργος Παπαδόπουλος", "А", "Анна Иванова", "ㄱ", "김민준", "さ", "すずきはなこ", "…", "山田太郎",
    ]
    # A speaker with two talks is one entry, with the talks under the name.
    assert speaker_index.count("Domen Kožar") == 1
    lines = [line.strip() for line in speaker_index.splitlines() if line.strip()]
    kozar = next(number for number, line in enumerate(lines) if line.startswith("Domen Kožar, "))
    assert lines[kozar + 1].startswith("Élan of Packaging (Ünïcode Conf, 16 March 2013),")
    assert lines[kozar + 2].startswith("Embedding Python (Ünïcode Conf, 17 March 2013),")

    general_index = next(page for page in pages if page.lstrip().startswith("INDEX") or "\nINDEX\n" in page)
    assert "Élan of Packaging" in general_index  # starts with a non-ASCII letter: xindy, not makeindex

    # Speaker names in the PDF link to the Speaker Index.
    tex = (app.outdir / "pdftest.tex").read_text(encoding="utf-8")
    # One tree holds every document: listings and conference links still find theirs.
    assert "No talks yet" not in tex
    # Each talk's Conference field links to its conference's section.
    conference_field = (
        "\\sphinxlineitem{Conference}\n\\sphinxAtStartPar\n"
        "{\\hyperref[\\detokenize{conf/index:unicode-conf}]{\\sphinxcrossref{Ünïcode Conf}}}\n"
    )
    assert tex.count(conference_field) == 4
    assert text.count("Ünïcode Conf") >= 6  # its chapter, its four talks' Conference fields, the listing
    assert r"\label{\detokenize{event-speakers::doc}}" in tex
    assert r"\hyperref[\detokenize{event-speakers::doc}]" in tex

    # The Topics index follows the Speaker Index: 'Packaging' and 'packaging' are one
    # topic, with both talks; a talk's tags link to the index's first page.
    topic_index = next(page for page in pages if "TOPICS" in page)
    lines = [line.strip() for line in topic_index.splitlines() if line.strip()]
    names = [  # the talks' lines left out, and their second lines where a talk's line is wrapped
        line.split(",")[0] for line in lines
        if not line.startswith(("Élan", "Embedding")) and not set("()") & set(line) and not line.isdigit()
    ]
    assert names[1:5] == ["P", "Packaging", "U", "Ünïcode"]  # after the title, before the page number
    packaging = lines.index(next(line for line in lines if line.startswith("Packaging, ")))
    assert lines[packaging + 1].startswith("Élan of Packaging (Ünïcode Conf, 16 March 2013),")
    # The next talk, after the first one's line and, where pdftotext wraps it, its second line.
    assert any(
        line.startswith("Embedding Python (Ünïcode Conf, 17 March 2013),") for line in lines[packaging + 2 : packaging + 4]
    )
    assert r"\label{\detokenize{event-topics::doc}}" in tex
    assert tex.count(r"\hyperref[\detokenize{event-topics::doc}]") == 3


#: The options of every build: the Makefile's defaults.
SPHINXOPTS = "-n -W --keep-going"


def readthedocs_config() -> dict:
    return yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def test_readthedocs_config_is_valid():
    import jsonschema

    schema = json.loads(RTD_SCHEMA.read_text(encoding="utf-8"))
    config = readthedocs_config()
    jsonschema.validate(config, schema)
    assert config["version"] == 2
    assert set(config["formats"]) == {"pdf", "epub"}
    assert (PROJECT / config["sphinx"]["configuration"]).exists()


def test_readthedocs_builds_each_format_as_make_does():
    """Every format is built with the build command and the options of ``make``, and nothing else
    of Read the Docs' own commands applies."""
    jobs = readthedocs_config()["build"]["jobs"]["build"]
    assert set(jobs) == {"html", "pdf", "epub"}
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^SPHINXOPTS \?= {SPHINXOPTS}$", makefile, re.MULTILINE)
    for commands in jobs.values():
        [build] = [command for command in commands if "sphinx" in command]
        assert build.startswith("python scripts/sphinx_build.py ")
        assert build.endswith(f" {SPHINXOPTS}")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the project as Read the Docs checks it out (no venv, no build)."""
    target = tmp_path_factory.mktemp("rtd") / "checkout"
    shutil.copytree(
        PROJECT, target,
        ignore=shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "__pycache__"),
    )
    return target


def run_readthedocs_job(checkout: Path, job: str, output: Path) -> None:
    """The commands of ``build.jobs.build.<job>``, as Read the Docs runs them: each in a shell, from
    the checkout, with the environment's ``python`` first on the PATH."""
    environment = {
        **os.environ,
        "READTHEDOCS_OUTPUT": str(output),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    for command in readthedocs_config()["build"]["jobs"]["build"][job]:
        result = subprocess.run(command, shell=True, cwd=checkout, env=environment,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr}"


@pytest.mark.slow
def test_readthedocs_html_build(checkout, tmp_path):
    run_readthedocs_job(checkout, "html", tmp_path)
    html = tmp_path / "html"
    assert (html / "index.html").exists()
    assert (html / "event-speakers.html").exists()
    # The search index of make html: Pagefind's bundle, written by the build command.
    assert (html / "_pagefind" / "pagefind-entry.json").is_file()


@pytest.mark.slow
def test_readthedocs_epub_build(checkout, tmp_path):
    run_readthedocs_job(checkout, "epub", tmp_path)
    [epub] = (tmp_path / "epub").iterdir()
    assert epub.name == "EventNotes.epub"
    import zipfile

    names = zipfile.ZipFile(epub).namelist()
    assert "event-speakers.xhtml" in names
    assert "speakers/raymond-hettinger.xhtml" in names


@pytest.mark.slow
@pytest.mark.pdf
def test_readthedocs_pdf_build(checkout, tmp_path):
    require("latexmk", "xelatex", "xindy", "make")
    require_cjk_fonts()
    run_readthedocs_job(checkout, "pdf", tmp_path)
    [pdf] = (tmp_path / "pdf").iterdir()
    assert pdf.name == "eventnotes.pdf"
    # The site's quotes, dashes and ellipses stay in the Latin font: no CJK font without CJK text.
    require("pdffonts")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "FreeSerif" in fonts
    assert "CJK" not in fonts
    text = pdf_text(pdf)
    for expected in ("SPEAKER INDEX", "Domen Kožar", "Michael König", "Elasticsearch from the bottom up",
                     "Large Django sites at Mozilla", "Raymond Hettinger"):
        assert expected in text
    # The notes' release: no page about writing the site, nor the importer's options in its index
    # (the build command failed on any undefined reference, scripts/sphinx_build.py).
    assert "Writing notes: reference" not in text
    assert "--dry-run" not in text and "eventnotes.importer" not in text
    # Dates as everywhere else (eventnotes_date_format), the Speaker Index's too.
    assert "(PyCon US 2013, 16 March 2013)" in text
    assert not re.search(r"\(PyCon US 2013, \d{4}-", text)
