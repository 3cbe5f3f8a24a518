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


def test_a_profile_says_who_is_another_person(rootdir, tmp_path):
    import io
    import shutil

    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-speaker-variants", srcdir)
    (srcdir / "people" / "marc.md").write_text(
        "# Marc-André Lemburg\n\n```{speaker} Marc-André Lemburg\n:distinct-from: Marc-Andre Lemburg\n```\n",
        encoding="utf-8",
    )
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    text = warnings.getvalue()
    assert "'Marc-Andre Lemburg' differs" not in text
    assert "'Nicholas H.Tollervey' differs" in text and "'Augusta-Ada King' differs" in text
    page = (app.outdir / "people" / "marc.html").read_text(encoding="utf-8")
    assert "Not to be confused with" in page and "Marc-Andre Lemburg" in page
