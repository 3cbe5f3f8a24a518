"""Every slug the site and the importer make: names and titles as parts of addresses.

Each rule is here once, named for what it makes.  Rules differ where an
address is already published and must not move: a speaker page's address
transliterates to ASCII, the legacy address of a speaker page (where its
redirect is written) keeps other letters, an imported page's file name keeps every script readable.  They
share the steps below: how accents go, which characters make a word, how
words are joined.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

#: Letters and digits of any script; '_' separates words.
ANY_SCRIPT_WORD = re.compile(r"[^\W_]+")
#: ASCII lower-case letters and digits.
ASCII_WORD = re.compile(r"[a-z0-9]+")

#: The longest file name an imported talk page gets, in UTF-8 bytes, suffix included.
MAX_FILE_NAME_BYTES = 100


# -- Steps ------------------------------------------------------------------------------


def joined_words(text: str, word: re.Pattern[str], separator: str = "-") -> str:
    """The words of *text* joined by *separator*: anything else between them goes."""
    return separator.join(word.findall(text))


def strip_accents(text: str) -> str:
    """'Kožar' -> 'Kozar', 'й' -> 'и': compatibility forms split ('ﬁ' -> 'fi') and every
    combining mark dropped; letters without a decomposition ('Ł') stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_latin_accents(text: str) -> str:
    """'é' -> 'e', but 'й', 'パ' and 'ł' stay whole: a mark goes only where the letter
    under it is ASCII, so that other scripts keep their letters."""
    return "".join(_latin_base(ch) for ch in unicodedata.normalize("NFKC", text))


def _latin_base(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() else ch


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


def ascii_letters_only(text: str) -> str:
    """Accents dropped and every other letter beyond ASCII too: 'Łukasz' -> 'ukasz'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# -- Rules --------------------------------------------------------------------------------


def speaker_slug(name: str) -> str:
    """A speaker page's address: 'Domen Kožar' -> 'domen-kozar', 'Йосиф Бродский' -> 'yosif-brodskiy'.

    (:func:`eventnotes.names.speaker_page_name` adds a hash to a name beyond ASCII.)
    """
    return joined_words(transliterate(name).casefold(), ASCII_WORD) or "speaker"


def legacy_speaker_slug(name: str) -> str:
    """A speaker page's legacy address, accents stripped and other letters kept: 'Domen Kožar' ->
    'domen-kozar', 'Йосиф Бродский' -> 'иосиф-бродскии'; its redirect page is written there."""
    return joined_words(strip_accents(name).casefold(), ANY_SCRIPT_WORD) or "speaker"


def export_slug(name: str) -> str:
    """A talk's slug in the frab export (after the conference's acronym): 'talks/Kožar' -> 'talks-kozar'."""
    return joined_words(anyascii(name).lower(), ASCII_WORD) or "talk"


def export_acronym(name: str) -> str:
    """A conference in the frab schema's letters: 'europython-2019' -> 'europython_2019'.

    The schema wants at least four letters, digits or underscores: a shorter
    name is padded with underscores ('ep' -> 'ep__').
    """
    return (joined_words(anyascii(name).lower(), ASCII_WORD, "_") or "conference").ljust(4, "_")


def import_folder_slug(text: str) -> str:
    """An imported conference's folder, from its acronym or title: 'PyCon Italia 2018' ->
    'pycon-italia-2018'; '' when nothing of it is ASCII (the import then asks for a folder)."""
    return joined_words(ascii_letters_only(text).lower(), ASCII_WORD)


def talk_page_stem(title: str, fallback: str = "talk") -> str:
    """An imported talk page's file name stem: lower-case words joined by hyphens, Latin accents dropped.

    Letters without an ASCII form (CJK, Cyrillic) are kept, so a title in any
    script gets a readable name; the stem is cut at a word boundary to fit
    :data:`MAX_FILE_NAME_BYTES` with room for a ``-NN`` suffix and ``.rst``.
    """
    words = ANY_SCRIPT_WORD.findall(strip_latin_accents(title).casefold())
    budget = MAX_FILE_NAME_BYTES - len(".rst") - len("-99")
    stem = ""
    for word in words:
        candidate = f"{stem}-{word}" if stem else word
        if len(candidate.encode()) > budget:
            if not stem:  # one very long word: cut it at a character boundary
                stem = candidate.encode()[:budget].decode(errors="ignore")
            break
        stem = candidate
    return stem or fallback


def index_letter_slug(letter: str) -> str:
    """An index letter in the file name of its piece: 'K' -> 'k'; '…', 'Ж' or 'ㄱ' -> their code points ('u2026')."""
    if letter.isascii() and letter.isalnum():
        return letter.lower()
    return "-".join(f"u{ord(char):04x}" for char in letter)
