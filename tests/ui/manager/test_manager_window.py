"""The manager's window on a real queue: what the board shows after real tickets, the sign-in
that refuses a teller, and the stale banner when the queue goes away.

Counter 3 (teller 1001, Li Na) and counter 5 (teller 1002, Zhang Wei) share one journal file
with the queue (a one-PC branch); the clock is fixed and moved by hand, in UTC.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk, build_manager
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.queue.sql import SqlQueue
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.ui.manager.controller import BoardController, connect_manager
from counterdesk.ui.manager.window import ManagerWindow
from counterdesk.ui.tasks import TaskRunner

VALID_ID = "11010519491231002X"


def station_at(path: Path, clock: FixedClock, catalogue: Catalogue, counter: int,
               serves: tuple[str, ...]) -> Station:  # fmt: skip
    config = Config(
        data_dir=path.parent, journal_path=Path(path.name), counter_number=counter,
        branch_name="Chaoyang", branch_code="BJ0101", serves=serves,
    )  # fmt: skip
    return Station(config=config, clock=clock, journal=open_journal(path, clock),
                   catalogue=catalogue)  # fmt: skip


@dataclass
class Manager:
    window: ManagerWindow
    controller: BoardController
    runner: TaskRunner
    station: Station


@pytest.fixture
def journal_path(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "journal.db"
    db = open_journal(path, clock)
    staff = StaffDirectory(db, clock)
    staff.add("1001", "Li Na", Role.TELLER, "1234")
    staff.add("1002", "Zhang Wei", Role.TELLER, "5678")
    staff.add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    db.close()
    return path


@pytest.fixture
def desks(
    journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> Iterator[Callable[[int, tuple[str, ...]], CounterDesk]]:
    made: list[CounterDesk] = []

    def make(counter: int, serves: tuple[str, ...]) -> CounterDesk:
        station = station_at(journal_path, clock, catalogue, counter, serves)
        desk = build_desk(
            station, queue=SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
        )
        desk.start_up()
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.queue.close()
        desk.uow.db.close()


@contextlib.contextmanager
def open_manager(
    qtbot: QtBot, station: Station, queue: SqlQueue, *, busy_after_ms: int = 800
) -> Iterator[Manager]:
    """The manager's window over ``queue``, its reads on a real worker (no timed refresh)."""
    runner = TaskRunner()
    reader, sign_in = build_manager(station, queue=queue)
    reader.zone = UTC
    controller = BoardController(
        reader, sign_in, runner, refresh_ms=3_600_000, busy_after_ms=busy_after_ms
    )
    window = ManagerWindow(station.catalogue, "en", "Chaoyang", zone=UTC)
    qtbot.addWidget(window)
    connect_manager(window, controller, "en")
    window.show()
    try:
        yield Manager(window, controller, runner, station)
    finally:
        controller.stop()

        def close() -> None:
            queue.close()
            station.journal.close()

        runner.shutdown(final=close)
        station.journal.close()


@pytest.fixture
def manager(
    qtbot: QtBot, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> Iterator[Manager]:
    station = station_at(journal_path, clock, catalogue, 9, ())
    queue = SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
    with open_manager(qtbot, station, queue) as opened:
        yield opened


def sign_in(qtbot: QtBot, window: ManagerWindow, staff_no: str, pin: str) -> None:
    window.sign_in_page.fields.staff_edit.setText(staff_no)
    window.sign_in_page.fields.pin_edit.setText(pin)
    qtbot.mouseClick(window.sign_in_page.button, Qt.MouseButton.LeftButton)


def serve_withdrawal(desk: CounterDesk) -> None:
    desk.call_next()
    desk.start()
    desk.check_step("identity", VALID_ID)
    desk.check_step("card_and_pin")
    desk.check_step("amount", "100.00")
    for step in ("supervisor", "pay_out", "signature", "return_documents"):
        desk.check_step(step)
    desk.finish()
    desk.rate(5)


def test_the_board_shows_a_real_morning(
    qtbot: QtBot, desks: Callable[..., CounterDesk], manager: Manager, clock: FixedClock
) -> None:
    three = desks(3, ("DEP", "WDR"))
    five = desks(5, ("DEP",))
    three.sign_in("1001", "1234")  # 09:00:00
    five.sign_in("1002", "5678")
    three.queue.issue("WDR")  # B001 09:00:00, called 09:02:00 (2 min: within 10) and served
    clock.advance(120)
    serve_withdrawal(three)
    three.queue.issue("DEP")  # A001 09:02:00, called 09:13:40 (11 min 40 s: missed), no-show
    clock.advance(700)
    three.call_next()
    clock.advance(30)
    three.no_show()  # 09:14:10
    five.pause("lunch")  # 09:14:10
    three.queue.issue("DEP")  # A002 09:14:10, called 09:15:10 (1 min: met), being served
    three.queue.issue("FX")  # G001 09:14:10, nobody serves FX
    clock.advance(60)
    three.call_next()
    three.start()
    three.queue.issue("DEP")  # A003 09:15:10, waiting
    clock.advance(1200)  # 09:35:10
    three.heartbeat()
    five.heartbeat()

    window = manager.window
    sign_in(qtbot, window, "2001", "2468")
    qtbot.waitUntil(
        lambda: window.showing_board() and window.updated_label.text() != "Reading the board…"
    )
    board = window.board

    assert window.heading.text() == "Today at Chaoyang — signed in: Wang Fang"
    assert window.updated_label.text() == "Updated 09:35:10"
    assert board.waiting.value.text() == "2"
    assert board.waiting.note.text() == "Tickets issued today: 5"
    # G001 has waited 21 min (since 09:14:10), A003 20 min.
    assert (board.longest.value.text(), board.longest.note.text()) == ("21 min", "Foreign exchange")
    assert board.served.value.text() == "1"
    assert (board.walk_aways.value.text(), board.walk_aways.note.text()) == ("1", "20% of arrivals")
    # Met: B001 (2 min), A002 (1 min); missed: A001 (11 min 40 s).
    assert board.level.value.text() == "67%"
    assert board.level.note.text() == "2 of 3 called within target"
    assert board.counters_tile.value.text() == "2"
    assert board.counters_tile.note.text() == "1 serving · 0 free · 1 paused"
    assert board.alerts() == [
        "Foreign exchange: 1 waiting, and no open counter serves it",
        "Foreign exchange: the longest wait is 21 min, over the target of 20 min",
        "Cash deposit: the longest wait is 20 min, over the target of 10 min",
        "Counter 5 has been paused for 21 min (more than 15 min)",
    ]
    types = {row[0]: row[1:] for row in board.table_text(board.types)}
    # Waiting, longest wait, target, service level, served, walk-aways.
    assert types["Cash deposit"] == ["1", "20 min", "10 min", "50%", "0", "1"]
    assert types["Cash withdrawal"] == ["0", "—", "10 min", "100%", "1", "0"]
    assert types["Foreign exchange"] == ["1", "21 min", "20 min", "—", "0", "0"]
    assert board.table_text(board.counters) == [
        ["3", "Serving", "Li Na", "09:15 (20 min)", "A002"],
        ["5", "Paused: Lunch", "Zhang Wei", "09:14 (21 min)", "—"],
    ]


def test_f5_reads_again_and_ctrl_l_signs_out(
    qtbot: QtBot, desks: Callable[..., CounterDesk], manager: Manager, clock: FixedClock
) -> None:
    window = manager.window
    sign_in(qtbot, window, "2001", "2468")
    qtbot.waitUntil(lambda: window.updated_label.text() == "Updated 09:00:00")
    assert window.board.waiting.value.text() == "0"
    assert window.board.alerts() == []

    desks(3, ("DEP",)).queue.issue("DEP")
    clock.advance(30)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.updated_label.text() == "Updated 09:00:30")
    assert window.board.waiting.value.text() == "1"
    # Nobody is signed in at a counter: no open counter serves deposits.
    assert window.board.alerts() == ["Cash deposit: 1 waiting, and no open counter serves it"]

    qtbot.keyClick(window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    assert not window.showing_board()
    assert window.sign_in_page.fields.staff_edit.text() == ""


def test_a_teller_is_refused_with_a_clear_message_and_it_is_audited(
    qtbot: QtBot, manager: Manager
) -> None:
    window = manager.window
    sign_in(qtbot, window, "1001", "1234")
    qtbot.waitUntil(lambda: window.sign_in_page.error() != "")

    assert window.sign_in_page.error() == (
        "Staff 1001 is a teller; only a supervisor or an admin may open the manager's board"
    )
    assert not window.showing_board()
    assert window.sign_in_page.fields.pin_edit.text() == ""
    sign_in(qtbot, window, "2001", "0000")
    qtbot.waitUntil(lambda: window.sign_in_page.error().startswith("Wrong staff number or PIN"))
    sign_in(qtbot, window, "2001", "2468")
    qtbot.waitUntil(window.showing_board)
    actions = audit(manager)
    assert actions == [
        ("1001", "manager_sign_in_refused"),
        ("2001", "manager_sign_in_refused"),
        ("2001", "manager_signed_in"),
    ]


def audit(manager: Manager) -> list[tuple[str, str]]:
    """The manager's sign-in rows of the journal's audit log, oldest first."""
    with contextlib.closing(sqlite3.connect(manager.station.config.journal_file)) as db:
        rows = db.execute("SELECT actor, action FROM audit_log ORDER BY at, rowid").fetchall()
    return [(str(r[0]), str(r[1])) for r in rows if str(r[1]).startswith("manager_")]


def test_a_slow_read_shows_the_busy_mark_and_the_window_keeps_answering(
    qtbot: QtBot, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    station = station_at(journal_path, clock, catalogue, 9, ())
    queue = SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
    with open_manager(qtbot, station, queue, busy_after_ms=50) as manager:
        window = manager.window
        sign_in(qtbot, window, "2001", "2468")
        qtbot.waitUntil(lambda: window.updated_label.text() == "Updated 09:00:00")
        # The worker is held up (a slow queue server): the next read waits behind it.
        release = threading.Event()
        manager.runner.run(release.wait, lambda _: None)
        clock.advance(10)
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(window.busy_label.isVisible)
        assert window.busy_label.text() == "Reading the queue…"
        # The GUI thread is free: the window still takes keys and shows the last figures.
        qtbot.keyClick(window, Qt.Key.Key_F5)
        assert window.updated_label.text() == "Updated 09:00:00"
        release.set()
        qtbot.waitUntil(lambda: window.updated_label.text() == "Updated 09:00:10")
        qtbot.waitUntil(lambda: not window.busy_label.isVisible())


@pytest.mark.postgres
def test_an_offline_queue_shows_a_stale_banner_and_keeps_the_last_figures(
    qtbot: QtBot,
    journal_path: Path,
    clock: FixedClock,
    catalogue: Catalogue,
    pg_databases: Callable[[], AbstractContextManager[str]],
) -> None:
    from counterdesk.queue.postgres import PostgresQueue, init_schema

    station = station_at(journal_path, clock, catalogue, 9, ())
    database = contextlib.ExitStack()
    with database:
        url = database.enter_context(pg_databases())
        init_schema(url)
        queue = PostgresQueue(url, catalogue, clock, local_zone=UTC)
        queue.issue("DEP")
        queue.issue("DEP")
        queue.close()
        with open_manager(qtbot, station, queue) as manager:
            window = manager.window
            sign_in(qtbot, window, "2001", "2468")
            qtbot.waitUntil(lambda: window.updated_label.text() == "Updated 09:00:00")
            assert window.board.waiting.value.text() == "2"
            assert window.stale_text() == ""
            # The queue's database is dropped and its sessions ended: the server "went away".
            database.close()
            clock.advance(65)
            qtbot.keyClick(window, Qt.Key.Key_F5)
            qtbot.waitUntil(lambda: window.stale_text() != "")

            assert window.stale_text() == (
                "The queue is not answering. The figures below are from 09:00:00; trying again…"
            )
            assert window.board.waiting.value.text() == "2"
            assert window.updated_label.text() == "Updated 09:00:00"
            assert window.showing_board()
