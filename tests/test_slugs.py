"""Every slug rule's output, pinned for tricky names and titles.

The site's addresses come from these rules (speaker pages and their old
addresses, the frab export's talk slugs, the importer's page and folder
names, the index pieces): a change of output moves published pages.
"""

from __future__ import annotations

import pytest

from eventnotes import names, slugs

LONG_WORD = "x" * 130
LONG_WORDS = " ".join(["Pneumonoultramicroscopicsilicovolcanoconiosis"] * 3)

#: input -> (speaker page slug, old speaker address, export slug, importer folder slug, importer page stem)
CASES = {
    "Domen Kožar": ("domen-kozar", "domen-kozar", "domen-kozar", "domen-kozar", "domen-kozar"),
    "José García": ("jose-garcia", "jose-garcia", "jose-garcia", "jose-garcia", "jose-garcia"),
    "Йосиф Бродский": ("yosif-brodskiy", "иосиф-бродскии", "yosif-brodskiy", "", "йосиф-бродский"),
    # The old address has Hangul decomposed into its jamo (NFKD).
    "김민수": ("gim-min-su", "\u1100\u1175\u11b7\u1106\u1175\u11ab\u1109\u116e", "gimminsu", "", "김민수"),
    "山田 太郎": ("shan-tian-tai-lang", "山田-太郎", "shantian-tailang", "", "山田-太郎"),
    "パイソン入門": ("paison-ru-men", "ハイソン入門", "paisonrumen", "", "パイソン入門"),
    "Łukasz Langa": ("lukasz-langa", "łukasz-langa", "lukasz-langa", "ukasz-langa", "łukasz-langa"),
    "Straße & Co.": ("strasse-co", "strasse-co", "strasse-co", "strae-co", "strasse-co"),
    "Œuvre Æsir ø": ("oeuvre-aesir-o", "œuvre-æsir-ø", "oeuvre-aesir-o", "uvre-sir", "œuvre-æsir-ø"),
    "Ñandú été": ("nandu-ete", "nandu-ete", "nandu-ete", "nandu-ete", "nandu-ete"),
    "C++ / Rust: why?!": ("c-rust-why", "c-rust-why", "c-rust-why", "c-rust-why", "c-rust-why"),
    "Marc-André_Lemburg": ("marc-andre-lemburg",) * 5,
    "ﬁnal ½ Ⅻ": ("final-1-2-xii", "final-1-2-xii", "final-1-2-xii", "final-12-xii", "final-1-2-xii"),
    "  --__--  ": ("speaker", "speaker", "talk", "", "talk"),
    "": ("speaker", "speaker", "talk", "", "talk"),
    LONG_WORD: (LONG_WORD, LONG_WORD, LONG_WORD, LONG_WORD, "x" * 93),
    LONG_WORDS: (
        "-".join(LONG_WORDS.lower().split()),
        "-".join(LONG_WORDS.lower().split()),
        "-".join(LONG_WORDS.lower().split()),
        "-".join(LONG_WORDS.lower().split()),
        "-".join(LONG_WORDS.lower().split()[:2]),
    ),
}


@pytest.mark.parametrize("text", CASES)
def test_each_slug_rule_keeps_its_output(text):
    assert (
        slugs.speaker_slug(text),
        slugs.legacy_speaker_slug(text),
        slugs.export_slug(text),
        slugs.import_folder_slug(text),
        slugs.talk_page_stem(text),
    ) == CASES[text]


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("Andy McKay", "speakers/andy-mckay"),
        ("C++ / Rust: why?!", "speakers/c-rust-why"),
        ("Domen Kožar", "speakers/domen-kozar-0722df"),
        ("José García", "speakers/jose-garcia-978edf"),
        ("Йосиф Бродский", "speakers/yosif-brodskiy-def40a"),
        ("김민수", "speakers/gim-min-su-2787ed"),
        ("Œuvre Æsir ø", "speakers/oeuvre-aesir-o-5c99a0"),
    ],
)
def test_speaker_page_addresses_keep_their_output(name, page):
    assert names.speaker_page_name(name, "speakers") == page


def test_a_long_title_fits_the_file_name_budget():
    stem = slugs.talk_page_stem("Ж" * 200)
    assert stem == "ж" * 46
    assert len(f"{stem}-99.rst".encode()) <= slugs.MAX_FILE_NAME_BYTES


@pytest.mark.parametrize(
    ("letter", "slug"), [("K", "k"), ("7", "7"), ("…", "u2026"), ("Ж", "u0416"), ("ㄱ", "u3131"), ("Ä", "u00c4")]
)
def test_index_letters_keep_their_file_names(letter, slug):
    assert slugs.index_letter_slug(letter) == slug


@pytest.mark.parametrize(("name", "acronym"), [("europython-2019", "europython_2019"), ("ep", "ep__"), ("Кон", "kon_"), ("…", "conference")])
def test_export_acronyms_keep_their_output(name, acronym):
    assert slugs.export_acronym(name) == acronym
