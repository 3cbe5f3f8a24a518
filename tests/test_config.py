"""The extensions' configuration values: declared once, in eventnotes.config, and all prefixed."""

from __future__ import annotations

import ast
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from eventnotes import config

EXT = Path(__file__).parent.parent / "_ext"


def test_no_module_but_config_registers_a_value():
    callers = []
    for path in sorted(EXT.rglob("*.py")):
        if path == EXT / "eventnotes" / "config.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "add_config_value":
                callers.append(f"{path.relative_to(EXT)}:{node.lineno}")
    assert callers == []


def test_every_value_is_prefixed_typed_and_described():
    for setting in config.SETTINGS:
        assert setting.name.startswith(config.PREFIX), setting.name
        assert setting.types, setting.name
        assert setting.description and "\n" not in setting.description, setting.name
    assert len({setting.name for setting in config.SETTINGS}) == len(config.SETTINGS)
    assert set(config.RENAMED.values()) <= {setting.name for setting in config.SETTINGS}


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"extensions": ["myst_parser", "eventnotes", "publications"]})
def test_the_extensions_register_exactly_the_module_s_values(app, make_app, tmp_path):
    # The same project without eventnotes and publications, but with the packages they set up and the theme.
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "sphinxext.opengraph", "sphinx_sitemap"]\n'
        'html_theme = "furo"\n',
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text("Bare\n====\n", encoding="utf-8")
    bare = make_app("html", srcdir=tmp_path)
    added = {option.name for option in app.config if option.name not in bare.config}
    assert added == {setting.name for setting in config.SETTINGS} | set(config.RENAMED)


@pytest.mark.sphinx("epub", testroot="publications",
                    confoverrides={"eventnotes_website_only_documents": [], "website_only_documents": ["building"]})
def test_the_old_name_is_still_read_with_a_warning(app):
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert warnings == (
        "WARNING: the configuration value 'website_only_documents' is now 'eventnotes_website_only_documents'; "
        "set that one in conf.py (the old name will go) [eventnotes.deprecated-config]\n"
    )
    assert app.config.eventnotes_website_only_documents == ["building"]
    assert "building.xhtml" not in zipfile.ZipFile(app.outdir / "Publications.epub").namelist()


def test_the_reference_table_lists_every_value_with_its_default(make_app, rootdir, tmp_path):
    # A copy of the test root: other tests build the shared one and expect no extra page.
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "settings.rst").write_text("Settings\n========\n\n.. eventnotes-config-values::\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build(filenames=[str(srcdir / "settings.rst")])
    doctree = app.env.get_doctree("settings")
    terms = [term.astext() for term in doctree.findall(lambda node: node.tagname == "term")]
    assert terms == [f"{setting.name} (default {setting.default!r})" for setting in config.SETTINGS]
    assert "eventnotes_navigation_limit (default 50)" in terms
