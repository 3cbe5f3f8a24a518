"""``--enrich`` matches pages to pyvideo records on evidence (eventnotes.importer.matching).

Samples: tests/data/pyvideo-sample (djangocon-eu-2011: file-name titles, every
record dated the first day, lightning talks named by weekday; pycascades-2019:
speakers), and records made here for the near titles of other talks.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import TESTS

from eventnotes.importer import existing, matching
from eventnotes.importer.__main__ import main
from eventnotes.importer.model import ImportedTalk, Link

SAMPLE = TESTS / "data" / "pyvideo-sample"
DJANGOCON = SAMPLE / "djangocon-eu-2011"
PYCASCADES = SAMPLE / "pycascades-2019"
SPAN = (dt.date(2013, 3, 13), dt.date(2013, 3, 17))


def record(title, date="2013-03-15", speakers=(), slug="x") -> ImportedTalk:
    return ImportedTalk(title=title, date=dt.date.fromisoformat(date), speakers=list(speakers),
                        links=[Link(f"https://video.example.org/{slug}", "video")],
                        texts={"source-id": f"pyvideo:{slug}"}, slug=slug)


def page(tmp_path, title, date="2013-03-15", speaker="") -> existing.ExistingTalk:
    path = tmp_path / "talk.rst"
    options = f"   :date: {date}\n" + (f"   :speaker: {speaker}\n" if speaker else "")
    path.write_text(f"{title}\n{'=' * len(title)}\n\n.. talk::\n{options}\nNotes.\n", encoding="utf-8")
    [talk] = existing.read_talks(path)
    return talk


# -- titles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "read"),
    [
        ("0_3-cmses-in-45-minutes.m4v", "3 cmses in 45 minutes"),
        ("0_lightning-talks-monday.m4v", "lightning talks monday"),
        ("12_3_reusable_apps.mp4", "reusable apps"),
        ("Django 1.3.m4v is out", "Django 1.3.m4v is out"),  # a sentence, not a file name
        ("Python 3.mp4", "Python 3.mp4"),
    ],
)
def test_a_file_name_is_read_as_a_title(title, read):
    assert matching.readable_title(title) == read


@pytest.mark.parametrize(
    ("ours", "theirs", "score"),
    [
        ("Inner guts of Bitbucket", "The inner guts of Bitbucket", 1.0),
        ("Twisted Logic", "Twisted Logic: Endpoints and Why You Shouldn't Be Scared of Twisted", 1.0),
        ("Reusable Apps using \"EightSpaces\"", "0_reusable-apps-using-eight-spaces.m4v", 1.0),
        ("Lessons learned from building Elasticserch client", "Lessons learned from building Elasticsearch client", 1.0),
        ("Python Profiling", "Python 3 Metaprogramming", 0.45),
    ],
)
def test_title_score(ours, theirs, score):
    assert matching.title_score(ours, theirs).score == score


# -- decisions --------------------------------------------------------------------------------------


def test_a_near_title_of_another_talk_is_not_taken(tmp_path):
    # The talk's own recording is not in the archive; the nearest titles are other talks'.
    records = [record("Python 3 Metaprogramming", "2013-03-14", ["David Beazley"], "beazley"),
               record("Teaching Python", slug="teaching")]
    match = matching.decide(page(tmp_path, "The Magic of Metaprogramming", speaker="Jeff Rush"), records, SPAN)
    assert not match.certain
    match = matching.decide(page(tmp_path, "Extending Python"), records, SPAN)
    assert not match.certain


def test_titles_that_each_have_words_the_other_lacks_are_doubtful(tmp_path):
    records = [record("How we switched our 800+ projects from Apache to uWSGI", slug="uwsgi")]
    match = matching.decide(page(tmp_path, "How we switched our 800+ projects from Apache to ngnix"), records, SPAN)
    assert (match.certain, match.why) == (False, "the titles differ")
    assert match.line().endswith("titles differ: 'ngnix' / 'uwsgi'")
    # The speaker on both sides settles it.
    match = matching.decide(page(tmp_path, "How we switched our 800+ projects from Apache to ngnix",
                                 speaker="Max Tepkeev"),
                            [record("How we switched our 800+ projects from Apache to uWSGI", speakers=["Max Tepkeev"])],
                            SPAN)
    assert match.certain


def test_no_speaker_in_common_is_another_talk(tmp_path):
    records = [record("Keynote", speakers=["Guido van Rossum"], slug="guido")]
    match = matching.decide(page(tmp_path, "Keynote", speaker="Jessica McKellar"), records, SPAN)
    assert not match.certain and match.why == "no speaker in common"


def test_a_record_outside_the_conference_is_not_the_talk(tmp_path):
    match = matching.decide(page(tmp_path, "Keynote"), [record("Keynote", "2014-03-15")], SPAN)
    assert not match.certain


@pytest.mark.parametrize(
    ("ours", "theirs", "agree"),
    [("Doug Hellman", "Doug Hellmann", "agree"), ("Lukasz Langa", "Łukasz Langa", "agree"),
     ("juliass", "Julia S. Simon", ""), ("Jeff Rush", "David Beazley", "conflict"),
     ("Remco Wendt", "Various speakers", "")],
)
def test_speakers(ours, theirs, agree):
    assert matching.speaker_agreement([ours], [theirs])[0] == agree


def test_two_pages_for_one_record_take_neither(tmp_path):
    one = page(tmp_path, "Closing")
    (tmp_path / "b").mkdir()
    two = page(tmp_path / "b", "Closing")
    matches = matching.decide_all([one, two], [record("Closing", slug="closing")], SPAN)
    assert [(match.certain, match.why) for match in matches] == [(False, "the record matches 2 pages")] * 2


# -- the importer on a site -------------------------------------------------------------------------

DEST = "conferences/djangocon-eu-2011"


@pytest.fixture
def site(rootdir, tmp_path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-importer", srcdir)
    (srcdir / DEST / "talks").mkdir(parents=True)
    (srcdir / DEST / "index.rst").write_text(
        "DjangoCon Europe 2011\n=====================\n\n.. conference::\n   :start: 2011-06-06\n"
        "   :end: 2011-06-10\n\n.. toctree::\n   :glob:\n   :hidden:\n\n   talks/*\n",
        encoding="utf-8",
    )
    return srcdir


def write(site: Path, name: str, title: str, date: str, speaker: str = "", dest: str = DEST) -> Path:
    path = site / dest / "talks" / name
    if name.endswith(".md"):
        text = f"# {title}\n\n```{{talk}}\n:date: {date}\n" + (f":speaker: {speaker}\n" if speaker else "")
        text += "```\n\nNotes.\n"
    else:
        text = f"{title}\n{'=' * len(title)}\n\n.. talk::\n   :date: {date}\n"
        text += (f"   :speaker: {speaker}\n" if speaker else "") + "\nNotes.\n"
    path.write_text(text, encoding="utf-8")
    return path


def enrich(site: Path, source: Path, dest: str, capsys) -> list[str]:
    status = main([str(source), "--enrich", "--dest", dest, "--project", str(site)])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    return out.splitlines()


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_file_name_titles_and_weekdays_match_with_their_evidence(site, capsys, suffix):
    cmses = write(site, f"cmses{suffix}", "3 CMSes in 45 minutes", "2011-06-06")
    monday = write(site, f"lightning-1{suffix}", "Lightning Talks", "2011-06-06")
    tuesday = write(site, f"lightning-2{suffix}", "Lightning talks", "2011-06-07")
    whither = write(site, f"whither{suffix}", "Whither Django?", "2011-06-08", speaker="Russell Keith-Magee")
    out = enrich(site, DJANGOCON, DEST, capsys)
    assert f"{DEST}/talks/cmses{suffix}: '3 CMSes in 45 minutes': matched pyvideo:0_3-cmses-in-45-minutesm4v " \
           "'3 cmses in 45 minutes'; score 1.00; next 0.10; date: same day; speakers: none on the page" in out
    assert f"{DEST}/talks/lightning-2{suffix}: 'Lightning talks': matched pyvideo:0_lightning-talks-tuesdaym4v " \
           "'lightning talks tuesday'; score 1.00; next 0.00; date: the record's title says Tuesday, " \
           "the page's date is one; speakers: none on the page" in out
    assert f"{DEST}/talks/whither{suffix}: 'Whither Django?': matched pyvideo:0_whither-djangom4v 'whither django'; " \
           "score 1.00; next 0.50; date: within the conference (the archive dates every record alike); " \
           "speakers: none in the record" in out
    for path, slug in [(cmses, "0_3-cmses-in-45-minutes"), (monday, "0_lightning-talks-monday"),
                       (tuesday, "0_lightning-talks-tuesday"), (whither, "0_whither-django")]:
        [talk] = existing.read_talks(path)
        assert talk.options["video"] == f"https://archive.org/details/pyvideo_{_number(slug)}___{slug}"
        assert "speaker" not in talk.options or talk.options["speaker"] == "Russell Keith-Magee"  # not "Various speakers"


def _number(slug: str) -> int:
    return {"0_3-cmses-in-45-minutes": 2478, "0_lightning-talks-monday": 2492, "0_lightning-talks-tuesday": 2493,
            "0_whither-django": 2504}[slug]


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_an_ambiguous_pair_is_reported_and_not_written(site, capsys, suffix):
    # A page with no date: two records are "lightning talks", a weekday apart.
    path = site / DEST / "talks" / f"lightning{suffix}"
    text = ("# Lightning talks\n\n```{talk}\n```\n" if suffix == ".md"
            else "Lightning talks\n===============\n\n.. talk::\n\nNotes.\n")
    path.write_text(text, encoding="utf-8")
    out = enrich(site, DJANGOCON, DEST, capsys)
    assert out[0].startswith(f"{DEST}/talks/lightning{suffix}: 'Lightning talks': doubtful, not linked "
                             "(another record comes near): pyvideo:0_lightning-talks-")
    assert out[-1] == "nothing to write"
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_a_page_with_no_speaker_gets_the_records_when_certain(site, capsys, suffix):
    dest = "conferences/pycascades-2019"
    (site / dest / "talks").mkdir(parents=True)
    (site / dest / "index.md").write_text(
        "# PyCascades 2019\n\n```{conference}\n:start: 2019-02-23\n:end: 2019-02-24\n```\n", encoding="utf-8")
    path = write(site, f"account{suffix}", "Account security for the fashionable app developer", "2019-02-23",
                 dest=dest)
    near = write(site, f"hunting{suffix}", "Hunting bugs", "2019-02-23", dest=dest)
    before = near.read_text(encoding="utf-8")
    out = enrich(site, PYCASCADES, dest, capsys)
    [talk] = existing.read_talks(path)
    assert talk.options["speaker"] == "Philip James, Asheesh Laroia"
    assert f"{dest}/talks/account{suffix}: 'Account security for the fashionable app developer': " \
           "added speaker, video, language" in out
    text = path.read_text(encoding="utf-8")
    assert text.index("speaker: Philip James, Asheesh Laroia") < text.index("video: ")
    # "Hunting bugs" is near "Hunting the Bugs" (score 1.00 without stop words): the same talk, taken.
    assert near.read_text(encoding="utf-8") != before
