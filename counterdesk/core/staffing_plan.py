"""The staffing plan: counters needed per weekday and hour, from the branch's own history.

Pure functions over plain numbers and rows (standard library only). A :class:`History` holds,
for each (weekday, local hour, business type) of a period, what the branch measured: arrivals,
walk-aways, waits and finished services, summed so that head office's SQL
(:mod:`counterdesk.sync.hq_staffing`) and :func:`history_of` (over the KPI rows of
:mod:`counterdesk.core.kpis`) give the same figures. :func:`plan` turns it into a
:class:`StaffingPlan` with :mod:`counterdesk.core.staffing`'s Erlang C and Erlang A.

How the figures are read from the rows (``docs/staffing.md``, "The weekday × hour table"):

* A ticket belongs to the weekday of its business day and to the branch's local hour of its
  issue; it counts for the business type it was issued for (as :func:`kpis.arrivals`).
* Walk-aways are tickets that ended ``expired`` or ``no_show`` (as :func:`kpis.walk_aways`).
* A ticket's wait is from its issue to its first call, or, never called, to its end (the
  customer gave up or the day closed); tickets still waiting have none. Negative: 0.
* Service times are those of :func:`kpis.service_times` (a finished visit, from the
  customer's arrival at the counter to the finish), by the weekday of the business day, the
  local hour of the finish and the business type of the finished part.
* A weekday is observed on every business day of the period on which the branch issued at
  least one ticket: 8 open Mondays make a Monday's hour's rate its arrivals over 8. A closed
  day (holiday) does not dilute the rate.

How types share counters: every counter of a branch may serve several types, and the branch
opens counters, not counters per type. So the plan **pools** the hour's demand into one queue:
the arrival rates add up, the offered load is the sum of each type's λ·S (the pooled mean
service time is the arrival-weighted mean), and the target wait is the **strictest** target of
the types arriving in that hour. In one first-come queue every customer sees the same wait
distribution, so meeting the strictest target for the pool meets every type's target. Summing
separate per-type pools would forgo the pooling gain (two half-busy counters instead of one
shared) and overstate what a branch that cross-trains its tellers needs; a branch with counters
that serve one type only (a VIP room) should plan that type apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo

from counterdesk.core import kpis
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.kpis import ServiceRow, TicketRow
from counterdesk.core.staffing import (
    Demand,
    Model,
    Prediction,
    counters_needed,
    patience_from_walk_aways,
)

#: The weekdays' names, Monday first (``weekday`` 0-6).
WEEKDAY_NAMES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("domain", "Monday"),
    QT_TRANSLATE_NOOP("domain", "Tuesday"),
    QT_TRANSLATE_NOOP("domain", "Wednesday"),
    QT_TRANSLATE_NOOP("domain", "Thursday"),
    QT_TRANSLATE_NOOP("domain", "Friday"),
    QT_TRANSLATE_NOOP("domain", "Saturday"),
    QT_TRANSLATE_NOOP("domain", "Sunday"),
)

#: A weekday-hour's own mean service time of a type is used from this many finished services
#: on; below, the type's mean over the whole period (a handful of services is mostly noise).
MIN_SERVICES = 10


@dataclass(frozen=True)
class HourHistory:
    """What one business type did in one local hour of one weekday, summed over the period.

    Attributes:
        weekday: 0 Monday … 6 Sunday (of the business day).
        hour: the branch's local hour, 0-23.
        business_type: the type's code.
        arrivals: tickets issued.
        walk_aways: of those, tickets that ended expired or no-show.
        waits: of those, tickets whose wait is known (called, or ended never called).
        wait_seconds: the sum of those waits.
        services: finished visits of the type whose finish fell in the hour.
        service_seconds: the sum of their service times.
    """

    weekday: int
    hour: int
    business_type: str
    arrivals: int = 0
    walk_aways: int = 0
    waits: int = 0
    wait_seconds: float = 0.0
    services: int = 0
    service_seconds: float = 0.0


@dataclass(frozen=True)
class History:
    """A period of one branch, summed by weekday, hour and business type.

    Attributes:
        first: the period's first business day.
        last: its last business day (inclusive).
        days: per weekday (0 Monday), the business days observed (the branch issued tickets).
        cells: one per (weekday, hour, type) with arrivals or services, in that order.
    """

    first: date
    last: date
    days: Mapping[int, int]
    cells: tuple[HourHistory, ...]


def history_of(
    tickets: Iterable[TicketRow],
    services: Iterable[ServiceRow],
    *,
    first: date,
    last: date,
    zone: tzinfo,
) -> History:
    """Sum the KPI rows of a period by weekday, local hour and type (module docstring).

    Rows whose business day is outside ``[first, last]`` are left out.
    """
    ticket_list = [t for t in tickets if first <= t.day <= last]
    service_list = [s for s in services if first <= s.day <= last]
    sums: dict[tuple[int, int, str], list[float]] = defaultdict(lambda: [0, 0, 0, 0.0, 0, 0.0])
    open_days: set[date] = set()
    for t in ticket_list:
        open_days.add(t.day)
        cell = sums[(t.day.weekday(), t.issued_at.astimezone(zone).hour, t.business_type)]
        cell[0] += 1
        cell[1] += t.state in kpis.WALK_AWAY_STATES
        until = t.first_called_at if t.first_called_at is not None else t.ended_at
        if until is not None:
            cell[2] += 1
            cell[3] += max(0.0, (until - t.issued_at).total_seconds())
    # As kpis.service_times: finished visits that started, by their finished part.
    for visit in kpis.visits(service_list):
        last_part = visit.last
        starts = [p.started_at for p in visit.parts if p.started_at is not None]
        if last_part.state != "finished" or last_part.finished_at is None or not starts:
            continue
        cell = sums[
            (
                last_part.day.weekday(),
                last_part.finished_at.astimezone(zone).hour,
                last_part.business_type,
            )
        ]
        cell[4] += 1
        cell[5] += (last_part.finished_at - min(starts)).total_seconds()
    days: dict[int, int] = defaultdict(int)
    for day in open_days:
        days[day.weekday()] += 1
    cells = tuple(
        HourHistory(w, h, code, int(a), int(g), int(n), float(s), int(c), float(t))
        for (w, h, code), (a, g, n, s, c, t) in sorted(sums.items())
    )
    return History(first, last, dict(sorted(days.items())), cells)


@dataclass(frozen=True)
class PlanCell:
    """The counters one weekday-hour needs, and what they achieve.

    Attributes:
        weekday: 0 Monday … 6 Sunday.
        hour: local hour, 0-23.
        arrivals_per_hour: λ, the pooled arrivals per hour (arrivals over the days observed).
        service_seconds: the pooled mean service time S (arrival-weighted), or None when no
            customer arrived.
        target_seconds: the strictest target wait of the types that arrived (None: nobody).
        counters: the counters needed by Erlang C (0 when nobody arrives).
        erlang_c: Erlang C's prediction for ``counters`` (None when nobody arrives).
        erlang_a: Erlang A's prediction for the counters it needs, with the branch's measured
            patience (None when nobody arrives or nobody ever walked away).
    """

    weekday: int
    hour: int
    arrivals_per_hour: float
    service_seconds: float | None
    target_seconds: float | None
    counters: int
    erlang_c: Prediction | None
    erlang_a: Prediction | None

    @property
    def load(self) -> float:
        """The offered load in Erlangs (0 when nobody arrives)."""
        return self.erlang_c.load if self.erlang_c is not None else 0.0

    @property
    def erlang_a_differs(self) -> bool:
        """Whether Erlang A, with the walk-aways measured, needs another number of counters."""
        return self.erlang_a is not None and self.erlang_a.counters != self.counters


@dataclass(frozen=True)
class StaffingPlan:
    """Counters needed per weekday and hour of a period's history.

    Attributes:
        first: the period's first business day.
        last: its last business day.
        level: the share of customers to call within the target (0..1].
        patience_seconds: the customers' mean patience measured over the whole period, or
            None when nobody walked away (then only Erlang C applies).
        weekdays: the weekdays observed, Monday first.
        hours: the local hours from the earliest to the latest with arrivals on any weekday.
        cells: every (weekday, hour) of ``weekdays`` × ``hours``.
    """

    first: date
    last: date
    level: float
    patience_seconds: float | None
    weekdays: tuple[int, ...]
    hours: tuple[int, ...]
    cells: Mapping[tuple[int, int], PlanCell]

    def cell(self, weekday: int, hour: int) -> PlanCell:
        """The cell of a weekday and hour (KeyError outside the table)."""
        return self.cells[(weekday, hour)]


def _patience(history: History) -> float | None:
    arrivals = sum(c.arrivals for c in history.cells)
    walked = sum(c.walk_aways for c in history.cells)
    waits = sum(c.waits for c in history.cells)
    if not arrivals or not walked or not waits:
        return None
    mean_wait = sum(c.wait_seconds for c in history.cells) / waits
    patience = patience_from_walk_aways(walked / arrivals, mean_wait)
    # Outside what Erlang A accepts: too patient to matter (Erlang C), or too short to measure.
    if patience is None or patience > 1_000_000:
        return None
    return max(1.0, patience)


def plan(
    history: History,
    targets: Mapping[str, int],
    level: float,
    usual_seconds: Mapping[str, float] | None = None,
) -> StaffingPlan:
    """The counters each weekday-hour of the history needs to meet the service-level target.

    Per weekday-hour: each type's rate is its arrivals over the weekday's days observed; its
    mean service time is the hour's own when it has at least :data:`MIN_SERVICES` finished
    services, else the type's mean over the period, else (a type never served in the period)
    its usual service time from ``usual_seconds``, else the mean of every service of the
    period. The types are pooled (module docstring): λ = Σ λₜ, a = Σ λₜ·Sₜ, S = a/λ, T = the
    strictest target among the types that arrived (a type without a target takes the
    strictest of ``targets``). Erlang C gives the counters; Erlang A, with the mean patience
    of the whole period's customers (:func:`patience_from_walk_aways` over all its arrivals,
    walk-aways and waits: patience is a trait of the branch's customers, and one hour's few
    walk-aways are too few to measure it), gives its own figure where customers did walk
    away. A weekday-hour with no arrivals needs 0 counters.

    Args:
        history: the period's history.
        targets: target wait in seconds per type code.
        level: the share of customers to call within the target, in (0, 1].
        usual_seconds: the usual service time per type code (the business types'
            ``service_seconds``), for types the period never served.

    Raises:
        DomainError: a level out of range; a demand no sensible number of counters meets;
            arrivals of a type with no service time measured or usual, and none in the period.
    """
    if not 0 < level <= 1:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain", "the service level must be above 0 and at most 1, not {value!r}"
            ),
            value=level,
        )
    patience = _patience(history)
    by_type: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for c in history.cells:
        by_type[c.business_type][0] += c.services
        by_type[c.business_type][1] += c.service_seconds
    all_services = sum(n for n, _ in by_type.values())
    overall = sum(s for _, s in by_type.values()) / all_services if all_services else None
    strictest = min(targets.values()) if targets else None

    def service_mean(cell: HourHistory) -> float | None:
        if cell.services >= MIN_SERVICES:
            return cell.service_seconds / cell.services
        count, total = by_type[cell.business_type]
        if count:
            return total / count
        usual = (usual_seconds or {}).get(cell.business_type)
        return float(usual) if usual is not None else overall

    grouped: dict[tuple[int, int], list[HourHistory]] = defaultdict(list)
    for c in history.cells:
        grouped[(c.weekday, c.hour)].append(c)
    weekdays = tuple(sorted(w for w, n in history.days.items() if n > 0))
    busy = sorted({h for (w, h), cs in grouped.items() if any(c.arrivals for c in cs)})
    hours = tuple(range(busy[0], busy[-1] + 1)) if busy else ()
    cells: dict[tuple[int, int], PlanCell] = {}
    for weekday in weekdays:
        observed = history.days[weekday]
        for hour in hours:
            arriving = [c for c in grouped.get((weekday, hour), []) if c.arrivals]
            if not arriving:
                cells[(weekday, hour)] = PlanCell(weekday, hour, 0.0, None, None, 0, None, None)
                continue
            rate = 0.0
            load_seconds = 0.0  # Σ λₜ·Sₜ, arrivals per hour times seconds
            wanted: list[float] = []
            for c in arriving:
                mean = service_mean(c)
                if mean is None:
                    raise DomainError(
                        QT_TRANSLATE_NOOP(
                            "domain",
                            "no service was finished in the period: the service time is unknown",
                        )
                    )
                lam = c.arrivals / observed
                rate += lam
                load_seconds += lam * mean
                target = targets.get(c.business_type, strictest)
                if target is not None:
                    wanted.append(float(target))
            if not wanted:
                raise DomainError(QT_TRANSLATE_NOOP("domain", "no business type has a target wait"))
            service = max(1.0, load_seconds / rate)
            target_seconds = min(wanted)
            demand = Demand(rate, service)
            by_c = counters_needed(demand, target_seconds, level, model=Model.ERLANG_C)
            by_a = None
            if patience is not None:
                by_a = counters_needed(
                    Demand(rate, service, patience), target_seconds, level, model=Model.ERLANG_A
                )
            cells[(weekday, hour)] = PlanCell(
                weekday, hour, rate, service, target_seconds, by_c.counters, by_c, by_a
            )
    return StaffingPlan(
        first=history.first,
        last=history.last,
        level=level,
        patience_seconds=patience,
        weekdays=weekdays,
        hours=hours,
        cells=cells,
    )


def is_close(a: History, b: History, tolerance: float = 1e-6) -> bool:
    """Whether two histories hold the same counts and the same sums within ``tolerance`` s."""
    if (a.first, a.last, dict(a.days)) != (b.first, b.last, dict(b.days)):
        return False
    if len(a.cells) != len(b.cells):
        return False
    for x, y in zip(a.cells, b.cells, strict=True):
        counts_x = (x.weekday, x.hour, x.business_type, x.arrivals, x.walk_aways, x.waits,
                    x.services)  # fmt: skip
        counts_y = (y.weekday, y.hour, y.business_type, y.arrivals, y.walk_aways, y.waits,
                    y.services)  # fmt: skip
        if counts_x != counts_y:
            return False
        if not math.isclose(x.wait_seconds, y.wait_seconds, rel_tol=0, abs_tol=tolerance):
            return False
        if not math.isclose(x.service_seconds, y.service_seconds, rel_tol=0, abs_tol=tolerance):
            return False
    return True
