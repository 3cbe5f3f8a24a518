"""Bad input: one located, typed warning each; the build goes on and nothing is lost."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.sphinx("html", testroot="bad-input")

EXPECTED = """\
conf/index.rst:7: WARNING: ':site: ftp://example.org/conf' is not an absolute http(s) URL; it is shown as text, not as a link [eventnotes.invalid-url]
conf/index.rst:8: WARNING: ':time-zone: Mars/Olympus_Mons' is not a time zone name; write one of the IANA database, e.g. Europe/Berlin [eventnotes.invalid-time-zone]
conf/talks/bad-date.md:4: WARNING: ':date: 2020-02-30': February has no 30th day [eventnotes.invalid-date]
conf/talks/no-date.rst:4: WARNING: the 'talk' directive needs a ':date:' option, written as YYYY-MM-DD [eventnotes.missing-date]
conf/talks/no-section.rst:1: WARNING: the 'talk' directive must sit directly under a section title, which is its title; its notes are published, but it is not listed or indexed [eventnotes.talk-outside-section]
conf/talks/times.rst:7: WARNING: ':start: 9h30' is not a time of day; write it as HH:MM (24 hours, the conference's local time), e.g. 14:30 [eventnotes.invalid-time]
conf/talks/times.rst:8: WARNING: ':duration: an hour' is not a duration; write hours and minutes as H:MM, e.g. 0:45, or a number of minutes, e.g. 45 [eventnotes.invalid-duration]
conf/talks/urls.md:8: WARNING: ':speaker:' holds an empty name; separate names with single commas, or leave the option out when nobody is known [eventnotes.empty-option]
conf/talks/urls.md:5: WARNING: ':slides: javascript:alert(1)' is not an absolute http(s) URL; it is shown as text, not as a link [eventnotes.invalid-url]
conf/talks/urls.md:6: WARNING: ':video: <script>alert(1)</script>' is not an absolute http(s) URL; it is shown as text, not as a link [eventnotes.invalid-url]
conf/talks/urls.md:9: WARNING: unknown option ':speakers:' of the 'talk' directive; the known options are :date:, :date-note:, :speaker:, :slides:, :video:, :details:, :tags:, :language:, :start:, :duration:, :room:, :type:, :status:, :source-id: [eventnotes.unknown-option]
conf/talks/yaml-options.md:6: WARNING: ':start: 25:00' is not a time of day; write it as HH:MM (24 hours, the conference's local time), e.g. 14:30 [eventnotes.invalid-time]
conf/talks/yaml-options.md:7: WARNING: ':duration: 0' is not a duration; write hours and minutes as H:MM, e.g. 0:45, or a number of minutes, e.g. 45 [eventnotes.invalid-duration]
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


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2020-02-30", "February has no 30th day"),
        ("2020-04-31", "April has no 31st day"),
        ("2020-01-32", "January has no 32nd day"),
        ("2021-02-29", "2021 is not a leap year, so February has no 29th day"),
        ("2021-13-01", "there is no month 13"),
        ("2021-00-01", "there is no month 0"),
        ("2021-01-00", "there is no day 0"),
        ("0000-01-01", "there is no year 0"),
        # A real day, or a text of another shape, has no reason to give.
        ("2020-02-29", ""),
        ("2013-3-16", ""),
        ("16/03/2013", ""),
    ],
)
def test_a_day_that_does_not_exist_says_why(text, reason):
    from eventnotes.dates import why_not_a_day

    assert why_not_a_day(text) == reason


@pytest.mark.parametrize(
    ("block_text", "option", "offset"),
    [
        (".. talk::\n   :date: 2020-02-30\n   :start: 9h\n\n   Abstract.\n", "start", 2),
        # After the options, a ':start:' in the content is no option.
        (".. talk::\n   :date: x\n\n   :start: in the abstract\n", "start", 0),
        ("```{talk}\n:date: x\n:start: 9h\n```\n", "start", 2),
        ("```{talk}\n---\ndate: x\nstart: 9h\n---\n:start: no\n```\n", "start", 3),
        ("```{talk}\n---\ndate: x\n---\n```\n", "start", 0),
    ],
)
def test_an_option_is_found_on_its_own_line(block_text, option, offset):
    from eventnotes.directives import option_offset

    assert option_offset(block_text, option) == offset


def copied_root(sphinx_test_tempdir, rootdir, name: str):
    import shutil

    srcdir = sphinx_test_tempdir / name
    if srcdir.exists():
        shutil.rmtree(srcdir)
    shutil.copytree(rootdir / "test-bad-input", srcdir)
    return srcdir


def build_again(make_app, srcdir, **kwargs) -> list[str]:
    """The warnings of a build of ``srcdir`` by a new application, on the last build's environment."""
    app = make_app("html", srcdir=srcdir, freshenv=False, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()  # unregister docutils nodes before the next application
    return located_warnings(app, app._warning)


def test_an_unchanged_page_warns_in_every_build(make_app, sphinx_test_tempdir, rootdir):
    # The second build reads nothing and writes only the page with links to nothing:
    # each warning comes again, once, at the same place.
    srcdir = copied_root(sphinx_test_tempdir, rootdir, "bad-input-twice")
    assert build_again(make_app, srcdir) == EXPECTED.splitlines()
    assert build_again(make_app, srcdir) == EXPECTED.splitlines()
    # A page read again gives its warnings afresh, not twice.
    (srcdir / "conf" / "talks" / "urls.md").touch()
    (srcdir / "index.rst").touch()
    assert sorted(build_again(make_app, srcdir)) == sorted(EXPECTED.splitlines())


def test_a_fixed_page_warns_no_more(make_app, sphinx_test_tempdir, rootdir):
    srcdir = copied_root(sphinx_test_tempdir, rootdir, "bad-input-fixed")
    build_again(make_app, srcdir)
    page = srcdir / "conf" / "talks" / "bad-date.md"
    page.write_text(page.read_text(encoding="utf-8").replace("2020-02-30", "2020-05-02"), encoding="utf-8")
    index = srcdir / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace(":speaker:`Nobody Known`", "Nobody Known"),
                     encoding="utf-8")
    fixed = [line for line in EXPECTED.splitlines() if "bad-date.md" not in line and "Nobody Known" not in line]
    assert len(fixed) == len(EXPECTED.splitlines()) - 2
    assert build_again(make_app, srcdir) == fixed
    assert build_again(make_app, srcdir) == fixed


def test_parallel_builds_warn_as_serial_ones(make_app, sphinx_test_tempdir, rootdir):
    srcdir = copied_root(sphinx_test_tempdir, rootdir, "bad-input-parallel")
    expected = sorted(EXPECTED.splitlines())
    assert sorted(build_again(make_app, srcdir, parallel=2)) == expected
    assert sorted(build_again(make_app, srcdir, parallel=2)) == expected
    (srcdir / "conf" / "talks" / "times.rst").touch()
    assert sorted(build_again(make_app, srcdir, parallel=2)) == expected


def test_warnings_as_errors_fail_every_build_until_fixed(tmp_path):
    # As `make html` builds: the command line, -W, the same output and doctrees each time.
    import subprocess
    import sys
    from pathlib import Path

    project = Path(__file__).parent.parent
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["myst_parser", "eventnotes"]\n', encoding="utf-8")
    (srcdir / "index.md").write_text(
        "# A talk\n\n```{talk}\n:date: 2021-02-29\n```\n\nSee {speaker}`Nobody Known`.\n", encoding="utf-8"
    )

    def build() -> tuple[int, list[str]]:
        result = subprocess.run(
            [sys.executable, str(project / "scripts" / "sphinx_build.py"), "-W", "-q", "-b", "html",
             "-d", str(tmp_path / "doctrees"), str(srcdir), str(tmp_path / "html")],
            capture_output=True, text=True, check=False,
            env={"PYTHONPATH": str(project / "_ext"), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        )
        return result.returncode, [line.replace(f"{srcdir}/", "") for line in result.stderr.splitlines()]

    warnings = [
        "index.md:4: WARNING: ':date: 2021-02-29': 2021 is not a leap year, so February has no 29th day "
        "[eventnotes.invalid-date]",
        "index.md:7: WARNING: no speaker 'Nobody Known': the name must be spelled as in a talk's ':speaker:' "
        "option [eventnotes.unknown-speaker]",
    ]
    assert build() == (1, warnings)
    assert build() == (1, warnings)
    (srcdir / "index.md").write_text("# A talk\n\n```{talk}\n:date: 2020-02-29\n```\n", encoding="utf-8")
    assert build() == (0, [])
    assert build() == (0, [])
