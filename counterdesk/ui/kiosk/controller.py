"""The kiosk's controller: takes and prints tickets on the worker, keeps the offer current."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from counterdesk.core.errors import DomainError
from counterdesk.queue.base import HEARTBEAT_SECONDS
from counterdesk.services.kiosk import KioskAction, KioskService, KioskState
from counterdesk.services.state import IssuedTicket
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.watch import QueueWatcher

log = logging.getLogger(__name__)

PrintTicket = Callable[[IssuedTicket], None]


class KioskController(QObject):
    """Takes tickets and prints them off the GUI thread; keeps the kiosk's offer current.

    A ticket is issued (committed to the queue) before it is printed, so a printer fault
    never loses it: the kiosk shows the number and the fault goes to the journal.

    Signals:
        state_changed(object): a new KioskState.
        issued(object, bool): the IssuedTicket and whether it was printed.
        refused(object, object): a use case was refused: its KioskAction and the exception.
        unlocked(str): the lobby manager's name; the next ticket may have a priority (until
            a state says the unlock is gone).
    """

    state_changed = Signal(object)
    issued = Signal(object, bool)
    refused = Signal(object, object)
    unlocked = Signal(str)

    def __init__(
        self,
        service: KioskService,
        runner: TaskRunner,
        print_ticket: PrintTicket | None,
        watcher: QueueWatcher,
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self._print = print_ticket
        watcher.changed.connect(self.refresh)
        watcher.connection.connect(self._connection)
        # Opening hours pass with time, not with queue changes; so does a counter whose program
        # stopped sending its heartbeat (nothing in the queue changes when it goes silent).
        self._hours = QTimer(self)
        self._hours.setObjectName("kiosk-hours")
        self._hours.setInterval(HEARTBEAT_SECONDS * 1000)
        self._hours.timeout.connect(self.refresh)
        # The service expires the priority unlock by its clock; read the state again then,
        # so the staff pages leave when the service says so.
        self._unlock_expiry = QTimer(self)
        self._unlock_expiry.setObjectName("kiosk-unlock-expiry")
        self._unlock_expiry.setSingleShot(True)
        self._unlock_expiry.timeout.connect(self.refresh)

    def start(self) -> None:
        """Publish the first state and keep it current."""
        self.refresh()
        self._hours.start()

    def stop(self) -> None:
        """Stop following the clock."""
        self._hours.stop()
        self._unlock_expiry.stop()

    @Slot(bool)
    def _connection(self, online: bool) -> None:
        # No queue, no ticket: the kiosk says so (and asks customers to see the staff).
        if online:
            self.refresh()
        else:
            self.state_changed.emit(KioskState(True, False, frozenset()))

    @Slot()
    def refresh(self) -> None:
        """Re-read what the kiosk can offer (the queue changed, or the hour may have)."""
        self.runner.run(self.service.state, self._publish, self._log_failure)

    def _publish(self, state: KioskState) -> None:
        if state.priority_until is None:
            self._unlock_expiry.stop()
        else:
            left = (state.priority_until - self.service.clock.now()).total_seconds()
            self._unlock_expiry.start(max(0, int(left * 1000)) + 50)
        self.state_changed.emit(state)

    @Slot(str, int)
    def request_ticket(self, business_type: str, priority: int) -> None:
        """A customer tapped a business (or the lobby manager chose a priority)."""
        self.runner.run(
            lambda: self._issue_and_print(business_type, priority),
            self._issued,
            lambda exc: self._refused(KioskAction.ISSUE_TICKET, exc),
        )

    def _issue_and_print(self, business_type: str, priority: int) -> tuple[IssuedTicket, bool]:
        ticket = self.service.issue(business_type, priority)
        if self._print is None:
            return ticket, True
        try:
            self._print(ticket)
        except Exception as exc:  # any device fault: the ticket stands, the fault is kept
            log.warning("ticket %s not printed: %s", ticket.ticket.label, exc)
            self.service.record_printer_fault(ticket.ticket.label, str(exc))
            return ticket, False
        return ticket, True

    def _issued(self, result: tuple[IssuedTicket, bool]) -> None:
        ticket, printed = result
        self.issued.emit(ticket, printed)
        self.refresh()

    @Slot(str, str)
    def staff_sign_in(self, staff_no: str, pin: str) -> None:
        """The lobby manager unlocks one priority ticket."""
        self.runner.run(
            lambda: self.service.unlock_priority(staff_no, pin).name,
            self._unlocked,
            lambda exc: self._refused(KioskAction.UNLOCK_PRIORITY, exc),
        )

    def _unlocked(self, name: str) -> None:
        self.unlocked.emit(name)
        self.refresh()

    @Slot()
    def lock_priority(self) -> None:
        """The kiosk left its staff pages: drop the unlock (if any) in the service."""
        self.runner.run(self._lock_and_read, self._publish, self._log_failure)

    def _lock_and_read(self) -> KioskState:
        self.service.lock_priority()
        return self.service.state()

    def _refused(self, action: KioskAction, exc: BaseException) -> None:
        if not isinstance(exc, DomainError):
            log.error("kiosk %s failed", action.value, exc_info=exc)
        self.refused.emit(action, exc)
        # A refused priority ticket may have used up or expired the unlock.
        self.refresh()

    def _log_failure(self, exc: BaseException) -> None:
        if not isinstance(exc, DomainError):
            log.error("kiosk state failed", exc_info=exc)
