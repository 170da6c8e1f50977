"""The manager's controller: signs in and reads the board every few seconds on the worker."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from counterdesk.core.staff import StaffMember
from counterdesk.queue.base import QueueOfflineError
from counterdesk.services.board import Board, BoardReader
from counterdesk.services.manager_signin import ManagerSignIn
from counterdesk.ui.manager.window import ManagerWindow
from counterdesk.ui.messages import error_text
from counterdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: How often the board is read while a manager is signed in.
REFRESH_MS = 5_000
#: A read that takes longer than this shows the busy mark.
BUSY_AFTER_MS = 800


class BoardController(QObject):
    """Runs the sign-in and the board's reads on the worker; never waits on the GUI thread.

    One read at a time: a refresh asked while one runs is done once it ends. A read that takes
    longer than ``busy_after_ms`` says so (``busy_changed``); a failed read (the queue offline)
    emits ``stale`` and the window keeps the last figures.

    Signals:
        signed_in(object): the StaffMember who signed in.
        sign_in_refused(object): why (the exception).
        board_changed(object): a fresh Board.
        stale(object): the last read failed (the exception).
        busy_changed(bool): a read is taking long (True) or ended (False).
    """

    signed_in = Signal(object)
    sign_in_refused = Signal(object)
    board_changed = Signal(object)
    stale = Signal(object)
    busy_changed = Signal(bool)

    def __init__(
        self,
        reader: BoardReader,
        sign_in_service: ManagerSignIn,
        runner: TaskRunner,
        *,
        refresh_ms: int = REFRESH_MS,
        busy_after_ms: int = BUSY_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.reader = reader
        self.sign_in_service = sign_in_service
        self.runner = runner
        self.member: StaffMember | None = None
        self.board: Board | None = None
        self._reading = False
        self._again = False
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setObjectName("manager-board-refresh")
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self._busy_timer = QTimer(self)
        self._busy_timer.setObjectName("manager-board-busy")
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(busy_after_ms)
        self._busy_timer.timeout.connect(lambda: self._set_busy(True))

    @Slot(str, str)
    def sign_in(self, staff_no: str, pin: str) -> None:
        """Check the credentials on the worker; a supervisor's start the board."""
        self.runner.run(
            lambda: self.sign_in_service.sign_in(staff_no, pin), self._signed_in, self._refused
        )

    def _signed_in(self, member: StaffMember) -> None:
        self.member = member
        self.signed_in.emit(member)
        self.refresh()
        self._timer.start()

    def _refused(self, error: BaseException) -> None:
        self.sign_in_refused.emit(error)

    @Slot()
    def sign_out(self) -> None:
        """Stop reading; the window goes back to the sign-in."""
        self.member = None
        self._timer.stop()

    def stop(self) -> None:
        """Stop the timers (before the runner shuts down)."""
        self._timer.stop()
        self._busy_timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Read the board now (once more after the running read, if one runs)."""
        if self.member is None:
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        self._busy_timer.start()
        self.runner.run(self.reader.read, self._read, self._failed)

    def _ended(self) -> None:
        self._reading = False
        self._busy_timer.stop()
        self._set_busy(False)

    def _read(self, board: Board) -> None:
        self._ended()
        if self.member is None:  # signed out meanwhile: show nothing of it
            return
        self.board = board
        self.board_changed.emit(board)
        self._follow_up()

    def _failed(self, error: BaseException) -> None:
        self._ended()
        log.warning("the manager's board could not be read: %s", error)
        if self.member is not None:
            self.stale.emit(error)
        self._follow_up()

    def _follow_up(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


def connect_manager(window: ManagerWindow, controller: BoardController, language: str) -> None:
    """Wire the window's signals to the controller and the controller's results to the window."""
    window.sign_in_requested.connect(controller.sign_in)
    window.refresh_requested.connect(controller.refresh)

    def sign_out() -> None:
        controller.sign_out()
        window.show_sign_in()

    window.sign_out_requested.connect(sign_out)
    controller.signed_in.connect(lambda member: window.show_board_page(member.name))
    controller.sign_in_refused.connect(
        lambda error: window.show_sign_in_error(error_text(error, language=language))
    )
    controller.board_changed.connect(window.apply_board)

    def stale(error: BaseException) -> None:
        # The queue away is said in the banner's own words; anything else names its reason.
        offline = isinstance(error, QueueOfflineError)
        window.apply_stale("" if offline else error_text(error, language=language).rstrip("."))

    controller.stale.connect(stale)
    controller.busy_changed.connect(window.set_busy)
