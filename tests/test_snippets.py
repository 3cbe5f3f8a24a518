"""The reference page's snippets, in reStructuredText and MyST, give one doctree.

Each variant is built on its own, under the same document names, and its
doctree is compared with the others and with a stored regression file in
``tests/regression/``.  A missing regression file fails the test.  After an
intended change of the output, rewrite the files with::

    python -m pytest tests/test_snippets.py --regen-regression

and review the difference (``git diff tests/regression``) before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, TESTS, build_without_warnings

SNIPPETS = TESTS / "snippets"
REGRESSION = TESTS / "regression"

#: (conference snippet, talk snippet, roles snippet) per markup variant.
VARIANTS = {
    "rst": ("conference.rst", "talk.rst", "roles.rst"),
    "myst": ("conference.md", "talk.md", "roles.md"),
    "myst-colon": ("conference.md", "talk-colon.md", "roles.md"),
}


def build_variant(rootdir: Path, tmp_path: Path, variant: str):
    conference, talk, roles = VARIANTS[variant]
    srcdir = tmp_path / variant
    shutil.copytree(rootdir / "test-snippets", srcdir)
    (srcdir / "conference" / "talks").mkdir(parents=True)
    shutil.copy(SNIPPETS / conference, srcdir / "conference" / ("index" + Path(conference).suffix))
    shutil.copy(SNIPPETS / talk, srcdir / "conference" / "talks" / ("talk" + Path(talk).suffix))
    shutil.copy(SNIPPETS / roles, srcdir / "conference" / ("roles" + Path(roles).suffix))
    with (srcdir / "index.rst").open("a") as index:
        index.write("   conference/roles\n")
    return doctrees(build_without_warnings(srcdir))


def doctrees(app) -> dict[str, str]:
    """The resolved doctrees of the three snippet documents, as pseudo-XML."""
    result = {}
    for docname in ("conference/index", "conference/talks/talk", "conference/roles"):
        doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
        # The document element names the source file; its content is what counts.
        result[docname] = "".join(child.pformat() for child in doctree.children)
    return result


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("snippets")
    return {variant: build_variant(rootdir, tmp, variant) for variant in VARIANTS}


@pytest.mark.parametrize("variant", ["myst", "myst-colon"])
def test_myst_gives_the_rst_doctree(built, variant):
    assert built[variant] == built["rst"]


@pytest.mark.parametrize("docname", ["conference/index", "conference/talks/talk", "conference/roles"])
def test_doctree_matches_regression_file(built, docname, request):
    path = REGRESSION / (docname.replace("/", "--") + ".xml")
    if request.config.getoption("regen_regression"):
        path.write_text(built["rst"][docname], encoding="utf-8")
    if not path.exists():
        pytest.fail(
            f"{path.relative_to(PROJECT)} is missing; write it with "
            "'python -m pytest tests/test_snippets.py --regen-regression' and review it"
        )
    assert built["rst"][docname] == path.read_text(encoding="utf-8")
