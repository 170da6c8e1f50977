"""The kiosk window stops offering a business whose only counter stopped sending its heartbeat."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.queue.base import HEARTBEAT_SECONDS, STALE_AFTER_SECONDS, CounterMode
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.kiosk import KioskService
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork
from counterdesk.ui.kiosk.controller import KioskController
from counterdesk.ui.kiosk.station import connect_kiosk
from counterdesk.ui.kiosk.tile import KioskTile
from counterdesk.ui.kiosk.window import KioskWindow
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.watch import PollingWatcher


@dataclass
class Lobby:
    clock: FixedClock
    counters: SqliteQueue
    runner: TaskRunner
    controller: KioskController
    window: KioskWindow


@pytest.fixture
def lobby(tmp_path: Path, qtbot: QtBot, catalogue: Catalogue, clock: FixedClock) -> Iterator[Lobby]:
    journal = open_journal(tmp_path / "j.db", clock)
    # The counters' programs, as another connection to the same queue.
    counters = SqliteQueue(tmp_path / "j.db", catalogue, clock, local_zone=UTC)
    counters.set_counter_mode(1, CounterMode.OPEN, serves=("DEP",))
    counters.set_counter_mode(2, CounterMode.OPEN, serves=("FX",))
    queue = SqliteQueue(tmp_path / "j.db", catalogue, clock, local_zone=UTC)
    service = KioskService(
        queue=queue, catalogue=catalogue, staff=StaffDirectory(journal, clock),
        uow=UnitOfWork(journal, clock), clock=clock, branch_name="Test branch", local_zone=UTC,
    )  # fmt: skip
    runner = TaskRunner()
    controller = KioskController(service, runner, None, PollingWatcher(queue, runner))
    window = KioskWindow(catalogue, "en", "Test branch", tap_guard_ms=0)
    connect_kiosk(window, controller, hours="", language="en")
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    controller.start()
    yield Lobby(clock, counters, runner, controller, window)
    controller.stop()
    qtbot.waitUntil(lambda: runner.idle)
    runner.shutdown(final=queue.close)
    counters.close()
    journal.close()


def offered(window: KioskWindow) -> set[str]:
    return {
        str(tile.property("code"))
        for tile in window.findChildren(KioskTile)
        if tile.objectName() == "typeButton" and tile.isEnabled()
    }


def test_a_counter_that_stops_beating_is_no_longer_offered_and_comes_back_with_a_beat(
    qtbot: QtBot, lobby: Lobby
) -> None:
    qtbot.waitUntil(lambda: offered(lobby.window) == {"DEP", "FX"})

    # Counter 1 keeps beating; the program at counter 2 crashed.
    for _ in range(STALE_AFTER_SECONDS // HEARTBEAT_SECONDS):
        lobby.clock.advance(HEARTBEAT_SECONDS)
        lobby.counters.heartbeat(1)
    lobby.clock.advance(1)
    lobby.controller.refresh()  # what the kiosk's timer does every heartbeat interval

    qtbot.waitUntil(lambda: offered(lobby.window) == {"DEP"})

    lobby.counters.heartbeat(2)  # counter 2's program is back
    lobby.controller.refresh()  # a beat wakes no window on PostgreSQL: the timer notices it
    qtbot.waitUntil(lambda: offered(lobby.window) == {"DEP", "FX"})
