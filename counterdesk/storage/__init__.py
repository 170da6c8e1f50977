"""The terminal's local journal: a WAL SQLite file of what this counter did, and its sync feed."""

from __future__ import annotations

from counterdesk.storage.db import journal, open_journal, open_sqlite
from counterdesk.storage.errors import (
    CorruptDatabaseError,
    SchemaOutdatedError,
    SchemaTooNewError,
    StorageError,
)
from counterdesk.storage.migrations import LATEST, MigrationReport, current_version, migrate
from counterdesk.storage.unit_of_work import FeedEvent, Transaction, UnitOfWork, events_after

__all__ = [
    "LATEST",
    "CorruptDatabaseError",
    "FeedEvent",
    "MigrationReport",
    "SchemaOutdatedError",
    "SchemaTooNewError",
    "StorageError",
    "Transaction",
    "UnitOfWork",
    "current_version",
    "events_after",
    "journal",
    "migrate",
    "open_journal",
    "open_sqlite",
]
