"""The manager's period report is the same whether head office or this PC computes it.

The day is ``kpi_day_helpers.serve_and_push``'s generated day (three counters, one SQLite queue,
pushed to a real HQ). ``compute_report`` over head office's SQL (as the branch's own role) and
over the local queue and journals must give the same report; cancelling stops both, and a
running statement at head office is stopped from another thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hq_helpers import RoleNames
from kpi_day_helpers import DAY, OPENS, PASSWORD, TARGETS, ZONE, serve_and_push
from test_hq_kpi import assert_same

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.kpis import By
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.local_kpis import LocalReportSource
from counterdesk.services.period_report import (
    HISTOGRAM_EDGES,
    PeriodReport,
    ReportCancelled,
    compute_report,
)
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.db import open_journal
from counterdesk.storage.unit_of_work import UnitOfWork
from counterdesk.sync.hq_kpi import Scope
from counterdesk.sync.hq_report import HqReportConnection, HqReportUnavailable

pytestmark = pytest.mark.postgres
Databases = Callable[[], contextlib.AbstractContextManager[str]]


@pytest.fixture(scope="module")
def day(
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    module_roles: RoleNames,
    pg_databases: Databases,
) -> Iterator[tuple[Path, str, str]]:
    """The generated day's folder (queue and journals) and its HQ (URL, branch code)."""
    with pg_databases() as hq_url:
        folder = tmp_path_factory.mktemp("day")
        code = module_roles.code("P")
        serve_and_push(folder, catalogue, hq_url, module_roles.owner, code)
        yield folder, hq_url, code


def local_source(folder: Path, catalogue: Catalogue, code: str) -> LocalReportSource:
    clock = FixedClock(OPENS)  # read only: the clock decides nothing here
    journals = [
        CounterJournal(UnitOfWork(open_journal(folder / f"journal{n}.db", clock), clock))
        for n in (3, 4, 5)
    ]
    queue = SqliteQueue(folder / "queue.db", catalogue, clock, local_zone=ZONE)
    return LocalReportSource(queue, journals, code)


def _plain(report: PeriodReport) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data.pop("source")
    data.pop("days_held")
    return data


@pytest.mark.parametrize("table_by", [By.DAY, By.TELLER, By.BUSINESS_TYPE, By.HOUR])
def test_head_office_and_this_pc_give_the_same_report(
    day: tuple[Path, str, str], catalogue: Catalogue, table_by: By
) -> None:
    folder, url, code = day
    scope = Scope(DAY, DAY, code, ZONE)
    hq = compute_report(
        HqReportConnection(url, code, catalogue, password=PASSWORD),
        scope, TARGETS, lambda: False, table_by=table_by,
    )  # fmt: skip
    local = compute_report(
        local_source(folder, catalogue, code), scope, TARGETS, lambda: False, table_by=table_by
    )
    assert (hq.source, local.source) == ("hq", "local")
    assert local.days_held == (DAY,)
    assert not hq.empty
    assert len(hq.waits) == len(HISTOGRAM_EDGES) + 1
    assert sum(b.count for b in hq.waits) == hq.headline.waiting.count
    assert sum(h.arrivals for h in hq.hours) == hq.headline.arrivals
    assert hq.tellers
    assert hq.steps
    assert hq.reasons
    assert hq.table
    assert_same(_plain(hq), _plain(local), f"report by {table_by}")


def test_a_period_with_no_day_held_on_this_pc_is_an_empty_report(
    day: tuple[Path, str, str], catalogue: Catalogue
) -> None:
    folder, _, code = day
    first = DAY.replace(day=1)
    scope = Scope(first, first, code, ZONE)
    report = compute_report(local_source(folder, catalogue, code), scope, TARGETS, lambda: False)
    assert report.empty
    assert report.days_held == ()
    assert report.table == ()


def test_cancelling_stops_the_report_between_figures(
    day: tuple[Path, str, str], catalogue: Catalogue
) -> None:
    folder, url, code = day
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 3

    scope = Scope(DAY, DAY, code, ZONE)
    with pytest.raises(ReportCancelled):
        compute_report(local_source(folder, catalogue, code), scope, TARGETS, cancelled)
    asked = 0
    source = HqReportConnection(url, code, catalogue, password=PASSWORD)
    with pytest.raises(ReportCancelled):
        compute_report(source, scope, TARGETS, cancelled)
    assert source._conn is None  # closed


def test_a_running_statement_at_head_office_is_stopped_from_another_thread(
    day: tuple[Path, str, str], catalogue: Catalogue
) -> None:
    _, url, code = day
    source = HqReportConnection(url, code, catalogue, password=PASSWORD)
    source.open(Scope(DAY, DAY, code, ZONE))
    started = threading.Event()
    outcome: list[BaseException] = []

    def slow() -> None:
        def statement() -> None:
            with source._conn.cursor() as cur:
                started.set()
                cur.execute("SELECT pg_sleep(60)")

        try:
            source.run(statement)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=slow)
    worker.start()
    assert started.wait(10)
    source.cancel()
    worker.join(15)
    assert not worker.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], ReportCancelled)
    source.close()


def test_head_office_down_is_said_in_words(catalogue: Catalogue) -> None:
    source = HqReportConnection(
        "postgresql://nobody@127.0.0.1:1/counterdesk", "BJ0101", catalogue, password="x"
    )
    with pytest.raises(HqReportUnavailable) as caught:
        compute_report(source, Scope(DAY, DAY, "BJ0101", ZONE), TARGETS, lambda: False)
    message = str(caught.value)
    assert message.startswith("head office (postgresql://"), message
    assert "127.0.0.1:1/counterdesk) cannot give the report: " in message
    assert "Connection refused" in message or "connect" in message
