"""The importer: programmes (frab/pretalx XML and JSON) to a conference folder that builds.

Each programme of ``tests/data/schedules/`` is imported into a copy of the
small site ``tests/roots/test-importer`` and built with warnings as errors.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import http.server
import json
import threading
import unicodedata
from pathlib import Path

import pytest
from conftest import TESTS, build_without_warnings
from importer_site import run, site, tree  # noqa: F401 (site: a fixture)
from html_text import article_text as text_of

from eventnotes.importer import schedule
from eventnotes.importer.__main__ import main
from eventnotes.importer.model import Link, SourceError

SCHEDULES = TESTS / "data" / "schedules"
NIGHTOWL = SCHEDULES / "nightowl.xml"
DEMOCON = SCHEDULES / "pretalx-democon.json"
HOSTILE = SCHEDULES / "hostile.xml"
OLDCONF = SCHEDULES / "oldconf.xml"





def html_page(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text(encoding="utf-8")


# -- readers -----------------------------------------------------------------------------


def test_xml_reader():
    conference = schedule.read_xml(NIGHTOWL.read_bytes(), "nightowl.xml")
    assert (conference.title, conference.slug, conference.start, conference.end, conference.site) == (
        "NightOwl Conf 2024", "nightowl-2024", dt.date(2024, 3, 1), dt.date(2024, 3, 2),
        "https://nightowl.example.org/",
    )
    talks = {talk.title: talk for talk in conference.talks}
    scaling = talks["Scaling Django at night"]
    assert scaling.speakers == ["Richard D. Copeland, Jr.", "Chu, Hua-Rong"]
    assert scaling.links == [
        Link("https://video.example.org/watch/101", "video", "Recording"),
        Link("https://nightowl.example.org/media/101.pdf", "slides", "Slides"),
        Link("https://nightowl.example.org/talk/101/", "details", ""),
    ]
    assert (scaling.tags, scaling.language, scaling.texts["room"], scaling.duration) == (
        ["Web"], "en", "Hall A", dt.timedelta(minutes=30),
    )
    assert scaling.abstract.markup == "markdown"
    assert scaling.abstract.body.startswith("A talk about **bold ideas**")
    assert scaling.abstract.body.endswith("- first point\n- second point")
    # 23:30 UTC on day 1 is 00:30 in Berlin: the talk belongs to the day it starts on.
    midnight = talks["Midnight hacks: `asyncio` | pipes_and *stars*"]
    assert midnight.date == dt.date(2024, 3, 2)
    assert midnight.start.isoformat() == "2024-03-02T00:30:00+01:00"
    assert talks["Lightning talks"].speakers == []


def test_json_reader_reads_pretalx():
    conference = schedule.read_json(DEMOCON.read_bytes(), "pretalx-democon.json")
    assert (conference.title, conference.slug, len(conference.talks)) == ("DemoCon", "democon", 36)
    first = conference.talks[0]
    assert (first.title, first.date, first.speakers) == (
        "Focused 5thgeneration hardware", dt.date(2020, 12, 14), ["Brian Robinson"],
    )
    assert first.links == [Link("http://localhost/democon/talk/G9JGWY/", "details", "")]


def test_json_reader_takes_name_or_public_name():
    document = json.loads(DEMOCON.read_text(encoding="utf-8"))
    event = document["schedule"]["conference"]["days"][0]["rooms"]["Gray Room"][0]
    event["persons"] = [{"name": "New Style"}, {"public_name": "Old Style"}]
    conference = schedule.read_json(json.dumps(document).encode(), "x.json")
    assert conference.talks[0].speakers == ["New Style", "Old Style"]


@pytest.mark.parametrize(
    ("label", "type_", "kind"),
    [("Recording", "", "video"), ("", "media", "video"), ("Slides", "", "slides"),
     ("", "slides", "slides"), ("Paper", "paper", ""), ("Slides of the recording", "", "slides")],
)
def test_link_kind(label, type_, kind):
    assert schedule.link_kind(label, type_) == kind


@pytest.mark.parametrize(
    "value",
    ["Richard D. Copeland\\, Jr.", "'Ace' Bob", '"Quoted"', "a # not a comment", "#hashtag",
     "| pipe", "> quote", "key: value", "{braces}", "[brackets]", "&anchor", "*alias"],
)
def test_myst_option_values_read_back_unchanged(value):
    from myst_parser.parsers.options import options_to_items

    from eventnotes.importer.pages import myst_option_value

    items, _ = options_to_items(f":speaker: {myst_option_value(value)}\n")
    assert items == [(":speaker", value)]


# -- an import builds, in both markups ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_nightowl_builds_with_abstracts_rendered(site, capsys, fmt):
    status, out, err = run(site, str(NIGHTOWL), "--format", fmt, capsys=capsys)
    assert (status, err) == (0, [])
    suffix = ".md" if fmt == "myst" else ".rst"
    talks = site / "conferences" / "nightowl-2024" / "talks"
    assert sorted(path.name for path in talks.iterdir()) == sorted(
        name + suffix for name in [
            "1-tips-a-heading-no-a-title",
            "a-very-long-title-that-goes-on-and-on-about-the-many-ways-in-which-one-might-write-software",
            "closing-party-hacking",
            "lightning-talks",
            "lightning-talks-2",
            "midnight-hacks-asyncio-pipes-and-stars",
            "scaling-django-at-night",
            "日本語のタイトル-パイソン入門",
        ]
    )
    assert all(len(path.name.encode()) <= 100 for path in talks.iterdir())
    assert f"wrote conferences/nightowl-2024/index{suffix}" in out
    assert "   conferences/nightowl-2024/index\n   conferences/oldconf-2019/index\n" in (
        site / "index.rst"
    ).read_text(encoding="utf-8")
    assert ":speaker:" not in (talks / f"lightning-talks{suffix}").read_text(encoding="utf-8")

    app = build_without_warnings(site)
    page = html_page(app, "conferences/nightowl-2024/talks/scaling-django-at-night")
    assert "<strong>bold ideas</strong>" in page
    assert '<a class="reference external" href="https://docs.example.org/">the docs</a>' in page
    assert "<li><p>first point</p></li>" in page
    text = text_of(page)
    assert "**" not in text and "](" not in text
    assert "Speakers: Richard D. Copeland, Jr., Chu, Hua-Rong" in text
    assert "Date: 01 March 2024" in text
    midnight = text_of(html_page(app, "conferences/nightowl-2024/talks/midnight-hacks-asyncio-pipes-and-stars"))
    assert midnight.startswith("Midnight hacks: `asyncio` | pipes_and *stars*¶")
    assert "Date: 02 March 2024" in midnight
    closing = text_of(html_page(app, "conferences/nightowl-2024/talks/closing-party-hacking"))
    assert "Date: 03 March 2024 (after the conference's last day, as the programme says)" in closing
    wide = text_of(html_page(app, "conferences/nightowl-2024/talks/日本語のタイトル-パイソン入門"))
    assert wide.startswith("日本語のタイトル：パイソン入門¶")
    heading = text_of(html_page(app, "conferences/nightowl-2024/talks/1-tips-a-heading-no-a-title"))
    assert heading.startswith("#1 tips: a heading? No, a title¶")
    speakers = sorted(path.name for path in (app.outdir / "speakers").iterdir())
    assert "richard-d-copeland-jr.html" in speakers and "chu-hua-rong.html" in speakers


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_talk_pages_get_the_start_duration_room_and_track_of_the_programme(site, capsys, fmt):
    run(site, str(NIGHTOWL), "--format", fmt, capsys=capsys)
    suffix = ".md" if fmt == "myst" else ".rst"
    folder = site / "conferences" / "nightowl-2024"
    scaling = (folder / "talks" / f"scaling-django-at-night{suffix}").read_text(encoding="utf-8")
    indent = "" if fmt == "myst" else "   "
    assert f"{indent}:tags: Web\n{indent}:language: en\n{indent}:start: 14:00\n{indent}:duration: 0:30\n" \
        f"{indent}:room: Hall A\n" in scaling
    # 23:30 UTC is 00:30 in Berlin, the conference's time zone, which its page names.
    midnight = (folder / "talks" / f"midnight-hacks-asyncio-pipes-and-stars{suffix}").read_text(encoding="utf-8")
    assert f"{indent}:start: 00:30\n" in midnight
    assert f"{indent}:time-zone: Europe/Berlin\n" in (folder / f"index{suffix}").read_text(encoding="utf-8")
    app = build_without_warnings(site)
    talk = next(t for t in app.env.domains["event"].all_talks() if t.title == "Scaling Django at night")
    assert (talk.start, talk.duration, talk.room, talk.tags) == ("14:00", "0:30", "Hall A", ("Web",))
    assert "Time: 14:00–14:30 (30 minutes)" in text_of(html_page(app, "conferences/nightowl-2024/talks/scaling-django-at-night"))


def test_rst_heading_underline_is_as_wide_as_the_title(site, capsys):
    run(site, str(NIGHTOWL), "--format", "rst", capsys=capsys)
    page = site / "conferences" / "nightowl-2024" / "talks" / "日本語のタイトル-パイソン入門.rst"
    title, underline = page.read_text(encoding="utf-8").splitlines()[:2]
    assert len(title) == 15 and underline == "=" * 30


def test_rst_heading_of_decomposed_kana_is_long_enough_for_docutils():
    # pyvideo holds some Japanese titles decomposed (NFD): a kana voicing mark is a
    # combining character docutils counts as one column.
    from docutils.core import publish_doctree

    from eventnotes.importer import pages

    title = unicodedata.normalize("NFD", "PyConスポンサーブース")
    text = pages.heading(title, "rst")
    # A short underline is a warning docutils keeps in the document as a system message.
    doctree = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5})
    assert not list(doctree.findall(lambda node: node.tagname == "system_message"))
    assert doctree.next_node(lambda node: node.tagname == "title").astext() == title
    assert text.splitlines()[1] == "=" * 23


def test_pretalx_export_builds(site, capsys):
    status, out, err = run(site, str(DEMOCON), capsys=capsys)
    assert (status, err) == (0, [])
    assert len(list((site / "conferences" / "democon" / "talks").iterdir())) == 36
    app = build_without_warnings(site)
    index = text_of(html_page(app, "conferences/democon/index"))
    assert "The programme was imported from pretalx-democon.json." in index


# -- safe to run again ------------------------------------------------------------------


@pytest.mark.parametrize("source", [NIGHTOWL, DEMOCON, HOSTILE])
def test_reimport_changes_nothing(site, capsys, source):
    run(site, str(source), capsys=capsys)
    before = tree(site)
    status, out, err = run(site, str(source), capsys=capsys)
    assert (status, out, err) == (0, ["nothing to write"], [])
    assert tree(site) == before


def test_a_page_with_notes_survives_an_updated_programme(site, capsys):
    run(site, str(NIGHTOWL), capsys=capsys)
    page = site / "conferences" / "nightowl-2024" / "talks" / "scaling-django-at-night.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe speaker showed a demo.\n", encoding="utf-8")
    before = tree(site)
    updated = site.parent / "nightowl-updated.xml"
    updated.write_text(
        NIGHTOWL.read_text(encoding="utf-8")
        .replace('<person id="2">Chu, Hua-Rong</person>', '<person id="2">Hua-Rong Chu</person>')
        .replace("<title>Closing party hacking</title>", "<title>Closing party</title>"),
        encoding="utf-8",
    )
    status, out, err = main([str(updated), "--project", str(site)]), *capsys.readouterr()
    assert (status, err) == (0, "")
    # The renamed talk (same guid) keeps its page: the new title is reported, not a new page.
    assert out.splitlines() == [
        "conferences/nightowl-2024/talks/scaling-django-at-night.md: kept; speaker: "
        "page has 'Richard D. Copeland, Jr., Chu, Hua-Rong', programme has 'Richard D. Copeland, Jr., Hua-Rong Chu'",
        "conferences/nightowl-2024/talks/closing-party-hacking.md: kept; title: "
        "page has 'Closing party hacking', programme has 'Closing party'",
        "nothing to write",
    ]
    assert tree(site) == before  # nothing deleted, nothing rewritten


def test_import_into_an_existing_conference_keeps_its_pages(site, capsys):
    before = tree(site)
    status, out, err = run(site, str(OLDCONF), capsys=capsys)
    assert (status, err) == (0, [])
    # "THE CAFE KEYNOTE" is the site's "The Café Keynote"; "Closing remarks" is the
    # page closing.md; the second "Closing Remarks" of the programme is another talk.
    assert sorted(set(tree(site)) - set(before)) == [
        "conferences/oldconf-2019/talks/a-new-talk.md",
        "conferences/oldconf-2019/talks/closing-remarks.md",
    ]
    # The pages found by date and title gain one line: the talk's identity in the programme.
    after = tree(site)
    for path, text in before.items():
        if path.endswith(("keynote.rst", "closing.md")):
            added = [line for line in after[path].splitlines() if line not in text.splitlines()]
            assert len(added) == 1 and added[0].strip().startswith(b":source-id: 00000000-0000-4000-8000-0000000001d")
            assert after[path].replace(added[0] + b"\n", b"", 1) == text
        else:
            assert after[path] == text, path
    assert "conferences/oldconf-2019/talks/keynote.rst: added source-id" in out
    build_without_warnings(site)


def test_a_talk_outside_the_site_conference_dates_gets_a_date_note(site, capsys):
    # The site's OldConf 2019 runs 2019-06-01 to 06-02; this programme says 05-31 to 06-02.
    early = site.parent / "oldconf-early.xml"
    early.write_text(
        OLDCONF.read_text(encoding="utf-8")
        .replace("<start>2019-06-01</start>", "<start>2019-05-31</start>")
        .replace("2019-06-02T10:00:00+02:00", "2019-05-31T10:00:00+02:00"),
        encoding="utf-8",
    )
    status, out, err = run(site, str(early), capsys=capsys)
    assert (status, err) == (0, [])
    page = (site / "conferences" / "oldconf-2019" / "talks" / "a-new-talk.md").read_text(encoding="utf-8")
    assert ":date: 2019-05-31\n:date-note: before the conference's first day, as the programme says\n" in page
    build_without_warnings(site)


# -- spellings of one name -----------------------------------------------------------------


def _with_speakers(site: Path, new_talk: str, closing: str) -> Path:
    """oldconf.xml with the speakers of its two new talks replaced."""
    programme = site.parent / "oldconf-speakers.xml"
    programme.write_text(
        OLDCONF.read_text(encoding="utf-8")
        .replace('<person id="3">Fay New</person>', new_talk)
        .replace(
            '<link href="https://video.example.org/closing-2" type="media">Video</link>\n        </links>',
            '<link href="https://video.example.org/closing-2" type="media">Video</link>\n        </links>\n'
            f"        <persons>{closing}</persons>",
        ),
        encoding="utf-8",
    )
    return programme


def test_a_variant_of_a_name_is_reported_at_import(site, capsys):
    # The site has "Dana Hand"; the programme writes "DANA HAND", and both
    # "José García" and "Jose Garcia", with no person ids to tell who is who.
    programme = _with_speakers(
        site,
        '<person>DANA HAND</person><person>José García</person>',
        '<person>Jose Garcia</person>',
    )
    status, out, err = run(site, str(programme), "--dry-run", capsys=capsys)
    assert status == 0
    assert err == [
        "note: conferences/oldconf-2019/talks/a-new-talk.md: the speaker 'DANA HAND' differs from "
        "'Dana Hand' (conferences/oldconf-2019/talks/closing.md) only by case, accents, punctuation or "
        "spacing; if they are one person, add a profile: 'speaker:: Dana Hand' with ':aliases: DANA HAND'",
        "note: conferences/oldconf-2019/talks/closing-remarks.md: the speaker 'Jose Garcia' differs from "
        "'José García' (conferences/oldconf-2019/talks/a-new-talk.md) only by case, accents, punctuation or "
        "spacing; if they are one person, add a profile: 'speaker:: José García' with ':aliases: Jose Garcia'",
    ]


def test_spellings_a_profile_declares_are_not_reported(site, capsys):
    (site / "people.md").write_text(
        "# Dana Hand\n\n```{speaker} Dana Hand\n:aliases: DANA HAND, D. Hand\n```\n", encoding="utf-8"
    )
    (site / "jose.rst").write_text(
        "José García\n===========\n\n.. speaker:: José García\n   :aliases: Jose Garcia\n", encoding="utf-8"
    )
    programme = _with_speakers(
        site,
        '<person>DANA HAND</person><person>José García</person>',
        '<person>Jose Garcia</person><person>Dana hand</person>',
    )
    status, out, err = run(site, str(programme), "--dry-run", capsys=capsys)
    assert status == 0
    # "Dana hand" is in no profile: still a variant of the profile's "Dana Hand".
    assert err == [
        "note: conferences/oldconf-2019/talks/closing-remarks.md: the speaker 'Dana hand' differs from "
        "'Dana Hand' (conferences/oldconf-2019/talks/closing.md) only by case, accents, punctuation or "
        "spacing; if they are one person, add a profile: 'speaker:: Dana Hand' with ':aliases: Dana hand'",
    ]


def test_a_conf_py_that_fails_is_one_line_and_nothing_written(site, capsys):
    (site / "conf.py").write_text("extensions = [\n", encoding="utf-8")
    before = tree(site)
    status, out, err = run(site, str(OLDCONF), capsys=capsys)
    assert status == 1
    assert len(err) == 1 and err[0].startswith(f"error: {site / 'conf.py'}: ")
    assert tree(site) == before


# -- enrich ---------------------------------------------------------------------------------


def test_enrich_fills_in_only_missing_options(site, capsys):
    keynote = site / "conferences" / "oldconf-2019" / "talks" / "keynote.rst"
    closing = site / "conferences" / "oldconf-2019" / "talks" / "closing.md"
    before = tree(site)
    status, out, err = run(site, str(OLDCONF), "--enrich", "--dest", "conferences/oldconf-2019", capsys=capsys)
    assert (status, err) == (0, [])
    assert keynote.read_text(encoding="utf-8") == (
        "The Café Keynote\n"
        "================\n"
        "\n"
        ".. talk::\n"
        "   :date: 2019-06-01\n"
        "   :speaker: Dana Hand\n"
        "   :slides: https://oldconf.example.org/keynote.pdf\n"
        "   :video: https://video.example.org/keynote\n"
        "   :details: https://oldconf.example.org/talk/1/\n"
        "   :language: en\n"
        "   :start: 09:00\n"
        "   :duration: 1:00\n"
        "   :room: Main\n"
        "   :type: Keynote\n"
        "\n"
        "Notes\n"
        "-----\n"
        "\n"
        "What Dana said, typed during the talk.\n"
        "\n"
        ".. Links added by the importer from oldconf.xml.\n"
    )
    # Two records are "Closing remarks" on that day: reported, not linked.
    assert closing.read_bytes() == before["conferences/oldconf-2019/talks/closing.md"]
    assert any("closing.md: 'Closing remarks': doubtful, not linked (another record comes near): " in line
               for line in out)
    changed = {path for path, data in tree(site).items() if before.get(path) != data}
    assert changed == {"conferences/oldconf-2019/talks/keynote.rst"}
    build_without_warnings(site)


# -- bad input changes nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("bad/malformed.xml", "bad/malformed.xml: malformed XML at line 5, column 3: mismatched tag"),
        ("bad/malformed.json", "bad/malformed.json: malformed JSON at line 1, column 64"),
        ("bad/unknown.txt", "bad/unknown.txt: unknown format"),
        ("bad/no-title.xml", "bad/no-title.xml: event 7: the event has no title"),
        ("bad/no-date.json", "bad/no-date.json: event 8: the event 'A talk without a date' has no date"),
        ("bad/bomb.xml", "bad/bomb.xml: the XML declares entities"),
        ("bad", "bad: unknown format: this folder is neither a pyvideo event folder nor a pyvideo checkout"),
        ("bad/missing.xml", "bad/missing.xml: no such file or folder"),
    ],
)
def test_bad_input_changes_nothing(site, capsys, source, message):
    before = tree(site)
    status, out, err = run(site, str(SCHEDULES / source), capsys=capsys)
    assert status == 1
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
    assert tree(site) == before


@pytest.mark.parametrize("dest", ["../elsewhere", "conferences", "conferences/a/b", "_build/x", "/tmp/x"])
def test_dest_outside_conferences_is_refused(site, capsys, dest):
    before = tree(site)
    status, out, err = run(site, str(NIGHTOWL), "--dest", dest, capsys=capsys)
    assert status == 1
    assert len(err) == 1 and "DEST must be a folder directly in conferences/" in err[0]
    assert tree(site) == before


def test_dry_run_changes_nothing(site, capsys):
    before = tree(site)
    status, out, err = run(site, str(NIGHTOWL), "--dry-run", capsys=capsys)
    assert (status, err) == (0, [])
    assert "would write conferences/nightowl-2024/talks/scaling-django-at-night.md" in out
    assert "would write index.rst" in out
    assert tree(site) == before


def test_command_line_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["x", "--format", "html"])
    assert exit_.value.code == 2


# -- URLs -----------------------------------------------------------------------------------------


@pytest.fixture
def server():
    """A local HTTP server of tests/data/schedules, on 127.0.0.1 (no network)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(SCHEDULES), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_import_from_a_url(site, capsys, server):
    status, out, err = run(site, f"{server}/nightowl.xml", capsys=capsys)
    assert (status, err) == (0, [])
    index = (site / "conferences" / "nightowl-2024" / "index.md").read_text(encoding="utf-8")
    assert f"The programme was imported from <{server}/nightowl.xml>." in index


@pytest.mark.parametrize(
    ("path", "message"), [("/missing.json", "the server answered 404"), ("", "unreachable")]
)
def test_bad_urls_change_nothing(site, capsys, server, path, message):
    url = f"{server}{path}" if path else "http://127.0.0.1:9/schedule.json"  # port 9: discard, closed
    before = tree(site)
    status, out, err = run(site, url, capsys=capsys)
    assert status == 1 and len(err) == 1 and message in err[0]
    assert tree(site) == before


def test_file_urls_are_refused(site, capsys):
    status, out, err = run(site, NIGHTOWL.as_uri(), capsys=capsys)
    assert status == 1 and err == [f"error: {NIGHTOWL.as_uri()}: only http and https URLs are fetched; "
                                   "give a local file by its path"]


# -- hostile programmes ------------------------------------------------------------------------------


class _Markup(html.parser.HTMLParser):
    """What a built page would run or follow: scripts' text, handlers, link targets, frames."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in {"iframe", "object", "embed"}:
            self.problems.append(f"<{tag}>")
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and value and (
                value.strip().lower().startswith(("javascript:", "data:"))
            ):
                self.problems.append(f"{name}={value}")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.problems.append(f"script: {data.strip()[:40]}")


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_hostile_programme_puts_no_active_markup_in_the_site(site, capsys, fmt):
    status, out, err = run(site, str(HOSTILE), "--format", fmt, capsys=capsys)
    assert (status, err) == (0, [])
    app = build_without_warnings(site)
    pages = list(app.outdir.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.problems == [], page
    talk = next((app.outdir / "conferences" / "evilcon" / "talks").glob("*.html"))
    text = text_of(talk.read_text(encoding="utf-8"))
    assert 'Evil <img src=x onerror=alert(2)>' in text  # shown as text, not run
    assert "bold" in text and "**" not in text


def test_source_error_names_where():
    with pytest.raises(SourceError, match=r"^x.json: malformed JSON at line 1, column 1"):
        schedule.read_json(b"nope", "x.json")


# -- pyvideo ----------------------------------------------------------------------------------------

PYVIDEO = TESTS / "data" / "pyvideo-sample"


def test_pyvideo_checkout_builds_and_reimports_as_a_no_op(site, capsys):
    status, out, err = run(site, str(PYVIDEO), capsys=capsys)
    assert (status, err) == (0, [])
    events = sorted(path.name for path in PYVIDEO.iterdir() if (path / "category.json").is_file())
    assert sorted(path.name for path in (site / "conferences").iterdir()) == sorted([*events, "oldconf-2019"])
    home = (site / "index.rst").read_text(encoding="utf-8")
    entries = [line.strip() for line in home.splitlines() if line.startswith("   conferences/")]
    assert entries == [  # newest first
        "conferences/oldconf-2019/index",
        "conferences/pycascades-2019/index",
        "conferences/pycon-hk-2018/index",
        "conferences/pyday-galicia-2016/index",
        "conferences/pygotham-2011/index",
        "conferences/djangocon-eu-2011/index",
    ]
    build_without_warnings(site)
    before = tree(site)
    assert run(site, str(PYVIDEO), capsys=capsys) == (0, ["nothing to write"], [])
    assert tree(site) == before


def test_enrich_never_replaces_a_time_or_room_the_author_wrote(site, capsys):
    keynote = site / "conferences" / "oldconf-2019" / "talks" / "keynote.rst"
    keynote.write_text(
        keynote.read_text(encoding="utf-8").replace("   :speaker: Dana Hand\n", "   :speaker: Dana Hand\n   :start: 9:15\n   :room: Aula\n"),
        encoding="utf-8",
    )
    status, out, err = run(site, str(OLDCONF), "--enrich", "--dest", "conferences/oldconf-2019", capsys=capsys)
    assert (status, err) == (0, [])
    text = keynote.read_text(encoding="utf-8")
    assert "   :start: 9:15\n   :room: Aula\n" in text
    assert ":start: 09:00" not in text and ":room: Main" not in text
    assert "   :duration: 1:00\n" in text  # the page had none


def test_import_reports_a_time_that_differs_from_the_page(site, capsys):
    keynote = site / "conferences" / "oldconf-2019" / "talks" / "keynote.rst"
    keynote.write_text(
        keynote.read_text(encoding="utf-8").replace("   :speaker: Dana Hand\n", "   :speaker: Dana Hand\n   :start: 9:00\n   :room: Aula\n"),
        encoding="utf-8",
    )
    status, out, err = run(site, str(OLDCONF), capsys=capsys)
    assert status == 0
    kept = [line for line in out if line.startswith("conferences/oldconf-2019/talks/keynote.rst")]
    # 9:00 is the programme's 09:00; the room is not.
    assert not any("start" in line for line in kept)
    assert "conferences/oldconf-2019/talks/keynote.rst: kept; room: page has 'Aula', programme has 'Main'" in kept


def test_pyvideo_checkout_with_dest_is_refused(site, capsys):
    status, out, err = run(site, str(PYVIDEO), "--dest", "conferences/all", capsys=capsys)
    assert status == 1 and err == [f"error: {PYVIDEO}: DEST names one conference, and the source holds 5"]


def test_enrich_from_pyvideo_matches_on_evidence_and_credits_pyvideo(site, capsys):
    talks = site / "conferences" / "pycascades-2019" / "talks"
    talks.mkdir(parents=True)
    (talks.parent / "index.md").write_text(
        "# PyCascades 2019\n\n```{conference}\n:start: 2019-02-23\n:end: 2019-02-24\n```\n\n"
        "```{toctree}\n:glob:\n:hidden:\n\ntalks/*\n```\n",
        encoding="utf-8",
    )
    page = talks / "mentoring.md"
    page.write_text(
        "# Meaningful mentoring moments\n\n```{talk}\n:date: 2019-02-23\n:speaker: Trey Hunner\n```\n\n"
        "## Notes\n\nGood advice.\n",
        encoding="utf-8",
    )
    status, out, err = run(site, str(PYVIDEO / "pycascades-2019"), "--enrich",
                           "--dest", "conferences/pycascades-2019", capsys=capsys)
    assert (status, err) == (0, [])
    # pyvideo dates the recording a day later: the same title and speaker within the conference.
    assert out[0] == (
        "conferences/pycascades-2019/talks/mentoring.md: 'Meaningful mentoring moments': matched "
        "pyvideo:trey-hunner-meaningful-mentoring-moments 'Meaningful Mentoring Moments'; score 1.00; no other fits; "
        "date: within the conference; speakers: Trey Hunner"
    )
    assert out[1] == "conferences/pycascades-2019/talks/mentoring.md: 'Meaningful mentoring moments': added video, language"
    text = page.read_text(encoding="utf-8")
    assert text.startswith(
        "# Meaningful mentoring moments\n\n```{talk}\n:date: 2019-02-23\n:speaker: Trey Hunner\n"
        ":video: https://www.youtube.com/watch?v=d5CHyi6SA4w\n:language: en\n```\n"
    )
    assert ":details:" not in text
    assert text.endswith("Good advice.\n\n% Links added by the importer from pyvideo.org (CC0).\n")


# -- one conference, one folder --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["myst", "rst"])
def test_a_programme_on_the_site_is_not_imported_into_another_folder(site, capsys, fmt):
    run(site, str(NIGHTOWL), "--format", fmt, capsys=capsys)
    suffix = ".md" if fmt == "myst" else ".rst"
    index = (site / "conferences" / "nightowl-2024" / f"index{suffix}").read_text(encoding="utf-8")
    assert "acronym: nightowl-2024\n" in index
    before = tree(site)
    status, out, err = run(site, str(NIGHTOWL), "--dest", "conferences/owls", capsys=capsys)
    assert (status, out) == (1, [])
    assert err == [
        f"error: {NIGHTOWL}: this programme's conference is already on the site in conferences/nightowl-2024 "
        "(same acronym 'nightowl-2024'); import into that folder (DEST=conferences/nightowl-2024), or remove it first"
    ]
    assert tree(site) == before
    # Into its own folder, it is the usual re-import.
    status, out, err = run(site, str(NIGHTOWL), "--dest", "conferences/nightowl-2024", capsys=capsys)
    assert (status, out, err) == (0, ["nothing to write"], [])
    app = build_without_warnings(site)
    assert "Acronym" not in text_of(html_page(app, "conferences/nightowl-2024/index"))


def test_a_conference_page_without_an_acronym_is_known_by_its_site_and_start(site, capsys):
    # A page written before the importer recorded the acronym, or by hand, in a folder of another name.
    folder = site / "conferences" / "night"
    folder.mkdir()
    (folder / "index.md").write_text(
        "# Night Owl\n\n```{conference}\n:start: 2024-03-01\n:end: 2024-03-02\n"
        ":site: https://nightowl.example.org\n```\n",
        encoding="utf-8",
    )
    before = tree(site)
    status, out, err = run(site, str(NIGHTOWL), capsys=capsys)
    assert status == 1 and tree(site) == before
    assert err == [
        f"error: {NIGHTOWL}: this programme's conference is already on the site in conferences/night "
        "(same site https://nightowl.example.org/ and start 2024-03-01); import into that folder "
        "(DEST=conferences/night), or remove it first"
    ]
    # Another year of the same series (same site, another start) is another conference.
    (folder / "index.md").write_text(
        (folder / "index.md").read_text(encoding="utf-8").replace("2024-03-01", "2023-03-01"), encoding="utf-8"
    )
    assert run(site, str(NIGHTOWL), "--dry-run", capsys=capsys)[0] == 0
