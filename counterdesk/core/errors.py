"""Domain errors raised by the core and the layers above it."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the bank was broken; the message is fit to show an operator."""


class TransitionError(DomainError):
    """A ticket was asked to do something its state does not allow.

    Attributes:
        label: the ticket as the customer sees it (e.g. ``A007``).
        state: the state the ticket was in.
        action: the refused action.
    """

    def __init__(self, label: str, state: str, action: str, why: str = "") -> None:
        self.label = label
        self.state = state
        self.action = action
        detail = f": {why}" if why else ""
        super().__init__(f"ticket {label} is {state}; cannot {action}{detail}")


class NotFoundError(DomainError):
    """A ticket, business type or record that was asked for does not exist."""


class QueueEmptyError(DomainError):
    """No ticket waits for the counter that asked for one."""


class ConflictError(DomainError):
    """Another counter changed the ticket first (compare-and-set lost)."""
