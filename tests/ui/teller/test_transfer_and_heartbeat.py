"""The teller window transfers only to counters that would call the ticket, and keeps beating.

Real windows over a real queue file; other counters are other connections to the same queue,
and time moves only when the test moves the injected clock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.core.tickets import TicketState
from counterdesk.queue.base import HEARTBEAT_SECONDS, STALE_AFTER_SECONDS, CounterMode
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.teller.controller import DeskController
from counterdesk.ui.teller.dialogs.transfer import TransferDialog
from counterdesk.ui.teller.station import connect_teller
from counterdesk.ui.teller.window import TellerWindow


@dataclass
class Branch:
    clock: FixedClock
    desk: CounterDesk
    runner: TaskRunner
    controller: DeskController
    teller: TellerWindow
    others: SqliteQueue


@pytest.fixture
def branch(tmp_path: Path, qtbot: QtBot) -> Iterator[Branch]:
    clock = FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch")
    opened = Station.open(config, clock)
    desk = build_desk(opened)
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    others = SqliteQueue(config.journal_file, opened.catalogue, clock, local_zone=UTC)
    runner = TaskRunner()
    controller = DeskController(desk, runner, clock, heartbeat_ms=20)
    teller = TellerWindow(opened.catalogue, 3, list(range(1, 13)), "en", clock.now)
    connect_teller(teller, controller)
    qtbot.addWidget(teller)
    with qtbot.waitExposed(teller):
        teller.show()
    controller.start()
    yield Branch(clock, desk, runner, controller, teller, others)
    controller.stop()
    qtbot.waitUntil(lambda: runner.idle)
    runner.shutdown(final=desk.queue.close)
    others.close()
    opened.close()


def _signed_in_with_a_customer(qtbot: QtBot, branch: Branch) -> str:
    ticket = branch.others.issue("DEP")
    branch.controller.sign_in("1001", "1234")
    qtbot.waitUntil(lambda: branch.runner.idle and branch.controller.state is not None)
    branch.controller.call_next()
    qtbot.waitUntil(
        lambda: (
            branch.runner.idle
            and branch.controller.state is not None
            and branch.controller.state.current is not None
        )
    )
    return ticket.id


def test_the_transfer_dialog_offers_only_live_counters_serving_the_business(
    qtbot: QtBot, branch: Branch
) -> None:
    others, clock = branch.others, branch.clock
    others.set_counter_mode(1, CounterMode.OPEN, serves=("DEP", "WDR"))
    others.set_counter_mode(2, CounterMode.OPEN, serves=("FX",))
    others.set_counter_mode(4, CounterMode.OPEN, serves=("DEP",))  # will crash
    others.set_counter_mode(5, CounterMode.OPEN, serves=("DEP",))
    others.set_counter_mode(5, CounterMode.CLOSED)
    ticket_id = _signed_in_with_a_customer(qtbot, branch)
    clock.advance(STALE_AFTER_SECONDS + 1)
    for live in (1, 2):
        others.heartbeat(live)

    def counter_4_not_responding() -> bool:
        status = branch.controller.queue_status
        return status is not None and any(
            c.counter == 4 and not c.responding for c in status.counters
        )

    qtbot.waitUntil(counter_4_not_responding)  # the heartbeat timer re-reads the status

    offered: list[list[int]] = []

    def choose_in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TransferDialog):
            QTimer.singleShot(10, choose_in_dialog)
            return
        offered.append(dialog.offered_counters())
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("FX"))
        offered.append(dialog.offered_counters())
        dialog.type_combo.setCurrentIndex(0)  # same business
        dialog.counter_combo.setCurrentIndex(dialog.counter_combo.findData(1))
        dialog.accept()

    QTimer.singleShot(0, choose_in_dialog)
    branch.teller.desk_actions.transfer.trigger()
    qtbot.waitUntil(lambda: branch.runner.idle and others.get(ticket_id).counter is None)

    assert offered == [[1], [2]], "not 4 (no heartbeat), 5 (closed), 3 (this one), 6-12 (none)"
    moved = others.get(ticket_id)
    assert (moved.state, moved.target_counter) == (TicketState.WAITING, 1)


def test_the_desk_sends_its_heartbeat_on_the_worker_while_signed_in(
    qtbot: QtBot, branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    beats: list[threading.Thread] = []
    beat = branch.desk.heartbeat

    def counted() -> bool:
        beats.append(threading.current_thread())
        return beat()

    monkeypatch.setattr(branch.desk, "heartbeat", counted)
    _signed_in_with_a_customer(qtbot, branch)

    def responding() -> bool:
        (counter_3,) = branch.others.status().counters
        return counter_3.responding

    # Time passes without the desk beating (the clock jumps between two beats) ...
    branch.controller.stop()
    qtbot.waitUntil(lambda: branch.runner.idle)
    branch.clock.advance(STALE_AFTER_SECONDS + HEARTBEAT_SECONDS)
    assert not responding()
    assert 3 not in branch.others.open_counters()

    # ... and the next beat makes the counter live again.
    beats.clear()
    branch.controller.start()
    qtbot.waitUntil(responding)
    assert 3 in branch.others.open_counters()
    assert beats
    assert threading.main_thread() not in beats, "the heartbeat never runs on the GUI thread"
