"""Benchmark: call-next throughput and latency on one SQLite queue, against bare sqlite3.

For 1, 2 and 8 processes, each acting as a counter, every process calls the next ticket until
the queue is empty. The same loop is then run with bare ``sqlite3`` statements on an identical
queue (BEGIN IMMEDIATE, select the head, compare-and-set update, event row, COMMIT): the floor
of what any implementation on SQLite can do. Prints calls per second, p50/p99 latency,
duplicates and lost tickets, and the ratio counterdesk / bare.

    .venv/bin/python bench/dispatch.py [--tickets 2000] [--processes 1,2,8]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.core.clock import SystemClock, business_day, to_utc_text  # noqa: E402
from counterdesk.core.errors import QueueEmptyError  # noqa: E402
from counterdesk.core.policy import CallingPolicy  # noqa: E402
from counterdesk.core.procedures import load_catalogue  # noqa: E402
from counterdesk.queue.sqlite import SqliteQueue  # noqa: E402

CATALOGUE = ROOT / "resources" / "business_types.toml"


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
            "AND lane = 0 ORDER BY priority DESC, queued_at, number LIMIT 1",
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


def run(worker: str, processes: int, tickets: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queue.db"
        make_queue(path, tickets)
        fn = counterdesk_worker if worker == "counterdesk" else bare_worker
        ctx = multiprocessing.get_context("fork")
        start = time.time() + 0.5
        with ctx.Pool(processes) as pool:
            results = pool.starmap(fn, [(str(path), n + 1, start) for n in range(processes)])
    ids = Counter(tid for got, _, _ in results for tid in got)
    lat = sorted(x for _, ls, _ in results for x in ls)
    wall = max(end for _, _, end in results) - start
    return {
        "calls": len(lat),
        "calls_per_s": len(lat) / wall,
        "p50_ms": statistics.median(lat) * 1000,
        "p99_ms": lat[int(len(lat) * 0.99) - 1] * 1000,
        "duplicates": sum(n - 1 for n in ids.values() if n > 1),
        "lost": tickets - len(ids),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--processes", default="1,2,8")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    args = parser.parse_args()
    counts = [int(x) for x in args.processes.split(",")]
    figures = []
    for n in counts:
        ours = run("counterdesk", n, args.tickets)
        bare = run("bare", n, args.tickets)
        figures.append({"processes": n, "counterdesk": ours, "bare": bare,
                        "ratio": ours["calls_per_s"] / bare["calls_per_s"]})  # fmt: skip
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"call-next on one SQLite queue of {args.tickets} tickets")
    head = ("procs", "impl", "calls/s", "p50 ms", "p99 ms", "dup", "lost")
    print("{:>5} {:<12} {:>9} {:>8} {:>8} {:>4} {:>5}".format(*head))
    for f in figures:
        for impl in ("counterdesk", "bare"):
            r = f[impl]
            print(f"{f['processes']:>5} {impl:<12} {r['calls_per_s']:>9.0f} {r['p50_ms']:>8.2f} "
                  f"{r['p99_ms']:>8.2f} {r['duplicates']:>4} {r['lost']:>5}")  # fmt: skip
        print(f"{'':>5} ratio counterdesk/bare = {f['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
