"""The use cases of one counter behind one front: sign in, call, serve, finish, rating.

Every teller action goes through :class:`CounterDesk` — the window, its keyboard shortcuts, the
command line and the tests alike — so no path can skip a rule such as finishing with mandatory
steps open, or authorising one's own step. Each use case returns a fresh :class:`DeskState`.

The work itself lives in :mod:`counterdesk.services.counter`, one module per use case over a
shared :class:`~counterdesk.services.counter.session.CounterSession`; this class only wires them
together. Building a desk does no I/O: the code that builds it calls :meth:`CounterDesk.start_up`
once (recovery after a crash, replay of work done while the queue was away).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock, IdFactory, new_id
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.policy import CallDecision, CallingPolicy
from counterdesk.core.ratings import SHIPPED_REASONS, RatingScale, ReasonChoice
from counterdesk.core.staff import StaffMember
from counterdesk.core.star_figures import OwnMonth
from counterdesk.queue.base import QueueOfflineError, QueueOutcomeUnknown
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.counter.calling import CallingDesk
from counterdesk.services.counter.finishing import FinishingDesk, FinishRefused
from counterdesk.services.counter.recovery import RecoveryDesk
from counterdesk.services.counter.serving import ServingDesk
from counterdesk.services.counter.session import CounterSession
from counterdesk.services.counter.signin import SignInDesk
from counterdesk.services.counter.view import allowed_actions, desk_state
from counterdesk.services.library import ProcedureLibrary
from counterdesk.services.state import DeskAction, DeskState
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork

__all__ = ["CounterDesk", "DeskAction", "FinishRefused"]

log = logging.getLogger(__name__)


class CounterDesk:
    """One counter's use cases over the shared queue and this terminal's journal.

    Not thread-safe: the windows run it on their single database worker. The constructor does
    no I/O; call :meth:`start_up` before the first teller action.

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
        rating_reasons: the reasons a rating prompt offers, asked each time one opens
            (default: the shipped ones).
        own_month: what a teller may see of their own month, by staff number (head office's
            figures as of the last sync; default: nothing known).
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
        rating_reasons: Callable[[], tuple[ReasonChoice, ...]] | None = None,
        own_month: Callable[[str], OwnMonth] | None = None,
    ) -> None:
        if policy.counter != counter:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "the calling policy is for counter {policy}, not {counter}"
                ),
                policy=policy.counter,
                counter=counter,
            )
        self.uow = uow
        self._own_month = own_month or (lambda staff_no: OwnMonth())
        self.session = CounterSession(
            counter=counter,
            branch_name=branch_name,
            queue=queue,
            journal=CounterJournal(uow),
            staff=staff,
            catalogue=catalogue,
            library=library,
            policy=policy,
            clock=clock,
            ids=ids,
            rating_scale=rating_scale or RatingScale(),
            rating_timeout=rating_timeout,
            rating_reasons=rating_reasons or (lambda: SHIPPED_REASONS),
        )
        self.signing = SignInDesk(self.session)
        self.calling = CallingDesk(self.session)
        self.serving = ServingDesk(self.session)
        self.finishing = FinishingDesk(self.session)
        self.recovery = RecoveryDesk(self.session)

    # -- the collaborators, as before the split -----------------------------------------------

    @property
    def counter(self) -> int:
        """The counter number."""
        return self.session.counter

    @property
    def branch_name(self) -> str:
        """Shown to customers."""
        return self.session.branch_name

    @property
    def queue(self) -> SqlQueue:
        """The branch queue."""
        return self.session.queue

    @property
    def staff(self) -> StaffDirectory:
        """The staff directory."""
        return self.session.staff

    @property
    def catalogue(self) -> Catalogue:
        """The branch's business types."""
        return self.session.catalogue

    @property
    def library(self) -> ProcedureLibrary:
        """The procedures."""
        return self.session.library

    @property
    def policy(self) -> CallingPolicy:
        """How this counter calls."""
        return self.session.policy

    @property
    def clock(self) -> Clock:
        """The time source."""
        return self.session.clock

    @property
    def rating_scale(self) -> RatingScale:
        """The scale offered to customers."""
        return self.session.rating_scale

    @property
    def rating_timeout(self) -> float:
        """Seconds before an unanswered prompt becomes "no rating"."""
        return self.session.rating_timeout

    @property
    def teller(self) -> StaffMember | None:
        """Who is signed in."""
        return self.session.teller

    @property
    def last_call(self) -> CallDecision | None:
        """The queue's decision for the last customer called here (why that ticket), or None."""
        return self.session.last_call

    # -- start-up and the queue coming back ---------------------------------------------------

    def start_up(self) -> DeskState:
        """The start-up step: read the procedures, rebuild the counter after a restart.

        A queue that cannot be reached leaves the rebuilding for :meth:`queue_back`.
        """
        self.session.library.read()
        self.recovery.start_up()
        return self.state()

    def recover(self) -> None:
        """Rebuild the counter from the journal and the queue (raises if the queue is away)."""
        self.recovery.recover()

    def queue_back(self) -> DeskState:
        """The queue answers again: reconcile with all it holds at this counter.

        Finishes recovering after a start without the queue, applies what waited for it, and
        takes from the queue any change whose reply was lost (see :meth:`RecoveryDesk.reconcile`).
        """
        self.recovery.queue_back()
        return self.state()

    def replay_pending(self) -> int:
        """Tell the queue what this counter did while it was unreachable; return how many."""
        return self.recovery.replay_pending()

    def _queue_action(self, action: Callable[[], None]) -> DeskState:
        """Run a teller action that changes the queue, settling lost replies before and after.

        Before: a change whose outcome is still unknown is looked up first (so a retry never
        calls a second customer). After: a reply lost on its way back usually leaves the queue
        reachable, so the desk asks at once; if the change happened the action simply
        succeeded, and the teller sees no error.

        Raises:
            QueueOutcomeUnknown: the queue could not be asked yet (the desk asks before its
                next queue action and when the queue is back).
            QueueOfflineError: the queue was asked: the change did not happen.
        """
        self.recovery.settle()
        try:
            action()
        except QueueOutcomeUnknown as lost:
            try:
                happened = self.recovery.reconcile()
            except QueueOfflineError:
                log.warning("counter %d: the queue cannot be asked yet", self.counter)
                raise lost  # noqa: B904 - the lost reply is what the teller must hear of
            if not happened:
                raise QueueOfflineError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the connection to the queue was lost before it saved the action; "
                        "nothing was done, try again",
                    )
                ) from None
        return self.state()

    # -- state --------------------------------------------------------------------------------

    def state(self) -> DeskState:
        """A snapshot of the counter for the windows, with the actions allowed now."""
        allowed = allowed_actions(self.session, self.signing, self.calling)
        return desk_state(self.session, allowed)

    # -- sign in, pause -----------------------------------------------------------------------

    def sign_in(self, staff_no: str, pin: str) -> DeskState:
        """Sign a member of staff in at this counter and open it (see :class:`SignInDesk`)."""
        self.signing.sign_in(staff_no, pin)
        return self.state()

    def own_month(self) -> OwnMonth:
        """What the signed-in teller may see of their own month: figures from 10 ratings.

        Raises:
            DomainError: nobody is signed in.
        """
        teller = self.session.teller
        if teller is None:
            raise DomainError(QT_TRANSLATE_NOOP("domain", "nobody is signed in at this counter"))
        return self._own_month(teller.staff_no)

    def sign_out(self) -> DeskState:
        """Close the counter and end the teller's session."""
        return self._queue_action(lambda: self.signing.sign_out())

    def pause(self, reason: str) -> DeskState:
        """Pause the counter (lunch, meeting, cash replenishment, ...)."""
        return self._queue_action(lambda: self.signing.pause(reason))

    def resume(self) -> DeskState:
        """End the pause; the counter takes customers again."""
        return self._queue_action(lambda: self.signing.resume())

    def heartbeat(self) -> bool:
        """Tell the queue the counter is alive while a teller is signed in (see SignInDesk)."""
        return self.signing.heartbeat()

    # -- calling ------------------------------------------------------------------------------

    def call_next(self) -> DeskState:
        """Call the next customer (see :meth:`CallingDesk.call_next`)."""
        return self._queue_action(lambda: self.calling.call_next())

    def recall(self) -> DeskState:
        """Call the same customer again."""
        return self._queue_action(lambda: self.calling.recall())

    def no_show(self) -> DeskState:
        """The called customer did not come."""
        return self._queue_action(lambda: self.calling.no_show())

    def start(self) -> DeskState:
        """The customer is at the counter: service and its checklist begin."""
        return self._queue_action(lambda: self.calling.start())

    def transfer(
        self, business_type: str | None = None, to_counter: int | None = None
    ) -> DeskState:
        """Send the customer to another business type and/or counter, keeping the number."""
        return self._queue_action(lambda: self.calling.transfer(business_type, to_counter))

    def hold(self) -> DeskState:
        """Hold the current service (the customer steps away); the counter may call others."""
        return self._queue_action(lambda: self.calling.hold())

    def resume_held(self, ticket_id: str) -> DeskState:
        """Bring a held customer back to the counter."""
        return self._queue_action(lambda: self.calling.resume_held(ticket_id))

    def switch_business_type(self, business_type: str) -> DeskState:
        """The customer needs something else: close this part and start the new procedure."""
        return self._queue_action(lambda: self.calling.switch_business_type(business_type))

    # -- the procedure ------------------------------------------------------------------------

    def check_step(self, step_id: str, value_text: str | None = None) -> DeskState:
        """Check a step that needs no supervisor (its value validated by the template)."""
        self.serving.check_step(step_id, value_text)
        return self.state()

    def authorise_step(
        self, step_id: str, value_text: str | None, supervisor_no: str, pin: str
    ) -> DeskState:
        """Check a step with a supervisor's authorisation (not the signed-in teller)."""
        self.serving.authorise_step(step_id, value_text, supervisor_no, pin)
        return self.state()

    def uncheck_step(self, step_id: str) -> DeskState:
        """Reopen a step (and steps authorised on its value)."""
        self.serving.uncheck_step(step_id)
        return self.state()

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
        return self._queue_action(lambda: self.finishing.finish(reason, supervisor_no, pin))

    def rate(self, score: int) -> DeskState:
        """The customer tapped a score (ignored if no prompt is open: double taps)."""
        self.finishing.rate(score)
        return self.state()

    def rate_reasons(self, reasons: Iterable[str]) -> DeskState:
        """The customer chose reasons for a low score."""
        self.finishing.rate_reasons(reasons)
        return self.state()

    def decline_rating(self) -> DeskState:
        """The customer pressed "skip"."""
        self.finishing.decline_rating()
        return self.state()

    def expire_rating(self) -> DeskState:
        """Record "no rating" if the prompt's time is up (the window's timer calls this)."""
        self.finishing.expire_rating()
        return self.state()

    def dismiss_rating(self) -> DeskState:
        """Forget a completed prompt (the customer screen went back to idle)."""
        self.finishing.dismiss_rating()
        return self.state()
