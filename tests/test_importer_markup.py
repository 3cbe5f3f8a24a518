"""Imported text to MyST and RST: faithful formatting, and nothing hostile reaches a page.

The unit tests read the converters' output back with the parsers that will
read the pages (MyST's markdown-it configuration, docutils).  The corpus tests
convert every case to both markups, build all of them in one Sphinx project
(``-n -W`` equivalent: any warning fails) and read the HTML with BeautifulSoup.
"""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import docutils.core
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from eventnotes.importer.markup import fence_for, myst_inline, rst_inline, to_myst, to_rst
from eventnotes.importer.model import Text

MYST_EXTENSIONS = ["colon_fence", "deflist", "dollarmath", "substitution", "fieldlist",
                   "tasklist", "attrs_inline", "html_image", "html_admonition", "strikethrough"]

# Titles and names that real programmes contain.
AWKWARD_NAMES = [
    "# Not a heading",
    "*args and **kwargs",
    "The `with` statement",
    "A | B | C",
    "snake_case_names_",
    "Title: a subtitle",
    ":role:`x` and {role}`x`",
    "1. Not a list",
    "- not a bullet",
    "+++ not a block break",
    "(target)= not a target",
    "% not a comment",
    ".. raw:: html",
    "[link](https://example.org) and <b>bold</b>",
    "|substitution| and {{ substitution }}",
    "a\\b\\\\c ends with \\",
    "$x$ and ~~strike~~ and &amp; and &lt;",
    "Python 入門：データ分析のための実践テクニック",
    "very long " * 60,
    "Richard D. Copeland, Jr.",
    "---",
    "Ünïcödé — “quoted” ‘text’",
]


@pytest.mark.parametrize("plain", AWKWARD_NAMES)
def test_myst_inline_reads_back_as_the_same_text(plain):
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    config = MdParserConfig(enable_extensions=set(MYST_EXTENSIONS))
    parser = create_md_parser(config, DocutilsRenderer)
    tokens = parser.parse(myst_inline(plain))
    tree = SyntaxTreeNode(tokens)
    assert [node.type for node in tree.children] == ["paragraph"]
    inline = tree.children[0].children[0]
    assert [child.type for child in inline.children] == ["text"]
    assert inline.children[0].content == " ".join(plain.split())


@pytest.mark.parametrize("plain", AWKWARD_NAMES)
def test_rst_inline_reads_back_as_the_same_text(plain):
    document = docutils.core.publish_doctree(
        rst_inline(plain),
        settings_overrides={"report_level": 1, "halt_level": 5, "warning_stream": io.StringIO(),
                            "_disable_config": True},
    )
    assert [node.tagname for node in document.children] == ["paragraph"]
    assert [node.tagname for node in document.children[0].children] == ["#text"]
    assert document.astext() == " ".join(plain.split())


@pytest.mark.parametrize(
    ("plain", "myst", "rst"),
    [
        ("# C*", r"\# C\*", r"\# C\*"),
        ("a_b|c", r"a\_b\|c", r"a\_b\|c"),
        ("Q: `x`", r"Q\: \`x\`", r"Q\: \`x\`"),
        ("1. one", r"1\. one", r"1\. one"),
        ("two\nlines  here", "two lines here", "two lines here"),
        ("a\x00b\x1bc", "abc", "abc"),
    ],
)
def test_inline_escapes(plain, myst, rst):
    assert myst_inline(plain) == myst
    assert rst_inline(plain) == rst


@pytest.mark.parametrize(
    ("content", "fence"),
    [("", "````"), ("```python\nx\n```", "````"), ("`````", "``````"), ("a ``b`` c", "````")],
)
def test_fence_for(content, fence):
    assert fence_for(content) == fence


@pytest.mark.parametrize(
    ("text", "myst", "rst"),
    [
        (Text("Some **bold** text", "markdown"), "Some **bold** text", "Some **bold** text"),
        (Text("A *word*s end", "markdown"), "A *word*s end", r"A *word*\ s end"),
        (Text("[site](https://example.org/a_(b))", "markdown"),
         "[site](<https://example.org/a_%28b%29>)", "`site <https://example.org/a_%28b%29>`__"),
        (Text("[x](javascript:alert(1))", "markdown"),
         r"\[x\](javascript\:alert(1))", r"\[x\](javascript\:alert(1))"),
        (Text("## Heading\n\ntext", "markdown"), "**Heading**\n\ntext", "**Heading**\n\ntext"),
        (Text("- a\n- b\n  1. c", "markdown"), "- a\n- b\n  1. c", "- a\n\n- b\n\n  1. c"),
        (Text("one\ntwo\n\nthree", "text"), "one\\\ntwo\n\nthree", "| one\n| two\n\nthree"),
        (Text("Title\n=====\n\n*em* ``lit``", "rst"), "**Title**\n\n*em* `lit`",
         "**Title**\n\n*em* ``lit``"),
        (Text("<p>a<script>x()</script><b>b</b></p>", "html"), "a**b**", r"a\ **b**"),
        (Text("```py\nprint(1)\n```", "markdown"), "```py\nprint(1)\n```",
         ".. code-block:: py\n\n   print(1)"),
        (Text("```nosuchlanguage\n{}\n```", "markdown"), "```text\n{}\n```",
         ".. code-block:: text\n\n   {}"),
        (Text("> quoted\n\nafter", "markdown"), "> quoted\n\nafter", "..\n\n   quoted\n\nafter"),
        (Text("   ", "markdown"), "", ""),
    ],
)
def test_conversion(text, myst, rst):
    assert to_myst(text) == myst
    assert to_rst(text) == rst


def test_rst_with_problems_is_kept_as_quoted_text():
    text = Text("Broken *emphasis\n\n.. include:: /etc/passwd\n", "rst")
    assert to_myst(text) == "> Broken \\*emphasis\n>\n> \\.. include\\:\\: /etc/passwd"
    assert to_rst(text) == "..\n\n   Broken \\*emphasis\n\n   \\.. include\\:\\: /etc/passwd"


# --------------------------------------------------------------------------
# The corpus, built
# --------------------------------------------------------------------------

HOSTILE_HTML = (
    '<script>alert("s")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">js link</a> <a href="data:text/html;base64,PHNjcmlwdD4=">data link</a>'
    '<iframe src="https://evil.example/"></iframe><p onclick="alert(3)">visible words</p>'
)

# name: (text, words that must be visible on the page)
HOSTILE = {
    "md-html": (Text(HOSTILE_HTML + "\n\nvisible words", "markdown"), ["visible words"]),
    "md-links": (
        Text("[js link](javascript:alert(1)) [data link](data:text/html,x) "
             "[vb](vbscript:x) <javascript:alert(1)> [rel](../etc) visible words", "markdown"),
        ["js link", "data link", "visible words"],
    ),
    "md-myst": (
        Text("```{raw} html\n<script>alert(1)</script>\n```\n\n```{eval-rst}\n.. raw:: html\n\n"
             "   <script>alert(2)</script>\n```\n\n:::{note}\ncolon fence\n:::\n\n"
             "{raw}`<script>alert(3)</script>` (target)=\n\n% comment\n\n+++\n\n"
             "{{ substitution }} $math$ visible words\n\n---\nfront: matter\n---", "markdown"),
        ["colon fence", "visible words", "front", "<script>alert(1)</script>"],
    ),
    "md-heading": (Text("# Big heading\n\nSetext\n------\n\nvisible words", "markdown"),
                   ["Big heading", "Setext", "visible words"]),
    "rst-raw": (
        Text(".. raw:: html\n\n   <script>alert(1)</script>\n\nvisible words", "rst"),
        ["visible words", "<script>alert(1)</script>"],
    ),
    "rst-include": (Text(".. include:: /etc/hostname\n\nvisible words", "rst"), ["visible words"]),
    "rst-subst": (
        Text(".. |x| raw:: html\n\n   <script>alert(1)</script>\n\n.. |y| replace:: words\n\n"
             "visible |y| and `js <javascript:alert(1)>`_ and js2_ and data_\n\n"
             ".. _js2: javascript:alert(2)\n.. _data: data:text/html,x", "rst"),
        ["visible", "js"],
    ),
    "rst-targets": (
        Text("visible words `link`_ and `javascript:alert(1)`_\n\n"
             ".. _link: javascript:alert(1)\n\n.. image:: javascript:alert(1)\n   :alt: the alt", "rst"),
        ["visible words", "link"],
    ),
    "rst-broken": (Text("visible *words\n\n  bad indent\n\n.. nosuchdirective::", "rst"),
                   ["visible *words", "bad indent", "nosuchdirective"]),
    "html": (Text(HOSTILE_HTML, "html"), ["js link", "data link", "visible words"]),
    "text": (Text(HOSTILE_HTML + "\n.. raw:: html\n```{raw} html\n", "text"),
             ["<script>alert(\"s\")</script>", "visible words", ".. raw:: html", "{raw}"]),
}

# A line break: <br> from MyST, a line block from RST.
LINE_BREAK = "br, div.line-block"
# name: (text, [(CSS selector, the text of the elements it selects, or None: some)])
FAITHFUL = {
    "md": (
        Text("Intro with **bold**, *emphasis*, `code` and a [link](https://example.org/).\\\n"
             "After a break.\n\n## A heading\n\n- one\n- two\n  1. nested\n\n"
             "```python\nprint('hi')\n```\n\n> a quote\n\nmail [me](mailto:me@example.org)", "markdown"),
        [("strong", ["bold", "A heading"]), ("em", ["emphasis"]), ("code.literal", ["code"]),
         ('a[href="https://example.org/"]', ["link"]), ('a[href^="mailto:me"]', ["me"]),
         ("ul > li", ["one", "two\nnested"]), ("ol > li", ["nested"]), ("blockquote", ["a quote"]),
         ("pre", ["print('hi')"]), (LINE_BREAK, None)],
    ),
    "rst": (
        Text("Intro with **bold**, *emphasis*, ``code`` and a `link <https://example.org/>`_.\n\n"
             "A heading\n---------\n\n* one\n* two\n\n  #. nested\n\n::\n\n   print('hi')\n\n"
             "| line one\n| line two\n\nthen\n\n   a quote", "rst"),
        [("strong", ["bold", "A heading"]), ("em", ["emphasis"]), ("code.literal", ["code"]),
         ('a[href="https://example.org/"]', ["link"]), ("ul > li", ["one", "two\nnested"]),
         ("ol > li", ["nested"]), ("blockquote", ["a quote"]), ("pre", ["print('hi')"]),
         (LINE_BREAK, None)],
    ),
    "html": (
        Text("<h2>A heading</h2><p>Intro with <b>bold</b>, <i>emphasis</i>, <code>code</code> and a "
             '<a href="https://example.org/">link</a>.<br>After</p><ul><li>one<li>two<ol><li>nested'
             "</ol></ul><pre>print('hi')</pre><blockquote>a quote</blockquote>", "html"),
        [("strong", ["A heading", "bold"]), ("em", ["emphasis"]), ("code.literal", ["code"]),
         ('a[href="https://example.org/"]', ["link"]), ("ul > li", ["one", "two\nnested"]),
         ("ol > li", ["nested"]), ("blockquote", ["a quote"]), ("pre", ["print('hi')"]),
         (LINE_BREAK, None)],
    ),
}

NAMES = {f"name{index}": name for index, name in enumerate(AWKWARD_NAMES)}


def _myst_page(title: str, body: str) -> str:
    fence = fence_for(body)
    return f"# {title}\n\n{body}\n\n## Nested\n\n{fence}{{note}}\n{body}\n{fence}\n"


def _rst_page(title: str, body: str) -> str:
    nested = textwrap.indent(body, "   ", lambda line: bool(line.strip()))
    return f"{title}\n{'=' * len(title)}\n\n{body}\n\nNested\n------\n\n.. note::\n\n{nested}\n"


def _names_pages() -> dict[str, str]:
    myst = "\n\n".join(f"## {myst_inline(name)}\n\n{myst_inline(name)}" for name in AWKWARD_NAMES)
    rst_sections = []
    for name in AWKWARD_NAMES:
        title = rst_inline(name)
        width = sum(2 if __import__("unicodedata").east_asian_width(c) in "WF" else 1 for c in title)
        rst_sections.append(f"{title}\n{'-' * width}\n\n{title}")
    return {"names-myst.md": "# Names\n\n" + myst,
            "names-rst.rst": "Names\n=====\n\n" + "\n\n".join(rst_sections)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every case, converted to MyST and to RST, in one project built with every warning an error."""
    src = tmp_path_factory.mktemp("markup-corpus")
    pages: dict[str, str] = _names_pages()
    cases = {f"hostile-{name}": case for name, case in HOSTILE.items()}
    cases |= {f"faithful-{name}": case for name, case in FAITHFUL.items()}
    for name, (text, _) in cases.items():
        pages[f"{name}-myst.md"] = _myst_page(name, to_myst(text))
        pages[f"{name}-rst.rst"] = _rst_page(name, to_rst(text))
    for page, content in pages.items():
        (src / page).write_text(content, encoding="utf-8")
    toctree = "\n".join(f"   {Path(page).stem}" for page in sorted(pages))
    (src / "index.rst").write_text(f"Corpus\n======\n\n.. toctree::\n\n{toctree}\n", encoding="utf-8")
    (src / "conf.py").write_text(
        f"extensions = ['myst_parser']\nmyst_enable_extensions = {MYST_EXTENSIONS!r}\n"
        "nitpicky = True\nsmartquotes = False\n",
        encoding="utf-8",
    )
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=src, status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings.getvalue() == ""
    return app.outdir


def _soup(built: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((built / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def _article(built: Path, page: str):
    return _soup(built, page).select_one('div[role="main"], div.body, article')


@pytest.mark.parametrize("markup", ["myst", "rst"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_text_reaches_the_page_only_as_text(built, case, markup):
    body = _article(built, f"hostile-{case}-{markup}")
    assert body.find_all(["script", "iframe", "object", "embed", "img", "style"]) == []
    for element in body.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
        for attribute in ("href", "src"):
            value = re.sub(r"\s", "", str(element.get(attribute, ""))).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), element
    text = " ".join(body.get_text().split())
    _, visible = HOSTILE[case]
    for words in visible:
        assert text.count(" ".join(words.split())) >= 2, words  # at the top and in the directive


@pytest.mark.parametrize("markup", ["myst", "rst"])
@pytest.mark.parametrize("case", sorted(FAITHFUL))
def test_formatting_is_kept(built, case, markup):
    body = _article(built, f"faithful-{case}-{markup}")
    section = body.find("section")
    note = body.select_one("div.admonition.note")
    note.extract()  # the same content, checked on its own
    _, expectations = FAITHFUL[case]
    for part in (section, note):
        for selector, texts in expectations:
            found = [element.get_text().strip() for element in part.select(selector)]
            if texts is None:
                assert found, selector
                continue
            assert [re.sub(r"\n+", "\n", t) for t in found] == texts, (selector, found)
        assert "**" not in part.get_text() and "](" not in part.get_text()
    assert len(body.find_all("section")) == 2  # the page's own; the abstract made none


@pytest.mark.parametrize("markup", ["myst", "rst"])
def test_awkward_names_show_literally(built, markup):
    body = _article(built, f"names-{markup}")
    headings = [" ".join(h.get_text().replace("¶", "").split()) for h in body.find_all("h2")]
    paragraphs = [" ".join(p.get_text().split()) for p in body.find_all("p")]
    expected = [" ".join(name.split()) for name in AWKWARD_NAMES]
    assert headings == expected
    assert paragraphs == expected
