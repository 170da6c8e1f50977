"""The queue on the real PostgreSQL server: schema management, roles, notifications."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import uuid
from datetime import UTC
from pathlib import Path
from typing import Any

import peewee
import psycopg2
import pytest
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import ConflictError, DomainError
from counterdesk.core.policy import CallingPolicy
from counterdesk.queue.base import CounterMode
from counterdesk.queue.postgres import (
    CHANNEL,
    PG_SCHEMA_VERSION,
    PgAddress,
    PostgresQueue,
    connect,
    grants,
    init_schema,
)
from counterdesk.storage.sql import execute

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


def admin(url: str) -> psycopg2.extensions.connection:
    conn = psycopg2.connect(url)
    conn.autocommit = True
    return conn


def test_init_is_idempotent_and_reports_versions(pg_url: str) -> None:
    assert init_schema(pg_url) == (PG_SCHEMA_VERSION, PG_SCHEMA_VERSION)


def test_a_queue_connects_only_when_opened_and_names_itself_for_staff(
    qtbot: QtBot, pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    def named(name: str) -> int:
        conn = admin(pg_url)
        with conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (name,)
            )
            found = int(cur.fetchone()[0])
        conn.close()
        return found

    name = f"counterdesk/kiosk/{os.getpid()}"
    queue = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC, role="kiosk")
    assert named(name) == 0, "building the queue connected"
    queue.open()
    assert named(name) == 1
    queue.close()
    qtbot.waitUntil(lambda: named(name) == 0, timeout=3000)  # the server ends the session


def test_a_terminal_refuses_a_server_without_the_schema(
    pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    server, _ = pg_url.rsplit("/", 1)
    name = f"counterdesk_empty_{uuid.uuid4().hex[:8]}"
    conn = admin(f"{server}/postgres")
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    try:
        refusal = f"has schema 0, this program needs {PG_SCHEMA_VERSION}; run: counterdesk queue"
        with pytest.raises(DomainError, match=refusal):
            PostgresQueue(f"{server}/{name}", catalogue, clock).open()
    finally:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE {name}")
        conn.close()


def test_a_newer_schema_is_refused_by_terminals_and_by_init(
    pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    conn = admin(pg_url)
    with conn.cursor() as cur:
        cur.execute("UPDATE queue_meta SET version = 99")
    try:
        with pytest.raises(DomainError, match="schema 99"):
            PostgresQueue(pg_url, catalogue, clock).open()
        with pytest.raises(DomainError, match="newer than this program"):
            init_schema(pg_url)
    finally:
        with conn.cursor() as cur:
            cur.execute("UPDATE queue_meta SET version = %s", (PG_SCHEMA_VERSION,))
        conn.close()


def test_the_terminals_role_operates_the_queue_but_cannot_change_its_schema(
    pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    role = f"cd_counter_{uuid.uuid4().hex[:8]}"
    conn = admin(pg_url)
    with conn.cursor() as cur:
        cur.execute(f"CREATE ROLE {role} LOGIN")
        cur.execute(grants(role))
    server, db = pg_url.rsplit("/", 1)
    terminal_url = f"postgresql://{role}@{server.split('@', 1)[1]}/{db}"
    queue = PostgresQueue(terminal_url, catalogue, clock, local_zone=UTC)
    try:
        ticket = queue.issue("DEP")
        assert queue.call_next(CallingPolicy(1, ("DEP",))).ticket.id == ticket.id
        queue.start(ticket.id, 1)
        queue.finish(ticket.id, 1)
        terminal = psycopg2.connect(terminal_url)
        with (
            terminal,
            terminal.cursor() as cur,
            pytest.raises(psycopg2.errors.InsufficientPrivilege),
        ):
            cur.execute("ALTER TABLE ticket ADD COLUMN mischief INTEGER")
        with (
            terminal,
            terminal.cursor() as cur,
            pytest.raises(psycopg2.errors.InsufficientPrivilege),
        ):
            cur.execute("DELETE FROM ticket_event")
        terminal.close()
    finally:
        queue.close()
        with conn.cursor() as cur:
            cur.execute(f"DROP OWNED BY {role}")
            cur.execute(f"DROP ROLE {role}")
        conn.close()


def test_every_change_notifies_listeners(
    pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    listener = admin(pg_url)
    with listener.cursor() as cur:
        cur.execute(f"LISTEN {CHANNEL}")
    queue = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    try:
        queue.issue("DEP")
        ready, _, _ = select.select([listener], [], [], 5)
        assert ready, "no notification within 5 s"
        listener.poll()
        assert [n.payload for n in listener.notifies] == ["ticket_event"]
    finally:
        queue.close()
        listener.close()


def test_a_call_after_the_prepared_heads_were_dropped_still_calls_the_next_customer(
    pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    """The heads statement is prepared per connection; if the session loses it, a call does."""
    queue = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    policy = CallingPolicy(1, ("DEP",))
    try:
        queue.set_counter_mode(1, CounterMode.OPEN)
        issued = [queue.issue("DEP").label for _ in range(3)]
        called = [queue.call_next(policy).ticket.label]
        execute(queue.db, "DEALLOCATE ALL")  # as a pooler or an administrator might
        called.append(queue.call_next(policy).ticket.label)
        called.append(queue.call_next(policy).ticket.label)
        assert called == issued
        with admin(pg_url) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM ticket_event WHERE action = 'call'")
            assert cur.fetchone() == (3,), "each call written once"
    finally:
        queue.close()


def test_urls_never_show_their_password() -> None:
    url = "postgresql://counter:s3cret@branch-server:5433/queue"
    address = PgAddress.parse(url)
    assert (address.user, address.host, address.port, address.dbname) == (
        "counter", "branch-server", 5433, "queue",
    )  # fmt: skip
    assert "s3cret" not in address.safe()
    assert "s3cret" not in PgAddress.redact(url)
    with pytest.raises(ValueError, match="names no database"):
        PgAddress.parse("postgresql://counter@branch-server")


def test_queue_init_command_prints_the_grants(pg_url: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "counterdesk", "queue", "init", pg_url, "--grant-to", "teller_pc"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        env={**os.environ, "COUNTERDESK_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"already at version {PG_SCHEMA_VERSION}" in result.stdout
    assert "GRANT SELECT, INSERT, UPDATE ON daily_counter, ticket" in result.stdout
    assert "TO teller_pc;" in result.stdout


@pytest.mark.parametrize("role", ["x; DROP TABLE ticket", "1teller", "kassierer_ü", "a" * 64])
def test_queue_init_refuses_a_role_name_before_creating_the_schema(
    pg_empty_database: str, tmp_path: Path, role: str
) -> None:
    init = ["queue", "init", pg_empty_database, "--grant-to", role]
    result = subprocess.run(
        [sys.executable, "-m", "counterdesk", *init],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        env={**os.environ, "COUNTERDESK_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "not a plain role name" in result.stderr
    conn = admin(pg_empty_database)
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        tables = int(cur.fetchone()[0])
    conn.close()
    assert tables == 0, "the schema was created before the role name was refused"


class SentTexts:
    """The texts a peewee database sends to the server, one per round trip."""

    def __init__(self, db: Any) -> None:
        self.texts: list[str] = []
        cursor = db.cursor

        def recording_cursor(*args: Any, **kwargs: Any) -> Any:
            real = cursor(*args, **kwargs)
            sent = self.texts

            class Recorded:
                def execute(self, sql: str, params: Any = ()) -> Any:
                    sent.append(sql)
                    return real.execute(sql, params)

                def __getattr__(self, name: str) -> Any:
                    return getattr(real, name)

            return Recorded()

        db.cursor = recording_cursor


def test_a_transaction_sends_its_begin_with_its_first_statement_and_stays_atomic(
    pg_url: str,
) -> None:
    db = connect(PgAddress.parse(pg_url))
    db.connect()
    sent = SentTexts(db)
    watcher = admin(pg_url)

    def counters() -> list[int]:
        with watcher.cursor() as cur:
            cur.execute(
                "SELECT counter - 9000 FROM counter_heartbeat WHERE counter > 9000 ORDER BY 1"
            )
            return [row[0] for row in cur.fetchall()]

    with watcher.cursor() as cur:  # other tests' beats may be there; these counters are ours
        cur.execute("DELETE FROM counter_heartbeat WHERE counter > 9000")

    beat = "INSERT INTO counter_heartbeat (counter, beat_at) VALUES (9000 + %s, 'now')"
    try:
        with db.atomic():
            execute(db, beat, (1,))
            assert counters() == [], "inside a transaction that is not committed yet"
            execute(db, beat, (2,))
        # Three round trips for two statements: BEGIN went with the first.
        assert sent.texts == [f"BEGIN; {beat}", beat, "COMMIT"]
        assert counters() == [1, 2]

        # A statement failing after the first undoes the first: the transaction was real.
        def three_then_one_again() -> None:
            with db.atomic():
                execute(db, beat, (3,))
                execute(db, beat, (1,))

        with pytest.raises(peewee.IntegrityError, match="duplicate key"):
            three_then_one_again()
        assert counters() == [1, 2]

        # A transaction that ran nothing costs no round trip, and leaves no BEGIN behind:
        # the next statement outside a transaction is committed by itself.
        sent.texts.clear()
        with db.atomic():
            pass
        execute(db, beat, (4,))
        assert sent.texts == [beat]
        assert counters() == [1, 2, 4]

        # The last statement can carry the COMMIT: two round trips for two statements. A
        # statement after it is refused (it would run outside the transaction).
        sent.texts.clear()
        with db.atomic():
            execute(db, beat, (5,))
            db.execute_and_commit(beat, (6,))
            with pytest.raises(RuntimeError, match="after its transaction's COMMIT"):
                execute(db, beat, (7,))
        assert sent.texts == [f"BEGIN; {beat}", f"{beat}; COMMIT"]
        assert counters() == [1, 2, 4, 5, 6]
        assert not db.commit_in_doubt()

        # When the last statement fails the server skips the COMMIT: the first is undone too,
        # and the server's answer leaves no doubt about it.
        def eight_then_one_again() -> None:
            with db.atomic():
                execute(db, beat, (8,))
                db.execute_and_commit(beat, (1,))

        with pytest.raises(peewee.IntegrityError, match="duplicate key"):
            eight_then_one_again()
        assert not db.commit_in_doubt()
        assert counters() == [1, 2, 4, 5, 6]
        execute(db, beat, (9,))  # and the connection goes on, outside any transaction
        assert counters() == [1, 2, 4, 5, 6, 9]
    finally:
        db.close()
        watcher.close()


def test_a_call_is_two_round_trips_and_commits_with_its_write(
    pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    queue = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    other = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    policy = CallingPolicy(1, ("DEP",))
    try:
        queue.set_counter_mode(1, CounterMode.OPEN)
        first, second = queue.issue("DEP"), queue.issue("DEP")
        queue.call_next(policy)  # prepares the call's statements on this connection
        sent = SentTexts(queue.db)
        assert queue.call_next(policy).ticket.id == second.id
        assert [text.split(" (")[0] for text in sent.texts] == [
            "BEGIN; EXECUTE counterdesk_call_reads",
            "EXECUTE counterdesk_call_write",
        ]
        assert sent.texts[1].endswith("; COMMIT")
        # Planned once for the connection, not on each of its first runs.
        for _ in range(5):
            queue.issue("DEP")
            queue.call_next(policy)
        plans = execute(
            queue.db,
            "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name",
        ).fetchall()
        assert plans == [
            ("counterdesk_call_reads", 7, 0),
            ("counterdesk_call_write", 7, 0),
        ]
        # Committed: another terminal sees both tickets called, and each call written once.
        assert [other.get(t.id).counter for t in (first, second)] == [1, 1]
        with admin(pg_url) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM ticket_event WHERE action = 'call' AND ticket_id IN (%s, %s)",
                (first.id, second.id),
            )
            assert cur.fetchone() == (2,)

        # Inside a caller's transaction the call commits with it, or not at all.
        third = queue.issue("DEP")

        def call_then_fail() -> None:
            with queue.db.atomic():
                assert queue.call_next(policy).ticket.id == third.id
                raise LookupError("the caller's own failure")

        with pytest.raises(LookupError):
            call_then_fail()
        assert other.get(third.id).counter is None
        with queue.db.atomic():
            assert queue.call_next(policy).ticket.id == third.id
            assert other.get(third.id).counter is None, "not before the caller commits"
        assert other.get(third.id).counter == 1
    finally:
        queue.close()
        other.close()


def test_a_call_whose_ticket_changed_under_it_commits_nothing(
    pg_url: str, catalogue: Catalogue, clock: FixedClock
) -> None:
    """The call's write checks the ticket's version although the head is locked since it was
    read (so it cannot change in a real call): a write that finds it changed fails, and the
    streak written with it is rolled back. Driven through the write itself, for that reason."""
    queue = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    try:
        queue.set_counter_mode(1, CounterMode.OPEN)
        stale = queue.issue("DEP")
        queue.call_next(CallingPolicy(2, ("DEP",)))  # counter 2 calls it first
        now = clock.now()

        def call_it_again() -> None:
            with queue._write():
                queue._call(stale, stale.call(1, now), now, "{}", None, 7)

        with pytest.raises(ConflictError, match=f"ticket {stale.label} was changed"):
            call_it_again()
        assert queue.get(stale.id).counter == 2
        assert [e[0] for e in queue.events(stale.id)] == ["issue", "call"]
        with admin(pg_url) as conn, conn.cursor() as cur:
            cur.execute("SELECT priority_streak FROM counter_state WHERE counter = 1")
            assert cur.fetchone() != (7,), "the streak went with the failed write"
    finally:
        queue.close()
