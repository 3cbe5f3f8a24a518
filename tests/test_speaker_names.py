"""Speakers' order, index letters and page addresses, for names in many scripts."""

from __future__ import annotations

import pytest

from eventnotes.collation import collation
from eventnotes.names import Spelling, speaker_page_name, speaker_page_names, variant_groups

ENGLISH = collation("en")


def in_order(names: list[str], language: str = "en") -> list[str]:
    return sorted(names, key=collation(language).key)


def test_latin_letters_sort_with_their_base_letter():
    names = ["Zoë Zed", "Þórr Ásgeirsson", "Łukasz Langa", "Ørjan Berg", "Æsa Nilsen", "Đorđe Balašević",
             "Ben Straße", "Ben Strasse", "Lars Lund", "Olav Oss", "Dag Dahl", "Ada Aal"]
    assert in_order(names) == [
        "Ada Aal", "Æsa Nilsen", "Ben Strasse", "Ben Straße", "Dag Dahl", "Đorđe Balašević",
        "Lars Lund", "Łukasz Langa", "Olav Oss", "Ørjan Berg", "Zoë Zed", "Þórr Ásgeirsson",
    ]
    assert [ENGLISH.letter(name) for name in ("Æsa Nilsen", "Đorđe Balašević", "Łukasz Langa", "Ørjan Berg")] == [
        "A", "D", "L", "O",
    ]


def test_dotted_and_dotless_i_sort_with_i_in_english_and_apart_in_turkish():
    names = ["Işık Yılmaz", "İsmail Kaya", "Ivan Ilić", "Hakan Şükür"]
    assert [ENGLISH.letter(name) for name in names] == ["I", "I", "I", "H"]
    turkish = collation("tr")
    # Turkish: dotless ı is the lower case of I, and İ a letter of its own after it.
    assert [(name, turkish.letter(name)) for name in in_order(names, "tr")] == [
        ("Hakan Şükür", "H"), ("Işık Yılmaz", "I"), ("Ivan Ilić", "I"), ("İsmail Kaya", "İ"),
    ]


def test_latin_first_then_each_script_under_its_own_letters():
    names = ["김민수", "Йосиф Бродский", "やまだ たろう", "Ελένη Παπαδοπούλου", "Andy McKay", "박지성", "Ёлка Ёжикова"]
    ordered = in_order(names)
    assert ordered == [
        "Andy McKay", "Ελένη Παπαδοπούλου", "Ёлка Ёжикова", "Йосиф Бродский", "김민수", "박지성", "やまだ たろう",
    ]
    assert [ENGLISH.letter(name) for name in ordered] == ["A", "Ε", "Е", "Й", "ㄱ", "ㅂ", "や"]


def test_names_without_letters_are_grouped_apart():
    assert ENGLISH.letter("42 Robots") == "…"
    assert ENGLISH.letter("山田太郎") == "…"


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("Andy McKay", "speakers/andy-mckay"),
        ("Raymond Hettinger", "speakers/raymond-hettinger"),
        ("José García", "speakers/jose-garcia-978edf"),
        ("Йосиф Бродский", "speakers/yosif-brodskiy-def40a"),
        ("やまだ たろう", "speakers/yamada-tarou-2a310e"),
        ("김민수", "speakers/gim-min-su-2787ed"),
    ],
)
def test_page_address_is_a_readable_function_of_the_name(name, page):
    assert speaker_page_name(name, "speakers") == page


def test_page_addresses_do_not_move_when_speakers_come_and_go():
    alone = speaker_page_names(["José García", "Ana Lima"], "speakers")
    crowded = speaker_page_names(["Jose Garcia", "José García", "JOSÉ GARCÍA", "Ana Lima"], "speakers")
    assert crowded["José García"] == alone["José García"]
    assert crowded["Ana Lima"] == alone["Ana Lima"]
    assert len(set(crowded.values())) == 4


def test_ascii_names_that_differ_by_case_get_different_pages():
    pages = speaker_page_names(["Samuel Farrens", "Samuel FARRENS"], "speakers")
    assert pages == {"Samuel FARRENS": "speakers/samuel-farrens", "Samuel Farrens": "speakers/samuel-farrens-e5a8e6"}


def spelling(name: str, person: str = "", talks: int = 1, settled: bool = False) -> Spelling[str]:
    return Spelling(name, person or name, talks, settled, name)


def test_variant_groups_hold_two_people_or_more_in_suggestion_order():
    groups = variant_groups(
        [
            spelling("Marc-Andre Lemburg", talks=3),
            spelling("Marc-André Lemburg", talks=3),
            spelling("marc andre lemburg", talks=5),
            spelling("Nicholas H.Tollervey"),
            spelling("Nicholas H. Tollervey", settled=True),
            spelling("Ann Lee"),
            spelling("Anne Lee"),
            # One person's two spellings are no variants of each other.
            spelling("Ada King", person="Ada Lovelace"),
            spelling("ADA KING", person="Ada Lovelace"),
        ],
        "en",
    )
    assert [[item.spelling for item in group] for group in groups] == [
        # The most talks first, then the most letters beyond ASCII.
        ["marc andre lemburg", "Marc-André Lemburg", "Marc-Andre Lemburg"],
        # A profile's spelling before any other.
        ["Nicholas H. Tollervey", "Nicholas H.Tollervey"],
    ]
