"""The staff directory in the journal: members, their PIN hashes and lock-out counters."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from counterdesk.core.clock import Clock
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, NotFoundError
from counterdesk.core.staff import (
    AccountLockedError,
    LockoutPolicy,
    NotAllowedError,
    Role,
    SignInError,
    StaffMember,
    hash_pin,
    validate_new_member,
    verify_pin,
)
from counterdesk.storage.models import Staff

# A PIN check reads the row, hashes outside any transaction, then records the outcome in a short
# write transaction. If the PIN changed in between, the check is repeated against the new hash.
_MAX_CHECKS = 3

# The bank's lock-out rule: 5 wrong PINs in a row lock the account for 15 minutes.
DEFAULT_LOCKOUT = LockoutPolicy()


@functools.cache
def _decoy_hash() -> str:
    """A hash to check unknown staff numbers against, so they take as long as known ones."""
    return hash_pin("00000000")


@dataclass(frozen=True)
class _Outcome:
    """What the write transaction of a PIN check decided; raised only after it commits."""

    member: StaffMember | None = None
    locked_until: datetime | None = None
    retry: bool = False


def _member(row: Staff) -> StaffMember:
    return StaffMember(
        staff_no=row.staff_no,
        name=row.name,
        role=Role(row.role),
        stars=row.stars,
        photo=row.photo,
    )


class StaffDirectory:
    """Who may sign in at this terminal, and the PIN checks with lock-out.

    Staff rows are reference data, not synced rows: nothing here writes the sync feed or audit
    rows; callers audit sign-ins through ``UnitOfWork``. Works on the given database directly (not
    the ``journal`` proxy), so two directories on two connections behave like two terminals.

    Args:
        db: the open journal.
        clock: the time of failures and locks.
        policy: how many wrong PINs lock an account, and for how long.
    """

    def __init__(
        self, db: peewee.SqliteDatabase, clock: Clock, policy: LockoutPolicy = DEFAULT_LOCKOUT
    ) -> None:
        self._db = db
        self._clock = clock
        self._policy = policy

    @property
    def policy(self) -> LockoutPolicy:
        """The lock-out rules in force."""
        return self._policy

    def _row(self, staff_no: str) -> Staff | None:
        row: Staff | None = (
            Staff.select().where(Staff.staff_no == staff_no).bind(self._db).get_or_none()
        )
        return row

    # --- the directory ----------------------------------------------------------------------

    def add(
        self,
        staff_no: str,
        name: str,
        role: Role,
        pin: str,
        *,
        stars: float = 0.0,
        photo: str | None = None,
    ) -> StaffMember:
        """Add a member of staff with their first PIN.

        Raises:
            DomainError: the PIN is not 4 to 8 digits, the staff number or name is empty, the
                stars are outside 0-5, or the staff number is already in the directory.
        """
        validate_new_member(staff_no, name)
        if not 0.0 <= stars <= 5.0:
            raise DomainError(f"stars are 0 to 5, not {stars}")
        role = Role(role)
        pin_hash = hash_pin(pin)  # validates the PIN; slow, so before the transaction
        try:
            with self._db.atomic("IMMEDIATE"):
                Staff.insert(
                    {
                        Staff.staff_no: staff_no,
                        Staff.name: name,
                        Staff.role: role.value,
                        Staff.pin_hash: pin_hash,
                        Staff.stars: stars,
                        Staff.photo: photo,
                        Staff.updated_at: self._clock.now(),
                    }
                ).execute(self._db)
        except peewee.IntegrityError as exc:
            if self._row(staff_no) is not None:
                raise DomainError(f"staff number {staff_no} is already in the directory") from exc
            raise
        return StaffMember(staff_no, name, role, stars, photo)

    def set_pin(self, staff_no: str, pin: str) -> None:
        """Give a member of staff a new PIN; this also lifts any lock and clears the count.

        Raises:
            DomainError: the PIN is not 4 to 8 digits.
            NotFoundError: no active member has this staff number.
        """
        pin_hash = hash_pin(pin)
        with self._db.atomic("IMMEDIATE"):
            changed = (
                Staff.update(
                    {
                        Staff.pin_hash: pin_hash,
                        Staff.failed_attempts: 0,
                        Staff.locked_until: None,
                        Staff.updated_at: self._clock.now(),
                    }
                )
                .where((Staff.staff_no == staff_no) & Staff.active)
                .execute(self._db)
            )
        if not changed:
            raise NotFoundError(f"no staff member {staff_no}")

    def _update(self, staff_no: str, values: dict[Any, Any], *, active_only: bool) -> None:
        """Change one member's row in a write transaction.

        Raises:
            NotFoundError: no member (no active member when ``active_only``) has this number.
        """
        where = Staff.staff_no == staff_no
        if active_only:
            where &= Staff.active
        with self._db.atomic("IMMEDIATE"):
            changed = (
                Staff.update({**values, Staff.updated_at: self._clock.now()})
                .where(where)
                .execute(self._db)
            )
        if not changed:
            raise NotFoundError(
                QT_TRANSLATE_NOOP("domain", "no staff member {staff_no}"), staff_no=staff_no
            )

    def set_active(self, staff_no: str, active: bool) -> None:
        """Disable a member (they can no longer sign in) or enable them again.

        A disabled member keeps their row, PIN and history; enabling also clears any lock.

        Raises:
            NotFoundError: no member has this staff number.
        """
        values: dict[Any, Any] = {Staff.active: active}
        if active:
            values |= {Staff.failed_attempts: 0, Staff.locked_until: None}
        self._update(staff_no, values, active_only=False)

    def unlock(self, staff_no: str) -> None:
        """Lift a lock-out after wrong PINs and clear the count; the PIN is unchanged.

        Raises:
            NotFoundError: no active member has this staff number.
        """
        self._update(
            staff_no, {Staff.failed_attempts: 0, Staff.locked_until: None}, active_only=True
        )

    def set_photo(self, staff_no: str, photo: str | None) -> None:
        """Set (or with None remove) the photo shown on the customer screen.

        Args:
            staff_no: whose photo.
            photo: its path relative to the data folder's photo folder, or None.

        Raises:
            NotFoundError: no active member has this staff number.
        """
        self._update(staff_no, {Staff.photo: photo}, active_only=True)

    def is_active(self, staff_no: str) -> bool:
        """Whether a member may sign in (False when disabled).

        Raises:
            NotFoundError: no member has this staff number.
        """
        row = self._row(staff_no)
        if row is None:
            raise NotFoundError(
                QT_TRANSLATE_NOOP("domain", "no staff member {staff_no}"), staff_no=staff_no
            )
        return bool(row.active)

    def get(self, staff_no: str) -> StaffMember:
        """Return an active member of staff.

        Raises:
            NotFoundError: no active member has this staff number.
        """
        row = self._row(staff_no)
        if row is None or not row.active:
            raise NotFoundError(f"no staff member {staff_no}")
        return _member(row)

    def all(self) -> list[StaffMember]:
        """Return every active member of staff, by staff number."""
        query = Staff.select().where(Staff.active).order_by(Staff.staff_no).bind(self._db)
        return [_member(row) for row in query]

    # --- signing in -------------------------------------------------------------------------

    def verify(self, staff_no: str, pin: str) -> StaffMember:
        """Check a staff number and PIN, counting wrong PINs and locking per the policy.

        Each wrong PIN is counted in one ``BEGIN IMMEDIATE`` transaction on the current count,
        so two terminals checking at once never lose a failure; the slow hash runs before it.
        While locked, every PIN is refused and nothing is counted (the lock is not extended).

        Returns:
            The member of staff.

        Raises:
            SignInError: unknown or inactive staff number, or wrong PIN (one message for all).
            AccountLockedError: the account is locked, even when the PIN is right.
            DomainError: the stored PIN hash is damaged (nothing is counted).
        """
        for _ in range(_MAX_CHECKS):
            row = self._row(staff_no)
            if row is None or not row.active:
                verify_pin(pin, _decoy_hash())  # same time as a real check
                raise SignInError(self._policy)
            locked_until = row.locked_until
            if locked_until is not None and self._policy.is_locked(locked_until, self._clock.now()):
                raise AccountLockedError(locked_until)
            outcome = self._record(staff_no, row.pin_hash, verify_pin(pin, row.pin_hash))
            if outcome.retry:
                continue
            if outcome.member is not None:
                return outcome.member
            if outcome.locked_until is not None:
                raise AccountLockedError(outcome.locked_until)
            raise SignInError(self._policy)
        raise SignInError(self._policy)

    def _record(self, staff_no: str, checked_hash: str, right: bool) -> _Outcome:
        """Record a PIN check on the current row in one write transaction; raise nothing here.

        Exceptions would roll the transaction back and lose the failure count, so the outcome
        is returned and raised by the caller after the commit.
        """
        with self._db.atomic("IMMEDIATE"):
            now = self._clock.now()
            row = self._row(staff_no)
            if row is None or not row.active or row.pin_hash != checked_hash:
                return _Outcome(retry=True)  # removed or re-PINned meanwhile: check again
            if self._policy.is_locked(row.locked_until, now):
                return _Outcome(locked_until=row.locked_until)  # another terminal locked it
            if right:
                if row.failed_attempts or row.locked_until is not None:
                    self._set_counters(staff_no, 0, None)
                return _Outcome(member=_member(row))
            failures, locked_until = self._policy.after_failure(row.failed_attempts, now)
            self._set_counters(staff_no, failures, locked_until)
            return _Outcome(locked_until=locked_until)

    def _set_counters(self, staff_no: str, failures: int, locked_until: datetime | None) -> None:
        Staff.update({Staff.failed_attempts: failures, Staff.locked_until: locked_until}).where(
            Staff.staff_no == staff_no
        ).execute(self._db)

    def authorise(self, staff_no: str, pin: str, *, not_staff_no: str) -> StaffMember:
        """Check a supervisor's staff number and PIN for an authorisation.

        The supervisor must not be ``not_staff_no`` (the signed-in teller); that is checked
        before the PIN, so a teller typing their own number costs them no failure. The role is
        checked after the PIN, so roles cannot be found out without it.

        Args:
            staff_no: the authorising supervisor's staff number.
            pin: their PIN.
            not_staff_no: who may not authorise (the teller asking).

        Returns:
            The authorising member of staff.

        Raises:
            DomainError: ``staff_no`` is the signed-in teller's.
            SignInError: unknown staff number or wrong PIN.
            AccountLockedError: the supervisor's account is locked.
            NotAllowedError: the member's role may not authorise.
        """
        if staff_no == not_staff_no:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "a supervisor other than the signed-in teller must authorise"
                )
            )
        member = self.verify(staff_no, pin)
        if not member.role.may_authorise:
            raise NotAllowedError(
                QT_TRANSLATE_NOOP("domain", "staff {staff_no} is a {role} and cannot authorise"),
                staff_no=member.staff_no,
                role=member.role.value,
            )
        return member
