"""Every queue test runs on both engines: a SQLite file and the real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from queue_helpers import MakeQueue

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.queue.sql import SqlQueue


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def make_queue(
    request: pytest.FixtureRequest, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> Iterator[MakeQueue]:
    """Open connections to one queue (each call: another terminal on the same queue)."""
    opened: list[SqlQueue] = []
    if request.param == "postgres":
        from counterdesk.queue.postgres import PostgresQueue

        url = request.getfixturevalue("pg_url")

        def make() -> SqlQueue:
            return PostgresQueue(url, catalogue, clock, local_zone=UTC)
    else:
        from counterdesk.queue.sqlite import SqliteQueue

        def make() -> SqlQueue:
            return SqliteQueue(tmp_path / "queue.db", catalogue, clock, local_zone=UTC)

    def tracked() -> SqlQueue:
        queue = make()
        opened.append(queue)
        return queue

    yield tracked
    for queue in opened:
        queue.close()


@pytest.fixture
def queue(make_queue: MakeQueue) -> SqlQueue:
    """One terminal's connection to the queue."""
    return make_queue()
