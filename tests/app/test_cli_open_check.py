"""Which commands pay the journal's quick_check: those that write, after an unclean shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills a process with SIGKILL")

ROOT = Path(__file__).resolve().parents[2]

#: A terminal that wrote to its journal and was then killed (power cut, kill -9).
KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from counterdesk.core.clock import SystemClock
    from counterdesk.storage import UnitOfWork, open_journal

    db = open_journal(Path(sys.argv[1]), SystemClock())
    uow = UnitOfWork(db, SystemClock())
    for n in range(200):
        with uow.transaction() as tx:
            tx.audit("1001", "service.finish", {"ticket": f"A{n:03d}", "note": "x" * 200})
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTERDESK_DATA_DIR": str(data)}
    env.pop("COUNTERDESK_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "counterdesk", *args], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip


def test_after_an_unclean_shutdown_a_writing_command_checks_and_a_reading_one_does_not(
    tmp_path: Path,
) -> None:
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    journal = tmp_path / "counterdesk.db"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(journal)], cwd=ROOT, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # Damage only the check can see: the last page the killed terminal wrote (its audit rows).
    data = bytearray(journal.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[len(data) - page_size : len(data) - page_size + 8] = b"\xff" * 8
    journal.write_bytes(bytes(data))

    status = run("queue", "status", data=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "DEP" in status.stdout

    issue = run("queue", "issue", "DEP", data=tmp_path)
    assert issue.returncode == 4, issue.stderr
    assert "Traceback" not in issue.stderr
    assert str(journal) in issue.stderr
    assert "SQLite cannot read it" in issue.stderr or "database disk image" in issue.stderr
