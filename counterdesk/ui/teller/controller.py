"""The counter's controller: turns window signals into desk use cases run on the worker."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from counterdesk.core.clock import Clock
from counterdesk.core.errors import DomainError
from counterdesk.queue.base import HEARTBEAT_SECONDS, QueueStatus
from counterdesk.services.desk import CounterDesk, FinishRefused
from counterdesk.services.state import CounterAction, CounterTask, DeskAction, DeskState
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.watch import PollingWatcher, QueueWatcher

log = logging.getLogger(__name__)

#: The rating prompt's use cases: their refusals (e.g. reasons after a high score) are the
#: customer's business and would tell the teller the score, so the teller's window never gets them.
RATING_TASKS = frozenset(
    {
        CounterTask.RATE,
        CounterTask.RATE_REASONS,
        CounterTask.DECLINE_RATING,
        CounterTask.EXPIRE_RATING,
        CounterTask.DISMISS_RATING,
    }
)


class DeskController(QObject):
    """Runs every teller and customer action through the :class:`CounterDesk` on the worker.

    Widgets never call the desk directly: they emit, the controller runs the use case on the
    :class:`TaskRunner` and publishes the resulting :class:`DeskState`.

    While it runs it sends the counter's heartbeat on the worker every ``heartbeat_ms`` (the
    desk sends nothing while nobody is signed in) and then re-reads the queue status, so the
    counters that stopped responding show as such here too.

    Signals:
        state_changed(object): a new DeskState, all of it (the customer screen's).
        teller_state_changed(object): a new DeskState as the teller's window may see it
            (:meth:`DeskState.for_teller`), emitted only when that view changed: a low score
            (reasons asked) and a high one (thanks at once) send the teller the same states.
        queue_changed(object): a new QueueStatus.
        failed(object, object): a use case was refused: its DeskAction or CounterTask, and
            the exception.
        teller_failed(object, object): the same for the teller's window, without the
            refusals of the customer's rating (they would tell the score).
        finish_refused(object): FinishRefused, so the window can offer an override.
        queue_connection(bool): whether the last queue read worked.
        own_month_read(object): the signed-in teller's :class:`OwnMonth`, as asked for.
    """

    state_changed = Signal(object)
    teller_state_changed = Signal(object)
    queue_changed = Signal(object)
    failed = Signal(object, object)
    teller_failed = Signal(object, object)
    finish_refused = Signal(object)
    queue_connection = Signal(bool)
    own_month_read = Signal(object)

    def __init__(
        self,
        desk: CounterDesk,
        runner: TaskRunner,
        clock: Clock,
        *,
        watcher: QueueWatcher | None = None,
        heartbeat_ms: int = HEARTBEAT_SECONDS * 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.runner = runner
        self.clock = clock
        self.state: DeskState | None = None
        self._teller_view: DeskState | None = None
        self.queue_status: QueueStatus | None = None
        # Without a watcher of the terminal's (tests), poll the desk's own connection.
        self.watcher = watcher or PollingWatcher(desk.queue, runner, parent=self)
        self._owns_watcher = watcher is None
        self._online: bool | None = None
        self.watcher.changed.connect(self.refresh_queue)
        self.watcher.connection.connect(self._connection)
        self._rating_timer = QTimer(self)
        self._rating_timer.setObjectName("rating-timeout")
        self._rating_timer.setSingleShot(True)
        self._rating_timer.timeout.connect(self.expire_rating)
        self._heartbeat = QTimer(self)
        self._heartbeat.setObjectName("counter-heartbeat")
        self._heartbeat.setInterval(heartbeat_ms)
        self._heartbeat.timeout.connect(self.heartbeat)

    def start(self, *, queue_reached: bool = True) -> None:
        """Publish the first state and start watching the queue.

        Args:
            queue_reached: whether the start-up step reached the queue; when it did not, the
                first answer of the queue finishes the start-up (``desk.queue_back``).
        """
        if not queue_reached:
            self._connection(False)  # say so now; the watcher's first success finishes it
        self._run(CounterTask.READ_STATE, self.desk.state)
        self.refresh_queue()
        if self._owns_watcher:
            self.watcher.start()
        self._heartbeat.start()

    def stop(self) -> None:
        """Stop timers (before the runner shuts down)."""
        if self._owns_watcher:
            self.watcher.stop()
        self._rating_timer.stop()
        self._heartbeat.stop()

    @Slot()
    def heartbeat(self) -> None:
        """Tell the queue this counter is alive (on the worker), then re-read its status."""
        self.runner.run(self.desk.heartbeat, _ignore, self._heartbeat_failed)
        self.refresh_queue()

    def _heartbeat_failed(self, exc: BaseException) -> None:
        # The watcher reports the queue offline; the next beat tries again.
        log.warning("counter heartbeat failed: %s", exc)

    # -- plumbing -----------------------------------------------------------------------------

    def _run(self, action: CounterAction, use_case: Callable[[], DeskState]) -> None:
        self.runner.run(use_case, self._publish, lambda exc: self._refused(action, exc))

    def _publish(self, state: DeskState) -> None:
        self.state = state
        self._arm_rating_timer(state)
        self.state_changed.emit(state)
        teller_view = state.for_teller()
        if teller_view != self._teller_view:
            self._teller_view = teller_view
            self.teller_state_changed.emit(teller_view)

    def _refused(self, action: CounterAction, exc: BaseException) -> None:
        if isinstance(exc, FinishRefused):
            self.finish_refused.emit(exc)
        elif not isinstance(exc, DomainError):
            log.error("%s failed", action.value, exc_info=exc)
        self.failed.emit(action, exc)
        if not (action in RATING_TASKS and isinstance(exc, DomainError)):
            self.teller_failed.emit(action, exc)
        # The desk may have changed part-way (e.g. a rating closed before the queue refused).
        self.runner.run(self.desk.state, self._publish, lambda e: log.error("state: %s", e))

    def _arm_rating_timer(self, state: DeskState) -> None:
        rating = state.rating
        if rating is None or rating.step.value == "done":
            self._rating_timer.stop()
            return
        left = (rating.deadline - self.clock.now()).total_seconds()
        self._rating_timer.start(max(0, int(left * 1000)) + 50)

    @Slot()
    def refresh_queue(self) -> None:
        """Read the queue status on the worker (the watcher says when it changed)."""
        self.runner.run(self.desk.queue.status, self._queue_read, self._queue_failed)

    def _queue_read(self, status: QueueStatus) -> None:
        self.queue_status = status
        self.queue_changed.emit(status)

    def _queue_failed(self, exc: BaseException) -> None:
        log.warning("queue status failed: %s", exc)
        self._connection(False)

    @Slot(bool)
    def _connection(self, online: bool) -> None:
        came_back = online and self._online is False
        self._online = online
        self.queue_connection.emit(online)
        if came_back:
            # Finish recovering and tell the queue what was finished while it was away.
            self._run(CounterTask.QUEUE_BACK, self.desk.queue_back)
            self.refresh_queue()

    def _after_queue_change(self) -> None:
        self.refresh_queue()

    @Slot()
    def read_own_month(self) -> None:
        """Read the signed-in teller's own month on the worker (a small journal read)."""
        self.runner.run(self.desk.own_month, self.own_month_read.emit, self._own_month_failed)

    def _own_month_failed(self, exc: BaseException) -> None:
        log.warning("own month not read: %s", exc)

    # -- teller actions -----------------------------------------------------------------------

    @Slot(str, str)
    def sign_in(self, staff_no: str, pin: str) -> None:
        """Sign in (the PIN hash is slow, so it never runs on the GUI thread)."""
        self._run(DeskAction.SIGN_IN, lambda: self.desk.sign_in(staff_no, pin))

    @Slot()
    def sign_out(self) -> None:
        """Sign out and close the counter."""
        self._run(DeskAction.SIGN_OUT, self.desk.sign_out)

    @Slot(str)
    def pause(self, reason: str) -> None:
        """Pause the counter."""
        self._run(DeskAction.PAUSE, lambda: self.desk.pause(reason))

    @Slot()
    def resume(self) -> None:
        """End the pause."""
        self._run(DeskAction.RESUME, self.desk.resume)

    @Slot()
    def call_next(self) -> None:
        """Call the next customer."""
        self._run(DeskAction.CALL_NEXT, self.desk.call_next)
        self._after_queue_change()

    @Slot()
    def recall(self) -> None:
        """Call the same customer again."""
        self._run(DeskAction.RECALL, self.desk.recall)

    @Slot()
    def no_show(self) -> None:
        """The customer did not come."""
        self._run(DeskAction.NO_SHOW, self.desk.no_show)

    @Slot()
    def start_service(self) -> None:
        """The customer is at the counter."""
        self._run(DeskAction.START, self.desk.start)

    @Slot(object, object)
    def transfer(self, business_type: str | None, to_counter: int | None) -> None:
        """Transfer the customer, keeping the number."""
        self._run(DeskAction.TRANSFER, lambda: self.desk.transfer(business_type, to_counter))
        self._after_queue_change()

    @Slot()
    def hold(self) -> None:
        """Hold the current service."""
        self._run(DeskAction.HOLD, self.desk.hold)

    @Slot(str)
    def resume_held(self, ticket_id: str) -> None:
        """Bring a held customer back."""
        self._run(DeskAction.RESUME_HELD, lambda: self.desk.resume_held(ticket_id))

    @Slot(str)
    def switch_business_type(self, code: str) -> None:
        """The customer needs another business."""
        self._run(DeskAction.SWITCH, lambda: self.desk.switch_business_type(code))

    @Slot(str, str)
    def check_step(self, step_id: str, value_text: str) -> None:
        """Check a step."""
        self._run(DeskAction.CHECK_STEP, lambda: self.desk.check_step(step_id, value_text or None))

    @Slot(str)
    def uncheck_step(self, step_id: str) -> None:
        """Reopen a step."""
        self._run(DeskAction.UNCHECK_STEP, lambda: self.desk.uncheck_step(step_id))

    @Slot(str, str, str, str)
    def authorise_step(self, step_id: str, value_text: str, supervisor: str, pin: str) -> None:
        """Check a step with a supervisor's authorisation."""
        self._run(
            DeskAction.AUTHORISE_STEP,
            lambda: self.desk.authorise_step(step_id, value_text or None, supervisor, pin),
        )

    @Slot()
    def finish(self) -> None:
        """Finish the service (the procedure's rule decides)."""
        self._run(DeskAction.FINISH, self.desk.finish)

    @Slot(str, str, str)
    def finish_with_override(self, reason: str, supervisor: str, pin: str) -> None:
        """Finish with open mandatory steps, with a reason and a supervisor ("warn")."""
        self._run(CounterTask.FINISH_OVERRIDE, lambda: self.desk.finish(reason, supervisor, pin))

    # -- customer screen ----------------------------------------------------------------------

    @Slot(int)
    def rate(self, score: int) -> None:
        """The customer tapped a score."""
        self._run(CounterTask.RATE, lambda: self.desk.rate(score))

    @Slot(list)
    def rate_reasons(self, reasons: list[str]) -> None:
        """The customer chose reasons for a low score."""
        self._run(CounterTask.RATE_REASONS, lambda: self.desk.rate_reasons(reasons))

    @Slot()
    def decline_rating(self) -> None:
        """The customer skipped the rating."""
        self._run(CounterTask.DECLINE_RATING, self.desk.decline_rating)

    @Slot()
    def expire_rating(self) -> None:
        """The prompt's time is up."""
        self._run(CounterTask.EXPIRE_RATING, self.desk.expire_rating)

    @Slot()
    def dismiss_rating(self) -> None:
        """The thank-you page has been shown long enough."""
        self._run(CounterTask.DISMISS_RATING, self.desk.dismiss_rating)


def _ignore(_: object) -> None:
    return None
