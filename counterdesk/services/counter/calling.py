"""Calling customers and moving them on: call, recall, no-show, start, transfer, hold, switch."""

from __future__ import annotations

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text
from counterdesk.core.procedures import Checklist
from counterdesk.core.tickets import TicketState
from counterdesk.services.counter.session import ActiveService, CounterSession


class CallingDesk:
    """The calling use cases of one counter.

    Args:
        session: the counter's shared state.
    """

    def __init__(self, session: CounterSession) -> None:
        self.s = session

    # -- guards (also what DeskState.allowed is computed from) --------------------------------

    def check_call_next(self) -> None:
        """Refuse a call while paused or while a customer is at the counter."""
        s = self.s
        s.signed_in()
        s.not_paused()
        s.free_counter(Text(QT_TRANSLATE_NOOP("domain", "call the next customer")))

    def called(self) -> ActiveService:
        """The customer called but not yet served (recall, no-show and start need one)."""
        active = self.s.active()
        if active.checklist is not None or active.ticket.state is not TicketState.CALLED:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "ticket {label} is already being served"),
                label=active.ticket.label,
            )
        return active

    def check_resume_held(self) -> None:
        """Refuse bringing back a held customer while paused or busy, or with none held."""
        s = self.s
        s.signed_in()
        s.not_paused()
        s.free_counter(Text(QT_TRANSLATE_NOOP("domain", "resume a held ticket")))
        if not s.held:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "that ticket is not held at this counter")
            )

    # -- use cases ----------------------------------------------------------------------------

    def call_next(self) -> None:
        """Call the next customer; an open rating prompt is closed as "no rating" first.

        Raises:
            QueueEmptyError: nobody waits for this counter.
            DomainError: a customer is still at the counter, or the counter is paused.
        """
        s = self.s
        teller = s.signed_in()
        self.check_call_next()
        s.close_prompt_unanswered(superseded=True)
        decision = s.queue_change("call", lambda aid: s.queue.call_next(s.policy, action_id=aid))
        s.last_call = decision
        with s.after_queue("call"):
            s.current = s.open_service(decision.ticket, teller.staff_no, previous=None)

    def recall(self) -> None:
        """Call the same customer again."""
        s = self.s
        active = s.active()
        active.ticket = s.queue_change(
            "recall", lambda aid: s.queue.recall(active.ticket.id, s.counter, action_id=aid)
        )

    def no_show(self) -> None:
        """The called customer did not come."""
        s = self.s
        active = s.active()
        active.ticket = s.queue_change(
            "no_show", lambda aid: s.queue.no_show(active.ticket.id, s.counter, action_id=aid)
        )
        s.current = None
        with s.after_queue("no_show"):
            s.close_service(active, "abandoned", "no_show")

    def start(self) -> None:
        """The customer is at the counter: service and its checklist begin."""
        s = self.s
        teller = s.signed_in()
        active = self.called()
        active.ticket = s.queue_change(
            "start", lambda aid: s.queue.start(active.ticket.id, s.counter, action_id=aid)
        )
        started = active.ticket.started_at or s.clock.now()
        with s.after_queue("start"), s.journal.transaction() as tx:
            active.service.started_at = started
            tx.save_service(active.service)
        active.checklist = Checklist(active.procedure, teller.staff_no, started)

    def transfer(self, business_type: str | None = None, to_counter: int | None = None) -> None:
        """Send the customer to another business type and/or counter, keeping the number."""
        s = self.s
        active = s.active()
        active.ticket = s.queue_change(
            "transfer",
            lambda aid: s.queue.transfer(
                active.ticket.id, s.counter, business_type=business_type,
                to_counter=to_counter, action_id=aid,
            ),
        )  # fmt: skip
        where = " ".join(
            part for part in (business_type or "", f"counter {to_counter}" if to_counter else "")
            if part
        )  # fmt: skip
        s.current = None
        with s.after_queue("transfer"):
            s.close_service(active, "abandoned", f"transferred to {where}")

    def hold(self) -> None:
        """Hold the current service (the customer steps away); the counter may call others."""
        s = self.s
        active, _ = s.serving()
        active.ticket = s.queue_change(
            "hold", lambda aid: s.queue.hold(active.ticket.id, s.counter, action_id=aid)
        )
        s.held[active.ticket.id] = active
        s.current = None

    def resume_held(self, ticket_id: str) -> None:
        """Bring a held customer back to the counter."""
        s = self.s
        self.check_resume_held()
        active = s.held.get(ticket_id)
        if active is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "that ticket is not held at this counter")
            )
        active.ticket = s.queue_change(
            "resume", lambda aid: s.queue.resume(ticket_id, s.counter, action_id=aid)
        )
        del s.held[ticket_id]
        s.current = active

    def switch_business_type(self, business_type: str) -> None:
        """The customer needs something else: close this part and start the new procedure.

        Both parts are kept in the journal; the new service points at the one it replaced.
        """
        s = self.s
        teller = s.signed_in()
        active, _ = s.serving()
        code = s.catalogue.get(business_type).code
        if code == active.service.business_type:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "the service is already {code}"), code=code
            )
        s.close_service(active, "abandoned", f"switched to {code}")
        new = s.open_service(active.ticket, teller.staff_no, active.service, business_type=code)
        now = s.clock.now()
        with s.journal.transaction() as tx:
            new.service.started_at = now
            tx.save_service(new.service)
        new.checklist = Checklist(new.procedure, teller.staff_no, now)
        s.current = new
