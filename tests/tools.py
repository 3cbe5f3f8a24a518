"""System tools some tests need: skipped with advice locally, required under CI."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from eventnotes.latex_fonts import CJK_FONTS

INSTALL = (
    "install them with: apt-get install -y --no-install-recommends latexmk texlive-latex-extra "
    "texlive-xetex xindy fonts-freefont-otf texlive-fonts-recommended fonts-noto-cjk texlive-lang-cjk "
    "texlive-lang-chinese poppler-utils chromium epubcheck "
    "(or: make system-deps)"
)


def require(*tools: str) -> None:
    """Skip the test when a tool is missing, unless CI=true, where that fails it."""
    skip_or_fail([tool for tool in tools if shutil.which(tool) is None])


def require_cjk_fonts() -> None:
    """What the PDF's Hangul, kana and kanji need besides XeLaTeX: xeCJK, the ctex
    files it loads, and the Noto CJK fonts (``eventnotes.latex_fonts``)."""
    require("kpsewhich", "fc-list")
    missing = [
        name for name in ("xeCJK.sty", "ctexhook.sty")
        if not subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
    ]
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    missing += [font for font in CJK_FONTS.values() if font not in installed]
    skip_or_fail(missing)


def skip_or_fail(missing: list[str]) -> None:
    if not missing:
        return
    message = f"missing {', '.join(missing)}; {INSTALL}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def command(tool: str) -> list[str]:
    """The command that runs a tool ``require()`` found.

    Debian installs some Java tools (epubcheck) as a jar that the kernel runs
    through binfmt_misc (jarwrapper), which containers often lack: those run
    with ``java -jar``.
    """
    path = shutil.which(tool)
    assert path is not None, f"require({tool!r}) first"
    if Path(path).resolve().suffix == ".jar":
        require("java")
        return ["java", "-jar", path]
    return [path]
