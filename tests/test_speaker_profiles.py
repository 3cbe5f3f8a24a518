"""A ``speaker`` profile: one person under every spelling, with their own page."""

from __future__ import annotations

import json
import re
import zlib

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.sphinx("html", testroot="speaker-profiles")


@pytest.fixture
def built(app):
    app.build()
    return app


def page(app, name: str) -> str:
    return (app.outdir / name).read_text(encoding="utf-8")


def article_text(app, name: str) -> str:
    soup = BeautifulSoup(page(app, name), "html.parser")
    return " ".join((soup.find(attrs={"role": "main"}) or soup.body).get_text(" ").split())


def test_bad_profiles_get_one_located_warning_each(built, warning):
    lines = [line.replace(f"{built.srcdir}/", "") for line in re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue()).splitlines()]
    assert lines == [
        "people/raymond.rst:6: WARNING: ':links:' holds 'javascript:alert(1)', which is not an absolute http(s) URL; "
        "it is shown as text, not as a link [eventnotes.invalid-url]",
        "people/second.rst:4: WARNING: the speaker 'R. Hettinger' already has a profile (people/raymond.rst, line 4); "
        "write one 'speaker' directive per person, with the other spellings as ':aliases:' [eventnotes.duplicate-speaker]",
    ]


def test_profile_page_shows_the_person_and_all_their_talks(built):
    text = article_text(built, "people/raymond.html")
    assert "Pronouns : he/him" in text
    assert "Also written : Raymond D. Hettinger, R. Hettinger" in text
    assert "Core developer, known for his talks on idiomatic Python." in text
    assert "Talks Python’s Class Development Toolkit , 16 March 2013 Unicode in Python , 06 June 2012 (with Marc-Andre Lemburg)" in text
    html = page(built, "people/raymond.html")
    assert 'href="https://example.org/raymond"' in html
    assert 'href="javascript' not in html
    assert "javascript:alert(1)" in html  # kept, as text
    # The MyST profile: the talks of both spellings.
    assert "Talks Unicode in Python , 06 June 2012 (with Raymond Hettinger) Codecs , 06 June 2011" in article_text(
        built, "people/marc.html"
    )


def test_every_spelling_links_to_the_profile(built):
    assert 'href="../people/raymond.html#raymond-hettinger"' in page(built, "talks/toolkit.html")  # "Raymond D. Hettinger"
    assert 'href="people/raymond.html#raymond-hettinger"' in page(built, "index.html")  # :speaker:`R. Hettinger`
    assert 'href="../people/marc.html#marc-andre-lemburg"' in page(built, "talks/unicode.html")  # "Marc-Andre Lemburg"


def test_one_person_is_one_index_entry_and_no_made_page(built):
    text = article_text(built, "event-speakers.html")
    assert "Marc-André Lemburg Codecs (06 June 2011) Unicode in Python (06 June 2012)" in text
    assert "Raymond Hettinger Unicode in Python (06 June 2012) Python’s Class Development Toolkit (16 March 2013)" in text
    assert "R. Hettinger" not in text and "Raymond D. Hettinger" not in text and "Marc-Andre" not in text
    # The addresses each spelling's page had now lead to the profile.
    for spelling_page in ("raymond-hettinger", "raymond-d-hettinger", "r-hettinger"):
        assert '<meta http-equiv="refresh" content="0; url=../people/raymond.html">' in page(
            built, f"speakers/{spelling_page}.html"
        )


def test_search_lists_the_person_once_and_the_inventory_every_spelling(built):
    js = page(built, "searchindex.js")
    index = json.loads(js[js.index("(") + 1 : js.rindex(")")])
    speaker_type = next(int(key) for key, name in index["objtypes"].items() if name == "event:speaker")
    speakers = [entry[4] for entries in index["objects"].values() for entry in entries if entry[1] == speaker_type]
    assert sorted(speakers) == ["Marc-André Lemburg", "Raymond Hettinger"]
    inventory = (built.outdir / "objects.inv").read_bytes()
    body = zlib.decompress(inventory.split(b"\n", 4)[4]).decode()
    for spelling in ("Raymond Hettinger", "R. Hettinger", "Raymond D. Hettinger", "Marc-Andre Lemburg"):
        assert re.search(rf"^{re.escape(spelling)} event:speaker (0|-1) people/", body, re.MULTILINE), spelling
