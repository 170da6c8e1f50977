"""Bad input to ``counterdesk sync``, end to end: one message, its exit code, nothing lost.

Each case of issue 10's "Bad input" list (and a malformed ``[hq] url``, and a connection cut
mid-push) runs the real command line against a throwaway HQ database, twice (plain and
``--json``), over the journal of a real desk (SQLite journal and queue, as ``tests/services``
build it). Every case must give one line saying what to do, the documented exit code, no
traceback and no password (in the output, the log records or any file), leave the journal's
rows and outbox as they were and HQ as it was (or holding only whole batches), show the error
in ``counterdesk sync --status``, and let the desk go on signing in, calling, serving and
finishing. Once the input is repaired, a good sync sends that work exactly once.

Cases tested elsewhere with the Python API (``test_push.py``: the clone and the restored
journal, an older schema, an unknown role; ``test_pull.py``: an invalid procedure) are taken
here through the command line; the kills of ``test_push.py`` are not repeated.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import test_push as pushing
from hq_helpers import query
from test_pull import dep_version

from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_DATABASE, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION
from counterdesk.sync.push import BATCH_EVENTS, HQ_TABLES
from counterdesk.sync.run import run_sync

pytestmark = pytest.mark.postgres

PASSWORD = pushing.PASSWORD
TELLER = pushing.TELLER
SUPERVISOR = ("2001", "2468")
V = HQ_SCHEMA_VERSION

# The push tests' HQ and desk fixtures (the journal below adds a supervisor).
branch = pushing.branch
make_desk = pushing.make_desk


@pytest.fixture
def journal_path(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "journal.db"
    db = open_journal(path, clock)
    staff = StaffDirectory(db, clock)
    staff.add(TELLER[0], "Li Na", Role.TELLER, TELLER[1])
    staff.add(SUPERVISOR[0], "Wang Fang", Role.SUPERVISOR, SUPERVISOR[1])
    db.close()
    return path


def full_customer(desk: CounterDesk, clock: FixedClock) -> None:
    """A teller signs in, calls, serves and finishes a deposit, the customer rates, sign out."""
    desk.sign_in(*TELLER)
    pushing.serve_deposit(desk, clock)
    clock.advance(20)
    desk.authorise_step("supervisor", None, *SUPERVISOR)
    clock.advance(10)
    desk.check_step("signature")
    desk.check_step("return_documents")
    clock.advance(10)
    state = desk.finish()
    assert state.rating is not None
    desk.rate(5)
    clock.advance(30)
    desk.sign_out()
    clock.advance(60)


def checkpoint(desk: CounterDesk) -> None:
    desk.uow.db.execute_sql("PRAGMA wal_checkpoint(FULL)")  # type: ignore[no-untyped-call]


def journal_snapshot(path: Path, *, payloads: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced row and every outbox event of a journal (its notes left out).

    ``payloads`` False leaves the events' payloads out: retention empties those of events HQ
    confirmed more than a day ago, after every successful push.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    columns = "*" if payloads else "seq, uuid, entity, entity_id, op, at"
    try:
        seen = {t: conn.execute(f"SELECT * FROM {t} ORDER BY uuid").fetchall() for t in HQ_TABLES}
        seen["sync_event"] = conn.execute(
            f"SELECT {columns} FROM sync_event ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()
    return seen


def hq_snapshot(url: str, code: str) -> dict[str, list[tuple[Any, ...]]]:
    """What HQ holds of the branch: every synced row and the watermarks."""
    seen = {t: pushing.hq_rows(url, t, code) for t in HQ_TABLES}
    seen["watermark"] = query(
        url, "SELECT terminal_id, last_seq, last_event_uuid::text FROM hq.watermark ORDER BY 1"
    )
    return seen


def write_config(tmp_path: Path, code: str, journal: Path, url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[branch]\ncode = "{code}"\n[journal]\npath = "{journal}"\n[hq]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    return config


@dataclass(frozen=True)
class Run:
    """One run of the command line."""

    code: int
    out: str
    err: str


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    capsys.readouterr()
    out = io.StringIO()
    code = main(args, out)
    return Run(code, out.getvalue(), capsys.readouterr().err)


# -- a server that checks passwords ------------------------------------------------------------


class PasswordRefusingServer:
    """A PostgreSQL wire-protocol endpoint that asks for the password and refuses it.

    The test server trusts 127.0.0.1 (it never checks a password), so a wrong password cannot
    be shown against it. This speaks the protocol's first messages as a server with password
    authentication does — "no TLS", AuthenticationCleartextPassword, then FATAL 28P01 — so that
    libpq, psycopg2 and the sync take their real path. It notes the passwords it was offered.
    """

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.offered: list[str] = []
        # A daemon, so that a thread still in accept() can never keep pytest from exiting.
        self._thread = threading.Thread(target=self._serve, name="pw-refusing-server", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            with client:
                self._refuse(client)

    @staticmethod
    def _read(client: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = client.recv(size - len(data))
            if not chunk:
                raise ConnectionError
            data += chunk
        return data

    def _refuse(self, client: socket.socket) -> None:
        try:
            while True:
                (length,) = struct.unpack("!i", self._read(client, 4))
                body = self._read(client, length - 4)
                (code,) = struct.unpack("!i", body[:4])
                if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: not offered
                    client.sendall(b"N")
                    continue
                user = dict(zip(*[iter(body[4:].split(b"\0"))] * 2, strict=False)).get(b"user")
                break
            client.sendall(b"R" + struct.pack("!ii", 8, 3))  # cleartext password, please
            kind = self._read(client, 1)
            (length,) = struct.unpack("!i", self._read(client, 4))
            password = self._read(client, length - 4)
            if kind == b"p":
                self.offered.append(password.rstrip(b"\0").decode())
            name = (user or b"").decode()
            fields = (
                b"SFATAL\0VFATAL\0C28P01\0"
                + f'Mpassword authentication failed for user "{name}"\0'.encode()
                + b"\0"
            )
            client.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)
        except (ConnectionError, OSError):
            return

    def close(self) -> None:
        # Closing a listening socket does not wake a thread blocked in accept() on Linux;
        # shutting it down does (accept fails with EINVAL, and _serve returns).
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._thread.join(10)
        assert not self._thread.is_alive(), "the password-refusing server did not stop"


@pytest.fixture
def refusing_server() -> Iterator[PasswordRefusingServer]:
    server = PasswordRefusingServer()
    yield server
    server.close()


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port: int = sock.getsockname()[1]
    return port


# -- the cases ---------------------------------------------------------------------------------


@dataclass
class World:
    """What a case may change: the config's HQ URL, the journal under test, HQ itself."""

    tmp_path: Path
    branch: pushing.Branch
    clock: FixedClock
    desk: CounterDesk
    make_desk: Any
    monkeypatch: pytest.MonkeyPatch
    refusing: PasswordRefusingServer
    url: str = ""
    journal: Path = field(default_factory=Path)
    undo: list[Callable[[], None]] = field(default_factory=list)

    def sync_original(self) -> None:
        """The original terminal (``journal.db``) syncs through the Python API."""
        run_sync(self.tmp_path / "journal.db", url=self.branch.url, branch_code=self.branch.code,
                 password=PASSWORD, clock=self.clock, keep_days=90)  # fmt: skip


def _unreachable(w: World) -> None:
    w.url = f"postgresql://hq@127.0.0.1:{closed_port()}/counterdesk"


def _wrong_password(w: World) -> None:
    w.url = f"postgresql://hq@127.0.0.1:{w.refusing.port}/counterdesk"


def _no_password(w: World) -> None:
    import keyring
    from keyring.backends import fail

    w.monkeypatch.delenv("COUNTERDESK_HQ_PASSWORD")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    w.undo.append(lambda: keyring.set_keyring(previous))
    w.undo.append(lambda: w.monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD))


def _schema(version: int) -> Callable[[World], None]:
    def change(w: World) -> None:
        sql = "UPDATE hq.hq_meta SET version = %s WHERE component = 'hq'"
        query(w.branch.url, sql, (version,))

        def back() -> None:
            query(w.branch.url, sql, (V,))

        w.undo.append(back)

    return change


def _invalid_procedure(w: World) -> None:
    # Another HQ tool writes straight into the tables, bypassing hq publish's checks.
    url = w.branch.url
    broken = dep_version(4).replace('on_incomplete = "block"', 'on_incomplete = "sometimes"')
    (release,) = query(url, "INSERT INTO hq.ref_release DEFAULT VALUES RETURNING version")[0]
    query(url, "INSERT INTO hq.ref_procedure (business_type, version, source, ref_version) "
               "VALUES ('DEP', 4, %s, %s)", (broken, release))  # fmt: skip

    def withdraw() -> None:
        (fix,) = query(url, "INSERT INTO hq.ref_release DEFAULT VALUES RETURNING version")[0]
        query(url, "UPDATE hq.ref_procedure SET retired = true, ref_version = %s "
                   "WHERE version = 4", (fix,))  # fmt: skip

    w.undo.append(withdraw)


def _copy_journal(w: World, folder: str) -> Path:
    checkpoint(w.desk)
    (w.tmp_path / folder).mkdir()
    copy = w.tmp_path / folder / "journal.db"
    shutil.copy(w.journal, copy)
    return copy


def _cloned(w: World) -> None:
    # The disk image is copied to a second PC; the original signs a teller in and out and
    # syncs; the copy serves customers (more events: its event at HQ's watermark differs).
    w.journal = _copy_journal(w, "clone")
    w.desk.sign_in(*TELLER)
    w.desk.sign_out()
    w.sync_original()


def _restored(w: World) -> None:
    # A backup is taken; the terminal serves two customers and syncs; then the backup is
    # put back: it ends before HQ's watermark.
    w.journal = _copy_journal(w, "restored")
    full_customer(w.desk, w.clock)
    full_customer(w.desk, w.clock)
    w.sync_original()


def _malformed_url(w: World) -> None:
    w.url = "postgresql://hq@hq-host:99999/counterdesk"


@dataclass(frozen=True)
class Case:
    """A bad input, its message (a part of it) and exit code, and whether a repair exists."""

    id: str
    change: Callable[[World], None]
    code: int
    says: str
    repairable: bool = True
    #: The push runs before the failure (the refused release comes after it).
    pushes: bool = False
    #: The config itself is refused: ``--status`` can only repeat that refusal.
    config_refused: bool = False


CASES = [
    Case("hq-unreachable", _unreachable, EXIT_DATABASE, "cannot be reached as cd_branch_"),
    Case("wrong-password", _wrong_password, EXIT_DATABASE, "refused the password of cd_branch_"),
    Case("no-password", _no_password, EXIT_USAGE, "no password for head office's role"),
    Case("schema-too-old", _schema(V - 1), EXIT_DATABASE,
         f"has schema {V - 1}, this program needs {V}"),
    Case("schema-too-new", _schema(V + 1), EXIT_DATABASE,
         f"has schema {V + 1}, this program needs {V}"),
    Case("invalid-procedure", _invalid_procedure, EXIT_PROBLEMS, "procedure DEP@4", pushes=True),
    Case("cloned-terminal-id", _cloned, EXIT_PROBLEMS, "holds another history",
         repairable=False),
    Case("restored-backup", _restored, EXIT_PROBLEMS, "restored from an older backup",
         repairable=False),
    Case("malformed-hq-url", _malformed_url, EXIT_USAGE, "key 'hq.url'", config_refused=True),
]  # fmt: skip


def assert_no_password(tmp_path: Path, *texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_input_is_one_clear_message_loses_nothing_and_the_desk_keeps_working(
    case: Case,
    branch: pushing.Branch,
    make_desk: Any,
    clock: FixedClock,
    journal_path: Path,
    tmp_path: Path,
    refusing_server: PasswordRefusingServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    desk = make_desk()
    full_customer(desk, clock)
    good = write_config(tmp_path, branch.code, journal_path, branch.url)
    assert run_cli(["--config", str(good), "sync"], capsys).code == EXIT_OK
    w = World(tmp_path, branch, clock, desk, make_desk, monkeypatch, refusing_server,
              url=branch.url, journal=journal_path)  # fmt: skip
    case.change(w)
    under_test = desk if w.journal == journal_path else make_desk(w.journal)
    full_customer(under_test, clock)  # work waiting to be sent
    config = str(write_config(tmp_path, branch.code, w.journal, w.url))
    journal_before = journal_snapshot(w.journal, payloads=not case.pushes)
    hq_before = hq_snapshot(branch.url, branch.code)

    runs = [run_cli(["--config", config, "sync", *extra], capsys) for extra in ([], ["--json"])]

    for run in runs:
        assert run.code == case.code, run
        assert "Traceback" not in run.err + run.out
        if case.code == EXIT_PROBLEMS and case.pushes:
            # The push went through; the refused release is the result, on stdout.
            assert run.err == ""
            assert case.says in run.out
        else:
            assert run.out == ""
            assert len(run.err.strip().splitlines()) == 1, run.err
            assert run.err.startswith("counterdesk: "), run.err
            assert case.says in run.err, run.err
    if case.pushes:
        assert json.loads(runs[1].out)["ok"] is False
    assert journal_snapshot(w.journal, payloads=not case.pushes) == journal_before
    if case.pushes:
        pushing.assert_hq_holds_the_journal(branch.url, branch.code, w.journal)
    else:
        assert hq_snapshot(branch.url, branch.code) == hq_before
    status = run_cli(["--config", config, "sync", "--status"], capsys)
    if case.config_refused:
        assert (status.code, status.err) == (case.code, runs[0].err)
    else:
        assert status.code == EXIT_OK
        assert ": FAILED: " in status.out, status.out
        assert case.says in status.out, status.out
    if case.id == "wrong-password":
        assert refusing_server.offered == [PASSWORD, PASSWORD]

    # The station keeps working: sign in, call, serve, finish.
    full_customer(under_test, clock)
    checkpoint(under_test)
    assert_no_password(tmp_path, caplog.text, *(r.out + r.err for r in runs), status.out)

    for undo in w.undo:
        undo()
    if not case.repairable:
        # Nothing sends a copied or restored journal until support has looked at it.
        # (A restored journal that has grown past HQ's watermark reads as another history.)
        again = run_cli(["--config", config, "sync", "--json"], capsys)
        assert again.code == case.code, again
        assert "ask support" in again.err, again
        assert hq_snapshot(branch.url, branch.code) == hq_before
        return
    fixed = str(write_config(tmp_path, branch.code, w.journal, branch.url))
    assert run_cli(["--config", fixed, "sync"], capsys).code == EXIT_OK
    assert run_cli(["--config", fixed, "sync", "--json"], capsys).code == EXIT_OK
    pushing.assert_hq_holds_the_journal(branch.url, branch.code, w.journal)
    audit = query(branch.url, "SELECT count(*), count(DISTINCT uuid) FROM hq.audit_log")
    assert audit[0][0] == audit[0][1] == len(journal_snapshot(w.journal)["audit_log"])
    status = run_cli(["--config", fixed, "sync", "--status"], capsys)
    assert ": ok: " in status.out


def cut_mid_batch(url: str, role: str) -> None:
    """Terminate the sync's HQ connection while it has written part of a batch."""
    sql = (
        "SELECT pid FROM pg_stat_activity WHERE usename = %s AND datname = %s "
        "AND backend_xid IS NOT NULL"
    )
    deadline = time.monotonic() + 60
    while not (writing := query(url, sql, (role, url.rsplit("/", 1)[1]))):
        assert time.monotonic() < deadline, "no batch in flight within 60 s"
    query(url, "SELECT pg_terminate_backend(%s)", (writing[0][0],))


def test_a_connection_cut_mid_push_is_one_message_and_hq_keeps_whole_batches(
    branch: pushing.Branch,
    make_desk: Any,
    clock: FixedClock,
    journal_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    desk = make_desk()
    full_customer(desk, clock)
    # The push tests' way: the desk closes the journal before it is grown in bulk.
    desk.queue.close()
    desk.uow.db.close()
    pushing.grow_journal(journal_path, 4 * BATCH_EVENTS)
    config = str(write_config(tmp_path, branch.code, journal_path, branch.url))
    journal_before = journal_snapshot(journal_path)
    env = {"COUNTERDESK_HQ_PASSWORD": PASSWORD, "PATH": "/usr/bin:/bin"}
    child = subprocess.Popen(
        [sys.executable, "-m", "counterdesk", "--config", config, "sync", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        cut_mid_batch(branch.url, f"cd_branch_{branch.code.lower()}")
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    assert child.returncode == EXIT_DATABASE, err
    assert out == ""
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert "broke during the sync" in err, err
    assert "nothing is lost and the next sync resumes" in err
    assert PASSWORD not in err
    assert journal_snapshot(journal_path) == journal_before
    held = pushing.watermark(branch.url, _terminal(journal_path, clock))
    assert held % BATCH_EVENTS == 0  # whole batches only
    status = run_cli(["--config", config, "sync", "--status"], capsys)
    assert ": FAILED: the connection to head office" in status.out, status.out

    full_customer(make_desk(), clock)  # the station keeps working
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
        assert run_cli(["--config", config, "sync", "--json"], capsys).code == EXIT_OK
    pushing.assert_hq_holds_the_journal(branch.url, branch.code, journal_path)


def _terminal(path: Path, clock: FixedClock) -> str:
    from counterdesk.storage.sync_outbox import SyncJournal

    db = open_journal(path, clock, migrate=False)
    try:
        return SyncJournal(db).terminal_id()
    finally:
        db.close()
