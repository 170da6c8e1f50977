"""Migration 7: ID and mobile numbers stored in clear by earlier versions are masked."""

from __future__ import annotations

import json
import sqlite3
import stat
import sys
from pathlib import Path

from journal_helpers import build_at, raw
from journal_seeds import S1, S2, T2

from counterdesk.core.clock import FixedClock
from counterdesk.storage import open_journal
from counterdesk.storage.models import snapshot_text, snapshot_uuid

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
ID, MOBILE = "11010519491231002X", "13812345678"
MASKED_ID, MASKED_MOBILE = "110105********002X", "138****5678"


def _open_snapshot(keep_mobile_full: bool) -> str:
    toml = (RESOURCES / "procedures" / "open.toml").read_text(encoding="utf-8")
    if keep_mobile_full:
        toml = toml.replace(
            "pattern = '1[3-9]\\d{9}'",
            'pattern = \'1[3-9]\\d{9}\'\nkeep = "full"\nkeep_reason = "callback list"',
        )
    return snapshot_text({"business_type": "OPEN", "version": 1, "source": "open.toml",
                          "toml": toml})  # fmt: skip


def _step(conn: sqlite3.Connection, n: int, service: str, step: str, value: str) -> None:
    uuid = f"00000000-0000-4000-8000-00000000070{n}"
    row = {"uuid": uuid, "updated_at": T2, "service_id": service, "step_id": step,
           "checked_at": T2, "seconds_open": 1.0, "value": value, "authoriser": None,
           "checked_by": "T042"}  # fmt: skip
    conn.execute(
        f"INSERT INTO step_record ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )
    conn.execute(
        "INSERT INTO sync_event (uuid, entity, entity_id, op, payload, at) "
        "VALUES (?, 'step_record', ?, 'upsert', ?, ?)",
        (f"00000000-0000-4000-8000-00000000071{n}", uuid, json.dumps(row), T2),
    )


def test_migration_7_masks_old_clear_values_in_steps_and_sync_events(
    journal_path: Path, clock: FixedClock
) -> None:
    build_at(journal_path, 6, clock)
    journal_path.chmod(0o644)  # as versions up to 6 created it
    conn = raw(journal_path)
    snapshot = _open_snapshot(keep_mobile_full=False)
    conn.execute(
        "INSERT INTO procedure_snapshot VALUES (?, ?, 'OPEN', 1, ?)",
        (snapshot_uuid(snapshot), T2, snapshot),
    )
    conn.execute(
        "UPDATE service SET procedure_snapshot_id = ? WHERE uuid = ?", (snapshot_uuid(snapshot), S1)
    )
    _step(conn, 0, S1, "identity", ID)
    _step(conn, 1, S1, "mobile", MOBILE)
    _step(conn, 2, S1, "purpose", "salary")
    # S2's stored procedure is not readable as a template: the value's form decides.
    _step(conn, 3, S2, "check-id", ID.lower())
    conn.close()

    db = open_journal(journal_path, clock)
    db.close()

    conn = raw(journal_path)
    values = dict(conn.execute("SELECT step_id, value FROM step_record WHERE uuid LIKE '%70_'"))
    payloads = [
        json.loads(p)
        for (p,) in conn.execute(
            "SELECT payload FROM sync_event WHERE entity = 'step_record' ORDER BY seq"
        )
    ]
    kept = dict(conn.execute("SELECT step_id, value FROM step_record WHERE uuid LIKE '%c_'"))
    conn.close()
    assert values == {
        "identity": MASKED_ID, "mobile": MASKED_MOBILE, "purpose": "salary", "check-id": MASKED_ID
    }  # fmt: skip
    assert [p["value"] for p in payloads] == [MASKED_ID, MASKED_MOBILE, "salary", MASKED_ID]
    # Values that are not ID or mobile numbers are untouched (the seed's amount and name).
    assert kept == {"check-id": None, "amount": "1250000", "sign": "张伟"}
    backups = list((journal_path.parent / "backups").glob("*.db"))
    assert backups, "migrate() takes a backup first"
    if sys.platform != "win32":
        # The backup holds the old clear values (it is the way back): owner-only.
        assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in backups)


def test_migration_7_keeps_a_value_the_procedure_keeps_in_full(
    journal_path: Path, clock: FixedClock
) -> None:
    build_at(journal_path, 6, clock)
    conn = raw(journal_path)
    snapshot = _open_snapshot(keep_mobile_full=True)
    conn.execute(
        "INSERT INTO procedure_snapshot VALUES (?, ?, 'OPEN', 1, ?)",
        (snapshot_uuid(snapshot), T2, snapshot),
    )
    conn.execute(
        "UPDATE service SET procedure_snapshot_id = ? WHERE uuid = ?", (snapshot_uuid(snapshot), S1)
    )
    _step(conn, 0, S1, "identity", ID)
    _step(conn, 1, S1, "mobile", MOBILE)
    conn.close()
    open_journal(journal_path, clock).close()
    conn = raw(journal_path)
    values = dict(conn.execute("SELECT step_id, value FROM step_record WHERE uuid LIKE '%70_'"))
    conn.close()
    assert values == {"identity": MASKED_ID, "mobile": MOBILE}
