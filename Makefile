# VIGO Opplæring. Two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
UV := .tools/bin/uv
PYTHON := $(VENV)/bin/python
export VIGO_DEV := 1
# Settings module (vigo/settings/): dev for run and manage.py, test for pytest, prod in the image.
export DJANGO_SETTINGS_MODULE := vigo.settings.dev

.PHONY: install tjenester run test lint format bench migrate demodata stopp clean

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV)/.installert: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

install: $(VENV)/.installert

# Embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL are set; prints where the data are when not under var/.
tjenester: install
	$(PYTHON) -m vigo.embedded start

migrate: tjenester
	$(PYTHON) manage.py migrate --no-input -v0

# Real code registers and demo data are loaded once; var/.demodata marks it.
var/.demodata: | migrate
	$(PYTHON) manage.py importer_kodeverk
	$(PYTHON) manage.py lag_demodata --fylke 50 --seed 1
	touch $@

demodata: var/.demodata

run: migrate var/.demodata
	$(PYTHON) manage.py collectstatic --no-input -v0
	$(PYTHON) -m vigo.kjor

test: tjenester
	DJANGO_SETTINGS_MODULE=vigo.settings.test $(PYTHON) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: migrate  # some benchmarks copy the schema of the migrated development database
	$(PYTHON) -m bench

stopp: install
	$(PYTHON) -m vigo.embedded stopp

clean:
	rm -rf $(VENV) .tools
