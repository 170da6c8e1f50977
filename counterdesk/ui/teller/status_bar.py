"""The teller window's status bar: the counter's figures for today and whether the queue answers."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from counterdesk.services.state import DeskState
from counterdesk.ui.teller.queue_model import minutes


class DeskStatusBar(QStatusBar):
    """Served today and the average service; on the right, the queue's state.

    No rating figure: the teller must not read a customer's answer off a mean that moves.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.served = QLabel(self)
        self.average = QLabel(self)
        self.queue = QLabel(self)
        for label in (self.served, self.average):
            self.addWidget(label)
        self.addPermanentWidget(self.queue)

    def show_today(self, state: DeskState) -> None:
        """Show the counter's figures of today."""
        today = state.today
        self.served.setText(self.tr("Served today: %1").replace("%1", str(today.served)))
        self.average.setText(
            self.tr("Average service: %1").replace("%1", minutes(today.average_service_seconds))
        )

    def show_connecting(self) -> None:
        """Say the start-up is still reaching the queue."""
        self.queue.setText(self.tr("Connecting to the queue…"))

    def show_queue_connection(self, ok: bool) -> None:
        """Show whether the queue answers."""
        self.queue.setText(
            self.tr("Queue: connected") if ok else self.tr("Queue offline — reconnecting…")
        )
