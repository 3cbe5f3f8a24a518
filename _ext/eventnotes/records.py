"""What the domain stores about talks and conferences: plain, picklable records."""

from __future__ import annotations

import dataclasses
import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Element
    from sphinx.builders import Builder


@dataclasses.dataclass(frozen=True, slots=True)
class Talk:
    docname: str
    anchor: str
    title: str
    date: str  # ISO day, or "" when the notes gave none that parses
    speakers: tuple[str, ...]
    lineno: int
    labels: tuple[str, ...] = ()
    date_note: str = ""
    slides: str = ""
    video: str = ""
    details: str = ""
    tags: tuple[str, ...] = ()
    language: str = ""

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.date or "9999", self.docname, self.anchor)


@dataclasses.dataclass(frozen=True, slots=True)
class Conference:
    docname: str
    anchor: str
    title: str
    start: str
    end: str
    lineno: int
    venue: str = ""
    location: str = ""
    site: str = ""

    @property
    def folder(self) -> str:
        """The folder whose talks belong to this conference ('' for the source root)."""
        return posixpath.dirname(self.docname)


def enclosing_folders(docname: str) -> Iterator[str]:
    """The folders that hold ``docname``, nearest first, down to '' (the source root)."""
    folder = posixpath.dirname(docname)
    while True:
        yield folder
        if not folder:
            return
        folder = posixpath.dirname(folder)


def link_to(builder: Builder, fromdocname: str, record: Talk | Conference, text: Element | None = None) -> Element:
    """A link to a talk or a conference; its title is the text unless one is given."""
    if text is None:
        text = nodes.inline(record.title, record.title)
    return make_refnode(builder, fromdocname, record.docname, record.anchor, text, record.title)
