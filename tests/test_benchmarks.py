"""The benchmark's generator and one small build, so that ``make bench`` cannot rot."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import PROJECT, build_without_warnings, sidebar_of

sys.path.insert(0, str(PROJECT / "benchmarks"))

from generate import TALKS_PER_CONFERENCE, generate

pytestmark = pytest.mark.slow  # each test generates and builds a whole site


@pytest.mark.parametrize("flavour", ["eventnotes", "floor"])
def test_generated_site_builds_without_warnings(tmp_path, flavour):
    count = 50
    src = generate(count, tmp_path / flavour, flavour)
    talks = sorted(src.glob("conferences/*/talks/*.rst"))
    assert len(talks) == count
    assert len(list(src.glob("conferences/*/index.rst"))) == -(-count // TALKS_PER_CONFERENCE)

    app = build_without_warnings(src)
    if flavour == "eventnotes":
        domain = app.env.domains["event"]
        assert len(domain.all_talks()) == count
        speakers = domain.speakers()
        assert len(speakers) == count // 3
        two_speaker_talks = [talk for talk in domain.all_talks() if len(talk.speakers) == 2]
        assert len(two_speaker_talks) == count // 10
        assert (app.outdir / "event-speakers.html").exists()


def test_conferences_grouped_by_year_keep_the_sidebar_to_one_year(tmp_path):
    src = generate(50, tmp_path / "by-year", "eventnotes", by_year=True)
    app = build_without_warnings(src)
    sidebar = sidebar_of(app.outdir / "conferences/conf-0001/talks/talk-00020.html")
    assert sidebar.count('class="toctree-l1') == 1  # the one year, 2000
    assert '<li class="toctree-l1 current has-children"><a class="reference internal" href="../../../years/2000.html">' in sidebar
    # that year's conferences; talks of the current conference only
    assert sidebar.count('class="toctree-l2') == 3
    assert sidebar.count('class="toctree-l3') == TALKS_PER_CONFERENCE
    assert "talk-00019.html" not in sidebar and "talk-00040.html" not in sidebar


def test_archive_mode_runs_end_to_end_on_the_pyvideo_sample(tmp_path, capsys):
    import archive

    sample = PROJECT / "tests" / "data" / "pyvideo-sample"
    assert archive.main([str(sample), "--subset", "10", "--no-write", "--keep", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for key in ("small-site", "small-floor", "site", "plain", "floor", "floor-own", "site-edit", "floor-edit",
                "floor-own-edit", "live-edit"):
        assert f"\n{key}: " in f"\n{out}", key
    assert "imported 5 events, 34 talks" in out  # one of the 35 recordings has no date
    # The floor is the same talks under the same names, with no warning of its own.
    site_talks = {p.relative_to(tmp_path / "site") for p in (tmp_path / "site").glob("conferences/*/talks/*.rst")}
    floor_talks = {p.relative_to(tmp_path / "floor") for p in (tmp_path / "floor").glob("conferences/*/talks/*.rst")}
    assert site_talks == floor_talks and len(site_talks) == 34
    assert "floor: " in out and " 0 warnings" in out.split("\nfloor: ", 1)[1].splitlines()[0]
    # The edited talk carries the new title in both sites, and the rebuilt pages show it.
    talk = out.split("The edited talk: ``", 1)[1].split("``", 1)[0]
    # (the site's a second time, in make livehtml's loop; the floor's for the floor built with the
    # project's command).
    again = archive.EDITED_TITLE + " again"
    assert (tmp_path / "floor" / talk).read_text(encoding="utf-8").startswith(again + "\n")
    assert again in (tmp_path / "floor-own-out" / "html" / talk.replace(".rst", ".html")).read_text()
    assert archive.EDITED_TITLE in (tmp_path / "floor-out" / "html" / talk.replace(".rst", ".html")).read_text()
    assert (tmp_path / "site" / talk).read_text(encoding="utf-8").startswith(again + "\n")
    assert again in (tmp_path / "site-out" / "html" / talk.replace(".rst", ".html")).read_text()
    assert not (tmp_path / "site-out" / "html" / "_pagefind").exists()  # livehtml's loop runs no Pagefind
    assert "| first search result" not in out and "first search result" in out
    if Path("/proc/self/smaps_rollup").exists():  # Linux: the memory of all the build's processes at once
        assert "peak memory, site: its processes at once" in out


def test_archive_mode_skips_with_a_hint_without_the_data(tmp_path, capsys):
    import archive

    assert archive.main([str(tmp_path / "absent.tar.xz")]) == 0
    assert capsys.readouterr().out == archive.HINT + "\n"
