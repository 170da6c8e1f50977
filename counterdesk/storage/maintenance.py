"""Read-only health checks and online backups of journal files, safe while they are in use."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from counterdesk.storage import private
from counterdesk.storage.errors import CorruptDatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_SIZE = 100

log = logging.getLogger(__name__)


def header_problems(path: Path) -> list[str]:
    """Return what is wrong with the file's SQLite header, reading only its first 100 bytes.

    An empty file counts as fine: SQLite treats it as an empty database.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADER_SIZE)
    except OSError as exc:
        return [f"cannot read the file ({exc.strerror or exc})"]
    if not head:
        return []
    if not head.startswith(SQLITE_HEADER):
        return ['not a SQLite database (the file does not start with "SQLite format 3")']
    if len(head) < _HEADER_SIZE:
        return [f"truncated SQLite header ({len(head)} of {_HEADER_SIZE} bytes)"]
    return _size_problems(path, head)


def _size_problems(path: Path, head: bytes) -> list[str]:
    """Compare the file size with the page count the header declares (a cut-off copy shows here)."""
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    change_counter, valid_for = head[24:28], head[92:96]
    wal = path.with_name(path.name + "-wal")
    # The page count is only trustworthy when valid_for matches, and a live WAL may hold pages the
    # main file does not have yet.
    if pages == 0 or change_counter != valid_for or wal.exists():
        return []
    size = path.stat().st_size
    expected = pages * page_size
    if size < expected:
        return [f"the file is truncated: {size} bytes, but its header declares {expected}"]
    return []


@contextlib.contextmanager
def connect_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """Open a SQLite file read-only (``mode=ro`` URI) and close it afterwards.

    The connection cannot write to the database file, so a check never changes what it checks.
    A ``mode=ro`` connection to a WAL database still creates empty ``-wal``/``-shm`` files beside
    it; when no sidecar exists (nobody has the file open and no crash left a journal to replay),
    the file alone is the whole database and is opened ``immutable``, which leaves the folder
    exactly as it was.
    """
    conn = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def read_only_uri(path: Path) -> str:
    """The ``mode=ro`` URI of :func:`connect_read_only` (``immutable`` with no sidecar)."""
    sidecars = (path.with_name(path.name + suffix) for suffix in ("-wal", "-journal"))
    quiet = "" if any(sidecar.exists() for sidecar in sidecars) else "&immutable=1"
    return f"{path.resolve().as_uri()}?mode=ro{quiet}"


def integrity_check(path: Path, *, quick: bool = False) -> list[str]:
    """Check a journal file without modifying it.

    Args:
        path: the database file.
        quick: run ``PRAGMA quick_check`` (skips index-content checks; much faster on big files)
            instead of ``PRAGMA integrity_check``.

    Returns:
        The problems found, one per item; empty when the file is healthy. A file that is not a
        SQLite database, or that SQLite cannot read, is reported as a problem rather than raised.

    Raises:
        FileNotFoundError: there is no such file.
    """
    if not path.is_file():
        raise FileNotFoundError(f"no journal file at {path}")
    problems = header_problems(path)
    if problems:
        return problems
    check = "quick_check" if quick else "integrity_check"
    try:
        with connect_read_only(path) as conn:
            rows = [str(row[0]) for row in conn.execute(f"PRAGMA {check}")]
            problems = [row for row in rows if row != "ok"]
            problems += [
                f"foreign key broken: {table} row {rowid} points at missing {parent}"
                for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check")
            ]
    except sqlite3.DatabaseError as exc:
        return [f"SQLite cannot read it: {exc}"]
    return problems


def read_user_version(path: Path) -> int:
    """Return ``PRAGMA user_version`` of a file, read-only (0 for an empty file).

    Raises:
        CorruptDatabaseError: SQLite cannot read the file.
    """
    try:
        with connect_read_only(path) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(path, [f"SQLite cannot read it: {exc}"]) from exc


def backup(src: Path, dest: Path, *, overwrite: bool = False) -> Path:
    """Copy a live database to a single self-contained file with SQLite's online backup API.

    Works while other connections (this process or others) have the source open in WAL mode: the
    copy is a consistent snapshot of the last committed state. The copy is written under a temporary
    name and renamed into place, so ``dest`` never holds a half-written backup.

    Args:
        src: the database to copy (opened read-only).
        dest: the backup file to create; its directory is created if missing.
        overwrite: replace an existing ``dest`` instead of refusing.

    Returns:
        ``dest``.

    Raises:
        FileNotFoundError: ``src`` does not exist.
        FileExistsError: ``dest`` exists and ``overwrite`` is false.
        CorruptDatabaseError: ``src`` is not a readable SQLite database.
    """
    if not src.is_file():
        raise FileNotFoundError(f"cannot back up {src}: no such file")
    if dest.exists() and not overwrite:
        raise FileExistsError(f"backup {dest} already exists; refusing to overwrite it")
    problems = header_problems(src)
    if problems:
        raise CorruptDatabaseError(src, problems)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        # A backup holds what the journal holds: owner-only from its first byte.
        private.create_owner_only(partial)
        with connect_read_only(src) as source:
            target = sqlite3.connect(partial, isolation_level=None)
            try:
                source.backup(target)
                # A backup should be one file: leave WAL so no -wal/-shm sidecar is needed.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        os.replace(partial, dest)
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(src, [f"backup failed: {exc}"]) from exc
    finally:
        partial.unlink(missing_ok=True)
    return dest


class BackgroundCheck:
    """``PRAGMA quick_check`` of a journal on a thread of its own, read-only, while it is in use.

    The result is logged (an error naming every problem, or how long a clean check took) and
    handed to ``on_done`` on the checking thread. A WAL reader never blocks the terminal's
    writers, so the teller can work while a large journal is checked.

    Args:
        path: the journal file.
        on_done: called with the problems found (empty when healthy), on the checking thread,
            before :meth:`wait` returns.
    """

    def __init__(self, path: Path, on_done: Callable[[list[str]], None] | None = None) -> None:
        self.path = path
        self._on_done = on_done
        self._done = threading.Event()
        self.problems: list[str] | None = None
        """The problems found, once done (None while running)."""
        self._thread = threading.Thread(
            target=self._run, name="counterdesk-journal-check", daemon=True
        )

    def start(self) -> BackgroundCheck:
        """Start checking; return self."""
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> list[str] | None:
        """Wait for the result (None if it is not there within ``timeout`` seconds)."""
        self._done.wait(timeout)
        return self.problems

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            problems = integrity_check(self.path, quick=True)
        except Exception as exc:  # the terminal keeps running; the log says why
            problems = [f"the check could not run: {exc}"]
        if problems:
            log.error(
                "journal %s is damaged (background quick_check): %s; back it up and restore "
                "it before the next start",
                self.path,
                "; ".join(problems),
            )
        else:
            log.info(
                "journal %s checked in the background: ok (%.1f s)",
                self.path,
                time.perf_counter() - started,
            )
        try:
            if self._on_done is not None:
                self._on_done(problems)
        finally:
            # After on_done, so whoever waits sees everything it did (e.g. the kept marker).
            self.problems = problems
            self._done.set()
