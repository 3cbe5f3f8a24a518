"""Pages on the site, read and enriched with the parsers that build them (eventnotes.importer.existing).

Every form the build accepts is read, and an ``--enrich`` edit only adds
lines: reStructuredText options at any indentation, with content, several
talks on a page; MyST backtick and colon fences, ``:key:`` lines and YAML
``---`` blocks, an empty option block; a byte-order mark; CRLF line endings.
A page whose edit would not read back is named and left as it is.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from conftest import TESTS, build_without_warnings
from hypothesis import example, given
from hypothesis import strategies as st

from eventnotes.importer import existing
from eventnotes.importer.__main__ import main
from eventnotes.importer.pages import myst_option_value

PYCASCADES = TESTS / "data" / "pyvideo-sample" / "pycascades-2019"
DEST = "conferences/pycascades-2019"
#: Two records of the sample, and the videos enrich gives them.
HUNTING = ("Hunting the Bugs", "2019-02-23", "https://www.youtube.com/watch?v=z1Z9JEpRvr8")
MENTORING = ("Meaningful Mentoring Moments", "2019-02-24", "https://www.youtube.com/watch?v=d5CHyi6SA4w")
#: Their speakers: a page that names another person is not the record's talk.
SPEAKER = {HUNTING[0]: "Maria McKinley", MENTORING[0]: "Trey Hunner"}


def rst_talk(record, indent="   ", content=False, options=True) -> str:
    title, date, _ = record
    text = f"{title}\n{'=' * len(title)}\n\n.. talk::\n"
    if options:
        text += f"{indent}:date: {date}\n{indent}:speaker: {SPEAKER[title]}\n"
    if content:
        text += f"\n{indent}What the talk is about, :foo:`an unknown role` too.\n"
    return text + "\nNotes\n-----\n\nTyped during the talk.\n\n"


def myst_talk(record, fence="```", style="fields", content=False) -> str:
    title, date, _ = record
    options = {
        "fields": f":date: {date}\n:speaker: {SPEAKER[title]}\n",
        "yaml": f"---\ndate: {date}\nspeaker: {SPEAKER[title]}\n---\n",
        "empty": "",
    }[style]
    body = "\nWhat the talk is about, {unknown}`role` too.\n" if content else ""
    return f"# {title}\n\n{fence}{{talk}}\n{options}{body}{fence}\n\n## Notes\n\nTyped during the talk.\n\n"


FORMS = {
    "rst-indent-3": ("talk.rst", rst_talk(HUNTING)),
    "rst-indent-4": ("talk.rst", rst_talk(HUNTING, indent="    ")),
    "rst-indent-tab": ("talk.rst", rst_talk(HUNTING, indent="\t")),
    "rst-content": ("talk.rst", rst_talk(HUNTING, content=True)),
    "rst-no-options": ("talk.rst", rst_talk(HUNTING, options=False)),
    "rst-no-options-content": ("talk.rst", rst_talk(HUNTING, options=False, content=True)),
    "rst-two-talks": ("talk.rst", rst_talk(HUNTING) + rst_talk(MENTORING, indent="  ", content=True)),
    "myst-backtick-fields": ("talk.md", myst_talk(HUNTING)),
    "myst-colon-fields": ("talk.md", myst_talk(HUNTING, fence=":::")),
    "myst-backtick-yaml": ("talk.md", myst_talk(HUNTING, style="yaml")),
    "myst-colon-yaml": ("talk.md", myst_talk(HUNTING, fence="::::", style="yaml", content=True)),
    "myst-fields-content": ("talk.md", myst_talk(HUNTING, fence="````", content=True)),
    "myst-empty": ("talk.md", myst_talk(HUNTING, style="empty")),
    "myst-empty-content": ("talk.md", myst_talk(HUNTING, fence=":::", style="empty", content=True)),
    "myst-two-talks": ("talk.md", myst_talk(HUNTING, style="yaml") + myst_talk(MENTORING, fence=":::")),
    "myst-nested-colon-fence": ("talk.md", "# Hunting the Bugs\n\n::::{talk}\n:::{note}\nA note.\n:::\n::::\n"),
}
#: A byte-order mark and CRLF line endings, on top of a form.
VARIANTS = {
    "plain": lambda text: text,
    "bom": lambda text: existing.BOM + text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom-crlf": lambda text: existing.BOM + text.replace("\n", "\r\n"),
}


@pytest.fixture
def site(rootdir, tmp_path) -> Path:
    """The importer's test site with PyCascades 2019 on it, in its home page's toctree."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-importer", srcdir)
    (srcdir / DEST / "talks").mkdir(parents=True)
    (srcdir / DEST / "index.md").write_text(
        "# PyCascades 2019\n\n```{conference}\n:start: 2019-02-23\n:end: 2019-02-24\n```\n\n"
        "```{toctree}\n:glob:\n:hidden:\n\ntalks/*\n```\n",
        encoding="utf-8",
    )
    home = srcdir / "index.rst"
    home.write_text(home.read_text(encoding="utf-8") + f"   {DEST}/index\n", encoding="utf-8")
    return srcdir


def enrich(site: Path, capsys) -> tuple[int, list[str], list[str]]:
    status = main([str(PYCASCADES), "--enrich", "--dest", DEST, "--project", str(site)])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def inserted_lines(before: str, after: str) -> list[str]:
    """The lines *after* adds to *before*; fails if any line of *before* is changed or gone.

    The lines of *before* must be a subsequence of those of *after* (line
    endings: see :func:`endings`).  difflib's own diff may show a change where
    lines repeat (two talks with the same options), so it is shown only to
    explain a failure.
    """
    old, new = before.splitlines(), after.splitlines()
    added, position = [], 0
    for line in new:
        if position < len(old) and line == old[position]:
            position += 1
        else:
            added.append(line)
    assert position == len(old), "\n".join(difflib.unified_diff(old, new, lineterm=""))
    return added


def endings(text: str) -> set[str]:
    return set(re.findall(r"\r\n|\r|\n", text))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("form", FORMS)
def test_enrich_only_adds_lines(site, capsys, form, variant):
    name, text = FORMS[form]
    text = VARIANTS[variant](text)
    page = site / DEST / "talks" / name
    page.write_bytes(text.encode("utf-8"))
    status, out, err = enrich(site, capsys)
    assert (status, err) == (0, [])
    after = page.read_bytes().decode("utf-8")
    added = inserted_lines(text, after)
    assert after.startswith(existing.BOM) == text.startswith(existing.BOM)
    assert endings(after) == endings(text)
    assert len(added) >= 1 and any(line.endswith(HUNTING[2]) for line in added)
    records = [HUNTING, MENTORING] if "two-talks" in form else [HUNTING]
    talks = existing.read_talks(page)
    assert [talk.title for talk in talks] == [title for title, _, _ in records]
    assert [talk.options["video"] for talk in talks] == [video for _, _, video in records]
    assert any(": added " in line and "video" in line for line in out)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_page_whose_edit_would_not_read_back_is_named_and_left(site, capsys, variant):
    # A talk in a block quote: a line added without the quote's "> " would end it.
    page = site / DEST / "talks" / "quoted.md"
    text = VARIANTS[variant]("# Hunting the Bugs\n\n> ```{talk}\n> :date: 2019-02-23\n> ```\n")
    page.write_bytes(text.encode("utf-8"))
    assert existing.read_talks(page)[0].options == {"date": "2019-02-23"}
    status, out, err = enrich(site, capsys)
    assert (status, err) == (0, [])
    assert page.read_bytes() == text.encode("utf-8")
    (line,) = [line for line in out if line.startswith(f"{DEST}/talks/quoted.md: not changed; ")]
    assert "'Hunting the Bugs' would not read back as written" in line
    assert not any(line.startswith(f"wrote {DEST}/talks/quoted.md") for line in out)


def test_a_myst_page_with_a_yaml_option_block_builds_once_enriched(site, capsys):
    """The users' case: the added lines went above the YAML block and the build lost the talk's date."""
    page = site / DEST / "talks" / "hunting.md"
    page.write_text(myst_talk(HUNTING, style="yaml"), encoding="utf-8")
    status, out, err = enrich(site, capsys)
    assert (status, err) == (0, [])
    assert f"wrote {DEST}/talks/hunting.md" in out
    assert page.read_text(encoding="utf-8").startswith(
        "# Hunting the Bugs\n\n```{talk}\n---\ndate: 2019-02-23\nspeaker: Maria McKinley\n"
        f"video: {HUNTING[2]}\nlanguage: en\n---\n"
    )
    build_without_warnings(site)


def test_conference_dates_and_profiles_are_read_in_any_form(tmp_path):
    index = tmp_path / "index.md"
    index.write_bytes(
        (existing.BOM + "# Conf\r\n\r\n:::{conference}\r\n---\r\nstart: 2019-02-23\r\nend: '2019-02-24'\r\n---\r\n:::\r\n")
        .encode("utf-8")
    )
    assert existing.read_conference(index) == {"start": "2019-02-23", "end": "2019-02-24"}
    profile = tmp_path / "dana.rst"
    profile.write_text("Dana\n====\n\n.. speaker:: Dana Hand\n\t:aliases: D. Hand, DANA HAND\n\n\tAbout Dana.\n")
    assert existing.read_profiles(profile) == [("Dana Hand", "D. Hand", "DANA HAND")]


def test_talks_in_literal_blocks_and_comments_are_not_talks(tmp_path):
    page = tmp_path / "talk.rst"
    page.write_text(
        "Talk\n====\n\n.. talk::\n   :date: 2019-02-23\n\nHow to write one::\n\n   .. talk::\n      :date: 2000-01-01\n\n"
        ".. .. talk::\n   :date: 2001-01-01\n"
    )
    assert [talk.options for talk in existing.read_talks(page)] == [{"date": "2019-02-23"}]


def test_the_site_enables_the_myst_extensions_the_reader_enables():
    conf = (TESTS.parent / "conf.py").read_text(encoding="utf-8")
    assert f"myst_enable_extensions = {list(existing.MYST_EXTENSIONS)!r}".replace("'", '"') in conf


# -- property: any page, any edit ----------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàéøł0123456789"
#: What an option value may hold besides letters: the characters YAML and MyST quote for.
SPECIAL = " '\":#-{}[]*&!%@`|>?,\\/="
NAMES = ("date", "speaker", "slides", "video", "details", "tags", "language", "room", "x-custom")

titles = st.text(LETTERS, min_size=1, max_size=12).map(str.capitalize)
values = st.text(LETTERS + SPECIAL, min_size=1, max_size=20).map(str.strip).filter(bool)
option_sets = st.dictionaries(st.sampled_from(NAMES), values, max_size=4)


@st.composite
def pages(draw):
    """A page in any form: its text, whether it is MyST, and the options of each talk."""
    markdown = draw(st.booleans())
    talks = draw(st.lists(st.tuples(titles, option_sets, st.booleans()), min_size=1, max_size=2))
    if markdown:
        fence = draw(st.sampled_from(["```", "````", ":::", "::::"]))
        style = draw(st.sampled_from(["fields", "yaml"]))
        margin = draw(st.sampled_from(["", "  "]))  # a fence may be indented; its lines are, as much
        text = "".join(
            f"# {title}\n\n"
            + "".join(
                f"{margin}{line}\n" if line else "\n"
                for line in [
                    f"{fence}{{talk}}",
                    *(
                        ["---", *(f"{name}: {myst_option_value(value)}" for name, value in options.items()), "---"]
                        if style == "yaml"
                        else [f":{name}: {myst_option_value(value)}" for name, value in options.items()]
                    ),
                    *(["", "An abstract."] if content else []),
                    fence,
                ]
            )
            + "\n"
            for title, options, content in talks
        )
    else:
        indent = draw(st.sampled_from(["   ", "    ", "  ", "\t", " \t"]))
        text = "".join(
            f"{title}\n{'=' * len(title)}\n\n.. talk::\n"
            + "".join(f"{indent}:{name}: {value}\n" for name, value in options.items())
            + (f"\n{indent}An abstract.\n" if content else "")
            + "\n"
            for title, options, content in talks
        )
    if draw(st.booleans()):
        text = text.rstrip("\n")  # no line ending at the end of the page
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = existing.BOM + text
    return text, markdown, [options for _, options, _ in talks]


@given(page=pages(), added=st.lists(option_sets, min_size=2, max_size=2))
@example(
    page=("# T\n\n```{talk}\n---\ndate: 2013-03-16\nspeaker: X\n---\n```\n", True, [{"date": "2013-03-16", "speaker": "X"}]),
    added=[{"video": "https://v.example/x", "room": "a: b"}, {}],
)
def test_any_page_reads_and_gains_only_the_added_lines(page, added):
    text, markdown, written = page
    path = Path("page.md" if markdown else "page.rst")
    talks = existing.talks_of(path, text)
    assert [talk.options for talk in talks] == written
    additions = [
        (talk, [(name, value) for name, value in options.items() if name not in talk.options])
        for talk, options in zip(talks, added)
    ]
    edited = existing.edit_page(path, text, additions)
    lines = inserted_lines(text, edited)
    assert len(lines) == sum(len(options) for _, options in additions)
    assert edited.startswith(existing.BOM) == text.startswith(existing.BOM)
    assert endings(edited) == endings(text) or (not endings(text) and len(endings(edited)) == 1)
    assert edited.endswith(("\r", "\n")) == text.endswith(("\r", "\n"))
    assert [talk.options for talk in existing.talks_of(path, edited)] == [
        {**talk.options, **dict(options)} for talk, options in additions
    ]
