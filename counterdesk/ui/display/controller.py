"""The lobby display's controller: reads new calls and the waiting figures on the worker."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from counterdesk.services.floor import DisplayFeed, FloorUpdate
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.watch import QueueWatcher

log = logging.getLogger(__name__)


class DisplayController(QObject):
    """Looks at the queue several times a second and publishes new calls, each once.

    Signals:
        calls_arrived(list, bool): new CallViews (oldest first) and whether to announce them.
        status_changed(object): a new QueueStatus.
        connection(bool): whether the last look worked.
    """

    calls_arrived = Signal(list, bool)
    status_changed = Signal(object)
    connection = Signal(bool)

    def __init__(
        self,
        feed: DisplayFeed,
        runner: TaskRunner,
        watcher: QueueWatcher,
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self.runner = runner
        self._busy = False
        self._again = False
        watcher.changed.connect(self.poll)
        watcher.connection.connect(self.connection)

    def start(self) -> None:
        """Show the recent calls, then follow the queue."""
        self._busy = True
        self.runner.run(self.feed.start, self._publish, self._failed)

    def stop(self) -> None:
        """Nothing to stop: the watcher drives the display."""

    @Slot()
    def poll(self) -> None:
        """Read what changed (once more after the current read, if one is running)."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.runner.run(self.feed.poll, self._publish, self._failed)

    def _publish(self, update: FloorUpdate | None) -> None:
        self._busy = False
        # Read on at once after a full read (a burst, or the display back after a break):
        # the queue may not change again for a while, and the watcher only wakes on changes.
        if self._again or (update is not None and update.more):
            self._again = False
            self.poll()
        if update is None:
            return
        if update.calls or not update.announce:  # the start-up history, even when empty
            self.calls_arrived.emit(list(update.calls), update.announce)
        self.status_changed.emit(update.status)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("display could not read the queue: %s", exc)
