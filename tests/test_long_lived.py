"""The environment is kept out of the cycle collector's way during a build, and only then."""

from __future__ import annotations

import gc

import pytest


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
