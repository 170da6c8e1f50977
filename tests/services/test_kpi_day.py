"""A day served by a real counter desk, read back for the KPIs from the queue and the journal.

Counter 3, teller 1001, business day 2026-11-30 (UTC). The desk writes what it writes; the
figures below are worked out by hand from the clock moves in the test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from desk_helpers import SUPERVISOR, TELLER, VALID_ID, serve_deposit

from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.kpis import (
    Authorisations,
    By,
    Compliance,
    Durations,
    Share,
    TellerTime,
    arrivals,
    authorisations,
    handle_times,
    satisfaction,
    served,
    service_level,
    service_times,
    sop_compliance,
    switches,
    teller_time,
    transfers,
    waiting_times,
    walk_aways,
)
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.procedures import StepRecord
from counterdesk.core.ratings import NoRatingCause, Rating, RatingOutcome, RatingScale
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.kpi_day import read_day
from counterdesk.storage.counter_journal import CounterJournal, ServiceRecord
from counterdesk.storage.db import open_journal
from counterdesk.storage.unit_of_work import UnitOfWork

NOV30 = date(2026, 11, 30)
WDR_STEPS = (
    "identity", "card_and_pin", "amount", "supervisor", "pay_out", "signature", "return_documents",
)  # fmt: skip


def test_a_day_at_a_real_desk_gives_the_hand_computed_figures(
    desk: CounterDesk, clock: FixedClock
) -> None:
    # The desk signed in at 09:00:00.
    # A001 (DEP) issued 09:00:00, called 09:05:00, started 09:05:20, steps 45+30+90 s,
    # supervisor 25 s, signature and return 15 s, finished 09:08:55 (+10); rated 5 of 5.
    serve_deposit(desk, clock)
    clock.advance(25)
    desk.authorise_step("supervisor", None, *SUPERVISOR)
    clock.advance(15)
    desk.check_step("signature")
    desk.check_step("return_documents")
    clock.advance(10)
    desk.finish()
    desk.rate(5)
    # A002 (DEP) issued 09:08:55, called 09:09:55, started 09:10:05, switched to WDR 09:10:25,
    # every WDR step checked 09:11:25 and finished then; the rating prompt times out.
    desk.queue.issue("DEP")
    clock.advance(60)
    desk.call_next()
    clock.advance(10)
    desk.start()
    clock.advance(20)
    desk.switch_business_type("WDR")
    clock.advance(60)
    desk.check_step("identity", VALID_ID)
    desk.check_step("card_and_pin")
    desk.check_step("amount", "100.00")
    for step in ("supervisor", "pay_out", "signature", "return_documents"):
        desk.check_step(step)
    desk.finish()
    clock.advance(31)
    desk.expire_rating()
    # Lunch 09:11:56 → 09:21:56.
    desk.pause("lunch")
    clock.advance(600)
    desk.resume()
    # B001 (WDR) issued 09:21:56, called 09:23:36, started 09:23:46, transferred to DEP
    # 09:24:06; called again 09:24:46 and a no-show 09:25:16. Signed out 09:26:16.
    desk.queue.issue("WDR")
    clock.advance(100)
    desk.call_next()
    clock.advance(10)
    desk.start()
    clock.advance(20)
    desk.transfer(business_type="DEP")
    clock.advance(40)
    desk.call_next()
    clock.advance(30)
    desk.no_show()
    clock.advance(60)
    desk.sign_out()

    day = read_day(desk.queue, [CounterJournal(desk.uow)], branch="BJ0101", day=NOV30, zone=UTC)
    assert [t.label for t in day.tickets] == ["A001", "A002", "B001"]
    assert {t.teller for t in day.tickets} == {TELLER[0]}
    assert day.window == (
        datetime(2026, 11, 30, tzinfo=UTC),
        datetime(2026, 12, 1, tzinfo=UTC),
    )

    assert arrivals(day.tickets, by=[By.BUSINESS_TYPE]) == {("DEP",): 2, ("WDR",): 1}
    # Waits: A001 300, A002 60, B001 100 (its first call only). Sorted 60 100 300: mean
    # 460/3, median 100, p90 rank ceil(2.7) = 3 → 300. All within 600 s: 3 of 3.
    assert waiting_times(day.tickets) == {(): Durations(3, 460 / 3, 100.0, 300.0)}
    targets = {"DEP": 600, "WDR": 600}
    assert service_level(day.tickets, targets) == {(): Share(3, 3)}
    assert walk_aways(day.tickets) == {(): Share(1, 3)}  # B001's no-show
    assert served(day.tickets, day.services) == {(): 2}
    assert served(day.tickets, day.services, by=[By.BUSINESS_TYPE]) == {
        ("DEP",): 1,
        ("WDR",): 1,  # A002, served as WDR after its switch
    }
    # Service time: A001 09:05:20→09:08:55 = 215; A002 09:10:05→09:11:25 = 80 (from the DEP
    # part's start). Mean 295/2, median (80+215)/2, p90 rank ceil(1.8) = 2 → 215.
    assert service_times(day.services) == {(): Durations(2, 147.5, 147.5, 215.0)}
    # Handle time: A001 09:05:00→09:08:55 = 235; A002 09:09:55→09:11:25 = 90.
    assert handle_times(day.services) == {(): Durations(2, 162.5, 162.5, 235.0)}
    assert transfers(day.tickets, day.services, by=[By.TELLER]) == {(TELLER[0],): 1}
    assert switches(day.services) == {(): 1}
    # Finished: A001 (rated 5 of 5 → 100) and A002 (timed out): response 1/2.
    mood = satisfaction(day.services, day.ratings)[()]
    assert (mood.finished, mood.rated, mood.mean_score) == (2, 1, 100.0)
    assert mood.satisfied_share == Share(1, 1)
    # Both finished with every mandatory step (DEP's and WDR's, read from the procedure
    # versions the services started with).
    assert sop_compliance(day.services, day.steps) == {(): Compliance(2, 2)}
    mandatory = {s.business_type: s.mandatory_steps for s in day.services}
    assert mandatory["WDR"] == WDR_STEPS
    assert authorisations(day.services, day.steps) == {(): {SUPERVISOR[0]: Authorisations(1, 0)}}
    # Teller time: signed in 09:00:00→09:26:16 = 1576 s. Serving: A001 09:05:00→09:08:55 235;
    # A002 09:09:55→09:11:25 90 (both parts); B001 at the first call 09:23:36→09:24:06 30 and
    # the second 09:24:46→09:25:16 30 → 385. Lunch 600. Idle 1576 - 385 - 600 = 591.
    assert teller_time(day.sessions, day.pauses, day.services, day.window) == {
        (): TellerTime(385.0, 591.0, {"lunch": 600.0})
    }


def test_a_service_finished_while_the_queue_was_offline_counts_at_the_journal_time(
    tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    # What the finishing desk leaves when the queue cannot be reached: the journal says
    # finished (09:20), the queue still says serving, and the day ends before it hears.
    queue = SqliteQueue(tmp_path / "queue.db", catalogue, clock, local_zone=UTC)
    db = open_journal(tmp_path / "journal.db", clock)
    try:
        ticket = queue.issue("DEP")  # 09:00
        clock.advance(120)
        called = queue.call_next(CallingPolicy(1, ("DEP",))).ticket  # 09:02
        clock.advance(60)
        queue.start(ticket.id, 1)  # 09:03
        journal = CounterJournal(UnitOfWork(db, clock))
        finished_at = clock.now() + timedelta(minutes=17)  # 09:20, after every queue event
        with journal.transaction() as tx:
            service = tx.save_service(
                ServiceRecord(
                    ticket_id=ticket.id, ticket_label=ticket.label, business_type="DEP",
                    counter="1", staff_no=TELLER[0], procedure_type="DEP", procedure_version=1,
                    called_at=called.called_at or clock.now(), started_at=clock.now(),
                    finished_at=finished_at, state="finished",
                )
            )  # fmt: skip
            tx.add_step(
                service.uuid,
                StepRecord("identity", clock.now(), None, None, 40.0, 1),
                checked_by=TELLER[0],
            )
            tx.add_rating(
                Rating(
                    service.uuid, RatingOutcome.NO_RATING, None, (), NoRatingCause.TIMEOUT,
                    finished_at, finished_at + timedelta(seconds=30), RatingScale(),
                )
            )  # fmt: skip
        day = read_day(queue, [journal, journal], branch="BJ0101", day=NOV30, zone=UTC)
    finally:
        queue.close()
        db.close()
    assert day.tickets[0].state == "serving"
    assert len(day.services) == 1  # one journal listed twice is read once
    # Served once, in hour 09 by the journal's finish; service time 09:03→09:20 = 1020,
    # handle time 09:02→09:20 = 1080.
    assert served(day.tickets, day.services, by=[By.HOUR]) == {("09",): 1}
    assert service_times(day.services) == {(): Durations(1, 1020.0, 1020.0, 1020.0)}
    assert handle_times(day.services) == {(): Durations(1, 1080.0, 1080.0, 1080.0)}
    # An old row without a procedure snapshot has no known mandatory steps: complete.
    assert sop_compliance(day.services, day.steps) == {(): Compliance(1, 1)}
    # The timed-out prompt: finished 1, rated 0.
    assert satisfaction(day.services, day.ratings)[()].response_rate == Share(0, 1)
    assert day.ratings[0].cause == "timeout"
