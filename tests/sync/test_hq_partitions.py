"""HQ schema 3: the big synced tables partitioned by month, on the real PostgreSQL server.

Rows keep their place across the upgrade from schema 2; each ``hq init`` keeps months ready
around now and moves rows out of the DEFAULT partition into the months it creates; a report of
one branch and one month reads one partition.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hq_helpers import RoleNames, connect_as, query

from counterdesk.sync.hq import add_branch, init_hq
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION, MONTHS_AHEAD, MONTHS_BACK, PARTITIONED

pytestmark = pytest.mark.postgres
Databases = Callable[[], contextlib.AbstractContextManager[str]]
NOW = datetime.now(UTC)


def _row(table: str, at: datetime, branch: str, terminal: str) -> dict[str, Any]:
    key = str(uuid.uuid4())
    synced = {"uuid": key, "updated_at": at, "branch_code": branch, "terminal_id": terminal}
    rows: dict[str, dict[str, Any]] = {
        "service": {**synced, "ticket_id": key, "ticket_label": "A001", "business_type": "DEP",
                    "counter": "3", "staff_no": "1001", "procedure_type": "DEP",
                    "procedure_version": 1, "called_at": at, "state": "open"},
        "step_record": {**synced, "service_id": str(uuid.uuid4()), "step_id": "id-checked",
                        "checked_at": at, "seconds_open": 1.5, "checked_by": "1001"},
        "rating": {**synced, "service_id": str(uuid.uuid4()), "outcome": "rated", "score": 5,
                   "reasons": json.dumps(["fast"]), "prompted_at": at},
        "audit_log": {**synced, "at": at, "actor": "1001", "action": "sign_in",
                      "detail": json.dumps({"n": 1})},
        "ticket_event": {"branch_code": branch, "terminal_id": terminal, "ticket_id": key,
                         "seq": 1, "action": "issue", "to_state": "waiting", "at": at,
                         "detail": json.dumps({})},
    }  # fmt: skip
    return rows[table]


def _insert(url: str, table: str, row: dict[str, Any]) -> None:
    columns, marks = ", ".join(row), ", ".join(["%s"] * len(row))
    query(url, f"INSERT INTO hq.{table} ({columns}) VALUES ({marks})", tuple(row.values()))


def _register(url: str, branch: str, terminal: str) -> None:
    query(
        url,
        "INSERT INTO hq.branch (code, role_name) VALUES (%s, %s)",
        (branch, f"cd_branch_{branch.lower()}"),
    )
    query(
        url,
        "INSERT INTO hq.terminal (terminal_id, branch_code) VALUES (%s, %s)",
        (terminal, branch),
    )


def _where(url: str, table: str) -> dict[str, str]:
    """Each row's partition, by the row's time (as text)."""
    column = PARTITIONED[table]
    rows = query(url, f"SELECT {column}::text, tableoid::regclass::text FROM hq.{table}")
    return dict(rows)


def _partition_of(url: str, table: str, at: datetime) -> str:
    column = PARTITIONED[table]
    rows = query(url, f"SELECT tableoid::regclass::text FROM hq.{table} WHERE {column} = %s", (at,))
    return str(rows[0][0])


def _month(at: datetime) -> str:
    return f"{at:%Y%m}"


def _times() -> dict[str, datetime]:
    return {
        "now": NOW,
        "old": NOW - timedelta(days=31 * (MONTHS_BACK + 14)),
        "ancient": datetime(2019, 6, 15, 8, 0, tzinfo=UTC),
        "far": NOW + timedelta(days=31 * (MONTHS_AHEAD + 3)),
    }


def test_the_upgrade_from_2_keeps_every_row_and_files_it_by_month(
    roles: RoleNames, pg_databases: Databases
) -> None:
    with pg_databases() as url:
        init_hq(url, roles.owner, target=2)
        branch, terminal = roles.code("P"), str(uuid.uuid4())
        _register(url, branch, terminal)
        times = _times()
        for table in PARTITIONED:
            for at in times.values():
                _insert(url, table, _row(table, at, branch, terminal))
        before = {t: query(url, f"SELECT * FROM hq.{t} ORDER BY 1, 2, 3") for t in PARTITIONED}

        result = init_hq(url)

        assert (result.before, result.after) == (2, HQ_SCHEMA_VERSION)
        assert result.months_created >= len(PARTITIONED) * (MONTHS_BACK + MONTHS_AHEAD + 1)
        for table in PARTITIONED:
            assert query(url, f"SELECT * FROM hq.{table} ORDER BY 1, 2, 3") == before[table]
            assert query(
                url, "SELECT relkind FROM pg_class WHERE oid = %s::regclass", (f"hq.{table}",)
            ) == [("p",)]
            placed = {name: _partition_of(url, table, at) for name, at in times.items()}
            # Older months that hold rows get a partition of their own; a row beyond the
            # months ahead waits in DEFAULT.
            assert placed == {
                "now": f"hq.{table}_{_month(times['now'])}",
                "old": f"hq.{table}_{_month(times['old'])}",
                "ancient": f"hq.{table}_201906",
                "far": f"hq.{table}_default",
            }


def test_each_init_moves_rows_out_of_default_into_a_new_month(
    roles: RoleNames, pg_databases: Databases
) -> None:
    with pg_databases() as url:
        init_hq(url, roles.owner)
        branch, terminal = roles.code("Q"), str(uuid.uuid4())
        _register(url, branch, terminal)
        late = datetime(2020, 2, 29, 23, 59, 59, tzinfo=UTC)  # a backlog pushed years late
        row = _row("service", late, branch, terminal)
        _insert(url, "service", row)
        assert list(_where(url, "service").values()) == ["hq.service_default"]

        again = init_hq(url)

        assert (again.before, again.after, again.months_created) == (
            HQ_SCHEMA_VERSION, HQ_SCHEMA_VERSION, 1
        )  # fmt: skip
        assert query(url, "SELECT tableoid::regclass::text, uuid::text FROM hq.service") == [
            ("hq.service_202002", row["uuid"])
        ]
        assert query(url, "SELECT count(*) FROM hq.service_default") == [(0,)]
        # The new month is a partition like the others: its indexes came with it.
        indexes = query(
            url, "SELECT indexdef FROM pg_indexes WHERE tablename = 'service_202002' ORDER BY 1"
        )
        assert any("(branch_code, called_at)" in d for (d,) in indexes)
        assert any("(uuid, called_at)" in d for (d,) in indexes)
        assert init_hq(url).months_created == 0


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


@pytest.mark.parametrize("table", PARTITIONED)
def test_a_branch_report_of_one_month_reads_one_partition(
    roles: RoleNames, pg_databases: Databases, table: str
) -> None:
    with pg_databases() as url:
        init_hq(url, roles.owner)
        code = roles.code("R")
        role = add_branch(url, code, "branch-r-password").role
        terminal = str(uuid.uuid4())
        query(
            url,
            "INSERT INTO hq.terminal (terminal_id, branch_code) VALUES (%s, %s)",
            (terminal, code),
        )
        for days in range(-60, 60, 7):
            _insert(url, table, _row(table, NOW + timedelta(days=days), code, terminal))
        start = NOW.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end = (start + timedelta(days=32)).replace(day=1)
        column = PARTITIONED[table]
        conn = connect_as(url, role)
        try:
            with conn.cursor() as cur:
                cur.execute(
                    f"EXPLAIN (FORMAT JSON) SELECT count(*) FROM hq.{table} "
                    f"WHERE branch_code = %s AND {column} >= %s AND {column} < %s",
                    (code, start, end),
                )
                plan = cur.fetchone()[0]
                cur.execute(
                    f"SELECT count(*) FROM hq.{table} WHERE {column} >= %s AND {column} < %s",
                    (start, end),
                )
                seen = cur.fetchone()[0]
        finally:
            conn.close()

        assert _relations(plan) == {f"{table}_{_month(NOW)}"}
        everyone = query(
            url,
            f"SELECT count(*) FROM hq.{table} WHERE {column} >= %s AND {column} < %s",
            (start, end),
        )
        assert seen == everyone[0][0] > 0
