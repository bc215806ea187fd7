# Tandem — the two commands are `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install node lint typecheck pytest e2e clean openapi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# axe-core for the accessibility browser tests (npm registry); skipped without npm.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility browser tests will be skipped"; fi

node: $(NODE_STAMP)

run: install
	PORT=$(PORT) $(BIN)/tandem up

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
