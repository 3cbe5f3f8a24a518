"""Keep Python's cycle collector off the objects that live through a build.

A build holds its environment: every document's title, toctree, index
entries and domain data.  Each full run of the cycle collector walks all of
it again, so the more talks, the longer each run: in a serial build of 4000
talks the collector took 15 s, over a quarter of the build.  ``gc.freeze()``
moves the objects alive at that moment into a generation the collector never
walks:

- before reading, and after it (the environment, once complete);
- while reading, after each full collection: what survived it is the
  environment read so far, and the next full collections then walk only
  what came since.  (The document being parsed at that moment is frozen
  with it and stays until the build finishes; a few dozen such documents in
  a build of thousands.)

The worker processes that ``-j`` forks then also copy fewer memory pages,
because the collector no longer writes to those objects' headers.

Everything is unfrozen when the build finishes, so a process that runs
several builds (a test suite) collects what each build left behind.  When the
process exits, what is still alive is frozen again: ``sphinx-build`` then
ends without the collector walking the environment and freeing it object by
object, which took over a second for 1000 talks.  A process that froze
objects itself is left alone.
"""

from __future__ import annotations

import atexit
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Whether the objects in gc's permanent generation were frozen here.  Kept
#: for the process, not per application: an application that was set up but
#: never built leaves its objects frozen for the next build to release.
_frozen_here = False
_exit_registered = False


def freeze(app: Sphinx, *args: object) -> None:
    global _frozen_here
    if _frozen_here or gc.get_freeze_count() == 0:
        gc.freeze()
        _frozen_here = True


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    global _frozen_here
    if _frozen_here:
        gc.unfreeze()
        _frozen_here = False


def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
    """A ``gc.callbacks`` entry: freeze what survived a full collection."""
    if phase == "stop" and info["generation"] == 2 and _frozen_here:
        gc.freeze()


def start_reading(app: Sphinx, *args: object) -> None:
    freeze(app)
    if _frozen_here and _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def stop_reading(app: Sphinx, *args: object) -> None:
    # Pages written later leave garbage that full collections must free.
    if _freeze_survivors in gc.callbacks:
        gc.callbacks.remove(_freeze_survivors)


def freeze_at_exit() -> None:
    """Spare the interpreter's last collection what the builds left alive."""
    if gc.get_freeze_count() == 0:
        gc.freeze()


def setup_long_lived(app: Sphinx) -> None:
    global _exit_registered
    # What exists before the saved environment is loaded (modules, the
    # configuration), while reading, then the environment after reading.
    app.connect("config-inited", freeze)
    app.connect("env-before-read-docs", start_reading)
    app.connect("env-updated", stop_reading)
    app.connect("env-updated", freeze)
    app.connect("build-finished", stop_reading)
    app.connect("build-finished", unfreeze)
    if not _exit_registered:
        atexit.register(freeze_at_exit)
        _exit_registered = True
