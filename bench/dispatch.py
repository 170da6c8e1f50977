"""Benchmark: call-next throughput and latency on one queue (SQLite, PostgreSQL) against bare SQL.

For 1, 2 and 8 processes, each acting as a counter, every process calls the next ticket until
the queue is empty. The same loop is then run with bare ``sqlite3`` statements on an identical
queue (BEGIN IMMEDIATE, select the head, compare-and-set update, event row, COMMIT): the floor
of what any implementation on SQLite can do. Prints calls per second, p50/p99 latency,
duplicates and lost tickets, and the ratio counterdesk / bare.

On PostgreSQL the same is done for 1, 4 and 16 counter processes in a throwaway database on the
server (created, given the queue schema, and dropped at the end), the bare loop being BEGIN,
the oldest waiting ticket ``FOR UPDATE SKIP LOCKED``, compare-and-set update, event row,
COMMIT. Then notify-to-repaint: a Qt process LISTENs on the queue's channel and repaints a
label on every notification, while this process issues and calls tickets at irregular
intervals; the figure is the time from sending each COMMIT to the repaint that followed it.

    .venv/bin/python bench/dispatch.py [--tickets N] [--processes 1,2,8]
        [--pg-processes 1,4,16] [--pg URL] [--sqlite-only | --pg-only] [--json]

``--pg`` names the server (default ``$COUNTERDESK_BENCH_PG`` or
``postgresql://postgres@127.0.0.1:5432``); a database in the URL is only used to connect
while creating and dropping the throwaway one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import multiprocessing
import multiprocessing.connection
import os
import random
import secrets
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.core.clock import SystemClock, business_day, to_utc_text  # noqa: E402
from counterdesk.core.errors import QueueEmptyError  # noqa: E402
from counterdesk.core.policy import CallingPolicy  # noqa: E402
from counterdesk.core.procedures import load_catalogue  # noqa: E402
from counterdesk.queue.postgres import CHANNEL, PostgresQueue, init_schema  # noqa: E402
from counterdesk.queue.sqlite import SqliteQueue  # noqa: E402
from counterdesk.storage.sql import execute  # noqa: E402

CATALOGUE = ROOT / "resources" / "business_types.toml"
PG_SERVER = os.environ.get("COUNTERDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
SQLITE_TICKETS = 2000
PG_TICKETS = 5000
#: Targets on PostgreSQL: share of the bare loop's throughput, p99 call-next with the most
#: counters, and notify-to-repaint.
TARGET_RATIO = 0.5
TARGET_P99_MS = 20.0
TARGET_REPAINT_MS = 200.0
REPAINT_EVENTS = 50


def make_queue(path: Path, tickets: int) -> None:
    catalogue = load_catalogue(CATALOGUE)
    queue = SqliteQueue(path, catalogue, SystemClock(), local_zone=UTC)
    codes = catalogue.codes
    with queue.db.atomic():
        for i in range(tickets):
            queue.issue(codes[i % len(codes)])
    queue.close()


def counterdesk_worker(
    path: str, counter: int, start: float
) -> tuple[list[str], list[float], float]:
    queue = SqliteQueue(Path(path), load_catalogue(CATALOGUE), SystemClock(), local_zone=UTC)
    policy = CallingPolicy(counter=counter, serves=queue.catalogue.codes)
    got: list[str] = []
    lat: list[float] = []
    while time.time() < start:
        pass
    while True:
        t0 = time.perf_counter()
        try:
            got.append(queue.call_next(policy).ticket.id)
        except QueueEmptyError:
            break
        lat.append(time.perf_counter() - t0)
    end = time.time()
    queue.close()
    return got, lat, end


def bare_worker(path: str, counter: int, start: float) -> tuple[list[str], list[float], float]:
    con = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    con.execute("PRAGMA journal_mode = wal")
    con.execute("PRAGMA synchronous = normal")
    con.execute("PRAGMA foreign_keys = 1")
    day = business_day(datetime.now(UTC), UTC).isoformat()
    got: list[str] = []
    lat: list[float] = []
    while time.time() < start:
        pass
    while True:
        t0 = time.perf_counter()
        now = to_utc_text(datetime.now(UTC))
        con.execute("BEGIN IMMEDIATE")
        row = con.execute(
            "SELECT id, version, state FROM ticket WHERE day = ? AND state = 'waiting' "
            "AND lane = 0 ORDER BY priority DESC, queue_seq LIMIT 1",
            (day,),
        ).fetchone()
        if row is None:
            con.execute("COMMIT")
            break
        cur = con.execute(
            "UPDATE ticket SET state = 'called', counter = ?, call_count = 1, called_at = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            (counter, now, row[0], row[1]),
        )
        assert cur.rowcount == 1
        con.execute(
            "INSERT INTO ticket_event (ticket_id, action, from_state, to_state, counter, at, "
            "detail) VALUES (?, 'call', 'waiting', 'called', ?, ?, '{}')",
            (row[0], counter, now),
        )
        con.execute("COMMIT")
        got.append(row[0])
        lat.append(time.perf_counter() - t0)
    end = time.time()
    con.close()
    return got, lat, end


Outcome = tuple[list[str], list[float], float]


def race(
    fn: Callable[[str, int, float], Outcome], where: str, processes: int
) -> tuple[list[Outcome], float]:
    """Run ``fn`` as counters 1..``processes``, one forked process each, starting together."""
    ctx = multiprocessing.get_context("fork")
    start = time.time() + 0.5
    with ctx.Pool(processes) as pool:
        results = pool.starmap(fn, [(where, n + 1, start) for n in range(processes)])
    return results, start


def run(worker: str, processes: int, tickets: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queue.db"
        make_queue(path, tickets)
        fn = counterdesk_worker if worker == "counterdesk" else bare_worker
        results, start = race(fn, str(path), processes)
    return figures_of(results, start, tickets)


def figures_of(results: list[Outcome], start: float, tickets: int) -> dict[str, float]:
    """Throughput, latency percentiles, duplicates and lost tickets of one race."""
    ids = Counter(tid for got, _, _ in results for tid in got)
    lat = sorted(x for _, ls, _ in results for x in ls)
    wall = max(end for _, _, end in results) - start
    return {
        "calls": len(lat),
        "calls_per_s": len(lat) / wall,
        "p50_ms": statistics.median(lat) * 1000,
        "p99_ms": percentile(lat, 0.99) * 1000,
        "duplicates": sum(n - 1 for n in ids.values() if n > 1),
        "lost": tickets - len(ids),
    }


def percentile(ordered: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted values lie (nearest rank)."""
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


# -- PostgreSQL ----------------------------------------------------------------------------------


def _server_url(server: str, dbname: str) -> str:
    return urlsplit(server)._replace(path=f"/{dbname}").geturl()


def _admin(server: str) -> Any:
    import psycopg2

    conn = psycopg2.connect(
        _server_url(server, urlsplit(server).path.lstrip("/") or "postgres"), connect_timeout=3
    )
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def throwaway_database(server: str) -> Iterator[str]:
    """A database on ``server`` with the queue schema, dropped on the way out whatever happens.

    The administrative connection is not held meanwhile, so that no forked counter process
    inherits its socket.
    """
    name = f"counterdesk_bench_{secrets.token_hex(5)}"
    admin = _admin(server)
    try:
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name}")
    finally:
        admin.close()
    try:
        url = _server_url(server, name)
        init_schema(url)
        yield url
    finally:
        admin = _admin(server)
        try:
            with admin.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            admin.close()


def pg_fill(url: str, tickets: int, codes: tuple[str, ...] | None = None) -> None:
    """Empty the queue, then issue ``tickets`` tickets round the business types."""
    catalogue = load_catalogue(CATALOGUE)
    queue = PostgresQueue(url, catalogue, SystemClock(), local_zone=UTC)
    try:
        execute(
            queue.db,
            "TRUNCATE ticket_event, ticket, daily_counter, counter_state RESTART IDENTITY CASCADE",
        )
        kinds = codes or catalogue.codes
        with queue.db.atomic():
            for i in range(tickets):
                queue.issue(kinds[i % len(kinds)])
        execute(queue.db, "ANALYZE ticket")
    finally:
        queue.close()


def pg_counterdesk_worker(url: str, counter: int, start: float) -> Outcome:
    queue = PostgresQueue(url, load_catalogue(CATALOGUE), SystemClock(), local_zone=UTC)
    policy = CallingPolicy(counter=counter, serves=queue.catalogue.codes)
    got: list[str] = []
    lat: list[float] = []
    while time.time() < start:
        time.sleep(0.001)
    while True:
        t0 = time.perf_counter()
        try:
            got.append(queue.call_next(policy).ticket.id)
        except QueueEmptyError:
            break
        lat.append(time.perf_counter() - t0)
    end = time.time()
    queue.close()
    return got, lat, end


def pg_bare_worker(url: str, counter: int, start: float) -> Outcome:
    import psycopg2

    con = psycopg2.connect(url)
    con.autocommit = True  # BEGIN and COMMIT are sent explicitly, as written below
    cur = con.cursor()
    day = business_day(datetime.now(UTC), UTC).isoformat()
    got: list[str] = []
    lat: list[float] = []
    while time.time() < start:
        time.sleep(0.001)
    while True:
        t0 = time.perf_counter()
        now = to_utc_text(datetime.now(UTC))
        cur.execute("BEGIN")
        cur.execute(
            "SELECT id, version FROM ticket WHERE day = %s AND state = 'waiting' AND lane = 0 "
            "ORDER BY priority DESC, queue_seq LIMIT 1 FOR UPDATE SKIP LOCKED",
            (day,),
        )
        row = cur.fetchone()
        if row is None:
            cur.execute("COMMIT")
            break
        cur.execute(
            "UPDATE ticket SET state = 'called', counter = %s, call_count = 1, called_at = %s, "
            "version = version + 1 WHERE id = %s AND version = %s",
            (counter, now, row[0], row[1]),
        )
        assert cur.rowcount == 1
        cur.execute(
            "INSERT INTO ticket_event (ticket_id, action, from_state, to_state, counter, at, "
            "detail) VALUES (%s, 'call', 'waiting', 'called', %s, %s, '{}')",
            (row[0], counter, now),
        )
        cur.execute("COMMIT")
        got.append(row[0])
        lat.append(time.perf_counter() - t0)
    end = time.time()
    con.close()
    return got, lat, end


def pg_run(url: str, worker: str, processes: int, tickets: int) -> dict[str, float]:
    pg_fill(url, tickets)
    fn = pg_counterdesk_worker if worker == "counterdesk" else pg_bare_worker
    results, start = race(fn, url, processes)
    return figures_of(results, start, tickets)


def repaint_listener(
    url: str, expected: int, timeout: float, pipe: multiprocessing.connection.Connection
) -> None:
    """LISTEN in a Qt event loop and repaint a label on every notification (spawned process).

    Sends "ready" once listening, then the wall-clock times of the repaints; ends after
    ``expected`` notifications or ``timeout`` seconds, whichever comes first.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import psycopg2
    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    label = QLabel("waiting for the queue")
    label.resize(320, 80)
    label.show()
    conn = psycopg2.connect(url, connect_timeout=3)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"LISTEN {CHANNEL}")
    painted: list[float] = []
    received = 0

    def on_readable() -> None:
        nonlocal received
        conn.poll()
        count = len(conn.notifies)
        conn.notifies.clear()
        if not count:
            return
        received += count
        label.setText(f"{received} queue changes")
        label.repaint()
        painted.append(time.time())
        if received >= expected:
            app.quit()

    notifier = QSocketNotifier(conn.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_readable)
    QTimer.singleShot(int(timeout * 1000), app.quit)
    QTimer.singleShot(0, lambda: pipe.send("ready"))
    app.exec()
    notifier.setEnabled(False)
    conn.close()
    pipe.send(painted)


def notify_to_repaint(url: str, events: int = REPAINT_EVENTS, seed: int = 7) -> dict[str, float]:
    """Issue and call tickets at irregular intervals; time each commit to the Qt repaint."""
    catalogue = load_catalogue(CATALOGUE)
    # Normal types only: a priority call also writes counter_state, a second notification.
    normal = tuple(k.code for k in catalogue if k.priority_weight == 0)
    pg_fill(url, 0)
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    listener = ctx.Process(target=repaint_listener, args=(url, events, 60.0, theirs))
    listener.start()
    queue = PostgresQueue(url, catalogue, SystemClock(), local_zone=UTC)
    policy = CallingPolicy(counter=1, serves=normal)
    rng = random.Random(seed)
    # (operation began, its COMMIT was sent, the commit returned)
    ops: list[tuple[float, float, float]] = []
    try:
        if not ours.poll(30) or ours.recv() != "ready":
            raise RuntimeError("the Qt listener did not start")
        for i in range(events):
            time.sleep(rng.uniform(0.02, 0.25))
            began = time.time()
            # An outer transaction, so that the moment COMMIT is sent is known: the server
            # notifies listeners only once it has committed.
            with queue.db.atomic():
                if i % 2 == 0:
                    queue.issue(normal[i // 2 % len(normal)])
                else:
                    queue.call_next(policy)
                sent = time.time()
            ops.append((began, sent, time.time()))
        painted: list[float] = ours.recv() if ours.poll(30) else []
    finally:
        queue.close()
        listener.join(timeout=10)
        if listener.is_alive():
            listener.terminate()
            listener.join()
    # Each operation's repaint is the first one after it began and before the next began.
    from_sent: list[float] = []
    from_returned: list[float] = []
    for i, (began, sent, returned) in enumerate(ops):
        until = ops[i + 1][0] if i + 1 < len(ops) else float("inf")
        after = [p for p in painted if began <= p < until]
        if after:
            from_sent.append(after[0] - sent)
            from_returned.append(after[0] - returned)
    from_sent.sort()
    nan = float("nan")
    return {
        "events": len(ops),
        "repainted": len(from_sent),
        "p50_ms": statistics.median(from_sent) * 1000 if from_sent else nan,
        "p99_ms": percentile(from_sent, 0.99) * 1000 if from_sent else nan,
        "max_ms": from_sent[-1] * 1000 if from_sent else nan,
        "p50_from_commit_returned_ms": (
            statistics.median(from_returned) * 1000 if from_returned else nan
        ),
    }


def pg_bench(server: str, counts: list[int], tickets: int) -> dict[str, Any]:
    with throwaway_database(server) as url:
        figures = []
        for n in counts:
            ours = pg_run(url, "counterdesk", n, tickets)
            bare = pg_run(url, "bare", n, tickets)
            figures.append({"processes": n, "counterdesk": ours, "bare": bare,
                            "ratio": ours["calls_per_s"] / bare["calls_per_s"]})  # fmt: skip
        repaint = notify_to_repaint(url)
    return {"calls": figures, "notify_to_repaint": repaint}


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_table(figures: list[dict[str, Any]], target_ratio: float | None = None) -> None:
    head = ("procs", "impl", "calls/s", "p50 ms", "p99 ms", "dup", "lost")
    print("{:>5} {:<12} {:>9} {:>8} {:>8} {:>4} {:>5}".format(*head))
    for f in figures:
        for impl in ("counterdesk", "bare"):
            r = f[impl]
            print(f"{f['processes']:>5} {impl:<12} {r['calls_per_s']:>9.0f} {r['p50_ms']:>8.2f} "
                  f"{r['p99_ms']:>8.2f} {r['duplicates']:>4} {r['lost']:>5}")  # fmt: skip
        target = ""
        if target_ratio is not None:
            target = f"  (target >= {target_ratio:.1f}: {_mark(f['ratio'] >= target_ratio)})"
        print(f"{'':>5} ratio counterdesk/bare = {f['ratio']:.2f}{target}")


def print_pg(server: str, tickets: int, pg: dict[str, Any]) -> None:
    figures = pg["calls"]
    print(f"call-next on one PostgreSQL queue of {tickets} tickets "
          f"({urlsplit(server).hostname}:{urlsplit(server).port or 5432})")  # fmt: skip
    print_table(figures, TARGET_RATIO)
    most = max(figures, key=lambda f: f["processes"])
    p99 = most["counterdesk"]["p99_ms"]
    print(f"p99 call-next with {most['processes']} counters: {p99:.2f} ms "
          f"(target < {TARGET_P99_MS:.0f} ms: {_mark(p99 < TARGET_P99_MS)})")  # fmt: skip
    r = pg["notify_to_repaint"]
    ok = _mark(r["p99_ms"] < TARGET_REPAINT_MS)
    print(f"notify-to-repaint over {r['events']} commits ({r['repainted']} repainted), "
          f"from COMMIT sent: p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
          f"max {r['max_ms']:.2f} ms (target < {TARGET_REPAINT_MS:.0f} ms: {ok})")  # fmt: skip
    returned = r["p50_from_commit_returned_ms"]
    early = " (repainted before the committing call returned)" if returned < 0 else ""
    print(f"{'':>5} from the commit's return: p50 {returned:.2f} ms{early}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tickets",
        type=int,
        help=f"default {SQLITE_TICKETS} on SQLite, {PG_TICKETS} on PostgreSQL",
    )
    parser.add_argument("--processes", default="1,2,8", help="SQLite counter processes")
    parser.add_argument("--pg-processes", default="1,4,16", help="PostgreSQL counter processes")
    parser.add_argument("--pg", default=PG_SERVER, metavar="URL", help="the PostgreSQL server")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--pg-only", action="store_true")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    args = parser.parse_args()
    # A kill still drops the throwaway database (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out: dict[str, Any] = {}
    if not args.pg_only:
        tickets = args.tickets or SQLITE_TICKETS
        figures = []
        for n in [int(x) for x in args.processes.split(",")]:
            ours = run("counterdesk", n, tickets)
            bare = run("bare", n, tickets)
            figures.append({"processes": n, "counterdesk": ours, "bare": bare,
                            "ratio": ours["calls_per_s"] / bare["calls_per_s"]})  # fmt: skip
        out["sqlite"] = figures
        if not args.json:
            print(f"call-next on one SQLite queue of {tickets} tickets")
            print_table(figures)
    if not args.sqlite_only:
        tickets = args.tickets or PG_TICKETS
        counts = [int(x) for x in args.pg_processes.split(",")]
        out["postgres"] = pg_bench(args.pg, counts, tickets)
        if not args.json:
            if "sqlite" in out:
                print()
            print_pg(args.pg, tickets, out["postgres"])
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
