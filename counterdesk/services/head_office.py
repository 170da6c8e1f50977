"""The running program's sync with head office: one run, how the last ended, who may look.

:class:`HeadOfficeSync` is what the program's sync thread calls (``counterdesk sync`` from an
OS scheduler calls :func:`counterdesk.sync.run.run_sync` itself): every method that touches
the journal opens a connection of its own and closes it, so it may run on any thread — the
windows run :meth:`HeadOfficeSync.run` and :meth:`HeadOfficeSync.status` on a thread of their
own, never on the GUI thread nor on the desk's worker, so a slow head office never delays a
teller. :meth:`HeadOfficeSync.check_supervisor` is the exception: it uses the station's
journal (staff directory, audit) and runs on the desk's worker like a step authorisation.

A run never raises: :class:`SyncReport` says how it ended, with the exception itself (a
:class:`~counterdesk.core.errors.DomainError` carries its translatable template), so the
window builds its lines in the teller's language rather than showing
:meth:`~counterdesk.sync.run.SyncOutcome.summary`'s English.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.staff import NotAllowedError, StaffMember
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.db import Check, open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.sync_outbox import SyncJournal
from counterdesk.sync.hq import branch_role, hq_password
from counterdesk.sync.push import SyncBusy, password_missing
from counterdesk.sync.run import SyncOutcome, note_refusal, run_sync
from counterdesk.sync.schedule import SyncResult
from counterdesk.sync.tickets import QueueSource

log = logging.getLogger(__name__)


class SyncStopped(DomainError):
    """The program closed while a sync was sending; what was sent stays, the next run resumes."""


@dataclass(frozen=True)
class SyncStatus:
    """How the journal's last sync ended, as the status line and the supervisor's dialog show.

    Attributes:
        last_at: when the last sync (by this program or ``counterdesk sync``) ended; None: never.
        last_ok: whether it succeeded (None: never synced).
        message: its note in the journal: the English summary, or the error text of a failure
            (the window shows it only as the technical detail under a translated line).
        last_ok_at: when the last successful sync ended (None: never).
        pending: events not yet confirmed by head office.
    """

    last_at: datetime | None = None
    last_ok: bool | None = None
    message: str = ""
    last_ok_at: datetime | None = None
    pending: int = 0


@dataclass(frozen=True)
class SyncReport:
    """How one run of the program's sync ended.

    Attributes:
        result: done, failed (noted in the journal), or skipped because another sync of the
            journal was running (nothing noted).
        at: when it ended.
        status: the journal's record, read after the run.
        error: what stopped it (None when done); a DomainError carries its translatable text.
        outcome: what the sync did (None unless done); ``outcome.ok`` False means head
            office's reference-data release was refused (its problems are in
            ``outcome.pulled``), which counts as a failure.
        thread: the name of the thread the run took (logs, tests).
        skipped: another sync had succeeded since the run was planned; nothing was done.
    """

    result: SyncResult
    at: datetime
    status: SyncStatus
    error: BaseException | None = None
    outcome: SyncOutcome | None = None
    thread: str = ""
    skipped: bool = False


class HeadOfficeSync:
    """One terminal's sync with head office, for the running program.

    Args:
        journal_path: the journal file.
        url: ``[hq] url``.
        branch_code: ``[branch] code``.
        clock: the time source.
        keep_days: ``[journal] keep_days``.
        queue: where the branch's queue lives (its closed days are sent too).
        known_types: the catalogue's business types (the pull checks procedures against them).
        catalogue: the shipped catalogue; given, a release's business types are checked against
            it as the next start will overlay them (a type keeps its ticket letter).
        data_dir: where pulled staff photos go.
        program_version: sent to head office with the push.
        password: looks up the branch role's password (default: environment, then keyring).
        staff: the station's staff directory (supervisor check; None: no supervisor view).
        journal: the station's counter journal (refusals audited; None: not audited).
    """

    def __init__(
        self,
        journal_path: Path,
        *,
        url: str,
        branch_code: str,
        clock: Clock,
        keep_days: int = 90,
        queue: QueueSource | None = None,
        known_types: Collection[str] | None = None,
        catalogue: Catalogue | None = None,
        data_dir: Path | None = None,
        program_version: str = "",
        password: Callable[[str], str | None] = hq_password,
        staff: StaffDirectory | None = None,
        journal: CounterJournal | None = None,
    ) -> None:
        self.journal_path = journal_path
        self.url = url
        self.branch_code = branch_code
        self.clock = clock
        self.keep_days = keep_days
        self.queue = queue
        self.known_types = known_types
        self.catalogue = catalogue
        self.data_dir = data_dir
        self.program_version = program_version
        self._password = password
        self._staff = staff
        self._journal = journal

    def status(self) -> SyncStatus:
        """Read how the last sync ended (a connection of its own, read-only use)."""
        db = open_journal(self.journal_path, self.clock, migrate=False, check=Check.NEVER)
        try:
            journal = SyncJournal(db)
            last = journal.last_sync()
            pending = journal.pending_count()
        finally:
            db.close()
        if last is None:
            return SyncStatus(pending=pending)
        return SyncStatus(last.at, last.ok, last.message, last.last_ok_at, pending)

    def run(
        self, stop: threading.Event | None = None, *, unless_ok_since: datetime | None = None
    ) -> SyncReport:
        """Push, prune, pull and note the result; never raises.

        Args:
            stop: set when the program closes: the push stops after the batch it is sending
                (each batch commits with its watermark, so nothing is lost or doubled).
            unless_ok_since: skip the run when the journal notes a success that ended at or
                after this time (``counterdesk sync`` from the OS scheduler did it already);
                the report then says done, with ``skipped`` set.
        """
        thread = threading.current_thread().name
        if unless_ok_since is not None:
            try:
                before = self.status()
            except Exception:  # the run itself reports what is wrong with the journal
                before = SyncStatus()
            if before.last_ok_at is not None and before.last_ok_at >= unless_ok_since:
                log.info("head office sync not needed: another sync succeeded at %s",
                         before.last_ok_at)  # fmt: skip
                return SyncReport(SyncResult.OK, self.clock.now(), before, thread=thread,
                                  skipped=True)  # fmt: skip
        error: BaseException | None = None
        outcome: SyncOutcome | None = None
        result = SyncResult.FAILED
        try:
            outcome = self._run(stop)
            result = SyncResult.OK if outcome.ok else SyncResult.FAILED
        except SyncBusy as exc:
            error, result = exc, SyncResult.BUSY
            log.info("head office sync skipped: %s", exc)
        except Exception as exc:  # every failure is reported, the station keeps working
            error = exc
            # A rule's refusal (head office unreachable, a copied journal…) needs no traceback.
            log.warning(
                "head office sync failed: %s", exc, exc_info=not isinstance(exc, DomainError)
            )
        try:
            status = self.status()
        except Exception:
            log.exception("the result of the head office sync could not be read back")
            status = SyncStatus()
        if result is SyncResult.OK:
            log.info("head office sync done on %s: %s", thread, status.message)
        return SyncReport(result, self.clock.now(), status, error, outcome, thread)

    def _run(self, stop: threading.Event | None) -> SyncOutcome:
        role = branch_role(self.branch_code)
        password = self._password(role)
        if password is None:
            missing = password_missing(role)
            note_refusal(self.journal_path, self.clock, missing)
            raise missing

        def progress(sent: int, total: int) -> None:
            del sent, total
            if stop is not None and stop.is_set():
                raise SyncStopped(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the sync stopped because the program closed; what was sent stays, "
                        "the next sync resumes",
                    )
                )

        return run_sync(
            self.journal_path,
            url=self.url,
            branch_code=self.branch_code,
            password=password,
            clock=self.clock,
            keep_days=self.keep_days,
            progress=progress,
            program_version=self.program_version,
            queue=self.queue,
            known_types=self.known_types,
            catalogue=self.catalogue,
            data_dir=self.data_dir,
        )

    def check_supervisor(self, staff_no: str, pin: str) -> StaffMember:
        """Check that a supervisor (or admin) signs in to see the sync's details.

        Runs on the thread of the station's journal (the desk's worker). Wrong PINs count
        towards the lock-out as at sign-in; refusals are audited.

        Raises:
            SignInError, AccountLockedError: wrong credentials or a locked account.
            NotAllowedError: the member of staff is no supervisor.
            DomainError: this terminal has no staff directory.
        """
        if self._staff is None:
            raise DomainError(QT_TRANSLATE_NOOP("domain", "this terminal has no staff directory"))
        try:
            member = self._staff.verify(staff_no, pin)
            if not member.role.may_authorise:
                raise NotAllowedError(
                    QT_TRANSLATE_NOOP(
                        "domain", "staff {staff_no} is a {role} and cannot see head office sync"
                    ),
                    staff_no=member.staff_no,
                    role=member.role.value,
                )
        except DomainError as exc:
            if self._journal is not None:
                self._journal.audit(staff_no, "sync_view_refused", {"why": str(exc)})
            raise
        if self._journal is not None:
            self._journal.audit(member.staff_no, "sync_viewed", None)
        return member
