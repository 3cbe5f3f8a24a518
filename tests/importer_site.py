"""The importer's test site, and the importer run on it as from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventnotes.importer.__main__ import main


@pytest.fixture
def site(rootdir, tmp_path) -> Path:
    """A copy of the ``test-importer`` root: a site to import into."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-importer", srcdir)
    return srcdir


def run(site: Path, *args: str, capsys) -> tuple[int, list[str], list[str]]:
    """``python -m eventnotes.importer *args --project site``: its exit status, and its lines on stdout and stderr."""
    status = main([*args, "--project", str(site)])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def tree(root: Path) -> dict[str, bytes]:
    """Every file of a site (its build output aside), by path, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "_build" not in path.relative_to(root).parts
    }
