"""The site's EPUB, built as ``make epub`` builds it, passes EPUBCheck."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import PROJECT
from tools import command, require

pytestmark = pytest.mark.slow


def test_the_epub_passes_epubcheck(tmp_path):
    require("epubcheck")
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q", "-b", "epub",
         "-d", str(tmp_path / "doctrees"), str(PROJECT), str(tmp_path / "epub")],
        capture_output=True, text=True, check=False,
    )
    assert (build.returncode, build.stderr) == (0, "")

    check = subprocess.run(
        [*command("epubcheck"), str(tmp_path / "epub" / "EventNotes.epub")],
        capture_output=True, text=True, check=False,
    )
    report = check.stdout + check.stderr
    errors = [line for line in report.splitlines() if line.startswith(("FATAL", "ERROR"))]
    assert errors == []
    assert re.search(r"^Messages: 0 fatals / 0 errors / \d+ warnings", report, re.MULTILINE), report
    assert check.returncode == 0, report
