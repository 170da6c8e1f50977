"""Sample staff and values shared by the desk tests, and the station the shared builder needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock
from counterdesk.services.desk import CounterDesk
from counterdesk.storage.db import open_journal

TELLER, OTHER_TELLER, SUPERVISOR = ("1001", "1234"), ("1002", "5678"), ("2001", "2468")
VALID_ID = "11010519491231002X"

MakeDesk = Callable[..., CounterDesk]


def open_station(
    journal_path: Path,
    clock: Clock,
    catalogue: Catalogue,
    counter: int = 3,
    serves: tuple[str, ...] = (),
) -> Station:
    """A station over a journal file, for ``counterdesk.app.builders.build_desk``."""
    config = Config(
        data_dir=journal_path.parent,
        journal_path=Path(journal_path.name),
        counter_number=counter,
        branch_name="Test branch",
        serves=serves,
    )
    return Station(
        config=config, clock=clock, journal=open_journal(journal_path, clock), catalogue=catalogue
    )
