"""Open data: a talk's start, duration and room; schedule.json per conference; talks.json.

The test root ``test-opendata`` has an RST conference with a time zone
(EuroPython) and a MyST one without (PyCon Italia): timed talks, a talk with
no time, one with bad values, one with a duration alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from sphinx.util.console import strip_colors
from conftest import TESTS
from html_text import article_text

from eventnotes.fields import fields_of
from eventnotes.importer.__main__ import main as import_main
from eventnotes.records import TalkMetadata

BASE_URL = "https://notes.example.org/"
SCHEDULE_SCHEMA = json.loads((TESTS / "data" / "schedules" / "schedule.schema.json").read_text(encoding="utf-8"))
TALKS_SCHEMA = json.loads((TESTS / "schemas" / "talks.schema.json").read_text(encoding="utf-8"))
CONFERENCES = ("europython", "pyconit")
#: What the round trip compares: the title and every field of a talk that the importer takes.
# A talk's identity in the programme it came from (hidden) is the export's, not the talk's.
METADATA = ("title", *(field.attribute for field in fields_of(TalkMetadata) if field.imported and not field.hidden))

@pytest.fixture
def opendata_html(shared_build):
    """The test root built once, for the tests that only read it."""
    return shared_build("opendata")


@pytest.fixture
def opendata_dirhtml(shared_build):
    return shared_build("opendata", "dirhtml")


def page_text(path: Path) -> str:
    return article_text(path.read_text(encoding="utf-8"))


def build(make_app, srcdir: Path, buildername: str = "html", **kwargs):
    app = make_app(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def copy_root(rootdir: Path, tmp_path: Path, name: str) -> Path:
    srcdir = tmp_path / name
    shutil.copytree(rootdir / "test-opendata", srcdir)
    return srcdir


def exports(outdir: Path) -> dict[str, str]:
    """Every schedule.json and talks.json of a build, by path."""
    return {
        path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted([*outdir.rglob("schedule.json"), outdir / "talks.json"])
    }


def assert_valid_schedule(document: dict) -> None:
    validator = jsonschema.Draft6Validator(SCHEDULE_SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []


def assert_valid_talks(document: dict) -> None:
    validator = jsonschema.Draft202012Validator(TALKS_SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []


def talks_of(app) -> dict[str, object]:
    return {talk.docname: talk for talk in app.env.domains["event"].all_talks()}


def events_of(schedule: dict) -> dict[str, dict]:
    return {
        event["title"]: event
        for day in schedule["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    }


# -- the talk options -------------------------------------------------------------------------


def test_options_in_rst_and_myst_are_read_in_one_spelling(opendata_html):
    app = opendata_html
    talks = talks_of(app)
    got = {docname: (talk.start, talk.duration, talk.room) for docname, talk in talks.items()}
    assert got == {
        "europython/talks/keynote": ("09:00", "0:45", "Main Hall"),  # RST, 9:00 written
        "europython/talks/asyncio": ("11:30", "0:30", 'Room 2, "Spectrum"'),  # minutes: 30
        "europython/talks/untimed": ("", "", ""),
        "europython/talks/badtime": ("", "", "Cellar"),  # bad values are not kept as values
        "pyconit/talks/pandas": ("14:30", "1:30", "Sala Lorenzo"),  # MyST, unquoted 14:30
        "pyconit/talks/duration-only": ("", "1:00", ""),  # MyST, minutes: 60
    }
    assert app.env.domains["event"].conferences()[0].time_zone == "Europe/Zurich"


def test_bad_values_warn_once_located_and_are_shown_as_written(opendata_html):
    app = opendata_html
    warnings = strip_colors(app._warning.getvalue()).replace(str(app.srcdir) + "/", "").splitlines()
    assert [line for line in warnings if "invalid-" in line] == [
        "europython/talks/badtime.rst:6: WARNING: ':start: 25:00' is not a time of day; write it as HH:MM "
        "(24 hours, the conference's local time), e.g. 14:30 [eventnotes.invalid-time]",
        "europython/talks/badtime.rst:7: WARNING: ':duration: forty minutes' is not a duration; write hours "
        "and minutes as H:MM, e.g. 0:45, or a number of minutes, e.g. 45 [eventnotes.invalid-duration]",
    ]
    assert len(warnings) == 2
    text = page_text(app.outdir / "europython" / "talks" / "badtime.html")
    assert "Time: 25:00 (forty minutes)" in text
    assert "Room: Cellar" in text


def test_a_bad_time_zone_warns_located(make_app, rootdir, tmp_path):
    srcdir = copy_root(rootdir, tmp_path, "zone")
    index = srcdir / "europython" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("Europe/Zurich", "Europe/Nowhere"), encoding="utf-8")
    app = build(make_app, srcdir)
    warnings = strip_colors(app._warning.getvalue()).replace(str(srcdir) + "/", "")
    assert (
        "europython/index.rst:10: WARNING: ':time-zone: Europe/Nowhere' is not a time zone name; write one of the "
        "IANA database, e.g. Europe/Berlin [eventnotes.invalid-time-zone]"
    ) in warnings
    assert "Time zone: Europe/Nowhere" in page_text(app.outdir / "europython" / "index.html")
    schedule = json.loads((app.outdir / "europython" / "schedule.json").read_text(encoding="utf-8"))
    assert "time_zone_name" not in schedule["schedule"]["conference"]


def test_the_talk_block_shows_time_and_room(opendata_html):
    app = opendata_html
    keynote = page_text(app.outdir / "europython" / "talks" / "keynote.html")
    assert "Time: 09:00–09:45 (45 minutes)" in keynote
    assert "Room: Main Hall" in keynote
    pandas = page_text(app.outdir / "pyconit" / "talks" / "pandas.html")
    assert "Time: 14:30–16:00 (1 hour 30 minutes)" in pandas
    untimed = page_text(app.outdir / "europython" / "talks" / "untimed.html")
    assert "Time:" not in untimed and "Room:" not in untimed


def test_the_listing_shows_time_and_room_in_programme_order(opendata_html):
    app = opendata_html
    text = page_text(app.outdir / "europython" / "index.html")
    listing = text[text.index("Talks") :]
    # The first day has rooms and times: a grid, whose columns name the rooms (tests/test_grid.py).
    assert listing.index("09:00–09:45 Keynote: the state of Python — Ada Lovelace, Grace Hopper · keynote") < (
        listing.index("11:30–12:00 Asyncio in practice — Łukasz Langa")
    )
    assert 'Main Hall Room 2, "Spectrum"' in listing
    # A day without a valid time is a list, with the room.
    assert "Bad times — Grace Hopper · Cellar" in listing
    assert "11 July 2019 A talk the programme gave no time for — Ada Lovelace Friday" in listing
    assert "Lightning talks · 1 hour" in page_text(app.outdir / "pyconit" / "index.html")


def test_talks_are_listed_by_start_time_within_a_day(make_app, rootdir, tmp_path):
    srcdir = copy_root(rootdir, tmp_path, "order")
    # "asyncio" files before "keynote"; once it starts first, it is listed first.
    page = srcdir / "europython" / "talks" / "asyncio.rst"
    page.write_text(page.read_text(encoding="utf-8").replace(":start: 11:30", ":start: 8:00"), encoding="utf-8")
    app = build(make_app, srcdir)
    text = page_text(app.outdir / "europython" / "index.html")
    assert text.index("08:00–08:30 Asyncio") < text.index("09:00–09:45 Keynote")


# -- schedule.json ----------------------------------------------------------------------------


def test_every_schedule_validates_against_the_frab_schema(opendata_html):
    app = opendata_html
    for conference in CONFERENCES:
        assert_valid_schedule(json.loads((app.outdir / conference / "schedule.json").read_text(encoding="utf-8")))


def test_schedule_carries_the_talks_and_marks_placeholders(opendata_html):
    app = opendata_html
    schedule = json.loads((app.outdir / "europython" / "schedule.json").read_text(encoding="utf-8"))
    conference = schedule["schedule"]["conference"]
    assert (conference["acronym"], conference["start"], conference["end"], conference["daysCount"]) == (
        "europython", "2019-07-10", "2019-07-12", 3,
    )
    assert conference["time_zone_name"] == "Europe/Zurich"
    assert [day["date"] for day in conference["days"]] == ["2019-07-10", "2019-07-11", "2019-07-12"]
    events = events_of(schedule)
    keynote = events["Keynote: the state of Python"]
    assert {key: keynote[key] for key in ("date", "start", "duration", "room", "type", "url", "track", "language")} == {
        "date": "2019-07-10T09:00:00+02:00",  # Zurich in summer
        "start": "09:00",
        "duration": "00:45",
        "room": "Main Hall",
        "type": "keynote",
        "url": f"{BASE_URL}europython/talks/keynote.html",
        "track": "Python",
        "language": "en",
    }
    assert keynote["persons"][0] == {
        "name": "Ada Lovelace",
        "guid": keynote["persons"][0]["guid"],
        "url": f"{BASE_URL}speakers/ada-lovelace.html",
    }
    assert [(link["type"], link["url"]) for link in keynote["links"]] == [
        ("slides", "https://example.org/slides/keynote.pdf"), ("media", "https://video.example.org/keynote"),
    ]
    untimed = events["A talk the programme gave no time for"]
    assert (untimed["date"], untimed["start"], untimed["duration"], untimed["room"]) == (
        "2019-07-11T00:00:00+02:00", "00:00", "00:00", "",
    )
    extra = conference["meta"]["eventnotes"]["events"]
    assert extra[untimed["guid"]]["placeholders"] == ["start", "duration", "room", "type"]
    assert extra[keynote["guid"]] == {"tags": ["Python", "Community"], "details": None, "placeholders": []}
    assert [room["name"] for room in conference["rooms"]] == ["Main Hall", 'Room 2, "Spectrum"', "Cellar"]


def test_without_a_time_zone_times_carry_the_placeholder_offset(opendata_html):
    app = opendata_html
    schedule = json.loads((app.outdir / "pyconit" / "schedule.json").read_text(encoding="utf-8"))
    conference = schedule["schedule"]["conference"]
    assert "time_zone_name" not in conference
    assert conference["meta"]["eventnotes"]["time_zone"] is None
    assert events_of(schedule)["Pandas per tutti"]["date"] == "2018-04-20T14:30:00+00:00"
    assert conference["acronym"] == "pyconit"


def test_guids_and_ids_are_unique_and_do_not_depend_on_titles(opendata_html, make_app, rootdir, tmp_path):
    app = opendata_html
    schedule = json.loads((app.outdir / "europython" / "schedule.json").read_text(encoding="utf-8"))
    events = events_of(schedule).values()
    assert len({event["guid"] for event in events}) == len({event["id"] for event in events}) == len(events) == 4

    srcdir = copy_root(rootdir, tmp_path, "retitled")
    page = srcdir / "europython" / "talks" / "keynote.rst"
    page.write_text(page.read_text(encoding="utf-8").replace("Keynote: the state of Python", "Opening keynote"),
                    encoding="utf-8")
    retitled = build(make_app, srcdir)
    again = json.loads((retitled.outdir / "europython" / "schedule.json").read_text(encoding="utf-8"))
    assert events_of(again)["Opening keynote"]["guid"] == events_of(schedule)["Keynote: the state of Python"]["guid"]


def test_the_conference_page_links_its_schedule(opendata_html):
    app = opendata_html
    html = (app.outdir / "europython" / "index.html").read_text(encoding="utf-8")
    assert 'href="schedule.json"' in html
    assert "Programme data" in page_text(app.outdir / "europython" / "index.html")


def test_dirhtml_writes_the_same_files_with_its_urls(opendata_dirhtml):
    app = opendata_dirhtml
    schedule = json.loads((app.outdir / "europython" / "schedule.json").read_text(encoding="utf-8"))
    assert_valid_schedule(schedule)
    assert events_of(schedule)["Keynote: the state of Python"]["url"] == f"{BASE_URL}europython/talks/keynote/"
    html = (app.outdir / "europython" / "index.html").read_text(encoding="utf-8")
    assert 'href="schedule.json"' in html  # europython/index.html is the page of europython/
    talks = json.loads((app.outdir / "talks.json").read_text(encoding="utf-8"))
    assert_valid_talks(talks)
    assert talks["talks"][0]["links"]["page"].endswith("/")


# -- talks.json ---------------------------------------------------------------------------------


def test_talks_json_validates_and_lists_every_talk(opendata_html):
    app = opendata_html
    talks = json.loads((app.outdir / "talks.json").read_text(encoding="utf-8"))
    assert_valid_talks(talks)
    assert [talk["docname"] for talk in talks["talks"]] == [
        "pyconit/talks/pandas", "pyconit/talks/duration-only", "europython/talks/keynote",
        "europython/talks/asyncio", "europython/talks/untimed", "europython/talks/badtime",
    ]
    pandas = talks["talks"][0]
    assert pandas == {
        "docname": "pyconit/talks/pandas",
        "guid": pandas["guid"],
        "title": "Pandas per tutti",
        "date": "2018-04-20",
        "start": "14:30",
        "duration": "1:30",
        "room": "Sala Lorenzo",
        "type": None,
        "speakers": [{"name": "Grace Hopper", "url": f"{BASE_URL}speakers/grace-hopper.html"}],
        "links": {
            "page": f"{BASE_URL}pyconit/talks/pandas.html",
            "slides": None,
            "video": "https://video.example.org/pandas",
            "details": None,
        },
        "tags": ["data", "Python"],
        "topics": [
            {"name": "data", "url": f"{BASE_URL}topics/data.html"},
            {"name": "Python", "url": f"{BASE_URL}topics/python.html"},
        ],
        "language": "it",
        "conference": {
            "title": "PyCon Italia 2018",
            "url": f"{BASE_URL}pyconit/index.html",
            "schedule": f"{BASE_URL}pyconit/schedule.json",
        },
    }
    # Every URL it names is a page of the build.
    for talk in talks["talks"]:
        for url in [talk["links"]["page"], *(s["url"] for s in talk["speakers"]), *(t["url"] for t in talk["topics"]),
                    talk["conference"]["url"], talk["conference"]["schedule"]]:
            assert (app.outdir / url.removeprefix(BASE_URL).split("#")[0]).is_file(), url
    # Schedules and the index agree on each talk's identifier.
    schedule = json.loads((app.outdir / "pyconit" / "schedule.json").read_text(encoding="utf-8"))
    assert events_of(schedule)["Pandas per tutti"]["guid"] == pandas["guid"]


def test_the_exports_need_a_base_url_and_say_so_once(make_app, rootdir, tmp_path):
    app = build(make_app, copy_root(rootdir, tmp_path, "nobase"), confoverrides={"html_baseurl": ""})
    assert not (app.outdir / "talks.json").exists()
    assert not list(app.outdir.rglob("schedule.json"))
    assert "href=\"schedule.json\"" not in (app.outdir / "europython" / "index.html").read_text(encoding="utf-8")
    assert app._status.getvalue().count("html_baseurl is not set, so there are no Atom feeds, no schedule.json or talks.json") == 1
    assert "html_baseurl" not in app._warning.getvalue()


@pytest.mark.parametrize("buildername", ["singlehtml", "epub"])
def test_other_builders_export_nothing(make_app, rootdir, tmp_path, buildername):
    app = build(make_app, copy_root(rootdir, tmp_path, buildername), buildername)
    assert not (app.outdir / "talks.json").exists()
    assert not list(app.outdir.rglob("schedule.json"))


# -- builds --------------------------------------------------------------------------------------


def test_parallel_exports_equal_serial(make_app, rootdir, tmp_path):
    serial = build(make_app, copy_root(rootdir, tmp_path, "serial"))
    parallel = build(make_app, copy_root(rootdir, tmp_path, "parallel"), parallel=2)
    assert exports(parallel.outdir) == exports(serial.outdir)
    assert len(exports(serial.outdir)) == 3


def retitle(srcdir: Path) -> None:
    page = srcdir / "europython" / "talks" / "asyncio.rst"
    page.write_text(page.read_text(encoding="utf-8").replace("Asyncio in practice\n===================",
                                                           "Asyncio, in practice\n===================="),
                    encoding="utf-8")


def retag(srcdir: Path) -> None:
    page = srcdir / "pyconit" / "talks" / "pandas.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":tags: data, Python", ":tags: Data science"),
                    encoding="utf-8")


def retime(srcdir: Path) -> None:
    page = srcdir / "europython" / "talks" / "untimed.rst"
    page.write_text(page.read_text(encoding="utf-8").replace("   :speaker:", "   :start: 10:00\n   :room: Main Hall\n   :speaker:"),
                    encoding="utf-8")


@pytest.mark.parametrize("edit", [retitle, retag, retime])
def test_incremental_exports_equal_a_fresh_build(make_app, built_once, tmp_path, edit):
    srcdir = built_once("opendata")
    before = exports(srcdir / "_build" / "html")
    edit(srcdir)
    incremental = build(make_app, srcdir)
    fresh_src = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src)
    assert exports(incremental.outdir) == exports(fresh.outdir)
    assert exports(incremental.outdir) != before


# -- the round trip ------------------------------------------------------------------------------


EMPTY_SITE_CONF = 'extensions = ["myst_parser", "eventnotes"]\nmyst_enable_extensions = ["colon_fence"]\n' \
    'html_theme = "furo"\nexclude_patterns = ["_build"]\n'
EMPTY_SITE_INDEX = "Notes\n=====\n\n.. conferences::\n\n.. toctree::\n   :caption: Conferences\n   :hidden:\n"


def metadata(app, folder: str) -> list[tuple]:
    talks = [talk for talk in app.env.domains["event"].all_talks() if talk.docname.startswith(f"{folder}/")]
    return sorted(tuple(getattr(talk, name) for name in METADATA) for talk in talks)


@pytest.mark.parametrize(("conference", "fmt"), [("europython", "rst"), ("pyconit", "myst"), ("europython", "myst")])
def test_an_exported_schedule_imports_to_the_same_talks(make_app, rootdir, tmp_path, capsys, conference, fmt):
    original = build(make_app, copy_root(rootdir, tmp_path, "original"))
    exported = original.outdir / conference / "schedule.json"

    site = tmp_path / "empty"
    site.mkdir()
    (site / "conf.py").write_text(EMPTY_SITE_CONF, encoding="utf-8")
    (site / "index.rst").write_text(EMPTY_SITE_INDEX, encoding="utf-8")
    status = import_main([str(exported), "--project", str(site), "--dest", f"conferences/{conference}",
                          "--format", fmt, "--quiet"])
    assert status == 0, capsys.readouterr().err
    imported = build(make_app, site)
    assert imported._warning.getvalue() == ""

    assert metadata(imported, f"conferences/{conference}") == metadata(original, conference)
    assert len(metadata(original, conference)) >= 2
    [before] = [c for c in original.env.domains["event"].conferences() if c.folder == conference]
    [after] = imported.env.domains["event"].conferences()
    assert (after.title, after.start, after.end, after.site, after.time_zone) == (
        before.title, before.start, before.end, before.site, before.time_zone,
    )
