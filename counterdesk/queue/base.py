"""The plain results the queue returns, and its errors, shared by both engines."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from counterdesk.core.errors import DomainError


class QueueOfflineError(DomainError):
    """The queue server could not be reached (restart, network cut); nothing was changed."""


class QueueOutcomeUnknown(QueueOfflineError):
    """The connection was lost while the queue committed: the change may or may not be there.

    The caller knows the action id it sent the change with; ``SqlQueue.action_outcome`` says
    whether it happened once the queue answers again. Catching :class:`QueueOfflineError`
    catches this too (the queue is away either way).
    """


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
