"""Building with the extension leaves the host process's garbage collector and exit hooks alone.

An extension does not own the process it runs in (pytest, Jupyter, a language
server): the collector's frozen objects, its callbacks, whether it is enabled,
and the interpreter's exit hooks are the host's.  Each case runs in a fresh
interpreter, so that nothing an earlier test imported hides what importing the
extension does.  The same root is first built without the extension, so that
only what the extension itself does (and not what Sphinx or the theme does on
its first use) is compared.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import PROJECT, TESTS

PROBE = textwrap.dedent("""
    import atexit, gc, io, sys
    from pathlib import Path
    from sphinx.testing.util import SphinxTestApp

    sys.path.insert(0, {ext!r})
    case, root, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

    def build(srcdir, builddir, **overrides):
        app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, confoverrides=overrides,
                            status=io.StringIO(), warning=io.StringIO())
        try:
            if case == "build-raises" and "extensions" not in overrides:
                app.connect("env-updated", fail)
            app.build()
        finally:
            app.cleanup()

    def fail(*args):
        raise RuntimeError("a build that raises")

    def state():
        return {{
            "frozen objects": gc.get_freeze_count(),
            "collector callbacks": list(gc.callbacks),
            "collector enabled": gc.isenabled(),
            "exit hooks": atexit._ncallbacks(),
        }}

    # Sphinx, myst and furo's first use, without the extension.
    build(Path({basic!r}), out / "warm-up", extensions=["myst_parser"])
    assert "eventnotes" not in sys.modules
    before = state()
    try:
        build(root, out / "build")
    except Exception as error:
        print("raised:", type(error).__name__, error)
    after = state()
    for name in before:
        if before[name] != after[name]:
            print(f"changed: {{name}}: {{before[name]!r}} -> {{after[name]!r}}")
    print("eventnotes imported:", "eventnotes" in sys.modules)
""").format(ext=str(PROJECT / "_ext"), basic=str(TESTS / "roots" / "test-basic"))


@pytest.mark.parametrize(("case", "root", "raised"), [
    ("build", "test-basic", None),
    ("setup-fails", "test-setup-fails", "this project's setup fails after config-inited"),
    ("build-raises", "test-basic", "a build that raises"),
])
def test_the_collector_and_exit_hooks_are_as_the_host_left_them(rootdir, tmp_path, case, root, raised):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, case, str(rootdir / root), str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("changed:")] == []
    assert "eventnotes imported: True" in lines
    raises = [line for line in lines if line.startswith("raised:")]
    if raised is None:
        assert raises == []
    else:
        assert len(raises) == 1 and raised in raises[0]
