"""Benchmark: head office's SQL KPIs (``counterdesk.sync.hq_kpi``) over a month of many branches.

One realistic business day is served by three real desks and pushed to a throwaway HQ by the
real sync (``tests/sync/kpi_day_helpers.py``, the day the SQL-vs-Python test compares); then
HQ's rows of that day are copied in SQL to ``--branches`` branches × ``--days`` business days
(November 2026, new ids, times shifted by whole days). Printed: rows per table, then the
median wall time over ``--runs`` of each figure for the whole month of every branch and for
one branch by teller, and of a hand-written query of the headline figures (arrivals, mean
wait, served) of every branch for the same month as the baseline.

    .venv/bin/python bench/hq_kpi.py [--branches 20] [--days 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "sync"))

from kpi_day_helpers import DAY, TARGETS, ZONE, serve_and_push  # noqa: E402

from counterdesk.core.kpis import By  # noqa: E402
from counterdesk.core.procedures.catalogue import load_catalogue  # noqa: E402
from counterdesk.sync.hq import connect_admin  # noqa: E402
from counterdesk.sync.hq_kpi import HqKpis, Scope  # noqa: E402

SERVER = os.environ.get("COUNTERDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
FIGURES = (
    "arrivals", "waiting_times", "walk_aways", "recalls", "transfers", "holds", "served",
    "service_times", "handle_times", "switches", "teller_time", "satisfaction",
    "sop_compliance", "step_times", "authorisations",
)  # fmt: skip
#: Columns that name a row or its parent: copied with a new id per copy.
_IDS = {"uuid", "service_id", "session_id", "previous_service_id", "terminal_id"}
_TABLES = (
    "ticket", "ticket_event", "service", "step_record", "rating", "staff_session", "pause",
    "procedure_snapshot",
)  # fmt: skip


def _admin(dbname: str) -> Any:
    import psycopg2

    conn = psycopg2.connect(f"{SERVER}/{dbname}", connect_timeout=3)
    conn.autocommit = True
    return conn


def _copy(url: str, code: str, branches: int, days: int) -> None:
    """Copy the seed branch's rows to every (branch, day) of the month, in SQL."""
    conn = connect_admin(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET LOCAL session_replication_role = replica")  # no FK checks per row
            cur.execute(
                "CREATE TEMP TABLE copies AS SELECT b, d, CASE WHEN b = 0 THEN %s "
                "ELSE 'B' || lpad(b::text, 3, '0') END AS code FROM generate_series(0, %s) b, "
                "generate_series(0, %s) d WHERE NOT (b = 0 AND d = 0)",
                (code, branches - 1, days - 1),
            )
            cur.execute(
                "INSERT INTO hq.branch (code, role_name) SELECT DISTINCT code, 'bench_' || code "
                "FROM copies WHERE b > 0"
            )
            cur.execute(
                "INSERT INTO hq.terminal (terminal_id, branch_code) SELECT DISTINCT "
                "md5(t.terminal_id::text || c.code)::uuid, c.code FROM hq.terminal t, copies c "
                "WHERE t.branch_code = %s AND c.b > 0",
                (code,),
            )
            for table in _TABLES:
                cur.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = 'hq' AND table_name = %s ORDER BY ordinal_position",
                    (table,),
                )
                columns = cur.fetchall()
                shift = "c.d * interval '-1 day'"
                expressions = []
                for name, kind in columns:
                    if name == "branch_code":
                        expressions.append("c.code")
                    elif name in _IDS or (table == "procedure_snapshot" and name == "uuid"):
                        key = "c.code" if name == "terminal_id" else "c.code || c.d"
                        if table == "procedure_snapshot" and name == "uuid":
                            expressions.append("x.uuid")
                        else:
                            expressions.append(f"md5(x.{name}::text || {key})::uuid")
                    elif name in ("id", "ticket_id"):
                        expressions.append(f"x.{name} || ':' || c.code || c.d")
                    elif kind == "timestamp with time zone" and name != "synced_at":
                        expressions.append(f"x.{name} + {shift}")
                    elif name == "day":
                        expressions.append("x.day - c.d")
                    else:
                        expressions.append(f"x.{name}")
                where = "c.d = 0 AND c.b > 0" if table == "procedure_snapshot" else "true"
                cur.execute(
                    f"INSERT INTO hq.{table} ({', '.join(n for n, _ in columns)}) "
                    f"SELECT {', '.join(expressions)} FROM hq.{table} x, copies c "
                    f"WHERE x.branch_code = %s AND {where}",
                    (code,),
                )
        with conn, conn.cursor() as cur:
            cur.execute("SELECT hq.hq_ensure_partitions(3, 12)")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()


def _median(run: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _call(report: HqKpis, figure: str, by: tuple[By, ...]) -> Any:
    if figure == "service_level":
        return report.service_level(TARGETS, by=by)
    return getattr(report, figure)(by=by)


BASELINE = """
SELECT t.branch_code, count(*),
       avg(extract(epoch FROM c.at - t.issued_at)) FILTER (WHERE c.at IS NOT NULL),
       count(*) FILTER (WHERE t.state = 'finished')
FROM hq.ticket t
LEFT JOIN LATERAL (SELECT e.at FROM hq.ticket_event e WHERE e.branch_code = t.branch_code
    AND e.ticket_id = t.id AND e.action = 'call' AND e.at >= %(low)s AND e.at < %(high)s
    ORDER BY e.seq LIMIT 1) c ON true
WHERE t.day BETWEEN %(first)s AND %(last)s GROUP BY t.branch_code
"""


def main() -> None:
    """Build the month and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database (named on exit)")
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT / "resources" / "business_types.toml")
    owner = f"bench_owner_{uuid.uuid4().hex[:8]}"
    name = f"counterdesk_bench_{uuid.uuid4().hex[:8]}"
    admin = _admin("postgres")
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    url = f"{SERVER}/{name}"
    code = "BJ0101"
    try:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            serve_and_push(Path(folder), catalogue, url, owner, code)
            print(f"seed day served and pushed: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        _copy(url, code, args.branches, args.days)
        print(f"copied to {args.branches} branches x {args.days} days: "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        conn = connect_admin(url)
        conn.set_session(readonly=True, autocommit=True)
        with conn.cursor() as cur:
            for table in _TABLES:
                cur.execute(f"SELECT count(*) FROM hq.{table}")
                print(f"  hq.{table}: {cur.fetchone()[0]} rows")
            cur.execute("SET statement_timeout = 0")
        first = date(DAY.year, DAY.month, DAY.day - args.days + 1)
        every = HqKpis(conn, Scope(first, DAY, None, ZONE), catalogue)
        one = HqKpis(conn, Scope(first, DAY, code, ZONE), catalogue)
        sys.stdout.flush()
        print(f"median of {args.runs} runs, month {first}..{DAY}:")
        print(f"{'figure':<16} {'all branches':>13} {'one branch by teller':>21}")
        total_all = total_one = 0.0
        for figure in (*FIGURES, "service_level"):
            a = _median(partial(_call, every, figure, (By.BRANCH,)), args.runs)
            b = _median(partial(_call, one, figure, (By.TELLER,)), args.runs)
            total_all += a
            total_one += b
            print(f"{figure:<16} {a * 1000:>10.0f} ms {b * 1000:>18.0f} ms", flush=True)
        print(f"{'all figures':<16} {total_all * 1000:>10.0f} ms {total_one * 1000:>18.0f} ms")
        low, high = every._read_bounds()

        def baseline() -> None:
            with conn.cursor() as cur:
                cur.execute(BASELINE, {"first": first, "last": DAY, "low": low, "high": high})
                cur.fetchall()

        def headline() -> None:
            every.arrivals(by=(By.BRANCH,))
            every.waiting_times(by=(By.BRANCH,))
            every.served(by=(By.BRANCH,))

        print(f"headline (arrivals, waits, served) by branch: HqKpis "
              f"{_median(headline, args.runs) * 1000:.0f} ms, hand-written query "
              f"{_median(baseline, args.runs) * 1000:.0f} ms")  # fmt: skip
        conn.close()
    finally:
        if args.keep:
            print(f"kept: {url} (owner role {owner})")
        else:
            _drop(admin, name, code, owner)
        admin.close()


def _drop(admin: Any, name: str, code: str, owner: str) -> None:
    """Drop the run's database and roles."""
    with admin.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (name,),
        )
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        for role in (f"cd_branch_{code.lower()}", f"{owner}_branches", owner):
            cur.execute(f'DROP ROLE IF EXISTS "{role}"')


if __name__ == "__main__":
    main()
