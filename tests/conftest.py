"""Shared fixtures: headless Qt, fixed clocks, the shipped business types."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

# Without a display Qt aborts the whole run; tests are headless unless told otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.procedures import load_catalogue

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"


@pytest.fixture
def clock() -> FixedClock:
    """A clock at 09:00 UTC on a working day; tests move it explicitly."""
    return FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The business types shipped in resources/."""
    return load_catalogue(RESOURCES / "business_types.toml")


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real config and data folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("COUNTERDESK_CONFIG", raising=False)
    monkeypatch.delenv("COUNTERDESK_DATA_DIR", raising=False)


# -- PostgreSQL ------------------------------------------------------------------------------

PG_SERVER = os.environ.get("COUNTERDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def _admin(dbname: str = "postgres") -> Any:
    import psycopg2

    url = f"{PG_SERVER}/{dbname}"
    conn = psycopg2.connect(url, connect_timeout=3)
    conn.autocommit = True
    return conn


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway database on the real server for this test session, with the queue schema.

    Without a reachable server the PostgreSQL tests are skipped, except in CI, where they
    must run.
    """
    import uuid

    import psycopg2

    from counterdesk.queue.postgres import init_schema

    try:
        admin = _admin()
    except psycopg2.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server at {PG_SERVER}: {exc}")
    name = f"counterdesk_test_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    url = f"{PG_SERVER}/{name}"
    init_schema(url)
    try:
        yield url
    finally:
        with admin.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            cur.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The session's queue database, emptied for this test."""
    conn = _admin(pg_database.rsplit("/", 1)[1])
    with conn.cursor() as cur:
        cur.execute(
            "TRUNCATE ticket_event, ticket, daily_counter, counter_state, day_close "
            "RESTART IDENTITY CASCADE"
        )
    conn.close()
    return pg_database
