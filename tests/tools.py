"""System tools some tests need: skipped with advice locally, required under CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

INSTALL = (
    "install them with: apt-get install -y --no-install-recommends latexmk texlive-latex-extra "
    "texlive-xetex xindy fonts-freefont-otf texlive-fonts-recommended fonts-noto-cjk texlive-lang-cjk "
    "texlive-lang-chinese poppler-utils chromium epubcheck "
    "(or: make system-deps)"
)


def require(*tools: str) -> None:
    """Skip the test when a tool is missing, unless CI=true, where that fails it."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
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
