"""The program syncs with a real head office on a thread of its own; the station keeps working.

Real teller window, real journal and SQLite queue, real PostgreSQL HQ (throwaway database), and
for "unreachable" a port that accepts the connection and never answers, so the sync hangs on
its thread for the connection timeout while the teller serves a customer.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time as monotonic_time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from hq_helpers import RoleNames, query
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk, build_head_office
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk
from counterdesk.services.head_office import HeadOfficeSync
from counterdesk.storage.db import open_journal
from counterdesk.storage.sync_outbox import SyncJournal
from counterdesk.sync.hq import PASSWORD_ENV, add_branch, init_hq
from counterdesk.sync.push import sync_lock
from counterdesk.sync.schedule import PlanReason, SyncResult, SyncSchedule
from counterdesk.ui.head_office import THREAD_NAME, HeadOfficeSyncer
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.teller.controller import DeskController
from counterdesk.ui.teller.head_office import HeadOfficeDialog, HeadOfficePresenter
from counterdesk.ui.teller.station import connect_teller
from counterdesk.ui.teller.window import TellerWindow

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "branch-a-password"
VALID_ID = "11010519491231002X"
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
#: The night's delay the tests' plan draws (the real one is random, 0-30 minutes).
DELAY = timedelta(minutes=14)


@dataclass
class Counter:
    clock: FixedClock
    station: Station
    desk: CounterDesk
    runner: TaskRunner
    controller: DeskController
    teller: TellerWindow
    service: HeadOfficeSync
    syncer: HeadOfficeSyncer
    presenter: HeadOfficePresenter

    @property
    def line(self) -> str:
        return self.teller.status_bar.head_office.text()

    def journal(self) -> SyncJournal:
        return SyncJournal(open_journal(self.station.config.journal_file, self.clock))


@pytest.fixture
def branch(hq_url: str, roles: RoleNames, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    init_hq(hq_url, roles.owner)
    code = roles.code("A")
    add_branch(hq_url, code, PASSWORD, "Branch A")
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return hq_url, code


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that takes connections and never answers (a head office that hangs)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def make_counter(tmp_path: Path, qtbot: QtBot) -> Iterator[Callable[..., Counter]]:
    made: list[Counter] = []

    def make(
        url: str,
        code: str,
        *,
        before: Callable[[SyncJournal], None] | None = None,
        start: bool = True,
    ) -> Counter:
        clock = FixedClock(START)
        config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch",
                        branch_code=code, hq_url=url)  # fmt: skip
        station = Station.open(config, clock)
        desk = build_desk(station)
        desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
        desk.staff.add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
        if before is not None:
            before(SyncJournal(station.journal))
        runner = TaskRunner()
        controller = DeskController(desk, runner, clock)
        teller = TellerWindow(station.catalogue, 3, [1, 2, 4], "en", clock.now)
        connect_teller(teller, controller)
        service = build_head_office(station)
        schedule = SyncSchedule(time(2, 0), zone=UTC, jitter=lambda: DELAY)
        syncer = HeadOfficeSyncer(service, schedule, clock, check_ms=20, stop_wait_s=1.0)
        presenter = HeadOfficePresenter(
            teller, syncer, service, runner, language="en", now=clock.now, zone=UTC
        )
        qtbot.addWidget(teller)
        with qtbot.waitExposed(teller):
            teller.show()
        controller.start()
        if start:
            syncer.start()
        counter = Counter(clock, station, desk, runner, controller, teller, service, syncer,
                          presenter)  # fmt: skip
        made.append(counter)
        return counter

    yield make
    for counter in made:
        counter.syncer.stop()
        counter.controller.stop()
        qtbot.waitUntil(lambda c=counter: c.runner.idle)  # type: ignore[misc]
        counter.runner.shutdown()
        counter.desk.queue.close()
        counter.station.close()


def settle(qtbot: QtBot, counter: Counter) -> None:
    qtbot.waitUntil(lambda: counter.runner.idle)


def sign_in(qtbot: QtBot, counter: Counter) -> None:
    counter.teller.sign_in_requested.emit("1001", "1234")
    qtbot.waitUntil(lambda: counter.controller.state is not None
                    and counter.controller.state.teller is not None)  # fmt: skip


def serve_withdrawal(qtbot: QtBot, counter: Counter) -> None:
    """Call, start, check every mandatory step and finish, through the window's signals."""
    teller = counter.teller
    counter.desk.queue.issue("WDR")
    teller.call_next_requested.emit()
    settle(qtbot, counter)
    teller.start_requested.emit()
    settle(qtbot, counter)
    for step, value in (
        ("identity", VALID_ID), ("card_and_pin", ""), ("amount", "1,000.00"),
        ("supervisor", ""), ("pay_out", ""), ("signature", ""), ("return_documents", ""),
    ):  # fmt: skip
        teller.check_requested.emit(step, value)
        settle(qtbot, counter)
    teller.finish_requested.emit()
    settle(qtbot, counter)
    state = counter.controller.state
    assert state is not None, "no state"
    assert state.current is None, teller.message.text()
    assert state.today.served == 1, state.today


def hq_count(url: str, table: str, code: str) -> int:
    return int(query(url, f"SELECT count(*) FROM hq.{table} WHERE branch_code = %s", (code,))[0][0])


def journal_count(counter: Counter, table: str) -> int:
    conn = sqlite3.connect(counter.station.config.journal_file)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def recently_synced(journal: SyncJournal) -> None:
    journal.record_sync(START - timedelta(hours=1), True, "synced before the test")


def test_the_nightly_sync_runs_on_its_own_thread_and_the_status_line_says_synced(
    qtbot: QtBot, branch: tuple[str, str], make_counter: Callable[..., Counter]
) -> None:
    url, code = branch
    counter = make_counter(url, code, before=recently_synced)
    sign_in(qtbot, counter)
    serve_withdrawal(qtbot, counter)
    syncer = counter.syncer
    qtbot.waitUntil(lambda: syncer.view.plan is not None)
    plan = syncer.view.plan
    assert plan is not None
    # Synced an hour ago: nothing at start; the next run is tonight at 02:00 plus the delay.
    assert (plan.reason, plan.at) == (PlanReason.NIGHTLY, datetime(2026, 12, 1, 2, 14, tzinfo=UTC))
    assert counter.line == "Head office: synced 08:00"
    assert hq_count(url, "service", code) == 0

    with qtbot.waitSignal(syncer.finished, timeout=30_000) as ran:
        counter.clock.set(plan.at)  # the timer looks every 20 ms
    report = ran.args[0]
    assert report.result is SyncResult.OK, report.error
    assert report.thread == THREAD_NAME != threading.current_thread().name
    assert hq_count(url, "service", code) == 1
    assert hq_count(url, "step_record", code) == journal_count(counter, "step_record") >= 6
    assert counter.journal().pending_count() == 0
    assert counter.line == "Head office: synced 02:14"
    nxt = syncer.view.plan
    assert nxt is not None
    assert nxt.at == datetime(2026, 12, 2, 2, 14, tzinfo=UTC)


def test_an_unreachable_head_office_never_holds_up_the_teller_and_nothing_is_lost(
    qtbot: QtBot,
    branch: tuple[str, str],
    silent_port: int,
    make_counter: Callable[..., Counter],
) -> None:
    _, code = branch
    url = f"postgresql://nobody@127.0.0.1:{silent_port}/counterdesk"
    counter = make_counter(url, code, start=False)
    syncer = counter.syncer
    # Never synced, and the sign-in is something to send: the program catches up at start.
    sign_in(qtbot, counter)
    counter.syncer.start()
    qtbot.waitUntil(lambda: syncer.view.running)
    assert counter.line == "Head office: syncing…"
    started = monotonic_time.monotonic()
    serve_withdrawal(qtbot, counter)  # while the sync hangs on its connection
    assert syncer.view.running, "the teller waited for head office"
    assert monotonic_time.monotonic() - started < 4

    with qtbot.waitSignal(syncer.finished, timeout=30_000) as ran:
        pass
    report = ran.args[0]
    assert report.result is SyncResult.FAILED
    assert counter.line == "Head office: sync failed 09:00, retry 09:01"
    plan = syncer.view.plan
    assert plan is not None
    assert (plan.reason, plan.at) == (
        PlanReason.RETRY,
        START + timedelta(minutes=1),
    )
    journal = counter.journal()
    last = journal.last_sync()
    assert last is not None
    assert not last.ok
    assert "cannot be reached" in last.message
    # Nothing lost: the service and its steps wait in the outbox for the next run.
    assert journal.pending_count() >= 8

    # A supervisor sees the error text: Ctrl+Shift+H, staff number and PIN, then the details.
    target = QApplication.focusWidget() or counter.teller
    qtbot.keyClick(target, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = counter.presenter.dialog
    assert isinstance(dialog, HeadOfficeDialog)
    assert not dialog.showing_details()
    qtbot.keyClicks(dialog.fields.staff_edit, "1001")  # a teller may not look
    qtbot.keyClicks(dialog.fields.pin_edit, "1234")
    qtbot.keyClick(dialog.fields.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error() != "")
    assert "cannot see head office sync" in dialog.error()
    assert not dialog.showing_details()
    dialog.fields.staff_edit.clear()
    qtbot.keyClicks(dialog.fields.staff_edit, "2001")
    qtbot.keyClicks(dialog.fields.pin_edit, "2468")
    qtbot.keyClick(dialog.fields.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.showing_details)
    assert "cannot be reached" in dialog.error_text.text()
    assert dialog.result_label.text() == "Failed"
    assert dialog.next_label.text() == "09:01 (retry after a failure)"
    # "Sync now" runs at once (and fails the same way), then the retry waits 2 minutes.
    with qtbot.waitSignal(syncer.finished, timeout=30_000):
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        assert not dialog.sync_button.isEnabled()
    plan = syncer.view.plan
    assert plan is not None
    assert plan.at == START + timedelta(minutes=2)
    assert counter.line == "Head office: sync failed 09:00, retry 09:02"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: counter.presenter.dialog is None)


def test_start_catches_up_when_the_last_success_is_older_than_a_day(
    qtbot: QtBot, branch: tuple[str, str], make_counter: Callable[..., Counter]
) -> None:
    url, code = branch

    def two_days_ago(journal: SyncJournal) -> None:
        journal.record_sync(START - timedelta(days=2), True, "synced two days ago")

    counter = make_counter(url, code, before=two_days_ago, start=False)
    sign_in(qtbot, counter)
    with qtbot.waitSignal(counter.syncer.finished, timeout=30_000) as ran:
        counter.syncer.start()
    report = ran.args[0]
    assert report.result is SyncResult.OK, report.error
    assert hq_count(url, "staff_session", code) == 1
    assert counter.line == "Head office: synced 09:00"
    plan = counter.syncer.view.plan
    assert plan is not None
    assert plan.reason is PlanReason.NIGHTLY


def test_a_sync_from_the_os_scheduler_running_at_the_same_time_is_left_alone(
    qtbot: QtBot, branch: tuple[str, str], make_counter: Callable[..., Counter]
) -> None:
    url, code = branch
    counter = make_counter(url, code, start=False)
    sign_in(qtbot, counter)
    # `counterdesk sync` from the OS scheduler holds the journal's sync lock.
    with (
        sync_lock(counter.station.config.journal_file),
        qtbot.waitSignal(counter.syncer.finished, timeout=30_000) as ran,
    ):
        counter.syncer.start()
    assert ran.args[0].result is SyncResult.BUSY
    assert counter.line == "Head office: another sync is running, checking again 09:05"
    assert counter.journal().last_sync() is None  # nothing noted as a failure
    # The teller was never concerned.
    state = counter.controller.state
    assert state is not None
    assert state.teller is not None


def test_closing_while_head_office_hangs_does_not_hold_up_the_close(
    qtbot: QtBot,
    branch: tuple[str, str],
    silent_port: int,
    make_counter: Callable[..., Counter],
) -> None:
    _, code = branch
    url = f"postgresql://nobody@127.0.0.1:{silent_port}/counterdesk"
    counter = make_counter(url, code, start=False)
    sign_in(qtbot, counter)
    counter.syncer.start()
    qtbot.waitUntil(lambda: counter.syncer.view.running)
    started = monotonic_time.monotonic()
    counter.syncer.stop()
    assert monotonic_time.monotonic() - started < 2.5
    # Nothing was lost: the journal still holds the sign-in to send.
    assert counter.journal().pending_count() >= 1


#: The real program (``run_station``) with ``[hq] url`` set and a journal last synced two days
#: ago: it catches up at start on its own thread and the teller's status line says so.
PROGRAM_CHILD = textwrap.dedent(
    """
    import json, sys, threading
    from datetime import timedelta
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station
    from counterdesk.app.station import Station
    from counterdesk.storage.sync_outbox import SyncJournal

    config = Config(data_dir=Path(sys.argv[1]), counter_number=2, branch_code=sys.argv[2],
                    hq_url=sys.argv[3])
    with Station.open(config) as station:
        SyncJournal(station.journal).record_sync(
            station.clock.now() - timedelta(days=2), True, "two days ago")
    out = {}

    def ready(running):
        def finished(report):
            out["result"] = report.result.value
            out["thread"] = report.thread
            out["gui_thread"] = threading.current_thread().name
            out["line"] = running.teller.status_bar.head_office.text()
            QApplication.instance().quit()

        running.head_office.finished.connect(finished)

    code = run_station(config, roles=("teller",), on_ready=ready)
    print(json.dumps({"code": code, **out}), flush=True)
    """
)


def test_the_program_catches_up_at_start_by_itself(tmp_path: Path, branch: tuple[str, str]) -> None:
    url, code = branch
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM_CHILD, str(tmp_path / "data"), code, url],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0
    assert report["result"] == "ok", result.stderr
    assert report["thread"] == THREAD_NAME != report["gui_thread"]
    assert report["line"].startswith("Head office: synced ")
    journal = SyncJournal(open_journal(tmp_path / "data" / "counterdesk.db", FixedClock(START)))
    last = journal.last_sync()
    assert last is not None
    assert last.ok
    assert last.message != "two days ago"
