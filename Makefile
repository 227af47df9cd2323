# eduplat developer commands. Quick start on a fresh machine: `make site`, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
LINT_PATHS := eduplat tests docs $(wildcard bench)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

# Material 9.8 prints a banner about MkDocs 2.0 on every build; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast lint chromium pyodide clean distclean bench

# The Pyodide release the run-in-page browser tests serve from 127.0.0.1 (never a CDN);
# keep it equal to PYODIDE_VERSION in eduplat/tutorials/runinpage.py.
PYODIDE_VERSION := 314.0.8
PYODIDE_STAMP   := .cache/npm/.pyodide-$(PYODIDE_VERSION)

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "eduplat needs Python 3.11 or newer; run e.g. 'make PYTHON=python3.12 site'" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[docs]'
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'  # includes the docs extra
	@touch $@ $(VENV)/.installed

site: $(VENV)/.installed
	$(PY) -m eduplat build --strict

serve: $(VENV)/.installed
	$(PY) -m eduplat serve

# Chromium for the browser tests and eduplat pack; Noto CJK so Chinese prints in the PDF.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { \
	  echo "Installing Debian's fonts-noto-cjk (CJK text in eduplat pack PDFs)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk; }

# npm's pyodide package (about 14 MB) into .cache/npm/node_modules/pyodide.
$(PYODIDE_STAMP):
	@command -v npm >/dev/null || { \
	  echo "Installing Debian's npm (the run-in-page tests serve npm's pyodide)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm; }
	npm install --no-save --no-audit --no-fund --prefix .cache/npm pyodide@$(PYODIDE_VERSION)
	@touch $@

pyodide: $(PYODIDE_STAMP)

lint: $(VENV)/.installed-test
	$(PY) -m ruff check $(LINT_PATHS)
	$(PY) -m ruff format --check $(LINT_PATHS)
	$(PY) -m mypy

test: $(VENV)/.installed-test chromium pyodide lint
	$(PY) -m pytest

# The inner loop: no kernels, no browser, no lint.
test-fast: $(VENV)/.installed-test
	$(PY) -m pytest -q -m "not kernel and not browser"

bench: $(VENV)/.installed-test
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/build_speed.py

clean:
	rm -rf site .eduplat-cache .site.eduplat-* .eduplat-stage-* .pytest_cache .mypy_cache .ruff_cache

distclean: clean
	rm -rf $(VENV) .cache
