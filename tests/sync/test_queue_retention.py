"""Retention of the SQLite queue: closed business days head office holds go after keep_days."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.storage.db import open_journal
from counterdesk.storage.sync_outbox import SyncJournal
from counterdesk.sync.tickets import QueueSource, prune_pushed_days, pushed_note_key

DAY = 24 * 3600.0


@pytest.fixture
def journal_path(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "journal.db"
    open_journal(path, clock).close()
    return path


@pytest.fixture
def queue(journal_path: Path, catalogue: Catalogue, clock: FixedClock) -> Iterator[SqliteQueue]:
    opened = SqliteQueue(journal_path, catalogue, clock, local_zone=UTC)
    yield opened
    opened.close()


@pytest.fixture
def sync(journal_path: Path, clock: FixedClock) -> Iterator[SyncJournal]:
    db = open_journal(journal_path, clock)
    yield SyncJournal(db)
    db.close()


def per_day(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """Tickets, ticket events, numbering rows and buckets (``queue_bucket``) per business day."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, tuple[int, int, int, int]] = {}
        for (day,) in conn.execute("SELECT day FROM day_close ORDER BY day"):
            found[day] = (
                conn.execute("SELECT count(*) FROM ticket WHERE day = ?", (day,)).fetchone()[0],
                conn.execute(
                    "SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                    "WHERE t.day = ?",
                    (day,),
                ).fetchone()[0],
                conn.execute("SELECT count(*) FROM daily_counter WHERE day = ?", (day,)).fetchone()[
                    0
                ],
                conn.execute("SELECT count(*) FROM queue_bucket WHERE day = ?", (day,)).fetchone()[
                    0
                ],
            )
        return found
    finally:
        conn.close()


def mark_pushed(sync: SyncJournal, path: Path, day: str) -> None:
    """Note the closed days up to ``day`` as sent, the way the ticket push notes them."""
    conn = sqlite3.connect(path)
    closed_at = conn.execute("SELECT closed_at FROM day_close WHERE day = ?", (day,)).fetchone()
    conn.close()
    sync.set_sync_note(pushed_note_key(QueueSource(path)), json.dumps([closed_at[0], day, 0]))


def test_only_closed_days_sent_to_hq_and_older_than_keep_days_are_pruned(
    journal_path: Path, queue: SqliteQueue, sync: SyncJournal, clock: FixedClock
) -> None:
    days = []
    for count in (2, 1, 1):
        for _ in range(count):
            queue.issue("DEP")
        days.append(queue.close_day().day.isoformat())
        clock.advance(DAY)
    clock.advance(100 * DAY)
    today = queue.issue("DEP")  # today's day, open
    source = QueueSource(journal_path)
    assert prune_pushed_days(sync, source, 90, clock) == 0  # nothing sent yet
    before = per_day(journal_path)
    assert all(all(counts) for counts in before.values())

    mark_pushed(sync, journal_path, days[1])  # the third closed day is not sent yet
    assert prune_pushed_days(sync, source, 90, clock) == 2

    after = per_day(journal_path)
    assert after[days[0]] == after[days[1]] == (0, 0, 0, 0)
    assert {d: n for d, n in after.items() if d not in days[:2]} == {
        d: n for d, n in before.items() if d not in days[:2]
    }
    assert prune_pushed_days(sync, source, 90, clock) == 0  # a re-run finds nothing

    # Sent, but younger than keep_days: it stays until it is old enough.
    mark_pushed(sync, journal_path, days[2])
    assert prune_pushed_days(sync, source, 101, clock) == 0
    assert prune_pushed_days(sync, source, 90, clock) == 1
    assert per_day(journal_path)[today.day.isoformat()] == before[today.day.isoformat()]

    # Today's numbering goes on where it was.
    assert queue.issue("DEP").number == today.number + 1


def test_the_current_day_stays_even_closed_and_sent(
    journal_path: Path, queue: SqliteQueue, sync: SyncJournal, clock: FixedClock
) -> None:
    queue.issue("DEP")
    closed = queue.close_day().day.isoformat()
    mark_pushed(sync, journal_path, closed)
    before = per_day(journal_path)
    assert prune_pushed_days(sync, QueueSource(journal_path), 0, clock) == 0
    # Even with a clock a day ahead of the queue's zone, the latest day is the current one.
    clock.advance(DAY)
    assert prune_pushed_days(sync, QueueSource(journal_path), 0, clock) == 0
    assert per_day(journal_path) == before


def test_a_postgres_queue_is_left_alone(sync: SyncJournal, clock: FixedClock) -> None:
    source = QueueSource(postgres_url="postgresql://desk@127.0.0.1:5432/nowhere")
    assert prune_pushed_days(sync, source, 0, clock) == 0
