"""Shared fixtures: Sphinx's own testing fixtures, with this project's test roots."""

from __future__ import annotations

from pathlib import Path

import sys

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
sys.path.insert(0, str(PROJECT / "_ext"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"
