"""Runs the manager's period reports on a worker and hands the result back to the GUI thread.

One report at a time. :meth:`ReportsController.cancel` answers at once (the page returns to
idle): it sets the report's cancel flag, which ``compute_report`` checks between figures, and
asks the source to stop what runs (head office: the running statement). A report that ends
after it was cancelled, or was replaced by a newer one, is dropped.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from counterdesk.core.errors import Bilingual
from counterdesk.core.kpis import By
from counterdesk.services.period_report import ReportCancelled, compute_report
from counterdesk.sync.hq_kpi import Scope
from counterdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Makes a fresh source of one kind (``local`` or ``hq``) for one report.
SourceFactory = Callable[[], Any]


@dataclass(frozen=True)
class ReportRequest:
    """What the manager asked for.

    Attributes:
        source: ``local`` (this PC) or ``hq`` (head office).
        first: the first business day.
        last: the last business day (inclusive).
        branch: a branch code, or None for every branch head office lets this role see.
        table_by: the table's dimension.
    """

    source: str
    first: date
    last: date
    branch: str | None
    table_by: By


class ReportsController(QObject):
    """Computes reports on ``runner`` (a worker of its own, so the board keeps refreshing).

    Args:
        runner: the reports' worker.
        sources: the sources this terminal has, by kind (``hq`` only with ``[hq] url``).
        targets: business type → target wait (s).
        zone: the branch's time zone (None: the machine's).
        names: staff number → name (run on the worker).
        reasons: rating reason code → name (run on the worker).
        steps: (business type, step id) → the step's text (run on the worker).

    Signals:
        report_ready(object): the PeriodReport asked for.
        report_failed(object): why it could not be made (the exception).
        cancelled(): the report was cancelled (emitted at once on :meth:`cancel`).
        running_changed(bool): a report started (True) or ended, failed or was cancelled.
    """

    report_ready = Signal(object)
    report_failed = Signal(object)
    cancelled = Signal()
    running_changed = Signal(bool)

    def __init__(
        self,
        runner: TaskRunner,
        sources: Mapping[str, SourceFactory],
        targets: Mapping[str, int],
        *,
        zone: tzinfo | None = None,
        names: Callable[[], Mapping[str, str]] | None = None,
        reasons: Callable[[], Mapping[str, Bilingual]] | None = None,
        steps: Callable[[], Mapping[tuple[str, str], Bilingual]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.sources = dict(sources)
        self.targets = dict(targets)
        self.zone = zone
        self.names = names or dict
        self.reasons = reasons or dict
        self.steps = steps or dict
        self._generation = 0
        self._flag: threading.Event | None = None
        self._source: Any = None

    @property
    def running(self) -> bool:
        """Whether a report is being computed (and not cancelled)."""
        return self._flag is not None

    @Slot(object)
    def run(self, request: ReportRequest) -> None:
        """Start a report (a running one is cancelled first)."""
        if self.running:
            self._stop()
        factory = self.sources[request.source]
        source = factory()
        flag = threading.Event()
        self._generation += 1
        generation = self._generation
        self._flag, self._source = flag, source
        zone = self.zone or _machine_zone()
        scope = Scope(request.first, request.last, request.branch, zone)
        names, reasons, steps, targets = self.names, self.reasons, self.steps, self.targets

        def task() -> Any:
            return compute_report(
                source, scope, targets, flag.is_set, table_by=request.table_by,
                names=_quiet(names), reason_names=_quiet(reasons), step_names=_quiet(steps),
            )  # fmt: skip

        self.running_changed.emit(True)
        self.runner.run(
            task,
            lambda report: self._done(generation, report),
            lambda error: self._failed(generation, error),
        )

    @Slot()
    def cancel(self) -> None:
        """Stop the running report now; the page shows it was cancelled."""
        if not self.running:
            return
        self._stop()
        self.running_changed.emit(False)
        self.cancelled.emit()

    def _stop(self) -> None:
        flag, source = self._flag, self._source
        self._flag = self._source = None
        self._generation += 1  # whatever the worker still delivers is dropped
        if flag is not None:
            flag.set()
        if source is not None:
            source.cancel()

    def _done(self, generation: int, report: Any) -> None:
        if generation != self._generation:
            return
        self._flag = self._source = None
        self.running_changed.emit(False)
        self.report_ready.emit(report)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._flag = self._source = None
        self.running_changed.emit(False)
        if isinstance(error, ReportCancelled):
            self.cancelled.emit()
            return
        log.warning("the report could not be made: %s", error)
        self.report_failed.emit(error)


def _quiet(read: Callable[[], Mapping[Any, Any]]) -> dict[Any, Any]:
    """Names are a nicety: a directory that cannot be read gives none."""
    try:
        return dict(read())
    except Exception as error:
        log.warning("names for the report could not be read: %s", error)
        return {}


def _machine_zone() -> tzinfo:
    """The machine's zone as a ``ZoneInfo`` (head office needs its name), else UTC."""
    import os
    from datetime import UTC
    from pathlib import Path
    from zoneinfo import ZoneInfo

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        with contextlib.suppress(OSError):
            target = str(Path("/etc/localtime").resolve())
            name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    try:
        return ZoneInfo(name) if name else UTC
    except (ValueError, OSError):
        return UTC


def connect_reports(window: Any, page: Any, controller: ReportsController, language: str) -> None:
    """Wire the Reports page to the controller (and a sign-out cancels a running report)."""
    from counterdesk.ui.messages import error_text

    page.run_requested.connect(controller.run)
    page.cancel_requested.connect(controller.cancel)
    controller.running_changed.connect(lambda running: page.set_running(True) if running else None)
    controller.report_ready.connect(page.show_report)
    controller.cancelled.connect(page.show_cancelled)
    controller.report_failed.connect(
        lambda error: page.show_error(error_text(error, language=language))
    )
    window.sign_out_requested.connect(controller.cancel)
