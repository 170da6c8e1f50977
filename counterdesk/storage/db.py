"""Opening the journal: one ``DatabaseProxy``, WAL pragmas, file checks and migrations."""

from __future__ import annotations

import enum
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import peewee

from counterdesk.core.clock import Clock
from counterdesk.storage import migrations, private, shutdown
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
from counterdesk.storage.maintenance import (
    header_problems,
    integrity_check,
    read_only_uri,
    read_user_version,
)
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


#: What SQLite says when it meets a damaged file.
_DAMAGED = ("malformed", "not a database", "corrupt")


class Check(enum.Enum):
    """When opening the journal runs SQLite's ``quick_check`` on it (seconds on a large file)."""

    AFTER_UNCLEAN_SHUTDOWN = "after-unclean-shutdown"
    """Before using a journal that a process left without closing it (see :mod:`shutdown`), or
    before a migration; otherwise the check is owed to a background run
    (:class:`~counterdesk.storage.maintenance.BackgroundCheck`). The default."""
    ALWAYS = "always"
    """Every open."""
    NEVER = "never"
    """Commands that only read: the header is still checked; no marker is left."""


@dataclass(frozen=True)
class OpenedJournal:
    """What opening the journal did.

    Attributes:
        db: the connected journal, bound to ``journal``.
        migration: the versions before and after, and the migration backup.
        checked: whether ``quick_check`` ran before the journal was used.
        unclean_shutdown: whether a process had left the journal without closing it.
    """

    db: peewee.SqliteDatabase
    migration: migrations.MigrationReport
    checked: bool
    unclean_shutdown: bool


def _refuse_damaged(path: Path, problems: list[str]) -> None:
    if problems:
        raise CorruptDatabaseError(path, problems)


def _existing_version(path: Path, *, check: bool) -> int:
    """Check an existing file read-only and return its schema version; never writes to it.

    The header (and the size it declares) is always checked: 100 bytes. ``PRAGMA quick_check``
    reads the whole file (about 0.1 s per 100 MB here, 2 s for a busy terminal's year), so it
    runs only when ``check`` says so.
    """
    if not path.is_file():
        raise CorruptDatabaseError(path, ["it exists but is not a regular file"])
    if path.stat().st_size == 0:
        # SQLite treats an empty file as an empty database (e.g. a crash right after creation).
        return 0
    _refuse_damaged(path, header_problems(path))
    if check:
        started = time.perf_counter()
        _refuse_damaged(path, integrity_check(path, quick=True))
        log.info("journal %s checked: ok (%.2f s)", path, time.perf_counter() - started)
    return read_user_version(path)


def open_journal(
    path: Path,
    clock: Clock,
    *,
    migrate: bool = True,
    check: Check = Check.AFTER_UNCLEAN_SHUTDOWN,
) -> peewee.SqliteDatabase:
    """Open (or create) the terminal's journal, bring its schema up to date and bind ``journal``.

    An existing file is checked read-only first, so a file this program must not use is left
    byte-for-byte untouched.

    Args:
        path: the journal file; missing parent directories are created for a new file.
        clock: names migration backups.
        migrate: run pending migrations; when false, a journal that is not at the latest
            version is refused.
        check: when to run ``quick_check`` first (see :class:`Check`).

    Returns:
        The connected database, also bound to ``journal``.

    Raises:
        CorruptDatabaseError: the file is not a SQLite database, cannot be read, or is damaged.
        SchemaTooNewError: the file was written by a newer counterdesk.
        SchemaOutdatedError: ``migrate`` is false and the schema is older than this program's.
        StorageError: SQLite could not switch the file to WAL (e.g. on a network share).
    """
    return open_checked(path, clock, migrate=migrate, check=check).db


def open_and_migrate(
    path: Path, clock: Clock, *, migrate: bool = True
) -> tuple[peewee.SqliteDatabase, migrations.MigrationReport]:
    """Like :func:`open_journal`, and also tell what the migration did (``db migrate``)."""
    opened = open_checked(path, clock, migrate=migrate)
    return opened.db, opened.migration


def open_checked(
    path: Path,
    clock: Clock,
    *,
    migrate: bool = True,
    check: Check = Check.AFTER_UNCLEAN_SHUTDOWN,
) -> OpenedJournal:
    """Like :func:`open_journal`, and also tell whether it was checked and what was migrated.

    A caller that gets ``checked=False`` owes the journal a background check
    (:class:`~counterdesk.storage.maintenance.BackgroundCheck`): the windows run one once the
    counter has started.
    """
    exists = path.exists()
    if exists and path.is_file():
        # Before anything reads it: a read-only journal (or folder, for its WAL) is named as
        # such, not as a file that cannot be opened.
        for place in (path, path.parent):
            if not os.access(place, os.W_OK):
                raise journal_read_only(path, f"{place} is read-only")
    dead = shutdown.unclean_markers(path) if exists and check is not Check.NEVER else []
    found = 0
    checked = False
    if exists:
        found = _existing_version(path, check=check is Check.ALWAYS or bool(dead))
        checked = check is Check.ALWAYS or bool(dead)
        if dead:
            log.warning(
                "journal %s was not closed cleanly (%d process(es)); checked before use",
                path,
                len(dead),
            )
        if not checked and migrate and 0 < found < migrations.LATEST:
            # A migration rewrites the file: never upgrade (and back up) a damaged one.
            _refuse_damaged(path, integrity_check(path, quick=True))
            checked = True
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
    if not exists:
        # Owner-only before SQLite writes a byte: it gives the -wal and -shm files it creates
        # later the database file's mode.
        try:
            private.create_owner_only(path)
        except OSError as exc:
            raise journal_read_only(path, exc.strerror or str(exc)) from exc
    db = open_sqlite(path)
    report = migrations.MigrationReport(found, found, None)
    try:
        db.connect()
        if not exists:
            private.restrict_journal(path)
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
    except peewee.DatabaseError as exc:
        db.close()
        if isinstance(exc, peewee.OperationalError) and (problem := unwritable(exc, path)):
            raise problem from exc
        # Damage the header check cannot see and no quick_check looked for (a clean last
        # shutdown): SQLite meets it here, e.g. in the schema.
        if any(words in str(exc) for words in _DAMAGED):
            raise CorruptDatabaseError(path, [f"SQLite cannot read it: {exc}"]) from exc
        raise
    except BaseException:
        db.close()
        raise
    journal.initialize(db)
    shutdown.forget(dead)
    if check is not Check.NEVER:
        shutdown.mark_open(path)
    return OpenedJournal(db, report, checked=checked, unclean_shutdown=bool(dead))


def journal_room(db: peewee.SqliteDatabase, folder: Path | None = None) -> int:
    """Bytes the journal can still grow by.

    The smaller of its disk's free space and what SQLite's page limit (``PRAGMA
    max_page_count``) leaves, counting free pages inside the file.

    Args:
        db: the journal.
        folder: the journal's folder, when ``db`` was opened by URI (:func:`open_read_only`).
    """
    folder = Path(db.database).parent if folder is None else folder
    page_size, pages, limit, unused = (
        _pragma(db, name)
        for name in ("page_size", "page_count", "max_page_count", "freelist_count")
    )
    in_file = (limit - pages + unused) * page_size
    return min(in_file, shutil.disk_usage(folder).free)


def open_read_only(path: Path) -> peewee.SqliteDatabase:
    """A connected, read-only peewee database over an existing journal (``doctor``).

    Opened as :func:`~counterdesk.storage.maintenance.connect_read_only` opens it, so a
    check never changes the file or leaves a sidecar behind; no pragma is set.
    """
    db = peewee.SqliteDatabase(read_only_uri(path), uri=True)
    db.connect()
    return db


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
