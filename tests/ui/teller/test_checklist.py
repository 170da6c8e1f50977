"""The teller's checklist widget, on the shipped cash-deposit procedure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QFrame, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.procedures import Checklist, Procedure, load_procedure
from counterdesk.core.tickets import Ticket
from counterdesk.services.state import ServiceView, StepView
from counterdesk.ui.teller.checklist import ChecklistWidget
from counterdesk.ui.teller.step_row import format_seconds

# The offscreen platform warns whenever a top-level window with a layout is shown.

RESOURCES = Path(__file__).resolve().parents[3] / "resources"
T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
VALID_ID = "11010519491231002X"


@pytest.fixture(scope="module")
def procedure() -> Procedure:
    return load_procedure(RESOURCES / "procedures" / "dep.toml")


def make_view(checklist: Checklist, catalogue: Catalogue, service_id: str = "svc-1") -> ServiceView:
    """Build the snapshot the service layer would hand to the window."""
    current = checklist.current()
    records = {r.step_id: r for r in checklist.records}
    values = checklist.values
    steps = tuple(
        StepView(
            step=step,
            record=records.get(step.id),
            needs_authorisation=step.id not in records and checklist.needs_authorisation(step.id),
            is_current=current is not None and current.id == step.id,
            required=step.is_required(values),
            shown=step.is_shown(values),
        )
        for step in checklist.procedure.steps
    )
    ticket = Ticket.issue(
        id="t-1", day=T0.date(), number=7, prefix="A", business_type="DEP", priority=0, at=T0
    )
    return ServiceView(
        service_id=service_id,
        ticket=ticket,
        business_type=catalogue.get("DEP"),
        procedure=checklist.procedure,
        steps=steps,
        started_at=checklist.started_at,
        open_mandatory=tuple(s.id for s in checklist.open_mandatory()),
    )


@pytest.fixture
def fresh(procedure: Procedure) -> Checklist:
    return Checklist(procedure, "T007", T0)


@pytest.fixture
def half_done(procedure: Procedure) -> Checklist:
    """Identity, slip and cash checked (80,000.00): the supervisor step needs authorisation."""
    checklist = Checklist(procedure, "T007", T0)
    checklist.check("identity", T0 + timedelta(seconds=48), VALID_ID)
    checklist.check("deposit_slip", T0 + timedelta(seconds=95))
    checklist.check("count_cash", T0 + timedelta(seconds=260), "80,000.00")
    return checklist


@pytest.fixture
def widget(qtbot: QtBot, clock: FixedClock) -> ChecklistWidget:
    w = ChecklistWidget(clock.now)
    w.resize(700, 760)
    qtbot.addWidget(w)
    with qtbot.waitExposed(w):
        w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def row(widget: ChecklistWidget, step_id: str) -> QFrame:
    found = [r for r in widget.findChildren(QFrame, "stepRow") if r.property("stepId") == step_id]
    assert len(found) == 1, f"expected one row for {step_id}, found {len(found)}"
    return found[0]


def rows(widget: ChecklistWidget) -> list[QFrame]:
    return [r for r in widget.findChildren(QFrame, "stepRow") if r.isVisibleTo(widget)]


def editor(widget: ChecklistWidget, step_id: str) -> QLineEdit:
    found = row(widget, step_id).findChild(QLineEdit, "stepValueEditor")
    assert isinstance(found, QLineEdit)
    return found


def check_box(widget: ChecklistWidget, step_id: str) -> QCheckBox:
    found = row(widget, step_id).findChild(QCheckBox)
    assert isinstance(found, QCheckBox)
    return found


def timer_text(widget: ChecklistWidget, step_id: str) -> str:
    label = row(widget, step_id).findChild(QLabel, "stepTimer")
    assert isinstance(label, QLabel)
    return label.text()


def test_title_and_one_row_per_step_in_order(
    widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    assert widget.title_label.text() == "Cash deposit"
    assert widget.version_label.text() == "v2"
    assert [r.property("stepId") for r in rows(widget)] == [s.id for s in fresh.procedure.steps]


def test_chinese_texts(widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue) -> None:
    widget.set_service(make_view(fresh, catalogue), "zh_CN")
    assert widget.title_label.text() == "现金存款"
    text = row(widget, "identity").findChild(QLabel, "stepText")
    assert isinstance(text, QLabel)
    assert text.text() == "核验客户身份证件"
    assert editor(widget, "identity").placeholderText() == "身份证号码"


def test_mandatory_markers_exactly_on_mandatory_steps(
    widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    marked = {
        r.property("stepId")
        for r in rows(widget)
        if (star := r.findChild(QLabel, "stepMandatory")) is not None and star.text() == "*"
    }
    assert marked == {s.id for s in fresh.procedure.steps if s.mandatory}
    assert "source_of_funds" not in marked
    star = row(widget, "identity").findChild(QLabel, "stepMandatory")
    assert isinstance(star, QLabel)
    assert star.toolTip() == "Mandatory"


def test_amount_placeholder_shows_label_and_currency(
    widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    assert editor(widget, "count_cash").placeholderText() == "Amount counted (CNY)"
    combo = row(widget, "source_of_funds").findChild(QComboBox, "stepValueEditor")
    assert isinstance(combo, QComboBox)
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["Business income", "Salary", "Sale of assets", "Other"]


def test_click_emits_check_with_typed_value_and_stays_unchecked(
    qtbot: QtBot, widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    qtbot.keyClicks(editor(widget, "identity"), VALID_ID.lower())
    box = check_box(widget, "identity")
    with qtbot.waitSignal(widget.check_requested) as blocker:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert blocker.args == ["identity", VALID_ID.lower()]
    assert not box.isChecked()  # it waits for the service's next snapshot


def test_space_on_a_step_without_capture_emits_check(
    qtbot: QtBot, widget: ChecklistWidget, half_done: Checklist, catalogue: Catalogue
) -> None:
    half_done.check("source_of_funds", T0 + timedelta(seconds=300), "business")
    half_done.check("supervisor", T0 + timedelta(seconds=320), authoriser="S012")
    widget.set_service(make_view(half_done, catalogue), "en")
    assert widget.focused_step() == "signature"
    with qtbot.waitSignal(widget.check_requested) as blocker:
        qtbot.keyClick(row(widget, "signature"), Qt.Key.Key_Space)
    assert blocker.args == ["signature", ""]


def test_enter_in_value_editor_requests_the_check(
    qtbot: QtBot, widget: ChecklistWidget, half_done: Checklist, catalogue: Catalogue
) -> None:
    half_done.uncheck("count_cash")
    widget.set_service(make_view(half_done, catalogue), "en")
    field = editor(widget, "count_cash")
    qtbot.keyClicks(field, "12,500.50")
    asked: list[tuple[str, str]] = []
    widget.check_requested.connect(lambda step, value: asked.append((step, value)))
    with qtbot.waitSignal(widget.check_requested) as blocker:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args == ["count_cash", "12,500.50"]
    # Once: the same Enter reaching the row asked again ("already checked").
    assert asked == [("count_cash", "12,500.50")]


def test_space_with_missing_value_focuses_the_editor(
    qtbot: QtBot, widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    step = row(widget, "identity")
    step.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is step)
    with qtbot.assertNotEmitted(widget.check_requested):
        qtbot.keyClick(step, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor(widget, "identity"))


def test_invalid_value_shows_inline_error_and_emits_nothing(
    qtbot: QtBot, widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    qtbot.keyClicks(editor(widget, "identity"), "110105194912310021")
    with qtbot.assertNotEmitted(widget.check_requested):
        qtbot.keyClick(editor(widget, "identity"), Qt.Key.Key_Return)
    error = row(widget, "identity").findChild(QLabel, "stepError")
    assert isinstance(error, QLabel)
    assert error.isVisibleTo(widget)
    assert "check digit" in error.text()
    qtbot.keyClick(editor(widget, "identity"), Qt.Key.Key_Backspace)
    assert not error.isVisibleTo(widget)


def test_step_needing_authorisation_emits_authorisation_needed(
    qtbot: QtBot, widget: ChecklistWidget, half_done: Checklist, catalogue: Catalogue
) -> None:
    half_done.check("source_of_funds", T0 + timedelta(seconds=300), "salary")
    widget.set_service(make_view(half_done, catalogue), "en")
    assert row(widget, "supervisor").findChild(QLabel, "stepShield") is not None
    assert row(widget, "signature").findChild(QLabel, "stepShield") is None
    with (
        qtbot.assertNotEmitted(widget.check_requested),
        qtbot.waitSignal(widget.authorisation_needed) as blocker,
    ):
        qtbot.mouseClick(check_box(widget, "supervisor"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["supervisor", ""]


def test_checked_step_shows_formatted_value_and_click_asks_to_uncheck(
    qtbot: QtBot, widget: ChecklistWidget, half_done: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(half_done, catalogue), "en")
    value = row(widget, "count_cash").findChild(QLabel, "stepValue")
    assert isinstance(value, QLabel)
    assert value.text() == "Amount counted: 80,000.00 CNY"
    assert row(widget, "count_cash").findChild(QLineEdit) is None
    box = check_box(widget, "count_cash")
    assert box.isChecked()
    with (
        qtbot.assertNotEmitted(widget.check_requested),
        qtbot.waitSignal(widget.uncheck_requested) as blocker,
    ):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert blocker.args == ["count_cash"]
    assert box.isChecked()


def test_up_and_down_move_between_steps(
    qtbot: QtBot, widget: ChecklistWidget, half_done: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(half_done, catalogue), "en")
    qtbot.waitUntil(lambda: widget.focused_step() == "source_of_funds")
    first = row(widget, "deposit_slip")
    first.setFocus()
    qtbot.waitUntil(lambda: widget.focused_step() == "deposit_slip")
    qtbot.keyClick(first, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: widget.focused_step() == "count_cash")
    qtbot.keyClick(row(widget, "count_cash"), Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: widget.focused_step() == "deposit_slip")
    qtbot.keyClick(row(widget, "deposit_slip"), Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: widget.focused_step() == "identity")
    qtbot.keyClick(row(widget, "identity"), Qt.Key.Key_Up)  # already at the top
    assert widget.focused_step() == "identity"


def test_down_from_a_value_editor_leaves_it(
    qtbot: QtBot, widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor(widget, "identity"))
    qtbot.keyClick(editor(widget, "identity"), Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is row(widget, "deposit_slip"))


def test_rerender_keeps_focus_on_current_step_and_typed_values(
    qtbot: QtBot, widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    qtbot.keyClicks(editor(widget, "count_cash"), "1,000")
    fresh.check("identity", T0 + timedelta(seconds=30), VALID_ID)
    widget.set_service(make_view(fresh, catalogue), "en")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is row(widget, "deposit_slip"))
    assert editor(widget, "count_cash").text() == "1,000"
    check = check_box(widget, "identity")
    assert check.isChecked()
    # Another customer: nothing typed for the previous one carries over.
    widget.set_service(make_view(Checklist(fresh.procedure, "T007", T0), catalogue, "svc-2"), "en")
    assert editor(widget, "count_cash").text() == ""


def test_timers_count_from_the_injected_clock(
    qtbot: QtBot,
    widget: ChecklistWidget,
    half_done: Checklist,
    catalogue: Catalogue,
    clock: FixedClock,
) -> None:
    clock.set(T0 + timedelta(seconds=260 + 83))
    widget.set_service(make_view(half_done, catalogue), "en")
    assert timer_text(widget, "source_of_funds") == "01:23"  # since count_cash was checked
    assert timer_text(widget, "identity") == "00:48"  # recorded seconds_open
    assert timer_text(widget, "count_cash") == "02:45"
    assert timer_text(widget, "signature") == ""
    timers = widget.findChildren(QTimer, "checklistTimer")
    assert len(timers) == 1
    assert timers[0].isActive()
    assert timers[0].interval() == 1000
    clock.advance(60)
    timers[0].timeout.emit()
    assert timer_text(widget, "source_of_funds") == "02:23"
    assert timer_text(widget, "identity") == "00:48"


def test_no_customer_shows_placeholder_and_stops_the_timer(
    widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue
) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    widget.set_service(None, "en")
    assert widget.placeholder_label.isVisibleTo(widget)
    assert widget.placeholder_label.text() == "No customer at the counter"
    assert rows(widget) == []
    timer = widget.findChild(QTimer, "checklistTimer")
    assert isinstance(timer, QTimer)
    assert not timer.isActive()


def test_show_step_error(widget: ChecklistWidget, fresh: Checklist, catalogue: Catalogue) -> None:
    widget.set_service(make_view(fresh, catalogue), "en")
    widget.show_step_error("count_cash", "Amount differs from the slip")
    error = row(widget, "count_cash").findChild(QLabel, "stepError")
    assert isinstance(error, QLabel)
    assert error.isVisibleTo(widget)
    assert error.text() == "Amount differs from the slip"
    other = row(widget, "identity").findChild(QLabel, "stepError")
    assert isinstance(other, QLabel)
    assert not other.isVisibleTo(widget)


def test_format_seconds() -> None:
    assert format_seconds(0) == "00:00"
    assert format_seconds(83.9) == "01:23"
    assert format_seconds(3725) == "62:05"


def test_steps_that_do_not_apply_are_left_out_and_the_rest_numbered_without_gaps(
    widget: ChecklistWidget, catalogue: Catalogue
) -> None:
    fx = Checklist(load_procedure(RESOURCES / "procedures" / "fx.toml"), "T007", T0)
    fx.check("identity", T0 + timedelta(seconds=30), VALID_ID)
    fx.check("direction", T0 + timedelta(seconds=40), "settlement")
    fx.check("medium", T0 + timedelta(seconds=50), "account")
    widget.set_service(make_view(fx, catalogue), "en")
    shown = [r.property("stepId") for r in rows(widget)]
    assert "cash_origin" not in shown
    assert "cash_filing" not in shown
    labels = [r.findChild(QLabel, "stepNumber") for r in rows(widget)]
    numbers = [label.text() for label in labels if label is not None]
    assert numbers == [f"{n}." for n in range(1, len(shown) + 1)]
    assert widget.progress_label.text() == f"3 of {len(shown)} done"

    # Foreign notes sold: the proof of origin shows, and 8,000.00 USD makes it mandatory.
    fx.uncheck("medium")
    fx.check("medium", T0 + timedelta(seconds=60), "cash")
    fx.check("quota", T0 + timedelta(seconds=70))
    fx.check("amount", T0 + timedelta(seconds=80), "8,000.00")
    widget.set_service(make_view(fx, catalogue), "en")
    shown = [r.property("stepId") for r in rows(widget)]
    assert "cash_origin" in shown
    assert "cash_filing" not in shown  # that one is for notes bought
    origin = next(r for r in rows(widget) if r.property("stepId") == "cash_origin")
    assert origin.findChild(QLabel, "stepMandatory") is not None
