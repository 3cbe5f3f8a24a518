"""The undocumented behaviour of Sphinx and other packages that eventnotes.internals relies on.

One test per reliance; each fails with the package and its installed version
in its message, so that an upgrade that changes the behaviour says where to
look (``_ext/eventnotes/internals.py``, or ``scripts/sphinx_build.py`` for
the search index's prune).
"""

from __future__ import annotations

import inspect
import queue
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from eventnotes import internals
from eventnotes.search import pagefind_command

SCRIPTS = Path(__file__).parent.parent / "scripts"


def package(name: str) -> str:
    return f"{name} {version(name)}"


SPHINX = package("sphinx")


@pytest.mark.sphinx("html", testroot="basic")
def test_sphinx_html_builder_state(app):
    seen: dict[str, object] = {}

    def record(app, pagename, templatename, context, doctree):
        seen.setdefault("toctree", context.get("toctree"))
        seen.setdefault("assets", {name: list(context[name]) for name in ("css_files", "script_files")})

    app.connect("html-page-context", record, priority=100)
    app.build()
    builder = app.builder
    where = f"{SPHINX}: StandaloneHTMLBuilder"
    assert isinstance(builder, StandaloneHTMLBuilder)
    # render_fragment(): render_partial() and the state write_doc() sets per document.
    assert internals.render_fragment(builder, nodes.emphasis("", "x"), "a/page") == "<em>x</em>", where
    assert builder.current_docname == "a/page", where
    write_doc = inspect.getsource(StandaloneHTMLBuilder.write_doc)
    for name in ("current_docname", "secnumbers", "fignumbers"):
        assert f"self.{name}" in write_doc, f"{where}.write_doc() no longer sets {name}"
    # domain_indices(): (name, class, content, collapse).
    assert all(len(entry) == 4 for entry in builder.domain_indices), f"{where}.domain_indices changed"
    assert {name for name, *_ in internals.domain_indices(builder)} >= {"event-speakers"}, where
    # leave_general_index_out(): use_index is what write_genindex() reads.
    assert "if self.use_index" in inspect.getsource(StandaloneHTMLBuilder), f"{where} no longer reads use_index"
    # builds_search_index()
    assert builder.search is True and internals.builds_search_index(builder), f"{where}.search changed"
    # replace_template_toctree(): the templates' toctree() takes collapse.
    toctree = seen["toctree"]
    assert callable(toctree), f"{SPHINX}: the page context has no toctree() function"
    assert "collapse" in inspect.signature(StandaloneHTMLBuilder._get_local_toctree).parameters, \
        f"{SPHINX}: the templates' toctree() takes no collapse"
    assert isinstance(toctree(collapse=True), str), f"{SPHINX}: the templates' toctree() gives no markup"
    # build_stamp(): build_info's hashes and the templates' newest time.
    config_hash, tags_hash, newest = internals.build_stamp(builder)
    assert config_hash and tags_hash, f"{where}.build_info has no config_hash or tags_hash"
    assert newest > 0, f"{SPHINX}: builder.templates.newest_template_mtime() changed"
    # render_template(): the templates' render(name, context).
    assert internals.render_template(builder, "sourcelink.html", {}).strip() == "", \
        f"{SPHINX}: builder.templates.render() changed"
    # without_assets(): css_files and script_files hold assets with their filename.
    assets = seen["assets"]
    filenames = {asset.filename for name in assets for asset in assets[name]}
    assert {"_static/pygments.css", "_static/doctools.js"} <= filenames, \
        f"{SPHINX}: the page context's css_files and script_files changed"
    context = {name: list(files) for name, files in assets.items()}
    internals.without_assets(context, {"_static/pygments.css", "_static/doctools.js"})
    assert {asset.filename for name in context for asset in context[name]} == \
        filenames - {"_static/pygments.css", "_static/doctools.js"}, where


def test_sphinx_transform_priorities():
    from sphinx.transforms import SphinxSmartQuotes
    from sphinx.transforms.post_transforms import ReferencesResolver
    from sphinx.transforms.references import SphinxDomains

    for transform, priority in (
        (SphinxSmartQuotes, internals.SPHINX_SMART_QUOTES_PRIORITY),
        (SphinxDomains, internals.SPHINX_DOMAINS_PRIORITY),
        (ReferencesResolver, internals.SPHINX_REFERENCES_RESOLVER_PRIORITY),
    ):
        assert transform.default_priority == priority, \
            f"{SPHINX}: {transform.__name__} runs at priority {transform.default_priority}"
    assert "process_doc" in inspect.getsource(SphinxDomains), f"{SPHINX}: SphinxDomains no longer calls process_doc()"


def test_sphinx_search_index_prune_takes_any_collection(make_app, rootdir, tmp_path, monkeypatch):
    """scripts/sphinx_build.py passes IndexBuilder.prune a set where Sphinx passes a dict: same index."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        from sphinx_build import prune_with_a_set
    finally:
        sys.path.remove(str(SCRIPTS))
    from sphinx.search import IndexBuilder

    assert list(inspect.signature(IndexBuilder.prune).parameters) == ["self", "docnames"], \
        f"{SPHINX}: IndexBuilder.prune(docnames) changed"
    assert "prune(self.env.all_docs)" in inspect.getsource(StandaloneHTMLBuilder), \
        f"{SPHINX}: StandaloneHTMLBuilder no longer prunes its index with env.all_docs"
    indices = []
    for name, prune in (("as-sphinx", IndexBuilder.prune), ("with-a-set", prune_with_a_set(IndexBuilder.prune))):
        monkeypatch.setattr(IndexBuilder, "prune", prune)
        shutil.copytree(rootdir / "test-basic", tmp_path / name)
        app = make_app("html", srcdir=tmp_path / name, confoverrides={"eventnotes_pagefind": False})
        app.build()
        indices.append((app.outdir / "searchindex.js").read_bytes())
    assert indices[0] == indices[1], f"{SPHINX}: IndexBuilder.prune depends on its argument's type"


@pytest.mark.sphinx("html", testroot="webmeta", confoverrides={"html_baseurl": "https://notes.example.org/"})
def test_sphinx_sitemap_queue(app):
    where = package("sphinx-sitemap")
    import sphinx_sitemap

    links = internals.sitemap_queue(app)
    assert links is not None, f"{where}: no app.sitemap_links"
    assert all(hasattr(links, name) for name in ("put", "get_nowait", "empty")), f"{where}: sitemap_links is no queue"
    links.put(("probe.html", None))
    assert links.get_nowait() == ("probe.html", None), where
    with pytest.raises(queue.Empty):
        links.get_nowait()
    assert "sitemap_links" in inspect.getsource(sphinx_sitemap.create_sitemap), \
        f"{where}: create_sitemap() no longer writes the queue's pages"
    app.config.sitemap_excludes = ["search.html", "genindex*"]
    assert internals.sitemap_excludes(app, "search.html"), f"{where}: is_excluded() changed"
    assert internals.sitemap_excludes(app, "genindex-A.html"), f"{where}: is_excluded() changed"
    assert not internals.sitemap_excludes(app, "index.html"), f"{where}: is_excluded() changed"


def test_sphinxext_opengraph_get_tags():
    from sphinxext.opengraph import get_tags

    parameters = inspect.signature(get_tags).parameters
    assert list(parameters)[:2] == ["context", "doctree"], f"{package('sphinxext-opengraph')}: get_tags() changed"
    assert {"srcdir", "outdir", "config", "builder", "env"} <= set(parameters), \
        f"{package('sphinxext-opengraph')}: get_tags() changed"


def test_sphinxext_opengraph_page_switch():
    from sphinxext.opengraph import get_tags

    context = {"meta": None}
    internals.disable_opengraph(context)
    tags = get_tags(context, None, srcdir="", outdir="", config=None, builder=None, env=None)
    assert tags == "", f"{package('sphinxext-opengraph')}: get_tags() no longer reads meta's ogp_disable"


@pytest.mark.sphinx("html", testroot="webmeta")
def test_sphinxext_opengraph_configuration(app):
    import sphinxext.opengraph

    where = package("sphinxext-opengraph")
    # Without html_baseurl the extension leaves the values as they are: its defaults.
    assert app.config.ogp_site_url == "", f"{where}: ogp_site_url's default changed"
    assert app.config.ogp_social_cards is None, f"{where}: ogp_social_cards' default changed"
    assert tuple(app.config.ogp_custom_meta_tags) == (), f"{where}: ogp_custom_meta_tags' default changed"
    assert "config-inited" not in inspect.getsource(sphinxext.opengraph), \
        f"{where}: reads its configuration before pages are written"
    internals.configure_opengraph(app.config, "https://notes.example.org/", '<meta name="x" />', 'name="x"')
    internals.configure_opengraph(app.config, "https://other.example.org/", '<meta name="x" />', 'name="x"')
    assert app.config.ogp_site_url == "https://notes.example.org/", where
    assert app.config.ogp_social_cards == {"enable": False}, where
    assert tuple(app.config.ogp_custom_meta_tags) == ('<meta name="x" />',), where


@pytest.mark.sphinx("epub", testroot="publications")
def test_sphinx_design_tab_transform_and_components(app):
    from sphinx_design.tabs import TabSetHtmlTransform

    where = package("sphinx-design")
    assert TabSetHtmlTransform.default_priority == internals.SPHINX_DESIGN_TABS_PRIORITY, \
        f"{where}: TabSetHtmlTransform runs at priority {TabSetHtmlTransform.default_priority}"
    app.build()
    doctree = app.env.get_doctree("index")
    components = {internals.design_component(node) for node in doctree.findall(nodes.Element)}
    assert {"tab-set", "tab-item", "tab-content"} <= components, f"{where}: design_component attributes changed"


@pytest.mark.sphinx("html", testroot="basic")
def test_pagefind_bundle_format(app):
    command = pagefind_command()
    if command is None:
        pytest.skip("no Pagefind")
    where = f"Pagefind {subprocess.run([*command, '--version'], capture_output=True, text=True).stdout.strip()}"
    app.build()
    bundle = app.outdir / "_pagefind"
    metas = sorted(bundle.glob("pagefind.*.pf_meta"))
    assert metas, f"{where}: no pf_meta in the bundle"
    for path in metas:
        try:
            meta = internals.read_pagefind_meta(path)
        except (OSError, ValueError) as error:
            pytest.fail(f"{where}: {path.name} is no longer gzip, signature and CBOR: {error}")
        for folder, (position, name_position, suffix) in internals.PAGEFIND_NAMED_FOLDERS.items():
            named = [bundle / folder / f"{record[name_position]}.{suffix}" for record in meta[position]]
            assert named or folder == "filter", f"{where}: no {folder} records"  # the test root has no filters
            assert all(path.is_file() for path in named), f"{where}: the {folder} records changed"
