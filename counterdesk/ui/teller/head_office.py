"""Head office's sync at the counter: the status-bar line, and the supervisor's dialog.

The status line ("Head office: synced 02:14", "Head office: sync failed 02:14, retry 02:20")
is for everyone at the counter. The details — the error text, the next planned run, and a
"Sync now" button — are behind a supervisor's sign-in (staff number and PIN, checked by the
same staff directory, lock-out and audit as a step authorisation), in a dialog opened with
Ctrl+Shift+H and closed with Escape. Nothing in it is about customers or their ratings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.errors import DomainError
from counterdesk.services.head_office import HeadOfficeSync
from counterdesk.sync.schedule import SyncResult
from counterdesk.ui.head_office import (
    HeadOfficeSyncer,
    HeadOfficeView,
    plan_reason_text,
    status_line,
    when_text,
)
from counterdesk.ui.messages import error_text
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.teller.dialogs.base import DIALOG_STYLE, icon_heading, make_error_label
from counterdesk.ui.teller.window import TellerWindow
from counterdesk.ui.widgets.credentials import CredentialFields

#: Opens the head-office dialog from the teller's window.
SHORTCUT = "Ctrl+Shift+H"


class HeadOfficeDialog(QDialog):
    """First a supervisor's staff number and PIN, then the sync's details and "Sync now".

    Escape (or Close) closes it at either step.

    Signals:
        submitted(str, str): the supervisor's staff number and PIN.
        sync_now_requested(): the supervisor asked for a sync at once.
    """

    submitted = Signal(str, str)
    sync_now_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("head-office-dialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setWindowTitle(self.tr("Head office sync"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(icon_heading("mdi6.shield-account", self.tr("Head office sync"), self))
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)

        # The supervisor's sign-in.
        sign_in = QWidget(self.pages)
        box = QVBoxLayout(sign_in)
        box.setContentsMargins(0, 0, 0, 0)
        note = QLabel(self.tr("A supervisor signs in to see the sync's details."), sign_in)
        note.setObjectName("dialogNote")
        note.setWordWrap(True)
        box.addWidget(note)
        self.fields = CredentialFields(self.tr("Supervisor's staff number"), sign_in)
        self.fields.changed.connect(self._update_show)
        self.fields.return_pressed.connect(self._submit)
        box.addWidget(self.fields)
        self.error_label = make_error_label(sign_in)
        box.addWidget(self.error_label)
        self.show_button = QPushButton(self.tr("Show"), sign_in)
        self.show_button.setObjectName("head-office-show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self._submit)
        box.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignRight)
        self.pages.addWidget(sign_in)

        # The details.
        self.details = QWidget(self.pages)
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        self.last_label = self._value()
        self.result_label = self._value()
        self.error_text = self._value()
        self.error_text.setObjectName("head-office-error")
        self.error_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.good_label = self._value()
        self.pending_label = self._value()
        self.next_label = self._value()
        form.addRow(self.tr("Last sync"), self.last_label)
        form.addRow(self.tr("Result"), self.result_label)
        form.addRow(self.tr("Error"), self.error_text)
        form.addRow(self.tr("Last successful sync"), self.good_label)
        form.addRow(self.tr("Events to send"), self.pending_label)
        form.addRow(self.tr("Next sync"), self.next_label)
        self.pages.addWidget(self.details)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.sync_button = self.buttons.addButton(
            self.tr("Sync now"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.sync_button.setObjectName("head-office-sync-now")
        self.sync_button.hide()
        self.sync_button.clicked.connect(self.sync_now_requested)
        layout.addWidget(self.buttons)
        self._busy = False
        self._update_show()
        self.fields.staff_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _value(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def busy(self, busy: bool) -> None:
        """Disable the sign-in while the credentials are checked."""
        self._busy = busy
        self.fields.setEnabled(not busy)
        self._update_show()

    def show_error(self, message: str) -> None:
        """Show why the sign-in was refused; empty the PIN."""
        self.busy(False)
        self.error_label.setText(message)
        self.error_label.show()
        self.fields.clear_pin()

    def error(self) -> str:
        """The sign-in refusal shown, or ""."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def show_details(self) -> None:
        """The supervisor signed in: show the details and the "Sync now" button."""
        self.busy(False)
        self.pages.setCurrentWidget(self.details)
        self.sync_button.show()
        self.sync_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def showing_details(self) -> bool:
        """Whether the details are shown (a supervisor signed in)."""
        return self.pages.currentWidget() is self.details

    def set_view(
        self, view: HeadOfficeView, now: datetime, zone: tzinfo | None, language: str
    ) -> None:
        """Fill the details from the syncer's view."""
        status, plan = view.status, view.plan

        def at(when: datetime | None) -> str:
            return self.tr("Never") if when is None else when_text(when, now, zone)

        self.sync_button.setEnabled(not view.running)
        if status is None:
            for label in (self.last_label, self.result_label, self.good_label):
                label.setText("…")
        else:
            self.last_label.setText(at(status.last_at))
            self.good_label.setText(at(status.last_ok_at))
            self.pending_label.setText(str(status.pending))
            if view.running:
                result = self.tr("Syncing…")
            elif view.skipped_busy:
                result = self.tr("Skipped: another sync of this journal is running")
            elif status.last_ok is None:
                result = self.tr("Never synced")
            else:
                result = self.tr("Done") if status.last_ok else self.tr("Failed")
            self.result_label.setText(result)
        self.error_text.setText(_error_detail(view, language))
        self.next_label.setText(
            "…" if plan is None else f"{at(plan.at)} ({plan_reason_text(plan.reason)})"
        )

    @Slot()
    def _update_show(self) -> None:
        self.show_button.setEnabled(self.fields.complete() and not self._busy)

    @Slot()
    def _submit(self) -> None:
        if not self.fields.complete() or self._busy:
            return
        self.error_label.hide()
        self.busy(True)
        self.submitted.emit(*self.fields.credentials())


def _error_detail(view: HeadOfficeView, language: str) -> str:
    """The error of the last sync, for the supervisor.

    This program's own failure shows its exception in the teller's language (a rule's refusal
    such as "head office cannot be reached", translated; anything else a generic sentence
    followed by the journal's technical note). A failure noted by ``counterdesk sync`` or by an
    earlier run of the program shows the journal's note as it was written.
    """
    status, last = view.status, view.last
    if last is not None and last.error is not None:
        text = error_text(last.error, language=language)
        if last.result is SyncResult.BUSY:
            return text
        ours = status is not None and last.status.last_at == status.last_at
        if ours and isinstance(last.error, DomainError):
            return text
        if ours and status is not None:
            return f"{text}\n{status.message}"
    if status is not None and status.last_ok is False:
        return status.message
    return ""


class HeadOfficePresenter(QObject):
    """Shows the syncer on the teller's window and runs the supervisor's dialog.

    Args:
        window: the teller's window (its status bar gets the line; the shortcut is added).
        syncer: the program's syncer.
        service: the sync use case (the supervisor check runs on ``runner``).
        runner: the desk's worker (the station's journal lives there).
        language: the teller's language.
        zone: the local time zone (None: the machine's).
        now: the time now (the station's clock).
    """

    def __init__(
        self,
        window: TellerWindow,
        syncer: HeadOfficeSyncer,
        service: HeadOfficeSync,
        runner: TaskRunner,
        *,
        language: str,
        now: Callable[[], datetime],
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.syncer = syncer
        self.service = service
        self.runner = runner
        self.language = language
        self.zone = zone
        self._now = now
        self.dialog: HeadOfficeDialog | None = None
        self.action = QAction(window)
        self.action.setObjectName("head-office")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self.open_dialog)
        window.addAction(self.action)
        syncer.changed.connect(self.show_view)
        # "synced 02:14" becomes "synced 2026-12-01 02:14" once the day changes.
        self._refresh = QTimer(self)
        self._refresh.setObjectName("head-office-line")
        self._refresh.setInterval(60_000)
        self._refresh.timeout.connect(lambda: self.show_view(self.syncer.view))
        self._refresh.start()
        self.show_view(syncer.view)

    @Slot(object)
    def show_view(self, view: HeadOfficeView) -> None:
        """Show the sync on the status line (and in an open dialog)."""
        now = self._now()
        self.window.status_bar.show_head_office(status_line(view, now, self.zone))
        if self.dialog is not None:
            self.dialog.set_view(view, now, self.zone, self.language)

    @Slot()
    def open_dialog(self) -> None:
        """Open the supervisor's dialog (one at a time)."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = HeadOfficeDialog(self.window)
        self.dialog = dialog
        dialog.set_view(self.syncer.view, self._now(), self.zone, self.language)
        dialog.submitted.connect(self._check)
        dialog.sync_now_requested.connect(self.syncer.sync_now)
        dialog.finished.connect(self._closed)
        dialog.open()

    def _check(self, staff_no: str, pin: str) -> None:
        dialog = self.dialog

        def done(_: object) -> None:
            if dialog is self.dialog and dialog is not None:
                dialog.show_details()

        def failed(error: BaseException) -> None:
            if dialog is self.dialog and dialog is not None:
                dialog.show_error(error_text(error, language=self.language))

        self.runner.run(lambda: self.service.check_supervisor(staff_no, pin), done, failed)

    def _closed(self, _: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.window.activateWindow()
