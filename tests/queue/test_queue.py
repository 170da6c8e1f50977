from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from queue_helpers import MakeQueue

from counterdesk.core.business import Catalogue, Priority
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    QueueEmptyError,
    TransitionError,
)
from counterdesk.core.policy import CallingPolicy, CallReason
from counterdesk.core.tickets import Action, TicketState
from counterdesk.queue.base import CounterMode
from counterdesk.queue.sql import COLUMNS, Head, SqlQueue


def counter(n: int, *serves: str, ratio: int = 3) -> CallingPolicy:
    return CallingPolicy(counter=n, serves=serves or ("DEP", "WDR"), fairness_ratio=ratio)


def test_numbers_follow_each_type_and_restart_next_day(queue: SqlQueue, clock: FixedClock) -> None:
    labels = [queue.issue(code).label for code in ("DEP", "DEP", "WDR", "A", "b")]
    assert labels == ["A001", "A002", "B001", "A003", "B002"]
    clock.set(datetime(2026, 12, 1, 0, 0, 1, tzinfo=UTC))
    assert queue.issue("DEP").label == "A001"
    assert queue.status().issued_today == 1


def test_unknown_type_names_the_known_ones(queue: SqlQueue) -> None:
    with pytest.raises(NotFoundError, match=r"unknown business type 'ZZ'.*DEP \(A\)"):
        queue.issue("ZZ")


def test_vip_type_tickets_carry_its_priority_weight(queue: SqlQueue, catalogue: Catalogue) -> None:
    vip_code = next(t.code for t in catalogue if t.priority_weight > 0)
    assert queue.issue(vip_code).priority >= Priority.VIP
    assert queue.issue("DEP", Priority.GREEN).priority == Priority.GREEN


def test_call_next_follows_the_counter_preference_then_first_come(
    queue: SqlQueue, clock: FixedClock
) -> None:
    b1 = queue.issue("WDR")
    clock.advance(10)
    a1 = queue.issue("DEP")
    clock.advance(10)
    a2 = queue.issue("DEP")
    clock.advance(10)
    order = [queue.call_next(counter(1, "DEP", "WDR")).ticket.id for _ in range(3)]
    assert order == [a1.id, a2.id, b1.id]
    with pytest.raises(QueueEmptyError, match="counter 1"):
        queue.call_next(counter(1))


def test_overdue_ticket_jumps_the_preference(
    queue: SqlQueue, clock: FixedClock, catalogue: Catalogue
) -> None:
    late = queue.issue("WDR")
    clock.advance(catalogue.get("WDR").target_seconds + 1)
    queue.issue("DEP")
    decision = queue.call_next(counter(1, "DEP", "WDR"))
    assert decision.ticket.id == late.id
    assert decision.reason is CallReason.OVERDUE


def test_fairness_ratio_lets_a_normal_customer_through(queue: SqlQueue, clock: FixedClock) -> None:
    normal = queue.issue("DEP")
    for _ in range(3):
        clock.advance(1)
        queue.issue("DEP", Priority.GREEN)
    policy = counter(1, "DEP", ratio=2)
    reasons = [queue.call_next(policy).reason for _ in range(3)]
    assert reasons == [CallReason.PRIORITY, CallReason.PRIORITY, CallReason.FAIRNESS]
    assert queue.get(normal.id).state is TicketState.CALLED
    # The streak is kept in the queue, so another process of the same counter sees it.
    assert queue.call_next(policy).reason is CallReason.PRIORITY


def test_full_service_is_recorded_event_by_event(queue: SqlQueue, clock: FixedClock) -> None:
    ticket = queue.issue("DEP")
    called = queue.call_next(counter(2)).ticket
    assert (called.id, called.counter, called.call_count) == (ticket.id, 2, 1)
    assert queue.recall(ticket.id, 2).call_count == 2
    clock.advance(30)
    queue.start(ticket.id, 2)
    queue.hold(ticket.id, 2)
    queue.resume(ticket.id, 2)
    clock.advance(300)
    done = queue.finish(ticket.id, 2)
    assert done.state is TicketState.FINISHED
    assert done.ended_at == clock.now()
    assert [e[0] for e in queue.events(ticket.id)] == [
        "issue", "call", "recall", "start", "hold", "resume", "finish",
    ]  # fmt: skip
    assert queue.get(ticket.id) == done


def test_refused_action_names_the_ticket_and_changes_nothing(queue: SqlQueue) -> None:
    ticket = queue.issue("DEP")
    with pytest.raises(TransitionError, match="ticket A001 is waiting; cannot finish"):
        queue.finish(ticket.id, 1)
    queue.call_next(counter(1))
    with pytest.raises(TransitionError, match="at counter 1, not counter 2"):
        queue.start(ticket.id, 2)
    assert queue.get(ticket.id).version == 1
    assert [e[0] for e in queue.events(ticket.id)] == ["issue", "call"]


def test_transfer_to_a_counter_keeps_the_number_and_only_that_counter_calls_it(
    queue: SqlQueue,
) -> None:
    ticket = queue.issue("DEP")
    queue.call_next(counter(1))
    queue.start(ticket.id, 1)
    queue.set_counter_mode(5, CounterMode.OPEN, serves=("FX",))
    moved = queue.transfer(ticket.id, 1, business_type="FX", to_counter=5)
    assert (moved.label, moved.business_type, moved.state) == ("A001", "FX", TicketState.WAITING)
    with pytest.raises(QueueEmptyError):
        queue.call_next(counter(4, "FX"))
    decision = queue.call_next(counter(5, "FX"))
    assert decision.ticket.label == "A001"
    assert decision.reason is CallReason.TRANSFERRED
    assert queue.find("a001").id == ticket.id


def test_no_show_reactivate_and_recycle_rejoin_the_queue(
    queue: SqlQueue, clock: FixedClock
) -> None:
    first = queue.issue("DEP")
    queue.call_next(counter(1))
    queue.no_show(first.id, 1)
    with pytest.raises(QueueEmptyError):
        queue.call_next(counter(1))
    clock.advance(60)
    queue.reactivate(first.id)
    assert queue.call_next(counter(1)).ticket.id == first.id
    clock.advance(5)
    queue.recycle(first.id, 1)
    assert queue.get(first.id).state is TicketState.WAITING
    assert queue.cancel(first.id).state is TicketState.CANCELLED
    with pytest.raises(QueueEmptyError):
        queue.call_next(counter(1))


def test_paused_counter_cannot_call(queue: SqlQueue) -> None:
    queue.issue("DEP")
    queue.set_counter_mode(3, CounterMode.PAUSED, "lunch")
    with pytest.raises(DomainError, match="counter 3 is paused"):
        queue.call_next(counter(3))
    status = queue.status()
    assert [(c.counter, c.mode, c.reason) for c in status.counters] == [
        (3, CounterMode.PAUSED, "lunch")
    ]
    queue.set_counter_mode(3, CounterMode.OPEN)
    assert queue.call_next(counter(3)).ticket.label == "A001"


def test_a_stale_compare_and_set_changes_nothing_and_records_no_event(
    make_queue: MakeQueue, clock: FixedClock
) -> None:
    """The write of a change and of its event fail together when the ticket changed meanwhile."""
    first, second = make_queue(), make_queue()
    ticket = first.issue("DEP")
    seen = first.get(ticket.id)
    second.call_next(counter(2))  # the ticket changes after ``first`` read it
    now = clock.now()
    stale = seen.call(3, now)
    with pytest.raises(ConflictError, match="A001 was changed by another counter"), first._write():
        first._cas(seen, stale, Action.CALL, now, 3, {"reason": "in_turn"})
    after = first.get(ticket.id)
    assert (after.state, after.counter) == (TicketState.CALLED, 2)
    assert first.events(ticket.id) == [
        ("issue", None, "waiting", None),
        ("call", "waiting", "called", 2),
    ]


def test_status_counts_waiting_and_flags_types_over_target(
    queue: SqlQueue, clock: FixedClock, catalogue: Catalogue
) -> None:
    queue.issue("DEP")
    queue.issue("DEP")
    queue.issue("WDR")
    clock.advance(catalogue.get("DEP").target_seconds + 5)
    status = queue.status()
    by_type = {t.business_type: t for t in status.types}
    assert status.waiting == 3
    assert by_type["DEP"].waiting == 2
    assert by_type["DEP"].over_target
    assert by_type["FX"].waiting == 0
    assert not by_type["FX"].over_target


def test_another_connection_sees_changes_through_the_change_token(
    make_queue: MakeQueue,
) -> None:
    kiosk, display = make_queue(), make_queue()
    before = display.change_token()
    assert display.change_token() == before
    kiosk.issue("DEP")
    assert display.change_token() != before
    assert display.status().waiting == 1
    token = display.change_token()
    kiosk.set_counter_mode(1, CounterMode.OPEN)
    assert display.change_token() != token


def test_a_change_made_with_an_action_id_can_be_found_by_it(queue: SqlQueue) -> None:
    """After a lost reply a counter asks whether its change happened: the event says so."""
    ticket = queue.issue("DEP")
    assert queue.action_outcome("call-1") is None
    queue.call_next(counter(3), action_id="call-1")
    found = queue.action_outcome("call-1")
    assert found is not None
    assert (found.id, found.state, found.counter) == (ticket.id, TicketState.CALLED, 3)
    queue.start(ticket.id, 3, action_id="start-1")
    started = queue.action_outcome("start-1")
    assert started is not None
    assert started.state is TicketState.SERVING
    assert queue.action_outcome("finish-1") is None, "an action never sent did not happen"
    with pytest.raises(TransitionError):
        queue.start(ticket.id, 3, action_id="start-2")  # refused: nothing recorded
    assert queue.action_outcome("start-2") is None


def test_after_a_restart_with_a_type_retired_its_tickets_of_the_day_are_still_served(
    tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    from counterdesk.queue.sqlite import SqliteQueue

    before = SqliteQueue(tmp_path / "queue.db", catalogue, clock, local_zone=UTC)
    waiting = before.issue("WDR")
    before.close()
    # Head office retired withdrawals; the terminal restarted mid-day with the new catalogue.
    retired = catalogue.overlaid([], retired=["WDR"])
    queue = SqliteQueue(tmp_path / "queue.db", retired, clock, local_zone=UTC)
    try:
        with pytest.raises(DomainError, match="WDR is no longer offered"):
            queue.issue("B")
        # The display lists it while its tickets wait, and no longer once they are served.
        assert [t.waiting for t in queue.status().types if t.business_type == "WDR"] == [1]
        called = queue.call_next(CallingPolicy(counter=1, serves=("WDR",))).ticket
        assert called.id == waiting.id
        assert called.label == waiting.label
        assert "WDR" not in {t.business_type for t in queue.status().types}
    finally:
        queue.close()


def test_status_lists_every_counter_given_a_ticket_today(queue: SqlQueue) -> None:
    queue.set_counter_mode(1, CounterMode.OPEN)
    queue.set_counter_mode(3, CounterMode.CLOSED)
    for _ in range(4):
        queue.issue("DEP")
    # Counters that never set their mode may still call (a script, ``queue call --counter``).
    first = queue.call_next(counter(2)).ticket
    queue.finish(queue.start(first.id, 2).id, 2)
    second = queue.call_next(counter(2)).ticket
    third = queue.call_next(counter(1_000_000)).ticket

    listed = {item.counter: item for item in queue.status().counters}

    assert sorted(listed) == [1, 2, 3, 1_000_000]
    assert listed[2].ticket_label == second.label
    assert listed[1_000_000].ticket_label == third.label
    assert listed[1].mode is CounterMode.OPEN
    assert listed[1].ticket_label is None
    assert listed[3].mode is CounterMode.CLOSED


def test_the_heads_a_call_reads_tell_the_policy_what_the_tickets_say(
    queue: SqlQueue, clock: FixedClock
) -> None:
    # A call builds a whole Ticket for the one it calls only; the policy reads the others
    # through the light view. Waiting tickets of every kind: as issued, transferred to a
    # counter (own lane), rejoined later (queued after issued), of a priority type.
    plain = queue.issue("DEP")
    vip = queue.issue("VIP")
    moved = queue.issue("WDR")
    queue.call_next(counter(1, "WDR"))
    queue.start(moved.id, 1)
    queue.set_counter_mode(5, CounterMode.OPEN, serves=("FX",))
    queue.transfer(moved.id, 1, business_type="FX", to_counter=5)
    back = queue.issue("DEP")
    queue.call_next(counter(2, "DEP"))
    clock.advance(90)
    queue.no_show(plain.id, 2)
    queue.reactivate(plain.id)
    clock.advance(30)
    now = clock.now()
    rows = queue._sql(f"SELECT {COLUMNS} FROM ticket WHERE state = 'waiting'").fetchall()
    assert len(rows) == 4
    for row in rows:
        head, ticket = Head(row), queue.get(row[0])
        assert head.ticket() == ticket
        seen = [getattr(head, f) for f in FIELDS_THE_POLICY_READS]
        assert seen == [getattr(ticket, f) for f in FIELDS_THE_POLICY_READS]
        assert head.waited_seconds(now) == ticket.waited_seconds(now)
    views = {row[0]: Head(row) for row in rows}
    assert views[moved.id].target_counter == 5
    assert views[vip.id].priority == Priority.VIP
    assert views[plain.id].queued_at > views[plain.id].ticket().issued_at
    assert views[back.id].waited_seconds(now) == 120.0


#: What CallingPolicy reads of a candidate (core.policy.Candidate).
FIELDS_THE_POLICY_READS = (
    "state", "business_type", "priority", "target_counter", "queued_at", "queue_seq", "number",
    "prefix",
)  # fmt: skip
