"""Where counterdesk's call-next time goes, per statement, against the bare loop (one counter).

For each engine, a queue of ``--tickets`` tickets is half drained by one counter through
``SqliteQueue`` / ``PostgresQueue.call_next``, every statement the driver runs (BEGIN and
COMMIT included) timed from ``execute`` to its last fetch; then the same for the bare loop of
``bench/dispatch.py`` (with its own index) on an identical queue. Prints statements per call,
time per statement and the share of the call spent outside the driver (Python: peewee,
building tickets, the policy). Then a cProfile of counterdesk's loop on SQLite (top functions)
and, on PostgreSQL, ``EXPLAIN (ANALYZE, BUFFERS)`` of every statement of one call (in a
transaction rolled back), with the queue half drained.

    .venv/bin/python bench/dispatch_profile.py [--tickets 2000] [--pg URL]
        [--sqlite-only | --pg-only] [--no-cprofile] [--no-explain]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pstats
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import dispatch  # noqa: E402
from counterdesk.core.clock import SystemClock  # noqa: E402
from counterdesk.core.policy import CallingPolicy  # noqa: E402
from counterdesk.core.procedures import load_catalogue  # noqa: E402
from counterdesk.queue.postgres import PostgresQueue  # noqa: E402
from counterdesk.queue.sql import SqlQueue  # noqa: E402
from counterdesk.queue.sqlite import SqliteQueue  # noqa: E402
from counterdesk.storage.sql import execute  # noqa: E402


class Log:
    """Statements run, by label: count and seconds (execute plus fetches); the last params."""

    def __init__(self) -> None:
        self.on = True
        self.count: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        self.sample: dict[str, tuple[str, Any]] = {}
        self.order: list[str] = []

    def add(self, label: str, seconds: float) -> None:
        if self.on:
            self.seconds[label] += seconds


@functools.cache
def label_of(sql: str) -> str:
    """A short name for a statement: its start, with long lists folded."""
    text = re.sub(r"\s+", " ", sql).strip()
    if text.startswith("BEGIN; "):  # the queue sends BEGIN with a transaction's first statement
        return "BEGIN + " + label_of(text.removeprefix("BEGIN; "))
    text = re.sub(r"(\((%s|\?)(, (%s|\?))+\))", "(…)", text)
    if text.startswith("PREPARE "):
        return f"PREPARE {text.split()[1]} (once per connection)"
    if text.startswith("EXECUTE counterdesk_call_reads"):
        return "day, counter and heads (prepared: own lane + lateral seek per bucket, SKIP LOCKED)"
    if " UNION ALL " in text and "CROSS JOIN LATERAL" in text:
        return "heads: own lane + lateral seek per (type, priority) … FOR UPDATE SKIP LOCKED"
    if " UNION ALL " in text:
        parts = text.count(" UNION ALL ") + 1
        return f"heads: {parts} SELECTs … LIMIT 1 UNION ALL"
    if "CROSS JOIN LATERAL" in text:
        return "heads: lateral seek per (type, priority) … FOR UPDATE SKIP LOCKED"
    if "t.lane = " in text and "SKIP LOCKED" in text:
        return "heads: own lane … FOR UPDATE SKIP LOCKED"
    return text[:72]


class TimedCursor:
    """A DB-API cursor that adds its execute and fetch times to a :class:`Log`."""

    def __init__(self, cursor: Any, log: Log) -> None:
        self._cursor = cursor
        self._log = log
        self._label = ""

    def execute(self, sql: str, params: Any = ()) -> TimedCursor:
        self._label = label_of(sql)
        log = self._log
        if log.on:
            log.count[self._label] += 1
            log.sample[self._label] = (sql, params)
            if self._label not in log.order:
                log.order.append(self._label)
        t0 = time.perf_counter()
        self._cursor.execute(sql, params)
        log.add(self._label, time.perf_counter() - t0)
        return self

    def _timed(self, fetch: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        rows = fetch()
        self._log.add(self._label, time.perf_counter() - t0)
        return rows

    def fetchone(self) -> Any:
        return self._timed(self._cursor.fetchone)

    def fetchall(self) -> Any:
        return self._timed(self._cursor.fetchall)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def time_queue(queue: SqlQueue, calls: int, log: Log) -> float:
    """Call ``calls`` tickets with counter 1, statements logged; the seconds of the calls."""
    queue.open()
    plain = queue.db.cursor
    queue.db.cursor = lambda *a, **k: TimedCursor(plain(*a, **k), log)  # type: ignore[method-assign,no-untyped-call]
    policy = CallingPolicy(counter=1, serves=queue.catalogue.codes)
    t0 = time.perf_counter()
    for _ in range(calls):
        queue.call_next(policy)
    return time.perf_counter() - t0


class TimedSqlite:
    """A sqlite3 connection whose statements are logged (for the bare loop)."""

    def __init__(self, con: sqlite3.Connection, log: Log) -> None:
        self._con = con
        self._log = log

    def execute(self, sql: str, params: Any = ()) -> TimedCursor:
        return TimedCursor(self._con.cursor(), self._log).execute(sql, params)

    def close(self) -> None:
        self._con.close()


class TimedPg:
    """A psycopg2 connection whose cursors are logged (for the bare loop)."""

    def __init__(self, con: Any, log: Log) -> None:
        self._con = con
        self._log = log

    def cursor(self) -> TimedCursor:
        return TimedCursor(self._con.cursor(), self._log)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._con, name, value)


def time_bare(fn: Callable[[str, int, float], dispatch.Outcome], where: str, log: Log) -> tuple[
    float, int
]:  # fmt: skip
    """Run a bare worker of ``bench/dispatch.py`` in this process, its statements logged."""
    import psycopg2

    plain_sqlite, plain_pg = sqlite3.connect, psycopg2.connect
    sqlite3.connect = lambda *a, **k: TimedSqlite(plain_sqlite(*a, **k), log)  # type: ignore[assignment]
    psycopg2.connect = lambda *a, **k: TimedPg(plain_pg(*a, **k), log)
    try:
        got, lat, _ = fn(where, 1, time.time())
    finally:
        sqlite3.connect, psycopg2.connect = plain_sqlite, plain_pg
    return sum(lat), len(got)


def report(title: str, log: Log, calls: int, seconds: float) -> None:
    in_driver = sum(log.seconds.values())
    per_call = seconds / calls * 1e6
    print(f"{title}: {calls} calls, {per_call:.0f} µs a call, "
          f"{sum(log.count.values()) / calls:.1f} statements a call")  # fmt: skip
    print(f"  {'per call':>8} {'µs each':>8} {'µs/call':>8}  statement")
    for label in log.order:
        n, s = log.count[label], log.seconds[label]
        print(f"  {n / calls:>8.2f} {s / n * 1e6:>8.0f} {s / calls * 1e6:>8.0f}  {label}")
    outside = seconds - in_driver
    print(f"  in the driver {in_driver / calls * 1e6:.0f} µs a call; outside it (Python) "
          f"{outside / calls * 1e6:.0f} µs ({outside / seconds:.0%})")  # fmt: skip


def profile_sqlite(tickets: int, cprofile: bool) -> None:
    calls = tickets // 2
    catalogue = load_catalogue(dispatch.CATALOGUE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queue.db"
        dispatch.make_queue(path, tickets)
        log = Log()
        queue = SqliteQueue(path, catalogue, SystemClock(), local_zone=UTC)
        seconds = time_queue(queue, calls, log)
        queue.close()
        report("SQLite counterdesk", log, calls, seconds)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queue.db"
        dispatch.make_queue(path, tickets)
        con = sqlite3.connect(path)
        con.execute(dispatch.BARE_INDEX)
        con.close()
        log = Log()
        seconds, done = time_bare(dispatch.bare_worker, str(path), log)
        report("SQLite bare", log, done, seconds)
    if cprofile:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "queue.db"
            dispatch.make_queue(path, tickets)
            queue = SqliteQueue(path, catalogue, SystemClock(), local_zone=UTC)
            queue.open()
            policy = CallingPolicy(counter=1, serves=catalogue.codes)
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(calls):
                queue.call_next(policy)
            prof.disable()
            queue.close()
        for order, top in (("tottime", 18), ("cumulative", 25)):
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(order).print_stats(top)
            print(f"cProfile of {calls} SQLite calls ({order}, top functions):")
            print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))


def explain(queue: PostgresQueue, log: Log) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) every statement of one call, in a transaction rolled back."""
    log.on = False
    for label in log.order:
        sql, params = log.sample[label]
        if label.split()[0] in ("BEGIN", "COMMIT", "ROLLBACK", "PREPARE"):
            continue
        with queue.db.atomic() as txn:
            rows = execute(queue.db, f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params).fetchall()
            txn.rollback(False)
        print(f"-- {label}")
        for (line,) in rows:
            print(f"   {line}")


def profile_pg(server: str, tickets: int, do_explain: bool) -> None:
    calls = tickets // 2
    catalogue = load_catalogue(dispatch.CATALOGUE)
    with dispatch.throwaway_database(server) as url:
        dispatch.pg_fill(url, tickets)
        log = Log()
        queue = PostgresQueue(url, catalogue, SystemClock(), local_zone=UTC)
        seconds = time_queue(queue, calls, log)
        report("PostgreSQL counterdesk", log, calls, seconds)
        if do_explain:
            print(f"EXPLAIN (ANALYZE, BUFFERS) of one counterdesk call ({calls} left waiting):")
            explain(queue, log)
        queue.close()
        dispatch.pg_fill(url, tickets)
        dispatch.pg_ddl(url, dispatch.BARE_INDEX, "ANALYZE ticket")
        log = Log()
        seconds, done = time_bare(dispatch.pg_bare_worker, url, log)
        report("PostgreSQL bare", log, done, seconds)
        if do_explain:
            dispatch.pg_fill(url, tickets)  # the bare index stays (TRUNCATE keeps it)
            queue = PostgresQueue(url, catalogue, SystemClock(), local_zone=UTC)
            queue.open()
            sql, params = log.sample[label_of(dispatch.BARE_HEAD_PG)]
            print("EXPLAIN (ANALYZE, BUFFERS) of the bare head query (full queue, 2nd run):")
            # The first run after filling skips the index entries the fill's own updates left
            # dead (and marks them so): the second is what every call of the loop sees.
            for _ in range(2):
                with queue.db.atomic() as txn:
                    query = f"EXPLAIN (ANALYZE, BUFFERS) {sql}"
                    rows = execute(queue.db, query, params).fetchall()
                    txn.rollback(False)
            for (line,) in rows:
                print(f"   {line}")
            queue.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--pg", default=dispatch.PG_SERVER, metavar="URL")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--pg-only", action="store_true")
    parser.add_argument("--no-cprofile", action="store_true")
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args()
    if not args.pg_only:
        profile_sqlite(args.tickets, not args.no_cprofile)
    if not args.sqlite_only:
        if not args.pg_only:
            print()
        profile_pg(args.pg, args.tickets, not args.no_explain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
