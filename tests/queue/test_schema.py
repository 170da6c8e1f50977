"""The queue's tables match on SQLite and PostgreSQL, and queues in the field upgrade to them.

Both engines' DDL is generated from counterdesk.queue.schema; these tests create it on the real
engines and compare what the databases themselves report: tables, columns (name, nullability,
type family, default), primary keys, foreign keys and indexes.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from datetime import UTC
from pathlib import Path
from typing import Any

import peewee
import psycopg2
import pytest
from shipped_schemas import SHIPPED_POSTGRES, SHIPPED_QUEUE_META, SHIPPED_SQLITE

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.base import CounterMode
from counterdesk.queue.postgres import PG_SCHEMA_VERSION, PostgresQueue, grants, init_schema
from counterdesk.queue.schema import (
    HISTORY,
    POSTGRES_VERSIONS,
    QUEUE_META_TABLE,
    QUEUE_SCHEMA_VERSION,
    SQLITE_VERSIONS,
    Table,
)
from counterdesk.queue.sql import SqlQueue
from counterdesk.queue.sqlite import SqliteQueue, ensure_schema

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


def sqlite_triggers(path: Path) -> set[tuple[str, str]]:
    """(table, trigger) of every trigger in a SQLite queue file."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        return set(rows.fetchall())
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


#: The SQLite queue's triggers: they keep ``queue_bucket``.
SQLITE_TRIGGERS = {("ticket", "ticket_bucket_insert"), ("ticket", "ticket_bucket_update")}


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
        "counter_heartbeat", "queue_bucket",
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

    fresh = fresh_sqlite(tmp_path / "fresh.db")
    assert sqlite_shape(old) == sqlite_shape(fresh)
    assert sqlite_triggers(old) == sqlite_triggers(fresh) == SQLITE_TRIGGERS


def test_the_latest_shipped_sqlite_tables_are_the_generated_ones(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shipped = [s for version in sorted(SHIPPED_SQLITE) for s in SHIPPED_SQLITE[version]]
    run_sqlite(old, [SHIPPED_QUEUE_META, *shipped])

    assert max(SHIPPED_SQLITE) == QUEUE_SCHEMA_VERSION
    fresh = fresh_sqlite(tmp_path / "fresh.db")
    assert sqlite_shape(old) == sqlite_shape(fresh)
    assert sqlite_triggers(old) == sqlite_triggers(fresh)


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
            ("ticket", "ticket_bucket"),
        }
    )


def _waiting_before_buckets(queue: SqlQueue) -> dict[str, str]:
    """Tickets of three buckets waiting (one transferred to counter 5); their labels by role."""
    try:
        dep, vip = queue.issue("DEP"), queue.issue("VIP")
        moved = queue.issue("WDR")
        queue.call_next(CallingPolicy(1, ("WDR",)))
        queue.start(moved.id, 1)
        queue.set_counter_mode(5, CounterMode.OPEN, serves=("FX",))
        queue.transfer(moved.id, 1, business_type="FX", to_counter=5)
        green = queue.issue("WDR", priority=2)
    finally:
        queue.close()
    return {"dep": dep.label, "vip": vip.label, "moved": moved.label, "green": green.label}


def _calls_after_upgrade(queue: SqlQueue) -> list[str]:
    counter_1 = CallingPolicy(1, ("DEP", "WDR", "VIP"), fairness_ratio=0)
    calls = [queue.call_next(counter_1).ticket.label for _ in range(3)]
    return [*calls, queue.call_next(CallingPolicy(5, ("FX",))).ticket.label]


def test_tickets_waiting_when_a_sqlite_queue_gets_its_buckets_are_still_called(
    tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    path = tmp_path / "queue.db"
    labels = _waiting_before_buckets(SqliteQueue(path, catalogue, clock, local_zone=UTC))
    # The file as schema 6 left it (the shapes above show 1-6 shipped equal what is generated).
    con = sqlite3.connect(path)
    con.executescript(
        "DROP TRIGGER ticket_bucket_insert; DROP TRIGGER ticket_bucket_update; "
        "DROP TABLE queue_bucket; UPDATE queue_meta SET version = 6;"
    )
    con.close()

    queue = SqliteQueue(path, catalogue, clock, local_zone=UTC)
    try:
        queue.open()
        # Green channel, then VIP, then the normal one; the transferred one at its counter.
        assert _calls_after_upgrade(queue) == [
            labels["green"], labels["vip"], labels["dep"], labels["moved"],
        ]  # fmt: skip
    finally:
        queue.close()


@pytest.mark.postgres
def test_a_terminal_role_granted_before_the_buckets_still_issues_and_calls_after_upgrade(
    pg_empty_database: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    init_schema(pg_empty_database)
    role = f"cd_counter_{uuid.uuid4().hex[:8]}"
    # The grants as the program printed them for schema 5: no queue_bucket yet.
    old_grants = "\n".join(line for line in grants(role).splitlines() if "queue_bucket" not in line)
    run_postgres(pg_empty_database, [f"CREATE ROLE {role} LOGIN", old_grants])
    server, db = pg_empty_database.rsplit("/", 1)
    terminal_url = f"postgresql://{role}@{server.split('@', 1)[1]}/{db}"
    labels = _waiting_before_buckets(
        PostgresQueue(pg_empty_database, catalogue, clock, local_zone=UTC)
    )
    # The database as schema 5 left it (the shapes above show 1-5 shipped equal the generated).
    run_postgres(
        pg_empty_database,
        [
            "DROP TABLE queue_bucket",
            "DROP TRIGGER ticket_bucket ON ticket",
            "DROP FUNCTION counterdesk_bucket",
            "UPDATE queue_meta SET version = 5",
        ],
    )

    assert init_schema(pg_empty_database) == (5, PG_SCHEMA_VERSION)

    queue = PostgresQueue(terminal_url, catalogue, clock, local_zone=UTC)
    try:
        assert _calls_after_upgrade(queue) == [
            labels["green"], labels["vip"], labels["dep"], labels["moved"],
        ]  # fmt: skip
        # A ticket issued after the upgrade goes through the role's trigger into its bucket.
        later = queue.issue("FX")
        assert queue.call_next(CallingPolicy(5, ("FX",))).ticket.label == later.label
    finally:
        queue.close()
        run_postgres(pg_empty_database, [f"DROP OWNED BY {role}", f"DROP ROLE {role}"])
