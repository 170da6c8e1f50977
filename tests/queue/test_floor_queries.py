"""What the kiosk and the lobby display read from the queue."""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path

from counterdesk.core.business import Catalogue, Priority
from counterdesk.core.clock import FixedClock
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.base import CounterMode
from counterdesk.queue.schema import QUEUE_META, QUEUE_SCHEMA_VERSION, SQLITE_SCHEMA
from counterdesk.queue.sql import SqlQueue
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.storage.sql import scalar


def test_calls_come_once_each_in_order_with_recalls_marked(
    queue: SqlQueue, clock: FixedClock
) -> None:
    for _ in range(3):
        queue.issue("DEP")
    first = queue.call_next(CallingPolicy(1, ("DEP",))).ticket
    clock.advance(5)
    queue.call_next(CallingPolicy(2, ("DEP",)))
    queue.recall(first.id, 1)
    calls = queue.calls_after(0)
    assert [(c.ticket_label, c.counter, c.recall) for c in calls] == [
        ("A001", 1, False), ("A002", 2, False), ("A001", 1, True),
    ]  # fmt: skip
    assert queue.calls_after(calls[-1].seq) == []
    assert [c.seq for c in queue.calls_after(calls[0].seq)] == [c.seq for c in calls[1:]]
    assert queue.recent_calls(2) == calls[1:]
    assert queue.last_event_seq() >= calls[-1].seq


def test_ahead_counts_who_is_called_first(queue: SqlQueue, clock: FixedClock) -> None:
    queue.issue("DEP")
    clock.advance(1)
    queue.issue("WDR")
    clock.advance(1)
    mine = queue.issue("DEP")
    clock.advance(1)
    green = queue.issue("DEP", Priority.GREEN)
    assert queue.ahead_of(mine) == 2  # the first deposit, and the green channel after me
    assert queue.ahead_of(green) == 0


def test_recent_service_times_and_open_counters(queue: SqlQueue, clock: FixedClock) -> None:
    for seconds in (100, 200):
        ticket = queue.issue("DEP")
        queue.call_next(CallingPolicy(1, ("DEP",)))
        queue.start(ticket.id, 1)
        clock.advance(seconds)
        queue.finish(ticket.id, 1)
    assert sorted(queue.recent_service_seconds("DEP")) == [100, 200]
    assert queue.recent_service_seconds("WDR") == []
    queue.set_counter_mode(1, CounterMode.OPEN, serves=("DEP", "WDR"))
    queue.set_counter_mode(2, CounterMode.OPEN, serves=())
    queue.set_counter_mode(3, CounterMode.PAUSED, "lunch", serves=("FX",))
    assert queue.open_counters() == {1: ("DEP", "WDR"), 2: ()}
    queue.set_counter_mode(1, CounterMode.PAUSED, "meeting")
    queue.set_counter_mode(1, CounterMode.OPEN)
    assert queue.open_counters()[1] == ("DEP", "WDR"), "serves survives a pause"


def test_a_version_1_queue_is_upgraded_with_its_tickets(
    tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute(QUEUE_META)
    for statement in SQLITE_SCHEMA[1]:
        con.execute(statement)
    con.execute("INSERT INTO queue_meta VALUES ('queue', 1)")
    con.execute(
        "INSERT INTO counter_state (counter, mode, reason, priority_streak, updated_at) "
        "VALUES (4, 'open', '', 0, '2026-11-30T09:00:00.000000Z')"
    )
    con.commit()
    con.close()
    queue = SqliteQueue(path, catalogue, clock, local_zone=UTC)
    try:
        queue.open()  # the start-up step upgrades the tables
        version = scalar(queue.db, "SELECT version FROM queue_meta")
        assert version == QUEUE_SCHEMA_VERSION == 7
        (counter_4,) = queue.status().counters
        assert counter_4.mode is CounterMode.OPEN
        assert not counter_4.responding, "no heartbeat since the upgrade"
        queue.heartbeat(4)
        assert queue.open_counters() == {4: ()}
        assert queue.issue("DEP").label == "A001"
    finally:
        queue.close()
