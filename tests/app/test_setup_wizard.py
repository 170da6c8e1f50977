"""The set-up wizard on a real offscreen QWizard, driven with keys and clicks to a written config.

Its hooks are the program's own (``app/setup.py``): the loader checks each page, the queue
probe connects for real (a SQLite queue file, the PostgreSQL server), the test slip goes
through the kiosk's printer code into a file, and Finish writes through ``config set``'s writer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from counterdesk.app.cli import main
from counterdesk.app.config import Config, load_config
from counterdesk.app.config_file import file_problems
from counterdesk.app.setup import build_wizard, run_setup
from counterdesk.core.clock import FixedClock
from counterdesk.core.procedures import load_catalogue
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.ui.setup.wizard import SetupWizard

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT = "postgresql://postgres@127.0.0.1:1/branch"
# The screen numbers stay on top of everything; the offscreen platform cannot raise a window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def wizard(qtbot: QtBot, tmp_path: Path) -> SetupWizard:
    config = Config(data_dir=tmp_path / "data")
    made = build_wizard(config, tmp_path / "config.toml")
    qtbot.addWidget(made)
    with qtbot.waitExposed(made):
        made.show()
    return made


def _next(qtbot: QtBot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _retype(qtbot: QtBot, widget: object, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def _sqlite_queue(path: Path) -> Path:
    catalogue = load_catalogue(ROOT / "resources" / "business_types.toml")
    queue = SqliteQueue(path, catalogue, FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC)))
    queue.open()
    queue.close()
    return path


def _test_connection(qtbot: QtBot, wizard: SetupWizard, url: str) -> tuple[bool, str]:
    page = wizard.queue_page
    _retype(qtbot, page.url, url)
    with qtbot.waitSignal(page.probe_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(page.test, Qt.MouseButton.LeftButton)
    usable, text = blocker.args
    assert page.result.text().endswith(text)
    return usable, text


def test_a_teller_is_set_up_with_keys_and_clicks_and_config_check_accepts_the_file(
    qtbot: QtBot, wizard: SetupWizard, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "config.toml"
    queue_file = _sqlite_queue(tmp_path / "branch-queue.db")
    # Role: the first field has the focus; the arrow keys move between the roles.
    assert wizard.currentId() == SetupWizard.ROLE
    assert wizard.focusWidget() is wizard.role_page.buttons["teller"]
    _next(qtbot, wizard)

    # Branch: a code the loader refuses keeps the wizard on the page, saying why.
    page = wizard.branch_page
    assert wizard.currentId() == SetupWizard.BRANCH
    assert wizard.focusWidget() is page.code
    _retype(qtbot, page.code, "BJ 01")
    _next(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.BRANCH
    assert page.problem.isVisible()
    assert "branch.code" in page.problem.text()
    _retype(qtbot, page.code, "BJ0101")
    qtbot.keyClick(page.code, Qt.Key.Key_Tab)
    _retype(qtbot, page.name, "Chaoyang Sub-branch ")
    page.name.insert("朝阳支行")  # as an input method commits it (QTest types ASCII only)
    _next(qtbot, wizard)

    # Counter: number 3, serving deposits and withdrawals (space ticks the current type).
    counter = wizard.counter_page
    assert wizard.currentId() == SetupWizard.COUNTER
    assert wizard.focusWidget() is counter.number
    _retype(qtbot, counter.number, "3")
    counter.types.setFocus()
    for row in (0, 1):
        counter.types.setCurrentRow(row)
        qtbot.keyClick(counter.types, Qt.Key.Key_Space)
    assert counter.serves() == ["DEP", "WDR"]
    _next(qtbot, wizard)

    # Queue: a shared SQLite file, tried for real before Next.
    assert wizard.currentId() == SetupWizard.QUEUE
    assert wizard.focusWidget() is wizard.queue_page.url
    usable, text = _test_connection(qtbot, wizard, "sqlite:///" + str(tmp_path / "nothing.db"))
    assert usable
    assert "no queue yet" in text
    (tmp_path / "garbage.db").write_bytes(b"not a database" * 20)
    usable, text = _test_connection(qtbot, wizard, f"sqlite:///{tmp_path / 'garbage.db'}")
    assert not usable
    assert "not a SQLite database" in text
    usable, text = _test_connection(qtbot, wizard, f"sqlite:///{queue_file}")
    assert usable
    assert "queue schema version" in text
    _next(qtbot, wizard)

    # Head office: no sync; a bad time is refused first.
    hq = wizard.hq_page
    assert wizard.focusWidget() is hq.url
    _retype(qtbot, hq.sync_at, "2561")
    _next(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.HQ
    assert "hq.sync_at" in hq.problem.text()
    _retype(qtbot, hq.sync_at, "0130")
    _next(qtbot, wizard)

    # Screens: each screen shows its number in a frameless window while this page is open.
    screens = wizard.screens_page
    assert wizard.currentId() == SetupWizard.SCREENS
    assert [m.number.text() for m in screens.markers] == [
        str(n + 1) for n in range(len(QGuiApplication.screens()))
    ]
    assert all(m.isVisible() for m in screens.markers)
    assert all(m.windowFlags() & Qt.WindowType.FramelessWindowHint for m in screens.markers)
    qtbot.keyClick(screens.choice, Qt.Key.Key_Down)
    primary = QGuiApplication.primaryScreen()
    assert primary is not None
    _next(qtbot, wizard)
    assert screens.markers == []

    # A teller has no ticket printer: straight to language and voice.
    language = wizard.language_page
    assert wizard.currentId() == SetupWizard.LANGUAGE
    assert wizard.focusWidget() is language.language
    qtbot.keyClick(language.language, Qt.Key.Key_Down)
    assert language.language.currentData() == "zh_CN"
    language.voices["en"].setFocus()
    qtbot.keyClick(language.voices["en"], Qt.Key.Key_Space)
    _next(qtbot, wizard)

    assert wizard.currentId() == SetupWizard.SUMMARY
    assert not target.exists()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.saved

    assert file_problems(target) == []
    assert main(["--config", str(target), "config", "check"]) == 0
    assert capsys.readouterr().out == f"{target}: ok\n"
    written = load_config(target)
    assert (written.role, written.branch_code, written.branch_name) == (
        "teller", "BJ0101", "Chaoyang Sub-branch 朝阳支行",
    )  # fmt: skip
    assert (written.counter_number, written.serves) == (3, ("DEP", "WDR"))
    assert written.queue_url == f"sqlite:///{queue_file}"
    assert (written.hq_url, f"{written.sync_at:%H:%M}") == ("", "01:30")
    assert written.customer_screen == primary.name()
    assert (written.language, written.voice) == ("zh_CN", ("zh_CN",))
    assert written.printer == "none"  # the kiosk's page was not visited: not written
    assert "printer" not in target.read_text(encoding="utf-8")


def test_a_kiosk_gets_the_printer_page_and_prints_a_test_slip(
    qtbot: QtBot, wizard: SetupWizard, tmp_path: Path
) -> None:
    slip = tmp_path / "slip.bin"
    qtbot.keyClick(wizard.role_page.buttons["teller"], Qt.Key.Key_Down)
    assert wizard.role_page.role() == "kiosk"
    for _ in range(5):  # to branch, queue, head office, screens, printer: no counter page
        _next(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.PRINTER
    page = wizard.printer_page
    assert wizard.focusWidget() is page.spec
    page.spec.setCurrentText("escpos-file://relative/slip.bin")
    with qtbot.waitSignal(page.print_finished) as refused:
        qtbot.mouseClick(page.test, Qt.MouseButton.LeftButton)
    assert refused.args[0] is False
    assert "absolute path" in refused.args[1]
    page.spec.setCurrentText(f"escpos-file://{slip}")
    with qtbot.waitSignal(page.print_finished, timeout=10_000) as printed:
        qtbot.mouseClick(page.test, Qt.MouseButton.LeftButton)
    assert printed.args[0] is True, printed.args[1]
    data = slip.read_bytes()
    assert "测试 TEST".encode("gb18030") in data
    assert data.endswith(b"\x1dVA\x00") or b"\x1dV" in data  # the paper is cut
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    written = load_config(tmp_path / "config.toml")
    assert (written.role, written.printer) == ("kiosk", f"escpos-file://{slip}")
    assert "counter" not in (tmp_path / "config.toml").read_text(encoding="utf-8")


def test_a_managers_desk_skips_the_counter_and_printer_pages(
    qtbot: QtBot, wizard: SetupWizard, tmp_path: Path
) -> None:
    for _ in range(3):  # teller, kiosk, display, manager
        qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Down)
    assert wizard.role_page.role() == "manager"
    for _ in range(4):  # to branch, queue, head office, screens: no counter or printer page
        _next(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.SCREENS
    _next(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.LANGUAGE
    _next(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.SUMMARY
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    written = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert load_config(tmp_path / "config.toml").role == "manager"
    assert "counter" not in written
    assert "printer" not in written


def test_escape_cancels_and_writes_nothing(
    qtbot: QtBot, wizard: SetupWizard, tmp_path: Path
) -> None:
    _next(qtbot, wizard)
    _retype(qtbot, wizard.branch_page.code, "BJ0202")
    _next(qtbot, wizard)
    qtbot.keyClick(wizard.counter_page.number, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert not wizard.saved
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_cancel_leaves_an_existing_file_byte_for_byte(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text("# counter 7, set by IT\n[counter]\nnumber = 7\n", encoding="utf-8")
    before = target.read_bytes()
    wizard = build_wizard(load_config(target), target)
    qtbot.addWidget(wizard)
    with qtbot.waitExposed(wizard):
        wizard.show()
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    assert wizard.counter_page.number.value() == 7  # opens with the file's values
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert target.read_bytes() == before


@pytest.mark.postgres
def test_test_connection_against_the_postgresql_queue(
    qtbot: QtBot, wizard: SetupWizard, pg_database: str, pg_empty_database: str
) -> None:
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    assert wizard.currentId() == SetupWizard.QUEUE
    usable, text = _test_connection(qtbot, wizard, pg_database)
    assert usable, text
    assert "queue schema version" in text
    usable, text = _test_connection(qtbot, wizard, pg_empty_database)
    assert not usable
    assert "holds no queue" in text
    usable, text = _test_connection(qtbot, wizard, CLOSED_PORT)
    assert not usable
    assert text.startswith("Could not connect: postgresql://postgres@127.0.0.1:1/branch")
    # Not even tried: the loader refuses the address (a port out of range).
    usable, text = _test_connection(qtbot, wizard, "postgresql://postgres@127.0.0.1:99999/q")
    assert not usable
    assert "Port out of range" in text


def test_every_page_renders_in_english_and_chinese(qapp: QApplication, tmp_path: Path) -> None:
    from counterdesk.app.screenshots import setup_screenshots

    for language in ("en", "zh_CN"):
        written = setup_screenshots(tmp_path, language)
        assert [p.name for p in written] == [
            f"setup-{name}.{language}.png"
            for name in ("role", "branch", "counter", "queue", "hq", "screens", "printer",
                         "language", "summary", "screen-number")
        ]  # fmt: skip
        pages = [QImage(str(p)) for p in written[:-1]]
        assert all(page.size() == pages[0].size() for page in pages)
        assert len({p.read_bytes() for p in written}) == len(written)  # each shows its own
        number = QImage(str(written[-1]))
        assert number.pixelColor(2, 2).name() == "#0b3d91"  # the screen's number, on blue


def _drive_to_finish(wizard: SetupWizard) -> None:
    """Press Next on every page as it stands, then Finish (the wizard runs in its own exec())."""

    def step() -> None:
        if wizard.currentId() == SetupWizard.SUMMARY:
            wizard.button(QWizard.WizardButton.FinishButton).click()
        else:
            wizard.button(QWizard.WizardButton.NextButton).click()
            QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)


def test_counterdesk_setup_runs_the_wizard_to_a_file_the_program_reads(
    qapp: QApplication, tmp_path: Path
) -> None:
    target = tmp_path / "new folder" / "config.toml"
    assert run_setup(Config(data_dir=tmp_path / "data"), target, on_ready=_drive_to_finish)
    assert file_problems(target) == []
    assert load_config(target).role == "teller"
    assert sorted(p.name for p in target.parent.iterdir()) == ["config.toml"]


def test_counterdesk_setup_cancelled_writes_nothing(qapp: QApplication, tmp_path: Path) -> None:
    target = tmp_path / "config.toml"

    def cancel(wizard: SetupWizard) -> None:
        QTimer.singleShot(0, wizard.reject)

    assert not run_setup(Config(data_dir=tmp_path / "data"), target, on_ready=cancel)
    assert list(tmp_path.iterdir()) == []
