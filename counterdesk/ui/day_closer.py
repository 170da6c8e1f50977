"""A timer that asks the day-close use case, on the worker, whether to close the day now."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Slot

from counterdesk.services.day_close import DayClosing
from counterdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class DayCloser(QObject):
    """Asks :class:`DayClosing` every half minute; the queue work runs on the worker.

    Args:
        closing: the use case (it decides when and closes).
        runner: the worker.
        parent: the Qt parent.
    """

    def __init__(
        self, closing: DayClosing, runner: TaskRunner, *, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.closing = closing
        self.runner = runner
        self._timer = QTimer(self)
        self._timer.setObjectName("day-close")
        self._timer.setInterval(30_000)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Ask now and every half minute."""
        self.check()
        self._timer.start()

    def stop(self) -> None:
        """Stop asking."""
        self._timer.stop()

    @Slot()
    def check(self) -> None:
        """Ask, on the worker, to close the day if its time has come."""
        self.runner.run(self.closing.close_if_due, self._done, self._failed)

    def _done(self, result: object | None) -> None:
        if result is not None:
            log.info("day close: %s", result)

    def _failed(self, exc: BaseException) -> None:
        log.warning("day close failed: %s", exc)
