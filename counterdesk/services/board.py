"""The manager's live board of today: the figures of the branch now, and what needs attention.

:func:`compute_board` is pure: it turns what the queue says now (:class:`QueueStatus`) and the
business day's rows (:class:`~counterdesk.services.kpi_day.DayRows`) into a :class:`Board`.
The day's figures (service level, served, walk-aways) are the KPI definitions of
:mod:`counterdesk.core.kpis`, so the board and the reports never disagree.
:class:`BoardReader` reads both (queue and journals) and computes; it runs on a worker, never on
the GUI thread.

Who is at a counter comes from the staff sessions of the journals the reader is given: on a
one-PC branch (the queue in the journal file) that is every counter; a counter whose journal
is on another PC shows its mode and customer without a name.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from counterdesk.core.clock import Clock
from counterdesk.core.kpis import (
    By,
    SessionRow,
    Share,
    served,
    service_level,
    walk_aways,
)
from counterdesk.queue.base import CounterMode, CounterStatus, QueueStatus
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.kpi_day import DayRows, read_day
from counterdesk.storage.counter_journal import CounterJournal

#: A counter paused longer than this (seconds) raises an alert.
PAUSE_LIMIT_SECONDS = 15 * 60


class Activity(enum.StrEnum):
    """What a counter is doing now, as the board shows it."""

    SERVING = "serving"
    OPEN = "open"  # open, nobody at the counter
    PAUSED = "paused"
    CLOSED = "closed"
    NOT_RESPONDING = "not_responding"  # open or paused, but its program sends no heartbeat


class AlertKind(enum.StrEnum):
    """Why the board asks for attention."""

    NO_COUNTER = "no_counter"  # customers of a type wait and no open counter serves it
    OVER_TARGET = "over_target"  # a type's longest wait passed its target
    PAUSED_TOO_LONG = "paused_too_long"  # a counter paused longer than the limit


@dataclass(frozen=True)
class TypeLine:
    """One business type on the board.

    Attributes:
        business_type: its code.
        waiting: customers waiting now.
        longest_wait_seconds: how long the first of them has waited (0 when nobody waits).
        target_seconds: the type's service-level target.
        service_level: customers called within the target so far today
            (:func:`~counterdesk.core.kpis.service_level`, by the type issued for).
        served: customers served today (:func:`~counterdesk.core.kpis.served`, by the type
            they were served as).
        walk_aways: customers who left unserved today (expired or no-show), by the type issued
            for.
    """

    business_type: str
    waiting: int
    longest_wait_seconds: float
    target_seconds: int
    service_level: Share
    served: int
    walk_aways: int

    @property
    def over_target(self) -> bool:
        """Whether someone waits and the longest wait passed the target."""
        return self.waiting > 0 and self.longest_wait_seconds > self.target_seconds


@dataclass(frozen=True)
class CounterLine:
    """One counter on the board.

    Attributes:
        counter: its number.
        activity: what it is doing.
        since: when that began: the call of the customer being served; the pause; for an
            open counter the later of its opening and the end of its last customer.
        teller: staff number of the teller signed in there ("" when no journal read knows).
        teller_name: their name ("" when unknown).
        ticket_label: the customer at the counter, or None.
        reason: why it is paused ("" otherwise).
        serves: the business types it serves (empty: every type).
    """

    counter: int
    activity: Activity
    since: datetime
    teller: str = ""
    teller_name: str = ""
    ticket_label: str | None = None
    reason: str = ""
    serves: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alert:
    """Something on the board that needs the manager.

    Attributes:
        kind: what.
        business_type: the type concerned (NO_COUNTER, OVER_TARGET), else "".
        counter: the counter concerned (PAUSED_TOO_LONG), else None.
        seconds: the longest wait (OVER_TARGET, NO_COUNTER) or the pause so far.
        limit_seconds: the type's target or the pause limit (0 for NO_COUNTER).
        waiting: customers of the type waiting (NO_COUNTER, OVER_TARGET).
    """

    kind: AlertKind
    business_type: str = ""
    counter: int | None = None
    seconds: float = 0.0
    limit_seconds: float = 0.0
    waiting: int = 0


@dataclass(frozen=True)
class Board:
    """The live board of one business day at one moment.

    Attributes:
        day: the queue's business day.
        at: when it was read.
        types: every business type (the catalogue's order).
        counters: every counter the queue knows, in counter order.
        arrivals: tickets issued today.
        served: customers served today.
        walk_aways: customers who left unserved, out of arrivals.
        service_level: customers called within their type's target so far today.
        alerts: what needs attention: types no open counter serves, then types over target
            (longest wait first), then counters paused too long (longest first).
    """

    day: date
    at: datetime
    types: tuple[TypeLine, ...]
    counters: tuple[CounterLine, ...]
    arrivals: int
    served: int
    walk_aways: Share
    service_level: Share
    alerts: tuple[Alert, ...]

    @property
    def waiting(self) -> int:
        """Customers waiting now, every type."""
        return sum(t.waiting for t in self.types)

    @property
    def longest_wait(self) -> TypeLine | None:
        """The type whose first customer has waited longest (None when nobody waits)."""
        waiting = [t for t in self.types if t.waiting]
        return max(waiting, key=lambda t: t.longest_wait_seconds) if waiting else None

    def count(self, *activities: Activity) -> int:
        """Counters doing any of ``activities``."""
        return sum(1 for c in self.counters if c.activity in activities)


def _activity(status: CounterStatus) -> Activity:
    if status.mode is CounterMode.CLOSED:
        return Activity.CLOSED
    if not status.responding:
        return Activity.NOT_RESPONDING
    if status.ticket_label is not None:
        return Activity.SERVING
    return Activity.PAUSED if status.mode is CounterMode.PAUSED else Activity.OPEN


def _signed_in(sessions: Iterable[SessionRow]) -> dict[int, SessionRow]:
    """The latest open session at each counter."""
    found: dict[int, SessionRow] = {}
    for s in sessions:
        if s.signed_out_at is not None:
            continue
        known = found.get(s.counter)
        if known is None or s.signed_in_at > known.signed_in_at:
            found[s.counter] = s
    return found


def _counter_line(
    status: CounterStatus,
    rows: DayRows | None,
    session: SessionRow | None,
    names: Mapping[str, str],
) -> CounterLine:
    activity = _activity(status)
    since = status.updated_at
    events = (
        [
            (e.at, e.action, t.label)
            for t in rows.tickets
            for e in t.events
            if e.counter == status.counter
        ]
        if rows is not None
        else []
    )
    if activity is Activity.SERVING:
        # The latest call of this customer to this counter (a recall does not restart it).
        calls = [at for at, action, label in events
                 if label == status.ticket_label and action == "call"]  # fmt: skip
        since = max(calls) if calls else status.updated_at
    elif activity is Activity.OPEN and events:
        since = max(status.updated_at, max(at for at, _, _ in events))
    teller = session.teller if session is not None else ""
    return CounterLine(
        counter=status.counter,
        activity=activity,
        since=since,
        teller=teller,
        teller_name=names.get(teller, ""),
        ticket_label=status.ticket_label,
        reason=status.reason if activity is Activity.PAUSED else "",
        serves=status.serves,
    )


def compute_board(
    status: QueueStatus,
    rows: DayRows | None,
    *,
    now: datetime,
    names: Mapping[str, str] | None = None,
    pause_limit_seconds: float = PAUSE_LIMIT_SECONDS,
) -> Board:
    """The board from the queue's status now and the business day's rows.

    Args:
        status: :meth:`SqlQueue.status` (waiting counts, longest waits, counters' modes).
        rows: the day's tickets and journal rows (None: only the queue's figures; the day's
            figures are then 0).
        now: when the status was read (how long a counter has been paused).
        names: staff number → name, for the tellers signed in.
        pause_limit_seconds: a pause longer than this is an alert.

    Formulas: ``served``, ``walk_aways`` and ``service_level`` are those of
    :mod:`counterdesk.core.kpis` over ``rows`` (targets from ``status``). A type has the
    NO_COUNTER alert when customers wait and no counter is open, responding and serving it
    (a paused counter does not call). A type is OVER_TARGET when its longest wait passed its
    target. A counter paused (and responding) for more than the limit since its mode changed
    is PAUSED_TOO_LONG.
    """
    names = names or {}
    targets = {t.business_type: t.target_seconds for t in status.types}
    tickets = rows.tickets if rows is not None else ()
    services = rows.services if rows is not None else ()
    level = service_level(tickets, targets, by=[By.BUSINESS_TYPE])
    done = served(tickets, services, by=[By.BUSINESS_TYPE])
    gone = walk_aways(tickets, by=[By.BUSINESS_TYPE])
    types = tuple(
        TypeLine(
            business_type=t.business_type,
            waiting=t.waiting,
            longest_wait_seconds=t.longest_wait_seconds if t.waiting else 0.0,
            target_seconds=t.target_seconds,
            service_level=level.get((t.business_type,), Share(0, 0)),
            served=done.get((t.business_type,), 0),
            walk_aways=gone.get((t.business_type,), Share(0, 0)).part,
        )
        for t in status.types
    )
    sessions = _signed_in(rows.sessions if rows is not None else ())
    counters = tuple(
        _counter_line(c, rows, sessions.get(c.counter), names) for c in status.counters
    )
    alerts: list[Alert] = []
    calling = [c for c in status.counters if c.mode is CounterMode.OPEN and c.responding]
    for t in types:
        if t.waiting and not any(c.serves_type(t.business_type) for c in calling):
            alerts.append(
                Alert(
                    AlertKind.NO_COUNTER,
                    t.business_type,
                    seconds=t.longest_wait_seconds,
                    waiting=t.waiting,
                )
            )
    over = sorted((t for t in types if t.over_target), key=lambda t: -t.longest_wait_seconds)
    alerts += [
        Alert(
            AlertKind.OVER_TARGET,
            t.business_type,
            seconds=t.longest_wait_seconds,
            limit_seconds=t.target_seconds,
            waiting=t.waiting,
        )
        for t in over
    ]
    paused = [
        (c, (now - c.updated_at).total_seconds())
        for c in status.counters
        if c.mode is CounterMode.PAUSED and c.responding
    ]
    alerts += [
        Alert(
            AlertKind.PAUSED_TOO_LONG,
            counter=c.counter,
            seconds=seconds,
            limit_seconds=pause_limit_seconds,
        )
        for c, seconds in sorted(paused, key=lambda item: -item[1])
        if seconds > pause_limit_seconds
    ]
    return Board(
        day=date.fromisoformat(status.day),
        at=now,
        types=types,
        counters=counters,
        arrivals=len(tickets),
        served=sum(done.values()),
        walk_aways=walk_aways(tickets)[()],
        service_level=service_level(tickets, targets)[()],
        alerts=tuple(alerts),
    )


class BoardReader:
    """Reads the board from the branch's queue and the journals this terminal can read.

    Every method does I/O: run it on the worker (the queue and the journal are used there).

    Args:
        queue: the branch's queue.
        journals: counter journals to read sessions and services from.
        names: returns staff number → name (the staff directory), read at each refresh.
        branch: the branch code.
        clock: the time source.
        zone: the branch's time zone (None: the machine's).
        pause_limit_seconds: a pause longer than this is an alert.
    """

    def __init__(
        self,
        queue: SqlQueue,
        journals: Sequence[CounterJournal],
        names: Callable[[], Mapping[str, str]],
        *,
        branch: str,
        clock: Clock,
        zone: tzinfo | None = None,
        pause_limit_seconds: float = PAUSE_LIMIT_SECONDS,
    ) -> None:
        self.queue = queue
        self.journals = tuple(journals)
        self.names = names
        self.branch = branch
        self.clock = clock
        self.zone = zone
        self.pause_limit_seconds = pause_limit_seconds

    def read(self) -> Board:
        """Read the queue and the journals now and compute the board.

        Raises:
            QueueOfflineError: the queue cannot be reached.
        """
        status = self.queue.status()
        now = self.clock.now()
        zone = self.zone or now.astimezone().tzinfo
        assert zone is not None
        rows = read_day(
            self.queue, self.journals, branch=self.branch,
            day=date.fromisoformat(status.day), zone=zone,
        )  # fmt: skip
        return compute_board(
            status, rows, now=now, names=self.names(),
            pause_limit_seconds=self.pause_limit_seconds,
        )  # fmt: skip
