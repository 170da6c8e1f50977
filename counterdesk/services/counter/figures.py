"""The signed-in teller's figures for today: served and average service time (no rating figure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from counterdesk.core.clock import business_day
from counterdesk.services.counter.session import CounterSession
from counterdesk.services.state import TodayFigures


def today_figures(session: CounterSession) -> TodayFigures:
    """The teller's day so far (empty when nobody is signed in).

    The business day is the local calendar day (:func:`~counterdesk.core.clock.business_day`);
    the journal is asked for that day's span only, so the cost does not grow with its age.
    """
    if session.teller is None:
        return TodayFigures()
    start, end = _local_day_span(session.clock.now())
    day = session.journal.day_figures(session.teller.staff_no, start, end)
    return TodayFigures(
        served=day.served,
        average_service_seconds=day.average_service_seconds,
    )


def _local_day_span(now: datetime) -> tuple[datetime, datetime]:
    """The UTC instants where the local business day of ``now`` starts and the next one starts."""
    day = business_day(now)
    # Local midnight of that day and of the next, each with its own UTC offset (DST changes).
    start = datetime(day.year, day.month, day.day).astimezone()
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day).astimezone()
    return start.astimezone(UTC), end.astimezone(UTC)
