"""After an error the customer screens ask for staff, the teller sees the log, and work goes on."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk, build_kiosk
from counterdesk.app.config import Config
from counterdesk.app.crash import follow_crashes
from counterdesk.app.gui import Running
from counterdesk.app.logs import log_file
from counterdesk.app.station import Station
from counterdesk.core.clock import SystemClock
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk
from counterdesk.ui.crash import CrashHandler
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.kiosk.controller import KioskController
from counterdesk.ui.kiosk.window import KioskWindow
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.teller.controller import DeskController
from counterdesk.ui.teller.station import CustomerPresenter, connect_teller
from counterdesk.ui.teller.window import TellerWindow
from counterdesk.ui.watch import QueueWatcher

ROOT = Path(__file__).resolve().parents[2]

# These tests are about the program's own capture of errors in slots, not pytest-qt's.
pytestmark = pytest.mark.qt_no_exception_capture


@dataclass
class Branch:
    """A counter (teller window and customer screen) and a kiosk on one station."""

    desk: CounterDesk
    runner: TaskRunner
    controller: DeskController
    teller: TellerWindow
    customer: CustomerWindow
    kiosk: KioskWindow
    kiosk_controller: KioskController
    handler: CrashHandler


@pytest.fixture
def branch(tmp_path: Path, qtbot: QtBot) -> Iterator[Branch]:
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch")
    opened = Station.open(config, SystemClock())
    desk = build_desk(opened)
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    desk.queue.issue("DEP")
    kiosk_service = build_kiosk(opened)
    runner = TaskRunner()
    controller = DeskController(desk, runner, opened.clock)
    teller = TellerWindow(opened.catalogue, 3, [1, 2, 4], "en", opened.clock.now)
    customer = CustomerWindow(language="en")
    connect_teller(teller, controller)
    presenter = CustomerPresenter(customer, controller, opened.catalogue, "en")
    kiosk = KioskWindow(opened.catalogue, "en", "Test branch")
    kiosk_controller = KioskController(kiosk_service, runner, None, QueueWatcher())
    kiosk_controller.state_changed.connect(lambda state: kiosk.set_enabled_types(state.available))
    kiosk_controller.issued.connect(kiosk.show_issued)
    for window in (teller, customer, kiosk):
        qtbot.addWidget(window)
        window.resize(1024, 768)
        window.show()
    handler = CrashHandler(log_file(tmp_path))
    handler.install()
    running = Running(
        app=QApplication.instance(), runner=runner, teller=teller, customer=customer,
        desk_controller=controller, kiosk=kiosk, kiosk_controller=kiosk_controller,
    )  # fmt: skip
    # No hold: the next good state uncovers the pages at once (the hold has its own test).
    holds = follow_crashes(handler, running, hold_ms=0)
    controller.start()
    qtbot.waitUntil(lambda: runner.idle)
    yield Branch(desk, runner, controller, teller, customer, kiosk, kiosk_controller, handler)
    handler.uninstall()
    del presenter, holds
    controller.stop()
    qtbot.waitUntil(lambda: runner.idle)
    runner.shutdown()
    kiosk_service.queue.close()
    desk.queue.close()
    opened.close()


def assert_everyone_told(branch: Branch, log_path: Path, summary: str) -> None:
    assert branch.kiosk.out_of_order()
    assert branch.customer.out_of_order()
    dialog = branch.teller.crash_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.summary() == summary
    assert dialog.log_path() == str(log_path)


def critical_traceback(caplog: pytest.LogCaptureFixture) -> str:
    records = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert records, "nothing logged as CRITICAL"
    assert records[-1].exc_info is not None, "logged without its traceback"
    return logging.Formatter().formatException(records[-1].exc_info)


def test_an_error_in_a_slot_is_shown_to_customers_and_staff_and_work_goes_on(
    qtbot: QtBot, branch: Branch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def on_call_next() -> None:
        raise ZeroDivisionError("average wait of no customers")

    branch.teller.call_next_requested.connect(on_call_next)
    with qtbot.waitSignal(branch.handler.crashed):
        branch.teller.call_next_requested.emit()
    assert "on_call_next" in critical_traceback(caplog)
    assert_everyone_told(
        branch, log_file(tmp_path), "ZeroDivisionError: average wait of no customers"
    )
    # A customer cannot use what lies under the page.
    assert branch.kiosk.focusWidget() is not None
    assert branch.kiosk.focusWidget().objectName() == "outOfOrderPage"

    # The teller carries on: signing in works, and the customer screen shows the desk again.
    dialog = branch.teller.crash_dialog
    assert dialog is not None
    dialog.accept()
    with qtbot.waitSignal(branch.controller.state_changed):
        branch.controller.sign_in("1001", "1234")
    qtbot.waitUntil(lambda: branch.runner.idle)
    assert branch.controller.state is not None
    assert branch.controller.state.teller is not None
    assert not branch.customer.out_of_order()
    assert branch.customer.page() == "idle"
    # The kiosk comes back with its next state from the queue.
    with qtbot.waitSignal(branch.kiosk_controller.state_changed):
        branch.kiosk_controller.refresh()
    assert not branch.kiosk.out_of_order()


def test_an_error_in_a_task_callback_is_shown_and_the_next_ticket_is_issued(
    qtbot: QtBot, branch: Branch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def show_figures(count: int) -> None:
        raise IndexError(f"no row {count}")

    with qtbot.waitSignal(branch.handler.crashed):
        branch.runner.run(lambda: 3, show_figures)
    text = critical_traceback(caplog)
    assert "show_figures" in text
    assert "done callback" in text
    assert_everyone_told(branch, log_file(tmp_path), "IndexError: no row 3")

    # A second error while the dialog is open updates it instead of stacking dialogs.
    with qtbot.waitSignal(branch.handler.crashed):
        branch.runner.run(lambda: 4, show_figures)
    dialog = branch.teller.crash_dialog
    assert dialog is not None
    assert dialog.summary() == "2 errors; the last: IndexError: no row 4"
    assert len(branch.teller.findChildren(type(dialog))) == 1

    # The kiosk still issues tickets (once a counter is open).
    with qtbot.waitSignal(branch.controller.state_changed):
        branch.controller.sign_in("1001", "1234")
    refusals: list[object] = []
    branch.kiosk_controller.refused.connect(refusals.append)
    with qtbot.waitSignal(branch.kiosk_controller.issued, raising=False) as issued:
        branch.kiosk_controller.request_ticket("WDR", 0)
    assert refusals == []
    assert issued.signal_triggered
    assert issued.args[0].ticket.label.startswith("B")
    qtbot.waitUntil(lambda: not branch.kiosk.out_of_order())


KIOSK_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station
    from counterdesk.app.logs import setup_logging

    def ready(running):
        kiosk = running.kiosk
        if sys.argv[2] == "start-up":
            raise RuntimeError("the kiosk printer is not configured")

        def fail():
            raise RuntimeError("a tile without a business type")

        def report():
            print(json.dumps({"out_of_order": kiosk.out_of_order()}), flush=True)
            kiosk.allow_close()
            QApplication.instance().quit()

        QTimer.singleShot(0, fail)
        QTimer.singleShot(200, report)

    data = Path(sys.argv[1])
    setup_logging(data)
    config = Config(data_dir=data, role="kiosk", hours="00:00-23:59")
    sys.exit(run_station(config, on_ready=ready))
    """
)


def run_kiosk(tmp_path: Path, case: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", KIOSK_CHILD, str(tmp_path), case],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


@pytest.mark.slow
def test_the_real_kiosk_logs_an_error_shows_the_page_and_keeps_running(tmp_path: Path) -> None:
    result = run_kiosk(tmp_path, "running")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {"out_of_order": True}
    log_text = log_file(tmp_path).read_text(encoding="utf-8")
    assert "CRITICAL" in log_text
    assert "a tile without a business type" in log_text
    assert "Traceback" in log_text


@pytest.mark.slow
def test_an_error_at_start_up_is_logged_and_the_program_exits_non_zero(tmp_path: Path) -> None:
    result = run_kiosk(tmp_path, "start-up")
    assert result.returncode != 0
    log_text = log_file(tmp_path).read_text(encoding="utf-8")
    assert "CRITICAL" in log_text
    assert "could not start" in log_text
    assert "the kiosk printer is not configured" in log_text
