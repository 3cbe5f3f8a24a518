"""What an import changes on the site, decided before anything is written.

The rules that make an import safe to run again:

- a page that exists is never rewritten and never deleted: when the programme
  says something else than the page, the difference is reported, one line per
  field (the title, each option the importer writes, the abstract), and so is
  each talk gone from the programme and each talk new in it;
- a talk already on the site keeps its page, whoever wrote it: the page that
  names the talk's identity in the programme (``:source-id:``, the guid), else
  the one page with no identity whose ``:details:`` is the talk's own page,
  else the page with the same date and a title equal without regard to case or
  accents; a page found by its details or its title gains the ``:source-id:``
  line it lacks (an edit that only adds that line), so that the talk keeps its
  page once renamed or moved;
- with ``update``, a kept page takes the programme's title, options and
  abstract (the directive's content) where the programme gives one that
  differs, by replacing exactly those lines
  (:func:`eventnotes.importer.existing.update_page`); what the programme
  leaves empty is kept, and the notes (after the directive) are never
  touched.  The page of a talk gone from the programme (one that has a
  ``:source-id:``) is marked ``:status: Cancelled``, never deleted; the mark
  goes when the talk comes back;
- new talks get new pages, named after their titles, suffixed ``-2``, ``-3``
  in the programme's order when a name is taken;
- with ``enrich``, only the options declared ``enriched`` (the links, the
  language, the time and place: :data:`ENRICHED_OPTIONS`) that a page lacks are
  added (a value the author wrote is never replaced), from the one record that matches
  it: the one with its date and title, else the only record of the
  conference with its title (archives such as pyvideo often date every
  recording with the event's first day); a page matching no record or
  several is reported, not changed.  An enriched page only gains lines
  (:func:`eventnotes.importer.existing.edit_page`); a page whose edit would
  not read back as the page plus the added options is reported, not changed.

:func:`apply` then writes the planned files into a temporary folder and moves
them into place only once all of them are written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from eventnotes.importer import existing, matching, pages
from eventnotes.importer.model import SourceError
from eventnotes.dates import parse_date, parse_duration, parse_time
from eventnotes.fields import Kind, fields_of
from eventnotes.records import TalkMetadata
from eventnotes.names import normalize_name, split_list
from eventnotes.slugs import talk_page_stem

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from eventnotes.importer.model import ImportedConference, ImportedTalk

#: The options ``--enrich`` may add to a page that lacks them.
ENRICHED_OPTIONS = tuple(field.option for field in fields_of(TalkMetadata) if field.enriched)
#: The options a kept page is compared on with the programme: what the programme
#: says (the date too: a talk found by its identity may have moved to another day).
COMPARED_FIELDS = tuple(field for field in fields_of(TalkMetadata) if field.imported)
#: The options an update may replace: what the importer takes from a programme.
UPDATED_OPTIONS = tuple(field.option for field in fields_of(TalkMetadata) if field.imported)
#: The option that holds a talk's identity in its programme, and the one that marks a talk gone from it.
IDENTITY = "source-id"
STATUS = "status"
#: The option of a talk's speakers: ``--enrich`` fills it in on a page that names none, when the match is certain.
SPEAKER = "speaker"
CANCELLED = "Cancelled"
#: The home page's toctree that lists the conferences.
HOME_PAGE = "index.rst"
HOME_CAPTION = "Conferences"


@dataclasses.dataclass
class Plan:
    writes: dict[str, str] = dataclasses.field(default_factory=dict)  # path from the project root -> text
    report: list[str] = dataclasses.field(default_factory=list)
    speakers: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # new page -> its speakers


def check_dest(project: Path, dest: str) -> str:
    """``conferences/<name>`` as a path from the project root; anything else is refused."""
    conferences = (project / "conferences").resolve()
    target = (project / dest).resolve()
    if target.parent != conferences or target.name.startswith("."):
        raise SourceError(
            f"DEST must be a folder directly in conferences/, such as conferences/{Path(dest).name or 'name'}",
            dest,
        )
    return f"conferences/{target.name}"


def _relative(project: Path, path: Path) -> str:
    return path.relative_to(project).as_posix()


def identity(talk: ImportedTalk) -> str:
    """The talk's identity in its programme ("" when the programme gives none)."""
    return talk.texts.get(IDENTITY, "")


def _details(talk: ImportedTalk) -> str:
    return dict(pages.talk_options(talk)).get("details", "")


def match_pages(
    talks: list[ImportedTalk], on_site: list[existing.ExistingTalk]
) -> tuple[list[tuple[existing.ExistingTalk | None, str]], list[existing.ExistingTalk]]:
    """For each talk of the programme its page and how it was found ("id", "details", "title"),
    or (None, ""); then the pages no talk has, in file order."""
    found: list[tuple[existing.ExistingTalk | None, str]] = [(None, "")] * len(talks)
    claimed: set[int] = set()

    def claim(index: int, page: existing.ExistingTalk, how: str) -> None:
        found[index] = (page, how)
        claimed.add(id(page))

    by_identity: dict[str, list[existing.ExistingTalk]] = defaultdict(list)
    for page in on_site:
        if page.options.get(IDENTITY, "").strip():
            by_identity[page.options[IDENTITY].strip()].append(page)
    for index, talk in enumerate(talks):
        if (key := identity(talk)) and by_identity[key]:
            claim(index, by_identity[key].pop(0), "id")
    # A page imported before pages had an identity: the talk's own page in the programme names it.
    details = [_details(talk) for talk in talks]
    for index, talk in enumerate(talks):
        url = details[index]
        if found[index][0] is not None or not url or details.count(url) != 1:
            continue
        pages_with = [page for page in on_site if id(page) not in claimed
                      and not page.options.get(IDENTITY, "").strip() and page.options.get("details", "").strip() == url]
        if len(pages_with) == 1:
            claim(index, pages_with[0], "details")
    # Then by date and title; a page that names a talk of this programme is that talk's only.
    identities = {identity(talk) for talk in talks} - {""}
    by_key: dict[tuple[str, str], list[existing.ExistingTalk]] = defaultdict(list)
    for page in on_site:
        if id(page) not in claimed and page.options.get(IDENTITY, "").strip() not in identities:
            by_key[page.key].append(page)
    for index, talk in enumerate(talks):
        key = (talk.date.isoformat() if talk.date else "", existing.title_key(talk.title))
        if found[index][0] is None and by_key[key]:
            claim(index, by_key[key].pop(0), "title")
    return found, [page for page in on_site if id(page) not in claimed]


def plan_import(
    conference: ImportedConference,
    project: Path,
    dest: str,
    fmt: pages.PageFormat,
    progress: Callable[[Iterable[ImportedTalk]], Iterable[ImportedTalk]] = iter,
    update: bool = False,
) -> Plan:
    """New pages for new talks, the conference page and home toctree if missing, and a report;
    with *update*, the programme's changes to the pages it has."""
    plan = Plan()
    folder = project / dest
    on_site = existing.read_folder(folder)
    found, gone = match_pages(conference.talks, on_site)
    page_of = {id(talk): page for talk, (page, _) in zip(conference.talks, found)}
    taken = {path.stem for path in (folder / "talks").glob("*") if path.is_file()}
    updates: dict[Path, list[existing.Update]] = defaultdict(list)
    reported: dict[Path, list[str]] = defaultdict(list)  # reported once the page's edit is checked

    if not any((folder / f"index{suffix}").exists() for suffix in (".md", ".rst")):
        plan.writes[f"{dest}/index{pages.SUFFIX[fmt]}"] = pages.conference_page(conference, fmt)
    else:  # a talk's date note is about the dates of the conference page on the site
        start, end = _dates_of(project, f"{dest}/index")
        conference = dataclasses.replace(conference, start=start or conference.start, end=end or conference.end)

    for talk in progress(conference.talks):
        page = page_of[id(talk)]
        if page is not None:
            change, lines, applied = _compare(project, page, talk, conference, update)
            plan.report += lines
            if change:
                updates[page.path].append(change)
                reported[page.path] += applied
            continue
        stem = talk_page_stem(talk.title, fallback=talk_page_stem(talk.slug) if talk.slug else "talk")
        name, number = stem, 1
        while name in taken:
            number += 1
            name = f"{stem}-{number}"
        taken.add(name)
        path = f"{dest}/talks/{name}{pages.SUFFIX[fmt]}"
        plan.writes[path] = pages.talk_page(talk, conference, fmt)
        plan.speakers[path] = [normalize_name(speaker) for speaker in talk.speakers]
        if on_site:
            plan.report.append(f"{path}: new in the programme")

    for page in gone:
        where = _relative(project, page.path)
        status = page.options.get(STATUS, "").strip()
        if status.casefold() == CANCELLED.casefold():
            continue  # marked already: page and programme agree
        if not page.options.get(IDENTITY, "").strip():
            plan.report.append(f"{where}: {page.title!r} is not in the programme; kept")
        elif not update or status:
            plan.report.append(f"{where}: {page.title!r} is gone from the programme; kept"
                               + (f" (its status: {status!r})" if status else ""))
        else:
            updates[page.path].append(existing.Update(page, add=[(STATUS, CANCELLED)]))
            reported[page.path].append(f"{where}: {page.title!r} is gone from the programme; "
                                       f"marked {STATUS}: {CANCELLED}")

    for path, changes in updates.items():
        try:
            plan.writes[_relative(project, path)] = existing.update_page(path, existing.page_text(path), changes)
        except existing.EditError as error:
            plan.report.append(f"{_relative(project, path)}: not changed; {error}")
            continue
        plan.report += reported[path]
    return plan


def _compare(
    project: Path, page: existing.ExistingTalk, talk: ImportedTalk, conference: ImportedConference, update: bool
) -> tuple[existing.Update, list[str], list[str]]:
    """What of a kept page differs from the programme: the update that would apply it,
    the lines reported now, and the lines reported once the update is checked.

    Without *update*, the change is only the ``:source-id:`` a page lacks.
    """
    where = _relative(project, page.path)
    wanted = dict(pages.talk_options(talk, pages.date_note(talk, conference)))
    change = existing.Update(page)
    now: list[str] = []
    applied: list[str] = []

    def differs(field: str, have: str, want: str, apply: Callable[[], None] | None) -> None:
        if update and apply is not None:
            apply()
            applied.append(f"{where}: updated; {field}: page had {have!r}, programme has {want!r}")
        else:
            now.append(f"{where}: kept; {field}: page has {have!r}, programme has {want!r}")

    if page.title != talk.title and existing.title_key(page.title) != existing.title_key(talk.title):
        differs("title", page.title, talk.title, lambda: setattr(change, "title", talk.title))
    for field in COMPARED_FIELDS:
        name = field.option
        written, want = page.options.get(name, ""), wanted.get(name, "")
        have = written
        if name == IDENTITY and not have.strip():
            if want:  # the page was found by its details or title: it gains its identity in any case
                change.add.append((name, want))
                applied.append(f"{where}: added {name}")
            continue
        if field.kind in _NORMALIZED and (same := _NORMALIZED[field.kind](have)):
            have = same  # 9:00 is 09:00, 45 is 0:45
        if field.kind.repeats:
            have_items = split_list(have)[0]
            want_items = split_list(want)[0]
            if have_items == want_items:
                continue
            have, want = ", ".join(have_items), ", ".join(want_items)
        elif " ".join(have.split()) == want:
            continue
        if not want:  # what the programme leaves out is kept
            apply = None
        elif name in page.options:
            apply = lambda name=name: change.replace.__setitem__(name, wanted[name])  # noqa: E731
        else:
            apply = lambda name=name: change.add.append((name, wanted[name]))  # noqa: E731
        differs(name, have, want, apply)
    if page.options.get(STATUS, "").strip().casefold() == CANCELLED.casefold():
        differs(STATUS, page.options[STATUS].strip(), "", lambda: change.replace.__setitem__(STATUS, None))
    abstract = pages.rich_text(talk.abstract, "myst" if existing.is_markdown(page.path) else "rst")
    if abstract.strip() and existing.normalized_content(page.content) != existing.normalized_content(abstract):
        differs("abstract", _excerpt(page.content), _excerpt(abstract),
                lambda: setattr(change, "content", abstract))
    return change, now, applied


def _excerpt(text: str, width: int = 60) -> str:
    """A content on one line, shortened: enough to tell two abstracts apart in a report."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


_NORMALIZED = {Kind.TIME: parse_time, Kind.DURATION: parse_duration}


def plan_enrich(
    conference: ImportedConference,
    project: Path,
    dest: str,
    credit: str,
    progress: Callable[[Iterable[existing.ExistingTalk]], Iterable[existing.ExistingTalk]] = iter,
    options: tuple[str, ...] = ENRICHED_OPTIONS,
) -> Plan:
    """*options* the site's pages lack, from the record the evidence gives each; nothing else.

    Each page is weighed against every record (:mod:`eventnotes.importer.matching`):
    a match taken is reported with its evidence and fills in what the page
    lacks (its speakers too, when it names none); a doubtful one is reported
    for the author and changes nothing.
    """
    plan = Plan()
    edits: dict[Path, list[tuple[existing.ExistingTalk, list[tuple[str, str]]]]] = defaultdict(list)
    added: dict[Path, list[str]] = defaultdict(list)  # reported once the page's edit is checked
    talks = existing.read_folder(project / dest)
    if not talks:
        plan.report.append(f"{dest}: no talk pages to enrich")
    start, end = _dates_of(project, f"{dest}/index")
    days = [day for day in (start, end, conference.start, conference.end) if day is not None]
    span = (min(days), max(days)) if days else None
    decided = matching.one_page_each([matching.decide(page, conference.talks, span) for page in progress(talks)])
    for match in decided:
        page = match.page
        where = f"{_relative(project, page.path)}: {page.title!r}"
        if match.best is None:
            plan.report.append(f"{where}: no record matches; not linked" + (f" ({match.why})" if match.why else ""))
            continue
        if not match.certain:
            plan.report.append(f"{where}: doubtful, not linked ({match.why}): {match.line()}")
            continue
        plan.report.append(f"{where}: matched {match.line()}")
        record = match.best.record
        found = dict(pages.talk_options(record))
        missing = [
            (name, found[name]) for name in options
            if found.get(name) and not page.options.get(name)
        ]
        people = matching.real_speakers(record.speakers)
        if not page.options.get(SPEAKER, "").strip() and SPEAKER not in page.options and people:
            missing.insert(0, (SPEAKER, pages.list_option(people)))
            plan.speakers[_relative(project, page.path)] = [normalize_name(name) for name in people]
        if not missing:
            continue
        edits[page.path].append((page, missing))
        added[page.path].append(f"{where}: added {', '.join(name for name, _ in missing)}")
    for path, additions in edits.items():
        try:
            text = existing.edit_page(
                path, existing.page_text(path), additions, comment=f"Links added by the importer from {credit}."
            )
        except existing.EditError as error:
            plan.report.append(f"{_relative(project, path)}: not changed; {error}")
            continue
        plan.report += added[path]
        plan.writes[_relative(project, path)] = text
    return plan


# -- the home page's toctree -------------------------------------------------------

_TOCTREE = re.compile(r"^\.\. toctree::\s*$")


def _dates_of(project: Path, entry: str) -> tuple[dt.date | None, dt.date | None]:
    """The ``:start:`` and ``:end:`` of a conference page on the site (None where not written)."""
    for suffix in (".rst", ".md"):
        page = project / f"{entry}{suffix}"
        if page.is_file():
            options = existing.read_conference(page)
            start, end = options.get("start", "").strip(), options.get("end", "").strip()
            return (parse_date(start) if start else None), (parse_date(end) if end else None)
    return None, None


def _start_of(project: Path, entry: str) -> str:
    start, _ = _dates_of(project, entry)
    return start.isoformat() if start else ""


def add_to_home(
    project: Path,
    dest: str,
    conference: ImportedConference,
    text: str | None = None,
    starts: dict[str, str] | None = None,
) -> str | None:
    """The home page with the conference in its Conferences toctree (newest first), or None.

    None when the entry is there already, or when the home page has no such
    toctree (the report of :func:`eventnotes.importer.__main__` then says so).
    *text* is the home page as already planned, *starts* the start dates of
    conferences planned but not yet written, by toctree entry.
    """
    home = project / HOME_PAGE
    if text is None:
        if not home.is_file():
            return None
        text = home.read_text(encoding="utf-8")
    starts = starts or {}
    lines = text.splitlines(keepends=True)
    entry = f"{dest}/index"
    for index, line in enumerate(lines):
        if not _TOCTREE.match(line):
            continue
        body = index + 1
        while body < len(lines) and (not lines[body].strip() or lines[body].startswith((" ", "\t"))):
            body += 1
        block = lines[index + 1 : body]
        if not any(re.match(rf"\s+:caption:\s*{HOME_CAPTION}\s*$", line) for line in block):
            continue
        entries = [
            (position, line.strip()) for position, line in enumerate(block, start=index + 1)
            if line.strip() and not line.strip().startswith(":")
        ]
        if any(name == entry for _, name in entries):
            return None
        if not entries:  # a toctree with options only: a blank line, then the entry
            last = max(position for position in range(index, body) if lines[position].strip())
            lines[last + 1 : last + 1] = ["\n", f"   {entry}\n"]
            return "".join(lines)
        start = conference.start.isoformat() if conference.start else ""
        indent = re.match(r"\s*", lines[entries[0][0]])[0]
        at = next(
            (position for position, name in entries
             if (starts.get(name) or _start_of(project, name)) < start),
            entries[-1][0] + 1,
        )
        lines.insert(at, f"{indent}{entry}\n")
        return "".join(lines)
    return None


def has_home_toctree(project: Path) -> bool:
    home = project / HOME_PAGE
    return home.is_file() and bool(
        re.search(rf"^\s+:caption:\s*{HOME_CAPTION}\s*$", home.read_text(encoding="utf-8"), re.M)
    )


# -- writing -------------------------------------------------------------------------


def apply(plan: Plan, project: Path) -> None:
    """Write every planned file into a temporary folder, then move them into place."""
    if not plan.writes:
        return
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=project))
    try:
        for path, text in plan.writes.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        for path in plan.writes:
            (project / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path, project / path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
