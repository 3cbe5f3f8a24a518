"""``sphinx-build`` for this project's own builds, with less cycle collection.

    python scripts/sphinx_build.py -M html . _build -n -W    # as: python -m sphinx ...

It runs Sphinx's own command line (``sphinx.cmd.build.main``) with the same
arguments and exit status as ``python -m sphinx``; ``make html``, ``latexpdf``,
``epub`` and ``make bench`` use it.  Read the Docs runs plain ``sphinx-build``,
which builds the same output, only more slowly.

A build holds its environment (every document's title, toctree, index entries
and domain data) from reading to the end.  Each full run of Python's cycle
collector walks every tracked object, so in a large site the collector walks
the environment again and again.  ``gc.freeze()`` moves the objects alive at
that moment into a generation the collector never walks.  That is a decision
for the whole process, so it lives here, in a process the project starts for
one build, and not in the extension, which also runs inside pytest, Jupyter
or a language server:

- before the build, after a collection: the interpreter, Sphinx and what it
  imported, and no garbage;
- after each full collection while the documents are read: what survived it
  is mostly the environment read so far, so the next full collections walk
  only what came since;
- until the documents are written, in a build that reads them in this process
  (``-j 1``): Sphinx keeps every doctree it reads in memory until it writes it,
  and a frozen doctree, whose nodes point to their parents, is never freed.
  At ``write-started`` the objects are unfrozen, and the collector frees each
  doctree once it is written (the whole pyvideo archive, ``-j 1``: a peak of
  2.26 GB instead of 2.80 GB, for 394 s instead of 332 s);
- after the build, before the process exits: the interpreter's last
  collections then skip what the build left alive instead of walking it.

The workers that ``-j`` forks inherit the frozen objects, and then copy fewer
memory pages, because the collector no longer writes to their headers.

If a Python's collector reports its full collections differently (generation
2 is CPython's oldest), the build is only slower, never different.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

OLDEST_GENERATION = 2


def freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    """A ``gc.callbacks`` entry: freeze what survived a full collection."""
    if phase == "stop" and info["generation"] == OLDEST_GENERATION:
        gc.freeze()


def stop_freezing(app: Any, builder: Any) -> None:
    """At ``write-started`` of a build that read its documents in this process: unfreeze
    what was frozen, so that the doctrees Sphinx kept for writing are freed once written."""
    if app.parallel > 1:
        return  # read in worker processes, which kept the doctrees
    if freeze_survivors in gc.callbacks:
        gc.callbacks.remove(freeze_survivors)
    gc.unfreeze()


def main(argv: list[str]) -> int:
    import sphinx.cmd.build
    from sphinx.application import Sphinx

    class Application(Sphinx):
        def build(self, *args: Any, **kwargs: Any) -> None:
            self.connect("write-started", stop_freezing)
            super().build(*args, **kwargs)

    gc.collect()
    gc.freeze()
    gc.callbacks.append(freeze_survivors)
    # sphinx.cmd.build makes its application with the name it imported.
    sphinx.cmd.build.Sphinx = Application
    try:
        status = sphinx.cmd.build.main(argv)
    finally:
        sphinx.cmd.build.Sphinx = Sphinx
        if freeze_survivors in gc.callbacks:
            gc.callbacks.remove(freeze_survivors)
    gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
