# counterdesk — developer entry points. `make test` is what CI runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test system-deps lint typecheck contracts pytest install bench clean run translations i18n-update icons \
        wheel bundle bundle-smoke deb deb-package deb-deps deb-install-test

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
            build/pyinstaller/rthooks build/linux/deb.py

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

# The packaging tools (fakeroot, patchelf, lintian, debootstrap) and the libraries whose Debian
# packages deb.py looks up: .ci/debian-packages-deb, installed as root like system-deps.
deb-deps:
	@scripts/system-deps .ci/debian-packages-deb

# dist/counterdesk_<version>_amd64.deb from a fresh bundle (build/linux/deb.py derives its
# Depends from the bundle's libraries), then lintian, which must report no error.
deb: bundle
	$(MAKE) deb-package

# The same from the bundle already in dist/counterdesk (CI, right after bundle-smoke).
deb-package: deb-deps $(STAMP)
	@test -x dist/counterdesk/counterdesk || { echo "no bundle in dist/: run make bundle" >&2; exit 1; }
	$(BIN)/python build/linux/deb.py
	lintian --fail-on error dist/counterdesk_$$($(BIN)/python -c 'import counterdesk; print(counterdesk.__version__)')_amd64.deb

# Installs the package into a clean Debian root (debootstrap), runs it there, then upgrades it
# to a rebuilt next version over a journal with data (build/linux/test-install.sh; ~5 min).
deb-install-test: deb
	build/linux/test-install.sh dist/counterdesk_$$($(BIN)/python -c 'import counterdesk; print(counterdesk.__version__)')_amd64.deb

clean:
	rm -rf $(VENV) build/.work dist .pytest_cache .mypy_cache .ruff_cache
