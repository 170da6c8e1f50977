"""What the lobby display shows: the calls as they happen and the waiting figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from counterdesk.queue.base import CallView, QueueStatus
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.watching import ChangeToken

#: Calls a display shows when it starts (not announced again).
HISTORY = 6
#: The most events read in one look.
BATCH = 100
#: How long a position missing from the event feed is looked for: on PostgreSQL a counter's
#: call can commit after a later position of another counter's (both are written in one short
#: statement, so a real one arrives within milliseconds); a rolled-back write or a restarted
#: server leaves a position that never arrives.
GAP_SECONDS = 30.0
#: The most missing positions looked for at once (the newest are kept).
MAX_GAPS = 256
#: Calls made longer than this before the newest call of the same update are shown but not
#: spoken (a display back after a break shows what it missed without reading it all out).
ANNOUNCE_WITHIN_SECONDS = 120


@dataclass(frozen=True)
class FloorUpdate:
    """New calls since the last look, and the queue now.

    Attributes:
        calls: new calls, oldest first; each appears in exactly one update.
        status: today's waiting figures.
        announce: whether the calls are new (False for the history shown at start).
        more: the look read as much as one look reads: look again at once, even if nothing
            changes meanwhile.
    """

    calls: tuple[CallView, ...]
    status: QueueStatus
    announce: bool
    more: bool = False


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
        # Positions below ``_seq`` not seen yet, and when each was first missed.
        self._gaps: dict[int, datetime] = {}

    def start(self) -> FloorUpdate:
        """The recent calls and the queue, for a display that just started."""
        self._token = self._changes.change_token()
        calls = self.queue.recent_calls(self.history)
        self._seq = calls[-1].seq if calls else self.queue.last_event_seq()
        return FloorUpdate(tuple(calls), self.queue.status(), announce=False)

    def poll(self) -> FloorUpdate | None:
        """What changed since the last look, or None when nothing did.

        Each call is in exactly one update, also one whose transaction committed after a later
        position of the feed was read (PostgreSQL hands positions out in order but commits them
        in any order): missing positions are looked for again, for :data:`GAP_SECONDS`.
        """
        token = self._changes.change_token()
        if token == self._token and not self._gaps:
            return None
        self._token = token
        events = self.queue.feed_after(self._seq, BATCH)
        late = self.queue.feed_at(sorted(self._gaps)) if self._gaps else []
        now = self.queue.clock.now()
        for seq, _ in late:
            del self._gaps[seq]
        for seq, _ in events:
            for missing in range(max(self._seq + 1, seq - MAX_GAPS), seq):
                self._gaps[missing] = now
            self._seq = seq
        given_up = now - timedelta(seconds=GAP_SECONDS)
        self._gaps = {
            seq: since for seq, since in sorted(self._gaps.items())[-MAX_GAPS:] if since > given_up
        }
        more = len(events) == BATCH
        if more:
            self._token = None  # more may wait: read again next time even if nothing changes
        calls = sorted((call for _, call in (*late, *events) if call is not None), key=_seq)
        return FloorUpdate(tuple(calls), self.queue.status(), announce=True, more=more)


def worth_announcing(calls: Sequence[CallView]) -> list[CallView]:
    """The calls of one update to speak: those made shortly before the newest of them.

    "Shortly" is :data:`ANNOUNCE_WITHIN_SECONDS`, measured against the newest call, not the
    display's clock: the calls' times come from the counters' PCs, and a display whose clock is
    off must not go silent.
    """
    if not calls:
        return []
    newest = max(call.at for call in calls)
    oldest = newest - timedelta(seconds=ANNOUNCE_WITHIN_SECONDS)
    return [call for call in calls if call.at >= oldest]


def _seq(call: CallView) -> int:
    return call.seq
