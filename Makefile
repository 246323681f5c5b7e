# Two commands: `make demo` and `make test`. Both create the virtual environment if missing;
# the demo installs accord with its report extra (plots and the briefing report), the tests add
# the dev tools (.[dev]), for the browser tests Debian's chromium and for the store's tests
# Debian's postgresql.
# Every install is held to the exact tested versions of constraints.txt.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip install --quiet -c constraints.txt
DEMO_STAMP = $(VENV)/.installed-demo
DEV_STAMP  = $(VENV)/.installed-dev
SOURCES = pyproject.toml setup.py constraints.txt $(wildcard src/accord/analysis/*.c src/accord/analysis/*.h)
EXAMPLE = examples/ukraine-2025.yaml
# The browser tests drive Debian's Chromium through Playwright (`playwright install` cannot
# download here); on a machine without it, `make test` installs it with apt-get (as root).
CHROMIUM ?= /usr/bin/chromium
# The store's tests start a throwaway PostgreSQL server with its initdb and pg_ctl (Debian keeps
# them in /usr/lib/postgresql/VERSION/bin, off PATH); on a machine without them, `make test`
# installs Debian's postgresql with apt-get (as root).
POSTGRES_FOUND = $(firstword $(shell command -v initdb) $(wildcard /usr/lib/postgresql/*/bin/initdb))
POSTGRES ?= $(or $(POSTGRES_FOUND),postgresql-server)

.PHONY: demo workbench test lint types unit bench docs docs-build clean postgresql-server

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

# accord with its report extra (the plots and the briefing report) and its workbench extra (the
# web application): what `make demo` and the README's commands need.
$(DEMO_STAMP): $(SOURCES) | $(BIN)/python
	$(PIP) -e '.[report,workbench]'
	touch $@

# accord with every extra and the dev tools (a superset of the demo's install).
$(DEV_STAMP): $(SOURCES) | $(BIN)/python
	$(PIP) -e '.[dev]'
	touch $@ $(DEMO_STAMP)

WORKBENCH_DB = sqlite:///out/workbench.db

demo: $(DEMO_STAMP)
	mkdir -p out
	$(BIN)/accord analyze $(EXAMPLE) --plot out/ukraine-2025.png
	$(BIN)/accord propose $(EXAMPLE) --from geneva -n 3
	@echo
	@echo "The workbench: the flagship loaded into out/workbench.db, with these demo accounts:"
	rm -f out/workbench.db out/workbench.db-wal out/workbench.db-shm
	$(BIN)/accord seed $(EXAMPLE) --db $(WORKBENCH_DB)
	@echo "Start it with 'make workbench' (or $(BIN)/accord serve --db $(WORKBENCH_DB)),"
	@echo "open http://127.0.0.1:8000/ and sign in as mediator, and as a party in a private window."

# the workbench on the demo's database (make demo loads it)
workbench: $(DEMO_STAMP)
	$(BIN)/accord serve --db $(WORKBENCH_DB)

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: $(DEV_STAMP)
	$(BIN)/mypy --strict src

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "the browser tests need Chromium at $(CHROMIUM); install it"; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

postgresql-server:
	@command -v apt-get >/dev/null || { echo "the store's tests need PostgreSQL's initdb and pg_ctl; install PostgreSQL"; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; }

unit: $(DEV_STAMP) $(CHROMIUM) $(POSTGRES)
	ACCORD_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest --cov --cov-report=term -q

test: lint types unit docs-build

bench: $(DEV_STAMP)
	$(PIP) -e '.[bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/robust.py
	$(BIN)/python bench/workbench.py

docs: $(DEV_STAMP)
	$(BIN)/python scripts/cli_reference.py
	$(BIN)/mkdocs build --strict --site-dir site

docs-build: $(DEV_STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage build src/*.egg-info
