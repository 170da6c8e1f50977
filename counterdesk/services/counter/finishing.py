"""Finishing a service under its procedure's rule, and the customer's rating that follows."""

from __future__ import annotations

from collections.abc import Iterable

from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import FinishVerdict
from counterdesk.core.ratings import RatingPrompt
from counterdesk.queue.base import QueueOfflineError
from counterdesk.services.counter.session import CounterSession
from counterdesk.storage.counter_journal import PendingAction


class FinishRefused(DomainError):
    """Finishing was refused by the procedure's rule; the verdict says why and what is open."""

    def __init__(self, verdict: FinishVerdict, can_override: bool) -> None:
        super().__init__(verdict.template, **verdict.params)
        self.verdict = verdict
        self.can_override = can_override


class FinishingDesk:
    """Finish and rating use cases of one counter.

    Args:
        session: the counter's shared state.
    """

    def __init__(self, session: CounterSession) -> None:
        self.s = session

    def finish(
        self,
        reason: str | None = None,
        supervisor_no: str | None = None,
        pin: str | None = None,
    ) -> None:
        """Finish the service under its procedure's rule, then ask the customer for a rating.

        The journal is written first: the finish is refused before the queue changes when the
        journal cannot be written. When the queue cannot be reached (or its reply is lost) the
        customer is finished here anyway and the queue change waits in the journal until the
        queue is back.

        Raises:
            FinishRefused: mandatory steps are open ("block"), or a reason and a supervisor
                override are missing ("warn").
            JournalUnwritable: the journal's disk is full or it is read-only (nothing done).
        """
        s = self.s
        teller = s.signed_in()
        active, checklist = s.serving()
        override_by = None
        if checklist.open_mandatory() and supervisor_no:
            override_by = s.authoriser(supervisor_no, pin or "", "finish").staff_no
        verdict = checklist.finish_check(reason, override_by)
        if not verdict.allowed:
            raise FinishRefused(verdict, can_override=active.procedure.on_incomplete == "warn")
        # Journal first: the room for what follows is checked and the finish written down
        # before the queue changes, so a journal that cannot be written refuses it here, and a
        # finish the queue did not confirm is made when it is back (at most once).
        s.journal.check_writable()
        action_id = s.ids()
        intent = PendingAction(
            uuid=action_id, ticket_id=active.ticket.id, action="finish",
            counter=s.counter, at=s.clock.now(),
        )  # fmt: skip
        with s.journal.transaction() as tx:
            tx.add_pending(intent)
        offline = False
        try:
            active.ticket = s.queue.finish(active.ticket.id, s.counter, action_id=action_id)
            now = active.ticket.ended_at or s.clock.now()
        except QueueOfflineError:
            # The customer is done whatever the network does (or a lost reply: maybe the queue
            # heard): finish here; the written-down finish tells the queue when it is back.
            now = s.clock.now()
            offline = True
        except BaseException:
            with s.journal.transaction() as tx:  # refused by the queue: nothing changed
                tx.drop_pending(action_id)
            raise
        with s.after_queue("finish"), s.journal.transaction() as tx:
            active.service.state = "finished"
            active.service.finished_at = now
            active.service.finish_reason = verdict.reason
            active.service.override_by = verdict.override_by
            tx.save_service(active.service)
            if offline:
                tx.audit(teller.staff_no, "finished_offline", {"ticket": active.ticket.label})
            else:
                tx.drop_pending(action_id)
            if verdict.override:
                detail = {
                    "service": active.service.uuid,
                    "teller": teller.staff_no,
                    "reason": verdict.reason,
                    "open_steps": list(verdict.open_steps),
                }
                tx.audit(verdict.override_by or "", "finish_override", detail)
            tx.audit("system", "rating_prompted", {"service": active.service.uuid})
        s.prompt = RatingPrompt(
            active.service.uuid,
            s.rating_scale,
            now,
            timeout_seconds=s.rating_timeout,
            reasons=s.rating_reasons(),
        )
        s.current = None

    def rate(self, score: int) -> None:
        """The customer tapped a score (ignored if no prompt is open: double taps)."""
        s = self.s
        if s.prompt is not None:
            s.store_rating(s.prompt.choose_score(score, s.clock.now()))

    def rate_reasons(self, reasons: Iterable[str]) -> None:
        """The customer chose reasons for a low score."""
        s = self.s
        if s.prompt is not None:
            s.store_rating(s.prompt.choose_reasons(reasons, s.clock.now()))

    def decline_rating(self) -> None:
        """The customer pressed "skip"."""
        s = self.s
        if s.prompt is not None:
            s.store_rating(s.prompt.decline(s.clock.now()))

    def expire_rating(self) -> None:
        """Record "no rating" if the prompt's time is up (the window's timer calls this)."""
        s = self.s
        if s.prompt is not None:
            s.store_rating(s.prompt.expire(s.clock.now()))

    def dismiss_rating(self) -> None:
        """Forget a completed prompt (the customer screen went back to idle)."""
        s = self.s
        if s.prompt is not None and s.prompt.result is not None:
            s.prompt = None
