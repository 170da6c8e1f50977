"""The import contracts really fail: one forbidden import in a copy of the package breaks each.

The contracts live in pyproject.toml; a contract that cannot fail guards nothing. Each case adds
a scratch module with one forbidden import to a temporary copy of the package and runs
``lint-imports`` there, which must report exactly that contract broken.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

LAYERS = "Layers: app > ui > services > sync > queue > storage > core"
CORE_STDLIB = "The core imports only the standard library"
CORE_NO_QT_NO_PEEWEE = "The core knows neither Qt nor peewee"
NO_QT_BELOW_UI = "Services, sync, storage and queue never import Qt"
UI_NO_DATA = "The UI never touches a database, the journal or a queue engine"
SERVICES_NO_DRIVER = "Services never touch a database driver or the journal's rows"
#: "NAME KEPT", "NAME BROKEN", either maybe followed by "(3 ignored imports)".
_VERDICT = re.compile(r"^(?P<name>.+) (?P<verdict>KEPT|BROKEN)(?: \(\d+ ignored imports?\))?$")
CONTRACTS = {
    LAYERS,
    CORE_STDLIB,
    CORE_NO_QT_NO_PEEWEE,
    NO_QT_BELOW_UI,
    UI_NO_DATA,
    SERVICES_NO_DRIVER,
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the package, the contract tools and pyproject.toml for every case."""
    target = tmp_path_factory.mktemp("contracts")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "counterdesk", target / "counterdesk", ignore=ignore)
    shutil.copytree(ROOT / "tools", target / "tools", ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def lint_imports(where: Path) -> tuple[int, dict[str, str], str]:
    """Run lint-imports in ``where``; return its exit code, each contract's verdict, its output."""
    env = {**os.environ, "PYTHONPATH": str(where)}  # the copy, not the installed package
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    verdicts = {
        match["name"]: match["verdict"]
        for match in map(_VERDICT.match, result.stdout.splitlines())
        if match is not None
    }
    return result.returncode, verdicts, result.stdout + result.stderr


def test_the_untouched_copy_keeps_every_contract(copy: Path) -> None:
    code, verdicts, output = lint_imports(copy)

    assert code == 0, output
    assert verdicts == dict.fromkeys(CONTRACTS, "KEPT"), output


@pytest.mark.parametrize(
    ("package", "statement", "contract"),
    [
        ("core", "import counterdesk.ui", LAYERS),
        ("core", "import escpos", CORE_STDLIB),
        ("core", "from dateutil import tz", CORE_STDLIB),
        ("core", "import sqlite3", CORE_NO_QT_NO_PEEWEE),
        ("queue", "from PySide6 import QtCore", NO_QT_BELOW_UI),
        ("storage", "import qtawesome", NO_QT_BELOW_UI),
        ("sync", "from PySide6 import QtWidgets", NO_QT_BELOW_UI),
        ("sync", "import counterdesk.services", LAYERS),
        ("queue", "from counterdesk.sync import hq", LAYERS),
        ("ui", "import peewee", UI_NO_DATA),
        ("ui", "import sqlite3", UI_NO_DATA),
        ("ui", "from counterdesk.storage import models", UI_NO_DATA),
        ("ui", "from counterdesk.queue.sqlite import SqliteQueue", UI_NO_DATA),
        ("ui", "from counterdesk.queue.postgres import PgListener", UI_NO_DATA),
        ("services", "import psycopg2", SERVICES_NO_DRIVER),
        ("services", "from playhouse import shortcuts", SERVICES_NO_DRIVER),
        ("services", "from counterdesk.storage.models import Service", SERVICES_NO_DRIVER),
    ],
)
def test_one_forbidden_import_breaks_its_contract(
    copy: Path, package: str, statement: str, contract: str
) -> None:
    scratch = copy / "counterdesk" / package / "scratch_forbidden.py"
    scratch.write_text(f'"""Scratch."""\n\n{statement}\n', encoding="utf-8")
    try:
        code, verdicts, output = lint_imports(copy)
    finally:
        scratch.unlink()

    assert code != 0, output
    assert {name for name, verdict in verdicts.items() if verdict == "BROKEN"} == {contract}
    assert f"counterdesk.{package}.scratch_forbidden" in output
