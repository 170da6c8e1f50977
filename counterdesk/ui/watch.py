"""Noticing that the shared queue changed: a socket notifier on PostgreSQL, a cheap poll on SQLite.

Either way the windows' controllers only hear ``changed()`` and then read what they need on the
worker thread; nothing here blocks the GUI thread on the network.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, Slot

from counterdesk.services.watching import ChangeListener, ChangeToken
from counterdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: How often a SQLite queue's ``PRAGMA data_version`` is read (4×/s keeps windows within 1 s).
POLL_MS = 250
#: Waits between reconnection attempts to the queue server, in seconds, then the last repeats.
BACKOFF = (1, 2, 4, 8, 15, 30)


class QueueWatcher(QObject):
    """Tells when the queue changed and whether it answers.

    Signals:
        changed(): something in the queue changed (read what you need).
        connection(bool): the queue answers (True) or not (False); sent on every change of it.
    """

    changed = Signal()
    connection = Signal(bool)

    def start(self) -> None:
        """Begin watching."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop watching."""
        raise NotImplementedError


class PollingWatcher(QueueWatcher):
    """For SQLite: reads the change token on the worker a few times a second.

    Args:
        queue: a connection of its own to the queue (so every commit by the terminal's other
            connections counts as a change).
        runner: the worker.
        interval_ms: how often to look.
    """

    def __init__(
        self,
        queue: ChangeToken,
        runner: TaskRunner,
        *,
        interval_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.runner = runner
        self._token: int | None = None
        self._busy = False
        self._ok: bool | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("queue-watch-poll")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._look)

    def start(self) -> None:
        """Look now and then regularly."""
        self._look()
        self._timer.start()

    def stop(self) -> None:
        """Stop looking."""
        self._timer.stop()

    @Slot()
    def _look(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.runner.run(self.queue.change_token, self._seen, self._failed)

    def _seen(self, token: int) -> None:
        self._busy = False
        self._set_ok(True)
        if token != self._token:
            self._token = token
            self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("queue change token failed: %s", exc)
        self._set_ok(False)

    def _set_ok(self, ok: bool) -> None:
        if ok != self._ok:
            self._ok = ok
            self.connection.emit(ok)


class NotifyWatcher(QueueWatcher):
    """For PostgreSQL: LISTENs on a connection of its own and wakes on its socket.

    The connection is opened on the worker (a network call); the GUI thread only watches the
    socket with a QSocketNotifier and drains what arrived. When the connection is lost the
    watcher says so, retries with a growing wait (:data:`BACKOFF`), and announces ``changed``
    once it is back, because anything may have happened meanwhile.
    """

    def __init__(
        self,
        listener: ChangeListener,
        runner: TaskRunner,
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.listener = listener
        self.runner = runner
        self._notifier: QSocketNotifier | None = None
        self._attempt = 0
        self._ok: bool | None = None
        self._stopped = False
        self._retry = QTimer(self)
        self._retry.setObjectName("queue-watch-reconnect")
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._connect)

    def start(self) -> None:
        """Connect and listen."""
        self._stopped = False
        self._connect()

    def stop(self) -> None:
        """Stop listening."""
        self._stopped = True
        self._retry.stop()
        self._drop_notifier()
        self.runner.run(self.listener.close, _ignore, _ignore)

    @Slot()
    def _connect(self) -> None:
        self.runner.run(self.listener.open, self._listening, self._lost)

    def _listening(self, fileno: int) -> None:
        if self._stopped:
            return
        self._attempt = 0
        self._drop_notifier()
        notifier = QSocketNotifier(fileno, QSocketNotifier.Type.Read, self)
        notifier.setObjectName("queue-watch-socket")
        notifier.activated.connect(self._readable)
        self._notifier = notifier
        self._set_ok(True)
        self.changed.emit()

    @Slot()
    def _readable(self) -> None:
        try:
            count = self.listener.drain()
        except Exception as exc:  # the connection is gone: say so and reconnect
            self._lost(exc)
            return
        if count:
            self.changed.emit()

    def _lost(self, exc: BaseException) -> None:
        self._drop_notifier()
        self._set_ok(False)
        if self._stopped:
            return
        wait = BACKOFF[min(self._attempt, len(BACKOFF) - 1)]
        self._attempt += 1
        log.warning("queue notifications lost (%s); retrying in %d s", exc, wait)
        self._retry.start(wait * 1000)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _set_ok(self, ok: bool) -> None:
        if ok != self._ok:
            self._ok = ok
            self.connection.emit(ok)


def _ignore(_: object) -> None:
    return None
