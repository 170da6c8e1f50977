"""Numbered, forward-only schema migrations of the journal; the version is ``PRAGMA user_version``.

Each migration is written as explicit DDL and must keep producing the schema of ITS version forever:
never derive one from the current models. Add a migration by appending to ``MIGRATIONS``; the
upgrade tests then cover upgrading from every earlier version automatically.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tomllib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, cast

import peewee

from counterdesk.core.clock import Clock
from counterdesk.core.procedures.values import mask_personal
from counterdesk.storage.errors import SchemaTooNewError
from counterdesk.storage.maintenance import backup
from counterdesk.storage.sql import execute, scalar

log = logging.getLogger(__name__)


class Migration(NamedTuple):
    """One schema step: the version it produces, what it is for, and the function applying it."""

    version: int
    description: str
    apply: Callable[[peewee.SqliteDatabase], None]


@dataclass(frozen=True)
class MigrationReport:
    """What ``migrate`` did.

    Attributes:
        from_version: the schema version found.
        to_version: the schema version now.
        backup: the copy taken before upgrading, or None when nothing was upgraded or the file
            was new (version 0).
    """

    from_version: int
    to_version: int
    backup: Path | None


def _run(db: peewee.SqliteDatabase, statements: tuple[str, ...]) -> None:
    # One statement per call: executescript() would COMMIT and break the migration's transaction.
    for statement in statements:
        execute(db, statement)


def _initial_journal(db: peewee.SqliteDatabase) -> None:
    _run(
        db,
        (
            """
            CREATE TABLE staff_session (
                uuid TEXT NOT NULL PRIMARY KEY,
                updated_at TEXT NOT NULL,
                staff_no TEXT NOT NULL,
                counter TEXT NOT NULL,
                signed_in_at TEXT NOT NULL,
                signed_out_at TEXT
            )
            """,
            """
            CREATE TABLE pause (
                uuid TEXT NOT NULL PRIMARY KEY,
                updated_at TEXT NOT NULL,
                session_id TEXT NOT NULL REFERENCES staff_session (uuid),
                reason TEXT NOT NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT
            )
            """,
            "CREATE INDEX pause_session_id ON pause (session_id)",
            """
            CREATE TABLE service (
                uuid TEXT NOT NULL PRIMARY KEY,
                updated_at TEXT NOT NULL,
                ticket_id TEXT NOT NULL,
                ticket_label TEXT NOT NULL,
                business_type TEXT NOT NULL,
                counter TEXT NOT NULL,
                staff_no TEXT NOT NULL,
                procedure_type TEXT NOT NULL,
                procedure_version INTEGER NOT NULL,
                called_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT,
                state TEXT NOT NULL DEFAULT 'open'
                    CHECK (state IN ('open', 'finished', 'abandoned')),
                finish_reason TEXT,
                override_by TEXT,
                previous_service_id TEXT REFERENCES service (uuid)
            )
            """,
            "CREATE INDEX service_ticket_id ON service (ticket_id)",
            "CREATE INDEX service_previous_service_id ON service (previous_service_id)",
            """
            CREATE TABLE step_record (
                uuid TEXT NOT NULL PRIMARY KEY,
                updated_at TEXT NOT NULL,
                service_id TEXT NOT NULL REFERENCES service (uuid),
                step_id TEXT NOT NULL,
                checked_at TEXT NOT NULL,
                seconds_open REAL NOT NULL,
                value TEXT,
                authoriser TEXT,
                checked_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX step_record_service_id ON step_record (service_id)",
            """
            CREATE TABLE rating (
                uuid TEXT NOT NULL PRIMARY KEY,
                updated_at TEXT NOT NULL,
                service_id TEXT NOT NULL UNIQUE REFERENCES service (uuid),
                outcome TEXT NOT NULL,
                score INTEGER,
                reasons TEXT NOT NULL DEFAULT '[]',
                cause TEXT,
                prompted_at TEXT NOT NULL,
                answered_at TEXT
            )
            """,
            """
            CREATE TABLE audit_log (
                uuid TEXT NOT NULL PRIMARY KEY,
                updated_at TEXT NOT NULL,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '{}'
            )
            """,
            "CREATE INDEX audit_log_at ON audit_log (at)",
            # seq is the rowid, so it is its own index; AUTOINCREMENT so a pruned feed never
            # hands out a seq again (the sync watermark relies on seq only growing).
            """
            CREATE TABLE sync_event (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                uuid TEXT NOT NULL UNIQUE,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
                payload TEXT NOT NULL,
                at TEXT NOT NULL
            )
            """,
        ),
    )


def _reference_cache(db: peewee.SqliteDatabase) -> None:
    _run(
        db,
        (
            """
            CREATE TABLE reference_item (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                version INTEGER NOT NULL,
                payload TEXT NOT NULL,
                pulled_at TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX reference_item_kind_key ON reference_item (kind, key)",
            """
            CREATE TABLE sync_state (
                key TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            "ALTER TABLE service ADD COLUMN sop_snapshot TEXT",
        ),
    )


def _staff_directory(db: peewee.SqliteDatabase) -> None:
    # Staff is reference data (later pulled from HQ) plus this terminal's lock-out counters, so it
    # has no uuid and no sync_event: it is never pushed.
    _run(
        db,
        (
            """
            CREATE TABLE staff (
                staff_no TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('teller', 'supervisor', 'admin')),
                pin_hash TEXT NOT NULL,
                stars REAL NOT NULL DEFAULT 0,
                photo TEXT,
                active INTEGER NOT NULL DEFAULT 1,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT,
                updated_at TEXT NOT NULL
            )
            """,
            # The number of levels of the scale a score is on; NULL for ratings written before.
            "ALTER TABLE rating ADD COLUMN scale_levels INTEGER",
        ),
    )


def _pending_queue_actions(db: peewee.SqliteDatabase) -> None:
    # What the counter did while the queue server was unreachable (a finished service), to be
    # applied to the queue once it answers again. Local bookkeeping: it does not sync.
    _run(
        db,
        (
            """
            CREATE TABLE pending_queue_action (
                uuid TEXT NOT NULL PRIMARY KEY,
                ticket_id TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('finish')),
                counter INTEGER NOT NULL,
                at TEXT NOT NULL,
                applied_at TEXT,
                outcome TEXT
            )
            """,
            "CREATE INDEX pending_queue_action_open ON pending_queue_action (applied_at)",
        ),
    )


#: Ids of stored procedure snapshots are name-based UUIDs of the snapshot's JSON text, so the
#: same version gets the same id on every terminal and at head office. Frozen for migration 5:
#: ``models.snapshot_uuid`` must keep computing the same.
_SNAPSHOT_NAMESPACE_V5 = uuid.UUID("6f1c0a52-8d3e-4b57-9a41-3c2f7e9b1d05")


def _snapshot_uuid_v5(text: str | None) -> str | None:
    return None if text is None else str(uuid.uuid5(_SNAPSHOT_NAMESPACE_V5, text))


def _procedure_snapshots(db: peewee.SqliteDatabase) -> None:
    # Until version 4 every service row, and every sync event of it, carried the whole procedure
    # text (~2.5 KB each, several events per service): a busy year was 2 GB. From version 5 each
    # distinct snapshot is stored once in procedure_snapshot and referenced by its id. Whole-table
    # INSERT ... SELECT / UPDATE statements (no row-by-row Python), so a 2 GB journal upgrades in
    # one pass; migrate() has taken the backup and holds the transaction.
    conn = cast(sqlite3.Connection, db.connection())  # type: ignore[no-untyped-call]
    conn.create_function("counterdesk_snapshot_uuid", 1, _snapshot_uuid_v5, deterministic=True)
    _run(
        db,
        (
            """
            CREATE TABLE procedure_snapshot (
                uuid TEXT NOT NULL PRIMARY KEY,
                updated_at TEXT NOT NULL,
                business_type TEXT NOT NULL,
                version INTEGER NOT NULL,
                snapshot TEXT NOT NULL
            )
            """,
            """
            INSERT OR IGNORE INTO procedure_snapshot
                (uuid, updated_at, business_type, version, snapshot)
            SELECT counterdesk_snapshot_uuid(sop_snapshot), updated_at, procedure_type,
                procedure_version, sop_snapshot
            FROM service WHERE sop_snapshot IS NOT NULL ORDER BY rowid
            """,
            # Snapshots that only a pending sync event still holds (its row changed since).
            """
            INSERT OR IGNORE INTO procedure_snapshot
                (uuid, updated_at, business_type, version, snapshot)
            SELECT counterdesk_snapshot_uuid(json_extract(payload, '$.sop_snapshot')), at,
                coalesce(json_extract(payload, '$.procedure_type'), ''),
                coalesce(json_extract(payload, '$.procedure_version'), 0),
                json_extract(payload, '$.sop_snapshot')
            FROM sync_event
            WHERE entity = 'service' AND json_valid(payload)
                AND json_type(payload, '$.sop_snapshot') = 'text'
            ORDER BY seq
            """,
            "ALTER TABLE service ADD COLUMN procedure_snapshot_id TEXT "
            "REFERENCES procedure_snapshot (uuid)",
            """
            UPDATE service SET procedure_snapshot_id = counterdesk_snapshot_uuid(sop_snapshot)
            WHERE sop_snapshot IS NOT NULL
            """,
            "ALTER TABLE service DROP COLUMN sop_snapshot",
            # The events still to push name the stored snapshot instead of carrying it.
            """
            UPDATE sync_event SET payload = json_set(
                json_remove(payload, '$.sop_snapshot'), '$.procedure_snapshot_id',
                counterdesk_snapshot_uuid(json_extract(payload, '$.sop_snapshot')))
            WHERE entity = 'service' AND json_valid(payload)
                AND json_type(payload, '$.sop_snapshot') IS NOT NULL
            """,
            # Head office learns each stored snapshot through the feed, like any synced row.
            """
            INSERT INTO sync_event (uuid, entity, entity_id, op, payload, at)
            SELECT counterdesk_snapshot_uuid('sync_event/' || uuid), 'procedure_snapshot', uuid,
                'upsert', json_object('business_type', business_type, 'snapshot', snapshot,
                    'updated_at', updated_at, 'uuid', uuid, 'version', version),
                updated_at
            FROM procedure_snapshot ORDER BY rowid
            """,
            # The teller's figures of the day and the counter's start-up read by index.
            "CREATE INDEX service_staff_finished ON service (staff_no, finished_at)",
            # uuid too: recovery's search for finished services without a rating reads only
            # this index (and rating's), not the service rows.
            "CREATE INDEX service_counter_state ON service (counter, state, uuid)",
        ),
    )


def _sync_outbox_indexes(db: peewee.SqliteDatabase) -> None:
    # What the nightly sync and the retention of synced rows look up (storage/sync_outbox.py):
    # the last outbox event of a row (is the row confirmed at head office?), the delete events
    # (their rows are gone), and the oldest sessions and services first. Indexes only: no data
    # changes, so a journal of any size upgrades in one short transaction per index.
    _run(
        db,
        (
            "CREATE INDEX sync_event_entity_id ON sync_event (entity_id, seq)",
            "CREATE INDEX sync_event_deletes ON sync_event (seq) WHERE op = 'delete'",
            "CREATE INDEX staff_session_updated_at ON staff_session (updated_at)",
            "CREATE INDEX service_updated_at ON service (updated_at)",
        ),
    )


#: Capture types whose values may be ID or mobile numbers (see Capture.kept).
_PERSONAL_CAPTURES = frozenset({"id_number", "text"})


class _PersonalSteps:
    """Which steps of a stored procedure snapshot keep their values masked (migration 7)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._cache: dict[str, dict[str, bool] | None] = {}

    def masked(self, snapshot_id: str | None, step_id: str | None, value: str | None) -> str | None:
        if value is None:
            return None
        steps = self._steps(snapshot_id)
        if steps is not None and not steps.get(step_id or "", False):
            return value
        # Masked by the procedure, or a procedure no longer readable: the value's shape
        # decides (only ID and mobile numbers change), erring towards the customer's privacy.
        return mask_personal(value)

    def _steps(self, snapshot_id: str | None) -> dict[str, bool] | None:
        if snapshot_id is None:
            return None
        if snapshot_id not in self._cache:
            row = self._conn.execute(
                "SELECT snapshot FROM procedure_snapshot WHERE uuid = ?", (snapshot_id,)
            ).fetchone()
            self._cache[snapshot_id] = None if row is None else _personal_steps(str(row[0]))
        return self._cache[snapshot_id]


def _personal_steps(snapshot: str) -> dict[str, bool] | None:
    """Step id -> whether its value is kept masked, from a snapshot's TOML; None if unreadable."""
    try:
        data = tomllib.loads(str(json.loads(snapshot)["toml"]))
        steps: dict[str, bool] = {}
        for step in data["steps"]:
            capture = step.get("capture") or {}
            steps[str(step["id"])] = (
                capture.get("type") in _PERSONAL_CAPTURES and capture.get("keep") != "full"
            )
    except (ValueError, KeyError, TypeError, AttributeError, tomllib.TOMLDecodeError):
        return None
    return steps


def _mask_personal_values(db: peewee.SqliteDatabase) -> None:
    # Until version 6 ID and mobile numbers were stored as typed, in step records and in the
    # sync events still to push. From version 7 only their masked form is kept
    # (110105********002X, 138****5678) unless the procedure says keep = "full". migrate()
    # has taken the backup first; that backup is owner-only (maintenance.backup).
    conn = cast(sqlite3.Connection, db.connection())  # type: ignore[no-untyped-call]
    steps = _PersonalSteps(conn)
    conn.create_function("counterdesk_masked", 3, steps.masked)
    _run(
        db,
        (
            """
            UPDATE step_record SET value = counterdesk_masked(
                (SELECT procedure_snapshot_id FROM service WHERE uuid = step_record.service_id),
                step_id, value)
            WHERE value IS NOT NULL
            """,
            """
            UPDATE sync_event SET payload = json_set(payload, '$.value', counterdesk_masked(
                (SELECT procedure_snapshot_id FROM service
                    WHERE uuid = json_extract(sync_event.payload, '$.service_id')),
                json_extract(payload, '$.step_id'), json_extract(payload, '$.value')))
            WHERE entity = 'step_record' AND json_valid(payload)
                AND json_type(payload, '$.value') = 'text'
            """,
        ),
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial journal", _initial_journal),
    Migration(2, "reference-data cache for the nightly pull", _reference_cache),
    Migration(3, "staff directory and rating scale", _staff_directory),
    Migration(4, "queue actions waiting for the queue server", _pending_queue_actions),
    Migration(5, "procedure snapshots stored once, figures by index", _procedure_snapshots),
    Migration(6, "indexes for the sync outbox and retention", _sync_outbox_indexes),
    Migration(7, "ID and mobile numbers masked in step records", _mask_personal_values),
)
LATEST = MIGRATIONS[-1].version


def current_version(db: peewee.SqliteDatabase) -> int:
    """Return the schema version recorded in the database (0 for a new, empty file)."""
    return int(cast(int, scalar(db, "PRAGMA user_version")))


def backup_path(path: Path, version: int, clock: Clock) -> Path:
    """Return a free name ``<dir>/backups/<stem>.v<version>.<UTC timestamp>.db`` for a backup."""
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    folder = path.parent / "backups"
    candidate = folder / f"{path.stem}.v{version}.{stamp}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{path.stem}.v{version}.{stamp}-{n}.db"
        n += 1
    return candidate


def migrate(
    db: peewee.SqliteDatabase, path: Path, clock: Clock, *, target: int = LATEST
) -> MigrationReport:
    """Bring the journal up to ``target``, backing up an existing journal first.

    Each migration runs in its own ``BEGIN IMMEDIATE`` transaction together with the
    ``user_version`` bump, so a crash leaves the file at a whole version. A migration another
    process applied meanwhile is skipped.

    Args:
        db: the open journal.
        path: its file (the backup goes to ``<dir>/backups/``).
        clock: names the backup with the UTC time.
        target: the version to stop at; tests use it to build journals of earlier versions.

    Returns:
        The versions before and after, and the backup taken, if any.

    Raises:
        ValueError: ``target`` is not a known version.
        SchemaTooNewError: the file is newer than this program.
    """
    if not 0 <= target <= LATEST:
        raise ValueError(f"unknown schema version {target}; known versions are 0..{LATEST}")
    found = current_version(db)
    if found > LATEST:
        raise SchemaTooNewError(path, found, LATEST)
    if found >= target:
        return MigrationReport(found, found, None)
    copy: Path | None = None
    if found >= 1:
        copy = backup(path, backup_path(path, found, clock))
        log.info("journal %s at version %d backed up to %s", path, found, copy)
    for migration in MIGRATIONS:
        if not found < migration.version <= target:
            continue
        with db.atomic("IMMEDIATE"):
            if current_version(db) >= migration.version:
                continue
            migration.apply(db)
            # user_version lives in the file header, which SQLite writes in the same transaction.
            execute(db, f"PRAGMA user_version = {int(migration.version)}")
        log.info(
            "journal %s migrated to version %d: %s", path, migration.version, migration.description
        )
    return MigrationReport(found, current_version(db), copy)
