"""The talk model: every declared field reaches every place that its declaration names.

The tests read the declarations (``eventnotes.records``), so a field added
there is checked here without a new test: a talk that gives every option, in
both markups, must give each value to the record, the talk block, the
conference's listing, ``schedule.json``, ``talks.json``, the talk page's
JSON-LD and the Atom feeds; the importer must write each field it takes from
a programme, and the reference page's table must list each option.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from html_text import article_text
from sphinx.testing.util import SphinxTestApp

from eventnotes.fields import SCHEDULE_JSON, SCHEDULE_XML, Field, Kind, fields_of
from eventnotes.importer import pages
from eventnotes.importer.model import ImportedConference, Link
from eventnotes.importer.schedule import read_json, read_xml
from eventnotes.records import ConferenceMetadata, TalkMetadata

TALK_FIELDS = fields_of(TalkMetadata)
ATOM = "{http://www.w3.org/2005/Atom}"

#: A value of each kind, as an author writes it, and as the record keeps it.
WRITTEN = {
    Kind.DAY: ("2020-05-02", "2020-05-02"),
    Kind.NAMES: ("Ada Lovelace, Grace Hopper", ("Ada Lovelace", "Grace Hopper")),
    Kind.TOPICS: ("python, packaging", ("python", "packaging")),
    Kind.URL: ("https://example.org/{option}", "https://example.org/{option}"),
    Kind.TEXT: ("The {option} here", "The {option} here"),
    Kind.LANGUAGE: ("it", "it"),
    Kind.TIME: ("9:30", "09:30"),
    Kind.DURATION: ("45", "0:45"),
}


def written(field: Field) -> str:
    return WRITTEN[field.kind][0].format(option=field.option)


def kept(field: Field) -> object:
    value = WRITTEN[field.kind][1]
    return value.format(option=field.option) if isinstance(value, str) else value


def talk_page(markup: str) -> str:
    if markup == "rst":
        options = "".join(f"   :{field.option}: {written(field)}\n" for field in TALK_FIELDS)
        return f"Every field\n===========\n\n.. talk::\n{options}\nNotes.\n"
    options = "".join(f":{field.option}: {written(field)}\n" for field in TALK_FIELDS)
    return f"# Every field\n\n```{{talk}}\n{options}```\n\nNotes.\n"


@pytest.fixture(scope="module", params=["rst", "myst"])
def built(request, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp(f"talk-model-{request.param}")
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "eventnotes"]\nnitpicky = True\n'
        'html_baseurl = "https://notes.example.org/"\nhtml_theme = "furo"\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Notes\n=====\n\n.. toctree::\n\n   conf/index\n", encoding="utf-8"
    )
    (srcdir / "conf").mkdir()
    (srcdir / "conf" / "index.rst").write_text(
        "A Conference\n============\n\n.. conference::\n   :start: 2020-05-01\n   :end: 2020-05-03\n"
        "   :time-zone: Europe/Rome\n\n.. toctree::\n   :glob:\n\n   talks/*\n",
        encoding="utf-8",
    )
    (srcdir / "conf" / "talks").mkdir()
    suffix = ".rst" if request.param == "rst" else ".md"
    (srcdir / "conf" / "talks" / f"every{suffix}").write_text(talk_page(request.param), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    try:
        app.build()
    finally:
        app.cleanup()  # unregister docutils' nodes before the next test's app; the results stay
    return app


def test_every_field_builds_without_a_warning(built):
    assert built.warning.getvalue() == ""


def test_the_record_keeps_every_field(built):
    (talk,) = built.env.domains["event"].all_talks()
    assert {field.attribute: getattr(talk, field.attribute) for field in TALK_FIELDS} == {
        field.attribute: kept(field) for field in TALK_FIELDS
    }


def test_the_talk_block_shows_every_field(built):
    block = article_text((built.outdir / "conf" / "talks" / "every.html").read_text(encoding="utf-8"))
    for field in TALK_FIELDS:
        if not field.shown_with and not field.hidden:
            assert str(field.plural_label or field.label) in block, field.option
    assert "The date-note here" in block
    assert "09:30–10:15 (45 minutes)" in block


def test_a_hidden_field_reaches_the_record_and_no_reader(built):
    hidden = [field for field in TALK_FIELDS if field.hidden]
    assert hidden
    page = (built.outdir / "conf" / "talks" / "every.html").read_text(encoding="utf-8")
    listing = (built.outdir / "conf" / "index.html").read_text(encoding="utf-8")
    schedule = (built.outdir / "conf" / "schedule.json").read_text(encoding="utf-8")
    talks = (built.outdir / "talks.json").read_text(encoding="utf-8")
    for field in hidden:
        assert not (field.listed or field.schedule_key or field.talks_key), field.option
        for output in (page, listing, schedule, talks):
            assert written(field) not in output and str(field.label) not in output, field.option


def test_the_listing_shows_the_listed_fields(built):
    listing = article_text((built.outdir / "conf" / "index.html").read_text(encoding="utf-8"))
    for field in TALK_FIELDS:
        if field.listed:
            # The talk has a start and a room: its day is a grid, whose column header names the
            # room (tests/test_grid.py); the other listed fields follow the speakers.
            shown = f"Time {kept(field)}" if field.option == "room" else f"· {kept(field)}"
            assert shown in listing, field.option


def test_the_exports_carry_every_declared_key(built):
    schedule = json.loads((built.outdir / "conf" / "schedule.json").read_text(encoding="utf-8"))
    (event,) = schedule["schedule"]["conference"]["days"][1]["rooms"]["The room here"]
    (entry,) = json.loads((built.outdir / "talks.json").read_text(encoding="utf-8"))["talks"]
    for field in TALK_FIELDS:
        value = kept(field)
        if field.schedule_key.startswith("links/"):
            assert {"url": value, "title": str(field.label), "type": field.schedule_key[6:]} in event["links"]
        elif field.schedule_key:
            assert event[field.schedule_key] == ("00:45" if field.kind is Kind.DURATION else value), field.option
        if field.talks_key:
            *parents, key = field.talks_key.split(".")
            holder = entry
            for parent in parents:
                holder = holder[parent]
            assert holder[key] == (list(value) if field.kind.repeats else value), field.option
    assert event["date"] == "2020-05-02T09:30:00+02:00"


def test_the_json_ld_carries_every_declared_key(built):
    page = BeautifulSoup((built.outdir / "conf" / "talks" / "every.html").read_text(encoding="utf-8"), "html.parser")
    (event,) = [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]
    declared = [field for field in TALK_FIELDS if field.jsonld_key]
    assert declared
    for field in declared:
        value = kept(field)
        assert event[field.jsonld_key] == (", ".join(value) if field.kind.repeats else value), field.option
    # The keys built from several fields: the day, the start and the duration at the conference's zone.
    assert (event["startDate"], event["endDate"]) == ("2020-05-02T09:30:00+02:00", "2020-05-02T10:15:00+02:00")


def test_the_feeds_carry_every_declared_element(built):
    feed = ET.parse(built.outdir / "feeds" / "index.atom").getroot()
    (entry,) = feed.findall(f"{ATOM}entry")
    declared = [field for field in TALK_FIELDS if field.atom_element]
    assert declared
    for field in declared:
        elements = entry.findall(f"{ATOM}{field.atom_element}")
        if field.kind is Kind.NAMES:
            assert [element.findtext(f"{ATOM}name") for element in elements] == list(kept(field)), field.option
        else:
            assert [element.get("term") for element in elements] == list(kept(field)), field.option


def test_the_reference_tables_list_every_option(make_app, tmp_path):
    (tmp_path / "conf.py").write_text('extensions = ["eventnotes"]\nhtml_theme = "furo"\n', encoding="utf-8")
    (tmp_path / "index.rst").write_text(
        "Reference\n=========\n\n.. eventnotes-options:: talk\n\n.. eventnotes-options:: conference\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=tmp_path)
    app.build()
    text = article_text((app.outdir / "index.html").read_text(encoding="utf-8"))
    for record in (TalkMetadata, ConferenceMetadata):
        for field in fields_of(record):
            assert field.option in text
            assert field.description.split("``")[0].strip() in text
    assert app.warning.getvalue() == ""


# -- the importer ------------------------------------------------------------------------


def test_the_page_writer_writes_every_imported_field_in_declared_order():
    conference = ImportedConference("C", "c", dt.date(2020, 5, 1), dt.date(2020, 5, 3), talks=[])
    talk = read_xml(_xml_with_every_source(), "every.xml").talks[0]
    talk.links = [Link(kept(field), field.option) for field in TALK_FIELDS if field.kind is Kind.URL]
    talk.tags = ["python", "packaging"]
    talk.language = "it"
    options = pages.talk_options(talk, pages.date_note(talk, conference))
    imported = [field.option for field in TALK_FIELDS if field.imported]
    assert [name for name, _ in options] == imported
    values = dict(options)
    for field in TALK_FIELDS:
        if field.imported and field.kind in {Kind.TEXT, Kind.URL, Kind.TIME, Kind.DURATION}:
            assert values[field.option] == kept(field), field.option


def _xml_with_every_source() -> bytes:
    texts = "".join(
        f"<{key}>{kept(field)}</{key}>" for field in TALK_FIELDS if (key := field.sources.get(SCHEDULE_XML))
    )
    return (
        "<schedule><conference><title>C</title><acronym>c</acronym><start>2020-05-01</start>"
        "<end>2020-05-03</end><time_zone_name>Europe/Rome</time_zone_name></conference>"
        '<day date="2020-05-02"><room name="Other"><event id="1">'
        "<date>2020-05-02T09:30:00+02:00</date><duration>00:45</duration>"
        "<title>Every field</title><persons><person>Ada Lovelace</person><person>Grace Hopper</person></persons>"
        f"{texts}</event></room></day></schedule>"
    ).encode()


def test_the_readers_take_every_declared_text_field():
    xml = read_xml(_xml_with_every_source(), "every.xml").talks[0]
    event = {
        "guid": "1", "title": "Every field", "date": "2020-05-02T09:30:00+02:00", "duration": "00:45",
        "persons": [{"name": "Ada Lovelace"}],
        **{key: kept(field) for field in TALK_FIELDS if (key := field.sources.get(SCHEDULE_JSON))},
    }
    document = {"schedule": {"conference": {
        "title": "C", "acronym": "c", "start": "2020-05-01", "end": "2020-05-03",
        "days": [{"date": "2020-05-02", "rooms": {"Other": [event]}}],
    }}}
    from_json = read_json(json.dumps(document).encode(), "every.json").talks[0]
    declared = {field.option: kept(field) for field in TALK_FIELDS if field.sources}
    assert xml.texts == declared
    assert from_json.texts == declared
