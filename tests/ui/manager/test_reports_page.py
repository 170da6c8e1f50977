"""The manager's Reports page on a real window over a real journal and queue.

Counters 3 (teller 1001) and 12 (teller 1002) share one journal file with the queue (a one-PC
branch); the clock is fixed at 2026-11-30 09:00 UTC and moved by hand; the branch is in UTC.

The morning, worked out by hand:

====  ======  ========  ====================================================  ======
tkt   issued  called    what happened                                          wait
====  ======  ========  ====================================================  ======
W1    09:00   09:02 @3  served by Li Na, every step checked, rated 5/5         120 s
W2    09:00   09:12 @12 served by Zhang Wei, every step checked, rated 4/5     720 s
W3    09:05   09:14 @3  did not come (no-show)                                 540 s
====  ======  ========  ====================================================  ======

Arrivals 3, served 2, walk-aways 1. Withdrawals' target is 10 min: W1 and W3 within it, W2
not: service level 2 of 3 = 67%. Mean wait (120 + 720 + 540) / 3 = 460 s = 7 min 40 s; the 90th
percentile is the 3rd of 3 = 720 s = 12 min. Scores 5/5 → 100 and 4/5 → 75: mean 87.5 → "88".
"""

from __future__ import annotations

import contextlib
import csv
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk, build_manager
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.local_kpis import LocalReportSource
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork
from counterdesk.sync.hq_report import HqReportConnection
from counterdesk.ui.manager.controller import BoardController, connect_manager
from counterdesk.ui.manager.report_controller import ReportsController, connect_reports
from counterdesk.ui.manager.reports import ReportsPage, preset_period
from counterdesk.ui.manager.window import ManagerWindow
from counterdesk.ui.tasks import TaskRunner

VALID_ID = "11010519491231002X"
DAY = date(2026, 11, 30)
HQ_DOWN = "postgresql://nobody@127.0.0.1:1/counterdesk"


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
    staff.add("1002", "Zhang Wei", Role.TELLER, "5678")
    staff.add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    db.close()
    return path


def serve_withdrawal(desk: CounterDesk, score: int) -> None:
    desk.call_next()
    desk.start()
    desk.check_step("identity", VALID_ID)
    desk.check_step("card_and_pin")
    desk.check_step("amount", "100.00")
    for step in ("supervisor", "pay_out", "signature", "return_documents"):
        desk.check_step(step)
    desk.finish()
    desk.rate(score)


@pytest.fixture
def morning(journal_path: Path, clock: FixedClock, catalogue: Catalogue) -> Iterator[None]:
    """The morning of the module's docstring, served through the real desks."""
    desks = []
    for counter, staff_no, pin in ((3, "1001", "1234"), (12, "1002", "5678")):
        station = station_at(journal_path, clock, catalogue, counter, ("WDR",))
        desk = build_desk(
            station, queue=SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
        )
        desk.start_up()
        desk.sign_in(staff_no, pin)
        desks.append(desk)
    three, twelve = desks
    three.queue.issue("WDR")  # W1 09:00
    three.queue.issue("WDR")  # W2 09:00
    clock.advance(120)
    serve_withdrawal(three, 5)  # W1 called 09:02
    clock.advance(180)
    three.queue.issue("WDR")  # W3 09:05
    clock.advance(420)
    serve_withdrawal(twelve, 4)  # W2 called 09:12
    clock.advance(120)
    three.call_next()  # W3 called 09:14
    three.no_show()
    yield
    for desk in desks:
        desk.queue.close()
        desk.uow.db.close()


@dataclass
class Reports:
    window: ManagerWindow
    page: ReportsPage
    runner: TaskRunner


@contextlib.contextmanager
def open_reports(
    qtbot: QtBot, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> Iterator[Reports]:
    """The manager's window with its Reports page; reports on a worker of their own."""
    station = station_at(journal_path, clock, catalogue, 9, ())
    board_queue = SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
    report_queue = SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
    board_runner, report_runner = TaskRunner(), TaskRunner()
    reader, sign_in = build_manager(station, queue=board_queue)
    reader.zone = UTC
    board = BoardController(reader, sign_in, board_runner, refresh_ms=3_600_000)
    window = ManagerWindow(station.catalogue, "en", "Chaoyang", zone=UTC)
    qtbot.addWidget(window)
    connect_manager(window, board, "en")
    journal = CounterJournal(UnitOfWork(station.journal, clock))
    sources = {
        "local": lambda: LocalReportSource(report_queue, [journal], "BJ0101"),
        "hq": lambda: HqReportConnection(HQ_DOWN, "BJ0101", catalogue, password="secret"),
    }
    names = {"1001": "Li Na", "1002": "Zhang Wei"}
    reports = ReportsController(report_runner, sources, dict(catalogue.targets()), zone=UTC,
                                names=lambda: names)  # fmt: skip
    page = ReportsPage(catalogue, "en", ("local", "hq"), "BJ0101", window.pages, today=DAY)
    window.add_reports_page(page)
    connect_reports(window, page, reports, "en")
    window.resize(1280, 800)
    window.show()
    try:
        window.sign_in_page.fields.staff_edit.setText("2001")
        window.sign_in_page.fields.pin_edit.setText("2468")
        qtbot.mouseClick(window.sign_in_page.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(window.showing_board)
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.showing_reports()
        yield Reports(window, page, report_runner)
    finally:
        board.stop()
        reports.cancel()

        def closer(queue: SqliteQueue) -> Callable[[], None]:
            def close() -> None:
                queue.close()
                station.journal.close()

            return close

        report_runner.shutdown(final=closer(report_queue))
        board_runner.shutdown(final=closer(board_queue))
        station.journal.close()


def run_report(qtbot: QtBot, page: ReportsPage) -> None:
    qtbot.keyClick(page.run_button, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.is_running())


def test_a_period_from_this_pc_shows_the_figures_worked_out_by_hand(
    qtbot: QtBot, morning: None, journal_path: Path, clock: FixedClock, catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    with open_reports(qtbot, journal_path, clock, catalogue) as opened:
        page = opened.page
        page.set_period(date(2026, 11, 29), DAY)
        run_report(qtbot, page)

        assert page.message_text() == (
            "2026-11-29 – 2026-11-30: from this PC. Only the days this PC still holds count: "
            "1 of 2 days."
        )
        tiles = {key: (t.value.text(), t.note.text()) for key, t in page.tiles.items()}
        assert tiles == {
            "arrivals": ("3", "1 walked away"),
            "served": ("2", ""),
            "level": ("67%", "2 of 3 within target"),
            "wait": ("7 min 40 s", "90% within 12 min"),
            "score": ("88", "2 rated"),
            "sop": ("100%", "0 overrides"),
        }
        hours = page.sections["hours"]
        assert [hours.column(c) for c in range(3)] == [["09:00"], ["3"], ["2"]]
        waits = page.sections["waits"]
        assert waits.column(1) == ["0", "1", "0", "1", "1", "0", "0", "0"]
        assert waits.column(0)[:5] == ["≤ 1 min", "1 min – 3 min", "3 min – 5 min",
                                       "5 min – 10 min", "10 min – 15 min"]  # fmt: skip
        chart = waits.chart()
        assert chart is not None
        series = chart.series()
        assert len(series) == 1  # one bar set, drawn
        assert isinstance(series[0], QBarSeries)
        bars = series[0].barSets()[0]
        assert [bars.at(n) for n in range(bars.count())] == [0, 1, 0, 1, 1, 0, 0, 0]
        tellers = page.sections["tellers"]
        assert tellers.column(0) == ["Li Na (1001)", "Zhang Wei (1002)"]
        assert tellers.column(1) == ["1", "1"]
        # Steps were all checked: nothing left open, so the chart says so instead of drawing.
        steps = page.sections["steps"]
        assert not steps.empty_note.isHidden()
        assert "no mandatory step was left open" in steps.empty_note.text()

        # The current table to CSV: plain numbers, not the texts shown.
        page.tabs.setCurrentWidget(waits)
        target = tmp_path / "waits.csv"
        page.export("csv", target)
        with open(target, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["Wait", "Customers", "Share"]
        assert rows[2] == ["1 min – 3 min", "1", "33.3"]
        assert page.message_text() == f"Written: {target}"
        # Every table to Excel, everything with the charts to PDF (through the exporters).
        for kind in ("xlsx", "pdf"):
            written = tmp_path / f"report.{kind}"
            page.export(kind, written)
            assert page.message_text() == f"Written: {written}"
            assert written.stat().st_size > 0
        # A folder that is not there: said in words, nothing written, the page still works.
        missing = tmp_path / "no-such-folder" / "report.xlsx"
        page.export("xlsx", missing)
        assert "the folder does not exist" in page.message_text().lower()
        assert str(missing) in page.message_text()
        assert not missing.parent.exists()
        # The charts are still in their tabs after the PDF drew them.
        assert waits.chart() is chart
        assert waits.chart_view is not None
        assert chart.scene() is waits.chart_view.scene()


def test_tables_sort_by_value_not_by_text(
    qtbot: QtBot, morning: None, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    with open_reports(qtbot, journal_path, clock, catalogue) as opened:
        page = opened.page
        page.by_box.setCurrentIndex(page.by_box.findData("counter"))
        run_report(qtbot, page)
        groups = page.sections["groups"]
        assert page.tabs.tabText(page.tabs.indexOf(groups)) == "By counter"
        view = groups.view
        # Counter 3: W1 and W3 (waits 120 and 540: mean 330 s); counter 12: W2 (720 s).
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        assert groups.column(0) == ["3", "12"]  # as text, "12" would come first
        view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        assert groups.column(3) == ["5 min 30 s", "12 min"]  # as text, "12 min" first
        view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        assert groups.column(0) == ["12", "3"]


def test_cancel_returns_the_page_to_idle_and_says_so(
    qtbot: QtBot, morning: None, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    with open_reports(qtbot, journal_path, clock, catalogue) as opened:
        page = opened.page
        release = threading.Event()
        opened.runner.run(release.wait, lambda _: None)  # the worker is busy: a long report
        qtbot.keyClick(page.run_button, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert page.is_running()
        assert page.busy.isVisible()
        assert page.cancel_button.isEnabled()
        assert not page.run_button.isEnabled()
        assert page.message_text() == "Computing the report… (Esc cancels)"

        qtbot.keyClick(page.cancel_button, Qt.Key.Key_Escape)
        assert not page.is_running()
        assert not page.busy.isVisible()
        assert page.run_button.isEnabled()
        assert page.message_text() == "Report cancelled."
        release.set()
        qtbot.waitUntil(lambda: opened.runner.idle)
        # What the worker finished after the cancel is not shown.
        assert page.message_text() == "Report cancelled."
        assert page.report is None


def test_head_office_down_and_an_empty_period_are_said_in_words(
    qtbot: QtBot, morning: None, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    with open_reports(qtbot, journal_path, clock, catalogue) as opened:
        page = opened.page
        page.source_box.setCurrentIndex(page.source_box.findData("hq"))
        run_report(qtbot, page)
        message = page.message_text()
        assert message.startswith("Head office (postgresql://"), message
        assert "127.0.0.1:1/counterdesk) cannot give the report: " in message
        assert "secret" not in message
        assert page.run_button.isEnabled()

        page.source_box.setCurrentIndex(page.source_box.findData("local"))
        page.set_period(date(2026, 11, 2), date(2026, 11, 3))
        run_report(qtbot, page)
        assert page.message_text() == (
            "2026-11-02 – 2026-11-03: from this PC. Only the days this PC still holds count: "
            "0 of 2 days. No customer arrived or was served in this period."
        )
        hours = page.sections["hours"]
        assert hours.empty_note.text() == "Nothing to draw: no customer in this period."
        assert hours.column(0) == []


def test_the_pages_have_their_keys_and_esc_means_what_the_page_says(
    qtbot: QtBot, morning: None, journal_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    with open_reports(qtbot, journal_path, clock, catalogue) as opened:
        window = opened.window
        # On the Reports page Esc cancels a report: it does not leave the page.
        qtbot.keyClick(opened.page.run_button, Qt.Key.Key_Escape)
        assert window.showing_reports()
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        assert window.pages.currentWidget() is window.staffing_page
        assert "Esc board" in window.keys_label.text()
        # On the Staffing page Esc goes back to the board.
        qtbot.keyClick(window.staffing_page.show_button, Qt.Key.Key_Escape)
        assert window.showing_board()
        assert window.keys_label.text().startswith(
            "Ctrl+1 board · Ctrl+2 reports · Ctrl+3 staffing · Ctrl+4 stars"
        )
        qtbot.keyClick(window, Qt.Key.Key_F7)
        assert window.pages.currentWidget() is window.staffing_page
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert window.showing_board()
        # Signed out, no page key opens anything.
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.sign_in_page)
        for key in (Qt.Key.Key_2, Qt.Key.Key_3):
            qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
            assert window.pages.currentWidget() is window.sign_in_page


def test_the_presets_choose_the_days() -> None:
    monday = date(2026, 11, 30)
    assert preset_period("today", monday) == (monday, monday)
    assert preset_period("yesterday", monday) == (date(2026, 11, 29),) * 2
    assert preset_period("this_week", date(2026, 12, 3)) == (monday, date(2026, 12, 3))
    assert preset_period("last_month", monday) == (date(2026, 10, 1), date(2026, 10, 31))
    assert preset_period("last_month", date(2026, 1, 15)) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
