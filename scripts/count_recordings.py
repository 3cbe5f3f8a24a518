"""How many of the seed conferences' talks link their recording in pyvideo's archive.

    PYTHONPATH=_ext .venv/bin/python scripts/count_recordings.py [--archive PATH]

PATH is pyvideo's archive: a checkout of ``pyvideo/data`` (a folder of event
folders) or its packed copy ``pyvideo-data.tar.xz``; by default
``$EVENTNOTES_PYVIDEO_ARCHIVE``, else ``../../shared/data/pyvideo-data.tar.xz``
beside the project.  Without the archive the script says where it looked and
exits 0: it is a tool for the author, not a test.

For each seed conference that pyvideo holds it prints the talk pages, those
with a ``:video:``, and those whose ``:video:`` is the recording of one of the
event's records; the records linked from a page and those linked from none;
and what ``--enrich`` decides for each page that has no link to a record
(:mod:`eventnotes.importer.matching`): taken, doubtful (each listed, with its
evidence), or no record.  It reads, never writes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tarfile
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "_ext"))

from eventnotes.importer import existing, matching, merge, pages, pyvideo  # noqa: E402

#: The site's conference folders, and the pyvideo event of each ("" where pyvideo has none).
SEEDS = {
    "djangocon-eu-2011": "djangocon-eu-2011",
    "europython-2014": "europython-2014",
    "pycon-nove-2018": "pycon-italia-2018",  # PyCon Italia 2018 ("PyCon Nove")
    "pycon-us-2013": "pycon-us-2013",
    "oscon-2012": "",
    "scale-11x": "",
    "black-hat-usa-2012": "",
}
DEFAULT_ARCHIVE = PROJECT.parents[1] / "shared" / "data" / "pyvideo-data.tar.xz"


def event_folders(archive: Path, events: list[str], scratch: Path) -> Path:
    """A folder holding the events' folders: the checkout itself, or the events unpacked from the tarball."""
    if archive.is_dir():
        return archive
    with tarfile.open(archive) as tar:
        wanted = [member for member in tar
                  if any(f"/{event}/" in f"/{member.name}" for event in events) and (member.isfile() or member.isdir())]
        tar.extractall(scratch, members=wanted, filter="data")
    found = [path.parent for path in scratch.rglob("category.json") if path.parent.name in events]
    return found[0].parent if found else scratch


def count(project: Path, root: Path) -> int:
    totals = dict.fromkeys(("pages", "video", "linked", "records", "unlinked", "taken", "doubtful"), 0)
    doubtful_lines: list[str] = []
    print(f"{'conference':<20} {'pages':>5} {'video':>5} {'linked':>6} {'records':>7} {'unlinked':>8} "
          f"{'taken':>5} {'doubtful':>8}")
    for site, event in SEEDS.items():
        folder = project / "conferences" / site
        talks = existing.read_folder(folder)
        with_video = [talk for talk in talks if talk.options.get("video", "").strip()]
        if not event:
            print(f"{site:<20} {len(talks):>5} {len(with_video):>5}   (pyvideo has no such event)")
            continue
        conference = pyvideo.read_event(root / event)
        video_of = {id(record): dict(pages.talk_options(record)).get("video", "") for record in conference.talks}
        linked_videos = {talk.options["video"].strip() for talk in with_video}
        linked = [talk for talk in with_video if talk.options["video"].strip() in video_of.values()]
        records_linked = [record for record in conference.talks if video_of[id(record)] in linked_videos]
        start, end = merge._dates_of(project, f"conferences/{site}/index")
        days = [day for day in (start, end, conference.start, conference.end) if day is not None]
        span = (min(days), max(days)) if days else None
        unlinked_pages = [talk for talk in talks if talk not in linked]
        decided = matching.decide_all(unlinked_pages, conference.talks, span)
        taken = [match for match in decided if match.certain]
        doubtful = [match for match in decided if not match.certain and match.best is not None]
        for match in decided:
            if match.certain:
                continue
            where = f"{match.page.path.relative_to(project)}: {match.page.title!r}"
            doubtful_lines.append(f"{where}: doubtful ({match.why}): {match.line()}" if match.best is not None
                                  else f"{where}: no record ({match.why})")
        row = {"pages": len(talks), "video": len(with_video), "linked": len(linked),
               "records": len(conference.talks), "unlinked": len(conference.talks) - len(records_linked),
               "taken": len(taken), "doubtful": len(doubtful)}
        for key, value in row.items():
            totals[key] += value
        print(f"{site:<20} {row['pages']:>5} {row['video']:>5} {row['linked']:>6} {row['records']:>7} "
              f"{row['unlinked']:>8} {row['taken']:>5} {row['doubtful']:>8}")
    print(f"{'total':<20} {totals['pages']:>5} {totals['video']:>5} {totals['linked']:>6} {totals['records']:>7} "
          f"{totals['unlinked']:>8} {totals['taken']:>5} {totals['doubtful']:>8}")
    print("\npages: talk pages; video: with a :video:; linked: whose :video: is a record's of the event;\n"
          "records: the event's records in pyvideo; unlinked: records no page links;\n"
          "taken / doubtful: what --enrich decides for the pages not linked yet.")
    if doubtful_lines:
        print("\npages with no recording linked, and why --enrich links none:")
        for line in doubtful_lines:
            print(f"  {line}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path,
                        default=Path(os.environ.get("EVENTNOTES_PYVIDEO_ARCHIVE", DEFAULT_ARCHIVE)),
                        help="pyvideo's archive: a checkout of pyvideo/data, or pyvideo-data.tar.xz")
    parser.add_argument("--project", type=Path, default=PROJECT, help="the site's root folder (default: this one)")
    args = parser.parse_args(argv)
    if not args.archive.exists():
        print(f"skipped: no pyvideo archive at {args.archive}; give --archive PATH (a checkout of "
              "https://github.com/pyvideo/data, or pyvideo-data.tar.xz) or set EVENTNOTES_PYVIDEO_ARCHIVE")
        return 0
    events = [event for event in SEEDS.values() if event]
    with tempfile.TemporaryDirectory(prefix="pyvideo-") as scratch:
        root = event_folders(args.archive, events, Path(scratch))
        return count(args.project.resolve(), root)


if __name__ == "__main__":
    import logging

    logging.basicConfig(format="warning: %(message)s", level=logging.ERROR)
    sys.exit(main())
