from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from journal_helpers import build_at, snapshot, user_version
from journal_seeds import S1, S2, SEEDERS

from counterdesk.core.clock import FixedClock
from counterdesk.storage import migrations, open_journal, open_sqlite
from counterdesk.storage.maintenance import integrity_check
from counterdesk.storage.migrations import LATEST, MIGRATIONS, Migration, current_version, migrate
from counterdesk.storage.models import ALL_MODELS, Rating, Service, Staff
from counterdesk.storage.sql import execute


def test_versions_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))
    assert all(m.description for m in MIGRATIONS)


def test_every_version_has_seed_rows() -> None:
    # Adding migration N means adding SEEDERS[N], so that the upgrade from N is tested later.
    assert set(SEEDERS) == set(range(1, LATEST + 1))


@pytest.mark.parametrize("version", range(1, LATEST))
def test_upgrade_from_every_earlier_version_keeps_the_data(
    version: int, journal_path: Path, clock: FixedClock
) -> None:
    build_at(journal_path, version, clock)
    before = snapshot(journal_path)
    snapshot_before = snapshot(journal_path)
    # Migration 5 moved each service's procedure snapshot into procedure_snapshot.
    moved = {row["uuid"]: row.pop("sop_snapshot", None) for row in before["service"]}

    db = open_journal(journal_path, clock)
    try:
        assert current_version(db) == LATEST
        if version < 5:
            assert snapshots_by_service(db) == moved
        # Every row reads through today's models (times parse, JSON parses, FKs resolve).
        for model in ALL_MODELS:
            list(model.select())
        switched = Service.get_by_id(S2)
        assert switched.previous_service.uuid == S1
        assert switched.called_at.utcoffset() is not None
        assert Rating.get(Rating.service == S2).reasons == ["slow", "unfriendly"]
        if version < 3:
            # Ratings from before migration 3 do not know their scale; the directory starts empty.
            assert Rating.get(Rating.service == S2).scale_levels is None
            assert Staff.select().count() == 0
    finally:
        db.close()

    after = snapshot(journal_path)
    if version < 5:
        # The feed gains one event per stored snapshot, after every event it held.
        added = after["sync_event"][len(before["sync_event"]) :]
        assert [(e["entity"], e["entity_id"]) for e in added] == [
            ("procedure_snapshot", row["uuid"]) for row in after["procedure_snapshot"]
        ]
        after["sync_event"] = after["sync_event"][: len(before["sync_event"])]
        del after["sqlite_sequence"], before["sqlite_sequence"]  # the feed's counter moved on
    for table, rows in before.items():
        kept = [{column: row[column] for column in rows[0]} for row in after[table]] if rows else []
        assert kept == rows, table
    assert not integrity_check(journal_path)

    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    copy = journal_path.parent / "backups" / f"journal.v{version}.{stamp}.db"
    assert copy.is_file()
    assert user_version(copy) == version
    assert not integrity_check(copy)
    assert snapshot(copy) == snapshot_before


def snapshots_by_service(db: peewee.SqliteDatabase) -> dict[str, str | None]:
    """Each service's procedure snapshot text, as stored (read through its reference)."""
    rows = execute(
        db,
        "SELECT service.uuid, procedure_snapshot.snapshot FROM service "
        "LEFT JOIN procedure_snapshot ON procedure_snapshot.uuid = service.procedure_snapshot_id",
    )
    return {uuid: text for uuid, text in rows}


def test_version_3_seed_rows_read_through_the_models(journal_path: Path, clock: FixedClock) -> None:
    build_at(journal_path, 3, clock)
    db = open_journal(journal_path, clock)
    try:
        assert Rating.get(Rating.service == S2).scale_levels == 5
        teller = Staff.get_by_id("T042")
        assert (teller.role, teller.stars, teller.active, teller.failed_attempts) == (
            "teller",
            4.5,
            True,
            2,
        )
        locked_until = Staff.get_by_id("S007").locked_until
        assert locked_until is not None
        assert locked_until.utcoffset() is not None
    finally:
        db.close()


def test_latest_seed_rows_read_through_the_models(journal_path: Path, clock: FixedClock) -> None:
    build_at(journal_path, LATEST, clock)
    db = open_journal(journal_path, clock)
    try:
        for model in ALL_MODELS:
            assert list(model.select())
        assert not (journal_path.parent / "backups").exists()  # nothing to upgrade, no backup
    finally:
        db.close()


def test_models_match_the_schema_the_migrations_build(db: peewee.SqliteDatabase) -> None:
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {row[1] for row in execute(db, f"PRAGMA table_info({table})")}
        assert columns == {field.column_name for field in model._meta.sorted_fields}, table


def test_new_file_starts_at_latest_without_backup(journal_path: Path, clock: FixedClock) -> None:
    journal_path.parent.mkdir(parents=True)
    db = open_sqlite(journal_path)
    report = migrate(db, journal_path, clock)
    db.close()
    assert (report.from_version, report.to_version, report.backup) == (0, LATEST, None)


def test_up_to_date_journal_is_left_alone(journal_path: Path, clock: FixedClock) -> None:
    open_journal(journal_path, clock).close()
    db = open_sqlite(journal_path)
    report = migrate(db, journal_path, clock)
    db.close()
    assert (report.from_version, report.to_version, report.backup) == (LATEST, LATEST, None)


def test_a_failing_migration_rolls_back_entirely(
    journal_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(db: peewee.SqliteDatabase) -> None:
        execute(db, "CREATE TABLE half_done (x INTEGER)")
        execute(db, "ALTER TABLE service ADD COLUMN half_column TEXT")
        raise RuntimeError("disk pulled out mid-migration")

    open_journal(journal_path, clock).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, Migration(LATEST + 1, "x", broken)))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    db = open_sqlite(journal_path)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        migrations.migrate(db, journal_path, clock, target=LATEST + 1)
    assert current_version(db) == LATEST
    assert "half_done" not in db.get_tables()
    assert "half_column" not in {c.name for c in db.get_columns("service")}
    db.close()
    # The backup was still taken before the attempt.
    assert len(list((journal_path.parent / "backups").glob(f"journal.v{LATEST}.*.db"))) == 1


def test_backups_of_the_same_second_do_not_collide(journal_path: Path, clock: FixedClock) -> None:
    journal_path.parent.mkdir(parents=True)
    first = migrations.backup_path(journal_path, 1, clock)
    first.parent.mkdir()
    first.write_bytes(b"")
    second = migrations.backup_path(journal_path, 1, clock)
    assert second != first
    assert second.parent == journal_path.parent / "backups"
    assert second.name.startswith("journal.v1.20261130T090000Z")


def test_unknown_target_is_refused(
    db: peewee.SqliteDatabase, journal_path: Path, clock: FixedClock
) -> None:
    with pytest.raises(ValueError, match="unknown schema version"):
        migrate(db, journal_path, clock, target=LATEST + 1)
