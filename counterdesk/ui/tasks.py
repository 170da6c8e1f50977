"""One worker thread for database and other slow work, with results handed back to the GUI."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Runs callables one at a time on a single worker thread, in submission order.

    A single worker keeps database work serial (SQLite writes never race each other inside the
    terminal) and keeps the GUI thread free. Callbacks run on the GUI thread, so they may touch
    widgets; the callables themselves must never touch a widget.

    Errors nobody handles (a task that fails with no ``failed`` callback, or a callback that
    raises) go to ``sys.excepthook`` with a note saying which, so the crash handler
    (:mod:`counterdesk.ui.crash`) logs and shows them; the runner carries on with the next task.

    Signals:
        idle_changed(bool): True when the last pending task has been delivered.
    """

    idle_changed = Signal(bool)
    _delivered = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counterdesk-db")
        self._pending = 0
        self._waiting: set[Future[Any]] = set()
        self._lock = threading.Lock()  # the worker drops finished tasks while shutdown looks
        # Emitted from the worker thread; the runner lives on the GUI thread, so Qt queues it.
        self._delivered.connect(self._deliver)

    @property
    def idle(self) -> bool:
        """Whether no task is waiting or running."""
        return self._pending == 0

    def run(self, task: Callable[[], Any], done: Done, failed: Failed | None = None) -> None:
        """Run ``task`` on the worker; then ``done(result)`` or ``failed(error)`` on the GUI.

        Without ``failed``, an error of the task is reported as a crash.
        """
        self._pending += 1
        if self._pending == 1:
            self.idle_changed.emit(False)
        if failed is None:
            failed = partial(_unhandled, _qualname(task))
        future = self._executor.submit(task)
        with self._lock:
            self._waiting.add(future)
        future.add_done_callback(self._forget)
        future.add_done_callback(lambda f: self._delivered.emit(f, done, failed))

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._waiting.discard(future)

    @Slot(object, object, object)
    def _deliver(self, future: Future[Any], done: Done, failed: Failed) -> None:
        try:
            if future.cancelled():  # dropped at shutdown: nobody waits for its answer
                return
            error = future.exception()
            if error is None:
                self._call(done, future.result(), "the done callback")
            else:
                self._call(failed, error, "the failed callback")
        finally:
            self._pending -= 1
            if self._pending == 0:
                self.idle_changed.emit(True)

    @staticmethod
    def _call(callback: Callable[[Any], None], value: Any, which: str) -> None:
        try:
            callback(value)
        except Exception as error:
            _report(error, f"raised in {which} {_qualname(callback)} of a task")

    def shutdown(self, final: Callable[[], None] | None = None) -> None:
        """Finish the running task, drop the waiting ones, run ``final``, stop the worker (at exit).

        Args:
            final: the worker's last task, e.g. closing the connections it opened (peewee keeps
                one connection per thread, so only the worker can close the worker's). Its
                error is logged; the worker stops either way.
        """
        with self._lock:
            waiting = tuple(self._waiting)
        for future in waiting:
            future.cancel()  # only those not started; the running one finishes
        if final is not None:
            last = self._executor.submit(final)
            if (error := last.exception()) is not None:
                log.error("closing on the worker failed", exc_info=error)
        self._executor.shutdown(wait=True, cancel_futures=True)


def _qualname(thing: object) -> str:
    return str(getattr(thing, "__qualname__", None) or repr(thing))


def _unhandled(task: str, error: BaseException) -> None:
    _report(error, f"task {task} failed and has no failed callback")


def _report(error: BaseException, note: str) -> None:
    """Hand an error nobody handled to the installed excepthook (the crash handler's)."""
    error.add_note(f"counterdesk: {note}")
    sys.excepthook(type(error), error, error.__traceback__)
