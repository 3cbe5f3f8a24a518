"""Bad input: one located, typed warning each; the build goes on and nothing is lost."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.sphinx("html", testroot="bad-input")

EXPECTED = """\
conf/index.rst:4: WARNING: ':site: ftp://example.org/conf' is not an absolute http(s) URL; it is shown as text, not as a link [eventnotes.invalid-url]
conf/talks/bad-date.md:3: WARNING: ':date: 2020-02-30' is not a date; write the day as YYYY-MM-DD, e.g. 2013-03-16 [eventnotes.invalid-date]
conf/talks/no-date.rst:4: WARNING: the 'talk' directive needs a ':date:' option, written as YYYY-MM-DD [eventnotes.missing-date]
conf/talks/no-section.rst:1: WARNING: the 'talk' directive must sit directly under a section title, which is its title; its notes are published, but it is not listed or indexed [eventnotes.talk-outside-section]
conf/talks/urls.md:3: WARNING: ':speaker:' holds an empty name; separate names with single commas, or leave the option out when nobody is known [eventnotes.empty-option]
conf/talks/urls.md:3: WARNING: ':slides: javascript:alert(1)' is not an absolute http(s) URL; it is shown as text, not as a link [eventnotes.invalid-url]
conf/talks/urls.md:3: WARNING: ':video: <script>alert(1)</script>' is not an absolute http(s) URL; it is shown as text, not as a link [eventnotes.invalid-url]
conf/talks/urls.md:3: WARNING: unknown option ':speakers:' of the 'talk' directive; the known options are :date:, :date-note:, :speaker:, :slides:, :video:, :details:, :tags:, :language:, :start:, :duration:, :room:, :type:, :status:, :source-id: [eventnotes.unknown-option]
conf2/index.md:3: WARNING: the conference ends (2021-05-01) before it starts (2021-05-03); check ':start:' and ':end:' [eventnotes.conference-dates]
conf/other.rst:4: WARNING: the folder 'conf' already belongs to the conference 'A Conference' (conf/index); a folder holds one conference, so this one is ignored [eventnotes.duplicate-conference]
conf/talks/outside.rst:4: WARNING: the talk 'Outside the conference' is dated 2020-06-01, outside its conference 'A Conference' (2020-05-01 to 2020-05-03); fix the date, or explain it with a ':date-note:' option [eventnotes.date-outside-conference]
index.rst:4: WARNING: no speaker 'Nobody Known': the name must be spelled as in a talk's ':speaker:' option [eventnotes.unknown-speaker]
index.rst:4: WARNING: no talk '/conf/talks/nothing': name a page that holds one talk, or a label on the talk's section [eventnotes.unknown-talk]
index.rst:4: WARNING: no conference '/nowhere/index': name the page that holds the 'conference' directive [eventnotes.unknown-conference]
index.rst:4: WARNING: the page '/conf/talks/two-talks' holds 2 talks: put a label on the wanted talk's section and name the label [eventnotes.unknown-talk]
index.rst:4: WARNING: no topic 'Nowhere': a topic is a tag in some talk's ':tags:' option [eventnotes.unknown-topic]
"""


@pytest.fixture
def built(app):
    app.build()
    return app


def located_warnings(app, warning) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    return [line.replace(f"{app.srcdir}/", "") for line in text.splitlines() if line]


def test_each_problem_gets_one_exact_located_warning(built, warning):
    assert located_warnings(built, warning) == EXPECTED.splitlines()


def page(app, name: str) -> str:
    return (app.outdir / name).read_text(encoding="utf-8")


def test_notes_and_abstract_are_still_published(built):
    assert "The abstract survives." in page(built, "conf/talks/no-date.html")
    assert "The notes survive." in page(built, "conf/talks/no-date.html")
    assert "The notes survive." in page(built, "conf/talks/bad-date.html")
    assert "Text before any title." in page(built, "conf/talks/no-section.html")


def test_bad_values_stay_visible_as_text(built):
    html = page(built, "conf/talks/bad-date.html")
    assert "2020-02-30" in html
    urls = page(built, "conf/talks/urls.html")
    assert 'href="javascript' not in urls
    assert "<script>alert" not in urls
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in urls
    assert "Bob &lt;b&gt;Bold&lt;/b&gt;" in urls
    assert '<a class="reference external" href="https://example.org/ok">' in urls
    assert "Typo Name" in urls  # the unknown option's value is kept


def test_date_note_is_shown_and_accepts_the_date(built):
    html = page(built, "conf/talks/explained.html")
    assert "<em>The source dates this talk after the conference.</em>" in html


def test_warnings_can_be_suppressed_by_type(make_app, sphinx_test_tempdir, rootdir):
    import shutil

    srcdir = sphinx_test_tempdir / "bad-input-suppressed"
    if srcdir.exists():
        shutil.rmtree(srcdir)
    shutil.copytree(rootdir / "test-bad-input", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"suppress_warnings": ["eventnotes"]})
    app.build()
    assert "eventnotes" not in app._warning.getvalue()
