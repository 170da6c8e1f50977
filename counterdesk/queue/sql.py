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
from datetime import date, datetime, tzinfo
from typing import Any

import peewee

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import (
    Clock,
    IdFactory,
    business_day,
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
from counterdesk.core.policy import CallDecision, CallingPolicy
from counterdesk.core.tickets import Action, Ticket, TicketState, format_label
from counterdesk.queue.base import (
    CallView,
    CounterMode,
    CounterStatus,
    QueueStatus,
    TypeStatus,
)
from counterdesk.storage.sql import execute

_COLUMNS = (
    "id, day, number, prefix, business_type, priority, state, lane, counter, call_count, "
    "issued_at, queued_at, called_at, started_at, ended_at, version"
)
COLUMNS = _COLUMNS
PRIORITY_LEVELS = (2, 1, 0)


def ticket_from_row(row: Sequence[Any]) -> Ticket:
    """Build a ticket from a row of :data:`COLUMNS`."""
    (tid, day, number, prefix, btype, priority, state, lane, counter, calls, issued, queued,
     called, started, ended, version) = row  # fmt: skip
    return Ticket(
        id=tid,
        day=date.fromisoformat(day),
        number=number,
        prefix=prefix,
        business_type=btype,
        priority=priority,
        state=TicketState(state),
        issued_at=from_utc_text(issued),
        queued_at=from_utc_text(queued),
        counter=counter,
        target_counter=lane or None,
        call_count=calls,
        called_at=from_utc_text(called) if called else None,
        started_at=from_utc_text(started) if started else None,
        ended_at=from_utc_text(ended) if ended else None,
        version=version,
    )


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
        day: the business day.
        expired: tickets this call expired (0 when the day was already closed or kept open).
        already_closed: the day had been closed before (by this or another terminal).
        kept_open: the branch opted out of closing that day; nothing was expired.
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

    def _heads(self, day: str, policy: CallingPolicy) -> list[Ticket]:
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

    def _today(self, now: datetime) -> str:
        return business_day(now, self._zone).isoformat()

    def _sql(self, sql: str, params: Iterable[Any] = ()) -> Any:
        if self.param != "?":
            statement = self._statements.get(sql)
            if statement is None:
                statement = self._statements[sql] = sql.replace("?", self.param)
            sql = statement
        return execute(self.db, sql, tuple(params))

    def _event(
        self,
        ticket: Ticket,
        action: Action,
        before: TicketState | None,
        at: datetime,
        counter: int | None,
        detail: dict[str, Any] | None = None,
        action_id: str | None = None,
    ) -> None:
        self._sql(
            "INSERT INTO ticket_event (ticket_id, action, from_state, to_state, counter, at, "
            "detail, action_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ticket.id,
                action.value,
                before.value if before else None,
                ticket.state.value,
                counter,
                to_utc_text(at),
                json.dumps(detail or {}, separators=(",", ":")),
                action_id,
            ),
        )

    def _cas(
        self,
        old: Ticket,
        new: Ticket,
        action: Action,
        at: datetime,
        counter: int | None,
        detail: dict[str, Any] | None = None,
        action_id: str | None = None,
    ) -> None:
        """Write ``new`` over ``old`` only if nobody changed the ticket meanwhile."""
        cursor = self._sql(
            "UPDATE ticket SET business_type = ?, state = ?, lane = ?, counter = ?, "
            "call_count = ?, queued_at = ?, called_at = ?, started_at = ?, ended_at = ?, "
            "version = ? WHERE id = ? AND version = ?",
            (
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
            ),
        )
        if cursor.rowcount != 1:
            raise ConflictError(
                QT_TRANSLATE_NOOP(
                    "domain", "ticket {label} was changed by another counter; try again"
                ),
                label=old.label,
            )
        self._event(new, action, old.state, at, counter, detail, action_id)

    def _load(self, ticket_id: str) -> Ticket:
        row = self._sql(f"SELECT {_COLUMNS} FROM ticket WHERE id = ?", (ticket_id,)).fetchone()
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("domain", "no ticket with id {id}"), id=ticket_id)
        return ticket_from_row(row)

    def _counter(self, counter: int) -> tuple[CounterMode, int]:
        row = self._sql(
            "SELECT mode, priority_streak FROM counter_state WHERE counter = ?", (counter,)
        ).fetchone()
        if row is None:
            return CounterMode.OPEN, 0
        return CounterMode(row[0]), int(row[1])

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

    # -- operations -------------------------------------------------------------------------

    def issue(self, business_type: str, priority: int | None = None) -> Ticket:
        """Take a new ticket for ``business_type`` (code or prefix letter).

        The ticket's priority is the higher of ``priority`` and the type's priority weight.
        """
        kind = self.catalogue.get(business_type)
        level = max(priority or 0, kind.priority_weight)
        now = self.clock.now()
        day = self._today(now)
        with self._write():
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
                f"INSERT INTO ticket ({_COLUMNS}) VALUES ({', '.join('?' * 16)})",
                (
                    ticket.id, day, ticket.number, ticket.prefix, ticket.business_type,
                    ticket.priority, ticket.state.value, 0, None, 0, to_utc_text(now),
                    to_utc_text(now), None, None, None, ticket.version,
                ),
            )  # fmt: skip
            self._event(ticket, Action.ISSUE, None, now, None, {"priority": level})
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
        day = self._today(now)
        with self._write(action_id):
            mode, streak = self._counter(policy.counter)
            if mode is not CounterMode.OPEN:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "counter {counter} is {mode}; open it first"),
                    counter=policy.counter,
                    mode=mode.value,
                )
            decision = policy.choose(self._heads(day, policy), self._targets, now, streak)
            if decision is None:
                raise QueueEmptyError(
                    QT_TRANSLATE_NOOP("domain", "no customer is waiting for counter {counter}"),
                    counter=policy.counter,
                )
            called = decision.ticket.call(policy.counter, now)
            self._cas(
                decision.ticket, called, Action.CALL, now, policy.counter,
                {"reason": decision.reason.value}, action_id,
            )  # fmt: skip
            if decision.priority_streak != streak:
                self._put_counter(policy.counter, now, streak=decision.priority_streak)
        return replace(decision, ticket=called)

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
            new = change(old, now)
            self._cas(old, new, action, now, counter if counter is not None else old.counter,
                      detail, action_id)  # fmt: skip
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
        """Send the customer to another business type and/or counter; the number is kept."""
        code = self.catalogue.get(business_type).code if business_type else None
        return self._act(
            ticket_id,
            Action.TRANSFER,
            counter,
            lambda t, at: t.transfer(counter, at, business_type=code, to_counter=to_counter),
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
        """Open, pause (with a reason) or close a counter, and say what it serves."""
        now = self.clock.now()
        with self._write():
            self._put_counter(counter, now, mode=mode, reason=reason, serves=serves)

    def close_day(self, day: date | None = None, *, keep_open: bool = False) -> DayClose:
        """Close a business day: every ticket of it still waiting is expired, not deleted.

        Each ticket is expired with a compare-and-set and an ``expire`` event, all in one
        write transaction with the day's ``day_close`` row, which makes the close happen once
        however many terminals run it at the closing hour. Numbers restart the next day
        anyway (they are per business day); a day that was kept open is left alone.

        Args:
            day: the business day; today when None.
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
            # Claim the day first: a second closer finds the row (on PostgreSQL it waits here
            # until the first one commits) and changes nothing.
            claimed = self._sql(
                "INSERT INTO day_close (day, closed_at, expired, kept_open) VALUES (?, ?, 0, ?) "
                "ON CONFLICT (day) DO NOTHING RETURNING day",
                (when.isoformat(), None if keep_open else to_utc_text(now), int(keep_open)),
            ).fetchone()
            if claimed is None:
                closed_at, kept = self._sql(
                    "SELECT closed_at, kept_open FROM day_close WHERE day = ?", (when.isoformat(),)
                ).fetchone()
                return DayClose(
                    day=when,
                    expired=0,
                    already_closed=closed_at is not None,
                    kept_open=bool(kept),
                    closed_at=from_utc_text(closed_at) if closed_at else None,
                )
            if keep_open:
                return DayClose(day=when, expired=0, already_closed=False, kept_open=True)
            waiting = self._sql(
                "SELECT id FROM ticket WHERE day = ? AND state = 'waiting' "
                "ORDER BY queued_at, number, prefix",
                (when.isoformat(),),
            ).fetchall()
            expired = 0
            for (ticket_id,) in waiting:
                old = self._load_for_update(ticket_id)
                if old.state is not TicketState.WAITING:
                    continue  # called by a counter while this close waited for its lock
                self._cas(old, old.expire(now), Action.EXPIRE, now, None, {"reason": "day close"})
                expired += 1
            self._sql("UPDATE day_close SET expired = ? WHERE day = ?", (expired, when.isoformat()))
        return DayClose(day=when, expired=expired, already_closed=False, closed_at=now)

    def keep_open_tonight(self, day: date | None = None) -> DayClose:
        """Opt out of closing ``day`` (today when None), e.g. for a late-opening night.

        :meth:`close_day` then does nothing for that day. Too late once the day was closed:
        the result says ``already_closed``.
        """
        return self.close_day(day, keep_open=True)

    # -- reading ----------------------------------------------------------------------------

    def get(self, ticket_id: str) -> Ticket:
        """Return a ticket by id."""
        return self._load(ticket_id)

    def find(self, label: str, day: date | None = None) -> Ticket:
        """Return today's (or ``day``'s) ticket with a label such as ``A007``."""
        text = label.strip().upper()
        if len(text) < 2 or not text[1:].isdigit():
            raise NotFoundError(
                QT_TRANSLATE_NOOP("domain", "{label!r} is not a ticket number such as A007"),
                label=label,
            )
        when = (day or business_day(self.clock.now(), self._zone)).isoformat()
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
        """Today's waiting counts and longest waits per type, and every counter's mode."""
        now = self.clock.now()
        day = self._today(now)
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
            for kind in self.catalogue
        )
        counters = []
        for counter, mode, reason, updated in self._sql(
            "SELECT counter, mode, reason, updated_at FROM counter_state ORDER BY counter"
        ).fetchall():
            current = self.at_counter(counter)
            counters.append(
                CounterStatus(
                    counter=counter,
                    mode=CounterMode(mode),
                    reason=reason,
                    ticket_label=current[-1].label if current else None,
                    updated_at=from_utc_text(updated),
                )
            )
        issued = self._sql(
            "SELECT COALESCE(SUM(last_number), 0) FROM daily_counter WHERE day = ?", (day,)
        ).fetchone()[0]
        return QueueStatus(day=day, types=types, counters=tuple(counters), issued_today=issued)

    def calls_after(self, seq: int, limit: int = 100) -> list[CallView]:
        """Calls and recalls after position ``seq`` of the event feed, oldest first."""
        rows = self._sql(
            "SELECT e.seq, t.prefix, t.number, e.counter, t.business_type, e.at, e.action "
            "FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
            "WHERE e.action IN ('call', 'recall') AND e.seq > ? ORDER BY e.seq LIMIT ?",
            (seq, limit),
        ).fetchall()
        return [
            CallView(
                seq=r[0],
                ticket_label=format_label(r[1], r[2]),
                counter=r[3],
                business_type=r[4],
                at=from_utc_text(r[5]),
                recall=r[6] == Action.RECALL.value,
            )
            for r in rows
        ]

    def recent_calls(self, count: int) -> list[CallView]:
        """Today's last ``count`` calls, oldest first (what a display shows when it starts)."""
        day = self._today(self.clock.now())
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

        Counts tickets of a higher priority, and of the same priority that joined earlier;
        overdue and fairness rules can reorder the queue, so this is what a customer should
        expect, not a promise.
        """
        value: int = self._sql(
            "SELECT COUNT(*) FROM ticket WHERE day = ? AND state = 'waiting' AND lane = 0 "
            "AND business_type = ? AND id != ? AND (priority > ? OR (priority = ? AND "
            "(queued_at < ? OR (queued_at = ? AND number < ?))))",
            (
                ticket.day.isoformat(), ticket.business_type, ticket.id, ticket.priority,
                ticket.priority, to_utc_text(ticket.queued_at), to_utc_text(ticket.queued_at),
                ticket.number,
            ),
        ).fetchone()[0]  # fmt: skip
        return value

    def recent_service_seconds(self, business_type: str, count: int = 20) -> list[float]:
        """How long today's last ``count`` finished services of a business type took."""
        day = self._today(self.clock.now())
        rows = self._sql(
            "SELECT started_at, ended_at FROM ticket WHERE day = ? AND business_type = ? "
            "AND state = 'finished' AND started_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?",
            (day, business_type, count),
        ).fetchall()
        return [(from_utc_text(end) - from_utc_text(start)).total_seconds() for start, end in rows]

    def open_counters(self) -> dict[int, tuple[str, ...]]:
        """Open counters and the business types each serves (empty: every type)."""
        rows = self._sql(
            "SELECT counter, serves FROM counter_state WHERE mode = 'open' ORDER BY counter"
        ).fetchall()
        return {r[0]: tuple(code for code in r[1].split(",") if code) for r in rows}
