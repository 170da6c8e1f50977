"""The business day is the queue's own, and the waiting order is the order tickets joined.

A night kept open goes on past midnight: its tickets stay callable, counted and numbered on
until the day is closed. A wall clock stepping back never lets a later customer go first. Both
hold on SQLite and PostgreSQL, and on a queue upgraded from the schema before them.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import psycopg2
import pytest
from queue_helpers import MakeQueue
from shipped_schemas import SHIPPED_POSTGRES, SHIPPED_QUEUE_META, SHIPPED_SQLITE

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError, QueueEmptyError
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.tickets import TicketState
from counterdesk.queue.sql import DayClose, SqlQueue
from counterdesk.services.day_close import DayClosing

NOV30 = date(2026, 11, 30)
DEC1 = date(2026, 12, 1)
#: The last shipped schema versions before the business day and turns (SQLite, PostgreSQL).
BEFORE_SQLITE = 3
BEFORE_POSTGRES = 2


def at(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=UTC)


def counter(n: int, *serves: str) -> CallingPolicy:
    return CallingPolicy(counter=n, serves=serves or ("DEP", "WDR"), fairness_ratio=3)


@pytest.fixture(autouse=True)
def _no_day_closed(request: pytest.FixtureRequest) -> None:
    # The PostgreSQL test database lives for the whole session: no day open, closed or kept.
    if "make_queue" in request.fixturenames:
        make: MakeQueue = request.getfixturevalue("make_queue")
        make()._sql("DELETE FROM day_close")


def test_a_night_kept_open_goes_on_past_midnight_until_it_is_closed(
    queue: SqlQueue, clock: FixedClock
) -> None:
    assert queue.keep_open_tonight().kept_open
    clock.set(at(NOV30, 23, 58))
    late = queue.issue("DEP")
    assert (late.label, late.day) == ("A001", NOV30)

    clock.set(at(DEC1, 0, 2))
    status = queue.status()
    assert (status.day, status.waiting, status.issued_today) == ("2026-11-30", 1, 1)
    assert queue.find("A001").id == late.id
    called = queue.call_next(counter(1))
    assert called.ticket.id == late.id
    clock.set(at(DEC1, 0, 3))
    after_midnight = queue.issue("DEP")
    assert (after_midnight.label, after_midnight.day) == ("A002", NOV30)  # never A001 again
    assert queue.status().waiting == 1

    clock.set(at(DEC1, 0, 30))  # the manager closes the night by hand
    closed = queue.close_day()
    assert closed == DayClose(day=NOV30, expired=1, already_closed=False, closed_at=clock.now())
    assert queue.get(after_midnight.id).state is TicketState.EXPIRED
    assert queue.get(late.id).state is TicketState.CALLED  # at the counter: left alone

    clock.set(at(DEC1, 8, 0))
    morning = queue.issue("DEP")
    assert (morning.label, morning.day) == ("A001", DEC1)
    assert queue.status().day == "2026-12-01"
    assert queue.call_next(counter(2)).ticket.id == morning.id


def test_the_next_closing_run_closes_a_night_kept_open(queue: SqlQueue, clock: FixedClock) -> None:
    closing = DayClosing(queue, time(19, 0), now=clock.now)
    queue.keep_open_tonight()
    first = queue.issue("DEP")
    clock.set(at(NOV30, 19, 0))
    assert closing.close_if_due() == DayClose(
        day=NOV30, expired=0, already_closed=False, kept_open=True
    )
    clock.set(at(DEC1, 10, 0))
    next_morning = queue.issue("DEP")
    assert (next_morning.label, next_morning.day) == ("A002", NOV30)
    assert closing.close_if_due() is None  # not before the closing time

    clock.set(at(DEC1, 19, 0))
    closed = closing.close_if_due()

    assert closed == DayClose(day=NOV30, expired=2, already_closed=False, closed_at=clock.now())
    assert {queue.get(t.id).state for t in (first, next_morning)} == {TicketState.EXPIRED}
    assert queue.status().waiting == 0
    fresh = queue.issue("DEP")
    assert (fresh.label, fresh.day) == ("A001", DEC1)


def test_two_terminals_at_midnight_open_the_new_day_once(
    make_queue: MakeQueue, clock: FixedClock
) -> None:
    kiosk, counter_pc = make_queue(), make_queue()
    forgotten = kiosk.issue("DEP")  # nobody closes this day
    clock.set(at(DEC1, 0, 0, 1))

    labels = [kiosk.issue("DEP").label, counter_pc.issue("DEP").label, kiosk.issue("WDR").label]

    assert labels == ["A001", "A002", "B001"]
    expired = [e for e in kiosk.events(forgotten.id) if e[0] == "expire"]
    assert expired == [("expire", "waiting", "expired", None)]  # the catch-up ran once
    assert counter_pc.status().waiting == 3
    open_days = kiosk._sql(
        "SELECT day FROM day_close WHERE opened_at IS NOT NULL AND closed_at IS NULL"
    ).fetchall()
    assert [d for (d,) in open_days] == ["2026-12-01"]


def test_a_clock_stepping_back_never_puts_a_later_customer_first(
    queue: SqlQueue, clock: FixedClock
) -> None:
    first = queue.issue("DEP")
    clock.advance(-5)  # the PC's clock is corrected backwards
    second = queue.issue("DEP")
    assert second.queued_at < first.queued_at
    assert (queue.ahead_of(first), queue.ahead_of(second)) == (0, 1)
    assert queue.call_next(counter(1)).ticket.id == first.id
    queue.recycle(first.id, 1)  # sent back to fill in a form: behind everyone waiting
    clock.advance(-5)
    third = queue.issue("DEP")

    order = [queue.call_next(counter(1)).ticket.id for _ in range(3)]

    assert order == [second.id, first.id, third.id]
    with pytest.raises(QueueEmptyError):
        queue.call_next(counter(1))


# -- a queue of the schema before this change, upgraded with tickets waiting -----------------

#: Three customers waiting for DEP on a night kept open, written as the previous program
#: wrote them. The PC's clock stepped back between A002 and A003 (A003's time is earlier), and
#: A001 was called and sent back after both: the order they joined is A002, A003, A001.
_OLD_ROWS = (
    "INSERT INTO daily_counter (day, business_type, last_number) VALUES ('2026-11-30', 'DEP', 3)",
    "INSERT INTO day_close (day, closed_at, expired, kept_open) VALUES ('2026-11-30', NULL, 0, 1)",
    *(
        "INSERT INTO ticket (id, day, number, prefix, business_type, priority, state, lane, "
        "counter, call_count, issued_at, queued_at, called_at, started_at, ended_at, version) "
        f"VALUES ('{tid}', '2026-11-30', {number}, 'A', 'DEP', 0, 'waiting', 0, NULL, 0, "
        f"'{issued}', '{queued}', NULL, NULL, NULL, {version})"
        for tid, number, issued, queued, version in (
            ("t1", 1, "2026-11-30T23:50:00.000000Z", "2026-11-30T23:58:00.000000Z", 2),
            ("t2", 2, "2026-11-30T23:55:00.000000Z", "2026-11-30T23:55:00.000000Z", 0),
            ("t3", 3, "2026-11-30T23:54:57.000000Z", "2026-11-30T23:54:57.000000Z", 0),
        )
    ),
    *(
        "INSERT INTO ticket_event (ticket_id, action, from_state, to_state, counter, at) "
        f"VALUES ('{tid}', '{action}', {before}, '{after}', {desk}, '{when}')"
        for tid, action, before, after, desk, when in (
            ("t1", "issue", "NULL", "waiting", "NULL", "2026-11-30T23:50:00.000000Z"),
            ("t2", "issue", "NULL", "waiting", "NULL", "2026-11-30T23:55:00.000000Z"),
            ("t3", "issue", "NULL", "waiting", "NULL", "2026-11-30T23:54:57.000000Z"),
            ("t1", "call", "'waiting'", "called", "1", "2026-11-30T23:57:00.000000Z"),
            ("t1", "recycle", "'called'", "waiting", "1", "2026-11-30T23:58:00.000000Z"),
        )
    ),
)


def _check_upgraded(queue: SqlQueue, clock: FixedClock) -> None:
    clock.set(at(DEC1, 0, 10))
    status = queue.status()
    assert (status.day, status.waiting, status.issued_today) == ("2026-11-30", 3, 3)
    assert queue.ahead_of(queue.get("t1")) == 2
    newcomer = queue.issue("DEP")
    assert (newcomer.label, newcomer.day) == ("A004", NOV30)

    order = [queue.call_next(counter(1, "DEP")).ticket.label for _ in range(4)]

    assert order == ["A002", "A003", "A001", "A004"]


def test_an_upgraded_sqlite_queue_keeps_its_waiting_tickets_in_order(
    tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    from counterdesk.queue.sqlite import SqliteQueue

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    shipped = [s for v in range(1, BEFORE_SQLITE + 1) for s in SHIPPED_SQLITE[v]]
    for statement in (SHIPPED_QUEUE_META, *shipped, *_OLD_ROWS):
        con.execute(statement)
    con.execute(f"INSERT INTO queue_meta VALUES ('queue', {BEFORE_SQLITE})")
    con.commit()
    con.close()

    queue = SqliteQueue(path, catalogue, clock, local_zone=UTC)
    try:
        queue.open()
        _check_upgraded(queue, clock)
    finally:
        queue.close()


@pytest.mark.postgres
def test_an_upgraded_postgresql_queue_keeps_its_waiting_tickets_in_order(
    pg_empty_database: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    from counterdesk.queue.postgres import PG_SCHEMA_VERSION, PostgresQueue, init_schema

    con = psycopg2.connect(pg_empty_database)
    with con, con.cursor() as cur:
        for version in range(1, BEFORE_POSTGRES + 1):
            for statement in SHIPPED_POSTGRES[version]:
                cur.execute(statement)
        for statement in _OLD_ROWS:
            cur.execute(statement)
        cur.execute(f"INSERT INTO queue_meta VALUES ('queue', {BEFORE_POSTGRES})")
    con.close()
    assert init_schema(pg_empty_database) == (BEFORE_POSTGRES, PG_SCHEMA_VERSION)

    queue = PostgresQueue(pg_empty_database, catalogue, clock, local_zone=UTC)
    try:
        queue.open()
        _check_upgraded(queue, clock)
    finally:
        queue.close()


def test_a_day_kept_open_does_not_run_on_for_ever(queue: SqlQueue, clock: FixedClock) -> None:
    queue.keep_open_tonight()
    stale = queue.issue("DEP")
    clock.set(at(DEC1, 12, 0))
    assert queue.status().waiting == 1  # the night kept open runs on the next day
    clock.set(at(date(2026, 12, 2), 8, 0))  # nobody closed it at all

    assert queue.status().waiting == 0
    fresh = queue.issue("DEP")

    assert (fresh.label, fresh.day) == ("A001", date(2026, 12, 2))
    assert queue.get(stale.id).state is TicketState.EXPIRED
    assert queue.close_day(NOV30).already_closed
    assert clock.now() - queue.get(stale.id).issued_at > timedelta(days=1)


def test_after_the_close_tickets_are_refused_until_the_next_morning(
    queue: SqlQueue, clock: FixedClock
) -> None:
    clock.set(at(NOV30, 19, 0))
    queue.close_day()
    with pytest.raises(DomainError, match="is closed"):
        queue.issue("DEP")
    assert queue.close_day().already_closed
    clock.set(at(DEC1, 8, 0))

    fresh = queue.issue("DEP")

    assert (fresh.label, fresh.day) == ("A001", DEC1)
    assert queue.status().waiting == 1
