"""Eight processes race to call the next ticket on one SQLite queue file."""

from __future__ import annotations

import multiprocessing
import multiprocessing.queues
import multiprocessing.synchronize
from collections import Counter
from datetime import UTC
from pathlib import Path

import pytest

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import SystemClock
from counterdesk.core.errors import QueueEmptyError
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.procedures import load_catalogue
from counterdesk.queue.sqlite import SqliteQueue

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TICKETS = 2000
PROCESSES = 8


def _counter_worker(
    path: str,
    counter: int,
    start: multiprocessing.synchronize.Event,
    results: multiprocessing.queues.Queue[tuple[int, list[str]]],
) -> None:
    queue = SqliteQueue(
        Path(path), load_catalogue(RESOURCES / "business_types.toml"), SystemClock(),
        local_zone=UTC,
    )  # fmt: skip
    policy = CallingPolicy(counter=counter, serves=queue.catalogue.codes)
    got: list[str] = []
    start.wait()
    try:
        while True:
            got.append(queue.call_next(policy).ticket.id)
    except QueueEmptyError:
        pass
    finally:
        queue.close()
        results.put((counter, got))


@pytest.mark.slow
def test_every_ticket_goes_to_exactly_one_counter(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "queue.db"
    kiosk = SqliteQueue(path, catalogue, SystemClock(), local_zone=UTC)
    codes = catalogue.codes
    issued = {kiosk.issue(codes[i % len(codes)]).id for i in range(TICKETS)}
    kiosk.close()

    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    results_queue: multiprocessing.queues.Queue[tuple[int, list[str]]] = ctx.Queue()
    workers = [
        ctx.Process(target=_counter_worker, args=(str(path), n + 1, start, results_queue))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    start.set()
    by_counter = dict(results_queue.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    results = [by_counter[n + 1] for n in range(PROCESSES)]

    dispatched = Counter(tid for got in results for tid in got)
    assert len(issued) == TICKETS
    assert set(dispatched) == issued, "a ticket was lost"
    assert max(dispatched.values()) == 1, "a ticket went to two counters"
    assert sum(1 for got in results if got) > 1, "only one process ever won the race"

    check = SqliteQueue(path, catalogue, SystemClock(), local_zone=UTC)
    try:
        rows = check.db.execute_sql(
            "SELECT t.counter, COUNT(e.seq) FROM ticket t JOIN ticket_event e "
            "ON e.ticket_id = t.id AND e.action = 'call' GROUP BY t.id"
        ).fetchall()
    finally:
        check.close()
    assert len(rows) == TICKETS
    assert all(calls == 1 for _, calls in rows)
    owner = {tid: n + 1 for n, got in enumerate(results) for tid in got}
    assert Counter(owner.values()) == Counter(r[0] for r in rows)
