"""Many processes race to call the next ticket on one queue: a SQLite file, then PostgreSQL."""

from __future__ import annotations

import multiprocessing
import multiprocessing.queues
import multiprocessing.synchronize
from collections import Counter
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import SystemClock
from counterdesk.core.errors import QueueEmptyError
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.procedures import load_catalogue
from counterdesk.queue.sql import SqlQueue
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.storage.sql import execute

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TICKETS = 2000
PROCESSES = 8
PG_TICKETS = 5000
PG_PROCESSES = 16
#: Processes issuing the PostgreSQL queue's tickets, each its own business types in one
#: transaction, so that they never wait for each other's number counters.
PG_ISSUERS = 4


def _open_sqlite(where: str) -> SqlQueue:
    return SqliteQueue(
        Path(where), load_catalogue(RESOURCES / "business_types.toml"), SystemClock(),
        local_zone=UTC,
    )  # fmt: skip


def _open_postgres(where: str) -> SqlQueue:
    from counterdesk.queue.postgres import PostgresQueue

    return PostgresQueue(
        where, load_catalogue(RESOURCES / "business_types.toml"), SystemClock(), local_zone=UTC
    )


def _counter_worker(
    open_queue: Callable[[str], SqlQueue],
    where: str,
    counter: int,
    start: multiprocessing.synchronize.Event,
    results: multiprocessing.queues.Queue[tuple[int, list[str]]],
) -> None:
    queue = open_queue(where)
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


def _issuer_worker(
    where: str,
    number: int,
    codes: list[str],
    count: int,
    start: multiprocessing.synchronize.Event,
    results: multiprocessing.queues.Queue[tuple[int, list[str]]],
) -> None:
    queue = _open_postgres(where)
    got: list[str] = []
    start.wait()
    try:
        with queue.db.atomic():
            got = [queue.issue(codes[i % len(codes)]).id for i in range(count)]
    finally:
        queue.close()
        results.put((number, got))


def _run(target: Callable[..., None], jobs: list[tuple[Any, ...]], timeout: float) -> list[Any]:
    """Run one forked process per job, ``start`` them together, and collect what they put."""
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    results: multiprocessing.queues.Queue[tuple[int, list[str]]] = ctx.Queue()
    workers = [ctx.Process(target=target, args=(*job, start, results)) for job in jobs]
    for worker in workers:
        worker.start()
    start.set()
    by_number = dict(results.get(timeout=timeout) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    return [by_number[n + 1] for n in range(len(jobs))]


def _race(open_queue: Callable[[str], SqlQueue], where: str, processes: int) -> list[list[str]]:
    """Counters 1..``processes``, one process each, call next until the queue is empty."""
    jobs = [(open_queue, where, n + 1) for n in range(processes)]
    return _run(_counter_worker, jobs, timeout=120)


def _check(check: SqlQueue, issued: set[str], results: list[list[str]], tickets: int) -> None:
    dispatched = Counter(tid for got in results for tid in got)
    assert len(issued) == tickets
    assert set(dispatched) == issued, "a ticket was lost"
    assert max(dispatched.values()) == 1, "a ticket went to two counters"
    assert sum(1 for got in results if got) > 1, "only one process ever won the race"

    try:
        rows = execute(
            check.db,
            "SELECT t.id, t.counter, COUNT(e.seq) FROM ticket t JOIN ticket_event e "
            "ON e.ticket_id = t.id AND e.action = 'call' GROUP BY t.id, t.counter",
        ).fetchall()
    finally:
        check.close()
    assert len(rows) == tickets
    assert all(calls == 1 for _, _, calls in rows)
    owner = {tid: n + 1 for n, got in enumerate(results) for tid in got}
    assert owner == {tid: counter for tid, counter, _ in rows}, "a counter's tickets differ"


@pytest.mark.slow
def test_every_ticket_goes_to_exactly_one_counter(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "queue.db"
    kiosk = SqliteQueue(path, catalogue, SystemClock(), local_zone=UTC)
    codes = catalogue.codes
    issued = {kiosk.issue(codes[i % len(codes)]).id for i in range(TICKETS)}
    kiosk.close()

    results = _race(_open_sqlite, str(path), PROCESSES)

    _check(SqliteQueue(path, catalogue, SystemClock(), local_zone=UTC), issued, results, TICKETS)


@pytest.mark.postgres
@pytest.mark.slow
def test_every_ticket_goes_to_exactly_one_counter_on_postgres(
    pg_url: str, catalogue: Catalogue
) -> None:
    codes = list(catalogue.codes)
    # The business day's first ticket opens it (once, for every terminal); the issuers then
    # share the open day and only their own number counters.
    opener = _open_postgres(pg_url)
    first = opener.issue(codes[0]).id
    opener.close()
    share = [codes[n::PG_ISSUERS] for n in range(PG_ISSUERS)]
    counts = [PG_TICKETS // PG_ISSUERS + (n < PG_TICKETS % PG_ISSUERS) for n in range(PG_ISSUERS)]
    batches = _run(
        _issuer_worker,
        [(pg_url, n + 1, share[n], counts[n]) for n in range(PG_ISSUERS)],
        timeout=60,
    )
    issued = {first} | {tid for batch in batches for tid in batch}

    results = _race(_open_postgres, pg_url, PG_PROCESSES)

    _check(_open_postgres(pg_url), issued, results, PG_TICKETS + 1)
