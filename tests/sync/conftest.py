"""HQ databases on the real PostgreSQL server, with roles named uniquely for each test.

Roles belong to the whole server, not to one database: every test that creates them gets names
of its own and drops them after its databases are gone.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator

import pytest
from hq_helpers import PG_SERVER, RoleNames


def _drop_roles(names: RoleNames) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=3)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for role in names.all_roles():
                with contextlib.suppress(psycopg2.errors.UndefinedObject):
                    cur.execute(f'DROP ROLE IF EXISTS "{role}"')
    finally:
        conn.close()


@contextlib.contextmanager
def _role_names() -> Iterator[RoleNames]:
    names = RoleNames(f"cdt_owner_{uuid.uuid4().hex[:8]}")
    try:
        yield names
    finally:
        _drop_roles(names)


@pytest.fixture
def roles() -> Iterator[RoleNames]:
    """Role names for this test; the roles are dropped after its databases."""
    with _role_names() as names:
        yield names


@pytest.fixture(scope="module")
def module_roles() -> Iterator[RoleNames]:
    """Role names for this module's tests; dropped after the module's databases."""
    with _role_names() as names:
        yield names


@pytest.fixture
def hq_url(
    roles: RoleNames, pg_databases: Callable[[], contextlib.AbstractContextManager[str]]
) -> Iterator[str]:
    """An empty throwaway database for this test (dropped before its roles)."""
    with pg_databases() as url:
        yield url
