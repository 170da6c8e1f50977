"""Head office's staffing history: a branch's period summed by weekday, hour and type in SQL.

The SQL twin of :func:`counterdesk.core.staffing_plan.history_of` (``docs/staffing.md``, "The
weekday × hour table"): it reads HQ's copies of the queue (``hq.ticket``, ``hq.ticket_event``)
and of the journals (``hq.service``) for the business days ``[first, last]`` of one branch and
returns the same :class:`~counterdesk.core.staffing_plan.History`. Only one row per (weekday,
hour, type) travels to Python.

Which rows belong to the period is what ``services.kpi_day.read_day`` reads, as
:mod:`counterdesk.sync.hq_kpi` does: the tickets whose business day is in the period and the
services of those tickets; services tombstoned at HQ are left out; the partitioned event and
service tables are read from an hour before the period's first issue to six hours after its
last queue instant (a service called later than that is not counted).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import NotFoundError
from counterdesk.core.staffing_plan import History, HourHistory

#: How long after the period's last queue instant rows of its tickets are read.
SLACK = timedelta(hours=6)
#: How long before the period's first issue rows of its tickets are read (PC clocks differ).
SKEW = timedelta(hours=1)


def _zone_name(zone: tzinfo) -> str:
    if zone is UTC:
        return "UTC"
    name = getattr(zone, "key", None)
    if not isinstance(name, str):
        raise ValueError(f"the branch zone must be UTC or a zoneinfo.ZoneInfo, not {zone!r}")
    return name


def _seconds(later: str, earlier: str) -> str:
    return f"extract(epoch FROM ({later}) - ({earlier}))::float8"


_TICKETS = """
    SELECT tk.id, tk.day, coalesce(pm.btype, tk.business_type) AS btype, tk.state,
           tk.issued_at, tk.ended_at
    FROM hq.ticket tk
    LEFT JOIN unnest(%(prefixes)s::text[], %(prefix_types)s::text[]) AS pm (prefix, btype)
        ON pm.prefix = tk.prefix
    WHERE tk.branch_code = %(branch)s AND tk.day BETWEEN %(first)s AND %(last)s
"""

_WEEKDAY = "(extract(isodow FROM {day})::int - 1)"
_HOUR = "extract(hour FROM {at} AT TIME ZONE %(zone)s)::int"

_ARRIVALS = f"""
WITH t AS ({_TICKETS}),
first_call AS (
    SELECT DISTINCT ON (ev.ticket_id) ev.ticket_id, ev.at
    FROM hq.ticket_event ev JOIN t ON t.id = ev.ticket_id
    WHERE ev.branch_code = %(branch)s AND ev.action = 'call'
      AND ev.at >= %(low)s AND ev.at < %(high)s
    ORDER BY ev.ticket_id, ev.seq
), f AS (
    SELECT {_WEEKDAY.format(day="t.day")} AS weekday, {_HOUR.format(at="t.issued_at")} AS hour,
           t.btype, t.state,
           CASE WHEN fc.at IS NOT NULL THEN greatest(0, {_seconds("fc.at", "t.issued_at")})
                WHEN t.ended_at IS NOT NULL
                THEN greatest(0, {_seconds("t.ended_at", "t.issued_at")}) END AS wait
    FROM t LEFT JOIN first_call fc ON fc.ticket_id = t.id
)
SELECT weekday, hour, btype, count(*),
       count(*) FILTER (WHERE state IN ('expired', 'no_show')),
       count(wait), coalesce(sum(wait), 0)
FROM f GROUP BY weekday, hour, btype
"""

_SERVICES = f"""
WITH RECURSIVE t AS ({_TICKETS}),
s AS (
    SELECT sv.uuid, t.day, sv.business_type AS btype, sv.started_at, sv.finished_at, sv.state,
           sv.previous_service_id
    FROM hq.service sv JOIN t ON t.id = sv.ticket_id
    WHERE sv.branch_code = %(branch)s AND sv.deleted_at IS NULL
      AND sv.called_at >= %(low)s AND sv.called_at < %(high)s
), chain AS (
    SELECT s.uuid, s.started_at AS first_start, 1 AS depth
    FROM s
    WHERE s.previous_service_id IS NULL
       OR NOT EXISTS (SELECT FROM s p WHERE p.uuid = s.previous_service_id)
    UNION ALL
    SELECT s.uuid, least(c.first_start, s.started_at), c.depth + 1
    FROM chain c JOIN s ON s.previous_service_id = c.uuid
    WHERE c.depth < 100
), f AS (
    SELECT {_WEEKDAY.format(day="s.day")} AS weekday, {_HOUR.format(at="s.finished_at")} AS hour,
           s.btype, {_seconds("s.finished_at", "c.first_start")} AS seconds
    FROM chain c JOIN s ON s.uuid = c.uuid
    WHERE NOT EXISTS (SELECT FROM s n WHERE n.previous_service_id = c.uuid)
      AND s.state = 'finished' AND s.finished_at IS NOT NULL AND c.first_start IS NOT NULL
)
SELECT weekday, hour, btype, count(*), sum(seconds) FROM f GROUP BY weekday, hour, btype
"""

_DAYS = f"""
SELECT {_WEEKDAY.format(day="t.day")}, count(DISTINCT t.day) FROM ({_TICKETS}) t GROUP BY 1
"""

_BOUNDS = """
SELECT min(tk.issued_at), max(greatest(tk.issued_at, tk.queued_at, tk.called_at, tk.started_at,
                                       tk.ended_at))
FROM hq.ticket tk WHERE tk.branch_code = %(branch)s AND tk.day BETWEEN %(first)s AND %(last)s
"""


def read_hq_history(
    conn: Any,
    *,
    branch: str,
    first: date,
    last: date,
    zone: tzinfo,
    catalogue: Catalogue,
) -> History:
    """A branch's staffing history of business days ``[first, last]``, summed at head office.

    Args:
        conn: a psycopg2 connection to HQ (a branch's role sees its own branch only).
        branch: the branch's code.
        first: the first business day.
        last: the last business day (inclusive).
        zone: the branch's time zone (hours are its local hours).
        catalogue: the business types, for the type a ticket was issued for (its prefix's).

    Raises:
        ValueError: the period ends before it starts, or a zone without an IANA name.
    """
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    prefixes: dict[str, str] = {}
    for letter in string.ascii_uppercase:
        try:
            prefixes[letter] = catalogue.get(letter).code
        except NotFoundError:
            continue
    params: dict[str, Any] = {
        "branch": branch,
        "first": first,
        "last": last,
        "zone": _zone_name(zone),
        "prefixes": list(prefixes),
        "prefix_types": list(prefixes.values()),
    }

    def rows(sql: str) -> list[tuple[Any, ...]]:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    low, high = rows(_BOUNDS)[0]
    if low is None:
        end = datetime.combine(last + timedelta(days=1), time(), zone)
        low = high = end
    else:
        high = max(high, datetime.combine(last + timedelta(days=1), time(), zone)) + SLACK
        low = low - SKEW
    params.update(low=low, high=high)
    sums: dict[tuple[int, int, str], list[Any]] = {}
    for weekday, hour, btype, arrivals, walked, waits, waited in rows(_ARRIVALS):
        sums[(int(weekday), int(hour), str(btype))] = [
            int(arrivals),
            int(walked),
            int(waits),
            float(waited),
            0,
            0.0,
        ]
    for weekday, hour, btype, count, seconds in rows(_SERVICES):
        cell = sums.setdefault((int(weekday), int(hour), str(btype)), [0, 0, 0, 0.0, 0, 0.0])
        cell[4], cell[5] = int(count), float(seconds)
    days: Mapping[int, int] = {int(w): int(n) for w, n in sorted(rows(_DAYS))}
    cells = tuple(HourHistory(w, h, code, *values) for (w, h, code), values in sorted(sums.items()))
    return History(first, last, days, cells)
