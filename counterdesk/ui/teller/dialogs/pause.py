"""The teller chooses why the counter pauses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui.teller.dialogs.base import (
    TellerDialog,
    icon_heading,
)

#: The pause reason key that asks for the teller's own words.
OTHER_REASON = "other"


class PauseDialog(TellerDialog):
    """Choose why the counter pauses; "other" asks for the teller's own words."""

    def __init__(self, reasons: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """Build the dialog.

        Args:
            reasons: (key, label) pairs in the order to offer them; the key ``other``
                (:data:`OTHER_REASON`) comes with a free-text field.
            parent: the teller's window.
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pause the counter"))
        self.layout_.addLayout(
            icon_heading("mdi6.coffee-outline", self.tr("Why is the counter pausing?"), self)
        )
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.other_edit = QLineEdit(self)
        self.other_edit.setObjectName("otherReason")
        self.other_edit.setMaxLength(120)
        self.other_edit.setPlaceholderText(self.tr("Say why"))
        self.other_edit.setEnabled(False)
        options = QVBoxLayout()
        options.setSpacing(6)
        for number, (key, label) in enumerate(reasons, start=1):
            text = f"&{number}  {label}" if number < 10 else label
            button = QRadioButton(text, self)
            button.setObjectName(f"reason_{key}")
            button.setProperty("reasonKey", key)
            self.group.addButton(button)
            options.addWidget(button)
            if key == OTHER_REASON:
                indent = QHBoxLayout()
                indent.setContentsMargins(26, 0, 0, 0)
                indent.addWidget(self.other_edit)
                options.addLayout(indent)
        self.layout_.addLayout(options)
        if OTHER_REASON not in (key for key, _label in reasons):
            self.other_edit.hide()
        self.group.buttonToggled.connect(self._on_toggled)
        self.other_edit.textChanged.connect(self._update_ok)
        self.buttons.accepted.connect(self._accept_if_valid)
        self._finish_layout(self.tr("Pause"))
        self._update_ok()
        self.setMinimumWidth(380)
        buttons = self.group.buttons()
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def key(self) -> str | None:
        """The key of the chosen reason, or None."""
        button = self.group.checkedButton()
        return str(button.property("reasonKey")) if button is not None else None

    def reason(self) -> str:
        """The chosen reason's key, or the teller's own words for "other" ("" if none)."""
        key = self.key()
        if key is None:
            return ""
        if key == OTHER_REASON:
            return self.other_edit.text().strip()
        return key

    def _valid(self) -> bool:
        return bool(self.reason())

    @Slot(QAbstractButton, bool)
    def _on_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if button.property("reasonKey") == OTHER_REASON:
            self.other_edit.setEnabled(checked)
            if checked:
                self.other_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_ok()
