"""The queue refuses what no counter could ever call, and forgets counters that stopped beating.

A ticket of a priority the counters do not call, or transferred to a counter that does not
exist, is closed, crashed or does not serve its business, would wait for ever; the queue itself
refuses them (on both engines), whoever asks.
"""

from __future__ import annotations

import pytest
from queue_helpers import MakeQueue

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.tickets import Ticket, TicketState
from counterdesk.queue.base import HEARTBEAT_SECONDS, STALE_AFTER_SECONDS, CounterMode
from counterdesk.queue.sql import SqlQueue


def counter(n: int, *serves: str) -> CallingPolicy:
    return CallingPolicy(counter=n, serves=serves or ("DEP", "WDR"))


@pytest.mark.parametrize("priority", [3, 7, 100, -1])
def test_a_priority_no_counter_calls_is_refused_and_nothing_is_written(
    queue: SqlQueue, priority: int
) -> None:
    before = queue.last_event_seq()

    with pytest.raises(DomainError, match=rf"unknown priority level '{priority}'"):
        queue.issue("DEP", priority)

    status = queue.status()
    assert status.waiting == 0
    assert status.issued_today == 0, "no number was used up"
    assert queue.last_event_seq() == before
    assert queue.issue("DEP").label == "A001", "the next customer gets the first number"


def test_every_priority_the_policy_knows_is_callable(queue: SqlQueue) -> None:
    issued = [queue.issue("DEP", level) for level in (0, 1, 2)]
    called = [queue.call_next(counter(1)).ticket.id for _ in issued]
    assert sorted(called) == sorted(t.id for t in issued)


def _at_counter_1(queue: SqlQueue) -> Ticket:
    queue.set_counter_mode(1, CounterMode.OPEN, serves=("DEP", "WDR"))
    queue.issue("DEP")
    return queue.call_next(counter(1)).ticket


@pytest.mark.parametrize("target", [-1, 0, 13, 999, 99999999999999999999])
def test_a_transfer_to_a_counter_that_does_not_exist_is_refused(
    queue: SqlQueue, target: int
) -> None:
    ticket = _at_counter_1(queue)

    with pytest.raises(DomainError, match=rf"there is no counter {target}; ticket A001"):
        queue.transfer(ticket.id, 1, to_counter=target)

    assert queue.get(ticket.id) == ticket, "the ticket is unchanged"
    assert [t.id for t in queue.at_counter(1)] == [ticket.id]


def test_a_transfer_to_a_closed_counter_is_refused(queue: SqlQueue) -> None:
    ticket = _at_counter_1(queue)
    queue.set_counter_mode(2, CounterMode.OPEN, serves=("DEP",))
    queue.set_counter_mode(2, CounterMode.CLOSED)

    with pytest.raises(DomainError, match="counter 2 is closed; ticket A001 was not transferred"):
        queue.transfer(ticket.id, 1, to_counter=2)
    assert queue.get(ticket.id) == ticket


def test_a_transfer_to_a_counter_that_does_not_serve_the_business_is_refused(
    queue: SqlQueue,
) -> None:
    ticket = _at_counter_1(queue)
    queue.set_counter_mode(2, CounterMode.OPEN, serves=("FX",))

    with pytest.raises(DomainError, match="counter 2 does not serve DEP"):
        queue.transfer(ticket.id, 1, to_counter=2)
    with pytest.raises(DomainError, match="counter 2 does not serve WDR"):
        queue.transfer(ticket.id, 1, business_type="WDR", to_counter=2)
    assert queue.get(ticket.id) == ticket

    # The type the ticket has after the transfer is what counts.
    moved = queue.transfer(ticket.id, 1, business_type="FX", to_counter=2)
    assert queue.call_next(counter(2, "FX")).ticket.id == moved.id


def test_a_transfer_to_a_counter_that_stopped_beating_is_refused(
    queue: SqlQueue, clock: FixedClock
) -> None:
    queue.set_counter_mode(2, CounterMode.OPEN, serves=("DEP",))
    ticket = _at_counter_1(queue)
    clock.advance(STALE_AFTER_SECONDS + 1)

    with pytest.raises(DomainError, match="counter 2 is not responding"):
        queue.transfer(ticket.id, 1, to_counter=2)
    assert queue.get(ticket.id) == ticket

    queue.heartbeat(2)
    moved = queue.transfer(ticket.id, 1, to_counter=2)
    assert moved.state is TicketState.WAITING
    assert queue.call_next(counter(2, "DEP")).ticket.id == ticket.id


def test_a_refused_transfer_leaves_the_ticket_callable_where_it_was(queue: SqlQueue) -> None:
    ticket = _at_counter_1(queue)
    with pytest.raises(DomainError):
        queue.transfer(ticket.id, 1, to_counter=13)

    served = queue.start(ticket.id, 1)
    assert queue.finish(served.id, 1).state is TicketState.FINISHED


def test_a_transfer_to_a_paused_live_counter_serving_the_business_is_kept_for_it(
    queue: SqlQueue,
) -> None:
    ticket = _at_counter_1(queue)
    queue.set_counter_mode(2, CounterMode.OPEN, serves=("DEP",))
    queue.set_counter_mode(2, CounterMode.PAUSED, "lunch")

    queue.transfer(ticket.id, 1, to_counter=2)

    queue.set_counter_mode(2, CounterMode.OPEN)
    assert queue.call_next(counter(2, "DEP")).ticket.id == ticket.id


def test_a_counter_without_heartbeat_is_not_open_and_shows_not_responding(
    make_queue: MakeQueue, clock: FixedClock
) -> None:
    desk, kiosk = make_queue(), make_queue()
    desk.set_counter_mode(3, CounterMode.OPEN, serves=("FX",))
    desk.set_counter_mode(4, CounterMode.OPEN, serves=("DEP",))
    assert set(kiosk.open_counters()) == {3, 4}

    for _ in range(3):  # counter 4 keeps beating; counter 3 crashed
        clock.advance(HEARTBEAT_SECONDS)
        desk.heartbeat(4)
    clock.advance(1)

    assert kiosk.open_counters() == {4: ("DEP",)}
    by_number = {c.counter: c for c in kiosk.status().counters}
    assert by_number[3].mode is CounterMode.OPEN
    assert not by_number[3].responding
    assert by_number[4].responding
    assert kiosk.status().transfer_targets("FX") == ()

    desk.heartbeat(3)
    assert set(kiosk.open_counters()) == {3, 4}
    assert kiosk.status().transfer_targets("FX", exclude=4) == (3,)


def test_a_closed_counter_needs_no_heartbeat(queue: SqlQueue, clock: FixedClock) -> None:
    queue.set_counter_mode(5, CounterMode.OPEN)
    queue.set_counter_mode(5, CounterMode.CLOSED)
    clock.advance(STALE_AFTER_SECONDS * 10)
    (status,) = queue.status().counters
    assert status.responding
    assert not status.live
