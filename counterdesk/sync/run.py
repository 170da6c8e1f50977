"""One sync of a journal, as ``counterdesk sync`` and the running program start it.

:func:`run_sync` takes the journal's sync lock, opens the journal, pushes
(:func:`counterdesk.sync.push.push`), prunes what head office confirmed and nobody changed for
``keep_days`` days (:meth:`SyncJournal.prune`) and the SQLite queue's closed days head office
holds (:func:`counterdesk.sync.tickets.prune_pushed_days`; a PostgreSQL queue is left alone),
and notes the result in the journal's
``sync_state`` (:meth:`SyncJournal.record_sync`), a failure with its error text; then pulls the
reference data head office released since (:func:`counterdesk.sync.pull.pull_reference`). A
release that fails validation is refused whole (the terminal keeps what it had) and the sync is
noted as failed with the problems, so that ``--status`` and the supervisor see them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock
from counterdesk.core.errors import DomainError
from counterdesk.storage.db import Check, open_journal
from counterdesk.storage.sync_outbox import PruneReport, SyncJournal
from counterdesk.sync.hq import PASSWORD_ENV
from counterdesk.sync.pull import PullReport, pull_reference, pull_teller_months
from counterdesk.sync.push import (
    BATCH_EVENTS,
    Progress,
    PushResult,
    SyncError,
    hq_stopped,
    push,
    sync_lock,
)
from counterdesk.sync.tickets import QueueSource, prune_pushed_days


@dataclass(frozen=True)
class SyncOutcome:
    """What one sync did.

    Attributes:
        push: the push's result (None with ``--pull-only``).
        pruned: what retention deleted after the push (None with ``--pull-only``).
        pulled: what the pull of reference data did (None with ``--push-only``).
        queue_days: the SQLite queue's sent, closed days retention deleted after the push.
    """

    push: PushResult | None
    pruned: PruneReport | None
    pulled: PullReport | None = None
    queue_days: int = 0

    @property
    def ok(self) -> bool:
        """Whether everything asked for was done (a refused release is not)."""
        return self.pulled is None or not self.pulled.refused

    def summary(self) -> str:
        """One line for the log, ``--status`` and the teller's status line."""
        parts = []
        if self.push is not None:
            parts.append(
                f"{self.push.events} events sent ({self.push.rows} rows), head office holds up "
                f"to event {self.push.watermark}; {self.push.tickets.days} closed days sent "
                f"({self.push.tickets.tickets} tickets, {self.push.tickets.events} ticket events)"
            )
        if self.pruned is not None:
            pruned = f"{self.pruned.rows} old rows pruned"
            if self.queue_days:
                pruned += f", {self.queue_days} sent queue days"
            parts.append(pruned)
        if self.pulled is not None:
            if self.pulled.refused:
                problems = "; ".join(str(problem) for problem in self.pulled.problems)
                parts.append(
                    f"reference data release {self.pulled.offered} refused, release "
                    f"{self.pulled.applied} kept: {problems}"
                )
            elif self.pulled.changed:
                parts.append(f"reference data release {self.pulled.applied} applied")
            else:
                parts.append(f"reference data up to date (release {self.pulled.applied})")
        return "; ".join(parts)


def run_sync(
    journal_path: Path,
    *,
    url: str,
    branch_code: str,
    password: str | None,
    clock: Clock,
    keep_days: int,
    wait: bool = False,
    progress: Progress | None = None,
    batch_events: int = BATCH_EVENTS,
    program_version: str = "",
    queue: QueueSource | None = None,
    send: bool = True,
    fetch: bool = True,
    known_types: Collection[str] | None = None,
    data_dir: Path | None = None,
    catalogue: Catalogue | None = None,
) -> SyncOutcome:
    """Push the journal, prune it, pull reference data, note the result; one at a time per journal.

    ``send`` False skips the push and the prune (``--pull-only``); ``fetch`` False skips the pull
    (``--push-only``). ``known_types``, ``catalogue`` and ``data_dir`` are the pull's (the
    catalogue's business types, the shipped catalogue, where staff photos go).

    Raises:
        SyncBusy: another sync of this journal runs (``wait`` False); nothing noted.
        StorageError: the journal cannot be opened; nothing noted.
        HqStopped: the connection broke or HQ refused a statement after the login (the driver's
            error, translated and without the password), noted in the journal first.
        Every other error of :func:`counterdesk.sync.push.push`, noted in the journal first.
    """
    with sync_lock(journal_path, wait=wait):
        db = open_journal(journal_path, clock, migrate=False)
        try:
            journal = SyncJournal(db)
            pushed: PushResult | None = None
            pruned: PruneReport | None = None
            pulled: PullReport | None = None
            queue_days = 0
            try:
                if send:
                    pushed = push(
                        journal,
                        url,
                        branch_code,
                        password,
                        batch_events=batch_events,
                        progress=progress,
                        program_version=program_version,
                        queue=queue,
                    )
                    pruned = journal.prune(keep_days, clock)
                    if queue is not None:
                        queue_days = prune_pushed_days(journal, queue, keep_days, clock)
                if fetch:
                    environ = None if password is None else {PASSWORD_ENV: password}
                    pulled = pull_reference(
                        db,
                        url,
                        branch_code,
                        clock,
                        known_types=known_types,
                        catalogue=catalogue,
                        data_dir=data_dir,
                        environ=environ,
                    )
                    if catalogue is not None:
                        # The tellers' own month so far (figures from 10 ratings only).
                        pull_teller_months(db, url, branch_code, clock, catalogue,
                                           environ=environ)  # fmt: skip
            except Exception as exc:
                import psycopg2

                if isinstance(exc, psycopg2.Error):
                    # After the login: a cut connection or a refused statement, said plainly.
                    stopped = hq_stopped(url, exc, password)
                    journal.record_sync(clock.now(), False, str(stopped))
                    raise stopped from exc
                text = str(exc) if isinstance(exc, DomainError) else " ".join(str(exc).split())
                if password:
                    text = text.replace(password, "***")
                journal.record_sync(clock.now(), False, text or type(exc).__name__)
                raise
            outcome = SyncOutcome(pushed, pruned, pulled, queue_days)
            journal.record_sync(clock.now(), outcome.ok, outcome.summary())
            return outcome
        finally:
            db.close()


def note_refusal(journal_path: Path, clock: Clock, error: SyncError) -> None:
    """Note a sync refused before it could start (no password), so ``--status`` tells why.

    Nothing else in the journal changes.
    """
    with sync_lock(journal_path, wait=True):
        db = open_journal(journal_path, clock, migrate=False, check=Check.NEVER)
        try:
            SyncJournal(db).record_sync(clock.now(), False, str(error))
        finally:
            db.close()
