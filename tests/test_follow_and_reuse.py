"""Issue 14's features together: topics, languages, feeds, open data and web metadata.

Each feature has its own tests; here one site with a base URL, topics and two
languages is built with all of them on, and everything it writes for readers
and machines (pages, feeds, ``schedule.json``, ``talks.json``, the sitemap,
``objects.inv``, the search indices) must be the same whether it is built
with ``-j 1`` or ``-j 2``, and whether it is rebuilt after an edit or built
afresh.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT
from lxml import etree
from test_feeds import AtomSchema, SCHEMAS
from test_opendata import assert_valid_schedule, assert_valid_talks
from test_webmeta import SITEMAP

BASE = "https://notes.example.org/en/latest/"
ROOT = "test-webmeta"

#: Everything a build writes but Sphinx's own bookkeeping (doctrees, .buildinfo).
OUTPUTS = ("**/*.html", "**/*.atom", "**/*.json", "sitemap.xml", "objects.inv", "searchindex.js", "_pagefind/**/*")


def outputs(outdir: Path) -> dict[str, bytes]:
    found = {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for pattern in OUTPUTS
        for path in outdir.glob(pattern)
        if path.is_file()
    }
    found["searchindex.js"] = without_index_entries(found["searchindex.js"])
    return found


def without_index_entries(script: bytes) -> bytes:
    """Sphinx's search index as far as Sphinx's incremental builds keep it: without its
    ``indexentries``, which Sphinx loses from the documents an incremental build does not read
    again (sphinx-doc/sphinx#12599, open in Sphinx 9.0), and without the words no page has any
    more, which Sphinx keeps with an empty list of pages."""
    text = script.decode("utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    data.pop("indexentries")
    for mapping in ("terms", "titleterms"):
        data[mapping] = {word: pages for word, pages in data[mapping].items() if pages != []}
    return json.dumps(data, sort_keys=True).encode("utf-8")


def build(make_app, srcdir: Path, **kwargs) -> dict[str, bytes]:
    app = make_app("html", srcdir=srcdir, confoverrides={"html_baseurl": BASE}, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app._warning.getvalue() == ""
    return outputs(app.outdir)


def copy_root(rootdir: Path, tmp_path: Path, name: str) -> Path:
    shutil.copytree(rootdir / ROOT, tmp_path / name)
    return tmp_path / name


def assert_same(got: dict[str, bytes], expected: dict[str, bytes]) -> None:
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []


def test_the_site_writes_every_kind_of_output(make_app, rootdir, tmp_path):
    written = build(make_app, copy_root(rootdir, tmp_path, "all"))
    for name in (
        "topics/apis.html", "languages/it.html", "event-topics.html", "event-languages.html",
        "feeds/index.atom", "feeds/topics/apis.atom", "conf/schedule.json", "talks.json", "sitemap.xml",
    ):
        assert name in written, name
    assert any(name.startswith("_pagefind/") for name in written)


def test_parallel_build_equals_serial(make_app, rootdir, tmp_path):
    serial = build(make_app, copy_root(rootdir, tmp_path, "j1"))
    parallel = build(make_app, copy_root(rootdir, tmp_path, "j2"), parallel=2)
    assert_same(parallel, serial)


def edit(srcdir: Path, talk: str, old: str, new: str) -> None:
    path = srcdir / "conf" / "talks" / talk
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "add-tag": ("tests.rst", "   :language: en", "   :language: en\n   :tags: Testing, APIs"),
    "remove-tag": ("graphql.rst", "   :tags: APIs\n", ""),
    "rename-tag": ("graphql.rst", "   :tags: APIs", "   :tags: Web APIs"),
    "change-language": ("serverless.rst", ":language: en", ":language: de"),
    "add-time-and-room": ("serverless.rst", "   :date: 2018-04-20", "   :date: 2018-04-20\n   :start: 9:00\n   :room: Sala A"),
}


@pytest.mark.parametrize("change", sorted(EDITS))
def test_incremental_build_equals_fresh(make_app, built_once, tmp_path, change):
    srcdir = built_once(ROOT.removeprefix("test-"), html_baseurl=BASE)
    before = outputs(srcdir / "_build" / "html")
    edit(srcdir, *EDITS[change])
    incremental = build(make_app, srcdir)
    fresh_src = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src)
    # With its last topic gone the site has no Topics index; like any page Sphinx no longer
    # writes, the old one is left in the output folder (unlinked), and nothing else differs.
    stale = set(incremental) - set(fresh)
    assert stale == ({"event-topics.html"} if change == "remove-tag" else set())
    assert_same({name: data for name, data in incremental.items() if name not in stale}, fresh)
    assert incremental != before


# -- this site, as Read the Docs builds it ---------------------------------------------------------

SITE_URL = "https://notes.example.org/en/latest/"


@pytest.fixture(scope="module")
def site_on_rtd(tmp_path_factory) -> Path:
    """The site itself, built as Read the Docs builds it (its canonical URL set), ``-n -W``."""
    out = tmp_path_factory.mktemp("rtd") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(out.parent / "doctrees"), str(PROJECT), str(out)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "READTHEDOCS_CANONICAL_URL": SITE_URL},
    )
    assert (result.returncode, result.stderr) == (0, "")
    return out


def html_pages(out: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(out).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(out.rglob("*.html"))
    }


@pytest.mark.slow
def test_the_sites_exports_validate(site_on_rtd):
    schedules = sorted(site_on_rtd.rglob("schedule.json"))
    assert len(schedules) >= 2
    for path in schedules:
        assert_valid_schedule(json.loads(path.read_text(encoding="utf-8")))
    talks = json.loads((site_on_rtd / "talks.json").read_text(encoding="utf-8"))
    assert_valid_talks(talks)
    assert len(talks["talks"]) >= len(schedules)


@pytest.mark.slow
def test_every_feed_of_the_site_is_valid_atom(site_on_rtd):
    schema = AtomSchema(SCHEMAS / "atom.rnc")
    feeds = sorted((site_on_rtd / "feeds").rglob("*.atom"))
    assert {"index.atom", "conferences", "speakers", "topics"} <= {path.relative_to(site_on_rtd / "feeds").parts[0] for path in feeds}
    for path in feeds:
        assert schema.errors(etree.parse(str(path))) == [], path


@pytest.mark.slow
def test_every_page_of_the_site_has_its_web_metadata(site_on_rtd):
    talk_pages = people = 0
    for name, soup in html_pages(site_on_rtd).items():
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # an earlier address of a speaker page
        tags = {tag.get("property"): tag.get("content") for tag in soup.find_all("meta", property=True)}
        assert tags.get("og:title") and tags.get("og:url") == SITE_URL + name, name
        for item in (json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")):
            assert item["@context"] == "https://schema.org", name
            assert item["name"] and item["url"].startswith(SITE_URL), name
            if item["@type"] == "Event":
                talk_pages += 1
                assert item["startDate"] and item["superEvent"]["@type"] == "Event", name
                assert all(person["@type"] == "Person" and person["name"] for person in item.get("performer", [])), name
            else:
                assert item["@type"] == "Person", name
                people += 1
    assert talk_pages > 50 and people > 50
    sitemap = ElementTree.parse(site_on_rtd / "sitemap.xml").getroot()
    urls = [url.find(f"{SITEMAP}loc").text for url in sitemap.iter(f"{SITEMAP}url")]
    assert urls == sorted(urls) and SITE_URL + "index.html" in urls
