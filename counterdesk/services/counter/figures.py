"""The signed-in teller's figures for today: served and average service time (no rating figure)."""

from __future__ import annotations

from datetime import timedelta

from counterdesk.core.clock import business_day
from counterdesk.services.counter.session import CounterSession
from counterdesk.services.state import TodayFigures


def today_figures(session: CounterSession) -> TodayFigures:
    """The teller's day so far (empty when nobody is signed in)."""
    if session.teller is None:
        return TodayFigures()
    now = session.clock.now()
    day = business_day(now)
    # Prefilter in UTC; the business day is decided in local time below.
    services = session.journal.finished_by(session.teller.staff_no, now - timedelta(hours=36))
    durations: list[float] = []
    ids: list[str] = []
    for service in services:
        finished, started = service.finished_at, service.started_at
        if finished is None or business_day(finished) != day:
            continue
        ids.append(service.uuid)
        if started is not None:
            durations.append((finished - started).total_seconds())
    return TodayFigures(
        served=len(ids),
        average_service_seconds=sum(durations) / len(durations) if durations else 0.0,
    )
