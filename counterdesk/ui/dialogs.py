"""Dialogs of the teller's window (authorisation, pause, transfer, override) and sign-in."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal, Slot
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui import icons

#: The pause reason key that asks for the teller's own words.
OTHER_REASON = "other"

_RED = "#c62828"
_GREY = "#6b7280"
_AMBER = "#b26a00"

_STYLE = f"""
QLabel#dialogError {{ color: {_RED}; }}
QLabel#dialogNote, QLabel#signInSubtitle {{ color: {_GREY}; }}
QFrame#stepQuote {{
    background: #f4f6f8;
    border-left: 3px solid {_AMBER};
    border-radius: 3px;
}}
QListWidget#businessTypes::item {{ padding: 5px 6px; }}
QFrame#signInCard {{
    background: #ffffff;
    border: 1px solid #dde1e6;
    border-radius: 10px;
}}
"""


def _heading(text: str, parent: QWidget, scale: float = 1.25) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("dialogHeading")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _icon_heading(icon: str, text: str, parent: QWidget, color: str = "#1d5fc9") -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(10)
    mark = QLabel(parent)
    mark.setPixmap(icons.pixmap(icon, color, 28))
    mark.setFixedSize(28, 28)
    row.addWidget(mark, 0, Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(_heading(text, parent), 1, Qt.AlignmentFlag.AlignVCenter)
    return row


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("dialogError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class _CredentialFields(QWidget):
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


class _Dialog(QDialog):
    """Shared set-up: style, a vertical layout and an OK/Cancel button box."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
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


class _VerifyingDialog(_Dialog):
    """A dialog whose OK is checked elsewhere: it emits, shows errors and waits, busy."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._busy = False
        self.error_label = _error_label(self)
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


class AuthorisationDialog(_VerifyingDialog):
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
            _icon_heading("mdi6.shield-account", self.tr("Supervisor authorisation"), self)
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
        self.fields = _CredentialFields(self.tr("Supervisor's staff number"), self)
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


class FinishOverrideDialog(_VerifyingDialog):
    """Finish with mandatory steps open: a reason and a supervisor's override.

    Like :class:`AuthorisationDialog`, OK emits ``submitted`` and the controller closes
    the dialog or calls :meth:`show_error`.

    Signals:
        submitted(str, str, str): the reason, the supervisor's staff number and PIN.
    """

    submitted = Signal(str, str, str)

    def __init__(self, open_steps: list[str], parent: QWidget | None = None) -> None:
        """Build the dialog listing ``open_steps`` (step texts in the teller's language)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Finish with steps open"))
        self.layout_.addLayout(
            _icon_heading(
                "mdi6.alert-outline", self.tr("Mandatory steps are still open"), self, _AMBER
            )
        )
        self.steps_list = QListWidget(self)
        self.steps_list.setObjectName("openSteps")
        self.steps_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps_list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.steps_list.setWordWrap(True)
        warn = icons.icon("mdi6.checkbox-blank-outline", _RED)
        for text in open_steps:
            QListWidgetItem(warn, text, self.steps_list)
        rows = max(1, min(len(open_steps), 5))
        self.steps_list.setFixedHeight(rows * (self.fontMetrics().height() + 10) + 8)
        self.layout_.addWidget(self.steps_list)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("overrideReason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("Why the service ends without them"))
        self.fields = _CredentialFields(self.tr("Supervisor's staff number"), self)
        form = self.fields.layout()
        assert isinstance(form, QFormLayout)
        form.insertRow(0, self.tr("Reason"), self.reason_edit)
        self.layout_.addWidget(self.fields)
        self.layout_.addWidget(self.error_label)
        self.reason_edit.textChanged.connect(self._update_ok)
        self.reason_edit.returnPressed.connect(self._on_reason_return)
        # Enter in a field presses the default button (OK), which is disabled until valid.
        self.fields.changed.connect(self._update_ok)
        self._finish_layout(self._ok_text())
        self._update_ok()
        self.setMinimumWidth(480)
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> tuple[str, str, str]:
        """The reason (trimmed), the supervisor's staff number and PIN."""
        staff_no, pin = self.fields.credentials()
        return self.reason_edit.text().strip(), staff_no, pin

    def show_error(self, message: str) -> None:
        """Show the refusal, empty the PIN and put the cursor there."""
        super().show_error(message)
        self.fields.clear_pin()

    @Slot()
    def _on_reason_return(self) -> None:
        # When everything is filled in, the default button (OK) takes the same Enter.
        if not self._valid():
            self.fields.staff_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def _ok_text(self) -> str:
        return self.tr("Finish anyway")

    def _inputs(self) -> list[QWidget]:
        return [self.reason_edit, self.fields]

    def _valid(self) -> bool:
        return bool(self.reason_edit.text().strip()) and self.fields.complete()

    def _emit(self) -> None:
        self.submitted.emit(*self.values())


class PauseDialog(_Dialog):
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
            _icon_heading("mdi6.coffee-outline", self.tr("Why is the counter pausing?"), self)
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


class TransferDialog(_Dialog):
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
            _icon_heading("mdi6.swap-horizontal", self.tr("Transfer the customer"), self)
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


class SwitchTypeDialog(_Dialog):
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
            _icon_heading("mdi6.swap-horizontal-circle-outline", self.tr("Switch business"), self)
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
        self.setStyleSheet(_STYLE)
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
        self.title_label = _heading(
            self.tr("Counter {number}").format(number=counter), card, scale=1.9
        )
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title_label)
        subtitle = QLabel(self.tr("Sign in to open the counter"), card)
        subtitle.setObjectName("signInSubtitle")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(subtitle)
        layout.addSpacing(10)
        self.fields = _CredentialFields(self.tr("Staff number"), card)
        layout.addWidget(self.fields)
        self.error_label = _error_label(card)
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
