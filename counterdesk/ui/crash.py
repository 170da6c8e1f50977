"""The crash handler: uncaught errors and Qt's messages into the log, and a signal windows follow.

Three routes end here: ``sys.excepthook`` (an exception raised in a slot or a task callback on
the GUI thread: PySide6 hands it to the hook, and :class:`~counterdesk.ui.tasks.TaskRunner`
sends the errors nobody handles there too), ``threading.excepthook`` (a thread that died) and
Qt's message handler. Each error is logged as CRITICAL with its traceback; CRITICAL in the log
means "the crash handler fired", so Qt's own "critical" messages are logged as ERROR.

What is safe to keep running: an error in a slot, a task callback or a thread has unwound to
the event loop, which carries on, so the program keeps running and :attr:`CrashHandler.crashed`
tells the windows (the customer screens ask customers to see staff, the teller sees where the
log is). A fatal Qt message leaves Qt in a state nothing can be drawn in: it is logged and the
process exits at once with :data:`EXIT_CRASHED`.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    Signal,
    Slot,
    qInstallMessageHandler,
)

log = logging.getLogger(__name__)

#: The exit code after a fatal error (BSD's EX_SOFTWARE: an internal software error).
EXIT_CRASHED = 70
#: The shortest time the customer screens keep the "please ask staff" page.
CRASH_PAGE_HOLD_MS = 15_000

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_SUMMARY_CHARS = 200


@dataclass(frozen=True)
class Crash:
    """An error the crash handler logged, as the windows tell it.

    Attributes:
        summary: one line: the kind of error and its message.
        log_path: the log file holding the traceback, when the log goes to a file.
    """

    summary: str
    log_path: Path | None


def summary_of(error: BaseException) -> str:
    """One line for staff: ``ValueError: the message`` (first line, shortened)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    line = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return line if len(line) <= _SUMMARY_CHARS else line[: _SUMMARY_CHARS - 1] + "…"


class CrashHandler(QObject):
    """Logs every uncaught error as CRITICAL and tells the windows; create it on the GUI thread.

    Signals:
        crashed(object): a :class:`Crash`, always delivered on the GUI thread.
    """

    crashed = Signal(object)
    # Emitted on whichever thread failed; the slot runs on the handler's (the GUI) thread.
    _raised = Signal(object)

    def __init__(
        self,
        log_path: Path | None,
        parent: QObject | None = None,
        *,
        exit_process: Callable[[int], object] = os._exit,
    ) -> None:
        """Prepare the handler (nothing is installed until :meth:`install`).

        Args:
            log_path: the log file shown to staff, or None when the log goes to no file.
            parent: the owning object (the application).
            exit_process: how a fatal error ends the process (``os._exit``: Qt is past saving,
                so no clean-up runs that could touch it).
        """
        super().__init__(parent)
        self.log_path = log_path
        self._exit_process = exit_process
        self._previous: tuple[Any, Any, Any] | None = None
        self._announcing = False
        self._raised.connect(self._announce)

    def install(self) -> None:
        """Take over ``sys.excepthook``, ``threading.excepthook`` and Qt's message handler."""
        if self._previous is not None:
            return
        previous_qt = qInstallMessageHandler(self._qt_message)
        self._previous = (sys.excepthook, threading.excepthook, previous_qt)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        """Put back the hooks and the message handler found by :meth:`install`."""
        if self._previous is None:
            return
        sys.excepthook, threading.excepthook, previous_qt = self._previous
        qInstallMessageHandler(previous_qt)
        self._previous = None

    def report(self, error: BaseException, where: str) -> None:
        """Log ``error`` as CRITICAL with its traceback and tell the windows.

        Args:
            error: the exception, with its traceback.
            where: what was running, for the log ("the GUI thread", "thread X").
        """
        if self._announcing and threading.current_thread() is threading.main_thread():
            # A window failed while showing an error: telling the windows again would only
            # fail again, in a loop. The log has both.
            log.critical(
                "uncaught error on %s while showing an earlier one",
                where,
                exc_info=(type(error), error, error.__traceback__),
            )
            return
        log.critical(
            "uncaught error on %s; the program keeps running",
            where,
            exc_info=(type(error), error, error.__traceback__),
        )
        self._raised.emit(Crash(summary_of(error), self.log_path))

    # -- the hooks ---------------------------------------------------------------------------

    def _excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        try:
            self.report(error.with_traceback(traceback), "the GUI thread")
        except Exception:  # reporting must never hide the error itself
            sys.__excepthook__(kind, error, traceback)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        try:
            self.report(args.exc_value.with_traceback(args.exc_traceback), f"thread {name}")
        except Exception:
            threading.__excepthook__(args)

    def _qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        category = context.category or "default"
        name = category if category.startswith("qt") else f"qt.{category}"
        level = _QT_LEVELS.get(kind, logging.WARNING)
        if kind != QtMsgType.QtFatalMsg:
            logging.getLogger(name).log(level, "%s", message)
            return
        logging.getLogger(name).critical("Qt fatal error, the program stops: %s", message)
        for handler in logging.getLogger().handlers:
            handler.flush()
        self._exit_process(EXIT_CRASHED)

    @Slot(object)
    def _announce(self, crash: Crash) -> None:
        self._announcing = True
        try:
            self.crashed.emit(crash)
        finally:
            self._announcing = False


class CrashPageHold(QObject):
    """Keeps a customer screen's "please ask staff" page up, then lets the next good state in.

    The page goes when a state from the service arrives (:meth:`good_state`) after the page
    has been up for ``hold_ms``: a fresh state proves the screen's service answers again, so
    its normal page is true again, and the kiosk need not wait for staff who may not be near.
    A state during the hold clears the page when the hold ends. Should the fault come back,
    the page comes back, and every time is logged.
    """

    def __init__(
        self,
        show: Callable[[], None],
        clear: Callable[[], None],
        *,
        hold_ms: int = CRASH_PAGE_HOLD_MS,
        parent: QObject | None = None,
    ) -> None:
        """Follow crashes with ``show`` and good states with ``clear``."""
        super().__init__(parent)
        self._show = show
        self._clear = clear
        self._shown = False
        self._good_during_hold = False
        self._hold = QTimer(self)
        self._hold.setObjectName("crash-page-hold")
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self._hold_over)

    @Slot(object)
    def crashed(self, crash: object = None) -> None:
        """Show the page and hold it."""
        del crash
        self._shown = True
        self._good_during_hold = False
        self._show()
        self._hold.start()

    @Slot(object)
    def good_state(self, state: object = None) -> None:
        """A state from the service arrived: clear the page, at once or when the hold ends."""
        del state
        if not self._shown:
            return
        if self._hold.isActive():
            self._good_during_hold = True
            return
        self._shown = False
        self._clear()

    @Slot()
    def _hold_over(self) -> None:
        if self._good_during_hold:
            self._good_during_hold = False
            self.good_state()
