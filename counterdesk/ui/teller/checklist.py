"""The teller's procedure checklist for the customer being served."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.errors import DomainError
from counterdesk.services.state import ServiceView
from counterdesk.ui import icons
from counterdesk.ui.messages import error_text
from counterdesk.ui.teller.step_row import StepRow, format_seconds
from counterdesk.ui.widgets.colours import BLUE, GREY, RED

#: Colours shared by the rows; the red and grey match the dialogs.

_STYLE = f"""
QFrame#stepRow {{
    background: #ffffff;
    border: 1px solid #e3e6ea;
    border-radius: 6px;
}}
QFrame#stepRow[current="true"] {{
    background: #f1f6fe;
    border: 1px solid #b9cff3;
}}
QFrame#stepRow[checked="true"] {{
    background: #f7f8f9;
}}
QFrame#stepRow[active="true"] {{
    border: 2px solid {BLUE};
}}
QLabel#stepNumber, QLabel#stepHint, QLabel#stepTimer[checked="true"] {{
    color: {GREY};
}}
QLabel#stepTimer {{
    color: {BLUE};
}}
QLabel#stepText[checked="true"] {{
    color: #4b5563;
}}
QLabel#stepMandatory, QLabel#stepError {{
    color: {RED};
}}
QLabel#checklistVersion, QLabel#checklistProgress, QLabel#checklistPlaceholder {{
    color: {GREY};
}}
"""


class ChecklistWidget(QWidget):
    """Shows the steps of the current service and asks the controller to (un)check them.

    The widget never changes a check on its own: it emits a request and shows whatever the
    next :meth:`set_service` says, so a refused check stays unchecked.

    Keyboard: Up/Down move between steps; Space (un)checks the focused step, or puts the
    cursor in its value field when a value is still missing; Enter in a value field asks to
    check the step (once), and the re-render after the check puts the focus on the next open
    step; Esc leaves a value field. A service that starts takes the focus to its first open
    step.

    Signals:
        check_requested(str, str): step id and the value typed ("" when the step captures
            nothing).
        uncheck_requested(str): step id of a checked step to reopen.
        authorisation_needed(str, str): like ``check_requested``, for a step that needs a
            supervisor right now; the controller asks for credentials before checking.
    """

    check_requested = Signal(str, str)
    uncheck_requested = Signal(str)
    authorisation_needed = Signal(str, str)

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        """Create an empty checklist.

        Args:
            now: returns the current aware UTC time (a clock's ``now``), for the timers.
            parent: the owning widget.
        """
        super().__init__(parent)
        self._now = now
        self._view: ServiceView | None = None
        self._language = "en"
        self._rows: list[StepRow] = []
        self.setStyleSheet(_STYLE)

        self._timer = QTimer(self)
        self._timer.setObjectName("checklistTimer")
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.update_timers)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._stack = QStackedWidget(self)
        outer.addWidget(self._stack)

        self._placeholder = QWidget(self)
        placeholder_layout = QVBoxLayout(self._placeholder)
        placeholder_layout.addStretch(1)
        icon = QLabel(self._placeholder)
        icon.setPixmap(icons.pixmap("mdi6.account-clock-outline", "#9ca3af", 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder_layout.addWidget(icon)
        self.placeholder_label = QLabel(self.tr("No customer at the counter"), self._placeholder)
        self.placeholder_label.setObjectName("checklistPlaceholder")
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bigger = self.placeholder_label.font()
        bigger.setPointSizeF(bigger.pointSizeF() * 1.25)
        self.placeholder_label.setFont(bigger)
        placeholder_layout.addWidget(self.placeholder_label)
        placeholder_layout.addStretch(2)
        self._stack.addWidget(self._placeholder)

        self._page = QWidget(self)
        page_layout = QVBoxLayout(self._page)
        page_layout.setContentsMargins(12, 10, 12, 10)
        page_layout.setSpacing(8)
        header = QHBoxLayout()
        header.setSpacing(8)
        self.title_label = QLabel(self._page)
        self.title_label.setObjectName("checklistTitle")
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title_label.setFont(title_font)
        header.addWidget(self.title_label, 0, Qt.AlignmentFlag.AlignBaseline)
        self.version_label = QLabel(self._page)
        self.version_label.setObjectName("checklistVersion")
        header.addWidget(self.version_label, 0, Qt.AlignmentFlag.AlignBaseline)
        header.addStretch(1)
        self.progress_label = QLabel(self._page)
        self.progress_label.setObjectName("checklistProgress")
        header.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignBaseline)
        page_layout.addLayout(header)

        self._scroll = QScrollArea(self._page)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page_layout.addWidget(self._scroll, 1)
        self._stack.addWidget(self._page)
        self._rows_box: QWidget | None = None
        self._stack.setCurrentWidget(self._placeholder)

    # -- public API --------------------------------------------------------------------------

    @property
    def view(self) -> ServiceView | None:
        """The service shown, or None."""
        return self._view

    def set_service(self, view: ServiceView | None, language: str) -> None:
        """Show a service's checklist (or the placeholder for None), in ``en`` or ``zh_CN``.

        Values typed into steps that are still open survive the re-render when it is the
        same service; the keyboard focus goes to the current step unless the teller is
        working elsewhere in the window.
        """
        focus = QApplication.focusWidget()
        same_service = (
            view is not None and self._view is not None and view.service_id == self._view.service_id
        )
        # A service that starts takes the keyboard from the rest of the window (never from a
        # dialog): the ID typed next belongs in its first step.
        take_focus = (
            focus is None
            or focus.window() is not self.window()
            or focus is self
            or self.isAncestorOf(focus)
            or (view is not None and not same_service and focus.window() is self.window())
        )
        drafts: dict[str, str] = {}
        errors: dict[str, str] = {}
        if same_service:
            for row in self._rows:
                if row.value_text():
                    drafts[row.step_id] = row.value_text()
                if row.error():
                    errors[row.step_id] = row.error()
        self._view = view
        self._language = language
        self._clear_rows()
        if view is None:
            self._timer.stop()
            self._stack.setCurrentWidget(self._placeholder)
            return
        self._stack.setCurrentWidget(self._page)
        procedure = view.procedure
        self.title_label.setText(procedure.title(language))
        self.version_label.setText(self.tr("v{version}").format(version=procedure.version))
        # A step whose shown_when does not hold is left out (and a hidden step is never
        # checked: reopening the value it reads reopens it too). The rows shown are numbered
        # 1, 2, 3, ... so that a hidden step leaves no gap the teller would wonder about.
        shown = list(enumerate((s for s in view.steps if s.shown), start=1))
        done = sum(1 for _, s in shown if s.record is not None)
        self.progress_label.setText(
            self.tr("{done} of {total} done").format(done=done, total=len(shown))
        )

        box = QWidget()
        box.setObjectName("checklistRows")
        rows_layout = QVBoxLayout(box)
        rows_layout.setContentsMargins(0, 0, 4, 0)
        rows_layout.setSpacing(6)
        for number, step_view in shown:
            row = StepRow(number, step_view, language, box)
            if step_view.record is None and step_view.step.id in drafts:
                row.set_value_text(drafts[step_view.step.id])
            if step_view.record is None and step_view.step.id in errors:
                row.set_error(errors[step_view.step.id])
            row.activated.connect(self._on_row_activated)
            row.move_requested.connect(self._on_move_requested)
            rows_layout.addWidget(row)
            self._rows.append(row)
        rows_layout.addStretch(1)
        self._scroll.setWidget(box)
        self._rows_box = box
        self.update_timers()
        if view.started_at is not None:
            self._timer.start()
        else:
            self._timer.stop()
        if take_focus:
            self.focus_current_step()

    def focus_current_step(self) -> None:
        """Put the keyboard focus on the first open step (its value field when it has one).

        With every step checked the focus goes to the last one; with no service, to the
        widget itself so that the window keeps the keyboard.
        """
        current = next((r for r in self._rows if r.view.is_current), None)
        if current is None:
            current = next((r for r in self._rows if r.view.record is None), None)
        if current is not None:
            current.focus_step()
            self._scroll.ensureWidgetVisible(current)
        elif self._rows:
            self._rows[-1].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_step_error(self, step_id: str, message: str) -> None:
        """Show an inline red message under a step (unknown steps are ignored)."""
        row = self._row(step_id)
        if row is not None:
            row.set_error(message)
            self._scroll.ensureWidgetVisible(row)

    def focused_step(self) -> str | None:
        """The id of the step that has the keyboard focus (row or editor), or None."""
        return next((r.step_id for r in self._rows if r.has_focus_within()), None)

    @Slot()
    def update_timers(self) -> None:
        """Refresh every step's timer from the injected clock."""
        view = self._view
        if view is None:
            return
        since = view.started_at
        if since is not None:
            checks = [s.record.checked_at for s in view.steps if s.record is not None]
            since = max([since, *checks])
        now = self._now()
        for row in self._rows:
            if row.view.record is not None:
                continue  # shows the recorded seconds_open, set once
            if row.view.is_current and since is not None:
                row.set_timer_text(format_seconds((now - since).total_seconds()))
            else:
                row.set_timer_text("")

    # -- internals ---------------------------------------------------------------------------

    def _row(self, step_id: str) -> StepRow | None:
        return next((r for r in self._rows if r.step_id == step_id), None)

    def _clear_rows(self) -> None:
        self._rows = []
        if self._rows_box is not None:
            old = self._scroll.takeWidget()
            if old is not None:
                old.hide()
                old.deleteLater()
            self._rows_box = None

    @Slot(str)
    def _on_row_activated(self, step_id: str) -> None:
        row = self._row(step_id)
        if row is None:
            return
        if row.view.record is not None:
            self.uncheck_requested.emit(step_id)
            return
        value = ""
        capture = row.view.step.capture
        if capture is not None:
            value = row.value_text()
            editor = row.editor()
            if not value:
                if editor is not None:
                    editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            try:
                capture.parse(value)
            except DomainError as exc:
                # Early feedback only; the service validates again when it checks.
                row.set_error(error_text(exc, language=self._language))
                if editor is not None:
                    editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        row.set_error("")
        if row.view.needs_authorisation:
            self.authorisation_needed.emit(step_id, value)
        else:
            self.check_requested.emit(step_id, value)

    @Slot(int)
    def _on_move_requested(self, delta: int) -> None:
        sender = self.focused_step()
        index = next((i for i, r in enumerate(self._rows) if r.step_id == sender), None)
        if index is None:
            return
        target = index + delta
        if 0 <= target < len(self._rows):
            row = self._rows[target]
            row.setFocus(Qt.FocusReason.TabFocusReason)
            self._scroll.ensureWidgetVisible(row)
