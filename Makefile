# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050
WORKERS ?= 3

.PHONY: run test lint bench clean-store

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

## Start the cockpit on SQLite (instance/) with demo data loaded through the real ETL.
run: $(VENV)/.runtime
	$(PY) -m etl init
	$(PY) -m etl demo --if-empty
	$(PY) -m etl users demo --if-none
	$(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - "app:server"

## Every test: unit, ETL, integration on SQLite and PostgreSQL, browser (headless Chromium).
test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(VENV)/.dev
	$(PY) bench/etl.py
	$(PY) bench/pages.py

clean-store:
	rm -rf instance/
