"""The dialog telling staff an error was logged, where the log is, and that work goes on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from counterdesk.ui.teller.dialogs.base import DIALOG_STYLE, icon_heading
from counterdesk.ui.widgets.colours import AMBER


class CrashDialog(QDialog):
    """One dialog for every error while it is open: the last error, how many, the log file."""

    def __init__(self, parent: QWidget | None) -> None:
        """Build the dialog (shown by :meth:`show_crash`)."""
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setModal(False)
        self.setMinimumWidth(520)
        self._count = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(
            icon_heading(
                "mdi6.alert-outline", self.tr("An error occurred and was logged"), self, AMBER
            )
        )
        self._summary = self._label("crashSummary")
        layout.addWidget(self._summary)
        self._where = self._label("crashLogNote")
        layout.addWidget(self._where)
        # On a line of its own and selectable, so staff can copy it for IT support.
        self._path = self._label("crashLogPath")
        self._path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._path)
        self._note = self._label("dialogNote")
        layout.addWidget(self._note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addSpacing(4)
        layout.addWidget(buttons)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def show_crash(self, summary: str, log_path: str) -> None:
        """Show the error in one line and the log's path; count errors while the dialog is up.

        Args:
            summary: what happened, in one line.
            log_path: the log file with the full report ("" when the log goes to no file).
        """
        self._count = self._count + 1 if self.isVisible() else 1
        if self._count == 1:
            self._summary.setText(summary)
        else:
            self._summary.setText(
                self.tr("{count} errors; the last: {summary}").format(
                    count=self._count, summary=summary
                )
            )
        self._where.setText(
            self.tr("Details are in the log file:")
            if log_path
            else self.tr("Details went to the program's error output (no log file).")
        )
        self._path.setText(log_path)
        self._path.setVisible(bool(log_path))
        self._note.setText(
            self.tr(
                "The program keeps running: carry on, and give this log file to IT support "
                "if it happens again."
            )
        )
        self.setWindowTitle(self.tr("counterdesk: error"))
        # A dialog stays above its parent window: no raise needed when it is already up.
        self.show()

    def summary(self) -> str:
        """The error line shown."""
        return self._summary.text()

    def log_path(self) -> str:
        """The log file's path shown ("" when there is none)."""
        return self._path.text() if self._path.isVisibleTo(self) else ""
