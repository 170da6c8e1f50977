"""The plain results the queue returns, and its errors, shared by both engines."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from counterdesk.core.errors import DomainError

#: How often a signed-in counter tells the queue it is alive, in seconds.
HEARTBEAT_SECONDS = 20
#: After this long without a heartbeat (three missed beats) an open or paused counter is not
#: responding: the kiosk stops offering what only it serves, and nothing is transferred to it.
STALE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS


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
    """What a counter is doing now.

    Attributes:
        counter: the counter number.
        mode: open, paused or closed, as the counter last said.
        reason: why it is paused.
        ticket_label: the customer at the counter, or None.
        updated_at: when the mode last changed.
        serves: the business-type codes it serves (empty: every type).
        responding: False when the counter is open or paused but sent no heartbeat for
            :data:`STALE_AFTER_SECONDS` (its program crashed or lost the queue); a closed
            counter needs none.
        heartbeat_at: its last heartbeat, or None when it never sent one.
    """

    counter: int
    mode: CounterMode
    reason: str
    ticket_label: str | None
    updated_at: datetime
    serves: tuple[str, ...] = ()
    responding: bool = True
    heartbeat_at: datetime | None = None

    @property
    def live(self) -> bool:
        """Open or paused, and still sending its heartbeat."""
        return self.mode is not CounterMode.CLOSED and self.responding

    def serves_type(self, business_type: str) -> bool:
        """Whether the counter serves a business type (one that lists none serves all)."""
        return not self.serves or business_type in self.serves

    def takes_transfers_of(self, business_type: str) -> bool:
        """Whether a ticket of ``business_type`` may be transferred to this counter."""
        return self.live and self.serves_type(business_type)


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

    def transfer_targets(self, business_type: str, exclude: int | None = None) -> tuple[int, ...]:
        """The counters a ticket of ``business_type`` may be transferred to (the queue's rule).

        Args:
            business_type: the type the ticket will have after the transfer.
            exclude: the counter transferring it.
        """
        return tuple(
            c.counter
            for c in self.counters
            if c.counter != exclude and c.takes_transfers_of(business_type)
        )


@dataclass(frozen=True)
class CallView:
    """One call shown and announced in the lobby (ticket → counter).

    Attributes:
        seq: position in the queue's event feed: handed out in order, but on PostgreSQL two
            counters' calls may commit out of it (the lobby's feed allows for that).
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
