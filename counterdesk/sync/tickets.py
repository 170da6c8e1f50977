"""The branch's tickets and ticket events of closed business days, pushed to head office.

Waiting times, no-shows and walk-aways live only in the queue, so the push also sends them, one
closed business day per HQ transaction (``day_close.closed_at`` set): with the SQLite queue the
one PC that holds it, with a PostgreSQL queue any terminal of the branch (several may push the
same day: a ticket is upserted by ``(branch_code, id)``, a higher ``version`` wins; an event is
inserted by ``(branch_code, ticket_id, seq)`` and a second copy does nothing). A day still open
is never sent, so a pushed ticket rarely changes again.

The journal notes, per queue, the last closed day pushed (its ``closed_at`` and day) and the
highest ticket event ``seq`` sent; the next push starts after it. A kill between the HQ commit
and the note re-sends that day, which changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from counterdesk.core.clock import Clock
from counterdesk.queue.postgres import PgAddress, application_name
from counterdesk.queue.sqlite import prune_days
from counterdesk.storage.db import open_sqlite
from counterdesk.storage.sync_outbox import SyncJournal

#: The queue's ticket columns HQ keeps (same names at HQ).
TICKET_COLUMNS = (
    "id", "day", "number", "prefix", "business_type", "priority", "state", "lane", "counter",
    "call_count", "issued_at", "queued_at", "called_at", "started_at", "ended_at", "version",
    "queue_seq",
)  # fmt: skip
#: The queue's ticket event columns HQ keeps.
EVENT_COLUMNS = (
    "seq", "ticket_id", "action", "from_state", "to_state", "counter", "at", "detail", "action_id",
)  # fmt: skip


@dataclass(frozen=True)
class QueueSource:
    """Where the branch's queue lives: a SQLite file, or a PostgreSQL URL.

    Attributes:
        sqlite_file: the SQLite queue (the journal itself, or ``sqlite:///…``).
        postgres_url: the PostgreSQL queue's URL (its own role and password, as the desk's).
    """

    sqlite_file: Path | None = None
    postgres_url: str = ""

    @property
    def key(self) -> str:
        """Names the queue in the journal's note (no password)."""
        if self.sqlite_file is not None:
            return f"sqlite:{self.sqlite_file.resolve()}"
        return PgAddress.parse(self.postgres_url).safe()

    @contextmanager
    def reader(self) -> Iterator[_Reader]:
        """A read-only connection to the queue."""
        if self.sqlite_file is not None:
            conn = sqlite3.connect(f"file:{self.sqlite_file}?mode=ro", uri=True, timeout=10)
            try:
                yield _Reader(conn, sqlite=True)
            finally:
                conn.close()
            return
        import psycopg2

        address = PgAddress.parse(self.postgres_url)
        kwargs: dict[str, Any] = {
            "dbname": address.dbname,
            "user": address.user,
            "host": address.host,
            "port": address.port,
            "connect_timeout": 5,
            "application_name": application_name("sync-tickets"),
        }
        if address.password:
            kwargs["password"] = address.password
        pg = psycopg2.connect(**kwargs)
        pg.set_session(readonly=True, autocommit=True)
        try:
            yield _Reader(pg, sqlite=False)
        finally:
            pg.close()


class _Reader:
    def __init__(self, conn: Any, *, sqlite: bool) -> None:
        self._conn = conn
        self._sqlite = sqlite

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self._sqlite:
            return list(self._conn.execute(sql.replace("%s", "?"), tuple(params)).fetchall())
        with self._conn.cursor() as cur:
            cur.execute(sql, tuple(params))
            return list(cur.fetchall())

    def has_day_close(self) -> bool:
        if self._sqlite:
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'day_close'"
        else:
            sql = "SELECT 1 WHERE to_regclass('day_close') IS NOT NULL"
        return bool(self.rows(sql))


@dataclass(frozen=True)
class TicketPush:
    """What the ticket push sent: closed days, their tickets and events."""

    days: int = 0
    tickets: int = 0
    events: int = 0


def pushed_note_key(queue: QueueSource) -> str:
    """The journal's note of the last closed day of this queue sent to head office.

    Its value is JSON: ``[closed_at, day, last ticket event seq sent]``.
    """
    return f"tickets_pushed:{queue.key}"


def _text(value: Any) -> Any:
    # A PostgreSQL queue may hand back dates and jsonb; HQ takes their text like SQLite's.
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def push_closed_days(
    hq: Any, journal: SyncJournal, queue: QueueSource, branch_code: str, terminal_id: str
) -> TicketPush:
    """Send every closed business day not sent yet, one HQ transaction per day.

    Args:
        hq: an open HQ connection as the branch's role (not autocommit).
        journal: where the per-queue note is kept.
        queue: the branch's queue.
        branch_code: the branch.
        terminal_id: the terminal sending (the rows name it).
    """
    from psycopg2.extras import execute_values

    mark = journal.sync_note(pushed_note_key(queue))
    mark_at, mark_day = ("", "") if mark is None else tuple(json.loads(mark)[:2])
    days = tickets = events = 0
    with queue.reader() as reader:
        if not reader.has_day_close():
            return TicketPush()
        closed = reader.rows(
            "SELECT day, closed_at FROM day_close WHERE closed_at IS NOT NULL "
            "AND (closed_at > %s OR (closed_at = %s AND day > %s)) ORDER BY closed_at, day",
            (mark_at, mark_at, mark_day),
        )
        for day, closed_at in closed:
            ticket_rows = reader.rows(
                f"SELECT {', '.join(TICKET_COLUMNS)} FROM ticket WHERE day = %s ORDER BY id",
                (day,),
            )
            event_rows = reader.rows(
                f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM ticket_event e "
                "JOIN ticket t ON t.id = e.ticket_id WHERE t.day = %s ORDER BY e.seq",
                (day,),
            )
            with hq, hq.cursor() as cur:
                if ticket_rows:
                    updates = ", ".join(
                        f"{c} = excluded.{c}" for c in (*TICKET_COLUMNS[1:], "terminal_id")
                    )
                    execute_values(
                        cur,
                        f"INSERT INTO hq.ticket AS stored ({', '.join(TICKET_COLUMNS)}, "
                        f"branch_code, terminal_id) VALUES %s ON CONFLICT (branch_code, id) "
                        f"DO UPDATE SET {updates}, synced_at = now() "
                        "WHERE stored.version < excluded.version",
                        [(*map(_text, row), branch_code, terminal_id) for row in ticket_rows],
                        page_size=1000,
                    )
                if event_rows:
                    execute_values(
                        cur,
                        f"INSERT INTO hq.ticket_event ({', '.join(EVENT_COLUMNS)}, branch_code, "
                        "terminal_id) VALUES %s ON CONFLICT DO NOTHING",
                        [(*map(_text, row), branch_code, terminal_id) for row in event_rows],
                        page_size=1000,
                    )
            last_seq = max((int(row[0]) for row in event_rows), default=0)
            journal.set_sync_note(
                pushed_note_key(queue), json.dumps([str(closed_at), str(day), last_seq])
            )
            days += 1
            tickets += len(ticket_rows)
            events += len(event_rows)
    return TicketPush(days, tickets, events)


def prune_pushed_days(
    journal: SyncJournal, queue: QueueSource, keep_days: int, clock: Clock
) -> int:
    """Delete the SQLite queue's closed days head office holds and older than ``keep_days``.

    Only days the ticket push already sent (the journal's note of the queue) go, with their
    tickets, ticket events and numbering (:func:`counterdesk.queue.sqlite.prune_days`); an open
    day and the current one stay. A PostgreSQL queue is left alone: it is the branch's, shared
    by its terminals, and none of them owns its retention.

    Returns:
        How many days were pruned (0 for a PostgreSQL queue or before the first ticket push).
    """
    if keep_days < 0:
        raise ValueError(f"keep_days is never negative, got {keep_days}")
    if queue.sqlite_file is None or not queue.sqlite_file.exists():
        return 0
    mark = journal.sync_note(pushed_note_key(queue))
    if mark is None:
        return 0
    pushed_at, pushed_day = (str(part) for part in json.loads(mark)[:2])
    # The machine's date, like the business day of a queue without a configured zone; the
    # closed-and-pushed test already keeps the queue's current day.
    before = clock.now().astimezone().date() - timedelta(days=keep_days)
    db = open_sqlite(queue.sqlite_file)
    try:
        with db.connection_context():
            present = db.execute_sql(  # type: ignore[no-untyped-call]
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'day_close'"
            ).fetchone()
            if present is None:
                return 0
            return prune_days(db, before, (pushed_at, pushed_day))
    finally:
        db.close()
