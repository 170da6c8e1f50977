"""Helpers of the HQ tests: the superuser's view of a database and a branch role's connection."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from counterdesk.sync.hq import BRANCH_ROLE_PREFIX, HqRoles

PG_SERVER = os.environ.get("COUNTERDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of one statement run by the server's superuser (row-level security bypassed)."""
    import psycopg2

    conn = psycopg2.connect(url, connect_timeout=3)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []
    finally:
        conn.close()


def connect_as(url: str, role: str) -> Any:
    """A connection to the database of ``url`` as ``role`` (trust auth here: no password)."""
    import psycopg2

    dbname = url.rsplit("/", 1)[1]
    host_port = url.split("@", 1)[1].rsplit("/", 1)[0]
    host, _, port = host_port.partition(":")
    return psycopg2.connect(
        dbname=dbname, user=role, host=host, port=int(port or 5432), connect_timeout=3
    )


def schema_snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """What the ``hq`` schema holds: columns, constraints, indexes, policies, grants, RLS flags."""
    return {
        "columns": query(
            url,
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = 'hq' ORDER BY 1, 2",
        ),
        "constraints": query(
            url,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'hq'::regnamespace ORDER BY 1, 2",
        ),
        "indexes": query(
            url, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'hq' ORDER BY 1"
        ),
        "policies": query(
            url,
            "SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies "
            "WHERE schemaname = 'hq' ORDER BY 1, 2",
        ),
        "grants": query(
            url,
            "SELECT table_name, grantee, privilege_type FROM information_schema.table_privileges "
            "WHERE table_schema = 'hq' ORDER BY 1, 2, 3",
        ),
        "security": query(
            url,
            "SELECT relname, relrowsecurity, relforcerowsecurity, pg_get_userbyid(relowner) "
            "FROM pg_class WHERE relnamespace = 'hq'::regnamespace ORDER BY 1",
        ),
        "meta": query(url, "SELECT component, version FROM hq.hq_meta ORDER BY 1"),
    }


@dataclass
class RoleNames:
    """Unique role names for one test (or module), dropped at its end.

    Attributes:
        owner: the HQ owner role to use.
        codes: branch codes handed out, whose roles are dropped too.
    """

    owner: str
    codes: list[str] = field(default_factory=list)

    def code(self, letter: str) -> str:
        """A branch code no other test uses (its role is dropped at the end)."""
        code = f"{letter}{self.owner[-8:]}"
        self.codes.append(code)
        return code

    def all_roles(self) -> list[str]:
        """Every role this test may have created, members before the group they belong to."""
        roles = HqRoles.for_owner(self.owner)
        branch_roles = [BRANCH_ROLE_PREFIX + code.lower() for code in self.codes]
        return [*branch_roles, roles.branches, roles.owner]
