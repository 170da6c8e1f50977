"""The ticket life cycle: states, the allowed transitions and the ticket value object.

A ticket is immutable; each transition returns a new ticket whose ``version`` is one higher,
which is what the queue compares-and-sets so that only one counter wins a race.

::

    waiting --call--> called --start--> serving --finish--> finished
       ^  |            | ^ recall         |  ^
       |  |            | |                 hold/resume --> held
       |  |            +-- no_show --> no_show --reactivate--> waiting
       |  +-- cancel --> cancelled     (cancel also from called, held, no_show)
       +-- recycle (from called, serving, held)
       +-- transfer (from called, serving, held; keeps the number)
       waiting --expire--> expired  (never called by the day's close)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime

from counterdesk.core.errors import (
    QT_TRANSLATE_NOOP,
    DomainError,
    Text,
    TransitionError,
    domain_words,
)


class TicketState(enum.StrEnum):
    """Where a ticket is in its life."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"
    NO_SHOW = "no_show"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def is_final(self) -> bool:
        """Whether no action can change the ticket any more."""
        return self in (TicketState.FINISHED, TicketState.CANCELLED, TicketState.EXPIRED)

    @property
    def at_counter(self) -> bool:
        """Whether the ticket belongs to a counter right now."""
        return self in (TicketState.CALLED, TicketState.SERVING, TicketState.HELD)


class Action(enum.StrEnum):
    """Every action a ticket can be asked to take (also the event names in the queue)."""

    ISSUE = "issue"
    CALL = "call"
    RECALL = "recall"
    START = "start"
    NO_SHOW = "no_show"
    REACTIVATE = "reactivate"
    RECYCLE = "recycle"
    HOLD = "hold"
    RESUME = "resume"
    TRANSFER = "transfer"
    FINISH = "finish"
    CANCEL = "cancel"
    EXPIRE = "expire"


#: The state and action names as refusals show them (``ticket A001 is waiting; cannot finish``),
#: marked so that the window can translate them; a test checks that every member is here.
STATE_WORDS = domain_words(
    QT_TRANSLATE_NOOP("domain", "waiting"),
    QT_TRANSLATE_NOOP("domain", "called"),
    QT_TRANSLATE_NOOP("domain", "serving"),
    QT_TRANSLATE_NOOP("domain", "held"),
    QT_TRANSLATE_NOOP("domain", "no_show"),
    QT_TRANSLATE_NOOP("domain", "finished"),
    QT_TRANSLATE_NOOP("domain", "cancelled"),
    QT_TRANSLATE_NOOP("domain", "expired"),
)
ACTION_WORDS = domain_words(
    QT_TRANSLATE_NOOP("domain", "issue"),
    QT_TRANSLATE_NOOP("domain", "call"),
    QT_TRANSLATE_NOOP("domain", "recall"),
    QT_TRANSLATE_NOOP("domain", "start"),
    QT_TRANSLATE_NOOP("domain", "no_show"),
    QT_TRANSLATE_NOOP("domain", "reactivate"),
    QT_TRANSLATE_NOOP("domain", "recycle"),
    QT_TRANSLATE_NOOP("domain", "hold"),
    QT_TRANSLATE_NOOP("domain", "resume"),
    QT_TRANSLATE_NOOP("domain", "transfer"),
    QT_TRANSLATE_NOOP("domain", "finish"),
    QT_TRANSLATE_NOOP("domain", "cancel"),
    QT_TRANSLATE_NOOP("domain", "expire"),
)

S = TicketState
#: Which states each action may start from. Anything else is refused with a TransitionError.
ALLOWED: dict[Action, frozenset[TicketState]] = {
    Action.CALL: frozenset({S.WAITING}),
    Action.RECALL: frozenset({S.CALLED}),
    Action.START: frozenset({S.CALLED}),
    Action.NO_SHOW: frozenset({S.CALLED}),
    Action.REACTIVATE: frozenset({S.NO_SHOW}),
    Action.RECYCLE: frozenset({S.CALLED, S.SERVING, S.HELD}),
    Action.HOLD: frozenset({S.SERVING}),
    Action.RESUME: frozenset({S.HELD}),
    Action.TRANSFER: frozenset({S.CALLED, S.SERVING, S.HELD}),
    Action.FINISH: frozenset({S.SERVING}),
    Action.CANCEL: frozenset({S.WAITING, S.CALLED, S.HELD, S.NO_SHOW}),
    Action.EXPIRE: frozenset({S.WAITING}),
}

#: Actions that only the counter holding the ticket may take.
COUNTER_ACTIONS = frozenset(
    {
        Action.RECALL,
        Action.START,
        Action.NO_SHOW,
        Action.RECYCLE,
        Action.HOLD,
        Action.RESUME,
        Action.TRANSFER,
        Action.FINISH,
    }
)


def elapsed(start: datetime, end: datetime) -> float:
    """Seconds from ``start`` to ``end``; 0 when the clock puts ``end`` first."""
    return max(0.0, (end - start).total_seconds())


def format_label(prefix: str, number: int) -> str:
    """Return the number as printed on the ticket and shown on the display (``A007``)."""
    return f"{prefix}{number:03d}"


@dataclass(frozen=True)
class Ticket:
    """A customer's place in the queue.

    Attributes:
        id: UUID of the ticket.
        day: the queue's business day the number belongs to; numbers restart each business
            day. Usually the local date of issue, but a day kept open past midnight goes on
            (see :func:`counterdesk.core.clock.business_day_is_current`).
        number: the number within the day's series of ``prefix``.
        prefix: letter of the series the number was taken from; kept on transfer.
        business_type: code of the business the customer now waits for.
        priority: a :class:`~counterdesk.core.business.Priority` value.
        state: current state.
        counter: the counter holding the ticket (called, serving, held) or that last held it.
        target_counter: when set, only this counter may call the ticket (transfer to a counter).
        call_count: how many times the ticket was called at the current counter.
        issued_at: when the customer took the ticket (UTC).
        queued_at: when it last joined the queue; the waiting order and the service-level
            clock start here.
        called_at: last first-call time at a counter.
        started_at: when service began.
        ended_at: when it finished, was cancelled, marked no-show or expired.
        version: bumped by every transition; the queue's compare-and-set token.
        queue_seq: the ticket's turn: a number the queue gives it each time it joins the
            queue (issued, recycled, reactivated, transferred), larger than every turn given
            before, whatever the wall clock says. The waiting order is this, not
            ``queued_at`` (a clock stepping back must not put a later customer first); 0 on a
            ticket the queue has not stored (or before it was given its new turn).
    """

    id: str
    day: date
    number: int
    prefix: str
    business_type: str
    priority: int
    state: TicketState
    issued_at: datetime
    queued_at: datetime
    counter: int | None = None
    target_counter: int | None = None
    call_count: int = 0
    called_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    version: int = 0
    queue_seq: int = 0

    @property
    def label(self) -> str:
        """The number as the customer knows it."""
        return format_label(self.prefix, self.number)

    @classmethod
    def issue(
        cls,
        *,
        id: str,  # shadows the builtin on purpose: the field is called id everywhere else
        day: date,
        number: int,
        prefix: str,
        business_type: str,
        priority: int,
        at: datetime,
    ) -> Ticket:
        """Create a new waiting ticket."""
        if number < 1:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "ticket number must be positive, got {number}"),
                number=number,
            )
        return cls(
            id=id,
            day=day,
            number=number,
            prefix=prefix,
            business_type=business_type,
            priority=priority,
            state=TicketState.WAITING,
            issued_at=at,
            queued_at=at,
        )

    def waited_seconds(self, now: datetime) -> float:
        """Seconds since the ticket last joined the queue (or until it was called)."""
        end = self.called_at if self.called_at and self.called_at >= self.queued_at else now
        if self.state is TicketState.WAITING:
            end = now
        return elapsed(self.queued_at, end)

    # -- transitions -------------------------------------------------------------------------

    def check(self, action: Action, counter: int | None = None) -> None:
        """Raise TransitionError unless ``action`` is allowed now (by ``counter``, if given)."""
        if action not in ALLOWED:
            raise TransitionError(
                self.label,
                self.state.value,
                action.value,
                Text(QT_TRANSLATE_NOOP("domain", "not a transition")),
            )
        if self.state not in ALLOWED[action]:
            raise TransitionError(self.label, self.state.value, action.value)
        if (
            counter is not None
            and action in COUNTER_ACTIONS
            and self.counter is not None
            and self.counter != counter
        ):
            raise TransitionError(
                self.label,
                self.state.value,
                action.value,
                Text(
                    QT_TRANSLATE_NOOP("domain", "it is at counter {at}, not counter {counter}"),
                    at=self.counter,
                    counter=counter,
                ),
            )
        if (
            action is Action.CALL
            and counter is not None
            and self.target_counter is not None
            and self.target_counter != counter
        ):
            raise TransitionError(
                self.label,
                self.state.value,
                action.value,
                Text(
                    QT_TRANSLATE_NOOP("domain", "it was transferred to counter {counter}"),
                    counter=self.target_counter,
                ),
            )

    def _next(self, action: Action, by: int | None, /, **changes: object) -> Ticket:
        # ``by`` is the acting counter; ``changes`` may set the ticket's own ``counter`` field.
        self.check(action, by)
        return replace(self, version=self.version + 1, **changes)  # type: ignore[arg-type]

    def call(self, counter: int, at: datetime) -> Ticket:
        """A counter calls the customer."""
        return self._next(
            Action.CALL,
            counter,
            state=S.CALLED,
            counter=counter,
            target_counter=None,
            call_count=1,
            called_at=at,
        )

    def recall(self, counter: int) -> Ticket:
        """The counter calls the same customer again."""
        return self._next(Action.RECALL, counter, call_count=self.call_count + 1)

    def start(self, counter: int, at: datetime) -> Ticket:
        """The customer arrived at the counter; service begins."""
        return self._next(Action.START, counter, state=S.SERVING, started_at=at)

    def no_show(self, counter: int, at: datetime) -> Ticket:
        """The customer did not come after being called."""
        return self._next(Action.NO_SHOW, counter, state=S.NO_SHOW, ended_at=at)

    def reactivate(self, at: datetime) -> Ticket:
        """A no-show customer came back; they rejoin the end of the queue."""
        return self._next(
            Action.REACTIVATE,
            None,
            state=S.WAITING,
            counter=None,
            call_count=0,
            queued_at=at,
            called_at=None,
            ended_at=None,
        )

    def recycle(self, counter: int, at: datetime) -> Ticket:
        """Put the ticket back in its queue (e.g. the customer must fill in a form first)."""
        return self._next(
            Action.RECYCLE,
            counter,
            state=S.WAITING,
            counter=None,
            call_count=0,
            queued_at=at,
            called_at=None,
            started_at=None,
        )

    def hold(self, counter: int) -> Ticket:
        """Pause service at this counter (the customer steps away briefly)."""
        return self._next(Action.HOLD, counter, state=S.HELD)

    def resume(self, counter: int) -> Ticket:
        """Resume a held service at the same counter."""
        return self._next(Action.RESUME, counter, state=S.SERVING)

    def transfer(
        self,
        counter: int,
        at: datetime,
        *,
        business_type: str | None = None,
        to_counter: int | None = None,
    ) -> Ticket:
        """Send the customer to another business type and/or a specific counter.

        The ticket keeps its number and prefix, so the customer keeps the number they hold.
        """
        # State and counter first, so a refused transfer names the real reason.
        self.check(Action.TRANSFER, counter)
        if business_type is None and to_counter is None:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "transfer of ticket {label} needs a business type or a counter"
                ),
                label=self.label,
            )
        if to_counter is not None and to_counter == counter:
            raise TransitionError(
                self.label,
                self.state.value,
                Action.TRANSFER.value,
                Text(QT_TRANSLATE_NOOP("domain", "it is already at that counter")),
            )
        return self._next(
            Action.TRANSFER,
            counter,
            state=S.WAITING,
            business_type=business_type or self.business_type,
            target_counter=to_counter,
            counter=None,
            call_count=0,
            queued_at=at,
            called_at=None,
            started_at=None,
        )

    def finish(self, counter: int, at: datetime) -> Ticket:
        """Service is complete."""
        return self._next(Action.FINISH, counter, state=S.FINISHED, ended_at=at)

    def cancel(self, at: datetime) -> Ticket:
        """The customer left, or staff voided the ticket."""
        return self._next(Action.CANCEL, None, state=S.CANCELLED, ended_at=at)

    def expire(self, at: datetime) -> Ticket:
        """The day closed before the customer was called; the ticket is kept as expired."""
        return self._next(Action.EXPIRE, None, state=S.EXPIRED, ended_at=at)
