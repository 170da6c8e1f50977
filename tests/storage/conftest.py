"""Fixtures for journal tests: real SQLite files under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from counterdesk.core.clock import FixedClock
from counterdesk.storage import open_journal


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """Where the journal goes; the folder does not exist yet."""
    return tmp_path / "data" / "journal.db"


@pytest.fixture
def db(journal_path: Path, clock: FixedClock) -> Iterator[peewee.SqliteDatabase]:
    """A fresh journal at the latest version, bound to the ``journal`` proxy."""
    database = open_journal(journal_path, clock)
    yield database
    database.close()
