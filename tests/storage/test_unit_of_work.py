from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import peewee
import pytest
from journal_helpers import raw

from counterdesk.core.clock import FixedClock
from counterdesk.storage import UnitOfWork, events_after
from counterdesk.storage.models import AuditLog, Rating, Service, StepRecord, SyncEvent


@pytest.fixture
def uow(db: peewee.SqliteDatabase, clock: FixedClock) -> UnitOfWork:
    numbers = itertools.count(1)
    return UnitOfWork(db, clock, ids=lambda: f"id-{next(numbers):04d}")


def new_service(clock: FixedClock, label: str = "A007") -> Service:
    return Service(
        ticket_id=f"2026-11-30/{label}",
        ticket_label=label,
        business_type=label[0],
        counter="3",
        staff_no="T042",
        procedure_type="deposit",
        procedure_version=3,
        called_at=clock.now(),
    )


def test_save_writes_the_row_and_its_event_together(uow: UnitOfWork, clock: FixedClock) -> None:
    with uow.transaction() as tx:
        service = tx.save(new_service(clock))

    assert service.uuid == "id-0001"
    stored = Service.get_by_id("id-0001")
    assert stored.updated_at == clock.now()
    assert stored.called_at.tzinfo is not None
    [event] = uow.events_after(0)
    assert (event.uuid, event.entity, event.entity_id, event.op) == (
        "id-0002",
        "service",
        "id-0001",
        "upsert",
    )
    assert event.at == clock.now()
    assert event.payload["uuid"] == "id-0001"
    assert event.payload["called_at"] == "2026-11-30T09:00:00.000000Z"
    assert event.payload["state"] == "open"


def test_saving_again_updates_the_row_and_appends_another_event(
    uow: UnitOfWork, clock: FixedClock
) -> None:
    with uow.transaction() as tx:
        service = tx.save(new_service(clock))
    clock.advance(90)
    service.state = "finished"
    service.finished_at = clock.now()
    with uow.transaction() as tx:
        tx.save(service)

    assert Service.select().count() == 1
    stored = Service.get_by_id(service.uuid)
    assert (stored.state, stored.finished_at, stored.updated_at) == (
        "finished",
        clock.now(),
        clock.now(),
    )
    events = uow.events_after(0)
    assert [e.payload["state"] for e in events] == ["open", "finished"]
    assert events[1].payload["updated_at"] == "2026-11-30T09:01:30.000000Z"


def test_an_exception_leaves_neither_row_nor_event(uow: UnitOfWork, clock: FixedClock) -> None:
    def call_then_crash() -> None:
        with uow.transaction() as tx:
            tx.save(new_service(clock))
            tx.audit("T042", "service.call", {"ticket": "A007"})
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        call_then_crash()

    assert Service.select().count() == 0
    assert AuditLog.select().count() == 0
    assert SyncEvent.select().count() == 0


def test_a_failing_write_rolls_back_the_earlier_ones(uow: UnitOfWork, clock: FixedClock) -> None:
    with uow.transaction() as tx:
        service = tx.save(new_service(clock))
    orphan = StepRecord(
        service="no-such-service",
        step_id="check-id",
        checked_at=clock.now(),
        seconds_open=1.0,
        checked_by="T042",
    )

    def audit_then_fail() -> None:
        with uow.transaction() as tx:
            tx.audit("T042", "service.finish", {})
            tx.save(orphan)

    with pytest.raises(peewee.IntegrityError, match="FOREIGN KEY"):
        audit_then_fail()
    assert AuditLog.select().count() == 0
    assert [e.entity_id for e in uow.events_after(0)] == [service.uuid]


def test_audit_rows_sync_too(uow: UnitOfWork, clock: FixedClock) -> None:
    with uow.transaction() as tx:
        row = tx.audit("S007", "service.override", {"ticket": "A007", "steps": ["check-id"]})
    stored = AuditLog.get_by_id(row.uuid)
    assert (stored.at, stored.actor, stored.action) == (clock.now(), "S007", "service.override")
    assert stored.detail == {"ticket": "A007", "steps": ["check-id"]}
    [event] = uow.events_after(0)
    assert (event.entity, event.entity_id) == ("audit_log", row.uuid)


def test_one_rating_per_service(uow: UnitOfWork, clock: FixedClock) -> None:
    with uow.transaction() as tx:
        service = tx.save(new_service(clock))
        tx.save(
            Rating(
                service=service,
                outcome="answered",
                score=5,
                prompted_at=clock.now(),
                answered_at=clock.now(),
            )
        )
    with pytest.raises(peewee.IntegrityError, match="UNIQUE"), uow.transaction() as tx:
        tx.save(Rating(service=service, outcome="timeout", prompted_at=clock.now()))
    assert Rating.get(Rating.service == service).reasons == []
    assert Rating.select().count() == 1


def test_events_after_reads_the_feed_in_order_from_a_watermark(
    uow: UnitOfWork, clock: FixedClock
) -> None:
    for n in range(7):
        with uow.transaction() as tx:
            tx.audit("T042", f"action-{n}", {"n": n})
        clock.advance(1)
    everything = uow.events_after(0, limit=100)
    assert [e.seq for e in everything] == sorted(e.seq for e in everything)
    assert [e.payload["action"] for e in everything] == [f"action-{n}" for n in range(7)]
    first = uow.events_after(0, limit=3)
    rest = uow.events_after(first[-1].seq, limit=100)
    assert first + rest == everything
    assert uow.events_after(everything[-1].seq) == []
    with pytest.raises(ValueError, match="limit"):
        uow.events_after(0, limit=0)


def test_events_after_works_on_a_given_database(db: peewee.SqliteDatabase, uow: UnitOfWork) -> None:
    with uow.transaction() as tx:
        tx.audit("system", "start", {})
    assert [e.op for e in events_after(db, 0)] == ["upsert"]


def test_delete_removes_the_row_and_records_it(uow: UnitOfWork, clock: FixedClock) -> None:
    with uow.transaction() as tx:
        row = tx.audit("T042", "typo", {})
    with uow.transaction() as tx:
        tx.delete(row)
    assert AuditLog.get_or_none(AuditLog.uuid == row.uuid) is None
    last = uow.events_after(0)[-1]
    assert (last.op, last.entity_id, last.payload) == ("delete", row.uuid, {"uuid": row.uuid})


def test_the_transaction_cannot_be_used_after_the_block(uow: UnitOfWork, clock: FixedClock) -> None:
    with uow.transaction() as tx:
        pass
    with pytest.raises(RuntimeError, match="transaction has ended"):
        tx.audit("T042", "late", {})


def test_the_write_lock_is_taken_at_begin(
    uow: UnitOfWork, journal_path: Path, clock: FixedClock
) -> None:
    other = sqlite3.connect(journal_path, isolation_level=None, timeout=0)
    try:
        # Nothing written yet, but BEGIN IMMEDIATE already holds the write lock.
        with uow.transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_times_are_utc_text_and_come_back_aware(
    db: peewee.SqliteDatabase, journal_path: Path
) -> None:
    taipei = timezone(timedelta(hours=8))
    local_clock = FixedClock(datetime(2026, 11, 30, 17, 0, 0, 250_000, tzinfo=taipei))
    with UnitOfWork(db, local_clock).transaction() as tx:
        row = tx.audit("T042", "x", {})
    conn = raw(journal_path)
    stored = conn.execute("SELECT at FROM audit_log").fetchone()[0]
    conn.close()
    assert stored == "2026-11-30T09:00:00.250000Z"
    back = AuditLog.get_by_id(row.uuid).at
    assert back == datetime(2026, 11, 30, 9, 0, 0, 250_000, tzinfo=UTC)
    assert back.tzinfo == UTC


def test_naive_times_are_refused(uow: UnitOfWork, clock: FixedClock) -> None:
    service = new_service(clock)
    service.called_at = datetime(2026, 11, 30, 9, 0)  # naive on purpose
    with pytest.raises(ValueError, match="naive"), uow.transaction() as tx:
        tx.save(service)
    assert Service.select().count() == 0
