"""Head office's KPI facts (HQ schema 6): computed once per branch and day, read by reports.

:class:`~counterdesk.sync.hq_kpi.HqKpis` reads a report's figures from the facts tables
(:mod:`counterdesk.sync.hq_facts_schema`) when it can: one narrow row per ticket, marked event,
finished service and teller-time slice, grouped by one statement per family of figures, instead
of re-joining a month of raw rows. Before the first figure it brings the facts of its period up
to date (:meth:`Facts.refresh`): every (branch, day) a write marked stale, and every day whose
teller time was cut in another zone than the report's, is recomputed by the raw SQL of
``HqKpis`` itself for that one day (so the facts hold exactly the raw figures' inputs), in one
transaction per day that replaces the day's facts and deletes the marks it read.

A role that may not write the facts, an HQ older than schema 6, or a refresh refused for any
other reason than a cancel makes the report compute from raw rows, as before: same figures,
slower.

What rows belong to a day is what the raw SQL reads for a one-day period: the day's tickets
and their services, steps and ratings dated between the first ticket's issue (less an hour) and
six hours after the later of the day's end and its tickets' last queue instant; a report over a
period reads the same rows a one-day report of each of its days would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from counterdesk.core.kpis import By
from counterdesk.sync.hq_facts_schema import DAY_FACTS
from counterdesk.sync.hq_kpi_sql import seconds_between

#: The first HQ schema that has the facts.
FACTS_SCHEMA = 6
#: First key of the refresh's advisory locks (the second is the branch code's hash).
_LOCK = 0x6B706966  # "kpif"

_SEGMENT_KIND = (
    "CASE WHEN g.reason IS NOT NULL THEN 'paused' WHEN g.serving THEN 'serving' ELSE 'idle' END"
)


#: Appended to ``HqKpis``'s CTEs for one day (by teller, hours cut): the day's facts, written.
PUT_FACTS = f"""
, served_visit AS (
    SELECT DISTINCT ON (branch, ticket_id) uuid FROM visit
    ORDER BY branch, ticket_id, finished_at DESC, uuid DESC
), put_ticket AS (
    INSERT INTO hq.kpi_ticket (branch_code, day, id, btype, counter, teller, at, wait,
                               ended_wait, walked)
    SELECT branch, day, id, btype, first_counter, teller, issued_at,
           CASE WHEN first_called_at IS NOT NULL
                THEN greatest(0, {seconds_between("first_called_at", "issued_at")}) END,
           CASE WHEN first_called_at IS NULL AND ended_at IS NOT NULL
                THEN {seconds_between("ended_at", "issued_at")} END,
           state IN ('expired', 'no_show')
    FROM tk
    RETURNING 1
), put_event AS (
    INSERT INTO hq.kpi_event (branch_code, day, action, counter, teller, btype, at)
    SELECT branch, day, action, counter, teller, btype, at FROM event_place
    RETURNING 1
), put_service AS (
    INSERT INTO hq.kpi_service (branch_code, day, service, counter, teller, btype, at, finished,
                                visit, served, service_s, handle_s, rated, score, satisfied,
                                complete, open_steps, called_at, ticket_label, override_by,
                                finish_reason)
    SELECT f.branch, f.day, f.uuid, f.counter, coalesce(f.teller, ''), f.btype, f.finished_at,
           true, v.uuid IS NOT NULL, sv.uuid IS NOT NULL,
           CASE WHEN v.first_start IS NOT NULL
                THEN {seconds_between("f.finished_at", "v.first_start")} END,
           CASE WHEN v.uuid IS NOT NULL
                THEN {seconds_between("f.finished_at", "v.first_called")} END,
           coalesce(r.rated, false), r.score, coalesce(r.satisfied, false), ol.uuid IS NULL,
           ol.steps, f.called_at,
           CASE WHEN f.override_by <> '' THEN f.ticket_label END,
           nullif(f.override_by, ''),
           CASE WHEN f.override_by <> '' THEN coalesce(f.finish_reason, '') END
    FROM finished f
    LEFT JOIN visit v ON v.uuid = f.uuid
    LEFT JOIN served_visit sv ON sv.uuid = f.uuid
    LEFT JOIN open_list ol ON ol.uuid = f.uuid
    LEFT JOIN LATERAL (
        SELECT true AS rated,
               (rt.score - 1) * 100.0::float8 / (coalesce(rt.scale_levels, 5) - 1) AS score,
               rt.score >= CASE coalesce(rt.scale_levels, 5) WHEN 5 THEN 4 WHEN 4 THEN 3
                            ELSE 3 END AS satisfied
        FROM rt WHERE rt.service_id = f.uuid AND rt.outcome = 'rated' AND rt.score IS NOT NULL
    ) r ON true
    UNION ALL
    -- A finished ticket no visit covers (its services not pushed yet): served at its last
    -- counter, by nobody known.
    SELECT t.branch, t.day, NULL, (SELECT ev.counter::text FROM hq.ticket_event ev
           WHERE ev.branch_code = t.branch AND ev.ticket_id = t.id AND ev.counter IS NOT NULL
           AND ev.at >= %(low)s AND ev.at < %(high)s ORDER BY ev.seq DESC LIMIT 1),
           '', t.final_type, t.ended_at, false, false, true, NULL, NULL, false, NULL, false,
           false, NULL, NULL, NULL, NULL, NULL
    FROM t
    WHERE t.state = 'finished' AND t.ended_at IS NOT NULL
      AND NOT EXISTS (SELECT FROM visit v WHERE v.branch = t.branch AND v.ticket_id = t.id)
    RETURNING 1
), put_reason AS (
    INSERT INTO hq.kpi_reason (branch_code, day, counter, teller, btype, at, code)
    SELECT f.branch, f.day, f.counter, coalesce(f.teller, ''), f.btype, f.finished_at, x.code
    FROM finished f
    JOIN rt ON rt.service_id = f.uuid AND rt.outcome = 'rated' AND rt.score IS NOT NULL
    CROSS JOIN LATERAL jsonb_array_elements_text(rt.reasons) AS x (code)
    RETURNING 1
), put_open_step AS (
    INSERT INTO hq.kpi_open_step (branch_code, day, counter, teller, btype, at, step)
    SELECT f.branch, f.day, f.counter, coalesce(f.teller, ''), f.btype, f.finished_at, o.step
    FROM finished f JOIN open_steps o ON o.uuid = f.uuid
    RETURNING 1
), put_teller AS (
    INSERT INTO hq.kpi_teller (branch_code, day, counter, teller, at, kind, reason, seconds)
    SELECT branch, day, counter, teller, min(at), kind, reason, sum(seconds)
    FROM (SELECT g.branch, g.day, g.counter, g.teller, g.at, g.seconds,
                 {_SEGMENT_KIND} AS kind, coalesce(g.reason, '') AS reason
          FROM teller_segment g) x
    GROUP BY branch, day, counter, teller, date_trunc('hour', at AT TIME ZONE %(zone)s), kind,
             reason
    RETURNING 1
)
SELECT (SELECT count(*) FROM put_ticket), (SELECT count(*) FROM put_event),
       (SELECT count(*) FROM put_service), (SELECT count(*) FROM put_reason),
       (SELECT count(*) FROM put_open_step), (SELECT count(*) FROM put_teller)
"""

Rows = Callable[[str, Mapping[str, Any]], list[tuple[Any, ...]]]


class Facts:
    """The facts side of one :class:`~counterdesk.sync.hq_kpi.HqKpis` (same period and role).

    Args:
        rows: the report's statement runner (its planner settings).
        params: the report's parameters (period, branch, zone, prefixes).
        key_sql: the SQL of a grouping's key over a facts row ``f``.
    """

    def __init__(self, rows: Rows, params: Mapping[str, Any], key_sql: Callable[[By], str]):
        self._rows = rows
        self._params = dict(params)
        self._key_sql = key_sql

    def _source(self, table: str, extra: str = "", join: str = "", where: str = "") -> str:
        """The period's rows of a facts table as ``f`` (with ``branch``), ``extra`` columns."""
        mine = "" if self._params["branch"] is None else " AND k.branch_code = %(branch)s"
        return (
            f"(SELECT k.*, k.branch_code AS branch{extra} FROM hq.{table} k{join} "
            f"WHERE k.day BETWEEN %(first)s AND %(last)s{mine}{where}) f"
        )

    def _keys(self, by: Sequence[By]) -> list[str]:
        return [self._key_sql(dim) for dim in by]

    def _grouped(
        self, select: str, source: str, by: Sequence[By], extra: Sequence[str] = (), **params: Any
    ) -> list[tuple[Any, ...]]:
        keys = [*self._keys(by), *extra]
        group = f" GROUP BY {', '.join(keys)}" if keys else ""
        columns = ", ".join([*keys, select])
        return self._rows(f"SELECT {columns} FROM {source}{group}", {**self._params, **params})

    # -- families ------------------------------------------------------------------------------

    def queue(self, by: Sequence[By], targets: Mapping[str, float]) -> dict[str, list[Any]]:
        """The tickets' figures (arrivals, waits, service level, walk-aways), as ``_batch``'s."""
        n = len(by)
        codes = list(targets)
        # The type's target by its place in the list: no join of the month's tickets.
        target = "(%(targets)s::float8[])[array_position(%(target_types)s::text[], k.btype)]"
        judged = (
            f", {target} IS NOT NULL AND (k.wait IS NOT NULL OR k.ended_wait > {target}) "
            f"AS judged, coalesce(k.wait <= {target}, false) AS met"
        )
        source = self._source("kpi_ticket", judged)
        found: dict[str, list[Any]] = {
            name: [] for name in ("arrivals", "waiting_times", "service_level", "walk_aways")
        }
        for row in self._grouped(
            "count(*), count(f.wait), avg(f.wait), "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY f.wait), "
            "percentile_disc(0.9) WITHIN GROUP (ORDER BY f.wait), "
            "count(*) FILTER (WHERE f.judged), count(*) FILTER (WHERE f.met), "
            "count(*) FILTER (WHERE f.walked)",
            source,
            by,
            target_types=codes,
            targets=[float(targets[c]) for c in codes],
        ):
            keys, (arrived, waited, mean, median, p90, judged_, met, walked) = row[:n], row[n:]
            if arrived:
                found["arrivals"].append((*keys, arrived))
                found["walk_aways"].append((*keys, walked, arrived))
            if waited:
                found["waiting_times"].append((*keys, waited, mean, median, p90))
            if judged_:
                found["service_level"].append((*keys, met, judged_))
        return found

    def events(self, by: Sequence[By]) -> dict[str, list[Any]]:
        """Recalls, transfers and holds: ``(keys…, count)`` rows each."""
        n = len(by)
        found: dict[str, list[Any]] = {"recalls": [], "transfers": [], "holds": []}
        for row in self._grouped("count(*)", self._source("kpi_event"), by, ["f.action"]):
            found[f"{row[n]}s"].append((*row[:n], row[n + 1]))
        return found

    def services(self, by: Sequence[By]) -> dict[str, list[Any]]:
        """The services' figures (served … SOP compliance, reasons and steps left open)."""
        n = len(by)
        found: dict[str, list[Any]] = {
            name: []
            for name in ("served", "service_times", "handle_times", "satisfaction",
                         "satisfaction_reasons", "sop_compliance", "sop_left_open")
        }  # fmt: skip

        def durations(v: str) -> str:
            return (
                f"count({v}), avg({v}), percentile_cont(0.5) WITHIN GROUP (ORDER BY {v}), "
                f"percentile_disc(0.9) WITHIN GROUP (ORDER BY {v})"
            )

        for row in self._grouped(
            f"count(*) FILTER (WHERE f.served), {durations('f.service_s')}, "
            f"{durations('f.handle_s')}, count(*) FILTER (WHERE f.finished), "
            "count(*) FILTER (WHERE f.rated), avg(f.score), count(*) FILTER (WHERE f.satisfied), "
            "count(*) FILTER (WHERE f.finished AND f.complete)",
            self._source("kpi_service"),
            by,
        ):
            keys, v = row[:n], row[n:]
            if v[0]:
                found["served"].append((*keys, v[0]))
            if v[1]:
                found["service_times"].append((*keys, *v[1:5]))
            if v[5]:
                found["handle_times"].append((*keys, *v[5:9]))
            if v[9]:
                found["satisfaction"].append((*keys, v[9], v[10], v[11], v[12]))
                found["sop_compliance"].append((*keys, v[9], v[13]))
        for kind, table, column in (("satisfaction_reasons", "kpi_reason", "code"),
                                    ("sop_left_open", "kpi_open_step", "step")):  # fmt: skip
            found[kind] = self._grouped("count(*)", self._source(table), by, [f"f.{column}"])
        return found

    def tellers(self, by: Sequence[By]) -> dict[str, list[Any]]:
        """The tellers' time: ``(keys…, kind, reason, seconds)`` rows."""
        rows = self._grouped(
            "sum(f.seconds)",
            self._source("kpi_teller", ", ''::text AS btype"),
            by,
            ["f.kind", "f.reason"],
        )
        return {"teller_time": rows}

    def overrides(self, by: Sequence[By]) -> list[tuple[Any, ...]]:
        """The overridden services as ``HqKpis.sop_compliance``'s raw list gives them."""
        keys = [*self._keys(by), "f.called_at", "f.service"]
        source = self._source("kpi_service", where=" AND k.override_by IS NOT NULL")
        return self._rows(
            f"SELECT {', '.join(keys)}, f.service::text, f.ticket_label, f.teller, "
            "f.override_by, f.finish_reason, coalesce(f.open_steps, '{}') "
            f"FROM {source} ORDER BY {', '.join(keys)}",
            self._params,
        )

    def waiting_histogram(self, by: Sequence[By], edges: Sequence[float]) -> list[tuple[Any, ...]]:
        """``(keys…, bin, count)`` of the called tickets' waits."""
        source = self._source(
            "kpi_ticket",
            ", (SELECT count(*) FROM unnest(%(edges)s::float8[]) AS b (e) WHERE k.wait > b.e) "
            "AS bin",
            where=" AND k.wait IS NOT NULL",
        )
        return self._grouped("count(*)", source, by, ["f.bin"], edges=list(edges))

    # -- keeping them fresh ----------------------------------------------------------------------

    def stale(self) -> dict[date, dict[str, list[int]]]:
        """Per day and branch, the stale marks (ids) of the period, and days cut in another zone."""
        mine = "" if self._params["branch"] is None else " AND branch_code = %(branch)s"
        found: dict[date, dict[str, list[int]]] = {}
        for day, branch, mark in self._rows(
            "SELECT day, branch_code, id FROM hq.kpi_stale "
            f"WHERE day BETWEEN %(first)s AND %(last)s{mine} UNION ALL "
            # Cut in another zone: the day and its neighbours (a session past midnight in the
            # new zone may count on a day the old one never marked).
            "SELECT day + o, branch_code, NULL FROM hq.kpi_day CROSS JOIN (VALUES (-1), (0), (1)) "
            f"AS n (o) WHERE day BETWEEN %(first)s AND %(last)s{mine} AND zone <> %(zone)s "
            "AND day + o BETWEEN %(first)s AND %(last)s",
            self._params,
        ):
            marks = found.setdefault(day, {}).setdefault(branch, [])
            if mark is not None:
                marks.append(int(mark))
        return found


def schema_has_facts(cur: Any) -> bool:
    """Whether the HQ schema keeps facts (version 6 on)."""
    cur.execute("SELECT version FROM hq.hq_meta WHERE component = 'hq'")
    row = cur.fetchone()
    return row is not None and int(row[0]) >= FACTS_SCHEMA


def replace_day(
    cur: Any, day: date, branches: Sequence[str], marks: Sequence[int], zone: str, put: Any
) -> None:
    """Replace the facts of ``branches`` on ``day`` (inside the caller's transaction).

    ``put`` runs :data:`PUT_FACTS` for that day and those branches; then the marks read are
    deleted (a mark added since stays) and the day is recorded with the zone it was cut in.
    """
    for branch in sorted(branches):
        cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (_LOCK, branch))
    for table in DAY_FACTS:
        cur.execute(
            f"DELETE FROM hq.{table} WHERE day = %s AND branch_code = ANY(%s)",
            (day, list(branches)),
        )
    put()
    if marks:
        cur.execute("DELETE FROM hq.kpi_stale WHERE id = ANY(%s)", (list(marks),))
    cur.execute(
        "INSERT INTO hq.kpi_day (branch_code, day, zone) SELECT b, %s, %s FROM unnest(%s) AS b "
        "ON CONFLICT (branch_code, day) DO UPDATE SET zone = excluded.zone, computed_at = now()",
        (day, zone, list(branches)),
    )
