"""A reply lost after the queue committed: the desk asks what happened, no ticket is orphaned.

A small TCP proxy sits between the desk's PostgreSQL queue and the real server. Armed, it
forwards the desk's ``COMMIT`` (alone, or at the end of a call's write, which carries it) to the
server, waits for the server's answer (CommandComplete ``COMMIT``), swallows it and cuts both
sides: the change is committed, the desk never hears so.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from desk_helpers import SUPERVISOR, TELLER, VALID_ID, open_station

from counterdesk.app.builders import build_desk
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.staff import Role
from counterdesk.core.tickets import TicketState
from counterdesk.queue.base import QueueOfflineError, QueueOutcomeUnknown
from counterdesk.queue.postgres import PostgresQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage import models as m

pytestmark = pytest.mark.postgres
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
#: The end of a frontend's simple Query that commits (``COMMIT`` alone, or a call's last
#: statement with it) and the backend's CommandComplete ``COMMIT``.
CLIENT_COMMIT = b"COMMIT\x00"
SERVER_COMMITTED = b"C\x00\x00\x00\x0bCOMMIT\x00"


class ReplySwallower:
    """A TCP proxy to the PostgreSQL server that can lose the reply to one COMMIT."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.armed = threading.Event()
        self.blocked = threading.Event()
        self.swallowed = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._then_block = False
        self._drop_commit = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def arm(self, then_block: bool = False, drop_commit: bool = False) -> None:
        """Lose the server's reply to the next COMMIT, then cut the connection.

        Args:
            then_block: refuse new connections after the cut, until :meth:`unblock`.
            drop_commit: lose the message carrying the COMMIT instead (the server rolls back).
        """
        self.swallowed.clear()
        self._then_block = then_block
        self._drop_commit = drop_commit
        self.armed.set()

    def unblock(self) -> None:
        """The server can be reached again."""
        self.blocked.clear()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.blocked.is_set():  # the branch server is unreachable for now
                self._cut(client)
                continue
            server = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, server]
            state = {"commit_sent": False}
            threading.Thread(
                target=self._upstream, args=(client, server, state), daemon=True
            ).start()
            threading.Thread(
                target=self._downstream, args=(server, client, state), daemon=True
            ).start()

    def _upstream(
        self, client: socket.socket, server: socket.socket, state: dict[str, bool]
    ) -> None:
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                if self.armed.is_set() and CLIENT_COMMIT in data:
                    if self._drop_commit:  # the COMMIT itself is lost: nothing is committed
                        self.armed.clear()
                        self.swallowed.set()
                        break
                    state["commit_sent"] = True
                server.sendall(data)
        self._cut(client, server)

    def _downstream(
        self, server: socket.socket, client: socket.socket, state: dict[str, bool]
    ) -> None:
        with contextlib.suppress(OSError):
            while data := server.recv(65536):
                if state["commit_sent"] and SERVER_COMMITTED in data:
                    # The server committed and said so: the desk never hears it.
                    if self._then_block:
                        self.blocked.set()
                    self.armed.clear()
                    self.swallowed.set()
                    break
                client.sendall(data)
        self._cut(client, server)

    @staticmethod
    def _cut(*sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def close(self) -> None:
        # shutdown() wakes the accepting thread (close() alone leaves it blocked in accept).
        self._cut(self.listener)
        self._thread.join(timeout=5)
        with self._lock:
            self._cut(*self._sockets)


@pytest.fixture
def proxy(pg_url: str) -> Iterator[ReplySwallower]:
    parts = urlsplit(pg_url)
    swallower = ReplySwallower(parts.hostname or "127.0.0.1", parts.port or 5432)
    yield swallower
    swallower.close()


def proxied(pg_url: str, proxy: ReplySwallower) -> str:
    parts = urlsplit(pg_url)
    user = f"{parts.username}@" if parts.username else ""
    return parts._replace(netloc=f"{user}127.0.0.1:{proxy.port}").geturl()


def build(url: str, journal: Path, catalogue: Catalogue, clock: FixedClock) -> CounterDesk:
    desk = build_desk(
        open_station(journal, clock, catalogue, serves=("PWD",)),
        queue=PostgresQueue(url, catalogue, clock, local_zone=UTC),
        library=ProcedureLibrary.load(RESOURCES / "procedures", catalogue),
    )
    desk.start_up()
    return desk


@pytest.fixture
def direct(pg_url: str, catalogue: Catalogue, clock: FixedClock) -> Iterator[PostgresQueue]:
    """The queue as another terminal sees it, not through the proxy."""
    queue = PostgresQueue(pg_url, catalogue, clock, local_zone=UTC)
    yield queue
    queue.close()


@pytest.fixture
def desk(
    pg_url: str, proxy: ReplySwallower, tmp_path: Path, catalogue: Catalogue, clock: FixedClock
) -> Iterator[CounterDesk]:
    built = build(proxied(pg_url, proxy), tmp_path / "journal.db", catalogue, clock)
    built.staff.add(TELLER[0], "Li Na", Role.TELLER, TELLER[1])
    built.staff.add(SUPERVISOR[0], "Wang Fang", Role.SUPERVISOR, SUPERVISOR[1])
    built.sign_in(*TELLER)
    yield built
    built.queue.close()
    built.uow.db.close()


def at_counter(queue: PostgresQueue) -> list[tuple[str, TicketState]]:
    return [(t.label, t.state) for t in queue.at_counter(3)]


def test_a_call_whose_reply_is_lost_is_asked_about_and_shown_at_once(
    desk: CounterDesk,
    proxy: ReplySwallower,
    direct: PostgresQueue,
    pg_url: str,
    tmp_path: Path,
    catalogue: Catalogue,
    clock: FixedClock,
) -> None:
    direct.issue("PWD")
    direct.issue("PWD")
    proxy.arm()
    state = desk.call_next()  # the reply is lost; the desk asks the queue what happened
    assert proxy.swallowed.is_set(), "the proxy lost the reply to COMMIT"
    assert state.current is not None
    assert state.current.ticket.label == "F001"
    assert at_counter(direct) == [("F001", TicketState.CALLED)]
    assert direct.find("F002").state is TicketState.WAITING
    settled = m.AuditLog.get(m.AuditLog.action == "queue_action_settled").detail
    assert (settled["action"], settled["happened"], settled["ticket"]) == ("call", True, "F001")

    # A restart finds the same customer at the counter.
    restarted = build(proxied(pg_url, proxy), tmp_path / "journal.db", catalogue, clock)
    try:
        current = restarted.state().current
        assert current is not None
        assert current.ticket.label == "F001"
    finally:
        restarted.queue.close()


def test_a_retry_while_the_outcome_is_unknown_never_calls_a_second_customer(
    desk: CounterDesk, proxy: ReplySwallower, direct: PostgresQueue
) -> None:
    direct.issue("PWD")
    direct.issue("PWD")
    proxy.arm(then_block=True)
    with pytest.raises(QueueOutcomeUnknown):
        desk.call_next()
    assert at_counter(direct) == [("F001", TicketState.CALLED)], "the queue did call F001"
    assert desk.state().current is None, "the desk cannot know yet"
    with pytest.raises(QueueOfflineError):
        desk.call_next()  # still unreachable: nothing is done
    proxy.unblock()
    # The teller tries again: the desk first asks the queue what became of its call.
    with pytest.raises(DomainError, match="finish or transfer ticket F001"):
        desk.call_next()
    state = desk.state()
    assert state.current is not None
    assert state.current.ticket.label == "F001"
    assert direct.find("F002").state is TicketState.WAITING, "no second customer called"
    assert at_counter(direct) == [("F001", TicketState.CALLED)]


def test_the_queue_coming_back_brings_the_called_ticket_to_the_desk(
    desk: CounterDesk, proxy: ReplySwallower, direct: PostgresQueue
) -> None:
    direct.issue("PWD")
    proxy.arm(then_block=True)
    with pytest.raises(QueueOfflineError):
        desk.call_next()
    assert desk.state().current is None, "the desk does not know yet"
    proxy.unblock()
    state = desk.queue_back()
    assert state.current is not None
    assert state.current.ticket.label == "F001"
    assert state.current.ticket.state is TicketState.CALLED


def test_a_start_whose_reply_is_lost_leaves_the_desk_serving_with_actions_allowed(
    desk: CounterDesk, proxy: ReplySwallower, direct: PostgresQueue
) -> None:
    direct.issue("PWD")
    desk.call_next()
    proxy.arm(then_block=True)
    with pytest.raises(QueueOfflineError):
        desk.start()
    assert proxy.swallowed.is_set()
    assert at_counter(direct) == [("F001", TicketState.SERVING)]
    proxy.unblock()
    state = desk.queue_back()
    assert state.current is not None
    assert state.current.ticket.state is TicketState.SERVING
    assert state.current.steps, "the checklist is open: the service runs"
    step = next(v.step for v in state.current.steps if v.step.authorisation is None)
    desk.check_step(step.id, VALID_ID if step.capture is not None else None)
    desk.hold()
    assert at_counter(direct) == [("F001", TicketState.HELD)]


def test_two_tickets_left_at_a_counter_are_both_kept_after_a_restart(
    pg_url: str,
    direct: PostgresQueue,
    tmp_path: Path,
    catalogue: Catalogue,
    clock: FixedClock,
) -> None:
    """What the old desk left behind (a retry called a second ticket): neither is orphaned."""
    from counterdesk.core.policy import CallingPolicy

    direct.issue("PWD")
    direct.issue("PWD")
    policy = CallingPolicy(counter=3, serves=("PWD",))
    direct.call_next(policy)
    direct.call_next(policy)
    assert len(direct.at_counter(3)) == 2
    desk = build(pg_url, tmp_path / "journal.db", catalogue, clock)
    try:
        current = desk.state().current
        assert current is not None
        assert current.ticket.label == "F001", "the customer called first is served first"
        second = direct.find("F002")
        assert second.state is TicketState.WAITING, "the other goes back to the queue"
        assert second.counter is None
        assert direct.at_counter(3)[0].label == "F001"
    finally:
        desk.queue.close()
        desk.uow.db.close()


def test_a_finish_whose_reply_is_lost_is_made_once_and_the_desk_goes_on(
    desk: CounterDesk, proxy: ReplySwallower, direct: PostgresQueue
) -> None:
    direct.issue("PWD")
    direct.issue("PWD")
    desk.call_next()
    state = desk.start()
    assert state.current is not None
    for view in state.current.steps:
        if view.step.mandatory and view.step.authorisation is None:
            desk.check_step(view.step.id, VALID_ID if view.step.capture is not None else None)
        elif view.step.mandatory:
            desk.authorise_step(view.step.id, None, *SUPERVISOR)
    proxy.arm()
    state = desk.finish()  # the customer is done whatever the network does
    assert proxy.swallowed.is_set()
    assert state.current is None
    assert state.rating is not None
    assert direct.find("F001").state is TicketState.FINISHED, "the queue did finish it"

    state = desk.queue_back()
    assert state.rating is not None, "a reconnect leaves the customer's rating prompt open"
    finishes = [e for e in direct.events(direct.find("F001").id) if e[0] == "finish"]
    assert len(finishes) == 1, "finished once, never twice"
    state = desk.call_next()
    assert state.current is not None
    assert state.current.ticket.label == "F002"


def test_a_start_whose_reply_is_lost_just_starts(
    desk: CounterDesk, proxy: ReplySwallower, direct: PostgresQueue
) -> None:
    direct.issue("PWD")
    desk.call_next()
    proxy.arm()
    state = desk.start()
    assert proxy.swallowed.is_set()
    assert state.current is not None
    assert state.current.ticket.state is TicketState.SERVING
    assert state.current.steps
    assert at_counter(direct) == [("F001", TicketState.SERVING)]


def test_a_call_whose_commit_never_arrived_is_reported_not_done_and_can_be_retried(
    desk: CounterDesk, proxy: ReplySwallower, direct: PostgresQueue
) -> None:
    direct.issue("PWD")
    proxy.arm(drop_commit=True)
    with pytest.raises(QueueOfflineError, match="nothing was done, try again"):
        desk.call_next()
    assert proxy.swallowed.is_set()
    assert direct.find("F001").state is TicketState.WAITING
    assert desk.state().current is None
    state = desk.call_next()
    assert state.current is not None
    assert state.current.ticket.label == "F001"
