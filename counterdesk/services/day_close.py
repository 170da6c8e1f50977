"""Closing the business day at the branch's closing time, once per terminal and day.

Every terminal may close the day: the queue's ``close_day`` is idempotent (the first terminal
records the day as closed, the others find it so), so no terminal needs to be "the" closer.

The business day is the queue's own: closing the date closes the business day running on it,
which is the day before when that night was kept open (it runs on past midnight until this
closing run, or a close by hand). A day nobody closed (the terminals were off at closing
time) is closed by the queue itself when the next day's first ticket is taken.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Protocol


class ClosesDays(Protocol):
    """The part of the queue that closes a business day."""

    def close_day(self, day: date | None = None, *, keep_open: bool = False) -> object:
        """Expire what is still waiting on ``day`` and record the day as closed."""
        ...


class DayClosing:
    """Decides whether the day should close now, and closes it.

    Ask it on one worker thread only (its memory of the closed day is not locked).

    Args:
        queue: a connection of its own to the queue.
        close_at: the local time after which the day closes.
        now: the local time now (aware); the machine's clock when None.
    """

    def __init__(
        self,
        queue: ClosesDays,
        close_at: time,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.queue = queue
        self.close_at = close_at
        self._now = now or (lambda: datetime.now().astimezone())
        self._done: date | None = None

    def due(self) -> date | None:
        """The day to close now, or None (before closing time, or already closed here)."""
        local = self._now()
        if local.time() < self.close_at or self._done == local.date():
            return None
        return local.date()

    def close_if_due(self) -> object | None:
        """Close today if its closing time has passed and this terminal has not yet.

        Returns:
            What the queue says closing did, or None when nothing was due.

        Raises:
            Exception: whatever the queue raised; the day is tried again at the next ask.
        """
        day = self.due()
        if day is None:
            return None
        result = self.queue.close_day(day)
        self._done = day
        return result
