# Two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint live install serve clean

$(BIN)/odoo-mcp: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

install: $(BIN)/odoo-mcp

demo: install
	$(BIN)/odoo-mcp --env-file /dev/null demo

test: install
	$(BIN)/python -m pytest

# Static checks, configured in pyproject.toml ([tool.ruff], [tool.mypy]); CI runs them before the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# Against a real Odoo 19: set ODOO_LIVE_URL, ODOO_LIVE_DB, ODOO_LIVE_API_KEY, ODOO_LIVE_LOGIN,
# ODOO_LIVE_PASSWORD (and ODOO_LIVE_MASTER_PASSWORD for the setup test). See docs/compatibility.md.
live: install
	$(BIN)/python -m pytest -m live -v -rs

serve: install
	$(BIN)/odoo-mcp serve

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
