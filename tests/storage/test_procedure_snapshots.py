"""Each procedure version's text is stored once, and the upgrade moves old snapshots there."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import peewee
from journal_helpers import build_at, raw

from counterdesk.core.clock import FixedClock
from counterdesk.storage import open_journal
from counterdesk.storage.counter_journal import CounterJournal, ServiceRecord
from counterdesk.storage.fields import to_json_text
from counterdesk.storage.unit_of_work import UnitOfWork

# A procedure text of realistic size (~2.5 KB) with a line no other row can contain.
MARKER = "marker-of-the-deposit-procedure-v4"
TOML = f"# {MARKER}\nversion = 4\n" + "".join(
    f'[[steps]]\nid = "step{n}"\ntext.en = "Check item {n} of the deposit"\n'
    f'text.zh = "核对第{n}项"\nmandatory = true\n'
    for n in range(30)
)
DEPOSIT_V4 = {"business_type": "DEP", "version": 4, "source": "dep.toml", "toml": TOML}
DEPOSIT_V5 = {**DEPOSIT_V4, "version": 5, "toml": TOML.replace("version = 4", "version = 5")}


def cells_holding(path: Path, text: str) -> dict[str, int]:
    """How many cells of each table hold ``text`` (as is, or escaped inside JSON)."""
    escaped = json.dumps(text, ensure_ascii=False)[1:-1]
    conn = raw(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found: dict[str, int] = {}
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                hits = sum(
                    1 for cell in row if isinstance(cell, str) and (text in cell or escaped in cell)
                )
                if hits:
                    found[table] = found.get(table, 0) + hits
        return found
    finally:
        conn.close()


def serve(journal: CounterJournal, clock: FixedClock, n: int, snapshot: dict[str, object]) -> str:
    """One service as the counter writes it: opened, started, finished (three saves)."""
    with journal.transaction() as tx:
        record = tx.save_service(
            ServiceRecord(
                ticket_id=f"t-{n}", ticket_label=f"A{n:03d}", business_type="DEP", counter="3",
                staff_no="1001", procedure_type="DEP",
                procedure_version=int(str(snapshot["version"])), called_at=clock.now(),
                sop_snapshot=snapshot,
            )
        )  # fmt: skip
    clock.advance(20)
    record.started_at = clock.now()
    with journal.transaction() as tx:
        tx.save_service(record)
    clock.advance(200)
    record.state, record.finished_at = "finished", clock.now()
    with journal.transaction() as tx:
        tx.save_service(record)
    return record.uuid


def test_services_of_one_procedure_version_store_its_text_once(
    db: peewee.SqliteDatabase, journal_path: Path, clock: FixedClock
) -> None:
    journal = CounterJournal(UnitOfWork(db, clock))
    morning = clock.now()
    ids = [serve(journal, clock, n, DEPOSIT_V4) for n in range(20)]

    # Once as the stored version and once in the sync feed that pushes it, for 20 services
    # saved three times each (before: 20 rows + 60 events carried the whole text).
    assert cells_holding(journal_path, MARKER) == {"procedure_snapshot": 1, "sync_event": 1}
    finished = journal.finished_by("1001", morning)
    assert sorted(s.uuid for s in finished) == sorted(ids)
    assert all(s.sop_snapshot == DEPOSIT_V4 for s in finished)

    # A new version of the procedure is a second stored text; the old services keep theirs.
    later = serve(journal, clock, 20, DEPOSIT_V5)
    assert cells_holding(journal_path, MARKER) == {"procedure_snapshot": 2, "sync_event": 2}
    by_id = {s.uuid: s for s in journal.finished_by("1001", morning)}
    assert by_id[later].sop_snapshot == DEPOSIT_V5
    assert by_id[ids[0]].sop_snapshot == DEPOSIT_V4


def _v4_service(conn: sqlite3.Connection, uuid: str, snapshot: str | None, seq: int) -> None:
    """A service as version 4 wrote it: the snapshot in the row and in each of its events."""
    row = {
        "uuid": uuid, "updated_at": "2026-11-30T09:00:00.000000Z", "ticket_id": f"t-{uuid}",
        "ticket_label": "A001", "business_type": "DEP", "counter": "3", "staff_no": "1001",
        "procedure_type": "DEP", "procedure_version": 4,
        "called_at": "2026-11-30T09:00:00.000000Z", "started_at": None, "finished_at": None,
        "state": "open", "finish_reason": None, "override_by": None, "previous_service_id": None,
        "sop_snapshot": snapshot,
    }  # fmt: skip
    conn.execute(
        f"INSERT INTO service ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )
    for n in range(2):  # opened, then started: two upserts, each with the whole row
        conn.execute(
            "INSERT INTO sync_event (uuid, entity, entity_id, op, payload, at) "
            "VALUES (?, 'service', ?, 'upsert', ?, ?)",
            (f"e-{seq}-{n}", uuid, to_json_text(row), "2026-11-30T09:00:00.000000Z"),
        )


def test_the_upgrade_moves_every_snapshot_into_the_new_table_losing_nothing(
    journal_path: Path, clock: FixedClock
) -> None:
    build_at(journal_path, 4, clock)
    v4, v5 = to_json_text(DEPOSIT_V4), to_json_text(DEPOSIT_V5)
    texts = {"s-1": v4, "s-2": v4, "s-3": v5, "s-4": None}
    conn = raw(journal_path)
    for seq, (uuid, text) in enumerate(texts.items()):
        _v4_service(conn, uuid, text, seq)
    conn.close()
    assert cells_holding(journal_path, MARKER) == {"service": 3, "sync_event": 6}

    db = open_journal(journal_path, clock)
    try:
        journal = CounterJournal(UnitOfWork(db, clock))
        read_back = {s.uuid: s.sop_snapshot for s in journal.open_services(3)}
        assert {k: v for k, v in read_back.items() if k.startswith("s-")} == {
            uuid: None if text is None else json.loads(text) for uuid, text in texts.items()
        }
        stored = dict(
            db.execute_sql(  # type: ignore[no-untyped-call]
                "SELECT service.uuid, procedure_snapshot.snapshot FROM service "
                "JOIN procedure_snapshot ON procedure_snapshot.uuid = service.procedure_snapshot_id"
            ).fetchall()
        )
        assert {uuid: text for uuid, text in stored.items() if uuid.startswith("s-")} == {
            uuid: text for uuid, text in texts.items() if text is not None
        }  # the exact text, byte for byte
        events = [e for e in journal.uow.events_after(0, 1000) if e.entity_id.startswith("s-")]
        assert len(events) == 8
        for event in events:
            assert "sop_snapshot" not in event.payload
            expected = texts[event.entity_id]
            ref = event.payload["procedure_snapshot_id"]
            assert (ref is None) == (expected is None)
            if ref is not None:
                assert stored[event.entity_id] == expected
                assert (
                    ref
                    == db.execute_sql(  # type: ignore[no-untyped-call]
                        "SELECT procedure_snapshot_id FROM service WHERE uuid = ?",
                        (event.entity_id,),
                    ).fetchone()[0]
                )
    finally:
        db.close()
    # Two versions, each once as a row and once as the feed event that pushes it.
    assert cells_holding(journal_path, MARKER) == {"procedure_snapshot": 2, "sync_event": 2}
    backups = list((journal_path.parent / "backups").glob("journal.v4.*.db"))
    assert len(backups) == 1
    assert cells_holding(backups[0], MARKER) == {"service": 3, "sync_event": 6}
