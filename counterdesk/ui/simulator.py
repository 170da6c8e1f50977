"""Random customer arrivals for the demo, so its queue is alive."""

from __future__ import annotations

import logging
import random

from PySide6.QtCore import QObject, QTimer, Slot

from counterdesk.services.desk import CounterDesk
from counterdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Relative frequency of the business types, in catalogue order (deposits and withdrawals most).
WEIGHTS = (8, 8, 4, 2, 2, 2, 1, 1)


class ArrivalSimulator(QObject):
    """Issues tickets at exponentially distributed intervals (a Poisson arrival process)."""

    def __init__(
        self, desk: CounterDesk, runner: TaskRunner, per_hour: float, parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._runner = runner
        self._rate = per_hour / 3600.0
        self._rng = random.Random()
        self._timer = QTimer(self)
        self._timer.setObjectName("arrival-simulator")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._arrive)

    def start(self) -> None:
        """Schedule the first arrival."""
        self._schedule()

    def stop(self) -> None:
        """No more arrivals."""
        self._timer.stop()

    def _schedule(self) -> None:
        self._timer.start(int(self._rng.expovariate(self._rate) * 1000) + 1)

    @Slot()
    def _arrive(self) -> None:
        codes = list(self._desk.catalogue.codes)
        weights = [WEIGHTS[i] if i < len(WEIGHTS) else 1 for i in range(len(codes))]
        code = self._rng.choices(codes, weights=weights)[0]
        priority = 2 if self._rng.random() < 0.08 else 0
        self._runner.run(
            lambda: self._desk.queue.issue(code, priority),
            lambda _ticket: None,
            lambda exc: log.warning("simulated arrival failed: %s", exc),
        )
        self._schedule()
