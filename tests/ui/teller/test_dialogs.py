"""The teller's dialogs and the sign-in page: what they return, when OK is allowed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.queue.base import CounterMode, CounterStatus
from counterdesk.ui.teller.dialogs.authorisation import AuthorisationDialog
from counterdesk.ui.teller.dialogs.finish_override import FinishOverrideDialog
from counterdesk.ui.teller.dialogs.pause import PauseDialog
from counterdesk.ui.teller.dialogs.switch_type import SwitchTypeDialog
from counterdesk.ui.teller.dialogs.transfer import TransferDialog
from counterdesk.ui.teller.sign_in import SignInPage

# The offscreen platform warns whenever a top-level window with a layout is shown.

REASONS = [
    ("lunch", "Lunch"),
    ("meeting", "Meeting"),
    ("cash_replenishment", "Cash replenishment"),
    ("training", "Training"),
    ("other", "Other"),
]
TYPES = [("DEP", "Cash deposit"), ("WDR", "Cash withdrawal"), ("FX", "Foreign exchange")]


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def on_indicator(button: QRadioButton) -> QPoint:
    """Where a teller clicks a radio button (its centre may lie past the end of its text)."""
    return QPoint(8, button.height() // 2)


def field(widget: QWidget, name: str) -> QLineEdit:
    found = widget.findChild(QLineEdit, name)
    assert isinstance(found, QLineEdit), name
    return found


# -- authorisation ----------------------------------------------------------------------------


@pytest.fixture
def auth(qtbot: QtBot) -> AuthorisationDialog:
    dialog = AuthorisationDialog("Supervisor authorisation for deposits over 50,000.00")
    shown(qtbot, dialog)
    return dialog


def test_authorisation_shows_the_step_and_masks_the_pin(auth: AuthorisationDialog) -> None:
    assert auth.step_label.text() == "Supervisor authorisation for deposits over 50,000.00"
    assert field(auth, "pin").echoMode() is QLineEdit.EchoMode.Password
    assert field(auth, "staffNumber").echoMode() is QLineEdit.EchoMode.Normal


def test_authorisation_ok_disabled_until_both_fields(
    qtbot: QtBot, auth: AuthorisationDialog
) -> None:
    assert not auth.ok_button.isEnabled()
    qtbot.keyClicks(field(auth, "staffNumber"), "S012")
    assert not auth.ok_button.isEnabled()
    qtbot.keyClicks(field(auth, "pin"), "4321")
    assert auth.ok_button.isEnabled()


def test_pin_takes_digits_only(qtbot: QtBot, auth: AuthorisationDialog) -> None:
    qtbot.keyClicks(field(auth, "pin"), "12a3-4")
    assert field(auth, "pin").text() == "1234"


def test_authorisation_ok_emits_once_and_keeps_the_dialog_open(
    qtbot: QtBot, auth: AuthorisationDialog
) -> None:
    qtbot.keyClicks(field(auth, "staffNumber"), " S012")
    qtbot.keyClicks(field(auth, "pin"), "4321")
    received: list[tuple[str, str]] = []
    auth.submitted.connect(lambda staff, pin: received.append((staff, pin)))
    with qtbot.waitSignal(auth.submitted):
        qtbot.keyClick(field(auth, "pin"), Qt.Key.Key_Return)
    assert received == [("S012", "4321")]
    assert auth.credentials() == ("S012", "4321")
    assert auth.isVisible()
    assert auth.result() == 0


def test_authorisation_busy_then_error(qtbot: QtBot, auth: AuthorisationDialog) -> None:
    qtbot.keyClicks(field(auth, "staffNumber"), "S012")
    qtbot.keyClicks(field(auth, "pin"), "4321")
    auth.busy(True)
    assert not field(auth, "pin").isEnabled()
    assert not auth.ok_button.isEnabled()
    with qtbot.assertNotEmitted(auth.submitted):
        auth.ok_button.click()
    auth.show_error("Wrong PIN")
    assert auth.error() == "Wrong PIN"
    assert field(auth, "pin").isEnabled()
    assert field(auth, "pin").text() == ""
    assert field(auth, "staffNumber").text() == "S012"
    assert auth.isVisible()


def test_escape_cancels(qtbot: QtBot, auth: AuthorisationDialog) -> None:
    with qtbot.waitSignal(auth.rejected):
        qtbot.keyClick(field(auth, "staffNumber"), Qt.Key.Key_Escape)
    assert auth.result() == QDialog.DialogCode.Rejected


# -- finish override --------------------------------------------------------------------------


def test_finish_override_lists_steps_and_needs_every_field(qtbot: QtBot) -> None:
    dialog = FinishOverrideDialog(["Customer signs the receipt", "Return the ID document"])
    shown(qtbot, dialog)
    listed = [dialog.steps_list.item(i).text() for i in range(dialog.steps_list.count())]
    assert listed == ["Customer signs the receipt", "Return the ID document"]
    assert field(dialog, "pin").echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(field(dialog, "overrideReason"), "   ")
    qtbot.keyClicks(field(dialog, "staffNumber"), "S012")
    qtbot.keyClicks(field(dialog, "pin"), "4321")
    assert not dialog.ok_button.isEnabled()  # a blank reason is no reason
    qtbot.keyClicks(field(dialog, "overrideReason"), "Customer left in a hurry")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.submitted) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["Customer left in a hurry", "S012", "4321"]
    assert dialog.isVisible()
    dialog.show_error("S012 is not a supervisor")
    assert dialog.error() == "S012 is not a supervisor"
    assert field(dialog, "pin").text() == ""


# -- pause ------------------------------------------------------------------------------------


def test_pause_returns_the_chosen_key(qtbot: QtBot) -> None:
    dialog = PauseDialog(REASONS)
    shown(qtbot, dialog)
    assert not dialog.ok_button.isEnabled()
    meeting = dialog.findChild(QRadioButton, "reason_meeting")
    assert isinstance(meeting, QRadioButton)
    qtbot.mouseClick(meeting, Qt.MouseButton.LeftButton, pos=on_indicator(meeting))
    assert dialog.reason() == "meeting"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_pause_other_needs_words(qtbot: QtBot) -> None:
    dialog = PauseDialog(REASONS)
    shown(qtbot, dialog)
    other = dialog.findChild(QRadioButton, "reason_other")
    assert isinstance(other, QRadioButton)
    assert not field(dialog, "otherReason").isEnabled()
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton, pos=on_indicator(other))
    assert field(dialog, "otherReason").isEnabled()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(field(dialog, "otherReason"), "Printer jam ")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason() == "Printer jam"


# -- transfer ---------------------------------------------------------------------------------


def test_transfer_ok_disabled_until_something_is_chosen(qtbot: QtBot) -> None:
    dialog = TransferDialog(TYPES, [_counter(n) for n in (1, 2, 5)], "DEP")
    shown(qtbot, dialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.choice() == (None, None)
    dialog.counter_combo.setCurrentIndex(dialog.counter_combo.findData(5))
    assert dialog.ok_button.isEnabled()
    assert dialog.choice() == (None, 5)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("WDR"))
    assert dialog.choice() == ("WDR", 5)
    dialog.counter_combo.setCurrentIndex(0)
    assert dialog.choice() == ("WDR", None)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.type_combo, Qt.Key.Key_Return)


def _counter(number: int, *serves: str, mode: CounterMode = CounterMode.OPEN,
             responding: bool = True) -> CounterStatus:  # fmt: skip
    return CounterStatus(
        counter=number, mode=mode, reason="", ticket_label=None,
        updated_at=datetime(2026, 11, 30, 9, 0, tzinfo=UTC), serves=serves, responding=responding,
    )  # fmt: skip


#: Counter 1 serves deposits and withdrawals, 2 foreign exchange, 4 crashed (no heartbeat), 5
#: closed, 6 is paused and serves everything.
COUNTERS = [
    _counter(1, "DEP", "WDR"),
    _counter(2, "FX"),
    _counter(4, "DEP", responding=False),
    _counter(5, "DEP", mode=CounterMode.CLOSED),
    _counter(6, mode=CounterMode.PAUSED),
]


def test_transfer_offers_only_live_counters_serving_the_business(qtbot: QtBot) -> None:
    dialog = TransferDialog(TYPES, COUNTERS, "DEP")
    shown(qtbot, dialog)
    assert dialog.offered_counters() == [1, 6]
    assert dialog.counter_combo.itemText(2) == "Counter 6"

    dialog.counter_combo.setCurrentIndex(dialog.counter_combo.findData(6))
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("FX"))
    assert dialog.offered_counters() == [2, 6]
    assert dialog.choice() == ("FX", 6), "a counter still offered stays chosen"
    dialog.counter_combo.setCurrentIndex(dialog.counter_combo.findData(2))
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("WDR"))
    assert dialog.offered_counters() == [1, 6]
    assert dialog.choice() == ("WDR", None), "counter 2 does not serve WDR"


# -- switch business type ---------------------------------------------------------------------


def test_switch_type_offers_the_others(qtbot: QtBot) -> None:
    dialog = SwitchTypeDialog(TYPES, "DEP")
    shown(qtbot, dialog)
    codes = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
    assert codes == ["WDR", "FX"]
    assert dialog.code() == "WDR"
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.code() == "FX")
    assert dialog.ok_button.isEnabled()
    dialog.list.clearSelection()
    assert dialog.code() == ""
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: dialog.code() == "WDR")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert dialog.code() == "WDR"


# -- sign-in ----------------------------------------------------------------------------------


@pytest.fixture
def sign_in(qtbot: QtBot) -> SignInPage:
    page = SignInPage(3)
    page.resize(800, 600)
    shown(qtbot, page)
    return page


def test_sign_in_enter_submits_once(qtbot: QtBot, sign_in: SignInPage) -> None:
    assert sign_in.title_label.text() == "Counter 3"
    assert not sign_in.sign_in_button.isEnabled()
    assert field(sign_in, "pin").echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(field(sign_in, "staffNumber"), "T007")
    qtbot.keyClick(field(sign_in, "staffNumber"), Qt.Key.Key_Return)  # moves on to the PIN
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(sign_in, "pin"))
    qtbot.keyClicks(field(sign_in, "pin"), "2468")
    received: list[tuple[str, str]] = []
    sign_in.submitted.connect(lambda staff, pin: received.append((staff, pin)))
    with qtbot.waitSignal(sign_in.submitted):
        qtbot.keyClick(field(sign_in, "pin"), Qt.Key.Key_Return)
    assert received == [("T007", "2468")]


def test_sign_in_error_busy_and_clear(qtbot: QtBot, sign_in: SignInPage) -> None:
    qtbot.keyClicks(field(sign_in, "staffNumber"), "T007")
    qtbot.keyClicks(field(sign_in, "pin"), "2468")
    sign_in.busy(True)
    assert not sign_in.sign_in_button.isEnabled()
    assert not field(sign_in, "pin").isEnabled()
    with qtbot.assertNotEmitted(sign_in.submitted):
        qtbot.keyClick(field(sign_in, "pin"), Qt.Key.Key_Return)
    sign_in.show_error("Unknown staff number or wrong PIN")
    error = sign_in.findChild(QLabel, "dialogError")
    assert isinstance(error, QLabel)
    assert error.isVisibleTo(sign_in)
    assert sign_in.error() == "Unknown staff number or wrong PIN"
    assert field(sign_in, "pin").text() == ""
    assert field(sign_in, "pin").isEnabled()
    sign_in.clear()
    assert sign_in.credentials() == ("", "")
    assert sign_in.error() == ""


# -- keyboard ---------------------------------------------------------------------------------


def _dialogs() -> list[tuple[str, QDialog, str]]:
    """Each teller dialog with the object name of the field the cursor must start in."""
    return [
        ("authorisation", AuthorisationDialog("Supervisor authorisation"), "staff_edit"),
        ("finish override", FinishOverrideDialog(["Customer signs the receipt"]), "reason_edit"),
        ("pause", PauseDialog(REASONS), "reason_lunch"),
        ("transfer", TransferDialog(TYPES, [_counter(n) for n in (1, 2)], "DEP"), "type_combo"),
        ("switch", SwitchTypeDialog(TYPES, "DEP"), "list"),
    ]


@pytest.mark.parametrize("index", range(5))
def test_every_dialog_opens_in_its_first_field_and_escape_cancels(qtbot: QtBot, index: int) -> None:
    name, dialog, first = _dialogs()[index]
    shown(qtbot, dialog)
    expected = getattr(dialog, first, None) or getattr(getattr(dialog, "fields", None), first, None)
    if expected is None:
        expected = dialog.findChild(QWidget, first)
    assert expected is not None, name
    qtbot.waitUntil(lambda: QApplication.focusWidget() is expected)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
