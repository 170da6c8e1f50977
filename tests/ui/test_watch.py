"""Windows learn of queue changes: by LISTEN/NOTIFY on PostgreSQL, by data_version on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import psycopg2
import pytest
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.queue.postgres import PgAddress, PgListener, PostgresQueue, application_name
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.watch import NotifyWatcher, PollingWatcher


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    qtbot.waitUntil(lambda: made.idle)
    made.shutdown()


def test_sqlite_changes_by_another_process_are_noticed(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    watched = SqliteQueue(tmp_path / "q.db", catalogue, clock, local_zone=UTC)
    kiosk = SqliteQueue(tmp_path / "q.db", catalogue, clock, local_zone=UTC)
    watcher = PollingWatcher(watched, runner, interval_ms=50)
    try:
        with qtbot.waitSignal(watcher.changed, timeout=2000):
            watcher.start()
        with qtbot.waitSignal(watcher.changed, timeout=2000):
            kiosk.issue("DEP")
    finally:
        watcher.stop()
        qtbot.waitUntil(lambda: runner.idle)
        watched.close()
        kiosk.close()


@pytest.mark.postgres
def test_postgres_notifies_and_the_watcher_reconnects_after_a_cut(
    qtbot: QtBot, runner: TaskRunner, pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    kiosk = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    watcher = NotifyWatcher(PgListener(PgAddress.parse(pg_url)), runner)
    online: list[bool] = []
    watcher.connection.connect(online.append)
    try:
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            watcher.start()
        with qtbot.waitSignal(watcher.changed, timeout=2000):
            kiosk.issue("DEP")

        admin = psycopg2.connect(pg_url)
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND datname = current_database()",
                (application_name("listen"),),
            )
        admin.close()
        qtbot.waitUntil(lambda: online[-1] is False, timeout=5000)
        # Back by itself after the first back-off, with a change announced (anything may have
        # happened while it was away).
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            kiosk.issue("DEP")
        qtbot.waitUntil(lambda: online[-1] is True, timeout=5000)
        assert online == [True, False, True]
    finally:
        watcher.stop()
        qtbot.waitUntil(lambda: runner.idle)
        kiosk.close()


def test_the_day_closes_once_at_the_configured_time(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    from datetime import datetime, time, timedelta

    from counterdesk.services.day_close import DayClosing
    from counterdesk.ui.day_closer import DayCloser

    queue = SqliteQueue(tmp_path / "q.db", catalogue, clock, local_zone=UTC)
    queue.issue("DEP")
    local = [datetime(2026, 11, 30, 18, 59, tzinfo=UTC)]
    closer = DayCloser(DayClosing(queue, time(19, 0), now=lambda: local[0]), runner)
    try:
        closer.check()
        qtbot.waitUntil(lambda: runner.idle)
        assert queue.status().waiting == 1, "not before closing time"
        local[0] += timedelta(minutes=1)
        closer.check()
        qtbot.waitUntil(lambda: runner.idle)
        assert queue.status().waiting == 0
        assert queue.close_day(local[0].date()).already_closed
    finally:
        queue.close()
