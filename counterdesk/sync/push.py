"""The push: the journal's outbox goes to head office after HQ's watermark, exactly once.

One push (:func:`push`), run under the journal's sync lock (:func:`sync_lock`):

1. connect to ``[hq] url`` as the branch's own login role (``cd_branch_<code>``, password from
   :func:`counterdesk.sync.hq.hq_password`, never logged), check HQ's schema version;
2. register the terminal (``hq.terminal``) once, read HQ's watermark row for it and let
   :meth:`SyncJournal.check_hq_watermark` refuse a cloned or restored journal before anything is
   sent;
3. loop: read a batch of outbox events after HQ's watermark, keep the latest event of each row,
   upsert the rows by uuid (``ON CONFLICT … DO UPDATE … WHERE`` the stored ``updated_at`` is
   older: an older re-send changes nothing), mark deleted rows with ``deleted_at`` (branch
   roles may not delete), and move the watermark **in the same HQ transaction**; after the
   commit, :meth:`SyncJournal.confirm` notes it locally.

A kill, crash or cut connection at any instant leaves HQ at the last committed batch and its
watermark with it; the next run starts from there: nothing lost, nothing doubled. The journal is
only read, apart from :meth:`SyncJournal.confirm` and the notes of the last sync.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.queue.postgres import PgAddress
from counterdesk.storage.sync_outbox import RawEvent, SyncJournal
from counterdesk.sync.hq import (
    KEYRING_SERVICE,
    PASSWORD_ENV,
    branch_connection,
    branch_role,
    hq_schema_version,
)
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION, PARTITIONED, SYNCED_TABLES
from counterdesk.sync.tickets import QueueSource, TicketPush, push_closed_days

log = logging.getLogger(__name__)

#: Outbox events per HQ transaction.
BATCH_EVENTS = 2000


class SyncError(DomainError):
    """A sync that could not run or stopped; nothing was lost (translated message)."""


class SyncBusy(SyncError):
    """Another sync of the same journal is running."""


class HqUnavailable(SyncError):
    """Head office's database cannot be reached or refused the branch's login."""


class HqSchemaMismatch(SyncError):
    """Head office's schema is older or newer than this program's."""


class HqPasswordMissing(SyncError):
    """Neither the environment nor the OS keyring holds the branch role's password."""


class HqStopped(SyncError):
    """Head office broke off or refused the sync after the login (what it committed stays)."""


def password_missing(role: str) -> HqPasswordMissing:
    """The refusal of a sync with no password for the branch's role: where to put it."""
    return HqPasswordMissing(
        QT_TRANSLATE_NOOP(
            "domain",
            "no password for head office's role {role}: set {env} or store it in the OS "
            "keyring (service {service}, user {role}); nothing was sent, the terminal keeps "
            "working",
        ),
        role=role,
        env=PASSWORD_ENV,
        service=KEYRING_SERVICE,
    )


def _reason(exc: Exception, password: str | None) -> str:
    """A driver's message on one line, without the password (libpq may echo connection data)."""
    reason = " ".join(str(exc).split())
    return reason.replace(password, "***") if password else reason


def hq_stopped(url: str, exc: Exception, password: str | None) -> HqStopped:
    """A driver error after the login as a translatable message saying what happened to the data.

    A broken connection (``OperationalError``, ``InterfaceError``: a cut cable, a server restart,
    ``pg_terminate_backend``) is worth retrying; any other error is head office refusing a
    statement, which a retry will not change.
    """
    import psycopg2

    address = PgAddress.parse(url).safe()
    reason = _reason(exc, password)
    if isinstance(exc, psycopg2.OperationalError | psycopg2.InterfaceError):
        return HqStopped(
            QT_TRANSLATE_NOOP(
                "domain",
                "the connection to head office ({address}) broke during the sync: {reason}; "
                "what head office confirmed stays, nothing is lost and the next sync resumes "
                "(check the network if it happens again)",
            ),
            address=address,
            reason=reason,
        )
    return HqStopped(
        QT_TRANSLATE_NOOP(
            "domain",
            "head office ({address}) refused the sync: {reason}; the refused batch was not "
            "written, nothing is lost — ask head office's IT to check this branch's role",
        ),
        address=address,
        reason=reason,
    )


@dataclass(frozen=True)
class HqTable:
    """An HQ table a push writes journal rows into.

    Attributes:
        name: the table (the journal's own name).
        columns: the journal columns sent, as the payload names them.
        conflict: the unique key an upsert meets (``uuid``, plus the partition column of a
            partitioned table: a row's creation time, which never changes).
        types: each column's PostgreSQL type, as the push reads it out of the payload's JSON
            (``jsonb`` columns as ``text``: the journal keeps them as JSON text).
    """

    name: str
    columns: tuple[str, ...]
    conflict: str = "uuid"
    types: tuple[str, ...] = ()


def _read_type(kind: str) -> str:
    base = kind.split()[0]
    return "text" if base == "jsonb" else ("double precision" if base == "double" else base)


def _hq_tables() -> dict[str, HqTable]:
    tables = {}
    for table in SYNCED_TABLES:
        # sop_snapshot (HQ version 1) is no longer in the journal (journal migration 5).
        kinds = [(name, _read_type(kind)) for name, kind in table.columns if name != "sop_snapshot"]
        if table.name == "service":
            kinds.append(("procedure_snapshot_id", "uuid"))
        column = PARTITIONED.get(table.name)
        conflict = "uuid" if column is None else f"uuid, {column}"
        tables[table.name] = HqTable(
            table.name, tuple(n for n, _ in kinds), conflict, tuple(k for _, k in kinds)
        )
    tables["procedure_snapshot"] = HqTable(
        "procedure_snapshot",
        ("uuid", "updated_at", "business_type", "version", "snapshot"),
        "branch_code, uuid",
        ("uuid", "timestamptz", "text", "integer", "text"),
    )
    return tables


#: The journal entities a push sends, by name.
HQ_TABLES = _hq_tables()


@dataclass(frozen=True)
class PushResult:
    """What a push did.

    Attributes:
        terminal_id: this terminal's id.
        branch_code: the branch it pushed for.
        events: outbox events sent (0: HQ had them all).
        rows: rows upserted or marked deleted (several events of one row in a batch: one).
        batches: HQ transactions committed.
        watermark: HQ's watermark (the last ``seq`` it holds) at the end.
        seconds: how long it took, connecting included.
        tickets: the closed business days' tickets and events sent.
    """

    terminal_id: str
    branch_code: str
    events: int
    rows: int
    batches: int
    watermark: int
    seconds: float
    tickets: TicketPush = field(default_factory=TicketPush)


Progress = Callable[[int, int], None]
"""Called after each batch with (events sent so far, events to send)."""


# -- one sync at a time ----------------------------------------------------------------------


def lock_path(journal: Path) -> Path:
    """The lock file beside a journal: ``<journal>.sync.lock``."""
    return journal.with_name(journal.name + ".sync.lock")


def _try_lock(handle: IO[bytes], wait: bool) -> bool:
    if sys.platform == "win32":
        import msvcrt

        mode = msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK
        try:
            msvcrt.locking(handle.fileno(), mode, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def sync_lock(journal: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the OS lock of a journal's sync; the OS releases it when the process dies.

    Raises:
        SyncBusy: another process (or this one) holds it and ``wait`` is False.
    """
    with open(lock_path(journal), "a+b") as handle:
        if not _try_lock(handle, wait):
            raise SyncBusy(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "a sync of the journal {path} is already running; nothing was done",
                ),
                path=str(journal),
            )
        # Released by closing the file (and by the OS if the process is killed).
        yield


# -- connecting ------------------------------------------------------------------------------


def connect_branch(
    url: str,
    branch_code: str,
    password: str | None,
    *,
    options: str = "-c statement_timeout=300000 -c lock_timeout=30000",
) -> Any:
    """A connection to HQ as the branch's login role (not autocommit).

    Raises:
        ValueError: not a postgresql:// URL with a database name.
        HqUnavailable: the server cannot be reached or refuses the login (no password in it).
    """
    import psycopg2

    address = PgAddress.parse(url)
    role = branch_role(branch_code)
    try:
        conn = branch_connection(url, branch_code, password, options=options)
    except psycopg2.Error as exc:
        reason = _reason(exc, password)
        if "password authentication failed" in reason:
            raise HqUnavailable(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "head office ({address}) refused the password of {role}: set the right one "
                    "in {env} or the OS keyring (service {service}, user {role}); nothing was "
                    "sent, the terminal keeps working",
                ),
                address=address.safe(),
                role=role,
                env=PASSWORD_ENV,
                service=KEYRING_SERVICE,
            ) from exc
        raise HqUnavailable(
            QT_TRANSLATE_NOOP(
                "domain",
                "head office ({address}) cannot be reached as {role}: {reason}; nothing was "
                "sent, the terminal keeps working and the next sync retries",
            ),
            address=address.safe(),
            role=role,
            reason=reason,
        ) from exc
    return conn


def check_schema(cursor: Any) -> None:
    """Refuse an HQ schema other than this program's.

    Raises:
        HqSchemaMismatch: older (run ``hq init``) or newer (upgrade this terminal).
    """
    have = hq_schema_version(cursor)
    if have != HQ_SCHEMA_VERSION:
        raise HqSchemaMismatch(
            QT_TRANSLATE_NOOP(
                "domain",
                "head office's database has schema {have}, this program needs {known} (older: "
                "run counterdesk hq init there; newer: upgrade this terminal); nothing was sent",
            ),
            have=have,
            known=HQ_SCHEMA_VERSION,
        )


# -- the push --------------------------------------------------------------------------------


def collapse(events: list[RawEvent]) -> dict[str, dict[str, RawEvent]]:
    """The latest event of each row, by entity then row id (later ``seq`` wins)."""
    latest: dict[str, dict[str, RawEvent]] = {}
    for event in events:
        latest.setdefault(event.entity, {})[event.entity_id] = event
    return latest


#: Columns HQ keeps as ``jsonb`` (the journal as JSON text, or JSON inside the payload).
_JSONB = frozenset(
    name for table in SYNCED_TABLES for name, kind in table.columns if kind.startswith("jsonb")
) | {"snapshot"}


def upsert_rows(cur: Any, table: HqTable, rows: list[RawEvent], branch: str, terminal: str) -> None:
    """Upsert rows of one table by their conflict key; a newer ``updated_at`` wins.

    Runs in the caller's transaction as the branch's role: row-level security refuses a row
    of another branch (``branch``) or terminal (the foreign key), as it would a VALUES list.
    """
    # One statement per table and batch, its rows one parameter: the journal's JSON payloads
    # joined into a JSON array, which the server parses itself (json_to_recordset). No row is
    # decoded or adapted in Python (that was half the push's time), and no staging table is
    # needed (so branch roles need no TEMP privilege).
    keys = {c.strip() for c in table.conflict.split(",")}
    columns = (*table.columns, "branch_code", "terminal_id")
    reads = ", ".join(
        f"r.{c}::jsonb" if kind == "text" and c in _JSONB else f"r.{c}"
        for c, kind in zip(table.columns, table.types, strict=True)
    )
    record = ", ".join(f"{c} {kind}" for c, kind in zip(table.columns, table.types, strict=True))
    updates = ", ".join(
        f"{c} = excluded.{c}" for c in (*table.columns, "terminal_id") if c not in keys
    )
    cur.execute(
        f"INSERT INTO hq.{table.name} AS stored ({', '.join(columns)}) "
        f"SELECT {reads}, %s, %s FROM json_to_recordset(%s::json) AS r ({record}) "
        f"ON CONFLICT ({table.conflict}) DO UPDATE SET {updates}, deleted_at = NULL, "
        "synced_at = now() WHERE stored.updated_at < excluded.updated_at",
        (branch, terminal, "[" + ",".join(event.payload for event in rows) + "]"),
    )


def _tombstone(cur: Any, table: HqTable, rows: list[RawEvent]) -> None:
    from psycopg2.extras import execute_values

    # Row-level security keeps this to the branch's own rows.
    execute_values(
        cur,
        f"UPDATE hq.{table.name} AS stored SET deleted_at = gone.at, synced_at = now() "
        "FROM (VALUES %s) AS gone (uuid, at) "
        "WHERE stored.uuid = gone.uuid AND stored.deleted_at IS NULL",
        [(event.entity_id, event.at) for event in rows],
        template="(%s::uuid, %s::timestamptz)",
        page_size=len(rows),
    )


def _send_batch(
    cur: Any, events: list[RawEvent], branch: str, terminal: str, expected_seq: int
) -> int:
    """Write one batch and move the watermark (inside the caller's transaction); rows written."""
    cur.execute("SELECT last_seq FROM hq.watermark WHERE terminal_id = %s FOR UPDATE", (terminal,))
    row = cur.fetchone()
    if (int(row[0]) if row else 0) != expected_seq:
        # Another journal with this terminal id pushed in between (a clone running at once).
        raise SyncError(
            QT_TRANSLATE_NOOP(
                "domain",
                "head office's watermark of terminal {terminal} moved during this sync (another "
                "journal claims the same terminal id); this batch was not sent",
            ),
            terminal=terminal,
        )
    written = 0
    for entity, latest in collapse(events).items():
        table = HQ_TABLES.get(entity)
        if table is None:
            raise SyncError(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "the journal holds rows of {entity}, which head office does not keep; "
                    "upgrade this program",
                ),
                entity=entity,
            )
        upserts = [e for e in latest.values() if e.op != "delete"]
        deletes = [e for e in latest.values() if e.op == "delete"]
        if upserts:
            upsert_rows(cur, table, upserts, branch, terminal)
        if deletes:
            _tombstone(cur, table, deletes)
        written += len(latest)
    first, last = events[0], events[-1]
    cur.execute(
        "INSERT INTO hq.watermark AS w (terminal_id, branch_code, last_seq, first_event_uuid, "
        "last_event_uuid) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (terminal_id) DO UPDATE SET "
        "last_seq = excluded.last_seq, last_event_uuid = excluded.last_event_uuid, "
        "first_event_uuid = coalesce(w.first_event_uuid, excluded.first_event_uuid), "
        "updated_at = now()",
        (terminal, branch, last.seq, first.uuid if expected_seq == 0 else None, last.uuid),
    )
    return written


def push(
    journal: SyncJournal,
    url: str,
    branch_code: str,
    password: str | None,
    *,
    batch_events: int = BATCH_EVENTS,
    progress: Progress | None = None,
    program_version: str = "",
    queue: QueueSource | None = None,
) -> PushResult:
    """Send the journal's outbox after HQ's watermark, then the queue's closed days.

    The caller holds :func:`sync_lock`.

    Raises:
        ValueError: a bad URL (nothing sent).
        HqUsageError: a bad branch code (nothing sent).
        HqUnavailable: HQ cannot be reached or refuses the login (nothing sent).
        HqSchemaMismatch: HQ's schema is not this program's (nothing sent).
        SyncJournalError: a cloned or restored journal (nothing sent).
        SyncError: HQ's watermark moved under this sync (the batch rolled back).
        sqlite3.Error: the SQLite queue cannot be read (the journal's events were sent).
        psycopg2.Error: the connection broke mid-push: the batch in flight is rolled back, the
            committed ones stay confirmed; the next run resumes.
    """
    started = time.monotonic()
    terminal = journal.terminal_id()
    conn = connect_branch(url, branch_code, password)
    try:
        with conn, conn.cursor() as cur:
            check_schema(cur)
            cur.execute(
                "INSERT INTO hq.terminal (terminal_id, branch_code, program_version) "
                "VALUES (%s, %s, %s) ON CONFLICT (terminal_id) DO UPDATE SET "
                "last_seen_at = now(), program_version = excluded.program_version",
                (terminal, branch_code, program_version),
            )
            cur.execute(
                "SELECT last_seq, last_event_uuid, first_event_uuid FROM hq.watermark "
                "WHERE terminal_id = %s",
                (terminal,),
            )
            row = cur.fetchone()
        hq_seq = int(row[0]) if row else 0
        hq_last = str(row[1]) if row and row[1] else None
        hq_first = str(row[2]) if row and row[2] else None
        journal.check_hq_watermark(hq_seq, hq_last, hq_first)
        if hq_seq > journal.confirmed_seq():
            # HQ committed a batch whose local note a kill prevented.
            journal.confirm(hq_seq)
        to_send = journal.pending_count(hq_seq)
        sent = rows = batches = 0
        seq = hq_seq
        if progress is not None:
            progress(0, to_send)
        while True:
            events = journal.read_raw_after(seq, batch_events)
            if not events:
                break
            with conn, conn.cursor() as cur:
                rows += _send_batch(cur, events, branch_code, terminal, seq)
            seq = events[-1].seq
            if seq > journal.confirmed_seq():
                # (Below it only when HQ was restored from a backup and gets events again.)
                journal.confirm(seq)
            sent += len(events)
            batches += 1
            if progress is not None:
                progress(sent, to_send)
        tickets = TicketPush()
        if queue is not None:
            tickets = push_closed_days(conn, journal, queue, branch_code, terminal)
    finally:
        conn.close()
    result = PushResult(
        terminal, branch_code, sent, rows, batches, seq, time.monotonic() - started, tickets
    )
    log.info(
        "push of terminal %s (branch %s): %d events, %d rows in %d batches, watermark %d; "
        "%d closed days (%d tickets, %d events); %.1f s",
        terminal,
        branch_code,
        sent,
        rows,
        batches,
        seq,
        tickets.days,
        tickets.tickets,
        tickets.events,
        result.seconds,
    )
    return result
