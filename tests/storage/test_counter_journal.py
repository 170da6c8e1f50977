"""The counter journal repository: plain records in and out, every write in the unit of work."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import peewee
import pytest

from counterdesk.core.clock import FixedClock
from counterdesk.core.procedures import StepRecord
from counterdesk.core.ratings import RatingPrompt, RatingScale
from counterdesk.storage import open_journal
from counterdesk.storage.counter_journal import CounterJournal, PendingAction, ServiceRecord
from counterdesk.storage.unit_of_work import UnitOfWork


def _service(clock: FixedClock, **changes: object) -> ServiceRecord:
    record = ServiceRecord(
        ticket_id="t-1", ticket_label="A001", business_type="DEP", counter="3",
        staff_no="1001", procedure_type="DEP", procedure_version=1, called_at=clock.now(),
        sop_snapshot={"business_type": "DEP", "version": 1},
    )  # fmt: skip
    for name, value in changes.items():
        setattr(record, name, value)
    return record


def test_a_service_and_its_steps_come_back_as_records(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    journal = CounterJournal(UnitOfWork(db, clock))
    with journal.transaction() as tx:
        first = tx.save_service(_service(clock))
        second = tx.save_service(_service(clock, previous_service_id=first.uuid))
        step = StepRecord("identity", clock.now(), 8_000_000, None, 12.5, 1)
        row_id = tx.add_step(second.uuid, step, checked_by="1001")
    assert first.uuid
    assert second.uuid != first.uuid

    found = journal.open_services(3)
    assert [s.uuid for s in found] == [first.uuid, second.uuid]
    assert found[1].previous_service_id == first.uuid
    assert found[1].sop_snapshot == {"business_type": "DEP", "version": 1}
    (stored,) = journal.steps(second.uuid)
    assert (stored.uuid, stored.step_id, stored.value) == (row_id, "identity", "8000000")

    second.state, second.finished_at = "finished", clock.now()
    with journal.transaction() as tx:
        tx.save_service(second)
        tx.delete_step(row_id)
    assert [s.uuid for s in journal.open_services(3)] == [first.uuid]
    assert [s.uuid for s in journal.finished_by("1001", clock.now() - timedelta(hours=1))] == [
        second.uuid
    ]
    assert journal.steps(second.uuid) == []


def test_ratings_and_pending_queue_work(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    journal = CounterJournal(UnitOfWork(db, clock))
    with journal.transaction() as tx:
        service = tx.save_service(_service(clock, state="finished", finished_at=clock.now()))
    assert [s.uuid for s in journal.finished_unrated(3)] == [service.uuid]
    prompt = RatingPrompt(service.uuid, RatingScale(), clock.now())
    rating = prompt.choose_score(5, clock.now())
    assert rating is not None
    with journal.transaction() as tx:
        tx.add_rating(rating)
    assert journal.finished_unrated(3) == []
    assert journal.rating_scores([service.uuid]) == [5]

    action = PendingAction("p-1", "t-1", "finish", 3, clock.now())
    with journal.transaction() as tx:
        tx.add_pending(action)
    assert journal.pending_actions() == [action]
    with journal.transaction() as tx:
        tx.pending_done("p-1", "applied", clock.now())
    assert journal.pending_actions() == []


def test_a_failed_transaction_leaves_no_pending_work(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    journal = CounterJournal(UnitOfWork(db, clock))

    def finish_offline_and_crash() -> None:
        with journal.transaction() as tx:
            tx.save_service(_service(clock))
            tx.add_pending(PendingAction("p-1", "t-1", "finish", 3, clock.now()))
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        finish_offline_and_crash()
    assert journal.pending_actions() == []
    assert journal.open_services(3) == []


def test_reads_use_the_database_the_unit_of_work_writes(tmp_path: Path, clock: FixedClock) -> None:
    mine = open_journal(tmp_path / "mine.db", clock)
    journal = CounterJournal(UnitOfWork(mine, clock))
    with journal.transaction() as tx:
        tx.save_service(_service(clock))
    # Another journal opened later takes the global proxy; this repository is not fooled.
    other = open_journal(tmp_path / "other.db", clock)
    try:
        assert len(journal.open_services(3)) == 1
        assert CounterJournal(UnitOfWork(other, clock)).open_services(3) == []
    finally:
        other.close()
        mine.close()
