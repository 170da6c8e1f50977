"""The kiosk's rules: availability, estimates, priority tickets, printer faults."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from desk_helpers import OTHER_TELLER, SUPERVISOR

from counterdesk.core.business import Catalogue, Priority
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.hours import OpeningHours
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.staff import NotAllowedError, Role, SignInError
from counterdesk.queue.base import HEARTBEAT_SECONDS, STALE_AFTER_SECONDS, CounterMode
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.floor import DisplayFeed
from counterdesk.services.kiosk import PRIORITY_UNLOCK_SECONDS, KioskService
from counterdesk.storage import models as m
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork


@pytest.fixture
def kiosk(tmp_path: Path, catalogue: Catalogue, clock: FixedClock) -> Iterator[KioskService]:
    journal = open_journal(tmp_path / "j.db", clock)
    staff = StaffDirectory(journal, clock)
    staff.add(SUPERVISOR[0], "Wang Fang", Role.SUPERVISOR, SUPERVISOR[1])
    staff.add(OTHER_TELLER[0], "Zhang Wei", Role.TELLER, OTHER_TELLER[1])
    queue = SqliteQueue(tmp_path / "j.db", catalogue, clock, local_zone=UTC)
    service = KioskService(
        queue=queue, catalogue=catalogue, staff=staff, uow=UnitOfWork(journal, clock),
        clock=clock, branch_name="Test branch", hours=OpeningHours.parse("08:30-17:00"),
        local_zone=UTC,
    )  # fmt: skip
    yield service
    queue.close()
    journal.close()


def test_nothing_is_offered_until_a_counter_opens(kiosk: KioskService) -> None:
    state = kiosk.state()
    assert state.open_now
    assert not state.any_counter_open
    with pytest.raises(DomainError, match="no counter serves DEP"):
        kiosk.issue("DEP")
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN, serves=("DEP", "WDR"))
    assert kiosk.state().available == {"DEP", "WDR"}
    kiosk.queue.set_counter_mode(2, CounterMode.OPEN, serves=())
    assert kiosk.state().available == set(kiosk.catalogue.codes)


def test_closed_hours_refuse_tickets(kiosk: KioskService, clock: FixedClock) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    clock.set(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    assert not kiosk.state().open_now
    with pytest.raises(DomainError, match="the branch is closed"):
        kiosk.issue("DEP")


def test_a_ticket_comes_with_people_ahead_and_an_estimate(
    kiosk: KioskService, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN, serves=("DEP",))
    first = kiosk.issue("DEP")
    assert (first.ticket.label, first.ahead) == ("A001", 0)
    assert first.estimated_wait_seconds == pytest.approx(0.5 * 240)
    second = kiosk.issue("DEP")
    assert second.ahead == 1
    assert second.estimated_wait_seconds == pytest.approx(1.5 * 240)
    kiosk.queue.set_counter_mode(2, CounterMode.OPEN, serves=("DEP",))
    third = kiosk.issue("DEP")
    assert third.estimated_wait_seconds == pytest.approx(2.5 * 240 / 2)
    assert third.branch_name == "Test branch"


def test_priority_tickets_need_the_lobby_manager_once(kiosk: KioskService) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    with pytest.raises(DomainError, match="lobby manager"):
        kiosk.issue("DEP", Priority.GREEN)
    with pytest.raises(SignInError):
        kiosk.unlock_priority(SUPERVISOR[0], "0000")
    with pytest.raises(NotAllowedError):
        kiosk.unlock_priority(*OTHER_TELLER)
    kiosk.unlock_priority(*SUPERVISOR)
    assert kiosk.issue("DEP", Priority.GREEN).ticket.priority == Priority.GREEN
    with pytest.raises(DomainError, match="lobby manager"):
        kiosk.issue("DEP", Priority.VIP)
    audit = [(a.actor, a.action) for a in m.AuditLog.select()]
    assert (SUPERVISOR[0], "priority_ticket") in audit


def test_the_unlock_is_good_for_one_ticket_within_a_minute(
    kiosk: KioskService, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    kiosk.unlock_priority(*SUPERVISOR)
    clock.advance(PRIORITY_UNLOCK_SECONDS - 1)
    assert kiosk.priority_unlocked_by() is not None
    assert kiosk.issue("DEP", Priority.VIP).ticket.priority == Priority.VIP
    assert kiosk.priority_unlocked_by() is None, "used up by the ticket"


def test_an_unlock_older_than_a_minute_issues_nothing(
    kiosk: KioskService, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    kiosk.unlock_priority(*SUPERVISOR)
    clock.advance(PRIORITY_UNLOCK_SECONDS)
    with pytest.raises(DomainError, match="unlock has expired") as expired:
        kiosk.issue("DEP", Priority.GREEN)
    assert expired.value.template == "the lobby manager's unlock has expired; ask for it again"
    assert kiosk.queue.status().issued_today == 0, "no ticket was issued"
    assert kiosk.priority_unlocked_by() is None
    with pytest.raises(DomainError, match="issued by the lobby manager"):
        kiosk.issue("DEP", Priority.GREEN)
    assert kiosk.issue("DEP").ticket.priority == Priority.NORMAL, "normal tickets need no unlock"


def test_the_state_shows_the_unlock_until_it_is_used_or_expires(
    kiosk: KioskService, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    assert kiosk.state().priority_by is None
    kiosk.unlock_priority(*SUPERVISOR)
    state = kiosk.state()
    assert state.priority_by == "Wang Fang"
    assert state.priority_until == clock.now() + timedelta(seconds=PRIORITY_UNLOCK_SECONDS)
    kiosk.issue("DEP", Priority.VIP)
    assert kiosk.state().priority_by is None, "used up"

    kiosk.unlock_priority(*SUPERVISOR)
    clock.advance(PRIORITY_UNLOCK_SECONDS)
    expired = kiosk.state()
    assert (expired.priority_by, expired.priority_until) == (None, None)
    with pytest.raises(DomainError, match="unlock has expired"):
        kiosk.issue("DEP", Priority.VIP)


def test_a_refused_unlock_is_audited(kiosk: KioskService) -> None:
    with pytest.raises(SignInError):
        kiosk.unlock_priority(SUPERVISOR[0], "0000")
    row = m.AuditLog.get(m.AuditLog.action == "priority_unlock_refused")
    assert row.actor == SUPERVISOR[0]


def test_a_printer_fault_is_kept_in_the_journal(kiosk: KioskService) -> None:
    kiosk.record_printer_fault("A001", "paper out")
    row = m.AuditLog.get(m.AuditLog.action == "printer_fault")
    assert row.detail == {"ticket": "A001", "detail": "paper out"}


def test_the_display_feed_sees_each_call_once(
    tmp_path: Path, kiosk: KioskService, catalogue: Catalogue, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    kiosk.issue("DEP")
    kiosk.queue.call_next(CallingPolicy(1, ("DEP",)))
    display_queue = SqliteQueue(tmp_path / "j.db", catalogue, clock, local_zone=UTC)
    try:
        feed = DisplayFeed(display_queue)
        started = feed.start()
        assert [c.ticket_label for c in started.calls] == ["A001"]
        assert not started.announce
        assert feed.poll() is None, "nothing changed: nothing is read"
        kiosk.issue("DEP")
        update = feed.poll()
        assert update is not None
        assert update.calls == ()
        assert update.status.waiting == 1
        kiosk.queue.call_next(CallingPolicy(1, ("DEP",)))
        update = feed.poll()
        assert update is not None
        assert [c.ticket_label for c in update.calls] == ["A002"]
        assert update.announce
    finally:
        display_queue.close()


def test_a_burst_of_calls_larger_than_one_read_is_not_lost(
    tmp_path: Path, kiosk: KioskService, catalogue: Catalogue, clock: FixedClock
) -> None:
    from counterdesk.services import floor

    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    display_queue = SqliteQueue(tmp_path / "j.db", catalogue, clock, local_zone=UTC)
    try:
        feed = DisplayFeed(display_queue)
        feed.start()
        for _ in range(floor.BATCH + 5):
            kiosk.issue("DEP")
            kiosk.queue.call_next(CallingPolicy(1, ("DEP",)))
        seen = []
        while (update := feed.poll()) is not None:
            seen += [c.ticket_label for c in update.calls]
        assert len(seen) == floor.BATCH + 5
        assert len(set(seen)) == len(seen)
    finally:
        display_queue.close()


@pytest.mark.parametrize("priority", [3, 7, 100])
def test_after_the_unlock_a_priority_no_counter_calls_is_refused_and_the_unlock_kept(
    kiosk: KioskService, priority: int
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    kiosk.unlock_priority(*SUPERVISOR)

    with pytest.raises(DomainError, match=rf"unknown priority level '{priority}'"):
        kiosk.issue("DEP", priority)

    assert kiosk.queue.status().issued_today == 0, "no ticket was issued"
    assert kiosk.priority_unlocked_by() is not None, "the unlock is still good"
    assert kiosk.issue("DEP", Priority.GREEN).ticket.priority == Priority.GREEN


def test_a_counter_that_stops_its_heartbeat_is_no_longer_offered(
    kiosk: KioskService, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN, serves=("DEP",))
    kiosk.queue.set_counter_mode(2, CounterMode.OPEN, serves=("FX", "DEP"))
    assert kiosk.state().available == {"DEP", "FX"}

    # Counter 1 keeps beating; counter 2's program crashed (it is still "open" in the queue).
    for _ in range(STALE_AFTER_SECONDS // HEARTBEAT_SECONDS):
        clock.advance(HEARTBEAT_SECONDS)
        kiosk.queue.heartbeat(1)
    clock.advance(1)

    assert kiosk.state().available == {"DEP"}, "DEP still has a live counter; FX has none"
    with pytest.raises(DomainError, match="no counter serves FX"):
        kiosk.issue("FX")
    crashed = next(c for c in kiosk.queue.status().counters if c.counter == 2)
    assert (crashed.mode, crashed.responding) == (CounterMode.OPEN, False)
    assert kiosk.issue("DEP").estimated_wait_seconds is not None

    kiosk.queue.heartbeat(2)  # the counter's program is back
    assert kiosk.state().available == {"DEP", "FX"}
    assert kiosk.issue("FX").ticket.label == "G001"


def test_when_every_counter_stopped_beating_none_is_open(
    kiosk: KioskService, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    clock.advance(STALE_AFTER_SECONDS + 1)
    state = kiosk.state()
    assert not state.any_counter_open
    assert state.available == frozenset()


def test_a_closed_business_day_refuses_tickets_at_the_kiosk(
    kiosk: KioskService, clock: FixedClock
) -> None:
    kiosk.queue.set_counter_mode(1, CounterMode.OPEN)
    kiosk.issue("DEP")
    clock.set(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))  # still in opening hours
    kiosk.queue.heartbeat(1)
    kiosk.queue.close_day()

    with pytest.raises(DomainError, match="business day 2026-11-30 is closed"):
        kiosk.issue("DEP")

    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    kiosk.queue.heartbeat(1)
    assert kiosk.issue("DEP").ticket.label == "A001"
