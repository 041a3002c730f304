# make site   set up .venv (pinned packages) and build the site from the bundled records;
#             make site SITE_URL=https://host/path/ builds it for that address, as CI publishes it
#             (BUILD_FLAGS=--require-site-url refuses to build without an address)
# make test   check the Python code with ruff (lint), then run the tests (browser tests need Debian's chromium: see README)
# make bench  build a synthetic catalogue (1,000 + 2,000, with 20,000 calls) and print speed, memory, size, browser and serve figures
#             against the goals (~20 min); BENCH_FLAGS=--large also builds 3,000 + 7,000 records;
#             then harvests 20,000 generated notices twice (bench/harvest_bench.py, under a minute)
# make serve  preview at http://127.0.0.1:8000/, rebuilding when a record or template changes
# make site ENGINE=properdocs (also serve, validate, render): the same site built by ProperDocs, the
#             maintained fork of MkDocs 1.6, in .venv-properdocs from requirements-properdocs.lock (no MkDocs in it)
PYTHON ?= python3
ENGINE ?= mkdocs
ifeq ($(ENGINE),mkdocs)
VENV   := .venv
LOCK   := requirements.lock
else ifeq ($(ENGINE),properdocs)
VENV   := .venv-properdocs
# --no-deps: this lock holds every package, exactly; without it pip would add MkDocs back,
# because mkdocs-material asks for it.
LOCK   := requirements-properdocs.lock
NO_DEPS := --no-deps
else
$(error ENGINE is '$(ENGINE)'; expected mkdocs or properdocs)
endif
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: site test serve validate render bench clean

site: $(SITE_STAMP)
	$(BIN)/python -m generator build --engine $(ENGINE) $(BUILD_FLAGS)

validate: $(SITE_STAMP)
	$(BIN)/python -m generator validate

render: $(SITE_STAMP)
	$(BIN)/python -m generator render

# --dirty: a rebuild renders only the pages whose Markdown changed (see Preview in generator/mkdocs_adapter/preview.py).
# The hook renders the records before each build; MkDocs only needs their folder to exist when it starts.
serve: $(SITE_STAMP)
	mkdir -p .generated/ko
	NO_MKDOCS_2_WARNING=1 $(BIN)/$(ENGINE) serve -f mkdocs.yml --dirty --dev-addr $(or $(SERVE_ADDR),127.0.0.1:8000)

bench: $(TEST_STAMP)
	$(BIN)/python -m bench.run --programs 1000 --cases 2000 --no-languages $(BENCH_FLAGS)
	$(BIN)/python -m bench.harvest_bench

test: $(TEST_STAMP)
	$(BIN)/python -m ruff check --quiet .
	$(BIN)/python -m ruff format --check --quiet generator tests bench
	$(BIN)/python -m pytest

$(SITE_STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(NO_DEPS) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(TEST_STAMP): $(SITE_STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	@touch $@

clean:
	rm -rf site .generated .cache .site-staging-* .site-old-* .pytest_cache
