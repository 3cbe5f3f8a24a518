"""Shared fixtures: Sphinx's own testing fixtures, with this project's test roots."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, Phase, settings
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
sys.path.insert(0, str(PROJECT / "_ext"))


# Property-based tests (tests/test_properties.py) build a project per example:
# a few examples in every run, fewer in make test-fast, many with --hypothesis-profile=long.
# Each example takes a second or more: no deadline, and no "explain" phase,
# which rebuilds a failing example dozens of times.
settings.register_profile(
    "default",
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
settings.register_profile("fast", parent=settings.get_profile("default"), max_examples=2)  # make test-fast
settings.register_profile("long", parent=settings.get_profile("default"), max_examples=300)
settings.load_profile("default")


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the whole test run.

    Every Sphinx app makes a Jinja environment of its own, which compiles
    furo's templates again: a third of the time of building a small test root.
    Jinja checks each cached template against its source, so a changed
    template is compiled again.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = TemplateCodeCache()


def pytest_configure(config: pytest.Config) -> None:
    init = BuiltinTemplateLoader.init

    def init_with_cache(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.environment.bytecode_cache = TEMPLATE_CODE

    BuiltinTemplateLoader.init = init_with_cache


def build_without_warnings(srcdir: Path, buildername: str = "html") -> SphinxTestApp:
    """Build a project made by a test (outside the ``app`` fixture); any warning fails."""
    warnings = io.StringIO()
    app = SphinxTestApp(buildername, srcdir=srcdir, status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()  # unregister docutils nodes before the next app
    assert warnings.getvalue() == ""
    return app


def sidebar_of(path: Path) -> str:
    """The sidebar navigation of a built HTML page (furo's ``sidebar-tree``)."""
    html = path.read_text(encoding="utf-8")
    return html[html.index('<div class="sidebar-tree">') : html.index("</aside>")]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-regression",
        action="store_true",
        help="rewrite the regression files of tests/regression/ from this build (see tests/test_snippets.py)",
    )


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


def build_a_copy(root: Path, place: Path, buildername: str, confoverrides: dict[str, object]) -> SphinxTestApp:
    """A copy of a test root at ``place``, built; its app, with docutils' registry already released."""
    shutil.copytree(root, place, dirs_exist_ok=True)
    app = SphinxTestApp(
        buildername, srcdir=place, confoverrides=confoverrides, status=io.StringIO(), warning=io.StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory, rootdir):
    """A test root built once per session (per pytest-xdist worker), for the tests that only read it.

    ``shared_build("basic", "html", **confoverrides)`` copies ``tests/roots/test-basic`` to a
    folder of its own, builds it, and gives the same app (docutils' registry already released)
    to every test that asks for the same root, builder and overrides.  A test that changes
    the sources or the output builds its own copy instead.
    """
    builds: dict[tuple[str, str, str], SphinxTestApp] = {}

    def build(testroot: str, buildername: str = "html", **confoverrides: object) -> SphinxTestApp:
        key = (testroot, buildername, json.dumps(confoverrides, sort_keys=True))
        if key not in builds:
            place = tmp_path_factory.mktemp(f"shared-{testroot}-{buildername}")
            builds[key] = build_a_copy(rootdir / f"test-{testroot}", place, buildername, confoverrides)
        return builds[key]

    return build


@pytest.fixture(scope="session")
def _first_builds(tmp_path_factory) -> tuple[dict[tuple[str, str], tuple[Path, Path]], Path]:
    return {}, tmp_path_factory.mktemp("first-builds")


@pytest.fixture
def built_once(_first_builds, rootdir):
    """A copy of a test root as its first HTML build left it, for a test to change and build again.

    ``built_once("basic", html_baseurl=...)`` gives the source folder, with the first
    build's output and environment in its ``_build``: the incremental tests start from it
    instead of building the root again.  Sphinx keeps an environment only in the source
    folder it was made in, so the first build is kept aside and copied back, with its
    times, into that same folder for each test (the tests of one process run one at a
    time).  The later builds must give the same overrides, or Sphinx reads everything again.
    The tests that check the first build's warnings build their own.
    """
    first_builds, base = _first_builds

    def restore(testroot: str, **confoverrides: object) -> Path:
        key = (testroot, json.dumps(confoverrides, sort_keys=True))
        if key in first_builds:
            place, kept = first_builds[key]
            shutil.rmtree(place)
            shutil.copytree(kept, place)
            return place
        place = base / f"{testroot}-{len(first_builds)}"
        kept = base / f"{testroot}-{len(first_builds)}-first"
        build_a_copy(rootdir / f"test-{testroot}", place, "html", confoverrides)
        shutil.copytree(place, kept)
        first_builds[key] = (place, kept)
        return place

    return restore


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site built as the Makefile builds it: -n -W --keep-going, warnings are errors."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(out / "doctrees"), str(PROJECT), str(out / "html")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out
