"""Day close: tickets never called expire (kept, with an event each) and the day closes once."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from queue_helpers import MakeQueue

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError, QueueEmptyError
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.tickets import Ticket, TicketState
from counterdesk.queue.base import CounterMode
from counterdesk.queue.sql import DayClose, SqlQueue

TODAY = date(2026, 11, 30)  # the `clock` fixture's day (09:00 UTC; the queue's zone is UTC)
CLOSING = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_day_closed(queue: SqlQueue) -> None:
    # The PostgreSQL test database lives for the whole session; start every test with no
    # day closed or kept open, as on a fresh SQLite file.
    queue._sql("DELETE FROM day_close")


def counter(n: int, *serves: str) -> CallingPolicy:
    return CallingPolicy(counter=n, serves=serves or ("DEP", "WDR"), fairness_ratio=3)


def expire_events(
    queue: SqlQueue, ticket: Ticket
) -> list[tuple[str, str, int | None, dict[str, str]]]:
    rows = queue._sql(
        "SELECT from_state, to_state, counter, detail FROM ticket_event "
        "WHERE ticket_id = ? AND action = 'expire' ORDER BY seq",
        (ticket.id,),
    ).fetchall()
    return [(r[0], r[1], r[2], json.loads(r[3])) for r in rows]


def test_waiting_tickets_expire_with_an_event_each_and_others_are_untouched(
    queue: SqlQueue, clock: FixedClock
) -> None:
    finished = queue.issue("DEP")
    serving = queue.issue("DEP")
    called = queue.issue("WDR")
    sent_back = queue.issue("WDR")
    never_called = [queue.issue("DEP"), queue.issue("WDR")]
    assert queue.call_next(counter(1, "DEP")).ticket.id == finished.id
    queue.finish(queue.start(finished.id, 1).id, 1)
    assert queue.call_next(counter(2, "DEP")).ticket.id == serving.id
    queue.start(serving.id, 2)
    assert queue.call_next(counter(3, "DEP")).ticket.id == never_called[0].id
    queue.recycle(never_called[0].id, 3)  # put back in the queue: waiting again
    assert queue.call_next(counter(4, "WDR")).ticket.id == called.id
    assert queue.call_next(counter(5, "WDR")).ticket.id == sent_back.id
    queue.set_counter_mode(6, CounterMode.OPEN)
    queue.transfer(sent_back.id, 5, to_counter=6)  # waiting for counter 6 only
    clock.set(CLOSING)

    result = queue.close_day()

    assert result == DayClose(day=TODAY, expired=3, already_closed=False, closed_at=CLOSING)
    for ticket in (*never_called, sent_back):
        after = queue.get(ticket.id)
        assert after.state is TicketState.EXPIRED
        assert after.ended_at == CLOSING
        assert (after.label, after.number) == (ticket.label, ticket.number)  # kept, not deleted
        assert expire_events(queue, ticket) == [
            ("waiting", "expired", None, {"reason": "day close"})
        ]
        assert queue.events(ticket.id)[-1] == ("expire", "waiting", "expired", None)
    assert queue.get(finished.id).state is TicketState.FINISHED
    assert queue.get(serving.id).state is TicketState.SERVING
    assert queue.get(called.id).state is TicketState.CALLED
    assert all(expire_events(queue, t) == [] for t in (finished, serving, called))


def test_closing_twice_expires_nothing_more_and_says_already_closed(
    make_queue: MakeQueue, clock: FixedClock
) -> None:
    first, second = make_queue(), make_queue()  # two terminals at the closing hour
    waiting = [first.issue("DEP"), first.issue("WDR")]
    clock.set(CLOSING)
    assert first.close_day().expired == 2
    clock.advance(5)

    again = second.close_day(TODAY)
    also = first.close_day()

    for result in (again, also):
        assert (result.day, result.expired, result.already_closed) == (TODAY, 0, True)
        assert (result.kept_open, result.closed_at) == (False, CLOSING)
    for ticket in waiting:
        assert len(expire_events(first, ticket)) == 1
        assert first.get(ticket.id).version == ticket.version + 1


def test_a_closed_day_refuses_new_tickets_until_the_next_day_opens(
    queue: SqlQueue, clock: FixedClock
) -> None:
    waiting = queue.issue("DEP")
    clock.set(CLOSING)
    queue.close_day()

    with pytest.raises(DomainError) as refused:
        queue.issue("DEP")

    assert refused.value.template.startswith("the business day {day} is closed")
    assert refused.value.params == {"day": TODAY.isoformat()}
    assert "next business day opens" in str(refused.value)
    assert queue.status().issued_today == 1  # nothing was numbered
    with pytest.raises(QueueEmptyError):
        queue.call_next(counter(1))
    assert queue.get(waiting.id).state is TicketState.EXPIRED

    clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))  # the next calendar day opens a new day
    morning = queue.issue("DEP")
    assert (morning.label, morning.day) == ("A001", date(2026, 12, 1))
    assert queue.call_next(counter(1)).ticket.id == morning.id


def test_closing_a_day_before_its_first_ticket_refuses_tickets_that_day(
    queue: SqlQueue, clock: FixedClock
) -> None:
    clock.set(CLOSING)
    queue.close_day()

    with pytest.raises(DomainError, match="is closed"):
        queue.issue("WDR")


def test_keep_open_tonight_makes_closing_that_day_a_no_op(
    queue: SqlQueue, clock: FixedClock
) -> None:
    waiting = queue.issue("DEP")
    kept = queue.keep_open_tonight()
    assert kept == DayClose(day=TODAY, expired=0, already_closed=False, kept_open=True)
    clock.set(CLOSING)

    result = queue.close_day()

    assert (result.expired, result.already_closed, result.kept_open) == (0, False, True)
    assert queue.get(waiting.id).state is TicketState.WAITING
    assert expire_events(queue, waiting) == []
    assert queue.keep_open_tonight(TODAY).kept_open  # asking twice is harmless
    assert queue.call_next(counter(1)).ticket.id == waiting.id


def test_keep_open_only_covers_its_own_day(queue: SqlQueue, clock: FixedClock) -> None:
    queue.keep_open_tonight(date(2026, 12, 1))  # tomorrow may be planned ahead
    waiting = queue.issue("DEP")
    clock.set(CLOSING)
    assert queue.close_day().expired == 1
    clock.set(datetime(2026, 12, 1, 19, 0, tzinfo=UTC))
    tomorrow = queue.issue("DEP")
    assert queue.close_day().kept_open
    assert queue.get(tomorrow.id).state is TicketState.WAITING
    assert queue.get(waiting.id).state is TicketState.EXPIRED


def test_too_late_to_keep_a_closed_day_open(queue: SqlQueue, clock: FixedClock) -> None:
    clock.set(CLOSING)
    queue.close_day()
    result = queue.keep_open_tonight()
    assert (result.already_closed, result.kept_open) == (True, False)


def test_a_day_that_has_not_begun_cannot_be_closed(queue: SqlQueue) -> None:
    with pytest.raises(DomainError, match="cannot close 2026-12-01: that day has not begun"):
        queue.close_day(date(2026, 12, 1))


def test_next_days_numbering_starts_at_one(queue: SqlQueue, clock: FixedClock) -> None:
    assert [queue.issue("DEP").label for _ in range(3)] == ["A001", "A002", "A003"]
    clock.set(CLOSING)
    queue.close_day()
    clock.set(datetime(2026, 12, 1, 8, 30, tzinfo=UTC))

    assert queue.issue("DEP").label == "A001"
    assert queue.issue("WDR").label == "B001"
    assert queue.status().issued_today == 2


def test_yesterday_can_be_closed_the_next_morning(queue: SqlQueue, clock: FixedClock) -> None:
    forgotten = queue.issue("DEP")
    clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))

    result = queue.close_day(TODAY)

    assert (result.day, result.expired) == (TODAY, 1)
    assert queue.get(forgotten.id).state is TicketState.EXPIRED
    today = queue.issue("DEP")
    assert (today.day, today.label) == (date(2026, 12, 1), "A001")
    assert queue.close_day().expired == 1  # today is a day of its own
    assert queue.get(today.id).state is TicketState.EXPIRED


def test_a_day_nobody_closed_is_closed_by_the_next_days_first_ticket(
    queue: SqlQueue, clock: FixedClock
) -> None:
    forgotten = queue.issue("DEP")
    morning = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    clock.set(morning)
    assert queue.status().waiting == 0  # no longer the business day
    with pytest.raises(QueueEmptyError):
        queue.call_next(counter(1))

    today = queue.issue("DEP")

    assert (today.day, today.label) == (date(2026, 12, 1), "A001")
    after = queue.get(forgotten.id)
    assert (after.state, after.ended_at) == (TicketState.EXPIRED, morning)
    assert expire_events(queue, forgotten) == [
        ("waiting", "expired", None, {"reason": "day not closed"})
    ]
    closed = queue.close_day(TODAY)
    assert (closed.already_closed, closed.closed_at) == (True, morning)
    assert queue.get(today.id).state is TicketState.WAITING
    assert queue.call_next(counter(1)).ticket.id == today.id


def test_expired_tickets_are_not_called_counted_or_ahead(
    queue: SqlQueue, clock: FixedClock
) -> None:
    for _ in range(3):
        queue.issue("DEP")
        clock.advance(10)
    queue.close_day()

    with pytest.raises(QueueEmptyError):
        queue.call_next(counter(1))
    status = queue.status()
    assert (status.waiting, status.issued_today) == (0, 3)
    with pytest.raises(DomainError, match="is closed"):
        queue.issue("DEP")
