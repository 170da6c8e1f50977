"""Signing in to the manager's window: a supervisor or an admin, audited."""

from __future__ import annotations

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.staff import NotAllowedError, StaffMember
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.staff import StaffDirectory


class ManagerSignIn:
    """Checks who opens the manager's window.

    The PIN is checked by the staff directory (wrong PINs count towards the lock-out as at any
    sign-in); a teller is refused. Every attempt is audited in the journal: ``manager_signed_in``
    or ``manager_sign_in_refused`` with why. Runs on the thread of the station's journal (the
    worker).

    Args:
        staff: the station's staff directory.
        journal: the station's journal (the audit).
    """

    def __init__(self, staff: StaffDirectory, journal: CounterJournal) -> None:
        self.staff = staff
        self.journal = journal

    def sign_in(self, staff_no: str, pin: str) -> StaffMember:
        """Check a supervisor's or admin's staff number and PIN.

        Raises:
            SignInError, AccountLockedError: wrong credentials or a locked account.
            NotAllowedError: the member of staff is a teller.
        """
        try:
            member = self.staff.verify(staff_no, pin)
            if not member.role.may_authorise:
                raise NotAllowedError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "staff {staff_no} is a {role}; only a supervisor or an admin may open "
                        "the manager's board",
                    ),
                    staff_no=member.staff_no,
                    role=member.role.value,
                )
        except DomainError as exc:
            self.journal.audit(staff_no, "manager_sign_in_refused", {"why": str(exc)})
            raise
        self.journal.audit(member.staff_no, "manager_signed_in", None)
        return member
