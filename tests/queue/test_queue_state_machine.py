"""Property test: random operator actions on a real queue never break the ticket rules.

It runs on SQLite and on PostgreSQL (whose calls and transitions are statements of their own:
the prepared heads, the compare-and-set with its event in one statement).

The queue is driven next to an in-memory model made of the core's own transitions; after every
step the two must agree, numbers must be unique within a day, a transferred ticket must
keep the number the customer holds, and every ticket that (re)joins the queue gets a turn
later than any given before. The clock crosses midnight: the first ticket of the next day
closes the day nobody closed, expiring what still waited. Counters open and close; a transfer
to a closed counter, or to one that does not serve the ticket's business, is refused and
changes nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import hypothesis.strategies as st
import psycopg2
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError, QueueEmptyError, TransitionError
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.procedures import load_catalogue
from counterdesk.core.tickets import Action, Ticket, TicketState
from counterdesk.queue.base import CounterMode
from counterdesk.queue.postgres import PostgresQueue
from counterdesk.queue.sql import SqlQueue
from counterdesk.queue.sqlite import SqliteQueue

CATALOGUE = load_catalogue(
    Path(__file__).resolve().parents[2] / "resources" / "business_types.toml"
)
TYPES = ("DEP", "WDR", "FX")
COUNTERS = (1, 2, 3)
POLICIES = {
    1: CallingPolicy(1, ("DEP", "WDR"), fairness_ratio=2),
    2: CallingPolicy(2, ("WDR", "FX")),
    3: CallingPolicy(3, ("FX", "DEP", "WDR"), fairness_ratio=0),
}
TICKET_ACTIONS = (
    Action.RECALL, Action.START, Action.NO_SHOW, Action.REACTIVATE, Action.RECYCLE,
    Action.HOLD, Action.RESUME, Action.TRANSFER, Action.FINISH, Action.CANCEL,
)  # fmt: skip


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="cd-queue-"))
        self.clock = FixedClock(datetime(2026, 11, 30, 22, 0, tzinfo=UTC))
        self.queue = self.open_queue()
        self.model: dict[str, Ticket] = {}
        self.first_label: dict[str, str] = {}
        self.streak = dict.fromkeys(COUNTERS, 0)
        self.open_day: date | None = None
        self.last_turn = 0
        self.closed: set[int] = set()
        for counter, policy in POLICIES.items():
            self.queue.set_counter_mode(counter, CounterMode.OPEN, serves=policy.serves)

    def open_queue(self) -> SqlQueue:
        return SqliteQueue(self.dir / "q.db", CATALOGUE, self.clock, local_zone=UTC)

    def teardown(self) -> None:
        self.queue.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(code=st.sampled_from(TYPES), priority=st.integers(0, 2))
    def issue(self, code: str, priority: int) -> None:
        today = self.clock.now().date()
        if self.open_day is not None and self.open_day < today:
            for tid, old in list(self.model.items()):  # the catch-up closes the old day
                if old.state is TicketState.WAITING and old.day < today:
                    self.model[tid] = old.expire(self.clock.now())
        self.open_day = today
        ticket = self.queue.issue(code, priority)
        assert ticket.state is TicketState.WAITING
        assert ticket.day == today
        self._turn(ticket)
        self.model[ticket.id] = ticket
        self.first_label[ticket.id] = ticket.label

    @rule(seconds=st.integers(0, 3 * 3600))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)
        for counter in COUNTERS:  # the counters' programs keep beating meanwhile
            self.queue.heartbeat(counter)

    @rule(counter=st.sampled_from(COUNTERS), open_it=st.booleans())
    def counter_opens_or_closes(self, counter: int, open_it: bool) -> None:
        mode = CounterMode.OPEN if open_it else CounterMode.CLOSED
        self.queue.set_counter_mode(counter, mode)
        (self.closed.discard if open_it else self.closed.add)(counter)

    @rule(counter=st.sampled_from(COUNTERS))
    def call_next(self, counter: int) -> None:
        policy = POLICIES[counter]
        if counter in self.closed:
            try:
                self.queue.call_next(policy)
            except QueueEmptyError:
                raise AssertionError("a closed counter calls nobody, and says why") from None
            except DomainError as exc:
                assert "closed" in str(exc)
                return
            raise AssertionError("a closed counter called a customer")
        today = self.clock.now().date()
        waiting = [t for t in self.model.values() if t.day == today]
        expected = policy.choose(
            waiting, CATALOGUE.targets(), self.clock.now(), self.streak[counter]
        )
        try:
            decision = self.queue.call_next(policy)
        except QueueEmptyError:
            assert expected is None
            return
        assert expected is not None
        assert decision.ticket.id == expected.ticket.id
        assert decision.reason == expected.reason
        self.streak[counter] = decision.priority_streak
        self.model[decision.ticket.id] = expected.ticket.call(counter, self.clock.now())

    @precondition(lambda self: self.model)
    @rule(
        data=st.data(),
        action=st.sampled_from(TICKET_ACTIONS),
        counter=st.sampled_from(COUNTERS),
        to_type=st.sampled_from((None, *TYPES)),
        to_counter=st.sampled_from((None, *COUNTERS)),
    )
    def act(
        self,
        data: st.DataObject,
        action: Action,
        counter: int,
        to_type: str | None,
        to_counter: int | None,
    ) -> None:
        ticket_id = data.draw(st.sampled_from(sorted(self.model)))
        old = self.model[ticket_id]
        now = self.clock.now()
        expect: Ticket | Exception
        try:
            old.check(action, None if action in (Action.REACTIVATE, Action.CANCEL) else counter)
            expect = {
                Action.RECALL: lambda: old.recall(counter),
                Action.START: lambda: old.start(counter, now),
                Action.NO_SHOW: lambda: old.no_show(counter, now),
                Action.REACTIVATE: lambda: old.reactivate(now),
                Action.RECYCLE: lambda: old.recycle(counter, now),
                Action.HOLD: lambda: old.hold(counter),
                Action.RESUME: lambda: old.resume(counter),
                Action.TRANSFER: lambda: old.transfer(
                    counter, now, business_type=to_type, to_counter=to_counter
                ),
                Action.FINISH: lambda: old.finish(counter, now),
                Action.CANCEL: lambda: old.cancel(now),
            }[action]()
        except DomainError as exc:
            expect = exc
        if action is Action.TRANSFER and isinstance(expect, Ticket) and to_counter is not None:
            if to_counter in self.closed:
                expect = DomainError(f"counter {to_counter} is closed")
            elif expect.business_type not in POLICIES[to_counter].serves:
                expect = DomainError(f"counter {to_counter} does not serve it")
        try:
            got = self._do(action, ticket_id, counter, to_type, to_counter)
        except DomainError as exc:
            assert isinstance(expect, DomainError), f"{action} refused: {exc}"
            assert type(exc) is type(expect)
            if isinstance(exc, TransitionError):
                assert old.label in str(exc)
            assert self.queue.get(ticket_id) == old, "a refused action changed the ticket"
            return
        assert not isinstance(expect, Exception), f"{action} on {old.state} should be refused"
        if got.state is TicketState.WAITING:  # back in the queue: a new turn, after all others
            self._turn(got)
            expect = replace(expect, queue_seq=got.queue_seq)
        assert got == expect
        self.model[ticket_id] = got

    def _turn(self, ticket: Ticket) -> None:
        assert ticket.queue_seq > self.last_turn
        self.last_turn = ticket.queue_seq

    def _do(
        self, action: Action, tid: str, counter: int, to_type: str | None, to_counter: int | None
    ) -> Ticket:
        q = self.queue
        if action is Action.TRANSFER:
            return q.transfer(tid, counter, business_type=to_type, to_counter=to_counter)
        if action is Action.REACTIVATE:
            return q.reactivate(tid)
        if action is Action.CANCEL:
            return q.cancel(tid)
        method = {
            Action.RECALL: q.recall, Action.START: q.start, Action.NO_SHOW: q.no_show,
            Action.RECYCLE: q.recycle, Action.HOLD: q.hold, Action.RESUME: q.resume,
            Action.FINISH: q.finish,
        }[action]  # fmt: skip
        return method(tid, counter)

    @invariant()
    def queue_matches_the_model(self) -> None:
        for ticket_id, expected in self.model.items():
            assert self.queue.get(ticket_id) == expected

    @invariant()
    def numbers_are_unique_per_day_and_kept_on_transfer(self) -> None:
        seen = {(t.day, t.label) for t in self.model.values()}
        assert len(seen) == len(self.model)
        for ticket_id, ticket in self.model.items():
            assert ticket.label == self.first_label[ticket_id]

    @invariant()
    def only_tickets_at_a_counter_have_one(self) -> None:
        for ticket in self.model.values():
            if ticket.state.at_counter:
                assert ticket.counter is not None
                assert ticket.call_count >= 1
            if ticket.state is TicketState.WAITING:
                assert ticket.call_count == 0


QueueMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestQueueStateMachine = QueueMachine.TestCase


class PostgresQueueMachine(QueueMachine):
    """The same rules on the PostgreSQL queue, emptied for each example."""

    url = ""

    def open_queue(self) -> SqlQueue:
        conn = psycopg2.connect(self.url)
        with conn, conn.cursor() as cur:
            cur.execute(
                "TRUNCATE ticket_event, ticket, daily_counter, counter_state, day_close, "
                "queue_bucket RESTART IDENTITY CASCADE"
            )
        conn.close()
        return PostgresQueue(self.url, CATALOGUE, self.clock, local_zone=UTC)


@pytest.mark.postgres
def test_the_ticket_rules_hold_on_postgres(pg_url: str) -> None:
    machine = type("Machine", (PostgresQueueMachine,), {"url": pg_url})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=25,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
