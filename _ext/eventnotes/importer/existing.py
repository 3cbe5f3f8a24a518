"""The talks already on the site: read from their pages, and edited, with the parsers that build them.

An import must know which talks a conference folder already holds (to keep
their pages) and which options each ``talk`` directive sets (to report what
differs, or to fill in what is missing).  A page is parsed as the build
parses it, with docutils (reStructuredText) or myst-parser (MyST), but with
stand-ins for the ``talk``, ``conference`` and ``speaker`` directives that
only record what they were given and where; no Sphinx build runs.  So every
form the build accepts is understood: options at any indentation, with or
without content, several talks on a page, MyST ``:key: value`` lines and
YAML ``---`` blocks, backtick and colon fences, a byte-order mark, CRLF line
endings.  Roles and directives that plain docutils does not know are left to
the build: reading a page never reports them (and a talk inside one of them,
such as Sphinx's ``only``, is not seen).

An edit only adds lines (each with the page's own line ending), and is parsed
again before it is kept: it must read as the page did, with exactly the
added options more; otherwise :class:`EditError` says why and the page is
left as it is.  An update (:func:`update_page`, for ``--update``) may also
replace the lines of what the importer owns: a talk's heading, the option
lines it writes, and the directive's content (the abstract); every other
line is kept byte for byte, and the page is parsed again the same way.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst import Parser as RstParser
from docutils.utils import new_document
from myst_parser.parsers.docutils_ import Parser as MystParser

from eventnotes.directives import ConferenceDirective, SpeakerDirective, TalkDirective
from eventnotes.importer.pages import myst_option_value
from eventnotes.names import normalize_name, split_list
from eventnotes.slugs import strip_accents

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: The MyST extensions of the site's ``conf.py`` that change how a directive can be written.
MYST_EXTENSIONS = ("colon_fence", "deflist")
BOM = "\ufeff"

#: How an option line is written: ``:key: value`` in reStructuredText ("rst") or in
#: MyST ("myst"), or ``key: value`` inside a MyST ``---`` block ("yaml").
OptionStyle = Literal["rst", "myst", "yaml"]


class EditError(Exception):
    """An edit that would not give the page exactly the options wanted; the reason."""


@dataclasses.dataclass(frozen=True)
class OptionBlock:
    """Where a directive's new option lines go, and how they are written."""

    style: OptionStyle
    insert_at: int  # index of the page's line before which they go
    indent: str  # what each starts with, copied from the page
    blank_after: bool = False  # reStructuredText content right below the directive needs a blank line first
    start: int = -1  # index of the first option line (insert_at when there is none; -1 unknown)


@dataclasses.dataclass(frozen=True)
class Place:
    """Where the rest of a directive is in its page's lines (indexes from 0; -1 for none)."""

    content: tuple[int, int] = (-1, -1)  # the content's first line and the line after its last
    content_text: str = ""  # the content as the parser gave it to the directive (unindented)
    end: int = -1  # a MyST fence's closing line, where content goes when there is none
    title_line: int = -1  # the line of its section's heading text
    title_shared: bool = True  # whether that section holds other talks too


@dataclasses.dataclass(frozen=True)
class FoundDirective:
    """One ``talk``, ``conference`` or ``speaker`` directive of a page, as the parser read it."""

    name: str
    arguments: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    title: str  # of the section it is in, as text
    block: OptionBlock
    place: Place = Place()


@dataclasses.dataclass
class ExistingTalk:
    """One ``talk`` directive in a page of the site."""

    path: Path
    title: str  # as the heading reads, markup removed
    options: dict[str, str]
    block: OptionBlock
    index: int = 0  # among the page's directives, in page order
    place: Place = Place()

    @property
    def key(self) -> tuple[str, str]:
        return " ".join(self.options.get("date", "").split()), title_key(self.title)

    @property
    def insert_at(self) -> int:
        return self.block.insert_at

    def speakers(self) -> list[str]:
        return [normalize_name(name) for name in split_list(self.options.get("speaker", ""))[0]]

    @property
    def content(self) -> str:
        """The directive's content (the abstract an import wrote), compared with :func:`normalized_content`."""
        return self.place.content_text


def normalized_content(text: str) -> str:
    """Content without trailing spaces and blank lines at either end: how two contents compare."""
    return "\n".join(line.rstrip() for line in text.strip("\r\n").splitlines()).strip("\n")


def title_key(title: str) -> str:
    """Titles equal without regard to case, accents, white space or markup escapes."""
    return " ".join(strip_accents(re.sub(r"\\(.)", r"\1", title)).casefold().split())


# -- reading ----------------------------------------------------------------------------


def page_text(path: Path) -> str:
    """A page's text exactly as stored: byte-order mark and line endings kept."""
    return path.read_bytes().decode("utf-8")


def is_markdown(path: Path) -> bool:
    return path.suffix == ".md"


def read_talks(path: Path) -> list[ExistingTalk]:
    """The talks of one page, in their order."""
    return talks_of(path, page_text(path))


def talks_of(path: Path, text: str) -> list[ExistingTalk]:
    """The talks of a page's text, in their order."""
    return [
        ExistingTalk(path, found.title, dict(found.options), found.block, index, found.place)
        for index, found in enumerate(read_directives(text, is_markdown(path)))
        if found.name == "talk"
    ]


def read_profiles(path: Path) -> list[tuple[str, ...]]:
    """The spellings of each ``speaker`` profile of one page: its name, then its ``:aliases:``."""
    profiles = []
    for found in read_directives(page_text(path), is_markdown(path)):
        if found.name == "speaker" and found.arguments:
            aliases = split_list(dict(found.options).get("aliases", ""))[0]
            profiles.append(tuple(normalize_name(name) for name in (found.arguments[0], *aliases)))
    return profiles


def read_conference(path: Path) -> dict[str, str]:
    """The options of the first ``conference`` directive of a page ({} for none)."""
    return next(
        (dict(found.options) for found in read_directives(page_text(path), is_markdown(path))
         if found.name == "conference"),
        {},
    )


def read_folder(folder: Path) -> list[ExistingTalk]:
    """Every talk in the pages of a conference folder (its index page aside), in file order."""
    if not folder.is_dir():
        return []
    pages = sorted(
        path for path in folder.rglob("*")
        if path.suffix in {".md", ".rst"} and path.is_file() and path.stem != "index"
    )
    return [talk for path in pages for talk in read_talks(path)]


@functools.lru_cache(maxsize=64)  # the speakers' check reads each page for its talks, then its profiles
def read_directives(text: str, markdown: bool) -> tuple[FoundDirective, ...]:
    """The ``talk``, ``conference`` and ``speaker`` directives of a page's text, in page order."""
    document = _parse(text.removeprefix(BOM), markdown)
    lines = split_lines(text, markdown)
    return tuple(
        FoundDirective(
            name=found["name"],
            arguments=tuple(found["arguments"]),
            options=tuple((name, value or "") for name, value in found["options"].items()),
            title=_section_title(found),
            block=(block := (_myst_block if markdown else _rst_block)(found, lines)),
            place=_place(found, lines, markdown, block),
        )
        for found in document.findall(_found)
    )


def split_lines(text: str, markdown: bool) -> list[str]:
    """The page's lines with their endings, numbered as its parser numbers them.

    docutils splits as :meth:`str.splitlines` does; markdown-it at CR LF, CR
    and LF only.
    """
    if not markdown:
        return text.splitlines(keepends=True)
    return [line for line in re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?!\n)", text) if line]


class _found(nodes.Element):
    """A directive the stand-in saw: its name, arguments, options and place."""


class _StandIn(Directive):
    """Takes a directive's place in a parse: records what it was given, builds nothing."""

    def run(self) -> list[nodes.Node]:
        found = _found()
        found["name"] = self.name
        found["arguments"] = list(self.arguments)
        found["options"] = dict(self.options)
        found["lineno"] = self.lineno  # 1-based line of the directive's first line
        found["content_offset"] = self.content_offset
        found["block_text"] = self.block_text
        found["content"] = list(self.content)
        return [found]


def _stand_in(real: type[Directive]) -> type[Directive]:
    """A stand-in that takes the arguments, options and content the real directive takes."""
    return type(f"StandIn{real.__name__}", (_StandIn,), {
        "required_arguments": real.required_arguments,
        "optional_arguments": real.optional_arguments,
        "final_argument_whitespace": real.final_argument_whitespace,
        "option_spec": real.option_spec,  # answers for any name, as in the build
        "has_content": real.has_content,
    })


_STAND_INS = {
    "talk": _stand_in(TalkDirective),
    "conference": _stand_in(ConferenceDirective),
    "speaker": _stand_in(SpeakerDirective),
}


@contextlib.contextmanager
def _stand_ins_registered() -> Iterator[None]:
    """docutils looks directives up in one registry for the process: restore it after the parse."""
    saved = directives._directives.copy()
    for name, directive in _STAND_INS.items():
        directives.register_directive(name, directive)
    try:
        yield
    finally:
        directives._directives.clear()
        directives._directives.update(saved)


@functools.cache
def _settings(markdown: bool):
    settings = get_default_settings(MystParser if markdown else RstParser)
    settings.report_level = 5  # nothing: notes may use roles and directives only Sphinx knows
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False  # reading a page never reads another file
    settings.myst_enable_extensions = set(MYST_EXTENSIONS)
    return settings


def _parse(text: str, markdown: bool) -> nodes.document:
    document = new_document("<page>", copy.copy(_settings(markdown)))
    with _stand_ins_registered():
        (MystParser() if markdown else RstParser()).parse(text, document)
    return document


def _section_of(node: nodes.Node) -> nodes.section | None:
    section = node.parent
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return None
    return section


def _section_title(node: nodes.Node) -> str:
    section = _section_of(node)
    return " ".join(section[0].astext().split()) if section is not None else ""


def _place(found: _found, lines: list[str], markdown: bool, block: OptionBlock) -> Place:
    """Where a directive's content, closing fence and heading are."""
    content = found["content"]
    if markdown:
        fence = found["lineno"] - 1
        first = fence + 1 + found["content_offset"]
        end = fence + len(found["block_text"].rstrip("\n").split("\n")) - 1
    else:
        first, end = found["content_offset"], -1
    span = (first, first + len(content)) if content else (-1, -1)
    section = _section_of(found)
    title_line, shared = -1, True
    if section is not None and section[0].line:
        # docutils numbers a heading by its underline, myst-parser by its line
        title_line = section[0].line - (1 if markdown else 2)
        shared = sum(1 for other in section.findall(_found) if other["name"] == "talk"
                     and _section_of(other) is section) != 1
    return Place(span, "\n".join(content), end, title_line, shared)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _is_blank(lines: list[str], index: int) -> bool:
    return not (0 <= index < len(lines)) or not lines[index].strip()


def _rst_block(found: _found, lines: list[str]) -> OptionBlock:
    """docutils reads options from the lines right below ``.. name::``, up to the first blank line."""
    below = found["lineno"]  # the line after the directive's first line, 0-based
    block = found["block_text"].split("\n")[1:]
    first_blank = next((index for index, line in enumerate(block) if not line.strip()), len(block))
    if found["options"]:
        return OptionBlock("rst", below + first_blank, _indent(lines[below]), start=below)
    content = next((below + index for index, line in enumerate(block) if line.strip()), None)
    if content is None:
        return OptionBlock("rst", below, "   ", start=below)
    return OptionBlock("rst", below, _indent(lines[content]), blank_after=first_blank > 0, start=below)


def _myst_block(found: _found, lines: list[str]) -> OptionBlock:
    """MyST reads options from a ``---`` block or from ``:key:`` lines right below the fence.

    The directive's ``content_offset`` counts the lines from the fence to the
    content: the option block's, and one more for a blank line MyST drops.
    """
    fence = found["lineno"] - 1
    option_lines = found["content_offset"]
    if option_lines > 0 and _is_blank(lines, fence + option_lines):
        option_lines -= 1
    first = fence + 1
    if not _is_blank(lines, first) and lines[first].lstrip(" \t").startswith(":::"):
        option_lines = 0  # a nested colon fence, never an option (MyST counts a blank line of its own before it)
    if option_lines <= 0:
        indent = _indent(lines[first]) if not _is_blank(lines, first) else _indent(lines[fence])
        return OptionBlock("myst", first, indent, start=first)
    if lines[first].lstrip(" \t").startswith("---"):
        # new lines go before the closing ---, at the indentation of the block's keys
        indent = _indent(lines[first + 1] if option_lines > 2 else lines[first])
        return OptionBlock("yaml", fence + option_lines, indent, start=first + 1)
    return OptionBlock("myst", first + option_lines, _indent(lines[first]), start=first)


# -- editing ------------------------------------------------------------------------------


def add_options(text: str, talk: ExistingTalk, options: list[tuple[str, str]]) -> str:
    """The page's text with option lines added to the talk's options; checked (see :func:`edit_page`)."""
    return edit_page(talk.path, text, [(talk, options)])


def edit_page(
    path: Path,
    text: str,
    additions: Sequence[tuple[ExistingTalk, list[tuple[str, str]]]],
    comment: str = "",
) -> str:
    """The page's text with options added to its talks, and a comment line at its end.

    Only lines are added, each ending as the page's lines end.  The result is
    parsed again: its directives, titles and options must be the page's, with
    exactly the added options more; otherwise :class:`EditError` says why.
    """
    markdown = is_markdown(path)
    lines = split_lines(text, markdown)
    newline = _newline(lines)
    for talk, options in sorted(additions, key=lambda addition: addition[0].block.insert_at, reverse=True):
        if taken := [name for name, _ in options if name in talk.options]:
            raise EditError(f"{talk.title!r} has :{taken[0]}: already")
        added = [_option_line(talk.block, name, value) for name, value in options]
        if talk.block.blank_after:
            added.append("")
        _insert(lines, talk.block.insert_at, added, newline)
    if comment:
        _append_comment(lines, f"% {comment}" if markdown else f".. {comment}", newline)
    edited = "".join(lines)
    _check(text, edited, markdown, additions)
    return edited


def _newline(lines: list[str]) -> str:
    """The page's line ending: its first line's, LF for a page of one line."""
    return next((ending for line in lines[:1] for ending in ("\r\n", "\n", "\r") if line.endswith(ending)), "\n")


def _option_line(block: OptionBlock, name: str, value: str) -> str:
    if block.style == "rst":
        line = f":{name}: {value}"
    elif block.style == "myst":
        line = f":{name}: {myst_option_value(value)}"
    else:
        line = f"{name}: {myst_option_value(value)}"
    return (block.indent + line).rstrip()


def _insert(lines: list[str], at: int, added: list[str], newline: str) -> None:
    """Lines before index *at*; at the end of a page with no final line ending, it stays without one."""
    if not added:
        return
    if at > 0 and at == len(lines) and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
        lines[at:at] = [line + newline for line in added[:-1]] + added[-1:]
    else:
        lines[at:at] = [line + newline for line in added]


def _append_comment(lines: list[str], comment: str, newline: str) -> None:
    """The comment as the page's last line, after a blank line; not twice."""
    if any(line.rstrip("\r\n") == comment for line in lines):
        return
    ends_blank = not lines or not lines[-1].strip()
    _insert(lines, len(lines), [comment] if ends_blank else ["", comment], newline)


def _check(
    before: str, after: str, markdown: bool, additions: Sequence[tuple[ExistingTalk, list[tuple[str, str]]]]
) -> None:
    """The edited page reads as the page did, with exactly the added options more."""
    old = read_directives(before, markdown)
    new = read_directives(after, markdown)
    if [(found.name, found.arguments, found.title) for found in new] != [
        (found.name, found.arguments, found.title) for found in old
    ]:
        raise EditError("the edited page would not have the same directives and titles; edit it by hand")
    expected = [dict(found.options) for found in old]
    for talk, options in additions:
        expected[talk.index].update(options)
    for want, found in zip(expected, new):
        got = dict(found.options)
        if got != want:
            differing = sorted(name for name in want.keys() | got.keys() if want.get(name) != got.get(name))
            raise EditError(
                f"{found.title!r} would not read back as written "
                f"({', '.join(f':{name}:' for name in differing)}); edit it by hand"
            )


# -- updating -----------------------------------------------------------------------------


@dataclasses.dataclass
class Update:
    """What an update changes of one talk: the lines of what the importer owns, nothing else."""

    talk: ExistingTalk
    add: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # options it lacks
    replace: dict[str, str | None] = dataclasses.field(default_factory=dict)  # new values; None removes
    title: str | None = None  # the heading's new text, plain (escaped here)
    content: str | None = None  # the directive's new content, unindented markup

    def __bool__(self) -> bool:
        return bool(self.add or self.replace or self.title is not None or self.content is not None)


def update_page(path: Path, text: str, updates: Sequence[Update]) -> str:
    """The page's text with each talk's owned lines replaced, and options added.

    Only the lines of a replaced heading, option or content change (a
    replaced reStructuredText heading gets an underline as long as it needs);
    every other line is the page's, byte for byte, and new lines end as the
    page's do.  The result is parsed again: its directives must be the
    page's, with exactly the new titles, options and contents; otherwise
    :class:`EditError` says why.
    """
    markdown = is_markdown(path)
    lines = split_lines(text, markdown)
    newline = _newline(lines)
    edits: list[tuple[int, int, list[str]]] = []  # lines [start, end) become these (without endings)
    for update in updates:
        talk, block = update.talk, update.talk.block
        if taken := [name for name, _ in update.add if name in talk.options]:
            raise EditError(f"{talk.title!r} has :{taken[0]}: already")
        if update.title is not None:
            edits.append(_title_edit(lines, talk, update.title, markdown))
        for name, value in update.replace.items():
            start, end = _option_span(lines, block, name)
            edits.append((start, end, [] if value is None else [_option_line(block, name, value)]))
        if update.add:
            added = [_option_line(block, name, value) for name, value in update.add]
            edits.append((block.insert_at, block.insert_at, added + ([""] if block.blank_after else [])))
        if update.content is not None:
            edits.append(_content_edit(lines, talk, update.content, markdown))
    edits.sort(key=lambda edit: (edit[0], edit[1]))
    for (_, end, _), (start, _, _) in zip(edits, edits[1:]):
        if start < end:
            raise EditError("the changes overlap; edit the page by hand")
    for start, end, new in reversed(edits):
        if start == 0 and new and lines and lines[0].startswith(BOM):
            new = [BOM + new[0], *new[1:]]  # the byte-order mark stays first
        if end == len(lines) and new and lines and not lines[-1].endswith(("\n", "\r")):
            # the page's last line has no ending: neither has the line that takes its place
            lines[start:end] = [line + newline for line in new[:-1]] + new[-1:]
        elif start == len(lines) and new and lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
            lines[start:end] = [line + newline for line in new[:-1]] + new[-1:]
        else:
            lines[start:end] = [line + newline for line in new]
    edited = "".join(lines)
    _check_update(text, edited, markdown, updates)
    return edited


def _option_span(lines: list[str], block: OptionBlock, name: str) -> tuple[int, int]:
    """The lines of one option: its own, and the lines that continue its value."""
    if block.start < 0:
        raise EditError(f"cannot find :{name}:; edit the page by hand")
    key = f"{name}:" if block.style == "yaml" else f":{name}:"
    for index in range(block.start, block.insert_at):
        line = lines[index]
        stripped = line.lstrip(" \t")
        if stripped.startswith(key) and (stripped[len(key):len(key) + 1] in ("", " ", "\t", "\r", "\n")):
            end = index + 1
            own = len(_indent(line))
            while end < block.insert_at and lines[end].strip() and len(_indent(lines[end])) > own and not (
                block.style != "yaml" and lines[end].lstrip(" \t").startswith(":")
            ):
                end += 1
            return index, end
    raise EditError(f"cannot find the line of :{name}:; edit the page by hand")


def _title_edit(lines: list[str], talk: ExistingTalk, title: str, markdown: bool) -> tuple[int, int, list[str]]:
    at = talk.place.title_line
    if at < 0 or talk.place.title_shared:
        raise EditError(f"{talk.title!r} shares its heading with other talks, or has none; edit it by hand")
    line = lines[at].rstrip("\r\n").removeprefix(BOM)
    if markdown:
        from eventnotes.importer.markup import myst_inline

        atx = re.match(r"( {0,3}#{1,6}[ \t]+)", line)
        if atx is None:  # a setext heading: its underline's length does not matter
            return at, at + 1, [_indent(line) + myst_inline(title)]
        return at, at + 1, [atx.group(1) + myst_inline(title)]
    from eventnotes.importer.markup import rst_inline
    from eventnotes.importer.pages import display_width

    underline = lines[at + 1].rstrip("\r\n") if at + 1 < len(lines) else ""
    char = underline.strip()[:1]
    if not char or underline.strip() != char * len(underline.strip()):
        raise EditError(f"cannot find the underline of {talk.title!r}; edit it by hand")
    new = rst_inline(title)
    width = max(display_width(new), 3)
    overline = at > 0 and lines[at - 1].strip() and set(lines[at - 1].strip()) == {char}
    if overline:
        inset = _indent(line)
        rule = char * max(width + 2 * len(inset), 3)
        return at - 1, at + 2, [rule, inset + new, rule]
    return at, at + 2, [new, char * width]


def _content_edit(lines: list[str], talk: ExistingTalk, content: str, markdown: bool) -> tuple[int, int, list[str]]:
    start, end = talk.place.content
    new = content.strip("\n").split("\n")
    if start >= 0:
        indent = _indent(lines[start])
        return start, end, [(indent + line).rstrip() for line in new]
    if markdown:
        if talk.place.end < 0:
            raise EditError(f"cannot find where the directive of {talk.title!r} ends; edit it by hand")
        at, indent = talk.place.end, _indent(lines[talk.place.end])
    else:
        at, indent = talk.block.insert_at, talk.block.indent or "   "
    return at, at, ["", *((indent + line).rstrip() for line in new)]


def _check_update(before: str, after: str, markdown: bool, updates: Sequence[Update]) -> None:
    """The updated page reads as the page did, with exactly the updates' titles, options and contents."""
    old = read_directives(before, markdown)
    new = read_directives(after, markdown)
    if [(found.name, found.arguments) for found in new] != [(found.name, found.arguments) for found in old]:
        raise EditError("the updated page would not have the same directives; edit it by hand")
    wanted = [(found.title, dict(found.options), normalized_content(found.place.content_text)) for found in old]
    for update in updates:
        title, options, content = wanted[update.talk.index]
        if update.title is not None:
            title = " ".join(update.title.split())
        options = {**options, **{name: value for name, value in update.replace.items() if value is not None},
                   **dict(update.add)}
        options = {name: value for name, value in options.items() if update.replace.get(name, "") is not None}
        if update.content is not None:
            content = normalized_content(update.content)
        wanted[update.talk.index] = (title, options, content)
    for (title, options, content), found in zip(wanted, new):
        got = dict(found.options)
        if found.title != title:
            raise EditError(f"the heading would read {found.title!r}, not {title!r}; edit it by hand")
        if got != options:
            differing = sorted(name for name in options.keys() | got.keys() if options.get(name) != got.get(name))
            raise EditError(
                f"{found.title!r} would not read back as written "
                f"({', '.join(f':{name}:' for name in differing)}); edit it by hand"
            )
        if normalized_content(found.place.content_text) != content:
            raise EditError(f"the abstract of {found.title!r} would not read back as written; edit it by hand")
