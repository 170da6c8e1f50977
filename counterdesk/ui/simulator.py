"""Random customer arrivals and simulated counters for the demo, so its queue is alive."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Slot

from counterdesk.core.errors import DomainError
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.base import HEARTBEAT_SECONDS, CounterMode
from counterdesk.services.desk import CounterDesk
from counterdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Relative frequency of the business types, in catalogue order (deposits and withdrawals most).
WEIGHTS = (8, 8, 4, 2, 2, 2, 1, 1)
#: How many other counters the demo simulates next to the teller's.
SIMULATED_COUNTERS = 2
#: The simulated counters together serve this share of the arrivals: the queue the teller
#: sees grows slowly, as on a busy day.
SERVED_SHARE = 0.8


def simulated_counters(teller_counter: int, count: int = SIMULATED_COUNTERS) -> tuple[int, ...]:
    """The counter numbers the demo simulates: the lowest ones other than the teller's."""
    numbers: list[int] = []
    number = 1
    while len(numbers) < count:
        if number != teller_counter:
            numbers.append(number)
        number += 1
    return tuple(numbers)


class ArrivalSimulator(QObject):
    """Issues tickets at exponentially distributed intervals (a Poisson arrival process).

    Its simulated counters open when it starts and send their heartbeat like a signed-in
    desk, so the kiosk offers tickets (it offers only what open counters serve) and the lobby
    display calls their customers; they close when it stops.
    """

    def __init__(
        self,
        desk: CounterDesk,
        runner: TaskRunner,
        per_hour: float,
        parent: QObject | None,
        *,
        counters: Sequence[int] = (),
        rng: random.Random | None = None,
    ) -> None:
        """Prepare the arrivals (nothing happens before :meth:`start`).

        Args:
            desk: the teller's desk (its queue and catalogue).
            runner: the worker the queue is used on.
            per_hour: arrivals per hour.
            parent: the owning object.
            counters: the counter numbers to simulate (none: arrivals only).
            rng: the random source (tests pass a seeded one).
        """
        super().__init__(parent)
        self._desk = desk
        self._runner = runner
        self._rate = per_hour / 3600.0
        self._rng = rng or random.Random()
        self.counters = tuple(counters)
        self._codes = tuple(desk.catalogue.codes)
        # Each counter serves SERVED_SHARE of the arrivals divided among them.
        self._service_rate = self._rate * SERVED_SHARE / max(1, len(self.counters))
        self._serving: dict[int, str] = {}
        self._timer = self._new_timer("arrival-simulator", self._arrive)
        self._heartbeat = self._new_timer("simulated-counters-heartbeat", self._beat)
        self._heartbeat.setSingleShot(False)
        self._heartbeat.setInterval(HEARTBEAT_SECONDS * 1000)
        self._service_timers = {
            counter: self._new_timer(f"simulated-counter-{counter}", self._serve_slot(counter))
            for counter in self.counters
        }

    def start(self) -> None:
        """Open the simulated counters and schedule the first arrival."""
        if self.counters:
            self._runner.run(self._open, lambda _: None, self._failed("opening counters"))
            self._heartbeat.start()
            for counter in self.counters:
                self._schedule_service(counter)
        self._schedule()

    def stop(self) -> None:
        """No more arrivals; the simulated counters close."""
        self._timer.stop()
        self._heartbeat.stop()
        for timer in self._service_timers.values():
            timer.stop()
        if self.counters:
            self._runner.run(self._close, lambda _: None, self._failed("closing counters"))

    # -- on the worker ------------------------------------------------------------------------

    def _open(self) -> None:
        for counter in self.counters:
            self._desk.queue.set_counter_mode(counter, CounterMode.OPEN, serves=self._codes)

    def _close(self) -> None:
        for counter in self.counters:
            self._desk.queue.set_counter_mode(counter, CounterMode.CLOSED)

    def _serve(self, counter: int) -> None:
        """Finish the customer at ``counter`` (if any) and call the next one."""
        queue = self._desk.queue
        ticket_id = self._serving.pop(counter, None)
        if ticket_id is not None:
            queue.start(ticket_id, counter)
            queue.finish(ticket_id, counter)
        try:
            decision = queue.call_next(CallingPolicy(counter, self._codes))
        except DomainError:  # nobody waits for it (QueueEmptyError) or the day closed it
            return
        self._serving[counter] = decision.ticket.id

    # -- timers -------------------------------------------------------------------------------

    def _new_timer(self, name: str, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    def _schedule(self) -> None:
        self._timer.start(int(self._rng.expovariate(self._rate) * 1000) + 1)

    def _schedule_service(self, counter: int) -> None:
        seconds = self._rng.expovariate(self._service_rate) if self._service_rate > 0 else 60.0
        self._service_timers[counter].start(int(seconds * 1000) + 1)

    def _serve_slot(self, counter: int) -> Callable[[], None]:
        def serve() -> None:
            self._runner.run(
                lambda: self._serve(counter), lambda _: None, self._failed("a simulated service")
            )
            self._schedule_service(counter)

        return serve

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            log.warning("demo simulator: %s failed: %s", what, exc)

        return failed

    @Slot()
    def _beat(self) -> None:
        def beat() -> None:
            for counter in self.counters:
                self._desk.queue.heartbeat(counter)

        self._runner.run(beat, lambda _: None, self._failed("the heartbeat"))

    @Slot()
    def _arrive(self) -> None:
        weights = [WEIGHTS[i] if i < len(WEIGHTS) else 1 for i in range(len(self._codes))]
        code = self._rng.choices(self._codes, weights=weights)[0]
        priority = 2 if self._rng.random() < 0.08 else 0
        self._runner.run(
            lambda: self._desk.queue.issue(code, priority),
            lambda _ticket: None,
            self._failed("a simulated arrival"),
        )
        self._schedule()
