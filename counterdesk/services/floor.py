"""What the lobby display shows: the calls as they happen and the waiting figures."""

from __future__ import annotations

from dataclasses import dataclass

from counterdesk.queue.base import CallView, QueueStatus
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.watching import ChangeToken

#: Calls a display shows when it starts (not announced again).
HISTORY = 6
#: The most calls read in one look.
BATCH = 100


@dataclass(frozen=True)
class FloorUpdate:
    """New calls since the last look, and the queue now.

    Attributes:
        calls: new calls, oldest first; each appears in exactly one update.
        status: today's waiting figures.
        announce: whether the calls are new (False for the history shown at start).
    """

    calls: tuple[CallView, ...]
    status: QueueStatus
    announce: bool


class DisplayFeed:
    """Reads the queue for the lobby display, cheaply: nothing is read until it changes.

    ``PRAGMA data_version`` (the queue's change token) costs one tiny statement per look, so a
    display can look several times a second without loading the database.

    Args:
        queue: the queue read (the process's one queue object, used on the worker).
        history: how many recent calls a starting display shows.
        changes: where the change token is read (default: ``queue``); on SQLite, the
            watcher's own connection, which sees the commits of ``queue``'s connection.
    """

    def __init__(
        self, queue: SqlQueue, history: int = HISTORY, *, changes: ChangeToken | None = None
    ) -> None:
        self.queue = queue
        self.history = history
        # On SQLite a connection does not see its own commits in data_version: a display that
        # shares its process's queue object reads the token of the watcher's own connection.
        self._changes = changes or queue
        self._seq = 0
        self._token: int | None = None

    def start(self) -> FloorUpdate:
        """The recent calls and the queue, for a display that just started."""
        self._token = self._changes.change_token()
        calls = self.queue.recent_calls(self.history)
        self._seq = calls[-1].seq if calls else self.queue.last_event_seq()
        return FloorUpdate(tuple(calls), self.queue.status(), announce=False)

    def poll(self) -> FloorUpdate | None:
        """What changed since the last look, or None when nothing did."""
        token = self._changes.change_token()
        if token == self._token:
            return None
        self._token = token
        calls = self.queue.calls_after(self._seq, BATCH)
        if calls:
            self._seq = calls[-1].seq
        if len(calls) == BATCH:
            self._token = None  # more may wait: read again next time even if nothing changes
        return FloorUpdate(tuple(calls), self.queue.status(), announce=True)
