"""The push of a real desk's journal to a throwaway HQ database, as the branch's own role."""

from __future__ import annotations

import io
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
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
from counterdesk.queue.postgres import PostgresQueue
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
from counterdesk.sync.run import run_sync
from counterdesk.sync.tickets import EVENT_COLUMNS, TICKET_COLUMNS, QueueSource, TicketPush

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
    desk.check_step("source_of_funds", "salary")


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
    desk.check_step("source_of_funds", "salary")


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
    old_events = sync.read_raw_after(0, 10_000)

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


#: Rows whose uuid a copy of the template keeps: each procedure version is stored once.
_SHARED = ("procedure_snapshot",)
_ORDER = ("procedure_snapshot", "staff_session", "pause", "service", "step_record", "rating",
          "audit_log")  # fmt: skip


def grow_journal(path: Path, events: int) -> None:
    """Append copies of the journal's own rows (new uuids, same shape) with an event each.

    Bulk inserts into the real schema, as ``bench/journal_year.py`` does, so a journal of tens
    of thousands of events is built in about a second.
    """
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        template = {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t}")] for t in _ORDER}
        per_copy = sum(len(rows) for t, rows in template.items() if t not in _SHARED)
        own = {row["uuid"] for t, rows in template.items() if t not in _SHARED for row in rows}
        with conn:
            for _ in range(events // per_copy + 1):
                fresh = {old: str(uuid.uuid4()) for old in own}
                for table in _ORDER:
                    if table in _SHARED:
                        continue
                    for row in template[table]:
                        new = {c: fresh.get(v, v) if isinstance(v, str) else v
                               for c, v in row.items()}  # fmt: skip
                        marks = ", ".join("?" * len(new))
                        conn.execute(
                            f"INSERT INTO {table} ({', '.join(new)}) VALUES ({marks})",
                            tuple(new.values()),
                        )
                        conn.execute(
                            "INSERT INTO sync_event (uuid, entity, entity_id, op, payload, at) "
                            "VALUES (?, ?, ?, 'upsert', ?, ?)",
                            (str(uuid.uuid4()), table, new["uuid"],
                             json.dumps(new, sort_keys=True), new["updated_at"]),
                        )  # fmt: skip
    finally:
        conn.close()


_CHILD = """
import sys
from pathlib import Path
from counterdesk.core.clock import SystemClock
from counterdesk.sync.run import run_sync

run_sync(Path(sys.argv[1]), url=sys.argv[2], branch_code=sys.argv[3], password=sys.argv[4],
         clock=SystemClock(), keep_days=3650, batch_events=int(sys.argv[5]))
"""


def _wait_for(condition: Any, deadline_s: float, what: str) -> Any:
    deadline = time.monotonic() + deadline_s
    while True:
        found = condition()
        if found:
            return found
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def _advanced_or_ended(
    url: str, terminal: str, target: int, child: subprocess.Popen[bytes]
) -> bool:
    return watermark(url, terminal) >= target or child.poll() is not None


def _cut_mid_batch(url: str, role: str, child: subprocess.Popen[bytes]) -> None:
    """Terminate the child's HQ connection while it has written part of a batch."""
    writing = partial(
        query,
        url,
        "SELECT pid FROM pg_stat_activity WHERE usename = %s AND datname = %s "
        "AND backend_xid IS NOT NULL",
        (role, url.rsplit("/", 1)[1]),
    )
    (pid,) = _wait_for(writing, 60, "a batch in flight")[0]
    query(url, "SELECT pg_terminate_backend(%s)", (pid,))
    assert child.wait(60) != 0


def test_a_push_killed_at_random_points_and_cut_mid_batch_ends_with_exactly_the_journal(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    desk = make_desk()
    served_day(desk, clock)
    desk.queue.close()
    desk.uow.db.close()
    grow_journal(journal_path, 50_000)
    sync = sync_of(journal_path, clock)
    last = sync.last_seq()
    assert last >= 50_000
    terminal = sync.terminal_id()
    batch = 1000
    args = [sys.executable, "-c", _CHILD, str(journal_path), branch.url, branch.code, PASSWORD,
            str(batch)]  # fmt: skip
    rng = random.Random(20261202)
    role = f"cd_branch_{branch.code.lower()}"
    kills = cuts = 0
    while kills < 20 or cuts < 1:
        before = watermark(branch.url, terminal)
        assert before < last, "the push finished before the kills and the cut were done"
        child = subprocess.Popen(args)
        try:
            if kills >= 3 and cuts < 1:
                _cut_mid_batch(branch.url, role, child)
                cuts += 1
                continue
            target = before + rng.choice([0, 0, 1, 1, 2]) * batch
            _wait_for(
                partial(_advanced_or_ended, branch.url, terminal, target, child),
                60,
                "the push to advance",
            )
            time.sleep(rng.uniform(0, 0.08))  # a random instant: mid-batch or between batches
            child.send_signal(signal.SIGKILL)
            assert child.wait(60) == -signal.SIGKILL
            kills += 1
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    final = subprocess.run(args, check=False, timeout=300)

    assert final.returncode == 0
    assert watermark(branch.url, terminal) == last == sync.confirmed_seq()
    assert_hq_holds_the_journal(branch.url, branch.code, journal_path)


def test_after_a_confirmed_push_old_rows_are_pruned_locally_and_stay_at_hq(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    desk = make_desk()
    served_day(desk, clock)
    audit = journal_rows(journal_path, "audit_log")
    clock.advance(91 * 86400)
    # A failed sync prunes nothing, however old the rows.
    with pytest.raises(HqUnavailable):
        run_sync(journal_path, url=branch.url + "_missing", branch_code=branch.code,
                 password=PASSWORD, clock=clock, keep_days=90)  # fmt: skip
    assert journal_rows(journal_path, "audit_log") == audit

    outcome = run_sync(journal_path, url=branch.url, branch_code=branch.code,
                       password=PASSWORD, clock=clock, keep_days=90)  # fmt: skip

    assert outcome.pruned is not None
    assert outcome.pruned.deleted["audit_log"] == len(audit) > 0
    assert journal_rows(journal_path, "audit_log") == []
    assert hq_rows(branch.url, "audit_log", branch.code) == audit
    # The open service and its steps are not settled: they stay until the service ends.
    assert journal_rows(journal_path, "service") == hq_rows(branch.url, "service", branch.code)
    assert "old rows pruned" in outcome.summary()


def test_after_the_push_the_sqlite_queues_sent_old_days_are_pruned_and_stay_at_hq(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    desk = make_desk()
    desk.queue.issue("DEP")
    desk.queue.issue("WDR")
    clock.advance(8 * 3600)
    desk.queue.close_day()
    clock.advance(91 * 86400)
    fresh = desk.queue.issue("DEP")  # today's day, open
    queue = QueueSource(journal_path)

    outcome = run_sync(journal_path, url=branch.url, branch_code=branch.code, password=PASSWORD,
                       clock=clock, keep_days=90, queue=queue)  # fmt: skip

    assert outcome.push is not None
    assert outcome.push.tickets.days == 1
    assert outcome.queue_days == 1
    assert _queue_rows(journal_path, "SELECT id FROM ticket") == [(fresh.id,)]
    assert query(branch.url, "SELECT count(*) FROM hq.ticket WHERE branch_code = %s",
                 (branch.code,)) == [(2,)]  # fmt: skip
    assert "1 sent queue days" in outcome.summary()
    assert desk.queue.issue("DEP").number == fresh.number + 1


def _queue_rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql).fetchall())
    finally:
        conn.close()


def test_the_sqlite_queues_closed_days_reach_hq_once_and_open_days_wait(
    branch: Branch, make_desk: Any, clock: FixedClock, journal_path: Path
) -> None:
    desk = make_desk()
    served_day(desk, clock)
    desk.queue.issue("WDR")
    queue = QueueSource(journal_path)
    sync = sync_of(journal_path, clock)

    open_day = push(sync, branch.url, branch.code, PASSWORD, queue=queue)
    assert open_day.tickets == TicketPush()
    assert query(branch.url, "SELECT count(*) FROM hq.ticket") == [(0,)]

    clock.advance(8 * 3600)
    desk.queue.close_day()
    closed = push(sync, branch.url, branch.code, PASSWORD, queue=queue)

    tickets = _queue_rows(
        journal_path, f"SELECT {', '.join(TICKET_COLUMNS)} FROM ticket ORDER BY id"
    )
    events = _queue_rows(
        journal_path, f"SELECT {', '.join(EVENT_COLUMNS)} FROM ticket_event ORDER BY seq"
    )
    assert closed.tickets == TicketPush(1, len(tickets), len(events))
    assert len(tickets) == 2
    assert len(events) >= 4
    at_hq = query(
        branch.url,
        f"SELECT {', '.join(TICKET_COLUMNS)} FROM hq.ticket WHERE branch_code = %s ORDER BY id",
        (branch.code,),
    )
    assert [
        tuple(
            v.isoformat() if c == "day" else _plain(v)
            for c, v in zip(TICKET_COLUMNS, row, strict=True)
        )
        for row in at_hq
    ] == tickets
    hq_events = query(
        branch.url,
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM hq.ticket_event WHERE branch_code = %s "
        "ORDER BY seq",
        (branch.code,),
    )
    assert [
        tuple(_plain(v) for v in row) for row in hq_events
    ] == [tuple(to_json_text(json.loads(v)) if c == "detail" else v
                for c, v in zip(EVENT_COLUMNS, row, strict=True)) for row in events]  # fmt: skip
    again = push(sync, branch.url, branch.code, PASSWORD, queue=queue)
    assert again.tickets == TicketPush()
    # A note lost to a kill re-sends the day, which changes nothing at HQ.
    sync.set_sync_note(f"tickets_pushed:{queue.key}", json.dumps(["", "", 0]))
    resent = push(sync, branch.url, branch.code, PASSWORD, queue=queue)
    assert resent.tickets.days == 1
    assert query(branch.url, "SELECT count(*) FROM hq.ticket_event") == [(len(events),)]


def _normal(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [
        tuple(v.isoformat() if isinstance(v, date) and not isinstance(v, datetime) else
              to_json_text(json.loads(v) if isinstance(v, str) and c == "detail" else v)
              if c == "detail" else _plain(v) for c, v in zip(columns, row, strict=True))
        for row in rows
        for columns in [TICKET_COLUMNS if len(row) == len(TICKET_COLUMNS) else EVENT_COLUMNS]
    ]  # fmt: skip


def test_any_terminal_of_a_postgres_queue_pushes_its_closed_days_and_nothing_doubles(
    branch: Branch, pg_url: str, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    queue = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    try:
        queue.issue("DEP")
        queue.issue("WDR")
        clock.advance(8 * 3600)
        queue.close_day()
    finally:
        queue.close()
    source = QueueSource(postgres_url=pg_url)
    firsts = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.db"
        open_journal(path, clock).close()
        firsts.append(push(sync_of(path, clock), branch.url, branch.code, PASSWORD, queue=source))

    with source.reader() as reader:
        tickets = reader.rows(f"SELECT {', '.join(TICKET_COLUMNS)} FROM ticket ORDER BY id")
        events = reader.rows(f"SELECT {', '.join(EVENT_COLUMNS)} FROM ticket_event ORDER BY seq")
    assert [p.tickets for p in firsts] == [TicketPush(1, 2, len(events))] * 2
    at_hq = query(branch.url, f"SELECT {', '.join(TICKET_COLUMNS)} FROM hq.ticket ORDER BY id")
    hq_events = query(
        branch.url, f"SELECT {', '.join(EVENT_COLUMNS)} FROM hq.ticket_event ORDER BY seq"
    )
    assert _normal(at_hq) == _normal(tickets)
    assert _normal(hq_events) == _normal(events)
