"""The ticket queue in SQL, shared by both engines: issuing, dispatching, every transition.

The engines differ only in how a writer excludes the others (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: row locks with ``FOR UPDATE SKIP LOCKED``), in how the heads of the queue are read,
and in how other processes notice a change; those are the hooks of :class:`SqlQueue`. Every
change is a compare-and-set on the ticket's version, written with its event row in one
transaction, and ticket numbers come from a per-type-per-day counter row bumped by a single
upsert, never from ``max()+1``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import peewee

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import (
    Clock,
    IdFactory,
    business_day,
    business_day_is_current,
    from_utc_text,
    new_id,
    to_utc_text,
)
from counterdesk.core.errors import (
    QT_TRANSLATE_NOOP,
    ConflictError,
    DomainError,
    NotFoundError,
    QueueEmptyError,
    domain_words,
)
from counterdesk.core.kpis import TicketEvent, TicketRow
from counterdesk.core.policy import CallDecision, CallingPolicy, CallReason, known_priority
from counterdesk.core.tickets import Action, Ticket, TicketState, elapsed, format_label
from counterdesk.queue.base import (
    STALE_AFTER_SECONDS,
    CallView,
    CounterMode,
    CounterStatus,
    QueueStatus,
    TypeStatus,
)
from counterdesk.storage.sql import execute

_COLUMNS = (
    "id, day, number, prefix, business_type, priority, state, lane, counter, call_count, "
    "issued_at, queued_at, called_at, started_at, ended_at, version, queue_seq"
)
COLUMNS = _COLUMNS
#: :data:`COLUMNS` of a ticket table aliased ``t`` (``t.id, t.day, …``).
T_COLUMNS = ", ".join(f"t.{column.strip()}" for column in _COLUMNS.split(","))
#: The compare-and-set of :meth:`SqlQueue._cas`: the new ticket, then its id and old version.
CAS = (
    "UPDATE ticket SET business_type = ?, state = ?, lane = ?, counter = ?, "
    "call_count = ?, queued_at = ?, called_at = ?, started_at = ?, ended_at = ?, "
    "version = ? WHERE id = ? AND version = ?"
)
#: The columns of an event row, in :meth:`SqlQueue._event_values` order.
EVENT_COLUMNS = "ticket_id, action, from_state, to_state, counter, at, detail, action_id"
#: The open business days (opened by a ticket, not closed yet), latest first.
_OPEN_DAYS = (
    "SELECT day, kept_open FROM day_close WHERE opened_at IS NOT NULL AND closed_at IS NULL "
    "ORDER BY day DESC"
)
#: In one statement, what a call-next reads before the heads: the counter's mode and priority
#: streak (NULL when the counter never set one) on every row, and the open business days
#: (NULL when none), latest first, as :data:`_OPEN_DAYS`.
_CALL_CONTEXT = (
    "SELECT s.mode, s.priority_streak, d.day, d.kept_open FROM (SELECT ? AS counter) k "
    "LEFT JOIN counter_state s ON s.counter = k.counter "
    "LEFT JOIN day_close d ON d.opened_at IS NOT NULL AND d.closed_at IS NULL "
    "ORDER BY d.day DESC"
)
#: A counter's new priority streak (its mode, reason and served types as they were; a counter
#: without a row gets one, open): the counter, the streak, the time.
PUT_STREAK = (
    "INSERT INTO counter_state (counter, mode, reason, priority_streak, serves, updated_at) "
    "VALUES (?, 'open', '', ?, '', ?) ON CONFLICT (counter) DO UPDATE SET "
    "priority_streak = excluded.priority_streak, updated_at = excluded.updated_at"
)
#: A call's event detail by reason, encoded once rather than on every call.
_CALL_DETAIL = {
    reason: json.dumps({"reason": reason.value}, separators=(",", ":")) for reason in CallReason
}
#: The ticket states by their stored text (a dict look-up is cheaper than the enum's call).
_STATES = {state.value: state for state in TicketState}
#: The largest counter number a queue column holds (a bigger one names no counter).
_MAX_COUNTER = 2**31 - 1


def ticket_from_row(row: Sequence[Any]) -> Ticket:
    """Build a ticket from a row of :data:`COLUMNS`."""
    (tid, day, number, prefix, btype, priority, state, lane, counter, calls, issued, queued,
     called, started, ended, version, queue_seq) = row  # fmt: skip
    issued_at = from_utc_text(issued)
    return Ticket(
        id=tid,
        day=date.fromisoformat(day),
        number=number,
        prefix=prefix,
        business_type=btype,
        priority=priority,
        state=_STATES[state],
        issued_at=issued_at,
        # Most tickets never rejoined the queue: one parse serves both times.
        queued_at=issued_at if queued == issued else from_utc_text(queued),
        counter=counter,
        target_counter=lane or None,
        call_count=calls,
        called_at=from_utc_text(called) if called else None,
        started_at=from_utc_text(started) if started else None,
        ended_at=from_utc_text(ended) if ended else None,
        version=version,
        queue_seq=queue_seq,
    )


class Head:
    """A waiting ticket as a call-next reads it: what :class:`CallingPolicy` looks at, and its row.

    A call reads the oldest ticket of every bucket (about eight) and calls one: the whole
    :class:`Ticket` (17 fields, three times parsed) is built for that one only
    (:meth:`ticket`).
    """

    __slots__ = (
        "business_type",
        "number",
        "prefix",
        "priority",
        "queue_seq",
        "queued_at",
        "row",
        "target_counter",
    )  # fmt: skip
    #: The heads are read from the waiting tickets only.
    state = TicketState.WAITING

    def __init__(self, row: Sequence[Any]) -> None:
        """``row``: the ticket's :data:`COLUMNS`, of a waiting ticket."""
        self.row = row
        self.number: int = row[2]
        self.prefix: str = row[3]
        self.business_type: str = row[4]
        self.priority: int = row[5]
        self.target_counter: int | None = row[7] or None
        self.queued_at = from_utc_text(row[11])
        self.queue_seq: int = row[16]

    def waited_seconds(self, now: datetime) -> float:
        """As :meth:`Ticket.waited_seconds` for a waiting ticket."""
        return elapsed(self.queued_at, now)

    def ticket(self) -> Ticket:
        """The whole ticket."""
        return ticket_from_row(self.row)


#: The counter modes as refusals show them (``counter 3 is paused; open it first``), marked so
#: that the window can translate them.
MODE_WORDS = domain_words(
    QT_TRANSLATE_NOOP("domain", "open"),
    QT_TRANSLATE_NOOP("domain", "paused"),
    QT_TRANSLATE_NOOP("domain", "closed"),
)


def _text(at: datetime | None) -> str | None:
    return None if at is None else to_utc_text(at)


@dataclass(frozen=True)
class DayClose:
    """What closing a business day did (see :meth:`SqlQueue.close_day`).

    Attributes:
        day: the business day (for a day kept open past midnight, the day it opened).
        expired: tickets this call expired (0 when the day was already closed or kept open).
        already_closed: the day had been closed before (by this or another terminal).
        kept_open: the day is kept open tonight, so this call closed nothing.
        closed_at: when the day was closed (UTC), or None while it is not.
    """

    day: date
    expired: int
    already_closed: bool
    kept_open: bool = False
    closed_at: datetime | None = None


class SqlQueue:
    """The queue's operations over a peewee database; subclasses supply the engine's hooks.

    Args:
        db: the database (connected lazily, per thread).
        catalogue: the branch's business types.
        clock: the time source.
        ids: makes ticket ids.
        local_zone: the branch's time zone for the business day; the machine's when None.
    """

    #: The parameter marker of the engine's driver (SQL below is written with ``?``).
    param = "?"
    #: Appended to a read inside :meth:`_write` that must hold the rows it found against other
    #: writers until the end of the transaction (SQLite's writer already excludes the others).
    lock_rows = ""
    #: The same for rows that others may read-lock too but not change meanwhile.
    share_rows = ""
    #: Seconds without a heartbeat after which an open or paused counter is not responding.
    stale_after_seconds: float = STALE_AFTER_SECONDS
    #: What holds the target counter's ``counter_state`` row (``s``) while a transfer checks it
    #: (SQLite's write transaction already excludes every other writer).
    counter_lock = ""

    def __init__(
        self,
        db: peewee.Database,
        catalogue: Catalogue,
        clock: Clock,
        *,
        ids: IdFactory = new_id,
        local_zone: tzinfo | None = None,
    ) -> None:
        self.db = db
        self.catalogue = catalogue
        self.clock = clock
        self._ids = ids
        self._zone = local_zone
        self._targets = dict(catalogue.targets())
        self._statements: dict[str, str] = {}

    # -- engine hooks -----------------------------------------------------------------------

    def _write(self, action_id: str | None = None) -> Any:
        """A transaction in which this writer excludes the others from what it changes.

        ``action_id`` names the change for :class:`QueueOutcomeUnknown` when the engine cannot
        tell whether the commit reached the server.
        """
        raise NotImplementedError

    def _load_for_update(self, ticket_id: str) -> Ticket:
        """Read a ticket inside :meth:`_write`, holding it against other writers."""
        return self._load(ticket_id)

    def _call_reads(
        self, policy: CallingPolicy, now: datetime
    ) -> tuple[str | None, Any, list[Head]]:
        """Inside :meth:`call_next`: what the call decides on.

        Returns:
            The counter's mode and priority streak as stored (None, None: the counter never
            set one) and the heads of the current business day (:meth:`_heads`; none need be
            read when the counter is not open).
        """
        # The business day and the counter's state in one round trip, then the heads.
        context = self._sql(_CALL_CONTEXT, (policy.counter,)).fetchall()
        mode_text, streak_value = context[0][0], context[0][1]
        if mode_text not in (None, CounterMode.OPEN.value):
            return mode_text, streak_value, []
        day = self._day_among((row[2:] for row in context if row[2] is not None), now)
        return mode_text, streak_value, self._heads(day, policy)

    def _heads(self, day: str, policy: CallingPolicy) -> list[Head]:
        """The oldest waiting ticket of each (lane, type, priority) the policy may call."""
        raise NotImplementedError

    def change_token(self) -> int:
        """A number that changes whenever another connection commits a change."""
        raise NotImplementedError

    def open(self) -> None:
        """Connect and make sure the queue's tables are there: the explicit start-up step.

        Constructors do no I/O; run this on the thread that will use the queue (the worker).
        Statements open the queue themselves when this was not called.
        """
        self.db.connect(reuse_if_open=True)

    def close(self) -> None:
        """Close the calling thread's connection (peewee keeps one per thread)."""
        self.db.close()

    # -- helpers ----------------------------------------------------------------------------

    def _current_day(self, now: datetime) -> str:
        """The queue's business day at ``now``, only read: nothing is opened or closed.

        The latest open day that is still current (:func:`business_day_is_current`: its own
        date, or the night after when it was kept open), else today's date (a day no ticket
        has opened yet, or one that was closed and is still today).
        """
        return self._day_among(self._sql(_OPEN_DAYS).fetchall(), now)

    def _day_among(self, open_days: Iterable[Sequence[Any]], now: datetime) -> str:
        """:meth:`_current_day` from the open days ``(day, kept_open)`` already read."""
        today = business_day(now, self._zone)
        for day, kept in open_days:
            if business_day_is_current(date.fromisoformat(day), bool(kept), today):
                return str(day)
        return today.isoformat()

    def _day_to_issue_into(self, now: datetime) -> str:
        """Inside :meth:`_write`: the business day a new ticket belongs to.

        Opens today's day when none is current, after closing (the catch-up) every open day
        that is no longer current: a day nobody closed whose date has passed, whose waiting
        tickets are expired as a close would.

        The usual case only read-locks the current day's row, so terminals issuing at the
        same moment do not wait for each other while a close (which locks the row for
        update) waits for them, and they for it. Changing the day (the catch-up, opening
        today's) locks the open days for update first, so two terminals doing it at midnight
        do it once: the second finds what the first did.
        """
        today = business_day(now, self._zone)
        open_days = self._sql(_OPEN_DAYS).fetchall()
        if len(open_days) == 1 and business_day_is_current(
            date.fromisoformat(open_days[0][0]), bool(open_days[0][1]), today
        ):
            held = self._sql(
                "SELECT day FROM day_close WHERE day = ? AND closed_at IS NULL" + self.share_rows,
                (open_days[0][0],),
            ).fetchone()
            if held is not None:
                return str(held[0])
        current: str | None = None
        for day, kept in self._sql(_OPEN_DAYS + self.lock_rows).fetchall():
            if current is None and business_day_is_current(
                date.fromisoformat(day), bool(kept), today
            ):
                current = str(day)
            else:
                self._expire_day(str(day), now, reason="day not closed")
        if current is None:
            current = today.isoformat()
            closed = self._sql(
                "SELECT closed_at FROM day_close WHERE day = ? AND closed_at IS NOT NULL",
                (current,),
            ).fetchone()
            if closed is not None:
                # Closed today: no ticket until the next calendar day opens a new one (the
                # transaction rolls back, so nothing of this call is kept).
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the business day {day} is closed; new tickets are taken from "
                        "when the next business day opens",
                    ),
                    day=current,
                )
            self._sql(
                "INSERT INTO day_close (day, opened_at, closed_at, expired, kept_open) "
                "VALUES (?, ?, NULL, 0, 0) ON CONFLICT (day) DO UPDATE SET "
                "opened_at = COALESCE(day_close.opened_at, excluded.opened_at)",
                (current, to_utc_text(now)),
            )
        # Tickets taken after an earlier day's close (late customers) joined that closed day;
        # once it is over for good nobody can call them: they expire like the day's others.
        late = self._sql(
            "SELECT t.day, t.id FROM day_close d JOIN ticket t ON t.day = d.day "
            "AND t.state = 'waiting' WHERE d.closed_at IS NOT NULL AND d.day < ? "
            "ORDER BY t.queue_seq",
            (current,),
        ).fetchall()
        for day in sorted({str(row[0]) for row in late}):
            ids = [str(row[1]) for row in late if row[0] == day]
            expired = self._expire(ids, now, "taken after day close")
            self._sql("UPDATE day_close SET expired = expired + ? WHERE day = ?", (expired, day))
        return current

    def _expire_day(self, day: str, now: datetime, *, reason: str = "day close") -> int:
        """Inside :meth:`_write`: expire the day's waiting tickets and record it closed.

        Returns:
            How many tickets were expired.
        """
        waiting = self._sql(
            "SELECT id FROM ticket WHERE day = ? AND state = 'waiting' ORDER BY queue_seq",
            (day,),
        ).fetchall()
        expired = self._expire([str(row[0]) for row in waiting], now, reason)
        self._sql(
            "UPDATE day_close SET closed_at = ?, expired = ? WHERE day = ?",
            (to_utc_text(now), expired, day),
        )
        return expired

    def _expire(self, ticket_ids: list[str], now: datetime, reason: str) -> int:
        """Inside :meth:`_write`: expire these tickets that still wait; return how many did."""
        expired = 0
        for ticket_id in ticket_ids:
            old = self._load_for_update(ticket_id)
            if old.state is not TicketState.WAITING:
                continue  # called by a counter while this close waited for its lock
            self._cas(old, old.expire(now), Action.EXPIRE, now, None, {"reason": reason})
            expired += 1
        return expired

    def _sql(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return execute(self.db, self._text(sql), tuple(params))

    def _text(self, sql: str) -> str:
        """``sql`` with the driver's parameter marks (written ``?`` here)."""
        if self.param == "?":
            return sql
        statement = self._statements.get(sql)
        if statement is None:
            statement = self._statements[sql] = sql.replace("?", self.param)
        return statement

    @staticmethod
    def _event_values(
        ticket: Ticket,
        action: Action,
        before: TicketState | None,
        at: datetime,
        counter: int | None,
        detail: dict[str, Any] | str | None,
        action_id: str | None,
    ) -> tuple[Any, ...]:
        """An event row's values in :data:`EVENT_COLUMNS` order (``detail`` as a dict or JSON)."""
        return (
            ticket.id,
            action.value,
            before.value if before else None,
            ticket.state.value,
            counter,
            to_utc_text(at),
            detail if isinstance(detail, str) else json.dumps(detail or {}, separators=(",", ":")),
            action_id,
        )

    def _event(
        self,
        ticket: Ticket,
        action: Action,
        before: TicketState | None,
        at: datetime,
        counter: int | None,
        detail: dict[str, Any] | str | None = None,
        action_id: str | None = None,
    ) -> int:
        """Record a ticket's event; return its place in the feed (which only grows)."""
        seq: int = self._sql(
            f"INSERT INTO ticket_event ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING seq",
            self._event_values(ticket, action, before, at, counter, detail, action_id),
        ).fetchone()[0]
        return seq

    def _joined(self, ticket: Ticket, seq: int) -> Ticket:
        """Give a ticket that (re)joined the queue its turn: the feed position of that event.

        The feed's ``seq`` only grows (SQLite AUTOINCREMENT under the write lock, a PostgreSQL
        sequence), so turns follow the order of joining whatever the wall clock says.
        """
        self._sql("UPDATE ticket SET queue_seq = ? WHERE id = ?", (seq, ticket.id))
        return replace(ticket, queue_seq=seq)

    @staticmethod
    def _cas_values(old: Ticket, new: Ticket) -> tuple[Any, ...]:
        """The parameters of :data:`CAS` writing ``new`` over ``old``."""
        return (
            new.business_type,
            new.state.value,
            new.target_counter or 0,
            new.counter,
            new.call_count,
            to_utc_text(new.queued_at),
            _text(new.called_at),
            _text(new.started_at),
            _text(new.ended_at),
            new.version,
            old.id,
            old.version,
        )

    @staticmethod
    def _conflict(old: Ticket) -> ConflictError:
        return ConflictError(
            QT_TRANSLATE_NOOP("domain", "ticket {label} was changed by another counter; try again"),
            label=old.label,
        )

    def _change(
        self,
        old: Ticket,
        new: Ticket,
        action: Action,
        at: datetime,
        counter: int | None,
        detail: dict[str, Any] | str | None,
        action_id: str | None,
    ) -> int:
        """The compare-and-set and its event row; return the event's place in the feed.

        Raises:
            ConflictError: somebody changed the ticket since ``old`` was read.
        """
        cursor = self._sql(CAS, self._cas_values(old, new))
        if cursor.rowcount != 1:
            raise self._conflict(old)
        return self._event(new, action, old.state, at, counter, detail, action_id)

    def _cas(
        self,
        old: Ticket,
        new: Ticket,
        action: Action,
        at: datetime,
        counter: int | None,
        detail: dict[str, Any] | str | None = None,
        action_id: str | None = None,
    ) -> Ticket:
        """Write ``new`` over ``old`` only if nobody changed the ticket meanwhile.

        ``detail`` is the event's detail, as a dict or already encoded as JSON.

        Returns:
            The ticket as written: one that went back to waiting has its new turn.
        """
        seq = self._change(old, new, action, at, counter, detail, action_id)
        if new.state is TicketState.WAITING:
            return self._joined(new, seq)
        return new

    def _load(self, ticket_id: str) -> Ticket:
        row = self._sql(f"SELECT {_COLUMNS} FROM ticket WHERE id = ?", (ticket_id,)).fetchone()
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("domain", "no ticket with id {id}"), id=ticket_id)
        return ticket_from_row(row)

    def _put_counter(
        self, counter: int, at: datetime, *, mode: CounterMode | None = None,
        reason: str | None = None, streak: int | None = None,
        serves: tuple[str, ...] | None = None,
    ) -> None:  # fmt: skip
        served = None if serves is None else ",".join(serves)
        self._sql(
            "INSERT INTO counter_state (counter, mode, reason, priority_streak, serves, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (counter) DO UPDATE SET "
            "mode = COALESCE(?, counter_state.mode), reason = COALESCE(?, counter_state.reason), "
            "priority_streak = COALESCE(?, counter_state.priority_streak), "
            "serves = COALESCE(?, counter_state.serves), "
            "updated_at = excluded.updated_at",
            (
                counter,
                (mode or CounterMode.OPEN).value,
                reason or "",
                streak or 0,
                served or "",
                to_utc_text(at),
                mode.value if mode else None,
                reason,
                streak,
                served,
            ),
        )

    def _beat(self, counter: int, at: datetime) -> None:
        self._sql(
            "INSERT INTO counter_heartbeat (counter, beat_at) VALUES (?, ?) "
            "ON CONFLICT (counter) DO UPDATE SET beat_at = excluded.beat_at",
            (counter, to_utc_text(at)),
        )

    def _fresh_since(self, now: datetime) -> str:
        """The oldest heartbeat (as stored) that still counts as alive at ``now``."""
        return to_utc_text(now - timedelta(seconds=self.stale_after_seconds))

    def _check_transfer_target(self, ticket: Ticket, to_counter: int, now: datetime) -> None:
        """Refuse a transfer to a counter that could never call the ticket.

        Runs inside the transfer's write transaction, on the ticket as the transfer makes it
        (its business type is the one the target must serve).
        """
        row = None
        if 1 <= to_counter <= _MAX_COUNTER:
            row = self._sql(
                "SELECT s.mode, s.serves, h.beat_at FROM counter_state s "
                "LEFT JOIN counter_heartbeat h ON h.counter = s.counter WHERE s.counter = ?"
                + self.counter_lock,
                (to_counter,),
            ).fetchone()
        params = {"counter": to_counter, "label": ticket.label}
        if row is None:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "there is no counter {counter}; ticket {label} was not transferred"
                ),
                **params,
            )
        mode, serves, beat_at = CounterMode(row[0]), row[1], row[2]
        if mode is CounterMode.CLOSED:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "counter {counter} is closed; ticket {label} was not transferred"
                ),
                **params,
            )
        if beat_at is None or beat_at < self._fresh_since(now):
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "counter {counter} is not responding; ticket {label} was not transferred",
                ),
                **params,
            )
        codes = tuple(code for code in serves.split(",") if code)
        if codes and ticket.business_type not in codes:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "counter {counter} does not serve {business}; ticket {label} was not "
                    "transferred",
                ),
                business=ticket.business_type,
                **params,
            )

    # -- operations -------------------------------------------------------------------------

    def issue(self, business_type: str, priority: int | None = None) -> Ticket:
        """Take a new ticket for ``business_type`` (code or prefix letter).

        The ticket's priority is the higher of ``priority`` and the type's priority weight.

        Raises:
            DomainError: ``priority`` is not a level the counters call
                (:data:`~counterdesk.core.policy.PRIORITY_LEVELS`); nothing is written.
            DomainError: today's business day was closed (``close_day``); the next calendar
                day opens a new one. Nothing is written.
        """
        kind = self.catalogue.get(business_type)
        if not self.catalogue.offers(kind.code):
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{business} is no longer offered"),
                business=kind.code,
            )
        level = max(known_priority(priority if priority is not None else 0), kind.priority_weight)
        now = self.clock.now()
        with self._write():
            day = self._day_to_issue_into(now)
            number = self._sql(
                "INSERT INTO daily_counter (day, business_type, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (day, business_type) DO UPDATE SET "
                "last_number = daily_counter.last_number + 1 RETURNING last_number",
                (day, kind.code),
            ).fetchone()[0]
            ticket = Ticket.issue(
                id=self._ids(),
                day=date.fromisoformat(day),
                number=number,
                prefix=kind.prefix,
                business_type=kind.code,
                priority=level,
                at=now,
            )
            self._sql(
                f"INSERT INTO ticket ({_COLUMNS}) VALUES ({', '.join('?' * 17)})",
                (
                    ticket.id, day, ticket.number, ticket.prefix, ticket.business_type,
                    ticket.priority, ticket.state.value, 0, None, 0, to_utc_text(now),
                    to_utc_text(now), None, None, None, ticket.version, 0,
                ),
            )  # fmt: skip
            seq = self._event(ticket, Action.ISSUE, None, now, None, {"priority": level})
            ticket = self._joined(ticket, seq)
        return ticket

    def call_next(self, policy: CallingPolicy, *, action_id: str | None = None) -> CallDecision:
        """Dispatch the ticket the policy chooses to its counter.

        Args:
            policy: how the counter calls.
            action_id: kept with the call's event (see :meth:`action_outcome`).

        Raises:
            QueueEmptyError: nothing waits that this counter may call.
            DomainError: the counter is paused or closed.
        """
        now = self.clock.now()
        with self._write(action_id):
            mode_text, streak_value, heads = self._call_reads(policy, now)
            mode = CounterMode.OPEN if mode_text is None else CounterMode(mode_text)
            streak = 0 if mode_text is None else int(streak_value)
            if mode is not CounterMode.OPEN:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "counter {counter} is {mode}; open it first"),
                    counter=policy.counter,
                    mode=mode.value,
                )
            picked = policy.pick(heads, self._targets, now, streak)
            if picked is None:
                raise QueueEmptyError(
                    QT_TRANSLATE_NOOP("domain", "no customer is waiting for counter {counter}"),
                    counter=policy.counter,
                )
            head, reason, new_streak = picked
            ticket = head.ticket()
            called = ticket.call(policy.counter, now)
            self._call(
                ticket, called, now, _CALL_DETAIL[reason], action_id,
                new_streak if new_streak != streak else None,
            )  # fmt: skip
        return CallDecision(called, reason, new_streak)

    def _call(
        self,
        old: Ticket,
        new: Ticket,
        at: datetime,
        detail: str,
        action_id: str | None,
        streak: int | None,
    ) -> None:
        """Inside :meth:`call_next`: write the call and its event, and the counter's streak.

        Args:
            old: the ticket as the heads read it.
            new: the ticket called (its counter is the calling counter).
            at: when.
            detail: the event's detail, encoded.
            action_id: kept with the event.
            streak: the counter's new priority streak; None when it did not change.

        Raises:
            ConflictError: somebody changed the ticket since the heads were read.
        """
        self._change(old, new, Action.CALL, at, new.counter, detail, action_id)
        if streak is not None:
            self._sql(PUT_STREAK, (new.counter, streak, to_utc_text(at)))

    def _act(
        self,
        ticket_id: str,
        action: Action,
        counter: int | None,
        change: Callable[[Ticket, datetime], Ticket],
        detail: dict[str, Any] | None = None,
        action_id: str | None = None,
    ) -> Ticket:
        now = self.clock.now()
        with self._write(action_id):
            old = self._load_for_update(ticket_id)
            old.check(action, counter)
            new = self._cas(old, change(old, now), action, now,
                            counter if counter is not None else old.counter, detail,
                            action_id)  # fmt: skip
        return new

    def recall(self, ticket_id: str, counter: int, *, action_id: str | None = None) -> Ticket:
        """Call the same customer again."""
        return self._act(
            ticket_id, Action.RECALL, counter, lambda t, _: t.recall(counter), action_id=action_id
        )

    def start(self, ticket_id: str, counter: int, *, action_id: str | None = None) -> Ticket:
        """The customer is at the counter; service begins."""
        return self._act(
            ticket_id,
            Action.START,
            counter,
            lambda t, at: t.start(counter, at),
            action_id=action_id,
        )

    def no_show(self, ticket_id: str, counter: int, *, action_id: str | None = None) -> Ticket:
        """The called customer did not come."""
        return self._act(
            ticket_id,
            Action.NO_SHOW,
            counter,
            lambda t, at: t.no_show(counter, at),
            action_id=action_id,
        )

    def reactivate(self, ticket_id: str) -> Ticket:
        """A no-show customer came back: they rejoin the queue."""
        return self._act(ticket_id, Action.REACTIVATE, None, lambda t, at: t.reactivate(at))

    def recycle(self, ticket_id: str, counter: int, *, action_id: str | None = None) -> Ticket:
        """Put the ticket back in its queue."""
        return self._act(
            ticket_id,
            Action.RECYCLE,
            counter,
            lambda t, at: t.recycle(counter, at),
            action_id=action_id,
        )

    def hold(self, ticket_id: str, counter: int, *, action_id: str | None = None) -> Ticket:
        """Hold the service at this counter."""
        return self._act(
            ticket_id, Action.HOLD, counter, lambda t, _: t.hold(counter), action_id=action_id
        )

    def resume(self, ticket_id: str, counter: int, *, action_id: str | None = None) -> Ticket:
        """Resume a held service."""
        return self._act(
            ticket_id, Action.RESUME, counter, lambda t, _: t.resume(counter), action_id=action_id
        )

    def transfer(
        self,
        ticket_id: str,
        counter: int,
        *,
        business_type: str | None = None,
        to_counter: int | None = None,
        action_id: str | None = None,
    ) -> Ticket:
        """Send the customer to another business type and/or counter; the number is kept.

        Raises:
            DomainError: ``to_counter`` does not exist (never opened), is closed, is not
                responding (no heartbeat for :attr:`stale_after_seconds`) or does not serve the
                ticket's business type after the transfer; the ticket is left as it was.
        """
        code = self.catalogue.get(business_type).code if business_type else None

        def change(ticket: Ticket, at: datetime) -> Ticket:
            moved = ticket.transfer(counter, at, business_type=code, to_counter=to_counter)
            if to_counter is not None:
                self._check_transfer_target(moved, to_counter, at)
            return moved

        return self._act(
            ticket_id,
            Action.TRANSFER,
            counter,
            change,
            {"business_type": code, "to_counter": to_counter},
            action_id,
        )

    def finish(self, ticket_id: str, counter: int, *, action_id: str | None = None) -> Ticket:
        """Service complete."""
        return self._act(
            ticket_id,
            Action.FINISH,
            counter,
            lambda t, at: t.finish(counter, at),
            action_id=action_id,
        )

    def cancel(self, ticket_id: str, counter: int | None = None) -> Ticket:
        """Void the ticket (the customer left)."""
        return self._act(ticket_id, Action.CANCEL, counter, lambda t, at: t.cancel(at))

    def set_counter_mode(
        self,
        counter: int,
        mode: CounterMode,
        reason: str = "",
        serves: tuple[str, ...] | None = None,
    ) -> None:
        """Open, pause (with a reason) or close a counter, and say what it serves.

        Opening or pausing is also a heartbeat: the counter's program is alive.
        """
        now = self.clock.now()
        with self._write():
            self._put_counter(counter, now, mode=mode, reason=reason, serves=serves)
            if mode is not CounterMode.CLOSED:
                self._beat(counter, now)

    def heartbeat(self, counter: int) -> None:
        """Say that the counter's program is alive.

        A signed-in desk sends one every :data:`~counterdesk.queue.base.HEARTBEAT_SECONDS`;
        an open or paused counter without one for :attr:`stale_after_seconds` is not
        responding (:meth:`status`), is left out of :meth:`open_counters` and takes no
        transfers. The mode is not changed: a counter that beats again is live again.
        """
        now = self.clock.now()
        with self._write():
            self._beat(counter, now)

    def close_day(self, day: date | None = None, *, keep_open: bool = False) -> DayClose:
        """Close the business day running on ``day``: its waiting tickets are expired, not deleted.

        The business day is the queue's own: it was opened by its first ticket and runs until
        it is closed, so closing a date closes the latest day still open on or before it (the
        day before, when that was kept open past midnight: the next closing run, or a close by
        hand after midnight, ends it). A day kept open is not closed on its own date.

        Each ticket is expired with a compare-and-set and an ``expire`` event, all in one
        write transaction with the day's row (locked first), which makes the close happen once
        however many terminals run it at the closing hour. The next ticket after the close
        opens a new business day whose numbers start at 1 (tickets taken later on the same
        date join the closed day and go on with its numbers).

        Args:
            day: the calendar date whose closing this is; today when None.
            keep_open: record that the branch stays open that night instead (see
                :meth:`keep_open_tonight`); nothing is expired.

        Returns:
            What was done; ``already_closed`` when the day had been closed before.

        Raises:
            DomainError: ``day`` is after today (it cannot be closed before it began).
        """
        now = self.clock.now()
        today = business_day(now, self._zone)
        when = day or today
        if when > today and not keep_open:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "cannot close {day}: that day has not begun"),
                day=when.isoformat(),
            )
        with self._write():
            target = when.isoformat()
            if not keep_open:
                running = self._sql(
                    "SELECT day FROM day_close WHERE opened_at IS NOT NULL AND closed_at IS NULL "
                    f"AND day <= ? ORDER BY day DESC LIMIT 1{self.lock_rows}",
                    (target,),
                ).fetchone()
                if running is not None:
                    target = str(running[0])
            # Claim the day's row: a second closer waits here (PostgreSQL) until the first
            # commits, then finds it closed and changes nothing.
            self._sql(
                "INSERT INTO day_close (day, closed_at, expired, kept_open) VALUES (?, NULL, 0, 0) "
                "ON CONFLICT (day) DO NOTHING",
                (target,),
            )
            closed_at, kept = self._sql(
                f"SELECT closed_at, kept_open FROM day_close WHERE day = ?{self.lock_rows}",
                (target,),
            ).fetchone()
            closing = date.fromisoformat(target)
            if closed_at is not None:
                return DayClose(
                    day=closing,
                    expired=0,
                    already_closed=True,
                    closed_at=from_utc_text(closed_at),
                )
            if keep_open:
                self._sql("UPDATE day_close SET kept_open = 1 WHERE day = ?", (target,))
                return DayClose(day=closing, expired=0, already_closed=False, kept_open=True)
            if kept and today <= closing:
                return DayClose(day=closing, expired=0, already_closed=False, kept_open=True)
            expired = self._expire_day(target, now)
        return DayClose(day=closing, expired=expired, already_closed=False, closed_at=now)

    def keep_open_tonight(self, day: date | None = None) -> DayClose:
        """Opt out of closing ``day`` (today when None) tonight, e.g. for a late-opening night.

        :meth:`close_day` then does nothing for that day on its own date, and the day stays
        the queue's business day past midnight: its tickets stay callable and its numbering
        goes on until it is closed (by the next day's closing run or by hand after midnight).
        Too late once the day was closed: the result says ``already_closed``.
        """
        return self.close_day(day, keep_open=True)

    # -- reading ----------------------------------------------------------------------------

    def get(self, ticket_id: str) -> Ticket:
        """Return a ticket by id."""
        return self._load(ticket_id)

    def kpi_tickets(self, day: date, branch: str) -> list[TicketRow]:
        """A business day's tickets with their events, as the KPIs read them.

        Args:
            day: the queue's business day (``ticket.day``), whatever calendar days its
                tickets were called or finished on.
            branch: the branch code the rows carry.

        Returns:
            Rows in order of issue (ties by id); each ticket's events in feed order.
        """
        tickets = self._sql(
            "SELECT id, prefix, number, business_type, state, issued_at, ended_at FROM ticket "
            "WHERE day = ? ORDER BY issued_at, id",
            (day.isoformat(),),
        ).fetchall()
        events: dict[str, list[TicketEvent]] = {}
        for ticket_id, action, at, counter in self._sql(
            "SELECT e.ticket_id, e.action, e.at, e.counter FROM ticket_event e "
            "JOIN ticket t ON t.id = e.ticket_id WHERE t.day = ? ORDER BY e.seq",
            (day.isoformat(),),
        ).fetchall():
            events.setdefault(ticket_id, []).append(TicketEvent(action, from_utc_text(at), counter))
        rows = []
        for ticket_id, prefix, number, btype, state, issued, ended in tickets:
            history = tuple(events.get(ticket_id, ()))
            first = next((e for e in history if e.action == Action.CALL.value), None)
            try:
                # The prefix is kept on transfer: it names the type the ticket was issued for.
                issued_for = self.catalogue.get(prefix).code
            except NotFoundError:
                issued_for = btype
            rows.append(
                TicketRow(
                    ticket_id=ticket_id,
                    label=format_label(prefix, number),
                    branch=branch,
                    day=day,
                    business_type=issued_for,
                    final_type=btype,
                    state=state,
                    issued_at=from_utc_text(issued),
                    first_called_at=first.at if first else None,
                    first_counter=first.counter if first else None,
                    ended_at=from_utc_text(ended) if ended else None,
                    events=history,
                )
            )
        return rows

    def find(self, label: str, day: date | None = None) -> Ticket:
        """Return the current business day's (or ``day``'s) ticket with a label such as ``A007``."""
        text = label.strip().upper()
        if len(text) < 2 or not text[1:].isdigit():
            raise NotFoundError(
                QT_TRANSLATE_NOOP("domain", "{label!r} is not a ticket number such as A007"),
                label=label,
            )
        when = day.isoformat() if day else self._current_day(self.clock.now())
        row = self._sql(
            f"SELECT {_COLUMNS} FROM ticket WHERE day = ? AND prefix = ? AND number = ?",
            (when, text[0], int(text[1:])),
        ).fetchone()
        if row is None:
            raise NotFoundError(
                QT_TRANSLATE_NOOP("domain", "no ticket {label} on {day}"), label=text, day=when
            )
        return ticket_from_row(row)

    def at_counter(self, counter: int) -> list[Ticket]:
        """Tickets called, being served or held at a counter, oldest call first."""
        rows = self._sql(
            f"SELECT {_COLUMNS} FROM ticket WHERE counter = ? AND state IN "
            "('called', 'serving', 'held') ORDER BY called_at",
            (counter,),
        ).fetchall()
        return [ticket_from_row(r) for r in rows]

    def action_outcome(self, action_id: str) -> Ticket | None:
        """The ticket a change sent with ``action_id`` was made to, as it is now; None if not made.

        Asked after :class:`~counterdesk.queue.base.QueueOutcomeUnknown`: the change and its
        event commit together, so the event says whether the change happened.
        """
        row = self._sql(
            "SELECT ticket_id FROM ticket_event WHERE action_id = ? ORDER BY seq LIMIT 1",
            (action_id,),
        ).fetchone()
        return None if row is None else self._load(row[0])

    def events(self, ticket_id: str) -> list[tuple[str, str | None, str, int | None]]:
        """A ticket's history as (action, from_state, to_state, counter), oldest first."""
        rows = self._sql(
            "SELECT action, from_state, to_state, counter FROM ticket_event "
            "WHERE ticket_id = ? ORDER BY seq",
            (ticket_id,),
        ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def status(self) -> QueueStatus:
        """The business day's waiting counts and longest waits per type, every counter's mode.

        ``counters`` lists every counter with a mode (open, paused or closed) and every counter
        that was given a ticket of the business day, in counter order.

        ``day`` is the queue's current business day (the day before, after midnight, while a
        day kept open runs on); ``issued_today`` counts that business day's tickets.
        """
        now = self.clock.now()
        day = self._current_day(now)
        rows = self._sql(
            "SELECT business_type, COUNT(*), MIN(queued_at) FROM ticket "
            "WHERE day = ? AND state = 'waiting' GROUP BY business_type",
            (day,),
        ).fetchall()
        found = {r[0]: (r[1], (now - from_utc_text(r[2])).total_seconds()) for r in rows}
        types = tuple(
            TypeStatus(
                business_type=kind.code,
                waiting=found.get(kind.code, (0, 0.0))[0],
                longest_wait_seconds=max(0.0, found.get(kind.code, (0, 0.0))[1]),
                target_seconds=kind.target_seconds,
            )
            for kind in [
                *self.catalogue,
                # A type retired since the day began stays listed while its tickets wait.
                *(self.catalogue.get(code) for code in self.catalogue.retired if code in found),
            ]
        )
        counters = []
        fresh_since = self._fresh_since(now)
        for counter, mode, reason, updated, serves, beat_at in self._sql(
            "SELECT s.counter, s.mode, s.reason, s.updated_at, s.serves, h.beat_at "
            "FROM counter_state s LEFT JOIN counter_heartbeat h ON h.counter = s.counter "
            "ORDER BY s.counter"
        ).fetchall():
            current = self.at_counter(counter)
            state = CounterMode(mode)
            counters.append(
                CounterStatus(
                    counter=counter,
                    mode=state,
                    reason=reason,
                    ticket_label=current[-1].label if current else None,
                    updated_at=from_utc_text(updated),
                    serves=tuple(code for code in serves.split(",") if code),
                    responding=state is CounterMode.CLOSED
                    or (beat_at is not None and beat_at >= fresh_since),
                    heartbeat_at=from_utc_text(beat_at) if beat_at else None,
                )
            )
        # A counter that called a ticket today without ever setting its mode (``queue call
        # --counter 2`` from a script) is listed too, as closed: else its customers appear nowhere.
        listed = {item.counter for item in counters}
        for counter, last_called in self._sql(
            "SELECT counter, MAX(called_at) FROM ticket WHERE day = ? AND counter IS NOT NULL "
            "GROUP BY counter ORDER BY counter",
            (day,),
        ).fetchall():
            if counter in listed:
                continue
            current = self.at_counter(counter)
            counters.append(
                CounterStatus(
                    counter=counter,
                    mode=CounterMode.CLOSED,
                    reason="",
                    ticket_label=current[-1].label if current else None,
                    updated_at=from_utc_text(last_called) if last_called else now,
                )
            )
        counters.sort(key=lambda item: item.counter)
        issued = self._sql(
            "SELECT COALESCE(SUM(last_number), 0) FROM daily_counter WHERE day = ?", (day,)
        ).fetchone()[0]
        return QueueStatus(day=day, types=types, counters=tuple(counters), issued_today=issued)

    def calls_after(self, seq: int, limit: int = 100) -> list[CallView]:
        """Calls and recalls after position ``seq`` of the event feed, oldest first."""
        rows = self._sql(
            f"{_FEED} WHERE e.action IN ('call', 'recall') AND e.seq > ? ORDER BY e.seq LIMIT ?",
            (seq, limit),
        ).fetchall()
        return [view for r in rows if (view := _call_view(r)) is not None]

    def feed_after(self, seq: int, limit: int = 100) -> list[tuple[int, CallView | None]]:
        """Every position of the event feed after ``seq``, oldest first, with its call if any.

        A reader that follows the feed needs every position, not only the calls: on PostgreSQL
        positions are handed out in order but committed in any order, so a position missing
        below the newest one seen may still arrive (see :meth:`feed_at`).
        """
        rows = self._sql(f"{_FEED} WHERE e.seq > ? ORDER BY e.seq LIMIT ?", (seq, limit)).fetchall()
        return [(r[0], _call_view(r)) for r in rows]

    def feed_at(self, seqs: Sequence[int]) -> list[tuple[int, CallView | None]]:
        """The positions among ``seqs`` that are in the feed now, oldest first, with their calls."""
        if not seqs:
            return []
        marks = ", ".join("?" * len(seqs))
        rows = self._sql(f"{_FEED} WHERE e.seq IN ({marks}) ORDER BY e.seq", tuple(seqs)).fetchall()
        return [(r[0], _call_view(r)) for r in rows]

    def recent_calls(self, count: int) -> list[CallView]:
        """The business day's last ``count`` calls, oldest first (a display starting shows them)."""
        day = self._current_day(self.clock.now())
        rows = self._sql(
            "SELECT e.seq FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
            "WHERE e.action IN ('call', 'recall') AND t.day = ? ORDER BY e.seq DESC LIMIT ?",
            (day, count),
        ).fetchall()
        if not rows:
            return []
        return self.calls_after(rows[-1][0] - 1, count)

    def last_event_seq(self) -> int:
        """The newest position of the event feed (0 when empty)."""
        value: int = self._sql("SELECT COALESCE(MAX(seq), 0) FROM ticket_event").fetchone()[0]
        return value

    def ahead_of(self, ticket: Ticket) -> int:
        """Waiting customers of the same business who would be called before ``ticket``.

        Counts tickets of a higher priority, and of the same priority that joined earlier (an
        earlier turn, ``queue_seq``); overdue and fairness rules can reorder the queue, so this
        is what a customer should expect, not a promise.
        """
        value: int = self._sql(
            "SELECT COUNT(*) FROM ticket WHERE day = ? AND state = 'waiting' AND lane = 0 "
            "AND business_type = ? AND id != ? AND (priority > ? OR (priority = ? AND "
            "queue_seq < ?))",
            (
                ticket.day.isoformat(), ticket.business_type, ticket.id, ticket.priority,
                ticket.priority, ticket.queue_seq,
            ),
        ).fetchone()[0]  # fmt: skip
        return value

    def recent_service_seconds(self, business_type: str, count: int = 20) -> list[float]:
        """How long the business day's last ``count`` finished services of a type took."""
        day = self._current_day(self.clock.now())
        rows = self._sql(
            "SELECT started_at, ended_at FROM ticket WHERE day = ? AND business_type = ? "
            "AND state = 'finished' AND started_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?",
            (day, business_type, count),
        ).fetchall()
        return [(from_utc_text(end) - from_utc_text(start)).total_seconds() for start, end in rows]

    def open_counters(self) -> dict[int, tuple[str, ...]]:
        """Open counters that send their heartbeat, and the types each serves (empty: every type).

        A counter whose program crashed stays ``open`` in ``counter_state``; after
        :attr:`stale_after_seconds` without a heartbeat it is left out here, so the kiosk no
        longer offers what only it served.
        """
        rows = self._sql(
            "SELECT s.counter, s.serves FROM counter_state s "
            "JOIN counter_heartbeat h ON h.counter = s.counter "
            "WHERE s.mode = 'open' AND h.beat_at >= ? ORDER BY s.counter",
            (self._fresh_since(self.clock.now()),),
        ).fetchall()
        return {r[0]: tuple(code for code in r[1].split(",") if code) for r in rows}


#: The event feed as the lobby reads it: position, ticket, counter, business, time, action.
_FEED = (
    "SELECT e.seq, t.prefix, t.number, e.counter, t.business_type, e.at, e.action "
    "FROM ticket_event e LEFT JOIN ticket t ON t.id = e.ticket_id"
)


def _call_view(row: Sequence[Any]) -> CallView | None:
    """The call a row of :data:`_FEED` records, or None for any other event."""
    if row[6] not in (Action.CALL.value, Action.RECALL.value):
        return None
    return CallView(
        seq=row[0],
        ticket_label=format_label(row[1], row[2]),
        counter=row[3],
        business_type=row[4],
        at=from_utc_text(row[5]),
        recall=row[6] == Action.RECALL.value,
    )
