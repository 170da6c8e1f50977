from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import peewee
import pytest
from journal_helpers import build_at, raw, sha256, user_version

from counterdesk.core.clock import FixedClock
from counterdesk.storage import (
    LATEST,
    CorruptDatabaseError,
    SchemaOutdatedError,
    SchemaTooNewError,
    journal,
    open_journal,
)
from counterdesk.storage.models import Pause, StaffSession


def folder_listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_open_creates_a_wal_journal_with_foreign_keys(
    db: peewee.SqliteDatabase, journal_path: Path
) -> None:
    assert journal_path.is_file()
    assert db.pragma("journal_mode") == "wal"
    assert db.pragma("foreign_keys") == 1
    assert db.pragma("synchronous") == 1  # NORMAL
    assert db.pragma("busy_timeout") == 5000
    assert db.pragma("user_version") == LATEST
    assert journal.obj is db
    with raw(journal_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # stored in the file
    other.close()


def test_foreign_keys_are_enforced(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    with pytest.raises(peewee.IntegrityError):
        Pause.create(
            uuid="p1",
            updated_at=clock.now(),
            session="no-such-session",
            reason="lunch",
            started_at=clock.now(),
        )


def test_pragmas_apply_on_every_thread_connection(db: peewee.SqliteDatabase) -> None:
    seen: list[object] = []

    def read_on_a_new_connection() -> None:
        seen.append(db.pragma("foreign_keys"))
        db.close()

    thread = threading.Thread(target=read_on_a_new_connection)
    thread.start()
    thread.join()
    assert seen == [1]


def test_reopening_keeps_the_data(journal_path: Path, clock: FixedClock) -> None:
    db = open_journal(journal_path, clock)
    StaffSession.create(
        uuid="s1", updated_at=clock.now(), staff_no="T042", counter="3", signed_in_at=clock.now()
    )
    db.close()
    db = open_journal(journal_path, clock, migrate=False)
    assert StaffSession.get_by_id("s1").signed_in_at == clock.now()
    db.close()
    assert not (journal_path.parent / "backups").exists()


def test_an_empty_file_is_a_new_journal(journal_path: Path, clock: FixedClock) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.touch()
    open_journal(journal_path, clock).close()
    assert user_version(journal_path) == LATEST


def test_migrate_false_refuses_an_older_journal_untouched(
    journal_path: Path, clock: FixedClock
) -> None:
    build_at(journal_path, 1, clock)
    before = sha256(journal_path)
    with pytest.raises(
        SchemaOutdatedError, match=f"version 1, this program needs version {LATEST}"
    ):
        open_journal(journal_path, clock, migrate=False)
    assert sha256(journal_path) == before


def test_migrate_false_refuses_a_missing_journal(journal_path: Path, clock: FixedClock) -> None:
    with pytest.raises(SchemaOutdatedError):
        open_journal(journal_path, clock, migrate=False)
    assert not journal_path.parent.exists()


def test_a_newer_journal_is_refused_byte_for_byte_untouched(
    journal_path: Path, clock: FixedClock
) -> None:
    open_journal(journal_path, clock).close()
    conn = raw(journal_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 3}")
    conn.close()
    before, listing = sha256(journal_path), folder_listing(journal_path)

    with pytest.raises(SchemaTooNewError) as refused:
        open_journal(journal_path, clock)

    message = str(refused.value)
    assert str(journal_path) in message
    assert f"schema version {LATEST + 3}" in message
    assert f"up to {LATEST}" in message
    assert (refused.value.found, refused.value.supported) == (LATEST + 3, LATEST)
    assert sha256(journal_path) == before
    assert folder_listing(journal_path) == listing  # no sidecars, no backups


def random_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(random.Random(7).randbytes(16384))


def truncated_journal(path: Path, clock: FixedClock) -> None:
    build_at(path, LATEST, clock)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def header_only(path: Path, clock: FixedClock) -> None:
    build_at(path, LATEST, clock)
    path.write_bytes(path.read_bytes()[:60])


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda p, c: random_file(p), "not a SQLite database"),
        (truncated_journal, "truncated"),
        (header_only, "truncated SQLite header"),
    ],
    ids=["random-bytes", "truncated", "header-cut"],
)
def test_a_damaged_file_is_refused_byte_for_byte_untouched(
    damage: Callable[[Path, FixedClock], None], expected: str, journal_path: Path, clock: FixedClock
) -> None:
    damage(journal_path, clock)
    before, listing = sha256(journal_path), folder_listing(journal_path)

    with pytest.raises(CorruptDatabaseError, match=expected) as refused:
        open_journal(journal_path, clock)

    assert str(journal_path) in str(refused.value)
    assert refused.value.problems
    assert sha256(journal_path) == before
    assert folder_listing(journal_path) == listing


def test_damage_deep_inside_is_reported(journal_path: Path, clock: FixedClock) -> None:
    build_at(journal_path, LATEST, clock)
    data = bytearray(journal_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(1, len(data) // page_size):  # keep page 1 (header, schema) readable
        data[page * page_size : page * page_size + 8] = b"\xff" * 8
    journal_path.write_bytes(bytes(data))
    before = sha256(journal_path)
    with pytest.raises(CorruptDatabaseError):
        open_journal(journal_path, clock)
    assert sha256(journal_path) == before


def test_a_folder_in_place_of_the_file_is_refused(journal_path: Path, clock: FixedClock) -> None:
    journal_path.mkdir(parents=True)
    with pytest.raises(CorruptDatabaseError, match="not a regular file"):
        open_journal(journal_path, clock)


def test_a_live_journal_opened_twice_is_fine(
    db: peewee.SqliteDatabase, journal_path: Path, clock: FixedClock
) -> None:
    # Another process (kiosk, display) may have the file open; the read-only check must cope.
    second = open_journal(journal_path, clock)
    assert second.pragma("user_version") == LATEST
    second.close()
    journal.initialize(db)


def test_a_file_other_programs_write_is_still_checked(
    journal_path: Path, clock: FixedClock
) -> None:
    journal_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(journal_path)
    conn.execute("CREATE TABLE staff_session (x)")  # clashes with migration 1
    conn.commit()
    conn.close()
    with pytest.raises(peewee.OperationalError, match="already exists"):
        open_journal(journal_path, clock)
    assert user_version(journal_path) == 0
