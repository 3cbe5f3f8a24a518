"""What readers get in HTML: talk blocks, listings, indices, speaker pages, search."""

from __future__ import annotations

import json
import zlib

import pytest
from defusedxml import ElementTree
from html_text import article_text, links_of

pytestmark = pytest.mark.sphinx("html", testroot="basic")


@pytest.fixture
def built(shared_build):
    return shared_build("basic")


def page(app, name: str) -> str:
    return (app.outdir / name).read_text(encoding="utf-8")


def test_build_has_no_warnings(built):
    assert built.warning.getvalue() == ""


def test_talk_block(built):
    html = page(built, "pycon/talks/toolkit.html")
    text = article_text(html)
    assert "Date: 16 March 2013" in text
    assert "Speaker: Raymond Hettinger" in text
    assert "Conference: PyCon US 2013" in text
    assert 'href="../../speakers/raymond-hettinger.html"' in html
    assert '<a class="reference external" href="https://example.org/toolkit.pdf">' in html
    assert 'href="../index.html#pycon-us-2013"' in html
    assert "Tags: python, classes" in text
    assert 'href="../../topics/classes.html"' in html
    assert "Abstract The talk's abstract." in text


def test_talk_outside_conference_has_no_conference_field(built):
    text = article_text(page(built, "misc/loose.html"))
    assert "Speaker: Andy McKay" in text
    assert "Conference:" not in text


def test_conference_lists_its_talks_by_day(built):
    text = article_text(page(built, "pycon/index.html"))
    listing = text[text.index("Talks") :]
    assert listing == (
        "Talks "
        "Friday, 15 March 2013 Transforming Code into Beautiful, Idiomatic Python — Raymond Hettinger "
        "Saturday, 16 March 2013 Python’s Class Development Toolkit — Raymond Hettinger "
        "Sunday, 17 March 2013 Zen of packaging — Łukasz Langa, Domen Kožar "
        "Untitled tools — Domen Kožar"
    ).replace("’", "'")


def test_home_page_lists_conferences_newest_first(built):
    text = article_text(page(built, "index.html"))
    assert text.index("PyCon US 2013") < text.index("DjangoCon Europe 2011")
    assert "15 March 2013 – 17 March 2013 Santa Clara Convention Center, Santa Clara, California 4 talks" in text
    assert "06 June 2011 – 10 June 2011 Amsterdam 2 talks" in text


def test_roles_resolve_with_default_texts(built):
    links = links_of(page(built, "index.html"))
    assert [
        ("event-speakers.html", "Speaker Index"),
        ("speakers/raymond-hettinger.html", "Raymond Hettinger"),
        ("pycon/talks/toolkit.html#python-s-class-development-toolkit", "Python’s Class Development Toolkit"),
        ("pycon/talks/idioms.html#transforming-code-into-beautiful-idiomatic-python", "his other talk"),
        ("pycon/talks/lightning.html#lightning-one", "Zen of packaging"),
        ("pycon/index.html#pycon-us-2013", "PyCon US 2013"),
    ] == links[2:8]  # after the links of the two conference cards


def test_speaker_index(built):
    text = article_text(page(built, "event-speakers.html"))
    assert text == (
        "Speaker Index A | D | L | R "
        "A Andy McKay Large Django sites at Mozilla (DjangoCon Europe 2011, 07 June 2011) Loose talk (01 January 2012) "
        "D Domen Kožar Nix for Django (DjangoCon Europe 2011, 08 June 2011) "
        "Zen of packaging (PyCon US 2013, 17 March 2013) Untitled tools (PyCon US 2013, 17 March 2013) "
        "L Łukasz Langa Zen of packaging (PyCon US 2013, 17 March 2013) "
        "R Raymond Hettinger Transforming Code into Beautiful, Idiomatic Python (PyCon US 2013, 15 March 2013) "
        "Python's Class Development Toolkit (PyCon US 2013, 16 March 2013)"
    )


def test_speaker_index_alone_sets_its_entries_in_the_body_font(built):
    stylesheet = "_static/eventnotes-speaker-index.css"
    assert f'href="{stylesheet}' in page(built, "event-speakers.html")
    assert stylesheet not in page(built, "index.html")
    assert stylesheet not in page(built, "genindex.html")
    css = (built.outdir / stylesheet).read_text(encoding="utf-8")
    assert "table.domainindex-table code.xref" in css
    assert "font-family: inherit;" in css


def test_nfc_and_nfd_names_are_one_speaker(built):
    speakers = sorted(p.name for p in (built.outdir / "speakers").iterdir())
    assert speakers == [
        "andy-mckay.html",
        "domen-kozar-0722df.html",
        "domen-kozar.html",  # a redirect, see test_old_speaker_addresses_redirect
        "lukasz-langa-71ed23.html",
        "raymond-hettinger.html",
        "łukasz-langa.html",  # a redirect
    ]


def test_old_speaker_addresses_redirect(built):
    """Before transliteration, 'Domen Kožar' was at 'domen-kozar': that link still works."""
    html = page(built, "speakers/domen-kozar.html")
    assert '<meta http-equiv="refresh" content="0; url=domen-kozar-0722df.html">' in html
    assert '<link rel="canonical" href="domen-kozar-0722df.html">' in html
    assert '<meta name="robots" content="noindex">' in html


def test_speaker_page(built):
    html = page(built, "speakers/domen-kozar-0722df.html")
    text = article_text(html)
    assert text.startswith("Domen Kožar¶ 3 talks in these notes.")
    assert "Zen of packaging — PyCon US 2013, 17 March 2013 (with Łukasz Langa)" in text
    assert "Nix for Django — DjangoCon Europe 2011, 08 June 2011" in text
    assert 'href="../djangocon/talks/nix.html#nix-for-django"' in html
    assert 'href="../event-speakers.html"' in html
    assert "<title>Domen Kožar" in html


def test_topic_index(built):
    text = article_text(page(built, "event-topics.html"))
    assert text == (
        "Topics C | D | I | P "
        "C Café Large Django sites at Mozilla (DjangoCon Europe 2011, 07 June 2011) "
        "Transforming Code into Beautiful, Idiomatic Python (PyCon US 2013, 15 March 2013) "
        "classes Python's Class Development Toolkit (PyCon US 2013, 16 March 2013) "
        "D Django Large Django sites at Mozilla (DjangoCon Europe 2011, 07 June 2011) "
        "Nix for Django (DjangoCon Europe 2011, 08 June 2011) "
        "I idioms Transforming Code into Beautiful, Idiomatic Python (PyCon US 2013, 15 March 2013) "
        "P Python Transforming Code into Beautiful, Idiomatic Python (PyCon US 2013, 15 March 2013) "
        "Python's Class Development Toolkit (PyCon US 2013, 16 March 2013)"
    )
    assert ("topics/django.html#", "Django") in links_of(page(built, "event-topics.html"))
    assert 'href="_static/eventnotes-speaker-index.css' in page(built, "event-topics.html")


def test_topics_ignore_case_and_accents(built):
    # 'python' (toolkit.rst) and 'Python' (idioms.md) are one topic, as are 'Django'
    # and 'django'; a non-ASCII name's address carries a hash of the name.
    topics = sorted(p.name for p in (built.outdir / "topics").iterdir())
    assert topics == ["cafe-73473d.html", "classes.html", "django.html", "idioms.html", "python.html"]
    text = article_text(page(built, "topics/python.html"))
    assert text.startswith("Python¶ 2 talks on this topic.")


def test_topic_page(built):
    html = page(built, "topics/django.html")
    assert article_text(html) == (
        "Django¶ 2 talks on this topic. "
        "Nix for Django — DjangoCon Europe 2011, 08 June 2011 — Domen Kožar "
        "Large Django sites at Mozilla — DjangoCon Europe 2011, 07 June 2011 — Andy McKay "
        "Topics"
    )
    assert links_of(html) == [
        ("../djangocon/talks/nix.html#nix-for-django", "Nix for Django"),
        ("../djangocon/index.html#djangocon-europe-2011", "DjangoCon Europe 2011"),
        ("../speakers/domen-kozar-0722df.html", "Domen Kožar"),
        ("../djangocon/talks/mozilla.html#large-django-sites-at-mozilla", "Large Django sites at Mozilla"),
        ("../djangocon/index.html#djangocon-europe-2011", "DjangoCon Europe 2011"),
        ("../speakers/andy-mckay.html", "Andy McKay"),
        ("../event-topics.html", "Topics"),
    ]
    assert "<title>Django" in html


def test_talk_tags_link_to_topic_pages(built):
    links = links_of(page(built, "pycon/talks/idioms.html"))
    assert [
        ("../../topics/python.html", "Python"),
        ("../../topics/idioms.html", "idioms"),
        ("../../topics/cafe-73473d.html", "Café"),
    ] == links[-3:]
    links = links_of(page(built, "pycon/talks/toolkit.html"))
    # Written 'python': the tag keeps its spelling, and links to the one topic.
    assert [("../../topics/python.html", "python"), ("../../topics/classes.html", "classes")] == links[-2:]


def test_topic_role_in_rst_and_myst(built):
    # RST, whatever the case and accents: ':topic:`PYTHON`', ':topic:`coffee <cafe>`'.
    links = links_of(page(built, "index.html"))
    assert [
        ("event-topics.html", "Topics"),
        ("topics/python.html", "Python"),
        ("topics/cafe-73473d.html", "coffee"),
    ] == links[8:11]
    # MyST: '{topic}`Python`', '{topic}`coffee <cafe>`'.
    links = links_of(page(built, "djangocon/index.html"))
    assert [("../topics/python.html", "Python"), ("../topics/cafe-73473d.html", "coffee")] == links[-2:]


def test_genindex_entries(built):
    text = article_text(page(built, "genindex.html"))
    for entry in (
        "Raymond Hettinger Python's Class Development Toolkit Transforming Code into Beautiful, Idiomatic Python",
        "PyCon US 2013",
        "DjangoCon Europe 2011",
        "Large Django sites at Mozilla",
        "Łukasz Langa Zen of packaging",
    ):
        assert entry in text.replace("’", "'")


def load_searchindex(app) -> dict:
    js = page(app, "searchindex.js")
    return json.loads(js[js.index("(") + 1 : js.rindex(")")])


def test_search_index_objects_and_terms(built):
    index = load_searchindex(built)
    objtypes = set(index["objtypes"].values())
    assert {"event:talk", "event:speaker", "event:conference", "event:topic"} <= objtypes
    # Search results label objects plainly: "(speaker, in ...)".
    assert {label for _domain, _type, label in index["objnames"].values()} == {"talk", "speaker", "conference", "topic"}
    names = {entry[4] for entries in index["objects"].values() for entry in entries}
    assert {"Raymond Hettinger", "Domen Kožar", "PyCon US 2013", "Zen of packaging"} <= names
    docnames = index["docnames"]
    hettinger_docs = {docnames[i] for i in _as_list(index["terms"]["hetting"])}
    assert {"pycon/talks/toolkit", "pycon/talks/idioms"} <= hettinger_docs


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_objects_inventory(built):
    raw = (built.outdir / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode()
    lines = set(body.splitlines())
    # A talk is named by its page (or its section's label), and found at its section.
    assert {
        "pycon/talks/toolkit event:talk 1 pycon/talks/toolkit.html#python-s-class-development-toolkit"
        " Python’s Class Development Toolkit",
        "lightning-one event:talk 1 pycon/talks/lightning.html#$ Zen of packaging",
        "pycon/talks/lightning#untitled-tools event:talk 1 pycon/talks/lightning.html#untitled-tools Untitled tools",
        "pycon/index event:conference 1 pycon/index.html#pycon-us-2013 PyCon US 2013",
        # A speaker is found at their first talk; priority 0 (important): search lists them first.
        "Raymond Hettinger event:speaker 0 pycon/talks/idioms.html#transforming-code-into-beautiful-idiomatic-python -",
    } <= lines


def test_html_is_well_formed(built):
    for name in ("event-speakers.html", "speakers/domen-kozar-0722df.html", "pycon/index.html",
                 "event-topics.html", "topics/django.html"):
        html = page(built, name)
        article = html[html.index("<article") : html.index("</article>") + len("</article>")]
        ElementTree.fromstring(article.replace("&#160;", " ").replace("&nbsp;", " "))


@pytest.mark.sphinx("singlehtml", testroot="basic")
def test_single_page_output_keeps_listings_and_links(app, warning):
    # One resolved tree holds every document; each listing still finds its own.
    app.build()
    assert warning.getvalue() == ""
    text = article_text(page(app, "index.html"))
    assert "No talks yet" not in text
    assert "Sunday, 17 March 2013 Zen of packaging — Łukasz Langa, Domen Kožar" in text
    assert "Conference: PyCon US 2013" in text
    # singlehtml writes no extra pages: speaker names and tags are not links to missing pages.
    assert not (app.outdir / "speakers").exists()
    assert not (app.outdir / "topics").exists()
    assert "Tags: Python, idioms, Café" in text
    assert "speakers/" not in page(app, "index.html")
