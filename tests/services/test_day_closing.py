"""The business day closes once, after the closing time, and is tried again after a failure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.day_close import DayClosing


class _Unreachable:
    """A queue whose server is down until told otherwise."""

    def __init__(self, queue: SqliteQueue) -> None:
        self.queue = queue
        self.down = True

    def close_day(self, day: date | None = None, *, keep_open: bool = False) -> object:
        if self.down:
            raise ConnectionError("queue server down")
        return self.queue.close_day(day, keep_open=keep_open)


@pytest.fixture
def queue(tmp_path: Path, catalogue: Catalogue, clock: FixedClock) -> Iterator[SqliteQueue]:
    """A queue with one customer waiting."""
    made = SqliteQueue(tmp_path / "q.db", catalogue, clock, local_zone=UTC)
    made.issue("DEP")
    yield made
    made.close()


def test_nothing_closes_before_the_closing_time_and_then_once(queue: SqliteQueue) -> None:
    local = [datetime(2026, 11, 30, 18, 59, tzinfo=UTC)]
    closing = DayClosing(queue, time(19, 0), now=lambda: local[0])
    assert closing.due() is None
    assert closing.close_if_due() is None
    assert queue.status().waiting == 1

    local[0] += timedelta(minutes=1)
    assert closing.due() == date(2026, 11, 30)
    result = closing.close_if_due()
    assert result is not None
    assert queue.status().waiting == 0
    # Asked again the same evening, this terminal does not close the day again.
    assert closing.due() is None
    assert closing.close_if_due() is None


def test_a_failed_close_is_tried_again_at_the_next_ask(queue: SqliteQueue) -> None:
    flaky = _Unreachable(queue)
    closing = DayClosing(flaky, time(19, 0), now=lambda: datetime(2026, 11, 30, 20, 0, tzinfo=UTC))
    with pytest.raises(ConnectionError):  # the caller logs it
        closing.close_if_due()
    assert closing.due() == date(2026, 11, 30)
    flaky.down = False
    assert closing.close_if_due() is not None
    assert queue.status().waiting == 0
