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

#: A terminal that wrote to its journal and was then killed (power cut, kill -9) or exited.
WRITER = textwrap.dedent(
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
    if sys.argv[2] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    db.close()
    """
)

#: A terminal started after a clean shutdown: its windows' background check of the journal.
CHECKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from counterdesk.app.gui import check_journal_in_background
    from counterdesk.core.clock import SystemClock
    from counterdesk.storage.db import open_checked

    path = Path(sys.argv[1])
    opened = open_checked(path, SystemClock())
    problems = check_journal_in_background(path).wait(timeout=60)
    print(opened.checked, len(problems or []))
    opened.db.close()
    """
)


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTERDESK_DATA_DIR": str(data)}
    env.pop("COUNTERDESK_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "counterdesk", *args], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip


def python(script: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], cwd=ROOT, capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip


def damage_last_page(journal: Path) -> None:
    """Damage only the check can see: the last page written (the writer's audit rows)."""
    data = bytearray(journal.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[len(data) - page_size : len(data) - page_size + 8] = b"\xff" * 8
    journal.write_bytes(bytes(data))


def test_after_an_unclean_shutdown_a_writing_command_checks_and_a_reading_one_does_not(
    tmp_path: Path,
) -> None:
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    journal = tmp_path / "counterdesk.db"
    killed = python(WRITER, journal, "kill")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    damage_last_page(journal)

    status = run("queue", "status", data=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "DEP" in status.stdout

    issue = run("queue", "issue", "DEP", data=tmp_path)
    assert issue.returncode == 4, issue.stderr
    assert "Traceback" not in issue.stderr
    assert str(journal) in issue.stderr
    assert "SQLite cannot read it" in issue.stderr or "database disk image" in issue.stderr


def test_damage_the_background_check_finds_makes_the_next_start_check_first(
    tmp_path: Path,
) -> None:
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    journal = tmp_path / "counterdesk.db"
    assert python(WRITER, journal, "exit").returncode == 0
    damage_last_page(journal)

    checker = python(CHECKER, journal)
    assert checker.returncode == 0, checker.stderr
    checked_at_open, problems = checker.stdout.split()
    assert checked_at_open == "False"  # a clean shutdown before: no check before use
    assert int(problems) > 0  # found in the background, and logged
    assert "damaged (background quick_check)" in checker.stderr

    # It left its marker behind on purpose, so the next start that writes checks and refuses.
    issue = run("queue", "issue", "DEP", data=tmp_path)
    assert issue.returncode == 4, issue.stderr
    assert str(journal) in issue.stderr
