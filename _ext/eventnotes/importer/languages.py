"""Language codes as an import writes them.

Sources give ISO 639-3 (pyvideo's ``eng``), ISO 639-2 bibliographic codes
(``ger``) or BCP 47 tags (pretalx's ``en``, ``de-CH``);
:func:`eventnotes.languages.language_tag` reads them as the build does.
"""

from __future__ import annotations

from eventnotes.languages import language_tag


def source_language(code: str) -> str:
    """The ``:language:`` an imported talk gets: the code's standard form (``"eng"`` -> ``"en"``).

    A text that is no language code (``"english"``) is written as the source
    gives it, stripped, rather than dropped: the note-taker sees it on the page
    and can correct it; the build shows it as written, with no language page.
    """
    return language_tag(code) or code.strip()
