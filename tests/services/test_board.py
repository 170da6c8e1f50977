"""The manager's board computed from hand-built rows; every figure worked out by hand below."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from counterdesk.core.kpis import ServiceRow, SessionRow, Share, TicketEvent, TicketRow
from counterdesk.queue.base import CounterMode, CounterStatus, QueueStatus, TypeStatus
from counterdesk.services.board import Activity, Alert, AlertKind, compute_board
from counterdesk.services.kpi_day import DayRows

DAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, 11, 30, hh, mm, ss, tzinfo=UTC)


def ticket(
    label: str, kind: str, state: str, issued: datetime, *events: TicketEvent,
    ended: datetime | None = None,
) -> TicketRow:  # fmt: skip
    call = next((e for e in events if e.action == "call"), None)
    return TicketRow(
        ticket_id=label, label=label, branch="BJ0101", day=DAY, business_type=kind,
        final_type=kind, state=state, issued_at=issued,
        first_called_at=call.at if call else None, first_counter=call.counter if call else None,
        ended_at=ended, events=(TicketEvent("issue", issued, None), *events),
    )  # fmt: skip


def service(label: str, kind: str, counter: int, teller: str, called: datetime,
            finished: datetime | None) -> ServiceRow:  # fmt: skip
    return ServiceRow(
        service_id=f"s-{label}", ticket_id=label, ticket_label=label, branch="BJ0101", day=DAY,
        counter=counter, teller=teller, business_type=kind, called_at=called,
        started_at=called + timedelta(seconds=20), finished_at=finished,
        state="finished" if finished else "open",
    )  # fmt: skip


def e(action: str, when: datetime, counter: int | None) -> TicketEvent:
    return TicketEvent(action, when, counter)


TICKETS = (
    # A001 DEP: waited 5 min (within 10), served at counter 1, finished 09:10.
    ticket(
        "A001",
        "DEP",
        "finished",
        at(9, 0),
        e("call", at(9, 5), 1),
        e("finish", at(9, 10), 1),
        ended=at(9, 10),
    ),
    # A002 DEP: waited 19 min (missed), a no-show at counter 3: a walk-away.
    ticket(
        "A002",
        "DEP",
        "no_show",
        at(9, 1),
        e("call", at(9, 20), 3),
        e("no_show", at(9, 21), 3),
        ended=at(9, 21),
    ),
    # B000 WDR: expired after 10 min, past WDR's 5 min target: missed, a walk-away.
    ticket("B000", "WDR", "expired", at(9, 0), ended=at(9, 10)),
    # A003 DEP: waited 15 min (missed), being served at counter 1 since 09:45.
    ticket("A003", "DEP", "serving", at(9, 30), e("call", at(9, 45), 1), e("start", at(9, 46), 1)),
    # B001 WDR: waited 2 min (within 5), served at counter 3, finished 09:50.
    ticket(
        "B001",
        "WDR",
        "finished",
        at(9, 40),
        e("call", at(9, 42), 3),
        e("finish", at(9, 50), 3),
        ended=at(9, 50),
    ),
    # Still waiting: in neither part of the service level yet.
    ticket("A004", "DEP", "waiting", at(9, 48, 20)),
    ticket("A005", "DEP", "waiting", at(9, 55)),
    ticket("B002", "WDR", "waiting", at(9, 58)),
    ticket("F001", "FX", "waiting", at(9, 59)),
)
SERVICES = (
    service("A001", "DEP", 1, "1001", at(9, 5), at(9, 10)),
    service("A003", "DEP", 1, "1001", at(9, 45), None),
    service("B001", "WDR", 3, "1003", at(9, 42), at(9, 50)),
)
SESSIONS = (
    SessionRow("x1", "BJ0101", DAY, 1, "1001", at(8, 55), None),
    SessionRow("x2", "BJ0101", DAY, 2, "1002", at(8, 56), None),
    # Counter 3's teller signed out; nobody is signed in there now.
    SessionRow("x3", "BJ0101", DAY, 3, "1003", at(9, 0), at(9, 55)),
)
STATUS = QueueStatus(
    day="2026-11-30",
    types=(
        TypeStatus("DEP", 2, 700.0, 600),  # A004 since 09:48:20
        TypeStatus("WDR", 1, 120.0, 300),
        TypeStatus("FX", 1, 60.0, 900),
        TypeStatus("CARD", 0, 0.0, 600),
    ),
    counters=(
        CounterStatus(1, CounterMode.OPEN, "", "A003", at(9, 0), ("DEP", "WDR")),
        CounterStatus(2, CounterMode.PAUSED, "lunch", None, at(9, 40), ("DEP",)),
        CounterStatus(3, CounterMode.OPEN, "", None, at(9, 30), ("WDR",)),
        CounterStatus(4, CounterMode.CLOSED, "", None, at(8, 0)),
        CounterStatus(5, CounterMode.OPEN, "", None, at(9, 0), ("FX",), responding=False),
    ),
    issued_today=9,
)


def rows() -> DayRows:
    return DayRows(
        branch="BJ0101", day=DAY, window=(at(0, 0), at(23, 59)), tickets=TICKETS,
        services=SERVICES, steps=(), ratings=(), sessions=SESSIONS, pauses=(),
    )  # fmt: skip


def test_the_board_of_a_hand_built_morning() -> None:
    board = compute_board(STATUS, rows(), now=NOW, names={"1001": "Li Na", "1002": "Zhang Wei"})

    assert board.day == DAY
    assert board.arrivals == 9
    assert board.waiting == 4
    assert board.served == 2  # A001, B001
    assert board.walk_aways == Share(2, 9)  # A002 no-show, B000 expired
    # Met: A001, B001. Missed: A002 (19 min), A003 (15 min), B000 (expired after 10 min).
    assert board.service_level == Share(2, 5)
    longest = board.longest_wait
    assert longest is not None
    assert longest.business_type == "DEP"

    dep, wdr, fx, card = board.types
    assert (dep.waiting, dep.longest_wait_seconds, dep.target_seconds) == (2, 700.0, 600)
    assert dep.service_level == Share(1, 3)
    assert (dep.served, dep.walk_aways, dep.over_target) == (1, 1, True)
    assert wdr.service_level == Share(1, 2)
    assert (wdr.served, wdr.walk_aways, wdr.over_target) == (1, 1, False)
    assert (fx.service_level, fx.served, fx.walk_aways) == (Share(0, 0), 0, 0)
    assert (card.waiting, card.longest_wait_seconds) == (0, 0.0)

    one, two, three, four, five = board.counters
    assert (one.activity, one.ticket_label, one.since) == (Activity.SERVING, "A003", at(9, 45))
    assert (one.teller, one.teller_name) == ("1001", "Li Na")
    assert (two.activity, two.reason, two.since, two.teller_name) == (
        Activity.PAUSED, "lunch", at(9, 40), "Zhang Wei",
    )  # fmt: skip
    # Open since 09:30, but its last customer left at 09:50: idle since then; nobody signed in.
    assert (three.activity, three.since, three.teller) == (Activity.OPEN, at(9, 50), "")
    assert four.activity is Activity.CLOSED
    assert five.activity is Activity.NOT_RESPONDING
    assert board.count(Activity.SERVING, Activity.OPEN) == 2
    assert board.count(Activity.PAUSED) == 1

    assert board.alerts == (
        # FX waits, and its only counter sends no heartbeat.
        Alert(AlertKind.NO_COUNTER, "FX", seconds=60.0, waiting=1),
        Alert(AlertKind.OVER_TARGET, "DEP", seconds=700.0, limit_seconds=600, waiting=2),
        # Paused at 09:40, 20 min before 10:00: over the 15 min limit.
        Alert(AlertKind.PAUSED_TOO_LONG, counter=2, seconds=1200.0, limit_seconds=900),
    )


def test_a_pause_within_the_limit_and_no_rows_give_no_day_figures_and_fewer_alerts() -> None:
    board = compute_board(STATUS, None, now=at(9, 50))

    assert (board.arrivals, board.served) == (0, 0)
    assert board.walk_aways == Share(0, 0)
    assert board.service_level == Share(0, 0)
    assert [a.kind for a in board.alerts] == [AlertKind.NO_COUNTER, AlertKind.OVER_TARGET]
    # Without the day's rows nobody is known at a counter.
    assert {c.teller for c in board.counters} == {""}


def test_an_empty_morning_has_no_alerts() -> None:
    status = QueueStatus("2026-11-30", (TypeStatus("DEP", 0, 0.0, 600),), (), 0)
    board = compute_board(status, None, now=NOW)

    assert board.alerts == ()
    assert board.longest_wait is None
    assert board.waiting == 0
