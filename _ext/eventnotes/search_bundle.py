"""Running Pagefind, and keeping its bundle from one build to the next.

Pagefind names the files of its index (``fragment/``, ``index/``, ``filter/``
and each language's ``pf_meta``) by their content, and does not compress and
write a file whose name is already there.  So the bundle is kept between
builds: after an edit, Pagefind writes only what changed, which at archive
scale halves its time.  Once it has run, the files its new index does not
name are removed (:func:`files_named`), so that the
bundle is the one a fresh build writes.

Pagefind starts at ``html-collect-pages``, when every document's page is
written, and works while Sphinx writes the generated pages and its own search
index; ``build-finished`` waits for it.

What is kept with the doctrees, beside the pages Pagefind indexes
(:func:`eventnotes.search.fragments_folder`):

- ``<folder>.json``, written when a run has finished: which Pagefind wrote
  the bundle, with which options.  A run in progress, a failed or an
  interrupted one leaves none, and the next build starts a new bundle;
- ``<folder>.changed``, while a page Pagefind indexes has changed since then.
  With neither a change nor a new Pagefind, the bundle is left as it is.

A process that runs builds can ask for the runs instead (the configuration
value ``eventnotes_pagefind_after_build``), and run them once Sphinx's process
has ended: the project's build command does, so that Sphinx's memory and
Pagefind's are not held at the same time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.console import bold

from eventnotes.internals import PAGEFIND_NAMED_FOLDERS, read_pagefind_meta

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

__ = get_translation("eventnotes", "console")
logger = logging.getLogger("eventnotes")

#: The folder of the Pagefind bundle, inside the HTML output folder.
BUNDLE = "_pagefind"


def bundle_folder(builder: Builder) -> Path:
    return Path(builder.outdir) / BUNDLE


def stamp_path(fragments: Path) -> Path:
    return fragments.with_name(fragments.name + ".json")


def changed_marker(fragments: Path) -> Path:
    return fragments.with_name(fragments.name + ".changed")


def note_changed_pages(fragments: Path) -> None:
    """The pages Pagefind indexes have changed since its last run."""
    marker = changed_marker(fragments)
    if not marker.exists():
        marker.touch()


def remove_bundle(bundle: Path, fragments: Path) -> None:
    shutil.rmtree(bundle, ignore_errors=True)
    stamp_path(fragments).unlink(missing_ok=True)


def command_identity(command: list[str]) -> list[object]:
    """Which Pagefind, with which options: its command line, and when its binary was installed."""
    found = shutil.which(command[0]) or command[0]
    status = Path(found).stat()
    return [*command, status.st_size, status.st_mtime_ns]


def files_named(bundle: Path) -> set[Path]:
    """Every file of the index that the bundle's entry names, through each language's metadata.

    Raises ``ValueError`` when the bundle is not as Pagefind 1.x writes it.
    """
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        named = set()
        for language in entry["languages"].values():
            meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
            meta = read_pagefind_meta(meta_path)
            named.add(meta_path)
            for folder, (position, name_position, suffix) in PAGEFIND_NAMED_FOLDERS.items():
                named.update(bundle / folder / f"{record[name_position]}.{suffix}" for record in meta[position])
    except (OSError, LookupError, TypeError, ValueError) as error:
        raise ValueError(f"unexpected Pagefind bundle: {error}") from error
    if missing := [path for path in named if not path.is_file()]:
        raise ValueError(f"unexpected Pagefind bundle: no {missing[0]}")
    return named


def remove_unnamed_files(bundle: Path, named: set[Path]) -> int:
    """Remove the index's files that an earlier run wrote and the new index (``named``) does not name."""
    unnamed = [path for path in bundle.glob("pagefind.*.pf_meta") if path not in named]
    for folder in PAGEFIND_NAMED_FOLDERS:
        if (bundle / folder).is_dir():
            unnamed.extend(path for path in (bundle / folder).iterdir() if path not in named)
    for path in unnamed:
        path.unlink()
    return len(unnamed)


def named_or_none(bundle: Path) -> set[Path] | None:
    try:
        return files_named(bundle)
    except ValueError:
        return None


@dataclass
class PagefindRun:
    """One run of Pagefind, into ``bundle``, of the pages in ``fragments``."""

    command: list[str]
    identity: list[object]
    keeps_earlier_files: bool
    bundle: Path
    fragments: Path
    process: subprocess.Popen[bytes] | None = None
    output: IO[bytes] | None = None

    def start(self) -> PagefindRun:
        self.output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait())
        self.process = subprocess.Popen(self.command, stdout=self.output, stderr=subprocess.STDOUT)
        return self

    def wait(self) -> tuple[int, str]:
        """Pagefind's exit status, and what it said."""
        assert self.process is not None and self.output is not None
        status = self.process.wait()
        self.output.seek(0)
        said = self.output.read().decode(errors="replace").strip()
        self.output.close()
        return status, said

    def stop(self) -> None:
        """The build failed: stop Pagefind, and remove what it may have half written."""
        if self.process is not None:
            self.process.kill()
            self.wait()
        self.discard()

    def discard(self) -> None:
        """No bundle is left, and the next build runs Pagefind again."""
        remove_bundle(self.bundle, self.fragments)
        note_changed_pages(self.fragments)

    def complete(self) -> str | None:
        """Wait for Pagefind (started or not); keep its bundle if it succeeded, remove it if not.
        What went wrong, or ``None``."""
        status, said = (self if self.process else self.start()).wait()
        named = named_or_none(self.bundle) if status == 0 else None
        if status == 0 and self.keeps_earlier_files:
            if named is None:
                # Not a bundle as this module knows them: a new one, as a fresh build writes it.
                shutil.rmtree(self.bundle, ignore_errors=True)
                fresh = PagefindRun(self.command, self.identity, False, self.bundle, self.fragments)
                status, said = fresh.start().wait()
                named = named_or_none(self.bundle) if status == 0 else None
            else:
                remove_unnamed_files(self.bundle, named)
        if status != 0:
            self.discard()
            return __("pagefind failed (exit status %d): %s") % (status, said)
        if named is not None:  # without a stamp, the next build starts a new bundle
            stamp_path(self.fragments).write_text(json.dumps(self.identity), encoding="utf-8")
        return None

    def record(self) -> dict[str, object]:
        return {"command": self.command, "identity": self.identity, "keeps_earlier_files": self.keeps_earlier_files,
                "bundle": str(self.bundle), "fragments": str(self.fragments),
                "extension_path": str(Path(__file__).parent.parent)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> PagefindRun:
        return cls(record["command"], record["identity"], record["keeps_earlier_files"],
                   Path(record["bundle"]), Path(record["fragments"]))


#: The run each build started or put off, until it ends.
RUNS: weakref.WeakKeyDictionary[Sphinx, PagefindRun] = weakref.WeakKeyDictionary()


def start_pagefind(app: Sphinx, command: list[str], fragments: Path) -> None:
    """Start Pagefind, unless the bundle already indexes the pages in ``fragments``."""
    bundle = bundle_folder(app.builder)
    identity = command_identity(command)
    try:
        stamp = json.loads(stamp_path(fragments).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = None
    intact = stamp == identity and (bundle / "pagefind-entry.json").is_file()
    if intact and not changed_marker(fragments).exists():
        return
    if not intact:
        shutil.rmtree(bundle, ignore_errors=True)
    stamp_path(fragments).unlink(missing_ok=True)
    changed_marker(fragments).unlink(missing_ok=True)
    run = PagefindRun(command, identity, intact, bundle, fragments)
    RUNS[app] = run if app.config.eventnotes_pagefind_after_build else run.start()


def finish_pagefind(app: Sphinx, exception: BaseException | None) -> None:
    """Complete the build's run of Pagefind, or hand it to the process that asked for it."""
    run = RUNS.pop(app, None)
    if run is None:
        return
    if exception is not None:
        run.stop()
        return
    if run.process is None:
        with open(app.config.eventnotes_pagefind_after_build, "a", encoding="utf-8") as runs:
            runs.write(json.dumps(run.record()) + "\n")
        logger.info(bold(__("the Pagefind index is written after the build")))
        return
    logger.info(bold(__("writing the Pagefind index... ")), nonl=True)
    problem = run.complete()
    if problem is not None:
        logger.info("")
        logger.warning(problem, type="eventnotes", subtype="search")
        return
    logger.info(__("done"))
