"""The card on the teller's screen that shows the ticket at the counter and how it is going."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from counterdesk.core.durations import format_duration
from counterdesk.core.tickets import TicketState
from counterdesk.queue.base import CounterMode
from counterdesk.services.state import DeskState
from counterdesk.ui.messages import pause_reason_text


class TicketCard(QFrame):
    """The ticket number, its business, and its facts (wait, calls, time in service).

    Args:
        now: the clock, for the time in service.
        parent: the parent widget.
    """

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticket-card")
        self._now = now
        self._language = "en"
        box = QVBoxLayout(self)
        self.number = QLabel("—", self)
        self.number.setObjectName("ticket-number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = QFont(self.number.font())
        big.setPointSize(54)
        big.setBold(True)
        self.number.setFont(big)
        self.business = QLabel(self)
        self.business.setObjectName("ticket-type")
        self.business.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.facts = QLabel(self)
        self.facts.setObjectName("ticket-facts")
        self.facts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.number)
        box.addWidget(self.business)
        box.addWidget(self.facts)

    def show_state(self, state: DeskState, language: str) -> None:
        """Show the counter's ticket (or why there is none)."""
        current = state.current
        self._language = language
        if state.mode is CounterMode.PAUSED:
            self.number.setText("—")
            self.business.setText(
                self.tr("Paused: %1").replace("%1", pause_reason_text(state.pause_reason))
            )
            self.facts.setText(self.tr("Press F9 to resume"))
            return
        if current is None:
            self.number.setText("—")
            self.business.setText(self.tr("No customer at the counter"))
            self.facts.setText(self.tr("Press F1 to call the next customer"))
            return
        ticket = current.ticket
        self.number.setText(ticket.label)
        self.business.setText(current.business_type.name(language))
        self.update_facts(state)

    def update_facts(self, state: DeskState | None) -> None:
        """Show the facts of the state's ticket as of now (the time in service grows).

        One line, each fact once: how long the customer waited, how often the ticket was
        called, then how long the service runs (or that it is held). "Called" is not repeated
        as a state: the count says it.
        """
        if state is None or state.current is None:
            return
        ticket = state.current.ticket
        called = ticket.called_at or self._now()
        waited = format_duration((called - ticket.issued_at).total_seconds(), self._language)
        facts = [
            self.tr("Waited %1").replace("%1", waited),
            self.tr("Called %1×").replace("%1", str(max(1, ticket.call_count))),
        ]
        if ticket.state is TicketState.HELD:
            facts.append(self.tr("Held"))
        elif state.current.started_at is not None:
            served = (self._now() - state.current.started_at).total_seconds()
            facts.append(
                self.tr("In service %1").replace("%1", format_duration(served, self._language))
            )
        self.facts.setText(" · ".join(facts))
