"""Typed wrapper for peewee's untyped ``execute_sql``, so the rest of storage stays strict."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import cast

import peewee


def execute(db: peewee.Database, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
    """Run one SQL statement on the database's connection for this thread."""
    return cast(sqlite3.Cursor, db.execute_sql(sql, params))  # type: ignore[no-untyped-call]


def scalar(db: peewee.Database, sql: str, params: Sequence[object] = ()) -> object:
    """Run a query and return the first column of its first row (None when there is no row)."""
    row = execute(db, sql, params).fetchone()
    return None if row is None else row[0]
