"""A counter on the PostgreSQL queue when the connection is cut: it recovers, nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import psycopg2
import pytest
from desk_helpers import SUPERVISOR, TELLER, VALID_ID, open_station

from counterdesk.app.builders import build_desk
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.core.tickets import TicketState
from counterdesk.queue.base import QueueOfflineError
from counterdesk.queue.postgres import PostgresQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage import models as m

pytestmark = pytest.mark.postgres
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def build(pg_url: str, journal_path: Path, catalogue: Catalogue, clock: FixedClock) -> CounterDesk:
    desk = build_desk(
        open_station(journal_path, clock, catalogue, serves=("PWD",)),
        queue=PostgresQueue(pg_url, catalogue, clock, local_zone=UTC),
        library=ProcedureLibrary.load(RESOURCES / "procedures", catalogue),
    )
    desk.start_up()
    return desk


@pytest.fixture
def desk(
    pg_url: str, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> Iterator[CounterDesk]:
    built = build(pg_url, tmp_path / "journal.db", catalogue, clock)
    built.staff.add(TELLER[0], "Li Na", Role.TELLER, TELLER[1])
    built.staff.add(SUPERVISOR[0], "Wang Fang", Role.SUPERVISOR, SUPERVISOR[1])
    built.sign_in(*TELLER)
    yield built
    built.queue.close()
    built.uow.db.close()


def cut(queue: PostgresQueue, pg_url: str) -> None:
    """Terminate the server side of the queue's connection, as a restart or a cable would."""
    pid = queue._sql("SELECT pg_backend_pid()").fetchone()[0]
    admin = psycopg2.connect(pg_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
    admin.close()


def serve_to_the_end(desk: CounterDesk) -> None:
    desk.start()
    for view in desk.state().current.steps:  # type: ignore[union-attr]
        step = view.step
        if not step.mandatory:
            continue
        value = VALID_ID if step.capture is not None else None
        if step.authorisation is not None:
            desk.authorise_step(step.id, value, *SUPERVISOR)
        else:
            desk.check_step(step.id, value)


def finish_events(queue: PostgresQueue, ticket_id: str) -> int:
    return sum(1 for action, *_ in queue.events(ticket_id) if action == "finish")


def test_a_cut_connection_is_reported_clearly_and_the_next_action_reconnects(
    desk: CounterDesk, pg_url: str
) -> None:
    desk.queue.issue("PWD")
    cut(desk.queue, pg_url)  # type: ignore[arg-type]
    with pytest.raises(QueueOfflineError, match="cannot be reached; the action was not done"):
        desk.call_next()
    assert desk.state().current is None
    state = desk.call_next()  # the station reconnected by itself
    assert state.current is not None
    assert state.current.ticket.label == "F001"


def test_finishing_while_the_queue_is_away_completes_locally_and_reaches_it_once(
    desk: CounterDesk, pg_url: str, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    ticket = desk.queue.issue("PWD")
    desk.call_next()
    serve_to_the_end(desk)
    cut(desk.queue, pg_url)  # type: ignore[arg-type]
    state = desk.finish()
    assert state.current is None
    assert state.rating is not None, "the customer is asked for a rating all the same"
    assert m.Service.get().state == "finished"
    assert desk.queue.get(ticket.id).state is TicketState.SERVING, "the queue did not hear"
    pending = m.PendingQueueAction.get()
    assert pending.applied_at is None

    # A restart before the queue hears about it must not reopen the finished service.
    restarted = build(pg_url, tmp_path / "journal.db", catalogue, clock)
    try:
        assert restarted.state().current is None
        assert desk.queue.get(ticket.id).state is TicketState.FINISHED
        assert finish_events(desk.queue, ticket.id) == 1  # type: ignore[arg-type]
        assert m.PendingQueueAction.get().outcome == "applied"
        assert desk.replay_pending() == 0, "applied once, never twice"
        assert finish_events(desk.queue, ticket.id) == 1  # type: ignore[arg-type]
    finally:
        restarted.queue.close()


def test_the_station_starts_while_the_queue_server_is_down(
    tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> None:
    # Nothing listens on port 1: the connection is refused at once.
    unreachable = "postgresql://postgres@127.0.0.1:1/counterdesk"
    desk = build(unreachable, tmp_path / "journal.db", catalogue, clock)
    try:
        desk.staff.add(TELLER[0], "Li Na", Role.TELLER, TELLER[1])
        with pytest.raises(QueueOfflineError, match=r"127\.0\.0\.1:1 cannot be reached"):
            desk.sign_in(*TELLER)
        assert desk.state().teller is None
        assert m.StaffSession.select().count() == 0, "nobody is half signed in"
    finally:
        desk.queue.close()
