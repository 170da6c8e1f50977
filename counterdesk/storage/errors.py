"""Errors raised by the journal storage; each message names the file and what is wrong."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError


class StorageError(Exception):
    """The journal file cannot be used as it is."""


class CorruptDatabaseError(StorageError):
    """The file is not a readable SQLite database, or SQLite reports damage in it.

    Attributes:
        path: the offending file.
        problems: what was found wrong, one item per problem.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = list(problems)
        listed = "; ".join(self.problems) if self.problems else "unknown problem"
        super().__init__(f"journal {path} cannot be used: {listed}")


class SchemaTooNewError(StorageError):
    """The file was written by a newer counterdesk; this program must not touch it.

    Attributes:
        path: the journal file.
        found: the schema version stored in the file.
        supported: the newest schema version this program knows.
    """

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"journal {path} has schema version {found}, but this program only knows versions "
            f"up to {supported}; install a newer counterdesk (the file was left untouched)"
        )


class SchemaOutdatedError(StorageError):
    """The file needs migrations but the caller asked not to run them.

    Attributes:
        path: the journal file.
        found: the schema version stored in the file (0 for a missing or empty file).
        latest: the version this program expects.
    """

    def __init__(self, path: Path, found: int, latest: int) -> None:
        self.path = path
        self.found = found
        self.latest = latest
        super().__init__(
            f"journal {path} has schema version {found}, this program needs version {latest}; "
            "open it with migrations enabled"
        )


class JournalUnwritable(DomainError, StorageError):
    """The journal cannot take a write: its disk is full, or it is read-only.

    The disk may also be the file's size limit. Raised before the queue is asked to change anything
    whenever the desk can tell, and in place of SQLite's own error otherwise, so the message
    names the real cause.

    Attributes:
        path: the journal file.
        free: bytes the journal can still grow by, when the cause is a full disk; else None.
    """

    def __init__(
        self, template: str, /, path: Path, free_bytes: int | None = None, **params: object
    ) -> None:
        super().__init__(template, path=str(path), **params)
        self.path = path
        self.free = free_bytes


def journal_full(path: Path, free: int, need: int) -> JournalUnwritable:
    """The journal's disk (or its size limit) leaves less room than one action needs."""
    return JournalUnwritable(
        QT_TRANSLATE_NOOP(
            "domain",
            "disk full: the journal {path} has {free} of free space, {need} needed; free some "
            "space and try again",
        ),
        path,
        free,
        free=human_size(free),
        need=human_size(need),
    )


def journal_read_only(path: Path, cause: str) -> JournalUnwritable:
    """The journal file, its folder or its file system cannot be written."""
    return JournalUnwritable(
        QT_TRANSLATE_NOOP(
            "domain",
            "the journal {path} cannot be written ({cause}); make it writable and try again",
        ),
        path,
        cause=cause,
    )


def human_size(count: int) -> str:
    """A byte count as people read it (``512 B``, ``3.5 MB``)."""
    size = float(max(count, 0))
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


#: Room a journal must have left before an action that writes to it (a finished service with
#: its procedure snapshot, steps, rating and sync events, and the WAL that carries them).
JOURNAL_RESERVE = 4 * 1024 * 1024


def unwritable(exc: BaseException, path: Path) -> JournalUnwritable | None:
    """The journal error behind a failed write, or None if it was something else.

    Looks through the chained errors: when SQLite gives up a transaction by itself (disk
    full), peewee's rollback fails with "cannot rollback - no transaction is active", which
    would hide the cause.
    """
    seen: BaseException | None = exc
    while seen is not None:
        text = str(seen).lower()
        if "disk is full" in text or "database or disk is full" in text:
            free = 0
            with contextlib.suppress(OSError):
                free = shutil.disk_usage(path.parent).free
            return journal_full(path, free, JOURNAL_RESERVE)
        if "readonly" in text or "read-only" in text:
            return journal_read_only(path, str(seen))
        seen = seen.__cause__ or seen.__context__
    return None
