"""Shared fixtures: headless Qt, fixed clocks, the shipped business types."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Without a display Qt aborts the whole run; tests are headless unless told otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.procedures import load_catalogue

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"


@pytest.fixture
def clock() -> FixedClock:
    """A clock at 09:00 UTC on a working day; tests move it explicitly."""
    return FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The business types shipped in resources/."""
    return load_catalogue(RESOURCES / "business_types.toml")


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real config and data folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("COUNTERDESK_CONFIG", raising=False)
    monkeypatch.delenv("COUNTERDESK_DATA_DIR", raising=False)
