"""One sync of a journal, as ``counterdesk sync`` and the running program start it.

:func:`run_sync` takes the journal's sync lock, opens the journal, pushes
(:func:`counterdesk.sync.push.push`), prunes what head office confirmed and nobody changed for
``keep_days`` days (:meth:`SyncJournal.prune`) and notes the result in the journal's
``sync_state`` (:meth:`SyncJournal.record_sync`), a failure with its error text. The pull of
reference data joins here (another change).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from counterdesk.core.clock import Clock
from counterdesk.core.errors import DomainError
from counterdesk.storage.db import open_journal
from counterdesk.storage.sync_outbox import PruneReport, SyncJournal
from counterdesk.sync.push import BATCH_EVENTS, Progress, PushResult, push, sync_lock
from counterdesk.sync.tickets import QueueSource


@dataclass(frozen=True)
class SyncOutcome:
    """What one sync did.

    Attributes:
        push: the push's result.
        pruned: what retention deleted afterwards.
    """

    push: PushResult
    pruned: PruneReport

    def summary(self) -> str:
        """One line for the log, ``--status`` and the teller's status line."""
        return (
            f"{self.push.events} events sent ({self.push.rows} rows), head office holds up to "
            f"event {self.push.watermark}; {self.push.tickets.days} closed days sent "
            f"({self.push.tickets.tickets} tickets, {self.push.tickets.events} ticket events); "
            f"{self.pruned.rows} old rows pruned"
        )


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
) -> SyncOutcome:
    """Push the journal, prune it, note the result; one at a time per journal.

    Raises:
        SyncBusy: another sync of this journal runs (``wait`` False); nothing noted.
        StorageError: the journal cannot be opened; nothing noted.
        Every error of :func:`counterdesk.sync.push.push`, noted in the journal first.
    """
    with sync_lock(journal_path, wait=wait):
        db = open_journal(journal_path, clock, migrate=False)
        try:
            journal = SyncJournal(db)
            try:
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
            except Exception as exc:
                text = str(exc) if isinstance(exc, DomainError) else " ".join(str(exc).split())
                if password:
                    text = text.replace(password, "***")
                journal.record_sync(clock.now(), False, text or type(exc).__name__)
                raise
            outcome = SyncOutcome(pushed, pruned)
            journal.record_sync(clock.now(), True, outcome.summary())
            return outcome
        finally:
            db.close()
