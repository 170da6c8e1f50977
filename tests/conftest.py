"""Shared fixtures: headless Qt, fixed clocks, the shipped business types."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
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


@pytest.fixture(scope="session", autouse=True)
def _gui_application() -> Iterator[None]:
    """A QApplication before any command runs in-process.

    A command's translations make a QCoreApplication when none exists (``report kpi``,
    ``report stars``); every later test that builds a window in the same run would then fail
    to get its QApplication (pytest-qt refuses the QCoreApplication).
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance() or QApplication([])
    yield
    del app


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
    # No site-wide file (/etc/counterdesk/config.toml) of the machine running the tests.
    monkeypatch.setenv("COUNTERDESK_SITE_CONFIG", "")


# -- PostgreSQL ------------------------------------------------------------------------------

PG_SERVER = os.environ.get("COUNTERDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def _admin(dbname: str = "postgres") -> Any:
    import psycopg2

    url = f"{PG_SERVER}/{dbname}"
    conn = psycopg2.connect(url, connect_timeout=3)
    conn.autocommit = True
    return conn


def _require_pg() -> bool:
    """Whether a missing server is an error rather than a skip.

    ``.ci/run`` sets ``COUNTERDESK_REQUIRE_PG=1`` itself, so it holds when the script is run by
    hand too; ``CI`` (set by the CI runner) still counts.
    """
    return any(
        os.environ.get(name, "").lower() not in ("", "0", "false", "no")
        for name in ("COUNTERDESK_REQUIRE_PG", "CI")
    )


def _admin_or_skip() -> Any:
    import psycopg2

    try:
        return _admin()
    except psycopg2.OperationalError as exc:
        if _require_pg():
            raise
        pytest.skip(f"no PostgreSQL server at {PG_SERVER}: {exc}")


@contextlib.contextmanager
def _throwaway_database(template: str | None = None) -> Iterator[str]:
    """Create a database on the real server (empty, or a copy of the database of URL
    ``template``, which nobody may be connected to); drop it (and its sessions) afterwards."""
    import uuid

    admin = _admin_or_skip()
    name = f"counterdesk_test_{uuid.uuid4().hex[:10]}"
    copy = "" if template is None else f" TEMPLATE {template.rsplit('/', 1)[1]}"
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}{copy}")
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            cur.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway database on the real server for this test session, with the queue schema.

    Without a reachable server the PostgreSQL tests are skipped, except where they must run
    (``COUNTERDESK_REQUIRE_PG=1``, set by ``.ci/run``, or ``CI``): there it is an error.
    """
    from counterdesk.queue.postgres import init_schema

    with _throwaway_database() as url:
        init_schema(url)
        yield url


@pytest.fixture
def pg_empty_database() -> Iterator[str]:
    """An empty throwaway database on the real server (no queue schema), for this test only."""
    with _throwaway_database() as url:
        yield url


@pytest.fixture(scope="session")
def pg_databases() -> Callable[..., contextlib.AbstractContextManager[str]]:
    """Make throwaway databases on the real server: ``with pg_databases() as url: ...``
    (``pg_databases(template=url)``: a copy of that database)."""
    return _throwaway_database


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The session's queue database, emptied for this test."""
    conn = _admin(pg_database.rsplit("/", 1)[1])
    with conn.cursor() as cur:
        cur.execute(
            "TRUNCATE ticket_event, ticket, daily_counter, counter_state, day_close, queue_bucket "
            "RESTART IDENTITY CASCADE"
        )
    conn.close()
    return pg_database


# -- the summary says whether the PostgreSQL tests ran ---------------------------------------

_PG_TESTS: set[str] = set()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Note the tests that run against the PostgreSQL server.

    They are marked ``postgres`` (those that reach the server through
    ``request.getfixturevalue`` can only be found so) or use ``pg_database``.
    """
    _PG_TESTS.update(
        item.nodeid
        for item in items
        if item.get_closest_marker("postgres") is not None
        or not {"pg_database", "pg_databases"}.isdisjoint(getattr(item, "fixturenames", ()))
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Count the PostgreSQL tests by outcome, so a run that skipped them cannot pass unseen."""
    stats = terminalreporter.stats
    counts = {
        outcome: sum(report.nodeid in _PG_TESTS for report in stats.get(outcome, ()))
        for outcome in ("passed", "failed", "error", "skipped")
    }
    if _PG_TESTS:
        shown = ", ".join(f"{count} {outcome}" for outcome, count in counts.items() if count)
        terminalreporter.write_line(
            f"PostgreSQL tests ({PG_SERVER}): {shown or 'none ran'} of {len(_PG_TESTS)}"
        )
