"""Spellings of one name that differ only by case, accents, punctuation or spacing."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.sphinx("html", testroot="speaker-variants")


def located_warnings(app, warning) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    return [line.replace(f"{app.srcdir}/", "") for line in text.splitlines() if line]


def test_each_undeclared_variant_gets_one_located_warning(app, warning):
    app.build()
    assert located_warnings(app, warning) == [
        # A profile's alias is one of that person's spellings.
        "talks/engine.rst:4: WARNING: the speaker 'Augusta-Ada King' differs from 'Augusta Ada King' "
        "(people/ada.rst, line 4) only by case, accents, punctuation or spacing; if they are one person, "
        "write ':speaker: Ada Lovelace' here too, or ':aliases: Augusta-Ada King' in their profile "
        "[eventnotes.speaker-variant]",
        "talks/plain.rst:4: WARNING: the speaker 'Marc-Andre Lemburg' differs from 'Marc-André Lemburg' "
        "(talks/unicode.rst, line 4) only by case, accents, punctuation or spacing; if they are one person, "
        "write ':speaker: Marc-André Lemburg' here too, or ':aliases: Marc-Andre Lemburg' in their profile "
        "[eventnotes.speaker-variant]",
        "talks/plain.rst:4: WARNING: the speaker 'Nicholas H.Tollervey' differs from 'Nicholas H. Tollervey' "
        "(talks/again.md, line 3) only by case, accents, punctuation or spacing; if they are one person, "
        "write ':speaker: Nicholas H. Tollervey' here too, or ':aliases: Nicholas H.Tollervey' in their profile "
        "[eventnotes.speaker-variant]",
    ]
    # Never merged silently: each spelling keeps its own page.
    pages = {path.stem for path in (app.outdir / "speakers").iterdir()}
    assert {"marc-andre-lemburg", "nicholas-h-tollervey", "anne-lee", "ann-lee", "augusta-ada-king"} <= pages


@pytest.mark.sphinx("html", testroot="speaker-variants",
                    confoverrides={"suppress_warnings": ["eventnotes.speaker-variant"]})
def test_variant_warnings_can_be_suppressed(app, warning):
    app.build()
    assert warning.getvalue() == ""
