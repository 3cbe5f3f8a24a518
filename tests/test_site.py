"""The whole site: it builds without a warning, and holds every talk of the documents.

``tests/inventory/*.toml`` is transcribed from the source documents (each
file's header names its document by file name) independently of the pages;
a talk lost or altered on its way to the site fails here.
"""

from __future__ import annotations

import json
import pickle
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TESTS
from html_text import article_text

pytestmark = pytest.mark.slow

INVENTORY = TESTS / "inventory"


@pytest.fixture(scope="session")
def domain_data(site) -> dict:
    with open(site / "doctrees" / "environment.pickle", "rb") as f:
        env = pickle.load(f)
    return env.domaindata["event"]


#: What ``make import ... ENRICH=1`` added to the pages from pyvideo's archive.
ENRICHED = INVENTORY / "enriched-from-pyvideo.toml"


def expected_inventory() -> dict[str, dict]:
    conferences: dict[str, dict] = defaultdict(lambda: {"talks": []})
    for path in sorted(INVENTORY.glob("*.toml")):
        if path == ENRICHED:
            continue
        slug = path.stem.split("--")[0]
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "conference" in data:
            conferences[slug]["conference"] = data["conference"]
        conferences[slug]["talks"] += data.get("talk", [])
    for added in tomllib.loads(ENRICHED.read_text(encoding="utf-8"))["enriched"]:
        [talk] = [
            talk for talk in conferences[added["conference"]]["talks"]
            if (talk["title"], talk["date"]) == (added["title"], added["date"])
        ]
        talk.update({key: value for key, value in added.items() if not talk.get(key)})
    return dict(conferences)


def talk_facts(talk) -> dict:
    facts = {"title": talk["title"] if isinstance(talk, dict) else talk.title}
    for key in ("date", "slides", "video", "details", "language"):
        value = talk.get(key, "") if isinstance(talk, dict) else getattr(talk, key)
        if value:
            facts[key] = value
    facts["speakers"] = list(talk["speakers"] if isinstance(talk, dict) else talk.speakers)
    return facts


def normalize_title(title: str) -> str:
    return title.replace("’", "'").replace("“", '"').replace("”", '"')


def site_inventory(domain_data) -> dict[str, dict]:
    conferences = {}
    for docname, records in domain_data["conferences"].items():
        slug = docname.split("/")[1]
        conferences[slug] = {"conference": records[0], "talks": []}
    for docname, talks in domain_data["talks"].items():
        slug = docname.split("/")[1]
        conferences[slug]["talks"] += talks
    return conferences


def test_every_conference_is_on_the_site(domain_data):
    assert sorted(site_inventory(domain_data)) == sorted(expected_inventory()) == [
        "black-hat-usa-2012", "djangocon-eu-2011", "europython-2014", "oscon-2012",
        "pycon-nove-2018", "pycon-us-2013", "scale-11x",
    ]


@pytest.mark.parametrize("slug", sorted(expected_inventory()))
def test_conference_and_its_talks_match_the_documents(domain_data, slug):
    expected = expected_inventory()[slug]
    got = site_inventory(domain_data)[slug]
    conference = got["conference"]
    assert (conference.title, conference.start, conference.end) == (
        expected["conference"]["title"], expected["conference"]["start"], expected["conference"]["end"],
    )
    assert len(got["talks"]) == len(expected["talks"])

    def keyed(talks):
        facts = [talk_facts(t) for t in talks]
        for fact in facts:
            fact["title"] = normalize_title(fact["title"])
        return sorted(facts, key=lambda f: (f["title"], f.get("date", "")))

    assert keyed(got["talks"]) == keyed(expected["talks"])


def text(site: Path, page: str) -> str:
    return article_text((site / "html" / page).read_text(encoding="utf-8"))


def speaker_index_text(site: Path) -> str:
    """The site's Speaker Index: one page (it is below eventnotes_index_split_threshold), or its
    pieces, in the order its page lists them, should the site grow past it."""
    overview = BeautifulSoup((site / "html" / "event-speakers.html").read_text(encoding="utf-8"), "html.parser")
    pieces = [link["href"] for link in overview.select("article nav.eventnotes-index-letters a")]
    return " ".join(text(site, piece) for piece in pieces or ["event-speakers.html"])


def test_the_sites_indices_are_one_page_each(site):
    """About 50 speakers: well below the threshold, so no pieces (html_split_index is on)."""
    html = site / "html"
    assert not list(html.glob("event-speakers-*.html"))
    assert not list(html.glob("event-topics-*.html"))
    assert not (html / "genindex-all.html").exists()
    assert "Raymond Hettinger" in text(site, "genindex.html")


def test_speaker_index_examples(site):
    index = speaker_index_text(site)
    hettinger = index[index.index("Raymond Hettinger") :]
    assert hettinger.startswith(
        "Raymond Hettinger Transforming Code into Beautiful, Idiomatic Python (PyCon US 2013, 15 March 2013) "
        "Python's Class Development Toolkit (PyCon US 2013, 16 March 2013)"
    )
    mckay = index[index.index("Andy McKay") :]
    assert mckay.startswith(
        "Andy McKay Large Django sites at Mozilla (DjangoCon Europe 2011, 06 June 2011) "
        "Large Django sites at Mozilla (OSCON 2012, 19 July 2012)"
    )


def test_speaker_index_lists_every_named_speaker(site):
    index = speaker_index_text(site)
    named = {name for conf in expected_inventory().values() for talk in conf["talks"] for name in talk["speakers"]}
    assert named
    for name in named:
        assert name in index


def test_elasticsearch_talk_is_one_page_with_abstract_and_notes(site):
    pages = list((site / "html" / "conferences" / "europython-2014" / "talks").glob("*elasticsearch*bottom*"))
    assert len(pages) == 1
    page = text(site, str(pages[0].relative_to(site / "html")))
    assert "Speaker: Alex Brasetvik" in page
    assert "This talk will teach you about Elasticsearch and Lucene's architecture." in page
    assert page.index("This talk will teach you") < page.index("Notes")


def docs_for(word: str, site: Path) -> set[str]:
    """The pages Sphinx's search lists for one word (stemmed as the search page stems it)."""
    from sphinx.search.en import SearchEnglish

    js = (site / "html" / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(js[js.index("(") + 1 : js.rindex(")")])
    term = SearchEnglish({}).stem(word.lower())
    found: list[int] = []
    for table in ("terms", "titleterms"):
        hits = index[table].get(term, [])
        found += hits if isinstance(hits, list) else [hits]
    return {index["docnames"][i] for i in found}


def test_search_finds_talks_by_speaker_and_by_notes(site):
    assert "conferences/europython-2014/talks/elasticsearch-from-the-bottom-up" in docs_for("Brasetvik", site)
    assert "conferences/pycon-us-2013/talks/pythons-class-development-toolkit" in docs_for("Hettinger", site)
    celery = docs_for("Celery", site)
    assert "conferences/djangocon-eu-2011/talks/large-django-sites-at-mozilla" in celery
    assert "conferences/pycon-us-2013/talks/encapsulation-with-descriptors" in docs_for("descriptor", site)
