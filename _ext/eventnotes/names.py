"""Speaker names: how a ``:speaker:`` option splits into names, and one spelling per name."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING

from eventnotes.collation import strip_accents

if TYPE_CHECKING:
    from collections.abc import Iterable


def split_list(text: str) -> tuple[list[str], bool]:
    """Split a comma-separated option into its items.

    Returns the non-empty items and whether an empty item was dropped
    (``"a, , b"`` or a trailing comma), which deserves a warning.
    """
    if not text.strip():
        return [], False
    raw = text.split(",")
    items = [" ".join(item.split()) for item in raw]
    kept = [item for item in items if item]
    return kept, len(kept) != len(items)


def normalize_name(name: str) -> str:
    """One spelling per speaker: NFC, with runs of white space folded to one space."""
    return unicodedata.normalize("NFC", " ".join(name.split()))


def slugify(name: str) -> str:
    """'Domen Kožar' -> 'domen-kozar'; letters without an ASCII form are kept ('łukasz')."""
    return re.sub(r"[\W_]+", "-", strip_accents(name).casefold()).strip("-") or "speaker"


def speaker_page_names(names: Iterable[str], folder: str) -> dict[str, str]:
    """A stable page name per speaker; names that slugify alike get -2, -3, ..."""
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        base = slug = slugify(name)
        counter = 1
        while slug in taken:
            counter += 1
            slug = f"{base}-{counter}"
        taken.add(slug)
        pages[name] = posixpath.join(folder, slug)
    return pages
