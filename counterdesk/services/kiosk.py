"""The ticket kiosk's use cases: which businesses are available, and taking a ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import Enum

from counterdesk.core.business import Catalogue, Priority
from counterdesk.core.clock import Clock
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.estimate import estimate_wait
from counterdesk.core.hours import OpeningHours
from counterdesk.core.policy import known_priority
from counterdesk.core.staff import NotAllowedError, StaffMember
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.state import IssuedTicket
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork

#: How long the lobby manager's unlock waits for the priority ticket it allows.
PRIORITY_UNLOCK_SECONDS = 60.0


class KioskAction(Enum):
    """The kiosk's use cases, as the controller names the one a refusal comes from."""

    ISSUE_TICKET = "issue_ticket"
    UNLOCK_PRIORITY = "unlock_priority"


@dataclass(frozen=True)
class KioskState:
    """What the kiosk may offer right now.

    Attributes:
        open_now: inside opening hours.
        any_counter_open: at least one counter is open and sends its heartbeat.
        available: business-type codes such a counter serves (a counter whose program
            stopped beating is left out: it would call nobody).
        priority_by: the name of the lobby manager whose unlock is still good, or None (none
            given, used up by a ticket, or expired).
        priority_until: when that unlock expires, or None.
    """

    open_now: bool
    any_counter_open: bool
    available: frozenset[str]
    priority_by: str | None = None
    priority_until: datetime | None = None


class KioskService:
    """Issues tickets for customers, and priority tickets for the lobby manager.

    The lobby manager's unlock (:meth:`unlock_priority`) is good for one priority ticket and
    expires :data:`PRIORITY_UNLOCK_SECONDS` after it was given, by the injected clock.

    Args:
        queue: the branch queue.
        catalogue: the business types.
        staff: the staff directory (the lobby manager's PIN).
        uow: this terminal's journal (audit of priority tickets and printer faults).
        clock: the time source.
        branch_name: printed on tickets.
        hours: opening hours, or None for always open.
        local_zone: the branch's time zone (the machine's when None).
    """

    def __init__(
        self,
        *,
        queue: SqlQueue,
        catalogue: Catalogue,
        staff: StaffDirectory,
        uow: UnitOfWork,
        clock: Clock,
        branch_name: str,
        hours: OpeningHours | None = None,
        local_zone: tzinfo | None = None,
    ) -> None:
        self.queue = queue
        self.catalogue = catalogue
        self.staff = staff
        self.uow = uow
        self.clock = clock
        self.branch_name = branch_name
        self.hours = hours
        self._zone = local_zone
        self._priority_by: StaffMember | None = None
        self._priority_until: datetime | None = None

    def state(self) -> KioskState:
        """Opening hours, open counters, the businesses they serve, and the priority unlock."""
        local = self.clock.now().astimezone(self._zone).time()
        open_now = self.hours is None or self.hours.is_open(local)
        counters = self.queue.open_counters()
        available: set[str] = set()
        for serves in counters.values():
            available.update(serves or self.catalogue.codes)
        until = self._priority_until
        # Read without dropping an expired unlock, so that a priority request still hears
        # that it expired (rather than that nobody unlocked).
        live = until is not None and self.clock.now() < until
        unlocked_by = self._priority_by if live else None
        return KioskState(
            open_now,
            bool(counters),
            frozenset(available),
            priority_by=unlocked_by.name if unlocked_by is not None else None,
            priority_until=until if unlocked_by is not None else None,
        )

    def unlock_priority(self, staff_no: str, pin: str) -> StaffMember:
        """The lobby manager signs in to issue one VIP or green-channel ticket.

        Raises:
            SignInError, AccountLockedError: wrong credentials.
            NotAllowedError: a teller may not issue priority tickets.
        """
        try:
            member = self.staff.verify(staff_no, pin)
            if not member.role.may_authorise:
                raise NotAllowedError(
                    QT_TRANSLATE_NOOP("domain", "staff {staff_no} may not issue priority tickets"),
                    staff_no=member.staff_no,
                )
        except DomainError as exc:
            with self.uow.transaction() as tx:
                tx.audit(staff_no, "priority_unlock_refused", {"why": str(exc)})
            raise
        self._priority_by = member
        self._priority_until = self.clock.now() + timedelta(seconds=PRIORITY_UNLOCK_SECONDS)
        return member

    def priority_unlocked_by(self) -> StaffMember | None:
        """The lobby manager whose unlock is still good, or None (none, used up or expired)."""
        if self._priority_until is not None and self.clock.now() >= self._priority_until:
            self.lock_priority()
        return self._priority_by

    def lock_priority(self) -> None:
        """Drop the unlock (the kiosk went back to its welcome page)."""
        self._priority_by = None
        self._priority_until = None

    def issue(
        self, business_type: str, priority: int = Priority.NORMAL, *, operator: bool = False
    ) -> IssuedTicket:
        """Take a ticket, with how many are ahead and the expected wait.

        A priority above normal needs :meth:`unlock_priority` first, less than
        :data:`PRIORITY_UNLOCK_SECONDS` ago, and uses it up; it is audited.

        Args:
            business_type: the business-type code or prefix letter.
            priority: the priority level.
            operator: issued by IT staff from the command line, who may queue customers before
                the branch or any counter opens; the priority rule applies all the same.

        Raises:
            DomainError: closed, no open counter serves the business, a priority no counter
                calls (the unlock is kept), or a priority ticket without the lobby manager (or
                after the unlock expired).
        """
        kind = self.catalogue.get(business_type)
        known_priority(priority)  # before the unlock is used up
        if not operator:
            state = self.state()
            if not state.open_now:
                raise DomainError(QT_TRANSLATE_NOOP("domain", "the branch is closed"))
            if kind.code not in state.available:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "no counter serves {business} at the moment"),
                    business=kind.code,
                )
        issuer = None
        if priority > Priority.NORMAL:
            given = self._priority_by is not None
            issuer = self.priority_unlocked_by()
            if issuer is None and given:
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain", "the lobby manager's unlock has expired; ask for it again"
                    )
                )
            if issuer is None:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "priority tickets are issued by the lobby manager")
                )
            self.lock_priority()
        ticket = self.queue.issue(kind.code, priority)
        if issuer is not None:
            with self.uow.transaction() as tx:
                tx.audit(issuer.staff_no, "priority_ticket",
                         {"ticket": ticket.label, "priority": ticket.priority})  # fmt: skip
        ahead = self.queue.ahead_of(ticket)
        counters = sum(
            1 for serves in self.queue.open_counters().values() if not serves or kind.code in serves
        )
        wait = estimate_wait(
            ahead, self.queue.recent_service_seconds(kind.code), counters, kind.service_seconds
        )
        return IssuedTicket(ticket, kind, ahead, wait, self.branch_name)

    def record_printer_fault(self, ticket_label: str, detail: str) -> None:
        """Keep a printer fault in the journal (the ticket itself was issued)."""
        with self.uow.transaction() as tx:
            tx.audit("kiosk", "printer_fault", {"ticket": ticket_label, "detail": detail})
