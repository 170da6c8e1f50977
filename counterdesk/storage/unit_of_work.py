"""Transactions that write journal rows together with their sync-feed events (outbox pattern)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import peewee

from counterdesk.core.clock import Clock, IdFactory, from_utc_text, new_id
from counterdesk.storage.db import check_writable
from counterdesk.storage.errors import unwritable
from counterdesk.storage.fields import to_json_text
from counterdesk.storage.models import AuditLog, SyncedModel, SyncEvent
from counterdesk.storage.sql import execute, scalar

_S = TypeVar("_S", bound=SyncedModel)


@dataclass(frozen=True)
class FeedEvent:
    """One entry of the sync feed, as the sync reads it.

    Attributes:
        seq: position in the feed; only grows.
        uuid: the event's own id (lets head office ignore a re-sent event).
        entity: the table the row lives in, e.g. ``service``.
        entity_id: the row's uuid.
        op: ``upsert`` or ``delete``.
        payload: the row as stored (column name to stored value; times are UTC text).
        at: when the change was committed (aware UTC).
    """

    seq: int
    uuid: str
    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]
    at: datetime


def row_payload(instance: SyncedModel) -> dict[str, Any]:
    """Return a row as stored: column names to the values SQLite holds."""
    data = instance.__data__
    return {
        field.column_name: field.db_value(data.get(field.name))
        for field in instance._meta.sorted_fields
    }


class Transaction:
    """Writes inside one ``UnitOfWork.transaction()`` block; usable only inside it."""

    def __init__(self, db: peewee.SqliteDatabase, at: datetime, ids: IdFactory) -> None:
        self._db = db
        self._ids = ids
        self._open = True
        self.at = at
        """The time stamped on every row and event of this transaction (aware UTC)."""

    def _check_open(self) -> None:
        if not self._open:
            raise RuntimeError("the transaction has ended; write inside the `with` block")

    def _close(self) -> None:
        self._open = False

    def _append_event(self, instance: SyncedModel, op: str, payload: dict[str, Any]) -> None:
        SyncEvent.insert(
            {
                SyncEvent.uuid: self._ids(),
                SyncEvent.entity: instance._meta.table_name,
                SyncEvent.entity_id: instance.uuid,
                SyncEvent.op: op,
                SyncEvent.payload: to_json_text(payload),
                SyncEvent.at: self.at,
            }
        ).execute(self._db)

    def save(self, instance: _S) -> _S:
        """Insert or update a row and append its ``upsert`` event.

        Assigns a uuid when the row has none and stamps ``updated_at`` with the transaction time.
        The whole row is written (an upsert on ``uuid``), so the instance must hold all of it.

        Returns:
            The same instance, now with ``uuid`` and ``updated_at`` set.
        """
        self._check_open()
        if not instance.__data__.get("uuid"):
            instance.uuid = self._ids()
        instance.updated_at = self.at
        model = type(instance)
        pk = model._meta.primary_key
        fields = model._meta.sorted_fields
        row = {field: instance.__data__.get(field.name) for field in fields}
        model.insert(row).on_conflict(
            conflict_target=[pk], preserve=[field for field in fields if field is not pk]
        ).execute(self._db)
        self._append_event(instance, "upsert", row_payload(instance))
        return instance

    def save_once(self, instance: SyncedModel) -> bool:
        """Insert a row that never changes unless its uuid is already stored; event only if new.

        For content-addressed rows (a stored procedure snapshot): writing the same one again
        costs one primary-key lookup and adds nothing to the feed.

        Returns:
            Whether the row was new.
        """
        self._check_open()
        if not instance.__data__.get("uuid"):
            raise ValueError("save_once needs the row's uuid")
        instance.updated_at = self.at
        model = type(instance)
        row = {field: instance.__data__.get(field.name) for field in model._meta.sorted_fields}
        model.insert(row).on_conflict_ignore().execute(self._db)
        # peewee's return value does not tell an ignored insert apart; SQLite's changes() does.
        if scalar(self._db, "SELECT changes()") == 0:
            return False
        self._append_event(instance, "upsert", row_payload(instance))
        return True

    def delete(self, instance: SyncedModel) -> None:
        """Delete a row and append its ``delete`` event (the payload carries only the uuid)."""
        self._check_open()
        model = type(instance)
        model.delete().where(model._meta.primary_key == instance.uuid).execute(self._db)
        self._append_event(instance, "delete", {"uuid": instance.uuid})

    def audit(self, actor: str, action: str, detail: dict[str, Any] | None = None) -> AuditLog:
        """Write an audit row (which syncs like any other row) stamped with the transaction time.

        Args:
            actor: who did it (a staff number, or ``system``).
            action: what was done, e.g. ``service.override``.
            detail: JSON-serialisable facts about it.
        """
        return self.save(AuditLog(at=self.at, actor=actor, action=action, detail=detail or {}))


class UnitOfWork:
    """Opens write transactions on the journal; rows and their feed events commit together.

    Example::

        uow = UnitOfWork(db, clock)
        with uow.transaction() as tx:
            tx.save(service)
            tx.audit("T042", "service.finish", {"ticket": "A007"})
    """

    def __init__(self, db: peewee.SqliteDatabase, clock: Clock, ids: IdFactory = new_id) -> None:
        self._db = db
        self._clock = clock
        self._ids = ids

    @property
    def db(self) -> peewee.SqliteDatabase:
        """The journal this unit of work writes to."""
        return self._db

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Run a ``BEGIN IMMEDIATE`` transaction; commit on success, roll back on any exception.

        IMMEDIATE takes the write lock up front, so a writer waits (busy timeout) instead of
        failing at once with "database is locked" when another connection writes. Nested use
        becomes a savepoint of the outer transaction.
        """
        try:
            with self._db.atomic("IMMEDIATE"):
                tx = Transaction(self._db, self._clock.now(), self._ids)
                try:
                    yield tx
                finally:
                    tx._close()
        except peewee.OperationalError as exc:
            # A full disk or a read-only file: say so, not "cannot rollback - no transaction
            # is active" (SQLite may have ended the transaction itself).
            cause = unwritable(exc, Path(self._db.database))
            if cause is not None:
                raise cause from exc
            raise

    def check_writable(self) -> None:
        """Refuse a journal that cannot take one more action (see :func:`db.check_writable`).

        Raises:
            JournalUnwritable: disk full or read-only, with the real cause.
        """
        check_writable(self._db)

    def events_after(self, seq: int, limit: int = 500) -> list[FeedEvent]:
        """Return up to ``limit`` feed events with ``seq`` greater than ``seq``, oldest first."""
        return events_after(self._db, seq, limit)


def events_after(db: peewee.SqliteDatabase, seq: int, limit: int = 500) -> list[FeedEvent]:
    """Read the sync feed in ``seq`` order after a watermark.

    Args:
        db: the journal.
        seq: the last ``seq`` already handled (0 to start from the beginning).
        limit: the most events to return.
    """
    if limit < 1:
        raise ValueError(f"limit must be positive, not {limit}")
    # Plain rows, not model instances: the push reads hundreds of thousands of them.
    rows = execute(
        db,
        "SELECT seq, uuid, entity, entity_id, op, payload, at FROM sync_event "
        "WHERE seq > ? ORDER BY seq LIMIT ?",
        (seq, limit),
    )
    return [
        FeedEvent(
            seq=row[0],
            uuid=row[1],
            entity=row[2],
            entity_id=row[3],
            op=row[4],
            payload=json.loads(row[5]),
            at=from_utc_text(row[6]),
        )
        for row in rows
    ]
