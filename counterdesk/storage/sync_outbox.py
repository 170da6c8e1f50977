"""The terminal side of the nightly sync: its id, the outbox, HQ's watermark, retention.

Nothing here talks to head office. The push (``counterdesk.sync``, to come) stands on it:

* :meth:`SyncJournal.terminal_id` — generated once (uuid4) and kept in the journal's
  ``sync_state``, not in the config: a cloned disk carries the same id *and* the same history,
  which is what head office compares (:meth:`SyncJournal.event_uuid_at`).
* :meth:`SyncJournal.read_after` — the outbox (``sync_event``) in ``seq`` order, in batches.
* :meth:`SyncJournal.confirm` — the last ``seq`` head office confirmed; it only moves forward.
* :meth:`SyncJournal.check_hq_watermark` — refuses, with a translated message, a journal restored
  from an older backup or a journal whose history is not the one head office holds.
* :meth:`SyncJournal.prune` — rows confirmed at head office and older than ``keep_days`` are
  deleted locally, a few hundred rows per transaction, without writing outbox events; confirmed
  events older than a day that stay lose their payload (:data:`LIGHTENED_SEQ` notes how far).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

import peewee

from counterdesk.core.clock import Clock, IdFactory, from_utc_text, new_id, to_utc_text
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.storage.errors import StorageError
from counterdesk.storage.sql import execute, scalar
from counterdesk.storage.unit_of_work import FeedEvent, events_after


@dataclass(frozen=True)
class RawEvent:
    """An outbox event as stored: its payload is the row as JSON text, ``at`` UTC text.

    Attributes:
        seq: position in the outbox.
        uuid: the event's own id.
        entity: the table of the row.
        entity_id: the row's uuid.
        op: ``upsert`` or ``delete``.
        payload: the row as JSON text (column name to stored value).
        at: when the change was committed (UTC text, :func:`to_utc_text`).
    """

    seq: int
    uuid: str
    entity: str
    entity_id: str
    op: str
    payload: str
    at: str


log = logging.getLogger(__name__)

TERMINAL_ID = "terminal_id"
CONFIRMED_SEQ = "confirmed_seq"
CONFIRMED_EVENT = "confirmed_event_uuid"
FIRST_EVENT = "first_event_uuid"
LAST_SYNC = "last_sync"
LAST_GOOD_SYNC = "last_good_sync_at"
#: Every confirmed event up to this ``seq`` has had its payload emptied (only ever forward).
LIGHTENED_SEQ = "lightened_seq"

#: A confirmed event's payload is emptied once it is older than this (today's stay whole: the
#: teller's day figures read the payloads of the day's new events).
LIGHTEN_AFTER = timedelta(days=1)

#: Journal rows deleted per prune transaction (a service goes whole with its steps and rating,
#: so one transaction may hold a few more).
PRUNE_BATCH_ROWS = 500

#: The tables whose rows sync, children after their parents.
SYNCED_TABLES = ("staff_session", "pause", "service", "step_record", "rating", "audit_log")


class SyncJournalError(DomainError, StorageError):
    """The journal's outbox and head office's record of this terminal do not fit together.

    Raised before anything is sent, so nothing is lost or doubled; the message is translated.

    Attributes:
        path: the journal file.
    """

    def __init__(self, template: str, /, path: Path, **params: object) -> None:
        super().__init__(template, path=str(path), **params)
        self.path = path


class JournalBehindHq(SyncJournalError):
    """The journal ends before head office's watermark: it was restored from an older backup."""


class JournalHistoryDiffers(SyncJournalError):
    """The event head office holds at its watermark is not this journal's: a copied journal."""


class HqBehindJournal(SyncJournalError):
    """Head office lacks events this journal already pruned as confirmed: they cannot be re-sent."""


class WatermarkError(SyncJournalError):
    """A confirmed watermark that would move backwards or past the journal's last event."""


@dataclass(frozen=True)
class SyncRecord:
    """The last sync of this journal, as ``counterdesk sync --status`` and the status line show.

    Attributes:
        at: when it ended (aware UTC).
        ok: whether it succeeded.
        message: its summary, or the error text of a failure (one line, translated).
        last_ok_at: when the last successful sync ended (None: never).
    """

    at: datetime
    ok: bool
    message: str
    last_ok_at: datetime | None


@dataclass(frozen=True)
class PruneReport:
    """What :meth:`SyncJournal.prune` deleted.

    Attributes:
        cutoff: rows last changed before this time (aware UTC) were old enough.
        confirmed_seq: rows whose last outbox event is at or below it were confirmed.
        deleted: rows deleted per table (``sync_event`` included), tables with none left out.
        transactions: the write transactions it took.
        lightened: confirmed outbox events older than a day whose payload was emptied (the
            event row stays: retention reads each row's last event).
    """

    cutoff: datetime
    confirmed_seq: int
    deleted: dict[str, int] = field(default_factory=dict)
    transactions: int = 0
    lightened: int = 0

    @property
    def rows(self) -> int:
        """Journal rows deleted, outbox events not counted."""
        return sum(n for table, n in self.deleted.items() if table != "sync_event")


def _settled(alias: str) -> str:
    """SQL: the row ``alias`` was last changed before :cutoff and its last event is confirmed.

    A row with no outbox event at all never reached head office, so it is not settled.
    """
    return (
        f"{alias}.updated_at < :cutoff AND coalesce((SELECT max(e.seq) FROM sync_event e "
        f"WHERE e.entity_id = {alias}.uuid), :confirmed + 1) <= :confirmed"
    )


# A finished (or abandoned) service goes with its steps and rating, and only when all of them
# are settled and no remaining service names it as the one it replaced (that one goes first).
_SERVICES = f"""
    SELECT s.uuid FROM service s
    WHERE {_settled("s")} AND s.state <> 'open'
      AND NOT EXISTS (SELECT 1 FROM step_record x WHERE x.service_id = s.uuid
                      AND NOT ({_settled("x")}))
      AND NOT EXISTS (SELECT 1 FROM rating x WHERE x.service_id = s.uuid
                      AND NOT ({_settled("x")}))
      AND NOT EXISTS (SELECT 1 FROM service n WHERE n.previous_service_id = s.uuid)
    ORDER BY s.updated_at LIMIT :limit
"""

# A signed-out session goes with its pauses.
_SESSIONS = f"""
    SELECT s.uuid FROM staff_session s
    WHERE {_settled("s")} AND s.signed_out_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pause x WHERE x.session_id = s.uuid
                      AND NOT ({_settled("x")}))
    ORDER BY s.updated_at LIMIT :limit
"""

# ``at`` is indexed and an audit row's ``updated_at`` is its ``at``.
_AUDIT = f"""
    SELECT a.uuid FROM audit_log a WHERE a.at < :cutoff AND {_settled("a")}
    ORDER BY a.at LIMIT :limit
"""

# The events of rows deleted long ago (a step reopened): no row is left to go with them.
_GONE = (
    """
    SELECT DISTINCT d.entity_id FROM sync_event d
    WHERE d.op = 'delete' AND d.seq <= :confirmed AND d.at < :cutoff
      AND (SELECT max(e.seq) FROM sync_event e WHERE e.entity_id = d.entity_id) <= :confirmed
      AND NOT EXISTS (SELECT 1 FROM sync_event e WHERE e.entity_id = d.entity_id
                      AND e.at >= :cutoff)
      AND """
    + " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {table} t WHERE t.uuid = d.entity_id)"
        for table in SYNCED_TABLES
    )
    + " LIMIT :limit"
)


class SyncJournal:
    """The journal as the nightly sync sees it; returns plain values and records only.

    Args:
        db: the open journal.
        ids: makes the terminal id (uuid4 text by default).
    """

    def __init__(self, db: peewee.SqliteDatabase, ids: IdFactory = new_id) -> None:
        self._db = db
        self._ids = ids

    @property
    def path(self) -> Path:
        """The journal file."""
        return Path(self._db.database)

    # -- notes in sync_state -------------------------------------------------------------------

    def _note(self, key: str) -> str | None:
        value = scalar(self._db, "SELECT value FROM sync_state WHERE key = ?", (key,))
        return None if value is None else str(value)

    def _set_note(self, key: str, value: str) -> None:
        execute(
            self._db,
            "INSERT INTO sync_state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- identity ------------------------------------------------------------------------------

    def terminal_id(self) -> str:
        """The id of this terminal: made at the first call on a journal, the same ever after.

        Kept in the journal, so a copy of the journal file (a cloned disk, a restored backup)
        claims the same id; head office tells them apart by their history
        (:meth:`event_uuid_at`, :meth:`first_event_uuid`).
        """
        known = self._note(TERMINAL_ID)
        if known is not None:
            return known
        with self._db.atomic("IMMEDIATE"):
            # Another connection may have made it since: keep theirs.
            execute(
                self._db,
                "INSERT OR IGNORE INTO sync_state (key, value) VALUES (?, ?)",
                (TERMINAL_ID, self._ids()),
            )
            made = self._note(TERMINAL_ID)
        assert made is not None
        log.info("journal %s: terminal id %s", self.path, made)
        return made

    def first_event_uuid(self) -> str | None:
        """The uuid of the journal's first outbox event (kept when retention deletes it)."""
        noted = self._note(FIRST_EVENT)
        if noted is not None:
            return noted
        first = scalar(self._db, "SELECT uuid FROM sync_event ORDER BY seq LIMIT 1")
        return None if first is None else str(first)

    def event_uuid_at(self, seq: int) -> str | None:
        """The uuid of the outbox event at ``seq``: what head office holds at its watermark.

        Returns:
            The uuid; for the confirmed watermark even after retention deleted the event;
            None when there is no such event (never written, or pruned).
        """
        found = scalar(self._db, "SELECT uuid FROM sync_event WHERE seq = ?", (seq,))
        if found is not None:
            return str(found)
        if seq > 0 and seq == self.confirmed_seq():
            return self._note(CONFIRMED_EVENT)
        return None

    # -- the outbox ----------------------------------------------------------------------------

    def last_seq(self) -> int:
        """The highest ``seq`` the outbox ever handed out (0 for none), pruned or not.

        AUTOINCREMENT keeps it in ``sqlite_sequence``, so retention never lowers it.
        """
        kept = scalar(self._db, "SELECT seq FROM sqlite_sequence WHERE name = 'sync_event'")
        highest = scalar(self._db, "SELECT max(seq) FROM sync_event")
        return max(int(cast(int, kept or 0)), int(cast(int, highest or 0)))

    def read_after(self, seq: int, limit: int = 500) -> list[FeedEvent]:
        """Up to ``limit`` outbox events after ``seq``, in ``seq`` order (a rowid range scan).

        Raises:
            ValueError: ``limit`` is not positive.
        """
        return events_after(self._db, seq, limit)

    def read_raw_after(self, seq: int, limit: int = 500) -> list[RawEvent]:
        """Like :meth:`read_after`, the payload left as the journal's JSON text (not parsed).

        The push hands the text to head office as it is, which parses it itself.

        Raises:
            ValueError: ``limit`` is not positive.
        """
        if limit < 1:
            raise ValueError(f"limit must be positive, not {limit}")
        rows = execute(
            self._db,
            "SELECT seq, uuid, entity, entity_id, op, payload, at FROM sync_event "
            "WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        )
        return [RawEvent(*row) for row in rows]

    def pending_count(self, after: int | None = None) -> int:
        """Outbox events after ``after`` (default: the confirmed watermark): rows to send."""
        start = self.confirmed_seq() if after is None else after
        return int(
            cast(int, scalar(self._db, "SELECT count(*) FROM sync_event WHERE seq > ?", (start,)))
        )

    # -- head office's watermark ---------------------------------------------------------------

    def confirmed_seq(self) -> int:
        """The last ``seq`` head office confirmed it holds (0 before the first push)."""
        noted = self._note(CONFIRMED_SEQ)
        return 0 if noted is None else int(noted)

    def confirm(self, seq: int) -> None:
        """Record that head office holds every event up to ``seq``; only ever forward.

        Confirming the same ``seq`` again (a re-run) changes nothing.

        Raises:
            WatermarkError: ``seq`` is below the confirmed watermark or past the last event.
        """
        with self._db.atomic("IMMEDIATE"):
            confirmed = self.confirmed_seq()
            last = self.last_seq()
            if seq < confirmed:
                raise WatermarkError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "head office confirmed event {seq} of the journal {path}, but it had "
                        "already confirmed event {confirmed}; the sync stopped and nothing was "
                        "changed",
                    ),
                    self.path,
                    seq=seq,
                    confirmed=confirmed,
                )
            if seq > last:
                raise WatermarkError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "head office confirmed event {seq} of the journal {path}, which ends at "
                        "event {last}; the sync stopped and nothing was changed",
                    ),
                    self.path,
                    seq=seq,
                    last=last,
                )
            if seq == confirmed:
                return
            at_seq = self.event_uuid_at(seq)
            if self._note(FIRST_EVENT) is None:
                first = self.first_event_uuid()
                if first is not None:
                    self._set_note(FIRST_EVENT, first)
            self._set_note(CONFIRMED_SEQ, str(seq))
            # The fingerprint at the watermark outlives the event itself (retention).
            self._set_note(CONFIRMED_EVENT, at_seq or "")

    def check_hq_watermark(
        self, hq_seq: int, hq_event_uuid: str | None, hq_first_event_uuid: str | None = None
    ) -> None:
        """Check head office's record of this terminal against the journal before a push.

        Args:
            hq_seq: the watermark head office holds for this terminal id (0: none yet).
            hq_event_uuid: the uuid of the event head office holds at ``hq_seq``.
            hq_first_event_uuid: the uuid of the first event head office got from this id, if
                it keeps it.

        Raises:
            JournalBehindHq: the journal ends before ``hq_seq`` (restored from an older backup).
            JournalHistoryDiffers: the journal's event at ``hq_seq`` (or its first event) is not
                the one head office holds: another journal claims this terminal's id.
            HqBehindJournal: head office is behind events this journal already pruned.
            ValueError: ``hq_seq`` is negative.
        """
        if hq_seq < 0:
            raise ValueError(f"a watermark is never negative, got {hq_seq}")
        last = self.last_seq()
        terminal = self.terminal_id()
        if hq_seq > last:
            raise JournalBehindHq(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "the journal {path} ends at event {last}, but head office already holds "
                    "events up to {hq} from terminal {terminal}: the journal was restored from "
                    "an older backup; nothing was sent — ask support before this terminal syncs "
                    "again",
                ),
                self.path,
                last=last,
                hq=hq_seq,
                terminal=terminal,
            )
        differs = QT_TRANSLATE_NOOP(
            "domain",
            "head office holds another history for terminal {terminal} (event {seq} differs "
            "from the journal {path}): the journal is a copy of another terminal's or a restored "
            "backup; nothing was sent — ask support before this terminal syncs again",
        )
        first = self.first_event_uuid()
        if hq_first_event_uuid is not None and first is not None and hq_first_event_uuid != first:
            raise JournalHistoryDiffers(differs, self.path, terminal=terminal, seq=1)
        if hq_seq == 0:
            local: str | None = None
        else:
            local = self.event_uuid_at(hq_seq)
            if local is not None and local != hq_event_uuid:
                raise JournalHistoryDiffers(differs, self.path, terminal=terminal, seq=hq_seq)
        confirmed = self.confirmed_seq()
        if hq_seq < confirmed:
            present = int(
                cast(
                    int,
                    scalar(
                        self._db,
                        "SELECT count(*) FROM sync_event WHERE seq > ? AND seq <= ?",
                        (hq_seq, confirmed),
                    ),
                )
            )
            lightened = self.lightened_seq()
            if (
                present != confirmed - hq_seq
                or (hq_seq > 0 and local is None)
                or hq_seq < lightened
            ):
                raise HqBehindJournal(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "head office holds terminal {terminal} only up to event {hq}, but it had "
                        "confirmed event {confirmed} and the journal {path} has since deleted "
                        "confirmed events; nothing was sent — head office must be restored",
                    ),
                    self.path,
                    terminal=terminal,
                    hq=hq_seq,
                    confirmed=confirmed,
                )

    def lightened_seq(self) -> int:
        """Every event up to this ``seq`` had its payload emptied by retention (0: none)."""
        noted = self._note(LIGHTENED_SEQ)
        return 0 if noted is None else int(noted)

    # -- the last sync's result ----------------------------------------------------------------

    def sync_note(self, key: str) -> str | None:
        """A note the sync keeps in ``sync_state`` (e.g. how far a queue's tickets were sent)."""
        return self._note(key)

    def set_sync_note(self, key: str, value: str) -> None:
        """Keep a note of the sync in ``sync_state`` (one short transaction)."""
        with self._db.atomic("IMMEDIATE"):
            self._set_note(key, value)

    def record_sync(self, at: datetime, ok: bool, message: str) -> None:
        """Note how a sync ended (the only write a failed sync makes to the journal)."""
        with self._db.atomic("IMMEDIATE"):
            self._set_note(
                LAST_SYNC, json.dumps({"at": to_utc_text(at), "ok": ok, "message": message})
            )
            if ok:
                self._set_note(LAST_GOOD_SYNC, to_utc_text(at))

    def last_sync(self) -> SyncRecord | None:
        """How the last sync ended (None: this journal never synced); reads only."""
        noted = self._note(LAST_SYNC)
        if noted is None:
            return None
        data = json.loads(noted)
        good = self._note(LAST_GOOD_SYNC)
        return SyncRecord(
            from_utc_text(data["at"]),
            bool(data["ok"]),
            str(data["message"]),
            None if good is None else from_utc_text(good),
        )

    # -- retention -----------------------------------------------------------------------------

    def prune(
        self,
        keep_days: int,
        clock: Clock,
        *,
        batch_rows: int = PRUNE_BATCH_ROWS,
        between_batches: Callable[[], None] | None = None,
    ) -> PruneReport:
        """Delete rows head office confirmed and nobody changed for ``keep_days`` days.

        Only rows whose last outbox event is at or below the confirmed watermark and whose
        ``updated_at`` is older than the cut-off go, with their outbox events; no new event is
        written (this is local housekeeping, not a change to push). A service goes with its
        steps and rating, a session with its pauses, and only when all of them may go; an open
        service, a session not signed out and a service another kept service replaced stay.
        Each transaction deletes about ``batch_rows`` rows, so the counter waits at most for
        one of them.

        Then the confirmed events older than a day that stay lose their payload (emptied to
        ``{}``, :meth:`_lighten`): head office holds them, nothing re-sends them, and the rows
        (the last event of each kept row) are all retention needs of them.

        Args:
            keep_days: how long synced rows stay on the terminal (``[journal] keep_days``).
            clock: gives now, the cut-off is now minus ``keep_days``.
            batch_rows: journal rows per transaction.
            between_batches: called after each committed transaction (tests, progress).

        Returns:
            The counts deleted per table and the transactions taken; also logged.
        """
        if keep_days < 0:
            raise ValueError(f"keep_days is never negative, got {keep_days}")
        if batch_rows < 1:
            raise ValueError(f"batch_rows must be positive, not {batch_rows}")
        cutoff = clock.now() - timedelta(days=keep_days)
        confirmed = self.confirmed_seq()
        deleted: dict[str, int] = {}
        transactions = 0
        if confirmed == 0:
            return PruneReport(cutoff=cutoff, confirmed_seq=0)
        params: dict[str, object] = {"cutoff": to_utc_text(cutoff), "confirmed": confirmed}
        steps: tuple[tuple[str, Callable[[list[str], int], list[str]]], ...] = (
            (_SERVICES, self._services_whole),
            (_SESSIONS, self._sessions_whole),
            (_AUDIT, _as_they_are),
            (_GONE, _as_they_are),
        )
        for query, whole in steps:
            while True:
                with self._db.atomic("IMMEDIATE"):
                    found = _named(self._db, query, {**params, "limit": batch_rows})
                    if not found:
                        break
                    rows = whole([str(row[0]) for row in found], batch_rows)
                    self._delete(rows, deleted)
                transactions += 1
                if between_batches is not None:
                    between_batches()
        lightened, taken = self._lighten(
            confirmed, clock.now() - LIGHTEN_AFTER, batch_rows, between_batches
        )
        transactions += taken
        report = PruneReport(cutoff, confirmed, deleted, transactions, lightened)
        log.info(
            "journal %s: pruned %d rows confirmed at head office (seq <= %d) and older than %s "
            "and emptied the payload of %d older events in %d transactions: %s",
            self.path,
            report.rows,
            confirmed,
            to_utc_text(cutoff),
            report.lightened,
            report.transactions,
            ", ".join(f"{t} {n}" for t, n in sorted(report.deleted.items())) or "nothing",
        )
        return report

    def _lighten(
        self,
        confirmed: int,
        before: datetime,
        batch_rows: int,
        between_batches: Callable[[], None] | None,
    ) -> tuple[int, int]:
        """Empty the payload of confirmed events older than ``before``, from the last night's on.

        Only the ``seq`` range after :meth:`lightened_seq` is read: up to the confirmed
        watermark or the first event not older than ``before``, whichever comes first, up to
        ``batch_rows`` events (a ``seq`` range) per transaction; each transaction moves the
        note, so the next night starts after it.

        Returns:
            The events emptied and the transactions taken.
        """
        start = self.lightened_seq()
        if start >= confirmed:
            return 0, 0
        young = scalar(
            self._db,
            "SELECT seq FROM sync_event WHERE seq > ? AND seq <= ? AND at >= ? ORDER BY seq "
            "LIMIT 1",
            (start, confirmed, to_utc_text(before)),
        )
        end = confirmed if young is None else int(cast(int, young)) - 1
        emptied = transactions = 0
        low = start
        while True:
            with self._db.atomic("IMMEDIATE"):
                # The batch's last event, or the range's last when fewer are left.
                high = scalar(
                    self._db,
                    "SELECT seq FROM sync_event WHERE seq > ? AND seq <= ? ORDER BY seq "
                    "LIMIT 1 OFFSET ?",
                    (low, end, batch_rows - 1),
                ) or scalar(
                    self._db,
                    "SELECT max(seq) FROM sync_event WHERE seq > ? AND seq <= ?",
                    (low, end),
                )
                if high is None:
                    break
                top = int(cast(int, high))
                cursor = execute(
                    self._db,
                    "UPDATE sync_event SET payload = '{}' WHERE seq > ? AND seq <= ? "
                    "AND payload <> '{}'",
                    (low, top),
                )
                emptied += cursor.rowcount
                if self.lightened_seq() < top:  # another prune may have gone further
                    self._set_note(LIGHTENED_SEQ, str(top))
            transactions += 1
            low = top
            if between_batches is not None:
                between_batches()
        return emptied, transactions

    def _children(self, table: str, column: str, parents: Sequence[str]) -> dict[str, list[str]]:
        marks = ",".join("?" * len(parents))
        found: dict[str, list[str]] = {p: [] for p in parents}
        for child, parent in execute(
            self._db, f"SELECT uuid, {column} FROM {table} WHERE {column} IN ({marks})", parents
        ):
            found[str(parent)].append(str(child))
        return found

    def _services_whole(self, services: list[str], batch_rows: int) -> list[str]:
        steps = self._children("step_record", "service_id", services)
        ratings = self._children("rating", "service_id", services)
        return _whole_units({s: [*steps[s], *ratings[s]] for s in services}, batch_rows)

    def _sessions_whole(self, sessions: list[str], batch_rows: int) -> list[str]:
        return _whole_units(self._children("pause", "session_id", sessions), batch_rows)

    def _delete(self, ids: list[str], counts: dict[str, int]) -> None:
        """Delete rows (children listed before parents) and every outbox event of them."""
        for start in range(0, len(ids), 400):
            chunk = ids[start : start + 400]
            marks = ",".join("?" * len(chunk))
            gone = execute(self._db, f"DELETE FROM sync_event WHERE entity_id IN ({marks})", chunk)
            counts["sync_event"] = counts.get("sync_event", 0) + gone.rowcount
            # Children first: the foreign keys are enforced.
            for table in (
                "pause",
                "step_record",
                "rating",
                "audit_log",
                "service",
                "staff_session",
            ):
                cursor = execute(self._db, f"DELETE FROM {table} WHERE uuid IN ({marks})", chunk)
                if cursor.rowcount:
                    counts[table] = counts.get(table, 0) + cursor.rowcount


def _whole_units(units: dict[str, list[str]], batch_rows: int) -> list[str]:
    """Whole units (children, then their parent), in order, up to ``batch_rows`` rows.

    The first unit is always taken, however big, so every transaction makes progress.
    """
    taken: list[str] = []
    for root, children in units.items():
        if taken and len(taken) + 1 + len(children) > batch_rows:
            break
        taken.extend([*children, root])
    return taken


def _as_they_are(ids: list[str], batch_rows: int) -> list[str]:
    del batch_rows
    return ids


def _named(
    db: peewee.SqliteDatabase, sql: str, params: Mapping[str, object]
) -> list[tuple[object, ...]]:
    """Run a query with named parameters (``:name``) and return all its rows."""
    # sqlite3 takes a mapping for named parameters; ``sql.execute`` is typed for sequences.
    cursor = cast(sqlite3.Cursor, db.execute_sql(sql, dict(params)))  # type: ignore[no-untyped-call]
    return list(cursor.fetchall())
