"""The ticket queue on PostgreSQL, for a branch whose counters run on many PCs.

A counter calling next locks the head of each queue bucket it may call with
``FOR UPDATE SKIP LOCKED`` in one statement, so counters calling at the same moment take
different tickets instead of waiting for each other; the chosen ticket is then changed with
the same compare-and-set as on SQLite. Triggers send ``NOTIFY counterdesk_queue`` on every
change, so windows can update at once without polling.

Terminals connect with a role that may operate the queue but not change its schema;
:func:`init_schema` (``counterdesk queue init URL``) is run once, by an administrator.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import peewee

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock, IdFactory, business_day, new_id
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, QueueEmptyError
from counterdesk.core.policy import CallDecision, CallingPolicy
from counterdesk.core.tickets import Action, Ticket
from counterdesk.queue.base import QueueOfflineError, QueueOutcomeUnknown
from counterdesk.queue.schema import POSTGRES, POSTGRES_VERSIONS, ddl, newer_schema
from counterdesk.queue.sql import (
    CAS,
    COLUMNS,
    EVENT_COLUMNS,
    PUT_STREAK,
    T_COLUMNS,
    Head,
    SqlQueue,
    ticket_from_row,
)
from counterdesk.storage.sql import execute

log = logging.getLogger(__name__)

CHANNEL = "counterdesk_queue"
#: Tell listening windows that the queue changed (PostgreSQL only: SQLite has no NOTIFY).
_NOTIFY = (
    f"""CREATE OR REPLACE FUNCTION counterdesk_notify() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END
        $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ticket_event_notify AFTER INSERT ON ticket_event
        FOR EACH STATEMENT EXECUTE FUNCTION counterdesk_notify()""",
    """CREATE TRIGGER counter_state_notify AFTER INSERT OR UPDATE ON counter_state
        FOR EACH STATEMENT EXECUTE FUNCTION counterdesk_notify()""",
)
#: The schema of the queue on PostgreSQL, by version (its own numbering, not SQLite's): the
#: tables as :mod:`counterdesk.queue.schema` declares them, and the notify triggers.
PG_SCHEMA: dict[int, tuple[str, ...]] = {
    version: ddl(changes, POSTGRES) + (_NOTIFY if version == 1 else ())
    for version, changes in POSTGRES_VERSIONS.items()
}
PG_SCHEMA_VERSION = max(PG_SCHEMA)
#: How often a counter that found every head locked by others looks again.
_EMPTY_RETRIES = 5
_TABLES = ("queue_meta", "daily_counter", "ticket", "ticket_event", "counter_state")
#: Serialises two administrators running ``queue init`` at once.
_INIT_LOCK = 0x636B6471  # "ckdq"


#: The event of a compare-and-set named ``changed`` (:data:`~counterdesk.queue.sql.CAS` with
#: ``RETURNING id``): written only when the update changed the ticket; its ``seq`` comes back.
_EVENT_OF_CHANGED = (
    f"INSERT INTO ticket_event ({EVENT_COLUMNS}) "
    "SELECT changed.id, ?::text, ?::text, ?::text, ?::int, ?::text, ?::text, ?::text "
    "FROM changed RETURNING seq"
)

#: A compare-and-set and its event row in one statement.
_CAS_AND_EVENT = f"WITH changed AS ({CAS} RETURNING id) {_EVENT_OF_CHANGED}"

#: What a call's write fails with when its compare-and-set changed nothing.
_TICKET_CHANGED = "counterdesk: the ticket changed"
#: The end of a call's write: the call goes with the transaction's COMMIT in one round trip
#: (:meth:`QueueDatabase.execute_and_commit`), whose result is COMMIT's, so a compare-and-set
#: that changed nothing has to fail the statement itself, which keeps the COMMIT from running:
#: the cast of :data:`_TICKET_CHANGED` to an integer fails at run time (``22P02``).
_OR_FAIL = (
    f"SELECT CAST(CASE WHEN count(*) = 1 THEN '1' ELSE '{_TICKET_CHANGED}' END AS int) FROM event"
)


def _prepare(name: str, sql: str) -> str:
    """The text that prepares ``sql`` as ``name``, its ``?`` numbered ``$1``, ``$2`` and on."""
    parts = sql.split("?")
    numbered = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))
    return f"PREPARE {name} AS {numbered}"


#: A call's compare-and-set and event, prepared like its reads; it fails if the ticket changed.
_CALL_WRITE_NAME = "counterdesk_call_write"
_CALL_WRITE = _prepare(
    _CALL_WRITE_NAME,
    f"WITH changed AS ({CAS} RETURNING id), event AS ({_EVENT_OF_CHANGED}) {_OR_FAIL}",
)
#: The same after writing the calling counter's new priority streak
#: (:data:`~counterdesk.queue.sql.PUT_STREAK`).
_CALL_STREAK_WRITE_NAME = "counterdesk_call_streak_write"
_CALL_STREAK_WRITE = _prepare(
    _CALL_STREAK_WRITE_NAME,
    f"WITH streak AS ({PUT_STREAK} RETURNING counter), changed AS ({CAS} RETURNING id), "
    f"event AS ({_EVENT_OF_CHANGED}) {_OR_FAIL}",
)


#: What a call decides on, in one statement prepared once per connection
#: (:meth:`PostgresQueue._call_reads`): the counter's mode and priority streak, the business
#: day, and that day's heads, each row ``mode, streak, day, <ticket columns>`` (one row with
#: NULL ticket columns when no head is free). Parameters: the counter, today's and yesterday's
#: dates, the types the counter serves.
#:
#: * The day is :meth:`SqlQueue._current_day`'s: the latest open day that is still current
#:   (its own date or later, or kept open for the night and dated yesterday), else today.
#: * The heads: the own lane's oldest ticket (tickets transferred to the counter), then for
#:   each (type, priority) bucket of the day (``queue_bucket``: those in which a ticket waited
#:   today) of a type served its oldest ticket nobody else is dispatching right now. Each
#:   lookup matches the ``ticket_turns`` index prefix: one index seek however long the queue.
#: * Prepared, it is planned once for the connection instead of on every call (planning took
#:   longer than the execution). ``lane > 0`` is implied by ``lane = $1`` but tells the
#:   planner, without knowing the counter, that few tickets are in a counter's own lane (the
#:   statistics know that almost all are in lane 0), so the one plan it keeps seeks the index
#:   there as well instead of reading the table.
_CALL_NAME = "counterdesk_call_reads"
_CALL_READS = (
    f"PREPARE {_CALL_NAME} (int, text, text, text[]) AS "
    "WITH d AS (SELECT COALESCE(max(day), $2) AS day FROM day_close "
    "WHERE opened_at IS NOT NULL AND closed_at IS NULL "
    "AND (day >= $2 OR (kept_open <> 0 AND day >= $3))), "
    "h AS (SELECT own.* FROM d CROSS JOIN LATERAL (SELECT {columns} FROM ticket t "
    "WHERE t.day = d.day AND t.state = 'waiting' AND t.lane = $1 AND t.lane > 0 "
    "ORDER BY t.queue_seq LIMIT 1 FOR UPDATE SKIP LOCKED) own UNION ALL "
    "SELECT x.* FROM d JOIN queue_bucket b ON b.day = d.day AND b.business_type = ANY ($4) "
    "CROSS JOIN LATERAL (SELECT {columns} FROM ticket t "
    "WHERE t.day = d.day AND t.state = 'waiting' AND t.lane = 0 "
    "AND t.business_type = b.business_type AND t.priority = b.priority "
    "ORDER BY t.queue_seq LIMIT 1 FOR UPDATE SKIP LOCKED) x) "
    "SELECT s.mode, s.priority_streak, d.day, h.* FROM d "
    "LEFT JOIN counter_state s ON s.counter = $1 LEFT JOIN h ON true"
).format(columns=T_COLUMNS)

#: The server's error code for a prepared statement that does not exist.
_NOT_PREPARED = "26000"


class _Unprepared(Exception):
    """The call's statement was not prepared on the connection any more (nothing was done)."""


class PgListener:
    """A connection that LISTENs for queue changes; the caller watches its socket.

    Opening it is a network call (run it off the GUI thread); :meth:`drain` only reads what
    already arrived, so a GUI may call it when the socket is readable.
    """

    def __init__(self, address: PgAddress) -> None:
        self.address = address
        self._conn: Any = None

    def open(self) -> int:
        """Connect and LISTEN; return the socket to watch.

        Raises:
            QueueOfflineError: the server cannot be reached.
        """
        import psycopg2

        self.close()
        kwargs: dict[str, Any] = {
            "dbname": self.address.dbname, "user": self.address.user,
            "host": self.address.host, "port": self.address.port, "connect_timeout": 3,
            "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
            "keepalives_count": 2, "application_name": application_name("listen"),
        }  # fmt: skip
        if self.address.password:
            kwargs["password"] = self.address.password
        try:
            conn = psycopg2.connect(**kwargs)
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f"LISTEN {CHANNEL}")
        except psycopg2.Error as exc:
            raise QueueOfflineError(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "the queue server {server} cannot be reached; the action was not done",
                ),
                server=f"{self.address.host}:{self.address.port}",
            ) from exc
        self._conn = conn
        return int(conn.fileno())

    def drain(self) -> int:
        """Read the notifications that arrived; return how many.

        Raises:
            QueueOfflineError: the connection is gone.
        """
        import psycopg2

        if self._conn is None:
            raise QueueOfflineError(QT_TRANSLATE_NOOP("domain", "not listening to the queue"))
        try:
            self._conn.poll()
        except psycopg2.Error as exc:
            self.close()
            raise QueueOfflineError(
                QT_TRANSLATE_NOOP("domain", "lost the connection to the queue server")
            ) from exc
        count = len(self._conn.notifies)
        self._conn.notifies.clear()
        return count

    def close(self) -> None:
        """Stop listening."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None


@dataclass(frozen=True)
class PgAddress:
    """Where the queue server is, from ``postgresql://ROLE[:PASSWORD]@HOST[:PORT]/DB``.

    The password may also come from ``COUNTERDESK_QUEUE_PASSWORD`` or libpq's own
    ``PGPASSWORD``/``~/.pgpass``; it is never part of :meth:`safe`, which is what logs show.
    """

    user: str
    host: str
    port: int
    dbname: str
    password: str | None

    @classmethod
    def parse(cls, url: str) -> PgAddress:
        """Read a queue URL.

        Raises:
            ValueError: not a postgresql:// URL with a database name.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres"):
            raise ValueError(f"{cls.redact(url)}: not a postgresql:// URL")
        dbname = parts.path.lstrip("/")
        if not dbname:
            raise ValueError(f"{cls.redact(url)}: the URL names no database")
        password = unquote(parts.password) if parts.password else None
        return cls(
            user=unquote(parts.username or "") or os.environ.get("PGUSER", "counterdesk"),
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            dbname=dbname,
            password=password or os.environ.get("COUNTERDESK_QUEUE_PASSWORD"),
        )

    @staticmethod
    def redact(url: str) -> str:
        """The URL without its password."""
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()

    def safe(self) -> str:
        """The address as logs and messages show it."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"


def application_name(role: str) -> str:
    """How a connection of this process names itself in ``pg_stat_activity``.

    ``counterdesk/<role>/<pid>``: staff see which terminal process (and which part of it) holds
    a connection, and a clean shutdown can be checked to leave none behind.
    """
    return f"counterdesk/{role}/{os.getpid()}"


class _Savepoint(peewee._savepoint):
    """peewee's savepoint, counted: peewee keeps no count of the savepoints open."""

    def __enter__(self) -> Any:
        state = self.db._local()
        state.savepoints = getattr(state, "savepoints", 0) + 1
        try:
            return super().__enter__()
        except BaseException:
            state.savepoints -= 1
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> Any:
        try:
            return super().__exit__(exc_type, exc, traceback)
        finally:
            self.db._local().savepoints -= 1


class QueueDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgreSQL database, with a transaction's BEGIN and COMMIT sent with its statements.

    peewee runs in autocommit and sends BEGIN and COMMIT as statements of their own: round
    trips to the server that carry nothing else, on every queue change. Here :meth:`begin` only
    notes it, and the transaction's first statement goes as ``BEGIN; <statement>``: psycopg2
    sends that text as one query, the server runs both and keeps the transaction open after it,
    and the cursor holds the statement's result. A statement that fails there leaves the
    transaction aborted, as it would after a separate BEGIN, and peewee rolls it back. A
    transaction in which no statement ran commits or rolls back without a round trip.

    Likewise :meth:`execute_and_commit` sends a transaction's last statement as
    ``<statement>; COMMIT``; the server skips the COMMIT when the statement fails, and peewee
    then rolls back as usual. Whether such a COMMIT is in doubt (the connection was lost before
    the server answered) tells :meth:`commit_in_doubt`.
    """

    def begin(self, isolation_level: Any = None) -> None:  # noqa: D102
        state = self._local()
        state.commit_sent = state.in_doubt = False
        if isolation_level is not None or getattr(self, "_isolation_level", None):
            super().begin(isolation_level)
            return
        if self.is_closed():  # connect now: connecting resets the transactions peewee tracks
            self.connect()
        self._local().begin_pending = True

    def execute_sql(self, sql: str, params: Any = None) -> Any:  # noqa: D102
        state = self._local()
        if getattr(state, "commit_sent", False) and state.transactions:
            raise RuntimeError("a statement after its transaction's COMMIT was sent")
        if getattr(state, "begin_pending", False):
            state.begin_pending = False
            if state.transactions:  # the transaction that asked for it (never a stray flag)
                sql = "BEGIN; " + sql
        return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]

    def execute_and_commit(self, sql: str, params: Any = None) -> None:
        """Run the last statement of the outermost transaction and commit, in one round trip.

        Its result is not kept (the cursor holds COMMIT's): a statement that must not commit
        has to fail. Inside a savepoint (an ``atomic`` block in another) the statement runs
        alone and the outermost transaction commits later, or not.

        Raises:
            peewee.DatabaseError: as for any statement; nothing was committed when the server
                answered with the error, and :meth:`commit_in_doubt` says whether it did.
        """
        state = self._local()
        savepoints: int = getattr(state, "savepoints", 0)
        if len(state.transactions) != 1 or savepoints:
            self.execute_sql(sql, params)
            return
        state.in_doubt = True
        try:
            self.execute_sql(f"{sql}; COMMIT", params)
        except peewee.DatabaseError as exc:
            if getattr(exc.__context__, "pgcode", None) is not None:
                state.in_doubt = False  # the server answered: it skipped the COMMIT
            raise
        state.in_doubt = False
        state.commit_sent = True

    def savepoint(self, sid: str | None = None) -> _Savepoint:  # noqa: D102
        return _Savepoint(self, sid)

    def commit_in_doubt(self) -> bool:
        """Whether the last :meth:`execute_and_commit` failed before the server answered."""
        state = self._local()
        doubt = bool(getattr(state, "in_doubt", False))
        state.in_doubt = False
        return doubt

    def commit(self) -> None:  # noqa: D102
        if not self._ended_already():
            super().commit()

    def rollback(self) -> None:  # noqa: D102
        # After execute_and_commit there is nothing left to undo: only an exception raised
        # after the transaction's last statement brings peewee here, and the change stands.
        if not self._ended_already():
            super().rollback()

    def close(self) -> bool:  # noqa: D102
        state = self._local()
        state.begin_pending = state.commit_sent = False
        closed: bool = super().close()
        return closed

    def _local(self) -> Any:
        """The calling thread's connection state (peewee's ``_state``)."""
        return self._state  # type: ignore[attr-defined]

    def _ended_already(self) -> bool:
        """Whether the transaction has nothing left to end on the server.

        Its BEGIN was never sent (no statement ran), or its COMMIT went with its last statement.
        """
        state = self._local()
        ended = getattr(state, "begin_pending", False) or getattr(state, "commit_sent", False)
        state.begin_pending = state.commit_sent = False
        return bool(ended)


def connect(
    address: PgAddress, *, statement_timeout_ms: int = 5000, role: str = "queue"
) -> QueueDatabase:
    """A peewee database for the queue server that never hangs a caller for long (not connected).

    A dead server or a pulled cable is noticed within seconds: a connect timeout, TCP
    keepalives, and statement and lock timeouts on every session. ``role`` names the
    connection's part of the program (see :func:`application_name`).

    The statements a session prepares (a call's) are planned once, on their first run
    (``plan_cache_mode``): by default PostgreSQL plans a prepared statement afresh on each of
    its first five runs before it keeps one plan, which made a station's first six calls
    2–8 ms instead of about 1 ms. The call's statements are written for that one plan (see
    :data:`_CALL_READS`); statements sent with their values are not prepared, so not affected.
    """
    kwargs: dict[str, Any] = {
        "user": address.user,
        "host": address.host,
        "port": address.port,
        "connect_timeout": 3,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 2,
        "application_name": application_name(role),
        "options": (
            f"-c statement_timeout={statement_timeout_ms} -c lock_timeout=3000 "
            "-c plan_cache_mode=force_generic_plan"
        ),
    }
    if address.password:
        kwargs["password"] = address.password
    return QueueDatabase(address.dbname, **kwargs)


def schema_version(run: Callable[[str], Any]) -> int:
    """The queue schema version on the server (0: no counterdesk queue there yet).

    Args:
        run: executes one statement and returns its cursor (an admin connection's, or a
            queue's own, which turns a lost connection into QueueOfflineError).
    """
    if not run("SELECT to_regclass('queue_meta') IS NOT NULL").fetchone()[0]:
        return 0
    row = run("SELECT version FROM queue_meta WHERE component = 'queue'").fetchone()
    return int(row[0]) if row else 0


def init_schema(url: str) -> tuple[int, int]:
    """Create or upgrade the queue schema (idempotent); return (from, to) versions.

    Run with a role that owns the schema; terminals then use a role with :func:`grants`.

    Raises:
        DomainError: the server holds a newer schema than this program knows.
    """
    db = connect(PgAddress.parse(url), statement_timeout_ms=60_000, role="admin")
    try:
        with db.atomic():
            execute(db, "SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            have = schema_version(lambda sql: execute(db, sql))
            if have > PG_SCHEMA_VERSION:
                raise newer_schema(have, PG_SCHEMA_VERSION)
            for version in range(have + 1, PG_SCHEMA_VERSION + 1):
                for statement in PG_SCHEMA[version]:
                    execute(db, statement)
            execute(
                db,
                "INSERT INTO queue_meta (component, version) VALUES ('queue', %s) "
                "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                (PG_SCHEMA_VERSION,),
            )
        return have, PG_SCHEMA_VERSION
    finally:
        db.close()


def check_role_name(role: str) -> str:
    """A role name that is safe to write into SQL unquoted, or ValueError.

    Only a plain identifier (ASCII letter or ``_`` first, then letters, digits or ``_``, at
    most 63 characters as PostgreSQL keeps): the name is pasted into GRANT statements, so
    anything else could be SQL of its own.

    Raises:
        ValueError: naming the role and what a plain role name is.
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", role):
        raise ValueError(
            f"{role!r} is not a plain role name (letters, digits and _, not starting with a "
            "digit, at most 63 characters)"
        )
    return role


def grants(role: str) -> str:
    """The SQL that lets a terminal's role operate the queue but not change its schema.

    Raises:
        ValueError: not a plain role name (:func:`check_role_name`).
    """
    check_role_name(role)
    return "\n".join(
        [
            f"GRANT USAGE ON SCHEMA public TO {role};",
            f"GRANT SELECT ON queue_meta TO {role};",
            f"GRANT SELECT, INSERT, UPDATE ON daily_counter, ticket, ticket_event, "
            f"counter_state TO {role};",
            f"GRANT SELECT, INSERT, UPDATE ON day_close TO {role};",
            f"GRANT SELECT, INSERT, UPDATE ON counter_heartbeat TO {role};",
            # Only added to (by the trigger of whoever writes a ticket) and read by calls.
            f"GRANT SELECT, INSERT ON queue_bucket TO {role};",
            f"GRANT USAGE ON SEQUENCE ticket_event_seq_seq TO {role};",
        ]
    )


class PostgresQueue(SqlQueue):
    """The queue on the branch's PostgreSQL server.

    Args:
        url: ``postgresql://ROLE@HOST[:PORT]/DB``.
        catalogue: the branch's business types.
        clock: the time source.
        ids: makes ticket ids.
        local_zone: the branch's time zone for the business day; the machine's when None.
        role: the part of the program using it, shown in ``pg_stat_activity``.

    Building it does not connect: :meth:`open` (the start-up step, on the worker) connects and
    checks the schema, or the first statement does.
    """

    db: QueueDatabase
    param = "%s"
    lock_rows = " FOR UPDATE"
    share_rows = " FOR SHARE"
    # A transfer holds the target counter's row, so the counter cannot close meanwhile.
    counter_lock = " FOR SHARE OF s"

    def __init__(
        self,
        url: str,
        catalogue: Catalogue,
        clock: Clock,
        *,
        ids: IdFactory = new_id,
        local_zone: tzinfo | None = None,
        role: str = "queue",
    ) -> None:
        self.address = PgAddress.parse(url)
        db = connect(self.address, role=role)
        super().__init__(db, catalogue, clock, ids=ids, local_zone=local_zone)
        self._schema_checked = False
        #: The statements prepared on each connection (by name), and the connections whose
        #: prepared statements were lost behind our back (cleared before the next prepare).
        self._prepared: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
        self._lost: weakref.WeakSet[Any] = weakref.WeakSet()

    def open(self) -> None:
        """Connect and check the schema (a network call: run it on the worker).

        A server that is down at start-up is not fatal: the station shows the queue offline,
        and the schema is checked on the first statement that reaches the server.

        Raises:
            QueueOfflineError: the server cannot be reached.
            DomainError: the server has no counterdesk queue, or an older or newer one.
        """
        if not self._schema_checked:
            self._check_schema()

    def _check_schema(self) -> None:
        self._schema_checked = True  # before the query: _sql must not recurse into here
        try:
            have = schema_version(self._sql)
        except QueueOfflineError:
            self._schema_checked = False
            raise
        if have != PG_SCHEMA_VERSION:
            self._schema_checked = False
            self.db.close()
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "the queue at {server} has schema {have}, this program needs {need}; "
                    "run: counterdesk queue init URL",
                ),
                server=self.address.safe(),
                have=have,
                need=PG_SCHEMA_VERSION,
            )

    @contextlib.contextmanager
    def _write(self, action_id: str | None = None) -> Iterator[None]:
        # A connection lost while a statement of the transaction runs leaves nothing behind:
        # the server rolls back what was not committed. Lost while COMMIT is on its way (or
        # its reply is), alone or with the transaction's last statement (a call's write), the
        # change may be there or not: only the action id can tell.
        committing = False
        try:
            with self.db.atomic():
                yield
                committing = True
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if self.db.commit_in_doubt() or committing:
                raise self._outcome_unknown(exc, action_id) from exc
            raise self._offline(exc) from exc
        except QueueOfflineError as exc:
            if self.db.commit_in_doubt() or committing:
                raise self._outcome_unknown(exc, action_id) from exc
            raise

    def _sql(self, sql: str, params: Iterable[Any] = (), *, commit: bool = False) -> Any:
        """Run a statement; with ``commit``, the transaction's last, with its COMMIT (no result)."""
        if not self._schema_checked:
            self._check_schema()
        try:
            if commit:
                return self.db.execute_and_commit(self._text(sql), tuple(params))
            return super()._sql(sql, params)
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if getattr(exc.__context__, "pgcode", None) == _NOT_PREPARED:  # the driver's error
                raise _Unprepared from exc  # the server answers: it is not offline
            raise self._offline(exc) from exc

    def _offline(self, exc: Exception) -> QueueOfflineError:
        """Forget the broken connection (the next statement reconnects) and say so clearly."""
        log.warning("queue server %s unreachable: %s", self.address.safe(), exc)
        with contextlib.suppress(Exception):
            self.db.close()
        return QueueOfflineError(
            QT_TRANSLATE_NOOP(
                "domain",
                "the queue server {server} cannot be reached; the action was not done",
            ),
            server=f"{self.address.host}:{self.address.port}",
        )

    def _outcome_unknown(self, exc: Exception, action_id: str | None) -> QueueOutcomeUnknown:
        """Forget the broken connection; the change may have been committed."""
        log.warning(
            "queue server %s lost during commit of action %s: %s",
            self.address.safe(), action_id, exc,
        )  # fmt: skip
        with contextlib.suppress(Exception):
            self.db.close()
        return QueueOutcomeUnknown(
            QT_TRANSLATE_NOOP(
                "domain",
                "the connection to the queue server {server} was lost while it saved the "
                "action; the desk checks what happened when the queue is back",
            ),
            server=f"{self.address.host}:{self.address.port}",
        )

    def _load_for_update(self, ticket_id: str) -> Ticket:
        row = self._sql(
            f"SELECT {COLUMNS} FROM ticket WHERE id = ? FOR UPDATE", (ticket_id,)
        ).fetchone()
        if row is None:
            return self._load(ticket_id)  # raises NotFoundError
        return ticket_from_row(row)

    def _call_reads(
        self, policy: CallingPolicy, now: datetime
    ) -> tuple[str | None, Any, list[Head]]:
        # The heads are read (and locked) also for a counter that is not open: its call is
        # refused and rolled back, which releases them.
        today = business_day(now, self._zone)
        params = (policy.counter, today.isoformat(), (today - timedelta(days=1)).isoformat())
        rows = self._prepared_sql(
            _CALL_NAME, _CALL_READS, (*params, list(policy.serves))
        ).fetchall()
        heads = [Head(row[3:]) for row in rows if row[3] is not None]
        return rows[0][0], rows[0][1], heads

    def _prepared_sql(
        self, name: str, prepare: str, params: Sequence[Any], *, commit: bool = False
    ) -> Any:
        """Run a statement of the call prepared on this connection (prepared on first use).

        A prepared statement lives as long as its connection and survives a rollback; it is
        planned once there instead of on every call. Only :meth:`call_next` runs these: when
        the session lost them (DEALLOCATE, a pooler handing out another session) the
        transaction is lost, and call_next, which alone may repeat it, prepares them again
        and tries once more.

        Args:
            name: the prepared statement's name.
            prepare: its ``PREPARE name … AS …`` text.
            params: its parameters.
            commit: it is the transaction's last statement: send the COMMIT with it (see
                :meth:`QueueDatabase.execute_and_commit`).
        """
        connection = self._connection()
        if connection in self._lost:
            self._sql("DEALLOCATE ALL")  # whatever is left: prepare all afresh
            self._lost.discard(connection)
            self._prepared.pop(connection, None)
        names = self._prepared.setdefault(connection, set())
        if name not in names:
            self._sql(prepare)
            names.add(name)
        try:
            return self._sql(
                f"EXECUTE {name} ({', '.join('?' * len(params))})", params, commit=commit
            )
        except _Unprepared:
            self._lost.add(connection)
            raise

    def _connection(self) -> Any:
        """The calling thread's connection, opened if need be."""
        if not self._schema_checked:
            self._check_schema()  # connects, or says clearly that the server is away
        try:
            return self.db.connection()  # type: ignore[no-untyped-call]
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            raise self._offline(exc) from exc

    def _change(
        self,
        old: Ticket,
        new: Ticket,
        action: Action,
        at: datetime,
        counter: int | None,
        detail: dict[str, Any] | str | None,
        action_id: str | None,
    ) -> int:
        # The compare-and-set and its event in one round trip: no row back, no change made.
        values = self._event_values(new, action, old.state, at, counter, detail, action_id)
        row = self._sql(_CAS_AND_EVENT, (*self._cas_values(old, new), *values[1:])).fetchone()
        if row is None:
            raise self._conflict(old)
        seq: int = row[0]
        return seq

    def _call(
        self,
        old: Ticket,
        new: Ticket,
        at: datetime,
        detail: str,
        action_id: str | None,
        streak: int | None,
    ) -> None:
        # The compare-and-set and the event, and the streak when it changed, in one prepared
        # statement sent with the COMMIT: the call's second and last round trip. A failed
        # compare-and-set fails the statement (it cannot, with the head locked since it was
        # read; checked all the same), so nothing is committed, and its ConflictError rolls
        # the transaction back.
        values = self._event_values(new, Action.CALL, old.state, at, new.counter, detail, action_id)
        if streak is None:
            name, prepare = _CALL_WRITE_NAME, _CALL_WRITE
            params: tuple[Any, ...] = (*self._cas_values(old, new), *values[1:])
        else:
            name, prepare = _CALL_STREAK_WRITE_NAME, _CALL_STREAK_WRITE
            params = (new.counter, streak, values[5], *self._cas_values(old, new), *values[1:])
        try:
            self._prepared_sql(name, prepare, params, commit=True)
        except peewee.DataError as exc:
            if _TICKET_CHANGED in str(exc):
                raise self._conflict(old) from exc
            raise

    def call_next(self, policy: CallingPolicy, *, action_id: str | None = None) -> CallDecision:
        """Dispatch the next ticket to the policy's counter.

        With ``SKIP LOCKED`` a counter may find every head locked by counters dispatching at
        the same instant; those only keep one ticket each, so when tickets still wait for this
        counter it tries again rather than reporting an empty queue.
        """
        prepared_again = False
        for attempt in range(_EMPTY_RETRIES):
            try:
                return super().call_next(policy, action_id=action_id)
            except _Unprepared:
                if prepared_again:
                    raise
                prepared_again = True
            except QueueEmptyError:
                if attempt == _EMPTY_RETRIES - 1 or not self._waiting_for(policy):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _waiting_for(self, policy: CallingPolicy) -> bool:
        day = self._current_day(self.clock.now())
        marks = ", ".join("?" * len(policy.serves))
        found = self._sql(
            "SELECT EXISTS (SELECT 1 FROM ticket WHERE day = ? AND state = 'waiting' AND "
            f"(lane = ? OR (lane = 0 AND business_type IN ({marks}))))",
            (day, policy.counter, *policy.serves),
        ).fetchone()[0]
        return bool(found)

    def change_token(self) -> int:
        """Changes whenever any ticket event or counter state is committed, by anyone."""
        seq, updated = self._sql(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM ticket_event), "
            "(SELECT COALESCE(MAX(updated_at), '') FROM counter_state)"
        ).fetchone()
        return (int(seq) * 1_000_003 + zlib.crc32(str(updated).encode())) & 0x7FFFFFFFFFFF
