# Event Notes: build the site, the PDF and the EPUB, and run the tests.
#
# `make help` lists the targets: the `##` comment after each target's name.
# The first target run creates .venv from requirements-test.txt (which includes
# requirements.txt), and again whenever a requirements file changes.
# Options: SPHINXOPTS (default -n -W --keep-going), O= for more (O="-j auto" for
# parallel processes), PYTEST_ARGS.

# Serial: -j auto gains this site nothing, and costs the whole pyvideo archive
# more time and memory (performance.rst, bench-archive's table).
SPHINXOPTS ?= -n -W --keep-going
O          ?=
SOURCEDIR  := .
BUILDDIR   := _build
VENV       := .venv
PYTHON     := $(VENV)/bin/python
# sphinx-build in a process of its own that spends less time in the cycle
# collector (see scripts/sphinx_build.py); `python -m sphinx` builds the same.
SPHINX     := $(PYTHON) scripts/sphinx_build.py
INSTALLED  := $(VENV)/.installed

.PHONY: help html latexpdf epub linkcheck livehtml test test-fast bench bench-archive import clean system-deps

IMPORT_USAGE := make import SOURCE=<file, folder or http(s) URL> [DEST=conferences/<slug>] [FORMAT=rst] [ENRICH=1] [UPDATE=1] [DRY_RUN=1]

help: ## this list
	@awk 'BEGIN { FS = ":.*## " } /^[a-z -]+:.*## / { printf "  make %-20s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "  $(IMPORT_USAGE)"
	@echo "Options: SPHINXOPTS (default: $(SPHINXOPTS)), O=... to add some (O=\"-j auto\"), PYTEST_ARGS=..."

$(INSTALLED): requirements.txt requirements-test.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements-test.txt
	touch $@

html epub latexpdf: $(INSTALLED) ## the site (_build/html), the EPUB, the PDF
	$(SPHINX) -M $@ $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS) $(O)

# Link checking needs the network and never blocks a build: no -W here.
linkcheck: $(INSTALLED) ## check the links (needs the network)
	$(SPHINX) -M linkcheck $(SOURCEDIR) $(BUILDDIR) -n --keep-going $(O)

# The doctrees of make html (-d), so that switching between the two reads nothing again and
# the published folder holds no .doctrees.  While editing, no Pagefind index (Pagefind reads every document again whenever
# one changes): the search page uses Sphinx's own search, which is kept up to date.
livehtml: $(INSTALLED) ## rebuild the site on save, and serve it (no Pagefind index)
	$(PYTHON) -m sphinx_autobuild $(SOURCEDIR) $(BUILDDIR)/html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) $(O) \
		-D eventnotes_pagefind=0 --watch _ext --ignore "$(BUILDDIR)/*"

test: $(INSTALLED) ## every test
	$(PYTHON) -m pytest $(PYTEST_ARGS)

# The edit-test loop: the markers are registered in pytest.ini; one process per core (pytest-xdist).
test-fast: $(INSTALLED) ## the tests of the edit-test loop (no PDF, browser or whole-site builds)
	$(PYTHON) -m pytest -m "not slow and not pdf and not browser" --hypothesis-profile=fast -n auto --dist worksteal $(PYTEST_ARGS)

bench: $(INSTALLED) ## build synthetic sites of 250, 1000 and 4000 talks (minutes)
	$(PYTHON) -m pip install --quiet -r benchmarks/requirements.txt
	$(PYTHON) benchmarks/run.py $(BENCH_ARGS)

# pyvideo's whole archive, its floor, the same without the speaker features, one
# title edited, and a 1,000-talk site; skips with a hint without the data.
PYVIDEO ?= ../shared/data/pyvideo-data.tar.xz
bench-archive: $(INSTALLED) ## build pyvideo's whole archive, PYVIDEO=<tarball or checkout> (an hour)
	$(PYTHON) benchmarks/archive.py "$(PYVIDEO)" $(BENCH_ARGS)

# A conference folder from a published programme (python -m eventnotes.importer --help).
import: $(INSTALLED) ## start a conference folder from its programme (see below)
	@test -n "$(SOURCE)" || { echo "usage: $(IMPORT_USAGE)" >&2; exit 2; }
	PYTHONPATH=_ext $(PYTHON) -m eventnotes.importer "$(SOURCE)" $(if $(DEST),--dest "$(DEST)") \
		$(if $(FORMAT),--format "$(FORMAT)") $(if $(ENRICH),--enrich) $(if $(UPDATE),--update) \
		$(if $(DRY_RUN),--dry-run)

# The TeX, EPUBCheck and browser packages the PDF, EPUB and browser tests need (Debian, as root).
system-deps: ## install the TeX, EPUBCheck and browser packages (Debian, as root)
	apt-get install -y --no-install-recommends latexmk texlive-latex-extra texlive-xetex \
		xindy fonts-freefont-otf texlive-fonts-recommended fonts-noto-cjk texlive-lang-cjk \
		texlive-lang-chinese poppler-utils chromium epubcheck

clean: ## remove _build
	rm -rf $(BUILDDIR)
