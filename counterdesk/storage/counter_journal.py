"""The counter's journal as plain records: services, steps, sessions, ratings, pending queue work.

The use cases above ``storage`` never see a peewee row or build a query: they read records from
:class:`CounterJournal` and write them through :meth:`CounterJournal.transaction`, which is the
unit of work's transaction (rows and their sync-feed events commit together). Reads run on the
database the unit of work writes, never on the global ``journal`` proxy, so a desk always reads
what it wrote even when a process opened more than one journal.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import peewee

from counterdesk.core.clock import to_utc_text
from counterdesk.core.procedures import StepRecord
from counterdesk.core.ratings import Rating
from counterdesk.storage import models as m
from counterdesk.storage.kpi_rows import JournalDay, read_journal_day
from counterdesk.storage.sql import execute, scalar
from counterdesk.storage.unit_of_work import Transaction, UnitOfWork


@dataclass
class ServiceRecord:
    """One service row: a transaction with a customer, from call to finish.

    Attributes:
        uuid: the row id ("" until first saved).
        ticket_id: the queue's ticket.
        ticket_label: the number the customer holds.
        business_type: the business done in this part of the visit.
        counter: the counter, as text.
        staff_no: the teller ("" when a recovered service waits for the next sign-in).
        procedure_type: the procedure's business type.
        procedure_version: the procedure version used.
        called_at: when the ticket was called.
        started_at: when the checklist started, or None while only called.
        finished_at: when the service ended, or None while open.
        state: ``open``, ``finished`` or ``abandoned``.
        finish_reason: why it ended that way, or None.
        override_by: the supervisor who let it finish with steps open, or None.
        previous_service_id: the service this one replaced after a business switch, or None.
        sop_snapshot: the procedure as it was when the service started, or None (old rows).
            The journal stores each distinct snapshot once and the service refers to it.
    """

    ticket_id: str
    ticket_label: str
    business_type: str
    counter: str
    staff_no: str
    procedure_type: str
    procedure_version: int
    called_at: datetime
    uuid: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    state: str = "open"
    finish_reason: str | None = None
    override_by: str | None = None
    previous_service_id: str | None = None
    sop_snapshot: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class DayFigures:
    """What a teller finished in a span of time (a business day).

    Attributes:
        served: services finished.
        average_service_seconds: mean time from start to finish of those that started (0.0
            when none did).
        mean_rating: mean score of their ratings that have a score, or None.
    """

    served: int = 0
    average_service_seconds: float = 0.0
    mean_rating: float | None = None


#: The services a teller finished in a span, each with its duration and score, read through the
#: index ``service_staff_finished`` (staff_no, finished_at), never by scanning the service table.
#: A duration is whole seconds (``strftime('%s')``) plus the stored microseconds: exact.
_FINISHED = """
    SELECT service.uuid,
        strftime('%s', service.finished_at) - strftime('%s', service.started_at)
            + (CAST(substr(service.finished_at, 21, 6) AS INTEGER)
               - CAST(substr(service.started_at, 21, 6) AS INTEGER)) / 1e6,
        rating.score
    FROM service LEFT JOIN rating ON rating.service_id = service.uuid
    WHERE service.staff_no = ? AND service.finished_at >= ? AND service.finished_at < ?
        AND service.state = 'finished'
"""
DAY_FIGURES_SQL = _FINISHED
"""The day's services in full (on first use, and when the teller or the day changes)."""
DAY_CHANGES_SQL = """
    SELECT seq, entity, entity_id, op, payload FROM sync_event WHERE seq > ? ORDER BY seq
"""
"""What changed since the figures were last read: the sync feed after its last ``seq``."""


@dataclass
class _Day:
    """One teller's day as last read: each finished service's (duration, score)."""

    key: tuple[str, str, str]
    seq: int
    services: dict[str, tuple[float | None, int | None]]

    def figures(self) -> DayFigures:
        durations = [d for d, _ in self.services.values() if d is not None]
        scores = [s for _, s in self.services.values() if s is not None]
        return DayFigures(
            served=len(self.services),
            average_service_seconds=sum(durations) / len(durations) if durations else 0.0,
            mean_rating=sum(scores) / len(scores) if scores else None,
        )


@dataclass(frozen=True)
class StoredStep:
    """A checked step as the journal holds it (the value as text).

    Attributes:
        uuid: the row id.
        step_id: the procedure step.
        checked_at: when it was checked.
        seconds_open: time the step was current before the check.
        value: the captured value as stored text, or None.
        authoriser: the supervisor who authorised it, or None.
    """

    uuid: str
    step_id: str
    checked_at: datetime
    seconds_open: float
    value: str | None
    authoriser: str | None


@dataclass
class SessionRecord:
    """A teller signed in at a counter."""

    staff_no: str
    counter: str
    signed_in_at: datetime
    signed_out_at: datetime | None = None
    uuid: str = ""


@dataclass
class PauseRecord:
    """A break during a session."""

    session_id: str
    reason: str
    started_at: datetime
    ended_at: datetime | None = None
    uuid: str = ""


@dataclass(frozen=True)
class PendingAction:
    """A queue change to tell the queue (again) later.

    Written before the change is asked of the queue (journal first), so a change whose reply
    is lost, or that the queue could not be asked for, is made once the queue is back; dropped
    when the queue answered.
    """

    uuid: str
    ticket_id: str
    action: str
    counter: int
    at: datetime


class JournalWrites:
    """The writes of one journal transaction; usable only inside its ``with`` block."""

    def __init__(self, tx: Transaction, db: peewee.SqliteDatabase) -> None:
        self._tx = tx
        self._db = db
        self.at = tx.at
        """The time stamped on every row of this transaction (aware UTC)."""

    def _save(self, row: m.SyncedModel, uuid: str) -> str:
        """Insert ``row`` (a new uuid when ``uuid`` is empty) or update the row ``uuid``."""
        if uuid:
            row.uuid = uuid
        return str(self._tx.save(row).uuid)

    def save_service(self, record: ServiceRecord) -> ServiceRecord:
        """Insert or update a service; a new one gets its uuid."""
        snapshot_id = None
        if record.sop_snapshot is not None:
            snapshot_id = self._store_snapshot(record)
        row = m.Service(
            ticket_id=record.ticket_id,
            ticket_label=record.ticket_label,
            business_type=record.business_type,
            counter=record.counter,
            staff_no=record.staff_no,
            procedure_type=record.procedure_type,
            procedure_version=record.procedure_version,
            called_at=record.called_at,
            started_at=record.started_at,
            finished_at=record.finished_at,
            state=record.state,
            finish_reason=record.finish_reason,
            override_by=record.override_by,
            previous_service=record.previous_service_id,
            procedure_snapshot=snapshot_id,
        )
        record.uuid = self._save(row, record.uuid)
        return record

    def _store_snapshot(self, record: ServiceRecord) -> str:
        """Store the service's procedure snapshot unless it is already; return its id."""
        assert record.sop_snapshot is not None
        text = m.snapshot_text(record.sop_snapshot)
        snapshot_id = m.snapshot_uuid(text)
        self._tx.save_once(
            m.ProcedureSnapshot(
                uuid=snapshot_id,
                business_type=record.procedure_type,
                version=record.procedure_version,
                snapshot=dict(record.sop_snapshot),
            )
        )
        return snapshot_id

    def save_session(self, record: SessionRecord) -> SessionRecord:
        """Insert or update a staff session; a new one gets its uuid."""
        row = m.StaffSession(
            staff_no=record.staff_no,
            counter=record.counter,
            signed_in_at=record.signed_in_at,
            signed_out_at=record.signed_out_at,
        )
        record.uuid = self._save(row, record.uuid)
        return record

    def save_pause(self, record: PauseRecord) -> PauseRecord:
        """Insert or update a pause; a new one gets its uuid."""
        row = m.Pause(
            session=record.session_id,
            reason=record.reason,
            started_at=record.started_at,
            ended_at=record.ended_at,
        )
        record.uuid = self._save(row, record.uuid)
        return record

    def add_step(self, service_id: str, record: StepRecord, checked_by: str) -> str:
        """Store a checked step; return its row id."""
        row = m.StepRecord(
            service=service_id,
            step_id=record.step_id,
            checked_at=record.checked_at,
            seconds_open=record.seconds_open,
            value=None if record.value is None else str(record.value),
            authoriser=record.authoriser,
            checked_by=checked_by,
        )
        return str(self._tx.save(row).uuid)

    def delete_step(self, row_id: str) -> None:
        """Remove a checked step (the teller reopened it)."""
        self._tx.delete(m.StepRecord(uuid=row_id))

    def add_rating(self, rating: Rating) -> None:
        """Store the customer's rating of a service (at most one per service)."""
        self._tx.save(
            m.Rating(
                service=rating.service_id,
                outcome=rating.outcome.value,
                score=rating.score,
                reasons=[str(r) for r in rating.reasons],
                cause=rating.cause.value if rating.cause else None,
                prompted_at=rating.prompted_at,
                answered_at=rating.answered_at,
                scale_levels=rating.scale.levels,
            )
        )

    def add_pending(self, action: PendingAction) -> None:
        """Keep a queue change to apply when the queue is back (local only: it does not sync)."""
        m.PendingQueueAction.insert(
            uuid=action.uuid,
            ticket_id=action.ticket_id,
            action=action.action,
            counter=action.counter,
            at=action.at,
        ).execute(self._db)

    def pending_done(self, uuid: str, outcome: str, at: datetime) -> None:
        """Mark a pending queue change as handled, with what came of it."""
        m.PendingQueueAction.update(applied_at=at, outcome=outcome).where(
            m.PendingQueueAction.uuid == uuid
        ).execute(self._db)

    def drop_pending(self, uuid: str) -> None:
        """Forget a queue change written down before it was made, once the queue answered."""
        m.PendingQueueAction.delete().where(m.PendingQueueAction.uuid == uuid).execute(self._db)

    def audit(self, actor: str, action: str, detail: dict[str, Any] | None = None) -> None:
        """Write an audit row stamped with the transaction time."""
        self._tx.audit(actor, action, detail)


class CounterJournal:
    """Reads and writes one terminal's journal for the counter use cases.

    Args:
        uow: the unit of work; every write goes through its transactions and every read runs
            on its database.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._db = uow.db
        # Stored snapshots never change (their id is named by their text): safe to keep.
        self._snapshots: dict[str, dict[str, Any]] = {}
        self._day: _Day | None = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[JournalWrites]:
        """One unit-of-work transaction: everything written in the block commits together."""
        with self.uow.transaction() as tx:
            yield JournalWrites(tx, self._db)

    def check_writable(self) -> None:
        """Refuse before an action when the journal could not keep what it writes.

        Raises:
            JournalUnwritable: the disk is full (naming the free space) or the journal is
                read-only.
        """
        self.uow.check_writable()

    def audit(self, actor: str, action: str, detail: dict[str, Any] | None = None) -> None:
        """Write one audit row in its own transaction."""
        with self.transaction() as tx:
            tx.audit(actor, action, detail)

    # -- reads --------------------------------------------------------------------------------

    def open_services(self, counter: int) -> list[ServiceRecord]:
        """Services still open at a counter, oldest call first."""
        query = (
            m.Service.select()
            .where((m.Service.counter == str(counter)) & (m.Service.state == "open"))
            # Ties in journal order (the index hands rows out in uuid order otherwise).
            .order_by(m.Service.called_at, peewee.SQL("rowid"))
        )
        return [self._service(row) for row in query.bind(self._db)]

    def finished_unrated(self, counter: int) -> list[ServiceRecord]:
        """Finished services of a counter that have no rating yet, in finishing order."""
        query = (
            m.Service.select()
            .where(
                (m.Service.counter == str(counter))
                & (m.Service.state == "finished")
                # Correlated, so both sides are read from covering indexes: a year of
                # finished services costs tens of milliseconds at start-up, not a temp index.
                & ~peewee.fn.EXISTS(
                    m.Rating.select(m.Rating.uuid).where(m.Rating.service == m.Service.uuid)
                )
            )
            .order_by(m.Service.finished_at, peewee.SQL("rowid"))
        )
        return [self._service(row) for row in query.bind(self._db)]

    def finished_by(self, staff_no: str, since: datetime) -> list[ServiceRecord]:
        """Services a teller finished since a moment."""
        query = m.Service.select().where(
            (m.Service.staff_no == staff_no)
            & (m.Service.state == "finished")
            & (m.Service.finished_at >= since)
        )
        return [self._service(row) for row in query.bind(self._db)]

    def day_figures(self, staff_no: str, start: datetime, end: datetime) -> DayFigures:
        """The services a teller finished from ``start`` (included) to ``end`` (excluded).

        Incremental: the span is read once through an index; after that only the services the
        sync feed shows changed since (a finish, a rating) are read again, so a call costs the
        same at 9:00 and at 17:00, on the first day and after a year.
        """
        key = (staff_no, to_utc_text(start), to_utc_text(end))
        day = self._day
        if day is None or day.key != key:
            return self._read_day(key).figures()
        changes = execute(self._db, DAY_CHANGES_SQL, (day.seq,)).fetchall()
        if not changes:
            return day.figures()
        touched: set[str] = set()
        for seq, entity, entity_id, op, payload in changes:
            day.seq = max(day.seq, int(seq))
            if entity == "service":
                touched.add(str(entity_id))
            elif entity == "rating":
                service_id = json.loads(payload).get("service_id")
                if op != "upsert" or service_id is None:
                    return self._read_day(key).figures()  # a rating removed: read the day again
                touched.add(str(service_id))
        if touched:
            marks = ", ".join("?" for _ in touched)
            rows = execute(
                self._db, f"{_FINISHED} AND service.uuid IN ({marks})", (*key, *touched)
            ).fetchall()
            for service_id in touched:
                day.services.pop(service_id, None)
            day.services.update({uuid: (seconds, score) for uuid, seconds, score in rows})
        return day.figures()

    def _read_day(self, key: tuple[str, str, str]) -> _Day:
        # The feed position first: a change committed meanwhile is read again next time.
        seq = scalar(self._db, "SELECT coalesce(max(seq), 0) FROM sync_event")
        rows = execute(self._db, _FINISHED, key).fetchall()
        self._day = _Day(
            key, int(cast(int, seq)), {uuid: (seconds, score) for uuid, seconds, score in rows}
        )
        return self._day

    def rating_scores(self, service_ids: Iterable[str]) -> list[int]:
        """The scores given to these services (ratings without a score left out)."""
        ids = list(service_ids)
        if not ids:
            return []
        query = m.Rating.select(m.Rating.score).where(m.Rating.service.in_(ids))
        return [row.score for row in query.bind(self._db) if row.score is not None]

    def steps(self, service_id: str) -> list[StoredStep]:
        """The checked steps of a service, in checking order."""
        query = (
            m.StepRecord.select()
            .where(m.StepRecord.service == service_id)
            .order_by(m.StepRecord.checked_at)
        )
        return [
            StoredStep(
                uuid=row.uuid,
                step_id=row.step_id,
                checked_at=row.checked_at,
                seconds_open=row.seconds_open,
                value=row.value,
                authoriser=row.authoriser,
            )
            for row in query.bind(self._db)
        ]

    def kpi_day(
        self,
        *,
        branch: str,
        day: date,
        ticket_ids: Iterable[str],
        window: tuple[datetime, datetime],
    ) -> JournalDay:
        """A business day's rows in this journal, for the KPIs (:func:`read_journal_day`)."""
        return read_journal_day(
            self._db, branch=branch, day=day, ticket_ids=ticket_ids, window=window
        )

    def pending_actions(self) -> list[PendingAction]:
        """Queue changes not yet applied, oldest first."""
        query = (
            m.PendingQueueAction.select()
            .where(m.PendingQueueAction.applied_at.is_null())
            .order_by(m.PendingQueueAction.at)
        )
        return [
            PendingAction(
                uuid=row.uuid,
                ticket_id=row.ticket_id,
                action=row.action,
                counter=row.counter,
                at=row.at,
            )
            for row in query.bind(self._db)
        ]

    def _snapshot(self, snapshot_id: str | None) -> dict[str, Any] | None:
        """A stored procedure snapshot by id (a fresh copy the caller may change)."""
        if snapshot_id is None:
            return None
        found = self._snapshots.get(snapshot_id)
        if found is None:
            row = m.ProcedureSnapshot.select(m.ProcedureSnapshot.snapshot).where(
                m.ProcedureSnapshot.uuid == snapshot_id
            )
            found = dict(row.bind(self._db).get().snapshot)
            self._snapshots[snapshot_id] = found
        return copy.deepcopy(found)

    def _service(self, row: m.Service) -> ServiceRecord:
        return _service(row, self._snapshot(row.__data__.get("procedure_snapshot")))


def _service(row: m.Service, snapshot: dict[str, Any] | None) -> ServiceRecord:
    return ServiceRecord(
        uuid=row.uuid,
        ticket_id=row.ticket_id,
        ticket_label=row.ticket_label,
        business_type=row.business_type,
        counter=row.counter,
        staff_no=row.staff_no,
        procedure_type=row.procedure_type,
        procedure_version=row.procedure_version,
        called_at=row.called_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        state=row.state,
        finish_reason=row.finish_reason,
        override_by=row.override_by,
        # The raw column value: reading ``previous_service`` itself would run a query.
        previous_service_id=row.__data__.get("previous_service"),
        sop_snapshot=snapshot,
    )
