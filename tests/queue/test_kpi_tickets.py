"""The queue's tickets of a business day as KPI rows, on both engines.

A night kept open: one ticket is called, recalled, held, transferred to another type and
served at another counter; one is still waiting when the night is closed after midnight; one is
issued before midnight and called after it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from queue_helpers import MakeQueue

from counterdesk.core.clock import FixedClock
from counterdesk.core.kpis import Durations, Share, TicketEvent, arrivals, waiting_times, walk_aways
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.sql import SqlQueue

NOV30 = date(2026, 11, 30)
DEC1 = date(2026, 12, 1)


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_day_closed(make_queue: MakeQueue) -> None:
    # The PostgreSQL test database lives for the whole session: no day open, closed or kept.
    make_queue()._sql("DELETE FROM day_close")


def test_a_kept_open_night_read_as_ticket_rows(queue: SqlQueue, clock: FixedClock) -> None:
    queue.keep_open_tonight()
    deposit, withdrawal = CallingPolicy(1, ("DEP",)), CallingPolicy(2, ("WDR",))
    clock.set(at(NOV30, 9, 0))
    moved = queue.issue("DEP")
    clock.set(at(NOV30, 9, 1))
    left = queue.issue("DEP")
    clock.set(at(NOV30, 9, 5))
    queue.call_next(deposit)
    steps = [(6, queue.recall), (7, queue.start), (8, queue.hold), (9, queue.resume)]
    for minute, action in steps:
        clock.set(at(NOV30, 9, minute))
        action(moved.id, 1)
    clock.set(at(NOV30, 9, 10))
    queue.transfer(moved.id, 1, business_type="WDR")
    clock.set(at(NOV30, 9, 20))
    assert queue.call_next(withdrawal).ticket.id == moved.id
    clock.set(at(NOV30, 9, 21))
    queue.start(moved.id, 2)
    clock.set(at(NOV30, 9, 30))
    queue.finish(moved.id, 2)
    clock.set(at(NOV30, 23, 50))
    late = queue.issue("DEP")
    clock.set(at(DEC1, 0, 10))
    queue.call_next(CallingPolicy(1, ("DEP",), fairness_ratio=3))  # A002 waits: its turn first
    clock.set(at(DEC1, 0, 11))
    queue.no_show(left.id, 1)
    clock.set(at(DEC1, 0, 12))
    assert queue.call_next(deposit).ticket.id == late.id
    clock.set(at(DEC1, 0, 30))
    queue.close_day()

    rows = {row.label: row for row in queue.kpi_tickets(NOV30, "BJ0101")}
    assert list(rows) == ["A001", "A002", "A003"]  # in order of issue
    a1 = rows["A001"]
    assert (a1.branch, a1.day, a1.business_type, a1.final_type, a1.state) == (
        "BJ0101", NOV30, "DEP", "WDR", "finished",
    )  # fmt: skip
    assert (a1.issued_at, a1.first_called_at, a1.first_counter, a1.ended_at) == (
        at(NOV30, 9, 0), at(NOV30, 9, 5), 1, at(NOV30, 9, 30),
    )  # fmt: skip
    assert a1.events == (
        TicketEvent("issue", at(NOV30, 9, 0), None),
        TicketEvent("call", at(NOV30, 9, 5), 1),
        TicketEvent("recall", at(NOV30, 9, 6), 1),
        TicketEvent("start", at(NOV30, 9, 7), 1),
        TicketEvent("hold", at(NOV30, 9, 8), 1),
        TicketEvent("resume", at(NOV30, 9, 9), 1),
        TicketEvent("transfer", at(NOV30, 9, 10), 1),
        TicketEvent("call", at(NOV30, 9, 20), 2),
        TicketEvent("start", at(NOV30, 9, 21), 2),
        TicketEvent("finish", at(NOV30, 9, 30), 2),
    )
    a2 = rows["A002"]  # called after midnight, then a no-show
    assert (a2.state, a2.first_called_at, a2.ended_at) == (
        "no_show", at(DEC1, 0, 10), at(DEC1, 0, 11),
    )  # fmt: skip
    a3 = rows["A003"]  # issued before midnight, called after, still at the counter
    assert (a3.day, a3.state, a3.first_called_at, a3.first_counter, a3.ended_at) == (
        NOV30, "called", at(DEC1, 0, 12), 1, None,
    )  # fmt: skip
    assert queue.kpi_tickets(DEC1, "BJ0101") == []  # the night belongs to Nov 30

    # The figures of these rows: 3 arrivals; waits A001 300 (9:00→9:05), A002 54540
    # (9:01→00:10 = 15 h 9 min), A003 1320 (23:50→00:12); sorted 300 1320 54540: mean
    # 56160/3 = 18720, median 1320, p90 rank ceil(2.7) = 3 → 54540. A002 walked away: 1/3.
    values = list(rows.values())
    assert arrivals(values) == {(): 3}
    assert waiting_times(values) == {(): Durations(3, 18720.0, 1320.0, 54540.0)}
    assert walk_aways(values) == {(): Share(1, 3)}
