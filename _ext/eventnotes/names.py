"""Speaker names: how a ``:speaker:`` option splits into names, one spelling per name, and page addresses."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING

from anyascii import anyascii

if TYPE_CHECKING:
    from collections.abc import Iterable


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


def transliterate(name: str) -> str:
    """The name in ASCII letters: 'Йосиф Бродский' -> 'Yosif Brodskiy'.

    anyascii writes each syllable of Han and Hangul with a capital ('GimMinSu');
    a space goes between such syllables, so that they read as words.
    """
    parts: list[str] = []
    after_syllable = False
    for ch in name:
        if ch.isascii():
            parts.append(ch)
            after_syllable = False
            continue
        ascii_form = anyascii(ch)
        if ascii_form[:1].isupper() and after_syllable and parts[-1][-1:].islower():
            parts.append(" ")
        parts.append(ascii_form)
        after_syllable = bool(ascii_form)
    return "".join(parts)


def strip_accents(text: str) -> str:
    """'Kožar' -> 'Kozar'; letters without a decomposition ('Ł') stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def legacy_slug(name: str) -> str:
    """The address a name had before transliteration: 'Domen Kožar' -> 'domen-kozar'.

    Kept to write redirect pages, so that links to those addresses still work.
    """
    return re.sub(r"[\W_]+", "-", strip_accents(name).casefold()).strip("-") or "speaker"


def slugify(name: str) -> str:
    """'Domen Kožar' -> 'domen-kozar', 'Йосиф Бродский' -> 'yosif-brodskiy'."""
    return re.sub(r"[^a-z0-9]+", "-", transliterate(name).casefold()).strip("-") or "speaker"


def speaker_page_name(name: str, folder: str) -> str:
    """The address of a speaker's page, from the speaker's own name alone.

    An ASCII name is its slug ('Andy McKay' -> 'andy-mckay').  A name with
    other letters shares its slug with its ASCII spelling ('José García',
    'Jose Garcia'), so a short hash of the name follows: 'jose-garcia-978edf'.
    """
    slug = slugify(name)
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
