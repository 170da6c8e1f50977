from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import peewee
import pytest
from journal_helpers import build_at, raw, sha256, snapshot, user_version

from counterdesk.core.clock import FixedClock
from counterdesk.storage import LATEST, CorruptDatabaseError, UnitOfWork
from counterdesk.storage.maintenance import backup, integrity_check
from counterdesk.storage.models import AuditLog


def test_a_healthy_journal_has_no_problems(db: peewee.SqliteDatabase, journal_path: Path) -> None:
    assert integrity_check(journal_path) == []
    assert integrity_check(journal_path, quick=True) == []


def test_random_bytes_are_a_problem_and_stay_untouched(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(random.Random(3).randbytes(8192))
    before = sha256(path)
    [problem] = integrity_check(path)
    assert "not a SQLite database" in problem
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["noise.db"]


def test_a_truncated_journal_is_a_problem_and_stays_untouched(
    journal_path: Path, clock: FixedClock
) -> None:
    build_at(journal_path, LATEST, clock)
    journal_path.write_bytes(journal_path.read_bytes()[: 3 * 4096 + 100])
    before = sha256(journal_path)
    assert any("truncated" in problem for problem in integrity_check(journal_path))
    assert sha256(journal_path) == before


def test_broken_foreign_keys_are_reported(journal_path: Path, clock: FixedClock) -> None:
    build_at(journal_path, LATEST, clock)
    conn = raw(journal_path)
    conn.execute("DELETE FROM staff_session")  # foreign keys are off on a raw connection
    conn.close()
    assert integrity_check(journal_path) == [
        "foreign key broken: pause row 1 points at missing staff_session"
    ]


def test_a_missing_file_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        integrity_check(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_backup_while_the_journal_is_open_and_being_written(
    db: peewee.SqliteDatabase, journal_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    with UnitOfWork(db, clock).transaction() as tx:
        tx.audit("T042", "committed", {})
    writer = raw(journal_path)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO audit_log (uuid, updated_at, at, actor, action) VALUES (?, ?, ?, ?, ?)",
            ("u-2", "2026-11-30T09:00:00.000000Z", "2026-11-30T09:00:00.000000Z", "T1", "pending"),
        )
        copy = backup(journal_path, tmp_path / "copies" / "nested" / "journal.bak.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert copy.is_file()
    assert sorted(p.name for p in copy.parent.iterdir()) == ["journal.bak.db"]  # one file
    assert integrity_check(copy) == []
    assert user_version(copy) == LATEST
    actions = [row["action"] for row in snapshot(copy)["audit_log"]]
    assert actions == ["committed"]  # the committed state, not the open transaction
    assert AuditLog.select().count() == 1  # the live journal is still usable
    conn = raw(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_backup_refuses_to_overwrite_unless_told(
    db: peewee.SqliteDatabase, journal_path: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "journal.bak.db"
    dest.write_bytes(b"an older backup")
    with pytest.raises(FileExistsError, match="already exists"):
        backup(journal_path, dest)
    assert dest.read_bytes() == b"an older backup"
    backup(journal_path, dest, overwrite=True)
    assert integrity_check(dest) == []


def test_backup_of_a_damaged_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "noise.db"
    src.write_bytes(random.Random(5).randbytes(4096))
    with pytest.raises(CorruptDatabaseError, match="not a SQLite database"):
        backup(src, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_backup_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        backup(tmp_path / "nothing.db", tmp_path / "copy.db")


def test_integrity_check_reads_without_locking_out_writers(
    db: peewee.SqliteDatabase, journal_path: Path, clock: FixedClock
) -> None:
    assert integrity_check(journal_path) == []
    with UnitOfWork(db, clock).transaction() as tx:
        tx.audit("T042", "after the check", {})
    assert AuditLog.select().count() == 1
    conn = sqlite3.connect(journal_path)
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
    conn.close()
