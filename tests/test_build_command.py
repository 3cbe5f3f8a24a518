"""``scripts/sphinx_build.py``, the command the Makefile builds with, builds what sphinx-build builds."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import PROJECT


def build(command: list[str], rootdir, out) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(PROJECT / "_ext"))
    return subprocess.run(
        [sys.executable, *command, "-q", "-n", "-W", "-b", "html", str(rootdir / "test-basic"), str(out)],
        env=environment, capture_output=True, text=True, check=False,
    )


def pages(out) -> dict[str, str]:
    """The pages written, not what is kept with the doctrees (in ``out/.doctrees`` without ``-d``)."""
    return {
        str(path.relative_to(out)): path.read_text(encoding="utf-8")
        for path in out.rglob("*.html") if ".doctrees" not in path.relative_to(out).parts
    }


def test_the_build_command_exits_0_with_the_pages_sphinx_build_writes(rootdir, tmp_path):
    ours = build([str(PROJECT / "scripts" / "sphinx_build.py")], rootdir, tmp_path / "ours")
    plain = build(["-m", "sphinx"], rootdir, tmp_path / "plain")
    assert (ours.returncode, ours.stdout, ours.stderr) == (0, "", "")
    assert (plain.returncode, plain.stdout, plain.stderr) == (0, "", "")
    assert pages(tmp_path / "ours") == pages(tmp_path / "plain")
    assert "index.html" in pages(tmp_path / "ours")


def test_the_build_command_fails_as_sphinx_build_does(rootdir, tmp_path):
    # -W turns the warning about an unknown setting into a failure.
    ours = build([str(PROJECT / "scripts" / "sphinx_build.py"), "-D", "no_such_setting=1"], rootdir, tmp_path / "ours")
    plain = build(["-m", "sphinx", "-D", "no_such_setting=1"], rootdir, tmp_path / "plain")
    assert ours.returncode == plain.returncode == 1
    assert ours.stderr == plain.stderr
    assert "unknown config value 'no_such_setting'" in ours.stderr
