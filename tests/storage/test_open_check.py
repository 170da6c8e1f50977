"""When opening the journal runs quick_check: after an unclean shutdown, else in the background.

The processes that leave the journal are real: a child Python opens it, writes, and then exits
normally or is killed with SIGKILL. The damage is real too: a page of the file overwritten.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from journal_helpers import sha256

from counterdesk.core.clock import FixedClock
from counterdesk.storage import CorruptDatabaseError
from counterdesk.storage.db import open_checked
from counterdesk.storage.maintenance import BackgroundCheck

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills the child with SIGKILL")

ROOT = Path(__file__).resolve().parents[2]

#: A terminal's day in miniature: open the journal, write audit rows, then leave.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from counterdesk.core.clock import FixedClock
    from counterdesk.storage import UnitOfWork, open_journal

    path, how = Path(sys.argv[1]), sys.argv[2]
    clock = FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    db = open_journal(path, clock)
    uow = UnitOfWork(db, clock)
    for n in range(200):
        with uow.transaction() as tx:
            tx.audit("1001", "service.finish", {"ticket": f"A{n:03d}", "note": "x" * 200})
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if how == "wait":
        print("open", flush=True)
        sys.stdin.readline()
    db.close()
    """
)


def leave(path: Path, how: str) -> None:
    """Run a process that uses the journal and then exits cleanly ("exit") or is killed."""
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), how],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    if how == "kill":
        assert child.returncode == -signal.SIGKILL, child.stderr
    else:
        assert child.returncode == 0, child.stderr


def markers(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}.open.*"))


def damage_last_page(path: Path) -> None:
    """Overwrite the b-tree header of the file's last page (an audit or feed page)."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    last = len(data) - page_size
    data[last : last + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))


def test_a_clean_open_defers_the_check_to_the_background_which_reports_damage(
    journal_path: Path, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    journal_path.parent.mkdir(parents=True)
    leave(journal_path, "exit")
    assert markers(journal_path) == []  # a clean exit leaves no marker
    damage_last_page(journal_path)

    opened = open_checked(journal_path, clock)
    try:
        # Nothing read the damaged page, so nothing noticed: the open did not run quick_check.
        assert (opened.checked, opened.unclean_shutdown) == (False, False)
        with caplog.at_level(logging.INFO, logger="counterdesk.storage.maintenance"):
            problems = BackgroundCheck(journal_path).start().wait(timeout=60)
    finally:
        opened.db.close()
    assert problems
    [logged] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert str(journal_path) in logged.getMessage()
    assert "damaged" in logged.getMessage()


def test_an_open_after_an_unclean_shutdown_checks_first_and_refuses_damage(
    journal_path: Path, clock: FixedClock
) -> None:
    journal_path.parent.mkdir(parents=True)
    leave(journal_path, "kill")
    [left] = markers(journal_path)
    damage_last_page(journal_path)
    before = sha256(journal_path)

    with pytest.raises(CorruptDatabaseError) as refused:
        open_checked(journal_path, clock)

    assert str(journal_path) in str(refused.value)
    assert sha256(journal_path) == before
    assert markers(journal_path) == [left]  # the next start checks again


def test_a_healthy_journal_after_an_unclean_shutdown_is_checked_once(
    journal_path: Path, clock: FixedClock
) -> None:
    journal_path.parent.mkdir(parents=True)
    leave(journal_path, "kill")
    [left] = markers(journal_path)

    first = open_checked(journal_path, clock)
    first.db.close()
    assert (first.checked, first.unclean_shutdown) == (True, True)
    assert left not in markers(journal_path)  # checked: the dead process's marker is gone
    second = open_checked(journal_path, clock)
    second.db.close()
    assert (second.checked, second.unclean_shutdown) == (False, False)


def test_a_journal_another_running_process_has_open_is_not_an_unclean_shutdown(
    journal_path: Path, clock: FixedClock
) -> None:
    journal_path.parent.mkdir(parents=True)
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(journal_path), "wait"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as child:  # fmt: skip
        assert child.stdout is not None
        assert child.stdin is not None
        assert child.stdout.readline().strip() == "open"
        opened = open_checked(journal_path, clock)
        opened.db.close()
        assert (opened.checked, opened.unclean_shutdown) == (False, False)
        child.stdin.write("\n")
        child.stdin.close()
        assert child.wait(timeout=60) == 0
    mine = {p for p in markers(journal_path) if p.name.split(".")[-2] == str(os.getpid())}
    assert set(markers(journal_path)) == mine  # the child's went with its clean exit
