"""The running program's head-office sync: a timer on the GUI thread, the sync on its own thread.

:class:`HeadOfficeSyncer` asks the plan (:class:`~counterdesk.sync.schedule.SyncSchedule`)
every ``check_ms`` whether a sync is due, by the station's clock, and runs it on a thread of
its own (``counterdesk-sync``): not the GUI thread and not the desk's worker, so a slow or
unreachable head office never delays a teller's call. The run opens its own journal
connection and takes the journal's sync lock; when ``counterdesk sync`` from the OS scheduler
holds it, the run is skipped and says so. At exit :meth:`HeadOfficeSyncer.stop` asks a running
push to stop after its batch and waits a few seconds at most; a push still connecting is left
to die with the process, which loses nothing (every batch commits with its watermark).

:func:`status_line` builds the teller's status-bar line in the teller's language.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from counterdesk.core.clock import Clock
from counterdesk.services.head_office import HeadOfficeSync, SyncReport, SyncStatus
from counterdesk.sync.schedule import PlanReason, SyncPlan, SyncResult, SyncSchedule

log = logging.getLogger(__name__)

#: How often the timer asks whether a sync is due (the plan is in wall-clock time, so a PC
#: that slept past it syncs at the next check).
CHECK_MS = 30_000
#: How long closing the program waits for a running sync to stop.
STOP_WAIT_S = 3.0
THREAD_NAME = "counterdesk-sync"


@dataclass(frozen=True)
class HeadOfficeView:
    """What the windows show of the sync.

    Attributes:
        status: the journal's record of the last sync (None: not read yet).
        plan: the next planned run (None: not planned yet).
        running: a sync runs now.
        last: this program's last run (None: none yet).
    """

    status: SyncStatus | None = None
    plan: SyncPlan | None = None
    running: bool = False
    last: SyncReport | None = None

    @property
    def skipped_busy(self) -> bool:
        """The last run was skipped: another sync of the journal was running."""
        return self.last is not None and self.last.result is SyncResult.BUSY


class HeadOfficeSyncer(QObject):
    """Plans and runs the program's syncs; publishes a :class:`HeadOfficeView` on each change.

    Args:
        service: the sync use case.
        schedule: the plan.
        clock: the time source (the station's).
        check_ms: how often to look whether a run is due.
        stop_wait_s: how long :meth:`stop` waits for a running sync.
        parent: the Qt parent.

    Signals:
        changed(object): a new HeadOfficeView.
        finished(object): a run ended: its SyncReport.
    """

    changed = Signal(object)
    finished = Signal(object)
    _delivered = Signal(object, object)

    def __init__(
        self,
        service: HeadOfficeSync,
        schedule: SyncSchedule,
        clock: Clock,
        *,
        check_ms: int = CHECK_MS,
        stop_wait_s: float = STOP_WAIT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.schedule = schedule
        self.clock = clock
        self.view = HeadOfficeView()
        self._stop_wait_s = stop_wait_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setObjectName("head-office-sync")
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        # Emitted on the sync thread; this object lives on the GUI thread, so Qt queues it.
        self._delivered.connect(self._deliver)

    @property
    def running(self) -> bool:
        """Whether a job (reading the record, or a sync) runs on the sync thread."""
        return self._thread is not None

    def start(self) -> None:
        """Read the journal's record (on the sync thread), plan, then look every ``check_ms``."""
        self._spawn(self.service.status, self._first_plan)
        self._timer.start()

    def stop(self) -> None:
        """Stop planning; ask a running sync to stop and wait for it a few seconds at most."""
        self._closed = True
        self._timer.stop()
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(self._stop_wait_s)
            if thread.is_alive():
                log.warning(
                    "the head office sync still runs at exit; it ends with the process and "
                    "the next sync resumes from head office's watermark"
                )

    @Slot()
    def check(self) -> None:
        """Run the planned sync if it is due and none runs."""
        plan = self.view.plan
        if self._closed or self.running or plan is None or not plan.due(self.clock.now()):
            return
        since = None if plan.reason is PlanReason.ASKED else plan.settled_since
        self._publish(running=True)
        self._spawn(lambda: self.service.run(self._stop, unless_ok_since=since), self._ran)

    @Slot()
    def sync_now(self) -> None:
        """Sync at once (a supervisor asked); nothing happens while a sync runs."""
        if self._closed or self.running:
            return
        self._publish(plan=self.schedule.asked(self.clock.now()))
        self.check()

    # -- plumbing -----------------------------------------------------------------------------

    def _publish(self, **changes: object) -> None:
        self.view = replace(self.view, **changes)  # type: ignore[arg-type]
        self.changed.emit(self.view)

    def _spawn(self, job: Callable[[], object], done: Callable[[object], None]) -> None:
        def work() -> None:
            try:
                result: object = job()
            except Exception as exc:  # reported on the GUI thread
                result = exc
            if not self._closed:
                self._delivered.emit(result, done)

        thread = threading.Thread(target=work, name=THREAD_NAME, daemon=True)
        self._thread = thread
        thread.start()

    @Slot(object, object)
    def _deliver(self, result: object, done: Callable[[object], None]) -> None:
        if self._thread is not None:
            self._thread.join()  # it has emitted: it ends at once
        self._thread = None
        if self._closed:
            return
        done(result)

    def _first_plan(self, result: object) -> None:
        now = self.clock.now()
        if isinstance(result, SyncStatus):
            plan = self.schedule.at_start(now, result.last_ok_at, result.pending)
            self._publish(status=result, plan=plan)
        else:
            # The record cannot be read (the run will say why): try at once.
            log.warning("the last head office sync could not be read: %s", result)
            self._publish(plan=self.schedule.at_start(now, None, 1))
        log.info("head office sync planned at %s (%s)", self.view.plan.at if self.view.plan
                 else None, self.view.plan.reason if self.view.plan else "")  # fmt: skip
        self.check()

    def _ran(self, result: object) -> None:
        assert isinstance(result, SyncReport)
        plan = self.schedule.after(result.at, result.result)
        self._publish(status=result.status, plan=plan, running=False, last=result)
        log.info("next head office sync at %s (%s)", plan.at, plan.reason)
        self.finished.emit(result)


# -- the status line --------------------------------------------------------------------------


def when_text(when: datetime, now: datetime, zone: tzinfo | None = None) -> str:
    """A time in local time: ``HH:MM`` today, ``YYYY-MM-DD HH:MM`` on another day."""
    local = when.astimezone(zone) if zone is not None else when.astimezone()
    today = now.astimezone(zone) if zone is not None else now.astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def status_line(view: HeadOfficeView, now: datetime, zone: tzinfo | None = None) -> str:
    """The teller's status-bar line about head office, in the installed language."""

    # Literal contexts and texts throughout: lupdate extracts only those.
    def at(when: datetime) -> str:
        return when_text(when, now, zone)

    status, plan = view.status, view.plan
    if view.running:
        return QCoreApplication.translate("head_office", "Head office: syncing…")
    if status is None or plan is None:
        return QCoreApplication.translate("head_office", "Head office: checking…")
    if view.skipped_busy:
        return QCoreApplication.translate(
            "head_office", "Head office: another sync is running, checking again %1"
        ).replace("%1", at(plan.at))
    if status.last_at is None:
        return QCoreApplication.translate(
            "head_office", "Head office: not synced yet, first sync %1"
        ).replace("%1", at(plan.at))
    if status.last_ok:
        return QCoreApplication.translate("head_office", "Head office: synced %1").replace(
            "%1", at(status.last_at)
        )
    return (
        QCoreApplication.translate("head_office", "Head office: sync failed %1, retry %2")
        .replace("%1", at(status.last_at))
        .replace("%2", at(plan.at))
    )


def plan_reason_text(reason: PlanReason) -> str:
    """Why the next sync is planned when it is, in the installed language."""
    texts = {
        PlanReason.CATCH_UP: QCoreApplication.translate("head_office", "catching up"),
        PlanReason.NIGHTLY: QCoreApplication.translate("head_office", "nightly"),
        PlanReason.RETRY: QCoreApplication.translate("head_office", "retry after a failure"),
        PlanReason.RECHECK: QCoreApplication.translate(
            "head_office", "after the other running sync"
        ),
        PlanReason.ASKED: QCoreApplication.translate("head_office", "asked for"),
    }
    return texts[reason]
