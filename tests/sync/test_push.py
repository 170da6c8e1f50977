"""The push of a real desk's journal to a throwaway HQ database, as the branch's own role."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hq_helpers import RoleNames, query

from counterdesk.app.builders import build_desk
from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_BUSY, EXIT_DATABASE, EXIT_OK, EXIT_PROBLEMS
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock, to_utc_text
from counterdesk.core.staff import Role
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage.db import open_journal
from counterdesk.storage.fields import to_json_text
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.sync_outbox import JournalBehindHq, JournalHistoryDiffers, SyncJournal
from counterdesk.sync.hq import add_branch, init_hq
from counterdesk.sync.push import (
    HQ_TABLES,
    HqSchemaMismatch,
    HqUnavailable,
    SyncBusy,
    connect_branch,
    push,
    sync_lock,
)

pytestmark = pytest.mark.postgres
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
PASSWORD = "branch-a-password"
TELLER = ("1001", "1234")
VALID_ID = "11010519491231002X"


def open_station(path: Path, clock: FixedClock, catalogue: Catalogue) -> Station:
    """A station over a journal file (as tests/services/desk_helpers.py builds one)."""
    config = Config(data_dir=path.parent, journal_path=Path(path.name), counter_number=3,
                    branch_name="Test branch", serves=("DEP", "WDR"))  # fmt: skip
    return Station(config=config, clock=clock, journal=open_journal(path, clock),
                   catalogue=catalogue)  # fmt: skip


def serve_deposit(desk: CounterDesk, clock: FixedClock) -> None:
    """Call a deposit and serve it up to the supervisor's step."""
    desk.queue.issue("DEP")
    clock.advance(300)
    desk.call_next()
    clock.advance(20)
    desk.start()
    clock.advance(45)
    desk.check_step("identity", VALID_ID)
    clock.advance(30)
    desk.check_step("deposit_slip")
    clock.advance(90)
    desk.check_step("count_cash", "80,000.00")


@dataclass(frozen=True)
class Branch:
    """An HQ database with one branch registered."""

    url: str
    code: str


@pytest.fixture
def branch(hq_url: str, roles: RoleNames) -> Branch:
    init_hq(hq_url, roles.owner)
    code = roles.code("A")
    add_branch(hq_url, code, PASSWORD, "Branch A")
    return Branch(hq_url, code)


@pytest.fixture
def journal_path(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "journal.db"
    db = open_journal(path, clock)
    StaffDirectory(db, clock).add(TELLER[0], "Li Na", Role.TELLER, TELLER[1])
    db.close()
    return path


@pytest.fixture
def make_desk(journal_path: Path, clock: FixedClock, catalogue: Catalogue) -> Iterator[Any]:
    opened: list[CounterDesk] = []
    library = ProcedureLibrary.load(RESOURCES / "procedures", catalogue)

    def make(path: Path = journal_path) -> CounterDesk:
        desk = build_desk(
            open_station(path, clock, catalogue),
            queue=SqliteQueue(path, catalogue, clock, local_zone=UTC),
            library=library,
            rating_timeout=30,
        )
        desk.start_up()
        opened.append(desk)
        return desk

    yield make
    for desk in opened:
        desk.queue.close()
        desk.uow.db.close()


def served_day(desk: CounterDesk, clock: FixedClock) -> None:
    """A teller signs in, serves a deposit and reopens a step and checks it again."""
    desk.sign_in(*TELLER)
    serve_deposit(desk, clock)
    clock.advance(10)
    desk.uncheck_step("count_cash")  # a delete in the outbox
    clock.advance(10)
    desk.check_step("count_cash", "81,000.00")


def journal_rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    columns = HQ_TABLES[table].columns
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY uuid").fetchall()
    finally:
        conn.close()
    json_columns = {"reasons", "detail", "snapshot"}
    return [
        tuple(
            to_json_text(json.loads(v)) if c in json_columns and v is not None else v
            for c, v in zip(columns, row, strict=True)
        )
        for row in rows
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_utc_text(value)
    if isinstance(value, dict | list):
        return to_json_text(value)
    return value


def hq_rows(url: str, table: str, branch: str) -> list[tuple[Any, ...]]:
    columns = ", ".join(
        f"{c}::text" if c in ("uuid", "session_id", "service_id", "previous_service_id",
                              "procedure_snapshot_id") else c
        for c in HQ_TABLES[table].columns
    )  # fmt: skip
    rows = query(
        url,
        f"SELECT {columns} FROM hq.{table} WHERE branch_code = %s AND deleted_at IS NULL "
        "ORDER BY uuid::text",
        (branch,),
    )
    return [tuple(_plain(v) for v in row) for row in rows]


def assert_hq_holds_the_journal(url: str, branch: str, path: Path) -> None:
    for table in HQ_TABLES:
        assert hq_rows(url, table, branch) == journal_rows(path, table), table


def watermark(url: str, terminal: str) -> int:
    rows = query(url, "SELECT last_seq FROM hq.watermark WHERE terminal_id = %s", (terminal,))
    return int(rows[0][0]) if rows else 0


def sync_of(path: Path, clock: FixedClock) -> SyncJournal:
    return SyncJournal(open_journal(path, clock))


def test_a_desks_journal_reaches_hq_row_for_row_and_a_second_push_sends_nothing(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    desk = make_desk()
    served_day(desk, clock)
    sync = sync_of(journal_path, clock)

    result = push(sync, branch.url, branch.code, PASSWORD, batch_events=4)

    assert result.events == sync.last_seq() > 10
    assert result.batches > 2
    assert_hq_holds_the_journal(branch.url, branch.code, journal_path)
    assert watermark(branch.url, sync.terminal_id()) == sync.last_seq() == sync.confirmed_seq()
    # The reopened step's first row is kept at HQ, marked deleted, never reported as checked.
    gone = query(
        branch.url,
        "SELECT count(*) FROM hq.step_record WHERE step_id = 'count_cash' "
        "AND deleted_at IS NOT NULL",
    )
    assert gone == [(1,)]
    again = push(sync, branch.url, branch.code, PASSWORD)
    assert (again.events, again.batches) == (0, 0)


def test_a_row_changed_after_the_push_is_updated_and_an_older_resend_changes_nothing(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    desk = make_desk()
    served_day(desk, clock)
    sync = sync_of(journal_path, clock)
    push(sync, branch.url, branch.code, PASSWORD)
    old_events = sync.read_after(0, 10_000)

    clock.advance(30)
    desk.uncheck_step("deposit_slip")
    clock.advance(30)
    desk.check_step("deposit_slip")
    pushed = push(sync, branch.url, branch.code, PASSWORD)

    assert pushed.events > 0
    assert_hq_holds_the_journal(branch.url, branch.code, journal_path)
    # Re-send every older event as a new batch: HQ keeps the newer rows.
    from counterdesk.sync.push import _send_batch

    conn = connect_branch(branch.url, branch.code, PASSWORD)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE hq.watermark SET last_seq = 0")
            _send_batch(cur, old_events, branch.code, sync.terminal_id(), 0)
            cur.execute("UPDATE hq.watermark SET last_seq = %s", (sync.last_seq(),))
    finally:
        conn.close()
    assert_hq_holds_the_journal(branch.url, branch.code, journal_path)


def test_a_copied_journal_pushing_after_the_original_is_refused_and_sends_nothing(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path, tmp_path: Path
) -> None:
    desk = make_desk()
    served_day(desk, clock)
    push(sync_of(journal_path, clock), branch.url, branch.code, PASSWORD)
    copy_dir = tmp_path / "clone"
    copy_dir.mkdir()
    desk.uow.db.execute_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(journal_path, copy_dir / "journal.db")
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(journal_path, restored / "journal.db")
    desk.uncheck_step("deposit_slip")
    original = sync_of(journal_path, clock)
    push(original, branch.url, branch.code, PASSWORD)
    clone = make_desk(copy_dir / "journal.db")
    clone.sign_in(*TELLER)
    clone.uncheck_step("identity")
    before = query(branch.url, "SELECT count(*), max(synced_at) FROM hq.audit_log")

    with pytest.raises(JournalHistoryDiffers, match="another history"):
        push(sync_of(copy_dir / "journal.db", clock), branch.url, branch.code, PASSWORD)
    with pytest.raises(JournalBehindHq, match="restored from an older backup"):
        push(sync_of(restored / "journal.db", clock), branch.url, branch.code, PASSWORD)

    assert query(branch.url, "SELECT count(*), max(synced_at) FROM hq.audit_log") == before
    assert watermark(branch.url, original.terminal_id()) == original.last_seq()
    assert_hq_holds_the_journal(branch.url, branch.code, journal_path)


def test_the_push_writes_as_the_configured_branch_and_another_branch_cannot_take_it(
    branch: Branch, roles: RoleNames, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    other = roles.code("B")
    add_branch(branch.url, other, "branch-b-password")
    served_day(make_desk(), clock)
    sync = sync_of(journal_path, clock)
    push(sync, branch.url, branch.code, PASSWORD)
    sessions = query(branch.url, "SELECT DISTINCT branch_code FROM hq.service")
    assert sessions == [(branch.code,)]

    import psycopg2

    # The same terminal configured for branch B: B's role may not touch A's terminal.
    with pytest.raises(psycopg2.Error, match="row-level security"):
        push(sync, branch.url, other, "branch-b-password")
    assert query(branch.url, "SELECT count(*) FROM hq.service WHERE branch_code = %s",
                 (other,)) == [(0,)]  # fmt: skip


def test_an_unknown_branch_role_or_database_is_one_clear_refusal(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    served_day(make_desk(), clock)
    sync = sync_of(journal_path, clock)
    with pytest.raises(HqUnavailable, match="cannot be reached as cd_branch_nosuch") as caught:
        push(sync, branch.url, "NOSUCH", "secret-password")
    assert "secret-password" not in str(caught.value)
    with pytest.raises(HqUnavailable, match="cannot be reached"):
        push(sync, branch.url + "_missing", branch.code, PASSWORD)
    assert sync.confirmed_seq() == 0


def test_an_hq_schema_older_than_the_program_is_refused_before_anything_is_sent(
    hq_url: str, roles: RoleNames, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    init_hq(hq_url, roles.owner)
    code = roles.code("A")
    add_branch(hq_url, code, PASSWORD)
    query(hq_url, "UPDATE hq.hq_meta SET version = 1")
    served_day(make_desk(), clock)
    sync = sync_of(journal_path, clock)
    with pytest.raises(HqSchemaMismatch, match="has schema 1, this program needs"):
        push(sync, hq_url, code, PASSWORD)
    assert query(hq_url, "SELECT count(*) FROM hq.terminal") == [(0,)]
    assert sync.confirmed_seq() == 0


def test_a_second_sync_of_one_journal_is_refused_while_the_first_runs(journal_path: Path) -> None:
    with (
        sync_lock(journal_path),
        pytest.raises(SyncBusy, match="already running"),
        sync_lock(journal_path),
    ):
        pass
    with sync_lock(journal_path):
        pass


def _config(tmp_path: Path, branch: Branch, journal: Path, url: str | None = None) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[branch]\ncode = "{branch.code}"\n[journal]\npath = "{journal}"\n'
        f'[hq]\nurl = "{url or branch.url}"\n',
        encoding="utf-8",
    )
    return config


def test_counterdesk_sync_pushes_and_status_tells_how_it_ended(
    branch: Branch,
    make_desk: Any,
    clock: FixedClock,
    journal_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served_day(make_desk(), clock)
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    config = str(_config(tmp_path, branch, journal_path))
    out = io.StringIO()

    assert main(["--config", config, "sync"], out) == EXIT_OK

    lines = out.getvalue().splitlines()
    sync = sync_of(journal_path, clock)
    assert lines[0] == f"sent {sync.last_seq()} of {sync.last_seq()} rows"
    assert lines[1].startswith(f"{sync.last_seq()} events sent")
    assert_hq_holds_the_journal(branch.url, branch.code, journal_path)
    out = io.StringIO()
    assert main(["--config", config, "sync", "--json"], out) == EXIT_OK
    assert json.loads(out.getvalue())["push"]["events"] == 0
    out = io.StringIO()
    assert main(["--config", config, "sync", "--status"], out) == EXIT_OK
    assert ": ok: 0 events sent" in out.getvalue()
    assert "last successful sync: 20" in out.getvalue()
    assert PASSWORD not in out.getvalue() + capsys.readouterr().err


def test_counterdesk_sync_failures_are_one_line_each_and_keep_the_journal(
    branch: Branch,
    make_desk: Any,
    clock: FixedClock,
    journal_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    desk = make_desk()
    served_day(desk, clock)
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    sync = sync_of(journal_path, clock)
    pending = sync.pending_count()
    missing = _config(tmp_path, branch, journal_path, branch.url + "_missing")
    capsys.readouterr()

    assert main(["--config", str(missing), "sync"], io.StringIO()) == EXIT_DATABASE
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "cannot be reached" in err
    out = io.StringIO()
    assert main(["--config", str(missing), "sync", "--status"], out) == EXIT_OK
    assert ": FAILED: head office" in out.getvalue()
    assert "last successful sync: never" in out.getvalue()
    assert sync.pending_count() == pending
    assert sync.confirmed_seq() == 0

    config = _config(tmp_path, branch, journal_path)
    with sync_lock(journal_path):
        assert main(["--config", str(config), "sync"], io.StringIO()) == EXIT_BUSY
    assert "already running" in capsys.readouterr().err

    # A restored journal: HQ already has more than it.
    backup = tmp_path / "backup.db"
    desk.uow.db.execute_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(journal_path, backup)
    clock.advance(10)
    desk.uncheck_step("deposit_slip")
    assert main(["--config", str(config), "sync"], io.StringIO()) == EXIT_OK
    before = watermark(branch.url, sync.terminal_id())
    restored = _config(tmp_path, branch, backup)
    assert main(["--config", str(restored), "sync"], io.StringIO()) == EXIT_PROBLEMS
    assert "restored from an older backup" in capsys.readouterr().err
    assert watermark(branch.url, sync.terminal_id()) == before
