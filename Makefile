# Tandem — the two commands are `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install node lint typecheck pytest e2e clean openapi

RUN_STAMP := $(VENV)/.runtime-stamp

$(VENV)/bin/python:
	@echo "• Creating the virtual environment in $(VENV)…"
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip

# `make run` needs the runtime dependencies only; `make test` (and `make install`) adds the
# development extras. pip's own progress lines show what is being installed.
$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	@echo "• Installing Tandem and its runtime dependencies (the first time takes a minute or two)…"
	@$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -e . \
		| grep --line-buffered -E '^(Collecting|Installing collected|Successfully)' || true
	@$(BIN)/python -c "import tandem, django" || { echo "Installing failed: rerun with 'make run' after fixing the error above."; exit 1; }
	@touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	@echo "• Installing Tandem with the development extras (tests, linters)…"
	@$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -e ".[dev]" \
		| grep --line-buffered -E '^(Collecting|Installing collected|Successfully)' || true
	@$(BIN)/python -c "import tandem, pytest" || { echo "Installing the development extras failed: see the error above."; exit 1; }
	@touch $(STAMP) $(RUN_STAMP)

install: $(STAMP)

# axe-core for the accessibility browser tests (npm registry); skipped without npm.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility browser tests will be skipped"; fi

node: $(NODE_STAMP)

# TANDEM_DEMO=1: load the demo organisation into an empty database and show its logins.
run: $(RUN_STAMP)
	@TANDEM_DEMO=1 PORT=$(PORT) $(BIN)/tandem up

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

pytest: install node
	$(BIN)/pytest -n 2 --dist loadgroup

test: lint typecheck pytest

openapi: install
	$(BIN)/tandem export-openapi > docs/api/openapi.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
