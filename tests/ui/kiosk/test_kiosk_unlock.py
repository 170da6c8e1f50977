"""The kiosk window follows the service's priority unlock: one ticket, a minute by its clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue, Priority
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.queue.base import CounterMode
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.kiosk import PRIORITY_UNLOCK_SECONDS, KioskService
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
class Kiosk:
    service: KioskService
    runner: TaskRunner
    controller: KioskController
    window: KioskWindow


@pytest.fixture
def kiosk(tmp_path: Path, qtbot: QtBot, catalogue: Catalogue, clock: FixedClock) -> Iterator[Kiosk]:
    journal = open_journal(tmp_path / "j.db", clock)
    staff = StaffDirectory(journal, clock)
    staff.add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    queue = SqliteQueue(tmp_path / "j.db", catalogue, clock, local_zone=UTC)
    queue.set_counter_mode(1, CounterMode.OPEN)
    service = KioskService(
        queue=queue, catalogue=catalogue, staff=staff, uow=UnitOfWork(journal, clock),
        clock=clock, branch_name="Test branch", local_zone=UTC,
    )  # fmt: skip
    runner = TaskRunner()
    watcher = PollingWatcher(queue, runner)
    controller = KioskController(service, runner, None, watcher)
    window = KioskWindow(catalogue, "en", "Test branch", tap_guard_ms=0)
    connect_kiosk(window, controller, hours="", language="en")
    qtbot.addWidget(window)
    window.resize(1080, 1350)
    with qtbot.waitExposed(window):
        window.show()
    controller.start()
    yield Kiosk(service, runner, controller, window)
    controller.stop()
    qtbot.waitUntil(lambda: runner.idle)
    runner.shutdown()
    queue.close()
    journal.close()


def settle(qtbot: QtBot, kiosk: Kiosk) -> None:
    qtbot.waitUntil(lambda: kiosk.runner.idle)


def click(qtbot: QtBot, parent: QWidget, cls: type[QWidget], name: str) -> None:
    found = parent.findChild(cls, name)
    assert found is not None, name
    qtbot.mouseClick(found, Qt.MouseButton.LeftButton)


def tile(window: KioskWindow, name: str, key: str, value: str) -> KioskTile:
    for found in window.findChildren(KioskTile):
        if found.objectName() == name and found.property(key) == value:
            return found
    raise AssertionError(value)


def unlock_green(qtbot: QtBot, kiosk: Kiosk) -> None:
    """The lobby manager signs in at the kiosk and chooses the green channel."""
    window = kiosk.window
    click(qtbot, window, QPushButton, "staffButton")
    for digit in "2001":
        click(qtbot, window, QPushButton, f"key_{digit}")
    pin = window.findChild(QLineEdit, "pin")
    assert pin is not None
    pin.setFocus()
    qtbot.keyClicks(pin, "2468")
    click(qtbot, window, QPushButton, "signInButton")
    settle(qtbot, kiosk)
    qtbot.waitUntil(lambda: window.page() == "priority")
    settle(qtbot, kiosk)
    qtbot.mouseClick(tile(window, "priorityButton", "level", "green"), Qt.MouseButton.LeftButton)
    assert window.priority() is Priority.GREEN


def test_the_start_page_locks_when_the_services_unlock_expires(
    qtbot: QtBot, kiosk: Kiosk, clock: FixedClock
) -> None:
    unlock_green(qtbot, kiosk)
    expiry = kiosk.controller.findChild(QTimer, "kiosk-unlock-expiry")
    assert expiry is not None
    assert expiry.isActive()
    unlock_ms = PRIORITY_UNLOCK_SECONDS * 1000
    assert expiry.interval() == unlock_ms + 50  # the service's time left, by its clock
    clock.advance(PRIORITY_UNLOCK_SECONDS - 1)
    kiosk.controller.refresh()
    settle(qtbot, kiosk)
    assert kiosk.window.priority() is Priority.GREEN, "still good for a second"

    clock.advance(1)
    kiosk.controller.refresh()  # what the controller's expiry timer does at that moment
    settle(qtbot, kiosk)

    assert kiosk.window.page() == "start"
    assert kiosk.window.priority() is None
    assert kiosk.service.priority_unlocked_by() is None


def test_a_priority_ticket_after_the_unlock_expired_is_refused_with_the_reason(
    qtbot: QtBot, kiosk: Kiosk, clock: FixedClock
) -> None:
    unlock_green(qtbot, kiosk)
    clock.advance(PRIORITY_UNLOCK_SECONDS)  # no refresh yet: the window still offers it

    qtbot.mouseClick(tile(kiosk.window, "typeButton", "code", "DEP"), Qt.MouseButton.LeftButton)
    settle(qtbot, kiosk)

    assert kiosk.window.page() == "staff"
    error = kiosk.window.findChild(QLabel, "staffError")
    assert error is not None
    assert error.text() == "The lobby manager's unlock has expired; ask for it again"
    assert kiosk.service.queue.status().issued_today == 0
    assert kiosk.window.priority() is None
    staff_number = kiosk.window.findChild(QLineEdit, "staffNumber")
    assert staff_number is not None
    assert staff_number.hasFocus(), "the lobby manager signs in again"
    click(qtbot, kiosk.window, QPushButton, "key_2")
    assert staff_number.text() == "2"


def test_the_unlock_is_used_up_by_one_ticket(qtbot: QtBot, kiosk: Kiosk) -> None:
    unlock_green(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.controller.issued) as issued:
        qtbot.mouseClick(tile(kiosk.window, "typeButton", "code", "DEP"), Qt.MouseButton.LeftButton)
    assert issued.args is not None
    assert issued.args[0].ticket.priority == Priority.GREEN
    settle(qtbot, kiosk)
    assert kiosk.window.priority() is None
    kiosk.window.show_start()
    assert kiosk.window.findChild(QPushButton, "staffButton").isVisible()  # type: ignore[union-attr]


def test_leaving_the_staff_pages_drops_the_services_unlock(qtbot: QtBot, kiosk: Kiosk) -> None:
    unlock_green(qtbot, kiosk)
    assert kiosk.service.priority_unlocked_by() is not None
    click(qtbot, kiosk.window, QPushButton, "priorityCancelButton")
    settle(qtbot, kiosk)
    assert kiosk.window.page() == "start"
    assert kiosk.service.priority_unlocked_by() is None
