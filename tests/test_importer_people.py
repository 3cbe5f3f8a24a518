"""People as the programme knows them (person ids), and what an import reports about its source.

Small programmes are written by each test; each is imported into a copy of
``tests/roots/test-importer`` and built with warnings as errors.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import build_without_warnings
from importer_site import run, site  # noqa: F401 (site: a fixture)





def event(number: int, title: str, persons: str, date: str = "2024-05-04T10:00:00+02:00", abstract: str = "") -> str:
    return f"""
      <event id="{number}" guid="00000000-0000-4000-8000-{number:012d}">
        <room>Hall</room>
        <title>{title}</title>
        <date>{date}</date>
        <start>{date[11:16]}</start>
        <duration>00:30</duration>
        <abstract>{abstract}</abstract>
        <persons>{persons}</persons>
      </event>"""


def programme(tmp_path: Path, *events: str, zone: str = "Europe/Berlin", start: str = "2024-05-04",
              end: str = "2024-05-05") -> Path:
    path = tmp_path / "people.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<schedule>
  <conference>
    <title>People Conf</title>
    <acronym>people-2024</acronym>
    <start>{start}</start>
    <end>{end}</end>
    <time_zone_name>{zone}</time_zone_name>
  </conference>
  <day index="1" date="2024-05-04">
    <room name="Hall">{"".join(events)}
    </room>
  </day>
</schedule>
""",
        encoding="utf-8",
    )
    return path


# -- people --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_two_people_whose_names_differ_by_case_build_without_a_warning(site, tmp_path, capsys, fmt):
    source = programme(
        tmp_path,
        event(1, "Loud talk", '<person id="1">Mo</person>'),
        event(2, "Quiet talk", '<person id="2">mo</person>'),
        event(3, "Loud again", '<person id="1">Mo</person>', date="2024-05-04T11:00:00+02:00"),
    )
    status, out, err = run(site, str(source), "--format", fmt, capsys=capsys)
    suffix = ".md" if fmt == "myst" else ".rst"
    assert status == 0
    assert f"wrote people/mo{suffix}" in out
    assert err == [
        f"note: people/mo{suffix}: the programme names 'Mo' and 'mo' as different people (different person ids); "
        "a profile says so (':distinct-from:')"
    ]
    profile = (site / "people" / f"mo{suffix}").read_text(encoding="utf-8")
    assert "distinct-from: mo\n" in profile
    app = build_without_warnings(site)  # no eventnotes.speaker-variant warning
    domain = app.env.domains["event"]
    assert {"Mo", "mo"} <= {speaker.name for speaker in domain.speakers()}
    assert len(domain.speaker("Mo").talks) == 2 and len(domain.speaker("mo").talks) == 1
    assert domain.speaker("Mo").page == "people/mo"
    # Running it again writes nothing and tells nothing.
    assert run(site, str(source), "--format", fmt, capsys=capsys) == (0, ["nothing to write"], [])


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_one_person_under_two_spellings_is_one_speaker(site, tmp_path, capsys, caplog, fmt):
    source = programme(
        tmp_path,
        event(1, "First", '<person id="7">Jo Bloggs</person>'),
        event(2, "Second", '<person id="7">Joanna Bloggs</person>'),
        event(3, "Third", '<person id="7">Joanna Bloggs</person><person id="8">Al Other</person>',
              date="2024-05-04T11:00:00+02:00"),
    )
    status, out, err = run(site, str(source), "--format", fmt, capsys=capsys)
    suffix = ".md" if fmt == "myst" else ".rst"
    assert (status, err) == (0, [
        f"note: people/joanna-bloggs{suffix}: the programme writes 'Joanna Bloggs' also as 'Jo Bloggs' "
        "(one person id); a profile says so (':aliases:')"
    ])
    assert caplog.messages == [
        f"{source}: event 1: person 7 is also written 'Jo Bloggs'; "
        "wrote 'Joanna Bloggs' everywhere (the most used spelling)"
    ]
    first = (site / "conferences" / "people-2024" / "talks" / f"first{suffix}").read_text(encoding="utf-8")
    assert ":speaker: Joanna Bloggs\n" in first
    profile = (site / "people" / f"joanna-bloggs{suffix}").read_text(encoding="utf-8")
    assert ":aliases: Jo Bloggs\n" in profile
    app = build_without_warnings(site)
    domain = app.env.domains["event"]
    names = {speaker.name for speaker in domain.speakers()}
    assert {"Al Other", "Joanna Bloggs"} <= names and "Jo Bloggs" not in names
    assert domain.speaker("Jo Bloggs") is domain.speaker("Joanna Bloggs")


def test_a_profile_that_lacks_a_spelling_of_its_person_gets_a_note(site, tmp_path, capsys):
    (site / "jo.rst").write_text(":orphan:\n\nJoanna Bloggs\n=============\n\n.. speaker:: Joanna Bloggs\n",
                                 encoding="utf-8")
    source = programme(
        tmp_path,
        event(1, "First", '<person id="7">Joanna Bloggs</person>'),
        event(2, "Second", '<person id="7">Joanna Bloggs</person>'),
        event(3, "Third", '<person id="7">Jo Bloggs</person>'),
    )
    status, out, err = run(site, str(source), "--dry-run", capsys=capsys)
    assert status == 0 and not any("people/" in line for line in out)
    assert err == [
        "note: jo.rst: the programme also writes 'Joanna Bloggs' as 'Jo Bloggs' (one person id); "
        "add ':aliases: Jo Bloggs' to this profile of 'Joanna Bloggs'",
    ]


def test_a_profile_on_the_site_is_not_written_again(site, tmp_path, capsys):
    (site / "mo.rst").write_text(":orphan:\n\nMo\n==\n\n.. speaker:: Mo\n", encoding="utf-8")
    source = programme(
        tmp_path,
        event(1, "Loud talk", '<person id="1">Mo</person>'),
        event(2, "Quiet talk", '<person id="2">mo</person>'),
    )
    status, out, err = run(site, str(source), "--dry-run", capsys=capsys)
    assert status == 0 and not any("people/" in line for line in out)
    assert err == [
        "note: mo.rst: the programme names 'Mo' and 'mo' as different people; "
        "add ':distinct-from: mo' to this profile of 'Mo'",
        # Until then, the build warns as for any two spellings.
        "note: conferences/people-2024/talks/quiet-talk.md: the speaker 'mo' differs from 'Mo' "
        "(conferences/people-2024/talks/loud-talk.md) only by case, accents, punctuation or spacing; "
        "if they are one person, add a profile: 'speaker:: Mo' with ':aliases: mo'",
    ]


# -- contradictions in the source, reported with what was chosen ---------------------------------


def test_a_time_zone_name_against_the_times_offsets(site, tmp_path, capsys, caplog):
    # pretalx's demo conference names the zone "UTC" and writes its times at +01:00.
    source = programme(
        tmp_path,
        event(1, "Morning", '<person id="1">Ann</person>', date="2024-05-04T09:00:00+01:00"),
        event(2, "Written in UTC", '<person id="2">Bo</person>', date="2024-05-04T10:00:00Z"),
        zone="UTC",
    )
    status, out, err = run(site, str(source), capsys=capsys)
    assert (status, err) == (0, [])
    assert caplog.messages == [
        f"{source}: time zone 'UTC' but times at +01:00; used the times' own offset +01:00 (Etc/GMT-1)"
    ]
    folder = site / "conferences" / "people-2024"
    assert ":start: 09:00\n" in (folder / "talks" / "morning.md").read_text(encoding="utf-8")
    assert ":start: 11:00\n" in (folder / "talks" / "written-in-utc.md").read_text(encoding="utf-8")
    assert ":time-zone: Etc/GMT-1\n" in (folder / "index.md").read_text(encoding="utf-8")
    build_without_warnings(site)


def test_times_at_several_offsets_against_the_zone_keep_their_own(site, tmp_path, capsys, caplog):
    source = programme(
        tmp_path,
        event(1, "Morning", '<person id="1">Ann</person>', date="2024-05-04T09:00:00+01:00"),
        event(2, "Later", '<person id="2">Bo</person>', date="2024-05-04T12:00:00+05:30"),
        zone="UTC",
    )
    assert run(site, str(source), capsys=capsys)[0] == 0
    assert caplog.messages == [
        f"{source}: time zone 'UTC' but times at +01:00, +05:30; used each time's own offset, and wrote no time zone"
    ]
    folder = site / "conferences" / "people-2024"
    assert ":start: 12:00\n" in (folder / "talks" / "later.md").read_text(encoding="utf-8")
    assert "time-zone" not in (folder / "index.md").read_text(encoding="utf-8")


def test_times_that_agree_with_the_zone_are_not_reported(site, tmp_path, capsys, caplog):
    source = programme(
        tmp_path,
        event(1, "Morning", '<person id="1">Ann</person>', date="2024-05-04T09:00:00+02:00"),
        event(2, "In UTC", '<person id="2">Bo</person>', date="2024-05-04T10:00:00+00:00"),
    )
    assert run(site, str(source), capsys=capsys)[0] == 0
    assert caplog.messages == []


def test_an_end_before_the_start_and_a_talk_outside_the_days_are_reported(site, tmp_path, capsys, caplog):
    source = programme(
        tmp_path,
        event(1, "First", '<person id="1">Ann</person>', date="2024-05-04T09:00:00+02:00"),
        event(2, "Last", '<person id="2">Bo</person>', date="2024-05-06T09:00:00+02:00"),
        start="2024-05-05", end="2024-05-04",
    )
    assert run(site, str(source), capsys=capsys)[0] == 0
    assert caplog.messages == [
        f"{source}: the conference ends on 2024-05-04, before it starts on 2024-05-05; "
        "used 2024-05-04 to 2024-05-06 (the days of its talks)"
    ]
    index = (site / "conferences" / "people-2024" / "index.md").read_text(encoding="utf-8")
    assert ":start: 2024-05-04\n:end: 2024-05-06\n" in index
    caplog.clear()
    outside = programme(
        tmp_path,
        event(1, "Eve", '<person id="1">Ann</person>', date="2024-05-03T20:00:00+02:00"),
        event(2, "Day", '<person id="2">Bo</person>'),
    )
    shutil.rmtree(site / "conferences" / "people-2024")  # imported afresh
    assert run(site, str(outside), capsys=capsys)[0] == 0
    assert caplog.messages == [
        f"{outside}: event 1: 'Eve' is on 2024-05-03, before the conference's first day (2024-05-04); "
        "kept, with a :date-note:"
    ]
    build_without_warnings(site)


# -- abstracts, checked where they are placed -----------------------------------------------------

RULES = {
    "markdown": "Before the rule.\n\n---\n\nAfter it.\n\n* * *\n\nAnd\n\n___\n\nend.",
    "rst": "- - - -\n\nBefore the rule.\n\n----\n\nAfter it.",
    "html": "<p>Before</p><hr><p>after</p><hr/>",
}


@pytest.mark.parametrize("fmt", ["myst", "rst"])
@pytest.mark.parametrize("markup", sorted(RULES))
def test_horizontal_rules_never_reach_a_talk_directive(fmt, markup):
    from eventnotes.importer import markup as markup_module
    from eventnotes.importer.model import Text

    content, problem = markup_module.to_page(Text(RULES[markup], markup), fmt)
    assert problem == ""
    assert markup_module.nested_problems(content, fmt) == []
    assert "Before" in content and ("after" in content.lower())


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_the_check_inside_a_directive_finds_transitions_and_titles(fmt):
    from eventnotes.importer import markup

    rule = "a\n\n---\n\nb" if fmt == "myst" else "a\n\n----\n\nb"
    assert markup.nested_problems(rule, fmt)
    if fmt == "rst":
        assert markup.nested_problems("Title\n=====\n\nb", fmt)
    assert markup.nested_problems("a\n\nb", fmt) == []


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_content_with_a_problem_inside_the_directive_becomes_quoted_text(fmt, monkeypatch):
    from eventnotes.importer import markup
    from eventnotes.importer.model import Text

    real = markup.nested_problems
    calls = []

    def first_fails(content, fmt):
        calls.append(content)
        return ["a transition"] if len(calls) == 1 else real(content, fmt)

    monkeypatch.setattr(markup, "nested_problems", first_fails)
    content, problem = markup.to_page(Text("Some *text*", "markdown"), fmt)
    assert problem == "a transition; written as quoted plain text"
    assert content == ("> Some \\*text\\*" if fmt == "myst" else "..\n\n   Some \\*text\\*")


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_a_programme_with_rules_in_its_abstracts_builds(site, tmp_path, capsys, fmt):
    source = programme(
        tmp_path,
        event(1, "Ruled", '<person id="1">Ann</person>', abstract="Intro\n\n---\n\nMore\n\n- - - -\n\n***"),
        event(2, "Lists", '<person id="2">Bo</person>', abstract="Text\n+++++\n\nEnd\n\n-\n-\n"),
    )
    assert run(site, str(source), "--format", fmt, capsys=capsys)[0] == 0
    build_without_warnings(site)
