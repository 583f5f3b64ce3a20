# Two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install serve clean

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

serve: install
	$(BIN)/odoo-mcp serve

clean:
	rm -rf $(VENV) .pytest_cache
