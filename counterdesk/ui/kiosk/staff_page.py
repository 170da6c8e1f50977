"""The kiosk's staff sign-in page: staff number and PIN, typed on the keypad beside them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui import icons
from counterdesk.ui.kiosk.keypad import Keypad
from counterdesk.ui.kiosk.tile import kiosk_label, plain_button
from counterdesk.ui.widgets.colours import NAVY, WHITE
from counterdesk.ui.widgets.credentials import CredentialFields


class StaffPage(QWidget):
    """A lobby manager signs in here to unlock one priority ticket.

    The page only shows and emits; the window decides whether a request counts (it must be
    the visible page) and restarts its staff timer on :attr:`touched`.

    Signals:
        submitted(): the sign-in button or Enter was pressed.
        touched(): a field was edited or a key pressed.
        cancelled(): the staff member gave up.
    """

    submitted = Signal()
    touched = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffPage")
        self._signing_in = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(20)
        title_row = QHBoxLayout()
        title_row.addStretch(1)
        mark = QLabel(self)
        mark.setPixmap(icons.pixmap("mdi6.shield-account", NAVY, 48))
        title_row.addWidget(mark)
        self._title = kiosk_label("staffTitle", self, wrap=False)
        title_row.addWidget(self._title)
        title_row.addStretch(1)
        layout.addStretch(1)
        layout.addLayout(title_row)
        self._note = kiosk_label("staffNote", self)
        layout.addWidget(self._note)

        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(40)
        card = QFrame(self)
        card.setObjectName("staffCard")
        card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(36, 32, 36, 32)
        card_layout.setSpacing(20)
        self.fields = CredentialFields(self.tr("Staff number"), card)
        self.fields.setObjectName("staffFields")
        form = self._form()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(16)
        for edit in (self.fields.staff_edit, self.fields.pin_edit):
            edit.installEventFilter(self)
            edit.setMinimumHeight(72)
            row_label = form.labelForField(edit)
            if isinstance(row_label, QLabel):
                # A form puts labels at the top of their row: as tall as the field, centred.
                row_label.setMinimumHeight(72)
                row_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.fields.changed.connect(self._on_activity)
        self.fields.return_pressed.connect(self.submitted)
        card_layout.addWidget(self.fields)
        self._error = kiosk_label("staffError", card)
        self._error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._error.hide()
        card_layout.addWidget(self._error)
        buttons = QHBoxLayout()
        buttons.setSpacing(20)
        self._cancel = plain_button("staffCancelButton", card)
        self._cancel.clicked.connect(self.cancelled)
        buttons.addWidget(self._cancel, 1)
        self._sign_in_button = QPushButton(card)
        self._sign_in_button.setObjectName("signInButton")
        self._sign_in_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._sign_in_button.setIcon(icons.icon("mdi6.login", WHITE))
        self._sign_in_button.setIconSize(QSize(32, 32))
        self._sign_in_button.setMinimumHeight(80)
        self._sign_in_button.clicked.connect(self.submitted)
        buttons.addWidget(self._sign_in_button, 2)
        card_layout.addLayout(buttons)
        self._body.addWidget(card, 3, Qt.AlignmentFlag.AlignTop)

        self._keypad = Keypad(self.fields.staff_edit, self)
        self._keypad.typed.connect(self._on_activity)
        self._body.addWidget(self._keypad, 2)
        layout.addLayout(self._body)
        layout.addStretch(2)

    def is_signing_in(self) -> bool:
        """Whether a sign-in was sent and waits for the controller's answer."""
        return self._signing_in

    def begin_sign_in(self) -> None:
        """The credentials were sent: wait, with the button saying so."""
        self._signing_in = True
        self._error.hide()
        self._update_button()

    def stop_waiting(self) -> None:
        """Forget a sign-in in flight (the page was left; a late answer must not count)."""
        self._signing_in = False

    def show_error(self, message: str) -> None:
        """Show why the sign-in was refused; the PIN is typed again."""
        self._signing_in = False
        self._error.setText(message)
        self._error.show()
        self.fields.clear_pin()
        self._keypad.set_target(self.fields.pin_edit)
        self._update_button()

    def clear(self) -> None:
        """Empty the form, ready for the next staff member."""
        self.fields.staff_edit.clear()
        self.fields.pin_edit.clear()
        self._error.hide()
        self._error.clear()
        self._keypad.set_target(self.fields.staff_edit)
        self._signing_in = False
        self._update_button()

    def set_portrait(self, portrait: bool) -> None:
        """Stack the card beside the keypad (portrait) or put them side by side."""
        self._body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def retranslate(self) -> None:
        """Set the page's texts in the current language."""
        self._title.setText(self.tr("Staff sign-in"))
        self._note.setText(self.tr("Sign in to issue a priority ticket"))
        staff_label = self._form().labelForField(self.fields.staff_edit)
        if isinstance(staff_label, QLabel):
            staff_label.setText(self.tr("Staff number"))
        self._keypad.retranslate()
        self._cancel.setText(self.tr("Cancel"))
        self._update_button()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow which field the keypad types into."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self._keypad.set_target(watched)
        return super().eventFilter(watched, event)

    @Slot()
    def _on_activity(self) -> None:
        self.touched.emit()
        self._update_button()

    def _update_button(self) -> None:
        self._sign_in_button.setEnabled(self.fields.complete() and not self._signing_in)
        self._sign_in_button.setText(
            self.tr("Checking…") if self._signing_in else self.tr("Sign in")
        )

    def _form(self) -> QFormLayout:
        form = self.fields.layout()
        assert isinstance(form, QFormLayout)
        return form
