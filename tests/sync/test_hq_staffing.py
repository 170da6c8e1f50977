"""Head office's staffing history equals the one read from the branch's own queue and journals.

Three business days (two Mondays and a Tuesday) are served at three counters through the real
desks by ``kpi_day_helpers.Day`` (transfers, recalls, holds, no-shows, switches of business
type, expiries at each day's close), then pushed to a real HQ by the real sync. The history
``read_hq_history`` sums in PostgreSQL must equal the one ``read_local_history`` sums in Python
over the same days; and ``counterdesk report staffing --from --to`` prints the plan of it.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hq_helpers import RoleNames, connect_as
from kpi_day_helpers import PASSWORD, TELLERS, ZONE, Day, _desk

from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_OK, EXIT_USAGE
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.staffing_plan import History, is_close, plan
from counterdesk.services.staffing_history import read_local_history
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.sync_outbox import SyncJournal
from counterdesk.sync.hq import add_branch, connect_admin, init_hq
from counterdesk.sync.hq_staffing import read_hq_history
from counterdesk.sync.push import push
from counterdesk.sync.tickets import QueueSource

pytestmark = pytest.mark.postgres
Databases = Callable[[], contextlib.AbstractContextManager[str]]
DAYS = (date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 7))
FIRST, LAST = DAYS[0], DAYS[-1]


def serve_days_and_push(
    tmp_path: Path, catalogue: Catalogue, hq_url: str, owner: str, code: str
) -> History:
    """Serve :data:`DAYS` at three counters, push them to a new HQ; the local history."""
    clock = FixedClock(datetime(2026, 11, 30, 0, 30, tzinfo=UTC))
    desks = [_desk(tmp_path, clock, catalogue, c, levels) for c, levels in ((3, 5), (4, 4), (5, 3))]
    try:
        for index, day in enumerate(DAYS):
            opens = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)  # 08:30 local
            clock.set(opens)
            for desk in desks:
                desk.sign_in(*TELLERS[desk.counter])
            run = Day(desks, clock, seed=31 + index)
            run.run(opens + timedelta(hours=2, minutes=30 * index))
            for desk in desks:
                run.wind_down(desk)
                desk.sign_out()
            desks[0].queue.issue("VIP")  # still waiting at the close: expired
            clock.advance(300)
            desks[0].queue.close_day(day)
        history = read_local_history(
            desks[0].queue,
            [CounterJournal(d.uow) for d in desks],
            branch=code,
            first=FIRST,
            last=LAST,
            zone=ZONE,
        )
        init_hq(hq_url, owner)
        add_branch(hq_url, code, PASSWORD, "Branch K")
        for index, desk in enumerate(desks):
            queue = QueueSource(tmp_path / "queue.db") if index == 0 else None
            push(SyncJournal(desk.uow.db), hq_url, code, PASSWORD, queue=queue)
        return history
    finally:
        for desk in desks:
            desk.queue.close()
            desk.uow.db.close()


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    module_roles: RoleNames,
    pg_databases: Databases,
) -> Iterator[tuple[History, str, str]]:
    """The generated days: their local history, pushed to HQ (url, branch code)."""
    with pg_databases() as hq_url:
        code = module_roles.code("S")
        history = serve_days_and_push(
            tmp_path_factory.mktemp("days"), catalogue, hq_url, module_roles.owner, code
        )
        add_branch(hq_url, module_roles.code("T"), PASSWORD, "Branch T")
        yield history, hq_url, code


def test_the_generated_days_are_a_history_worth_comparing(
    served: tuple[History, str, str],
) -> None:
    history = served[0]
    assert history.days == {0: 2, 1: 1}
    assert {c.hour for c in history.cells} >= {8, 9, 10}
    assert sum(c.arrivals for c in history.cells) >= 60
    assert sum(c.walk_aways for c in history.cells) >= 3
    assert sum(c.services for c in history.cells) >= 40
    assert {c.business_type for c in history.cells} == {"DEP", "WDR", "VIP"}
    # Some services finish in an hour of their own (no arrival of that type then).
    assert any(c.services and not c.arrivals for c in history.cells)


def test_head_offices_history_equals_the_branchs_own(
    served: tuple[History, str, str], catalogue: Catalogue
) -> None:
    local, url, code = served
    for conn in (connect_admin(url), connect_as(url, f"cd_branch_{code.lower()}")):
        try:
            remote = read_hq_history(
                conn, branch=code, first=FIRST, last=LAST, zone=ZONE, catalogue=catalogue
            )
        finally:
            conn.close()
        assert remote.days == local.days
        assert [c[:3] for c in _keys(remote)] == [c[:3] for c in _keys(local)]
        assert is_close(remote, local), (remote, local)
        targets = catalogue.targets()
        assert plan(remote, targets, 0.8).cells.keys() == plan(local, targets, 0.8).cells.keys()
        assert {k: c.counters for k, c in plan(remote, targets, 0.8).cells.items()} == {
            k: c.counters for k, c in plan(local, targets, 0.8).cells.items()
        }


def test_a_period_without_tickets_or_another_branch_has_an_empty_history(
    served: tuple[History, str, str], catalogue: Catalogue
) -> None:
    _, url, code = served
    conn = connect_as(url, f"cd_branch_{code.lower()}")
    try:
        quiet = read_hq_history(conn, branch=code, first=date(2026, 12, 2),
                                last=date(2026, 12, 6), zone=ZONE, catalogue=catalogue)  # fmt: skip
        # Row-level security: the branch's role sees no rows of another branch.
        other = read_hq_history(conn, branch="XX9999", first=FIRST, last=LAST, zone=ZONE,
                                catalogue=catalogue)  # fmt: skip
    finally:
        conn.close()
    for empty in (quiet, other):
        assert (dict(empty.days), empty.cells) == ({}, ())


def _keys(history: History) -> list[tuple[int, int, str]]:
    return [(c.weekday, c.hour, c.business_type) for c in history.cells]


def _config(tmp_path: Path, url: str, code: str) -> str:
    config = tmp_path / "config.toml"
    config.write_text(f'[branch]\ncode = "{code}"\n[hq]\nurl = "{url}"\n', encoding="utf-8")
    return str(config)


def test_the_report_prints_head_offices_plan(
    served: tuple[History, str, str],
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local, url, code = served
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    config = _config(tmp_path, url, code)
    args = ["--config", config, "report", "staffing", "--from", FIRST.isoformat(),
            "--to", LAST.isoformat(), "--zone", ZONE.key]  # fmt: skip
    out = io.StringIO()
    assert main([*args, "--level", "90", "--json"], out) == EXIT_OK
    data = json.loads(out.getvalue())
    expected = plan(local, catalogue.targets(), 0.9)
    assert data["source"] == "head office"
    assert (data["branch"], data["level"]) == (code, 0.9)
    assert data["hours"] == list(expected.hours)
    assert [row["weekday"] for row in data["weekdays"]] == ["Monday", "Tuesday"]
    for row, weekday in zip(data["weekdays"], expected.weekdays, strict=True):
        assert [c["counters"] for c in row["cells"]] == [
            expected.cell(weekday, h).counters for h in expected.hours
        ]
    out = io.StringIO()
    assert main(args, out) == EXIT_OK
    lines = out.getvalue().splitlines()
    assert any(line.startswith("Monday") for line in lines)
    header = next(line for line in lines if line.lstrip().startswith("weekday"))
    assert f"{expected.hours[0]:02d}" in header
    out = io.StringIO()
    assert main([*args, "--arrivals-per-hour", "10"], out) == EXIT_USAGE
