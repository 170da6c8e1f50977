"""Realistic journal rows as each schema version stored them, written with raw SQL.

``SEEDERS[k]`` fills a journal at version k using only what version k has. When you add migration
k+1, add ``SEEDERS[k+1]`` (the guard test insists), so the upgrade tests cover every version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

S1 = "00000000-0000-4000-8000-000000000001"
S2 = "00000000-0000-4000-8000-000000000002"
SESSION = "00000000-0000-4000-8000-0000000000a1"
PAUSE = "00000000-0000-4000-8000-0000000000b1"
T0 = "2026-11-30T09:00:00.000000Z"
T1 = "2026-11-30T09:03:12.250000Z"
T2 = "2026-11-30T09:07:45.000000Z"


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> None:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))


def seed_v1(conn: sqlite3.Connection) -> None:
    """A teller's morning: sign-in, a pause, a service switched to another type, steps, a rating."""
    _insert(
        conn,
        "staff_session",
        {
            "uuid": SESSION,
            "updated_at": T0,
            "staff_no": "T042",
            "counter": "3",
            "signed_in_at": T0,
            "signed_out_at": None,
        },
    )
    _insert(
        conn,
        "pause",
        {
            "uuid": PAUSE,
            "updated_at": T2,
            "session_id": SESSION,
            "reason": "cash delivery",
            "started_at": T1,
            "ended_at": T2,
        },
    )
    service = {
        "updated_at": T1,
        "ticket_id": "2026-11-30/A/7",
        "ticket_label": "A007",
        "business_type": "A",
        "counter": "3",
        "staff_no": "T042",
        "procedure_type": "deposit",
        "procedure_version": 3,
        "called_at": T0,
        "started_at": T0,
    }
    _insert(
        conn,
        "service",
        {
            **service,
            "uuid": S1,
            "finished_at": T1,
            "state": "abandoned",
            "finish_reason": "switched to foreign exchange",
            "override_by": None,
            "previous_service_id": None,
        },
    )
    _insert(
        conn,
        "service",
        {
            **service,
            "uuid": S2,
            "business_type": "F",
            "procedure_type": "fx",
            "procedure_version": 1,
            "started_at": T1,
            "finished_at": T2,
            "state": "finished",
            "finish_reason": "mandatory step skipped: ID copy",
            "override_by": "S007",
            "previous_service_id": S1,
        },
    )
    for n, (step, value, authoriser) in enumerate(
        [("check-id", None, None), ("amount", "1250000", "S007"), ("sign", "张伟", None)]
    ):
        _insert(
            conn,
            "step_record",
            {
                "uuid": f"00000000-0000-4000-8000-0000000000c{n}",
                "updated_at": T2,
                "service_id": S2,
                "step_id": step,
                "checked_at": T2,
                "seconds_open": 12.5 * (n + 1),
                "value": value,
                "authoriser": authoriser,
                "checked_by": "T042",
            },
        )
    _insert(
        conn,
        "rating",
        {
            "uuid": "00000000-0000-4000-8000-0000000000d1",
            "updated_at": T2,
            "service_id": S2,
            "outcome": "answered",
            "score": 2,
            "reasons": '["slow","unfriendly"]',
            "cause": "queue",
            "prompted_at": T2,
            "answered_at": T2,
        },
    )
    _insert(
        conn,
        "audit_log",
        {
            "uuid": "00000000-0000-4000-8000-0000000000e1",
            "updated_at": T2,
            "at": T2,
            "actor": "S007",
            "action": "service.override",
            "detail": '{"ticket":"A007"}',
        },
    )
    for n, (entity, entity_id) in enumerate([("staff_session", SESSION), ("service", S1)]):
        _insert(
            conn,
            "sync_event",
            {
                "uuid": f"00000000-0000-4000-8000-0000000000f{n}",
                "entity": entity,
                "entity_id": entity_id,
                "op": "upsert",
                "payload": '{"uuid":"' + entity_id + '"}',
                "at": T2,
            },
        )


#: The procedure snapshot service S2 started with, as the journal stores it.
FX_SNAPSHOT = '{"type":"fx","version":1,"steps":["check-id","amount","sign"]}'
#: Its id in ``procedure_snapshot`` (version 5 on): uuid5 of the text in the journal's namespace.
FX_SNAPSHOT_ID = "91a6737f-9b5c-51bf-a66e-31359a9f248a"


def seed_v2(conn: sqlite3.Connection) -> None:
    """Version 1 rows, plus cached reference data and a service carrying its procedure snapshot."""
    seed_v1(conn)
    conn.execute("UPDATE service SET sop_snapshot = ? WHERE uuid = ?", (FX_SNAPSHOT, S2))
    _reference_rows(conn)


def _reference_rows(conn: sqlite3.Connection) -> None:
    _insert(
        conn,
        "reference_item",
        {
            "kind": "procedure",
            "key": "fx",
            "version": 1,
            "payload": '{"version":1}',
            "pulled_at": T0,
        },
    )
    _insert(conn, "sync_state", {"key": "reference_version", "value": "17"})


# hash_pin("2468", salt=b"journal-seed-042") and hash_pin("1357", salt=b"journal-seed-007").
PIN_HASH_T042 = (
    "scrypt$16384$8$1$am91cm5hbC1zZWVkLTA0Mg==$b9DeoXhLiZZNrzTT2IOZ2oDahTvihd+vjSoq7hg+pmw="
)
PIN_HASH_S007 = (
    "scrypt$16384$8$1$am91cm5hbC1zZWVkLTAwNw==$gYBghGlmSGIjYWsxikPcEYLQ7ThFtob2RPbI0WFnO6k="
)


def seed_v3(conn: sqlite3.Connection) -> None:
    """Version 2 rows, plus a staff directory (a teller part-way to a lock) and a rating scale."""
    seed_v2(conn)
    _staff_rows(conn)


def _staff_rows(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE rating SET scale_levels = 5 WHERE service_id = ?", (S2,))
    _insert(
        conn,
        "staff",
        {
            "staff_no": "T042",
            "name": "张伟",
            "role": "teller",
            "pin_hash": PIN_HASH_T042,
            "stars": 4.5,
            "photo": "photos/T042.jpg",
            "active": 1,
            "failed_attempts": 2,
            "locked_until": None,
            "updated_at": T0,
        },
    )
    _insert(
        conn,
        "staff",
        {
            "staff_no": "S007",
            "name": "Li Na",
            "role": "supervisor",
            "pin_hash": PIN_HASH_S007,
            "stars": 0,
            "photo": None,
            "active": 1,
            "failed_attempts": 0,
            "locked_until": T2,
            "updated_at": T0,
        },
    )


def seed_v4(conn: sqlite3.Connection) -> None:
    """Version 3 rows, plus a finish made while the queue server was unreachable."""
    seed_v3(conn)
    _pending_rows(conn)


def _pending_rows(conn: sqlite3.Connection) -> None:
    _insert(
        conn,
        "pending_queue_action",
        {
            "uuid": "7d1c1e0a-0000-4000-8000-000000000004",
            "ticket_id": "ticket-A007",
            "action": "finish",
            "counter": 3,
            "at": T0,
            "applied_at": None,
            "outcome": None,
        },
    )


def seed_v5(conn: sqlite3.Connection) -> None:
    """Version 4's rows with S2's procedure snapshot stored once and referenced, and its event."""
    seed_v1(conn)
    _insert(
        conn,
        "procedure_snapshot",
        {
            "uuid": FX_SNAPSHOT_ID,
            "updated_at": T1,
            "business_type": "fx",
            "version": 1,
            "snapshot": FX_SNAPSHOT,
        },
    )
    conn.execute(
        "UPDATE service SET procedure_snapshot_id = ? WHERE uuid = ?", (FX_SNAPSHOT_ID, S2)
    )
    _insert(
        conn,
        "sync_event",
        {
            "uuid": "00000000-0000-4000-8000-0000000000f5",
            "entity": "procedure_snapshot",
            "entity_id": FX_SNAPSHOT_ID,
            "op": "upsert",
            "payload": '{"uuid":"' + FX_SNAPSHOT_ID + '"}',
            "at": T2,
        },
    )
    _reference_rows(conn)
    _staff_rows(conn)
    _pending_rows(conn)


def seed_v6(conn: sqlite3.Connection) -> None:
    """Version 5 rows, plus this terminal's id and head office's confirmed watermark."""
    seed_v5(conn)
    terminal = "5e1f0000-0000-4000-8000-00000000a001"
    _insert(conn, "sync_state", {"key": "terminal_id", "value": terminal})
    _insert(conn, "sync_state", {"key": "confirmed_seq", "value": "1"})


def seed_v7(conn: sqlite3.Connection) -> None:
    """Version 6 rows (7 changed values only: ID and mobile numbers stored masked)."""
    seed_v6(conn)


SEEDERS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: seed_v1,
    2: seed_v2,
    3: seed_v3,
    4: seed_v4,
    5: seed_v5,
    6: seed_v6,
    7: seed_v7,
}
