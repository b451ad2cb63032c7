# GovSocial: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export GOVSOCIAL_DATA_DIR ?= $(CURDIR)/var
# mypy (with django-stubs) checks every app's services layer: services.py or a services/ package.
SERVICES := $(wildcard src/govsocial/*/services.py) $(patsubst %/__init__.py,%,$(wildcard src/govsocial/*/services/__init__.py))
# Loading the settings creates the data directory, so give mypy a throw-away one.
TYPECHECK = GOVSOCIAL_DATA_DIR=$$(mktemp -d) $(BIN)/mypy $(SERVICES)

.PHONY: run test test-only bench lint typecheck messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

# The tests load a tiny sentiment model, so dev includes the sentiment-model extra. torch
# first and pinned: 2.13.0's CPU wheel is at hand here, where an unpinned torch would pull
# the multi-GB CUDA build; the extra's "torch>=2.4" is then already met.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,sentiment-model]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/govsocial migrate --noinput
	$(BIN)/govsocial demo
	$(BIN)/govsocial serve

test: $(VENV)/.installed-dev test-only

test-only: $(VENV)/.installed-dev
	$(BIN)/ruff check src benchmarks conftest.py
	$(TYPECHECK)
	GOVSOCIAL_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -n 2 --dist loadfile

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks

lint: $(VENV)/.installed-dev typecheck
	$(BIN)/ruff check src benchmarks conftest.py
	$(BIN)/ruff format --check src benchmarks conftest.py

typecheck: $(VENV)/.installed-dev
	$(TYPECHECK)

# Recompile the Dutch translations after editing a .po file (needs GNU gettext).
messages: $(VENV)/.installed
	cd src/govsocial && for app in */; do \
	  if [ -d "$$app/locale" ]; then (cd "$$app" && ../../../$(BIN)/django-admin compilemessages -l nl); fi; \
	done

clean:
	rm -rf $(VENV) build *.egg-info
