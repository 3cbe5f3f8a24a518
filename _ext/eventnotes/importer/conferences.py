"""One conference, one folder: a programme already on the site is not imported into another folder.

Importing a programme into a second folder would give the conference twice
(the sidebar, the home page, each speaker's talks).  The conference pages of
``conferences/*/`` are read (with the parsers that build them, see
:mod:`eventnotes.importer.existing`), and a folder other than the destination
holds the programme's conference when its ``conference`` directive has

- the same ``:acronym:`` (the programme's own short name, which the importer
  writes; compared without regard to case), or
- the same ``:site:`` and the same ``:start:``, or
- no ``:acronym:``, a folder named as the importer names the programme's
  folder, and the same ``:start:`` (a page written before the importer
  recorded the acronym, or by hand).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventnotes.importer import existing
from eventnotes.importer.model import SourceError

if TYPE_CHECKING:
    from pathlib import Path

    from eventnotes.importer.model import ImportedConference


def _same_site(one: str, other: str) -> bool:
    return bool(one) and one.strip().rstrip("/").casefold() == other.strip().rstrip("/").casefold()


def why_same(conference: ImportedConference, folder: str, options: dict[str, str]) -> str:
    """Why the conference page's *options* describe the programme's *conference* ("" when they do not)."""
    acronym = " ".join(options.get("acronym", "").split())
    start = " ".join(options.get("start", "").split())
    same_start = bool(start) and conference.start is not None and start == conference.start.isoformat()
    if acronym and conference.acronym and acronym.casefold() == conference.acronym.casefold():
        return f"same acronym {conference.acronym!r}"
    if same_start and _same_site(conference.site, options.get("site", "")):
        return f"same site {conference.site} and start {start}"
    if not acronym and same_start and conference.slug and folder == conference.slug:
        return f"same folder name and start {start}"
    return ""


def on_site(project: Path) -> dict[str, dict[str, str]]:
    """The options of the ``conference`` directive of each ``conferences/<name>/index`` page, by folder name."""
    root = project / "conferences"
    found: dict[str, dict[str, str]] = {}
    for folder in sorted(path for path in root.iterdir() if path.is_dir()) if root.is_dir() else ():
        for suffix in (".md", ".rst"):
            if (page := folder / f"index{suffix}").is_file():
                found[folder.name] = existing.read_conference(page)
                break
    return found


def check_one_folder(site: dict[str, dict[str, str]], conference: ImportedConference, dest: str) -> None:
    """Raise :class:`SourceError` when a folder of *site* (:func:`on_site`) other than *dest*
    already holds the programme's conference."""
    for folder, options in site.items():
        if f"conferences/{folder}" != dest and (why := why_same(conference, folder, options)):
            raise SourceError(
                f"this programme's conference is already on the site in conferences/{folder} ({why}); "
                f"import into that folder (DEST=conferences/{folder}), or remove it first",
                conference.source,
            )
