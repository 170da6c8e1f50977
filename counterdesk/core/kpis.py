"""Service-quality KPIs: plain rows read from the queue and the journals, and the figures of them.

Every figure here is a pure function of frozen rows; nothing reads a database or a clock. The
rows are what the branch actually records: :class:`TicketRow` (the queue's ``ticket`` and its
``ticket_event`` history), :class:`ServiceRow`, :class:`StepRow`, :class:`RatingRow`,
:class:`SessionRow` and :class:`PauseRow` (the counter journals). ``docs/kpis.md`` states each
formula again, precisely enough for head office to compute the same figures in SQL.

Conventions shared by every function:

- Durations are seconds (float) between two stored UTC instants.
- Each function takes ``by``: a sequence of :class:`By` dimensions, and returns a dict from the
  group key (a tuple of strings, one per dimension, in the order of ``by``) to the figure.
  With ``by=()`` the single key ``()`` is always present, with a zero or empty figure when there
  are no rows; with dimensions, only groups that have at least one row appear.
- Which row decides a group: each figure names the instant that decides its hour (the branch's
  local hour, ``zone``), and its business day is the queue's business day of the ticket
  (:attr:`TicketRow.day`; the day a service's, step's or rating's ticket belongs to, and the day
  a session or pause row was read for). Week and month follow from that business day.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TypeVar

from counterdesk.core.ratings import RatingScale

Key = tuple[str, ...]
T = TypeVar("T")
F = TypeVar("F")


class By(enum.StrEnum):
    """A dimension figures can be grouped by (the group key's text: ``docs/kpis.md``)."""

    BRANCH = "branch"
    COUNTER = "counter"
    TELLER = "teller"
    BUSINESS_TYPE = "type"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


# -- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketEvent:
    """One row of the queue's ``ticket_event`` of a ticket.

    Attributes:
        action: the :class:`~counterdesk.core.tickets.Action` value (``call``, ``recall``...).
        at: when it happened (UTC).
        counter: the counter that acted (or held the ticket), or None.
    """

    action: str
    at: datetime
    counter: int | None


@dataclass(frozen=True)
class TicketRow:
    """A ticket of one business day as the queue holds it, with its events.

    Attributes:
        ticket_id: the ticket's id.
        label: the number the customer holds (``A012``).
        branch: the branch code.
        day: the queue's business day the ticket was issued into.
        business_type: the type the customer took the ticket for (its prefix's type); a
            transfer to another type does not change it.
        final_type: the type the ticket has now (after any transfer).
        state: the ticket's state now (``finished``, ``expired``, ``no_show``, ``serving``...).
        issued_at: when the customer took the ticket.
        first_called_at: the first ``call`` event's time, or None when never called.
        first_counter: the counter of that first call, or None.
        ended_at: when it finished, was cancelled, marked no-show or expired (queue's time).
        events: the ticket's events, oldest first.
        teller: the teller of the ticket's first service ("" when unknown; see
            :func:`with_tellers`).
    """

    ticket_id: str
    label: str
    branch: str
    day: date
    business_type: str
    final_type: str
    state: str
    issued_at: datetime
    first_called_at: datetime | None
    first_counter: int | None
    ended_at: datetime | None
    events: tuple[TicketEvent, ...] = ()
    teller: str = ""


@dataclass(frozen=True)
class ServiceRow:
    """One journal service (a part of a customer's visit at a counter).

    Attributes:
        service_id: the service's uuid.
        ticket_id: the queue's ticket.
        ticket_label: the number the customer holds.
        branch: the branch code.
        day: the business day of the ticket.
        counter: the counter number.
        teller: the teller's staff number.
        business_type: the business done in this part.
        called_at: when the ticket was called to the counter.
        started_at: when the customer arrived (service began), or None.
        finished_at: when the part ended (finished, or abandoned), or None while open.
        state: ``finished``, ``abandoned`` or ``open``.
        finish_reason: the recorded reason (``no_show``, ``switched to LOAN``, an override
            reason...), or None.
        override_by: the supervisor who let it finish with mandatory steps open, or None.
        previous_service_id: the part this one replaced after a switch of business type.
        mandatory_steps: the mandatory step ids of the procedure version it started with.
    """

    service_id: str
    ticket_id: str
    ticket_label: str
    branch: str
    day: date
    counter: int
    teller: str
    business_type: str
    called_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    state: str
    finish_reason: str | None = None
    override_by: str | None = None
    previous_service_id: str | None = None
    mandatory_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepRow:
    """A checked procedure step (an unchecked step has no row).

    Attributes:
        service_id: the service it belongs to.
        step_id: the procedure step.
        checked_at: when it was checked.
        seconds_open: how long it was the current step before the check.
        authoriser: the supervisor who authorised it, or None.
        checked_by: the teller who checked it.
    """

    service_id: str
    step_id: str
    checked_at: datetime
    seconds_open: float
    authoriser: str | None = None
    checked_by: str = ""


@dataclass(frozen=True)
class RatingRow:
    """The end of a rating prompt: a score, or no rating (timeout, skipped, next customer).

    Attributes:
        service_id: the rated service.
        outcome: ``rated`` or ``no_rating``.
        score: the score (1 = unhappiest), or None.
        scale_levels: levels of the scale the score is on (3, 4 or 5); None on rows written
            before the journal kept it, which were all on the 5-level scale.
        reasons: the reason codes the customer chose.
        cause: why there is no score (``timeout``, ``declined``, ``superseded``), or None.
        prompted_at: when the prompt opened.
        answered_at: when the prompt closed (the last tap, the timeout, the skip), or None.
    """

    service_id: str
    outcome: str
    score: int | None
    scale_levels: int | None
    reasons: tuple[str, ...]
    cause: str | None
    prompted_at: datetime
    answered_at: datetime | None = None


@dataclass(frozen=True)
class SessionRow:
    """A teller signed in at a counter.

    Attributes:
        session_id: the session's uuid.
        branch: the branch code.
        day: the business day it was read for.
        counter: the counter number.
        teller: the teller's staff number.
        signed_in_at: when they signed in.
        signed_out_at: when they signed out, or None while signed in.
    """

    session_id: str
    branch: str
    day: date
    counter: int
    teller: str
    signed_in_at: datetime
    signed_out_at: datetime | None


@dataclass(frozen=True)
class PauseRow:
    """A pause of a session.

    Attributes:
        session_id: the session paused.
        reason: the reason the teller gave.
        started_at: when the pause began.
        ended_at: when it ended, or None while paused.
    """

    session_id: str
    reason: str
    started_at: datetime
    ended_at: datetime | None


# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """``part`` out of ``whole``; :attr:`value` is None when ``whole`` is 0."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        """The part over the whole, or None for an empty whole."""
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class Durations:
    """Summary of a set of durations (seconds).

    Attributes:
        count: how many.
        mean: arithmetic mean, or None when count is 0.
        median: the median (the mean of the two middle values for an even count; PostgreSQL's
            ``percentile_cont(0.5)``), or None.
        p90: the 90th percentile by nearest rank: the value at rank ``ceil(0.9 * count)`` in
            ascending order (PostgreSQL's ``percentile_disc(0.9)``), or None.
    """

    count: int = 0
    mean: float | None = None
    median: float | None = None
    p90: float | None = None

    @classmethod
    def of(cls, values: Iterable[float]) -> Durations:
        """Summarise ``values``."""
        ordered = sorted(values)
        n = len(ordered)
        if n == 0:
            return cls()
        middle = n // 2
        median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        return cls(n, sum(ordered) / n, median, ordered[math.ceil(0.9 * n) - 1])


@dataclass(frozen=True)
class TellerTime:
    """Signed-in time split into serving, idle and paused (seconds).

    Attributes:
        serving: time with at least one service open and no pause.
        idle: signed in, no service open, not paused.
        paused: paused time by reason.
    """

    serving: float = 0.0
    idle: float = 0.0
    paused: Mapping[str, float] = field(default_factory=dict)

    @property
    def paused_total(self) -> float:
        """All paused time."""
        return sum(self.paused.values())

    @property
    def signed_in(self) -> float:
        """Serving, idle and paused time added."""
        return self.serving + self.idle + self.paused_total


@dataclass(frozen=True)
class Satisfaction:
    """Customer ratings of finished services.

    Attributes:
        finished: finished services (each was offered a rating).
        rated: those with a score.
        mean_score: mean of the scores on a 0-100 scale, or None when none was rated.
        satisfied: rated services whose level is "satisfied" or "very satisfied".
        reasons: (reason code, times chosen), most chosen first, ties by code.
    """

    finished: int = 0
    rated: int = 0
    mean_score: float | None = None
    satisfied: int = 0
    reasons: tuple[tuple[str, int], ...] = ()

    @property
    def response_rate(self) -> Share:
        """Rated services over finished services."""
        return Share(self.rated, self.finished)

    @property
    def satisfied_share(self) -> Share:
        """Satisfied over rated."""
        return Share(self.satisfied, self.rated)


@dataclass(frozen=True)
class Override:
    """A service finished with mandatory steps open, and who let it."""

    service_id: str
    ticket_label: str
    teller: str
    supervisor: str
    reason: str
    open_steps: tuple[str, ...]


@dataclass(frozen=True)
class Compliance:
    """SOP compliance of finished services.

    Attributes:
        finished: finished services.
        complete: those with every mandatory step checked.
        overrides: those finished with mandatory steps open under a supervisor's override.
        left_open: (step id, services that finished with it open), most first, ties by id.
    """

    finished: int = 0
    complete: int = 0
    overrides: tuple[Override, ...] = ()
    left_open: tuple[tuple[str, int], ...] = ()

    @property
    def share(self) -> Share:
        """Complete over finished."""
        return Share(self.complete, self.finished)


@dataclass(frozen=True)
class Authorisations:
    """What one supervisor authorised: steps (e.g. an amount over a limit) and finish overrides."""

    steps: int = 0
    overrides: int = 0

    @property
    def total(self) -> int:
        """Step authorisations and overrides added."""
        return self.steps + self.overrides


# -- grouping --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dims:
    """What a fact is grouped by: its place and the instant that decides its hour."""

    branch: str
    counter: int | None
    teller: str
    business_type: str
    day: date
    at: datetime


def _key(dims: _Dims, by: Sequence[By], zone: tzinfo) -> Key:
    parts: list[str] = []
    for dim in by:
        if dim is By.BRANCH:
            parts.append(dims.branch)
        elif dim is By.COUNTER:
            parts.append("" if dims.counter is None else str(dims.counter))
        elif dim is By.TELLER:
            parts.append(dims.teller)
        elif dim is By.BUSINESS_TYPE:
            parts.append(dims.business_type)
        elif dim is By.HOUR:
            parts.append(f"{dims.at.astimezone(zone).hour:02d}")
        elif dim is By.DAY:
            parts.append(dims.day.isoformat())
        elif dim is By.WEEK:
            year, week, _ = dims.day.isocalendar()
            parts.append(f"{year}-W{week:02d}")
        else:
            parts.append(f"{dims.day.year}-{dims.day.month:02d}")
    return tuple(parts)


def _group(
    facts: Iterable[tuple[_Dims, T]],
    by: Sequence[By],
    zone: tzinfo,
    summarise: Callable[[list[T]], F],
) -> dict[Key, F]:
    groups: dict[Key, list[T]] = defaultdict(list)
    if not by:
        groups[()] = []
    for dims, value in facts:
        groups[_key(dims, by, zone)].append(value)
    return {key: summarise(values) for key, values in sorted(groups.items())}


def _seconds(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()


def _ticket_dims(ticket: TicketRow, at: datetime) -> _Dims:
    return _Dims(
        ticket.branch, ticket.first_counter, ticket.teller, ticket.business_type, ticket.day, at
    )


def _service_dims(service: ServiceRow, at: datetime) -> _Dims:
    return _Dims(
        service.branch, service.counter, service.teller, service.business_type, service.day, at
    )


def with_tellers(tickets: Iterable[TicketRow], services: Iterable[ServiceRow]) -> list[TicketRow]:
    """The tickets with :attr:`TicketRow.teller` set from their services.

    A ticket's teller is the teller of its earliest-called service (ties: the smaller service
    id); a ticket without a service keeps "".
    """
    first: dict[str, ServiceRow] = {}
    for service in services:
        known = first.get(service.ticket_id)
        if known is None or (service.called_at, service.service_id) < (
            known.called_at,
            known.service_id,
        ):
            first[service.ticket_id] = service
    return [
        replace(t, teller=first[t.ticket_id].teller) if t.ticket_id in first else t for t in tickets
    ]


# -- tickets ---------------------------------------------------------------------------------


def arrivals(
    tickets: Iterable[TicketRow], *, by: Sequence[By] = (), zone: tzinfo = UTC
) -> dict[Key, int]:
    """Tickets issued.

    Formula: count of tickets; hour decided by ``issued_at``. A transferred ticket is one
    arrival, of the type it was issued for.
    """
    return _group(((_ticket_dims(t, t.issued_at), 1) for t in tickets), by, zone, len)


def waiting_times(
    tickets: Iterable[TicketRow], *, by: Sequence[By] = (), zone: tzinfo = UTC
) -> dict[Key, Durations]:
    """Waiting time from issue to the first call, over tickets that were called.

    Formula: ``first_called_at - issued_at`` in seconds (a negative difference, from a clock
    stepped back, counts as 0); tickets never called are left out. Hour decided by
    ``issued_at``; counter is the first call's. Summaries: see :class:`Durations`.
    """
    facts = (
        (_ticket_dims(t, t.issued_at), max(0.0, _seconds(t.issued_at, t.first_called_at)))
        for t in tickets
        if t.first_called_at is not None
    )
    return _group(facts, by, zone, Durations.of)


def waiting_histogram(
    tickets: Iterable[TicketRow],
    edges: Sequence[float],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, tuple[int, ...]]:
    """How many called tickets waited how long: :func:`waiting_times`' waits counted in bins.

    Formula: ``edges`` are ascending upper bounds in seconds, each inclusive (as a target is);
    bin ``i`` counts the waits ``w`` with ``edges[i-1] < w <= edges[i]`` (the first bin is
    ``w <= edges[0]``), and one more, last bin counts ``w > edges[-1]``: the bin's index is the
    number of edges below ``w``. Same tickets, wait and place as :func:`waiting_times`. Each
    figure is a tuple of ``len(edges) + 1`` counts.
    """
    bounds = list(edges)
    if any(b <= a for a, b in itertools.pairwise(bounds)):
        raise ValueError(f"the edges must ascend: {bounds}")

    def count(values: list[int]) -> tuple[int, ...]:
        found = Counter(values)
        return tuple(found[i] for i in range(len(bounds) + 1))

    facts = (
        (
            _ticket_dims(t, t.issued_at),
            bisect.bisect_left(bounds, max(0.0, _seconds(t.issued_at, t.first_called_at))),
        )
        for t in tickets
        if t.first_called_at is not None
    )
    return _group(facts, by, zone, count)


def service_level(
    tickets: Iterable[TicketRow],
    targets: Mapping[str, int],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, Share]:
    """Share of customers called within their business type's target wait.

    Formula: part = tickets called with ``first_called_at - issued_at <= target`` (inclusive);
    whole = tickets called, plus tickets never called whose wait ``ended_at - issued_at``
    passed the target (they left or expired after the target, so they missed it). Tickets
    never called that ended within the target, or are still waiting, are in neither. The
    target is that of the type the ticket was issued for; a type without a target is left out.
    Hour decided by ``issued_at``.
    """
    facts: list[tuple[_Dims, bool]] = []
    for t in tickets:
        target = targets.get(t.business_type)
        if target is None:
            continue
        if t.first_called_at is not None:
            met = _seconds(t.issued_at, t.first_called_at) <= target
        elif t.ended_at is not None and _seconds(t.issued_at, t.ended_at) > target:
            met = False
        else:
            continue
        facts.append((_ticket_dims(t, t.issued_at), met))
    return _group(facts, by, zone, lambda values: Share(sum(values), len(values)))


WALK_AWAY_STATES = frozenset({"expired", "no_show"})


def walk_aways(
    tickets: Iterable[TicketRow], *, by: Sequence[By] = (), zone: tzinfo = UTC
) -> dict[Key, Share]:
    """Customers who left unserved: tickets whose state is ``expired`` or ``no_show``.

    Formula: part = tickets in those states now (a no-show reactivated and served is not one);
    whole = arrivals of the same group. Cancelled tickets are not walk-aways. Hour decided by
    ``issued_at``, counter by the first call (none for an expired ticket).
    """
    facts = ((_ticket_dims(t, t.issued_at), t.state in WALK_AWAY_STATES) for t in tickets)
    return _group(facts, by, zone, lambda values: Share(sum(values), len(values)))


def _event_counts(
    action: str,
    tickets: Iterable[TicketRow],
    services: Iterable[ServiceRow],
    by: Sequence[By],
    zone: tzinfo,
) -> dict[Key, int]:
    # The teller of an event: the latest-called service of that ticket at that counter that
    # was called at or before the event.
    parts: dict[tuple[str, int], list[ServiceRow]] = defaultdict(list)
    for s in services:
        parts[(s.ticket_id, s.counter)].append(s)
    facts: list[tuple[_Dims, int]] = []
    for t in tickets:
        for e in t.events:
            if e.action != action:
                continue
            teller = ""
            if e.counter is not None:
                earlier = [s for s in parts[(t.ticket_id, e.counter)] if s.called_at <= e.at]
                if earlier:
                    teller = max(earlier, key=lambda s: (s.called_at, s.service_id)).teller
            facts.append((_Dims(t.branch, e.counter, teller, t.business_type, t.day, e.at), 1))
    return _group(facts, by, zone, len)


def recalls(
    tickets: Iterable[TicketRow],
    services: Iterable[ServiceRow] = (),
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, int]:
    """Recall events: a counter calling the same customer again.

    Formula: count of ``recall`` events; counter is the event's, hour decided by the event's
    time, teller that of the latest service of the ticket at that counter called at or before
    the event; business type the ticket's type at issue.
    """
    return _event_counts("recall", tickets, services, by, zone)


def transfers(
    tickets: Iterable[TicketRow],
    services: Iterable[ServiceRow] = (),
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, int]:
    """Transfer events (to another business type or counter); grouped as :func:`recalls`."""
    return _event_counts("transfer", tickets, services, by, zone)


def holds(
    tickets: Iterable[TicketRow],
    services: Iterable[ServiceRow] = (),
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, int]:
    """Hold events (the customer stepped away mid-service); grouped as :func:`recalls`."""
    return _event_counts("hold", tickets, services, by, zone)


# -- services --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """A customer's time at one counter: a service and the parts it replaced by switches.

    Attributes:
        parts: the services, first part first; only the last can be finished.
    """

    parts: tuple[ServiceRow, ...]

    @property
    def last(self) -> ServiceRow:
        """The part the visit ended with."""
        return self.parts[-1]

    @property
    def switches(self) -> int:
        """Switches of business type during the visit."""
        return len(self.parts) - 1


def visits(services: Iterable[ServiceRow]) -> list[Visit]:
    """Chain services along ``previous_service_id`` into visits, in order of their last part.

    A part whose previous part is not among ``services`` starts a visit.
    """
    rows = list(services)
    by_id = {s.service_id: s for s in rows}
    replaced = {s.previous_service_id for s in rows if s.previous_service_id in by_id}
    chains: list[Visit] = []
    for last in rows:
        if last.service_id in replaced:
            continue
        chain = [last]
        seen = {last.service_id}
        while chain[-1].previous_service_id in by_id:
            previous = by_id[chain[-1].previous_service_id]
            if previous.service_id in seen:
                break
            seen.add(previous.service_id)
            chain.append(previous)
        chains.append(Visit(tuple(reversed(chain))))
    chains.sort(key=lambda v: (v.last.finished_at or v.last.called_at, v.last.service_id))
    return chains


def _finished_visits(services: Iterable[ServiceRow]) -> list[Visit]:
    return [
        v for v in visits(services) if v.last.state == "finished" and v.last.finished_at is not None
    ]


def served(
    tickets: Iterable[TicketRow],
    services: Iterable[ServiceRow],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, int]:
    """Customers served: tickets whose service finished.

    Formula: each ticket counts at most once. A ticket with a finished service in a journal
    counts with its last finished visit (counter, teller, business type of the finished part;
    hour decided by the journal's ``finished_at``), whether or not the queue heard of the finish
    (a finish made while the queue was offline counts at the journal's time). A ticket the
    queue has ``finished`` but no journal finished counts with its own business type, the
    counter of its last event, no teller, hour decided by the queue's ``ended_at``.
    """
    latest: dict[str, Visit] = {}
    for v in _finished_visits(services):
        latest[v.last.ticket_id] = v  # visits come in finishing order: the last one wins
    facts: list[tuple[_Dims, int]] = []
    for v in latest.values():
        assert v.last.finished_at is not None
        facts.append((_service_dims(v.last, v.last.finished_at), 1))
    for t in tickets:
        if t.ticket_id in latest or t.state != "finished" or t.ended_at is None:
            continue
        counter = next((e.counter for e in reversed(t.events) if e.counter is not None), None)
        dims = _Dims(t.branch, counter, "", t.final_type, t.day, t.ended_at)
        facts.append((dims, 1))
    return _group(facts, by, zone, len)


def service_times(
    services: Iterable[ServiceRow], *, by: Sequence[By] = (), zone: tzinfo = UTC
) -> dict[Key, Durations]:
    """Service time, from the customer's arrival at the counter to the finish.

    Formula: per finished visit (parts chained by switches of business type),
    ``last.finished_at - first started_at among its parts``; visits never started are left
    out. Grouped by the finished part (its business type, counter, teller); hour decided by
    ``finished_at``. A transferred customer's visits at each counter count separately; the
    part that ended with the transfer is not finished, so it is not a service time.
    """
    facts: list[tuple[_Dims, float]] = []
    for v in _finished_visits(services):
        starts = [p.started_at for p in v.parts if p.started_at is not None]
        if not starts:
            continue
        assert v.last.finished_at is not None
        facts.append(
            (_service_dims(v.last, v.last.finished_at), _seconds(min(starts), v.last.finished_at))
        )
    return _group(facts, by, zone, Durations.of)


def handle_times(
    services: Iterable[ServiceRow], *, by: Sequence[By] = (), zone: tzinfo = UTC
) -> dict[Key, Durations]:
    """Handle time, from the call to the finish.

    Formula: per finished visit, ``last.finished_at - first part's called_at``; grouped as
    :func:`service_times`.
    """
    facts = [
        (
            _service_dims(v.last, v.last.finished_at),
            _seconds(v.parts[0].called_at, v.last.finished_at),
        )
        for v in _finished_visits(services)
        if v.last.finished_at is not None
    ]
    return _group(facts, by, zone, Durations.of)


def switches(
    services: Iterable[ServiceRow], *, by: Sequence[By] = (), zone: tzinfo = UTC
) -> dict[Key, int]:
    """Switches of business type during a service.

    Formula: count of services with a ``previous_service_id``; grouped by the new part, hour
    decided by its ``called_at`` (the visit's call).
    """
    facts = [(_service_dims(s, s.called_at), 1) for s in services if s.previous_service_id]
    return _group(facts, by, zone, len)


# -- tellers ---------------------------------------------------------------------------------


def _clip(
    start: datetime, end: datetime | None, low: datetime, high: datetime
) -> tuple[datetime, datetime] | None:
    a, b = max(start, low), min(end or high, high)
    return (a, b) if a < b else None


def _hour_marks(low: datetime, high: datetime, zone: tzinfo) -> list[datetime]:
    """The starts of the branch's local hours inside ``(low, high)``, as UTC instants."""
    marks: list[datetime] = []
    at = low
    while True:
        hour = at.astimezone(zone).replace(minute=0, second=0, microsecond=0)
        at = (hour + timedelta(hours=1)).astimezone(UTC)
        if at >= high:
            return marks
        marks.append(at)


def teller_time(
    sessions: Iterable[SessionRow],
    pauses: Iterable[PauseRow],
    services: Iterable[ServiceRow],
    window: tuple[datetime, datetime],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, TellerTime]:
    """Signed-in time of tellers within ``window`` split into serving, idle and paused.

    Formula: for each session, its span ``[signed_in_at, signed_out_at or window end)`` cut to
    the window ``[start, end)``. Within the span, an instant is *paused* (by the pause's
    reason) when a pause of the session covers it (``[started_at, ended_at or window end)``),
    else *serving* when a service of the same teller at the same counter is open
    (``[called_at, finished_at or window end)``, any state: time on a no-show or a transfer is
    serving), else *idle*. Overlapping services count once. Grouped by the session's branch,
    counter, teller and day; its business type is ""; with :attr:`By.HOUR` the time is split
    at the branch's local hour boundaries.
    """
    low, high = window
    pause_by_session: dict[str, list[PauseRow]] = defaultdict(list)
    for p in pauses:
        pause_by_session[p.session_id].append(p)
    service_list = list(services)
    facts: list[tuple[_Dims, tuple[str, str, float]]] = []
    for session in sessions:
        span = _clip(session.signed_in_at, session.signed_out_at, low, high)
        if span is None:
            continue
        start, end = span
        paused = [
            (c, p.reason)
            for p in pause_by_session[session.session_id]
            if (c := _clip(p.started_at, p.ended_at, start, end)) is not None
        ]
        serving = [
            c
            for s in service_list
            if s.teller == session.teller and s.counter == session.counter
            if (c := _clip(s.called_at, s.finished_at, start, end)) is not None
        ]
        marks = {start, end}
        for (a, b), _ in paused:
            marks |= {a, b}
        for a, b in serving:
            marks |= {a, b}
        if By.HOUR in by:
            marks.update(_hour_marks(start, end, zone))
        ordered = sorted(marks)
        for a, b in itertools.pairwise(ordered):
            reason = next((r for (pa, pb), r in paused if pa <= a < pb), None)
            if reason is not None:
                kind = "paused"
            elif any(sa <= a < sb for sa, sb in serving):
                kind, reason = "serving", ""
            else:
                kind, reason = "idle", ""
            dims = _Dims(session.branch, session.counter, session.teller, "", session.day, a)
            facts.append((dims, (kind, reason, _seconds(a, b))))

    def total(values: list[tuple[str, str, float]]) -> TellerTime:
        paused_by: dict[str, float] = defaultdict(float)
        for kind, reason, seconds in values:
            if kind == "paused":
                paused_by[reason] += seconds
        return TellerTime(
            serving=sum(s for k, _, s in values if k == "serving"),
            idle=sum(s for k, _, s in values if k == "idle"),
            paused=dict(sorted(paused_by.items())),
        )

    return _group(facts, by, zone, total)


# -- ratings ---------------------------------------------------------------------------------


def score_0_100(score: int, levels: int | None) -> float:
    """A score on a 0-100 scale: ``(score - 1) * 100 / (levels - 1)`` (levels None: 5)."""
    n = levels or 5
    return (score - 1) * 100 / (n - 1)


def is_satisfied(score: int, levels: int | None) -> bool:
    """Whether the level is "satisfied" or "very satisfied".

    That is score >= 4 on 5 levels, >= 3 on 4 levels, = 3 on 3 levels.
    """
    return RatingScale(levels or 5).level(score).key in ("satisfied", "very_satisfied")


def satisfaction(
    services: Iterable[ServiceRow],
    ratings: Iterable[RatingRow],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, Satisfaction]:
    """Ratings of finished services.

    Formula: per finished service (state ``finished``): rated when its rating has outcome
    ``rated`` and a score. ``mean_score`` = mean of :func:`score_0_100` over rated services;
    ``satisfied`` counts :func:`is_satisfied`; ``response_rate`` = rated / finished (a prompt
    that timed out, was skipped or was superseded, or a service with no rating row, counts as
    not rated); ``reasons`` counts each reason code chosen in rated ratings. Grouped by the
    service; hour decided by its ``finished_at``. Ratings of services not finished are ignored.
    """
    by_service = {r.service_id: r for r in ratings}
    facts: list[tuple[_Dims, RatingRow | None]] = []
    for s in services:
        if s.state != "finished" or s.finished_at is None:
            continue
        rating = by_service.get(s.service_id)
        rated = rating is not None and rating.outcome == "rated" and rating.score is not None
        facts.append((_service_dims(s, s.finished_at), rating if rated else None))

    def summarise(values: list[RatingRow | None]) -> Satisfaction:
        rated = [r for r in values if r is not None]
        scores = [score_0_100(r.score, r.scale_levels) for r in rated if r.score is not None]
        reasons = Counter(code for r in rated for code in r.reasons)
        return Satisfaction(
            finished=len(values),
            rated=len(rated),
            mean_score=sum(scores) / len(scores) if scores else None,
            satisfied=sum(
                1 for r in rated if r.score is not None and is_satisfied(r.score, r.scale_levels)
            ),
            reasons=tuple(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
        )

    return _group(facts, by, zone, summarise)


# -- procedures ------------------------------------------------------------------------------


def _checked(steps: Iterable[StepRow]) -> dict[str, list[StepRow]]:
    found: dict[str, list[StepRow]] = defaultdict(list)
    for step in steps:
        found[step.service_id].append(step)
    return found


def sop_compliance(
    services: Iterable[ServiceRow],
    steps: Iterable[StepRow],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, Compliance]:
    """Finished services done by the procedure.

    Formula: per finished service (state ``finished``; parts that ended by a switch, transfer
    or no-show are not judged): *complete* when every id of its ``mandatory_steps`` has a step
    row; otherwise each missing id is *left open* once. An *override* is a finished service
    with ``override_by`` set. Grouped by the service; hour decided by ``finished_at``.
    """
    checked = _checked(steps)
    facts: list[tuple[_Dims, tuple[ServiceRow, tuple[str, ...]]]] = []
    for s in services:
        if s.state != "finished" or s.finished_at is None:
            continue
        done = {row.step_id for row in checked.get(s.service_id, ())}
        missing = tuple(step for step in s.mandatory_steps if step not in done)
        facts.append((_service_dims(s, s.finished_at), (s, missing)))

    def summarise(values: list[tuple[ServiceRow, tuple[str, ...]]]) -> Compliance:
        left = Counter(step for _, missing in values for step in missing)
        return Compliance(
            finished=len(values),
            complete=sum(1 for _, missing in values if not missing),
            overrides=tuple(
                Override(
                    s.service_id,
                    s.ticket_label,
                    s.teller,
                    s.override_by,
                    s.finish_reason or "",
                    missing,
                )
                for s, missing in values
                if s.override_by
            ),
            left_open=tuple(sorted(left.items(), key=lambda item: (-item[1], item[0]))),
        )

    return _group(facts, by, zone, summarise)


def step_times(
    services: Iterable[ServiceRow],
    steps: Iterable[StepRow],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, dict[tuple[str, str], Durations]]:
    """Time per procedure step, keyed by (business type, step id).

    Formula: ``seconds_open`` of each step row of a finished service; grouped by the service,
    hour decided by the step's ``checked_at``.
    """
    finished = {s.service_id: s for s in services if s.state == "finished"}
    facts = [
        (_service_dims(finished[r.service_id], r.checked_at), r)
        for r in steps
        if r.service_id in finished
    ]

    def summarise(values: list[StepRow]) -> dict[tuple[str, str], Durations]:
        per: dict[tuple[str, str], list[float]] = defaultdict(list)
        for r in values:
            per[(finished[r.service_id].business_type, r.step_id)].append(r.seconds_open)
        return {key: Durations.of(times) for key, times in sorted(per.items())}

    return _group(facts, by, zone, summarise)


def authorisations(
    services: Iterable[ServiceRow],
    steps: Iterable[StepRow],
    *,
    by: Sequence[By] = (),
    zone: tzinfo = UTC,
) -> dict[Key, dict[str, Authorisations]]:
    """Authorisations given, per supervisor.

    Formula: each step row with an ``authoriser`` (of any service, finished or not) is one step
    authorisation, hour decided by ``checked_at``; each service with ``override_by`` is one
    override, hour decided by ``finished_at``. Grouped by the service (so :attr:`By.TELLER` is
    the teller who was authorised, not the supervisor).
    """
    service_list = list(services)
    known = {s.service_id: s for s in service_list}
    facts: list[tuple[_Dims, tuple[str, str]]] = [
        (_service_dims(known[r.service_id], r.checked_at), (r.authoriser, "step"))
        for r in steps
        if r.authoriser and r.service_id in known
    ]
    facts += [
        (_service_dims(s, s.finished_at), (s.override_by, "override"))
        for s in service_list
        if s.override_by and s.finished_at is not None
    ]

    def summarise(values: list[tuple[str, str]]) -> dict[str, Authorisations]:
        count = Counter(values)
        return {
            who: Authorisations(count[(who, "step")], count[(who, "override")])
            for who in sorted({who for who, _ in values})
        }

    return _group(facts, by, zone, summarise)
