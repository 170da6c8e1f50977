"""Peewee models of the journal at the latest schema version, bound to the ``journal`` proxy.

Times are stored as fixed-width UTC ISO-8601 text (``2026-05-09T07:35:25.000000Z``) and read back as
aware UTC datetimes. Rows that sync have a UUID text primary key ``uuid`` and ``updated_at``. The
schema itself is owned by ``migrations``; these classes must match what the last migration builds.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import peewee

from counterdesk.storage.db import journal
from counterdesk.storage.fields import JsonField, UtcDateTimeField, to_json_text

#: Namespace of the name-based ids of stored procedure snapshots (the same as migration 5's).
SNAPSHOT_NAMESPACE = uuid.UUID("6f1c0a52-8d3e-4b57-9a41-3c2f7e9b1d05")


def snapshot_text(snapshot: Mapping[str, Any]) -> str:
    """The stored text of a procedure snapshot (compact, key-sorted JSON)."""
    return to_json_text(dict(snapshot))


def snapshot_uuid(text: str) -> str:
    """The id of a stored procedure snapshot: a UUID named by its text, equal on every terminal."""
    return str(uuid.uuid5(SNAPSHOT_NAMESPACE, text))


class JournalModel(peewee.Model):
    """Base of every journal table."""

    class Meta:
        """Peewee options: bound to the journal proxy; ``StepRecord`` becomes ``step_record``."""

        database = journal
        legacy_table_names = False


class SyncedModel(JournalModel):
    """A row that is pushed to head office: UUID primary key and last-change time."""

    uuid = peewee.TextField(primary_key=True)
    updated_at = UtcDateTimeField()


class StaffSession(SyncedModel):
    """A teller signed in at a counter."""

    staff_no = peewee.TextField()
    counter = peewee.TextField()
    signed_in_at = UtcDateTimeField()
    signed_out_at = UtcDateTimeField(null=True)


class Pause(SyncedModel):
    """A break a teller took during a session."""

    session = peewee.ForeignKeyField(StaffSession, backref="pauses", column_name="session_id")
    reason = peewee.TextField()
    started_at = UtcDateTimeField()
    ended_at = UtcDateTimeField(null=True)


class ProcedureSnapshot(SyncedModel):
    """A procedure version as services started with it, stored once (migration 5).

    The id is :func:`snapshot_uuid` of the snapshot's text, so a version is one row however many
    services use it; rows are never changed or deleted.
    """

    business_type = peewee.TextField()
    version = peewee.IntegerField()
    snapshot = JsonField()


class Service(SyncedModel):
    """One transaction with a customer at the counter, from call to finish."""

    ticket_id = peewee.TextField()
    ticket_label = peewee.TextField()
    business_type = peewee.TextField()
    counter = peewee.TextField()
    staff_no = peewee.TextField()
    procedure_type = peewee.TextField()
    procedure_version = peewee.IntegerField()
    called_at = UtcDateTimeField()
    started_at = UtcDateTimeField(null=True)
    finished_at = UtcDateTimeField(null=True)
    state = peewee.TextField(default="open")
    finish_reason = peewee.TextField(null=True)
    override_by = peewee.TextField(null=True)
    # Set when the teller switched business type mid-service: the service this one replaced.
    previous_service: Any = peewee.ForeignKeyField(
        "self", null=True, backref="next_services", column_name="previous_service_id"
    )
    # The procedure version the service started with, stored once (migration 5; before, the
    # text itself was in the row); NULL for rows older than migration 2.
    procedure_snapshot: Any = peewee.ForeignKeyField(
        ProcedureSnapshot, null=True, backref="services", column_name="procedure_snapshot_id"
    )


class StepRecord(SyncedModel):
    """A procedure step the teller checked during a service."""

    service = peewee.ForeignKeyField(Service, backref="steps", column_name="service_id")
    step_id = peewee.TextField()
    checked_at = UtcDateTimeField()
    seconds_open = peewee.FloatField()
    value = peewee.TextField(null=True)
    authoriser = peewee.TextField(null=True)
    checked_by = peewee.TextField()


class Rating(SyncedModel):
    """The customer's rating of a service; at most one per service."""

    service = peewee.ForeignKeyField(
        Service, backref="ratings", column_name="service_id", unique=True
    )
    outcome = peewee.TextField()
    score = peewee.IntegerField(null=True)
    reasons = JsonField(default=list)
    cause = peewee.TextField(null=True)
    prompted_at = UtcDateTimeField()
    answered_at = UtcDateTimeField(null=True)
    # The number of levels of the scale ``score`` is on (migration 3); NULL for older rows.
    scale_levels = peewee.IntegerField(null=True)


class AuditLog(SyncedModel):
    """Who did what, when (sign-ins, overrides, configuration changes)."""

    at = UtcDateTimeField()
    actor = peewee.TextField()
    action = peewee.TextField()
    detail = JsonField(default=dict)


class SyncEvent(JournalModel):
    """One entry of the append-only outbox that the nightly sync pushes, in ``seq`` order."""

    seq = peewee.AutoField()
    uuid = peewee.TextField(unique=True)
    entity = peewee.TextField()
    entity_id = peewee.TextField()
    op = peewee.TextField()
    payload = peewee.TextField()
    at = UtcDateTimeField()


class ReferenceItem(JournalModel):
    """A cached piece of head-office reference data (business type, procedure, staff, reason)."""

    id = peewee.AutoField()
    kind = peewee.TextField()
    key = peewee.TextField()
    version = peewee.IntegerField()
    payload = JsonField()
    pulled_at = UtcDateTimeField()


class Staff(JournalModel):
    """A member of staff who may sign in here, with this terminal's lock-out counters.

    Reference data (later pulled from head office), so it does not sync: no uuid, no feed events.
    ``updated_at`` is when the directory entry (name, role, PIN...) last changed; the lock-out
    counters do not touch it.
    """

    staff_no = peewee.TextField(primary_key=True)
    name = peewee.TextField()
    role = peewee.TextField()
    pin_hash = peewee.TextField()
    stars = peewee.FloatField(default=0.0)
    photo = peewee.TextField(null=True)
    active = peewee.BooleanField(default=True)
    failed_attempts = peewee.IntegerField(default=0)
    locked_until = UtcDateTimeField(null=True)
    updated_at = UtcDateTimeField()


class SyncState(JournalModel):
    """A key/value note of the sync (last pull version, last run and its result)."""

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()


class PendingQueueAction(JournalModel):
    """A queue change made while the queue server was unreachable, applied when it is back."""

    uuid = peewee.TextField(primary_key=True)
    ticket_id = peewee.TextField()
    action = peewee.TextField()
    counter = peewee.IntegerField()
    at = UtcDateTimeField()
    applied_at = UtcDateTimeField(null=True)
    outcome = peewee.TextField(null=True)

    class Meta:
        table_name = "pending_queue_action"


SYNCED_MODELS: tuple[type[SyncedModel], ...] = (
    StaffSession,
    Pause,
    ProcedureSnapshot,
    Service,
    StepRecord,
    Rating,
    AuditLog,
)
ALL_MODELS: tuple[type[JournalModel], ...] = (
    *SYNCED_MODELS,
    SyncEvent,
    ReferenceItem,
    SyncState,
    Staff,
    PendingQueueAction,
)
