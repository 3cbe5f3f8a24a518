"""The order in which speakers are listed, and the letters of the Speaker Index."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """'Kožar' -> 'Kozar'; letters without a decomposition ('Ł') stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sort_key(text: str) -> str:
    """Sort without regard to case or accents: 'Kožar' sorts as 'kozar'."""
    return strip_accents(text).casefold()
