"""Which waiting ticket a counter calls next.

The rules, in order:

1. A ticket transferred to this very counter comes first (the customer has already waited once).
2. A ticket that has waited longer than its business type's service-level target is overdue;
   the most overdue goes first.
3. Priority tickets (green channel, then VIP) go before normal ones, but after ``fairness_ratio``
   priority calls in a row a waiting normal ticket is called, so normal customers never starve.
4. Otherwise the counter's business types in order of preference, then first come, first served.

Within one business type and priority level every rule prefers the ticket that joined the queue
first, so the policy only ever needs the oldest ticket of each (type, level): the queue fetches
just those with indexed look-ups, whatever the length of the queue. "Oldest" is always
:func:`age` order (the turn the queue gave the ticket when it joined, ``Ticket.queue_seq``;
then, for tickets the queue has not numbered, the time it joined, number and prefix), so ties
break the same way whether the policy sees every waiting ticket or only the heads, and a wall
clock stepping back cannot put a later customer first.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from counterdesk.core.business import Priority
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.tickets import Ticket, TicketState

#: The priority levels a counter calls, highest first. A ticket of any other level would wait
#: for ever, so the queue refuses to issue one (:func:`known_priority`).
PRIORITY_LEVELS: tuple[int, ...] = tuple(sorted((int(p) for p in Priority), reverse=True))


def known_priority(level: int) -> int:
    """Return ``level`` when counters call tickets of it.

    Raises:
        DomainError: a level no counter would ever call (e.g. 3 or -1).
    """
    if isinstance(level, bool) or not isinstance(level, int) or level not in PRIORITY_LEVELS:
        # The words of Priority.parse, so that the refusal reads the same from every path.
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain", "unknown priority level {text!r}; expected one of: {names}"
            ),
            text=str(level),
            names=", ".join(Priority(p).name.lower() for p in sorted(PRIORITY_LEVELS)),
        )
    return int(level)


class CallReason(enum.StrEnum):
    """Why the policy chose a ticket (recorded with the call, shown to supervisors)."""

    TRANSFERRED = "transferred"
    OVERDUE = "overdue"
    PRIORITY = "priority"
    FAIRNESS = "fairness"
    IN_TURN = "in_turn"


class Candidate(Protocol):
    """What the policy reads of a ticket (the fields of :class:`Ticket` by those names).

    A :class:`Ticket` is one; so is the queue's lighter view of a waiting ticket, since a call
    builds the whole ticket for the one it calls only.
    """

    @property
    def state(self) -> TicketState: ...  # noqa: D102
    @property
    def business_type(self) -> str: ...  # noqa: D102
    @property
    def priority(self) -> int: ...  # noqa: D102
    @property
    def target_counter(self) -> int | None: ...  # noqa: D102
    @property
    def queued_at(self) -> datetime: ...  # noqa: D102
    @property
    def queue_seq(self) -> int: ...  # noqa: D102
    @property
    def number(self) -> int: ...  # noqa: D102
    @property
    def prefix(self) -> str: ...  # noqa: D102

    def waited_seconds(self, now: datetime) -> float: ...  # noqa: D102


C = TypeVar("C", bound=Candidate)


@dataclass(frozen=True)
class CallDecision:
    """The ticket to call, why, and the counter's priority streak after the call."""

    ticket: Ticket
    reason: CallReason
    priority_streak: int


@dataclass(frozen=True)
class CallingPolicy:
    """How one counter picks its next customer.

    Attributes:
        counter: the counter number.
        serves: business-type codes in order of preference.
        fairness_ratio: after this many priority calls in a row a normal ticket is called if
            one waits; 0 lets priority tickets always go first.
    """

    counter: int
    serves: tuple[str, ...]
    fairness_ratio: int = 3

    def __post_init__(self) -> None:
        if self.counter < 1:
            raise DomainError(f"counter number must be positive, got {self.counter}")
        if not self.serves:
            raise DomainError(f"counter {self.counter} serves no business type")
        if len(set(self.serves)) != len(self.serves):
            raise DomainError(f"counter {self.counter} lists a business type twice")
        if self.fairness_ratio < 0:
            raise DomainError("fairness_ratio must be 0 or more")

    def eligible(self, ticket: Candidate) -> bool:
        """Whether this counter may call the ticket at all."""
        if ticket.state is not TicketState.WAITING:
            return False
        if ticket.target_counter is not None:
            return ticket.target_counter == self.counter
        return ticket.business_type in self.serves

    def choose(
        self,
        candidates: Iterable[Ticket],
        targets: Mapping[str, int],
        now: datetime,
        priority_streak: int = 0,
    ) -> CallDecision | None:
        """Pick the next ticket among ``candidates``, or None when none may be called here.

        Args:
            candidates: waiting tickets; others and those this counter may not call are ignored.
            targets: service-level target in seconds per business-type code.
            now: the current time.
            priority_streak: priority tickets this counter called in a row before now.
        """
        picked = self.pick(candidates, targets, now, priority_streak)
        return None if picked is None else CallDecision(*picked)

    def pick(
        self,
        candidates: Iterable[C],
        targets: Mapping[str, int],
        now: datetime,
        priority_streak: int = 0,
    ) -> tuple[C, CallReason, int] | None:
        """:meth:`choose` over any :class:`Candidate`: the one to call, why, and the new streak.

        The queue calls this with its light views of the heads, and builds the whole
        :class:`Ticket` of the one picked only.
        """
        pool = [t for t in candidates if self.eligible(t)]
        if not pool:
            return None
        transferred = [t for t in pool if t.target_counter == self.counter]
        if transferred:
            pick = min(transferred, key=age)
            return self._decide(pick, CallReason.TRANSFERRED, priority_streak)

        general = [t for t in pool if t.target_counter is None]
        overdue = [t for t in general if self._overdue_by(t, targets, now) > 0]
        if overdue:
            pick = min(
                overdue,
                key=lambda t: (-self._overdue_by(t, targets, now), self._rank(t), self._order(t)),
            )
            return self._decide(pick, CallReason.OVERDUE, priority_streak)

        normal = [t for t in general if t.priority <= 0]
        if self.fairness_ratio and priority_streak >= self.fairness_ratio and normal:
            pick = min(normal, key=self._order)
            return self._decide(pick, CallReason.FAIRNESS, priority_streak)

        pick = min(general, key=self._order)
        reason = CallReason.PRIORITY if pick.priority > 0 else CallReason.IN_TURN
        return self._decide(pick, reason, priority_streak)

    def _rank(self, ticket: Candidate) -> int:
        return self.serves.index(ticket.business_type)

    def _order(self, ticket: Candidate) -> tuple[int, int, tuple[int, datetime, int, str]]:
        return (-ticket.priority, self._rank(ticket), age(ticket))

    @staticmethod
    def _overdue_by(ticket: Candidate, targets: Mapping[str, int], now: datetime) -> float:
        target = targets.get(ticket.business_type)
        if target is None:
            return 0.0
        return ticket.waited_seconds(now) - target

    @staticmethod
    def _decide(ticket: C, reason: CallReason, streak: int) -> tuple[C, CallReason, int]:
        return ticket, reason, streak + 1 if ticket.priority > 0 else 0


def age(ticket: Candidate) -> tuple[int, datetime, int, str]:
    """Sort key putting the ticket that joined the queue first first.

    The queue's turn (``queue_seq``) decides: it only grows, so it is the order in which
    tickets joined even when the clock jumped. Tickets built outside the queue (turn 0, e.g. in
    simulations) fall back to the time they joined. The prefix settles the rare tie of two
    such tickets of one type with the same number (one of them transferred in from another
    series) that joined at the same instant; ``(prefix, number)`` is unique within a day, so
    the order is total.
    """
    return (ticket.queue_seq, ticket.queued_at, ticket.number, ticket.prefix)


def heads(tickets: Sequence[Ticket]) -> list[Ticket]:
    """Reduce waiting tickets to the oldest per (target counter, type, priority level).

    This is the candidate set the queue would fetch; tests use it to show that choosing among
    the heads gives the same answer as choosing among every waiting ticket.
    """
    best: dict[tuple[int | None, str, int], Ticket] = {}
    for t in tickets:
        if t.state is not TicketState.WAITING:
            continue
        key = (t.target_counter, t.business_type, t.priority)
        cur = best.get(key)
        if cur is None or age(t) < age(cur):
            best[key] = t
    return list(best.values())
