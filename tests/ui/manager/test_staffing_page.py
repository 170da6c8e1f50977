"""The manager's Staffing page in the real window: the weekday × hour table, computed on the worker.

First over a real morning served at counter 3 (one queue and journal file, UTC, the fixed clock
of Monday 2026-11-30) read by the same history reader the program uses; then over a hand-built
history of two Mondays and a Tuesday (the figures of ``tests/core/test_staffing_plan.py``),
with the worker held up to show the busy indicator, and a reader that fails.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk, build_manager
from counterdesk.app.config import Config
from counterdesk.app.staffing_source import history_reader
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.staff import Role
from counterdesk.core.staffing import Demand, Model, counters_needed
from counterdesk.core.staffing_plan import History, HourHistory
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.staffing_history import Source
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.ui.manager.controller import BoardController, connect_manager
from counterdesk.ui.manager.staffing import HistoryReader, StaffingController
from counterdesk.ui.manager.window import ManagerWindow
from counterdesk.ui.tasks import TaskRunner

VALID_ID = "11010519491231002X"
MONDAY = date(2026, 11, 30)


def station_at(path: Path, clock: FixedClock, catalogue: Catalogue, counter: int,
               serves: tuple[str, ...]) -> Station:  # fmt: skip
    config = Config(
        data_dir=path.parent, journal_path=Path(path.name), counter_number=counter,
        branch_name="Chaoyang", branch_code="BJ0101", serves=serves,
    )  # fmt: skip
    return Station(config=config, clock=clock, journal=open_journal(path, clock),
                   catalogue=catalogue)  # fmt: skip


@pytest.fixture
def journal_path(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "journal.db"
    db = open_journal(path, clock)
    staff = StaffDirectory(db, clock)
    staff.add("1001", "Li Na", Role.TELLER, "1234")
    staff.add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    db.close()
    return path


@dataclass
class Opened:
    window: ManagerWindow
    staffing: StaffingController
    runner: TaskRunner


@pytest.fixture
def open_window(
    qtbot: QtBot, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> Iterator[Callable[..., Opened]]:
    """Open the manager's window with a history reader (None: the program's own, this PC)."""
    stack: list[tuple[TaskRunner, BoardController, SqliteQueue, Station]] = []

    def make(reader: HistoryReader | None = None) -> Opened:
        station = station_at(journal_path, clock, catalogue, 9, ())
        queue = SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
        runner = TaskRunner()
        board_reader, sign_in = build_manager(station, queue=queue)
        board_reader.zone = UTC
        board = BoardController(board_reader, sign_in, runner, refresh_ms=3_600_000)
        window = ManagerWindow(station.catalogue, "en", "Chaoyang", zone=UTC, today=MONDAY)
        qtbot.addWidget(window)
        connect_manager(window, board, "en")
        staffing = StaffingController(
            window.staffing_page,
            reader or history_reader(station, queue, zone=UTC),
            dict(catalogue.targets()),
            runner,
            "en",
        )
        window.show()
        stack.append((runner, board, queue, station))
        window.sign_in_page.fields.staff_edit.setText("2001")
        window.sign_in_page.fields.pin_edit.setText("2468")
        qtbot.mouseClick(window.sign_in_page.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(window.showing_board)
        return Opened(window, staffing, runner)

    yield make
    for runner, board, queue, station in stack:
        board.stop()

        def close(queue: SqliteQueue = queue, station: Station = station) -> None:
            queue.close()
            station.journal.close()

        runner.shutdown(final=close)
        station.journal.close()


def test_a_real_morning_read_from_this_pc_gives_one_counter(
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    journal_path: Path,
    clock: FixedClock,
    catalogue: Catalogue,
) -> None:
    station = station_at(journal_path, clock, catalogue, 3, ("WDR",))
    desk = build_desk(station, queue=SqliteQueue(journal_path, catalogue, clock, local_zone=UTC))
    desk.start_up()
    desk.sign_in("1001", "1234")
    queue = desk.queue
    # Monday 09:00: two withdrawals; each served for 300 s, the second called at 09:05
    # (waited 300 s); a third taken at 09:10 is called at once and does not come (walk-away).
    queue.issue("WDR")
    queue.issue("WDR")
    for _ in range(2):
        desk.call_next()
        desk.start()
        for step, value in (("identity", VALID_ID), ("card_and_pin", None),
                            ("amount", "100.00"), ("supervisor", None), ("pay_out", None),
                            ("signature", None), ("return_documents", None)):  # fmt: skip
            desk.check_step(step, value)
        clock.advance(300)
        desk.finish()
        desk.rate(5)
    queue.issue("WDR")
    desk.call_next()
    desk.no_show()
    desk.sign_out()
    desk.queue.close()
    desk.uow.db.close()

    opened = open_window()
    window, page = opened.window, opened.window.staffing_page
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert window.pages.currentWidget() is page
    # The default period: the eight weeks before today (Monday 2026-11-30).
    assert page.period() == (date(2026, 10, 5), date(2026, 11, 29))
    page.set_period(MONDAY, MONDAY)
    with qtbot.waitSignal(opened.staffing.plan_ready, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)

    # One Monday, hour 09: λ = 3 an hour, S = 600/2 = 300 s, a = 0.25, T = 600 s.
    # One counter: C = 0.25, SL = 1 − 0.25·e^(−0.75·600/300) = 94.4%, mean wait
    # C·S/(1 − a) = 100 s. Walk-aways 1 of 3, mean wait (0 + 300 + 0)/3 = 100 s: patience
    # 100/(1/3) = 300 s, so Erlang A too.
    assert page.plan is not None
    assert (page.plan.weekdays, page.plan.hours) == ((0,), (9,))
    assert page.plan.patience_seconds == pytest.approx(300.0)
    by_a = counters_needed(Demand(3, 300, 300), 600, 0.8, model=Model.ERLANG_A).counters
    assert page.cell_text(0, 9) == ("1" if by_a == 1 else f"1 ({by_a})")
    assert page.source_label.text() == (
        "Business days 2026-11-30 to 2026-11-30, read from this PC's own queue and journal."
    )
    tip = page.cell_tooltip(0, 9).splitlines()
    assert tip[:5] == [
        "Monday 09:00–10:00",
        "Arrivals: 3.0 per hour",
        "Mean service time: 300 s",
        "Target wait: 600 s",
        "Load: 0.25 counters busy all the time",
    ]
    assert tip[5] == (
        "Erlang C (shown; nobody walks away): counters needed 1, 94.4% called within the target, "
        "mean wait 100 s"
    )
    assert tip[6].startswith("Erlang A (with the walk-aways measured): ")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.showing_board()


def _history() -> History:
    return History(
        MONDAY,
        date(2026, 12, 8),
        {0: 2, 1: 1},
        (
            HourHistory(0, 9, "DEP", 20, 0, 29, 29 * 120.0, 20, 6000.0),
            HourHistory(0, 9, "VIP", 4),
            HourHistory(0, 10, "VIP", services=2, service_seconds=1200.0),
            HourHistory(0, 11, "DEP", 2, services=5, service_seconds=3000.0),
            HourHistory(1, 9, "WDR", 3, services=3, service_seconds=900.0),
        ),
    )


def test_the_table_of_a_history_is_computed_on_the_worker_with_a_busy_indicator(
    qtbot: QtBot,
    open_window: Callable[..., Opened],
) -> None:
    release = threading.Event()

    def slow_head_office(first: date, last: date) -> tuple[Source, History]:
        release.wait(10)
        return Source.HEAD_OFFICE, _history()

    opened = open_window(slow_head_office)
    window, page = opened.window, opened.window.staffing_page
    qtbot.mouseClick(window.staffing_button, Qt.MouseButton.LeftButton)
    page.level_spin.setValue(95)
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.is_busy)
    assert page.busy.label.text() == "Reading the history…"
    assert not page.show_button.isEnabled()
    with qtbot.waitSignal(opened.staffing.plan_ready, timeout=10_000):
        release.set()
    assert not page.is_busy()

    # Hand figures (tests/core/test_staffing_plan.py): Monday 09:00 pools 12 arrivals an hour
    # at 350 s with the strictest target 600 s: 3 counters at 95% (99.4%); 10:00 has no
    # arrivals: 0; 11:00: 1 (97.8%). Tuesday 09:00: λ = 3, S = 300 s, a = 0.25: one counter
    # gives 1 − 0.25·e^(−1.5) = 94.4% < 95%, two give C = 0.02778 and 99.9%: 2; then 0.
    table = page.table
    assert (table.rowCount(), table.columnCount()) == (2, 3)

    def item(row: int, column: int) -> QTableWidgetItem:
        found = table.item(row, column)
        assert found is not None
        return found

    assert [table.model().headerData(r, Qt.Orientation.Vertical) for r in range(2)] == [
        "Monday",
        "Tuesday",
    ]
    assert [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "09:00", "10:00", "11:00",
    ]  # fmt: skip
    assert [[item(r, c).text() for c in range(3)] for r in range(2)] == [
        ["3", "0", "1"],
        ["2", "0", "0"],
    ]
    tip = page.cell_tooltip(0, 9).splitlines()
    assert tip[1:4] == ["Arrivals: 12.0 per hour", "Mean service time: 350 s", "Target wait: 600 s"]
    assert "counters needed 3, 99.4% called within the target" in tip[5]
    assert (
        page.cell_tooltip(0, 10).splitlines()[1] == "No customers arrived in this hour: 0 counters."
    )
    assert "read from head office (every counter's records)" in page.source_label.text()
    # The busiest hour is the darkest; an empty hour is white.
    nine, ten = item(0, 0).background().color(), item(0, 1).background().color()
    assert nine.lightness() < item(1, 0).background().color().lightness()
    assert ten.name() == "#ffffff"


def test_a_reader_that_fails_says_why_and_keeps_the_page(
    qtbot: QtBot,
    open_window: Callable[..., Opened],
) -> None:
    def refused(first: date, last: date) -> tuple[Source, History]:
        raise DomainError("head office cannot be reached: connection refused")

    opened = open_window(refused)
    window, page = opened.window, opened.window.staffing_page
    window.show_staffing_page()
    with qtbot.waitSignal(opened.staffing.failed, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.error() == "Head office cannot be reached: connection refused"
    assert not page.is_busy()
    assert page.show_button.isEnabled()
    page.set_period(date(2026, 11, 30), date(2026, 11, 1))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.error() == "The period ends before it starts."
