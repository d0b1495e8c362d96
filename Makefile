# Two set-up commands: `make run` (serve on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wizard

.PHONY: run test install install-test check bench clean golden lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata or the pinned versions change.
# constraints.txt pins every dependency (reproducible installs); `make lock` refreshes it.
$(VENV)/.stamp-install: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml constraints.txt $(VENV)/.stamp-install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,dev]'
	touch $@

install: $(VENV)/.stamp-install
install-test: $(VENV)/.stamp-test

## Serve the app with gunicorn and the embedded SQLite database (data/ loaded on first start).
## Development server with reload and debugger: .venv/bin/flask --app wizard run --debug
run: install
	PORT=$(PORT) $(BIN)/gunicorn -c python:wizard.gunicorn_conf 'wizard:create_app()'

## Lint, then run the whole test suite (PostgreSQL and Chromium tests skip with a reason when absent).
test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## Pin the newest versions allowed by pyproject.toml into constraints.txt (in a scratch venv).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[test,dev,postgres,redis,geo]'
	( echo "# Pinned versions of every dependency: make lock regenerates this file."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^carto-ingenierie-53' ) > constraints.txt
	rm -rf .venv-lock

## Validate data/ and parcours/ without starting the server.
check: install
	$(BIN)/flask data check

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache

## Rewrite the golden path table (parcours/chemins.tsv) after reviewing a change of rules or data.
golden: install-test
	$(BIN)/python -m pytest tests/orientation/test_chemins.py --update-golden -q
