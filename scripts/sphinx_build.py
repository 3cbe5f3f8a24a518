"""``sphinx-build`` for this project's own builds, with less cycle collection.

    python scripts/sphinx_build.py -M html . _build -n -W    # as: python -m sphinx ...

It runs Sphinx's own command line (``sphinx.cmd.build.main``) with the same
arguments and exit status as ``python -m sphinx``; ``make html``, ``latexpdf``,
``epub``, ``make bench`` and Read the Docs' build jobs (``.readthedocs.yaml``)
use it.  Plain ``sphinx-build`` builds the same output, only more slowly.  The
Performance page (``performance.rst``) has the figures.

A build holds its environment (every document's title, toctree, index entries
and domain data) from reading to the end.  Each full run of Python's cycle
collector walks every tracked object, so in a large site the collector walks
the environment again and again.  ``gc.freeze()`` moves the objects alive at
that moment into a generation the collector never walks, and never frees:
a frozen object that becomes garbage in a cycle (a doctree, whose nodes point
to their parents) stays until the process ends.  That is a decision for the
whole process, so it lives here, in a process the project starts for one
build, and not in the extension, which also runs inside pytest, Jupyter or a
language server:

- before the build, after a collection: the interpreter, Sphinx and what it
  imported, and no garbage;
- after each full collection while a serial build (``-j 1``) reads: what
  survived it is mostly the environment read so far, so the next full
  collections walk only what came since.  Sphinx keeps each doctree it reads
  for writing (``env._write_doc_doctree_cache``); the command lets it keep
  only the last one, so that the others are neither frozen nor held, and
  the writing phase loads them from the doctree files, as a parallel build
  does;
- not while a parallel build reads: the main process then merges what each
  worker read, and the worker's environment it unpickled for that is garbage
  once merged, which frozen would stay until the process ends;
- not while documents are written, whose doctrees are garbage once written;
- after the build, before the process exits: the interpreter's last
  collections then skip what the build left alive instead of walking it.

The workers that ``-j`` forks inherit the frozen objects, and then copy fewer
memory pages, because the collector does not write to their headers.

If a Python's collector reports its full collections differently (generation
2 is CPython's oldest), the build is only slower, never different.

The command also passes Sphinx's search index the documents to keep as a set
(:func:`prune_with_a_set`).  Sphinx 9 passes ``env.all_docs``, a dict, and
``IndexBuilder.prune`` intersects every word's documents with it: Python makes
a set of the whole dict once for each word, which at archive scale is most
of the time Sphinx spends dumping its search index, in every build, an
edit's included.  Same index, byte for byte.

Sphinx runs in a process of its own, which the command starts: once it has
ended, the command runs Pagefind for the HTML builds that asked it to (the
extension's ``eventnotes.search_bundle``; the command passes the file in which
each build leaves its run as ``-D eventnotes_pagefind_after_build=<file>``), so that Sphinx's memory and
Pagefind's are not held at the same time.  A Pagefind that fails is a warning, and with ``-W`` the
command then exits 1, as a build with a warning does.
"""

from __future__ import annotations

import contextlib
import glob
import functools
import gc
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

OLDEST_GENERATION = 2


def freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    """A ``gc.callbacks`` entry: freeze what survived a full collection."""
    if phase == "stop" and info["generation"] == OLDEST_GENERATION:
        gc.freeze()


def stop_freezing_survivors() -> None:
    if freeze_survivors in gc.callbacks:
        gc.callbacks.remove(freeze_survivors)


def stop_freezing(app: Any, builder: Any) -> None:
    """``write-started``: freeze no more; drop the last doctree Sphinx kept from reading."""
    stop_freezing_survivors()
    forget_read_doctrees(app)


def forget_read_doctrees(app: Any, *args: Any) -> None:
    """``doctree-read``: the doctrees read before this one, which Sphinx keeps in memory until it
    writes them, are loaded from their files instead (Sphinx falls back on them)."""
    kept = getattr(app.env, "_write_doc_doctree_cache", None)
    if kept:
        kept.clear()


def prune_with_a_set(prune: Callable[[Any, Iterable[str]], None]) -> Callable[[Any, Iterable[str]], None]:
    """``IndexBuilder.prune``, given its documents as a set (see above)."""

    @functools.wraps(prune)
    def prune_to(indexer: Any, docnames: Iterable[str]) -> None:
        prune(indexer, docnames if isinstance(docnames, (set, frozenset)) else set(docnames))

    return prune_to


#: The extension's configuration value that asks each build to leave its Pagefind run in a file.
AFTER_BUILD = "eventnotes_pagefind_after_build"
#: The first argument of the process that builds, which the command starts.
BUILD = "--build-in-this-process"


def with_setting(argv: list[str], name: str, value: str) -> list[str]:
    """``argv`` with ``-D name=value``, where sphinx-build reads options: after ``-M builder source
    output`` in make mode, anywhere before the source folder otherwise."""
    setting = ["-D", f"{name}={value}"]
    return [*argv[:4], *setting, *argv[4:]] if argv[:1] == ["-M"] else [*setting, *argv]


def runs_file(argv: list[str]) -> str:
    """The file in which the builds leave their Pagefind runs.  Sphinx compares the configuration,
    this value included, with the last build's, and says so when it differs: the same command in
    the same folder has the same file (two of them at once would write the same output anyway)."""
    key = hashlib.sha256("\0".join([os.getcwd(), *argv]).encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"eventnotes-pagefind-runs-{key}.jsonl")


def main(argv: list[str]) -> int:
    """Build in a process of its own, then run Pagefind."""
    if argv[:1] == [BUILD]:
        return build(argv[1:])
    runs = runs_file(argv)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(runs)  # left by a command that was interrupted
    try:
        status = subprocess.run([sys.executable, __file__, BUILD, *with_setting(argv, AFTER_BUILD, runs)],
                                check=False).returncode
        if os.path.exists(runs):
            with open(runs, encoding="utf-8") as lines:
                records = [json.loads(line) for line in lines]
            if not run_pagefind(records, argv) and status == 0:
                status = 1
        if status == 0 and argv[:2] == ["-M", "latexpdf"] and undefined_references(argv[3]):
            status = 1
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(runs)
    return status


#: LaTeX's and hyperref's warnings about a reference to a label no page defines, in a LaTeX log
#: (latexmk's -Werror counts LaTeX's own only, not hyperref's "Hyper reference ... undefined").
#: TeX breaks the log's lines at 79 characters, inside a long label too.
UNDEFINED_REFERENCE = re.compile(r"^LaTeX Warning: ((?:Hyper r|R)eference `[^']*')", re.MULTILINE)


def undefined_references(builddir: str) -> list[str]:
    """The undefined references of each PDF that ``-M latexpdf`` wrote in ``builddir``, reported as
    errors: a link of the PDF that leads nowhere fails its build, as a warning fails the HTML's."""
    found = []
    for log in sorted(glob.glob(os.path.join(builddir, "latex", "*.log"))):
        with open(log, encoding="utf-8", errors="replace") as text:
            found += [
                f"{log}: {warning.replace(chr(10), '')} undefined" for warning in UNDEFINED_REFERENCE.findall(text.read())
            ]
    for problem in found:
        print(f"ERROR: {problem} [eventnotes.pdf]", file=sys.stderr, flush=True)
    return found


def run_pagefind(records: list[dict[str, Any]], argv: list[str]) -> bool:
    """Complete the Pagefind runs the builds asked for; whether the command succeeds (a warning
    fails it under ``-W``)."""
    from sphinx.cmd.build import get_parser

    options = [*argv[4:], "source", "output"] if argv[:1] == ["-M"] else argv
    parsed, _ = get_parser().parse_known_args(options)
    quiet = parsed.quiet or parsed.really_quiet
    succeeds = True
    for record in records:
        if record["extension_path"] not in sys.path:
            sys.path.insert(0, record["extension_path"])
        from eventnotes.search_bundle import PagefindRun

        if not quiet:
            print("writing the Pagefind index... ", end="", flush=True)
        problem = PagefindRun.from_record(record).complete()
        if not quiet:
            print("done" if problem is None else "", flush=True)
        if problem is not None:
            print(f"WARNING: {problem} [eventnotes.search]", file=sys.stderr, flush=True)
            succeeds = succeeds and not parsed.warningiserror
    return succeeds


def build(argv: list[str]) -> int:
    import sphinx.cmd.build
    from sphinx.application import Sphinx
    from sphinx.search import IndexBuilder

    class Application(Sphinx):
        def build(self, *args: Any, **kwargs: Any) -> None:
            if self.parallel > 1:
                stop_freezing_survivors()
            self.connect("doctree-read", forget_read_doctrees)
            self.connect("write-started", stop_freezing)
            super().build(*args, **kwargs)

    gc.collect()
    gc.freeze()
    gc.callbacks.append(freeze_survivors)
    # sphinx.cmd.build makes its application with the name it imported.
    sphinx.cmd.build.Sphinx = Application
    prune = IndexBuilder.prune
    IndexBuilder.prune = prune_with_a_set(prune)
    try:
        status = sphinx.cmd.build.main(argv)
    finally:
        sphinx.cmd.build.Sphinx = Sphinx
        IndexBuilder.prune = prune
        stop_freezing_survivors()
    gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
