"""The order in which speakers are listed, and the letters of the Speaker Index.

Both come from ICU (through PyICU), for the site's ``language``: the Unicode
Collation Algorithm with CLDR's rules for that language orders the names
('Łukasz' with L, 'Þór' after Z, 'Straße' as 'Strasse'), and ICU's
alphabetic index gives each name its letter.  Latin comes first, then the
other scripts, each under its own letters: Cyrillic and Greek by letter,
Hangul by initial consonant, kana by row.  Names ICU puts under no letter
(digits, punctuation, Han characters) are listed under '…'.
"""

from __future__ import annotations

import functools

import icu

#: Locales whose index letters are added to those of the site's language, one
#: per script: names in these scripts get a letter of their own.
SCRIPT_LOCALES = ("en", "ru", "el", "ko", "ja", "he", "ar", "hi", "th", "ka", "hy")

#: AlphabeticIndex keeps 99 letters by default, which drops Latin's last ones
#: once other scripts are added.
MAX_LETTERS = 1000


class Collation:
    """Sort keys and index letters for one language."""

    def __init__(self, language: str) -> None:
        index = icu.AlphabeticIndex(icu.Locale(language))
        index.maxLabelCount = MAX_LETTERS
        for locale in SCRIPT_LOCALES:
            index.addLabels(icu.Locale(locale))
        # The index's own collator, so that the order and the letters agree;
        # the index owns it, and must live as long.
        self._index_builder = index
        self._collator = index.collator
        self._index = index.buildImmutableIndex()
        # Equal for spellings that differ only by case, accents, punctuation or spacing.
        self._variants = icu.Collator.createInstance(icu.Locale(language))
        self._variants.setStrength(icu.Collator.PRIMARY)
        self._variants.setAttribute(icu.UCollAttribute.ALTERNATE_HANDLING, icu.UCollAttributeValue.SHIFTED)
        self._topics = icu.Collator.createInstance(icu.Locale(language))
        self._topics.setStrength(icu.Collator.PRIMARY)
        self._topics.setAttribute(icu.UCollAttribute.ALTERNATE_HANDLING, icu.UCollAttributeValue.NON_IGNORABLE)

    def key(self, text: str) -> tuple[bytes, str]:
        """Sorts as readers of the language expect; equal keys fall back on the text itself."""
        return self._collator.getSortKey(text), text

    def variant_key(self, text: str) -> bytes:
        """The same for 'Marc-Andre Lemburg' and 'Marc-André Lemburg', or 'Nicholas H.Tollervey'
        and 'Nicholas H. Tollervey'; different for different letters ('Ann', 'Anne')."""
        return self._variants.getSortKey(text)

    def topic_key(self, text: str) -> bytes:
        """The same for 'Python', 'python' and 'PYTHON', or 'Café' and 'cafe'; unlike
        :meth:`variant_key`, punctuation counts ('C' and 'C++' are two topics)."""
        return self._topics.getSortKey(text)

    def letter(self, text: str) -> str:
        """The index letter a name is listed under: 'Łukasz Langa' -> 'L', '김민수' -> 'ㄱ'."""
        label, _label_type = self._index.getBucket(self._index.getBucketIndex(text))
        return label


@functools.cache
def collation(language: str | None) -> Collation:
    """The collation of a site's ``language`` (English when it has none)."""
    return Collation(language or "en")
