"""Another Sphinx project links to talks, speakers and conferences through intersphinx."""

from __future__ import annotations

import pytest
from conftest import build_without_warnings

CONSUMER = """\
Consumer
========

See :external+notes:event:talk:`pycon/talks/toolkit`,
:external+notes:event:speaker:`Raymond Hettinger` and
:external+notes:event:conference:`pycon/index`.
"""


@pytest.mark.sphinx("html", testroot="basic")
def test_intersphinx_links_to_talks(app, tmp_path):
    # The consumer loads eventnotes too: Sphinx resolves external references
    # only for domains it knows.
    extensions = ["sphinx.ext.intersphinx", "eventnotes"]
    app.build()
    app.cleanup()  # unregister docutils nodes before the consumer's app
    inventory = app.outdir / "objects.inv"
    srcdir = tmp_path / "consumer"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        f"extensions = {extensions!r}\n"
        f"intersphinx_mapping = {{'notes': ('https://notes.example.org/', {str(inventory)!r})}}\n"
        "nitpicky = True\n",
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(CONSUMER, encoding="utf-8")
    consumer = build_without_warnings(srcdir)
    html = (consumer.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="https://notes.example.org/pycon/talks/toolkit.html#python-s-class-development-toolkit"' in html
    assert 'href="https://notes.example.org/pycon/index.html#pycon-us-2013"' in html
    # A speaker is found at their first talk (speaker pages are not documents).
    assert 'href="https://notes.example.org/pycon/talks/idioms.html#transforming-code-into-beautiful-idiomatic-python"' in html
