"""System tools some tests need: skipped with advice locally, required under CI."""

from __future__ import annotations

import os
import shutil

import pytest

INSTALL = (
    "install them with: apt-get install -y --no-install-recommends latexmk texlive-latex-extra "
    "texlive-xetex xindy fonts-freefont-otf texlive-fonts-recommended poppler-utils chromium "
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
