"""The page a teller signs in on, at the counter's window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui import icons
from counterdesk.ui.teller.dialogs.base import (
    DIALOG_STYLE,
    dialog_heading,
    make_error_label,
)
from counterdesk.ui.widgets.credentials import CredentialFields


class SignInPage(QWidget):
    """The teller's sign-in screen: counter number, staff number, PIN and "Sign in".

    Signals:
        submitted(str, str): the staff number and PIN; the controller verifies them and
            calls :meth:`show_error` or moves on to the counter screen.
    """

    submitted = Signal(str, str)

    def __init__(self, counter: int, parent: QWidget | None = None) -> None:
        """Build the page for counter number ``counter``."""
        super().__init__(parent)
        self.setStyleSheet(DIALOG_STYLE)
        self._busy = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        card = QFrame(self)
        card.setObjectName("signInCard")
        card.setFixedWidth(400)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        self.title_label = dialog_heading(
            self.tr("Counter {number}").format(number=counter), card, scale=1.9
        )
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title_label)
        subtitle = QLabel(self.tr("Sign in to open the counter"), card)
        subtitle.setObjectName("signInSubtitle")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(subtitle)
        self.notice_label = QLabel(card)
        self.notice_label.setObjectName("signInNotice")
        self.notice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        layout.addWidget(self.notice_label)
        layout.addSpacing(10)
        self.fields = CredentialFields(self.tr("Staff number"), card)
        layout.addWidget(self.fields)
        self.error_label = make_error_label(card)
        layout.addWidget(self.error_label)
        layout.addSpacing(6)
        self.sign_in_button = QPushButton(
            icons.icon("mdi6.login", "#ffffff"), self.tr("Sign in"), card
        )
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.setMinimumHeight(36)
        self.sign_in_button.setStyleSheet(
            "QPushButton { background: #1d5fc9; color: white; border: none; border-radius: 5px;"
            " padding: 6px 16px; font-weight: 600; }"
            "QPushButton:disabled { background: #a9bde3; }"
            "QPushButton:focus { border: 2px solid #0d3b85; }"
        )
        layout.addWidget(self.sign_in_button)
        middle.addWidget(card)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        self.fields.changed.connect(self._update_button)
        self.fields.return_pressed.connect(self._submit)
        self.sign_in_button.clicked.connect(self._submit)
        self._update_button()
        self.setFocusProxy(self.fields.staff_edit)

    def credentials(self) -> tuple[str, str]:
        """The staff number and PIN as typed."""
        return self.fields.credentials()

    def show_error(self, message: str) -> None:
        """Show why sign-in failed, empty the PIN and put the cursor there."""
        self.busy(False)
        self.error_label.setText(message)
        self.error_label.show()
        self.fields.clear_pin()

    def set_notice(self, text: str) -> None:
        """Show how the counter is starting (e.g. still reaching the queue); "" hides it."""
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def notice(self) -> str:
        """The notice shown, or ""."""
        return self.notice_label.text() if self.notice_label.isVisibleTo(self) else ""

    def error(self) -> str:
        """The error shown, or ""."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def busy(self, busy: bool) -> None:
        """Disable the fields and the button while the controller verifies."""
        self._busy = busy
        self.fields.setEnabled(not busy)
        self.sign_in_button.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        self._update_button()

    def clear(self) -> None:
        """Empty both fields and the error (after sign-out), cursor in the staff number."""
        self.busy(False)
        self.fields.staff_edit.clear()
        self.fields.pin_edit.clear()
        self.error_label.clear()
        self.error_label.hide()
        self.fields.staff_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _update_button(self) -> None:
        self.sign_in_button.setEnabled(self.fields.complete() and not self._busy)

    @Slot()
    def _submit(self) -> None:
        if self._busy or not self.fields.complete():
            return
        self.error_label.hide()
        self.submitted.emit(*self.credentials())
