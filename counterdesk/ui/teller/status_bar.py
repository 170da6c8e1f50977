"""The teller window's status bar: today's figures, the queue's state, head office's sync."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from counterdesk.core.durations import format_duration
from counterdesk.services.state import DeskState


class DeskStatusBar(QStatusBar):
    """Served today and the average service; on the right, head office's sync and the queue.

    No rating figure: the teller must not read a customer's answer off a mean that moves.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.served = QLabel(self)
        self.average = QLabel(self)
        self.queue = QLabel(self)
        self.head_office = QLabel(self)
        self.head_office.setObjectName("head-office-status")
        self.head_office.hide()  # shown once a head office is configured
        for label in (self.served, self.average):
            self.addWidget(label)
        self.addPermanentWidget(self.head_office)
        self.addPermanentWidget(self.queue)

    def add_own_month(self, action: QAction) -> None:
        """A small flat button for the teller's own month (its figures open in a dialog).

        It follows ``action`` (text, visibility) and triggers it; Ctrl+M is the action's.
        """
        self.own_month = QPushButton(self)
        self.own_month.setObjectName("own-month-button")
        self.own_month.setFlat(True)
        self.own_month.setAutoDefault(False)
        self.own_month.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+M from anywhere instead
        self.own_month.clicked.connect(action.trigger)

        def follow() -> None:
            self.own_month.setText(action.text())
            self.own_month.setVisible(action.isVisible())

        action.changed.connect(follow)
        follow()
        self.addPermanentWidget(self.own_month)

    def show_today(self, state: DeskState, language: str = "en") -> None:
        """Show the counter's figures of today (no average before the first service)."""
        today = state.today
        self.served.setText(self.tr("Served today: %1").replace("%1", str(today.served)))
        average = format_duration(today.average_service_seconds, language)
        self.average.setText(self.tr("Average service: %1").replace("%1", average))
        self.average.setVisible(today.served > 0)

    def show_connecting(self) -> None:
        """Say the start-up is still reaching the queue."""
        self.queue.setText(self.tr("Connecting to the queue…"))

    def show_queue_connection(self, ok: bool) -> None:
        """Show whether the queue answers."""
        self.queue.setText(
            self.tr("Queue: connected") if ok else self.tr("Queue offline — reconnecting…")
        )

    def show_head_office(self, line: str) -> None:
        """Show the line about the last sync with head office (already translated)."""
        self.head_office.setText(line)
        self.head_office.show()
