"""Benchmark: head office's monthly reports over a year of 50 branches × 10 counters (issue 13).

A throwaway database on the running server gets the real HQ schema (``hq init``) and a year of
synthetic rows loaded with ``COPY … FROM STDIN``: ``--branches`` branches of ``--counters``
counters each, open on the ``--days`` weekdays that end on 30 November 2026 (local 08:30 to
17:00, Asia/Shanghai). Every counter serves its own stream of about ``--per-counter`` tickets a
day (Poisson; the default 40 is a busy retail counter's day at ~7 minutes a service). Every
ticket gets its events, services, steps of its business type's real procedure, rating,
and every counter a teller's session with a lunch pause; the mix:

* 3 % no-shows (call, recall, no-show), 2 % expired before a call, the rest finished;
* 4 % held and resumed, 2 % transferred to another counter, 2 % switched business type;
* 85 % of finished services prompt a rating (80 % of them answered), 3 % finish with a
  supervisor's override, steps needing authorisation get a supervisor.

Generation time is printed. Then, median of ``--runs`` (after one warm-up run), for the month
of November 2026:

* **report, all branches**: every figure ``counterdesk report kpi --by branch`` prints
  (``cli_report.kpi_rows``) for every branch;
* **report, one branch by teller**: the same for one branch, by teller;
* **star input**: the same figures by branch and teller for every branch (what a month's star
  grading reads, ``core.stars``);
* **headline**: arrivals, mean/median/p90 wait and service level per branch, computed by
  ``HqKpis`` and by one hand-written query over the same tables (:data:`BASELINE`, with the index
  it needs, :data:`BASELINE_INDEXES`), whose figures are checked equal to ``HqKpis``'s.

    .venv/bin/python bench/reports.py [--scale 1.0] [--runs 3] [--keep] [--reuse URL]

``--scale 0.1`` is a quick run (5 branches, same per-counter volumes); ``--keep`` leaves the
database (named at the end), ``--reuse URL`` measures a kept one again (after ``hq init``, so a
newer schema's upgrade runs on it first).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.app.cli_report import kpi_rows  # noqa: E402
from counterdesk.core.kpis import By  # noqa: E402
from counterdesk.core.procedures import load_catalogue, parse_procedure  # noqa: E402
from counterdesk.core.stars import load_policy  # noqa: E402
from counterdesk.sync.hq import connect_admin, init_hq  # noqa: E402
from counterdesk.sync.hq_facts_schema import DAY_FACTS  # noqa: E402
from counterdesk.sync.hq_kpi import HqKpis, Scope  # noqa: E402
from counterdesk.sync.hq_stars import grade_month  # noqa: E402

SERVER = os.environ.get("COUNTERDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
ZONE = ZoneInfo("Asia/Shanghai")
LAST_DAY = date(2026, 11, 30)
MONTH = (date(2026, 11, 1), LAST_DAY)
OPEN_LOCAL, CLOSE_LOCAL = 8.5, 17.0  # hours
#: Business-type mix of arrivals (share of tickets).
MIX = {"DEP": 28, "WDR": 27, "TRF": 10, "OPEN": 5, "CARD": 10, "PWD": 6, "FX": 4, "VIP": 10}
#: Mean service minutes per business type.
SERVICE_MINUTES = {"DEP": 4, "WDR": 4, "TRF": 6, "OPEN": 13, "CARD": 8, "PWD": 7, "FX": 9,
                   "VIP": 12}  # fmt: skip
REASONS = ("efficiency", "attitude", "environment", "waiting", "knowledge", "other")
OWNER = "bench_reports_owner"

#: The headline figure by hand: per branch, the month's arrivals, the wait to the first call
#: (mean, median, p90) and the share called within the business type's target, from
#: ``hq.ticket`` and the month's partitions of ``hq.ticket_event``; a ticket's type is its
#: prefix's (the catalogue's), as the KPIs define it. What an engineer would write for this one
#: figure: the first call per ticket from the call events only, joined to the month's tickets.
BASELINE = """
WITH t AS (
    SELECT tk.branch_code, tk.id, tk.issued_at, tk.ended_at, tg.target
    FROM hq.ticket tk
    JOIN unnest(%(prefixes)s::text[], %(targets)s::float8[]) AS tg (prefix, target)
        ON tg.prefix = tk.prefix
    WHERE tk.day BETWEEN %(first)s AND %(last)s
), c AS (
    SELECT DISTINCT ON (branch_code, ticket_id) branch_code, ticket_id, at
    FROM hq.ticket_event
    WHERE action = 'call' AND at >= %(low)s AND at < %(high)s
    ORDER BY branch_code, ticket_id, seq
), w AS (
    SELECT t.branch_code, t.target, t.issued_at, t.ended_at,
           extract(epoch FROM c.at - t.issued_at)::float8 AS wait,
           CASE WHEN c.at IS NOT NULL
                THEN greatest(0, extract(epoch FROM c.at - t.issued_at)::float8) END AS w0
    FROM t LEFT JOIN c ON c.branch_code = t.branch_code AND c.ticket_id = t.id
)
SELECT branch_code, count(*),
       avg(w0), percentile_cont(0.5) WITHIN GROUP (ORDER BY w0),
       percentile_disc(0.9) WITHIN GROUP (ORDER BY w0),
       count(*) FILTER (WHERE wait <= target),
       count(*) FILTER (WHERE wait IS NOT NULL
                        OR extract(epoch FROM ended_at - issued_at) > target)
FROM w GROUP BY branch_code ORDER BY branch_code
"""
#: The same headline by hand over the facts (HQ schema 6) that ``HqKpis`` reads: what an
#: engineer would write given the same per-ticket table, for the comparison that isolates
#: ``HqKpis``'s own overhead. Its index is the facts table's own ``(day, branch_code)``.
FACTS_BASELINE = """
SELECT k.branch_code, count(*), avg(k.wait), percentile_cont(0.5) WITHIN GROUP (ORDER BY k.wait),
       percentile_disc(0.9) WITHIN GROUP (ORDER BY k.wait),
       count(*) FILTER (WHERE k.wait <= tg.target),
       count(*) FILTER (WHERE tg.target IS NOT NULL
                        AND (k.wait IS NOT NULL OR k.ended_wait > tg.target))
FROM hq.kpi_ticket k
LEFT JOIN unnest(%(types)s::text[], %(targets)s::float8[]) AS tg (btype, target)
    ON tg.btype = k.btype
WHERE k.day BETWEEN %(first)s AND %(last)s
GROUP BY k.branch_code ORDER BY k.branch_code
"""
#: The baseline's own indexes: the month's tickets of every branch by day, and the call events
#: in ticket order (the schema's indexes lead with ``branch_code``, for one branch's reports).
BASELINE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS bench_ticket_day ON hq.ticket (day) "
    "INCLUDE (branch_code, id, prefix, issued_at, ended_at)",
    "CREATE INDEX IF NOT EXISTS bench_event_call ON hq.ticket_event "
    "(branch_code, ticket_id, seq) INCLUDE (at) WHERE action = 'call'",
)


# -- generation ------------------------------------------------------------------------------


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ts(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S+00")


class _Tables:
    """Per-table COPY buffers, flushed to the server when large."""

    COLUMNS: ClassVar[dict[str, str]] = {
        "ticket": "branch_code, id, day, number, prefix, business_type, priority, state, lane, "
        "counter, call_count, issued_at, queued_at, called_at, started_at, ended_at, version, "
        "queue_seq, terminal_id",
        "ticket_event": "branch_code, ticket_id, seq, action, from_state, to_state, counter, at, "
        "detail, action_id, terminal_id",
        "service": "uuid, updated_at, ticket_id, ticket_label, business_type, counter, staff_no, "
        "procedure_type, procedure_version, called_at, started_at, finished_at, state, "
        "finish_reason, override_by, previous_service_id, procedure_snapshot_id, branch_code, "
        "terminal_id",
        "step_record": "uuid, updated_at, service_id, step_id, checked_at, seconds_open, value, "
        "authoriser, checked_by, branch_code, terminal_id",
        "rating": "uuid, updated_at, service_id, outcome, score, reasons, cause, prompted_at, "
        "answered_at, scale_levels, branch_code, terminal_id",
        "staff_session": "uuid, updated_at, staff_no, counter, signed_in_at, signed_out_at, "
        "branch_code, terminal_id",
        "pause": "uuid, updated_at, session_id, reason, started_at, ended_at, branch_code, "
        "terminal_id",
    }

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.buffers = {name: io.StringIO() for name in self.COLUMNS}
        self.counts = dict.fromkeys(self.COLUMNS, 0)

    def add(self, table: str, *values: Any) -> None:
        self.buffers[table].write("\t".join("\\N" if v is None else str(v) for v in values) + "\n")
        self.counts[table] += 1

    def flush(self, force: bool = False) -> None:
        for name, buffer in self.buffers.items():
            if buffer.tell() < (1 if force else 8 << 20):
                continue
            buffer.seek(0)
            with self.conn.cursor() as cur:
                cur.copy_expert(f"COPY hq.{name} ({self.COLUMNS[name]}) FROM STDIN", buffer)
            self.conn.commit()
            self.buffers[name] = io.StringIO()


class _Procedures:
    """The real procedures: per business type, its version, steps and snapshot JSON."""

    def __init__(self, catalogue: Any) -> None:
        self.types = list(MIX)
        self.weights = [MIX[t] for t in self.types]
        self.prefix = {t: catalogue.get(t).prefix for t in self.types}
        self.steps: dict[str, list[tuple[str, bool, bool]]] = {}
        self.version: dict[str, int] = {}
        self.snapshot: dict[str, str] = {}
        folder = ROOT / "resources" / "procedures"
        for code in self.types:
            path = folder / f"{code.lower()}.toml"
            text = path.read_text(encoding="utf-8")
            procedure = parse_procedure(text, path.name)
            self.version[code] = procedure.version
            self.steps[code] = [
                (s.id, s.mandatory, s.authorisation is not None) for s in procedure.steps
            ]
            self.snapshot[code] = json.dumps({"source": path.name, "toml": text})


def _day_list(days: int) -> list[date]:
    found: list[date] = []
    day = LAST_DAY
    while len(found) < days:
        if day.weekday() < 5:
            found.append(day)
        day -= timedelta(days=1)
    return sorted(found)


def _branch_day(
    out: _Tables,
    rng: random.Random,
    procs: _Procedures,
    branch: str,
    b: int,
    day: date,
    counters: int,
    per_counter: float,
    terminals: list[str],
    snapshot_ids: dict[str, str],
) -> None:
    """One business day of one branch: every counter's stream of tickets, served in turn."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=ZONE).astimezone(UTC)
    opens = midnight + timedelta(hours=OPEN_LOCAL)
    closes = midnight + timedelta(hours=CLOSE_LOCAL)
    span = (closes - opens).total_seconds()
    kiosk = terminals[0]
    numbers: dict[str, int] = {}
    queue_events: list[tuple[datetime, str, str, str | None, str, int | None, str, str]] = []
    tickets: list[list[Any]] = []

    def event(ticket: str, at: datetime, action: str, old: str | None, new: str,
              counter: int | None, detail: str = "{}") -> None:  # fmt: skip
        queue_events.append((at, ticket, action, old, new, counter, detail,
                             "" if action == "issue" else _uuid(rng)))  # fmt: skip

    for c in range(1, counters + 1):
        terminal = terminals[c]
        # The teller usually at this counter; one day in ten two neighbours swap.
        seat = c if (day.toordinal() + c) % 10 else (c % counters) + 1
        teller = f"{b:03d}{seat:02d}"
        signed_in = opens - timedelta(minutes=5)
        signed_out = closes + timedelta(minutes=rng.randint(5, 40))
        session = _uuid(rng)
        out.add("staff_session", session, _ts(signed_out), teller, c, _ts(signed_in),
                _ts(signed_out), branch, terminal)  # fmt: skip
        lunch = opens + timedelta(hours=3 + (c % 3) * 0.5)
        out.add("pause", _uuid(rng), _ts(lunch + timedelta(minutes=45)), session, "lunch",
                _ts(lunch), _ts(lunch + timedelta(minutes=45)), branch, terminal)  # fmt: skip
        pauses = [(lunch, lunch + timedelta(minutes=45))]
        if rng.random() < 0.5:
            brk = opens + timedelta(hours=rng.uniform(5, 7.5))
            out.add("pause", _uuid(rng), _ts(brk + timedelta(minutes=10)), session, "break",
                    _ts(brk), _ts(brk + timedelta(minutes=10)), branch, terminal)  # fmt: skip
            pauses.append((brk, brk + timedelta(minutes=10)))
        n = max(1, int(rng.gauss(per_counter, math.sqrt(per_counter))))
        arrivals = sorted(opens + timedelta(seconds=rng.uniform(0, span * 0.93)) for _ in range(n))
        free = opens
        for issued in arrivals:
            btype = rng.choices(procs.types, procs.weights)[0]
            prefix = procs.prefix[btype]
            numbers[prefix] = numbers.get(prefix, 0) + 1
            number = numbers[prefix]
            label = f"{prefix}{number:03d}"
            ticket = _uuid(rng)
            event(ticket, issued, "issue", None, "waiting", None, '{"priority": 0}')
            call = max(issued, free) + timedelta(seconds=rng.randint(5, 40))
            for p_start, p_end in pauses:
                if p_start <= call < p_end:
                    call = p_end + timedelta(seconds=rng.randint(5, 40))
            fate = rng.random()
            if fate < 0.02 and call - issued > timedelta(minutes=10):  # expired uncalled
                ended = issued + timedelta(minutes=rng.randint(30, 90))
                event(ticket, ended, "expire", "waiting", "expired", None)
                tickets.append([ticket, number, prefix, btype, "expired", None, 0, issued, None,
                                None, ended])  # fmt: skip
                continue
            event(ticket, call, "call", "waiting", "called", c, '{"reason": "in_turn"}')
            svc = _uuid(rng)
            if fate < 0.05:  # no-show after a recall
                recall = call + timedelta(seconds=60)
                ended = recall + timedelta(seconds=60)
                event(ticket, recall, "recall", "called", "called", c)
                event(ticket, ended, "no_show", "called", "no_show", c)
                out.add("service", svc, _ts(ended), ticket, label, btype, c, teller, btype,
                        procs.version[btype], _ts(call), None, _ts(ended), "abandoned",
                        "no_show", None, None, snapshot_ids[btype], branch, terminal)  # fmt: skip
                tickets.append([ticket, number, prefix, btype, "no_show", c, 2, issued, call,
                                None, ended])  # fmt: skip
                free = ended
                continue
            start = call + timedelta(seconds=rng.randint(15, 90))
            event(ticket, start, "start", "called", "serving", c)
            minutes = SERVICE_MINUTES[btype] * rng.lognormvariate(0, 0.45)
            finish = start + timedelta(seconds=60 * minutes)
            at_counter, svc_type, previous = c, btype, None
            if fate > 0.98:  # switched business type mid-service
                switch = start + (finish - start) / 3
                svc_type = rng.choice([t for t in procs.types if t != btype])
                out.add("service", svc, _ts(switch), ticket, label, btype, c, teller, btype,
                        procs.version[btype], _ts(call), _ts(start), _ts(switch), "abandoned",
                        f"switched to {svc_type}", None, None, snapshot_ids[btype], branch,
                        terminal)  # fmt: skip
                previous, svc, start = svc, _uuid(rng), switch
            elif fate > 0.96:  # transferred to another counter, served there later
                moved = start + timedelta(minutes=2)
                event(ticket, moved, "transfer", "serving", "waiting", c)
                out.add("service", svc, _ts(moved), ticket, label, btype, c, teller, btype,
                        procs.version[btype], _ts(call), _ts(start), _ts(moved), "abandoned",
                        f"transferred to {btype}", None, None, snapshot_ids[btype], branch,
                        terminal)  # fmt: skip
                at_counter = (c % counters) + 1
                call = moved + timedelta(minutes=rng.randint(2, 15))
                start = call + timedelta(seconds=30)
                finish = start + timedelta(seconds=60 * minutes)
                event(ticket, call, "call", "waiting", "called", at_counter,
                      '{"reason": "transfer"}')  # fmt: skip
                event(ticket, start, "start", "called", "serving", at_counter)
                svc = _uuid(rng)
            elif fate > 0.92:  # held and resumed
                hold = start + (finish - start) / 2
                event(ticket, hold, "hold", "serving", "held", c)
                event(ticket, hold + timedelta(minutes=2), "resume", "held", "serving", c)
                finish += timedelta(minutes=2)
            event(ticket, finish, "finish", "serving", "finished", at_counter)
            s_teller = teller if at_counter == c else f"{b:03d}{at_counter:02d}"
            s_terminal = terminals[at_counter]
            # Steps: every mandatory one (one finish in 30 left one open under an override),
            # the optional ones half the time, spread over the service.
            steps = procs.steps[svc_type]
            override = rng.random() < 0.03
            skipped = rng.choice([i for i, s in enumerate(steps) if s[1]]) if override else -1
            done = [s for i, s in enumerate(steps) if i != skipped and (s[1] or rng.random() < 0.5)]
            gap = (finish - start).total_seconds() / (len(done) + 1)
            checked = start
            for step_id, _mandatory, authorised in done:
                checked += timedelta(seconds=gap)
                out.add("step_record", _uuid(rng), _ts(checked), svc, step_id, _ts(checked),
                        round(gap), None, f"9{b:03d}1" if authorised else None, s_teller,
                        branch, s_terminal)  # fmt: skip
            out.add("service", svc, _ts(finish), ticket, label, svc_type, at_counter, s_teller,
                    svc_type, procs.version[svc_type], _ts(call), _ts(start), _ts(finish),
                    "finished", "customer in a hurry" if override else None,
                    f"9{b:03d}1" if override else None, previous, snapshot_ids[svc_type],
                    branch, s_terminal)  # fmt: skip
            if rng.random() < 0.85:
                answered = finish + timedelta(seconds=rng.randint(3, 30))
                if rng.random() < 0.8:
                    score = rng.choices((5, 4, 3, 2, 1), (60, 25, 8, 4, 3))[0]
                    reasons = (
                        json.dumps(rng.sample(REASONS, rng.randint(1, 2)))
                        if score <= 3 or rng.random() < 0.2 else "[]"
                    )  # fmt: skip
                    out.add("rating", _uuid(rng), _ts(answered), svc, "rated", score, reasons,
                            None, _ts(finish), _ts(answered), 5, branch, s_terminal)  # fmt: skip
                else:
                    out.add("rating", _uuid(rng), _ts(answered), svc, "no_rating", None, "[]",
                            rng.choice(("timeout", "declined")), _ts(finish), _ts(answered), 5,
                            branch, s_terminal)  # fmt: skip
            tickets.append([ticket, number, prefix, btype, "finished", at_counter, 1, issued, call,
                            start, finish])  # fmt: skip
            free = finish + timedelta(seconds=rng.randint(10, 40))
    # The queue's sequence orders every event of the branch's day by time.
    queue_events.sort(key=lambda e: e[0])
    last_seq: dict[str, int] = {}
    for seq, (at, ticket, action, old, new, counter, detail, action_id) in enumerate(
        queue_events, start=1
    ):
        last_seq[ticket] = seq
        out.add("ticket_event", branch, ticket, seq, action, old, new, counter, _ts(at), detail,
                action_id or None, kiosk)  # fmt: skip
    for (
        ticket,
        number,
        prefix,
        btype,
        state,
        counter,
        calls,
        issued,
        called,
        started,
        ended,
    ) in tickets:
        out.add("ticket", branch, ticket, day.isoformat(), number, prefix, btype, 0, state, 0,
                counter, calls, _ts(issued), _ts(issued), called and _ts(called),
                started and _ts(started), _ts(ended), 4, last_seq[ticket], kiosk)  # fmt: skip


def _load_branches(
    url: str, numbers: list[int], counters: int, days: int, per_counter: float
) -> dict[str, int]:
    """Load some branches' year (one worker process); return the rows per table."""
    catalogue = load_catalogue(ROOT / "resources" / "business_types.toml")
    procs = _Procedures(catalogue)
    conn = connect_admin(url)
    try:
        with conn.cursor() as cur:
            # The rows are consistent by construction: no per-row foreign-key trigger.
            cur.execute("SET session_replication_role = replica")
        out = _Tables(conn)
        day_list = _day_list(days)
        with conn.cursor() as cur:
            for b in numbers:
                rng = random.Random(b)
                branch = f"BR{b:03d}"
                cur.execute(
                    "INSERT INTO hq.branch (code, name, role_name) VALUES (%s, %s, %s)",
                    (branch, f"Branch {b}", f"bench_{branch.lower()}"),
                )
                terminals = [_uuid(rng) for _ in range(counters + 1)]
                for terminal in terminals:
                    cur.execute(
                        "INSERT INTO hq.terminal (terminal_id, branch_code) VALUES (%s, %s)",
                        (terminal, branch),
                    )
                snapshot_ids = {}
                for code in procs.types:
                    snapshot_ids[code] = str(uuid.uuid5(uuid.NAMESPACE_URL, procs.snapshot[code]))
                    cur.execute(
                        "INSERT INTO hq.procedure_snapshot (uuid, updated_at, business_type, "
                        "version, snapshot, branch_code, terminal_id) "
                        "VALUES (%s, now(), %s, %s, %s, %s, %s)",
                        (snapshot_ids[code], code, procs.version[code], procs.snapshot[code],
                         branch, terminals[1]),
                    )  # fmt: skip
                conn.commit()
                for day in day_list:
                    _branch_day(out, rng, procs, branch, b, day, counters, per_counter,
                                terminals, snapshot_ids)  # fmt: skip
                    out.flush()
                print(f"  branch {b} loaded", flush=True)
        out.flush(force=True)
        return out.counts
    finally:
        conn.close()


def generate(
    url: str, branches: int, counters: int, days: int, per_counter: float, jobs: int
) -> None:
    """Load the year into HQ's tables with COPY; print what was loaded and how long it took."""
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    conn = connect_admin(url)
    try:
        with conn, conn.cursor() as cur:
            # Every month of the year gets its partition first: nothing waits in DEFAULT.
            cur.execute("SELECT hq.hq_ensure_partitions(14, 1)")
        counts: dict[str, int] = {}
        with ProcessPoolExecutor(jobs) as pool:
            shares = [list(range(1 + j, branches + 1, jobs)) for j in range(jobs)]
            for found in pool.map(
                _load_branches,
                *zip(*[(url, share, counters, days, per_counter) for share in shares if share],
                     strict=True),
            ):  # fmt: skip
                for name, count in found.items():
                    counts[name] = counts.get(name, 0) + count
        loaded = time.perf_counter() - started
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SET statement_timeout = 0")  # minutes for a year of 50 branches
            cur.execute("VACUUM ANALYZE")
        total = time.perf_counter() - started
        print(f"generated and loaded with COPY ({jobs} processes) in {loaded:.0f} s, "
              f"VACUUM ANALYZE {total - loaded:.0f} s:")  # fmt: skip
        for name, count in counts.items():
            print(f"  hq.{name}: {count:,} rows")
    finally:
        conn.close()


# -- measuring -------------------------------------------------------------------------------


def _median(run: Callable[[], Any], runs: int) -> tuple[float, Any]:
    result = run()  # warm-up: the month's pages in the server's cache, as a report's day has
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _refresh_figures(conn: Any, catalogue: Any) -> list[tuple[str, float, float | None, str]]:
    """Time computing the facts: November of every branch, then one more night of them.

    Both are marked stale first (as the upgrade to HQ schema 6 and a night's pushes mark
    them), so the figures are the same on a fresh or a reused database.
    """
    results: list[tuple[str, float, float | None, str]] = []
    for name, first in (("facts: November, every branch (once)", MONTH[0]),
                        ("facts: one night, every branch", LAST_DAY)):  # fmt: skip
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO hq.kpi_stale (branch_code, day) SELECT DISTINCT branch_code, day "
                "FROM hq.ticket WHERE day BETWEEN %s AND %s",
                (first, LAST_DAY),
            )
        started = time.perf_counter()
        HqKpis(conn, Scope(first, LAST_DAY, None, ZONE), catalogue).arrivals()
        seconds = time.perf_counter() - started
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM hq.kpi_stale WHERE day BETWEEN %s AND %s",
                        (first, LAST_DAY))  # fmt: skip
            assert cur.fetchone()[0] == 0, "the facts were not computed"
        results.append((name, seconds, None, ""))
        print(f"  {name}: {seconds * 1000:.0f} ms", flush=True)
        with conn.cursor() as cur:
            # What autovacuum's analyze does within a minute of such inserts, run here so the
            # reports' plans do not depend on its timing.
            for table in DAY_FACTS:
                cur.execute(f"ANALYZE hq.{table}")
    return results


def measure(
    url: str, runs: int, branch: str, figures: str = "facts,all,one,star,headline"
) -> list[tuple[str, float, float | None, str]]:
    """Time the reports; return ``(figure, seconds, baseline seconds or None, target)``."""
    catalogue = load_catalogue(ROOT / "resources" / "business_types.toml")
    targets = {t.code: t.target_seconds for t in catalogue}
    conn = connect_admin(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        for statement in BASELINE_INDEXES:
            cur.execute(statement)
        cur.execute("ANALYZE hq.ticket")
    first, last = MONTH
    results: list[tuple[str, float, float | None, str]] = []
    if "facts" in figures.split(","):
        results += _refresh_figures(conn, catalogue)
    # Read-only from here: a report that would write (a stale day) would fail, not hide it.
    conn.set_session(readonly=True, autocommit=True)

    def every() -> HqKpis:
        return HqKpis(conn, Scope(first, last, None, ZONE), catalogue)

    def one() -> HqKpis:
        return HqKpis(conn, Scope(first, last, branch, ZONE), catalogue)

    def timed(name: str, run: Callable[[], Any], target: str) -> Any:
        seconds, value = _median(run, runs)
        results.append((name, seconds, None, target))
        print(f"  {name}: {seconds * 1000:.0f} ms", flush=True)
        return value

    wanted = figures.split(",")
    rows = None
    if "all" in wanted:
        rows = timed("report, all branches", lambda: kpi_rows(every(), targets, (By.BRANCH,)),
                     "< 2 s")  # fmt: skip
    if "one" in wanted:
        timed("report, one branch by teller", lambda: kpi_rows(one(), targets, (By.TELLER,)),
              "< 200 ms")  # fmt: skip
    if "star" in wanted:
        timed("star input, every teller",
              lambda: kpi_rows(every(), targets, (By.BRANCH, By.TELLER)), "")  # fmt: skip
        policy = load_policy(ROOT / "resources" / "stars" / "counter-staff.toml")
        levels = timed("stars: the month's levels, every teller",
                       lambda: grade_month(conn, "2026-11", None, ZONE, catalogue, policy),
                       "")  # fmt: skip
        graded = sum(1 for level in levels.grades if level.stars is not None)
        print(f"    {len(levels.grades)} tellers, {graded} with a level", flush=True)
    if "headline" not in wanted:
        conn.close()
        return results

    def headline() -> dict[str, Any]:
        report = every()
        by = (By.BRANCH,)
        return {
            "arrivals": report.arrivals(by=by),
            "waits": report.waiting_times(by=by),
            "level": report.service_level(targets, by=by),
        }

    prefixes = [t.prefix for t in catalogue]
    prefix_targets = [float(t.target_seconds) for t in catalogue]
    low, high = every()._read_bounds()

    def baseline() -> list[tuple[Any, ...]]:
        with conn.cursor() as cur:
            cur.execute("SET jit = off")
            cur.execute(BASELINE, {"first": first, "last": last, "low": low, "high": high,
                                   "prefixes": prefixes, "targets": prefix_targets})  # fmt: skip
            return list(cur.fetchall())

    ours, found = _median(headline, runs)
    theirs, by_hand = _median(baseline, runs)
    for code, count, mean, median, p90, met, judged in by_hand:
        wait = found["waits"][(code,)]
        level = found["level"][(code,)]
        assert found["arrivals"][(code,)] == count, code
        # The same figures, or the comparison is void.
        assert math.isclose(wait.mean, mean), (code, wait, mean)
        assert math.isclose(wait.median, median), (code, wait, median)
        assert math.isclose(wait.p90, p90), code
        assert (level.part, level.whole) == (met, judged), (code, level, met, judged)
    results.append(("headline by branch (vs hand-written)", ours, theirs, "<= 1.5 x"))
    print(f"  headline: {ours * 1000:.0f} ms, hand-written {theirs * 1000:.0f} ms", flush=True)

    def over_facts() -> list[tuple[Any, ...]]:
        with conn.cursor() as cur:
            cur.execute("SET jit = off")
            values = [float(v) for v in targets.values()]
            cur.execute(FACTS_BASELINE, {"first": first, "last": last, "types": list(targets),
                                         "targets": values})  # fmt: skip
            return list(cur.fetchall())

    theirs, by_hand = _median(over_facts, runs)
    for code, count, mean, median, p90, met, judged in by_hand:
        wait, level = found["waits"][(code,)], found["level"][(code,)]
        assert found["arrivals"][(code,)] == count, code
        assert math.isclose(wait.mean, mean), code
        assert math.isclose(wait.median, median), code
        assert math.isclose(wait.p90, p90), code
        assert (level.part, level.whole) == (met, judged), (code, level, met, judged)
    results.append(("headline (vs hand-written over the facts)", ours, theirs, "<= 1.5 x"))
    print(f"  headline: hand-written over the facts {theirs * 1000:.0f} ms", flush=True)
    assert rows is None or len(rows) == len(by_hand)
    conn.close()
    return results


def _met(seconds: float, baseline: float | None, target: str) -> str:
    if baseline is not None:
        return "yes" if seconds <= 1.5 * baseline else "no"
    if target.startswith("<"):
        number, unit = target[2:].split()
        limit = float(number) / (1000 if unit == "ms" else 1)
        return "yes" if seconds < limit else "no"
    return ""


def main() -> None:
    """Generate the year (or reuse one), measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 50 branches")
    parser.add_argument("--counters", type=int, default=10)
    parser.add_argument("--days", type=int, default=250, help="business days (weekdays)")
    parser.add_argument("--per-counter", type=float, default=40.0, help="tickets a counter a day")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="processes that generate")
    parser.add_argument(
        "--figures",
        default="facts,all,one,star,headline",
        help="which of facts,all,one,star,headline",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database (named on exit)")
    parser.add_argument("--reuse", metavar="URL", help="measure a kept database again")
    args = parser.parse_args()
    branches = max(1, round(50 * args.scale))
    admin = connect_admin(f"{SERVER}/postgres")
    admin.autocommit = True
    if args.reuse:
        url, name = args.reuse, None
        started = time.perf_counter()
        done = init_hq(url, OWNER)  # a newer schema's upgrade, as an existing HQ gets it
        if done.after > done.before:
            print(f"hq init: schema {done.before} to {done.after} in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    else:
        name = f"counterdesk_reports_{uuid.uuid4().hex[:8]}"
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name}")
        url = f"{SERVER}/{name}"
    try:
        if name is not None:
            init_hq(url, OWNER)
            print(f"{branches} branches x {args.counters} counters x {args.days} days, "
                  f"~{args.per_counter:g} tickets a counter a day", flush=True)  # fmt: skip
            generate(url, branches, args.counters, args.days, args.per_counter, args.jobs)
        with connect_admin(url) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM hq.ticket WHERE day BETWEEN %s AND %s", MONTH)
            month_tickets = cur.fetchone()[0]
        print(f"month {MONTH[0]}..{MONTH[1]}: {month_tickets:,} tickets; median of {args.runs} "
              "runs after a warm-up:", flush=True)  # fmt: skip
        results = measure(url, args.runs, "BR001", args.figures)
        print(f"{'figure':<38} {'counterdesk':>12} {'baseline':>10} {'ratio':>6} "
              f"{'target':>9} {'met':>4}")  # fmt: skip
        for figure, seconds, baseline, target in results:
            ratio = f"{seconds / baseline:.2f}" if baseline else ""
            base = f"{baseline * 1000:.0f} ms" if baseline else ""
            print(f"{figure:<38} {seconds * 1000:>9.0f} ms {base:>10} {ratio:>6} {target:>9} "
                  f"{_met(seconds, baseline, target):>4}")  # fmt: skip
    finally:
        if args.keep or args.reuse:
            print(f"kept: {url}")
        elif name is not None:
            with admin.cursor() as cur:
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )
                cur.execute(f"DROP DATABASE IF EXISTS {name}")
                # The roles hq init made, unless a kept database still uses them.
                cur.execute(
                    "SELECT count(*) FROM pg_database WHERE datname LIKE 'counterdesk_reports_%'"
                )
                if not cur.fetchone()[0]:
                    for role in (f"{OWNER}_branches", OWNER):
                        cur.execute(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


if __name__ == "__main__":
    main()
