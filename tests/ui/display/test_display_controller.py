"""The lobby display's controller on a real queue: every call of a burst reaches the window."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.base import CounterMode
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services import floor
from counterdesk.services.floor import DisplayFeed
from counterdesk.ui.display.controller import DisplayController
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.watch import PollingWatcher


def test_a_burst_longer_than_one_read_is_shown_whole_without_another_change(
    qtbot: QtBot, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    path = tmp_path / "queue.db"
    counter = SqliteQueue(path, catalogue, clock, local_zone=UTC)
    display = SqliteQueue(path, catalogue, clock, local_zone=UTC)
    watched = SqliteQueue(path, catalogue, clock, local_zone=UTC)
    runner = TaskRunner()
    watcher = PollingWatcher(watched, runner, interval_ms=50)
    controller = DisplayController(DisplayFeed(display, changes=watched), runner, watcher)
    shown: list[str] = []
    controller.calls_arrived.connect(
        lambda calls, announce: shown.extend(c.ticket_label for c in calls if announce)
    )
    try:
        counter.set_counter_mode(1, CounterMode.OPEN)
        controller.start()
        watcher.start()
        qtbot.waitUntil(lambda: runner.idle)
        # One commit holding more events than one read (an issue and a call per customer).
        burst = floor.BATCH
        with counter.db.atomic():
            called = []
            for _ in range(burst):
                counter.issue("DEP")
                called.append(counter.call_next(CallingPolicy(1, ("DEP",))).ticket.label)
        qtbot.waitUntil(lambda: len(shown) >= burst, timeout=5000)
        assert shown == called, "every call once, in order, with nothing else changing"
    finally:
        watcher.stop()
        qtbot.waitUntil(lambda: runner.idle)
        runner.shutdown()
        for queue in (counter, display, watched):
            queue.close()
