# VIGO Opplæring. Two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
UV := .tools/bin/uv
PYTHON := $(VENV)/bin/python
export VIGO_DEV := 1
# Settings module (vigo/settings/): dev for run and manage.py, test for pytest, prod in the image.
export DJANGO_SETTINGS_MODULE := vigo.settings.dev

.PHONY: install tjenester run test lint format bench migrate demodata stopp clean meldinger

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

# The portal's deadline day under gunicorn + locust (bench/portal_last.py, about three minutes) runs after the others,
# even when one of them failed; make fails if either did.
bench: migrate  # some benchmarks copy the schema of the migrated development database
	$(PYTHON) -m bench; s=$$?; $(PYTHON) -m bench.portal_last && exit $$s

# The applicant portal's English catalogue (GNU gettext): new msgids in, translations kept, makemessages' fuzzy
# guesses emptied (never shipped), compiled. The nb/nn catalogues are hand-maintained and never regenerated; this
# only checks that every msgid of the portal has a nynorsk translation.
PORTALKILDER := -N 'templates/portal/*' -N 'vigo/idporten/*' -N 'inntak/portal/*' -N 'templates/_sprakvalg.html' \
	-N 'templates/_feiloppsummering.html' -N 'templates/fagopplaering/formidling_minside.html' -N 'fagopplaering/portal.py'
meldinger: install
	$(PYTHON) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=.tools --ignore=var \
		--ignore=tests --ignore=bench --ignore=docs --ignore=deploy
	msgattrib --clear-fuzzy --empty --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgfmt --check -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po
	msggrep $(PORTALKILDER) -o var/portal.pot locale/en/LC_MESSAGES/django.po
	msgmerge --quiet --no-fuzzy-matching --no-wrap -o var/portal_nn.po locale/nn/LC_MESSAGES/django.po var/portal.pot
	@echo "Portalen: $$(msgattrib --untranslated var/portal.pot | grep -c '^msgid "[^"]') tekster uten engelsk (locale/en)"
	@mangler=$$(msgattrib --untranslated --no-wrap var/portal_nn.po | grep '^msgid "[^"]'); \
	if [ -n "$$mangler" ]; then echo "$$mangler"; echo "$$(echo "$$mangler" | wc -l) tekster i portalen mangler nynorsk (locale/nn)"; exit 1; fi

stopp: install
	$(PYTHON) -m vigo.embedded stopp

clean:
	rm -rf $(VENV) .tools
