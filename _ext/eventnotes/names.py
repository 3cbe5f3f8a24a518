"""Speaker names: how a ``:speaker:`` option splits into names, one spelling per name, and page addresses."""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING, Generic, TypeVar

from eventnotes.collation import collation
from eventnotes.slugs import speaker_slug

if TYPE_CHECKING:
    from collections.abc import Iterable

T = TypeVar("T")


_UNESCAPED_COMMA = re.compile(r"(?<!\\),")


def split_list(text: str) -> tuple[list[str], bool]:
    """Split a comma-separated option into its items.

    A comma written ``\\,`` belongs to its item (``Richard D. Copeland\\, Jr.``):
    docutils and MyST both hand an option's text over with the backslash kept.
    Returns the non-empty items and whether an empty item was dropped
    (``"a, , b"`` or a trailing comma), which deserves a warning.
    """
    if not text.strip():
        return [], False
    raw = _UNESCAPED_COMMA.split(text)
    items = [" ".join(item.replace("\\,", ",").split()) for item in raw]
    kept = [item for item in items if item]
    return kept, len(kept) != len(items)


def normalize_name(name: str) -> str:
    """One spelling per speaker: NFC, with runs of white space folded to one space."""
    return unicodedata.normalize("NFC", " ".join(name.split()))


def speaker_page_name(name: str, folder: str) -> str:
    """The address of a speaker's page, from the speaker's own name alone.

    An ASCII name is its slug ('Andy McKay' -> 'andy-mckay').  A name with
    other letters shares its slug with its ASCII spelling ('José García',
    'Jose Garcia'), so a short hash of the name follows: 'jose-garcia-978edf'.
    """
    slug = speaker_slug(name)
    if not name.isascii():
        slug = f"{slug}-{name_digest(name)}"
    return posixpath.join(folder, slug)


def name_digest(name: str) -> str:
    return hashlib.sha256(normalize_name(name).encode()).hexdigest()[:6]


def speaker_page_names(names: Iterable[str], folder: str) -> dict[str, str]:
    """Each speaker's page, by :func:`speaker_page_name`.

    Two ASCII names can differ by case or punctuation alone ('Samuel FARRENS',
    'Samuel Farrens'); such variants are warned about, and all but the first
    in code point order get the hash too, so that no page overwrites another.
    """
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        page = speaker_page_name(name, folder)
        if page in taken:
            page = f"{page}-{name_digest(name)}"
        taken.add(page)
        pages[name] = page
    return pages


@dataclasses.dataclass(frozen=True)
class Spelling(Generic[T]):
    """A spelling of a speaker's name, as :func:`variant_groups` compares them."""

    spelling: str
    #: Who the spelling belongs to: one person's spellings are never variants of each other.
    person: str
    talks: int
    #: Declared by a profile (or already on the site, for an import): suggested before the others.
    settled: bool
    #: The caller's own record of the spelling.
    item: T


def variant_groups(spellings: Iterable[Spelling[T]], language: str | None) -> list[list[Spelling[T]]]:
    """Spellings that differ only by case, accents, punctuation or spacing, of two people or more.

    Two people may share such a spelling, so the build warns and the importer
    tells, and neither merges them.  The key is the site's collation
    (:meth:`eventnotes.collation.Collation.variant_key`).  Each group comes in
    the order in which to suggest a spelling: settled ones first, then the
    most talks, then the most letters beyond ASCII (accents are more often
    dropped than added), then the order given.
    """
    variant_key = collation(language).variant_key
    groups: dict[bytes, list[Spelling[T]]] = {}
    for spelling in spellings:
        groups.setdefault(variant_key(spelling.spelling), []).append(spelling)
    return [
        sorted(group, key=_suggestion_order)
        for group in groups.values()
        if len({spelling.person for spelling in group}) > 1
    ]


def _suggestion_order(spelling: Spelling[object]) -> tuple[bool, int, int]:
    return not spelling.settled, -spelling.talks, -sum(not ch.isascii() for ch in spelling.spelling)
