"""Immutable snapshots of a counter that the use cases return and the windows render."""

from __future__ import annotations

__all__ = [
    "CallView",
    "CounterAction",
    "CounterTask",
    "DeskAction",
    "DeskState",
    "IssuedTicket",
    "RatingView",
    "ServiceView",
    "StepView",
    "TodayFigures",
]

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from counterdesk.core.business import BusinessType
from counterdesk.core.procedures import Procedure, Step, StepRecord
from counterdesk.core.ratings import SHIPPED_REASONS, PromptStep, RatingScale, ReasonChoice
from counterdesk.core.staff import StaffMember
from counterdesk.core.tickets import Ticket
from counterdesk.queue.base import CallView, CounterMode


@dataclass(frozen=True)
class StepView:
    """One procedure step of the current service, with its progress.

    Attributes:
        step: the template step.
        record: the check, once the teller checked it.
        needs_authorisation: whether checking it now needs a supervisor (for threshold rules,
            judged on the values captured so far).
        is_current: the first open step, where the keyboard focus goes.
        required: whether the step must be checked before finishing, on the values captured so
            far (a ``required_when`` condition); None means the template's ``mandatory``.
        shown: whether the step applies, on the values captured so far (``shown_when``); a
            step that does not is left out of the checklist.
    """

    step: Step
    record: StepRecord | None
    needs_authorisation: bool
    is_current: bool
    required: bool | None = None
    shown: bool = True

    @property
    def is_required(self) -> bool:
        """Whether the step is marked mandatory now."""
        return self.step.mandatory if self.required is None else self.required


@dataclass(frozen=True)
class ServiceView:
    """The customer being served (or called) at the counter.

    Attributes:
        service_id: the journal's service row.
        ticket: the queue's ticket.
        business_type: the business being done now (may differ from the ticket's after a
            mid-service switch).
        procedure: the procedure version this service started with.
        steps: the checklist.
        started_at: when the checklist started (service start), or None while only called.
        open_mandatory: ids of mandatory steps still open.
    """

    service_id: str
    ticket: Ticket
    business_type: BusinessType
    procedure: Procedure
    steps: tuple[StepView, ...]
    started_at: datetime | None
    open_mandatory: tuple[str, ...]


@dataclass(frozen=True)
class RatingView:
    """What the customer screen shows of the rating prompt (the teller never sees the score).

    Attributes:
        service_id: the service being rated.
        step: score, reasons or done.
        scale: the rating scale to offer.
        deadline: when the prompt times out (as "no rating").
        reasons: the reasons offered for a low score.
    """

    service_id: str
    step: PromptStep
    scale: RatingScale
    deadline: datetime
    reasons: tuple[ReasonChoice, ...] = SHIPPED_REASONS


@dataclass(frozen=True)
class TodayFigures:
    """The teller's day so far, for the status line.

    No rating figure: a mean that moves with each answer tells the teller what the last customer
    gave. The teller's ratings come aggregated, in the reports.
    """

    served: int = 0
    average_service_seconds: float = 0.0


class DeskAction(Enum):
    """What a teller may do at a counter; :attr:`DeskState.allowed` says which ones now."""

    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    PAUSE = "pause"
    RESUME = "resume"
    CALL_NEXT = "call_next"
    RECALL = "recall"
    NO_SHOW = "no_show"
    START = "start"
    TRANSFER = "transfer"
    HOLD = "hold"
    RESUME_HELD = "resume_held"
    SWITCH = "switch"
    CHECK_STEP = "check_step"
    UNCHECK_STEP = "uncheck_step"
    AUTHORISE_STEP = "authorise_step"
    FINISH = "finish"


class CounterTask(Enum):
    """The counter's other use cases, which no teller button offers (so not in ``allowed``).

    A supervisor's finish override is offered by a refused finish, the rating prompt's steps
    by the prompt itself (on the customer screen), and the last two are the controller's own
    upkeep. With :class:`DeskAction` they name every use case a refusal can come from.
    """

    FINISH_OVERRIDE = "finish_override"
    RATE = "rate"
    RATE_REASONS = "rate_reasons"
    DECLINE_RATING = "decline_rating"
    EXPIRE_RATING = "expire_rating"
    DISMISS_RATING = "dismiss_rating"
    READ_STATE = "read_state"
    QUEUE_BACK = "queue_back"


#: Any use case of a counter, as the controller names it when one is refused.
CounterAction = DeskAction | CounterTask


@dataclass(frozen=True)
class DeskState:
    """Everything a counter's windows need to draw, as of one moment.

    Attributes:
        counter: the counter number.
        branch_name: shown on the customer screen.
        teller: who is signed in, or None.
        mode: open, paused or closed.
        pause_reason: why the counter is paused.
        current: the customer called or being served, or None.
        held: tickets held at this counter, to resume later.
        rating: the rating prompt on the customer screen, or None. Only the customer screen may
            see it (its step tells a low score): the teller window gets :meth:`for_teller`.
        customer_rating: whether the customer screen waits for the customer's rating (the
            score or the reasons: the teller cannot tell which).
        today: the teller's figures today.
        allowed: the actions the counter's use cases accept now (computed from the same
            guards they enforce, so a window enables exactly these).
    """

    counter: int
    branch_name: str
    teller: StaffMember | None = None
    mode: CounterMode = CounterMode.CLOSED
    pause_reason: str = ""
    current: ServiceView | None = None
    held: tuple[Ticket, ...] = ()
    rating: RatingView | None = None
    customer_rating: bool = False
    today: TodayFigures = TodayFigures()
    allowed: frozenset[DeskAction] = frozenset()

    def for_teller(self) -> DeskState:
        """The state as the teller's window may see it: nothing of the customer's rating.

        A score and the reasons after a low one look the same ("the customer is rating") until
        the prompt is answered, so the teller cannot read a customer's rating off the window.
        """
        return replace(self, rating=None)


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk shows and prints after a customer takes a ticket.

    Attributes:
        ticket: the new ticket.
        business_type: its business type.
        ahead: customers waiting before this one who may be called first.
        estimated_wait_seconds: the estimate, or None when no counter serving the type is open.
        branch_name: printed on the slip.
    """

    ticket: Ticket
    business_type: BusinessType
    ahead: int
    estimated_wait_seconds: float | None
    branch_name: str
