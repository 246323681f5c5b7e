# Two commands: `make demo` and `make test`. Both create the virtual environment if missing.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
EXAMPLE = examples/ukraine-2025.yaml

.PHONY: demo test lint types unit bench docs docs-build clean

$(STAMP): pyproject.toml setup.py $(wildcard src/accord/analysis/*.c src/accord/analysis/*.h)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/accord analyze $(EXAMPLE) --plot out/ukraine-2025.png
	$(BIN)/accord propose $(EXAMPLE) --from geneva -n 3

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

types: $(STAMP)
	$(BIN)/mypy --strict src

unit: $(STAMP)
	$(BIN)/python -m pytest --cov --cov-report=term -q

test: lint types unit docs-build

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py

docs: $(STAMP)
	$(BIN)/python scripts/cli_reference.py
	$(BIN)/mkdocs build --strict --site-dir site

docs-build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage build src/*.egg-info
