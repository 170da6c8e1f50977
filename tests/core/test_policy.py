"""Tests of the calling policy: which waiting ticket a counter calls next."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterdesk.core.business import Priority
from counterdesk.core.errors import DomainError
from counterdesk.core.policy import CallDecision, CallingPolicy, CallReason, age, heads
from counterdesk.core.tickets import Ticket, TicketState

T0 = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
DAY = date(2025, 3, 3)
PREFIX = {"DEP": "A", "WDR": "B", "FX": "C", "LOAN": "D"}
ME = 3

_numbers: Counter[str] = Counter()


def ticket(
    business_type: str = "DEP",
    *,
    at: float = 0,
    priority: int = Priority.NORMAL,
    number: int | None = None,
    prefix: str | None = None,
) -> Ticket:
    """A waiting ticket that joined the queue ``at`` seconds after T0."""
    prefix = prefix or PREFIX[business_type]
    if number is None:
        _numbers[prefix] += 1
        number = _numbers[prefix]
    return Ticket.issue(
        id=f"{prefix}{number}-{at}",
        day=DAY,
        number=number,
        prefix=prefix,
        business_type=business_type,
        priority=int(priority),
        at=T0 + timedelta(seconds=at),
    )


def transferred(t: Ticket, to_counter: int, at: float = 0) -> Ticket:
    moved = t.call(9, T0).transfer(9, T0 + timedelta(seconds=at), to_counter=to_counter)
    assert moved.state is TicketState.WAITING
    return moved


def now(seconds: float = 60) -> datetime:
    return T0 + timedelta(seconds=seconds)


POLICY = CallingPolicy(counter=ME, serves=("DEP", "WDR"), fairness_ratio=3)


def pick(
    tickets: list[Ticket],
    policy: CallingPolicy = POLICY,
    targets: dict[str, int] | None = None,
    at: float = 60,
    streak: int = 0,
) -> CallDecision:
    decision = policy.choose(tickets, targets or {}, now(at), streak)
    assert decision is not None
    return decision


def test_nothing_to_call() -> None:
    assert POLICY.choose([], {}, now()) is None


def test_fifo_within_a_type() -> None:
    first, second = ticket(at=1), ticket(at=2)
    decision = pick([second, first])
    assert decision == CallDecision(first, CallReason.IN_TURN, 0)


def test_fifo_ties_break_on_number() -> None:
    a5, a4 = ticket(at=1, number=5), ticket(at=1, number=4)
    assert pick([a5, a4]).ticket is a4


def test_transferred_to_this_counter_comes_first() -> None:
    overdue_vip = ticket(at=0, priority=Priority.GREEN)
    mine = transferred(ticket("LOAN", at=0), ME, at=50)
    decision = pick([overdue_vip, mine], targets={"DEP": 10})
    assert decision.ticket is mine
    assert decision.reason is CallReason.TRANSFERRED


def test_transferred_tickets_in_the_order_they_were_sent() -> None:
    later = transferred(ticket(at=0), ME, at=20)
    earlier = transferred(ticket("FX", at=5), ME, at=10)
    assert pick([later, earlier]).ticket is earlier


def test_transferred_streak_counts_priority() -> None:
    mine = transferred(ticket(priority=Priority.VIP), ME)
    assert pick([mine], streak=2).priority_streak == 3


def test_overdue_first_most_overdue() -> None:
    targets = {"DEP": 100, "WDR": 20}
    vip = ticket("DEP", at=50, priority=Priority.VIP)
    dep_overdue = ticket("DEP", at=0)  # waited 120 of 100: 20 over
    wdr_overdue = ticket("WDR", at=60)  # waited 60 of 20: 40 over
    decision = pick([vip, dep_overdue, wdr_overdue], targets=targets, at=120)
    assert decision.ticket is wdr_overdue
    assert decision.reason is CallReason.OVERDUE


def test_overdue_tie_goes_to_preferred_type_then_priority() -> None:
    targets = {"DEP": 10, "WDR": 10}
    wdr = ticket("WDR", at=0, priority=Priority.GREEN)
    dep = ticket("DEP", at=0)
    assert pick([wdr, dep], targets=targets).ticket is dep
    dep_vip = ticket("DEP", at=0, priority=Priority.VIP)
    assert pick([wdr, dep, dep_vip], targets=targets).ticket is dep_vip


def test_type_without_target_is_never_overdue() -> None:
    old = ticket("WDR", at=0)
    young = ticket("DEP", at=50)
    decision = pick([old, young], targets={"DEP": 1000}, at=500)
    assert decision.ticket is young
    assert decision.reason is CallReason.IN_TURN


def test_priority_before_normal() -> None:
    normal = ticket(at=0)
    vip = ticket("WDR", at=30, priority=Priority.VIP)
    green = ticket("WDR", at=40, priority=Priority.GREEN)
    decision = pick([normal, vip, green])
    assert decision == CallDecision(green, CallReason.PRIORITY, 1)
    assert pick([normal, vip], streak=1) == CallDecision(vip, CallReason.PRIORITY, 2)


def test_fairness_lets_a_normal_ticket_through_and_resets_the_streak() -> None:
    normal = ticket(at=30)
    waiting = [ticket(at=i, priority=Priority.VIP) for i in range(5)] + [normal]
    streak = 0
    reasons = []
    for _ in range(4):
        decision = pick(waiting, streak=streak)
        reasons.append(decision.reason)
        waiting.remove(decision.ticket)
        streak = decision.priority_streak
    assert reasons == [CallReason.PRIORITY] * 3 + [CallReason.FAIRNESS]
    assert streak == 0
    assert normal not in waiting
    assert pick(waiting, streak=streak).reason is CallReason.PRIORITY


def test_fairness_without_normal_tickets_keeps_calling_priority() -> None:
    vip = ticket(priority=Priority.VIP)
    assert pick([vip], streak=3) == CallDecision(vip, CallReason.PRIORITY, 4)


def test_fairness_ratio_zero_means_priority_always_first() -> None:
    policy = CallingPolicy(ME, ("DEP",), fairness_ratio=0)
    vip, normal = ticket(at=10, priority=Priority.VIP), ticket(at=0)
    assert pick([vip, normal], policy, streak=100).ticket is vip


def test_preference_order_of_types() -> None:
    wdr, dep = ticket("WDR", at=0), ticket("DEP", at=30)
    assert pick([wdr, dep]).ticket is dep
    other_way = CallingPolicy(ME, ("WDR", "DEP"))
    assert pick([wdr, dep], other_way).ticket is wdr


def test_ignores_what_this_counter_may_not_call() -> None:
    served = ticket("WDR", at=50)
    not_served = ticket("FX", at=0, priority=Priority.GREEN)
    for_other_counter = transferred(ticket(at=0), ME + 1)
    called = ticket(at=0).call(ME + 1, T0)
    finished = called.start(ME + 1, T0).finish(ME + 1, T0)
    held = ticket(at=0).call(ME, T0).start(ME, T0).hold(ME)
    others = [not_served, for_other_counter, called, finished, held]
    decision = pick([*others, served], targets={"FX": 1, "DEP": 1})
    assert decision.ticket is served
    assert POLICY.choose(others, {}, now()) is None
    assert not any(POLICY.eligible(t) for t in others)


def test_transferred_to_me_is_eligible_whatever_its_type() -> None:
    assert POLICY.eligible(transferred(ticket("LOAN"), ME))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"counter": 0, "serves": ("DEP",)}, "counter number must be positive"),
        ({"counter": 1, "serves": ()}, "serves no business type"),
        ({"counter": 1, "serves": ("DEP", "WDR", "DEP")}, "lists a business type twice"),
        ({"counter": 1, "serves": ("DEP",), "fairness_ratio": -1}, "fairness_ratio"),
    ],
)
def test_policy_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        CallingPolicy(**kwargs)  # type: ignore[arg-type]


def test_heads_keeps_the_oldest_waiting_ticket_per_group() -> None:
    a1, a2 = ticket(at=1), ticket(at=2)
    vip = ticket(at=3, priority=Priority.VIP)
    mine = transferred(ticket(at=0), ME, at=4)
    called = ticket(at=0).call(ME, T0)
    assert set(heads([a2, vip, a1, mine, called])) == {a1, vip, mine}


def test_same_instant_and_number_across_series_is_decided_by_prefix() -> None:
    # A007 transferred into WDR at the very instant B007 was issued: both are WDR #7.
    a7 = ticket("DEP", number=7).call(9, T0)
    moved = a7.transfer(9, T0 + timedelta(seconds=5), business_type="WDR")
    b7 = ticket("WDR", at=5, number=7)
    assert age(moved) < age(b7)
    for order in ([moved, b7], [b7, moved]):
        assert pick(order).ticket is moved
        assert heads(order) == [moved]


# -- the claim the queue relies on ------------------------------------------------------------

TYPES = ("DEP", "WDR", "FX")
COUNTERS = (1, 3)


@st.composite
def waiting_rooms(draw: st.DrawFn) -> list[Ticket]:
    """Tickets of a few types, priorities, series and states, many joining at the same second."""
    specs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(TYPES),  # business type now
                st.sampled_from("ABC"),  # series the number came from
                st.integers(0, 2),  # priority
                st.integers(0, 3),  # second it joined the queue: ties are common
                st.sampled_from([None, None, None, 1, 3]),  # transferred to a counter
                st.sampled_from(
                    [TicketState.WAITING] * 4 + [TicketState.CALLED, TicketState.FINISHED]
                ),
            ),
            max_size=14,
        )
    )
    numbers: Counter[str] = Counter()
    room = []
    for i, (business_type, prefix, priority, joined, target, state) in enumerate(specs):
        numbers[prefix] += draw(st.integers(1, 2))
        t = Ticket.issue(
            id=f"t{i}",
            day=DAY,
            number=numbers[prefix],
            prefix=prefix,
            business_type=business_type,
            priority=priority,
            at=T0,
        )
        t = replace(t, queued_at=T0 + timedelta(seconds=joined), target_counter=target)
        if state is not TicketState.WAITING:
            t = replace(t, state=state, counter=1, target_counter=None, call_count=1)
        room.append(t)
    return room


policies = st.builds(
    CallingPolicy,
    counter=st.sampled_from(COUNTERS),
    serves=st.permutations(TYPES).flatmap(
        lambda p: st.integers(1, len(p)).map(lambda n: tuple(p[:n]))
    ),
    fairness_ratio=st.integers(0, 3),
)


@settings(max_examples=800, deadline=None)
@given(
    room=waiting_rooms(),
    policy=policies,
    targets=st.dictionaries(st.sampled_from(TYPES), st.integers(1, 4)),
    at=st.integers(0, 8),
    streak=st.integers(0, 4),
    shuffle=st.randoms(use_true_random=False),
)
def test_choosing_among_heads_equals_choosing_among_all(
    room: list[Ticket],
    policy: CallingPolicy,
    targets: dict[str, int],
    at: int,
    streak: int,
    shuffle: random.Random,
) -> None:
    moment = now(at)
    full = policy.choose(room, targets, moment, streak)
    assert policy.choose(heads(room), targets, moment, streak) == full
    # Neither the order the queue returns rows in nor the order of the heads may matter.
    shuffled = list(room)
    shuffle.shuffle(shuffled)
    assert policy.choose(shuffled, targets, moment, streak) == full
    assert policy.choose(heads(shuffled), targets, moment, streak) == full
    if full is None:
        assert not any(policy.eligible(t) for t in room)
    else:
        assert policy.eligible(full.ticket)
        assert full.priority_streak == (streak + 1 if full.ticket.priority > 0 else 0)


def test_heads_property_holds_on_an_exhaustive_small_case() -> None:
    # Every order of a room full of ties, as a deterministic guard beside the property.
    room = [
        ticket("DEP", at=0, number=1, prefix="A"),
        replace(ticket("DEP", at=0, number=1, prefix="B"), priority=2),
        ticket("DEP", at=0, number=2, prefix="A"),
        ticket("WDR", at=0, number=1, prefix="C"),
    ]
    for targets in ({}, {"DEP": 1, "WDR": 1}):
        expected = POLICY.choose(room, targets, now())
        for order in itertools.permutations(room):
            assert POLICY.choose(list(order), targets, now()) == expected
            assert POLICY.choose(heads(list(order)), targets, now()) == expected


def test_the_queues_turn_decides_the_order_not_the_wall_clock() -> None:
    # B joined after A, but the PC's clock had stepped back 5 s in between.
    first = replace(ticket(at=10), queue_seq=41)
    later = replace(ticket(at=5), queue_seq=42)
    assert age(first) < age(later)
    for order in ([first, later], [later, first]):
        assert pick(order).ticket is first
        assert heads(order) == [first]
