"""One business day of a branch for the KPIs: the queue's tickets plus every counter journal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from counterdesk.core.kpis import (
    PauseRow,
    RatingRow,
    ServiceRow,
    SessionRow,
    StepRow,
    TicketRow,
    with_tellers,
)
from counterdesk.queue.sql import SqlQueue
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.kpi_rows import JournalDay


@dataclass(frozen=True)
class DayRows:
    """Everything the KPIs read of one business day of a branch.

    Attributes:
        branch: the branch code.
        day: the queue's business day.
        window: ``[start, end)`` in UTC: the local midnight that opens ``day`` to the next
            local midnight, or later when the day was kept open past it (to the latest ticket
            event or service end of the day); teller time is measured inside it.
        tickets: the day's tickets (with the teller of their first service).
        services: the services of those tickets, from every journal.
        steps: their checked steps.
        ratings: their ratings.
        sessions: staff sessions overlapping the window.
        pauses: pauses of those sessions.
    """

    branch: str
    day: date
    window: tuple[datetime, datetime]
    tickets: tuple[TicketRow, ...]
    services: tuple[ServiceRow, ...]
    steps: tuple[StepRow, ...]
    ratings: tuple[RatingRow, ...]
    sessions: tuple[SessionRow, ...]
    pauses: tuple[PauseRow, ...]


def read_day(
    queue: SqlQueue,
    journals: Iterable[CounterJournal],
    *,
    branch: str,
    day: date,
    zone: tzinfo,
) -> DayRows:
    """Read a business day from the branch's queue and its counter journals.

    Args:
        queue: the branch's queue (the truth of which tickets belong to ``day``).
        journals: each counter PC's journal (one journal is read once even if listed twice).
        branch: the branch code the rows carry.
        day: the queue's business day.
        zone: the branch's time zone (the window starts at its local midnight).
    """
    tickets = queue.kpi_tickets(day, branch)
    ids = [t.ticket_id for t in tickets]
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    latest = [e.at for t in tickets for e in t.events]
    end = max([end, *(at + timedelta(microseconds=1) for at in latest)])
    unique = list({id(journal): journal for journal in journals}.values())

    def read_all(until: datetime) -> list[JournalDay]:
        window = (start, until)
        return [j.kpi_day(branch=branch, day=day, ticket_ids=ids, window=window) for j in unique]

    read = read_all(end)
    # A service finished after the last queue event (offline, or the queue never heard of it)
    # widens the window, so its teller's time is all counted: read the sessions again.
    ends = [s.finished_at for part in read for s in part.services if s.finished_at is not None]
    if ends and max(ends) >= end:
        end = max(ends) + timedelta(microseconds=1)
        read = read_all(end)
    services = tuple(s for part in read for s in part.services)
    return DayRows(
        branch=branch,
        day=day,
        window=(start, end),
        tickets=tuple(with_tellers(tickets, services)),
        services=services,
        steps=tuple(s for part in read for s in part.steps),
        ratings=tuple(r for part in read for r in part.ratings),
        sessions=tuple(s for part in read for s in part.sessions),
        pauses=tuple(p for part in read for p in part.pauses),
    )
