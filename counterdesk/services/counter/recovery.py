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
        """The queue answers again: reconcile with all it holds at this counter.

        Before the first recovery ran this is that recovery; after it, the same rebuilding on
        the running desk (:meth:`reconcile`): a change whose reply was lost, or whose journal
        rows could not be written, is taken from the queue, so no ticket is orphaned.
        """
        if not self.s.recovered:
            self.recover()
        else:
            self.reconcile()

    def settle(self) -> None:
        """Before a queue action: reconcile first if an earlier change's outcome is unknown.

        Raises:
            QueueOfflineError: the queue is still away (the action is not done either).
        """
        if self.s.unsettled:
            self.queue_back()

    def reconcile(self) -> bool:
        """Rebuild the running counter from the queue, keeping what the desk already knows.

        Each change whose reply was lost is looked up by its action id and written to the
        audit log with its outcome; then every ticket the queue holds at this counter
        (called, serving, held) is put where the queue says, with its service.

        Returns:
            Whether every change whose outcome was unknown turned out to have happened.

        Raises:
            QueueOfflineError: the queue cannot be reached (the changes stay unsettled).
        """
        s = self.s
        happened = True
        for action_id, what in list(s.unsettled):
            if action_id:
                ticket = s.queue.action_outcome(action_id)
                happened = happened and ticket is not None
                if what == "call" and ticket is not None:
                    s.last_call = None  # the queue's reasons for it were lost with the reply
                s.journal.audit(
                    s.teller.staff_no if s.teller else "system",
                    "queue_action_settled",
                    {"action": what, "action_id": action_id, "happened": ticket is not None,
                     "ticket": ticket.label if ticket else None},
                )  # fmt: skip
        self._rebuild(live=True)
        s.unsettled = []
        return happened

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
                s.queue.finish(ticket.id, action.counter, action_id=action.uuid)
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
        self.s.current = None
        self.s.held = {}
        self._close_lost_prompts()
        self._rebuild(live=False)
        self.s.unsettled = []
        self.s.recovered = True

    def _rebuild(self, live: bool) -> None:
        """Put the counter together from the journal and the queue.

        Args:
            live: the desk is running (a reconnect): the services it holds in memory are
                kept as they are, and a service this rebuilding opens belongs to the teller
                signed in.
        """
        s = self.s
        # Built aside and put in place at the end: a queue lost half-way leaves the desk as
        # it was (still unsettled), not empty.
        known = {a.ticket.id: a for a in s.all_active()} if live else {}
        current: ActiveService | None = None
        held: dict[str, ActiveService] = {}
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
            # A crash (or a journal write that failed) between the queue's finish and the
            # journal left these without their prompt too; close it now rather than on the
            # next restart. The prompt on the customer screen is not lost: it stays open.
            self._close_lost_prompts(keep_showing=live)
        tickets = [t for t in s.queue.at_counter(s.counter) if t.id not in finished_here]
        # One customer at the counter: the one being served, else the one called first.
        # Anything else called here (an older desk's retry called a second ticket) goes back
        # to its queue, and a second service in progress is held: nobody is orphaned.
        first = next(
            (t for t in tickets if t.state is TicketState.SERVING),
            next((t for t in tickets if t.state is TicketState.CALLED), None),
        )
        for ticket in tickets:
            if ticket.state is not TicketState.HELD and ticket is not first:
                aside = self._step_aside(ticket, by_ticket.pop(ticket.id, None))
                if aside is None:
                    continue
                ticket = aside
            found = by_ticket.get(ticket.id)
            if ticket.id in known:
                active = known[ticket.id]
                active.ticket = ticket
            elif found is None:
                # At start nobody is signed in yet; the next sign-in takes the service over.
                staff_no = s.teller.staff_no if s.teller else ""
                active = s.open_service(ticket, staff_no, previous=None)
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
                held[ticket.id] = active
            else:
                current = active
        s.current = current
        s.held = held

    def _step_aside(self, ticket: Ticket, service: ServiceRecord | None) -> Ticket | None:
        """A second customer at the counter: hold a service in progress, return a call.

        Returns:
            The held ticket, or None when it went back to its queue (its service closed).
        """
        s = self.s
        if ticket.state is TicketState.SERVING:
            return s.queue.hold(ticket.id, s.counter, action_id=s.ids())
        back = s.queue.recycle(ticket.id, s.counter, action_id=s.ids())
        with s.journal.transaction() as tx:
            if service is not None:
                service.state = "abandoned"
                service.finished_at = tx.at
                service.finish_reason = "recovered: returned to the queue"
                tx.save_service(service)
            tx.audit("system", "ticket_returned_to_queue", {"ticket": back.label,
                                                             "counter": s.counter})  # fmt: skip
        return None

    def _close_lost_prompts(self, keep_showing: bool = False) -> None:
        s = self.s
        now = s.clock.now()
        showing = s.prompt.service_id if keep_showing and s.prompt is not None else None
        for service in s.journal.finished_unrated(s.counter):
            if service.uuid == showing:
                continue
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
