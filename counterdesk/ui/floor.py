"""Controllers of the branch floor: the kiosk and the lobby display, on the worker thread."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from counterdesk.core.errors import DomainError
from counterdesk.services.floor import DisplayFeed, FloorUpdate
from counterdesk.services.kiosk import KioskService, KioskState
from counterdesk.services.state import IssuedTicket
from counterdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: How often the floor looks at the queue; a look that finds no change reads nothing.
POLL_MS = 250

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
        *,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self._print = print_ticket
        self._seen: tuple[int, object] | None = None
        self._poll = QTimer(self)
        self._poll.setObjectName("kiosk-poll")
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.refresh)

    def start(self) -> None:
        """Publish the first state and keep it current."""
        self.refresh()
        self._poll.start()

    def stop(self) -> None:
        """Stop looking at the queue."""
        self._poll.stop()

    @Slot()
    def refresh(self) -> None:
        """Re-read what the kiosk can offer when the queue changed (or the hour may have)."""

        def read() -> KioskState | None:
            token = self.service.queue.change_token()
            minute = self.service.clock.now().replace(second=0, microsecond=0)
            if (token, minute) == self._seen:
                return None
            self._seen = (token, minute)
            return self.service.state()

        self.runner.run(read, self._state_read, self._log_failure)

    def _state_read(self, state: KioskState | None) -> None:
        if state is not None:
            self.state_changed.emit(state)

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
        self._seen = None
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


class DisplayController(QObject):
    """Looks at the queue several times a second and publishes new calls, each once.

    Signals:
        calls_arrived(list, bool): new CallViews (oldest first) and whether to announce them.
        status_changed(object): a new QueueStatus.
        connection(bool): whether the last look worked.
    """

    calls_arrived = Signal(list, bool)
    status_changed = Signal(object)
    connection = Signal(bool)

    def __init__(
        self,
        feed: DisplayFeed,
        runner: TaskRunner,
        *,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self.runner = runner
        self._busy = False
        self._poll = QTimer(self)
        self._poll.setObjectName("display-poll")
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.poll)

    def start(self) -> None:
        """Show the recent calls, then follow the queue."""
        self._busy = True
        self.runner.run(self.feed.start, self._publish, self._failed)
        self._poll.start()

    def stop(self) -> None:
        """Stop following the queue."""
        self._poll.stop()

    @Slot()
    def poll(self) -> None:
        """Look for changes (skipped while the previous look is still running)."""
        if self._busy:
            return
        self._busy = True
        self.runner.run(self.feed.poll, self._publish, self._failed)

    def _publish(self, update: FloorUpdate | None) -> None:
        self._busy = False
        self.connection.emit(True)
        if update is None:
            return
        if update.calls or not update.announce:  # the start-up history, even when empty
            self.calls_arrived.emit(list(update.calls), update.announce)
        self.status_changed.emit(update.status)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("display could not read the queue: %s", exc)
        self.connection.emit(False)
