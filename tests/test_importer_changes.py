"""A changing programme: imported again, the talks keep their pages; every change is reported,
and applied with ``--update`` without touching the notes.

The programmes are the real ones of ``tests/data/schedules/``, changed in a
temporary copy as a programme changes before a conference: a talk renamed,
one moved to another hour and room, one whose abstract changed, one
cancelled (gone), one added.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import TESTS, build_without_warnings
from importer_site import run, site, tree  # noqa: F401 (site: a fixture)
from html_text import article_text

from eventnotes.importer import existing, schedule

SCHEDULES = TESTS / "data" / "schedules"
NIGHTOWL = SCHEDULES / "nightowl.xml"
DEMOCON = SCHEDULES / "pretalx-democon.json"
OLDCONF = SCHEDULES / "oldconf.xml"

NOTES = "Typed during the talk: *{name}*.\n\n- a point\n- another one\n"





# -- the programmes, changed -------------------------------------------------------------

#: What each change is to, by the talk's guid: renamed, moved, abstract, cancelled; and the new talk's.
NIGHTOWL_CHANGES = {
    "renamed": ("00000000-0000-4000-8000-000000000101", "Scaling Django at night", "Scaling Django by night"),
    "moved": ("00000000-0000-4000-8000-000000000104", ("11:00", "Hall B"), ("12:00", "Hall A")),
    "abstract": ("00000000-0000-4000-8000-000000000202", "Long.", "Longer, and **changed**."),
    "cancelled": "00000000-0000-4000-8000-000000000102",
    "added": ("00000000-0000-4000-8000-000000000999", "A late addition"),
}


def changed_nightowl(tmp_path: Path) -> Path:
    text = NIGHTOWL.read_text(encoding="utf-8")
    for old, new in (
        ("<title>Scaling Django at night</title>", "<title>Scaling Django by night</title>"),
        ("<room>Hall B</room>\n        <title>#1 tips", "<room>Hall A</room>\n        <title>#1 tips"),
        ("<date>2024-03-01T11:00:00+01:00</date>\n        <start>11:00</start>",
         "<date>2024-03-01T12:00:00+01:00</date>\n        <start>12:00</start>"),
        ("<abstract>Long.</abstract>", "<abstract>Longer, and **changed**.</abstract>"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text, removed = re.subn(r'\s*<event id="102".*?</event>', "", text, flags=re.S)
    assert removed == 1
    added = (
        '<event id="999" guid="00000000-0000-4000-8000-000000000999"><room>Hall A</room>'
        "<title>A late addition</title><type>Talk</type><date>2024-03-01T16:00:00+01:00</date>"
        "<start>16:00</start><duration>00:30</duration><abstract>Added on the day.</abstract>"
        '<persons><person id="9">Late Speaker</person></persons></event>\n    </room>'
    )
    assert "\n    </room>" in text
    text = text.replace("\n    </room>", added, 1)
    path = tmp_path / "nightowl-changed.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _events(document: dict):
    for day in document["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                yield day, room, event


def democon_changes() -> dict:
    document = json.loads(DEMOCON.read_text(encoding="utf-8"))
    events = list(_events(document))
    (_, _, first), (_, _, second), (_, _, third), (_, _, fourth) = events[0], events[1], events[2], events[3]
    other = next(room for _, room, _ in events if room != events[1][1])
    return {
        "renamed": (first["guid"], first["title"], first["title"] + " (renamed)"),
        "moved": (second["guid"], (second["start"], events[1][1]), ("16:45", other)),
        "abstract": (third["guid"], third["abstract"], "A new abstract, **changed** today."),
        "cancelled": fourth["guid"],
        "added": ("11111111-2222-4333-8444-555555555555", "A late addition"),
    }


def changed_democon(tmp_path: Path, changes: dict) -> Path:
    document = json.loads(DEMOCON.read_text(encoding="utf-8"))
    by_guid = {event["guid"]: (day, room, event) for day, room, event in _events(document)}
    by_guid[changes["renamed"][0]][2]["title"] = changes["renamed"][2]
    day, room, event = by_guid[changes["moved"][0]]
    start, other = changes["moved"][2]
    event["date"] = event["date"][:11] + start + event["date"][16:]
    event["start"], event["room"] = start, other
    day["rooms"][room].remove(event)
    day["rooms"].setdefault(other, []).append(event)
    by_guid[changes["abstract"][0]][2]["abstract"] = changes["abstract"][2]
    day, room, event = by_guid[changes["cancelled"]]
    day["rooms"][room].remove(event)
    new = copy.deepcopy(by_guid[changes["renamed"][0]][2])
    new.update(guid=changes["added"][0], id=99999, title=changes["added"][1], url="", slug="late")
    day["rooms"][room].append(new)
    path = tmp_path / "democon-changed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


CASES = {
    "nightowl": (NIGHTOWL, "conferences/nightowl-2024", lambda tmp: (changed_nightowl(tmp), NIGHTOWL_CHANGES)),
    "democon": (DEMOCON, "conferences/democon",
                lambda tmp: (changed_democon(tmp, changes := democon_changes()), changes)),
}


def read(path: Path):
    reader = schedule.read_xml if path.suffix == ".xml" else schedule.read_json
    return reader(path.read_bytes(), path.name)


# -- the site, with notes ----------------------------------------------------------------


def pages_by_id(folder: Path) -> dict[str, Path]:
    return {talk.options["source-id"]: talk.path for talk in existing.read_folder(folder)}


def notes_of(path: Path) -> bytes:
    """The Notes section's bytes: from its heading to the page's end."""
    data = path.read_bytes()
    at = max(data.rfind(b"\n## Notes\n"), data.rfind(b"\nNotes\n-----\n"))
    assert at > 0, path
    return data[at:]


def take_notes(folder: Path) -> dict[Path, bytes]:
    for path in sorted((folder / "talks").iterdir()):
        with path.open("a", encoding="utf-8", newline="\n") as page:
            page.write("\n" + NOTES.format(name=path.stem))
    return {path: notes_of(path) for path in sorted((folder / "talks").iterdir())}


@pytest.mark.parametrize("fmt", ["myst", "rst"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_changed_programme_keeps_every_page_reports_each_change_and_updates(site, capsys, tmp_path, case, fmt):
    source, dest, change = CASES[case]
    changed, changes = change(tmp_path)
    assert run(site, str(source), "--format", fmt, capsys=capsys)[0] == 0
    folder = site / dest
    notes = take_notes(folder)
    by_id = pages_by_id(folder)
    where = {key: by_id[value if isinstance(value, str) else value[0]].relative_to(site).as_posix()
             for key, value in changes.items() if key != "added"}
    before = tree(site)

    # Imported again: the one new talk gets a page; every change is one line.
    status, out, err = run(site, str(changed), "--format", fmt, capsys=capsys)
    assert (status, err) == (0, [])
    new_pages = sorted(set(tree(site)) - set(before))
    assert len(new_pages) == 1 and f"{new_pages[0]}: new in the programme" in out
    assert {path: data for path, data in tree(site).items() if path in before} == before
    guid, old_title, new_title = changes["renamed"]
    assert f"{where['renamed']}: kept; title: page has {old_title!r}, programme has {new_title!r}" in out
    # as the pages and the programme say them (democon's times are in UTC)
    old_start, old_room = (by_id[changes["moved"][0]] and existing.read_talks(by_id[changes["moved"][0]])[0]
                           .options[name] for name in ("start", "room"))
    moved_talk = next(talk for talk in read(changed).talks if talk.texts["source-id"] == changes["moved"][0])
    new_start, new_room = moved_talk.start.strftime("%H:%M"), moved_talk.texts["room"]
    assert (new_start, new_room) != (old_start, old_room) and new_room == changes["moved"][2][1]
    assert f"{where['moved']}: kept; start: page has {old_start!r}, programme has {new_start!r}" in out
    assert f"{where['moved']}: kept; room: page has {old_room!r}, programme has {new_room!r}" in out
    assert any(line.startswith(f"{where['abstract']}: kept; abstract: page has ")
               and f"programme has {changes['abstract'][2][:20]!r}"[:-1] in line for line in out)
    assert any(line.startswith(f"{where['cancelled']}: ") and line.endswith("is gone from the programme; kept")
               for line in out)
    assert len([line for line in out if ": kept; " in line or "gone from" in line]) == 5, out

    # --dry-run --update: the same changes, as updates, and nothing written.
    after_import = tree(site)
    status, out, err = run(site, str(changed), "--update", "--dry-run", capsys=capsys)
    assert (status, err) == (0, [])
    assert tree(site) == after_import
    assert sorted(line for line in out if line.startswith("would write")) == sorted(
        f"would write {path}" for path in where.values()
    )

    # --update: applied; the notes byte for byte; no page deleted, none added.
    status, out, err = run(site, str(changed), "--update", capsys=capsys)
    assert (status, err) == (0, [])
    assert f"{where['renamed']}: updated; title: page had {old_title!r}, programme has {new_title!r}" in out
    assert f"{where['cancelled']}: {existing.read_talks(site / where['cancelled'])[0].title!r} " \
           "is gone from the programme; marked status: Cancelled" in out
    assert set(tree(site)) == set(after_import)
    for path, section in notes.items():
        assert notes_of(path) == section, path
    renamed = existing.read_talks(site / where["renamed"])[0]
    assert renamed.title == new_title
    moved = existing.read_talks(site / where["moved"])[0]
    assert (moved.options["start"], moved.options["room"]) == (new_start, new_room)
    abstract = existing.read_talks(site / where["abstract"])[0]
    assert "changed" in abstract.content
    assert existing.read_talks(site / where["cancelled"])[0].options["status"] == "Cancelled"
    unchanged = set(after_import) - {*where.values()} - {where["cancelled"]}
    assert {path: tree(site)[path] for path in unchanged} == {path: after_import[path] for path in unchanged}

    # The pages now say what the programme says: imported again, nothing to do.
    status, out, err = run(site, str(changed), "--update", capsys=capsys)
    assert (status, out, err) == (0, ["nothing to write"], [])

    if case == "nightowl":  # one build per format is enough to see the pages build and the mark shown
        app = build_without_warnings(site)
        listing = article_text((app.outdir / dest / "index.html").read_text(encoding="utf-8"))
        cancelled_title = existing.read_talks(site / where["cancelled"])[0].title
        assert re.search(re.escape(cancelled_title[:20]) + r".*· Cancelled", listing)
        page = (app.outdir / where["cancelled"]).with_suffix(".html").read_text(encoding="utf-8")
        assert "Cancelled" in article_text(page)
        assert changes["cancelled"] not in page  # the source id is never shown


def test_a_cancelled_talk_back_in_the_programme_loses_its_mark(site, capsys, tmp_path):
    changed = changed_nightowl(tmp_path)
    run(site, str(NIGHTOWL), capsys=capsys)
    folder = site / "conferences" / "nightowl-2024"
    notes = take_notes(folder)
    run(site, str(changed), "--update", capsys=capsys)
    page = pages_by_id(folder)[NIGHTOWL_CHANGES["cancelled"]]
    assert existing.read_talks(page)[0].options["status"] == "Cancelled"
    status, out, err = run(site, str(NIGHTOWL), capsys=capsys)
    assert f"{page.relative_to(site).as_posix()}: kept; status: page has 'Cancelled', programme has ''" in out
    run(site, str(NIGHTOWL), "--update", capsys=capsys)
    assert "status" not in existing.read_talks(page)[0].options
    for path, section in notes.items():
        assert notes_of(path) == section, path


def test_a_page_imported_without_an_identity_is_found_by_its_details_and_gains_it(site, capsys, tmp_path):
    """Pages written before pages named their talk: a renamed talk is found by its own page's URL."""
    changed = changed_nightowl(tmp_path)
    run(site, str(NIGHTOWL), capsys=capsys)
    folder = site / "conferences" / "nightowl-2024"
    for path in (folder / "talks").iterdir():
        path.write_text(re.sub(r":source-id: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    page = folder / "talks" / "scaling-django-at-night.md"
    before = page.read_text(encoding="utf-8")
    status, out, err = run(site, str(changed), capsys=capsys)
    assert (status, err) == (0, [])
    assert "conferences/nightowl-2024/talks/scaling-django-at-night.md: added source-id" in out
    assert ("conferences/nightowl-2024/talks/scaling-django-at-night.md: kept; title: "
            "page has 'Scaling Django at night', programme has 'Scaling Django by night'") in out
    assert not (folder / "talks" / "scaling-django-by-night.md").exists()
    after = page.read_text(encoding="utf-8")
    assert after.replace(":source-id: 00000000-0000-4000-8000-000000000101\n", "", 1) == before


def test_an_update_keeps_the_byte_order_mark_and_line_endings(site, capsys, tmp_path):
    keynote = site / "conferences" / "oldconf-2019" / "talks" / "keynote.rst"
    text = "\ufeff" + keynote.read_text(encoding="utf-8").replace("\n", "\r\n")
    keynote.write_bytes(text.encode("utf-8"))
    notes = keynote.read_bytes()[keynote.read_bytes().index(b"Notes\r\n"):]
    programme = tmp_path / "oldconf.xml"
    programme.write_text(OLDCONF.read_text(encoding="utf-8").replace("THE CAFE KEYNOTE", "The Coffee Keynote"),
                         encoding="utf-8")
    status, out, err = run(site, str(programme), capsys=capsys)
    # A page with no identity and another title is not this talk (the talk gets a new page):
    assert "conferences/oldconf-2019/talks/keynote.rst: 'The Café Keynote' is not in the programme; kept" in out
    shutil.rmtree(site / "conferences" / "oldconf-2019" / "talks")
    shutil.copytree(TESTS / "roots" / "test-importer" / "conferences" / "oldconf-2019" / "talks",
                    site / "conferences" / "oldconf-2019" / "talks")
    keynote.write_bytes(text.encode("utf-8"))
    run(site, str(OLDCONF), capsys=capsys)  # found by its title: gains its identity
    status, out, err = run(site, str(programme), "--update", capsys=capsys)
    assert (status, err) == (0, [])
    data = keynote.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\n" not in data.replace(b"\r\n", b"")
    assert data.decode("utf-8").startswith("\ufeffThe Coffee Keynote\r\n==================\r\n")
    assert data.endswith(notes)
    build_without_warnings(site)
