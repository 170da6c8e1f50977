"""Benchmark: push one busy terminal's year to an empty HQ, against a bare COPY of the same rows.

Builds a journal at the latest schema with ``--days`` working days of ``--services`` services a
day (each called, started and finished as three outbox events, ``--steps`` step records, a
rating, two audit rows; a staff session a day with two pauses; the procedure version stored
once), written with bare ``sqlite3`` for speed but shaped as the unit of work writes it. Then,
on a throwaway database of the PostgreSQL server (``COUNTERDESK_TEST_PG``, default the local
one), with its own roles (dropped at the end):

1. ``counterdesk.sync.push.push`` of the whole journal to an empty HQ, as the branch's role;
2. the baseline: the same final rows sent with a bare ``COPY`` into HQ's own tables (a second
   throwaway database set up by ``hq init``: the same partitions, indexes and foreign key; no
   upsert, no watermark, no row-level security); for comparison also a ``COPY`` into plain
   copies without any index (what the baseline was before HQ schema 3);
3. the nightly increment: one more working day appended to the journal, pushed (connecting
   included);
4. the capacity: terminals whose nightly increment one HQ server ingests in a 4-hour window,
   one after the other (a lower bound: pushes of different terminals run in parallel).

Ticket data is not in the figures (the queue's closed days are a few thousand rows a day).

    .venv/bin/python bench/sync.py [--days 250] [--services 300] [--steps 8] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.core.clock import FixedClock, to_utc_text  # noqa: E402
from counterdesk.storage import open_journal  # noqa: E402
from counterdesk.storage.sync_outbox import SyncJournal  # noqa: E402
from counterdesk.sync.hq import add_branch, init_hq  # noqa: E402
from counterdesk.sync.push import HQ_TABLES, push  # noqa: E402

START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
SERVER = os.environ.get("COUNTERDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
SNAPSHOT = str(uuid.uuid5(uuid.NAMESPACE_URL, "bench/deposit/1"))
PASSWORD = "bench-branch-password"
#: The owner role of this run's HQ databases (the baseline's database is set up with it too).
BENCH_OWNER: list[str] = []


def _id() -> str:
    return str(uuid.uuid4())


def _day(day: int, services: int, steps: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The rows of one working day as (table, op time, row), in the order a counter writes."""
    base = START + timedelta(days=day * 7 / 5)  # five working days a week
    session = _id()
    signed_in = to_utc_text(base)
    yield "staff_session", signed_in, {
        "uuid": session, "updated_at": signed_in, "staff_no": "T042", "counter": "3",
        "signed_in_at": signed_in, "signed_out_at": None,
    }  # fmt: skip
    for n in range(services):
        at = base + timedelta(minutes=1 + n * 1.6)
        text = to_utc_text(at)
        service = _id()
        row = {
            "uuid": service, "updated_at": text, "ticket_id": f"{day}/{n}",
            "ticket_label": f"A{n:03d}", "business_type": "A", "counter": "3",
            "staff_no": "T042", "procedure_type": "deposit", "procedure_version": 1,
            "called_at": text, "started_at": None, "finished_at": None, "state": "open",
            "finish_reason": None, "override_by": None, "previous_service_id": None,
            "procedure_snapshot_id": SNAPSHOT,
        }  # fmt: skip
        yield "service", text, dict(row)
        started = to_utc_text(at + timedelta(seconds=20))
        yield "service", started, {**row, "updated_at": started, "started_at": started}
        for step in range(steps):
            yield "step_record", started, {
                "uuid": _id(), "updated_at": started, "service_id": service,
                "step_id": f"s{step}", "checked_at": started, "seconds_open": 12.5,
                "value": "80,000.00" if step == 2 else None, "authoriser": None,
                "checked_by": "T042",
            }  # fmt: skip
        done = to_utc_text(at + timedelta(minutes=1))
        yield "service", done, {**row, "updated_at": done, "started_at": started,
                                "finished_at": done, "state": "finished"}  # fmt: skip
        yield "rating", done, {
            "uuid": _id(), "updated_at": done, "service_id": service, "outcome": "rated",
            "score": 5, "reasons": '["fast"]', "cause": None, "prompted_at": done,
            "answered_at": done, "scale_levels": 5,
        }  # fmt: skip
        for action in ("service.call", "service.finish"):
            yield "audit_log", done, {
                "uuid": _id(), "updated_at": done, "at": done, "actor": "T042",
                "action": action, "detail": '{"ticket":"A001"}',
            }  # fmt: skip
        if n in (services // 3, 2 * services // 3):
            yield "pause", done, {
                "uuid": _id(), "updated_at": done, "session_id": session, "reason": "lunch",
                "started_at": done, "ended_at": done,
            }  # fmt: skip
    out = to_utc_text(base + timedelta(hours=10))
    yield "staff_session", out, {
        "uuid": session, "updated_at": out, "staff_no": "T042", "counter": "3",
        "signed_in_at": signed_in, "signed_out_at": out,
    }  # fmt: skip


def append_days(path: Path, first: int, days: int, services: int, steps: int) -> int:
    """Append working days to the journal (rows and their outbox events); return the events."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")  # rows come in a valid order; faster without
    events = 0
    conn.execute("BEGIN")
    if first == 0:
        snapshot = {"uuid": SNAPSHOT, "updated_at": to_utc_text(START), "business_type": "A",
                    "version": 1, "snapshot": '{"steps":[]}'}  # fmt: skip
        rows: Iterator[tuple[str, str, dict[str, Any]]] = iter(
            [("procedure_snapshot", to_utc_text(START), snapshot)]
        )
    else:
        rows = iter(())
    for day in range(first, first + days):
        for table, at, row in (*rows, *_day(day, services, steps)):
            columns = ", ".join(row)
            marks = ", ".join("?" * len(row))
            conn.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT (uuid) DO UPDATE "
                f"SET {', '.join(f'{c} = excluded.{c}' for c in row if c != 'uuid')}",
                tuple(row.values()),
            )
            conn.execute(
                "INSERT INTO sync_event (uuid, entity, entity_id, op, payload, at) "
                "VALUES (?, ?, ?, 'upsert', ?, ?)",
                (_id(), table, row["uuid"], json.dumps(row), at),
            )
            events += 1
        rows = iter(())
    conn.execute("COMMIT")
    conn.close()
    return events


def _admin(dbname: str) -> Any:
    import psycopg2

    conn = psycopg2.connect(f"{SERVER}/{dbname}", connect_timeout=3)
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def throwaway_hq() -> Iterator[tuple[str, str]]:
    """An HQ database with one branch: (superuser URL, branch code); all dropped at the end."""
    tag = uuid.uuid4().hex[:8]
    dbname, owner, code = f"counterdesk_bench_{tag}", f"cdb_owner_{tag}", f"B{tag}"
    BENCH_OWNER[:] = [owner]
    admin = _admin("postgres")
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{dbname}"')
        url = f"{SERVER}/{dbname}"
        init_hq(url, owner)
        add_branch(url, code, PASSWORD)
        yield url, code
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            for role in (f"cd_branch_{code.lower()}", f"{owner}_branches", owner):
                cur.execute(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


def _csv_buffers(path: Path, extra: tuple[str, ...] = ()) -> tuple[dict[str, io.StringIO], int]:
    """The journal's final rows as CSV, one buffer per table (``extra`` appended to each row)."""
    import csv

    conn = sqlite3.connect(path)
    buffers: dict[str, io.StringIO] = {}
    rows = 0
    for table, spec in HQ_TABLES.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in conn.execute(f"SELECT {', '.join(spec.columns)} FROM {table}"):
            writer.writerow([*("\\N" if v is None else v for v in row), *extra])
            rows += 1
        buffers[table] = buffer
    conn.close()
    return buffers, rows


def bare_copy(path: Path) -> tuple[int, float]:
    """The baseline: COPY the journal's rows into HQ's own tables; return (rows, seconds).

    A fresh HQ database of its own, set up by ``hq init`` like the push's: the same tables
    (partitioned by month), the same indexes, the same foreign key to ``hq.terminal``; one
    ``COPY`` per table in one transaction, as the superuser (no row-level security, no upsert,
    no watermark). The CSV is built before the clock starts.
    """
    terminal = _id()
    buffers, rows = _csv_buffers(path, ("BASE", terminal))
    tag = uuid.uuid4().hex[:8]
    dbname = f"counterdesk_bench_copy_{tag}"
    admin = _admin("postgres")
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{dbname}"')
        url = f"{SERVER}/{dbname}"
        init_hq(url, BENCH_OWNER[0])
        pg = _admin(dbname)
        try:
            with pg.cursor() as cur:
                cur.execute(
                    "INSERT INTO hq.branch (code, role_name) VALUES ('BASE', 'cd_branch_base')"
                )
                cur.execute(
                    "INSERT INTO hq.terminal (terminal_id, branch_code) VALUES (%s, 'BASE')",
                    (terminal,),
                )
            began = time.perf_counter()
            pg.autocommit = False
            with pg, pg.cursor() as cur:
                for table, spec in HQ_TABLES.items():
                    buffers[table].seek(0)
                    cur.copy_expert(
                        f"COPY hq.{table} ({', '.join(spec.columns)}, branch_code, terminal_id) "
                        "FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                        buffers[table],
                    )
            return rows, time.perf_counter() - began
        finally:
            pg.close()
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        admin.close()


def bare_copy_unindexed(url: str, path: Path) -> tuple[int, float]:
    """For comparison only: COPY into plain copies of HQ's tables without any index."""
    buffers, rows = _csv_buffers(path)
    pg = _admin(url.rsplit("/", 1)[1])
    try:
        with pg.cursor() as cur:
            cur.execute("CREATE SCHEMA baseline")
            for table, spec in HQ_TABLES.items():
                cur.execute(
                    f"CREATE TABLE baseline.{table} AS SELECT {', '.join(spec.columns)} "
                    f"FROM hq.{table} WITH NO DATA"
                )
        began = time.perf_counter()
        pg.autocommit = False
        with pg, pg.cursor() as cur:
            for table, spec in HQ_TABLES.items():
                buffers[table].seek(0)
                cur.copy_expert(
                    f"COPY baseline.{table} ({', '.join(spec.columns)}) FROM STDIN "
                    "WITH (FORMAT csv, NULL '\\N')",
                    buffers[table],
                )
        return rows, time.perf_counter() - began
    finally:
        pg.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--services", type=int, default=300)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, throwaway_hq() as (url, code):
        path = Path(folder) / "journal.db"
        clock = FixedClock(START)
        open_journal(path, clock).close()
        began = time.perf_counter()
        events = append_days(path, 0, args.days, args.services, args.steps)
        built = time.perf_counter() - began
        db = open_journal(path, clock)
        sync = SyncJournal(db)
        year = push(sync, url, code, PASSWORD)
        copied_rows, copy_s = bare_copy(path)
        _, unindexed_s = bare_copy_unindexed(url, path)
        nightly_events = append_days(path, args.days, 1, args.services, args.steps)
        nightly = push(sync, url, code, PASSWORD)
        db.close()
    push_rate = year.rows / year.seconds
    copy_rate = copied_rows / copy_s
    figures = {
        "days": args.days,
        "services_a_day": args.services,
        "events": events,
        "build_s": round(built, 1),
        "push_events": year.events,
        "push_rows": year.rows,
        "push_s": round(year.seconds, 2),
        "push_rows_per_s": round(push_rate),
        "push_events_per_s": round(year.events / year.seconds),
        "copy_rows": copied_rows,
        "copy_s": round(copy_s, 2),
        "copy_rows_per_s": round(copy_rate),
        "push_vs_copy": round(push_rate / copy_rate, 2),
        "copy_unindexed_s": round(unindexed_s, 2),
        "copy_unindexed_rows_per_s": round(copied_rows / unindexed_s),
        "push_vs_copy_unindexed": round(push_rate * unindexed_s / copied_rows, 2),
        "nightly_events": nightly_events,
        "nightly_s": round(nightly.seconds, 2),
        "terminals_in_4h": int(4 * 3600 / nightly.seconds),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    target = "ok" if figures["push_vs_copy"] >= 0.3 else "BELOW TARGET"
    print(f"journal: {events} events ({args.days} days x {args.services} services), "
          f"built in {built:.1f} s")  # fmt: skip
    print(f"push to an empty HQ: {year.events} events, {year.rows} rows in {year.seconds:.1f} s "
          f"= {push_rate:,.0f} rows/s")  # fmt: skip
    print(f"bare COPY of the same rows: {copied_rows} rows in {copy_s:.1f} s "
          f"= {copy_rate:,.0f} rows/s")  # fmt: skip
    print(f"push / COPY: {figures['push_vs_copy']} (target >= 0.3: {target})")
    print(f"for comparison, COPY into unindexed plain copies: {unindexed_s:.1f} s "
          f"= {figures['copy_unindexed_rows_per_s']:,} rows/s "
          f"(push / that: {figures['push_vs_copy_unindexed']})")  # fmt: skip
    ok = "ok" if nightly.seconds < 5 else "ABOVE TARGET"
    print(f"nightly increment: {nightly_events} events in {nightly.seconds:.2f} s incl. "
          f"connecting (target < 5 s: {ok})")  # fmt: skip
    print(f"capacity: {figures['terminals_in_4h']} terminals' nights in a 4-hour window, "
          "one after the other")  # fmt: skip


if __name__ == "__main__":
    main()
