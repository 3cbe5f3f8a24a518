"""Whatever a note-taker writes, the build goes on, keeps the notes and stays safe.

Hypothesis writes talks in reStructuredText and in MyST (both fence styles):
titles, option values (dates valid and not, URLs of every kind, tags,
languages, unknown options), speaker lists and note bodies.  Each example
is one small project (``tests/roots/test-properties``) holding a few such
talks, built with Sphinx; then:

- the build does not crash;
- every word of the notes, the title, each speaker and each tag is in the
  talk page's text;
- the page carries no markup from the input (no ``<script>``, no ``on*=``
  attribute) and no link but http(s), relative or ``#...``;
- every warning names its file and line, and its type is ``eventnotes.*``
  or one of docutils' or MyST's own.

Text is drawn from an alphabet chosen so that the markup parsers have
nothing to say about it (no ``*``, `````, ``_``, ``|``, ``#``, ...): what is
tested is the extension.  Option values are hostile on purpose (``<``,
``"``, ``&``, ``javascript:``).

The profiles are registered in ``tests/conftest.py``: ``default`` runs a
few examples in ``make test``, ``fast`` fewer in ``make test-fast``; ``long``
runs many::

    python -m pytest tests/test_properties.py --hypothesis-profile=long
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from dataclasses import dataclass

from bs4 import BeautifulSoup
from conftest import TESTS
from eventnotes.dates import parse_date
from eventnotes.validation import is_web_url
from html_text import article_text
from hypothesis import example, given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

ROOT = TESTS / "roots" / "test-properties"

#: Letters a note-taker types, accented and not; digits.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàéîõüçñßøłžÉÅŁ0123456789"
#: Characters an option value may hold on top of letters: HTML's special ones among them.
HOSTILE = "<>\"'&/=()!?.- "

words = st.text(LETTERS, min_size=1, max_size=10)


def phrase(alphabet: str = "", max_words: int = 5) -> st.SearchStrategy[str]:
    """Words separated by single spaces, the first of letters and digits; ``alphabet`` adds characters to the others."""
    word = words if not alphabet else st.text(LETTERS + alphabet, min_size=1, max_size=12)
    return st.builds(
        lambda first, rest: " ".join([first, *rest]),
        words,
        st.lists(word, max_size=max_words - 1),
    ).map(lambda text: " ".join(text.split()))


web_urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.example.org/{path}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
    st.text(LETTERS + "/?=&%.-~\"'<>()", max_size=20),
)
other_urls = st.one_of(
    st.sampled_from([
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript://example.org/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "mailto:someone@example.org",
        "file:///etc/passwd",
        "https://",
        "http:/example.org",
        "example.org/slides.pdf",
        "/slides.pdf",
        "https://exa mple.org/",
        "https://[::1",
        "<script>alert(1)</script>",
        "x\" onmouseover=\"alert(1)",
    ]),
    phrase(HOSTILE, max_words=2),
)
urls = st.one_of(web_urls, other_urls)

dates = st.one_of(
    st.dates().map(lambda day: f"{day.year:04d}-{day.month:02d}-{day.day:02d}"),
    st.sampled_from(["2020-02-30", "2021-13-01", "2013-3-16", "16/03/2013", "0000-01-01", "2013-03-16T10:00"]),
    phrase(HOSTILE, max_words=2),
)
languages = st.one_of(
    st.sampled_from(["en", "it", "pt-BR", "de_DE", "zh-Hant-TW", "sr-Latn", "x", "zz", "en-", "-", "root", "und"]),
    phrase(HOSTILE, max_words=2),
)
names = phrase(HOSTILE, max_words=3)
# Now and then an empty item ("Ann, , Bob"), which deserves a warning.
speaker_lists = st.lists(st.one_of(names, names, names, st.just("")), min_size=1, max_size=3)
tag_lists = st.lists(phrase(max_words=2), min_size=1, max_size=3)
titles = phrase("'&,?!()", max_words=6)
paragraphs = st.lists(phrase(max_words=12), min_size=1, max_size=3)


@dataclass
class GeneratedTalk:
    markup: str  # "rst", "myst" or "myst-colon"
    title: str
    options: dict[str, str]
    abstract: list[str]
    notes: list[str]

    @property
    def speakers(self) -> list[str]:
        return [name for name in self.options.get("speaker", "").split(",") if name.strip()]

    @property
    def tags(self) -> list[str]:
        return [tag for tag in self.options.get("tags", "").split(",") if tag.strip()]

    def source(self) -> str:
        options = "".join(f":{name}: {value}\n" for name, value in self.options.items())
        abstract = "\n\n".join(self.abstract)
        notes = "\n\n".join(self.notes)
        if self.markup == "rst":
            indented_options = "".join(f"   {line}\n" for line in options.splitlines())
            indented_abstract = "\n\n".join(f"   {paragraph}" for paragraph in self.abstract)
            return (
                f"{self.title}\n{'=' * (len(self.title) + 2)}\n\n"
                f".. talk::\n{indented_options}\n{indented_abstract}\n\n{notes}\n"
            )
        fence, close = ("```{talk}", "```") if self.markup == "myst" else (":::{talk}", ":::")
        return f"# {self.title}\n\n{fence}\n{options}\n{abstract}\n{close}\n\n{notes}\n"


@st.composite
def talks(draw, markup: str) -> GeneratedTalk:
    options: dict[str, str] = {}
    for name, values in (
        ("date", dates),
        ("speaker", speaker_lists.map(", ".join)),
        ("slides", urls),
        ("video", urls),
        ("details", urls),
        ("tags", tag_lists.map(", ".join)),
        ("language", languages),
        ("date-note", phrase(HOSTILE)),
        ("speakers", names),  # a typo of :speaker:, an unknown option
    ):
        if draw(st.booleans()):
            options[name] = draw(values)
    return GeneratedTalk(
        markup=markup,
        title=draw(titles),
        options=options,
        abstract=draw(st.lists(phrase(max_words=8), max_size=2)),
        notes=draw(paragraphs),
    )


#: A project's talks: one or two in each markup.
projects = st.tuples(
    st.lists(talks("rst"), min_size=1, max_size=2),
    st.lists(talks("myst"), min_size=1, max_size=2),
    st.lists(talks("myst-colon"), max_size=1),
).map(lambda groups: [talk for group in groups for talk in group])


def build(talks: list[GeneratedTalk], srcdir) -> tuple[SphinxTestApp, str]:
    shutil.copytree(ROOT, srcdir)
    (srcdir / "conf" / "talks").mkdir()
    for number, talk in enumerate(talks):
        suffix = ".rst" if talk.markup == "rst" else ".md"
        (srcdir / "conf" / "talks" / f"t{number}{suffix}").write_text(talk.source(), encoding="utf-8")
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()  # unregister docutils nodes before the next app
    return app, warnings.getvalue()


def reader_text(text: str) -> str:
    """Text as compared on the page: NFC (as speaker names are kept), white space folded."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


#: Warning types that are not the extension's but the markup parsers' own.
PARSER_TYPES = re.compile(r"docutils|myst(\.[a-z_-]+)?")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warning_records(text: str) -> list[str]:
    """One string per warning (a message may run over several lines)."""
    text = ANSI.sub("", text).strip()
    return re.split(r"\n(?=[^\n]*?\b(?:WARNING|ERROR|CRITICAL): )", text) if text else []


def check_warning(record: str, srcdir) -> None:
    located = re.match(rf"{re.escape(str(srcdir))}/(conf/talks/t\d+\.(?:rst|md)):(\d+): (WARNING|ERROR): ", record)
    assert located, f"warning without file and line:\n{record}"
    typed = re.search(r" \[([a-z._-]+)\]$", record)
    assert typed, f"warning without a type:\n{record}"
    kind = typed.group(1)
    assert kind.startswith("eventnotes.") or PARSER_TYPES.fullmatch(kind), f"warning of type {kind}:\n{record}"


#: What a browser strips from both ends of a URL (C0 controls and space).
C0_AND_SPACE = "".join(map(chr, range(0x21)))


def url_scheme(url: str) -> str:
    """The scheme a browser would see (WHATWG URL parsing), or "" for a relative URL."""
    url = re.sub(r"[\t\n\r]", "", url.strip(C0_AND_SPACE))
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return scheme.group(1).lower() if scheme else ""


def check_page_is_safe(source: str) -> None:
    soup = BeautifulSoup(source, "html.parser")
    # A speaker's old address holds a redirect page: no theme, no article, a body of one link.
    is_redirect = soup.find("meta", attrs={"http-equiv": "refresh"}) is not None
    article = soup.body if is_redirect else soup.article
    assert article is not None
    for element in article.find_all(True):
        assert element.name not in {"script", "iframe", "object", "embed", "form", "style", "base"}, element
        for attribute in element.attrs:
            assert not attribute.lower().startswith("on"), element
    for element in soup.find_all(True):
        for attribute in ("href", "src", "action", "formaction", "xlink:href"):
            if (url := element.get(attribute)) is not None:
                assert url_scheme(url) in {"", "http", "https"}, f"{attribute}={url!r} in {element}"


def check_text_is_kept(talk: GeneratedTalk, page: str) -> None:
    text = reader_text(article_text(page))
    for paragraph in [*talk.notes, *talk.abstract]:
        for word in paragraph.split():
            assert reader_text(word) in text
    assert reader_text(talk.title) in text
    for name in talk.speakers:
        assert reader_text(name) in text
    for tag in talk.tags:
        assert reader_text(tag) in text
    # Values the extension cannot use are shown as written: that they read
    # as text also proves that any markup in them was escaped.
    # A web URL is a link named by its service or host, the URL in its href (see check_links_are_kept).
    shown_as_written = [
        talk.options[name] for name in ("slides", "video", "details")
        if name in talk.options and not is_web_url(" ".join(talk.options[name].split()))
    ]
    if "speakers" in talk.options:
        shown_as_written.append(talk.options["speakers"])
    if "date" in talk.options and parse_date(talk.options["date"]) is None:
        shown_as_written.append(talk.options["date"])
    for value in shown_as_written:
        assert reader_text(value) in text


def check_links_are_kept(talk: GeneratedTalk, page: str) -> None:
    """Each web URL of the talk is the address of a link of its block."""
    article = BeautifulSoup(page, "html.parser").article
    hrefs = {link.get("href") for link in article.select(".eventnotes-meta a")}
    for name in ("slides", "video", "details"):
        url = " ".join(talk.options.get(name, "").split())
        if url and is_web_url(url):
            assert url in hrefs, (name, url, hrefs)


HOSTILE_TALK_OPTIONS = {
    "date": "2020-02-30",
    "speaker": "Ann <b>Bold</b>, , Bob \" onmouseover=\"alert(1)",
    "slides": "javascript:alert(1)",
    "video": "data:text/html,<script>alert(1)</script>",
    "details": "https://example.org/\"><script>alert(1)</script>",
    "tags": "a<i>b</i>, c&amp;d",
    "language": "<script>",
    "speakers": "Typo <s>Name</s>",
}


@example(talks=[
    GeneratedTalk(markup, "Talk's title & more", HOSTILE_TALK_OPTIONS, ["An abstract"], ["Notes here"])
    for markup in ("rst", "myst", "myst-colon")
])
@given(talks=projects)
def test_generated_talks_build_keep_their_text_and_stay_safe(talks, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("properties") / "project"
    app, warnings = build(talks, srcdir)
    for record in warning_records(warnings):
        check_warning(record, srcdir)
    for number, talk in enumerate(talks):
        page = (app.outdir / "conf" / "talks" / f"t{number}.html").read_text(encoding="utf-8")
        check_page_is_safe(page)
        check_text_is_kept(talk, page)
        check_links_are_kept(talk, page)
    # The pages that show the talks of other pages: the conference, the speakers.
    for page in ("conf/index.html", "event-speakers.html", *(f"speakers/{path.name}" for path in
                 (app.outdir / "speakers").glob("*.html"))):
        if (app.outdir / page).exists() or page == "conf/index.html":
            check_page_is_safe((app.outdir / page).read_text(encoding="utf-8"))
