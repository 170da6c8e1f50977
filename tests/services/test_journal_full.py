"""A journal that cannot be written refuses the action before the queue changes, with its cause.

The full disk is SQLite's own page limit on the desk's journal connection (``PRAGMA
max_page_count`` set to the pages the file has): the journal cannot grow, exactly as on a full
disk, without privileges or a mount. The queue is a separate file (the branch server's role).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from desk_helpers import SUPERVISOR, TELLER, open_station, serve_deposit

from counterdesk.app.builders import build_desk
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.core.tickets import TicketState
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage import models as m
from counterdesk.storage.errors import JournalUnwritable
from counterdesk.storage.sql import execute

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture
def desk(tmp_path: Path, catalogue: Catalogue, clock: FixedClock) -> Iterator[CounterDesk]:
    built = build_desk(
        open_station(tmp_path / "journal.db", clock, catalogue),
        queue=SqliteQueue(tmp_path / "branch-queue.db", catalogue, clock, local_zone=UTC),
        library=ProcedureLibrary.load(RESOURCES / "procedures", catalogue),
    )
    built.start_up()
    built.staff.add(TELLER[0], "Li Na", Role.TELLER, TELLER[1])
    built.staff.add(SUPERVISOR[0], "Wang Fang", Role.SUPERVISOR, SUPERVISOR[1])
    built.sign_in(*TELLER)
    yield built
    built.queue.close()
    built.uow.db.close()


def fill_the_disk(desk: CounterDesk) -> None:
    pages = execute(desk.uow.db, "PRAGMA page_count").fetchone()[0]
    execute(desk.uow.db, f"PRAGMA max_page_count = {pages}")


def free_the_disk(desk: CounterDesk) -> None:
    execute(desk.uow.db, "PRAGMA max_page_count = 1073741823")


def ready_to_finish(desk: CounterDesk, clock: FixedClock) -> str:
    serve_deposit(desk, clock)
    desk.authorise_step("supervisor", None, *SUPERVISOR)
    desk.check_step("signature")
    desk.check_step("return_documents")
    current = desk.state().current
    assert current is not None
    return current.ticket.id


def test_a_full_journal_refuses_the_finish_before_the_queue_and_recovers_without_restart(
    desk: CounterDesk, clock: FixedClock
) -> None:
    ticket_id = ready_to_finish(desk, clock)
    fill_the_disk(desk)

    with pytest.raises(JournalUnwritable, match=r"disk full: .* of free space") as refused:
        desk.finish()
    assert refused.value.free is not None
    assert desk.queue.get(ticket_id).state is TicketState.SERVING, "the queue did not change"
    state = desk.state()
    assert state.current is not None, "the customer is still being served here"
    assert m.Service.get().state == "open"

    free_the_disk(desk)
    state = desk.finish()
    assert state.current is None
    assert desk.queue.get(ticket_id).state is TicketState.FINISHED
    assert m.Service.get().state == "finished"
    assert not m.PendingQueueAction.select().exists(), "nothing left to replay"

    desk.decline_rating()
    desk.queue.issue("DEP")
    state = desk.call_next()
    assert state.current is not None
    desk.no_show()
    state = desk.sign_out()
    assert state.teller is None


def test_a_full_journal_refuses_a_call_before_the_queue_calls_anyone(
    desk: CounterDesk,
) -> None:
    ticket = desk.queue.issue("DEP")
    fill_the_disk(desk)
    with pytest.raises(JournalUnwritable, match="disk full"):
        desk.call_next()
    assert desk.queue.get(ticket.id).state is TicketState.WAITING
    free_the_disk(desk)
    state = desk.call_next()
    assert state.current is not None
    assert state.current.ticket.id == ticket.id


def test_a_journal_write_that_fails_names_the_full_disk_not_the_rollback(
    desk: CounterDesk,
) -> None:
    fill_the_disk(desk)
    with pytest.raises(JournalUnwritable, match="disk full") as failed:
        desk.session.journal.audit("1001", "note", {"text": "x" * 200_000})
    assert "cannot rollback" not in str(failed.value)
    free_the_disk(desk)
    desk.session.journal.audit("1001", "note", {"text": "x" * 200_000})
