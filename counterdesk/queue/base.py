"""What every queue backend offers, and the plain results it returns."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from counterdesk.core.errors import DomainError
from counterdesk.core.policy import CallDecision, CallingPolicy
from counterdesk.core.tickets import Ticket


class QueueOfflineError(DomainError):
    """The queue server could not be reached (restart, network cut); nothing was changed."""


class CounterMode(enum.StrEnum):
    """Whether a counter takes customers."""

    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


@dataclass(frozen=True)
class TypeStatus:
    """Waiting figures of one business type for today."""

    business_type: str
    waiting: int
    longest_wait_seconds: float
    target_seconds: int

    @property
    def over_target(self) -> bool:
        """Whether the longest wait passed the service-level target."""
        return self.longest_wait_seconds > self.target_seconds


@dataclass(frozen=True)
class CounterStatus:
    """What a counter is doing now."""

    counter: int
    mode: CounterMode
    reason: str
    ticket_label: str | None
    updated_at: datetime


@dataclass(frozen=True)
class QueueStatus:
    """A snapshot of today's queue for operators, displays and the CLI."""

    day: str
    types: tuple[TypeStatus, ...]
    counters: tuple[CounterStatus, ...]
    issued_today: int

    @property
    def waiting(self) -> int:
        """Tickets waiting across all business types."""
        return sum(t.waiting for t in self.types)


@dataclass(frozen=True)
class CallView:
    """One call shown and announced in the lobby (ticket → counter).

    Attributes:
        seq: position in the queue's event feed; only grows, so each call is shown once.
        ticket_label: the number the customer holds (``A012``).
        counter: the counter to go to.
        business_type: code of the business (for the display's colour or name).
        at: when the counter called (aware UTC).
        recall: whether this repeats an earlier call (announced again).
    """

    seq: int
    ticket_label: str
    counter: int
    business_type: str
    at: datetime
    recall: bool = False


class QueueBackend(Protocol):
    """Operations on the shared queue; every change commits with its event row."""

    def issue(self, business_type: str, priority: int | None = None) -> Ticket:
        """Take a new ticket with the next number of the type's series for today."""
        ...

    def call_next(self, policy: CallingPolicy) -> CallDecision:
        """Dispatch the next ticket to the policy's counter (exactly one counter wins)."""
        ...

    def get(self, ticket_id: str) -> Ticket:
        """Return a ticket by id."""
        ...

    def status(self) -> QueueStatus:
        """Return today's waiting figures and counter states."""
        ...

    def change_token(self) -> int:
        """Return a number that changes whenever another connection commits a change."""
        ...
