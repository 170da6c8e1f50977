"""A supervisor authorises one checklist step with their staff number and PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui.teller.dialogs.base import (
    VerifyingDialog,
    icon_heading,
)
from counterdesk.ui.widgets.credentials import CredentialFields


class AuthorisationDialog(VerifyingDialog):
    """A supervisor authorises one step with their staff number and PIN.

    OK does not close the dialog: it emits ``submitted``; the controller calls
    :meth:`busy`, verifies, then either closes the dialog (``accept()``) or calls
    :meth:`show_error`. Esc cancels.

    Signals:
        submitted(str, str): the supervisor's staff number and PIN.
    """

    submitted = Signal(str, str)

    def __init__(self, step_text: str, parent: QWidget | None = None) -> None:
        """Build the dialog for the step whose text is ``step_text`` (in the teller's language)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Supervisor authorisation"))
        self.layout_.addLayout(
            icon_heading("mdi6.shield-account", self.tr("Supervisor authorisation"), self)
        )
        note = QLabel(self.tr("A supervisor other than the teller must authorise:"), self)
        note.setObjectName("dialogNote")
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        quote = QFrame(self)
        quote.setObjectName("stepQuote")
        quote_layout = QVBoxLayout(quote)
        quote_layout.setContentsMargins(12, 8, 12, 8)
        self.step_label = QLabel(step_text, quote)
        self.step_label.setWordWrap(True)
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        quote_layout.addWidget(self.step_label)
        self.layout_.addWidget(quote)
        self.fields = CredentialFields(self.tr("Supervisor's staff number"), self)
        self.layout_.addWidget(self.fields)
        self.layout_.addWidget(self.error_label)
        # Enter in a field presses the default button (OK), which is disabled until valid.
        self.fields.changed.connect(self._update_ok)
        self._finish_layout(self._ok_text())
        self._update_ok()
        self.setMinimumWidth(440)
        self.fields.staff_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def credentials(self) -> tuple[str, str]:
        """The supervisor's staff number and PIN as typed."""
        return self.fields.credentials()

    def show_error(self, message: str) -> None:
        """Show the refusal, empty the PIN and put the cursor there."""
        super().show_error(message)
        self.fields.clear_pin()

    def _ok_text(self) -> str:
        return self.tr("Authorise")

    def _inputs(self) -> list[QWidget]:
        return [self.fields]

    def _valid(self) -> bool:
        return self.fields.complete()

    def _emit(self) -> None:
        self.submitted.emit(*self.credentials())
