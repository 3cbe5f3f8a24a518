"""Sphinx configuration for Event Notes: notes taken at conferences."""

import os
import sys
from pathlib import Path

# -- The eventnotes extension lives next to this file -------------------------
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project -------------------------------------------------------------------
project = "Event Notes"
author = "The Event Notes contributors"
copyright = "2011-2026, the note-takers named on each page"
language = "en"
release = version = "2026.11"
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Extensions ----------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_design",
    "eventnotes",
    "publications",
]

# -- Sources -------------------------------------------------------------------
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
# Only the site's own pages are sources: README.md, tests/, benchmarks/, .venv/ and
# tool caches next to conf.py are not.
include_patterns = ["*.rst", "conferences/**"]
exclude_patterns = ["_build"]
nitpicky = True

# -- MyST ------------------------------------------------------------------------
# colon_fence: ``:::{talk}`` as well as ```` ```{talk} ````; deflist for the
# term/definition pairs some notes use.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML (furo) ---------------------------------------------------------------
html_theme = "furo"
html_title = "Event Notes"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
# The general index, the Speaker Index and the Topics index as a page per
# letter when they are large (eventnotes_index_split_threshold): at archive
# scale, each is too large for one page; this site's are one page each.
html_split_index = True

# -- Web metadata (on only with html_baseurl; see the reference page) ----------------
# The search page has nothing for search engines.
sitemap_excludes = ["search.html", "search/"]

# -- PDF (LaTeX) -------------------------------------------------------------------
# XeLaTeX handles names such as Kožar, König and Łukasz, and Sphinx pairs it
# with xindy, which sorts index entries that start with a non-ASCII letter
# (pdflatex's makeindex breaks on them).
latex_engine = "xelatex"
latex_documents = [(root_doc, "eventnotes.tex", "Event Notes", author, "manual")]
latex_show_urls = "footnote"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
}

# -- The PDF and the EPUB ------------------------------------------------------------
# They are the notes' release.  The Performance page is about building the
# site, and the reference page (with the importer's command-line options) about
# writing it, so only the website has them (see _ext/publications.py).
eventnotes_website_only_documents = ["reference", "performance"]

# -- EPUB ----------------------------------------------------------------------------
epub_title = project
epub_author = author
epub_show_urls = "no"

