"""The talks already on the site: read from their pages without a Sphinx build.

An import must know which talks a conference folder already holds (to keep
their pages) and which options each ``talk`` directive sets (to report what
differs, or to fill in what is missing).  Pages are read line by line, as an
author writes them: a heading, then the directive with its ``:option:`` lines.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from eventnotes.importer.pages import myst_option_value
from eventnotes.names import normalize_name, split_list
from eventnotes.slugs import strip_accents

_RST_DIRECTIVE = re.compile(r"^\.\. talk::\s*$")
_RST_OPTION = re.compile(r"^(?P<indent>[ \t]+):(?P<name>[\w-]+):(?:[ \t]+(?P<value>.*?))?\s*$")
_RST_UNDERLINE = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")
_MYST_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{talk\}\s*$")
_MYST_OPTION = re.compile(r"^:(?P<name>[\w-]+):(?:[ \t]+(?P<value>.*?))?\s*$")
_MYST_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*?)\s*#*\s*$")
_RST_PROFILE = re.compile(r"^\.\. speaker::[ \t]+(?P<name>\S.*?)\s*$")
_MYST_PROFILE = re.compile(r"^(?:`{3,}|:{3,})\{speaker\}[ \t]+(?P<name>\S.*?)\s*$")


@dataclasses.dataclass
class ExistingTalk:
    """One ``talk`` directive in a page of the site."""

    path: Path
    title: str  # as the heading reads, escapes removed
    options: dict[str, str]
    insert_at: int  # the line index where a new option line goes
    indent: str  # what option lines start with: "   " in reStructuredText, "" in MyST
    quoted: bool = False  # MyST: values may need quoting

    @property
    def key(self) -> tuple[str, str]:
        return self.options.get("date", ""), title_key(self.title)

    def speakers(self) -> list[str]:
        return [normalize_name(name) for name in split_list(self.options.get("speaker", ""))[0]]


def title_key(title: str) -> str:
    """Titles equal without regard to case, accents, white space or markup escapes."""
    return " ".join(strip_accents(re.sub(r"\\(.)", r"\1", title)).casefold().split())


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def read_talks(path: Path) -> list[ExistingTalk]:
    """The talks of one page, in their order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    markdown = path.suffix == ".md"
    talks = []
    for index, line in enumerate(lines):
        if markdown and _MYST_DIRECTIVE.match(line):
            title = next(
                (m["title"] for m in map(_MYST_HEADING.match, reversed(lines[:index])) if m), ""
            )
            option = _MYST_OPTION
        elif not markdown and _RST_DIRECTIVE.match(line):
            title = next(
                (lines[k] for k in range(index - 2, -1, -1)
                 if lines[k].strip() and _RST_UNDERLINE.match(lines[k + 1])
                 and not _RST_UNDERLINE.match(lines[k])),
                "",
            )
            option = _RST_OPTION
        else:
            continue
        options: dict[str, str] = {}
        end = index + 1
        indent = "" if markdown else "   "
        while end < len(lines) and (match := option.match(lines[end])):
            value = match["value"] or ""
            options[match["name"]] = _unquote(value) if markdown else value
            if not markdown:
                indent = match["indent"]
            end += 1
        talks.append(ExistingTalk(path, title.strip(), options, end, indent, markdown))
    return talks


def read_profiles(path: Path) -> list[tuple[str, ...]]:
    """The spellings of each ``speaker`` profile of one page: its name, then its ``:aliases:``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    markdown = path.suffix == ".md"
    profile, option = (_MYST_PROFILE, _MYST_OPTION) if markdown else (_RST_PROFILE, _RST_OPTION)
    profiles = []
    for index, line in enumerate(lines):
        if not (start := profile.match(line)):
            continue
        aliases: list[str] = []
        for following in lines[index + 1 :]:
            if not (match := option.match(following)):
                break
            if match["name"] == "aliases":
                value = match["value"] or ""
                aliases += split_list(_unquote(value) if markdown else value)[0]
        profiles.append(tuple(normalize_name(name) for name in (start["name"], *aliases)))
    return profiles


def read_folder(folder: Path) -> list[ExistingTalk]:
    """Every talk in the pages of a conference folder (its index page aside), in file order."""
    if not folder.is_dir():
        return []
    pages = sorted(
        path for path in folder.rglob("*")
        if path.suffix in {".md", ".rst"} and path.is_file() and path.stem != "index"
    )
    return [talk for path in pages for talk in read_talks(path)]


def add_options(text: str, talk: ExistingTalk, options: list[tuple[str, str]]) -> str:
    """The page's text with option lines added at the end of the talk's option block."""
    lines = text.splitlines(keepends=True)
    added = [
        f"{talk.indent}:{name}: {myst_option_value(value) if talk.quoted else value}\n"
        for name, value in options
    ]
    return "".join(lines[: talk.insert_at] + added + lines[talk.insert_at :])
