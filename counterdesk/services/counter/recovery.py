"""Putting a counter back together after a restart, and replaying what waited for the queue.

Ordering against crashes: the queue change commits first, then the journal rows. A crash in
between is repaired here: a ticket at this counter without a service gets one; a service whose
ticket moved on is closed to match the queue.
"""

from __future__ import annotations

import contextlib
import logging

from counterdesk.core.procedures import Checklist, StepRecord
from counterdesk.core.ratings import RatingPrompt
from counterdesk.core.tickets import Ticket, TicketState
from counterdesk.queue.base import QueueOfflineError
from counterdesk.services.counter.serving import stored_value
from counterdesk.services.counter.session import ActiveService, CounterSession
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage.counter_journal import ServiceRecord

log = logging.getLogger(__name__)


class RecoveryDesk:
    """Recovery and offline replay of one counter.

    Args:
        session: the counter's shared state.
    """

    def __init__(self, session: CounterSession) -> None:
        self.s = session

    def start_up(self) -> None:
        """The start-up step: recover, or wait for the queue if it cannot be reached yet."""
        try:
            self.recover()
        except QueueOfflineError:
            log.warning(
                "queue unreachable at start: counter %d recovers when it is back", self.s.counter
            )

    def queue_back(self) -> None:
        """The queue answers again: finish recovering, then apply what waited for it."""
        if not self.s.recovered:
            self.recover()
        self.replay_pending()

    def replay_pending(self) -> int:
        """Tell the queue what this counter did while it was unreachable; return how many.

        Each pending action is applied at most once: a ticket the queue already shows as
        finished (an earlier replay, or another path) is marked done without a second change.

        Raises:
            QueueOfflineError: the queue is still unreachable (what is left stays pending).
        """
        s = self.s
        applied = 0
        for action in s.journal.pending_actions():
            ticket = s.queue.get(action.ticket_id)
            if ticket.state.at_counter and ticket.counter == action.counter:
                if ticket.state is not TicketState.SERVING:
                    ticket = s.queue.resume(ticket.id, action.counter) if (
                        ticket.state is TicketState.HELD
                    ) else s.queue.start(ticket.id, action.counter)  # fmt: skip
                s.queue.finish(ticket.id, action.counter)
                outcome = "applied"
                applied += 1
            else:
                outcome = f"already {ticket.state.value}"
            with s.journal.transaction() as tx:
                tx.pending_done(action.uuid, outcome, s.clock.now())
        return applied

    def recover(self) -> None:
        """Rebuild the counter after a restart from the journal and the queue.

        Open services come back with their checklist progress; the queue is the truth about
        tickets, so a service whose ticket moved on is closed to match, and a ticket at this
        counter without a service (a crash between the two writes) gets one. A rating prompt
        lives only on the customer screen, so a finished service the restart left without a
        rating gets "no rating", keeping one rating per service; that includes a service this
        recovery itself closes because the queue finished its ticket.

        Raises:
            QueueOfflineError: the queue cannot be reached (call again when it is back).
        """
        s = self.s
        s.current = None
        s.held = {}
        self._close_lost_prompts()
        with contextlib.suppress(QueueOfflineError):
            self.replay_pending()
        finished_here = {a.ticket_id for a in s.journal.pending_actions()}
        by_ticket: dict[str, ServiceRecord] = {}
        closed_finished = False
        for service in s.journal.open_services(s.counter):
            ticket = s.queue.get(service.ticket_id)
            if ticket.counter != s.counter or not ticket.state.at_counter:
                state = "finished" if ticket.state is TicketState.FINISHED else "abandoned"
                closed_finished = closed_finished or state == "finished"
                with s.journal.transaction() as tx:
                    service.state = state
                    service.finished_at = ticket.ended_at or tx.at
                    service.finish_reason = f"recovered: ticket {ticket.state.value}"
                    tx.save_service(service)
                continue
            by_ticket[ticket.id] = service
        if closed_finished:
            # A crash between the queue's finish and the journal left these without their
            # prompt too; close it now rather than on the next restart.
            self._close_lost_prompts()
        for ticket in s.queue.at_counter(s.counter):
            if ticket.id in finished_here:
                continue  # finished while the queue was away; the replay tells the queue
            found = by_ticket.get(ticket.id)
            if found is None:
                # Nobody is signed in yet; the next sign-in takes the service over.
                active = s.open_service(ticket, "", previous=None)
            else:
                active = self._restore(found, ticket)
            if active.checklist is None and ticket.state is not TicketState.CALLED:
                # The queue started the service but the journal had not recorded it yet.
                started = ticket.started_at or s.clock.now()
                with s.journal.transaction() as tx:
                    active.service.started_at = started
                    tx.save_service(active.service)
                active.checklist = Checklist(active.procedure, active.service.staff_no, started)
            if ticket.state is TicketState.HELD:
                s.held[ticket.id] = active
            else:
                s.current = active
        s.recovered = True

    def _close_lost_prompts(self) -> None:
        s = self.s
        now = s.clock.now()
        for service in s.journal.finished_unrated(s.counter):
            opened = service.finished_at or now
            prompt = RatingPrompt(service.uuid, s.rating_scale, opened, s.rating_timeout)
            s.store_rating(prompt.expire(max(now, prompt.deadline)))

    def _restore(self, service: ServiceRecord, ticket: Ticket) -> ActiveService:
        s = self.s
        snapshot = service.sop_snapshot
        procedure = (
            ProcedureLibrary.from_snapshot(snapshot)
            if snapshot
            else s.library.get(service.business_type)
        )
        active = ActiveService(service=service, ticket=ticket, procedure=procedure)
        if service.started_at is not None:
            rows = s.journal.steps(service.uuid)
            records = [
                StepRecord(
                    step_id=row.step_id,
                    checked_at=row.checked_at,
                    value=stored_value(procedure, row.step_id, row.value),
                    authoriser=row.authoriser,
                    seconds_open=row.seconds_open,
                    sequence=n,
                )
                for n, row in enumerate(rows, start=1)
            ]
            active.checklist = Checklist.restore(
                procedure, service.staff_no, service.started_at, records
            )
            active.step_rows = {row.step_id: row.uuid for row in rows}
        return active
