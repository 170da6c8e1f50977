"""Benchmark: pruning a year of one busy terminal's journal once head office confirmed it all.

Builds a journal at the latest schema with ``--days`` working days of ``--services`` services a
day (each with ``--steps`` step records, a rating and two audit rows, called / started / finished
as three outbox events, every step and rating and audit row one event; one staff session with
two pauses a day), written with bare ``sqlite3`` for speed but shaped as the unit of work writes
it. Head office is taken to have confirmed every event; then ``SyncJournal.prune`` with
``--keep-days`` runs as the push will run it. Prints the rows deleted, the time, the longest
single transaction (how long a counter's write could wait), the next night's prune (one more
day) and the file before and after (after a VACUUM).

    .venv/bin/python bench/journal_prune.py [--days 250] [--services 300] [--steps 8]
        [--keep-days 90] [--json]
"""

from __future__ import annotations

import argparse
import json
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

START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


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
            "procedure_snapshot_id": None,
        }  # fmt: skip
        yield "service", text, dict(row)
        yield "service", text, {**row, "started_at": text}
        for step in range(steps):
            yield "step_record", text, {
                "uuid": _id(), "updated_at": text, "service_id": service, "step_id": f"s{step}",
                "checked_at": text, "seconds_open": 12.5, "value": None, "authoriser": None,
                "checked_by": "T042",
            }  # fmt: skip
        done = to_utc_text(at + timedelta(minutes=1))
        yield "service", done, {**row, "updated_at": done, "started_at": text,
                                "finished_at": done, "state": "finished"}  # fmt: skip
        yield "rating", done, {
            "uuid": _id(), "updated_at": done, "service_id": service, "outcome": "rated",
            "score": 5, "reasons": "[]", "cause": None, "prompted_at": done,
            "answered_at": done, "scale_levels": 5,
        }  # fmt: skip
        for action in ("service.call", "service.finish"):
            yield "audit_log", done, {
                "uuid": _id(), "updated_at": done, "at": done, "actor": "T042",
                "action": action, "detail": "{}",
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


def build(path: Path, days: int, services: int, steps: int) -> int:
    """Write the journal; return the number of outbox events."""
    db = open_journal(path, FixedClock(START))
    db.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")  # rows come in a valid order; faster without
    events = 0
    conn.execute("BEGIN")
    for day in range(days):
        for table, at, row in _day(day, services, steps):
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
    conn.execute("COMMIT")
    conn.close()
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--services", type=int, default=300)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--keep-days", type=int, default=90)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        began = time.perf_counter()
        events = build(path, args.days, args.services, args.steps)
        built = time.perf_counter() - began
        size_before = path.stat().st_size
        end = START + timedelta(days=args.days * 7 / 5 + 1)
        db = open_journal(path, FixedClock(end))
        sync = SyncJournal(db)
        sync.confirm(sync.last_seq())
        batches: list[float] = []
        mark = [time.perf_counter()]

        def between() -> None:
            now = time.perf_counter()
            batches.append(now - mark[0])
            mark[0] = now

        began = time.perf_counter()
        report = sync.prune(args.keep_days, FixedClock(end), between_batches=between)
        took = time.perf_counter() - began
        left = sync.pending_count(after=0)
        # The next night: one more working day has passed the cut-off.
        began = time.perf_counter()
        nightly = sync.prune(args.keep_days, FixedClock(end + timedelta(days=7 / 5)))
        nightly_took = time.perf_counter() - began
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[no-untyped-call]
        db.execute_sql("VACUUM")  # type: ignore[no-untyped-call]
        db.close()
        size_after = path.stat().st_size
    figures = {
        "days": args.days,
        "services_a_day": args.services,
        "events": events,
        "build_s": round(built, 1),
        "keep_days": args.keep_days,
        "rows_deleted": report.rows,
        "events_deleted": report.deleted.get("sync_event", 0),
        "events_left": left,
        "transactions": report.transactions,
        "prune_s": round(took, 2),
        "rows_per_s": round(report.rows / took) if took else None,
        "longest_transaction_ms": round(max(batches, default=0) * 1000, 1),
        "next_night_rows": nightly.rows,
        "next_night_s": round(nightly_took, 2),
        "file_mb_before": round(size_before / 2**20, 1),
        "file_mb_after_vacuum": round(size_after / 2**20, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
