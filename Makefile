# counterdesk — developer entry points. `make test` is what CI runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test system-deps lint typecheck contracts pytest install bench clean run translations i18n-update icons \
        wheel bundle bundle-smoke

# Translations: .ts sources are committed; .qm files are built from them.
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
I18N_SOURCES := $(shell find counterdesk/core counterdesk/services counterdesk/sync counterdesk/queue counterdesk/storage counterdesk/ui counterdesk/app -name '*.py')

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

# The build recipes in build/ that are Python (the spec itself is PyInstaller's dialect).
BUILD_PY := build/bundle_rules.py build/hatch_wheel.py build/translations.py build/windows/winres.py \
            build/pyinstaller/rthooks

lint: $(STAMP)
	$(BIN)/ruff check counterdesk tests bench tools $(BUILD_PY)
	$(BIN)/ruff format --check counterdesk tests bench tools $(BUILD_PY)

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: system-deps $(STAMP) translations
	$(BIN)/pytest

translations: $(QM_FILES)

# build/translations.py is the same recipe for builds without make (the Windows CI runner).
resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/python build/translations.py $<

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

# The wheel IT installs with `pip install dist/counterdesk-*.whl` (dependencies from the
# package index). Translations first: the build refuses a wheel without them.
wheel: $(STAMP) translations
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .

# The PyInstaller onedir in dist/counterdesk (recipe build/counterdesk.spec, what goes in
# build/bundle_rules.py); PyInstaller's work files in build/.work.
bundle: system-deps $(STAMP) translations
	$(BIN)/pyinstaller --noconfirm --log-level WARN --workpath build/.work --distpath dist \
		build/counterdesk.spec

# The built bundle under `env -i` with throw-away folders (tools/smoke.py); `make bundle` first.
bundle-smoke: $(STAMP)
	@test -x dist/counterdesk/counterdesk || { echo "no bundle in dist/: run make bundle" >&2; exit 1; }
	$(BIN)/python tools/smoke.py dist/counterdesk/counterdesk

clean:
	rm -rf $(VENV) build/.work dist .pytest_cache .mypy_cache .ruff_cache
