"""Building a desk does nothing; its start-up step recovers; services stay above the rows."""

from __future__ import annotations

import ast
from pathlib import Path

from desk_helpers import SUPERVISOR, TELLER, MakeDesk

from counterdesk.core.clock import FixedClock
from counterdesk.services.desk import CounterDesk
from counterdesk.storage import models as m

SERVICES = Path(__file__).resolve().parents[2] / "counterdesk" / "services"
FORBIDDEN = ("peewee", "playhouse", "psycopg2", "counterdesk.storage.models")


def test_building_a_desk_touches_neither_journal_nor_queue(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.finish("customer left", *SUPERVISOR)  # the rating prompt is open
    queue_before = desk.queue.status()
    events_before = m.SyncEvent.select().count()
    clock.advance(60)

    restarted = make_desk(start=False)
    assert m.SyncEvent.select().count() == events_before, "no journal row written"
    assert restarted.queue.status() == queue_before
    assert restarted.state().teller is None

    restarted.start_up()
    rating = m.Rating.get()
    assert (rating.outcome, rating.cause) == ("no_rating", "timeout")


def test_a_desk_started_late_recovers_the_customer_at_the_counter(
    make_desk: MakeDesk, desk: CounterDesk
) -> None:
    desk.queue.issue("DEP")
    desk.call_next()
    restarted = make_desk(start=False)
    restarted.start_up()
    state = restarted.sign_in(*TELLER)
    assert state.current is not None
    assert state.current.ticket.label == "A001"


def test_services_import_no_rows_and_no_database_driver() -> None:
    offending = []
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                    offending.append(f"{path.relative_to(SERVICES)}: {name}")
    assert offending == []
