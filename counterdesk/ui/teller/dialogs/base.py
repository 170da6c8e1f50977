"""What the teller's dialogs share: style, headings, the error line and the OK/Cancel base."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui.widgets.colours import AMBER, BLUE, GREY, RED
from counterdesk.ui.widgets.marks import marked_row

DIALOG_STYLE = f"""
QLabel#dialogError {{ color: {RED}; }}
QLabel#dialogNote, QLabel#signInSubtitle {{ color: {GREY}; }}
QFrame#stepQuote {{
    background: #f4f6f8;
    border-left: 3px solid {AMBER};
    border-radius: 3px;
}}
QListWidget#businessTypes::item {{ padding: 5px 6px; }}
QFrame#signInCard {{
    background: #ffffff;
    border: 1px solid #dde1e6;
    border-radius: 10px;
}}
"""


def dialog_heading(text: str, parent: QWidget, scale: float = 1.25) -> QLabel:
    """A bold, wrapping heading ``scale`` times the normal size."""
    label = QLabel(text, parent)
    label.setObjectName("dialogHeading")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def icon_heading(icon: str, text: str, parent: QWidget, color: str = BLUE) -> QHBoxLayout:
    """A heading with an icon before it, as a row to add to a layout."""
    return marked_row(
        icon,
        color,
        28,
        dialog_heading(text, parent),
        spacing=10,
        text_alignment=Qt.AlignmentFlag.AlignVCenter,
    )


def make_error_label(parent: QWidget) -> QLabel:
    """A hidden, red, plain-text label for why an input was refused."""
    label = QLabel(parent)
    label.setObjectName("dialogError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class TellerDialog(QDialog):
    """Shared set-up: style, a vertical layout and an OK/Cancel button box."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setStyleSheet(DIALOG_STYLE)
        self.setModal(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 18, 20, 16)
        self.layout_.setSpacing(12)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        """The OK button (disabled until the input is complete)."""
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _finish_layout(self, ok_text: str) -> None:
        self.ok_button.setText(ok_text)
        self.ok_button.setDefault(True)
        self.layout_.addSpacing(4)
        self.layout_.addWidget(self.buttons)

    def _valid(self) -> bool:
        """Whether the input is complete; OK is enabled only then."""
        raise NotImplementedError

    @Slot()
    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self._valid())

    @Slot()
    def _accept_if_valid(self) -> None:
        if self._valid():
            self.accept()


class VerifyingDialog(TellerDialog):
    """A dialog whose OK is checked elsewhere: it emits, shows errors and waits, busy."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._busy = False
        self.error_label = make_error_label(self)
        self.buttons.accepted.connect(self._submit)

    def show_error(self, message: str) -> None:
        """Show why the credentials were refused and let the teller try again."""
        self.busy(False)
        self.error_label.setText(message)
        self.error_label.show()

    def error(self) -> str:
        """The error shown, or ""."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def busy(self, busy: bool) -> None:
        """Disable the inputs while the controller verifies (Cancel stays available)."""
        self._busy = busy
        for child in self._inputs():
            child.setEnabled(not busy)
        self._update_ok()
        self.ok_button.setText(self._busy_text() if busy else self._ok_text())

    def is_busy(self) -> bool:
        """Whether the dialog waits for the controller."""
        return self._busy

    def _inputs(self) -> list[QWidget]:
        raise NotImplementedError

    def _emit(self) -> None:
        raise NotImplementedError

    def _ok_text(self) -> str:
        return self.tr("OK")

    def _busy_text(self) -> str:
        return self.tr("Checking…")

    @Slot()
    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self._valid() and not self._busy)

    @Slot()
    def _submit(self) -> None:
        if not self._valid() or self._busy:
            return
        self.error_label.hide()
        self._emit()
