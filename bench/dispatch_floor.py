"""How close to the bare loop a SQLite call-next with the calling policy can get at all.

Not the product: three hand-written call loops, in plain ``sqlite3`` with no peewee, no
``Ticket`` per head and none of the queue's bookkeeping, each doing *less* than
``SqliteQueue.call_next`` (no business-day choice, no refusal of a paused counter, no
fairness ratio, no call reason, streak only for priority calls). They bound from above what
any implementation that keeps the policy could reach on this machine, against the bare loop of
``bench/dispatch.py`` (with its own index) on an identical queue, in one process, alternating
blocks of 100 calls so that both see the same machine:

* **lean**: the queue's own statements (the counter's mode and streak, the heads of the day's
  buckets as narrow rows, the compare-and-set, the event, the streak when it changes), the
  policy's order in a Python loop, a ``Ticket`` for the chosen one only;
* **one statement**: the heads, the policy's order (own lane, overdue by the type's target,
  priority, preference, turn) and the claim as one ``UPDATE … WHERE rowid = (SELECT … ORDER BY
  … LIMIT 1) RETURNING``, then the event: what issue 14 proposes, with no Python in between;
* **one statement, alone**: the same claim as the *whole* call, in autocommit (SQLite takes the
  write lock for an ``UPDATE`` before it reads, so the statement is its own ``BEGIN IMMEDIATE
  … COMMIT``), the event written by a trigger on that queue only: the fewest statements a call
  can be, one against the bare loop's five.

Throughput in ``dispatch.py`` is calls over wall time, so the ratio that counts is of the
*mean* call (checkpoints included); the median is printed beside it.

    .venv/bin/python bench/dispatch_floor.py [--tickets 3000] [--rounds 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import dispatch  # noqa: E402
from counterdesk.core.clock import business_day, from_utc_text, to_utc_text  # noqa: E402
from counterdesk.core.procedures import load_catalogue  # noqa: E402
from counterdesk.queue.sql import CAS, COLUMNS, PUT_STREAK, SqlQueue, ticket_from_row  # noqa: E402

CATALOGUE = load_catalogue(dispatch.CATALOGUE)
CODES = CATALOGUE.codes
TARGETS = dict(CATALOGUE.targets())
RANK = {code: n for n, code in enumerate(CODES)}
TYPES = ", ".join("?" * len(CODES))
EVENT = (
    "INSERT INTO ticket_event (ticket_id, action, from_state, to_state, counter, at, detail, "
    "action_id) VALUES (?, 'call', 'waiting', 'called', ?, ?, ?, NULL)"
)
#: The narrow heads: own lane, then the head of each bucket of the day of a type served.
LEAN_HEADS = (
    "SELECT * FROM (SELECT rowid, business_type, priority, lane, queued_at, queue_seq "
    "FROM ticket WHERE day = ? AND state = 'waiting' AND lane = ? ORDER BY queue_seq LIMIT 1) "
    "UNION ALL SELECT t.rowid, t.business_type, t.priority, t.lane, t.queued_at, t.queue_seq "
    "FROM queue_bucket b JOIN ticket t ON t.rowid = (SELECT rowid FROM ticket WHERE day = b.day "
    "AND state = 'waiting' AND lane = 0 AND business_type = b.business_type "
    "AND priority = b.priority ORDER BY queue_seq LIMIT 1) "
    f"WHERE b.day = ? AND b.business_type IN ({TYPES})"
)
#: The ``call`` event written by the ticket's change to called (on the "alone" loop's queue).
CALL_EVENT_TRIGGER = (
    "CREATE TRIGGER call_event AFTER UPDATE OF state ON ticket "
    "WHEN old.state = 'waiting' AND new.state = 'called' BEGIN "
    "INSERT INTO ticket_event (ticket_id, action, from_state, to_state, counter, at, detail, "
    "action_id) VALUES (new.id, 'call', 'waiting', 'called', new.counter, new.called_at, "
    '\'{"reason":"in_turn"}\', NULL); END'
)
#: The policy's order and the claim in one statement (parameters: counter, now, day, then per
#: type served its code, preference rank and overdue cut-off time).
CLAIM = (
    "UPDATE ticket SET state = 'called', counter = ?1, call_count = 1, lane = 0, "
    "called_at = ?2, version = version + 1 WHERE rowid = (SELECT rid FROM ("
    "SELECT rowid AS rid, 0 AS cat, 0 AS o1, 0 AS rk, queue_seq FROM ticket "
    "WHERE day = ?3 AND state = 'waiting' AND lane = ?1 "
    "UNION ALL SELECT t.rowid, CASE WHEN t.queued_at < p.cutoff THEN 1 ELSE 3 END, "
    "CASE WHEN t.queued_at < p.cutoff THEN julianday(t.queued_at) - julianday(p.cutoff) "
    "ELSE -t.priority END, p.rk, t.queue_seq FROM queue_bucket b "
    "JOIN (" + " UNION ALL ".join(["SELECT ? AS bt, ? AS rk, ? AS cutoff"] * len(CODES)) + ") p "
    "ON p.bt = b.business_type JOIN ticket t ON t.rowid = (SELECT rowid FROM ticket "
    "WHERE day = b.day AND state = 'waiting' AND lane = 0 AND business_type = b.business_type "
    "AND priority = b.priority ORDER BY queue_seq LIMIT 1) WHERE b.day = ?3) "
    f"ORDER BY cat, o1, rk, queue_seq LIMIT 1) RETURNING {COLUMNS}"
)


def lean_call(con: sqlite3.Connection, day: str, counter: int = 1) -> bool:
    now = datetime.now(UTC)
    con.execute("BEGIN IMMEDIATE")
    row = con.execute(
        "SELECT mode, priority_streak FROM counter_state WHERE counter = ?", (counter,)
    ).fetchone()
    streak = row[1] if row else 0
    best, best_key = None, None
    for rid, btype, priority, lane, queued, seq in con.execute(
        LEAN_HEADS, (day, counter, day, *CODES)
    ).fetchall():
        if lane:
            best = rid
            break
        overdue = (now - from_utc_text(queued)).total_seconds() - TARGETS.get(btype, 1e18)
        key = (0, -overdue, RANK[btype], seq) if overdue > 0 else (1, -priority, RANK[btype], seq)
        if best_key is None or key < best_key:
            best, best_key = rid, key
    if best is None:
        con.execute("COMMIT")
        return False
    old = ticket_from_row(
        con.execute(f"SELECT {COLUMNS} FROM ticket WHERE rowid = ?", (best,)).fetchone()
    )
    new = old.call(counter, now)
    assert con.execute(CAS, SqlQueue._cas_values(old, new)).rowcount == 1
    con.execute(EVENT, (old.id, counter, to_utc_text(now), '{"reason":"in_turn"}'))
    if old.priority > 0:
        con.execute(PUT_STREAK, (counter, streak + 1, to_utc_text(now)))
    con.execute("COMMIT")
    return True


def claim_params(counter: int, day: str) -> tuple[str, list[object]]:
    """The call's time and :data:`CLAIM`'s parameters."""
    now = datetime.now(UTC)
    at = to_utc_text(now)
    params: list[object] = [counter, at, day]
    for code in CODES:
        params += [code, RANK[code], to_utc_text(now - timedelta(seconds=TARGETS.get(code, 10**9)))]
    return at, params


def one_statement_call(con: sqlite3.Connection, day: str, counter: int = 1) -> bool:
    at, params = claim_params(counter, day)
    con.execute("BEGIN IMMEDIATE")
    row = con.execute(CLAIM, params).fetchone()
    if row is None:
        con.execute("COMMIT")
        return False
    con.execute(EVENT, (row[0], counter, at, '{"reason":"in_turn"}'))
    con.execute("COMMIT")
    return True


def alone_call(con: sqlite3.Connection, day: str, counter: int = 1) -> bool:
    """The claim alone, in autocommit; the trigger writes the event."""
    return con.execute(CLAIM, claim_params(counter, day)[1]).fetchone() is not None


def bare_call(con: sqlite3.Connection, day: str, counter: int = 1) -> bool:
    """``bench/dispatch.py``'s bare call (the same statements, the same code)."""
    return dispatch.bare_call(con, day, counter) is not None


Call = Callable[[sqlite3.Connection, str, int], bool]


def race(calls: dict[str, Call], tickets: int, rounds: int) -> dict[str, list[float]]:
    """Each loop on its own identical queue; blocks of 100 calls in turn; µs per call."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    with tempfile.TemporaryDirectory() as tmp:
        cons = {}
        for name in calls:
            path = Path(tmp) / f"{name}.db"
            dispatch.make_queue(path, tickets)
            con = dispatch.bare_connect(path)
            if name == "bare":
                con.execute(dispatch.BARE_INDEX)
            if name == "one statement, alone":
                con.execute(CALL_EVENT_TRIGGER)
            cons[name] = con
        day = business_day(datetime.now(UTC), UTC).isoformat()
        for _ in range(rounds):
            for name, call in calls.items():
                for _ in range(100):
                    t0 = time.perf_counter_ns()
                    assert call(cons[name], day, 1)
                    times[name].append((time.perf_counter_ns() - t0) / 1000)
        for con in cons.values():
            con.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=20, help="blocks of 100 calls per loop")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.rounds < 1 or args.runs < 1:
        parser.error("--rounds and --runs must be 1 or more")
    if args.rounds * 100 > args.tickets:
        parser.error("--tickets must cover --rounds × 100 calls")
    loops: dict[str, Call] = {
        "bare": bare_call, "lean": lean_call, "one statement": one_statement_call,
        "one statement, alone": alone_call,
    }  # fmt: skip
    print(f"SQLite, one counter, {args.rounds * 100} calls per loop, queue of {args.tickets}")
    print(f"{'run':>3} {'loop':20} {'median µs':>10} {'mean µs':>8} {'ratio (mean)':>13}")
    for run in range(1, args.runs + 1):
        times = race(loops, args.tickets, args.rounds)
        bare = statistics.mean(times["bare"])
        for name, values in times.items():
            mean = statistics.mean(values)
            print(
                f"{run:>3} {name:20} {statistics.median(values):>10.0f} {mean:>8.0f} "
                f"{bare / mean:>13.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
