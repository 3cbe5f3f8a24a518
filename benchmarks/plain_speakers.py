"""A bench-only Sphinx extension: the speaker features replaced by their plain forms.

Loaded after ``eventnotes`` (``benchmarks/archive.py`` adds it with
``-D extensions=...`` and ``benchmarks/`` on ``PYTHONPATH``), it patches, at
``setup()``, exactly these and nothing else:

- ``eventnotes.domain.collation`` and ``eventnotes.indices.collation`` (ICU's
  Unicode Collation Algorithm and alphabetic index, :mod:`eventnotes.collation`)
  -> :class:`PlainCollation`: order by ``str.casefold()`` then the text,
  index letter the first character upper-cased ('…' when it is no letter),
  variant and topic keys the case-folded text;
- ``eventnotes.domain.speaker_page_names`` (anyascii transliteration and a
  hash of the name, :mod:`eventnotes.names`) -> :func:`plain_page_names`: the
  name's ASCII letters and digits, accents stripped, other letters dropped,
  ``-2``, ``-3`` after a slug already taken in code point order (speaker
  and topic pages alike);
- ``EventNotesDomain.check_speaker_variants`` -> does nothing (no variant
  detection);
- ``eventnotes.pages.old_addresses`` -> no redirect pages from earlier
  addresses.

Speaker profiles and aliases stay as they are: the pyvideo archive has none,
so they cost nothing there.  It is a measuring device, never part of the
site: what it gives up is what the speaker features are for.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx


class PlainCollation:
    """The interface of :class:`eventnotes.collation.Collation`, without ICU."""

    def key(self, text: str) -> tuple[str, str]:
        return text.casefold(), text

    def variant_key(self, text: str) -> str:
        return text.casefold()

    def topic_key(self, text: str) -> str:
        return text.casefold()

    def letter(self, text: str) -> str:
        first = text[:1].upper()
        return first if first.isalpha() else "…"


_PLAIN = PlainCollation()


def plain_collation(language: str | None) -> PlainCollation:
    return _PLAIN


def plain_slug(name: str) -> str:
    ascii_form = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_form.casefold()).strip("-") or "speaker"


def plain_page_names(names: Iterable[str], folder: str) -> dict[str, str]:
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        slug = base = plain_slug(name)
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        pages[name] = posixpath.join(folder, slug)
    return pages


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("eventnotes")
    from eventnotes import domain, indices, pages

    domain.collation = indices.collation = plain_collation
    domain.speaker_page_names = plain_page_names
    domain.EventNotesDomain.check_speaker_variants = lambda self: None
    pages.old_addresses = lambda domain: {}
    return {"parallel_read_safe": True, "parallel_write_safe": True}
