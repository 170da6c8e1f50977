"""The queue's tables match on SQLite and PostgreSQL, and queues in the field upgrade to them.

Both engines' DDL is generated from counterdesk.queue.schema; these tests create it on the real
engines and compare what the databases themselves report: tables, columns (name, nullability,
type family, default), primary keys, foreign keys and indexes.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import peewee
import psycopg2
import pytest
from shipped_schemas import SHIPPED_POSTGRES, SHIPPED_QUEUE_META, SHIPPED_SQLITE

from counterdesk.queue.postgres import PG_SCHEMA_VERSION, grants, init_schema
from counterdesk.queue.schema import (
    HISTORY,
    POSTGRES_VERSIONS,
    QUEUE_META_TABLE,
    QUEUE_SCHEMA_VERSION,
    SQLITE_VERSIONS,
    Table,
)
from counterdesk.queue.sqlite import ensure_schema

Shape = dict[str, dict[str, Any]]

_FAMILIES = {"text": "text", "integer": "integer", "bigint": "integer", "smallint": "integer"}


def _family(declared: str) -> str:
    return _FAMILIES[declared.lower()]


def _default(value: str | None) -> str | None:
    if value is None or value.startswith("nextval("):
        return None  # a serial key numbers itself on both engines; the type says so
    return re.sub(r"::[a-z ]+$", "", value)


def sqlite_shape(path: Path) -> Shape:
    con = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        shape: Shape = {}
        for table in names:
            info = con.execute(f"PRAGMA table_info({table})").fetchall()
            key = tuple(row[1] for row in sorted(info, key=lambda r: r[5]) if row[5])
            # SQLite lets a primary key that is not an INTEGER hold NULL (a legacy quirk the
            # shipped tables kept); the program never writes one, so a key counts as NOT NULL.
            columns = {
                row[1]: (not row[3] and not row[5], _family(row[2]), _default(row[4]))
                for row in info
            }
            foreign = {
                (row[3], row[2], row[4]) for row in con.execute(f"PRAGMA foreign_key_list({table})")
            }
            indexes = {}
            for _, index, unique, origin, _ in con.execute(f"PRAGMA index_list({table})"):
                if origin == "pk":
                    continue
                cols = tuple(row[2] for row in con.execute(f"PRAGMA index_info({index})"))
                # Unique constraints get engine-made names; they are known by their columns.
                indexes[index if origin == "c" else f"unique {cols}"] = (cols, bool(unique))
            shape[table] = {
                "columns": columns,
                "primary_key": key,
                "foreign_keys": foreign,
                "indexes": indexes,
            }
        return shape
    finally:
        con.close()


def postgres_shape(url: str) -> Shape:
    con = psycopg2.connect(url)
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT table_name, column_name, is_nullable, data_type, column_default "
                "FROM information_schema.columns WHERE table_schema = 'public'"
            )
            shape: Shape = {}
            for table, column, nullable, declared, default in cur.fetchall():
                entry = shape.setdefault(
                    table, {"columns": {}, "primary_key": (), "foreign_keys": set(), "indexes": {}}
                )
                entry["columns"][column] = (nullable == "YES", _family(declared), _default(default))
            cur.execute(
                "SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary, "
                "  EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid), "
                "  ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n) "
                "        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
                "        ORDER BY k.n) "
                "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
                "JOIN pg_class t ON t.oid = ix.indrelid "
                "JOIN pg_namespace s ON s.oid = t.relnamespace WHERE s.nspname = 'public'"
            )
            for table, index, unique, primary, constraint, cols in cur.fetchall():
                if primary:
                    shape[table]["primary_key"] = tuple(cols)
                    continue
                name = f"unique {tuple(cols)}" if constraint else index
                shape[table]["indexes"][name] = (tuple(cols), unique)
            cur.execute(
                "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, "
                "  f.attname FROM pg_constraint c "
                "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                "JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1] "
                "WHERE c.contype = 'f'"
            )
            for table, column, other, other_column in cur.fetchall():
                shape[table]["foreign_keys"].add((column, other, other_column))
        return shape
    finally:
        con.close()


def postgres_triggers(url: str) -> set[tuple[str, str]]:
    con = psycopg2.connect(url)
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
            )
            return set(cur.fetchall())
    finally:
        con.close()


def fresh_sqlite(path: Path) -> Path:
    db = peewee.SqliteDatabase(str(path))
    ensure_schema(db)
    db.close()
    return path


def run_sqlite(path: Path, statements: list[str]) -> None:
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def run_postgres(url: str, statements: list[str]) -> None:
    con = psycopg2.connect(url)
    with con, con.cursor() as cur:
        for statement in statements:
            cur.execute(statement)
    con.close()


def test_each_engine_takes_every_change_once_in_order() -> None:
    for versions in (SQLITE_VERSIONS, POSTGRES_VERSIONS):
        assert list(versions) == list(range(1, len(versions) + 1))
        changes = [c for version in versions.values() for c in version if c != QUEUE_META_TABLE]
        assert changes == [change for step in HISTORY for change in step]


def test_the_terminals_role_may_use_every_queue_table() -> None:
    granted = grants("teller_pc")
    tables = [c.name for v in POSTGRES_VERSIONS.values() for c in v if isinstance(c, Table)]

    assert tables
    for table in tables:
        assert re.search(rf"GRANT [A-Z, ]+ ON ([a-z_]+, )*{table}\b", granted), table


@pytest.mark.postgres
def test_sqlite_and_postgresql_create_the_same_tables(tmp_path: Path, pg_database: str) -> None:
    on_sqlite = sqlite_shape(fresh_sqlite(tmp_path / "queue.db"))
    on_postgres = postgres_shape(pg_database)

    assert set(on_sqlite) == {
        "queue_meta", "daily_counter", "ticket", "ticket_event", "counter_state", "day_close",
        "counter_heartbeat",
    }  # fmt: skip
    assert on_sqlite == on_postgres
    assert on_sqlite["ticket"]["indexes"]["unique ('day', 'prefix', 'number')"] == (
        ("day", "prefix", "number"),
        True,
    )
    assert on_sqlite["ticket_event"]["columns"]["seq"] == (False, "integer", None)


@pytest.mark.parametrize("have", sorted(SHIPPED_SQLITE))
def test_a_shipped_sqlite_queue_upgrades_to_the_fresh_tables(tmp_path: Path, have: int) -> None:
    old = tmp_path / "old.db"
    shipped = [s for version in range(1, have + 1) for s in SHIPPED_SQLITE[version]]
    run_sqlite(
        old, [SHIPPED_QUEUE_META, *shipped, f"INSERT INTO queue_meta VALUES ('queue', {have})"]
    )

    db = peewee.SqliteDatabase(str(old))
    assert ensure_schema(db) == QUEUE_SCHEMA_VERSION
    db.close()

    assert sqlite_shape(old) == sqlite_shape(fresh_sqlite(tmp_path / "fresh.db"))


def test_the_latest_shipped_sqlite_tables_are_the_generated_ones(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shipped = [s for version in sorted(SHIPPED_SQLITE) for s in SHIPPED_SQLITE[version]]
    run_sqlite(old, [SHIPPED_QUEUE_META, *shipped])

    assert max(SHIPPED_SQLITE) == QUEUE_SCHEMA_VERSION
    assert sqlite_shape(old) == sqlite_shape(fresh_sqlite(tmp_path / "fresh.db"))


@pytest.mark.postgres
@pytest.mark.parametrize("have", sorted(SHIPPED_POSTGRES))
def test_a_shipped_postgresql_queue_upgrades_to_the_fresh_tables(
    pg_database: str, pg_empty_database: str, have: int
) -> None:
    shipped = [s for version in range(1, have + 1) for s in SHIPPED_POSTGRES[version]]
    run_postgres(
        pg_empty_database,
        [*shipped, f"INSERT INTO queue_meta (component, version) VALUES ('queue', {have})"],
    )

    assert init_schema(pg_empty_database) == (have, PG_SCHEMA_VERSION)

    assert postgres_shape(pg_empty_database) == postgres_shape(pg_database)
    assert (
        postgres_triggers(pg_empty_database)
        == postgres_triggers(pg_database)
        == {
            ("ticket_event", "ticket_event_notify"),
            ("counter_state", "counter_state_notify"),
        }
    )
