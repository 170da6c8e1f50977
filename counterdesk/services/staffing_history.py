"""A branch's staffing history read from this PC's queue and journals (no head office needed).

The local twin of :func:`counterdesk.sync.hq_staffing.read_hq_history`: every business day of
the period is read with :func:`counterdesk.services.kpi_day.read_day` and summed by
:func:`counterdesk.core.staffing_plan.history_of`. It sees what this PC holds: the queue's
tickets (for as long as the queue keeps them) and the journals given (on a one-PC branch the
journal holds every counter's services).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta, tzinfo

from counterdesk.core.errors import QT_TRANSLATE_NOOP
from counterdesk.core.kpis import ServiceRow, TicketRow
from counterdesk.core.staffing_plan import History, history_of
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.kpi_day import read_day
from counterdesk.storage.counter_journal import CounterJournal


class Source(enum.StrEnum):
    """Where a history was read."""

    HEAD_OFFICE = "head office"
    THIS_PC = "this PC"


#: How each source is named to the manager.
SOURCE_NAMES = {
    Source.HEAD_OFFICE: QT_TRANSLATE_NOOP("domain", "head office (every counter's records)"),
    Source.THIS_PC: QT_TRANSLATE_NOOP("domain", "this PC's own queue and journal"),
}


def read_local_history(
    queue: SqlQueue,
    journals: Iterable[CounterJournal],
    *,
    branch: str,
    first: date,
    last: date,
    zone: tzinfo,
) -> History:
    """Sum business days ``[first, last]`` of the queue and the journals by weekday and hour.

    Raises:
        ValueError: the period ends before it starts.
    """
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    journal_list = list(journals)
    tickets: list[TicketRow] = []
    services: list[ServiceRow] = []
    day = first
    while day <= last:
        rows = read_day(queue, journal_list, branch=branch, day=day, zone=zone)
        tickets.extend(rows.tickets)
        services.extend(rows.services)
        day += timedelta(days=1)
    return history_of(tickets, services, first=first, last=last, zone=zone)
