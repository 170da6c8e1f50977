"""The kiosk's controller: takes and prints tickets on the worker, keeps the offer current."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from counterdesk.core.errors import DomainError
from counterdesk.services.kiosk import KioskService, KioskState
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
        refused(object): why a ticket or the staff sign-in was refused (an exception).
        unlocked(str): the lobby manager's name; the next ticket may have a priority.
    """

    state_changed = Signal(object)
    issued = Signal(object, bool)
    refused = Signal(object)
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
        # Opening hours pass with time, not with queue changes.
        self._hours = QTimer(self)
        self._hours.setObjectName("kiosk-hours")
        self._hours.setInterval(30_000)
        self._hours.timeout.connect(self.refresh)

    def start(self) -> None:
        """Publish the first state and keep it current."""
        self.refresh()
        self._hours.start()

    def stop(self) -> None:
        """Stop following the clock."""
        self._hours.stop()

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
        self.runner.run(self.service.state, self.state_changed.emit, self._log_failure)

    @Slot(str, int)
    def request_ticket(self, business_type: str, priority: int) -> None:
        """A customer tapped a business (or the lobby manager chose a priority)."""
        self.runner.run(
            lambda: self._issue_and_print(business_type, priority),
            self._issued,
            self.refused.emit,
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
            self.unlocked.emit,
            self.refused.emit,
        )

    def _log_failure(self, exc: BaseException) -> None:
        if not isinstance(exc, DomainError):
            log.error("kiosk state failed", exc_info=exc)
