"""The real program starts with its windows first and the queue work on the worker.

The windows show at once, saying they are connecting; connecting, recovery and every queue
read run on the worker; a clean exit closes every connection the process opened (checked in
PostgreSQL's ``pg_stat_activity`` while the process is still alive).
"""

from __future__ import annotations

import json
import os
import select
import socket
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk, build_kiosk
from counterdesk.app.config import Config
from counterdesk.app.station import Station, open_queue
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import SystemClock
from counterdesk.queue.postgres import PgAddress, PgListener, PostgresQueue
from counterdesk.services.day_close import DayClosing
from counterdesk.services.floor import DisplayFeed

ROOT = Path(__file__).resolve().parents[2]

#: Signs in and calls the next customer through the running program, looks at its own
#: connections in pg_stat_activity, quits; after the clean exit it waits (alive) for a line.
WORKING_CHILD = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    import psycopg2
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station
    from counterdesk.app.station import Station
    from counterdesk.core.staff import Role
    from counterdesk.storage.staff import StaffDirectory

    config = Config(data_dir=Path(sys.argv[1]), counter_number=2, queue_url=sys.argv[2])
    with Station.open(config) as station:
        StaffDirectory(station.journal, station.clock).add("1001", "Li Na", Role.TELLER, "1234")
    seen = {}

    def ours():
        probe = psycopg2.connect(sys.argv[2], application_name="probe")
        with probe.cursor() as cur:
            cur.execute("SELECT application_name FROM pg_stat_activity "
                        "WHERE application_name LIKE %s", (f"counterdesk/%/{os.getpid()}",))
            names = sorted(row[0] for row in cur.fetchall())
        probe.close()
        return names

    def ready(running):
        controller, teller = running.desk_controller, running.teller
        seen["connecting"] = teller.sign_in_page.notice()

        def follow(state):
            if state.teller is None and "signed_in" not in seen:
                seen["signed_in"] = False
                controller.sign_in("1001", "1234")
            elif state.teller is not None and state.current is None and "called" not in seen:
                seen["signed_in"] = True
                seen["called"] = None
                controller.call_next()
            elif state.current is not None and not seen.get("called"):
                seen["called"] = state.current.ticket.label
                seen["while_running"] = ours()
                QApplication.instance().quit()

        controller.state_changed.connect(follow)

    code = run_station(config, roles=("teller",), on_ready=ready)
    print(json.dumps({"pid": os.getpid(), "code": code, **seen}), flush=True)
    sys.stdin.readline()  # stay alive while the test looks at pg_stat_activity
    """
)

#: The teller station against a queue server that never answers: when is the window painted,
#: what does it say, and does the GUI thread keep running while the connect hangs?
UNREACHABLE_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    t0 = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    out, ticks = {}, []

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "painted_s" not in out:
                out["painted_s"] = time.perf_counter() - t0
                out["notice_at_paint"] = obj.sign_in_page.notice()
                out["status_at_paint"] = obj.status_bar.queue.text()
            return False

    spy = Painted()
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def ready(running):
        teller = running.teller
        teller.installEventFilter(spy)
        timer.start()

        def connection(ok):
            if ok or "offline_s" in out:
                return
            out["offline_s"] = time.perf_counter() - t0
            out["notice"] = teller.sign_in_page.notice()
            out["status"] = teller.status_bar.queue.text()
            gaps = [b - a for a, b in zip(ticks, ticks[1:])]
            out["ticks"], out["longest_gap_s"] = len(ticks), max(gaps, default=99.0)
            QApplication.instance().quit()

        running.desk_controller.queue_connection.connect(connection)

    config = Config(data_dir=Path(sys.argv[1]), counter_number=2, queue_url=sys.argv[2])
    code = run_station(config, roles=("teller",), on_ready=ready)
    print(json.dumps({"code": code, **out}), flush=True)
    """
)


#: The demo (SQLite, every role in one process, one queue object): the teller calls and the
#: lobby display of the same process shows the call.
DEMO_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    seen = {"shown": []}

    def ready(running):
        controller = running.desk_controller

        def follow(state):
            if state.teller is None and "signed_in" not in seen:
                seen["signed_in"] = False
                controller.sign_in("1001", "1234")
            elif state.teller is not None and state.current is None and "called" not in seen:
                seen["called"] = None
                controller.call_next()
            elif state.current is not None and not seen.get("called"):
                seen["called"] = state.current.ticket.label

        def shown(calls, announce):
            seen["shown"] += [call.ticket_label for call in calls if announce]
            if seen.get("called") in seen["shown"]:
                QApplication.instance().quit()

        controller.state_changed.connect(follow)
        running.display_controller.calls_arrived.connect(shown)
        QTimer.singleShot(20_000, QApplication.instance().quit)  # the test fails, not hangs

    # A queue file of its own: the journal's commits must not be what wakes the display.
    config = Config(data_dir=Path(sys.argv[1]), counter_number=2, voice=(),
                    queue_url="sqlite:///queue.db")
    code = run_station(config, demo=True, on_ready=ready)
    print(json.dumps({"code": code, **seen}), flush=True)
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def _connections_of(url: str, pid: int) -> list[str]:
    conn = psycopg2.connect(url, application_name="test-probe")
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE %s",
                (f"counterdesk/%/{pid}",),
            )
            return sorted(row[0] for row in cur.fetchall())
    finally:
        conn.close()


@dataclass
class HangingServer:
    """A "queue server" on 127.0.0.1 that takes connections and never answers."""

    url: str
    socket: socket.socket

    def was_contacted(self) -> bool:
        """Whether anyone connected (the kernel queued a connection for it)."""
        try:
            conn, _ = self.socket.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True


@pytest.fixture
def hanging_server() -> Iterator[HangingServer]:
    """A TCP port on 127.0.0.1 that accepts connections and never answers (psycopg2 hangs).

    Loopback only: "unreachable" never leaves this machine.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)  # the kernel completes the handshakes; nobody ever replies
        server.setblocking(False)
        port = server.getsockname()[1]
        yield HangingServer(f"postgresql://counterdesk@127.0.0.1:{port}/counterdesk", server)


@pytest.mark.slow
@pytest.mark.postgres
def test_the_teller_station_works_and_leaves_no_connection_after_a_clean_exit(
    qtbot: QtBot, pg_url: str, tmp_path: Path, catalogue: Catalogue
) -> None:
    queue = PostgresQueue(pg_url, catalogue, SystemClock())
    label = queue.issue("DEP").label
    queue.close()
    with subprocess.Popen(
        [sys.executable, "-c", WORKING_CHILD, str(tmp_path), pg_url],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env(), cwd=ROOT,
    ) as child:  # fmt: skip
        assert child.stdin is not None
        assert child.stdout is not None
        try:
            readable, _, _ = select.select([child.stdout], [], [], 60)
            assert readable, "the program did not finish its work and exit"
            result: dict[str, Any] = json.loads(child.stdout.readline())
            pid = result["pid"]
            assert result["code"] == 0
            assert result["connecting"] == "Connecting to the queue…"
            assert result["signed_in"] is True
            assert result["called"] == label
            # The queue (desk) and the LISTEN connection, each named for staff to see.
            assert result["while_running"] == [f"counterdesk/listen/{pid}",
                                               f"counterdesk/queue/{pid}"]  # fmt: skip
            # The process is still alive: only a clean close ends its sessions.
            qtbot.waitUntil(lambda: _connections_of(pg_url, pid) == [], timeout=5000)
            assert child.poll() is None, "checked while the program still runs"
        finally:
            child.stdin.write("\n")
            child.stdin.close()
            child.wait(timeout=30)


@pytest.mark.slow
def test_with_an_unreachable_queue_the_window_shows_at_once_saying_it_is_connecting(
    hanging_server: HangingServer, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", UNREACHABLE_CHILD, str(tmp_path), hanging_server.url],
        capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # Painted while the connect still hung (it gives up after 3 s): the window did not wait for
    # the queue. Not a time limit: how fast the paint is, bench/startup.py measures.
    assert result["painted_s"] < result["offline_s"], "the window waited for the queue"
    assert result["notice_at_paint"] == "Connecting to the queue…"
    assert result["status_at_paint"] == "Connecting to the queue…"
    # The connect hangs until its timeout (3 s); then the window says it keeps trying.
    assert result["offline_s"] > 2.0
    assert result["notice"] == result["status"] == "Queue offline — reconnecting…"
    assert result["longest_gap_s"] < 0.5, "the GUI thread froze while the connect hung"


def test_a_terminal_gets_its_id_at_first_start_and_keeps_it(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path)
    with Station.open(config):
        pass
    with sqlite3.connect(config.journal_file) as journal:
        [(made,)] = journal.execute("SELECT value FROM sync_state WHERE key = 'terminal_id'")
    journal.close()
    for _ in range(2):
        with Station.open(config) as station:
            assert station.terminal_id == made


def test_building_the_program_does_no_queue_io(
    qtbot: QtBot, hanging_server: HangingServer, tmp_path: Path
) -> None:
    from counterdesk.ui.display.controller import DisplayController
    from counterdesk.ui.kiosk.controller import KioskController
    from counterdesk.ui.tasks import TaskRunner
    from counterdesk.ui.teller.controller import DeskController
    from counterdesk.ui.teller.window import TellerWindow
    from counterdesk.ui.watch import NotifyWatcher, PollingWatcher

    queue_file = tmp_path / "queue.db"
    for url in (hanging_server.url, f"sqlite:///{queue_file}"):
        config = Config(data_dir=tmp_path, counter_number=2, queue_url=url)
        runner = TaskRunner()
        with Station.open(config) as station:
            queue = open_queue(config, station)
            desk = build_desk(station, queue=queue)
            kiosk = build_kiosk(station, queue=queue, local_zone=UTC)
            DisplayFeed(queue)
            DayClosing(queue, time(23, 0))
            watcher = (
                NotifyWatcher(PgListener(PgAddress.parse(url)), runner)
                if config.queue_file is None
                else PollingWatcher(open_queue(config, station), runner)
            )
            DeskController(desk, runner, station.clock, watcher=watcher)
            KioskController(kiosk, runner, None, watcher)
            DisplayController(DisplayFeed(queue), runner, watcher)
            window = TellerWindow(station.catalogue, 2, [1, 2, 3], "en", station.clock.now)
            window.close()
        runner.shutdown()
        assert runner.idle, "nothing was sent to the worker"
    assert not hanging_server.was_contacted(), "building connected to the queue server"
    assert not queue_file.exists(), "building touched the SQLite queue file"


@pytest.mark.slow
def test_in_the_demo_the_display_shows_the_call_of_the_teller_in_the_same_process(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", DEMO_CHILD, str(tmp_path)],
        capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["called"], "the teller called nobody"
    assert result["called"] in result["shown"], "the display missed the call"


def test_a_damaged_business_type_cache_starts_with_the_shipped_types(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    from counterdesk.core.clock import FixedClock
    from counterdesk.storage.db import open_journal
    from counterdesk.storage.reference import KIND_BUSINESS_TYPE, CachedItem, apply_release

    clock = FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    journal = open_journal(tmp_path / "counterdesk.db", clock)
    # Written past the pull's checks: a letter that clashes with the shipped withdrawal's.
    entry = {
        "code": "GOLD",
        "prefix": "B",
        "name_en": "Gold",
        "name_zh": "金",
        "target_seconds": 60,
    }
    item = CachedItem(KIND_BUSINESS_TYPE, "GOLD", 1, {"entry": entry, "retired": False})
    assert apply_release(journal, clock, 1, [item], [])
    journal.close()

    with Station.open(Config(data_dir=tmp_path, counter_number=3), clock) as station:
        assert station.catalogue.codes == catalogue.codes
