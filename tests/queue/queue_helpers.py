"""Types shared by the queue tests."""

from __future__ import annotations

from collections.abc import Callable

from counterdesk.queue.sql import SqlQueue

MakeQueue = Callable[[], SqlQueue]
