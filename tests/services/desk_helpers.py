"""Sample staff and values shared by the desk tests, and the station the shared builder needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import Clock, FixedClock
from counterdesk.services.desk import CounterDesk
from counterdesk.services.state import DeskState, RatingView, ServiceView
from counterdesk.storage import models as m
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


def serve_deposit(
    desk: CounterDesk,
    clock: FixedClock,
    amount: str = "80,000.00",
    source_of_funds: str | None = "salary",
) -> None:
    """Call a deposit and serve it up to the supervisor's step.

    The source of funds is recorded when the amount makes it required (50,000.00 and over),
    unless ``source_of_funds`` is None.
    """
    desk.queue.issue("DEP")
    clock.advance(300)
    desk.call_next()
    clock.advance(20)
    desk.start()
    clock.advance(45)
    desk.check_step("identity", VALID_ID)
    clock.advance(30)
    desk.check_step("deposit_slip")
    clock.advance(90)
    desk.check_step("count_cash", amount)
    view = serving(desk.state())
    required = {v.step.id for v in view.steps if v.is_required and v.record is None}
    if source_of_funds is not None and "source_of_funds" in required:
        desk.check_step("source_of_funds", source_of_funds)


def serving(state: DeskState) -> ServiceView:
    """The service at the counter; fails the test when nobody is being served."""
    assert state.current is not None, "no customer at the counter"
    return state.current


def rating_prompt(state: DeskState) -> RatingView:
    """The rating the customer is asked for; fails the test when there is none."""
    assert state.rating is not None, "no rating prompt on the customer screen"
    return state.rating


def audit_actions() -> list[str]:
    """The journal's audit actions, oldest first."""
    return [row.action for row in m.AuditLog.select().order_by(m.AuditLog.at)]
