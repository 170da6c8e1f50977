"""The ticket queue on SQLite: one file shared by the kiosk, the counters and the displays.

Every writer takes SQLite's write lock up front (``BEGIN IMMEDIATE``), so a DEFERRED
transaction never fails half-way with "database is locked", and two counters calling at the
same moment are served one after the other. Other processes notice a change through
``PRAGMA data_version``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

import peewee

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock, IdFactory, new_id
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.sql import COLUMNS, T_COLUMNS, Head, SqlQueue
from counterdesk.storage.db import open_sqlite
from counterdesk.storage.errors import CorruptDatabaseError, StorageError
from counterdesk.storage.maintenance import header_problems
from counterdesk.storage.sql import execute

#: The heads of a counter's call (parameters: the day, the counter, the day again, then the
#: types it serves: :func:`_heads_statement`). First the oldest ticket in the counter's own lane
#: (transferred to it); then, for each bucket of the day (``queue_bucket``: every (type,
#: priority) in which a ticket waited today) of a type served, its oldest ticket. Each is one
#: seek of the ``ticket_turns`` index (covering: its rowid) and one look-up by rowid.
_HEADS = (
    f"SELECT * FROM (SELECT {COLUMNS} FROM ticket "
    "WHERE day = ? AND state = 'waiting' AND lane = ? ORDER BY queue_seq LIMIT 1) "
    f"UNION ALL SELECT {T_COLUMNS} "
    "FROM queue_bucket b JOIN ticket t ON t.rowid = "
    "(SELECT rowid FROM ticket WHERE day = b.day AND state = 'waiting' AND lane = 0 "
    "AND business_type = b.business_type AND priority = b.priority "
    "ORDER BY queue_seq LIMIT 1) "
    "WHERE b.day = ? AND b.business_type IN ({types})"
)


def _heads_statement(types: int) -> str:
    """The heads statement (:data:`_HEADS`) of a counter serving ``types`` business types."""
    return _HEADS.format(types=", ".join("?" * types))


def ensure_schema(db: peewee.Database) -> int:
    """Create or upgrade the queue tables; return the schema version now in force.

    Raises:
        DomainError: the file holds a queue written by a newer counterdesk.
    """
    # The table declaration is read only here, when a queue is opened (on the worker), so
    # building its DDL costs nothing before the windows show.
    from counterdesk.queue.schema import (
        QUEUE_META,
        QUEUE_SCHEMA_VERSION,
        SQLITE_SCHEMA,
        newer_schema,
    )

    with db.atomic("IMMEDIATE"):
        execute(db, QUEUE_META)
        row = execute(db, "SELECT version FROM queue_meta WHERE component = 'queue'").fetchone()
        have = row[0] if row else 0
        if have > QUEUE_SCHEMA_VERSION:
            raise newer_schema(have, QUEUE_SCHEMA_VERSION)
        for version in range(have + 1, QUEUE_SCHEMA_VERSION + 1):
            for statement in SQLITE_SCHEMA[version]:
                execute(db, statement)
        if have < QUEUE_SCHEMA_VERSION:
            execute(
                db,
                "INSERT INTO queue_meta (component, version) VALUES ('queue', ?) "
                "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                (QUEUE_SCHEMA_VERSION,),
            )
    return QUEUE_SCHEMA_VERSION


def prune_days(db: peewee.Database, before: date, pushed: tuple[str, str]) -> int:
    """Delete the business days of a SQLite queue that are over, sent and old enough.

    A day goes (its ticket events, tickets and numbering, one day per ``BEGIN IMMEDIATE``
    transaction, so a counter waits for one day at most) only when it is closed
    (``day_close.closed_at`` set), dated before ``before`` and already sent to head office:
    its ``(closed_at, day)`` is at or before ``pushed``, the last closed day the ticket push
    sent (the order the push sends them in). An open day (kept open or not yet closed) never
    goes, nor the latest day (the current one, which late tickets may still join after its
    close), nor any day from ``before`` on; the ``day_close`` row stays, so a pruned day is never
    opened or sent again.

    Args:
        db: the queue's SQLite database.
        before: the first day kept (today minus ``keep_days``).
        pushed: ``(closed_at, day)`` of the last closed day sent to head office.

    Returns:
        How many days were pruned.
    """
    pushed_at, pushed_day = pushed
    found = execute(
        db,
        "SELECT d.day FROM day_close d WHERE d.closed_at IS NOT NULL AND d.day < ? "
        "AND d.day < (SELECT max(day) FROM day_close) "
        "AND (d.closed_at < ? OR (d.closed_at = ? AND d.day <= ?)) "
        "AND (EXISTS (SELECT 1 FROM ticket t WHERE t.day = d.day) "
        "OR EXISTS (SELECT 1 FROM daily_counter c WHERE c.day = d.day)) ORDER BY d.day",
        (before.isoformat(), pushed_at, pushed_at, pushed_day),
    ).fetchall()
    for (day,) in found:
        with db.atomic("IMMEDIATE"):
            execute(
                db,
                "DELETE FROM ticket_event WHERE ticket_id IN (SELECT id FROM ticket WHERE day = ?)",
                (day,),
            )
            execute(db, "DELETE FROM ticket WHERE day = ?", (day,))
            execute(db, "DELETE FROM daily_counter WHERE day = ?", (day,))
            execute(db, "DELETE FROM queue_bucket WHERE day = ?", (day,))
    return len(found)


class SqliteQueue(SqlQueue):
    """The queue in a SQLite file (by default the terminal's journal file).

    Args:
        path: the SQLite file; created if missing.
        catalogue: the branch's business types.
        clock: the time source.
        ids: makes ticket ids.
        local_zone: the branch's time zone for the business day; the machine's when None.

    Building it touches no file: :meth:`open` (the start-up step, on the worker) checks the
    file and creates or upgrades the tables, or the first statement does.
    """

    def __init__(
        self,
        path: Path,
        catalogue: Catalogue,
        clock: Clock,
        *,
        ids: IdFactory = new_id,
        local_zone: tzinfo | None = None,
    ) -> None:
        super().__init__(open_sqlite(path), catalogue, clock, ids=ids, local_zone=local_zone)
        self.path = path
        self._ready = False
        #: The heads statement by the number of types a counter serves.
        self._heads_sql: dict[int, str] = {}

    def open(self) -> None:
        """Check the file, then create or upgrade the queue tables (once per queue object).

        Raises:
            CorruptDatabaseError: the file is not a sound SQLite database.
            StorageError: its folder cannot be created (a file in the way).
            DomainError: the file holds a queue written by a newer counterdesk.
        """
        if self._ready:
            return
        problems = header_problems(self.path) if self.path.exists() else []
        if problems:
            raise CorruptDatabaseError(self.path, problems)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where the folder goes: one line, not a traceback
            reason = exc.strerror or str(exc)
            raise StorageError(f"queue {self.path}: cannot create its folder: {reason}") from exc
        ensure_schema(self.db)
        self._ready = True

    def _write(self, action_id: str | None = None) -> Any:
        # A local file: a commit either happens or raises, its outcome is never unknown.
        self.open()
        return self.db.atomic("IMMEDIATE")

    def _sql(self, sql: str, params: Iterable[Any] = ()) -> Any:
        if not self._ready:
            self.open()
        return super()._sql(sql, params)

    def _heads(self, day: str, policy: CallingPolicy) -> list[Head]:
        # One statement. Its text only depends on how many types the counter serves, so it is
        # built once per count.
        sql = self._heads_sql.get(len(policy.serves))
        if sql is None:
            sql = self._heads_sql[len(policy.serves)] = _heads_statement(len(policy.serves))
        params = (day, policy.counter, day, *policy.serves)
        return [Head(row) for row in self._sql(sql, params).fetchall()]

    def change_token(self) -> int:
        """``PRAGMA data_version``: changes when another connection commits to the file."""
        value: int = self._sql("PRAGMA data_version").fetchone()[0]
        return value
