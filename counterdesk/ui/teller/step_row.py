"""One step of the checklist as a row: its check box, texts, value editor, error and timer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.procedures import Capture, CaptureType, StepRecord
from counterdesk.services.state import StepView
from counterdesk.ui import icons
from counterdesk.ui.widgets.style import repolish


def format_seconds(seconds: float) -> str:
    """Show a duration as ``mm:ss`` (minutes keep counting past 59)."""
    whole = max(0, int(seconds))
    minutes, secs = divmod(whole, 60)
    return f"{minutes:02d}:{secs:02d}"


class _CheckBox(QCheckBox):
    """A check box that only shows the state it is given: a click asks, it does not toggle."""

    def nextCheckState(self) -> None:
        """Keep the state; the row emits a request through ``clicked`` instead."""


class StepRow(QFrame):
    """One step of the checklist: number, check box, text, markers, value and timer.

    Signals:
        activated(str): the teller clicked the check box, pressed Space on the row or Enter
            in the value editor; carries the step id.
        move_requested(int): Up (-1) or Down (+1) was pressed on the row.
    """

    activated = Signal(str)
    move_requested = Signal(int)

    def __init__(self, number: int, view: StepView, language: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("stepRow")
        self.setProperty("stepId", view.step.id)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("current", view.is_current)
        self.setProperty("checked", view.record is not None)
        self.setProperty("active", False)
        step = view.step
        self.setAccessibleName(step.text(language))

        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)

        self.number_label = QLabel(f"{number}.", self)
        self.number_label.setObjectName("stepNumber")
        self.number_label.setFixedWidth(24)
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.number_label, 0, 0, Qt.AlignmentFlag.AlignTop)

        self.check_box = _CheckBox(self)
        self.check_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.check_box.setChecked(view.record is not None)
        self.check_box.setToolTip(self.tr("Uncheck") if view.record else self.tr("Check"))
        self.check_box.clicked.connect(self._on_clicked)
        grid.addWidget(self.check_box, 0, 1, Qt.AlignmentFlag.AlignTop)

        body = QVBoxLayout()
        body.setSpacing(3)
        self.text_label = QLabel(step.text(language), self)
        self.text_label.setObjectName("stepText")
        self.text_label.setProperty("checked", view.record is not None)
        self.text_label.setWordWrap(True)
        self.text_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if view.is_current:
            bold = self.text_label.font()
            bold.setWeight(QFont.Weight.DemiBold)
            self.text_label.setFont(bold)
        body.addWidget(self.text_label)

        self.hint_label: QLabel | None = None
        hint = step.hint(language)
        if hint:
            self.hint_label = QLabel(hint, self)
            self.hint_label.setObjectName("stepHint")
            self.hint_label.setWordWrap(True)
            small = self.hint_label.font()
            small.setPointSizeF(small.pointSizeF() * 0.88)
            self.hint_label.setFont(small)
            body.addWidget(self.hint_label)

        self.line_edit: QLineEdit | None = None
        self.combo: QComboBox | None = None
        self.value_label: QLabel | None = None
        capture = step.capture
        if capture is not None and view.record is None:
            body.addLayout(self._build_editor(capture, language))
        elif capture is not None and view.record is not None:
            self.value_label = QLabel(self._value_text(capture, view.record, language), self)
            self.value_label.setObjectName("stepValue")
            self.value_label.setTextFormat(Qt.TextFormat.PlainText)
            self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.addWidget(self.value_label)
        if view.record is not None and view.record.authoriser:
            who = QLabel(
                self.tr("Authorised by {staff_no}").format(staff_no=view.record.authoriser), self
            )
            who.setObjectName("stepHint")
            body.addWidget(who)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("stepError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        body.addWidget(self.error_label)
        grid.addLayout(body, 0, 2)
        grid.setColumnStretch(2, 1)

        # Fixed slots, so that every row's asterisk and shield line up in columns.
        markers_box = QWidget(self)
        markers = QHBoxLayout(markers_box)
        markers.setContentsMargins(0, 0, 0, 0)
        markers.setSpacing(4)
        self.mandatory_label: QLabel | None = None
        star_slot = QLabel(markers_box)
        star_slot.setFixedWidth(14)
        if view.is_required:
            self.mandatory_label = star_slot
            star_slot.setObjectName("stepMandatory")
            star_slot.setText("*")
            star_slot.setToolTip(self.tr("Mandatory"))
            star_slot.setAccessibleName(self.tr("Mandatory"))
            star = star_slot.font()
            star.setBold(True)
            star.setPointSizeF(star.pointSizeF() * 1.3)
            star_slot.setFont(star)
        self.shield_label: QLabel | None = None
        shield_slot = QLabel(markers_box)
        shield_slot.setFixedWidth(22)
        if view.needs_authorisation and view.record is None:
            self.shield_label = shield_slot
            shield_slot.setObjectName("stepShield")
            shield_slot.setPixmap(icons.pixmap("mdi6.shield-account", "#b26a00", 20))
            shield_slot.setToolTip(self.tr("Needs a supervisor's authorisation"))
            shield_slot.setAccessibleName(self.tr("Needs a supervisor's authorisation"))
        markers.addWidget(star_slot, 0, Qt.AlignmentFlag.AlignTop)
        markers.addWidget(shield_slot, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(markers_box, 0, 3, Qt.AlignmentFlag.AlignTop)

        self.timer_label = QLabel(self)
        self.timer_label.setObjectName("stepTimer")
        self.timer_label.setProperty("checked", view.record is not None)
        self.timer_label.setFixedWidth(52)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        digits = self.timer_label.font()
        digits.setFamilies(["DejaVu Sans Mono", "monospace"])
        digits.setStyleHint(QFont.StyleHint.Monospace)
        self.timer_label.setFont(digits)
        grid.addWidget(self.timer_label, 0, 4, Qt.AlignmentFlag.AlignTop)
        if view.record is not None:
            self.timer_label.setText(format_seconds(view.record.seconds_open))
            self.timer_label.setToolTip(self.tr("Time this step took"))

    # -- building ---------------------------------------------------------------------------

    def _build_editor(self, capture: Capture, language: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        label = capture.label(language)
        if capture.type is CaptureType.CHOICE:
            self.combo = QComboBox(self)
            self.combo.setObjectName("stepValueEditor")
            self.combo.setPlaceholderText(self.tr("{label}: choose…").format(label=label))
            for choice in capture.choices:
                self.combo.addItem(choice.label(language), choice.value)
            self.combo.setCurrentIndex(-1)
            self.combo.setMinimumWidth(240)
            self.combo.setAccessibleName(label)
            self.combo.installEventFilter(self)
            row.addWidget(self.combo)
        else:
            self.line_edit = QLineEdit(self)
            self.line_edit.setObjectName("stepValueEditor")
            self.line_edit.setClearButtonEnabled(True)
            self.line_edit.setAccessibleName(label)
            if capture.type is CaptureType.AMOUNT:
                placeholder = self.tr("{label} ({currency})").format(
                    label=label, currency=capture.currency_code
                )
                self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.line_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
            elif capture.type is CaptureType.INTEGER:
                placeholder = label
                self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.line_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
            else:
                placeholder = label
            self.line_edit.setPlaceholderText(placeholder)
            self.line_edit.setMinimumWidth(240)
            self.line_edit.setMaximumWidth(320)
            self.line_edit.textEdited.connect(self._on_edited)
            self.line_edit.installEventFilter(self)
            row.addWidget(self.line_edit)
            if capture.type is CaptureType.AMOUNT:
                currency = QLabel(capture.currency_code, self)
                currency.setObjectName("stepHint")
                row.addWidget(currency)
        row.addStretch(1)
        return row

    def _value_text(self, capture: Capture, record: StepRecord, language: str) -> str:
        value = record.value
        if value is None:
            return ""
        shown = capture.format(value)
        if capture.type is CaptureType.CHOICE:
            shown = next((c.label(language) for c in capture.choices if c.value == value), shown)
        elif capture.type is CaptureType.AMOUNT:
            shown = f"{shown} {capture.currency_code}"
        return self.tr("{label}: {value}").format(label=capture.label(language), value=shown)

    # -- what the widget asks of a row -------------------------------------------------------

    @property
    def step_id(self) -> str:
        """The id of the step this row shows."""
        return self.view.step.id

    def editor(self) -> QWidget | None:
        """The value editor, while the step is open and captures a value."""
        return self.line_edit if self.line_edit is not None else self.combo

    def value_text(self) -> str:
        """What the teller typed or chose ("" when nothing)."""
        if self.line_edit is not None:
            return self.line_edit.text().strip()
        if self.combo is not None and self.combo.currentIndex() >= 0:
            return str(self.combo.currentData())
        return ""

    def set_value_text(self, text: str) -> None:
        """Restore a value typed before a re-render."""
        if self.line_edit is not None:
            self.line_edit.setText(text)
        elif self.combo is not None:
            self.combo.setCurrentIndex(self.combo.findData(text))

    def set_error(self, message: str) -> None:
        """Show (or clear, with "") the inline error under the step."""
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def error(self) -> str:
        """The inline error shown, or ""."""
        return self.error_label.text()

    def focus_step(self) -> None:
        """Put the keyboard focus on the row (the editor when a value is still missing)."""
        editor = self.editor()
        if editor is not None and not self.value_text():
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_focus_within(self) -> bool:
        """Whether the row or one of its editors has the keyboard focus."""
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))

    def set_timer_text(self, text: str) -> None:
        """Show the time the step has been open."""
        self.timer_label.setText(text)

    # -- events ------------------------------------------------------------------------------

    @Slot()
    def _on_clicked(self) -> None:
        self.activated.emit(self.step_id)

    @Slot(str)
    def _on_edited(self, _text: str) -> None:
        self.set_error("")

    def _set_active(self, active: bool) -> None:
        if self.property("active") != active:
            self.setProperty("active", active)
            repolish(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down move between steps, Space and Enter ask to (un)check the step."""
        key = event.key()
        if key == Qt.Key.Key_Up and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.move_requested.emit(-1)
        elif key == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.move_requested.emit(1)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self.step_id)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Highlight the row that has the keyboard focus."""
        self._set_active(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Drop the highlight when the focus leaves the row."""
        self._set_active(self.has_focus_within())
        super().focusOutEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on the row's background selects the step (it does not check it)."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the row highlighted while its editor has the focus; Esc leaves the editor."""
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._set_active(True)
        elif kind == QEvent.Type.FocusOut:
            self._set_active(self.has_focus_within())
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and watched is self.editor()
        ):
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and watched is self.line_edit
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and watched is self.editor()
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            # Taken here, once: a line edit passes Enter on to the row, which asked a second
            # time and was told the step it had just checked was "already checked".
            self.activated.emit(self.step_id)
            return True
        return super().eventFilter(watched, event)
