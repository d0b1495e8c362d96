# Two set-up commands: `make run` (serve on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wizard

.PHONY: run test install install-test check bench clean golden

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changes.
$(VENV)/.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-install
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.stamp-install
install-test: $(VENV)/.stamp-test

## Serve the app with the embedded SQLite database (data/ loaded on first start).
run: install
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

## Run the whole test suite (PostgreSQL and Chromium tests skip with a reason when absent).
test: install-test
	$(BIN)/python -m pytest

## Validate data/ and parcours/ without starting the server.
check: install
	$(BIN)/flask data check

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache

## Rewrite the golden files (tests/*.tsv) after reviewing a change of rules or data.
golden: install-test
	$(BIN)/python -m pytest tests/orientation/test_chemins.py --update-golden -q
