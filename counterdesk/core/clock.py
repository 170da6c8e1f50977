"""Injected time and identity sources, so the core can be tested with a fixed clock."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current time in UTC."""
        ...


class SystemClock:
    """The real wall clock, in UTC."""

    def now(self) -> datetime:
        """Return the current time in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to; for tests and simulations."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """Return the fixed current time."""
        return self._now

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward and return the new time."""
        self._now += timedelta(seconds=seconds)
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to an absolute time (may be used to cross midnight)."""
        self._now = when.astimezone(UTC)


IdFactory = Callable[[], str]


def new_id() -> str:
    """Return a fresh random UUID in canonical text form (for rows that sync)."""
    return str(uuid.uuid4())


def business_day(at: datetime, local: tzinfo | None = None) -> date:
    """Return the branch's calendar day for a UTC instant: the business day that opens then.

    A new business day (numbers restart) opens on the branch's local calendar day; the queue
    keeps its own open business day, which may go on past midnight when it was kept open
    (see :func:`business_day_is_current`).

    Args:
        at: an aware datetime.
        local: the branch's time zone; the machine's local zone when None.
    """
    if at.tzinfo is None:
        raise ValueError("business_day needs an aware datetime")
    return at.astimezone(local).date()


def business_day_is_current(day: date, kept_open: bool, today: date) -> bool:
    """Whether the queue's open business ``day`` is still the day to issue into on ``today``.

    An open day is current on its own date (and on an earlier one: a clock stepping back over
    midnight never reopens the day before). A day kept open for the night stays current the
    next calendar day too, until it is closed (by the next closing run or by hand), so tickets
    issued before midnight stay callable and numbering goes on. Anything older was left open by
    mistake (nobody closed it): it is no longer current and is closed by the catch-up.

    Args:
        day: the open business day.
        kept_open: whether the branch chose to keep that day open for the night.
        today: the branch's calendar date now (:func:`business_day`).
    """
    if day >= today:
        return True
    return kept_open and day + timedelta(days=1) >= today


def to_utc_text(at: datetime) -> str:
    """Encode an aware time as fixed-width UTC text that sorts in time order (for storage).

    The format always has microseconds and a ``Z``: ``2026-05-09T07:35:25.000000Z``.

    Raises:
        ValueError: the datetime is naive; storage never guesses a time zone.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at!r}: times are stored in UTC, pass an aware one")
    # isoformat is several times faster than strftime, and pads the year to four digits.
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def from_utc_text(text: str) -> datetime:
    """Decode text written by :func:`to_utc_text` (or any ISO-8601 text with an offset).

    Raises:
        ValueError: the text is not ISO-8601 or carries no offset.
    """
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError(f"stored time {text!r} has no UTC offset")
    return parsed.astimezone(UTC)
