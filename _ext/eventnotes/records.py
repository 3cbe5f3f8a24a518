"""What the domain stores about talks and conferences: plain, picklable records."""

from __future__ import annotations

import dataclasses
import posixpath


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

    def contains(self, docname: str) -> bool:
        return not self.folder or docname.startswith(self.folder + "/")
