"""Imported text (untrusted) to safe, faithful MyST or RST page content.

Every source markup is first parsed into a small tree of the elements this
module allows: paragraphs, emphasis, strong, inline code, http/https/mailto
links, line breaks, nested lists, code blocks and block quotes.  Headings
become bold paragraphs, so that an abstract never opens a section of the
page.  Markdown is parsed by ``markdown-it-py`` with HTML off,
reStructuredText by docutils with ``raw`` and file insertion disabled, HTML
by the standard library's ``html.parser``, plain text by paragraphs and
lines.  Whatever else the source contains (raw HTML, directives, roles,
substitutions, targets, other link schemes) survives only as text.

Then a single renderer per output markup writes that tree, escaping every
text run, so nothing of the source reaches a page as markup: the renderer,
not the source, decides what the page executes.

A reStructuredText text that docutils reports a problem with (a system
message of level 2 or more) is kept as quoted plain text instead, so that it
cannot break a ``-W`` build.

For the page writer:

* :func:`to_myst` returns MyST block content.  It opens no directive and no
  colon fence, but its code blocks are backtick fences and its inline code
  uses backtick runs: a directive that encloses it must be opened and closed
  by a backtick fence longer than the longest backtick run in the content,
  as :func:`fence_for` returns.
* :func:`to_rst` returns unindented RST body content: indent all of it under
  the directive.  It may begin with an empty comment (``..``) that keeps a
  quote apart from what precedes it.
* :func:`myst_inline` and :func:`rst_inline` return one line.  In RST the
  returned text is longer than the source's (backslashes), and wide East
  Asian characters take two columns: measure a heading's underline on the
  returned text with ``unicodedata.east_asian_width``.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import html.parser
import re
import unicodedata
from collections.abc import Iterator

from eventnotes.importer.model import Text

__all__ = ["fence_for", "myst_inline", "rst_inline", "to_myst", "to_rst"]


# --------------------------------------------------------------------------
# The tree of allowed elements
# --------------------------------------------------------------------------


@dataclasses.dataclass
class TextRun:
    text: str


@dataclasses.dataclass
class LineBreak:
    pass


@dataclasses.dataclass
class InlineCode:
    code: str


@dataclasses.dataclass
class Emphasis:
    children: list[Inline]


@dataclasses.dataclass
class Strong:
    children: list[Inline]


@dataclasses.dataclass
class Link:
    url: str  # http, https or mailto only: parsers drop other links
    children: list[Inline]


Inline = TextRun | LineBreak | InlineCode | Emphasis | Strong | Link


@dataclasses.dataclass
class Paragraph:
    inlines: list[Inline]
    heading: bool = False  # a heading of the source, shown as a bold paragraph


@dataclasses.dataclass
class CodeBlock:
    code: str
    language: str = ""  # a Pygments lexer that lexes the code without error, or ""


@dataclasses.dataclass
class Quote:
    blocks: list[Block]


@dataclasses.dataclass
class BulletList:
    items: list[list[Block]]


@dataclasses.dataclass
class OrderedList:
    items: list[list[Block]]
    start: int = 1


Block = Paragraph | CodeBlock | Quote | BulletList | OrderedList

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# C0/C1 control characters other than tab and newline, and the Unicode
# non-characters docutils and browsers reject.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text with normalized newlines and without control characters."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """Text with every run of whitespace (newlines included) as one space."""
    return " ".join(clean(text).split())


def safe_url(url: str) -> str:
    """``url`` if it is an http, https or mailto link, else ""."""
    url = clean(url).strip()
    scheme, colon, rest = url.partition(":")
    if not colon or scheme.lower() not in LINK_SCHEMES or not rest.strip("/"):
        return ""
    if any(char.isspace() for char in url):
        return ""
    return url


def quote_url(url: str, also: str = "") -> str:
    """``url`` with the characters that would end it in MyST or RST percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in "<>()\\ " + also else c for c in url)


def plain_text(inlines: list[Inline]) -> str:
    parts = []
    for inline in inlines:
        if isinstance(inline, TextRun):
            parts.append(inline.text)
        elif isinstance(inline, InlineCode):
            parts.append(inline.code)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(inline.children))
    return "".join(parts)


def strip_edges(children: list[Inline]) -> tuple[str, list[Inline], str]:
    """Whitespace at the edges of formatted text, moved out of it.

    Emphasis, strong and links must begin and end with a visible character
    in both markups.
    """
    children = list(children)
    lead = trail = ""
    while children and isinstance(children[0], (TextRun, LineBreak)):
        first = children[0]
        text = first.text if isinstance(first, TextRun) else "\n"
        stripped = text.lstrip()
        lead += text[: len(text) - len(stripped)]
        if stripped:
            children[0] = TextRun(stripped)
            break
        children.pop(0)
    while children and isinstance(children[-1], (TextRun, LineBreak)):
        last = children[-1]
        text = last.text if isinstance(last, TextRun) else "\n"
        stripped = text.rstrip()
        trail = text[len(stripped) :] + trail
        if stripped:
            children[-1] = TextRun(stripped)
            break
        children.pop()
    return " " if lead else "", children, " " if trail else ""


def split_lines(inlines: list[Inline]) -> list[list[Inline]]:
    """A paragraph's inlines, cut at its line breaks."""
    lines: list[list[Inline]] = [[]]
    for inline in inlines:
        if isinstance(inline, LineBreak):
            lines.append([])
        else:
            lines[-1].append(inline)
    return lines


def _normalize_inlines(inlines: list[Inline]) -> list[Inline]:
    """Adjacent text runs merged, whitespace runs collapsed, edges trimmed."""
    merged: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, TextRun):
            text = re.sub(r"[ \t\n]+", " ", clean(inline.text))
            if not text:
                continue
            if merged and isinstance(merged[-1], TextRun):
                merged[-1] = TextRun(merged[-1].text + text)
                continue
            inline = TextRun(text)
        elif isinstance(inline, (Emphasis, Strong)):
            if merged and type(merged[-1]) is type(inline):  # <i>a</i><i>b</i> is one emphasis
                inline = type(inline)([*merged.pop().children, *inline.children])
            inline = type(inline)(_normalize_inlines(inline.children))
            if not inline.children:
                continue
        elif isinstance(inline, Link):
            inline = Link(inline.url, _normalize_inlines(inline.children))
        elif isinstance(inline, InlineCode):
            inline = InlineCode(clean(inline.code).replace("\n", " "))
            if not inline.code:
                continue
        merged.append(inline)
    # Whitespace around line breaks and at the edges is not significant.
    for index, inline in enumerate(merged):
        if not isinstance(inline, TextRun):
            continue
        text = inline.text
        if index == 0 or isinstance(merged[index - 1], LineBreak):
            text = text.lstrip()
        if index == len(merged) - 1 or isinstance(merged[index + 1], LineBreak):
            text = text.rstrip()
        merged[index] = TextRun(text)
    merged = [i for i in merged if not (isinstance(i, TextRun) and not i.text)]
    while merged and isinstance(merged[0], LineBreak):
        merged.pop(0)
    while merged and isinstance(merged[-1], LineBreak):
        merged.pop()
    return merged


def _paragraph(inlines: list[Inline], heading: bool = False) -> list[Block]:
    inlines = _normalize_inlines(inlines)
    return [Paragraph(inlines, heading)] if inlines else []


def _code_block(code: str, language: str) -> list[Block]:
    code = clean(code).expandtabs(8)
    if not code.strip():
        return []
    return [CodeBlock(code, _lexer_for(code, language))]


def _lexer_for(code: str, language: str) -> str:
    """``language`` if Pygments knows it and lexes ``code`` without an error.

    Sphinx warns when a code block fails to highlight, which ``-W`` turns into
    an error, so anything doubtful is shown as plain text.
    """
    language = language.strip().split()[0].lower() if language.strip() else ""
    if not re.fullmatch(r"[a-z0-9][a-z0-9+#._-]*", language):
        return ""
    import pygments.lexers
    import pygments.token
    from pygments.util import ClassNotFound

    try:
        lexer = pygments.lexers.get_lexer_by_name(language)
    except ClassNotFound:
        return ""
    if any(kind is pygments.token.Error for kind, _ in lexer.get_tokens(code)):
        return ""
    return language


# --------------------------------------------------------------------------
# Parsers
# --------------------------------------------------------------------------


def parse(body: str, markup: str, *, link_bare_urls: bool = True) -> list[Block]:
    """The allowed elements of ``body`` written in ``markup``.

    Bare http(s) addresses in Markdown and plain text are links, as pretalx
    shows them; ``link_bare_urls=False`` reads Markdown as MyST shows it.
    """
    body = clean(body)
    if not body.strip():
        return []
    if markup == "markdown":
        return _from_markdown(body, link_bare_urls)
    if markup == "rst":
        return _from_rst(body)
    if markup == "html":
        return _from_html(body)
    return _from_plain_text(body)


def _from_plain_text(body: str) -> list[Block]:
    """Paragraphs at blank lines; the author's meaningful line breaks are kept.

    A paragraph wrapped at a fixed width (lines of about the same length)
    flows as one paragraph; a line clearly shorter than the paragraph's
    longest, or followed by a list item, ends with a line break.  Short lines
    throughout (an address, a list of names) keep all their breaks.
    """
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", body.strip("\n")):
        lines = [line.strip() for line in chunk.split("\n")]
        longest = max(len(line) for line in lines)
        inlines: list[Inline] = []
        for index, line in enumerate(lines):
            if index:
                wrapped = (
                    longest >= _WRAPPED_WIDTH
                    and len(lines[index - 1]) >= 0.6 * longest
                    and not _LIST_ITEM.match(line)
                )
                inlines.append(TextRun(" ") if wrapped else LineBreak())
            inlines += _linked(line)
        blocks += _paragraph(inlines)
    return blocks


# Zero-width and other invisible characters end an address too.
_BARE_URL = re.compile(r"https?://[^\s<>\"'`\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+")


def _linked(line: str) -> list[Inline]:
    """A line of plain text, its bare http(s) addresses made links."""
    inlines: list[Inline] = []
    position = 0
    for match in _BARE_URL.finditer(line):
        url = match.group().rstrip(".,;:!?")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]  # "(see https://x.org/a)": the parenthesis is the sentence's
        if not safe_url(url):
            continue
        inlines += [TextRun(line[position : match.start()]), Link(url, [TextRun(url)])]
        position = match.start() + len(url)
    inlines.append(TextRun(line[position:]))
    return inlines


_WRAPPED_WIDTH = 50
_LIST_ITEM = re.compile(r"([-*+•·]|\d{1,3}[.)]|[a-zA-Z][.)])\s")


# Markdown ------------------------------------------------------------------


def _from_markdown(body: str, link_bare_urls: bool) -> list[Block]:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    parser = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
    tree = SyntaxTreeNode(parser.parse(body))
    return _markdown_blocks(tree.children, _linked if link_bare_urls else _unlinked)


def _unlinked(text: str) -> list[Inline]:
    return [TextRun(text)]


def _markdown_blocks(nodes, link) -> list[Block]:
    blocks: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "paragraph":
            blocks += _paragraph(_markdown_inlines(node.children, link))
        elif kind == "heading":
            blocks += _paragraph(_markdown_inlines(node.children, link), heading=True)
        elif kind in ("fence", "code_block"):
            blocks += _code_block(node.content, node.info if kind == "fence" else "")
        elif kind == "blockquote":
            inner = _markdown_blocks(node.children, link)
            blocks += [Quote(inner)] if inner else []
        elif kind == "bullet_list":
            blocks.append(BulletList([_markdown_blocks(item.children, link) for item in node.children]))
        elif kind == "ordered_list":
            start = int(node.attrs.get("start", 1))
            items = [_markdown_blocks(item.children, link) for item in node.children]
            blocks.append(OrderedList(items, start))
        elif kind == "inline":
            blocks += _paragraph(_markdown_inlines(node.children, link))
        elif node.children:  # anything else: keep its text
            blocks += _markdown_blocks(node.children, link)
        elif node.content:
            blocks += _from_plain_text(node.content)
    return blocks


def _markdown_inlines(nodes, link, in_link: bool = False) -> list[Inline]:
    inlines: list[Inline] = []
    for node in nodes:
        kind = node.type
        if kind == "inline":
            inlines += _markdown_inlines(node.children, link, in_link)
        elif kind == "text":
            # Bare addresses are links, as pretalx shows them.
            inlines += [TextRun(node.content)] if in_link else link(node.content)
        elif kind == "softbreak":
            inlines.append(TextRun("\n"))
        elif kind == "hardbreak":
            inlines.append(LineBreak())
        elif kind == "code_inline":
            inlines.append(InlineCode(node.content))
        elif kind == "em":
            inlines.append(Emphasis(_markdown_inlines(node.children, link, in_link)))
        elif kind == "strong":
            inlines.append(Strong(_markdown_inlines(node.children, link, in_link)))
        elif kind == "link":
            url = safe_url(str(node.attrs.get("href", "")))
            children = _markdown_inlines(node.children, link, in_link=True)
            inlines += [Link(url, children)] if url else children
        elif kind == "image":  # no remote images on a page: keep the description
            inlines += _markdown_inlines(node.children, link, in_link=True)
        elif node.children:
            inlines += _markdown_inlines(node.children, link, in_link)
        elif node.content:
            inlines.append(TextRun(node.content))
    return inlines


# reStructuredText ------------------------------------------------------------


def _from_rst(body: str) -> list[Block]:
    """The elements of an RST text, or the text quoted if docutils reports a problem."""
    import docutils.core
    from docutils.utils import Reporter

    try:
        document = docutils.core.publish_doctree(
            body, source_path="<abstract>", settings=copy.copy(_rst_settings())
        )
    except Exception:  # noqa: BLE001 - docutils can fail on any input; keep the text
        return [Quote(_from_plain_text(body))]
    # Messages are not printed (report_level 5), but the reporter counts them.
    if document.reporter.max_level >= Reporter.WARNING_LEVEL:
        return [Quote(_from_plain_text(body))]
    return _rst_blocks(document.children)


@functools.cache
def _rst_settings():
    """docutils' settings for untrusted text, made once (option parsing is slow)."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.readers.standalone import Reader
    from docutils.utils import Reporter

    settings = get_default_settings(Parser, Reader)
    overrides = {
        "raw_enabled": False,
        "file_insertion_enabled": False,
        "report_level": Reporter.SEVERE_LEVEL + 1,
        "halt_level": Reporter.SEVERE_LEVEL + 1,
        "warning_stream": False,
        "doctitle_xform": False,
        "sectsubtitle_xform": False,
        "line_length_limit": 1_000_000,
        "input_encoding": "unicode",
        "syntax_highlight": "none",
        "smart_quotes": False,
        "_disable_config": True,
    }
    for name, value in overrides.items():
        setattr(settings, name, value)
    return settings


_RST_SKIPPED = (
    "comment",
    "substitution_definition",
    "target",
    "system_message",
    "pending",
    "raw",
    "label",
    "meta",
    "image",
    "transition",
)


def _rst_blocks(nodes) -> list[Block]:
    from docutils import nodes as dn

    blocks: list[Block] = []
    for node in nodes:
        name = node.tagname
        if name in _RST_SKIPPED:
            continue
        if name in ("title", "subtitle", "rubric", "term"):
            blocks += _paragraph(_rst_inlines(node.children), heading=True)
        elif name in ("literal_block", "doctest_block"):
            classes = [c for c in node.get("classes", []) if c != "code"]
            language = node.get("language", "") or (classes[0] if classes else "")
            blocks += _code_block(node.astext(), "pycon" if name == "doctest_block" else language)
        elif name == "block_quote":
            inner = _rst_blocks(node.children)
            blocks += [Quote(inner)] if inner else []
        elif name == "bullet_list":
            blocks.append(BulletList([_rst_blocks(item.children) for item in node.children]))
        elif name == "enumerated_list" and node.get("enumtype", "arabic") == "arabic":
            items = [_rst_blocks(item.children) for item in node.children]
            blocks.append(OrderedList(items, int(node.get("start", 1))))
        elif name == "enumerated_list":  # letters or roman numerals: keep as bullets
            blocks.append(BulletList([_rst_blocks(item.children) for item in node.children]))
        elif name == "line_block":
            inlines: list[Inline] = []
            for line in node.findall(dn.line):
                if inlines:
                    inlines.append(LineBreak())
                inlines += _rst_inlines(line.children)
            blocks += _paragraph(inlines)
        elif isinstance(node, dn.TextElement):
            blocks += _paragraph(_rst_inlines(node.children))
        elif isinstance(node, dn.Text):
            blocks += _paragraph([TextRun(node.astext())])
        else:  # sections, admonitions, tables, definition and field lists...
            blocks += _rst_blocks(node.children)
    return blocks


def _rst_inlines(nodes) -> list[Inline]:
    from docutils import nodes as dn

    inlines: list[Inline] = []
    for node in nodes:
        if isinstance(node, dn.Text):
            inlines.append(TextRun(node.astext()))
        elif node.tagname in _RST_SKIPPED:
            if node.tagname == "image" and node.get("alt"):
                inlines.append(TextRun(node["alt"]))
        elif node.tagname == "emphasis":
            inlines.append(Emphasis(_rst_inlines(node.children)))
        elif node.tagname == "strong":
            inlines.append(Strong(_rst_inlines(node.children)))
        elif node.tagname == "literal":
            inlines.append(InlineCode(node.astext()))
        elif node.tagname == "reference":
            url = safe_url(node.get("refuri", ""))
            children = _rst_inlines(node.children)
            inlines += [Link(url, children)] if url else children
        else:
            inlines += _rst_inlines(node.children)
    return inlines


# HTML ----------------------------------------------------------------------

_HTML_DROPPED = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
     "template", "noscript", "svg", "math", "head", "title", "select", "textarea", "button"}
)
_HTML_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)
_HTML_BLOCK = frozenset(
    {"p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "ul",
     "ol", "li", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
     "td", "th", "thead", "tbody", "dl", "dt", "dd", "figure", "figcaption", "address",
     "hr", "details", "summary", "center", "body", "html", "form", "fieldset"}
)


@dataclasses.dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = dataclasses.field(default_factory=list)


class _TreeBuilder(html.parser.HTMLParser):
    """A forgiving element tree: unknown end tags are ignored, open ones closed at the end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("body", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag == "p":  # a paragraph ends the one still open, as browsers do
            self._close("p", only_top=True)
        if tag == "li":
            self._close("li", only_top=True)
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _HTML_VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        self._close(tag)

    def _close(self, tag: str, only_top: bool = False) -> None:
        candidates = self.stack[-1:] if only_top else self.stack
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag and self.stack[index] in candidates:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _from_html(body: str) -> list[Block]:
    builder = _TreeBuilder()
    builder.feed(body)
    builder.close()
    return _html_blocks(builder.root.children)


def _html_blocks(children: list[_Element | str]) -> list[Block]:
    """Block elements; runs of inline content between them become paragraphs."""
    blocks: list[Block] = []
    pending: list[Inline] = []

    def flush() -> None:
        blocks.extend(_paragraph(pending))
        pending.clear()

    for child in children:
        if isinstance(child, str) or child.tag not in _HTML_BLOCK:
            pending += _html_inlines([child])
            continue
        flush()
        tag = child.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt", "summary", "th"):
            blocks += _paragraph(_html_inlines(child.children), heading=True)
        elif tag == "pre":
            language = child.attrs.get("class", "").removeprefix("language-")
            blocks += _code_block(_html_text(child), language)
        elif tag == "blockquote":
            inner = _html_blocks(child.children)
            blocks += [Quote(inner)] if inner else []
        elif tag in ("ul", "ol"):
            items = [_html_blocks(item.children) for item in _html_items(child)]
            if tag == "ol":
                start = child.attrs.get("start", "1")
                blocks.append(OrderedList(items, int(start) if start.isdigit() else 1))
            else:
                blocks.append(BulletList(items))
        elif tag != "hr":
            blocks += _html_blocks(child.children)
    flush()
    return blocks


def _html_items(element: _Element) -> list[_Element]:
    """The items of a list; stray content outside <li> becomes an item of its own."""
    items: list[_Element] = []
    for child in element.children:
        if isinstance(child, _Element) and child.tag == "li":
            items.append(child)
        elif not (isinstance(child, str) and not child.strip()):
            items.append(_Element("li", {}, [child]))
    return items


def _html_text(element: _Element | str) -> str:
    if isinstance(element, str):
        return element
    if element.tag in _HTML_DROPPED:
        return ""
    if element.tag == "br":
        return "\n"
    return "".join(_html_text(child) for child in element.children)


def _html_inlines(children: list[_Element | str]) -> list[Inline]:
    inlines: list[Inline] = []
    for child in children:
        if isinstance(child, str):
            inlines.append(TextRun(child))
            continue
        tag = child.tag
        if tag in _HTML_DROPPED:
            continue
        if tag == "br":
            inlines.append(LineBreak())
        elif tag in ("em", "i", "cite", "var", "dfn"):
            inlines.append(Emphasis(_html_inlines(child.children)))
        elif tag in ("strong", "b"):
            inlines.append(Strong(_html_inlines(child.children)))
        elif tag in ("code", "tt", "kbd", "samp"):
            inlines.append(InlineCode(_html_text(child)))
        elif tag == "a":
            url = safe_url(child.attrs.get("href", ""))
            inner = _html_inlines(child.children)
            inlines += [Link(url, inner)] if url else inner
        elif tag == "img":
            inlines.append(TextRun(child.attrs.get("alt", "")))
        elif tag in _HTML_BLOCK:  # a block inside inline content: its text, on a new line
            inlines += [LineBreak(), *_html_inlines(child.children), LineBreak()]
        else:
            inlines += _html_inlines(child.children)
    return inlines


def blocks_of(text: Text) -> list[Block]:
    """The allowed elements of ``text``, parsed according to its markup."""
    return _pruned(parse(text.body, text.markup))


def _pruned(blocks: list[Block]) -> list[Block]:
    """The blocks without empty list items, lists or quotes.

    An empty item says nothing, and in MyST nested empty items (``- - -``,
    from reStructuredText) read back as a horizontal rule.
    """
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, (BulletList, OrderedList)):
            items = [inner for item in block.items if (inner := _pruned(item))]
            if items:
                kept.append(dataclasses.replace(block, items=items))
        elif isinstance(block, Quote):
            if inner := _pruned(block.blocks):
                kept.append(Quote(inner))
        else:
            kept.append(block)
    return kept


# --------------------------------------------------------------------------
# Checked where it is placed: inside a directive
# --------------------------------------------------------------------------


def nested_problems(content: str, fmt: str) -> list[str]:
    """What goes wrong with ``content`` (:func:`to_myst` or :func:`to_rst` output) as a
    directive's content, parsed as the build parses it: docutils' messages, and
    the transitions and sections that a directive's content cannot hold
    ("Transition must be child of <document> or <section>")."""
    from docutils import nodes as dn
    from docutils.parsers.rst import directives

    if not content.strip():
        return []
    if fmt == "myst":
        fence = fence_for(content)
        page = f"{fence}{{eventnotes-nested}}\n\n{content.rstrip()}\n{fence}\n"
    else:
        page = ".. eventnotes-nested::\n\n" + _indent(content.rstrip(), "   ") + "\n"
    saved = directives._directives.copy()
    directives.register_directive("eventnotes-nested", _Nested)
    try:
        document = _parse_page(page, fmt)
    except Exception as error:  # noqa: BLE001 - any failure of the parser is a problem of the text
        return [f"the parser failed: {type(error).__name__}"]
    finally:
        directives._directives.clear()
        directives._directives.update(saved)
    problems = [
        " ".join(message.astext().split())[:120]
        for message in document.findall(dn.system_message)
        if message.get("level", 0) >= 2
    ]
    if not problems and document.reporter.max_level >= 2:  # a message the parser did not place
        problems.append("the parser reports a problem")
    for box in document.findall(lambda node: isinstance(node, dn.container) and "eventnotes-nested" in node["classes"]):
        problems += [f"a {node.tagname}" for node in box.findall(lambda n: isinstance(n, (dn.transition, dn.section)))]
    return problems


def _parse_page(page: str, fmt: str):
    from docutils.parsers.rst import Parser as RstParser
    from docutils.utils import new_document
    from myst_parser.parsers.docutils_ import Parser as MystParser

    parser = MystParser if fmt == "myst" else RstParser
    settings = copy.copy(_nested_settings(parser))
    document = new_document("<abstract>", settings)
    parser().parse(page, document)
    return document


@functools.cache
def _nested_settings(parser):
    import io

    from docutils.frontend import get_default_settings

    settings = get_default_settings(parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False
    # As in the build: MyST writes a hard line break as raw HTML and LaTeX (the
    # renderer writes no raw directive of its own).
    settings.raw_enabled = True
    settings.myst_enable_extensions = {"colon_fence", "deflist"}
    return settings


def _nested_directive():
    from docutils import nodes as dn
    from docutils.parsers.rst import Directive

    class Nested(Directive):
        """Parses its content as ``talk`` and ``conference`` do: nested, no section titles."""

        has_content = True

        def run(self):
            box = dn.container(classes=["eventnotes-nested"])
            self.state.nested_parse(self.content, self.content_offset, box)
            return [box]

    return Nested


_Nested = _nested_directive()


def to_page(text: Text, fmt: str) -> tuple[str, str]:
    """``text`` as a directive's content in ``fmt`` ("myst" or "rst"), checked where it is placed
    (:func:`nested_problems`), and "" or what was wrong.

    Content with a problem is written as quoted plain text instead, and if even
    that has one, as a literal block, which always builds.
    """
    render = _render_myst_blocks if fmt == "myst" else _render_rst_blocks
    content = render(blocks_of(text))
    problems = nested_problems(content, fmt)
    if not problems:
        return content, ""
    quoted = render(_pruned([Quote(_from_plain_text(clean(text.body)))]))
    if not nested_problems(quoted, fmt):
        return quoted, f"{problems[0]}; written as quoted plain text"
    return render([CodeBlock(clean(text.body).strip("\n"))]), f"{problems[0]}; written as a literal block"


# --------------------------------------------------------------------------
# MyST
# --------------------------------------------------------------------------

# CommonMark lets a backslash escape any ASCII punctuation; these characters
# can open markup in MyST (with its optional extensions) anywhere in a line.
_MYST_ANYWHERE = re.compile(r"([\\`*_\[\]<>{}|~$&^:!#])")
# ...and these only at the start of a line: lists, headings, targets
# "(name)=", comments "%", block breaks "+++", thematic breaks, quotes.
_MYST_LINE_START = re.compile(r"^([-+=%()>.\"'@/;,?])")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")


def _myst_escape(text: str, *, line_start: bool) -> str:
    text = _MYST_ANYWHERE.sub(r"\\\1", text)
    if line_start:
        text = _MYST_LINE_START.sub(r"\\\1", text)
        text = _ORDERED_MARKER.sub(r"\1\\\2", text)
    return text


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(re.escape(char) + "+", text)
    return max((len(run) for run in runs), default=0)


def fence_for(content: str) -> str:
    """A backtick fence that can enclose ``content`` (a directive's content).

    MyST closes a fence at the first line holding a backtick run at least as
    long as the opening one, so the fence is longer than the longest run in
    the content, and at least four long so that it also outlasts the
    three-backtick code fences :func:`to_myst` writes.
    """
    return "`" * max(4, _longest_run(content, "`") + 1)


def myst_inline(plain: str) -> str:
    """``plain`` (a title, a name) as MyST inline text that shows it literally."""
    return _MystInline().render([TextRun(one_line(plain))])


def to_myst(text: Text) -> str:
    """``text`` as MyST block content (see the module's notes on nesting)."""
    return _render_myst_blocks(blocks_of(text))


class _MystInline:
    """Renders inline elements as MyST.

    Knows whether the next text starts a line (where more characters need
    escaping), and keeps emphasis delimiters recognizable: CommonMark does not
    take ``**`` for a delimiter between a letter outside and a punctuation
    mark inside (``a**(b)**``), so such a letter is written as a character
    reference (``&#97;``), which shows the same.
    """

    def __init__(self, *, at_line_start: bool = True) -> None:
        self.at_line_start = at_line_start
        self.out: list[str] = []
        self.protect_next = False  # the next character must not be a letter

    def render(self, inlines: list[Inline]) -> str:
        self._emit(inlines)
        return "".join(self.out)

    def _emit(self, inlines: list[Inline]) -> None:
        for inline in inlines:
            self._one(inline)

    def _write(self, markup: str) -> None:
        if self.protect_next and markup and not _is_space_or_punctuation(markup[0]):
            markup = f"&#{ord(markup[0])};" + markup[1:]
        self.protect_next = False
        self.out.append(markup)

    def _text(self, text: str) -> None:
        if text:
            self._write(_myst_escape(text, line_start=self.at_line_start))
            self.at_line_start = False

    def _one(self, inline: Inline) -> None:
        if isinstance(inline, TextRun):
            self._text(inline.text)
        elif isinstance(inline, LineBreak):
            self._write("\\\n")
            self.at_line_start = True
        elif isinstance(inline, InlineCode):
            self._write(_myst_code_span(inline.code))
            self.at_line_start = False
        elif isinstance(inline, (Emphasis, Strong)):
            self._delimited("*" if isinstance(inline, Emphasis) else "**", inline.children)
        elif isinstance(inline, Link):
            label = _MystInline(at_line_start=False).render(inline.children)
            label = label or _myst_escape(inline.url, line_start=False)
            self._write(f"[{label}](<{quote_url(inline.url)}>)")
            self.at_line_start = False
        else:
            raise TypeError(inline)

    def _delimited(self, mark: str, children: list[Inline]) -> None:
        lead, children, trail = strip_edges(children)
        self._text(lead)
        if not children:
            self._text(trail)
            return
        inner = _MystInline(at_line_start=False).render(children)
        previous = self.out[-1] if self.out else ""
        if inner and _is_space_or_punctuation(inner[0]) and previous and not _is_space_or_punctuation(previous[-1]):
            self.out[-1] = previous[:-1] + f"&#{ord(previous[-1])};"
        self._write(mark + inner + mark)
        self.protect_next = _is_space_or_punctuation(inner[-1])
        self.at_line_start = False
        self._text(trail)


def _is_space_or_punctuation(char: str) -> bool:
    """Whether CommonMark counts ``char`` as whitespace or punctuation next to a delimiter."""
    return char.isspace() or unicodedata.category(char)[0] in "PS"


def _myst_code_span(code: str) -> str:
    code = code.replace("\n", " ")
    ticks = "`" * (_longest_run(code, "`") + 1)
    pad = " " if code.startswith(("`", " ")) or code.endswith(("`", " ")) else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _render_myst_blocks(blocks: list[Block], separator: str = "\n\n") -> str:
    parts: list[str] = []
    for block, alternate in _with_alternation(blocks):
        rendered = _myst_block(block, alternate)
        if rendered:
            parts.append(rendered)
    return separator.join(parts)


def _with_alternation(blocks: list[Block]) -> Iterator[tuple[Block, bool]]:
    """Each block, and whether it is a list that directly follows one of its kind.

    Lists in a row would merge into one: every second one takes another
    marker.
    """
    run = 0
    previous: Block | None = None
    for block in blocks:
        same = isinstance(block, (BulletList, OrderedList)) and type(block) is type(previous)
        run = run + 1 if same else 0
        yield block, run % 2 == 1
        previous = block


def _indent(text: str, prefix: str, first: str | None = None) -> str:
    lines = text.split("\n")
    head = (first if first is not None else prefix) + lines[0]
    rest = [(prefix + line) if line else "" for line in lines[1:]]
    return "\n".join([head, *rest])


def _myst_block(block: Block, alternate: bool) -> str:
    if isinstance(block, Paragraph):
        body = _MystInline().render(block.inlines)
        return f"**{body}**" if block.heading and body else body
    if isinstance(block, CodeBlock):
        fence = "`" * max(3, _longest_run(block.code, "`") + 1)
        code = block.code.rstrip("\n")
        return f"{fence}{block.language or 'text'}\n{code}\n{fence}"
    if isinstance(block, Quote):
        inner = _render_myst_blocks(block.blocks)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n")) if inner else ""
    if isinstance(block, BulletList):
        marker = "*" if alternate else "-"
        return _myst_list([f"{marker} "] * len(block.items), block.items)
    if isinstance(block, OrderedList):
        delimiter = ")" if alternate else "."
        markers = [f"{block.start + n}{delimiter} " for n in range(len(block.items))]
        return _myst_list(markers, block.items)
    raise TypeError(block)


def _myst_list(markers: list[str], items: list[list[Block]]) -> str:
    # A tight list (no blank line anywhere) keeps its items' text out of <p>.
    tight = all(
        all(isinstance(block, (BulletList, OrderedList)) for block in item[1:]) for item in items
    )
    rendered = []
    for marker, item in zip(markers, items, strict=True):
        body = _render_myst_blocks(item, separator="\n" if tight else "\n\n")
        rendered.append(_indent(body, " " * len(marker), marker) if body else marker.rstrip())
    return ("\n" if tight else "\n\n").join(rendered)


# --------------------------------------------------------------------------
# reStructuredText
# --------------------------------------------------------------------------

# A backslash escapes any character in RST; these can start inline markup,
# references, roles, substitutions or hyperlink targets.
_RST_ANYWHERE = re.compile(r"([\\`*_|\[\]<>:@])")
# At the start of a paragraph: bullets, enumerators, explicit markup "..",
# transitions, line blocks, doctest blocks, option lists.
_RST_LINE_START = re.compile(r"^([-+*•‣⁃=~^\"'#.!$%&()/;?@{}>,])")
_RST_ENUMERATOR = re.compile(r"^([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)([.)])(\s|$)")


def _rst_escape(text: str, *, line_start: bool) -> str:
    text = _RST_ANYWHERE.sub(r"\\\1", text)
    if line_start:
        text = _RST_LINE_START.sub(r"\\\1", text)
        text = _RST_ENUMERATOR.sub(r"\1\\\2\3", text)
    return text


# Characters that may touch inline markup without an escaped space between
# (the docutils "inline markup recognition rules", ASCII part).  The escaped
# text never ends with a backslash, so a backslash escape may follow markup.
_RST_MAY_PRECEDE_MARKUP = frozenset("-/'\"([{<")
_RST_MAY_FOLLOW_MARKUP = frozenset("-.,;!?/'\")]}>\\")


def rst_inline(plain: str) -> str:
    """``plain`` (a title, a name) as RST inline text that shows it literally."""
    return _RstInline().render([TextRun(one_line(plain))])


def to_rst(text: Text) -> str:
    """``text`` as unindented RST body content (the writer indents it)."""
    return _render_rst_blocks(blocks_of(text))


class _RstInline:
    """Renders inline elements as RST.

    RST inline markup does not nest, so formatting inside emphasis, strong or
    a link's text is kept as its plain text.  Markup next to a word is joined
    with an escaped space (``\\ ``), which RST removes from the output.
    """

    def __init__(self) -> None:
        self.at_line_start = True
        self.after_markup = False
        self.out: list[str] = []

    def render(self, inlines: list[Inline]) -> str:
        for inline in inlines:
            self._one(inline)
        return "".join(self.out)

    def _text(self, text: str) -> None:
        if not text:
            return
        if self.after_markup and not (text[0].isspace() or text[0] in _RST_MAY_FOLLOW_MARKUP):
            self.out.append("\\ ")
        self.out.append(_rst_escape(text, line_start=self.at_line_start))
        self.at_line_start = self.after_markup = False

    def _markup(self, markup: str) -> None:
        previous = self.out[-1][-1] if self.out else " "
        if self.after_markup or not (previous.isspace() or previous in _RST_MAY_PRECEDE_MARKUP):
            self.out.append("\\ ")
        self.out.append(markup)
        self.at_line_start = False
        self.after_markup = True

    def _one(self, inline: Inline) -> None:
        if isinstance(inline, TextRun):
            self._text(inline.text)
        elif isinstance(inline, LineBreak):
            self.out.append("\n")
            self.at_line_start = True
            self.after_markup = False
        elif isinstance(inline, InlineCode):
            code = inline.code.replace("\n", " ").strip()
            if not code:
                return
            if "`" in code or "\\" in code:  # the literal role reads backslash escapes
                self._markup(":literal:`" + re.sub(r"([`\\])", r"\\\1", code) + "`")
            else:
                self._markup(f"``{code}``")
        elif isinstance(inline, (Emphasis, Strong)):
            lead, children, trail = strip_edges(inline.children)
            self._text(lead)
            plain = one_line(plain_text(children))
            if plain:
                mark = "*" if isinstance(inline, Emphasis) else "**"
                self._markup(mark + _rst_escape(plain, line_start=False) + mark)
            self._text(trail)
        elif isinstance(inline, Link):
            plain = one_line(plain_text(inline.children))
            url = quote_url(inline.url, also="`")
            if url.endswith("_"):  # "<name_>" would be a reference to a target
                url = url[:-1] + "%5F"
            label = _rst_escape(plain, line_start=False) + " " if plain else ""
            self._markup(f"`{label}<{url}>`__")
        else:
            raise TypeError(inline)


def _render_rst_blocks(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block, alternate in _with_alternation(blocks):
        rendered = _rst_block(block, alternate)
        if not rendered:
            continue
        if isinstance(block, Quote):
            # An empty comment ends the preceding construct (here or the
            # writer's), so the indented quote is not taken as its continuation.
            parts.append("..")
        parts.append(rendered)
    return "\n\n".join(parts)


def _rst_block(block: Block, alternate: bool) -> str:
    if isinstance(block, Paragraph):
        body = _rst_paragraph(block)
        return body
    if isinstance(block, CodeBlock):
        code = block.code.rstrip("\n")
        if not code.strip():
            return ""
        return f".. code:: {block.language or 'text'}\n\n" + _indent(code, "   ")
    if isinstance(block, Quote):
        inner = _render_rst_blocks(block.blocks)
        return _indent(inner, "   ") if inner else ""
    if isinstance(block, BulletList):
        bullet = "* " if alternate else "- "
        return _rst_list([bullet] * len(block.items), block.items)
    if isinstance(block, OrderedList):
        delimiter = ")" if alternate else "."
        markers = [f"{block.start + n}{delimiter} " for n in range(len(block.items))]
        return _rst_list(markers, block.items)
    raise TypeError(block)


def _rst_paragraph(block: Paragraph) -> str:
    inlines = block.inlines
    if block.heading:
        inlines = [Strong(list(inlines))]
    if any(isinstance(inline, LineBreak) for inline in inlines):
        lines = split_lines(inlines)
        rendered = [_RstInline().render(line) for line in lines]
        return "\n".join(f"| {line}" if line else "|" for line in rendered)
    return _RstInline().render(inlines)


def _rst_list(markers: list[str], items: list[list[Block]]) -> str:
    rendered = []
    for marker, item in zip(markers, items, strict=True):
        body = _render_rst_blocks(item)
        rendered.append(_indent(body, " " * len(marker), marker) if body else marker.rstrip())
    return "\n\n".join(rendered)
