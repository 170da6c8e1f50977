"""Opening the journal: one ``DatabaseProxy``, WAL pragmas, file checks and migrations."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import peewee

from counterdesk.core.clock import Clock
from counterdesk.storage import migrations
from counterdesk.storage.errors import (
    JOURNAL_RESERVE,
    CorruptDatabaseError,
    SchemaOutdatedError,
    SchemaTooNewError,
    StorageError,
    journal_full,
    journal_read_only,
    unwritable,
)
from counterdesk.storage.maintenance import integrity_check, read_user_version
from counterdesk.storage.sql import execute, scalar

log = logging.getLogger(__name__)

#: The journal every model is bound to; ``open_journal`` initialises it.
journal = peewee.DatabaseProxy()

BUSY_TIMEOUT_MS = 5000

# busy_timeout is set as a pragma and it overrides peewee's ``timeout=``; both say the same so
# nobody is misled by the other.
PRAGMAS: tuple[tuple[str, object], ...] = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "normal"),
    ("busy_timeout", BUSY_TIMEOUT_MS),
)


def open_sqlite(path: Path) -> peewee.SqliteDatabase:
    """Return a peewee SQLite database for ``path`` with the house pragmas (not yet connected).

    Pragmas run on every new connection (peewee connects per thread): WAL, foreign keys on,
    synchronous=normal (durable in WAL except for the last commits on power loss) and a
    5-second busy timeout.
    """
    return peewee.SqliteDatabase(str(path), pragmas=list(PRAGMAS), timeout=BUSY_TIMEOUT_MS / 1000)


def _existing_version(path: Path) -> int:
    """Check an existing file read-only and return its schema version; never writes to it.

    ``PRAGMA quick_check`` runs read-only: about 0.1 s for a 100 MB journal on this hardware,
    worth it to refuse a damaged file before a teller's work is written into it.
    """
    if not path.is_file():
        raise CorruptDatabaseError(path, ["it exists but is not a regular file"])
    if path.stat().st_size == 0:
        # SQLite treats an empty file as an empty database (e.g. a crash right after creation).
        return 0
    problems = integrity_check(path, quick=True)
    if problems:
        raise CorruptDatabaseError(path, problems)
    return read_user_version(path)


def open_journal(path: Path, clock: Clock, *, migrate: bool = True) -> peewee.SqliteDatabase:
    """Open (or create) the terminal's journal, bring its schema up to date and bind ``journal``.

    An existing file is checked read-only first, so a file this program must not use is left
    byte-for-byte untouched.

    Args:
        path: the journal file; missing parent directories are created for a new file.
        clock: names migration backups.
        migrate: run pending migrations; when false, a journal that is not at the latest
            version is refused.

    Returns:
        The connected database, also bound to ``journal``.

    Raises:
        CorruptDatabaseError: the file is not a SQLite database, cannot be read, or is damaged.
        SchemaTooNewError: the file was written by a newer counterdesk.
        SchemaOutdatedError: ``migrate`` is false and the schema is older than this program's.
        StorageError: SQLite could not switch the file to WAL (e.g. on a network share).
    """
    db, _ = open_and_migrate(path, clock, migrate=migrate)
    return db


def open_and_migrate(
    path: Path, clock: Clock, *, migrate: bool = True
) -> tuple[peewee.SqliteDatabase, migrations.MigrationReport]:
    """Like :func:`open_journal`, and also tell what the migration did (``db migrate``)."""
    exists = path.exists()
    if exists and path.is_file():
        # Before anything reads it: a read-only journal (or folder, for its WAL) is named as
        # such, not as a file that cannot be opened.
        for place in (path, path.parent):
            if not os.access(place, os.W_OK):
                raise journal_read_only(path, f"{place} is read-only")
    found = _existing_version(path) if exists else 0
    if found > migrations.LATEST:
        raise SchemaTooNewError(path, found, migrations.LATEST)
    if not migrate and found < migrations.LATEST:
        raise SchemaOutdatedError(path, found, migrations.LATEST)
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise journal_read_only(path, exc.strerror or str(exc)) from exc
        if not os.access(path.parent, os.W_OK):
            raise journal_read_only(path, f"{path.parent} is read-only")
    db = open_sqlite(path)
    report = migrations.MigrationReport(found, found, None)
    try:
        db.connect()
        mode = str(scalar(db, "PRAGMA journal_mode")).lower()
        if mode != "wal":
            raise StorageError(
                f"journal {path} could not be switched to WAL (journal_mode is {mode!r}); "
                "keep the journal on a local disk"
            )
        if migrate:
            report = migrations.migrate(db, path, clock)
            if report.from_version != report.to_version:
                log.info(
                    "journal %s upgraded from version %d to %d (backup: %s)",
                    path,
                    report.from_version,
                    report.to_version,
                    report.backup,
                )
    except peewee.OperationalError as exc:
        db.close()
        raise (unwritable(exc, path) or exc) from exc
    except BaseException:
        db.close()
        raise
    journal.initialize(db)
    return db, report


def journal_room(db: peewee.SqliteDatabase) -> int:
    """Bytes the journal can still grow by.

    The smaller of its disk's free space and what SQLite's page limit (``PRAGMA
    max_page_count``) leaves, counting free pages inside the file.
    """
    path = Path(db.database)
    page_size, pages, limit, unused = (
        _pragma(db, name)
        for name in ("page_size", "page_count", "max_page_count", "freelist_count")
    )
    in_file = (limit - pages + unused) * page_size
    return min(in_file, shutil.disk_usage(path.parent).free)


def _pragma(db: peewee.SqliteDatabase, name: str) -> int:
    return int(execute(db, f"PRAGMA {name}").fetchone()[0])


def check_writable(
    db: peewee.SqliteDatabase, *, probe: bool = False, reserve: int = JOURNAL_RESERVE
) -> None:
    """Refuse, with the real cause, a journal that cannot take the writes of one action.

    Cheap enough to run before every queue change: the room left (free disk space and the
    file's page limit) and ``PRAGMA query_only``. With ``probe`` (start-up), also a write
    that is rolled back at once, which finds a read-only file, folder or file system.

    Raises:
        JournalUnwritable: disk full (naming the free space) or read-only (naming why).
    """
    path = Path(db.database)
    try:
        if _pragma(db, "query_only"):
            raise journal_read_only(path, "query_only")
        free = journal_room(db)
        if free < reserve:
            raise journal_full(path, free, reserve)
        if probe:
            with db.atomic("IMMEDIATE"):
                execute(db, "UPDATE sync_event SET seq = seq WHERE 0")
                raise _RolledBack
    except _RolledBack:
        pass
    except peewee.OperationalError as exc:
        raise (unwritable(exc, path) or exc) from exc


class _RolledBack(Exception):
    """Ends the probe's transaction without keeping anything."""
