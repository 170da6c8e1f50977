"""Tests of the ticket state machine."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from counterdesk.core.clock import FixedClock, business_day, business_day_is_current
from counterdesk.core.errors import DomainError, TransitionError
from counterdesk.core.tickets import (
    ALLOWED,
    COUNTER_ACTIONS,
    Action,
    Ticket,
    TicketState,
    format_label,
)

T0 = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
DAY = date(2025, 3, 3)
HOME = 3  # the counter that calls the ticket in the table tests
OTHER = 4

S = TicketState

#: The state each allowed action leads to.
RESULT: dict[Action, TicketState | None] = {
    Action.CALL: S.CALLED,
    Action.RECALL: None,  # stays where it is
    Action.START: S.SERVING,
    Action.NO_SHOW: S.NO_SHOW,
    Action.REACTIVATE: S.WAITING,
    Action.RECYCLE: S.WAITING,
    Action.HOLD: S.HELD,
    Action.RESUME: S.SERVING,
    Action.TRANSFER: S.WAITING,
    Action.FINISH: S.FINISHED,
    Action.CANCEL: S.CANCELLED,
    Action.EXPIRE: S.EXPIRED,
}


def new_ticket(number: int = 7, prefix: str = "A", business_type: str = "DEP") -> Ticket:
    return Ticket.issue(
        id=f"id-{prefix}{number}",
        day=DAY,
        number=number,
        prefix=prefix,
        business_type=business_type,
        priority=0,
        at=T0,
    )


def reach(state: TicketState) -> Ticket:
    """Bring a fresh ticket to ``state`` through real transitions at counter HOME."""
    t = new_ticket()
    at = T0 + timedelta(seconds=60)
    if state is S.WAITING:
        return t
    if state is S.CANCELLED:
        return t.cancel(at)
    if state is S.EXPIRED:
        return t.expire(at)
    t = t.call(HOME, at)
    if state is S.CALLED:
        return t
    if state is S.NO_SHOW:
        return t.no_show(HOME, at)
    t = t.start(HOME, at)
    if state is S.SERVING:
        return t
    if state is S.HELD:
        return t.hold(HOME)
    assert state is S.FINISHED
    return t.finish(HOME, at)


def act(
    t: Ticket,
    action: Action,
    counter: int,
    at: datetime,
    *,
    business_type: str | None = "WDR",
    to_counter: int | None = None,
) -> Ticket:
    """Ask the ticket to take ``action`` through its public method."""
    if action is Action.CALL:
        return t.call(counter, at)
    if action is Action.RECALL:
        return t.recall(counter)
    if action is Action.START:
        return t.start(counter, at)
    if action is Action.NO_SHOW:
        return t.no_show(counter, at)
    if action is Action.REACTIVATE:
        return t.reactivate(at)
    if action is Action.RECYCLE:
        return t.recycle(counter, at)
    if action is Action.HOLD:
        return t.hold(counter)
    if action is Action.RESUME:
        return t.resume(counter)
    if action is Action.TRANSFER:
        return t.transfer(counter, at, business_type=business_type, to_counter=to_counter)
    if action is Action.FINISH:
        return t.finish(counter, at)
    if action is Action.CANCEL:
        return t.cancel(at)
    if action is Action.EXPIRE:
        return t.expire(at)
    raise AssertionError(f"no method for {action}")


ALLOWED_PAIRS = [(s, a) for a, states in ALLOWED.items() for s in sorted(states)]
REFUSED_PAIRS = [(s, a) for a, states in ALLOWED.items() for s in TicketState if s not in states]


def test_every_state_is_reachable() -> None:
    for state in TicketState:
        assert reach(state).state is state


def test_tables_cover_every_action_and_state() -> None:
    assert set(RESULT) == set(ALLOWED)
    assert set(ALLOWED) == set(Action) - {Action.ISSUE}
    assert len(ALLOWED_PAIRS) + len(REFUSED_PAIRS) == len(ALLOWED) * len(TicketState)
    assert set(ALLOWED) >= COUNTER_ACTIONS


@pytest.mark.parametrize(("state", "action"), ALLOWED_PAIRS)
def test_allowed_transition_works_and_bumps_version(state: TicketState, action: Action) -> None:
    t = reach(state)
    counter = HOME if action in COUNTER_ACTIONS or action is Action.CALL else OTHER
    after = act(t, action, counter, T0 + timedelta(seconds=120))
    assert after.version == t.version + 1
    assert after.state is (RESULT[action] or state)
    assert (after.id, after.day, after.number, after.prefix) == (t.id, t.day, t.number, t.prefix)
    assert t.state is state  # tickets are immutable


@pytest.mark.parametrize(("state", "action"), REFUSED_PAIRS)
def test_refused_transition_names_ticket_state_and_action(
    state: TicketState, action: Action
) -> None:
    t = reach(state)
    with pytest.raises(TransitionError) as info:
        act(t, action, HOME, T0 + timedelta(seconds=120))
    err = info.value
    assert (err.label, err.state, err.action) == ("A007", state.value, action.value)
    message = str(err)
    assert "A007" in message
    assert re.search(rf"\b{state.value}\b", message)
    assert re.search(rf"cannot {action.value}\b", message)
    with pytest.raises(TransitionError):
        t.check(action, HOME)


def test_issue_is_not_a_transition() -> None:
    with pytest.raises(TransitionError, match="not a transition"):
        new_ticket().check(Action.ISSUE)


@pytest.mark.parametrize(
    ("state", "action"), [(s, a) for s, a in ALLOWED_PAIRS if a in COUNTER_ACTIONS]
)
def test_counter_action_by_another_counter_is_refused(state: TicketState, action: Action) -> None:
    t = reach(state)
    with pytest.raises(TransitionError, match=f"at counter {HOME}, not counter {OTHER}") as info:
        act(t, action, OTHER, T0 + timedelta(seconds=120))
    assert (info.value.label, info.value.action) == ("A007", action.value)


@pytest.mark.parametrize("action", sorted(set(ALLOWED) - COUNTER_ACTIONS - {Action.CALL}))
def test_non_counter_actions_may_be_taken_by_anyone(action: Action) -> None:
    state = min(ALLOWED[action])
    assert act(reach(state), action, OTHER, T0).version == reach(state).version + 1


def test_call_fills_the_counter_fields() -> None:
    at = T0 + timedelta(seconds=90)
    t = new_ticket().call(HOME, at)
    assert (t.counter, t.call_count, t.called_at, t.target_counter) == (HOME, 1, at, None)
    assert t.recall(HOME).recall(HOME).call_count == 3


def test_transfer_to_a_type_keeps_number_prefix_and_label() -> None:
    served = reach(S.SERVING)
    at = T0 + timedelta(seconds=300)
    moved = served.transfer(HOME, at, business_type="FX")
    assert (moved.number, moved.prefix, moved.label) == (7, "A", "A007")
    assert moved.business_type == "FX"
    assert moved.state is S.WAITING
    assert (moved.counter, moved.target_counter, moved.call_count) == (None, None, 0)
    assert (moved.queued_at, moved.called_at, moved.started_at) == (at, None, None)
    assert moved.issued_at == T0


def test_transfer_to_a_counter_only_that_counter_may_call() -> None:
    moved = reach(S.CALLED).transfer(HOME, T0, to_counter=OTHER)
    assert (moved.label, moved.business_type, moved.target_counter) == ("A007", "DEP", OTHER)
    with pytest.raises(TransitionError, match=f"transferred to counter {OTHER}"):
        moved.call(HOME, T0)
    called = moved.call(OTHER, T0)
    assert (called.counter, called.target_counter) == (OTHER, None)


def test_transfer_needs_a_type_or_a_counter() -> None:
    with pytest.raises(DomainError, match="A007 needs a business type or a counter"):
        reach(S.SERVING).transfer(HOME, T0)


def test_transfer_to_own_counter_is_refused() -> None:
    with pytest.raises(TransitionError, match="already at that counter"):
        reach(S.HELD).transfer(HOME, T0, to_counter=HOME)


def test_refused_transfer_reports_the_state_before_the_arguments() -> None:
    with pytest.raises(TransitionError, match=r"is finished; cannot transfer$"):
        reach(S.FINISHED).transfer(HOME, T0, to_counter=HOME)
    with pytest.raises(TransitionError, match=r"is waiting; cannot transfer$"):
        reach(S.WAITING).transfer(HOME, T0)


def test_recycle_and_reactivate_rejoin_the_end_of_the_queue() -> None:
    at = T0 + timedelta(seconds=500)
    for t in (reach(S.SERVING).recycle(HOME, at), reach(S.NO_SHOW).reactivate(at)):
        assert t.state is S.WAITING
        assert (t.counter, t.call_count, t.queued_at, t.called_at) == (None, 0, at, None)
        assert t.ended_at is None
        assert t.call(OTHER, at).counter == OTHER


def test_waited_seconds() -> None:
    t = new_ticket()
    assert t.waited_seconds(T0 + timedelta(seconds=42)) == 42
    assert t.waited_seconds(T0 - timedelta(seconds=5)) == 0
    called = t.call(HOME, T0 + timedelta(seconds=30))
    assert called.waited_seconds(T0 + timedelta(seconds=999)) == 30


def test_issue_refuses_a_number_below_one() -> None:
    with pytest.raises(DomainError, match="positive"):
        new_ticket(number=0)


def test_label_pads_to_three_digits() -> None:
    assert format_label("A", 7) == "A007"
    assert format_label("B", 1234) == "B1234"
    assert new_ticket(number=12, prefix="C").label == "C012"


# -- stateful ---------------------------------------------------------------------------------

TYPES = {"DEP": "A", "WDR": "B", "FX": "C"}
COUNTERS = (1, 2, 3)
FINAL_LIKE = (S.NO_SHOW, S.FINISHED, S.CANCELLED, S.EXPIRED)


class TicketMachine(RuleBasedStateMachine):
    """Random actions on a few tickets, compared with a model of what must be refused."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(datetime(2025, 3, 3, 23, 50, tzinfo=UTC))
        self.next_number: Counter[tuple[date, str]] = Counter()
        self.tickets: list[Ticket] = []
        self.labels: list[str] = []
        self.finals: dict[str, Ticket] = {}
        self.transitions: list[int] = []

    @initialize(count=st.integers(1, 4))
    def open_branch(self, count: int) -> None:
        for n in range(count):
            self.issue(sorted(TYPES)[n % len(TYPES)], n % 3)

    @rule(business_type=st.sampled_from(sorted(TYPES)), priority=st.integers(0, 2))
    def issue(self, business_type: str, priority: int) -> None:
        at = self.clock.now()
        day = business_day(at, UTC)
        prefix = TYPES[business_type]
        self.next_number[day, prefix] += 1
        t = Ticket.issue(
            id=f"t{len(self.tickets)}",
            day=day,
            number=self.next_number[day, prefix],
            prefix=prefix,
            business_type=business_type,
            priority=priority,
            at=at,
        )
        self.tickets.append(t)
        self.labels.append(t.label)
        self.transitions.append(0)

    @rule(seconds=st.integers(0, 600))
    def tick(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @rule(
        data=st.data(),
        action=st.sampled_from(sorted(ALLOWED)),
        counter=st.sampled_from(COUNTERS),
        business_type=st.none() | st.sampled_from(sorted(TYPES)),
        to_counter=st.none() | st.sampled_from(COUNTERS),
    )
    def act(
        self,
        data: st.DataObject,
        action: Action,
        counter: int,
        business_type: str | None,
        to_counter: int | None,
    ) -> None:
        """Any action on any ticket by any counter: mostly refusals."""
        i = data.draw(st.integers(0, len(self.tickets) - 1), label="ticket")
        self.attempt(i, action, counter, business_type, to_counter)

    @rule(
        data=st.data(),
        business_type=st.none() | st.sampled_from(sorted(TYPES)),
        to_counter=st.none() | st.sampled_from(COUNTERS),
    )
    def progress(
        self, data: st.DataObject, business_type: str | None, to_counter: int | None
    ) -> None:
        """A move the ticket's state allows, usually by the counter it belongs to.

        Random moves alone would seldom get a ticket past "called".
        """
        live = [i for i, t in enumerate(self.tickets) if not t.state.is_final]
        if not live:
            return
        i = data.draw(st.sampled_from(live), label="ticket")
        t = self.tickets[i]
        fitting = sorted(a for a, states in ALLOWED.items() if t.state in states)
        # Moves that go deeper are listed three times, so held tickets are reached often.
        deeper = [a for a in fitting if a in (Action.CALL, Action.START, Action.HOLD)]
        action = data.draw(st.sampled_from(fitting + deeper * 2), label="action")
        own = [c for c in (t.counter, t.target_counter) if c is not None]
        stranger = not own or data.draw(st.integers(0, 4), label="stranger") == 0
        counter = data.draw(st.sampled_from(COUNTERS if stranger else own), label="counter")
        self.attempt(i, action, counter, business_type, to_counter)

    def attempt(
        self,
        i: int,
        action: Action,
        counter: int,
        business_type: str | None,
        to_counter: int | None,
    ) -> None:
        t = self.tickets[i]
        expected = self.expected_error(t, action, counter, business_type, to_counter)
        try:
            after = act(
                t,
                action,
                counter,
                self.clock.now(),
                business_type=business_type,
                to_counter=to_counter,
            )
        except DomainError as exc:
            assert expected is not None, f"{action} from {t.state} by {counter} refused: {exc}"
            assert type(exc) is expected, exc
            assert t.label in str(exc)
            return
        assert expected is None, f"{action} from {t.state} by {counter} should be refused"
        assert after.version == t.version + 1
        if action is Action.CALL:
            assert (after.counter, after.call_count) == (counter, 1)
        if action is Action.TRANSFER:
            assert after.business_type == (business_type or t.business_type)
            assert after.target_counter == to_counter
        self.tickets[i] = after
        self.transitions[i] += 1
        if after.state.is_final:
            self.finals.setdefault(after.id, after)

    @staticmethod
    def expected_error(
        t: Ticket,
        action: Action,
        counter: int,
        business_type: str | None,
        to_counter: int | None,
    ) -> type[DomainError] | None:
        if t.state not in ALLOWED[action]:
            return TransitionError
        if action in COUNTER_ACTIONS and t.counter != counter:
            return TransitionError
        if action is Action.CALL and t.target_counter not in (None, counter):
            return TransitionError
        if action is Action.TRANSFER:
            if business_type is None and to_counter is None:
                return DomainError
            if to_counter == counter:
                return TransitionError
        return None

    @invariant()
    def fields_agree_with_state(self) -> None:
        for t in self.tickets:
            assert isinstance(t.state, TicketState)
            if t.state is S.WAITING:
                assert t.call_count == 0
                assert t.counter is None
                assert t.called_at is None
                assert t.started_at is None
                assert t.ended_at is None
            elif t.state not in (S.CANCELLED, S.EXPIRED):  # these keep where it was sent
                assert t.target_counter is None
            if t.state in (S.CALLED, S.SERVING, S.HELD, S.NO_SHOW, S.FINISHED):
                assert t.call_count >= 1
                assert t.called_at is not None
            if t.state.at_counter:
                assert t.counter in COUNTERS
                assert t.ended_at is None
            assert (t.ended_at is not None) == (t.state in FINAL_LIKE)
            if t.state in (S.SERVING, S.HELD, S.FINISHED):
                assert t.started_at is not None
            elif t.state is not S.CANCELLED:  # cancelled while held keeps its start
                assert t.started_at is None
            assert t.prefix in TYPES.values()
            assert t.business_type in TYPES

    @invariant()
    def versions_count_transitions(self) -> None:
        assert [t.version for t in self.tickets] == self.transitions

    @invariant()
    def final_tickets_never_change(self) -> None:
        for t in self.tickets:
            if t.id in self.finals:
                assert t == self.finals[t.id]

    @invariant()
    def numbers_are_unique_per_day_and_prefix(self) -> None:
        keys = [(t.day, t.prefix, t.number) for t in self.tickets]
        assert len(keys) == len(set(keys))

    @invariant()
    def labels_never_change(self) -> None:
        assert [t.label for t in self.tickets] == self.labels


TicketMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_ticket_machine = TicketMachine.TestCase


def test_fixture_states_are_consistent() -> None:
    # The table helpers above must themselves satisfy the machine's invariants.
    machine = TicketMachine()
    machine.tickets = [replace(reach(s), id=f"x{i}") for i, s in enumerate(TicketState)]
    machine.fields_agree_with_state()


@pytest.mark.parametrize(
    ("opened", "kept_open", "today", "current"),
    [
        (date(2026, 11, 30), False, date(2026, 11, 30), True),
        (date(2026, 11, 30), False, date(2026, 12, 1), False),  # nobody closed it: caught up
        (date(2026, 11, 30), True, date(2026, 12, 1), True),  # the night kept open runs on
        (date(2026, 11, 30), True, date(2026, 12, 2), False),  # ... but not for ever
        (date(2026, 12, 1), False, date(2026, 11, 30), True),  # the clock stepped back
    ],
)
def test_which_open_business_day_is_still_current(
    opened: date, kept_open: bool, today: date, current: bool
) -> None:
    assert business_day_is_current(opened, kept_open, today) is current
