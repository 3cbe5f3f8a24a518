# Event Notes: build the site, the PDF and the EPUB, and run the tests.
#
# The first target run creates .venv from requirements-test.txt (which includes
# requirements.txt), and again whenever a requirements file changes.
#   make html | latexpdf | epub | linkcheck | livehtml | test | bench | clean
# Options: SPHINXOPTS (default -n -W --keep-going -j auto) and O= for more.

SPHINXOPTS ?= -n -W --keep-going -j auto
O          ?=
SOURCEDIR  := .
BUILDDIR   := _build
VENV       := .venv
PYTHON     := $(VENV)/bin/python
SPHINX     := $(PYTHON) -m sphinx
INSTALLED  := $(VENV)/.installed

.PHONY: help html latexpdf epub linkcheck livehtml test bench clean system-deps

help:
	@sed -n '1,7p' Makefile

$(INSTALLED): requirements.txt requirements-test.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements-test.txt
	touch $@

html epub latexpdf: $(INSTALLED)
	$(SPHINX) -M $@ $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS) $(O)

# Link checking needs the network and never blocks a build: no -W here.
linkcheck: $(INSTALLED)
	$(SPHINX) -M linkcheck $(SOURCEDIR) $(BUILDDIR) -n --keep-going $(O)

livehtml: $(INSTALLED)
	$(PYTHON) -m sphinx_autobuild $(SOURCEDIR) $(BUILDDIR)/html $(SPHINXOPTS) $(O) \
		--watch _ext --ignore "$(BUILDDIR)/*"

test: $(INSTALLED)
	$(PYTHON) -m pytest $(PYTEST_ARGS)

# Several minutes: builds synthetic sites of 250, 1000 and 4000 talks.
bench: $(INSTALLED)
	$(PYTHON) -m pip install --quiet -r benchmarks/requirements.txt
	$(PYTHON) benchmarks/run.py $(BENCH_ARGS)

# The TeX and browser packages the PDF and browser tests need, and ICU for PyICU (Debian, as root).
system-deps:
	apt-get install -y --no-install-recommends latexmk texlive-latex-extra texlive-xetex \
		xindy fonts-freefont-otf texlive-fonts-recommended poppler-utils chromium \
		libicu-dev pkg-config g++

clean:
	rm -rf $(BUILDDIR)
