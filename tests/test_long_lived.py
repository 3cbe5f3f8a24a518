"""The environment is kept out of the cycle collector's way during a build, and at exit."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import PROJECT


def freeze_counts_while_writing(app) -> list[int]:
    counts: list[int] = []
    app.connect("html-page-context", lambda *args: counts.append(gc.get_freeze_count()))
    return counts


@pytest.mark.sphinx("html", testroot="basic")
def test_objects_alive_after_reading_are_frozen_until_the_build_finishes(app):
    counts = freeze_counts_while_writing(app)
    app.build()
    assert counts and min(counts) > 0
    assert gc.get_freeze_count() == 0


def count_frozen_around_a_full_collection(counts: list[tuple[int, int]]):
    def handler(*args: object) -> None:
        survivors = [[] for _ in range(1000)]
        before = gc.get_freeze_count()
        gc.collect()
        counts.append((before, gc.get_freeze_count()))
        del survivors

    return handler


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_what_survives_a_full_collection_while_reading_is_frozen_and_not_while_writing(app):
    reading: list[tuple[int, int]] = []
    writing: list[tuple[int, int]] = []
    app.connect("source-read", count_frozen_around_a_full_collection(reading))
    app.connect("html-page-context", count_frozen_around_a_full_collection(writing))
    app.build()
    assert reading and all(after >= before + 1000 for before, after in reading)
    assert writing and all(after <= before for before, after in writing)


@pytest.mark.sphinx("html", testroot="basic")
def test_a_process_that_froze_objects_itself_is_left_alone(app_params, make_app):
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        app = make_app(*app_params.args, **app_params.kwargs)
        counts = freeze_counts_while_writing(app)
        app.build()
        # Frozen objects can still be freed, so the count may drop; it must not grow.
        assert counts and max(counts) <= before
        assert 0 < gc.get_freeze_count() <= before
    finally:
        gc.unfreeze()


def test_what_is_alive_at_exit_is_frozen_after_the_build_unfroze_it(rootdir, tmp_path):
    # Registered before the extension's own exit hook, so it runs after it.
    program = textwrap.dedent("""
        import atexit, gc, sys
        atexit.register(lambda: print("at exit:", gc.get_freeze_count() > 0))
        from sphinx.cmd.build import build_main
        status = build_main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
        print("after the build:", gc.get_freeze_count() > 0)
        sys.exit(status)
    """)
    environment = dict(os.environ, PYTHONPATH=str(PROJECT / "_ext"))
    result = subprocess.run(
        [sys.executable, "-c", program, str(rootdir / "test-basic"), str(tmp_path / "html")],
        env=environment, capture_output=True, text=True, check=True,
    )
    assert result.stdout.splitlines() == ["after the build: False", "at exit: True"]
