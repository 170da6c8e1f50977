"""The lobby's feed of calls: each shown once (also one committed late); recent ones spoken."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.base import CallView, CounterMode
from counterdesk.queue.postgres import PostgresQueue
from counterdesk.services import floor
from counterdesk.services.floor import DisplayFeed


@pytest.fixture
def queues(pg_url: str, catalogue: Catalogue, clock: FixedClock) -> Iterator[list[PostgresQueue]]:
    """Three connections to one queue: two counters and the lobby display."""
    made = [PostgresQueue(pg_url, catalogue, clock, local_zone=UTC) for _ in range(3)]
    yield made
    for queue in made:
        queue.close()


def labels(update: floor.FloorUpdate | None) -> list[str]:
    assert update is not None
    return [call.ticket_label for call in update.calls]


def branch(queues: list[PostgresQueue]) -> tuple[PostgresQueue, PostgresQueue, DisplayFeed]:
    """Counters 1 and 2 open, three customers waiting, the display started."""
    slow, fast, display = queues
    for counter in (1, 2):
        fast.set_counter_mode(counter, CounterMode.OPEN)
    for _ in range(3):
        fast.issue("DEP")
    feed = DisplayFeed(display)
    feed.start()
    return slow, fast, feed


@pytest.mark.postgres
def test_a_call_that_commits_after_a_later_call_is_shown_once(
    queues: list[PostgresQueue],
) -> None:
    slow, fast, feed = branch(queues)

    # Counter 1 calls first (the earlier position of the feed) but its commit is late.
    with slow.db.atomic():
        first = slow.call_next(CallingPolicy(1, ("DEP",)))
        second = fast.call_next(CallingPolicy(2, ("DEP",)))
        assert labels(feed.poll()) == [second.ticket.label]
    assert labels(feed.poll()) == [first.ticket.label], "the late call is shown when it commits"
    assert feed.poll() is None, "and only once; nothing is left to look for"

    third = fast.call_next(CallingPolicy(2, ("DEP",)))
    assert labels(feed.poll()) == [third.ticket.label]


@pytest.mark.postgres
def test_a_position_that_never_commits_is_looked_for_only_for_a_while(
    queues: list[PostgresQueue], clock: FixedClock
) -> None:
    slow, fast, feed = branch(queues)

    with slow.db.atomic() as counter_1:
        slow.call_next(CallingPolicy(1, ("DEP",)))
        second = fast.call_next(CallingPolicy(2, ("DEP",)))
        assert labels(feed.poll()) == [second.ticket.label]
        counter_1.rollback()  # counter 1 lost its connection before the commit

    assert labels(feed.poll()) == [], "the rolled-back call is never shown"
    clock.advance(floor.GAP_SECONDS + 1)
    assert labels(feed.poll()) == []
    assert feed.poll() is None, "after a while the missing position is given up"
    third = fast.call_next(CallingPolicy(1, ("DEP",)))
    assert labels(feed.poll()) == [third.ticket.label]


def call_at(seq: int, minutes: float) -> CallView:
    at = datetime(2026, 12, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    return CallView(seq, f"A{seq:03d}", 1, "DEP", at)


@pytest.mark.parametrize(
    ("minutes", "spoken"),
    [
        ([0.0], [1]),  # a single call is always spoken
        ([0.0, 0.5, 1.0], [1, 2, 3]),  # a short break: all of it
        ([0.0, 7.0, 8.0, 10.0], [3, 4]),  # back after ten minutes: the last two minutes only
        ([0.0, 2.0], [1, 2]),  # exactly two minutes before the newest: still spoken
    ],
)
def test_only_the_calls_of_the_last_two_minutes_of_an_update_are_spoken(
    minutes: list[float], spoken: list[int]
) -> None:
    calls = [call_at(n, m) for n, m in enumerate(minutes, start=1)]
    assert [c.seq for c in floor.worth_announcing(calls)] == spoken
    assert floor.worth_announcing([]) == []
