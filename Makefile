# The two commands a new machine needs: `make run` and `make test`.
# Both set everything up first (Debian packages, .venv, Python packages); set-up is skipped once done.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench previews system-deps setup clean

run: setup
	$(BIN)/sotn

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: setup
	cd tests && ../$(BIN)/python -m benchmarks

previews: setup  # every printed document from demo data, as PDF and PNG, in previews/
	$(BIN)/python -m desktop.printing.previews previews

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

setup: system-deps $(STAMP)

system-deps:
	@bash installer/system-deps.sh

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[server,dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
