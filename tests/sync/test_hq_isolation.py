"""Branch isolation at HQ, enforced by PostgreSQL: branch A against branch B, table by table.

Two branches are registered with ``add_branch``; the superuser seeds rows of both (and reference
data); then each case connects as branch A's own login role and tries one thing in a transaction
that is rolled back. Every read, update, delete and schema change across branches is refused
(an error, or no row seen or touched), and so are deletes and truncates of A's own rows; A may
insert and update its own rows and read the reference data.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import psycopg2
import psycopg2.errors
import pytest
from hq_helpers import RoleNames, connect_as, query
from psycopg2.extras import Json

from counterdesk.core.clock import to_utc_text
from counterdesk.storage.sync_outbox import RawEvent
from counterdesk.sync.hq import add_branch, init_hq
from counterdesk.sync.hq_schema import BRANCH_TABLES, PARTITIONED, REFERENCE_TABLES
from counterdesk.sync.push import HQ_TABLES, upsert_rows

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
Denied = psycopg2.errors.InsufficientPrivilege


@dataclass(frozen=True)
class Hq:
    """The module's HQ database and its two branches.

    Attributes:
        url: the database (superuser's URL).
        a, b: the branch codes.
        role_a: branch A's login role.
        terminal_a, terminal_b: a registered terminal of each branch.
    """

    url: str
    a: str
    b: str
    role_a: str
    terminal_a: str
    terminal_b: str


def fresh_row(table: str, branch: str, terminal: str) -> dict[str, Any]:
    """A new row of ``table`` for ``branch``, with keys no other row has."""
    key = str(uuid.uuid4())
    synced = {"uuid": key, "updated_at": NOW, "branch_code": branch, "terminal_id": terminal}
    rows: dict[str, dict[str, Any]] = {
        "staff_session": {**synced, "staff_no": "1001", "counter": "3", "signed_in_at": NOW},
        "pause": {**synced, "session_id": str(uuid.uuid4()), "reason": "lunch",
                  "started_at": NOW},
        "service": {**synced, "ticket_id": key, "ticket_label": "A001", "business_type": "DEP",
                    "counter": "3", "staff_no": "1001", "procedure_type": "DEP",
                    "procedure_version": 1, "called_at": NOW, "state": "open"},
        "step_record": {**synced, "service_id": str(uuid.uuid4()), "step_id": "id-checked",
                        "checked_at": NOW, "seconds_open": 1.5, "checked_by": "1001"},
        "rating": {**synced, "service_id": str(uuid.uuid4()), "outcome": "rated", "score": 5,
                   "reasons": Json([]), "prompted_at": NOW},
        "audit_log": {**synced, "at": NOW, "actor": "1001", "action": "sign_in",
                      "detail": Json({})},
        "procedure_snapshot": {**synced, "business_type": "DEP", "version": 1,
                               "snapshot": Json({"steps": []})},
        "ticket": {"branch_code": branch, "terminal_id": terminal, "id": key,
                   "day": date(2026, 12, 1), "number": 1, "prefix": "A", "business_type": "DEP",
                   "priority": 0, "state": "waiting", "lane": 0, "call_count": 0,
                   "issued_at": NOW, "queued_at": NOW, "version": 0},
        "ticket_event": {"branch_code": branch, "terminal_id": terminal, "ticket_id": key,
                         "seq": 1, "action": "issue", "to_state": "waiting", "at": NOW,
                         "detail": Json({})},
        # A new terminal of the branch (the watermark's terminal is registered by insert()).
        "terminal": {"terminal_id": key, "branch_code": branch},
        "watermark": {"terminal_id": key, "branch_code": branch, "last_seq": 7,
                      "first_event_uuid": str(uuid.uuid4()),
                      "last_event_uuid": str(uuid.uuid4())},
    }  # fmt: skip
    return rows[table]


def insert(cur: Any, table: str, row: dict[str, Any]) -> None:
    """Insert one row (a watermark's terminal first, as a push does)."""
    if table == "watermark":
        insert(
            cur, "terminal", {"terminal_id": row["terminal_id"], "branch_code": row["branch_code"]}
        )
    columns = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    cur.execute(f"INSERT INTO hq.{table} ({columns}) VALUES ({marks})", tuple(row.values()))


@pytest.fixture(scope="module")
def hq(
    module_roles: RoleNames, pg_databases: Callable[[], contextlib.AbstractContextManager[str]]
) -> Iterator[Hq]:
    """An HQ database with branches A and B, a terminal and a row of every table for each."""
    with pg_databases() as url:
        init_hq(url, module_roles.owner)
        a, b = module_roles.code("A"), module_roles.code("B")
        role_a = add_branch(url, a, "branch-a-password", "Branch A").role
        add_branch(url, b, "branch-b-password", "Branch B")
        terminal_a, terminal_b = str(uuid.uuid4()), str(uuid.uuid4())
        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cur:
            for branch, terminal in ((a, terminal_a), (b, terminal_b)):
                insert(cur, "watermark", {"terminal_id": terminal, "branch_code": branch} | {
                    "last_seq": 3})  # fmt: skip
                for table in BRANCH_TABLES:
                    if table not in ("terminal", "watermark"):
                        insert(cur, table, fresh_row(table, branch, terminal))
            cur.execute("INSERT INTO hq.ref_release (note) VALUES ('first') RETURNING version")
            (release,) = cur.fetchone()
            cur.execute(
                "INSERT INTO hq.ref_business_type (code, payload, ref_version) VALUES "
                "('DEP', '{}'::jsonb, %s)",
                (release,),
            )
            cur.execute(
                "INSERT INTO hq.ref_procedure (business_type, version, source, ref_version) "
                "VALUES ('DEP', 1, 'business_type = \"DEP\"', %s)",
                (release,),
            )
            cur.execute(
                "INSERT INTO hq.ref_staff (staff_no, branch_code, name, role, pin_hash, "
                "ref_version) VALUES ('0001', NULL, 'Roaming', 'supervisor', 'h', %s), "
                "('1001', %s, 'Of A', 'teller', 'h', %s), ('2001', %s, 'Of B', 'teller', 'h', %s)",
                (release, a, release, b, release),
            )
            cur.execute(
                "INSERT INTO hq.ref_rating_reason (code, texts, ref_version) VALUES "
                "('slow', '{}'::jsonb, %s)",
                (release,),
            )
            cur.execute(
                "INSERT INTO hq.ref_lobby_notice (scope, texts, ref_version) VALUES "
                "('', '{}'::jsonb, %s), (%s, '{}'::jsonb, %s)",
                (release, b, release),
            )
        conn.close()
        yield Hq(url, a, b, role_a, terminal_a, terminal_b)


@pytest.fixture
def as_a(hq: Hq) -> Iterator[Any]:
    """A cursor of branch A's login role, in a transaction rolled back afterwards."""
    conn = connect_as(hq.url, hq.role_a)
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.rollback()
        conn.close()


def _rows_of(hq: Hq, table: str, branch: str) -> list[tuple[Any, ...]]:
    return query(hq.url, f"SELECT * FROM hq.{table} WHERE branch_code = %s ORDER BY 1", (branch,))


@pytest.mark.parametrize("table", BRANCH_TABLES)
def test_a_branch_sees_only_its_own_rows(hq: Hq, as_a: Any, table: str) -> None:
    as_a.execute(f"SELECT DISTINCT branch_code FROM hq.{table}")
    assert as_a.fetchall() == [(hq.a,)]
    as_a.execute(f"SELECT count(*) FROM hq.{table} WHERE branch_code = %s", (hq.b,))
    assert as_a.fetchone() == (0,)
    assert _rows_of(hq, table, hq.b), "B's rows are there, only not for A"


@pytest.mark.parametrize("table", BRANCH_TABLES)
def test_a_branch_cannot_update_another_branchs_rows(hq: Hq, as_a: Any, table: str) -> None:
    before = _rows_of(hq, table, hq.b)
    if table == "ticket_event":
        with pytest.raises(Denied):  # events are never updated, not even one's own
            as_a.execute(f"UPDATE hq.{table} SET branch_code = branch_code")
        return
    as_a.execute(f"UPDATE hq.{table} SET branch_code = branch_code WHERE branch_code = %s", (hq.b,))
    assert as_a.rowcount == 0
    as_a.connection.commit()
    assert _rows_of(hq, table, hq.b) == before


@pytest.mark.parametrize("table", BRANCH_TABLES)
def test_a_branch_cannot_hand_its_rows_to_another_branch(hq: Hq, as_a: Any, table: str) -> None:
    with pytest.raises(Denied):
        as_a.execute(f"UPDATE hq.{table} SET branch_code = %s", (hq.b,))


@pytest.mark.parametrize("table", BRANCH_TABLES)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_a_branch_cannot_delete_rows(hq: Hq, as_a: Any, table: str, whose: str) -> None:
    branch = hq.a if whose == "own" else hq.b
    with pytest.raises(Denied):
        as_a.execute(f"DELETE FROM hq.{table} WHERE branch_code = %s", (branch,))


@pytest.mark.parametrize("table", BRANCH_TABLES)
def test_a_branch_cannot_insert_a_row_claiming_another_branch(
    hq: Hq, as_a: Any, table: str
) -> None:
    with pytest.raises(Denied):
        insert(as_a, table, fresh_row(table, hq.b, hq.terminal_b))


@pytest.mark.parametrize("table", [t for t in BRANCH_TABLES if t not in ("terminal", "watermark")])
def test_a_branch_cannot_write_rows_of_another_branchs_terminal(
    hq: Hq, as_a: Any, table: str
) -> None:
    with pytest.raises(psycopg2.errors.ForeignKeyViolation):
        insert(as_a, table, fresh_row(table, hq.a, hq.terminal_b))


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE hq.{table}",
        "ALTER TABLE hq.{table} ADD COLUMN extra integer",
        "ALTER TABLE hq.{table} DISABLE ROW LEVEL SECURITY",
        "DROP TABLE hq.{table}",
        "CREATE INDEX sneaky ON hq.{table} (branch_code)",
        "ALTER TABLE hq.{table} OWNER TO CURRENT_USER",
        # A grant of what one lacks is only a warning; the delete after it is still refused.
        "GRANT DELETE ON hq.{table} TO CURRENT_USER; DELETE FROM hq.{table}",
    ],
)
@pytest.mark.parametrize("table", BRANCH_TABLES + REFERENCE_TABLES)
def test_a_branch_cannot_truncate_or_change_the_schema(
    as_a: Any, table: str, statement: str
) -> None:
    with pytest.raises(Denied):
        as_a.execute(statement.format(table=table))


@pytest.mark.parametrize("table", BRANCH_TABLES)
def test_a_branch_cannot_drop_or_change_a_policy(as_a: Any, table: str) -> None:
    with pytest.raises(Denied):
        as_a.execute(f"DROP POLICY branch_select ON hq.{table}")
    as_a.connection.rollback()
    with pytest.raises(Denied):
        as_a.execute(f"ALTER POLICY branch_select ON hq.{table} USING (true)")


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE hq.sneaky (x integer)",
        "CREATE TABLE public.sneaky (x integer)",
        "CREATE TABLE sneaky (x integer)",
        "CREATE FUNCTION hq.sneaky() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CREATE SCHEMA sneaky",
        "SELECT * FROM hq.branch",
        "SELECT * FROM hq.hq_setting",
        "UPDATE hq.hq_meta SET version = 99",
        "INSERT INTO hq.branch (code, role_name) VALUES ('X', 'x')",
        "SET ROLE {owner}",
    ],
)
def test_a_branch_cannot_create_objects_or_reach_the_registry(
    as_a: Any, module_roles: RoleNames, statement: str
) -> None:
    with pytest.raises(Denied):
        as_a.execute(statement.format(owner=module_roles.owner))


@pytest.mark.parametrize("table", BRANCH_TABLES)
def test_a_branch_inserts_and_updates_its_own_rows(hq: Hq, as_a: Any, table: str) -> None:
    row = fresh_row(table, hq.a, hq.terminal_a)
    insert(as_a, table, row)
    key = {"terminal": "terminal_id", "watermark": "terminal_id", "ticket": "id",
           "ticket_event": "ticket_id"}.get(table, "uuid")  # fmt: skip
    as_a.execute(f"SELECT count(*) FROM hq.{table} WHERE {key} = %s", (row[key],))
    assert as_a.fetchone() == (1,)
    if table != "ticket_event":
        as_a.execute(
            f"UPDATE hq.{table} SET branch_code = branch_code WHERE {key} = %s", (row[key],)
        )
        assert as_a.rowcount == 1


def _service_event(row: dict[str, Any], **changes: Any) -> RawEvent:
    """An outbox event of a service row, its payload as the journal's JSON text."""
    payload = {k: v for k, v in row.items() if k not in ("branch_code", "terminal_id")}
    payload |= {"called_at": to_utc_text(NOW)} | changes
    text = json.dumps(payload, default=lambda at: to_utc_text(at))
    return RawEvent(1, str(uuid.uuid4()), "service", row["uuid"], "upsert", text, "")


def test_a_push_upserts_its_rows_by_uuid_and_a_stale_resend_changes_nothing(
    hq: Hq, as_a: Any
) -> None:
    row = fresh_row("service", hq.a, hq.terminal_a)
    service = HQ_TABLES["service"]

    def push(state: str, updated_at: datetime) -> None:
        event = _service_event(row, state=state, updated_at=to_utc_text(updated_at))
        upsert_rows(as_a, service, [event], hq.a, hq.terminal_a)

    push("open", NOW)
    push("finished", NOW.replace(hour=10))
    push("open", NOW)  # an older re-send
    as_a.execute("SELECT state FROM hq.service WHERE uuid = %s", (row["uuid"],))
    assert as_a.fetchall() == [("finished",)]


def test_the_push_cannot_send_rows_claiming_another_branch_or_its_terminal(
    hq: Hq, as_a: Any
) -> None:
    event = _service_event(fresh_row("service", hq.a, hq.terminal_a))
    with pytest.raises(Denied):
        upsert_rows(as_a, HQ_TABLES["service"], [event], hq.b, hq.terminal_b)
    as_a.connection.rollback()
    with pytest.raises(psycopg2.errors.ForeignKeyViolation):
        upsert_rows(as_a, HQ_TABLES["service"], [event], hq.a, hq.terminal_b)


def _partitions(hq: Hq, table: str) -> list[str]:
    rows = query(
        hq.url,
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass ORDER BY 1",
        (f"hq.{table}",),
    )
    return [name for (name,) in rows]


@pytest.mark.parametrize("table", PARTITIONED)
def test_a_branch_reaches_a_partitioned_table_only_through_its_parent(
    hq: Hq, as_a: Any, table: str
) -> None:
    partitions = _partitions(hq, table)
    month = f"{table}_{datetime.now(UTC):%Y%m}"
    assert {f"{table}_default", month} <= set(partitions)
    for partition in (f"{table}_default", month):
        for statement in (
            f"SELECT * FROM hq.{partition}",
            f"UPDATE hq.{partition} SET branch_code = branch_code",
            f"DELETE FROM hq.{partition}",
            f"ALTER TABLE hq.{partition} DISABLE ROW LEVEL SECURITY",
        ):
            with pytest.raises(Denied):
                as_a.execute(statement)
            as_a.connection.rollback()
        with pytest.raises(Denied):
            insert(as_a, partition, fresh_row(table, hq.a, hq.terminal_a))
        as_a.connection.rollback()
    # Through the parent, its own rows only.
    as_a.execute(f"SELECT DISTINCT branch_code FROM hq.{table}")
    assert as_a.fetchall() == [(hq.a,)]


@pytest.mark.parametrize("table", REFERENCE_TABLES)
def test_a_branch_reads_reference_data_but_cannot_change_it(as_a: Any, table: str) -> None:
    as_a.execute(f"SELECT count(*) FROM hq.{table}")
    assert as_a.fetchone()[0] > 0
    as_a.execute("SAVEPOINT s")
    for statement in (
        f"DELETE FROM hq.{table}",
        f"UPDATE hq.{table} SET ref_version = ref_version"
        if table != "ref_release"
        else "UPDATE hq.ref_release SET note = ''",
        f"INSERT INTO hq.{table} DEFAULT VALUES",
    ):
        with pytest.raises(Denied):
            as_a.execute(statement)
        as_a.execute("ROLLBACK TO SAVEPOINT s")


def test_a_branch_reads_its_own_and_everyones_staff_and_notices_only(hq: Hq, as_a: Any) -> None:
    as_a.execute("SELECT staff_no FROM hq.ref_staff ORDER BY 1")
    assert as_a.fetchall() == [("0001",), ("1001",)]
    as_a.execute("SELECT scope FROM hq.ref_lobby_notice ORDER BY 1")
    assert as_a.fetchall() == [("",)]
