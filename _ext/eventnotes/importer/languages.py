"""Language codes as the site writes them: the shortest standard tag.

Sources give ISO 639-3 (pyvideo's ``eng``), ISO 639-2 bibliographic codes
(``ger``) or BCP 47 tags (pretalx's ``en``, ``de-CH``).  ``langcodes``
knows which of them have a two-letter ISO 639-1 code.
"""

from __future__ import annotations

import langcodes
from langcodes.tag_parser import LanguageTagError


def language_tag(code: str) -> str:
    """The two-letter code for ``code`` where one exists, else ``code`` as given.

    ``"eng"`` is ``"en"``, ``"ger"`` is ``"de"``, ``"pt-BR"`` stays ``"pt-BR"``;
    a code with no two-letter form (``"fil"``) or one ``langcodes`` cannot read
    is returned stripped but otherwise unchanged.
    """
    code = code.strip()
    if not code:
        return ""
    try:
        return langcodes.standardize_tag(code)
    except (LanguageTagError, ValueError):
        return code
