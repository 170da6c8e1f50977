"""The manager's service-quality report of a period: every series its charts and tables show.

:func:`compute_report` asks a source's KPIs for each figure in turn and returns a frozen
:class:`PeriodReport`. Sources: head office's SQL (:class:`~counterdesk.sync.hq_kpi.HqKpis`
over :class:`~counterdesk.sync.hq_report.HqReportConnection`) or the days this PC holds
(:class:`~counterdesk.services.local_kpis.LocalKpis`): the same method names and results. It
runs on a worker; between figures it checks ``cancelled()`` and stops with
:class:`~counterdesk.sync.hq_report.ReportCancelled`; the GUI thread may also call the
source's ``cancel()`` (head office: stops the running statement).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol, TypeVar

from counterdesk.core.errors import Bilingual
from counterdesk.core.kpis import By, Durations, Satisfaction, Share, TellerTime
from counterdesk.sync.hq_kpi import Scope
from counterdesk.sync.hq_report import HqReportConnection, HqReportUnavailable, ReportCancelled

__all__ = [
    "HISTOGRAM_EDGES",
    "DayLine",
    "Headline",
    "HourLine",
    "HqReportConnection",
    "HqReportUnavailable",
    "PeriodReport",
    "ReportCancelled",
    "StepLine",
    "TableRow",
    "TellerLine",
    "WaitBin",
    "compute_report",
]

T = TypeVar("T")

#: Upper edges (seconds, inclusive) of the waiting-time chart's bins; one more bin is "longer".
HISTOGRAM_EDGES: tuple[int, ...] = (60, 180, 300, 600, 900, 1200, 1800)


class ReportSource(Protocol):
    """Where a report's figures come from (``kind``: ``hq`` or ``local``)."""

    kind: str

    def cancel(self) -> None:
        """Stop what runs (any thread)."""

    def close(self) -> None:
        """Release connections (on the worker)."""


@dataclass(frozen=True)
class HourLine:
    """Customers of a local hour of the day over the period: arrived (issued) and served."""

    hour: str
    arrivals: int
    served: int


@dataclass(frozen=True)
class WaitBin:
    """Called customers who waited more than ``low`` and at most ``high`` seconds (None: more)."""

    low: int
    high: int | None
    count: int


@dataclass(frozen=True)
class DayLine:
    """One business day: arrivals, served, service level and satisfaction."""

    day: date
    arrivals: int
    served: int
    service_level: Share
    satisfaction: Satisfaction


@dataclass(frozen=True)
class StepLine:
    """A procedure step: how often finished services left it open, and the time it took.

    Attributes:
        business_type: the type whose procedure has it.
        step: the step id.
        left_open: finished services of the type that finished with it open (mandatory only).
        finished: finished services of the type.
        time: ``seconds_open`` of its checks.
    """

    business_type: str
    step: str
    left_open: int
    finished: int
    time: Durations

    @property
    def open_share(self) -> Share:
        """Left open over finished services of the type."""
        return Share(self.left_open, self.finished)


@dataclass(frozen=True)
class TellerLine:
    """One teller's figures over the period."""

    teller: str
    name: str
    served: int
    service: Durations
    handle: Durations
    satisfaction: Satisfaction
    compliance: Share
    overrides: int
    time: TellerTime


@dataclass(frozen=True)
class TableRow:
    """One group of the report's table (by the chosen dimension)."""

    key: str
    arrivals: int
    served: int
    waiting: Durations
    service_level: Share | None
    walk_aways: Share | None
    service: Durations
    satisfaction: Satisfaction | None
    compliance: Share | None


@dataclass(frozen=True)
class Headline:
    """The period's figures in one line."""

    arrivals: int
    served: int
    walk_aways: Share
    service_level: Share
    waiting: Durations
    service: Durations
    satisfaction: Satisfaction
    compliance: Share
    overrides: int


@dataclass(frozen=True)
class PeriodReport:
    """Every figure of a period's report.

    Attributes:
        source: ``hq`` (head office's database) or ``local`` (the days this PC holds).
        first: the first business day.
        last: the last business day.
        branch: the branch code, or None for every branch the role sees.
        days_held: for ``local``: the days of the period this PC still holds (with tickets).
        headline: the period in one line.
        hours: arrivals and served per local hour (hours with either).
        waits: the waiting-time distribution (:data:`HISTOGRAM_EDGES`).
        days: per business day with arrivals or services.
        reasons: the rating reasons chosen, most first.
        reason_names: reason code → its name, where known.
        step_names: (business type, step id) → the step's text, where known.
        steps: procedure steps, most often left open first, then the slowest.
        tellers: one line per teller, most served first.
        table_by: the dimension of :attr:`table`.
        table: one row per group of ``table_by``.
    """

    source: str
    first: date
    last: date
    branch: str | None
    days_held: tuple[date, ...]
    headline: Headline
    hours: tuple[HourLine, ...]
    waits: tuple[WaitBin, ...]
    days: tuple[DayLine, ...]
    reasons: tuple[tuple[str, int], ...]
    steps: tuple[StepLine, ...]
    tellers: tuple[TellerLine, ...]
    table_by: By
    table: tuple[TableRow, ...]
    reason_names: Mapping[str, Bilingual] = field(default_factory=dict)
    step_names: Mapping[tuple[str, str], Bilingual] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether no customer arrived or was served in the period."""
        return self.headline.arrivals == 0 and self.headline.served == 0


def compute_report(
    source: Any,
    scope: Scope,
    targets: Mapping[str, int],
    cancelled: Callable[[], bool],
    *,
    table_by: By = By.DAY,
    names: Mapping[str, str] | None = None,
    reason_names: Mapping[str, Bilingual] | None = None,
    step_names: Mapping[tuple[str, str], Bilingual] | None = None,
) -> PeriodReport:
    """Compute a period's report from ``source`` (on a worker).

    Args:
        source: an :class:`~counterdesk.sync.hq_report.HqReportConnection` or a
            :class:`~counterdesk.services.local_kpis.LocalReportSource`; closed at the end.
        scope: the period, branch and time zone.
        targets: business type → target wait (seconds) for the service level.
        cancelled: true once the person asked to stop (checked between figures).
        table_by: the dimension of the table.
        names: staff number → name, for the teller comparison.
        reason_names: rating reason code → name.
        step_names: (business type, step id) → the step's text.

    Raises:
        ReportCancelled: ``cancelled()`` became true (or head office's statement was stopped).
        HqReportUnavailable: head office cannot be reached or failed.
    """
    names = names or {}
    try:
        if source.kind == "hq":
            kpis = source.open(scope)
            run: Callable[[Callable[[], Any]], Any] = source.run
        else:
            kpis = source.open(scope, cancelled)
            run = _plain
        days_held: tuple[date, ...] = getattr(kpis, "days_held", ())

        def get(figure: Callable[[], T]) -> T:
            if cancelled():
                raise ReportCancelled()
            result: T = run(figure)
            return result

        report = _assemble(
            get, kpis, scope, targets, table_by, names, source.kind, days_held,
            dict(reason_names or {}),
        )  # fmt: skip
        known = step_names or {}
        steps = {(s.business_type, s.step) for s in report.steps}
        return replace(report, step_names={k: v for k, v in known.items() if k in steps})
    finally:
        source.close()


def _plain(figure: Callable[[], T]) -> T:
    return figure()


def _assemble(
    get: Callable[[Callable[[], Any]], Any],
    kpis: Any,
    scope: Scope,
    targets: Mapping[str, int],
    table_by: By,
    names: Mapping[str, str],
    kind: str,
    days_held: tuple[date, ...],
    reason_names: dict[str, Bilingual],
) -> PeriodReport:
    hour, day, teller, btype = [By.HOUR], [By.DAY], [By.TELLER], [By.BUSINESS_TYPE]
    arrivals_h = get(lambda: kpis.arrivals(by=hour))
    served_h = get(lambda: kpis.served(by=hour))
    bins = get(lambda: kpis.waiting_histogram(HISTOGRAM_EDGES))[()]
    arrivals_d = get(lambda: kpis.arrivals(by=day))
    served_d = get(lambda: kpis.served(by=day))
    level_d = get(lambda: kpis.service_level(targets, by=day))
    mood_d = get(lambda: kpis.satisfaction(by=day))
    sop_t = get(lambda: kpis.sop_compliance(by=btype))
    step_t = get(lambda: kpis.step_times())[()]
    whole, table = _table(get, kpis, targets, table_by)
    mood = whole.satisfaction or Satisfaction()
    sop = get(lambda: kpis.sop_compliance())[()]
    headline = Headline(
        arrivals=whole.arrivals,
        served=whole.served,
        walk_aways=whole.walk_aways or Share(0, 0),
        service_level=whole.service_level or Share(0, 0),
        waiting=whole.waiting,
        service=whole.service,
        satisfaction=mood,
        compliance=sop.share,
        overrides=len(sop.overrides),
    )
    return PeriodReport(
        source=kind,
        first=scope.first,
        last=scope.last,
        branch=scope.branch,
        days_held=days_held,
        headline=headline,
        hours=tuple(
            HourLine(h, arrivals_h.get((h,), 0), served_h.get((h,), 0))
            for (h,) in sorted(set(arrivals_h) | set(served_h))
        ),
        waits=_bins(bins),
        days=tuple(
            DayLine(
                date.fromisoformat(d),
                arrivals_d.get((d,), 0),
                served_d.get((d,), 0),
                level_d.get((d,), Share(0, 0)),
                mood_d.get((d,), Satisfaction()),
            )
            for (d,) in sorted(set(arrivals_d) | set(served_d))
        ),
        reasons=mood.reasons,
        steps=_steps(sop_t, step_t),
        tellers=_tellers(get, kpis, names, teller),
        table_by=table_by,
        table=table,
        reason_names={code: reason_names[code] for code, _ in mood.reasons if code in reason_names},
    )


def _bins(counts: Sequence[int]) -> tuple[WaitBin, ...]:
    lows = (0, *HISTOGRAM_EDGES)
    highs: tuple[int | None, ...] = (*HISTOGRAM_EDGES, None)
    return tuple(WaitBin(a, b, n) for a, b, n in zip(lows, highs, counts, strict=True))


def _steps(
    sop: Mapping[Any, Any], times: Mapping[tuple[str, str], Durations]
) -> tuple[StepLine, ...]:
    left = {
        (key[0], step): count
        for key, compliance in sop.items()
        for step, count in compliance.left_open
    }
    finished = {key[0]: compliance.finished for key, compliance in sop.items()}
    lines = [
        StepLine(
            btype,
            step,
            left.get((btype, step), 0),
            finished.get(btype, 0),
            times.get((btype, step), Durations()),
        )
        for btype, step in set(left) | set(times)
    ]
    lines.sort(key=lambda s: (-s.left_open, -(s.time.mean or 0.0), s.business_type, s.step))
    return tuple(lines)


def _tellers(
    get: Callable[[Callable[[], Any]], Any], kpis: Any, names: Mapping[str, str], by: list[By]
) -> tuple[TellerLine, ...]:
    served = get(lambda: kpis.served(by=by))
    service = get(lambda: kpis.service_times(by=by))
    handle = get(lambda: kpis.handle_times(by=by))
    mood = get(lambda: kpis.satisfaction(by=by))
    sop = get(lambda: kpis.sop_compliance(by=by))
    spent = get(lambda: kpis.teller_time(by=by))
    keys = (set(served) | set(service) | set(mood) | set(sop) | set(spent)) - {("",)}
    lines = [
        TellerLine(
            teller=key[0],
            name=names.get(key[0], ""),
            served=served.get(key, 0),
            service=service.get(key, Durations()),
            handle=handle.get(key, Durations()),
            satisfaction=mood.get(key, Satisfaction()),
            compliance=sop[key].share if key in sop else Share(0, 0),
            overrides=len(sop[key].overrides) if key in sop else 0,
            time=spent.get(key, TellerTime()),
        )
        for key in keys
    ]
    lines.sort(key=lambda t: (-t.served, t.teller))
    return tuple(lines)


def _table(
    get: Callable[[Callable[[], Any]], Any], kpis: Any, targets: Mapping[str, int], table_by: By
) -> tuple[TableRow, tuple[TableRow, ...]]:
    """The whole period's row, and the rows of the table."""
    rows: list[TableRow] = []
    for by in ((), (table_by,)):

        def figure(name: str, *args: Any, by: tuple[By, ...] = by) -> Any:
            return get(lambda: getattr(kpis, name)(*args, by=by))

        arrivals = figure("arrivals")
        served = figure("served")
        waits = figure("waiting_times")
        level = figure("service_level", targets)
        walk = figure("walk_aways")
        service = figure("service_times")
        mood = figure("satisfaction")
        sop = figure("sop_compliance")
        keys = sorted(set(arrivals) | set(served) | set(service) | set(mood) | set(sop))
        rows += [
            TableRow(
                key="" if not key else key[0],
                arrivals=arrivals.get(key, 0),
                served=served.get(key, 0),
                waiting=waits.get(key, Durations()),
                service_level=level.get(key),
                walk_aways=walk.get(key),
                service=service.get(key, Durations()),
                satisfaction=mood.get(key),
                compliance=sop[key].share if key in sop else None,
            )
            for key in keys
        ]
    return rows[0], tuple(rows[1:])
