"""The teller hands the ticket to another business type or counter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from counterdesk.queue.base import CounterStatus
from counterdesk.ui.teller.dialogs.base import (
    TellerDialog,
    icon_heading,
)


class TransferDialog(TellerDialog):
    """Transfer the customer to another business type, another counter, or both.

    Only counters the queue would take the ticket for are offered: open or paused, still
    sending their heartbeat, and serving the business the ticket will have (the chosen one, or
    its own). Choosing another business offers that business's counters.
    """

    def __init__(
        self,
        types: list[tuple[str, str]],
        counters: Sequence[CounterStatus],
        business_type: str,
        parent: QWidget | None = None,
    ) -> None:
        """Build the dialog.

        Args:
            types: (code, display name) of the business types to offer.
            counters: the other counters as the queue last reported them.
            business_type: the ticket's business type now (kept when "Same business").
            parent: the teller's window.
        """
        super().__init__(parent)
        self._counters = tuple(counters)
        self._business_type = business_type
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
        self._offer_counters()
        form.addRow(self.tr("&Business"), self.type_combo)
        form.addRow(self.tr("&Counter"), self.counter_combo)
        self.layout_.addLayout(form)
        self.type_combo.currentIndexChanged.connect(self._offer_counters)
        self.type_combo.currentIndexChanged.connect(self._update_ok)
        self.counter_combo.currentIndexChanged.connect(self._update_ok)
        self.buttons.accepted.connect(self._accept_if_valid)
        self._finish_layout(self.tr("Transfer"))
        self._update_ok()
        self.setMinimumWidth(420)
        self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def offered_counters(self) -> list[int]:
        """The counter numbers the counter list offers now."""
        items = (self.counter_combo.itemData(i) for i in range(self.counter_combo.count()))
        return [int(counter) for counter in items if counter is not None]

    @Slot()
    def _offer_counters(self) -> None:
        code = self.type_combo.currentData()
        target = str(code) if code is not None else self._business_type
        chosen = self.counter_combo.currentData()
        self.counter_combo.blockSignals(True)
        self.counter_combo.clear()
        self.counter_combo.addItem(self.tr("Any counter"), None)
        for counter in self._counters:
            if not counter.takes_transfers_of(target):
                continue
            text = self.tr("Counter {number}").format(number=counter.counter)
            self.counter_combo.addItem(text, counter.counter)
        index = self.counter_combo.findData(chosen) if chosen is not None else 0
        self.counter_combo.setCurrentIndex(max(index, 0))
        self.counter_combo.blockSignals(False)

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
