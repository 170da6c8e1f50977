"""Start-up of a terminal's parts, in order, from its configuration.

Start-up order (every entry point follows it):

1. read the configuration (``app.config``); a bad file stops here, nothing touched;
2. make sure the data dir exists;
3. open the journal and run its pending migrations (a file backup is taken first); refuse a
   journal that cannot be written (disk full: the free space is named; read-only); a new
   journal gets this terminal's id (``storage.sync_outbox``);
4. load the reference data: business types from ``resources/`` (checked against the config
   before the journal is touched), then overlaid with those pulled from head office into the
   journal (:func:`with_pulled_types`); procedures are read on first use;
5. build the queue object (the journal file itself unless ``queue.url`` says otherwise); no
   I/O yet: ``queue.open()`` connects, on the thread that will use it;
6. only then the user interface, which receives all of the above through its constructors,
   and shows its windows at once; connecting the queue and recovering the counter are the
   start-up steps run on the worker (see :mod:`counterdesk.app.gui`). Commands without windows
   run them in place, in the same order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import peewee

from counterdesk.app.config import Config, ConfigError
from counterdesk.app.paths import resource
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock, SystemClock
from counterdesk.core.errors import DomainError
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.procedures import load_catalogue
from counterdesk.core.procedures.catalogue import overlay_entries
from counterdesk.queue.sql import SqlQueue
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.storage.db import Check, check_writable, open_and_migrate, open_checked
from counterdesk.storage.errors import StorageError
from counterdesk.storage.migrations import MigrationReport
from counterdesk.storage.reference import ReferenceCache
from counterdesk.storage.sync_outbox import SyncJournal

_log = logging.getLogger(__name__)


@dataclass
class Station:
    """The opened parts of one terminal."""

    config: Config
    clock: Clock
    journal: peewee.SqliteDatabase
    catalogue: Catalogue
    journal_checked: bool = True
    """Whether ``quick_check`` ran at this open; when not, the windows check in the background."""
    shipped_catalogue: Catalogue | None = None
    """The shipped business types, before the overlay (a pull checks a release against them)."""

    @classmethod
    def open(
        cls,
        config: Config,
        clock: Clock | None = None,
        *,
        check: Check = Check.AFTER_UNCLEAN_SHUTDOWN,
    ) -> Station:
        """Open the journal and load reference data (steps 2-4).

        Args:
            config: the terminal's configuration.
            clock: the time source (the system clock when None).
            check: when the journal gets SQLite's ``quick_check`` before use: by default only
                after an unclean shutdown (or before a migration); commands that only read
                pass ``Check.NEVER``.
        """
        clock = clock or SystemClock()
        shipped = _checked_catalogue(config)
        make_folders(config.data_dir, config.journal_file.parent)
        opened = open_checked(config.journal_file, clock, check=check)
        catalogue = with_pulled_types(shipped, ReferenceCache(opened.db))
        try:
            _served_codes(config, catalogue)
        except ConfigError:
            opened.db.close()
            raise
        if check is not Check.NEVER:
            try:
                # A terminal whose journal cannot keep what the teller does must not start: the
                # free space and a write (rolled back) are checked before any window.
                check_writable(opened.db, probe=True)
                # Made at the first start and kept in the journal itself, so that a copied
                # journal (a cloned disk, a restored backup) is caught by head office, not by
                # the config.
                SyncJournal(opened.db).terminal_id()
            except BaseException:
                opened.db.close()
                raise
        return cls(
            config=config,
            clock=clock,
            journal=opened.db,
            catalogue=catalogue,
            journal_checked=opened.checked,
            shipped_catalogue=shipped,
        )

    @property
    def terminal_id(self) -> str:
        """The id of this terminal, as its journal keeps it (made when the journal was new)."""
        return SyncJournal(self.journal).terminal_id()

    def policy(self, counter: int) -> CallingPolicy:
        """The calling policy of a counter: the configured types, or every type."""
        return CallingPolicy(counter=counter, serves=_served_codes(self.config, self.catalogue))

    def close(self) -> None:
        """Close the journal."""
        self.journal.close()

    def __enter__(self) -> Station:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _checked_catalogue(config: Config) -> Catalogue:
    """The shipped business types, with ``counter.serves`` checked against them.

    Done before the data dir or the journal is created: a counter serving a type that does not
    exist is a configuration error, and a configuration error leaves nothing behind. A type
    head office added is known only from an existing journal: with one, the check waits for
    the overlay (:meth:`Station.open`).
    """
    catalogue = load_catalogue(resource("business_types.toml"))
    try:
        _served_codes(config, catalogue)
    except ConfigError:
        if not config.journal_file.exists():
            raise
    return catalogue


def with_pulled_types(shipped: Catalogue, cache: ReferenceCache) -> Catalogue:
    """The shipped catalogue with the business types pulled from head office over it.

    Read once at start: a pull applied while the terminal runs takes effect at its next start,
    so the kiosk's tiles, the counters and the display never change their types under a
    running day. The pull refused anything that would not overlay (a changed ticket letter, a
    letter taken twice), so a failure here is a damaged cache: the shipped file is used.
    """
    try:
        return overlay_entries(shipped, cache.pulled_business_types())
    except DomainError as exc:
        _log.warning("business types from head office not used: %s", exc)
        return shipped


def _served_codes(config: Config, catalogue: Catalogue) -> tuple[str, ...]:
    """The codes ``counter.serves`` names (every type when it is empty).

    Raises:
        ConfigError: a code or prefix that is no business type.
    """
    try:
        return catalogue.resolve(config.serves or catalogue.codes)
    except Exception as exc:
        raise ConfigError(f"key 'counter.serves': {exc}") from exc


def open_queue(config: Config, station: Station) -> SqlQueue:
    """The configured queue (step 5): the journal file, a SQLite file or PostgreSQL.

    Nothing is connected or read here; the first statement (or ``queue.open()``) does that.
    """
    path = config.queue_file
    if path is None:
        from counterdesk.queue.postgres import PostgresQueue

        return PostgresQueue(config.queue_url, station.catalogue, station.clock)
    return SqliteQueue(path, station.catalogue, station.clock)


def make_folders(*paths: Path) -> None:
    """Create the data folder and the journal's; a file in the way is a one-line StorageError.

    Every path is checked before any is created, so a refusal leaves no folder behind.
    """
    for path in paths:
        existing = path
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        if not existing.is_dir():
            raise StorageError(f"{path}: cannot create the folder: {existing} is not a folder")
    for path in paths:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the folder: {exc.strerror or exc}") from exc


def migrate_journal(config: Config, clock: Clock | None = None) -> MigrationReport:
    """Upgrade the journal explicitly (``counterdesk db migrate``)."""
    clock = clock or SystemClock()
    _checked_catalogue(config)
    make_folders(config.data_dir, config.journal_file.parent)
    db, report = open_and_migrate(config.journal_file, clock)
    db.close()
    return report
