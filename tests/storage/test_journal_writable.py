"""A journal that cannot be written is refused at start-up with its real cause, nothing written.

A read-only file is made with ``chmod`` where that stops writes; tests running as root (where
it does not) simulate it with ``PRAGMA query_only`` on the journal's connection instead, which
SQLite refuses the same way ("attempt to write a readonly database").
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from counterdesk.core.clock import FixedClock
from counterdesk.storage.db import check_writable, journal_room, open_journal
from counterdesk.storage.errors import JournalUnwritable
from counterdesk.storage.sql import execute

ROOT = Path(__file__).resolve().parents[2]


def test_a_read_only_journal_is_refused_by_the_start_up_check_and_left_as_it_was(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "journal.db"
    db = open_journal(path, clock)
    try:
        execute(db, "PRAGMA wal_checkpoint(TRUNCATE)")
        before = path.read_bytes()
        execute(db, "PRAGMA query_only = 1")  # the simulation (see the module docstring)
        with pytest.raises(JournalUnwritable, match=r"journal .* cannot be written"):
            check_writable(db, probe=True)
        execute(db, "PRAGMA query_only = 0")
        check_writable(db, probe=True)  # writable again: accepted, nothing written
    finally:
        db.close()
    assert path.read_bytes() == before


def test_too_little_free_space_is_refused_naming_what_is_free(
    tmp_path: Path, clock: FixedClock
) -> None:
    db = open_journal(tmp_path / "journal.db", clock)
    try:
        free = journal_room(db)
        assert free <= shutil.disk_usage(tmp_path).free
        with pytest.raises(JournalUnwritable, match=r"disk full: .* has [\d.]+ [KMG]?B of free"):
            check_writable(db, reserve=free + 1)
        pages = execute(db, "PRAGMA page_count").fetchone()[0]
        execute(db, f"PRAGMA max_page_count = {pages}")
        with pytest.raises(JournalUnwritable, match="disk full"):
            check_writable(db)
    finally:
        db.close()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="as root chmod does not stop writes; the query_only test above covers the check",
)
def test_the_program_refuses_a_journal_in_a_read_only_folder_with_exit_code_4(
    tmp_path: Path, clock: FixedClock
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    open_journal(data / "counterdesk.db", clock).close()
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    (data / "counterdesk.db").chmod(stat.S_IRUSR)
    data.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        env = {**os.environ, "COUNTERDESK_DATA_DIR": str(data)}
        env.pop("COUNTERDESK_CONFIG", None)
        done = subprocess.run(
            [sys.executable, "-m", "counterdesk", "queue", "status"],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
        )  # fmt: skip
    finally:
        data.chmod(stat.S_IRWXU)
    assert done.returncode == 4, done.stderr
    assert "cannot be written" in done.stderr
    assert "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
