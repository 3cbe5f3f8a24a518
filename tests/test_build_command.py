"""``scripts/sphinx_build.py``, the command the Makefile builds with, builds what sphinx-build builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import PROJECT
from sphinx.util.console import strip_escape_sequences


OURS = [str(PROJECT / "scripts" / "sphinx_build.py")]
PLAIN = ["-m", "sphinx"]


def build(command: list[str], rootdir, out, source: str = "test-basic") -> subprocess.CompletedProcess[str]:
    (result,) = builds((command, out), rootdir=rootdir, source=source)
    return result


def builds(*runs: tuple[list[str], object], rootdir, source: str = "test-basic") -> list[subprocess.CompletedProcess[str]]:
    """Each (command, output folder) built at the same time, in processes of their own."""
    environment = dict(os.environ, PYTHONPATH=str(PROJECT / "_ext"))
    processes = [
        subprocess.Popen(
            [sys.executable, *command, "-q", "-n", "-W", "-b", "html", str(rootdir / source), str(out)],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for command, out in runs
    ]
    outputs = [process.communicate() for process in processes]
    return [
        subprocess.CompletedProcess(process.args, process.returncode, *output)
        for process, output in zip(processes, outputs)
    ]


def pages(out) -> dict[str, str]:
    """The pages written, not what is kept with the doctrees (in ``out/.doctrees`` without ``-d``)."""
    return {
        str(path.relative_to(out)): path.read_text(encoding="utf-8")
        for path in out.rglob("*.html") if ".doctrees" not in path.relative_to(out).parts
    }


def test_the_build_command_exits_0_with_the_pages_sphinx_build_writes(rootdir, tmp_path):
    ours, plain = builds((OURS, tmp_path / "ours"), (PLAIN, tmp_path / "plain"), rootdir=rootdir)
    assert (ours.returncode, ours.stdout, ours.stderr) == (0, "", "")
    assert (plain.returncode, plain.stdout, plain.stderr) == (0, "", "")
    assert pages(tmp_path / "ours") == pages(tmp_path / "plain")
    assert "index.html" in pages(tmp_path / "ours")
    assert search_index(tmp_path / "ours") == search_index(tmp_path / "plain")
    # Pagefind, which the command runs once Sphinx's process has ended, writes the same bundle.
    assert bundle(tmp_path / "ours") == bundle(tmp_path / "plain")
    assert "_pagefind/pagefind-entry.json" in bundle(tmp_path / "ours")


def bundle(out) -> dict[str, bytes]:
    return {str(path.relative_to(out)): path.read_bytes() for path in (out / "_pagefind").rglob("*") if path.is_file()}


def test_a_failing_pagefind_is_a_warning_of_the_command_too(rootdir, tmp_path):
    """-W makes it fail the command, as it fails sphinx-build."""
    for out in ("ours", "plain"):
        (tmp_path / out).mkdir()
        (tmp_path / out / "_pagefind").write_text("a file where Pagefind makes its folder")
    ours, plain = builds((OURS, tmp_path / "ours"), (PLAIN, tmp_path / "plain"), rootdir=rootdir)
    assert ours.returncode == plain.returncode == 1
    for result in (ours, plain):
        said = strip_escape_sequences(result.stderr)  # sphinx-build colours it where a CI asks for colour
        assert said.startswith("WARNING: pagefind failed (exit status ")
        assert said.rstrip().endswith("[eventnotes.search]")
    assert not (tmp_path / "ours" / "doctrees").exists()


def search_index(out) -> str:
    return (out / "searchindex.js").read_text(encoding="utf-8")


def test_the_build_command_prunes_the_search_index_as_sphinx_build_does(rootdir, tmp_path):
    """The command hands Sphinx's search index a set of documents to keep: after a document is
    removed, an incremental build writes the index that sphinx-build's incremental build writes."""
    shutil.copytree(rootdir / "test-basic", tmp_path / "source")
    both = ((OURS, tmp_path / "ours"), (PLAIN, tmp_path / "plain"))
    assert [result.returncode for result in builds(*both, rootdir=tmp_path, source="source")] == [0, 0]
    assert '"misc/loose"' in search_index(tmp_path / "ours")
    (tmp_path / "source" / "misc" / "loose.rst").unlink()
    index = tmp_path / "source" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("   misc/*\n", "").replace("   misc/loose\n", ""),
                     encoding="utf-8")
    assert [result.returncode for result in builds(*both, rootdir=tmp_path, source="source")] == [0, 0]
    assert '"misc/loose"' not in search_index(tmp_path / "ours")
    assert search_index(tmp_path / "ours") == search_index(tmp_path / "plain")


def test_the_build_command_fails_as_sphinx_build_does(rootdir, tmp_path):
    # -W turns the warning about an unknown setting into a failure.
    ours, plain = builds(
        ([*OURS, "-D", "no_such_setting=1"], tmp_path / "ours"), ([*PLAIN, "-D", "no_such_setting=1"], tmp_path / "plain"),
        rootdir=rootdir,
    )
    assert ours.returncode == plain.returncode == 1
    assert ours.stderr == plain.stderr
    assert "unknown config value 'no_such_setting'" in ours.stderr


def test_the_build_command_asks_for_pagefind_the_same_way_each_time(rootdir, tmp_path):
    """It passes the file for Pagefind's runs as a configuration value (the extension reads no
    environment variable), the same for the same command, so that a second build finds that value
    unchanged and reads nothing again."""
    environment = dict(os.environ, PYTHONPATH=str(PROJECT / "_ext"))
    command = [sys.executable, *OURS, "-n", "-W", "-b", "html", str(rootdir / "test-basic"), str(tmp_path / "out")]
    runs = [subprocess.run(command, env=environment, capture_output=True, text=True, check=False) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0]
    again = strip_escape_sequences(runs[1].stdout)
    assert "0 added, 0 changed, 0 removed" in again
    assert "eventnotes_pagefind_after_build" not in again
    assert "writing the Pagefind index... done" in strip_escape_sequences(runs[0].stdout)


def test_an_undefined_reference_in_the_pdf_fails_the_build(tmp_path, capsys, monkeypatch):
    """``-M latexpdf``: each of LaTeX's and hyperref's undefined references is an error
    (TeX breaks a long label across the log's lines)."""
    monkeypatch.syspath_prepend(str(PROJECT / "scripts"))
    import sphinx_build

    (tmp_path / "latex").mkdir()
    (tmp_path / "latex" / "notes.log").write_text(
        "LaTeX Warning: Hyper reference `event-languages::doc' on page 3 undefined on in\nput line 12.\n"
        "LaTeX Warning: Reference `conferences/a-long-conference-name/talks/a-long-t\nalk::doc' on page 4 undefined.\n"
        "LaTeX Warning: There were undefined references.\n",
        encoding="utf-8",
    )
    assert [problem.split(": ", 1)[1] for problem in sphinx_build.undefined_references(str(tmp_path))] == [
        "Hyper reference `event-languages::doc' undefined",
        "Reference `conferences/a-long-conference-name/talks/a-long-talk::doc' undefined",
    ]
    assert "[eventnotes.pdf]" in capsys.readouterr().err
    (tmp_path / "latex" / "notes.log").write_text("Output written on notes.pdf (3 pages).\n", encoding="utf-8")
    assert sphinx_build.undefined_references(str(tmp_path)) == []
