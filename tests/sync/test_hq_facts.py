"""HQ's KPI facts (schema 6): marked stale by every write, recomputed by the next report.

The day is ``kpi_day_helpers.serve_and_push``'s (served by real desks, pushed by the real sync).
Each test that writes gets its own copy of that HQ (``CREATE DATABASE … TEMPLATE``). The facts
must give exactly the figures the raw rows give (``HqKpis(..., facts=False)``), which
``test_hq_kpi.py`` compares with the Python KPIs.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hq_helpers import RoleNames, connect_as, query
from kpi_day_helpers import DAY, GROUPINGS, PASSWORD, TARGETS, ZONE, serve_and_push

from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_OK
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.kpis import By, Share
from counterdesk.storage.db import open_journal
from counterdesk.sync.hq import PASSWORD_ENV, add_branch, connect_admin, init_hq
from counterdesk.sync.hq_facts import Facts, replace_day
from counterdesk.sync.hq_kpi import HqKpis, Scope, _key_sql
from counterdesk.sync.pull import pull_teller_months

pytestmark = pytest.mark.postgres
Databases = Callable[..., contextlib.AbstractContextManager[str]]
EDGES = (120.0, 300.0, 600.0, 900.0, 1800.0)


@pytest.fixture(scope="module")
def template(
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    module_roles: RoleNames,
    pg_databases: Databases,
) -> Iterator[tuple[str, str, str]]:
    """An HQ holding the pushed day (no report has run on it): (url, branch, other branch)."""
    with pg_databases() as url:
        code, other = module_roles.code("F"), module_roles.code("G")
        serve_and_push(tmp_path_factory.mktemp("day"), catalogue, url, module_roles.owner, code)
        add_branch(url, other, "branch-g-password", "Branch G")
        yield url, code, other


@pytest.fixture
def hq(template: tuple[str, str, str], pg_databases: Databases) -> Iterator[tuple[str, str, str]]:
    """This test's own copy of the template HQ."""
    url, code, other = template
    with pg_databases(template=url) as copy:
        yield copy, code, other


def figures(report: HqKpis, by: tuple[By, ...]) -> dict[str, Any]:
    """Every figure a report or the manager's window asks for."""
    return {
        "arrivals": report.arrivals(by=by),
        "waiting_times": report.waiting_times(by=by),
        "waiting_histogram": report.waiting_histogram(EDGES, by=by),
        "service_level": report.service_level(TARGETS, by=by),
        "walk_aways": report.walk_aways(by=by),
        "recalls": report.recalls(by=by),
        "transfers": report.transfers(by=by),
        "holds": report.holds(by=by),
        "served": report.served(by=by),
        "service_times": report.service_times(by=by),
        "handle_times": report.handle_times(by=by),
        "teller_time": report.teller_time(by=by),
        "satisfaction": report.satisfaction(by=by),
        "sop_compliance": report.sop_compliance(by=by),
    }


def assert_close(facts: Any, raw: Any, where: str) -> None:
    """Equal, floats within a microsecond (sums of the same seconds in another order)."""
    if isinstance(raw, float):
        assert math.isclose(facts, raw, rel_tol=0, abs_tol=1e-6), f"{where}: {facts} != {raw}"
    elif isinstance(raw, dict):
        assert sorted(facts) == sorted(raw), f"{where}: keys {sorted(facts)} != {sorted(raw)}"
        for key in raw:
            assert_close(facts[key], raw[key], f"{where}[{key!r}]")
    elif isinstance(raw, tuple) and not hasattr(raw, "_fields") and not _is_dataclass(raw):
        assert len(facts) == len(raw), f"{where}: {facts} != {raw}"
        for index, (a, b) in enumerate(zip(facts, raw, strict=True)):
            assert_close(a, b, f"{where}[{index}]")
    elif _is_dataclass(raw):
        assert type(facts) is type(raw), where
        assert_close(vars(facts), vars(raw), where)
    else:
        assert facts == raw, f"{where}: {facts!r} != {raw!r}"


def _is_dataclass(value: Any) -> bool:
    return hasattr(value, "__dataclass_fields__")


def stale(url: str, code: str) -> int:
    """The branch's stale marks on the served day."""
    return int(
        query(
            url,
            "SELECT count(*) FROM hq.kpi_stale WHERE branch_code = %s AND day = %s",
            (code, DAY),
        )[0][0]
    )


def test_the_push_marked_the_day_stale_and_the_first_report_computes_its_facts(
    hq: tuple[str, str, str], catalogue: Catalogue
) -> None:
    url, code, _ = hq
    # The push's statements (tickets, events, services, steps, ratings, sessions) marked it;
    # the sessions also the days either side (no zone is known before the first facts).
    marked = {row[0] for row in query(url, "SELECT DISTINCT day FROM hq.kpi_stale")}
    assert marked == {DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)}
    assert query(url, "SELECT count(*) FROM hq.kpi_ticket")[0][0] == 0
    tickets = query(url, "SELECT count(*) FROM hq.ticket WHERE branch_code = %s", (code,))[0][0]
    conn = connect_admin(url)
    try:
        arrivals = HqKpis(conn, Scope(DAY, DAY, code, ZONE), catalogue).arrivals()
    finally:
        conn.close()
    assert arrivals == {(): tickets}
    assert stale(url, code) == 0
    assert query(url, "SELECT count(*) FROM hq.kpi_ticket")[0][0] == tickets
    assert query(url, "SELECT branch_code, day, zone FROM hq.kpi_day") == [
        (code, DAY, "Asia/Shanghai")
    ]
    assert query(url, "SELECT count(*) FROM hq.kpi_service WHERE finished")[0][0] > 0
    assert query(url, "SELECT count(*) FROM hq.kpi_teller")[0][0] > 0


@pytest.mark.parametrize("by", GROUPINGS, ids=lambda by: "-".join(by) or "all")
def test_the_facts_give_the_raw_rows_figures(
    hq: tuple[str, str, str], catalogue: Catalogue, by: tuple[By, ...]
) -> None:
    url, code, _ = hq
    conn = connect_admin(url)
    try:
        for scope in (
            Scope(DAY, DAY, code, ZONE),
            Scope(DAY - timedelta(days=3), DAY + timedelta(days=3), None, ZONE),
        ):
            raw = figures(HqKpis(conn, scope, catalogue, facts=False), by)
            stored = figures(HqKpis(conn, scope, catalogue), by)
            for name, figure in raw.items():
                assert_close(stored[name], figure, f"{name} by {by} over {scope}")
        assert stale(url, code) == 0
    finally:
        conn.close()


def test_a_later_write_marks_the_day_and_the_next_report_counts_it(
    hq: tuple[str, str, str], catalogue: Catalogue
) -> None:
    url, code, _ = hq
    scope = Scope(DAY, DAY, code, ZONE)
    conn = connect_admin(url)
    try:
        before = HqKpis(conn, scope, catalogue).satisfaction()[()]
        assert stale(url, code) == 0
        # A terminal's journal deleted a rating: the push's tombstone, as the branch writes it.
        branch = connect_as(url, f"cd_branch_{code.lower()}")
        try:
            with branch, branch.cursor() as cur:
                cur.execute(
                    "UPDATE hq.rating SET deleted_at = now() WHERE uuid = (SELECT uuid FROM "
                    "hq.rating WHERE outcome = 'rated' ORDER BY uuid LIMIT 1)"
                )
        finally:
            branch.close()
        assert stale(url, code) == 1
        after = HqKpis(conn, scope, catalogue).satisfaction()[()]
        raw = HqKpis(conn, scope, catalogue, facts=False).satisfaction()[()]
    finally:
        conn.close()
    assert after.rated == before.rated - 1
    assert_close(after, raw, "satisfaction after the tombstone")
    assert stale(url, code) == 0


def test_a_report_in_another_zone_cuts_the_teller_time_again(
    hq: tuple[str, str, str], catalogue: Catalogue
) -> None:
    url, code, _ = hq
    conn = connect_admin(url)
    try:
        for zone in (ZONE, UTC, ZONE):
            scope = Scope(DAY, DAY, code, zone)
            stored = HqKpis(conn, scope, catalogue).teller_time(by=(By.TELLER, By.HOUR))
            raw = HqKpis(conn, scope, catalogue, facts=False).teller_time(by=(By.TELLER, By.HOUR))
            assert_close(stored, raw, f"teller time in {zone}")
            assert query(url, "SELECT zone FROM hq.kpi_day") == [(str(zone),)]
    finally:
        conn.close()


def test_a_branch_role_refreshes_and_reads_its_own_facts_only(
    hq: tuple[str, str, str], catalogue: Catalogue
) -> None:
    url, code, other = hq
    scope = Scope(DAY, DAY, None, ZONE)
    conn = connect_as(url, f"cd_branch_{other.lower()}")
    try:
        assert HqKpis(conn, scope, catalogue).arrivals() == {(): 0}
    finally:
        conn.close()
    assert stale(url, code) > 0  # another branch's role left them alone
    conn = connect_as(url, f"cd_branch_{code.lower()}")
    try:
        stored = HqKpis(conn, scope, catalogue).served(by=(By.TELLER,))
        raw = HqKpis(conn, scope, catalogue, facts=False).served(by=(By.TELLER,))
    finally:
        conn.close()
    assert stored == raw
    assert stored
    assert stale(url, code) == 0
    conn = connect_as(url, f"cd_branch_{other.lower()}")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM hq.kpi_ticket")
            assert cur.fetchone()[0] == 0
    finally:
        conn.close()


def test_a_connection_that_may_not_write_gets_the_figures_from_the_raw_rows(
    hq: tuple[str, str, str], catalogue: Catalogue
) -> None:
    url, code, _ = hq
    scope = Scope(DAY, DAY, code, ZONE)
    conn = connect_admin(url)
    try:
        conn.set_session(readonly=True)
        stored = figures(HqKpis(conn, scope, catalogue), (By.TELLER,))
        conn.rollback()
        conn.set_session(readonly=False)
        raw = figures(HqKpis(conn, scope, catalogue, facts=False), (By.TELLER,))
    finally:
        conn.close()
    assert_close(stored, raw, "read-only")
    assert stale(url, code) > 0
    assert query(url, "SELECT count(*) FROM hq.kpi_ticket")[0][0] == 0


def test_a_mark_added_while_a_day_is_recomputed_stays_for_the_next_report(
    hq: tuple[str, str, str], catalogue: Catalogue
) -> None:
    url, code, _ = hq
    scope = Scope(DAY, DAY, code, ZONE)
    conn = connect_admin(url)
    try:
        report = HqKpis(conn, scope, catalogue, facts=False)
        params = {"first": DAY, "last": DAY, "branch": code, "zone": "Asia/Shanghai"}
        work = Facts(report._rows, params, _key_sql).stale()
        marks = work[DAY][code]
        # A push lands between reading the marks and writing the facts.
        query(url, "UPDATE hq.rating SET deleted_at = now() WHERE uuid = (SELECT uuid FROM "
                   "hq.rating WHERE outcome = 'rated' ORDER BY uuid LIMIT 1)")  # fmt: skip
        report._params["pick"] = [code]
        with conn.cursor() as cur:
            replace_day(cur, DAY, [code], marks, "Asia/Shanghai", report._put_facts)
        conn.commit()
    finally:
        conn.close()
    assert stale(url, code) == 1


def test_the_upgrade_to_schema_6_marks_every_day_head_office_already_holds(
    roles: RoleNames, pg_databases: Databases, catalogue: Catalogue
) -> None:
    with pg_databases() as url:
        init_hq(url, roles.owner, target=5)
        code = roles.code("U")
        # As a schema-5 HQ holds them (add_branch wants the current schema): rows only.
        query(url, "INSERT INTO hq.branch (code, role_name) VALUES (%s, %s)",
              (code, f"cd_branch_{code.lower()}"))  # fmt: skip
        terminal = str(uuid.uuid4())
        query(url, "INSERT INTO hq.terminal (terminal_id, branch_code) VALUES (%s, %s)",
              (terminal, code))  # fmt: skip
        for number, day in enumerate((DAY - timedelta(days=1), DAY, DAY), start=1):
            at = f"{day} 02:00+00"
            query(
                url,
                "INSERT INTO hq.ticket (branch_code, id, day, number, prefix, business_type, "
                "priority, state, lane, call_count, issued_at, queued_at, ended_at, version, "
                "terminal_id) VALUES (%s, %s, %s, %s, 'A', 'DEP', 0, 'expired', 0, 0, %s, %s, %s, "
                "1, %s)",
                (code, f"{day}-A{number:03d}", day, number, at, at, at, terminal),
            )
        init_hq(url)

        assert query(url, "SELECT DISTINCT branch_code, day FROM hq.kpi_stale ORDER BY 2") == [
            (code, DAY - timedelta(days=1)), (code, DAY)
        ]  # fmt: skip
        conn = connect_admin(url)
        try:
            report = HqKpis(conn, Scope(DAY - timedelta(days=1), DAY, None, ZONE), catalogue)
            assert report.walk_aways(by=(By.DAY,)) == {
                (str(DAY - timedelta(days=1)),): Share(1, 1), (str(DAY),): Share(2, 2)
            }  # fmt: skip
        finally:
            conn.close()
        assert query(url, "SELECT count(*) FROM hq.kpi_stale")[0][0] == 0


def test_the_nightly_sync_computes_the_facts_its_push_marked(
    hq: tuple[str, str, str], catalogue: Catalogue, tmp_path: Path
) -> None:
    url, code, _ = hq
    assert stale(url, code) > 0
    clock = FixedClock(datetime(2026, 11, 30, 14, 0, tzinfo=UTC))  # 22:00 in Shanghai
    journal = open_journal(tmp_path / "journal.db", clock)
    try:
        # What run_sync does after the push: the tellers' month so far, as the branch's role.
        pull_teller_months(journal, url, code, clock, catalogue, zone=ZONE,
                           environ={PASSWORD_ENV: PASSWORD})  # fmt: skip
    finally:
        journal.close()
    assert stale(url, code) == 0
    assert query(url, "SELECT count(*) FROM hq.kpi_stale WHERE day < %s", (DAY,)) == [(0,)]
    assert (code, DAY, "Asia/Shanghai") in query(
        url, "SELECT branch_code, day, zone FROM hq.kpi_day"
    )


def test_report_kpi_computes_the_stale_days_it_reports_on_as_the_branch(
    hq: tuple[str, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, code, _ = hq
    assert stale(url, code) > 0
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    config = tmp_path / "config.toml"
    config.write_text(f'[branch]\ncode = "{code}"\n[hq]\nurl = "{url}"\n', encoding="utf-8")
    out = io.StringIO()
    day = DAY.isoformat()
    args = ["report", "kpi", "--from", day, "--to", day, "--zone", ZONE.key, "--format", "json"]
    assert main(["--config", str(config), *args], out) == EXIT_OK
    tickets = query(url, "SELECT count(*) FROM hq.ticket")[0][0]
    assert json.loads(out.getvalue())["rows"][0]["arrivals"] == tickets
    assert stale(url, code) == 0
    assert query(url, "SELECT count(*) FROM hq.kpi_ticket")[0][0] == tickets


def test_a_branch_role_cannot_touch_another_branchs_facts(
    hq: tuple[str, str, str], catalogue: Catalogue
) -> None:
    import psycopg2

    url, code, other = hq
    conn = connect_admin(url)
    try:
        HqKpis(conn, Scope(DAY, DAY, code, ZONE), catalogue).arrivals()
    finally:
        conn.close()
    tickets = query(url, "SELECT count(*) FROM hq.kpi_ticket")[0][0]
    assert tickets > 0
    conn = connect_as(url, f"cd_branch_{other.lower()}")
    try:
        with conn, conn.cursor() as cur:
            for table in ("kpi_ticket", "kpi_service", "kpi_reason", "kpi_teller", "kpi_stale"):
                cur.execute(f"DELETE FROM hq.{table}")  # its own rows only: none
                assert cur.rowcount == 0, table
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn, conn.cursor() as cur:
            cur.execute(
                "INSERT INTO hq.kpi_ticket (branch_code, day, id, btype, teller, at, walked) "
                "VALUES (%s, %s, 'x', 'DEP', '', now(), false)",
                (code, DAY),
            )
    finally:
        conn.close()
    assert query(url, "SELECT count(*) FROM hq.kpi_ticket")[0][0] == tickets
