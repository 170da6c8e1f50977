"""A full transaction through the real windows, keyboard first, with the real journal and queue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import SystemClock
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk
from counterdesk.services.state import DeskAction
from counterdesk.storage import models as m
from counterdesk.ui.customer.parts import BigButton
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.teller.controller import DeskController
from counterdesk.ui.teller.station import CustomerPresenter, connect_teller
from counterdesk.ui.teller.step_row import StepRow
from counterdesk.ui.teller.window import TellerWindow

VALID_ID = "11010519491231002X"


@dataclass
class Counter:
    desk: CounterDesk
    runner: TaskRunner
    controller: DeskController
    teller: TellerWindow
    customer: CustomerWindow


@pytest.fixture
def station(tmp_path: Path, qtbot: QtBot) -> Iterator[Counter]:
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch")
    opened = Station.open(config, SystemClock())
    desk = build_desk(opened)
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    desk.staff.add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    desk.queue.issue("DEP")
    runner = TaskRunner()
    controller = DeskController(desk, runner, opened.clock)
    teller = TellerWindow(opened.catalogue, 3, [1, 2, 4], "en", opened.clock.now)
    customer = CustomerWindow(language="en")
    connect_teller(teller, controller)
    presenter = CustomerPresenter(customer, controller, opened.catalogue, "en")
    qtbot.addWidget(teller)
    qtbot.addWidget(customer)
    with qtbot.waitExposed(teller):
        teller.show()
    customer.show()
    teller.activateWindow()
    controller.start()
    yield Counter(desk, runner, controller, teller, customer)
    del presenter
    controller.stop()
    qtbot.waitUntil(lambda: runner.idle)
    runner.shutdown()
    desk.queue.close()
    opened.close()


def settle(qtbot: QtBot, counter: Counter) -> None:
    qtbot.waitUntil(lambda: counter.runner.idle)


def press(qtbot: QtBot, counter: Counter, key: Qt.Key) -> None:
    """Press a function key where the teller is typing, as a teller would."""
    target = QApplication.focusWidget() or counter.teller
    qtbot.keyClick(target, key)
    settle(qtbot, counter)


def sign_in(qtbot: QtBot, counter: Counter, staff_no: str, pin: str) -> None:
    fields = counter.teller.sign_in_page.fields
    fields.staff_edit.clear()
    fields.pin_edit.clear()
    qtbot.keyClicks(fields.staff_edit, staff_no)
    qtbot.keyClicks(fields.pin_edit, pin)
    qtbot.keyClick(fields.pin_edit, Qt.Key.Key_Return)
    settle(qtbot, counter)


def row(counter: Counter, step_id: str) -> StepRow:
    found = counter.teller.checklist._row(step_id)
    assert found is not None, step_id
    return found


def check_with_value(qtbot: QtBot, counter: Counter, step_id: str, value: str) -> None:
    editor = row(counter, step_id).editor()
    assert editor is not None
    qtbot.keyClicks(editor, value)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot, counter)


def check(qtbot: QtBot, counter: Counter, step_id: str) -> None:
    target = row(counter, step_id)
    target.focus_step()
    qtbot.keyClick(target, Qt.Key.Key_Space)
    settle(qtbot, counter)


def recorded(counter: Counter, step_id: str) -> bool:
    state = counter.controller.state
    assert state is not None
    assert state.current is not None
    return any(v.step.id == step_id and v.record is not None for v in state.current.steps)


def test_a_deposit_from_sign_in_to_the_customers_rating(qtbot: QtBot, station: Counter) -> None:
    teller, customer = station.teller, station.customer
    sign_in(qtbot, station, "1001", "0000")
    assert "wrong staff number or PIN" in teller.sign_in_page.error()
    sign_in(qtbot, station, "1001", "1234")
    assert teller.checklist.isVisible() or teller.desk_actions.call.isEnabled()
    assert customer.page() == "idle"

    press(qtbot, station, Qt.Key.Key_F1)
    assert teller.ticket_card.number.text() == "A001"
    assert customer.page() == "serving"
    press(qtbot, station, Qt.Key.Key_F4)
    assert teller.checklist.view is not None

    check_with_value(qtbot, station, "identity", VALID_ID)
    check(qtbot, station, "deposit_slip")
    assert row(station, "source_of_funds").mandatory_label is None
    check_with_value(qtbot, station, "count_cash", "80,000.00")
    assert recorded(station, "count_cash")
    # 80,000.00 is large cash: the source of funds is now mandatory.
    assert row(station, "source_of_funds").mandatory_label is not None
    check_with_value(qtbot, station, "source_of_funds", "Salary")
    assert recorded(station, "source_of_funds")

    # The supervisor step asks for a supervisor who is not the teller.
    check(qtbot, station, "supervisor")
    dialog = teller.auth_dialog
    assert dialog is not None
    for staff_no, pin, error in (
        ("1001", "1234", "other than the signed-in teller"),
        ("2001", "9999", "wrong staff number or PIN"),
    ):
        dialog.fields.staff_edit.setText(staff_no)
        dialog.fields.pin_edit.setText(pin)
        qtbot.keyClick(dialog.fields.pin_edit, Qt.Key.Key_Return)
        settle(qtbot, station)
        assert error in dialog.error()
        assert not recorded(station, "supervisor")
    dialog.fields.staff_edit.setText("2001")
    dialog.fields.pin_edit.setText("2468")
    qtbot.keyClick(dialog.fields.pin_edit, Qt.Key.Key_Return)
    settle(qtbot, station)
    assert recorded(station, "supervisor")
    assert teller.auth_dialog is None

    # Finishing with mandatory steps open is refused, naming them.
    press(qtbot, station, Qt.Key.Key_F8)
    assert teller.message.isVisible()
    assert "Customer signs the deposit receipt" in teller.message.text()
    assert customer.page() == "serving"

    check(qtbot, station, "signature")
    check(qtbot, station, "return_documents")
    press(qtbot, station, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: customer.page() == "rating")
    # The teller's window offers no way to answer: the buttons are on the customer screen only.
    assert not teller.findChildren(BigButton)

    buttons = [b for b in customer.findChildren(BigButton) if b.isVisible()]
    happiest = buttons[0]
    qtbot.mouseClick(happiest, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(happiest, Qt.MouseButton.LeftButton)
    settle(qtbot, station)
    qtbot.waitUntil(lambda: customer.page() == "thanks")

    service = m.Service.get()
    assert service.state == "finished"
    assert service.started_at is not None
    assert service.finished_at is not None
    assert service.called_at <= service.started_at <= service.finished_at
    steps = {s.step_id: s for s in m.StepRecord.select()}
    assert set(steps) == {
        "identity", "deposit_slip", "count_cash", "source_of_funds", "supervisor", "signature",
        "return_documents",
    }  # fmt: skip
    assert steps["count_cash"].value == "8000000"
    assert steps["source_of_funds"].value == "salary"
    assert steps["supervisor"].authoriser == "2001"
    assert all(s.seconds_open >= 0 for s in steps.values())
    ratings = list(m.Rating.select())
    assert [(r.outcome, r.score) for r in ratings] == [("rated", 5)]


def test_five_wrong_pins_lock_the_account_on_the_sign_in_page(
    qtbot: QtBot, station: Counter
) -> None:
    for _ in range(5):
        sign_in(qtbot, station, "1001", "0000")
    sign_in(qtbot, station, "1001", "1234")
    assert "locked" in station.teller.sign_in_page.error()
    assert station.controller.state is not None
    assert station.controller.state.teller is None


def test_the_window_offers_exactly_what_the_desk_allows(qtbot: QtBot, station: Counter) -> None:
    actions = station.teller.desk_actions
    sign_in(qtbot, station, "1001", "1234")
    press(qtbot, station, Qt.Key.Key_F1)
    press(qtbot, station, Qt.Key.Key_F4)
    press(qtbot, station, Qt.Key.Key_F6)  # hold the customer

    state = station.controller.state
    assert state is not None
    assert state.held
    assert state.allowed == {DeskAction.CALL_NEXT, DeskAction.PAUSE, DeskAction.RESUME_HELD}
    enabled = {a.objectName() for a in actions.all() if a.isEnabled()}
    # Signing out with a held customer is the desk's refusal, so the window greys it.
    assert enabled == {"call-next", "pause", "resume-held"}


def test_a_refusal_names_its_action(qtbot: QtBot, station: Counter) -> None:
    with qtbot.waitSignal(station.controller.failed) as refused:
        sign_in(qtbot, station, "1001", "0000")
    assert refused.args is not None
    assert refused.args[0] is DeskAction.SIGN_IN


def focused_step(counter: Counter) -> str | None:
    return counter.teller.checklist.focused_step()


def type_here(qtbot: QtBot, counter: Counter, text: str) -> None:
    """Type where the keyboard focus is, as a teller would."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, text)


def test_enter_in_a_value_field_checks_the_step_once_and_moves_on(
    qtbot: QtBot, station: Counter
) -> None:
    teller = station.teller
    sign_in(qtbot, station, "1001", "1234")
    press(qtbot, station, Qt.Key.Key_F1)
    press(qtbot, station, Qt.Key.Key_F4)
    assert focused_step(station) == "identity"
    assert QApplication.focusWidget() is row(station, "identity").editor()

    type_here(qtbot, station, VALID_ID)
    press(qtbot, station, Qt.Key.Key_Return)

    assert recorded(station, "identity")
    # Finding 1: the same Enter must not ask a second time and blame an "already checked" step.
    assert not teller.message.isVisible(), teller.message.text()
    assert focused_step(station) == "deposit_slip"


def test_no_button_of_the_main_window_takes_a_stray_space_or_enter(
    qtbot: QtBot, station: Counter
) -> None:
    teller = station.teller
    sign_in(qtbot, station, "1001", "1234")
    press(qtbot, station, Qt.Key.Key_F1)
    assert QApplication.focusWidget() is not None
    press(qtbot, station, Qt.Key.Key_Space)
    press(qtbot, station, Qt.Key.Key_Return)
    press(qtbot, station, Qt.Key.Key_F4)
    assert focused_step(station) == "identity"
    # Finding 2: Space then Enter opened the Transfer dialog.
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Space, Qt.Key.Key_Return):
        press(qtbot, station, key)
    assert QApplication.activeModalWidget() is None
    state = station.controller.state
    assert state is not None
    assert state.current is not None
    assert state.current.ticket.label == "A001"
    buttons = [b for b in teller.findChildren(QAbstractButton) if b.isVisibleTo(teller)]
    assert buttons
    for button in buttons:
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus, button.objectName()
        if isinstance(button, QPushButton):
            assert not button.isDefault(), button.objectName()
            assert not button.autoDefault(), button.objectName()


def test_a_whole_deposit_by_keys_only(qtbot: QtBot, station: Counter) -> None:
    teller, customer = station.teller, station.customer
    # Sign in: the cursor waits in the staff number.
    assert QApplication.focusWidget() is teller.sign_in_page.fields.staff_edit
    type_here(qtbot, station, "1001")
    press(qtbot, station, Qt.Key.Key_Tab)
    type_here(qtbot, station, "1234")
    press(qtbot, station, Qt.Key.Key_Return)
    assert station.controller.state is not None
    assert station.controller.state.teller is not None

    press(qtbot, station, Qt.Key.Key_F1)
    assert teller.ticket_card.number.text() == "A001"
    press(qtbot, station, Qt.Key.Key_F4)
    assert focused_step(station) == "identity"

    type_here(qtbot, station, VALID_ID)
    press(qtbot, station, Qt.Key.Key_Return)
    assert focused_step(station) == "deposit_slip"
    press(qtbot, station, Qt.Key.Key_Space)
    assert focused_step(station) == "count_cash"
    assert row(station, "source_of_funds").mandatory_label is None
    type_here(qtbot, station, "80000")
    press(qtbot, station, Qt.Key.Key_Return)
    # Large cash: the source of funds is mandatory from this Enter on, and F8 says so.
    assert focused_step(station) == "source_of_funds"
    marker = row(station, "source_of_funds").mandatory_label
    assert marker is not None
    assert marker.isVisibleTo(teller)
    press(qtbot, station, Qt.Key.Key_F8)
    assert "ask and record the source of funds" in teller.message.text()
    assert customer.page() != "rating"
    assert focused_step(station) == "source_of_funds"  # the teller goes on where they were
    press(qtbot, station, Qt.Key.Key_Down)  # the first source in the list
    press(qtbot, station, Qt.Key.Key_Return)
    assert focused_step(station) == "supervisor"

    # The supervisor's dialog opens with the cursor in its first field.
    qtbot.keyClick(QApplication.focusWidget() or teller, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: teller.auth_dialog is not None and teller.auth_dialog.isVisible())
    dialog = teller.auth_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.fields.staff_edit)
    type_here(qtbot, station, "2001")
    press(qtbot, station, Qt.Key.Key_Tab)
    type_here(qtbot, station, "2468")
    press(qtbot, station, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: teller.auth_dialog is None)
    assert recorded(station, "supervisor")
    qtbot.waitUntil(lambda: focused_step(station) == "signature")

    press(qtbot, station, Qt.Key.Key_Space)
    assert focused_step(station) == "return_documents"
    press(qtbot, station, Qt.Key.Key_Space)
    assert not teller.message.isVisible(), teller.message.text()
    press(qtbot, station, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: customer.page() == "rating")

    # The customer answers on their own touch screen.
    happiest = next(b for b in customer.findChildren(BigButton) if b.isVisible())
    qtbot.mouseClick(happiest, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(happiest, Qt.MouseButton.LeftButton)
    settle(qtbot, station)
    qtbot.waitUntil(lambda: customer.page() == "thanks")

    service = m.Service.get()
    assert service.state == "finished"
    values = {s.step_id: s.value for s in m.StepRecord.select()}
    assert set(values) == {
        "identity", "deposit_slip", "count_cash", "source_of_funds", "supervisor", "signature",
        "return_documents",
    }  # fmt: skip
    assert values["count_cash"] == "8000000"
    assert values["source_of_funds"] == "business"
    assert values["identity"] is not None
    assert [(r.outcome, r.score) for r in m.Rating.select()] == [("rated", 5)]


def test_the_source_of_funds_is_required_from_the_moment_80000_is_entered(
    qtbot: QtBot, station: Counter
) -> None:
    teller = station.teller
    sign_in(qtbot, station, "1001", "1234")
    press(qtbot, station, Qt.Key.Key_F1)
    press(qtbot, station, Qt.Key.Key_F4)
    source = row(station, "source_of_funds")
    assert source.mandatory_label is None
    check_with_value(qtbot, station, "count_cash", "80000")  # typed, then Enter
    source = row(station, "source_of_funds")
    assert source.mandatory_label is not None
    assert source.mandatory_label.isVisibleTo(teller)
    assert "source_of_funds" in teller.checklist.view.open_mandatory  # type: ignore[union-attr]

    # Finishing says what is missing, whatever else is done.
    check_with_value(qtbot, station, "identity", VALID_ID)
    for step_id in ("deposit_slip", "signature", "return_documents"):
        check(qtbot, station, step_id)
    press(qtbot, station, Qt.Key.Key_F8)
    assert "ask and record the source of funds" in teller.message.text()

    # The teller corrects the amount to 30,000.00: the step is optional again.
    check(qtbot, station, "count_cash")  # Space on a checked step reopens it
    assert not recorded(station, "count_cash")
    check_with_value(qtbot, station, "count_cash", "30,000.00")
    assert row(station, "source_of_funds").mandatory_label is None
