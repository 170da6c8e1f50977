"""The crash handler: uncaught errors logged as CRITICAL with their traceback, and announced."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning
from pytestqt.qtbot import QtBot

from counterdesk.ui.crash import EXIT_CRASHED, Crash, CrashHandler, CrashPageHold
from counterdesk.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]
LOG = Path("/srv/counterdesk/logs/counterdesk.log")

# pytest-qt captures exceptions in slots itself (and fails the test); these tests are about
# the program's own capture, so they switch pytest-qt's off.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def handler(qtbot: QtBot) -> Iterator[CrashHandler]:
    before = (sys.excepthook, threading.excepthook)
    made = CrashHandler(LOG)
    made.install()
    yield made
    made.uninstall()
    assert (sys.excepthook, threading.excepthook) == before, "hooks not restored"


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.shutdown()


def critical_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno == logging.CRITICAL]


def traceback_text(record: logging.LogRecord) -> str:
    assert record.exc_info is not None, "logged without its traceback"
    return logging.Formatter().formatException(record.exc_info)


def slot_that_fails() -> None:
    raise ValueError("the till drawer is jammed")


def test_an_error_in_a_slot_is_logged_critical_with_its_traceback_and_announced(
    qtbot: QtBot, handler: CrashHandler, caplog: pytest.LogCaptureFixture
) -> None:
    with qtbot.waitSignal(handler.crashed) as crashed:
        QTimer.singleShot(0, slot_that_fails)
    crash = crashed.args[0]
    assert isinstance(crash, Crash)
    assert crash.summary == "ValueError: the till drawer is jammed"
    assert crash.log_path == LOG
    [record] = critical_records(caplog)
    text = traceback_text(record)
    assert "slot_that_fails" in text
    assert "the till drawer is jammed" in text


def test_a_window_failing_to_show_an_error_does_not_loop(
    qtbot: QtBot, handler: CrashHandler, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[Crash] = []

    def broken_window(crash: Crash) -> None:
        shown.append(crash)
        raise AttributeError("no crash page here")

    handler.crashed.connect(broken_window)
    with qtbot.waitSignal(handler.crashed):
        QTimer.singleShot(0, slot_that_fails)
    assert len(shown) == 1
    first, second = critical_records(caplog)
    assert "slot_that_fails" in traceback_text(first)
    assert "while showing an earlier one" in second.getMessage()
    assert "no crash page here" in traceback_text(second)


def test_an_error_in_a_task_callback_is_reported_and_the_runner_goes_on(
    qtbot: QtBot, handler: CrashHandler, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def show_result(value: int) -> None:
        raise KeyError(value)

    with qtbot.waitSignal(handler.crashed) as crashed:
        runner.run(lambda: 7, show_result)
    assert crashed.args[0].summary == "KeyError: 7"
    text = traceback_text(critical_records(caplog)[0])
    assert "show_result" in text
    assert "done callback" in text
    # The runner is not stuck: the next task comes back as usual.
    results: list[int] = []
    with qtbot.waitSignal(runner.idle_changed, check_params_cb=lambda idle: idle):
        runner.run(lambda: 8, results.append)
    assert results == [8]
    assert runner.idle


def test_a_failing_task_without_a_failed_callback_is_reported(
    qtbot: QtBot, handler: CrashHandler, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def read_the_queue() -> None:
        raise OSError("queue file vanished")

    with qtbot.waitSignal(handler.crashed) as crashed:
        runner.run(read_the_queue, lambda _: None)
    assert crashed.args[0].summary == "OSError: queue file vanished"
    text = traceback_text(critical_records(caplog)[0])
    assert "read_the_queue" in text
    assert "no failed callback" in text


def test_an_error_in_a_failed_callback_is_reported(
    qtbot: QtBot, handler: CrashHandler, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse() -> None:
        raise LookupError("no such ticket")

    def explain(error: BaseException) -> None:
        raise RuntimeError(f"cannot word {error!r}")

    with qtbot.waitSignal(handler.crashed):
        runner.run(refuse, lambda _: None, explain)
    assert "failed callback" in traceback_text(critical_records(caplog)[0])


def test_an_error_in_a_thread_is_announced_on_the_gui_thread(
    qtbot: QtBot, handler: CrashHandler, caplog: pytest.LogCaptureFixture
) -> None:
    gui = threading.get_ident()
    seen_on: list[int] = []
    handler.crashed.connect(lambda _: seen_on.append(threading.get_ident()))
    worker = threading.Thread(target=slot_that_fails, name="printer-spooler")
    with qtbot.waitSignal(handler.crashed):
        worker.start()
        worker.join()
    assert seen_on == [gui]
    [record] = critical_records(caplog)
    assert "printer-spooler" in record.getMessage()
    assert "slot_that_fails" in traceback_text(record)


def test_qt_warnings_go_into_the_log(
    handler: CrashHandler, caplog: pytest.LogCaptureFixture
) -> None:
    qWarning("QPainter::begin: Paint device returned engine == 0")
    [record] = [r for r in caplog.records if r.name.startswith("qt")]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "QPainter::begin: Paint device returned engine == 0"


FATAL_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, qFatal
    from counterdesk.app.logs import setup_logging
    from counterdesk.ui.crash import CrashHandler

    path = setup_logging(Path(sys.argv[1]))
    app = QCoreApplication([])
    CrashHandler(path).install()
    qFatal("the event dispatcher is gone")
    """
)


def test_a_fatal_qt_message_is_logged_and_the_program_exits_non_zero(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", FATAL_CHILD, str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == EXIT_CRASHED, result.stderr
    log_text = (tmp_path / "logs" / "counterdesk.log").read_text(encoding="utf-8")
    assert "CRITICAL" in log_text
    assert "the event dispatcher is gone" in log_text


def test_the_page_holds_then_gives_way_to_the_next_good_state(qtbot: QtBot) -> None:
    shown: list[str] = []
    hold = CrashPageHold(lambda: shown.append("page"), lambda: shown.append("cleared"), hold_ms=50)
    hold.good_state()
    assert shown == [], "a state without a crash clears nothing"
    hold.crashed()
    hold.good_state()
    assert shown == ["page"], "a state during the hold must not clear the page at once"
    qtbot.waitUntil(lambda: shown == ["page", "cleared"])
    hold.crashed()
    qtbot.waitUntil(lambda: not hold._hold.isActive())
    assert shown[-1] == "page", "without a good state the page stays"
    hold.good_state()
    assert shown[-1] == "cleared"
