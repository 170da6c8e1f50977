"""The shared state of one counter that every counter use case works on, and its guards.

A :class:`CounterSession` holds what the counter knows between two teller actions: who is signed
in, the pause, the customer at the counter, the held customers and the rating prompt. The use
cases (sign-in, calling, serving, finishing, recovery) each take the session and change it; the
guards here are the single place that says when an action may run, so the use cases and the
allowed actions in :class:`~counterdesk.services.state.DeskState` cannot disagree.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock, IdFactory, new_id
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text
from counterdesk.core.policy import CallDecision, CallingPolicy
from counterdesk.core.procedures import Checklist, Procedure
from counterdesk.core.ratings import (
    SHIPPED_REASONS,
    Rating,
    RatingPrompt,
    RatingScale,
    ReasonChoice,
)
from counterdesk.core.staff import StaffMember
from counterdesk.core.tickets import Ticket
from counterdesk.queue.base import QueueOutcomeUnknown
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage.counter_journal import (
    CounterJournal,
    PauseRecord,
    ServiceRecord,
    SessionRecord,
)
from counterdesk.storage.staff import StaffDirectory

_T = TypeVar("_T")


@dataclass
class ActiveService:
    """A service in progress at this counter (called, serving or held)."""

    service: ServiceRecord
    ticket: Ticket
    procedure: Procedure
    checklist: Checklist | None = None
    step_rows: dict[str, str] = field(default_factory=dict)


@dataclass
class CounterSession:
    """One counter's collaborators and its state between teller actions.

    Not thread-safe: the windows run it on their single database worker.

    Attributes:
        counter: the counter number.
        branch_name: shown to customers.
        queue: the branch queue.
        journal: this terminal's journal.
        staff: the staff directory (PINs, roles, lock-out).
        catalogue: the branch's business types.
        library: the procedures.
        policy: how this counter calls.
        clock: the time source.
        ids: row ids.
        rating_scale: the scale offered to customers.
        rating_timeout: seconds before an unanswered prompt becomes "no rating".
        rating_reasons: the reasons a prompt offers, asked when it opens (head office's once
            pulled, else the shipped ones).
        teller: who is signed in, or None.
        staff_session: the journal's session of the signed-in teller.
        pause: the pause in progress, or None.
        current: the customer at the counter, or None.
        held: held customers by ticket id.
        prompt: the rating prompt on the customer screen, or None.
        recovered: whether recovery after the last start ran to the end.
        last_call: the queue's decision for the last customer called here, or None.
        unsettled: ids and names of queue changes whose outcome is unknown (the reply was
            lost), or of a journal write that failed after the queue changed; the desk
            reconciles with the queue before its next queue action (see :meth:`queue_change`).
    """

    counter: int
    branch_name: str
    queue: SqlQueue
    journal: CounterJournal
    staff: StaffDirectory
    catalogue: Catalogue
    library: ProcedureLibrary
    policy: CallingPolicy
    clock: Clock
    ids: IdFactory = new_id
    rating_scale: RatingScale = field(default_factory=RatingScale)
    rating_timeout: float = 30.0
    rating_reasons: Callable[[], tuple[ReasonChoice, ...]] = lambda: SHIPPED_REASONS
    teller: StaffMember | None = None
    staff_session: SessionRecord | None = None
    pause: PauseRecord | None = None
    current: ActiveService | None = None
    held: dict[str, ActiveService] = field(default_factory=dict)
    prompt: RatingPrompt | None = None
    recovered: bool = False
    last_call: CallDecision | None = None
    unsettled: list[tuple[str, str]] = field(default_factory=list)

    # -- guards -------------------------------------------------------------------------------

    def signed_in(self) -> StaffMember:
        """The signed-in teller.

        Raises:
            DomainError: nobody is signed in.
        """
        if self.teller is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "nobody is signed in at counter {counter}"),
                counter=self.counter,
            )
        return self.teller

    def not_paused(self) -> None:
        """Refuse while the counter is paused."""
        if self.pause is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "counter {counter} is paused; resume it first"),
                counter=self.counter,
            )

    def active(self) -> ActiveService:
        """The customer at the counter (called or being served).

        Raises:
            DomainError: nobody signed in, or no customer at the counter.
        """
        self.signed_in()
        if self.current is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "no customer at the counter; call the next one first")
            )
        return self.current

    def serving(self) -> tuple[ActiveService, Checklist]:
        """The customer being served, with the checklist.

        Raises:
            DomainError: no customer, or the customer is only called.
        """
        active = self.active()
        if active.checklist is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "ticket {label} is called; start the service first"),
                label=active.ticket.label,
            )
        return active, active.checklist

    def free_counter(self, doing: Text) -> None:
        """Refuse while a customer is at the counter."""
        if self.current is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "finish or transfer ticket {label} before you {doing}"),
                label=self.current.ticket.label,
                doing=doing,
            )

    def no_held(self) -> None:
        """Refuse while customers are held at this counter."""
        if self.held:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "resume and finish held ticket(s) {labels} before you sign out"
                ),
                labels=", ".join(a.ticket.label for a in self.held.values()),
            )

    def all_active(self) -> list[ActiveService]:
        """The customer at the counter and the held ones."""
        return ([self.current] if self.current else []) + list(self.held.values())

    # -- queue changes ------------------------------------------------------------------------

    def queue_change(self, what: str, change: Callable[[str], _T]) -> _T:
        """Make one queue change under a fresh action id, after checking the journal can follow.

        The journal is checked first (free space, writable), so a journal that cannot take the
        rows that follow refuses the action before the queue changes. A reply lost after the
        queue committed (:class:`QueueOutcomeUnknown`) leaves the change unsettled: the desk
        asks the queue about it before its next action.

        Args:
            what: the action's name (``call``, ``start``, ...), for the audit log.
            change: makes the change with the action id it is given.

        Raises:
            JournalUnwritable: the journal cannot be written; nothing was asked of the queue.
            QueueOfflineError: the queue cannot be reached (QueueOutcomeUnknown: may be done).
        """
        self.journal.check_writable()
        action_id = self.ids()
        try:
            return change(action_id)
        except QueueOutcomeUnknown:
            self.unsettled.append((action_id, what))
            raise

    @contextlib.contextmanager
    def after_queue(self, what: str) -> Iterator[None]:
        """Journal writes that follow a queue change: if they fail, reconcile before going on."""
        try:
            yield
        except BaseException:
            self.unsettled.append(("", what))
            raise

    # -- journal helpers shared by the use cases ----------------------------------------------

    def open_service(
        self,
        ticket: Ticket,
        staff_no: str,
        previous: ServiceRecord | None,
        business_type: str | None = None,
    ) -> ActiveService:
        """Write a new open service for a ticket at this counter."""
        code = business_type or ticket.business_type
        procedure = self.library.get(code)
        with self.journal.transaction() as tx:
            service = tx.save_service(
                ServiceRecord(
                    ticket_id=ticket.id,
                    ticket_label=ticket.label,
                    business_type=code,
                    counter=str(self.counter),
                    staff_no=staff_no,
                    procedure_type=code,
                    procedure_version=procedure.version,
                    called_at=ticket.called_at or tx.at,
                    state="open",
                    previous_service_id=previous.uuid if previous is not None else None,
                    sop_snapshot=self.library.snapshot(code),
                )
            )
        return ActiveService(service=service, ticket=ticket, procedure=procedure)

    def close_service(self, active: ActiveService, state: str, reason: str) -> None:
        """End a service that did not finish normally (no-show, transfer, switch)."""
        with self.journal.transaction() as tx:
            active.service.state = state
            active.service.finished_at = tx.at
            active.service.finish_reason = reason
            tx.save_service(active.service)

    def store_rating(self, rating: Rating | None) -> None:
        """Keep a rating (or a "no rating") with its audit row."""
        if rating is None:
            return
        with self.journal.transaction() as tx:
            tx.add_rating(rating)
            tx.audit("customer", "rating_recorded", {
                "service": rating.service_id, "outcome": rating.outcome.value,
                "cause": rating.cause.value if rating.cause else None,
            })  # fmt: skip

    def close_prompt_unanswered(self, superseded: bool = False) -> None:
        """Record "no rating" for an open prompt (timed out, or the next customer came)."""
        prompt = self.prompt
        if prompt is not None and prompt.is_open:
            now = self.clock.now()
            self.store_rating(prompt.supersede(now) if superseded else prompt.expire(now)
                              or prompt.supersede(now))  # fmt: skip
        self.prompt = None

    def authoriser(self, supervisor_no: str, pin: str, what: str) -> StaffMember:
        """Check a supervisor's PIN for the signed-in teller's action; refusals are audited."""
        teller = self.signed_in()
        try:
            return self.staff.authorise(supervisor_no, pin, not_staff_no=teller.staff_no)
        except DomainError as exc:
            detail = {"for": what, "teller": teller.staff_no, "why": str(exc)}
            self.journal.audit(supervisor_no, "authorisation_refused", detail)
            raise
