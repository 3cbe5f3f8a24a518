"""pyvideo's archive read into imported conferences (sample in tests/data/pyvideo-sample)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tarfile
import time
from pathlib import Path

import pytest

from eventnotes.importer.languages import source_language
from eventnotes.importer.model import Link, SourceError
from eventnotes.importer.pyvideo import (
    description_markup,
    is_pyvideo_checkout,
    is_pyvideo_event,
    link_kind,
    read_checkout,
    read_event,
)

SAMPLE = Path(__file__).parent / "data" / "pyvideo-sample"
#: The whole archive, in the workplace's shared folder beside the checkout.
ARCHIVE = Path(os.environ.get(
    "EVENTNOTES_PYVIDEO_ARCHIVE", Path(__file__).parents[2] / "shared" / "data" / "pyvideo-data.tar.xz"))
UNDATED = "pycascades-2019/videos/josh-weissbock-distributed-web-scraping-in-python.json"


def talk(conference, slug):
    (found,) = [talk for talk in conference.talks if talk.slug == slug]
    return found


@pytest.mark.parametrize(
    ("path", "event", "checkout"),
    [(SAMPLE, False, True), (SAMPLE / "pycon-hk-2018", True, False),
     (SAMPLE / "pycon-hk-2018" / "videos", False, False), (Path(__file__).parent, False, False)],
)
def test_detects_events_and_checkouts(path, event, checkout):
    assert is_pyvideo_event(path) is event
    assert is_pyvideo_checkout(path) is checkout


def test_event():
    conference = read_event(SAMPLE / "pyday-galicia-2016")
    assert (conference.title, conference.slug) == ("PyDay Galicia 2016", "pyday-galicia-2016")
    assert (conference.start, conference.end) == (dt.date(2016, 9, 17), dt.date(2016, 9, 17))
    assert conference.source == "pyvideo.org archive, pyday-galicia-2016"
    assert conference.licence == "CC0 1.0"
    assert (conference.venue, conference.location) == ("", "")
    assert conference.description.markup == "rst"
    assert conference.description.body.startswith("El PyDay es un evento organizado")
    assert len(conference.talks) == 5


def test_event_dates_span_its_recordings():
    conference = read_event(SAMPLE / "pycon-hk-2018")
    assert (conference.start, conference.end) == (dt.date(2018, 11, 23), dt.date(2018, 11, 23))
    assert conference.description is None


def test_talk():
    item = talk(read_event(SAMPLE / "pyday-galicia-2016"), "calling-to-the-future-eloy-coto-pyday-galicia")
    assert item.title == "Calling to the future"
    assert item.date == dt.date(2016, 9, 17)
    assert item.speakers == ["Eloy Coto Pereiro"]
    assert item.language == "gl"
    assert item.tags == ["pyday", "aws lambda", "serverless"]
    assert item.links == [
        Link("https://www.youtube.com/watch?v=XN98drGum7s", "video", "youtube"),
        Link("https://speakerdeck.com/eloycoto/calling-to-the-future", "slides", ""),
    ]
    assert item.abstract.markup == "text"
    assert "*serverless*" in item.abstract.body
    assert item.where == "pyday-galicia-2016/videos/calling-to-the-future-eloy-coto-pyday-galicia.json"


@pytest.mark.parametrize(
    ("event", "slug", "speakers"),
    [
        ("pygotham-2011", "pygotham-2011-real-time-web-gevent-and-socketi", ["Richard D. Copeland, Jr."]),
        ("pycon-hk-2018", "heterogeneous-job-processing-with-apache-kafka-pyconhk-2018", ["Chu, Hua-Rong"]),
        ("pycon-hk-2018", "deploying-django-app-on-aws-lambda-serverless-architecture-pycon-hk-2018", []),
        ("pycascades-2019", "philip-james-and-asheesh-laroia-account-security-for-the-fashionable-app-developer",
         ["Philip James", "Asheesh Laroia"]),
    ],
)
def test_speakers_in_order_as_written(event, slug, speakers):
    assert talk(read_event(SAMPLE / event), slug).speakers == speakers


@pytest.mark.parametrize(
    ("event", "slug", "language", "markup"),
    [
        ("pycon-hk-2018", "how-i-battle-with-hk-open-data-in-python-pyconhk-2018", "zh", None),
        ("pycon-hk-2018", "deploying-django-app-on-aws-lambda-serverless-architecture-pycon-hk-2018", "en", "text"),
        ("pyday-galicia-2016", "introduccion-a-machine-learning-con-python-xurxo-fresco-pyday", "es", "rst"),
    ],
)
def test_language_and_abstract_markup(event, slug, language, markup):
    item = talk(read_event(SAMPLE / event), slug)
    assert item.language == language
    assert (item.abstract.markup if item.abstract else None) == markup


def test_a_recording_without_date_is_skipped_with_one_located_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="eventnotes.importer.pyvideo"):
        conference = read_event(SAMPLE / "pycascades-2019")
    assert [record.getMessage() for record in caplog.records] == [
        f"{SAMPLE / UNDATED}: skipped: the recording has no 'recorded' date"
    ]
    assert len(conference.talks) == 14
    assert (conference.start, conference.end) == (dt.date(2019, 2, 23), dt.date(2019, 2, 24))
    assert [t.date for t in conference.talks] == sorted(t.date for t in conference.talks)


def test_a_file_name_title_is_read_as_a_title():
    conference = read_event(SAMPLE / "djangocon-eu-2011")
    assert talk(conference, "0_3-cmses-in-45-minutesm4v").title == "3 cmses in 45 minutes"
    assert talk(conference, "0_lightning-talks-mondaym4v").title == "lightning talks monday"
    assert talk(conference, "0_openingm4v").title == "opening"


def test_checkout_reads_every_event_in_folder_order():
    assert [conference.slug for conference in read_checkout(SAMPLE)] == [
        "djangocon-eu-2011", "pycascades-2019", "pycon-hk-2018", "pyday-galicia-2016", "pygotham-2011"]


@pytest.fixture
def event(tmp_path) -> Path:
    folder = tmp_path / "pygotham-2011"
    shutil.copytree(SAMPLE / "pygotham-2011", folder)
    return folder


def edit(path: Path, **fields) -> None:
    record = json.loads(path.read_text(encoding="utf-8"))
    record.update(fields)
    for key in [key for key, value in fields.items() if value is ...]:
        del record[key]
    path.write_text(json.dumps(record), encoding="utf-8")


VIDEO = "videos/pygotham-2011-real-time-web-gevent-and-socketi.json"


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda e: (e / VIDEO).write_text('{"title": "x",', encoding="utf-8"), VIDEO,
         "malformed JSON: Expecting property name enclosed in double quotes (line 1, column 15)"),
        (lambda e: (e / VIDEO).write_text("[]", encoding="utf-8"), VIDEO, "expected a JSON object"),
        (lambda e: edit(e / VIDEO, title=" "), VIDEO, "the recording has no title"),
        (lambda e: edit(e / VIDEO, title=...), VIDEO, "the recording has no title"),
        (lambda e: edit(e / VIDEO, speakers="Ann, Bob"), VIDEO, "'speakers' should be a list, not str"),
        (lambda e: edit(e / VIDEO, recorded="16 Sept 2011"), VIDEO,
         "'recorded' is not an ISO 8601 date: '16 Sept 2011'"),
        (lambda e: edit(e / "category.json", title=...), "category.json", "the event has no title"),
        (lambda e: [edit(video, recorded=None) for video in (e / "videos").glob("*.json")], "",
         "the event has no date: no recording has a 'recorded' date"),
    ],
)
def test_bad_input_is_one_located_error(event, change, where, message, caplog):
    change(event)
    with pytest.raises(SourceError) as raised:
        read_event(event)
    assert raised.value.message == message
    assert raised.value.where == str(event / where if where else event)
    assert str(raised.value) == f"{raised.value.where}: {message}"


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("Just words.\nOn two lines.", "text"),
        ("A *gentle* intro, 2 * 3 = 6", "text"),
        ("Some **strong** words", "rst"),
        ("See `the docs <https://docs.python.org/>`_.", "rst"),
        ("Topics:\n\n* one\n* two", "rst"),
        ("Title\n=====\n\nBody", "rst"),
        ("Example::\n\n    code", "rst"),
        (".. image:: x.png", "rst"),
        ("See [the docs](https://docs.python.org/).", "markdown"),
        ("<p>An <b>HTML</b> abstract</p>", "html"),
    ],
)
def test_description_markup(text, markup):
    assert description_markup(text) == markup


@pytest.mark.parametrize(
    ("url", "label", "kind"),
    [
        ("https://speakerdeck.com/a/b", "", "slides"),
        ("https://www.slideshare.net/a/b", "Conference schedule", "slides"),
        ("https://example.org/talk.pdf", "", "slides"),
        ("https://github.com/a/b", "Conference slides (github)", "slides"),
        ("https://docs.google.com/presentation/d/x", "", "slides"),
        ("https://pycon.hk/schedule-2018/", "Conference schedule", "details"),
        ("https://example.org/talk", "Presentation webpage", "details"),
        ("https://creativecommons.org/licenses/by/3.0/", "", ""),
    ],
)
def test_link_kind(url, label, kind):
    assert link_kind(url, label) == kind


@pytest.mark.parametrize(
    ("code", "tag"),
    [("eng", "en"), ("spa", "es"), ("glg", "gl"), ("zho", "zh"), ("ger", "de"), ("fil", "fil"),
     (" jpn ", "ja"), ("en", "en"), ("pt-BR", "pt-BR"), ("", ""), ("english", "english")],
)
def test_source_language(code, tag):
    assert source_language(code) == tag


@pytest.mark.slow
@pytest.mark.skipif(
    not ARCHIVE.is_file(),
    reason=f"needs pyvideo's archive at {ARCHIVE} (a clone of https://github.com/pyvideo/data, "
    "commit 8d37350255d05fefef7354ed5f382c1c669429d0, packed as data/pyvideo-data.tar.xz)",
)
def test_the_whole_archive_reads(tmp_path, caplog):
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(tmp_path, filter="data")
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="eventnotes.importer.pyvideo"):
        conferences = list(read_checkout(tmp_path))
    elapsed = time.perf_counter() - started
    assert len(conferences) == 540
    assert sum(len(conference.talks) for conference in conferences) == 21_714
    assert [record.getMessage() for record in caplog.records] == [
        f"{tmp_path / UNDATED}: skipped: the recording has no 'recorded' date"
    ]
    for conference in conferences:
        assert all(conference.start <= talk.date <= conference.end for talk in conference.talks)
    # The sample is the archive's files, unchanged.
    for path in SAMPLE.rglob("*.json"):
        assert path.read_bytes() == (tmp_path / path.relative_to(SAMPLE)).read_bytes()
    print(f"read_checkout: {len(conferences)} events in {elapsed:.1f} s")


def test_tags_become_the_talks_tags_and_a_recording_length_is_no_duration():
    from eventnotes.importer.pages import talk_options

    record = json.loads(
        (SAMPLE / "pyday-galicia-2016" / "videos" / "calling-to-the-future-eloy-coto-pyday-galicia.json")
        .read_text(encoding="utf-8")
    )
    assert record["duration"] > 0 and record["tags"]  # the recording's length, in seconds
    item = talk(read_event(SAMPLE / "pyday-galicia-2016"), "calling-to-the-future-eloy-coto-pyday-galicia")
    options = dict(talk_options(item))
    assert item.duration is None and "duration" not in options
    assert options.get("tags", "") == ", ".join(record["tags"])
