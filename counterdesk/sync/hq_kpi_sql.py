"""The SQL of head office's KPIs: the CTEs every figure of :class:`~.hq_kpi.HqKpis` selects from.

One text per grouping, with only the teller look-ups the grouping needs; ``HqKpis`` keeps
from it the CTEs a statement names (``hq_kpi._prune``). The parameters it takes are
``HqKpis``'s (period, branch, zone, prefixes) plus ``low``/``high`` (the read bounds),
``by_hour`` and ``mandatory`` (the mandatory steps per procedure snapshot, as JSON).
"""

from __future__ import annotations

from collections.abc import Callable


def seconds_between(later: str, earlier: str) -> str:
    """SQL: the seconds from ``earlier`` to ``later`` as float8."""
    return f"extract(epoch FROM ({later}) - ({earlier}))::float8"


def base_sql(mine: Callable[[str], str], *, by_teller: bool) -> str:
    """The shared CTEs; ``mine(alias)`` restricts a table alias to the report's branches.

    A ticket's or a marked event's teller (the first service's, the serving one's) is looked
    up only ``by_teller``: it costs a sort of the period's services.
    """
    if by_teller:
        ticket_teller = "coalesce(fs.teller, '')"
        first_service = "LEFT JOIN first_service fs ON fs.branch = t.branch AND fs.ticket_id = t.id"
        event_teller = "coalesce(s.teller, '')"
        event_service = (
            "LEFT JOIN s ON s.branch = m.branch AND s.ticket_id = m.ticket_id "
            "AND s.counter = m.counter::text AND s.called_at <= m.at"
        )
        event_order = ", s.called_at DESC NULLS LAST, s.uuid DESC"
    else:
        ticket_teller = event_teller = "''::text"
        first_service = event_service = event_order = ""
    one_hour = "interval '1 hour'"
    return f"""
WITH RECURSIVE t AS (
    SELECT tk.branch_code AS branch, tk.id, tk.day, coalesce(pm.btype, tk.business_type) AS btype,
           tk.business_type AS final_type, tk.state, tk.issued_at, tk.ended_at, tk.prefix,
           tk.number
    FROM hq.ticket tk
    LEFT JOIN unnest(%(prefixes)s::text[], %(prefix_types)s::text[]) AS pm (prefix, btype)
        ON pm.prefix = tk.prefix
    WHERE tk.day BETWEEN %(first)s AND %(last)s{mine("tk")}
), first_call AS (
    SELECT DISTINCT ON (ev.branch_code, ev.ticket_id) ev.branch_code AS branch, ev.ticket_id,
           ev.at, ev.counter
    FROM hq.ticket_event ev JOIN t ON t.branch = ev.branch_code AND t.id = ev.ticket_id
    WHERE ev.action = 'call' AND ev.at >= %(low)s AND ev.at < %(high)s{mine("ev")}
    ORDER BY ev.branch_code, ev.ticket_id, ev.seq
), marked AS (
    SELECT ev.branch_code AS branch, ev.ticket_id, ev.seq, ev.action, ev.counter, ev.at, t.day
    FROM hq.ticket_event ev JOIN t ON t.branch = ev.branch_code AND t.id = ev.ticket_id
    WHERE ev.action IN ('recall', 'transfer', 'hold') AND ev.at >= %(low)s AND ev.at < %(high)s
          {mine("ev")}
), s AS (
    SELECT sv.uuid, sv.ticket_id, sv.ticket_label, sv.branch_code AS branch, t.day,
           sv.counter, sv.staff_no AS teller, sv.business_type AS btype, sv.called_at,
           sv.started_at, sv.finished_at, sv.state, sv.finish_reason, sv.override_by,
           sv.previous_service_id, sv.procedure_snapshot_id
    FROM hq.service sv JOIN t ON t.branch = sv.branch_code AND t.id = sv.ticket_id
    WHERE sv.deleted_at IS NULL AND sv.called_at >= %(low)s AND sv.called_at < %(high)s
          {mine("sv")}
), first_service AS (
    SELECT DISTINCT ON (branch, ticket_id) branch, ticket_id, teller
    FROM s ORDER BY branch, ticket_id, called_at, uuid
), tk AS (
    SELECT t.*, fc.at AS first_called_at, fc.counter::text AS first_counter,
           {ticket_teller} AS teller
    FROM t
    LEFT JOIN first_call fc ON fc.branch = t.branch AND fc.ticket_id = t.id
    {first_service}
), chain AS (
    SELECT s.uuid AS root, s.uuid, s.called_at AS first_called, s.started_at AS first_start,
           1 AS depth
    FROM s
    WHERE s.previous_service_id IS NULL
       OR NOT EXISTS (SELECT FROM s p WHERE p.uuid = s.previous_service_id)
    UNION ALL
    SELECT c.root, s.uuid, c.first_called, least(c.first_start, s.started_at), c.depth + 1
    FROM chain c JOIN s ON s.previous_service_id = c.uuid
    WHERE c.depth < 100
), visit AS (
    SELECT s.*, c.first_called, c.first_start
    FROM chain c JOIN s ON s.uuid = c.uuid
    WHERE NOT EXISTS (SELECT FROM s n WHERE n.previous_service_id = c.uuid)
      AND s.state = 'finished' AND s.finished_at IS NOT NULL
), finished AS (
    SELECT s.* FROM s WHERE s.state = 'finished' AND s.finished_at IS NOT NULL
), st AS (
    SELECT r.uuid, r.service_id, r.step_id, r.checked_at, r.seconds_open, r.authoriser
    FROM hq.step_record r JOIN s ON s.uuid = r.service_id AND s.branch = r.branch_code
    WHERE r.deleted_at IS NULL AND r.checked_at >= %(low)s AND r.checked_at < %(high)s
          {mine("r")}
), rt AS (
    SELECT DISTINCT ON (r.service_id) r.service_id, r.outcome, r.score, r.scale_levels,
           r.reasons
    FROM hq.rating r JOIN s ON s.uuid = r.service_id AND s.branch = r.branch_code
    WHERE r.deleted_at IS NULL AND r.prompted_at >= %(low)s AND r.prompted_at < %(high)s
          {mine("r")}
    ORDER BY r.service_id, r.prompted_at DESC, r.uuid DESC
), mandatory AS (
    SELECT m.u, m.steps FROM jsonb_to_recordset(%(mandatory)s::jsonb) AS m (u uuid, steps text[])
), open_steps AS (
    SELECT f.uuid, ms.step, ms.n
    FROM finished f
    JOIN mandatory m ON m.u = f.procedure_snapshot_id
    CROSS JOIN LATERAL unnest(m.steps) WITH ORDINALITY AS ms (step, n)
    WHERE NOT EXISTS (SELECT FROM st WHERE st.service_id = f.uuid AND st.step_id = ms.step)
), days AS (
    SELECT d::date AS day FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') d
), day_end AS (
    SELECT branch, day, max(at) AS at FROM (
        SELECT t.branch, t.day, max(ev.at) AS at
        FROM hq.ticket_event ev JOIN t ON t.branch = ev.branch_code AND t.id = ev.ticket_id
        WHERE ev.at >= %(low)s AND ev.at < %(high)s{mine("ev")}
        GROUP BY t.branch, t.day
        UNION ALL SELECT branch, day, finished_at FROM s WHERE finished_at IS NOT NULL
    ) x GROUP BY branch, day
), sess AS (
    SELECT ss.uuid, ss.branch_code AS branch, ss.counter, ss.staff_no AS teller,
           ss.signed_in_at, ss.signed_out_at
    FROM hq.staff_session ss
    WHERE ss.deleted_at IS NULL AND ss.signed_in_at < %(high)s
      AND (ss.signed_out_at IS NULL
           OR ss.signed_out_at > %(first)s::timestamp AT TIME ZONE %(zone)s)
      {mine("ss")}
), win AS (
    SELECT x.uuid, x.branch, x.counter, x.teller, x.day, x.w_end,
           greatest(x.signed_in_at, x.w_start) AS a,
           least(coalesce(x.signed_out_at, x.w_end), x.w_end) AS b
    FROM (
        SELECT sess.*, days.day, days.day::timestamp AT TIME ZONE %(zone)s AS w_start,
               greatest((days.day + 1)::timestamp AT TIME ZONE %(zone)s,
                        de.at + interval '1 microsecond') AS w_end
        FROM sess CROSS JOIN days
        LEFT JOIN day_end de ON de.branch = sess.branch AND de.day = days.day
    ) x
    WHERE x.signed_in_at < x.w_end AND (x.signed_out_at IS NULL OR x.signed_out_at > x.w_start)
      AND greatest(x.signed_in_at, x.w_start) < least(coalesce(x.signed_out_at, x.w_end), x.w_end)
), wp AS (
    SELECT w.uuid, w.day, greatest(p.started_at, w.a) AS a,
           least(coalesce(p.ended_at, w.b), w.b) AS b, p.reason, p.started_at, p.uuid AS pause
    FROM win w JOIN hq.pause p ON p.session_id = w.uuid AND p.branch_code = w.branch
    WHERE p.deleted_at IS NULL
      AND greatest(p.started_at, w.a) < least(coalesce(p.ended_at, w.b), w.b)
), ws AS (
    SELECT w.uuid, w.day, greatest(s.called_at, w.a) AS a,
           least(coalesce(s.finished_at, w.b), w.b) AS b
    FROM win w JOIN s ON s.branch = w.branch AND s.day = w.day AND s.teller = w.teller
                     AND s.counter = w.counter
    WHERE greatest(s.called_at, w.a) < least(coalesce(s.finished_at, w.b), w.b)
), marks AS (
    SELECT uuid, day, a AS at FROM win UNION SELECT uuid, day, b FROM win
    UNION SELECT uuid, day, a FROM wp UNION SELECT uuid, day, b FROM wp
    UNION SELECT uuid, day, a FROM ws UNION SELECT uuid, day, b FROM ws
    UNION SELECT w.uuid, w.day, h.local AT TIME ZONE %(zone)s
    FROM win w CROSS JOIN LATERAL generate_series(
        date_trunc('hour', w.a AT TIME ZONE %(zone)s) + {one_hour},
        w.b AT TIME ZONE %(zone)s, {one_hour}) AS h (local)
    WHERE %(by_hour)s AND h.local AT TIME ZONE %(zone)s > w.a
      AND h.local AT TIME ZONE %(zone)s < w.b
), segment AS (
    SELECT uuid, day, at AS a, lead(at) OVER (PARTITION BY uuid, day ORDER BY at) AS b
    FROM marks
), seg_pause AS (
    SELECT DISTINCT ON (g.uuid, g.day, g.a) g.uuid, g.day, g.a, wp.reason
    FROM segment g JOIN wp ON wp.uuid = g.uuid AND wp.day = g.day AND wp.a <= g.a AND g.a < wp.b
    ORDER BY g.uuid, g.day, g.a, wp.started_at, wp.pause
), seg_serving AS (
    SELECT DISTINCT g.uuid, g.day, g.a
    FROM segment g JOIN ws ON ws.uuid = g.uuid AND ws.day = g.day AND ws.a <= g.a AND g.a < ws.b
), teller_segment AS (
    SELECT w.branch, w.counter, w.teller, ''::text AS btype, w.day, g.a AS at,
           {seconds_between("g.b", "g.a")} AS seconds, sp.reason, sv.a IS NOT NULL AS serving
    FROM segment g JOIN win w ON w.uuid = g.uuid AND w.day = g.day
    LEFT JOIN seg_pause sp ON sp.uuid = g.uuid AND sp.day = g.day AND sp.a = g.a
    LEFT JOIN seg_serving sv ON sv.uuid = g.uuid AND sv.day = g.day AND sv.a = g.a
    WHERE g.b IS NOT NULL
), event_place AS (
    SELECT DISTINCT ON (m.branch, m.ticket_id, m.seq) m.branch, m.counter::text AS counter,
           {event_teller} AS teller, t.btype, m.day, m.at, m.action
    FROM marked m JOIN t ON t.branch = m.branch AND t.id = m.ticket_id
    {event_service}
    ORDER BY m.branch, m.ticket_id, m.seq{event_order}
), open_list AS (
    SELECT uuid, array_agg(step ORDER BY n) AS steps FROM open_steps GROUP BY uuid
)
"""
