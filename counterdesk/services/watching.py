"""What a program watches to learn that the shared queue changed, whatever engine holds it.

The windows only hear "something changed" and then read what they need; how the change is
noticed depends on the engine. These protocols let the ui watch without importing an engine:
the composition root (``counterdesk.app``) builds the engine's object and passes it in.
"""

from __future__ import annotations

from typing import Protocol


class ChangeToken(Protocol):
    """A queue read cheaply and often (SQLite: ``PRAGMA data_version``).

    :class:`counterdesk.queue.sql.SqlQueue` is one; give the watcher a connection of its own,
    so that every commit by the terminal's other connections counts as a change.
    """

    def change_token(self) -> int:
        """A number that changes whenever another connection commits a change."""
        ...


class ChangeListener(Protocol):
    """A connection that is told of changes (PostgreSQL: ``LISTEN``) and whose socket is watched.

    :class:`counterdesk.queue.postgres.PgListener` is one. :meth:`open` is a network call (run
    it on the worker); :meth:`drain` only reads what already arrived, so the GUI thread may call
    it when the socket is readable.
    """

    def open(self) -> int:
        """Connect and listen; return the socket (file descriptor) to watch.

        Raises:
            QueueOfflineError: the server cannot be reached.
        """
        ...

    def drain(self) -> int:
        """Read the notices that arrived; return how many.

        Raises:
            QueueOfflineError: the connection is gone.
        """
        ...

    def close(self) -> None:
        """Stop listening."""
        ...
