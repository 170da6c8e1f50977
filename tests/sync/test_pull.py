"""Reference data from HQ to a terminal: publish, pull, refuse what is invalid, never apply half.

Every test runs against a throwaway HQ database on the real PostgreSQL server, with branch roles
of its own; the terminal pulls as its branch's login role (trust auth here, so the password the
pull sends is not checked), into a real journal file.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from hq_helpers import RoleNames, query

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.staff import Role, SignInError, hash_pin
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.storage.db import open_journal
from counterdesk.storage.reference import ReferenceCache, applied_version
from counterdesk.storage.staff import StaffDirectory
from counterdesk.sync.hq import add_branch, init_hq
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION
from counterdesk.sync.publish import STAFF_COLUMNS, PublishRefused, publish_reference
from counterdesk.sync.pull import MAX_PHOTO_BYTES, PullReport, pull_reference

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DEP = (ROOT / "resources" / "procedures" / "dep.toml").read_text(encoding="utf-8")
ENV = {"COUNTERDESK_HQ_PASSWORD": "branch-password"}
TELLER_PIN = "4321"


#: The version of the shipped deposit procedure; HQ publishes the next ones.
SHIPPED_DEP_VERSION = 2


def dep_version(version: int, title: str = "Cash deposit") -> str:
    """The shipped deposit procedure as version ``version`` with another English title."""
    shipped = f"\nversion = {SHIPPED_DEP_VERSION}\n"
    assert shipped in SHIPPED_DEP, "the shipped dep.toml changed version: update the tests"
    return SHIPPED_DEP.replace(shipped, f"\nversion = {version}\n").replace(
        'title_en = "Cash deposit"', f'title_en = "{title}"'
    )


@dataclass(frozen=True)
class Hq:
    """A throwaway HQ with two branches."""

    url: str
    a: str
    b: str


@pytest.fixture
def hq(hq_url: str, roles: RoleNames) -> Hq:
    """An HQ database with branches A and B registered."""
    init_hq(hq_url, roles.owner)
    a, b = roles.code("A"), roles.code("B")
    add_branch(hq_url, a, "branch-password", "Branch A")
    add_branch(hq_url, b, "branch-password", "Branch B")
    return Hq(hq_url, a, b)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def staff_csv(folder: Path, rows: list[tuple[str, ...]]) -> Path:
    lines = [",".join(STAFF_COLUMNS), *(",".join(row) for row in rows)]
    return write(folder, "staff.csv", "\n".join(lines) + "\n")


def pull(journal: Any, hq: Hq, clock: FixedClock, catalogue: Catalogue) -> PullReport:
    return pull_reference(journal, hq.url, hq.a, clock, known_types=catalogue.codes, environ=ENV)


def journal_reference(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the pull may change in a journal, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return {
            "items": conn.execute(
                "SELECT kind, key, version, payload FROM reference_item ORDER BY kind, key"
            ).fetchall(),
            "staff": conn.execute(
                "SELECT staff_no, name, role, pin_hash, stars, photo, active FROM staff "
                "ORDER BY staff_no"
            ).fetchall(),
            "state": conn.execute("SELECT key, value FROM sync_state ORDER BY key").fetchall(),
        }
    finally:
        conn.close()


def test_publish_then_pull_gives_the_terminal_the_new_reference_set(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    pin_hash = hash_pin(TELLER_PIN)
    files = [
        write(tmp_path, "dep3.toml", dep_version(3, "Cash deposit (2027 rules)")),
        staff_csv(
            tmp_path,
            [
                ("1001", "Li Na", "teller", pin_hash, "true", "4.5", hq.a),
                ("0001", "Roaming Zhou", "supervisor", pin_hash, "true", "0", ""),
                ("3001", "Of B", "teller", pin_hash, "true", "3", hq.b),
            ],
        ),
    ]
    published = publish_reference(hq.url, files, catalogue.codes, "December")
    assert (published.procedures, published.staff) == (1, 3)
    journal = open_journal(tmp_path / "journal.db", clock)
    # Stars typed by hand before levels were published (an older release, or a local add):
    # the pull clears them, since no level of this member is published.
    StaffDirectory(journal, clock).add("1001", "Li Na", Role.TELLER, TELLER_PIN, stars=4.5)
    StaffDirectory(journal, clock).add("9001", "Local Only", Role.TELLER, TELLER_PIN, stars=3)

    report = pull(journal, hq, clock, catalogue)

    assert not report.refused, report.problems
    assert report.applied == published.version == applied_version(journal)
    assert StaffDirectory(journal, clock).get("9001").stars == 0.0
    # Row-level security shows branch A its own staff and those of all branches only.
    assert report.counts["staff"] == 2
    assert report.counts["procedure"] == 1
    assert ReferenceCache(journal).pulled_procedures()["DEP"][0] == 3
    staff = StaffDirectory(journal, clock)
    assert {m.staff_no for m in staff.all()} == {"1001", "0001", "9001"}
    # The CSV's hand-typed stars are ignored, with a warning naming the command that replaces
    # them: a teller's stars are a published monthly level (test_stars_cli.py).
    assert staff.verify("1001", TELLER_PIN).stars == 0.0
    assert len(published.warnings) == 1
    assert "2 value(s) given" in published.warnings[0]
    assert "counterdesk report stars --month YYYY-MM --publish" in published.warnings[0]
    assert staff.get("0001").role is Role.SUPERVISOR
    # HQ holds B's teller; only A's terminal does not.
    assert query(hq.url, "SELECT branch_code FROM hq.ref_staff WHERE staff_no = '3001'") == [
        (hq.b,)
    ]


def test_a_second_pull_changes_nothing(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    publish_reference(hq.url, [write(tmp_path, "dep3.toml", dep_version(3))], catalogue.codes)
    path = tmp_path / "journal.db"
    journal = open_journal(path, clock)
    first = pull(journal, hq, clock, catalogue)
    before = journal_reference(path)
    clock.advance(3600)

    second = pull(journal, hq, clock, catalogue)

    assert first.changed
    assert not second.changed
    assert not second.refused
    assert second.applied == first.applied
    assert journal_reference(path) == before
    # Publishing the same files again is not a new release either.
    again = publish_reference(
        hq.url, [write(tmp_path, "dep3.toml", dep_version(3))], catalogue.codes
    )
    assert again.version is None


def test_an_invalid_procedure_from_hq_is_refused_and_the_terminal_keeps_its_version(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    publish_reference(hq.url, [write(tmp_path, "dep3.toml", dep_version(3))], catalogue.codes)
    path = tmp_path / "journal.db"
    journal = open_journal(path, clock)
    good = pull(journal, hq, clock, catalogue)
    before = journal_reference(path)
    # A broken HQ tool writes straight into the tables, bypassing hq publish's checks.
    broken = dep_version(4).replace('on_incomplete = "block"', 'on_incomplete = "sometimes"')
    (release,) = query(hq.url, "INSERT INTO hq.ref_release DEFAULT VALUES RETURNING version")[0]
    query(
        hq.url,
        "INSERT INTO hq.ref_procedure (business_type, version, source, ref_version) "
        "VALUES ('DEP', 4, %s, %s)",
        (broken, release),
    )
    query(
        hq.url,
        "INSERT INTO hq.ref_staff (staff_no, name, role, pin_hash, ref_version) "
        "VALUES ('1009', 'New Teller', 'teller', 'plain-1234', %s)",
        (release,),
    )

    refused = pull(journal, hq, clock, catalogue)

    assert refused.refused
    assert refused.applied == good.applied
    assert refused.offered == release
    lines = [str(problem) for problem in refused.problems]
    assert any("procedure DEP@4" in line and "'block' or 'warn'" in line for line in lines), lines
    assert any("staff 1009" in line and "malformed PIN hash" in line for line in lines), lines
    assert journal_reference(path) == before
    library = build_desk_library(journal, catalogue)
    assert library.get("DEP").version == 3

    # HQ withdraws the broken version: the next pull applies the rest and keeps version 3.
    (fix,) = query(hq.url, "INSERT INTO hq.ref_release DEFAULT VALUES RETURNING version")[0]
    query(
        hq.url,
        "UPDATE hq.ref_procedure SET retired = true, ref_version = %s WHERE version = 4",
        (fix,),
    )
    query(hq.url, "DELETE FROM hq.ref_staff WHERE staff_no = '1009'")
    fixed = pull(journal, hq, clock, catalogue)
    assert not fixed.refused
    assert fixed.applied == fix
    assert library.get("DEP").version == 3


def build_desk_library(journal: Any, catalogue: Catalogue) -> Any:
    from counterdesk.resources import resource
    from counterdesk.services.library import ProcedureLibrary

    return ProcedureLibrary.read_when_used(
        resource("procedures"), catalogue, ReferenceCache(journal)
    )


def make_desk(path: Path, clock: FixedClock, catalogue: Catalogue, counter: int) -> CounterDesk:
    """The program's desk over a journal (its default library: shipped files + pulled ones)."""
    config = Config(
        data_dir=path.parent,
        journal_path=Path(path.name),
        counter_number=counter,
        branch_name="Test branch",
        serves=("DEP",),
    )
    station = Station(
        config=config, clock=clock, journal=open_journal(path, clock), catalogue=catalogue
    )
    desk = build_desk(station, queue=SqliteQueue(path, catalogue, clock, local_zone=UTC))
    desk.start_up()
    return desk


def test_the_desk_starts_new_services_with_the_pulled_version_and_keeps_running_ones(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    path = tmp_path / "journal.db"
    setup = open_journal(path, clock)
    staff = StaffDirectory(setup, clock)
    staff.add("1001", "Li Na", Role.TELLER, "1234")
    staff.add("1002", "Zhang Wei", Role.TELLER, "5678")
    setup.close()
    before = make_desk(path, clock, catalogue, 3)
    before.sign_in("1001", "1234")
    before.queue.issue("DEP")
    before.queue.issue("DEP")
    before.call_next()
    running = before.start().current
    assert running is not None
    assert running.procedure.version == 2

    publish_reference(
        hq.url, [write(tmp_path, "dep3.toml", dep_version(3, "Deposit v3"))], catalogue.codes
    )
    assert pull(before.uow.db, hq, clock, catalogue).changed

    after = make_desk(path, clock, catalogue, 4)
    after.sign_in("1002", "5678")
    after.call_next()
    started = after.start().current
    assert started is not None
    assert (started.procedure.version, started.procedure.title_en) == (3, "Deposit v3")
    # The service started before the pull keeps its snapshot, also across a restart.
    still = before.state().current
    assert still is not None
    assert still.procedure.version == 2
    restarted = make_desk(path, clock, catalogue, 3)
    current = restarted.state().current
    assert current is not None
    assert current.procedure.version == 2
    # A new service at the first desk takes the pulled version too (same running library).
    assert before.library.get("DEP").version == 3


_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from counterdesk.core.clock import SystemClock
    from counterdesk.storage.db import open_journal
    from counterdesk.sync.pull import pull_reference

    clock = SystemClock()
    journal = open_journal(Path(sys.argv[1]), clock)
    report = pull_reference(journal, sys.argv[2], sys.argv[3], clock)
    assert report.changed and not report.refused, report
    print("applied", report.applied, flush=True)
    """
)


def test_a_pull_killed_mid_apply_leaves_the_old_or_the_new_reference_set(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    pin_hash = hash_pin(TELLER_PIN)
    first = publish_reference(
        hq.url,
        [
            staff_csv(
                tmp_path,
                [
                    (f"{n:05d}", f"Teller {n}", "teller", pin_hash, "true", "1", hq.a)
                    for n in range(2000)
                ],
            )
        ],
        catalogue.codes,
    )
    old = tmp_path / "old.db"
    journal = open_journal(old, clock)
    pull(journal, hq, clock, catalogue)
    journal.close()
    # The new release changes every entry and the deposit procedure: thousands of rows to apply.
    second = publish_reference(
        hq.url,
        [
            write(tmp_path, "dep3.toml", dep_version(3)),
            staff_csv(
                tmp_path,
                [
                    (f"{n:05d}", f"Teller {n} (moved)", "supervisor", pin_hash, "false", "2", "")
                    for n in range(2000)
                ],
            ),
        ],
        catalogue.codes,
    )
    assert first.version is not None
    assert second.version is not None
    env = {**os.environ, **ENV}
    argv = [sys.executable, "-c", _CHILD]

    def run(path: Path, kill_after: float | None) -> int:
        child = subprocess.Popen(
            [*argv, str(path), hq.url, hq.a],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _, err = child.communicate(timeout=kill_after if kill_after is not None else 120)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.communicate()
            return -signal.SIGKILL
        assert child.returncode == 0, err
        return 0

    clean = tmp_path / "clean.db"
    shutil.copy(old, clean)
    started = time.monotonic()
    run(clean, None)
    took = time.monotonic() - started
    old_set, new_set = journal_reference(old), journal_reference(clean)
    assert old_set != new_set
    assert dict(new_set["state"])["ref_version_applied"] == str(second.version)

    rng = random.Random(20261202)
    outcomes: list[str] = []
    kills = 0
    window = took
    attempt = 0
    # Ten children killed part-way (up to 40 tries): a machine whose load changes cannot make
    # the test vacuous (too few kills) nor fail it for that reason alone.
    while kills < 10 and attempt < 40:
        path = tmp_path / f"killed-{attempt}.db"
        attempt += 1
        shutil.copy(old, path)
        # Killed within the clean run's time, not near its end; a child that finished first
        # ran on a machine quicker than during the clean run: aim earlier from then on.
        if run(path, rng.uniform(0.25 * window, 0.75 * window)) != 0:
            kills += 1
        else:
            window *= 0.7
        found = journal_reference(path)
        assert found in (old_set, new_set), f"attempt {attempt}: half a reference set"
        outcomes.append("new" if found == new_set else "old")
        # Whatever a kill left, the next pull brings the terminal to the new set.
        if found == old_set:
            run(path, None)
        assert journal_reference(path) == new_set
    assert kills >= 10, (kills, outcomes)


def test_publish_refuses_a_changed_text_under_a_published_version_and_writes_nothing(
    hq: Hq, tmp_path: Path, catalogue: Catalogue
) -> None:
    publish_reference(hq.url, [write(tmp_path, "dep3.toml", dep_version(3))], catalogue.codes)
    releases = query(hq.url, "SELECT version FROM hq.ref_release")
    changed = write(tmp_path, "dep3b.toml", dep_version(3, "Another text, same version"))
    roster = staff_csv(
        tmp_path, [("1001", "Li Na", "teller", hash_pin(TELLER_PIN), "true", "1", "NOSUCH")]
    )

    with pytest.raises(PublishRefused) as refused:
        publish_reference(hq.url, [changed, roster], catalogue.codes)

    lines = [str(problem) for problem in refused.value.problems]
    assert any("DEP@3" in line and "raise its version" in line for line in lines), lines
    assert any("branch NOSUCH is not registered" in line for line in lines), lines
    assert query(hq.url, "SELECT version FROM hq.ref_release") == releases
    assert query(hq.url, "SELECT count(*) FROM hq.ref_staff") == [(0,)]


def test_staff_photos_are_stored_and_an_oversized_one_refuses_the_release(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    pin_hash = hash_pin(TELLER_PIN)

    def release_with_photo(staff_no: str, data: bytes) -> None:
        (release,) = query(hq.url, "INSERT INTO hq.ref_release DEFAULT VALUES RETURNING version")[0]
        query(
            hq.url,
            "INSERT INTO hq.ref_staff (staff_no, branch_code, name, role, pin_hash, photo, "
            "ref_version) VALUES (%s, %s, 'Li Na', 'teller', %s, %s, %s)",
            (staff_no, hq.a, pin_hash, data, release),
        )

    release_with_photo("1001", photo)
    journal = open_journal(tmp_path / "journal.db", clock)
    report = pull_reference(journal, hq.url, hq.a, clock, data_dir=tmp_path, environ=ENV)
    assert not report.refused, report.problems
    member = StaffDirectory(journal, clock).get("1001")
    assert member.photo is not None
    assert (tmp_path / member.photo).read_bytes() == photo

    release_with_photo("1002", b"x" * (MAX_PHOTO_BYTES + 1))
    refused = pull_reference(journal, hq.url, hq.a, clock, data_dir=tmp_path, environ=ENV)
    assert refused.refused
    assert "staff 1002" in str(refused.problems[0])
    assert {m.staff_no for m in StaffDirectory(journal, clock).all()} == {"1001"}


def test_a_pull_from_an_hq_of_another_schema_version_changes_nothing(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    publish_reference(hq.url, [write(tmp_path, "dep3.toml", dep_version(3))], catalogue.codes)
    query(hq.url, "UPDATE hq.hq_meta SET version = version + 1 WHERE component = 'hq'")
    path = tmp_path / "journal.db"
    journal = open_journal(path, clock)
    before = journal_reference(path)

    newer, known = HQ_SCHEMA_VERSION + 1, HQ_SCHEMA_VERSION
    with pytest.raises(DomainError, match=f"schema {newer}, this program needs {known}"):
        pull(journal, hq, clock, catalogue)

    assert journal_reference(path) == before


def test_a_sync_pushes_then_pulls_and_push_only_leaves_the_reference_data(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    from counterdesk.storage.sync_outbox import SyncJournal
    from counterdesk.sync.run import run_sync

    published = publish_reference(
        hq.url, [write(tmp_path, "dep3.toml", dep_version(3))], catalogue.codes, "December"
    )
    path = tmp_path / "journal.db"
    open_journal(path, clock).close()

    def sync(*, send: bool = True, fetch: bool = True) -> Any:
        return run_sync(
            path,
            url=hq.url,
            branch_code=hq.a,
            password=ENV["COUNTERDESK_HQ_PASSWORD"],
            clock=clock,
            keep_days=90,
            known_types=catalogue.codes,
            send=send,
            fetch=fetch,
        )

    pushed_only = sync(fetch=False)
    assert pushed_only.pulled is None
    assert pushed_only.push is not None
    journal = open_journal(path, clock)
    assert applied_version(journal) == 0
    journal.close()

    both = sync()
    assert both.ok
    assert both.push is not None
    assert both.pulled is not None
    assert both.pulled.applied == published.version
    journal = open_journal(path, clock)
    try:
        assert applied_version(journal) == published.version
        last = SyncJournal(journal).last_sync()
        assert last is not None
        assert last.ok
        assert f"reference data release {published.version} applied" in last.message
    finally:
        journal.close()

    pulled_only = sync(send=False)
    assert pulled_only.push is None
    assert pulled_only.pulled is not None
    assert not pulled_only.pulled.changed


def test_a_teller_moved_to_another_branch_cannot_sign_in_here_after_the_next_pull(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    pin_hash = hash_pin(TELLER_PIN)
    rows: list[tuple[str, ...]] = [
        ("1001", "Li Na", "teller", pin_hash, "true", "4", hq.a),
        ("1002", "Wang Fang", "teller", pin_hash, "true", "3", hq.a),
    ]
    publish_reference(hq.url, [staff_csv(tmp_path, rows)], catalogue.codes)
    journal = open_journal(tmp_path / "journal.db", clock)
    staff = StaffDirectory(journal, clock)
    # A member added at this terminal, never in HQ's directory, is not HQ's to switch off.
    staff.add("7001", "Local Zhao", Role.TELLER, TELLER_PIN)
    assert not pull(journal, hq, clock, catalogue).refused
    assert staff.verify("1001", TELLER_PIN).name == "Li Na"

    # HQ moves Li Na to branch B: A's role no longer sees her row at all.
    rows[0] = ("1001", "Li Na", "teller", pin_hash, "true", "4", hq.b)
    moved = publish_reference(hq.url, [staff_csv(tmp_path, rows)], catalogue.codes)
    assert moved.staff == 1
    report = pull(journal, hq, clock, catalogue)

    assert not report.refused, report.problems
    assert report.applied == moved.version
    with pytest.raises(SignInError):
        staff.verify("1001", TELLER_PIN)
    assert staff.verify("1002", TELLER_PIN).name == "Wang Fang"
    assert staff.verify("7001", TELLER_PIN).name == "Local Zhao"
    # Her row stays (past services name her), inactive.
    assert journal_reference(tmp_path / "journal.db")["staff"][0][::6] == ("1001", 0)

    # Moved back to A: she arrives again, active.
    rows[0] = ("1001", "Li Na", "teller", pin_hash, "true", "4", hq.a)
    publish_reference(hq.url, [staff_csv(tmp_path, rows)], catalogue.codes)
    assert not pull(journal, hq, clock, catalogue).refused
    assert staff.verify("1001", TELLER_PIN).name == "Li Na"
