"""The benchmark's generator and one small build, so that ``make bench`` cannot rot."""

from __future__ import annotations

import sys

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
