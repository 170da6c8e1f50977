"""The kiosk's on-screen number keypad for the staff sign-in (a touch screen has no keyboard)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from counterdesk.ui import icons
from counterdesk.ui.widgets.colours import NAVY

#: The keys, row by row, three to a row.
KEYPAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back")


class Keypad(QWidget):
    """Twelve big keys that type into the line edit last given to :meth:`set_target`.

    Signals:
        typed(): a key changed the target (after the change).
    """

    typed = Signal()

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._target = target
        keys = QGridLayout(self)
        keys.setContentsMargins(0, 0, 0, 0)
        keys.setSpacing(14)
        self._group = QButtonGroup(self)
        for index, key in enumerate(KEYPAD_KEYS):
            button = QPushButton(self)
            button.setObjectName(f"key_{key}")
            button.setProperty("keypadKey", True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(110, 86)
            if key == "back":
                button.setIcon(icons.icon("mdi6.backspace-outline", NAVY))
                button.setIconSize(QSize(36, 36))
            elif key != "clear":
                button.setText(key)
            self._group.addButton(button, index)
            keys.addWidget(button, index // 3, index % 3)
        self._group.idClicked.connect(self._on_key)
        self._clear_key = self._group.button(KEYPAD_KEYS.index("clear"))
        self.retranslate()

    def target(self) -> QLineEdit:
        """The field the keys type into."""
        return self._target

    def set_target(self, edit: QLineEdit) -> None:
        """Type into ``edit`` from now on."""
        self._target = edit

    def retranslate(self) -> None:
        """Label the keys that have words in the current language."""
        if self._clear_key is not None:
            self._clear_key.setText(self.tr("Clear"))

    @Slot(int)
    def _on_key(self, index: int) -> None:
        key = KEYPAD_KEYS[index]
        edit = self._target
        if key == "back":
            edit.backspace()
        elif key == "clear":
            edit.clear()
        else:
            edit.insert(key)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.typed.emit()
