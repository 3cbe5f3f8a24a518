"""OpenGraph and Twitter card tags, schema.org JSON-LD and the sitemap (eventnotes.webmeta)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
import zlib

import pytest
from bs4 import BeautifulSoup

BASE = "https://notes.example.org/en/latest/"
WITH_BASE = {"html_baseurl": BASE}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def head(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser").head


def properties(soup: BeautifulSoup) -> dict[str, str]:
    tags = soup.find_all("meta", attrs={"property": True}) + soup.find_all("meta", attrs={"name": True})
    return {tag.get("property") or tag["name"]: tag["content"] for tag in tags}


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


@pytest.fixture
def built(shared_build):
    app = shared_build("webmeta", **WITH_BASE)
    assert app.warning.getvalue() == ""
    return app


def test_opengraph_and_twitter_card(built):
    tags = properties(head(built, "conf/talks/tests.html"))
    assert tags["og:title"] == "Testing every day"
    assert tags["og:type"] == "website"
    assert tags["og:url"] == BASE + "conf/talks/tests.html"
    assert tags["og:site_name"] == "Web Notes"
    assert tags["twitter:card"] == "summary"
    # No abstract: the first lines of the notes, not the talk's Date and Speaker fields.
    assert tags["og:description"] == "Thousands of projects are tested every day, and their results are kept."
    assert tags["description"] == tags["og:description"]


def test_description_is_the_abstract(built):
    tags = properties(head(built, "conf/talks/graphql.html"))
    assert tags["og:description"] == "GraphQL </script> is a specification & a query language."


def test_every_page_has_opengraph_tags(built):
    for page in ("index.html", "people/ada.html", "speakers/bob-smith.html", "topics/apis.html", "languages/it.html"):
        tags = properties(head(built, page))
        assert tags["og:url"].startswith(BASE), page
        assert tags["twitter:card"] == "summary"


def test_talk_event(built):
    (event,) = json_ld(head(built, "conf/talks/graphql.html"))
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "GraphQL <in> Python & more"
    assert event["url"] == BASE + "conf/talks/graphql.html"
    assert event["startDate"] == "2018-04-21"
    assert event["inLanguage"] == "it"
    assert event["performer"] == [
        {"@type": "Person", "name": "Ada Lovelace", "url": BASE + "people/ada.html"},
        {"@type": "Person", "name": "Bob Smith", "url": BASE + "speakers/bob-smith.html"},
    ]
    place = {"@type": "Place", "name": "Palazzo dei Congressi", "address": "Florence, Italy"}
    assert event["location"] == place
    assert event["superEvent"] == {
        "@type": "Event",
        "name": "PyCon Test 2018",
        "url": BASE + "conf/index.html",
        "startDate": "2018-04-19",
        "endDate": "2018-04-22",
        "location": place,
    }


def test_talk_event_with_a_time_has_the_conference_offset(built):
    (event,) = json_ld(head(built, "conf/talks/tests.html"))
    assert event["startDate"] == "2018-04-20T14:30:00+02:00"
    assert event["endDate"] == "2018-04-20T15:15:00+02:00"


def test_json_ld_cannot_close_its_script(built):
    text = (built.outdir / "conf/talks/graphql.html").read_text(encoding="utf-8")
    script = text[text.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "</script" not in script[1:] and "<in>" not in script and "&" not in script.split(">", 1)[1]
    assert "\\u003c/script\\u003e" in script


def test_speaker_pages_carry_a_person(built):
    (profile,) = json_ld(head(built, "people/ada.html"))
    assert profile == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Ada Lovelace",
        "url": BASE + "people/ada.html",
        "alternateName": ["A. Lovelace"],
        "sameAs": ["https://example.org/ada"],
    }
    (generated,) = json_ld(head(built, "speakers/bob-smith.html"))
    assert generated == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Bob Smith",
        "url": BASE + "speakers/bob-smith.html",
    }


def sitemap_urls(app) -> list[str]:
    root = ET.parse(app.outdir / "sitemap.xml").getroot()
    return [url.find(f"{SITEMAP}loc").text for url in root.iter(f"{SITEMAP}url")]


def test_sitemap_lists_every_page(built):
    urls = sitemap_urls(built)
    assert urls == sorted(urls)
    pages = {
        path.relative_to(built.outdir).as_posix()
        for path in built.outdir.rglob("*.html")
        # Earlier addresses of speaker pages are redirects, not pages.
        if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8")
    }
    assert set(urls) == {BASE + page for page in pages}
    assert {BASE + "speakers/bob-smith.html", BASE + "topics/apis.html", BASE + "languages/it.html"} <= set(urls)


def test_nothing_without_a_base_url(make_app, rootdir, tmp_path):
    shutil.copytree(rootdir / "test-webmeta", tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src")
    app.build()
    assert app.warning.getvalue() == ""
    assert app.status.getvalue().count("html_baseurl is not set") == 1
    assert not (app.outdir / "sitemap.xml").exists()
    for page in ("conf/talks/graphql.html", "speakers/bob-smith.html"):
        soup = head(app, page)
        assert not json_ld(soup)
        assert not {name for name in properties(soup) if name.startswith(("og:", "twitter:"))}


def test_not_in_single_page_html(make_app, rootdir, tmp_path):
    shutil.copytree(rootdir / "test-webmeta", tmp_path / "src")
    app = make_app("singlehtml", srcdir=tmp_path / "src", confoverrides=WITH_BASE)
    app.build()
    soup = head(app, "index.html")
    assert not json_ld(soup)
    assert "og:url" not in properties(soup)
    assert not (app.outdir / "sitemap.xml").exists()


def test_topics_in_inventory(built):
    raw = (built.outdir / "objects.inv").read_bytes()
    lines = zlib.decompress(raw.split(b"\n", 4)[4]).decode().splitlines()
    assert "APIs event:topic 1 conf/talks/graphql.html#graphql-in-python-more -" in lines


def outputs(outdir) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for pattern in ("sitemap.xml", "**/*.html")
        for path in outdir.glob(pattern)
    }


def test_parallel_build_equals_serial(make_app, rootdir, tmp_path):
    results = []
    for jobs in (1, 2):
        shutil.copytree(rootdir / "test-webmeta", tmp_path / f"j{jobs}")
        app = make_app("html", srcdir=tmp_path / f"j{jobs}", confoverrides=WITH_BASE, parallel=jobs)
        app.build()
        results.append(outputs(app.outdir))
    assert results[0] == results[1]


def test_incremental_build_after_a_language_change_equals_fresh(make_app, rootdir, tmp_path):
    shutil.copytree(rootdir / "test-webmeta", tmp_path / "inc")
    app = make_app("html", srcdir=tmp_path / "inc", confoverrides=WITH_BASE)
    app.build()
    talk = tmp_path / "inc/conf/talks/serverless.rst"
    talk.write_text(talk.read_text(encoding="utf-8").replace(":language: en", ":language: de"), encoding="utf-8")
    app2 = make_app("html", srcdir=tmp_path / "inc", confoverrides=WITH_BASE)
    app2.build()
    incremental = outputs(app2.outdir)
    shutil.copytree(tmp_path / "inc", tmp_path / "fresh", ignore=shutil.ignore_patterns("_build"))
    app3 = make_app("html", srcdir=tmp_path / "fresh", confoverrides=WITH_BASE)
    app3.build()
    assert "languages/de.html" in incremental
    assert incremental == outputs(app3.outdir)
