"""``python -m eventnotes.importer SOURCE``: a conference folder from a published programme.

Run from the project root with ``_ext`` on the path::

    PYTHONPATH=_ext .venv/bin/python -m eventnotes.importer schedule.json
    make import SOURCE=schedule.json [DEST=conferences/<slug>] [ENRICH=1] [UPDATE=1] [FORMAT=rst]

Exit status: 0 done, 1 the source or DEST could not be imported (one line on
stderr says why and where; nothing was written), 2 wrong command line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from eventnotes.importer import detect, merge, speakers
from eventnotes.importer.conferences import check_one_folder, on_site
from eventnotes.importer.merge import ENRICHED_OPTIONS
from eventnotes.importer.model import SourceError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m eventnotes.importer",
        description=(
            "Write a conference folder of notes pages from a published programme: a frab/pretalx "
            "schedule.xml or schedule.json (file or http(s) URL), a pyvideo event folder or a "
            "pyvideo checkout.  Pages that exist are never rewritten; what differs is reported "
            "(with --update, applied)."
        ),
    )
    p.add_argument("source", metavar="SOURCE", help="file, folder or http(s) URL of the programme")
    p.add_argument("--dest", metavar="DEST",
                   help="the conference folder, conferences/<slug> (default: the slug the source gives)")
    p.add_argument("--format", choices=("myst", "rst"), default="myst",
                   help="markup of the pages written (default: myst)")
    p.add_argument("--dry-run", action="store_true", help="list what would be written; change nothing")
    p.add_argument("--enrich", action="store_true",
                   help=f"only fill in {', '.join(ENRICHED_OPTIONS)} on the talk pages that lack them")
    p.add_argument("--update", action="store_true",
                   help="accept the programme's changes: replace the title, the options the importer writes "
                        "and the abstract where the programme differs, and mark the pages of talks gone "
                        "from it ':status: Cancelled'; the notes are never touched")
    p.add_argument("--project", type=Path, default=Path("."), metavar="ROOT",
                   help="the project's root folder, where conf.py is (default: .)")
    p.add_argument("--quiet", action="store_true", help="no progress bar, no report of kept pages")
    return p


def _progress(quiet: bool, unit: str, description: str = ""):
    """A tqdm progress bar on stderr, when stderr is a terminal and --quiet is not given."""
    from tqdm import tqdm

    def wrap(items, total: int | None = None):
        if total is None:
            items = list(items)
            total = len(items)
        disable = quiet or not sys.stderr.isatty() or total < 2
        return tqdm(items, total=total, desc=description, unit=unit, file=sys.stderr,
                    disable=disable, leave=False)

    return wrap


def run(args: argparse.Namespace) -> list[str]:
    """Import, or only plan with --dry-run; the lines of the report."""
    project = args.project.resolve()
    if not (project / "conf.py").is_file():
        raise SourceError("not a Sphinx project (no conf.py); run from the project root or give --project",
                          str(args.project))
    if args.dest is not None:
        merge.check_dest(project, args.dest)
    fmt, conferences, count = detect.load(args.source)
    if args.dest is not None and count != 1:
        raise SourceError(f"DEST names one conference, and the source holds {count}", args.source)
    credit = "pyvideo.org (CC0)" if fmt.is_pyvideo else Path(args.source).name

    plans = []
    site = on_site(project)
    # One bar: over the events of a checkout, else over the talks of the one conference.
    quiet_talks = args.quiet or count > 1
    for conference in _progress(args.quiet, "event", "events")(conferences, total=count):
        if not conference.slug:
            raise SourceError("the source gives no slug for its conference; give DEST", args.source)
        dest = merge.check_dest(project, args.dest or f"conferences/{conference.slug}")
        check_one_folder(site, conference, dest)
        progress = _progress(quiet_talks, "talk", conference.title)
        if args.enrich:
            plans.append((conference, dest, merge.plan_enrich(
                conference, project, dest, credit, progress,
                # pyvideo's related URLs are what a talk mentions, seldom the talk's own page.
                options=tuple(name for name in merge.ENRICHED_OPTIONS
                              if not (fmt.is_pyvideo and name == "details")),
            )))
        else:
            plans.append((conference, dest, merge.plan_import(
                conference, project, dest, args.format, progress, update=args.update,
            )))

    plan = merge.Plan()
    home, starts = None, {}
    for conference, dest, each in plans:
        plan.writes.update(each.writes)
        plan.report += each.report
        plan.speakers.update(each.speakers)
        if not args.enrich:
            home = merge.add_to_home(project, dest, conference, home, starts) or home
            starts[f"{dest}/index"] = conference.start.isoformat() if conference.start else ""
    if home is not None:
        plan.writes[merge.HOME_PAGE] = home
    if not args.enrich and not merge.has_home_toctree(project):
        plan.report.append(f"{merge.HOME_PAGE}: no toctree with ':caption: {merge.HOME_CAPTION}'; "
                           "add the conference to the home page yourself")

    # Profiles that tell two people apart, and spellings of one name: notes, not errors
    # (the build warns too, and a profile or suppress_warnings settles it).
    if args.enrich:
        people = speakers.People(notices=speakers.variant_notices(project, plan.speakers))
    else:
        talks = [talk for conference, _dest, _each in plans for talk in conference.talks]
        people = speakers.plan_people(project, plan.speakers, talks, args.format)
    plan.writes.update(people.writes)

    lines = [line for line in plan.report if not args.quiet]
    verb = "would write" if args.dry_run else "wrote"
    lines += [f"{verb} {path}" for path in sorted(plan.writes)]
    if not plan.writes:
        lines.append("nothing to write")
    for notice in people.notices:
        print(f"note: {notice}", file=sys.stderr)
    if not args.dry_run:
        merge.apply(plan, project)
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.update and args.enrich:
        parser().error("--update and --enrich are two ways to change pages; give one")
    # Readers report what they skip (a record with no date) on their loggers.
    logging.basicConfig(format="warning: %(message)s", level=logging.WARNING, stream=sys.stderr)
    try:
        lines = run(args)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
