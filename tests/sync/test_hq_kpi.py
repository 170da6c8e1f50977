"""Head office's SQL KPIs equal the core's Python KPIs on the same generated day.

The day is ``kpi_day_helpers.serve_and_push``'s: a seeded random business day at three counters
served through the real desks (transfers, recalls, holds, no-shows, expiries, switches of
business type, ratings on 3-, 4- and 5-level scales with timeouts, supervisors' authorisations
and overrides, a pause, a ticket called after local midnight). The journals and the closed day
are pushed to a real HQ by the real sync; then every figure ``HqKpis`` computes in PostgreSQL is
compared with the figure ``core.kpis`` computes over ``read_day``'s rows of the same day, for
several groupings.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hq_helpers import RoleNames, connect_as
from kpi_day_helpers import DAY, GROUPINGS, PASSWORD, TARGETS, ZONE, serve_and_push

from counterdesk.core import kpis
from counterdesk.core.business import Catalogue
from counterdesk.core.kpis import By
from counterdesk.services.kpi_day import DayRows
from counterdesk.sync.hq import add_branch, connect_admin
from counterdesk.sync.hq_kpi import HqKpis, Scope

pytestmark = pytest.mark.postgres
Databases = Callable[[], contextlib.AbstractContextManager[str]]


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    module_roles: RoleNames,
    pg_databases: Databases,
) -> Iterator[tuple[DayRows, str, str, str]]:
    """The generated day: the rows ``read_day`` reads of it, pushed to HQ."""
    with pg_databases() as hq_url:
        code, other = module_roles.code("K"), module_roles.code("L")
        rows = serve_and_push(
            tmp_path_factory.mktemp("day"), catalogue, hq_url, module_roles.owner, code
        )
        add_branch(hq_url, other, PASSWORD, "Branch L")
        yield rows, hq_url, code, other


def python_figures(rows: DayRows, by: tuple[By, ...]) -> dict[str, Any]:
    """Every figure of the day by ``core.kpis``."""
    t, s = rows.tickets, rows.services
    return {
        "arrivals": kpis.arrivals(t, by=by, zone=ZONE),
        "waiting_times": kpis.waiting_times(t, by=by, zone=ZONE),
        "service_level": kpis.service_level(t, TARGETS, by=by, zone=ZONE),
        "walk_aways": kpis.walk_aways(t, by=by, zone=ZONE),
        "recalls": kpis.recalls(t, s, by=by, zone=ZONE),
        "transfers": kpis.transfers(t, s, by=by, zone=ZONE),
        "holds": kpis.holds(t, s, by=by, zone=ZONE),
        "served": kpis.served(t, s, by=by, zone=ZONE),
        "service_times": kpis.service_times(s, by=by, zone=ZONE),
        "handle_times": kpis.handle_times(s, by=by, zone=ZONE),
        "switches": kpis.switches(s, by=by, zone=ZONE),
        "teller_time": kpis.teller_time(
            rows.sessions, rows.pauses, s, rows.window, by=by, zone=ZONE
        ),
        "satisfaction": kpis.satisfaction(s, rows.ratings, by=by, zone=ZONE),
        "sop_compliance": kpis.sop_compliance(s, rows.steps, by=by, zone=ZONE),
        "step_times": kpis.step_times(s, rows.steps, by=by, zone=ZONE),
        "authorisations": kpis.authorisations(s, rows.steps, by=by, zone=ZONE),
    }


def sql_figures(report: HqKpis, by: tuple[By, ...]) -> dict[str, Any]:
    """Every figure of the day by ``HqKpis``."""
    return {
        "arrivals": report.arrivals(by=by),
        "waiting_times": report.waiting_times(by=by),
        "service_level": report.service_level(TARGETS, by=by),
        "walk_aways": report.walk_aways(by=by),
        "recalls": report.recalls(by=by),
        "transfers": report.transfers(by=by),
        "holds": report.holds(by=by),
        "served": report.served(by=by),
        "service_times": report.service_times(by=by),
        "handle_times": report.handle_times(by=by),
        "switches": report.switches(by=by),
        "teller_time": report.teller_time(by=by),
        "satisfaction": report.satisfaction(by=by),
        "sop_compliance": report.sop_compliance(by=by),
        "step_times": report.step_times(by=by),
        "authorisations": report.authorisations(by=by),
    }


def _normal(value: Any) -> Any:
    """A figure as plain data: floats kept apart for the 1e-6 comparison, overrides by id."""
    if isinstance(value, kpis.Compliance):
        value = dataclasses.replace(
            value, overrides=tuple(sorted(value.overrides, key=lambda o: o.service_id))
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, _normal(dataclasses.asdict(value)))
    if isinstance(value, Mapping):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_normal(v) for v in value)
    return value


def assert_same(sql: Any, python: Any, where: str) -> None:
    """Equal, with counts exact and floats within 1e-6."""
    # A sum of no seconds is 0 in Python and 0.0 in SQL; counts stay ints on both sides.
    if isinstance(python, float | int) and isinstance(sql, float) and not isinstance(python, bool):
        assert math.isclose(sql, python, rel_tol=0, abs_tol=1e-6), f"{where}: {sql} != {python}"
        return
    if isinstance(python, dict):
        assert isinstance(sql, dict), where
        assert sorted(sql) == sorted(python), f"{where}: keys {sorted(sql)} != {sorted(python)}"
        for key in python:
            assert_same(sql[key], python[key], f"{where}[{key!r}]")
        return
    if isinstance(python, tuple):
        assert isinstance(sql, tuple), where
        assert len(sql) == len(python), f"{where}: {sql} != {python}"
        for index, (a, b) in enumerate(zip(sql, python, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
        return
    assert type(sql) is type(python), f"{where}: {sql!r} != {python!r}"
    assert sql == python, f"{where}: {sql!r} != {python!r}"


def test_the_generated_day_is_the_realistic_day_the_comparison_needs(
    served: tuple[DayRows, str, str, str],
) -> None:
    rows = served[0]
    actions = [e.action for t in rows.tickets for e in t.events]
    states = [t.state for t in rows.tickets]
    assert len(rows.tickets) >= 40
    for action in ("transfer", "recall", "hold", "no_show", "expire"):
        assert action in actions, action
    assert "expired" in states
    assert "no_show" in states
    assert any(s.previous_service_id for s in rows.services)
    assert {r.scale_levels for r in rows.ratings if r.outcome == "rated"} == {3, 4, 5}
    assert {r.cause for r in rows.ratings} >= {"timeout", "declined"}
    assert any(s.override_by for s in rows.services)
    assert any(st.authoriser for st in rows.steps)
    assert rows.pauses
    assert len({s.teller for s in rows.services}) == 3
    midnight = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert any(t.first_called_at and t.first_called_at > midnight for t in rows.tickets)
    assert rows.window[1] > midnight


@pytest.mark.parametrize("by", GROUPINGS, ids=lambda by: "-".join(by) or "all")
def test_every_sql_figure_equals_the_python_figure_of_the_same_day(
    served: tuple[DayRows, str, str, str], catalogue: Catalogue, by: tuple[By, ...]
) -> None:
    rows, url, code, _ = served
    python = {name: _normal(v) for name, v in python_figures(rows, by).items()}
    conn = connect_admin(url)
    try:
        report = HqKpis(conn, Scope(DAY, DAY, code, ZONE), catalogue)
        sql = {name: _normal(v) for name, v in sql_figures(report, by).items()}
        everyone = HqKpis(conn, Scope(DAY - timedelta(days=3), DAY + timedelta(days=3), None, ZONE),
                          catalogue)  # fmt: skip
        wide = {name: _normal(v) for name, v in sql_figures(everyone, by).items()}
    finally:
        conn.close()
    for name, figure in python.items():
        assert_same(sql[name], figure, f"{name} by {by}")
        if By.DAY not in by and name != "teller_time":
            # A wider period and every branch: the same figures (no other day holds rows).
            assert_same(wide[name], figure, f"{name} by {by}, all branches")


@pytest.mark.parametrize(
    "by", [(), (By.TELLER,), (By.COUNTER, By.HOUR)], ids=lambda by: "-".join(by) or "all"
)
def test_the_service_level_a_report_asks_for_comes_with_the_queue_figures_and_is_the_same(
    served: tuple[DayRows, str, str, str], catalogue: Catalogue, by: tuple[By, ...]
) -> None:
    # The report's targets are the catalogue's: that service level is computed in one statement
    # with the other queue figures (the other tests ask for other targets, computed alone).
    rows, url, code, _ = served
    targets = {t.code: t.target_seconds for t in catalogue}
    python = _normal(kpis.service_level(rows.tickets, targets, by=by, zone=ZONE))
    conn = connect_admin(url)
    try:
        report = HqKpis(conn, Scope(DAY, DAY, code, ZONE), catalogue)
        waits = _normal(report.waiting_times(by=by))
        sql = _normal(report.service_level(targets, by=by))
        again = _normal(report.service_level(TARGETS, by=by))
    finally:
        conn.close()
    assert_same(sql, python, f"service_level by {by}")
    assert_same(waits, _normal(kpis.waiting_times(rows.tickets, by=by, zone=ZONE)), "waits")
    expected = _normal(kpis.service_level(rows.tickets, TARGETS, by=by, zone=ZONE))
    assert_same(again, expected, f"service_level by {by}, other targets after the batch")


def test_a_branch_role_sees_its_own_branch_only(
    served: tuple[DayRows, str, str, str], catalogue: Catalogue
) -> None:
    rows, url, code, other = served
    for role_code, expected in ((code, len(rows.tickets)), (other, 0)):
        conn = connect_as(url, f"cd_branch_{role_code.lower()}")
        try:
            report = HqKpis(conn, Scope(DAY, DAY, None, ZONE), catalogue)
            assert report.arrivals() == {(): expected}
            assert report.served(by=[By.BRANCH]).keys() <= {(code,)}
        finally:
            conn.close()


def _relations(plan: Any) -> set[str]:
    found = set()
    if isinstance(plan, dict):
        if "Relation Name" in plan:
            found.add(plan["Relation Name"])
        for value in plan.values():
            found |= _relations(value)
    elif isinstance(plan, list):
        for item in plan:
            found |= _relations(item)
    return found


FIGURES = (
    "arrivals", "waiting_times", "walk_aways", "recalls", "transfers", "holds", "served",
    "service_times", "handle_times", "switches", "teller_time", "satisfaction",
    "sop_compliance", "step_times", "authorisations",
)  # fmt: skip


def test_a_branch_report_of_one_month_reads_that_months_partitions_only(
    served: tuple[DayRows, str, str, str], catalogue: Catalogue
) -> None:
    _, url, code, _ = served
    conn = connect_as(url, f"cd_branch_{code.lower()}")
    try:
        report = HqKpis(conn, Scope(date(2026, 11, 1), DAY, code, ZONE), catalogue)
        read: set[str] = set()
        for figure in FIGURES:
            for plan in report.plans(figure, by=(By.TELLER, By.HOUR)):
                read |= _relations(plan)
        for plan in report.plans("service_level", TARGETS):
            read |= _relations(plan)
    finally:
        conn.close()
    partitioned = {name for name in read if name.rsplit("_", 1)[-1].isdigit() or
                   name.endswith("_default")}  # fmt: skip
    assert partitioned == {
        "ticket_event_202611", "service_202611", "step_record_202611", "rating_202611"
    }  # fmt: skip
    assert read - partitioned == {"ticket", "staff_session", "pause"}


#: Bins of the manager's waiting-time chart, and edges that fall on generated waits.
HISTOGRAM_EDGES: tuple[tuple[float, ...], ...] = ((120, 300, 600, 900, 1200, 1800), (0, 60.5))


@pytest.mark.parametrize("by", GROUPINGS, ids=lambda by: "-".join(by) or "all")
def test_the_sql_waiting_histogram_equals_the_python_one(
    served: tuple[DayRows, str, str, str], catalogue: Catalogue, by: tuple[By, ...]
) -> None:
    rows, url, code, _ = served
    conn = connect_admin(url)
    try:
        report = HqKpis(conn, Scope(DAY, DAY, code, ZONE), catalogue)
        for edges in HISTOGRAM_EDGES:
            python = kpis.waiting_histogram(rows.tickets, edges, by=by, zone=ZONE)
            assert report.waiting_histogram(edges, by=by) == python, edges
            # Every called ticket is in exactly one bin.
            total = sum(sum(counts) for counts in python.values())
            assert total == sum(1 for t in rows.tickets if t.first_called_at is not None)
    finally:
        conn.close()


def test_waits_exactly_on_an_edge_fall_in_the_lower_bin_in_sql_as_in_python(
    served: tuple[DayRows, str, str, str], catalogue: Catalogue
) -> None:
    rows, url, code, _ = served
    waits = sorted(
        (t.first_called_at - t.issued_at).total_seconds()
        for t in rows.tickets
        if t.first_called_at is not None
    )
    edges = sorted({waits[len(waits) // 3], waits[2 * len(waits) // 3]})
    conn = connect_admin(url)
    try:
        sql = HqKpis(conn, Scope(DAY, DAY, code, ZONE), catalogue).waiting_histogram(edges)
    finally:
        conn.close()
    expected = (
        sum(1 for w in waits if max(0.0, w) <= edges[0]),
        *(
            sum(1 for w in waits if edges[i] < max(0.0, w) <= edges[i + 1])
            for i in range(len(edges) - 1)
        ),
        sum(1 for w in waits if max(0.0, w) > edges[-1]),
    )
    assert sql == {(): expected} == kpis.waiting_histogram(rows.tickets, edges, zone=ZONE)
