"""The teller corrects the business type of the customer being served."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from counterdesk.ui.teller.dialogs.base import (
    TellerDialog,
    icon_heading,
)


class SwitchTypeDialog(TellerDialog):
    """Switch the service to another business type (the customer asked for something else)."""

    def __init__(
        self, types: list[tuple[str, str]], current: str, parent: QWidget | None = None
    ) -> None:
        """Build the dialog.

        Args:
            types: (code, display name) of the business types; ``current`` is not offered.
            current: the code of the business being done now.
            parent: the teller's window.
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Switch business"))
        self.layout_.addLayout(
            icon_heading("mdi6.swap-horizontal-circle-outline", self.tr("Switch business"), self)
        )
        names = dict(types)
        note = QLabel(
            self.tr("Now: {name}. The checklist restarts with the new business.").format(
                name=names.get(current, current)
            ),
            self,
        )
        note.setObjectName("dialogNote")
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.list = QListWidget(self)
        self.list.setObjectName("businessTypes")
        for code, name in types:
            if code == current:
                continue
            item = QListWidgetItem(f"{name}  ({code})", self.list)
            item.setData(Qt.ItemDataRole.UserRole, code)
        # Qt makes the first row current (but unselected) on focus anyway, and the first Down
        # would then skip it; so start with it selected, visibly.
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setMinimumHeight(min(8, max(3, self.list.count())) * 28)
        self.layout_.addWidget(self.list)
        self.list.itemSelectionChanged.connect(self._update_ok)
        self.list.itemDoubleClicked.connect(self._accept_if_valid)
        self.buttons.accepted.connect(self._accept_if_valid)
        self._finish_layout(self.tr("Switch"))
        self._update_ok()
        self.setMinimumWidth(380)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def code(self) -> str:
        """The chosen business type code ("" when none is chosen)."""
        items = self.list.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else ""

    def _valid(self) -> bool:
        return bool(self.code())
