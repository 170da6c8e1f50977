"""Helpers for journal tests: hashes, raw connections, table snapshots, old-version journals."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from journal_seeds import SEEDERS

from counterdesk.core.clock import Clock
from counterdesk.storage import migrate, open_sqlite

Snapshot = dict[str, list[dict[str, object]]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection in autocommit mode, as another program would have."""
    return sqlite3.connect(path, isolation_level=None)


def user_version(path: Path) -> int:
    conn = raw(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def snapshot(path: Path) -> Snapshot:
    """Every row of every table, in rowid order."""
    conn = raw(path)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
            for table in tables
        }
    finally:
        conn.close()


def build_at(path: Path, version: int, clock: Clock) -> None:
    """Leave a journal as a build that knew only migrations 1..version would have, with data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_sqlite(path)
    migrate(db, path, clock, target=version)
    db.close()
    conn = raw(path)
    try:
        conn.execute("BEGIN")
        SEEDERS[version](conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
