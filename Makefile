# counterdesk — developer entry points. `make test` is what CI runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test system-deps lint typecheck contracts pytest install bench clean run translations i18n-update icons

# Translations: .ts sources are committed; .qm files are built from them.
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
I18N_SOURCES := $(shell find counterdesk/core counterdesk/services counterdesk/sync counterdesk/queue counterdesk/storage counterdesk/ui -name '*.py')

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The Debian libraries Qt and the voice need (.ci/debian-packages): installed when root with
# apt-get, else the one install command is printed and make stops, before any test runs.
system-deps:
	@scripts/system-deps

# Order-only: the check runs every time without forcing a reinstall.
$(STAMP): $(BIN)/python pyproject.toml | system-deps
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check counterdesk tests bench tools
	$(BIN)/ruff format --check counterdesk tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: system-deps $(STAMP) translations
	$(BIN)/pytest

translations: $(QM_FILES)

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts sources from the code (then translate the new entries, e.g. in pyside6-linguist).
i18n-update: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete $(I18N_SOURCES) -ts resources/i18n/counterdesk_zh_CN.ts

# Pre-render the qtawesome icons the windows use into resources/icons (committed).
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m counterdesk.ui.icons

run: system-deps $(STAMP) translations
	$(BIN)/counterdesk demo --simulate 60

test: system-deps lint typecheck contracts pytest

bench: system-deps $(STAMP) translations
	$(BIN)/python bench/dispatch.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/display.py

clean:
	rm -rf $(VENV) build/.work dist .pytest_cache .mypy_cache .ruff_cache
