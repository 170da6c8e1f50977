"""A real counter desk over SQLite files, with sample staff and a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from desk_helpers import OTHER_TELLER, SUPERVISOR, TELLER, MakeDesk, open_station

from counterdesk.app.builders import build_desk
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture
def make_desk(tmp_path: Path, clock: FixedClock, catalogue: Catalogue) -> Iterator[MakeDesk]:
    """Build desks over one journal file (building again = a restart of the station)."""
    path = tmp_path / "journal.db"
    opened: list[CounterDesk] = []
    library = ProcedureLibrary.load(RESOURCES / "procedures", catalogue)
    first = open_journal(path, clock)
    staff = StaffDirectory(first, clock)
    staff.add(TELLER[0], "Li Na", Role.TELLER, TELLER[1])
    staff.add(OTHER_TELLER[0], "Zhang Wei", Role.TELLER, OTHER_TELLER[1])
    staff.add(SUPERVISOR[0], "Wang Fang", Role.SUPERVISOR, SUPERVISOR[1])
    first.close()

    def make(
        counter: int = 3, serves: tuple[str, ...] = ("DEP", "WDR", "VIP", "FX"), start: bool = True
    ) -> CounterDesk:
        desk = build_desk(
            open_station(path, clock, catalogue, counter, serves),
            queue=SqliteQueue(path, catalogue, clock, local_zone=UTC),
            library=library,
            rating_timeout=30,
        )
        if start:
            desk.start_up()
        opened.append(desk)
        return desk

    yield make
    for desk in opened:
        desk.queue.close()
        desk.uow.db.close()


@pytest.fixture
def desk(make_desk: MakeDesk) -> CounterDesk:
    """A desk with the teller signed in."""
    built = make_desk()
    built.sign_in(*TELLER)
    return built
