"""Customers' ID and mobile numbers are never stored in clear, and the journal is owner-only."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_helpers import SUPERVISOR, TELLER, VALID_ID, MakeDesk

from counterdesk.core.clock import FixedClock
from counterdesk.storage import models as m
from counterdesk.storage.maintenance import backup
from counterdesk.storage.migrations import backup_path

MOBILE = "13812345678"
#: How each number may appear anywhere on disk.
MASKED_ID, MASKED_MOBILE = "110105********002X", "138****5678"
#: The forms a clear number could take in a file (text, and UTF-16 should SQLite ever use it).
CLEAR = [VALID_ID, VALID_ID.lower(), MOBILE]

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask most desktops have (022): owner-only must not depend on a stricter one."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _files(journal: Path) -> list[Path]:
    return [journal, journal.with_name(journal.name + "-wal")]


def _assert_no_clear_number(data: bytes, where: str) -> None:
    for number in CLEAR:
        for encoded in (number.encode(), number.encode("utf-16-le")):
            assert encoded not in data, f"{number} in clear in {where}"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_account_opening_leaves_no_id_or_mobile_number_in_clear(
    make_desk: MakeDesk, clock: FixedClock, tmp_path: Path
) -> None:
    desk = make_desk(serves=("OPEN",))
    desk.sign_in(*TELLER)
    desk.queue.issue("OPEN")
    desk.call_next()
    desk.start()
    # The full numbers are checked at entry: a wrong check digit is still refused.
    with pytest.raises(Exception, match="check digit"):
        desk.check_step("identity", "110105194912310021")
    for step, value in [
        ("identity", VALID_ID),
        ("online_verification", None),
        ("purpose", "salary"),
        ("mobile", MOBILE),
        ("occupation", "Teacher, No. 2 Middle School"),
        ("risk_notice", None),
        ("signature", None),
    ]:
        clock.advance(30)
        desk.check_step(step, value)
    desk.authorise_step("dual_review", None, *SUPERVISOR)
    desk.check_step("return_documents")
    desk.finish()

    values = {row.step_id: row.value for row in m.StepRecord.select()}
    assert values["identity"] == MASKED_ID
    assert values["mobile"] == MASKED_MOBILE
    assert values["purpose"] == "salary"  # values that are not personal numbers stay as typed
    events = [
        json.loads(row.payload) if isinstance(row.payload, str) else row.payload
        for row in m.SyncEvent.select()
    ]
    step_events = [e for e in events if e.get("step_id") in ("identity", "mobile")]
    assert {e["value"] for e in step_events} == {MASKED_ID, MASKED_MOBILE}
    _assert_no_clear_number(json.dumps(events, ensure_ascii=False).encode(), "sync events")

    journal = Path(desk.uow.db.database)
    assert journal.with_name(journal.name + "-wal").is_file()
    for file in _files(journal):
        _assert_no_clear_number(file.read_bytes(), file.name)
    # The backup a migration takes (and `db backup`) copies the journal as it is.
    copy = backup(journal, backup_path(journal, 7, clock))
    _assert_no_clear_number(copy.read_bytes(), "the backup")
    if sys.platform != "win32":
        for file in [*_files(journal), journal.with_name(journal.name + "-shm"), copy]:
            assert _mode(file) == 0o600, f"{file.name} is {oct(_mode(file))}"


@posix_only
def test_a_new_journal_its_wal_and_a_backup_are_owner_only(
    make_desk: MakeDesk, clock: FixedClock, tmp_path: Path
) -> None:
    desk = make_desk()
    desk.sign_in(*TELLER)
    journal = Path(desk.uow.db.database)
    for suffix in ("", "-wal", "-shm"):
        file = journal.with_name(journal.name + suffix)
        assert _mode(file) == 0o600, f"{file.name} is {oct(_mode(file))}"
    copy = backup(journal, tmp_path / "elsewhere" / "copy.db")
    assert _mode(copy) == 0o600
