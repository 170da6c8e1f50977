"""Finishing with mandatory steps open: a reason and a supervisor's sign-off."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from counterdesk.ui import icons
from counterdesk.ui.teller.dialogs.base import (
    VerifyingDialog,
    icon_heading,
)
from counterdesk.ui.widgets.colours import AMBER, RED
from counterdesk.ui.widgets.credentials import CredentialFields


class FinishOverrideDialog(VerifyingDialog):
    """Finish with mandatory steps open: a reason and a supervisor's override.

    Like :class:`AuthorisationDialog`, OK emits ``submitted`` and the controller closes
    the dialog or calls :meth:`show_error`.

    Signals:
        submitted(str, str, str): the reason, the supervisor's staff number and PIN.
    """

    submitted = Signal(str, str, str)

    def __init__(self, open_steps: list[str], parent: QWidget | None = None) -> None:
        """Build the dialog listing ``open_steps`` (step texts in the teller's language)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Finish with steps open"))
        self.layout_.addLayout(
            icon_heading(
                "mdi6.alert-outline", self.tr("Mandatory steps are still open"), self, AMBER
            )
        )
        self.steps_list = QListWidget(self)
        self.steps_list.setObjectName("openSteps")
        self.steps_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps_list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.steps_list.setWordWrap(True)
        warn = icons.icon("mdi6.checkbox-blank-outline", RED)
        for text in open_steps:
            QListWidgetItem(warn, text, self.steps_list)
        rows = max(1, min(len(open_steps), 5))
        self.steps_list.setFixedHeight(rows * (self.fontMetrics().height() + 10) + 8)
        self.layout_.addWidget(self.steps_list)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("overrideReason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("Why the service ends without them"))
        self.fields = CredentialFields(self.tr("Supervisor's staff number"), self)
        form = self.fields.layout()
        assert isinstance(form, QFormLayout)
        form.insertRow(0, self.tr("Reason"), self.reason_edit)
        self.layout_.addWidget(self.fields)
        self.layout_.addWidget(self.error_label)
        self.reason_edit.textChanged.connect(self._update_ok)
        self.reason_edit.returnPressed.connect(self._on_reason_return)
        # Enter in a field presses the default button (OK), which is disabled until valid.
        self.fields.changed.connect(self._update_ok)
        self._finish_layout(self._ok_text())
        self._update_ok()
        self.setMinimumWidth(480)
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> tuple[str, str, str]:
        """The reason (trimmed), the supervisor's staff number and PIN."""
        staff_no, pin = self.fields.credentials()
        return self.reason_edit.text().strip(), staff_no, pin

    def show_error(self, message: str) -> None:
        """Show the refusal, empty the PIN and put the cursor there."""
        super().show_error(message)
        self.fields.clear_pin()

    @Slot()
    def _on_reason_return(self) -> None:
        # When everything is filled in, the default button (OK) takes the same Enter.
        if not self._valid():
            self.fields.staff_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def _ok_text(self) -> str:
        return self.tr("Finish anyway")

    def _inputs(self) -> list[QWidget]:
        return [self.reason_edit, self.fields]

    def _valid(self) -> bool:
        return bool(self.reason_edit.text().strip()) and self.fields.complete()

    def _emit(self) -> None:
        self.submitted.emit(*self.values())
