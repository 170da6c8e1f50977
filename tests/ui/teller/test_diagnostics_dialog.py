"""The teller's "About and diagnostics" dialog: Ctrl+Shift+D opens it, Escape closes it."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.app.config import Config
from counterdesk.app.doctor import dialog_source
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.diagnostics import Finding, Status
from counterdesk.ui.diagnostics import (
    SHORTCUT,
    DiagnosticsDialog,
    DiagnosticsSource,
    attach_diagnostics,
)
from counterdesk.ui.teller.window import TellerWindow

CLOSED_PORT = "postgresql://postgres@127.0.0.1:1/branch"
SHOTS = os.environ.get("COUNTERDESK_SHOTS", "")


def _teller(qtbot: QtBot, catalogue: Catalogue, clock: FixedClock, config: Config) -> TellerWindow:
    window = TellerWindow(catalogue, 3, [1, 2, 3], "en", clock.now)
    qtbot.addWidget(window)
    attach_diagnostics(window, dialog_source(config, clock), "en")
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    return window


def _open(qtbot: QtBot, window: QWidget) -> DiagnosticsDialog:
    target = QApplication.focusWidget() or window
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(target, Qt.Key.Key_D, mods)
    qtbot.waitUntil(lambda: window.findChild(DiagnosticsDialog) is not None)
    dialog = window.findChild(DiagnosticsDialog)
    assert dialog is not None
    return dialog


def _cell(dialog: DiagnosticsDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def test_ctrl_shift_d_shows_every_check_off_the_gui_thread_and_escape_closes(
    qtbot: QtBot, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    assert SHORTCUT == "Ctrl+Shift+D"
    # A queue that cannot be reached: its line says so and what to do.
    config = Config(data_dir=tmp_path)
    Station.open(config).close()
    config = replace(config, queue_url=CLOSED_PORT)
    window = _teller(qtbot, catalogue, clock, config)
    dialog = _open(qtbot, window)
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        pass
    assert dialog.isVisible()
    keys = [f.key for f in dialog.findings]
    assert keys == ["config", "journal", "queue", "clock", "hq", "sync", "screens", "printer",
                    "speech", "sound", "font", "versions"]  # fmt: skip
    assert dialog.table.rowCount() == len(keys)
    queue_row = keys.index("queue")
    assert _cell(dialog, queue_row, 0) == "✗"
    assert "cannot reach the queue" in _cell(dialog, queue_row, 2)
    assert "→ check that the queue server is on" in _cell(dialog, queue_row, 2)
    assert _cell(dialog, keys.index("journal"), 0) == "✓"
    state = dialog.findChild(QLabel, "diagnosticsState")
    assert state is not None
    assert "1 failed" in state.text()
    report = dialog.report_text()
    assert report.splitlines()[0].startswith("counterdesk ")
    assert "✗ Queue: cannot reach the queue" in report
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "diagnostics.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.isVisible()


def test_check_again_runs_the_checks_anew(
    qtbot: QtBot, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    config = Config(data_dir=tmp_path)
    window = _teller(qtbot, catalogue, clock, config)
    dialog = _open(qtbot, window)
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        pass
    journal = next(f for f in dialog.findings if f.key == "journal")
    assert journal.status is Status.WARNING  # no journal yet
    Station.open(config).close()
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        qtbot.mouseClick(dialog.again, Qt.MouseButton.LeftButton)
    journal = next(f for f in dialog.findings if f.key == "journal")
    assert journal.status is Status.OK


def test_the_checks_that_wait_for_the_network_run_off_the_gui_thread(qtbot: QtBot) -> None:
    threads: dict[str, threading.Thread] = {}

    def background() -> list[Finding]:
        threads["background"] = threading.current_thread()
        return []

    def finish(found: list[Finding]) -> list[Finding]:
        threads["finish"] = threading.current_thread()
        return found

    window = QWidget()
    qtbot.addWidget(window)
    attach_diagnostics(window, DiagnosticsSource(background, finish), "en")
    with qtbot.waitExposed(window):
        window.show()
    dialog = _open(qtbot, window)
    with qtbot.waitSignal(dialog.checked):
        pass
    assert threads["background"] is not threading.main_thread()
    assert threads["finish"] is threading.main_thread()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
