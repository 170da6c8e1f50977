"""The teller hands the ticket to another business type or counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from counterdesk.ui.teller.dialogs.base import (
    TellerDialog,
    icon_heading,
)


class TransferDialog(TellerDialog):
    """Transfer the customer to another business type, another counter, or both."""

    def __init__(
        self,
        types: list[tuple[str, str]],
        counters: list[int],
        parent: QWidget | None = None,
    ) -> None:
        """Build the dialog.

        Args:
            types: (code, display name) of the business types to offer.
            counters: the counter numbers to offer.
            parent: the teller's window.
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer the customer"))
        self.layout_.addLayout(
            icon_heading("mdi6.swap-horizontal", self.tr("Transfer the customer"), self)
        )
        note = QLabel(
            self.tr("The customer keeps the ticket number. Choose a business, a counter or both."),
            self,
        )
        note.setObjectName("dialogNote")
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("transferType")
        self.type_combo.addItem(self.tr("Same business"), None)
        for code, name in types:
            self.type_combo.addItem(name, code)
        self.counter_combo = QComboBox(self)
        self.counter_combo.setObjectName("transferCounter")
        self.counter_combo.addItem(self.tr("Any counter"), None)
        for counter in counters:
            self.counter_combo.addItem(self.tr("Counter {number}").format(number=counter), counter)
        form.addRow(self.tr("&Business"), self.type_combo)
        form.addRow(self.tr("&Counter"), self.counter_combo)
        self.layout_.addLayout(form)
        self.type_combo.currentIndexChanged.connect(self._update_ok)
        self.counter_combo.currentIndexChanged.connect(self._update_ok)
        self.buttons.accepted.connect(self._accept_if_valid)
        self._finish_layout(self.tr("Transfer"))
        self._update_ok()
        self.setMinimumWidth(420)
        self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def choice(self) -> tuple[str | None, int | None]:
        """The business type code and the counter chosen (None for "keep"/"any")."""
        code = self.type_combo.currentData()
        counter = self.counter_combo.currentData()
        return (
            str(code) if code is not None else None,
            int(counter) if counter is not None else None,
        )

    def _valid(self) -> bool:
        return self.choice() != (None, None)
