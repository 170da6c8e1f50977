"""A journal's rows of a business day for the KPIs: which rows are read, and as what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import peewee

from counterdesk.core.clock import FixedClock
from counterdesk.core.kpis import PauseRow, SessionRow
from counterdesk.storage.counter_journal import (
    CounterJournal,
    PauseRecord,
    ServiceRecord,
    SessionRecord,
)
from counterdesk.storage.unit_of_work import UnitOfWork

DAY = date(2026, 11, 30)


def at(hour: int, minute: int = 0, day: int = 30) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_only_the_days_tickets_and_the_sessions_overlapping_the_window_are_read(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    journal = CounterJournal(UnitOfWork(db, clock))
    with journal.transaction() as tx:
        for ticket_id in ("today", "yesterday"):
            tx.save_service(
                ServiceRecord(
                    ticket_id=ticket_id, ticket_label="A001", business_type="DEP", counter="4",
                    staff_no="1001", procedure_type="DEP", procedure_version=1,
                    called_at=at(9),
                )
            )  # fmt: skip
        sessions = [
            tx.save_session(SessionRecord("1001", "4", at(8), at(12))),
            tx.save_session(SessionRecord("1002", "5", at(23, day=29), at(0, 30))),  # overlaps
            tx.save_session(SessionRecord("1003", "6", at(18, day=29), at(23, day=29))),  # before
            tx.save_session(
                SessionRecord("1004", "6", datetime(2026, 12, 1, tzinfo=UTC), None)
            ),  # at the end: after
        ]
        tx.save_pause(PauseRecord(sessions[0].uuid, "lunch", at(11), at(11, 30)))
        tx.save_pause(PauseRecord(sessions[2].uuid, "lunch", at(20, day=29), at(21, day=29)))
    # More ids than one IN list holds: the day's ticket is in the third chunk.
    ids = [f"other-{n}" for n in range(1200)] + ["today"]
    window = (at(0), at(0) + timedelta(days=1))
    rows = journal.kpi_day(branch="BJ0101", day=DAY, ticket_ids=ids, window=window)

    (service,) = rows.services
    assert (service.ticket_id, service.counter, service.teller, service.state) == (
        "today", 4, "1001", "open",
    )  # fmt: skip
    assert (service.branch, service.day, service.finished_at, service.mandatory_steps) == (
        "BJ0101", DAY, None, (),
    )  # fmt: skip
    assert rows.sessions == (
        SessionRow(sessions[1].uuid, "BJ0101", DAY, 5, "1002", at(23, day=29), at(0, 30)),
        SessionRow(sessions[0].uuid, "BJ0101", DAY, 4, "1001", at(8), at(12)),
    )
    assert rows.pauses == (PauseRow(sessions[0].uuid, "lunch", at(11), at(11, 30)),)
    assert journal.kpi_day(branch="BJ0101", day=DAY, ticket_ids=[], window=window).services == ()
