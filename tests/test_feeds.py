"""Atom feeds: valid against RFC 4287's schema, absolute, ordered, reproducible, linked from the pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rnc2rng
from bs4 import BeautifulSoup
from lxml import etree
from test_builds import EDITS, build, fresh_copy, is_redirect

from eventnotes import feeds
from eventnotes.names import speaker_page_name

SCHEMAS = Path(__file__).parent / "schemas"
BASE = "https://notes.example.org/"
WITH_BASE = {"html_baseurl": BASE}
ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}
SCHEMATRON = "http://www.ascc.net/xml/schematron"
RNG = "http://relaxng.org/ns/structure/1.0"


class AtomSchema:
    """RFC 4287's RELAX NG schema (Appendix B), with the Schematron rules it carries.

    lxml's RELAX NG ignores the rules embedded in the schema (an entry's
    alternate link, an author for every entry): they are checked with their
    own XPath tests.
    """

    def __init__(self, rnc: Path) -> None:
        rng = rnc2rng.dumps(rnc2rng.load(str(rnc)))
        # rnc2rng declares the schema's 'local = ""' namespace as a prefix,
        # which XML namespaces forbid; the grammar uses ns="" instead.
        grammar = etree.fromstring(rng.replace(' xmlns:local=""', "").encode())
        self.relaxng = etree.RelaxNG(grammar)
        self.rules = [
            (rule.get("context"), assertion.get("test"), assertion.text)
            for rule in grammar.iter(f"{{{SCHEMATRON}}}rule")
            for assertion in rule.iter(f"{{{SCHEMATRON}}}assert")
        ]
        assert len(self.rules) == 3

    def errors(self, document: etree._ElementTree) -> list[str]:
        errors = []
        if not self.relaxng.validate(document):
            errors += [f"{error.line}: {error.message}" for error in self.relaxng.error_log]
        for context, test, message in self.rules:
            for node in document.xpath(f"//{context}", namespaces=NS):
                if not node.xpath(f"boolean({test})", namespaces=NS):
                    errors.append(f"{node.sourceline}: {message}")
        return errors


@pytest.fixture(scope="module")
def atom_schema() -> AtomSchema:
    return AtomSchema(SCHEMAS / "atom.rnc")


def feed_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted((outdir / "feeds").rglob("*.atom"))
    }


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path))


def entries(path: Path) -> list[etree._Element]:
    return parse(path).getroot().findall("atom:entry", NS)


def text(element: etree._Element, path: str) -> str:
    return element.findtext(path, namespaces=NS)


# Builds with a base URL have source folders of their own (srcdir=...): the
# builds of other test modules from the same roots keep their environment
# and warnings to themselves.


def built(make_app, srcdir: Path, **kwargs):
    return build(make_app, srcdir, confoverrides=WITH_BASE | kwargs.pop("confoverrides", {}), **kwargs)


# -- what is written, and that it is valid ----------------------------------------------------------


def test_a_valid_feed_for_the_site_each_conference_speaker_and_topic(shared_build, atom_schema):
    app = shared_build("basic", "html", **WITH_BASE)
    assert app._warning.getvalue() == ""
    written = set(feed_files(app.outdir))
    speakers = {path.stem for path in (app.outdir / "speakers").glob("*.html") if not is_redirect(path)}
    topics = {path.stem for path in (app.outdir / "topics").glob("*.html")}
    assert "raymond-hettinger" in speakers and {"python", "django"} <= topics
    assert written == {
        "feeds/index.atom",
        "feeds/conferences/pycon.atom",
        "feeds/conferences/djangocon.atom",
        *(f"feeds/speakers/{name}.atom" for name in speakers),
        *(f"feeds/topics/{name}.atom" for name in topics),
    }
    for name in sorted(written):
        assert atom_schema.errors(parse(app.outdir / name)) == [], name


def test_the_schema_rejects_invalid_feeds(atom_schema, make_app, rootdir, tmp_path):
    app = built(make_app, fresh_copy(rootdir, tmp_path, "invalid"))
    feed = app.outdir / "feeds" / "conferences" / "pycon.atom"
    assert atom_schema.errors(parse(feed)) == []

    def broken(change) -> list[str]:
        document = parse(feed)
        change(document.getroot())
        return atom_schema.errors(document)

    def remove(path: str):
        return lambda root: [element.getparent().remove(element) for element in root.xpath(path, namespaces=NS)]

    def set_text(path: str, value: str):
        return lambda root: [setattr(element, "text", value) for element in root.xpath(path, namespaces=NS)]

    assert broken(remove("atom:id"))  # a feed needs an id
    assert broken(set_text("atom:updated", "16 March 2013"))  # a date is an RFC 3339 date-time
    assert broken(remove("atom:entry/atom:title"))
    assert broken(lambda root: root.append(etree.Element(f"{{{ATOM}}}bogus")))
    # The Schematron rules: an entry needs an alternate link; an author, its own or its feed's.
    assert broken(remove("atom:entry/atom:link")) == [
        f"{line}: An atom:entry must have at least one atom:link element with a rel attribute of 'alternate' "
        "or an atom:content."
        for line in [entry.sourceline for entry in entries(feed)]
    ]
    assert broken(remove("atom:entry/atom:author | atom:author"))[0].endswith(
        "An atom:feed must have an atom:author unless all of its atom:entry children have an atom:author."
    )


# -- what a feed says ---------------------------------------------------------------------------------


def test_self_links_ids_and_links_are_absolute(shared_build):
    app = shared_build("basic", "html", **WITH_BASE)
    for name in feed_files(app.outdir):
        root = parse(app.outdir / name).getroot()
        address = BASE + name
        assert root.xpath("atom:link[@rel='self']/@href", namespaces=NS) == [address]
        assert root.xpath("atom:link[@rel='self']/@type", namespaces=NS) == ["application/atom+xml"]
        assert text(root, "atom:id") == address
        alternate = root.xpath("atom:link[@rel='alternate']/@href", namespaces=NS)
        ids = [text(entry, "atom:id") for entry in entries(app.outdir / name)]
        assert len(ids) == len(set(ids)) > 0, name
        links = [*alternate, *root.xpath("atom:entry/atom:link/@href | .//atom:uri/text()", namespaces=NS)]
        for url in [*links, *ids]:
            assert url.startswith(BASE), (name, url)
            target = app.outdir / url.removeprefix(BASE).partition("#")[0]
            assert target.is_file(), (name, url)
        for entry in entries(app.outdir / name):
            assert entry.xpath("atom:link/@href", namespaces=NS) == [text(entry, "atom:id")]


def test_newest_talks_first_and_updated_from_the_newest(shared_build):
    app = shared_build("basic", "html", **WITH_BASE)
    talks = sorted(app.env.domains["event"].all_talks(), key=lambda talk: talk.date, reverse=True)
    for name in feed_files(app.outdir):
        days = [text(entry, "atom:updated") for entry in entries(app.outdir / name)]
        assert days == sorted(days, reverse=True), name
        assert text(parse(app.outdir / name).getroot(), "atom:updated") == days[0]
    site = entries(app.outdir / "feeds" / "index.atom")
    assert len(site) == len(talks)
    assert [text(entry, "atom:updated")[:10] for entry in site] == [talk.date for talk in talks]
    # Two lightning talks of one day: in the order of their page.
    assert [text(entry, "atom:title") for entry in site[:2]] == ["Zen of packaging", "Untitled tools"]
    assert text(site[0], "atom:updated") == "2013-03-17T00:00:00+00:00"


def test_the_site_feed_holds_the_newest_talks_up_to_its_size(shared_build):
    app = shared_build("basic", "html", **(WITH_BASE | {"eventnotes_site_feed_size": 2}))
    titles = [text(entry, "atom:title") for entry in entries(app.outdir / "feeds" / "index.atom")]
    assert titles == ["Zen of packaging", "Untitled tools"]
    # The other feeds are whole.
    assert len(entries(app.outdir / "feeds" / "conferences" / "pycon.atom")) == 4


def test_an_entry_has_title_authors_topics_and_summary(shared_build):
    app = shared_build("basic", "html", **WITH_BASE)
    [toolkit] = [
        entry for entry in entries(app.outdir / "feeds" / "topics" / "classes.atom")
    ]
    assert text(toolkit, "atom:title") == "Python’s Class Development Toolkit"
    assert text(toolkit, "atom:id") == f"{BASE}pycon/talks/toolkit.html"
    assert [(text(author, "atom:name"), text(author, "atom:uri")) for author in toolkit.findall("atom:author", NS)] == [
        ("Raymond Hettinger", f"{BASE}speakers/raymond-hettinger.html")
    ]
    # The topic's name, as its page names it ('python' and 'Python' are one topic).
    assert toolkit.xpath("atom:category/@term", namespaces=NS) == ["Python", "classes"]
    assert toolkit.find("atom:summary", NS).get("type") == "text"
    assert text(toolkit, "atom:summary") == "The talk’s abstract."
    # Without an abstract: the first lines of the notes.
    [idioms] = [
        entry for entry in entries(app.outdir / "feeds" / "topics" / "idioms.atom")
    ]
    assert text(idioms, "atom:summary") == "looping with enumerate"
    # A page of several talks: each entry is the talk's section.
    lightning = entries(app.outdir / "feeds" / "speakers" / f"{speaker_page_name('Łukasz Langa', '')}.atom")
    assert [text(entry, "atom:id") for entry in lightning] == [f"{BASE}pycon/talks/lightning.html#lightning-one"]
    assert text(lightning[0], "atom:summary") == "Packaging notes."


def test_summaries_are_plain_text_escaped_by_the_writer(shared_build, atom_schema):
    app = shared_build("feeds", "html")
    assert app._warning.getvalue() == ""
    raw = (app.outdir / "feeds" / "index.atom").read_text(encoding="utf-8")
    assert "<title>Long notes &amp; &lt;markup&gt;</title>" in raw
    site = {text(entry, "atom:title"): entry for entry in entries(app.outdir / "feeds" / "index.atom")}
    summary = text(site["Long notes & <markup>"], "atom:summary")
    assert summary.startswith("The speaker opened with a story about <b>tags</b> & ampersands, which went on")
    assert summary.endswith("…") and len(summary) <= feeds.SUMMARY_LENGTH
    assert "somewhere in the middle" in summary and "third point" not in summary
    # A talk without speakers: the feed's author (the note-takers) stands for it.
    assert site["A talk without speakers"].find("atom:author", NS) is None
    feed = parse(app.outdir / "feeds" / "index.atom").getroot()
    assert [text(author, "atom:name") for author in feed.findall("atom:author", NS)] == ["The note-takers"]
    # The base URL had no trailing slash.
    assert text(feed, "atom:id") == "https://notes.example.org/archive/feeds/index.atom"
    assert feed_files(app.outdir).keys() == {
        "feeds/index.atom", "feeds/conferences/conf.atom", "feeds/speakers/ann-author.atom", "feeds/topics/mystery.atom",
    }
    for name in feed_files(app.outdir):
        assert atom_schema.errors(parse(app.outdir / name)) == [], name


def test_a_speaker_under_several_spellings_has_one_feed(shared_build, atom_schema):
    app = shared_build("speaker-profiles", "html", **WITH_BASE)
    domain = app.env.domains["event"]
    speaker_feeds = sorted(path.stem for path in (app.outdir / "feeds" / "speakers").glob("*.atom"))
    people = sorted(speaker.name for speaker in domain.speakers() if speaker.talks)
    assert len(speaker_feeds) == len(people) == 2
    marc = app.outdir / "feeds" / "speakers" / f"{speaker_page_name('Marc-André Lemburg', '')}.atom"
    assert sorted(text(entry, "atom:title") for entry in entries(marc)) == sorted(
        talk.title for talk in domain.speaker("Marc-Andre Lemburg").talks
    )
    # Under the profile's name, linking to the profile.
    authors = {(text(author, "atom:name"), text(author, "atom:uri")) for author in parse(marc).iterfind(".//atom:author", NS)}
    assert ("Marc-André Lemburg", f"{BASE}people/marc.html") in authors
    assert all(name != "Marc-Andre Lemburg" for name, _uri in authors)
    assert parse(marc).getroot().xpath("atom:link[@rel='alternate']/@href", namespaces=NS) == [f"{BASE}people/marc.html"]
    for path in (app.outdir / "feeds").rglob("*.atom"):
        assert atom_schema.errors(parse(path)) == [], path


def test_dirhtml_feeds_link_its_addresses(shared_build):
    app = shared_build("basic", "dirhtml", **WITH_BASE)
    [toolkit] = entries(app.outdir / "feeds" / "topics" / "classes.atom")
    assert text(toolkit, "atom:id") == f"{BASE}pycon/talks/toolkit/"
    site = parse(app.outdir / "feeds" / "index.atom").getroot()
    assert site.xpath("atom:link[@rel='alternate']/@href", namespaces=NS) == [BASE]


@pytest.mark.parametrize("buildername", ["singlehtml", "epub"])
def test_only_websites_get_feeds(make_app, rootdir, tmp_path, buildername):
    srcdir = fresh_copy(rootdir, tmp_path, buildername)
    app = make_app(buildername, srcdir=srcdir, confoverrides=WITH_BASE)
    app.build()
    assert not (app.outdir / "feeds").exists()
    assert "Atom" not in app._status.getvalue()


# -- without a base URL ---------------------------------------------------------------------------------


def test_no_base_url_no_feeds_and_one_line_saying_so(shared_build):
    app = shared_build("feeds", "html", html_baseurl="")
    assert app._warning.getvalue() == ""
    assert not (app.outdir / "feeds").exists()
    lines = [line for line in app._status.getvalue().splitlines() if "Atom" in line]
    assert lines == [
        "eventnotes: html_baseurl is not set, so there are no Atom feeds, no schedule.json or talks.json, "
        "no OpenGraph tags or JSON-LD and no sitemap: all of them need the site's absolute address "
        "(Read the Docs sets it)"
    ]
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("link", type="application/atom+xml") is None
    assert index.select(".eventnotes-site-feed") == []
    assert "Atom" not in index.article.get_text()


# -- links to the feeds ------------------------------------------------------------------------------------


def head_feeds(path: Path) -> list[tuple[str, str]]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [(link["title"], link["href"]) for link in soup.head.find_all("link", rel="alternate", type="application/atom+xml")]


def test_pages_link_their_feeds_for_auto_discovery(shared_build):
    app = shared_build("basic", "html", **WITH_BASE)
    site = ("Project name not set  documentation", f"{BASE}feeds/index.atom")
    pycon = ("PyCon US 2013 — Project name not set  documentation", f"{BASE}feeds/conferences/pycon.atom")
    expected = {
        "index.html": [site],
        "event-speakers.html": [site],
        "pycon/index.html": [site, pycon],
        "pycon/talks/toolkit.html": [site, pycon],
        "pycon/talks/lightning.html": [site, pycon],
        "misc/loose.html": [site],  # in no conference
        "speakers/raymond-hettinger.html": [
            site, ("Raymond Hettinger — Project name not set  documentation", f"{BASE}feeds/speakers/raymond-hettinger.atom"),
        ],
        "topics/python.html": [site, ("Python — Project name not set  documentation", f"{BASE}feeds/topics/python.atom")],
    }
    for page, links in expected.items():
        assert head_feeds(app.outdir / page) == links, page
        for _title, href in links:
            assert (app.outdir / href.removeprefix(BASE)).is_file()


def test_the_home_page_links_the_site_feed(shared_build):
    app = shared_build("feeds", "html")
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    [link] = index.select("p.eventnotes-site-feed a")
    assert link["href"] == "https://notes.example.org/archive/feeds/index.atom"
    assert link.get_text() == "Atom feed of the newest talks"


def test_the_feed_link_is_html_only(shared_build):
    app = shared_build("feeds", "latex")
    assert app._warning.getvalue() == ""
    tex = "".join(path.read_text(encoding="utf-8") for path in app.outdir.glob("*.tex"))
    assert "Feed Conf" in tex
    assert "feeds/index.atom" not in tex and "Atom feed" not in tex


# -- reproducible, parallel and incremental builds ------------------------------------------------------


def test_two_builds_give_the_same_feeds(make_app, rootdir, tmp_path):
    first = feed_files(built(make_app, fresh_copy(rootdir, tmp_path, "first")).outdir)
    second = feed_files(built(make_app, fresh_copy(rootdir, tmp_path, "second")).outdir)
    assert first and first == second


def test_parallel_build_gives_the_feeds_of_a_serial_build(make_app, rootdir, tmp_path):
    serial = feed_files(built(make_app, fresh_copy(rootdir, tmp_path, "serial")).outdir)
    parallel = feed_files(built(make_app, fresh_copy(rootdir, tmp_path, "parallel"), parallel=2).outdir)
    assert serial and parallel == serial


def test_unchanged_feeds_are_not_rewritten(make_app, rootdir, tmp_path):
    srcdir = fresh_copy(rootdir, tmp_path, "unchanged")
    outdir = built(make_app, srcdir).outdir
    before = {path: path.stat().st_mtime_ns for path in (outdir / "feeds").rglob("*.atom")}
    EDITS["add-tag"](srcdir)  # Mozilla's talk gets the new topic 'caching'
    built(make_app, srcdir)
    rewritten = {
        path.relative_to(outdir).as_posix()
        for path in (outdir / "feeds").rglob("*.atom")
        if path.stat().st_mtime_ns != before.get(path)
    }
    assert rewritten == {
        "feeds/index.atom", "feeds/conferences/djangocon.atom", "feeds/speakers/andy-mckay.atom",
        "feeds/topics/caching.atom", "feeds/topics/django.atom", "feeds/topics/cafe-73473d.atom",
    }


@pytest.mark.parametrize("edit", ["add-tag", "remove-tag", "rename-tag", "respell-topic", "retitle", "remove-talk"])
def test_incremental_build_gives_the_feeds_of_a_fresh_build(make_app, built_once, tmp_path, edit):
    srcdir = built_once("basic", **WITH_BASE)
    before = feed_files(srcdir / "_build" / "html")
    EDITS[edit](srcdir)
    incremental = feed_files(built(make_app, srcdir).outdir)
    fresh_src = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = feed_files(built(make_app, fresh_src).outdir)
    assert incremental.keys() == fresh.keys()
    assert [name for name in fresh if incremental[name] != fresh[name]] == []
    assert incremental != before
    if edit == "rename-tag":  # the topic 'idioms' is gone, and so is its feed
        assert "feeds/topics/idioms.atom" in before and "feeds/topics/idioms.atom" not in incremental


def test_a_build_without_base_url_removes_the_feeds_of_an_earlier_build(make_app, rootdir, tmp_path):
    srcdir = fresh_copy(rootdir, tmp_path, "off")
    assert feed_files(built(make_app, srcdir).outdir)
    app = build(make_app, srcdir)  # test-basic sets no html_baseurl
    assert not (app.outdir / "feeds").exists()
    assert head_feeds(app.outdir / "index.html") == []
