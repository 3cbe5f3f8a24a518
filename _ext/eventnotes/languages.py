"""The languages of the talks: their codes, their names, and which talks each has.

A talk's ``:language:`` is a BCP 47 code (``it``, ``pt-BR``).  Codes are
compared in their standard form (``IT``, ``ita`` and ``it`` are one
language; ``langcodes`` standardizes them without its name data).  Names
come from the CLDR data of Babel, which Sphinx already depends on: the talk
block names a language in the site's language, a language's page in English
with its code ("Italian (it)").  A code neither library knows stays as
written, with no page.

:func:`language_tag` is the one reading of a code, for the build and the
importer alike.
"""

from __future__ import annotations

import collections
import functools
from typing import TYPE_CHECKING

import langcodes
from babel import Locale, UnknownLocaleError

from eventnotes.records import Language

if TYPE_CHECKING:
    from collections.abc import Iterable

    from eventnotes.records import Talk


@functools.lru_cache(maxsize=256)
def language_tag(code: str) -> str:
    """The standard form of a language code, its shortest: 'IT', 'ita' and 'it' -> 'it',
    'eng' -> 'en', 'ger' -> 'de', 'pt-br' -> 'pt-BR'; a code with no shorter form stays ('fil').

    Spaces around the code do not count.  A text that is no BCP 47 tag ('english',
    'not a code') and an empty one give '': no language.
    """
    code = code.strip()
    try:
        return langcodes.standardize_tag(code) if code else ""
    except ValueError:  # langcodes' LanguageTagError too
        return ""


@functools.lru_cache(maxsize=256)
def language_name(code: str, in_language: str) -> str:
    """'Italian' for 'it' in English ('italiano' in Italian); '' when CLDR has no name for it."""
    tag = language_tag(code)
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(in_language or "en") if tag else ""
    except (ValueError, TypeError, UnknownLocaleError):
        return ""
    return name[:1].upper() + name[1:] if name else ""


def main_language(talks: Iterable[Talk]) -> str:
    """The language most of the talks are in (the first code in order on a tie); '' if none says."""
    counts = collections.Counter(tag for talk in talks if (tag := language_tag(talk.language)))
    return min(counts, key=lambda tag: (-counts[tag], tag)) if counts else ""


def languages_of(talks: Iterable[Talk], pages_dir: str) -> list[Language]:
    """Every language the talks are in, in code order.

    A language has a page only when the talks are in more than one: a
    single-language site has no use for it.
    """
    by_tag: dict[str, list[Talk]] = {}
    for talk in talks:
        if (tag := language_tag(talk.language)) and language_name(tag, "en"):
            by_tag.setdefault(tag, []).append(talk)
    with_pages = len(by_tag) > 1
    return [
        Language(
            code=tag,
            name=f"{language_name(tag, 'en')} ({tag})",
            page=f"{pages_dir}/{tag.lower()}" if with_pages else "",
            talks=tuple(by_tag[tag]),
        )
        for tag in sorted(by_tag)
    ]
