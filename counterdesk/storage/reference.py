"""The journal's cache of head office's reference data, and applying a pulled release to it.

A release pulled from head office (already validated by the sync layer) lands in one SQLite
transaction: the cache rows (``reference_item``), the staff directory (``staff``) and the
version applied (``sync_state`` key :data:`APPLIED_KEY`). A kill at any instant leaves the
journal with the whole old reference set or the whole new one.

Cache kinds and keys: ``business_type`` by code, ``procedure`` by ``CODE@VERSION`` (every
version HQ published is kept, so retiring the newest falls back to the one before),
``rating_reason`` by code, ``lobby_notice`` by scope (``''`` = all branches), ``staff_entry``
by staff number (which staff rows came from HQ), ``star_level`` by staff number (the teller's
newest published month and level: what ``staff.stars``, shown on the customer screen, is set
from, also for a member whose directory entry arrives later), ``teller_month`` by staff number
(head office's month-to-date rating figures of the branch's tellers, as of the last sync,
written by :func:`store_teller_months` outside any release; figures only from 10 ratings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import peewee

from counterdesk.core.clock import Clock
from counterdesk.core.star_figures import MIN_RATINGS_SHOWN, OwnMonth, own_month
from counterdesk.storage.models import ReferenceItem, Staff, SyncState

#: The ``sync_state`` key holding the HQ reference release this journal last applied.
APPLIED_KEY = "ref_version_applied"

KIND_BUSINESS_TYPE = "business_type"
KIND_PROCEDURE = "procedure"
KIND_RATING_REASON = "rating_reason"
KIND_LOBBY_NOTICE = "lobby_notice"
#: A staff member head office handed out (key: staff number; the entry itself is the ``staff``
#: row): what lets a later pull switch off a member HQ no longer shows this branch.
KIND_STAFF_ENTRY = "staff_entry"
#: A teller's published star level: ``{"month": "YYYY-MM", "stars": 1-5 or None}``.
KIND_STAR_LEVEL = "star_level"
#: A teller's month so far: ``{"month", "as_of", "rated", "mean", "satisfied"}``.
KIND_TELLER_MONTH = "teller_month"


@dataclass(frozen=True)
class CachedItem:
    """One reference item to keep in the cache.

    Attributes:
        kind: one of the ``KIND_*`` values.
        key: its key within the kind.
        version: the procedure's version, else the HQ release that last changed it.
        payload: what HQ holds of it (JSON-able); ``retired`` true when HQ withdrew it.
    """

    kind: str
    key: str
    version: int
    payload: dict[str, Any]


@dataclass(frozen=True)
class DirectoryEntry:
    """A staff directory entry from head office (PIN hash checked, photo already stored).

    Attributes:
        photo: the photo's path relative to the data dir, or None.
    """

    staff_no: str
    name: str
    role: str
    pin_hash: str
    stars: float
    photo: str | None
    active: bool


def applied_version(db: peewee.SqliteDatabase) -> int:
    """The HQ reference release this journal last applied (0: none yet)."""
    row = SyncState.select().where(SyncState.key == APPLIED_KEY).bind(db).get_or_none()
    return int(row.value) if row is not None else 0


def cached_items(db: peewee.SqliteDatabase, kind: str) -> list[CachedItem]:
    """Every cached item of a kind, in key order."""
    rows = ReferenceItem.select().where(ReferenceItem.kind == kind).order_by(ReferenceItem.key)
    return [CachedItem(r.kind, r.key, r.version, dict(r.payload)) for r in rows.bind(db)]


def pulled_procedures(db: peewee.SqliteDatabase) -> dict[str, tuple[int, str]]:
    """The newest procedure version HQ handed out per business type: ``(version, TOML)``."""
    newest: dict[str, tuple[int, str]] = {}
    for item in cached_items(db, KIND_PROCEDURE):
        if item.payload.get("retired"):
            continue
        code = str(item.payload["business_type"])
        if code not in newest or item.version > newest[code][0]:
            newest[code] = (item.version, str(item.payload["toml"]))
    return newest


def pulled_business_types(db: peewee.SqliteDatabase) -> list[tuple[str, Any, bool]]:
    """Head office's business types: ``(code, entry, retired)`` in code order."""
    return [
        (item.key, item.payload.get("entry"), bool(item.payload.get("retired")))
        for item in cached_items(db, KIND_BUSINESS_TYPE)
    ]


def apply_release(
    db: peewee.SqliteDatabase,
    clock: Clock,
    version: int,
    items: Sequence[CachedItem],
    staff: Sequence[DirectoryEntry],
    departed: Sequence[str] = (),
) -> bool:
    """Apply one validated release in one transaction; False when the journal has it already.

    A staff entry keeps this terminal's lock-out counters; a PIN hash that changed lifts them
    (as a new PIN set here does). ``departed``: staff numbers HQ no longer lists for this
    branch (moved elsewhere): their rows are kept (their past services name them) but made
    inactive, so they cannot sign in here.
    """
    now = clock.now()
    with db.atomic("IMMEDIATE"):
        if applied_version(db) >= version:
            return False
        for item in items:
            ReferenceItem.insert(
                kind=item.kind,
                key=item.key,
                version=item.version,
                payload=item.payload,
                pulled_at=now,
            ).on_conflict(
                conflict_target=[ReferenceItem.kind, ReferenceItem.key],
                update={
                    ReferenceItem.version: item.version,
                    ReferenceItem.payload: item.payload,
                    ReferenceItem.pulled_at: now,
                },
            ).execute(db)
        for entry in staff:
            row = Staff.select().where(Staff.staff_no == entry.staff_no).bind(db).get_or_none()
            # Not ``entry.stars``: a member's stars are their published level (below).
            values: dict[Any, Any] = {
                Staff.name: entry.name,
                Staff.role: entry.role,
                Staff.pin_hash: entry.pin_hash,
                Staff.photo: entry.photo,
                Staff.active: entry.active,
                Staff.updated_at: now,
            }
            if row is None:
                Staff.insert({Staff.staff_no: entry.staff_no, **values}).execute(db)
                continue
            if row.pin_hash != entry.pin_hash:
                values.update({Staff.failed_attempts: 0, Staff.locked_until: None})
            Staff.update(values).where(Staff.staff_no == entry.staff_no).execute(db)
        # Every member's stars are their published level, or none: this also clears the
        # hand-typed stars an older release carried, for members with no level published yet.
        levels = {
            level.key: float(level.payload.get("stars") or 0)
            for level in cached_items(db, KIND_STAR_LEVEL)
        }
        for member in Staff.select(Staff.staff_no, Staff.stars).bind(db):
            stars = levels.get(member.staff_no, 0.0)
            if member.stars != stars:
                Staff.update({Staff.stars: stars, Staff.updated_at: now}).where(
                    Staff.staff_no == member.staff_no
                ).execute(db)
        if departed:
            Staff.update({Staff.active: False, Staff.updated_at: now}).where(
                Staff.staff_no.in_(list(departed))
            ).execute(db)
            ReferenceItem.delete().where(
                (ReferenceItem.kind == KIND_STAFF_ENTRY) & ReferenceItem.key.in_(list(departed))
            ).execute(db)
        SyncState.insert(key=APPLIED_KEY, value=str(version)).on_conflict(
            conflict_target=[SyncState.key], update={SyncState.value: str(version)}
        ).execute(db)
    return True


def store_teller_months(
    db: peewee.SqliteDatabase,
    clock: Clock,
    month: str,
    as_of: str,
    figures: Sequence[tuple[str, int, float | None, int]],
) -> None:
    """Replace the tellers' month-to-date figures: ``(staff_no, rated, mean, satisfied)``.

    Below :data:`MIN_RATINGS_SHOWN` ratings only the count is kept: the journal never holds
    a figure the teller may not see.
    """
    now = clock.now()
    with db.atomic("IMMEDIATE"):
        ReferenceItem.delete().where(ReferenceItem.kind == KIND_TELLER_MONTH).execute(db)
        for staff_no, rated, mean, satisfied in figures:
            enough = rated >= MIN_RATINGS_SHOWN
            payload = {"month": month, "as_of": as_of, "rated": rated,
                       "mean": mean if enough else None,
                       "satisfied": satisfied if enough else None}  # fmt: skip
            ReferenceItem.insert(kind=KIND_TELLER_MONTH, key=staff_no, version=0,
                                 payload=payload, pulled_at=now).execute(db)  # fmt: skip


def _item(db: peewee.SqliteDatabase, kind: str, key: str) -> dict[str, Any] | None:
    row = (
        ReferenceItem.select()
        .where((ReferenceItem.kind == kind) & (ReferenceItem.key == key))
        .bind(db)
        .get_or_none()
    )
    return None if row is None else dict(row.payload)


class ReferenceCache:
    """The reference cache of one journal, as the services read it (no rows leave storage).

    Args:
        db: the open journal.
    """

    def __init__(self, db: peewee.SqliteDatabase) -> None:
        self._db = db

    def applied_version(self) -> int:
        """The HQ reference release this journal last applied (0: none yet)."""
        return applied_version(self._db)

    def pulled_procedures(self) -> dict[str, tuple[int, str]]:
        """The newest pulled procedure per business type: ``(version, TOML)``."""
        return pulled_procedures(self._db)

    def pulled_business_types(self) -> list[tuple[str, Any, bool]]:
        """Head office's business types: ``(code, entry as a JSON object, retired)``."""
        return pulled_business_types(self._db)

    def rating_reasons(self) -> list[tuple[str, dict[str, str], int]]:
        """Head office's rating reasons in force: ``(code, texts by language, sort_order)``.

        In offer order (sort order, then code); retired ones left out.
        """
        found = [
            (item.key, dict(item.payload.get("texts") or {}), int(item.payload["sort_order"]))
            for item in cached_items(self._db, KIND_RATING_REASON)
            if not item.payload.get("retired")
        ]
        return sorted(found, key=lambda reason: (reason[2], reason[0]))

    def own_month(self, staff_no: str) -> OwnMonth:
        """What a teller may see of their own month (:class:`OwnMonth`), as of the last sync."""
        level = _item(self._db, KIND_STAR_LEVEL, staff_no) or {}
        stars = level.get("stars")
        month = _item(self._db, KIND_TELLER_MONTH, staff_no)
        if month is None:
            return OwnMonth(stars=stars, stars_month=str(level.get("month", "")))
        return own_month(
            str(month["month"]), str(month["as_of"]), int(month["rated"]), month.get("mean"),
            int(month.get("satisfied") or 0), stars, str(level.get("month", "")),
        )  # fmt: skip

    def lobby_notices(self) -> dict[str, dict[str, str]]:
        """Head office's lobby notices by scope (a branch code, or ``''`` for every branch)."""
        return {
            item.key: dict(item.payload.get("texts") or {})
            for item in cached_items(self._db, KIND_LOBBY_NOTICE)
        }
