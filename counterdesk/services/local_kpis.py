"""The KPIs of a period from the days this PC still holds: the Python twin of ``HqKpis``.

:class:`LocalKpis` has the method names and results of
:class:`~counterdesk.sync.hq_kpi.HqKpis`, computed by :mod:`counterdesk.core.kpis` over the
rows :func:`~counterdesk.services.kpi_day.read_day` reads of each business day of the period
from the branch's queue and the journals this terminal can read. Days the queue no longer
holds (pruned after ``keep_days``) have no tickets and count as not held: only head office
has them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta, tzinfo

from counterdesk.core import kpis
from counterdesk.core.kpis import By, Compliance, Durations, Key, Satisfaction, Share, TellerTime
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.kpi_day import DayRows, read_day
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.sync.hq_kpi import Scope
from counterdesk.sync.hq_report import ReportCancelled


def period_days(first: date, last: date) -> list[date]:
    """Every calendar day from ``first`` to ``last``, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


class LocalKpis:
    """The figures of the days read, by :mod:`counterdesk.core.kpis`.

    Args:
        days: the rows of each business day held (days without tickets may be left out).
        zone: the branch's time zone (hours are local hours).

    Attributes:
        days_held: the business days that had tickets, in order.
    """

    kind = "local"

    def __init__(self, days: Sequence[DayRows], zone: tzinfo) -> None:
        self._days = tuple(days)
        self._zone = zone
        self.days_held = tuple(d.day for d in self._days if d.tickets)
        self._tickets = tuple(t for d in self._days for t in d.tickets)
        self._services = tuple(s for d in self._days for s in d.services)
        self._steps = tuple(s for d in self._days for s in d.steps)
        self._ratings = tuple(r for d in self._days for r in d.ratings)

    def arrivals(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Tickets issued."""
        return kpis.arrivals(self._tickets, by=by, zone=self._zone)

    def waiting_times(self, *, by: Sequence[By] = ()) -> dict[Key, Durations]:
        """Issue to first call."""
        return kpis.waiting_times(self._tickets, by=by, zone=self._zone)

    def waiting_histogram(
        self, edges: Sequence[float], *, by: Sequence[By] = ()
    ) -> dict[Key, tuple[int, ...]]:
        """Waits counted in bins."""
        return kpis.waiting_histogram(self._tickets, edges, by=by, zone=self._zone)

    def service_level(
        self, targets: Mapping[str, int], *, by: Sequence[By] = ()
    ) -> dict[Key, Share]:
        """Called within the target."""
        return kpis.service_level(self._tickets, targets, by=by, zone=self._zone)

    def walk_aways(self, *, by: Sequence[By] = ()) -> dict[Key, Share]:
        """Expired or no-show over arrivals."""
        return kpis.walk_aways(self._tickets, by=by, zone=self._zone)

    def served(self, *, by: Sequence[By] = ()) -> dict[Key, int]:
        """Tickets served once each."""
        return kpis.served(self._tickets, self._services, by=by, zone=self._zone)

    def service_times(self, *, by: Sequence[By] = ()) -> dict[Key, Durations]:
        """Start to finish per visit."""
        return kpis.service_times(self._services, by=by, zone=self._zone)

    def handle_times(self, *, by: Sequence[By] = ()) -> dict[Key, Durations]:
        """Call to finish per visit."""
        return kpis.handle_times(self._services, by=by, zone=self._zone)

    def satisfaction(self, *, by: Sequence[By] = ()) -> dict[Key, Satisfaction]:
        """Ratings of finished services."""
        return kpis.satisfaction(self._services, self._ratings, by=by, zone=self._zone)

    def sop_compliance(self, *, by: Sequence[By] = ()) -> dict[Key, Compliance]:
        """Services done by the procedure."""
        return kpis.sop_compliance(self._services, self._steps, by=by, zone=self._zone)

    def step_times(self, *, by: Sequence[By] = ()) -> dict[Key, dict[tuple[str, str], Durations]]:
        """Time per step of finished services."""
        return kpis.step_times(self._services, self._steps, by=by, zone=self._zone)

    def teller_time(self, *, by: Sequence[By] = ()) -> dict[Key, TellerTime]:
        """Serving, idle and paused time, each day inside its own window, added up."""
        keys: set[Key] = {()} if not by else set()
        serving: dict[Key, float] = defaultdict(float)
        idle: dict[Key, float] = defaultdict(float)
        paused: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for day in self._days:
            figures = kpis.teller_time(
                day.sessions, day.pauses, day.services, day.window, by=by, zone=self._zone
            )
            for key, spent in figures.items():
                keys.add(key)
                serving[key] += spent.serving
                idle[key] += spent.idle
                for reason, seconds in spent.paused.items():
                    paused[key][reason] += seconds
        return {
            key: TellerTime(serving[key], idle[key], dict(sorted(paused[key].items())))
            for key in sorted(keys)
        }


class LocalReportSource:
    """A period's KPIs from this PC: the branch's queue and the journals this terminal reads.

    Every method does I/O: run it on the report's worker.

    Args:
        queue: the branch's queue.
        journals: the counter journals this terminal can read.
        branch: the branch code.
    """

    kind = "local"

    def __init__(self, queue: SqlQueue, journals: Sequence[CounterJournal], branch: str) -> None:
        self.queue = queue
        self.journals = tuple(journals)
        self.branch = branch

    def open(self, scope: Scope, cancelled: Callable[[], bool]) -> LocalKpis:
        """Read every day of the period (checking ``cancelled`` between days).

        Raises:
            ReportCancelled: ``cancelled()`` became true.
        """
        days: list[DayRows] = []
        for day in period_days(scope.first, scope.last):
            if cancelled():
                raise ReportCancelled()
            rows = read_day(self.queue, self.journals, branch=self.branch, day=day, zone=scope.zone)
            if rows.tickets:
                days.append(rows)
        return LocalKpis(days, scope.zone)

    def cancel(self) -> None:
        """Nothing to interrupt: the reading stops at the next day."""

    def close(self) -> None:
        """Close this thread's connections to the queue (the journal's stay for the next)."""
        self.queue.close()
