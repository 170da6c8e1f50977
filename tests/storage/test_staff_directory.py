from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import peewee
import pytest
from journal_helpers import build_at, raw

from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError, NotFoundError
from counterdesk.core.staff import (
    AccountLockedError,
    LockoutPolicy,
    NotAllowedError,
    Role,
    SignInError,
    StaffMember,
    verify_pin,
)
from counterdesk.storage import open_journal, open_sqlite
from counterdesk.storage.staff import StaffDirectory


@pytest.fixture
def staff(db: peewee.SqliteDatabase, clock: FixedClock) -> StaffDirectory:
    directory = StaffDirectory(db, clock)
    directory.add("T042", "张伟", Role.TELLER, "2468", stars=4.5, photo="photos/T042.jpg")
    directory.add("T043", "Wang Fang", Role.TELLER, "1111")
    directory.add("S007", "Li Na", Role.SUPERVISOR, "1357")
    directory.add("A001", "Zhao Lei", Role.ADMIN, "97531")
    return directory


def counters(path: Path, staff_no: str) -> tuple[int, str | None]:
    conn = raw(path)
    try:
        row = conn.execute(
            "SELECT failed_attempts, locked_until FROM staff WHERE staff_no = ?", (staff_no,)
        ).fetchone()
    finally:
        conn.close()
    return int(row[0]), row[1]


def fail(staff: StaffDirectory, staff_no: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(SignInError):
            staff.verify(staff_no, "0000")


def test_add_and_read_back(staff: StaffDirectory, journal_path: Path) -> None:
    assert staff.get("T042") == StaffMember("T042", "张伟", Role.TELLER, 4.5, "photos/T042.jpg")
    assert [m.staff_no for m in staff.all()] == ["A001", "S007", "T042", "T043"]
    conn = raw(journal_path)
    pin_hash, updated_at = conn.execute(
        "SELECT pin_hash, updated_at FROM staff WHERE staff_no = 'T042'"
    ).fetchone()
    conn.close()
    assert pin_hash.startswith("scrypt$16384$8$1$")
    assert "2468" not in pin_hash
    assert verify_pin("2468", pin_hash)
    assert updated_at == "2026-11-30T09:00:00.000000Z"


def test_staff_rows_do_not_sync(staff: StaffDirectory, journal_path: Path) -> None:
    conn = raw(journal_path)
    assert conn.execute("SELECT count(*) FROM sync_event").fetchone()[0] == 0
    conn.close()


def test_a_duplicate_staff_number_is_refused(staff: StaffDirectory) -> None:
    with pytest.raises(DomainError, match="staff number T042 is already in the directory"):
        staff.add("T042", "Someone Else", Role.TELLER, "9999")
    assert staff.get("T042").name == "张伟"


@pytest.mark.parametrize(
    ("staff_no", "name", "pin", "stars", "message"),
    [
        ("T050", "New", "12", 0.0, "4 to 8 digits"),
        ("", "New", "1234", 0.0, "non-empty"),
        (" T050", "New", "1234", 0.0, "without spaces"),
        ("T050", "  ", "1234", 0.0, "needs a name"),
        ("T050", "New", "1234", 5.5, "stars are 0 to 5"),
    ],
)
def test_add_refuses_bad_entries(
    staff: StaffDirectory, staff_no: str, name: str, pin: str, stars: float, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        staff.add(staff_no, name, Role.TELLER, pin, stars=stars)
    assert len(staff.all()) == 4


def test_the_schema_refuses_an_unknown_role(staff: StaffDirectory, journal_path: Path) -> None:
    conn = raw(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute(
                "INSERT INTO staff (staff_no, name, role, pin_hash, updated_at) "
                "VALUES ('M001', 'Boss', 'manager', 'x', '2026-11-30T09:00:00.000000Z')"
            )
    finally:
        conn.close()


def test_get_an_unknown_staff_number(staff: StaffDirectory) -> None:
    with pytest.raises(NotFoundError, match="no staff member T999"):
        staff.get("T999")


def test_verify_the_right_pin(staff: StaffDirectory) -> None:
    assert staff.verify("T042", "2468") == staff.get("T042")


def test_unknown_staff_number_and_wrong_pin_look_the_same(
    staff: StaffDirectory, journal_path: Path
) -> None:
    with pytest.raises(SignInError) as unknown:
        staff.verify("T999", "2468")
    with pytest.raises(SignInError) as wrong:
        staff.verify("T042", "2469")
    assert str(unknown.value) == str(wrong.value)
    assert str(wrong.value).startswith("wrong staff number or PIN")
    assert counters(journal_path, "T042") == (1, None)


def test_an_inactive_member_cannot_sign_in(staff: StaffDirectory, journal_path: Path) -> None:
    conn = raw(journal_path)
    conn.execute("UPDATE staff SET active = 0 WHERE staff_no = 'T043'")
    conn.close()
    with pytest.raises(SignInError):
        staff.verify("T043", "1111")
    with pytest.raises(NotFoundError):
        staff.get("T043")
    assert "T043" not in [m.staff_no for m in staff.all()]
    assert counters(journal_path, "T043") == (0, None)


def test_five_wrong_pins_lock_until_the_lock_passes(
    staff: StaffDirectory, clock: FixedClock, journal_path: Path
) -> None:
    fail(staff, "T042", 4)
    assert counters(journal_path, "T042") == (4, None)
    with pytest.raises(AccountLockedError) as locked:
        staff.verify("T042", "0000")  # the fifth locks, and says so
    until = clock.now() + timedelta(minutes=15)
    assert locked.value.until == until
    assert counters(journal_path, "T042") == (0, "2026-11-30T09:15:00.000000Z")

    clock.advance(14 * 60 + 59)
    with pytest.raises(AccountLockedError) as still:
        staff.verify("T042", "2468")  # the right PIN is refused too
    assert still.value.until == until
    fail_while_locked = counters(journal_path, "T042")
    assert fail_while_locked == (0, "2026-11-30T09:15:00.000000Z")  # nothing counted

    clock.advance(1)
    assert staff.verify("T042", "2468").staff_no == "T042"
    assert counters(journal_path, "T042") == (0, None)


def test_wrong_pins_while_locked_neither_count_nor_extend(
    staff: StaffDirectory, clock: FixedClock, journal_path: Path
) -> None:
    fail(staff, "T042", 4)
    with pytest.raises(AccountLockedError):
        staff.verify("T042", "0000")
    for _ in range(3):
        with pytest.raises(AccountLockedError):
            staff.verify("T042", "0000")
    assert counters(journal_path, "T042") == (0, "2026-11-30T09:15:00.000000Z")


def test_after_a_lock_counting_starts_again(
    staff: StaffDirectory, clock: FixedClock, journal_path: Path
) -> None:
    fail(staff, "T042", 4)
    with pytest.raises(AccountLockedError):
        staff.verify("T042", "0000")
    clock.advance(15 * 60)
    fail(staff, "T042", 4)
    assert counters(journal_path, "T042") == (4, None)  # the spent lock is cleared
    with pytest.raises(AccountLockedError) as again:
        staff.verify("T042", "0000")
    assert again.value.until == clock.now() + timedelta(minutes=15)


def test_success_resets_the_count(staff: StaffDirectory, journal_path: Path) -> None:
    fail(staff, "T042", 4)
    staff.verify("T042", "2468")
    assert counters(journal_path, "T042") == (0, None)
    fail(staff, "T042", 4)  # a fresh five tries, not one
    assert counters(journal_path, "T042") == (4, None)


def test_failures_of_one_member_do_not_touch_another(
    staff: StaffDirectory, journal_path: Path
) -> None:
    fail(staff, "T042", 3)
    assert counters(journal_path, "T043") == (0, None)
    assert staff.verify("T043", "1111").staff_no == "T043"


def test_failure_counts_survive_reopening_the_journal(
    staff: StaffDirectory, db: peewee.SqliteDatabase, journal_path: Path, clock: FixedClock
) -> None:
    fail(staff, "T042", 3)
    db.close()
    reopened = open_journal(journal_path, clock)
    try:
        again = StaffDirectory(reopened, clock)
        fail(again, "T042", 1)
        with pytest.raises(AccountLockedError):
            again.verify("T042", "0000")
    finally:
        reopened.close()
    reopened = open_journal(journal_path, clock)
    try:
        with pytest.raises(AccountLockedError):
            StaffDirectory(reopened, clock).verify("T042", "2468")
    finally:
        reopened.close()


def test_two_terminals_never_lose_a_failure(
    staff: StaffDirectory, journal_path: Path, clock: FixedClock
) -> None:
    policy = LockoutPolicy(max_failures=100)
    errors: list[BaseException] = []
    refused: list[str] = []

    def terminal() -> None:
        own = open_sqlite(journal_path)  # its own connection, as another process would have
        try:
            directory = StaffDirectory(own, clock, policy)
            for _ in range(3):
                try:
                    directory.verify("T042", "0000")
                except SignInError:
                    refused.append("T042")
        except BaseException as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=terminal) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(refused) == 12
    assert counters(journal_path, "T042") == (12, None)


def test_a_lock_set_by_another_terminal_is_honoured(
    staff: StaffDirectory, journal_path: Path, clock: FixedClock
) -> None:
    other = open_sqlite(journal_path)
    try:
        fail(StaffDirectory(other, clock), "T042", 4)
        with pytest.raises(AccountLockedError):
            StaffDirectory(other, clock).verify("T042", "0000")
    finally:
        other.close()
    with pytest.raises(AccountLockedError):
        staff.verify("T042", "2468")


def test_set_pin_replaces_the_pin_and_lifts_a_lock(
    staff: StaffDirectory, clock: FixedClock, journal_path: Path
) -> None:
    fail(staff, "T042", 4)
    with pytest.raises(AccountLockedError):
        staff.verify("T042", "0000")
    clock.advance(60)
    staff.set_pin("T042", "86420")
    assert counters(journal_path, "T042") == (0, None)
    fail(staff, "T042", 1)
    with pytest.raises(SignInError):
        staff.verify("T042", "2468")  # the old PIN no longer works
    assert staff.verify("T042", "86420").staff_no == "T042"


def test_set_pin_refuses_a_bad_pin_or_unknown_member(staff: StaffDirectory) -> None:
    with pytest.raises(DomainError, match="4 to 8 digits"):
        staff.set_pin("T042", "1")
    with pytest.raises(NotFoundError, match="T999"):
        staff.set_pin("T999", "1234")
    assert staff.verify("T042", "2468").staff_no == "T042"


def test_authorise_accepts_another_supervisor(staff: StaffDirectory) -> None:
    assert staff.authorise("S007", "1357", not_staff_no="T042").staff_no == "S007"
    assert staff.authorise("A001", "97531", not_staff_no="T042").role is Role.ADMIN


def test_authorise_refuses_a_teller(staff: StaffDirectory) -> None:
    with pytest.raises(NotAllowedError, match="staff T043 is a teller and cannot authorise"):
        staff.authorise("T043", "1111", not_staff_no="T042")


def test_authorise_needs_the_right_pin_before_telling_the_role(
    staff: StaffDirectory, journal_path: Path
) -> None:
    with pytest.raises(SignInError):
        staff.authorise("T043", "0000", not_staff_no="T042")
    assert counters(journal_path, "T043") == (1, None)


def test_authorise_refuses_the_signed_in_tellers_own_number_at_no_cost(
    staff: StaffDirectory, journal_path: Path
) -> None:
    for pin in ("0000", "1357"):
        with pytest.raises(DomainError, match="a supervisor other than the signed-in teller"):
            staff.authorise("S007", pin, not_staff_no="S007")
    assert counters(journal_path, "S007") == (0, None)


def test_authorise_by_a_locked_supervisor_is_refused(
    staff: StaffDirectory, journal_path: Path
) -> None:
    fail(staff, "S007", 4)
    with pytest.raises(AccountLockedError):
        staff.authorise("S007", "0000", not_staff_no="T042")
    with pytest.raises(AccountLockedError):
        staff.authorise("S007", "1357", not_staff_no="T042")


def test_a_journal_upgraded_at_version_3_keeps_its_counters(
    journal_path: Path, clock: FixedClock
) -> None:
    build_at(journal_path, 3, clock)  # T042 has 2 failures, S007 is locked until 09:07:45
    db = open_journal(journal_path, clock)
    try:
        staff = StaffDirectory(db, clock)
        assert staff.get("T042").stars == 4.5
        fail(staff, "T042", 2)
        with pytest.raises(AccountLockedError):
            staff.verify("T042", "0000")
        with pytest.raises(AccountLockedError) as locked:
            staff.verify("S007", "1357")
        assert locked.value.until == clock.now() + timedelta(minutes=7, seconds=45)
        clock.advance(8 * 60)
        assert staff.authorise("S007", "1357", not_staff_no="T042").name == "Li Na"
    finally:
        db.close()


def test_a_stored_hash_with_absurd_scrypt_parameters_is_refused_without_running_scrypt(
    staff: StaffDirectory, journal_path: Path
) -> None:
    # p=64 would cost 64 times a normal sign-in (p=2000 took 54 s): refused before hashing,
    # and nothing counted against the teller.
    planted = "scrypt$16384$8$64$" + "c2FsdHNhbHRzYWx0c2FsdA==" + "$" + "A" * 43 + "="
    conn = raw(journal_path)
    try:
        conn.execute("UPDATE staff SET pin_hash = ? WHERE staff_no = 'T042'", (planted,))
        conn.commit()
    finally:
        conn.close()
    with pytest.raises(DomainError, match=r"beyond the limits \(n=16384, r=8, p=64\)"):
        staff.verify("T042", "2468")
    conn = raw(journal_path)
    try:
        assert conn.execute(
            "SELECT failed_attempts FROM staff WHERE staff_no = 'T042'"
        ).fetchone() == (0,)
    finally:
        conn.close()


def test_a_disabled_member_cannot_sign_in_until_enabled(staff: StaffDirectory) -> None:
    staff.set_active("T042", False)

    assert not staff.is_active("T042")
    with pytest.raises(SignInError):
        staff.verify("T042", "2468")
    assert "T042" not in [m.staff_no for m in staff.all()]

    staff.set_active("T042", True)
    assert staff.verify("T042", "2468").staff_no == "T042"


def test_unlock_lifts_the_lock_and_keeps_the_pin(staff: StaffDirectory, journal_path: Path) -> None:
    fail(staff, "T043", staff.policy.max_failures - 1)
    with pytest.raises(AccountLockedError):
        staff.verify("T043", "0000")
    with pytest.raises(AccountLockedError):
        staff.verify("T043", "1111")

    staff.unlock("T043")

    assert counters(journal_path, "T043") == (0, None)
    assert staff.verify("T043", "1111").staff_no == "T043"


def test_set_photo_and_unknown_members(staff: StaffDirectory) -> None:
    staff.set_photo("T043", "photos/T043.png")
    assert staff.get("T043").photo == "photos/T043.png"
    staff.set_photo("T043", None)
    assert staff.get("T043").photo is None
    for change in (
        lambda: staff.set_active("X999", False),
        lambda: staff.unlock("X999"),
        lambda: staff.set_photo("X999", None),
        lambda: staff.is_active("X999"),
    ):
        with pytest.raises(NotFoundError, match="no staff member X999"):
            change()
