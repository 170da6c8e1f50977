"""Tables of the queue store, one definition from which both engines' DDL is generated.

The queue holds tickets, daily counters, ticket events, counter states, counter heartbeats and
business days (table ``day_close``: opened, kept open, closed). On SQLite its tables live beside
the journal's when the queue is the journal file (the default), so their names differ from the
journal's and their schema version is kept in ``queue_meta``, never in ``PRAGMA user_version``
(which belongs to the journal).

The tables are declared once, as an append-only history of changes (:data:`HISTORY`); each
engine's numbered schema versions are groups of those changes (:data:`SQLITE_VERSIONS`,
:data:`POSTGRES_VERSIONS`), and a small :class:`Dialect` per engine maps column kinds to types.
A shipped change is never edited, and neither is a dialect's mapping of an existing kind: the
DDL of a version that has shipped must never change. A new change is appended and becomes a new
version on each engine.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError


def newer_schema(have: int, known: int) -> DomainError:
    """The refusal to touch a queue written by a newer counterdesk (either engine)."""
    return DomainError(
        QT_TRANSLATE_NOOP(
            "domain",
            "the queue has schema {have}, newer than this program's {known}; upgrade this terminal",
        ),
        have=have,
        known=known,
    )


class Kind(enum.Enum):
    """What a column holds; each engine's :class:`Dialect` names the type."""

    TEXT = "text"
    INTEGER = "integer"
    SERIAL = "serial"
    """An integer primary key the database numbers itself, never reused."""


@dataclass(frozen=True)
class Column:
    """One column.

    Attributes:
        name: the column name.
        kind: what it holds.
        null: whether it may be NULL.
        default: the value a row gets when an insert leaves the column out.
        references: ``table (column)`` for a foreign key.
    """

    name: str
    kind: Kind
    null: bool = False
    default: str | int | None = None
    references: str | None = None


@dataclass(frozen=True)
class Table:
    """A table to create.

    Attributes:
        name: the table name.
        columns: its columns, in order.
        primary_key: the primary-key columns (one column is declared on the column itself).
        unique: sets of columns that are unique together.
        if_missing: created only when missing (the version table, which precedes versions).
    """

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    if_missing: bool = False


@dataclass(frozen=True)
class Index:
    """A (non-unique) index to create."""

    name: str
    table: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class AddColumn:
    """A column added to an existing table (it needs a default or must allow NULL)."""

    table: str
    column: Column


@dataclass(frozen=True)
class DropIndex:
    """An index that is no longer used (a newer one replaced it)."""

    name: str


@dataclass(frozen=True)
class Backfill:
    """Data an upgrade fills in for rows written before a change (the same SQL on every engine).

    It runs on a fresh queue too, where it finds nothing to fill.
    """

    sql: str


@dataclass(frozen=True)
class EngineSql:
    """Statements that differ by engine beyond column types.

    Triggers (SQLite's are SQL, PostgreSQL's call a function) and PostgreSQL's grants. Each
    engine runs its own, in order.
    """

    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


Change = Table | Index | AddColumn | DropIndex | Backfill | EngineSql


@dataclass(frozen=True)
class Dialect:
    """What differs between the engines' DDL.

    Attributes:
        name: the engine (for messages and tests).
        types: the column type of each kind.
        serial_key: how a :attr:`Kind.SERIAL` primary key is declared after its name.
    """

    name: str
    types: dict[Kind, str]
    serial_key: str


SQLITE = Dialect(
    "sqlite",
    {Kind.TEXT: "TEXT", Kind.INTEGER: "INTEGER", Kind.SERIAL: "INTEGER"},
    "INTEGER PRIMARY KEY AUTOINCREMENT",
)
POSTGRES = Dialect(
    "postgresql",
    {Kind.TEXT: "TEXT", Kind.INTEGER: "INTEGER", Kind.SERIAL: "BIGSERIAL"},
    "BIGSERIAL PRIMARY KEY",
)

_TEXT, _INT = Kind.TEXT, Kind.INTEGER

#: The version table; both engines create it before reading the version.
QUEUE_META_TABLE = Table(
    "queue_meta",
    (Column("component", _TEXT), Column("version", _INT)),
    primary_key=("component",),
    if_missing=True,
)

#: Tickets, the daily numbering, ticket events and counter states.
TICKETS: tuple[Change, ...] = (
    Table(
        "daily_counter",
        (Column("day", _TEXT), Column("business_type", _TEXT), Column("last_number", _INT)),
        primary_key=("day", "business_type"),
    ),
    Table(
        "ticket",
        (
            Column("id", _TEXT),
            Column("day", _TEXT),
            Column("number", _INT),
            Column("prefix", _TEXT),
            Column("business_type", _TEXT),
            Column("priority", _INT),
            Column("state", _TEXT),
            Column("lane", _INT, default=0),
            Column("counter", _INT, null=True),
            Column("call_count", _INT, default=0),
            Column("issued_at", _TEXT),
            Column("queued_at", _TEXT),
            Column("called_at", _TEXT, null=True),
            Column("started_at", _TEXT, null=True),
            Column("ended_at", _TEXT, null=True),
            Column("version", _INT, default=0),
        ),
        primary_key=("id",),
        unique=(("day", "prefix", "number"),),
    ),
    # The head of each (lane, type, level) is one index seek: see core.policy.
    Index(
        "ticket_heads",
        "ticket",
        ("day", "state", "lane", "business_type", "priority", "queued_at", "number", "prefix"),
    ),
    Index("ticket_counter", "ticket", ("counter", "state")),
    Table(
        "ticket_event",
        (
            Column("seq", Kind.SERIAL),
            Column("ticket_id", _TEXT, references="ticket (id)"),
            Column("action", _TEXT),
            Column("from_state", _TEXT, null=True),
            Column("to_state", _TEXT),
            Column("counter", _INT, null=True),
            Column("at", _TEXT),
            Column("detail", _TEXT, default="{}"),
        ),
        primary_key=("seq",),
    ),
    Index("ticket_event_ticket", "ticket_event", ("ticket_id",)),
    Table(
        "counter_state",
        (
            Column("counter", _INT),
            Column("mode", _TEXT),
            Column("reason", _TEXT, default=""),
            Column("priority_streak", _INT, default=0),
            Column("updated_at", _TEXT),
        ),
        primary_key=("counter",),
    ),
)

#: Which business types each open counter serves (the kiosk estimates waits from it), and the
#: indexes of the day's figures.
SERVES_AND_FIGURES: tuple[Change, ...] = (
    AddColumn("counter_state", Column("serves", _TEXT, default="")),
    Index("ticket_event_calls", "ticket_event", ("action", "seq")),
    Index("ticket_finished", "ticket", ("day", "business_type", "state", "ended_at")),
)

#: Day close: one row per business day that was closed (its waiting tickets expired) or kept
#: open for the night (closed_at NULL, kept_open 1); the row makes a close happen once.
DAY_CLOSE: tuple[Change, ...] = (
    Table(
        "day_close",
        (
            Column("day", _TEXT),
            Column("closed_at", _TEXT, null=True),
            Column("expired", _INT, default=0),
            Column("kept_open", _INT, default=0),
        ),
        primary_key=("day",),
    ),
)

#: The business day is the queue's own, and the waiting order is the order of joining:
#:
#: - ``day_close`` becomes the business-day table: ``opened_at`` is set by the day's first
#:   ticket; a row with ``opened_at`` and no ``closed_at`` is an open day, which stays the
#:   queue's day past midnight when it was kept open. Upgrading opens the latest day that has
#:   tickets and was not closed, so a night kept open before the upgrade stays callable.
#: - ``ticket.queue_seq`` is the ticket's turn: the ``ticket_event.seq`` of the event that put
#:   it in the queue (issue, recycle, reactivate, transfer), which only grows on both engines,
#:   whatever the wall clock does. Upgrading gives each waiting ticket its latest such event.
#:   The heads index orders by it instead of ``queued_at``.
BUSINESS_DAYS: tuple[Change, ...] = (
    AddColumn("day_close", Column("opened_at", _TEXT, null=True)),
    AddColumn("ticket", Column("queue_seq", _INT, default=0)),
    DropIndex("ticket_heads"),
    Index(
        "ticket_turns",
        "ticket",
        ("day", "state", "lane", "business_type", "priority", "queue_seq"),
    ),
    Backfill(
        "UPDATE ticket SET queue_seq = COALESCE((SELECT MAX(e.seq) FROM ticket_event e "
        "WHERE e.ticket_id = ticket.id AND e.to_state = 'waiting'), 0) WHERE state = 'waiting'"
    ),
    Backfill(
        "INSERT INTO day_close (day, opened_at, closed_at, expired, kept_open) "
        "SELECT day, MIN(issued_at), NULL, 0, 0 FROM ticket "
        "WHERE day = (SELECT MAX(day) FROM ticket) GROUP BY day "
        "ON CONFLICT (day) DO UPDATE SET opened_at = excluded.opened_at"
    ),
)

#: Heartbeats: when each counter's program last said it is alive. A table of its own (not a
#: column of ``counter_state``) so that a beat every few seconds wakes no window on PostgreSQL
#: (``counter_state`` has a notify trigger) and never waits on a counter's mode change.
HEARTBEAT: tuple[Change, ...] = (
    Table(
        "counter_heartbeat",
        (Column("counter", _INT), Column("beat_at", _TEXT)),
        primary_key=("counter",),
    ),
)

#: Action ids: every change a counter asks for carries an id of its own, kept with its event, so a
#: counter whose reply was lost (the connection cut after COMMIT) can ask whether it happened.
ACTION_IDS: tuple[Change, ...] = (
    AddColumn("ticket_event", Column("action_id", _TEXT, null=True)),
    Index("ticket_event_action", "ticket_event", ("action_id",)),
)

#: What the bucket triggers run for the ticket written (``NEW``), on both engines.
_PUT_BUCKET = (
    "INSERT INTO queue_bucket (day, business_type, priority) "
    "VALUES (NEW.day, NEW.business_type, NEW.priority) ON CONFLICT DO NOTHING"
)

#: The buckets of a day: every (day, business type, priority) in which a ticket waited in the
#: general queue (lane 0) since the day began. A trigger on ``ticket`` keeps it, whatever writes
#: the ticket (issue, transfer, recycle, an upgrade); a row is never removed while its day lives
#: (pruning a day removes them), so it holds every bucket that can have a head. A call seeks
#: the heads of these buckets only, about 9 in a day where tickets keep their type's weight,
#: instead of every (type, level) the counter serves (24 for 8 types). Upgrading fills it from
#: the tickets waiting then. On PostgreSQL every role that may write tickets may read and add
#: buckets (the trigger runs with the rights of whoever writes the ticket).
BUCKETS: tuple[Change, ...] = (
    Table(
        "queue_bucket",
        (Column("day", _TEXT), Column("business_type", _TEXT), Column("priority", _INT)),
        primary_key=("day", "business_type", "priority"),
    ),
    EngineSql(
        sqlite=(
            "CREATE TRIGGER ticket_bucket_insert AFTER INSERT ON ticket "
            "WHEN NEW.state = 'waiting' AND NEW.lane = 0 BEGIN "
            f"{_PUT_BUCKET}; END",
            "CREATE TRIGGER ticket_bucket_update "
            "AFTER UPDATE OF day, business_type, priority, state, lane ON ticket "
            "WHEN NEW.state = 'waiting' AND NEW.lane = 0 BEGIN "
            f"{_PUT_BUCKET}; END",
        ),
        postgres=(
            "CREATE OR REPLACE FUNCTION counterdesk_bucket() RETURNS trigger AS $$ BEGIN "
            f"{_PUT_BUCKET}; RETURN NULL; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER ticket_bucket "
            "AFTER INSERT OR UPDATE OF day, business_type, priority, state, lane ON ticket "
            "FOR EACH ROW WHEN (NEW.state = 'waiting' AND NEW.lane = 0) "
            "EXECUTE FUNCTION counterdesk_bucket()",
            # The terminals' roles were granted the tables before this one existed.
            "DO $$ DECLARE r text; BEGIN FOR r IN SELECT DISTINCT grantee FROM "
            "information_schema.role_table_grants WHERE table_name = 'ticket' "
            "AND privilege_type = 'INSERT' AND grantee <> current_user LOOP EXECUTE "
            "'GRANT SELECT, INSERT ON queue_bucket TO ' || quote_ident(r); END LOOP; END $$",
        ),
    ),
    Backfill(
        "INSERT INTO queue_bucket (day, business_type, priority) "
        "SELECT DISTINCT day, business_type, priority FROM ticket "
        "WHERE state = 'waiting' AND lane = 0 ON CONFLICT DO NOTHING"
    ),
)

#: Every change, in the order it was made (append only).
HISTORY: tuple[tuple[Change, ...], ...] = (
    TICKETS,
    SERVES_AND_FIGURES,
    DAY_CLOSE,
    BUSINESS_DAYS,
    HEARTBEAT,
    ACTION_IDS,
    BUCKETS,
)

#: The SQLite schema versions: one per change, as shipped.
SQLITE_VERSIONS: dict[int, tuple[Change, ...]] = {
    1: TICKETS,
    2: SERVES_AND_FIGURES,
    3: DAY_CLOSE,
    4: BUSINESS_DAYS,
    5: HEARTBEAT,
    6: ACTION_IDS,
    7: BUCKETS,
}
#: The PostgreSQL schema versions (their own numbering): the queue came to PostgreSQL after the
#: second change, so its version 1 holds both (and the version table).
POSTGRES_VERSIONS: dict[int, tuple[Change, ...]] = {
    1: (QUEUE_META_TABLE, *TICKETS, *SERVES_AND_FIGURES),
    2: DAY_CLOSE,
    3: BUSINESS_DAYS,
    4: HEARTBEAT,
    5: ACTION_IDS,
    6: BUCKETS,
}


def _literal(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def _column(column: Column, dialect: Dialect, *, key: bool) -> str:
    if column.kind is Kind.SERIAL:
        return f"{column.name} {dialect.serial_key}"
    parts = [column.name, dialect.types[column.kind]]
    # A primary-key column is declared as SQLite shipped it: no NOT NULL of its own.
    if key:
        parts.append("PRIMARY KEY")
    elif not column.null:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append(f"DEFAULT {_literal(column.default)}")
    if column.references is not None:
        parts.append(f"REFERENCES {column.references}")
    return " ".join(parts)


def _create_table(table: Table, dialect: Dialect) -> str:
    single = table.primary_key[0] if len(table.primary_key) == 1 else None
    lines = [_column(c, dialect, key=c.name == single) for c in table.columns]
    if single is None:
        lines.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    lines += [f"UNIQUE ({', '.join(columns)})" for columns in table.unique]
    guard = "IF NOT EXISTS " if table.if_missing else ""
    return f"CREATE TABLE {guard}{table.name} ({', '.join(lines)})"


def ddl(changes: Iterable[Change], dialect: Dialect) -> tuple[str, ...]:
    """The statements that make ``changes`` on one engine, in order."""
    statements: list[str] = []
    for change in changes:
        if isinstance(change, Table):
            statements.append(_create_table(change, dialect))
        elif isinstance(change, Index):
            columns = ", ".join(change.columns)
            statements.append(f"CREATE INDEX {change.name} ON {change.table} ({columns})")
        elif isinstance(change, DropIndex):
            statements.append(f"DROP INDEX {change.name}")
        elif isinstance(change, Backfill):
            statements.append(change.sql)
        elif isinstance(change, EngineSql):
            statements += change.sqlite if dialect is SQLITE else change.postgres
        else:
            column = _column(change.column, dialect, key=False)
            statements.append(f"ALTER TABLE {change.table} ADD COLUMN {column}")
    return tuple(statements)


QUEUE_META = ddl([QUEUE_META_TABLE], SQLITE)[0]
#: The statements of each SQLite schema version.
SQLITE_SCHEMA: dict[int, tuple[str, ...]] = {
    version: ddl(changes, SQLITE) for version, changes in SQLITE_VERSIONS.items()
}
QUEUE_SCHEMA_VERSION = max(SQLITE_SCHEMA)
