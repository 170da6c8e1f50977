"""The terminal side of the sync: identity, the outbox in batches, HQ's watermark, retention."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import uuid
from datetime import timedelta
from pathlib import Path
from typing import cast

import peewee
import pytest
from journal_helpers import raw

from counterdesk.core.clock import FixedClock
from counterdesk.storage import UnitOfWork, open_journal
from counterdesk.storage.models import (
    AuditLog,
    Pause,
    Rating,
    Service,
    StaffSession,
    StepRecord,
)
from counterdesk.storage.sql import execute
from counterdesk.storage.sync_outbox import (
    HqBehindJournal,
    JournalBehindHq,
    JournalHistoryDiffers,
    SyncJournal,
    WatermarkError,
)

SYNCED = ("staff_session", "pause", "service", "step_record", "rating", "audit_log")


@pytest.fixture
def uow(db: peewee.SqliteDatabase, clock: FixedClock) -> UnitOfWork:
    return UnitOfWork(db, clock)


@pytest.fixture
def sync(db: peewee.SqliteDatabase) -> SyncJournal:
    return SyncJournal(db)


def serve(
    uow: UnitOfWork,
    *,
    steps: int = 3,
    rated: bool = True,
    finished: bool = True,
    previous: str | None = None,
) -> set[str]:
    """A service as a counter writes it (call, steps, finish, rating); the uuids of its rows."""
    at = uow._clock.now()
    with uow.transaction() as tx:
        service = tx.save(
            Service(
                ticket_id=f"t-{at.isoformat()}",
                ticket_label="A001",
                business_type="A",
                counter="3",
                staff_no="T042",
                procedure_type="deposit",
                procedure_version=1,
                called_at=at,
                previous_service=previous,
            )
        )
    ids = {service.uuid}
    with uow.transaction() as tx:
        for n in range(steps):
            ids.add(
                tx.save(
                    StepRecord(
                        service=service.uuid,
                        step_id=f"s{n}",
                        checked_at=at,
                        seconds_open=1.0,
                        checked_by="T042",
                    )
                ).uuid
            )
    if finished:
        with uow.transaction() as tx:
            service.state = "finished"
            service.finished_at = at
            tx.save(service)
            if rated:
                ids.add(
                    tx.save(
                        Rating(service=service.uuid, outcome="rated", score=5, prompted_at=at)
                    ).uuid
                )
    return ids


def session(uow: UnitOfWork, *, pauses: int = 1, signed_out: bool = True) -> set[str]:
    """A teller's session with its pauses; the uuids of its rows."""
    at = uow._clock.now()
    with uow.transaction() as tx:
        row = tx.save(StaffSession(staff_no="T042", counter="3", signed_in_at=at))
        ids = {row.uuid}
        for _ in range(pauses):
            ids.add(
                tx.save(Pause(session=row.uuid, reason="lunch", started_at=at, ended_at=at)).uuid
            )
        if signed_out:
            row.signed_out_at = at
            tx.save(row)
    return ids


def audit(uow: UnitOfWork) -> set[str]:
    with uow.transaction() as tx:
        return {tx.audit("T042", "sign_in").uuid}


def journal_rows(db: peewee.SqliteDatabase) -> set[str]:
    """The uuid of every synced row in the journal."""
    return {str(row[0]) for table in SYNCED for row in execute(db, f"SELECT uuid FROM {table}")}


def events(db: peewee.SqliteDatabase) -> dict[int, tuple[str, str]]:
    """Every outbox event: seq to (event uuid, row uuid)."""
    return {
        int(seq): (str(event), str(entity))
        for seq, event, entity in execute(db, "SELECT seq, uuid, entity_id FROM sync_event")
    }


def days(n: int) -> float:
    return timedelta(days=n).total_seconds()


# -- identity ----------------------------------------------------------------------------------


def test_the_terminal_id_is_made_once_and_kept_in_the_journal_across_reopening(
    journal_path: Path, clock: FixedClock
) -> None:
    db = open_journal(journal_path, clock)
    made = SyncJournal(db).terminal_id()
    assert uuid.UUID(made).version == 4
    assert SyncJournal(db).terminal_id() == made
    db.close()

    again = open_journal(journal_path, clock)
    try:
        assert SyncJournal(again).terminal_id() == made
        rows = list(execute(again, "SELECT value FROM sync_state WHERE key = 'terminal_id'"))
        assert rows == [(made,)]
    finally:
        again.close()


def test_a_copied_journal_claims_the_same_id_and_its_history_gives_it_away(
    journal_path: Path, clock: FixedClock
) -> None:
    db = open_journal(journal_path, clock)
    original = SyncJournal(db)
    uow = UnitOfWork(db, clock)
    terminal = original.terminal_id()
    for _ in range(3):
        serve(uow)
    db.close()
    copy_path = journal_path.with_name("clone.db")
    shutil.copy(journal_path, copy_path)

    db = open_journal(journal_path, clock)
    clone_db = open_journal(copy_path, clock)
    try:
        original, clone = SyncJournal(db), SyncJournal(clone_db)
        # The clone claims the same id and starts with the same history...
        assert clone.terminal_id() == terminal
        assert clone.first_event_uuid() == original.first_event_uuid() is not None
        # ...then both go on working; the original pushes first.
        serve(UnitOfWork(db, clock))
        serve(UnitOfWork(clone_db, clock), steps=6)
        hq_seq = original.last_seq()
        hq_event = original.event_uuid_at(hq_seq)
        original.check_hq_watermark(hq_seq, hq_event, original.first_event_uuid())

        with pytest.raises(JournalHistoryDiffers) as caught:
            clone.check_hq_watermark(hq_seq, hq_event, original.first_event_uuid())
        assert f"another history for terminal {terminal}" in str(caught.value)
        assert f"event {hq_seq} differs" in str(caught.value)
        assert caught.value.template.startswith("head office holds another history")
    finally:
        db.close()
        clone_db.close()


def test_a_new_journal_with_another_first_event_is_caught_by_the_first_event(
    sync: SyncJournal, uow: UnitOfWork
) -> None:
    serve(uow)
    with pytest.raises(JournalHistoryDiffers, match="event 1 differs"):
        sync.check_hq_watermark(0, None, hq_first_event_uuid=str(uuid.uuid4()))


# -- the outbox in batches ---------------------------------------------------------------------


def test_batches_come_in_seq_order_with_no_gap_and_no_repeat(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    for n in range(40):
        serve(uow, steps=n % 5, rated=n % 2 == 0)
        session(uow)
        audit(uow)
        clock.advance(60)
    last = sync.last_seq()
    assert last == len(events(uow.db)) > 300

    seen = []
    watermark = 0
    while batch := sync.read_after(watermark, limit=37):
        assert len(batch) <= 37
        seen.extend(batch)
        watermark = batch[-1].seq
    assert [event.seq for event in seen] == list(range(1, last + 1))
    assert len({event.uuid for event in seen}) == last
    assert {event.seq: (event.uuid, event.entity_id) for event in seen} == events(uow.db)
    assert {event.entity for event in seen} == set(SYNCED)
    first = seen[0]
    assert first.op == "upsert"
    assert isinstance(first.payload, dict)
    assert first.payload["uuid"] == first.entity_id
    assert first.at.tzinfo is not None
    assert sync.pending_count() == last
    sync.confirm(100)
    assert sync.pending_count() == last - 100


def test_reading_a_batch_searches_the_seq_index_not_the_whole_outbox(
    sync: SyncJournal, uow: UnitOfWork
) -> None:
    for _ in range(5):
        serve(uow)
    statements: list[str] = []
    connection = _connection(uow.db)
    connection.set_trace_callback(statements.append)
    try:
        sync.read_after(3, limit=10)
    finally:
        connection.set_trace_callback(None)
    [query] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    plan = " / ".join(str(row[3]) for row in execute(uow.db, f"EXPLAIN QUERY PLAN {query}"))
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in plan, plan
    assert "SCAN" not in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_last_seq_is_zero_for_an_empty_outbox(sync: SyncJournal) -> None:
    assert sync.last_seq() == 0
    assert sync.read_after(0) == []
    assert sync.first_event_uuid() is None
    assert sync.event_uuid_at(1) is None


# -- head office's watermark -------------------------------------------------------------------


def test_the_confirmed_watermark_only_moves_forward_and_never_past_the_last_event(
    journal_path: Path, db: peewee.SqliteDatabase, sync: SyncJournal, uow: UnitOfWork
) -> None:
    for _ in range(3):
        serve(uow)
    last = sync.last_seq()
    assert sync.confirmed_seq() == 0
    sync.confirm(5)
    sync.confirm(5)  # a re-run confirming the same watermark changes nothing
    assert sync.confirmed_seq() == 5

    with pytest.raises(WatermarkError) as back:
        sync.confirm(4)
    assert "confirmed event 4" in str(back.value)
    assert "already confirmed event 5" in str(back.value)
    with pytest.raises(WatermarkError, match=f"which ends at event {last}"):
        sync.confirm(last + 1)
    assert sync.confirmed_seq() == 5

    sync.confirm(last)
    db.close()
    reopened = open_journal(journal_path, uow._clock)
    try:
        assert SyncJournal(reopened).confirmed_seq() == last
    finally:
        reopened.close()


def test_a_journal_restored_from_an_older_backup_is_reported_not_skipped(
    journal_path: Path, clock: FixedClock
) -> None:
    db = open_journal(journal_path, clock)
    uow = UnitOfWork(db, clock)
    serve(uow)
    db.close()
    backup = journal_path.with_name("backup.db")
    shutil.copy(journal_path, backup)
    db = open_journal(journal_path, clock)
    serve(UnitOfWork(db, clock), steps=8)
    sync = SyncJournal(db)
    # Head office got everything; then the PC's disk is replaced by last week's backup.
    hq_seq, hq_event = sync.last_seq(), sync.event_uuid_at(sync.last_seq())
    sync.confirm(hq_seq)
    db.close()
    shutil.copy(backup, journal_path)

    db = open_journal(journal_path, clock)
    try:
        restored = SyncJournal(db)
        assert restored.last_seq() < hq_seq
        with pytest.raises(JournalBehindHq) as caught:
            restored.check_hq_watermark(hq_seq, hq_event)
        message = str(caught.value)
        assert f"ends at event {restored.last_seq()}" in message
        assert f"up to {hq_seq}" in message
        assert "restored from an older backup; nothing was sent" in message
        # The terminal keeps working; once its seq passes head office's, the history tells.
        serve(UnitOfWork(db, clock), steps=10)
        assert restored.last_seq() > hq_seq
        with pytest.raises(JournalHistoryDiffers):
            restored.check_hq_watermark(hq_seq, hq_event)
    finally:
        db.close()


def test_head_office_behind_the_confirmed_watermark_is_fine_until_events_are_pruned(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    serve(uow)
    serve(uow)
    first_half = sync.last_seq()
    confirmed = first_half + 2
    clock.advance(days(100))
    serve(uow)
    sync.confirm(confirmed)
    hq_event = sync.event_uuid_at(2)
    # Head office lost its last night (restored itself): the events are still here to re-send.
    sync.check_hq_watermark(2, hq_event)
    sync.check_hq_watermark(0, None)

    sync.prune(90, clock)
    assert sync.read_after(0)[0].seq > 2
    with pytest.raises(HqBehindJournal, match=f"confirmed event {confirmed}"):
        sync.check_hq_watermark(2, hq_event)
    # At the confirmed watermark itself the fingerprint outlives the pruned event.
    sync.check_hq_watermark(confirmed, sync.event_uuid_at(confirmed))
    assert sync.event_uuid_at(confirmed) is not None


# -- retention ---------------------------------------------------------------------------------


def test_prune_removes_exactly_the_confirmed_old_rows_and_writes_no_event(
    db: peewee.SqliteDatabase, sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    # Day 0: rows that will be old and confirmed...
    goes = serve(uow) | serve(uow, steps=0, rated=False) | session(uow, pauses=2) | audit(uow)
    replaced = serve(uow, steps=1)
    goes |= replaced | serve(uow, previous=_service_of(db, replaced))  # both old: both go
    reopened = serve(uow, steps=2)
    step = sorted(reopened & _steps(db))[0]
    with uow.transaction() as tx:  # the teller reopened a step: its row is gone, its events stay
        tx.delete(StepRecord(uuid=step))
    goes |= reopened - {step}
    # ...and old confirmed rows that must stay.
    stays = serve(uow, finished=False) | session(uow, signed_out=False)  # still open
    kept_parent = serve(uow)  # replaced by a service of today, which stays
    unrated = serve(uow, rated=False)  # its rating comes after head office's watermark
    late_step = serve(uow)  # one of its steps changed again on day 95
    stays |= kept_parent | unrated | late_step

    clock.advance(days(95))  # recent rows, confirmed too
    recent = serve(uow) | session(uow) | audit(uow)
    recent |= serve(uow, previous=_service_of(db, kept_parent))
    with uow.transaction() as tx:
        tx.save(StepRecord.get_by_id(sorted(late_step & _steps(db))[0]))
    sync.confirm(sync.last_seq())

    clock.advance(-days(94))  # day 1 again: old rows written after the watermark
    with uow.transaction() as tx:
        rating = Rating(service=_service_of(db, unrated), outcome="rated", score=3,
                        prompted_at=clock.now())  # fmt: skip
        stays.add(tx.save(rating).uuid)
    unconfirmed = audit(uow)
    clock.advance(days(99))  # day 100: the cut-off of 90 days is day 10

    before_rows, before_events, last = journal_rows(db), events(db), sync.last_seq()
    assert goes | stays | recent | unconfirmed == before_rows

    report = sync.prune(90, clock)

    assert journal_rows(db) == before_rows - goes
    after_events = events(db)
    # Only deletions: no event written; every event of a pruned row (or gone step) went too.
    assert set(after_events.items()) <= set(before_events.items())
    assert {row for _, row in after_events.values()} == (
        {row for _, row in before_events.values()} - goes - {step}
    )
    assert sync.last_seq() == last
    assert report.rows == len(goes)
    assert report.deleted["sync_event"] == len(before_events) - len(after_events)
    assert (report.deleted["service"], report.deleted["staff_session"]) == (5, 1)
    assert (report.deleted["pause"], report.deleted["audit_log"]) == (2, 1)
    assert report.confirmed_seq == sync.confirmed_seq()
    assert sync.prune(90, clock).rows == 0  # a second run finds nothing more


def _service_of(db: peewee.SqliteDatabase, rows: set[str]) -> str:
    [service] = rows & _services(db)
    return service


def _connection(db: peewee.SqliteDatabase) -> sqlite3.Connection:
    return cast(sqlite3.Connection, db.connection())  # type: ignore[no-untyped-call]


def _services(db: peewee.SqliteDatabase) -> set[str]:
    return {str(r[0]) for r in execute(db, "SELECT uuid FROM service")}


def _steps(db: peewee.SqliteDatabase) -> set[str]:
    return {str(r[0]) for r in execute(db, "SELECT uuid FROM step_record")}


def _ratings(db: peewee.SqliteDatabase) -> set[str]:
    return {str(r[0]) for r in execute(db, "SELECT uuid FROM rating")}


def test_nothing_is_pruned_before_head_office_confirmed_anything(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    serve(uow)
    audit(uow)
    clock.advance(days(400))
    before = journal_rows(uow.db)
    report = sync.prune(90, clock)
    assert (report.rows, report.transactions) == (0, 0)
    assert journal_rows(uow.db) == before


def test_prune_works_in_small_transactions_that_let_another_writer_in_between(
    journal_path: Path, sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    for _ in range(40):
        serve(uow, steps=4)  # 6 rows a service
    sync.confirm(sync.last_seq())
    clock.advance(days(91))
    other = raw(journal_path)
    other.execute("PRAGMA busy_timeout = 0")  # another connection that never waits
    remaining = [len(journal_rows(uow.db))]
    writes = iter(range(1000))

    def between() -> None:
        remaining.append(len(journal_rows(uow.db)))
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, 'x')", (f"probe-{next(writes)}",)
        )
        other.execute("COMMIT")

    try:
        report = sync.prune(90, clock, batch_rows=30, between_batches=between)
    finally:
        other.close()
    assert report.rows == 240
    assert report.transactions == 8  # five whole services a transaction
    assert [a - b for a, b in itertools.pairwise(remaining)] == [30] * 8
    assert remaining[-1] == 0


def test_a_service_bigger_than_a_batch_still_goes_whole_in_one_transaction(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    serve(uow)
    serve(uow)
    sync.confirm(sync.last_seq())
    clock.advance(days(91))
    left: list[set[str]] = []
    report = sync.prune(
        90, clock, batch_rows=1, between_batches=lambda: left.append(_steps(uow.db))
    )
    assert report.deleted["service"] == 2
    assert report.transactions == 2
    assert len(left[0]) == 3  # the first service went with its three steps, the second stayed whole
    assert left[1] == set()


def test_prune_reads_through_indexes_not_whole_tables(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    for _ in range(3):
        serve(uow)
        session(uow)
        audit(uow)
    sync.confirm(sync.last_seq())
    clock.advance(days(91))
    statements: list[str] = []
    connection = _connection(uow.db)
    connection.set_trace_callback(statements.append)
    try:
        sync.prune(90, clock)
    finally:
        connection.set_trace_callback(None)
    plans = []
    for statement in statements:
        if statement.lstrip().upper().startswith(("SELECT", "DELETE")):
            plan = [str(r[3]) for r in execute(uow.db, f"EXPLAIN QUERY PLAN {statement}")]
            plans.append(plan)
            # A full scan is a SCAN without an index; a year of journal must not be read whole.
            scans = [p for p in plan if p.startswith("SCAN") and " USING " not in p]
            assert not scans, (statement, plan)
    assert plans


def test_the_keys_kept_for_the_fingerprint_survive_pruning_everything(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    serve(uow)
    first = sync.first_event_uuid()
    last = sync.last_seq()
    at_last = sync.event_uuid_at(last)
    sync.confirm(last)
    clock.advance(days(91))
    assert sync.prune(90, clock).rows == 5  # the service, 3 steps, the rating
    assert events(uow.db) == {}
    assert (sync.first_event_uuid(), sync.last_seq(), sync.event_uuid_at(last)) == (
        first,
        last,
        at_last,
    )
    sync.check_hq_watermark(last, at_last, first)
    serve(uow)  # seq goes on from where it was
    assert min(events(uow.db)) == last + 1
    assert AuditLog.select().count() == 0


def _payloads(db: peewee.SqliteDatabase) -> dict[int, str]:
    return {int(seq): str(p) for seq, p in execute(db, "SELECT seq, payload FROM sync_event")}


def test_retention_empties_only_the_payloads_of_confirmed_events_older_than_a_day(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    serve(uow)  # confirmed, and two days old by the prune
    old_confirmed = sync.last_seq()
    serve(uow)  # not confirmed yet
    not_confirmed = sync.last_seq()
    sync.confirm(old_confirmed)
    clock.advance(days(2))
    serve(uow)  # today's
    before = _payloads(uow.db)
    assert "{}" not in before.values()

    report = sync.prune(90, clock)

    after = _payloads(uow.db)
    assert set(after) == set(before)  # every event row stays
    assert report.rows == 0
    assert report.lightened == old_confirmed
    assert sync.lightened_seq() == old_confirmed
    assert {s for s, p in after.items() if p == "{}"} == set(range(1, old_confirmed + 1))
    assert {s: p for s, p in after.items() if s > old_confirmed} == {
        s: p for s, p in before.items() if s > old_confirmed
    }

    # Head office confirms everything: the two-day-old events go light, today's stay whole.
    sync.confirm(sync.last_seq())
    again = sync.prune(90, clock)
    after = _payloads(uow.db)
    assert again.lightened == not_confirmed - old_confirmed
    assert sync.lightened_seq() == not_confirmed
    assert {s for s, p in after.items() if p == "{}"} == set(range(1, not_confirmed + 1))
    assert {s: p for s, p in after.items() if s > not_confirmed} == {
        s: p for s, p in before.items() if s > not_confirmed
    }
    # A re-run changes nothing.
    assert sync.prune(90, clock).lightened == 0
    assert _payloads(uow.db) == after


def test_lightening_takes_small_transactions_over_only_the_new_range(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    for _ in range(5):
        serve(uow)  # 6 events a service
    sync.confirm(sync.last_seq())
    clock.advance(days(2))
    marks: list[int] = []
    first = sync.prune(90, clock, batch_rows=7, between_batches=lambda: marks.append(
        sync.lightened_seq()))  # fmt: skip
    assert first.lightened == 30
    assert first.transactions == 5
    assert marks == [7, 14, 21, 28, 30]

    serve(uow)
    sync.confirm(sync.last_seq())
    clock.advance(days(2))
    statements: list[str] = []
    connection = _connection(uow.db)
    connection.set_trace_callback(statements.append)
    try:
        second = sync.prune(90, clock, batch_rows=7)
    finally:
        connection.set_trace_callback(None)
    assert (second.lightened, second.transactions) == (6, 1)
    updates = [s for s in statements if s.lstrip().startswith("UPDATE sync_event")]
    assert updates == [
        "UPDATE sync_event SET payload = '{}' WHERE seq > 30 AND seq <= 36 AND payload <> '{}'"
    ]


def test_head_office_behind_the_lightened_events_is_refused(
    sync: SyncJournal, uow: UnitOfWork, clock: FixedClock
) -> None:
    serve(uow)
    middle = sync.last_seq()
    serve(uow)
    confirmed = sync.last_seq()
    sync.confirm(confirmed)
    clock.advance(days(2))
    sync.prune(90, clock)
    assert sync.lightened_seq() == confirmed
    # Their payloads are gone: head office behind them cannot be sent them again.
    with pytest.raises(HqBehindJournal, match=f"confirmed event {confirmed}"):
        sync.check_hq_watermark(middle, sync.event_uuid_at(middle))
    with pytest.raises(HqBehindJournal):
        sync.check_hq_watermark(0, None)
    sync.check_hq_watermark(confirmed, sync.event_uuid_at(confirmed))
