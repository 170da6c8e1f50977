"""A staff number and PIN form, shared by the teller's dialogs and the kiosk's staff page."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QWidget,
)


class CredentialFields(QWidget):
    """A staff number and a masked, digits-only PIN, as a two-line form.

    Signals:
        changed(): either field was edited.
        return_pressed(): Enter was pressed in the PIN field (or in the staff number field
            while the PIN is already typed).
    """

    changed = Signal()
    return_pressed = Signal()

    def __init__(self, staff_label: str, parent: QWidget) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.staff_edit = QLineEdit(self)
        self.staff_edit.setObjectName("staffNumber")
        self.staff_edit.setMaxLength(32)
        self.staff_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[A-Za-z0-9_\-]*"), self.staff_edit)
        )
        self.staff_edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setObjectName("pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d*"), self.pin_edit)
        )
        self.pin_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        form.addRow(staff_label, self.staff_edit)
        form.addRow(self.tr("PIN"), self.pin_edit)
        self.staff_edit.textChanged.connect(self.changed)
        self.pin_edit.textChanged.connect(self.changed)
        self.staff_edit.returnPressed.connect(self._on_staff_return)
        self.pin_edit.returnPressed.connect(self.return_pressed)

    def credentials(self) -> tuple[str, str]:
        """The staff number (trimmed) and the PIN."""
        return self.staff_edit.text().strip(), self.pin_edit.text()

    def complete(self) -> bool:
        """Whether both fields are filled in."""
        staff_no, pin = self.credentials()
        return bool(staff_no and pin)

    def clear_pin(self) -> None:
        """Empty the PIN and put the cursor there, after a refusal."""
        self.pin_edit.clear()
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_staff_return(self) -> None:
        if self.pin_edit.text():
            self.return_pressed.emit()
        else:
            self.pin_edit.setFocus(Qt.FocusReason.TabFocusReason)
