"""The use cases of one counter: sign in, call, serve through the procedure, finish, rating.

Every teller action goes through :class:`CounterDesk` — the window, its keyboard shortcuts, the
command line and the tests alike — so no path can skip a rule such as finishing with mandatory
steps open, or authorising one's own step. Each use case returns a fresh :class:`DeskState`.

Ordering against crashes: the queue change commits first, then the journal rows. A crash in
between is repaired when the desk starts (:meth:`CounterDesk.recover`): a ticket at this counter
without a service gets one; a service whose ticket moved on is closed to match the queue.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock, IdFactory, business_day, new_id
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.procedures import (
    CaptureType,
    Checklist,
    FinishVerdict,
    Procedure,
    StepRecord,
)
from counterdesk.core.ratings import Rating, RatingPrompt, RatingScale, Reason
from counterdesk.core.staff import StaffMember
from counterdesk.core.tickets import Ticket, TicketState
from counterdesk.queue.base import CounterMode, QueueOfflineError
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.library import ProcedureLibrary
from counterdesk.services.state import (
    DeskState,
    RatingView,
    ServiceView,
    StepView,
    TodayFigures,
)
from counterdesk.storage import models as m
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class FinishRefused(DomainError):
    """Finishing was refused by the procedure's rule; the verdict says why and what is open."""

    def __init__(self, verdict: FinishVerdict, can_override: bool) -> None:
        super().__init__(verdict.template, **verdict.params)
        self.verdict = verdict
        self.can_override = can_override


@dataclass
class _Active:
    """A service in progress at this counter (called, serving or held)."""

    service: m.Service
    ticket: Ticket
    procedure: Procedure
    checklist: Checklist | None = None
    step_rows: dict[str, str] = field(default_factory=dict)


class CounterDesk:
    """One counter's use cases over the shared queue and this terminal's journal.

    Not thread-safe: the windows run it on their single database worker.

    Args:
        counter: the counter number.
        branch_name: shown to customers.
        queue: the branch queue.
        uow: the journal's unit of work.
        staff: the staff directory (PINs, roles, lock-out).
        catalogue: the branch's business types.
        library: the procedures.
        policy: how this counter calls.
        clock: the time source.
        ids: row ids.
        rating_scale: the scale offered to customers.
        rating_timeout: seconds before an unanswered prompt becomes "no rating".
    """

    def __init__(
        self,
        *,
        counter: int,
        branch_name: str,
        queue: SqlQueue,
        uow: UnitOfWork,
        staff: StaffDirectory,
        catalogue: Catalogue,
        library: ProcedureLibrary,
        policy: CallingPolicy,
        clock: Clock,
        ids: IdFactory = new_id,
        rating_scale: RatingScale | None = None,
        rating_timeout: float = 30.0,
    ) -> None:
        if policy.counter != counter:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "the calling policy is for counter {policy}, not {counter}"
                ),
                policy=policy.counter,
                counter=counter,
            )
        self.counter = counter
        self.branch_name = branch_name
        self.queue = queue
        self.uow = uow
        self.staff = staff
        self.catalogue = catalogue
        self.library = library
        self.policy = policy
        self.clock = clock
        self._ids = ids
        self.rating_scale = rating_scale or RatingScale()
        self.rating_timeout = rating_timeout
        self._teller: StaffMember | None = None
        self._session: m.StaffSession | None = None
        self._pause: m.Pause | None = None
        self._current: _Active | None = None
        self._held: dict[str, _Active] = {}
        self._prompt: RatingPrompt | None = None
        self._recovered = False
        try:
            self.recover()
        except QueueOfflineError:
            log.warning("queue unreachable at start: counter %d recovers when it is back", counter)

    def queue_back(self) -> DeskState:
        """The queue answers again: finish recovering, then apply what waited for it."""
        if not self._recovered:
            self.recover()
        self.replay_pending()
        return self.state()

    # -- state --------------------------------------------------------------------------------

    @property
    def teller(self) -> StaffMember | None:
        """Who is signed in."""
        return self._teller

    def state(self) -> DeskState:
        """A snapshot of the counter for the windows."""
        if self._teller is None:
            mode = CounterMode.CLOSED
        else:
            mode = CounterMode.PAUSED if self._pause is not None else CounterMode.OPEN
        rating = None
        if self._prompt is not None:
            rating = RatingView(
                service_id=self._prompt.service_id,
                step=self._prompt.step,
                scale=self.rating_scale,
                deadline=self._prompt.deadline,
            )
        return DeskState(
            counter=self.counter,
            branch_name=self.branch_name,
            teller=self._teller,
            mode=mode,
            pause_reason=self._pause.reason if self._pause is not None else "",
            current=self._view(self._current) if self._current else None,
            held=tuple(a.ticket for a in self._held.values()),
            rating=rating,
            today=self._today(),
        )

    def _view(self, active: _Active) -> ServiceView:
        checklist = active.checklist
        records = {r.step_id: r for r in checklist.records} if checklist else {}
        current = checklist.current() if checklist else None
        steps = []
        for step in active.procedure.steps:
            needs = False
            if step.authorisation is not None and checklist is not None:
                needs = step.authorisation.required(checklist.values)
            steps.append(
                StepView(
                    step=step,
                    record=records.get(step.id),
                    needs_authorisation=needs,
                    is_current=current is not None and current.id == step.id,
                )
            )
        open_mandatory = (
            tuple(s.id for s in active.procedure.steps if s.mandatory)
            if (checklist is None)
            else tuple(s.id for s in checklist.open_mandatory())
        )
        return ServiceView(
            service_id=active.service.uuid,
            ticket=active.ticket,
            business_type=self.catalogue.get(active.service.business_type),
            procedure=active.procedure,
            steps=tuple(steps),
            started_at=checklist.started_at if checklist else None,
            open_mandatory=open_mandatory,
        )

    def _today(self) -> TodayFigures:
        if self._teller is None:
            return TodayFigures()
        now = self.clock.now()
        day = business_day(now)
        services = list(
            m.Service.select().where(
                (m.Service.staff_no == self._teller.staff_no)
                & (m.Service.state == "finished")
                # Prefilter in UTC; the business day is decided in local time below.
                & (m.Service.finished_at >= now - timedelta(hours=36))
            )
        )
        durations: list[float] = []
        ids: list[str] = []
        for service in services:
            finished, started = service.finished_at, service.started_at
            if finished is None or business_day(finished) != day:
                continue
            ids.append(service.uuid)
            if started is not None:
                durations.append((finished - started).total_seconds())
        scores: list[int] = []
        if ids:
            ratings = m.Rating.select().where(m.Rating.service.in_(ids))
            scores = [r.score for r in ratings if r.score is not None]
        return TodayFigures(
            served=len(ids),
            average_service_seconds=sum(durations) / len(durations) if durations else 0.0,
            mean_rating=sum(scores) / len(scores) if scores else None,
        )

    # -- guards -------------------------------------------------------------------------------

    def _signed_in(self) -> StaffMember:
        if self._teller is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "nobody is signed in at counter {counter}"),
                counter=self.counter,
            )
        return self._teller

    def _active(self) -> _Active:
        self._signed_in()
        if self._current is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "no customer at the counter; call the next one first")
            )
        return self._current

    def _serving(self) -> tuple[_Active, Checklist]:
        active = self._active()
        if active.checklist is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "ticket {label} is called; start the service first"),
                label=active.ticket.label,
            )
        return active, active.checklist

    def _free_counter(self, doing: Text) -> None:
        if self._current is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "finish or transfer ticket {label} before you {doing}"),
                label=self._current.ticket.label,
                doing=doing,
            )

    # -- sign in, pause -----------------------------------------------------------------------

    def sign_in(self, staff_no: str, pin: str) -> DeskState:
        """Sign a member of staff in at this counter and open it.

        Raises:
            SignInError, AccountLockedError: wrong credentials or a locked account.
            DomainError: somebody is already signed in.
        """
        if self._teller is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "{name} is signed in at counter {counter}; sign out first"
                ),
                name=self._teller.name,
                counter=self.counter,
            )
        try:
            member = self.staff.verify(staff_no, pin)
        except DomainError as exc:
            with self.uow.transaction() as tx:
                tx.audit(staff_no, "sign_in_refused", {"counter": self.counter, "why": str(exc)})
            raise
        # The queue first: if it cannot be reached, nobody is half signed in.
        self.queue.set_counter_mode(self.counter, CounterMode.OPEN, serves=self.policy.serves)
        with self.uow.transaction() as tx:
            session = m.StaffSession(
                staff_no=member.staff_no, counter=str(self.counter), signed_in_at=tx.at
            )
            tx.save(session)
            tx.audit(member.staff_no, "sign_in", {"counter": self.counter})
            for active in self._all_active():
                if active.service.staff_no != member.staff_no:
                    tx.audit(
                        member.staff_no,
                        "service_taken_over",
                        {"service": active.service.uuid, "from": active.service.staff_no},
                    )
                    active.service.staff_no = member.staff_no
                    tx.save(active.service)
                    if active.checklist is not None:
                        active.checklist.teller = member.staff_no
        self._teller = member
        self._session = session
        return self.state()

    def sign_out(self) -> DeskState:
        """Close the counter and end the teller's session."""
        teller = self._signed_in()
        self._free_counter(Text(QT_TRANSLATE_NOOP("domain", "sign out")))
        if self._held:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "resume and finish held ticket(s) {labels} before you sign out"
                ),
                labels=", ".join(a.ticket.label for a in self._held.values()),
            )
        self._close_prompt_unanswered()
        with self.uow.transaction() as tx:
            if self._pause is not None:
                self._pause.ended_at = tx.at
                tx.save(self._pause)
            if self._session is not None:
                self._session.signed_out_at = tx.at
                tx.save(self._session)
            tx.audit(teller.staff_no, "sign_out", {"counter": self.counter})
        self.queue.set_counter_mode(self.counter, CounterMode.CLOSED)
        self._teller = None
        self._session = None
        self._pause = None
        return self.state()

    def pause(self, reason: str) -> DeskState:
        """Pause the counter (lunch, meeting, cash replenishment, ...)."""
        teller = self._signed_in()
        if not reason.strip():
            raise DomainError(QT_TRANSLATE_NOOP("domain", "give a reason to pause the counter"))
        if self._pause is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "counter {counter} is already paused"),
                counter=self.counter,
            )
        self._free_counter(Text(QT_TRANSLATE_NOOP("domain", "pause")))
        with self.uow.transaction() as tx:
            pause = m.Pause(session=self._session, reason=reason.strip(), started_at=tx.at)
            tx.save(pause)
            tx.audit(teller.staff_no, "pause", {"counter": self.counter, "reason": reason})
        self.queue.set_counter_mode(self.counter, CounterMode.PAUSED, reason.strip())
        self._pause = pause
        return self.state()

    def resume(self) -> DeskState:
        """End the pause; the counter takes customers again."""
        teller = self._signed_in()
        if self._pause is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "counter {counter} is not paused"),
                counter=self.counter,
            )
        with self.uow.transaction() as tx:
            self._pause.ended_at = tx.at
            tx.save(self._pause)
            tx.audit(teller.staff_no, "resume", {"counter": self.counter})
        self.queue.set_counter_mode(self.counter, CounterMode.OPEN, serves=self.policy.serves)
        self._pause = None
        return self.state()

    # -- calling ------------------------------------------------------------------------------

    def call_next(self) -> DeskState:
        """Call the next customer; an open rating prompt is closed as "no rating" first.

        Raises:
            QueueEmptyError: nobody waits for this counter.
            DomainError: a customer is still at the counter, or the counter is paused.
        """
        teller = self._signed_in()
        if self._pause is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "counter {counter} is paused; resume it first"),
                counter=self.counter,
            )
        self._free_counter(Text(QT_TRANSLATE_NOOP("domain", "call the next customer")))
        self._close_prompt_unanswered(superseded=True)
        decision = self.queue.call_next(self.policy)
        self._current = self._open_service(decision.ticket, teller.staff_no, previous=None)
        return self.state()

    def _open_service(
        self, ticket: Ticket, staff_no: str, previous: m.Service | None,
        business_type: str | None = None,
    ) -> _Active:  # fmt: skip
        code = business_type or ticket.business_type
        procedure = self.library.get(code)
        with self.uow.transaction() as tx:
            service = m.Service(
                ticket_id=ticket.id,
                ticket_label=ticket.label,
                business_type=code,
                counter=str(self.counter),
                staff_no=staff_no,
                procedure_type=code,
                procedure_version=procedure.version,
                called_at=ticket.called_at or tx.at,
                state="open",
                previous_service=previous,
                sop_snapshot=self.library.snapshot(code),
            )
            tx.save(service)
        return _Active(service=service, ticket=ticket, procedure=procedure)

    def recall(self) -> DeskState:
        """Call the same customer again."""
        active = self._active()
        active.ticket = self.queue.recall(active.ticket.id, self.counter)
        return self.state()

    def no_show(self) -> DeskState:
        """The called customer did not come."""
        active = self._active()
        active.ticket = self.queue.no_show(active.ticket.id, self.counter)
        self._close_service(active, "abandoned", "no_show")
        self._current = None
        return self.state()

    def start(self) -> DeskState:
        """The customer is at the counter: service and its checklist begin."""
        teller = self._signed_in()
        active = self._active()
        if active.checklist is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "ticket {label} is already being served"),
                label=active.ticket.label,
            )
        active.ticket = self.queue.start(active.ticket.id, self.counter)
        started = active.ticket.started_at or self.clock.now()
        with self.uow.transaction() as tx:
            active.service.started_at = started
            tx.save(active.service)
        active.checklist = Checklist(active.procedure, teller.staff_no, started)
        return self.state()

    def transfer(
        self, business_type: str | None = None, to_counter: int | None = None
    ) -> DeskState:
        """Send the customer to another business type and/or counter, keeping the number."""
        active = self._active()
        active.ticket = self.queue.transfer(
            active.ticket.id, self.counter, business_type=business_type, to_counter=to_counter
        )
        where = " ".join(
            part for part in (business_type or "", f"counter {to_counter}" if to_counter else "")
            if part
        )  # fmt: skip
        self._close_service(active, "abandoned", f"transferred to {where}")
        self._current = None
        return self.state()

    def hold(self) -> DeskState:
        """Hold the current service (the customer steps away); the counter may call others."""
        active, _ = self._serving()
        active.ticket = self.queue.hold(active.ticket.id, self.counter)
        self._held[active.ticket.id] = active
        self._current = None
        return self.state()

    def resume_held(self, ticket_id: str) -> DeskState:
        """Bring a held customer back to the counter."""
        self._signed_in()
        self._free_counter(Text(QT_TRANSLATE_NOOP("domain", "resume a held ticket")))
        active = self._held.get(ticket_id)
        if active is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "that ticket is not held at this counter")
            )
        active.ticket = self.queue.resume(ticket_id, self.counter)
        del self._held[ticket_id]
        self._current = active
        return self.state()

    def switch_business_type(self, business_type: str) -> DeskState:
        """The customer needs something else: close this part and start the new procedure.

        Both parts are kept in the journal; the new service points at the one it replaced.
        """
        teller = self._signed_in()
        active, _ = self._serving()
        code = self.catalogue.get(business_type).code
        if code == active.service.business_type:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "the service is already {code}"), code=code
            )
        self._close_service(active, "abandoned", f"switched to {code}")
        new = self._open_service(active.ticket, teller.staff_no, active.service, business_type=code)
        now = self.clock.now()
        with self.uow.transaction() as tx:
            new.service.started_at = now
            tx.save(new.service)
        new.checklist = Checklist(new.procedure, teller.staff_no, now)
        self._current = new
        return self.state()

    # -- the procedure ------------------------------------------------------------------------

    def check_step(self, step_id: str, value_text: str | None = None) -> DeskState:
        """Check a step that needs no supervisor (its value validated by the template).

        Raises:
            DomainError: invalid value, the step needs authorisation, or no service running.
        """
        teller = self._signed_in()
        active, checklist = self._serving()
        record = checklist.check(step_id, self.clock.now(), value_text or None)
        self._store_step(active, record, teller)
        return self.state()

    def authorise_step(
        self, step_id: str, value_text: str | None, supervisor_no: str, pin: str
    ) -> DeskState:
        """Check a step with a supervisor's authorisation (not the signed-in teller)."""
        teller = self._signed_in()
        active, checklist = self._serving()
        checklist.needs_authorisation(step_id, value_text or None)  # value errors first
        supervisor = self._authoriser(supervisor_no, pin, f"step {step_id}")
        record = checklist.check(
            step_id, self.clock.now(), value_text or None, authoriser=supervisor.staff_no
        )
        self._store_step(active, record, teller, audit=True)
        return self.state()

    def uncheck_step(self, step_id: str) -> DeskState:
        """Reopen a step (and steps authorised on its value)."""
        teller = self._signed_in()
        active, checklist = self._serving()
        reopened = checklist.uncheck(step_id)
        with self.uow.transaction() as tx:
            for sid in reopened:
                row_id = active.step_rows.pop(sid, None)
                if row_id is not None:
                    tx.delete(m.StepRecord.get_by_id(row_id))
            if reopened:
                tx.audit(teller.staff_no, "step_reopened", {"service": active.service.uuid,
                                                            "steps": list(reopened)})  # fmt: skip
        return self.state()

    def _store_step(
        self, active: _Active, record: StepRecord, teller: StaffMember, audit: bool = False
    ) -> None:
        with self.uow.transaction() as tx:
            row = m.StepRecord(
                service=active.service,
                step_id=record.step_id,
                checked_at=record.checked_at,
                seconds_open=record.seconds_open,
                value=None if record.value is None else str(record.value),
                authoriser=record.authoriser,
                checked_by=teller.staff_no,
            )
            tx.save(row)
            if audit:
                tx.audit(
                    record.authoriser or "",
                    "step_authorised",
                    {"service": active.service.uuid, "step": record.step_id,
                     "teller": teller.staff_no},
                )  # fmt: skip
        active.step_rows[record.step_id] = row.uuid

    def _authoriser(self, supervisor_no: str, pin: str, what: str) -> StaffMember:
        teller = self._signed_in()
        try:
            return self.staff.authorise(supervisor_no, pin, not_staff_no=teller.staff_no)
        except DomainError as exc:
            with self.uow.transaction() as tx:
                tx.audit(supervisor_no, "authorisation_refused",
                         {"for": what, "teller": teller.staff_no, "why": str(exc)})  # fmt: skip
            raise

    # -- finishing and the rating -------------------------------------------------------------

    def finish(
        self,
        reason: str | None = None,
        supervisor_no: str | None = None,
        pin: str | None = None,
    ) -> DeskState:
        """Finish the service under its procedure's rule, then ask the customer for a rating.

        Raises:
            FinishRefused: mandatory steps are open ("block"), or a reason and a supervisor
                override are missing ("warn").
        """
        teller = self._signed_in()
        active, checklist = self._serving()
        override_by = None
        if checklist.open_mandatory() and supervisor_no:
            override_by = self._authoriser(supervisor_no, pin or "", "finish").staff_no
        verdict = checklist.finish_check(reason, override_by)
        if not verdict.allowed:
            raise FinishRefused(verdict, can_override=active.procedure.on_incomplete == "warn")
        pending = None
        try:
            active.ticket = self.queue.finish(active.ticket.id, self.counter)
            now = active.ticket.ended_at or self.clock.now()
        except QueueOfflineError:
            # The customer is done whatever the network does: finish here, tell the queue later.
            now = self.clock.now()
            pending = m.PendingQueueAction(
                uuid=self._ids(), ticket_id=active.ticket.id, action="finish",
                counter=self.counter, at=now,
            )  # fmt: skip
        self._prompt = RatingPrompt(
            active.service.uuid, self.rating_scale, now, timeout_seconds=self.rating_timeout
        )
        with self.uow.transaction() as tx:
            active.service.state = "finished"
            active.service.finished_at = now
            active.service.finish_reason = verdict.reason
            active.service.override_by = verdict.override_by
            tx.save(active.service)
            if pending is not None:
                pending.save(force_insert=True)
                tx.audit(teller.staff_no, "finished_offline", {"ticket": active.ticket.label})
            if verdict.override:
                detail = {
                    "service": active.service.uuid,
                    "teller": teller.staff_no,
                    "reason": verdict.reason,
                    "open_steps": list(verdict.open_steps),
                }
                tx.audit(verdict.override_by or "", "finish_override", detail)
            tx.audit("system", "rating_prompted", {"service": active.service.uuid})
        self._current = None
        return self.state()

    def rate(self, score: int) -> DeskState:
        """The customer tapped a score (ignored if no prompt is open: double taps)."""
        if self._prompt is not None:
            self._store_rating(self._prompt.choose_score(score, self.clock.now()))
        return self.state()

    def rate_reasons(self, reasons: Iterable[str]) -> DeskState:
        """The customer chose reasons for a low score."""
        if self._prompt is not None:
            chosen = [Reason(r) for r in reasons]
            self._store_rating(self._prompt.choose_reasons(chosen, self.clock.now()))
        return self.state()

    def decline_rating(self) -> DeskState:
        """The customer pressed "skip"."""
        if self._prompt is not None:
            self._store_rating(self._prompt.decline(self.clock.now()))
        return self.state()

    def expire_rating(self) -> DeskState:
        """Record "no rating" if the prompt's time is up (the window's timer calls this)."""
        if self._prompt is not None:
            self._store_rating(self._prompt.expire(self.clock.now()))
        return self.state()

    def dismiss_rating(self) -> DeskState:
        """Forget a completed prompt (the customer screen went back to idle)."""
        if self._prompt is not None and self._prompt.result is not None:
            self._prompt = None
        return self.state()

    def replay_pending(self) -> int:
        """Tell the queue what this counter did while it was unreachable; return how many.

        Each pending action is applied at most once: a ticket the queue already shows as
        finished (an earlier replay, or another path) is marked done without a second change.

        Raises:
            QueueOfflineError: the queue is still unreachable (what is left stays pending).
        """
        applied = 0
        pending = (
            m.PendingQueueAction.select()
            .where(m.PendingQueueAction.applied_at.is_null())
            .order_by(m.PendingQueueAction.at)
        )
        for action in pending:
            ticket = self.queue.get(action.ticket_id)
            if ticket.state.at_counter and ticket.counter == action.counter:
                if ticket.state is not TicketState.SERVING:
                    ticket = self.queue.resume(ticket.id, action.counter) if (
                        ticket.state is TicketState.HELD
                    ) else self.queue.start(ticket.id, action.counter)  # fmt: skip
                self.queue.finish(ticket.id, action.counter)
                action.outcome = "applied"
                applied += 1
            else:
                action.outcome = f"already {ticket.state.value}"
            action.applied_at = self.clock.now()
            action.save()
        return applied

    def _pending_tickets(self) -> set[str]:
        return {
            a.ticket_id
            for a in m.PendingQueueAction.select().where(m.PendingQueueAction.applied_at.is_null())
        }

    def _close_prompt_unanswered(self, superseded: bool = False) -> None:
        prompt = self._prompt
        if prompt is not None and prompt.is_open:
            now = self.clock.now()
            self._store_rating(prompt.supersede(now) if superseded else prompt.expire(now)
                               or prompt.supersede(now))  # fmt: skip
        self._prompt = None

    def _store_rating(self, rating: Rating | None) -> None:
        if rating is None:
            return
        with self.uow.transaction() as tx:
            tx.save(
                m.Rating(
                    service=rating.service_id,
                    outcome=rating.outcome.value,
                    score=rating.score,
                    reasons=[r.value for r in rating.reasons],
                    cause=rating.cause.value if rating.cause else None,
                    prompted_at=rating.prompted_at,
                    answered_at=rating.answered_at,
                    scale_levels=rating.scale.levels,
                )
            )
            tx.audit("customer", "rating_recorded", {
                "service": rating.service_id, "outcome": rating.outcome.value,
                "cause": rating.cause.value if rating.cause else None,
            })  # fmt: skip

    # -- journal helpers ----------------------------------------------------------------------

    def _close_service(self, active: _Active, state: str, reason: str) -> None:
        with self.uow.transaction() as tx:
            active.service.state = state
            active.service.finished_at = tx.at
            active.service.finish_reason = reason
            tx.save(active.service)

    def _all_active(self) -> list[_Active]:
        return ([self._current] if self._current else []) + list(self._held.values())

    # -- recovery -----------------------------------------------------------------------------

    def recover(self) -> None:
        """Rebuild the counter after a restart from the journal and the queue.

        Open services come back with their checklist progress; the queue is the truth about
        tickets, so a service whose ticket moved on is closed to match, and a ticket at this
        counter without a service (a crash between the two writes) gets one. A rating prompt
        lives only on the customer screen, so a finished service the restart left without a
        rating gets "no rating", keeping one rating per service.
        """
        self._current = None
        self._held = {}
        self._close_lost_prompts()
        with contextlib.suppress(QueueOfflineError):
            self.replay_pending()
        finished_here = self._pending_tickets()
        open_services = list(
            m.Service.select()
            .where((m.Service.counter == str(self.counter)) & (m.Service.state == "open"))
            .order_by(m.Service.called_at)
        )
        by_ticket: dict[str, m.Service] = {}
        for service in open_services:
            ticket = self.queue.get(service.ticket_id)
            if ticket.counter != self.counter or not ticket.state.at_counter:
                state = "finished" if ticket.state is TicketState.FINISHED else "abandoned"
                with self.uow.transaction() as tx:
                    service.state = state
                    service.finished_at = ticket.ended_at or tx.at
                    service.finish_reason = f"recovered: ticket {ticket.state.value}"
                    tx.save(service)
                continue
            by_ticket[ticket.id] = service
        for ticket in self.queue.at_counter(self.counter):
            if ticket.id in finished_here:
                continue  # finished while the queue was away; the replay tells the queue
            found = by_ticket.get(ticket.id)
            if found is None:
                # Nobody is signed in yet; the next sign-in takes the service over.
                active = self._open_service(ticket, "", previous=None)
            else:
                active = self._restore(found, ticket)
            if active.checklist is None and ticket.state is not TicketState.CALLED:
                # The queue started the service but the journal had not recorded it yet.
                started = ticket.started_at or self.clock.now()
                with self.uow.transaction() as tx:
                    active.service.started_at = started
                    tx.save(active.service)
                active.checklist = Checklist(active.procedure, active.service.staff_no, started)
            if ticket.state is TicketState.HELD:
                self._held[ticket.id] = active
            else:
                self._current = active
        self._recovered = True

    def _close_lost_prompts(self) -> None:
        now = self.clock.now()
        unrated = (
            m.Service.select()
            .where(
                (m.Service.counter == str(self.counter))
                & (m.Service.state == "finished")
                & m.Service.uuid.not_in(m.Rating.select(m.Rating.service))
            )
            .order_by(m.Service.finished_at)
        )
        for service in unrated:
            opened = service.finished_at or now
            prompt = RatingPrompt(service.uuid, self.rating_scale, opened, self.rating_timeout)
            self._store_rating(prompt.expire(max(now, prompt.deadline)))

    def _restore(self, service: m.Service, ticket: Ticket) -> _Active:
        snapshot: Mapping[str, object] | None = service.sop_snapshot
        procedure = (
            ProcedureLibrary.from_snapshot(snapshot)
            if snapshot
            else self.library.get(service.business_type)
        )
        active = _Active(service=service, ticket=ticket, procedure=procedure)
        if service.started_at is not None:
            rows = list(
                m.StepRecord.select()
                .where(m.StepRecord.service == service.uuid)
                .order_by(m.StepRecord.checked_at)
            )
            records = [
                StepRecord(
                    step_id=row.step_id,
                    checked_at=row.checked_at,
                    value=_stored_value(procedure, row.step_id, row.value),
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


def _stored_value(procedure: Procedure, step_id: str, text: str | None) -> int | str | None:
    if text is None:
        return None
    capture = procedure.step(step_id).capture
    if capture is not None and capture.type in (CaptureType.AMOUNT, CaptureType.INTEGER):
        return int(text)
    return text
