"""KPIs on a hand-built day: every expected figure is worked out by hand in the comments.

The day (branch BJ0101, business day 2026-12-01, times UTC; DEP's target 600 s, LOAN's 900 s):

======  ====  =======  ========================================================================
ticket  type  issued   what happened
======  ====  =======  ========================================================================
A001    DEP   09:00    called 09:05 at counter 1 (T1), started 09:06, finished 09:16; rated 5/5
A002    DEP   09:10    called 09:25 at 1 (T1), recalled 09:26, started 09:27, held 09:30,
                       resumed 09:35, finished 09:45 with "sign" open under S9's override;
                       the rating prompt timed out
B001    LOAN  09:20    called 09:30 at 2 (T2), started 09:31, transferred to DEP 09:40; called
                       again 09:50 at 1 (T1), started 09:51, finished 10:00; rated 2/3
A003    DEP   10:00    called 10:02 at 2 (T2), started 10:03, switched to LOAN 10:08, finished
                       10:20; rated 3/4
A004    DEP   10:05    called 10:10 at 1 (T1), no-show 10:12
A005    DEP   16:45    never called; expired by the day's close at 17:00
A006    DEP   16:55    never called; cancelled 16:58
A007    DEP   23:50    the day kept open: called 00:10 (12-02) at 1 (T1), started 00:11,
                       finished 00:20 while the queue was offline (the queue still says
                       serving); rated 2/5
A008    DEP   11:00    called 11:01 at 2, started 11:02, finished 11:05 by a script: in the
                       queue only, no journal service
======  ====  =======  ========================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TypeVar

import pytest

from counterdesk.core.kpis import (
    Authorisations,
    By,
    Compliance,
    Durations,
    Override,
    PauseRow,
    RatingRow,
    Satisfaction,
    ServiceRow,
    SessionRow,
    Share,
    StepRow,
    TellerTime,
    TicketEvent,
    TicketRow,
    arrivals,
    authorisations,
    handle_times,
    holds,
    is_satisfied,
    recalls,
    satisfaction,
    score_0_100,
    served,
    service_level,
    service_times,
    sop_compliance,
    step_times,
    switches,
    teller_time,
    transfers,
    visits,
    waiting_histogram,
    waiting_times,
    walk_aways,
    with_tellers,
)

DAY = date(2026, 12, 1)
BRANCH = "BJ0101"
F = TypeVar("F")
TARGETS = {"DEP": 600, "LOAN": 900}


def at(hh: int, mm: int, ss: int = 0, day: int = 1) -> datetime:
    return datetime(2026, 12, day, hh, mm, ss, tzinfo=UTC)


def ticket(
    label: str,
    business_type: str,
    state: str,
    issued: datetime,
    events: list[tuple[str, datetime, int | None]],
    ended: datetime | None = None,
    final_type: str | None = None,
) -> TicketRow:
    history = tuple(TicketEvent(a, when, c) for a, when, c in events)
    first = next((e for e in history if e.action == "call"), None)
    return TicketRow(
        ticket_id=f"t-{label}",
        label=label,
        branch=BRANCH,
        day=DAY,
        business_type=business_type,
        final_type=final_type or business_type,
        state=state,
        issued_at=issued,
        first_called_at=first.at if first else None,
        first_counter=first.counter if first else None,
        ended_at=ended,
        events=history,
    )


TICKETS = [
    ticket("A001", "DEP", "finished", at(9, 0), [
        ("issue", at(9, 0), None), ("call", at(9, 5), 1), ("start", at(9, 6), 1),
        ("finish", at(9, 16), 1),
    ], ended=at(9, 16)),
    ticket("A002", "DEP", "finished", at(9, 10), [
        ("issue", at(9, 10), None), ("call", at(9, 25), 1), ("recall", at(9, 26), 1),
        ("start", at(9, 27), 1), ("hold", at(9, 30), 1), ("resume", at(9, 35), 1),
        ("finish", at(9, 45), 1),
    ], ended=at(9, 45)),
    ticket("B001", "LOAN", "finished", at(9, 20), [
        ("issue", at(9, 20), None), ("call", at(9, 30), 2), ("start", at(9, 31), 2),
        ("transfer", at(9, 40), 2), ("call", at(9, 50), 1), ("start", at(9, 51), 1),
        ("finish", at(10, 0), 1),
    ], ended=at(10, 0), final_type="DEP"),
    ticket("A003", "DEP", "finished", at(10, 0), [
        ("issue", at(10, 0), None), ("call", at(10, 2), 2), ("start", at(10, 3), 2),
        ("finish", at(10, 20), 2),
    ], ended=at(10, 20)),
    ticket("A004", "DEP", "no_show", at(10, 5), [
        ("issue", at(10, 5), None), ("call", at(10, 10), 1), ("no_show", at(10, 12), 1),
    ], ended=at(10, 12)),
    ticket("A005", "DEP", "expired", at(16, 45), [
        ("issue", at(16, 45), None), ("expire", at(17, 0), None),
    ], ended=at(17, 0)),
    ticket("A006", "DEP", "cancelled", at(16, 55), [
        ("issue", at(16, 55), None), ("cancel", at(16, 58), None),
    ], ended=at(16, 58)),
    ticket("A007", "DEP", "serving", at(23, 50), [
        ("issue", at(23, 50), None), ("call", at(0, 10, day=2), 1),
        ("start", at(0, 11, day=2), 1),
    ]),
    ticket("A008", "DEP", "finished", at(11, 0), [
        ("issue", at(11, 0), None), ("call", at(11, 1), 2), ("start", at(11, 2), 2),
        ("finish", at(11, 5), 2),
    ], ended=at(11, 5)),
]  # fmt: skip

DEP_STEPS = ("id_check", "sign")
LOAN_STEPS = ("id_check", "contract")


def service(
    sid: str,
    label: str,
    counter: int,
    teller: str,
    business_type: str,
    called: datetime,
    started: datetime | None,
    finished: datetime | None,
    state: str = "finished",
    **more: object,
) -> ServiceRow:
    return ServiceRow(
        service_id=sid,
        ticket_id=f"t-{label}",
        ticket_label=label,
        branch=BRANCH,
        day=DAY,
        counter=counter,
        teller=teller,
        business_type=business_type,
        called_at=called,
        started_at=started,
        finished_at=finished,
        state=state,
        mandatory_steps=LOAN_STEPS if business_type == "LOAN" else DEP_STEPS,
        **more,  # type: ignore[arg-type]
    )


SERVICES = [
    service("s1", "A001", 1, "T1", "DEP", at(9, 5), at(9, 6), at(9, 16)),
    service("s2", "A002", 1, "T1", "DEP", at(9, 25), at(9, 27), at(9, 45),
            override_by="S9", finish_reason="customer in a hurry"),
    service("s3", "B001", 2, "T2", "LOAN", at(9, 30), at(9, 31), at(9, 40), state="abandoned",
            finish_reason="transferred to DEP"),
    service("s4", "B001", 1, "T1", "DEP", at(9, 50), at(9, 51), at(10, 0)),
    service("s5", "A003", 2, "T2", "DEP", at(10, 2), at(10, 3), at(10, 8), state="abandoned",
            finish_reason="switched to LOAN"),
    service("s6", "A003", 2, "T2", "LOAN", at(10, 2), at(10, 8), at(10, 20),
            previous_service_id="s5"),
    service("s7", "A004", 1, "T1", "DEP", at(10, 10), None, at(10, 12), state="abandoned",
            finish_reason="no_show"),
    service("s8", "A007", 1, "T1", "DEP", at(0, 10, day=2), at(0, 11, day=2),
            at(0, 20, day=2)),
]  # fmt: skip

STEPS = [
    StepRow("s1", "id_check", at(9, 7), 60.0, checked_by="T1"),
    StepRow("s1", "sign", at(9, 8), 30.0, checked_by="T1"),
    StepRow("s2", "id_check", at(9, 29), 120.0, authoriser="S9", checked_by="T1"),
    StepRow("s4", "id_check", at(9, 52), 30.0, checked_by="T1"),
    StepRow("s4", "sign", at(9, 53), 30.0, checked_by="T1"),
    StepRow("s5", "id_check", at(10, 4), 40.0, authoriser="S8", checked_by="T2"),
    StepRow("s6", "id_check", at(10, 10), 100.0, checked_by="T2"),
    StepRow("s6", "contract", at(10, 14), 200.0, checked_by="T2"),
    StepRow("s8", "id_check", at(0, 13, day=2), 90.0, checked_by="T1"),
    StepRow("s8", "sign", at(0, 14, day=2), 45.0, checked_by="T1"),
]


def rating(sid: str, score: int | None, levels: int | None, *reasons: str) -> RatingRow:
    finished = {s.service_id: s.finished_at for s in SERVICES}[sid]
    assert finished is not None
    if score is None:  # the prompt timed out after 30 s
        return RatingRow(sid, "no_rating", None, levels, (), "timeout",
                         finished, None)  # fmt: skip
    return RatingRow(sid, "rated", score, levels, reasons, None, finished,
                     finished + timedelta(seconds=5))  # fmt: skip


RATINGS = [
    rating("s1", 5, 5),
    rating("s2", None, 5),
    rating("s4", 2, 3, "waiting", "efficiency"),
    rating("s6", 3, 4),
    rating("s8", 2, None, "waiting"),  # an old row: no scale kept, so 5 levels
]


def one(figures: Mapping[tuple[str, ...], F]) -> F:
    assert list(figures) == [()]
    return figures[()]


# -- tickets ---------------------------------------------------------------------------------


def test_arrivals_count_every_ticket_once_by_the_type_and_hour_it_was_issued() -> None:
    assert one(arrivals(TICKETS)) == 9  # A001-A008 and B001
    assert arrivals(TICKETS, by=[By.BUSINESS_TYPE]) == {
        ("DEP",): 8,  # B001 was transferred to DEP but arrived for LOAN
        ("LOAN",): 1,
    }
    # Issue hours: 09 A001 A002 B001; 10 A003 A004; 11 A008; 16 A005 A006; 23 A007.
    assert arrivals(TICKETS, by=[By.HOUR]) == {
        ("09",): 3, ("10",): 2, ("11",): 1, ("16",): 2, ("23",): 1,
    }  # fmt: skip
    # In the branch's zone (UTC+8) the same tickets fall 8 hours later.
    beijing = timezone(timedelta(hours=8))
    assert arrivals(TICKETS, by=[By.HOUR], zone=beijing) == {
        ("00",): 2, ("07",): 1, ("17",): 3, ("18",): 2, ("19",): 1,
    }  # fmt: skip
    # A007, called after midnight, still belongs to its business day, week and month.
    assert arrivals(TICKETS, by=[By.DAY, By.WEEK, By.MONTH]) == {
        ("2026-12-01", "2026-W49", "2026-12"): 9
    }
    assert arrivals(TICKETS, by=[By.BRANCH]) == {("BJ0101",): 9}


def test_waiting_time_runs_from_issue_to_the_first_call_only() -> None:
    # Called tickets: A001 300 (9:00→9:05), A002 900 (9:10→9:25), B001 600 (9:20→9:30; its
    # second call after the transfer does not count), A003 120, A004 300, A007 1200
    # (23:50→00:10 across midnight), A008 60. Sorted: 60 120 300 300 600 900 1200.
    # mean = 3480 / 7; median = the 4th = 300; p90 = rank ceil(0.9 × 7) = 7 → 1200.
    assert one(waiting_times(TICKETS)) == Durations(7, 3480 / 7, 300.0, 1200.0)
    # By first counter: 1: A001 300, A002 900, A004 300, A007 1200 → mean 2700/4 = 675,
    # median (300+900)/2 = 600, p90 rank ceil(3.6) = 4 → 1200; 2: B001 600, A003 120, A008 60
    # → mean 780/3 = 260, median 120, p90 rank ceil(2.7) = 3 → 600.
    assert waiting_times(TICKETS, by=[By.COUNTER]) == {
        ("1",): Durations(4, 675.0, 600.0, 1200.0),
        ("2",): Durations(3, 260.0, 120.0, 600.0),
    }
    # The hour is the issue's: A007 waits in hour 23 though called at 00:10.
    assert waiting_times(TICKETS, by=[By.HOUR])[("23",)] == Durations(1, 1200.0, 1200.0, 1200.0)


def test_the_waiting_histogram_counts_the_same_waits_in_bins_with_inclusive_upper_edges() -> None:
    # Waits (see above): 60 120 300 300 600 900 1200. Edges 120, 300, 600, 900:
    # <=120: 60, 120; (120, 300]: 300, 300; (300, 600]: 600; (600, 900]: 900; >900: 1200.
    assert one(waiting_histogram(TICKETS, (120, 300, 600, 900))) == (2, 2, 1, 1, 1)
    # Counter 1: 300, 900, 300, 1200; counter 2: 600, 120, 60.
    assert waiting_histogram(TICKETS, (120, 300, 600, 900), by=[By.COUNTER]) == {
        ("1",): (0, 2, 0, 1, 1),
        ("2",): (2, 0, 1, 0, 0),
    }
    assert waiting_histogram([], (60,)) == {(): (0, 0)}
    with pytest.raises(ValueError, match="ascend"):
        waiting_histogram(TICKETS, (300, 120))


def test_service_level_counts_calls_within_target_and_late_leavers_as_misses() -> None:
    # Within target (<=, inclusive): A001 300<=600, B001 600<=900 (LOAN's target, exactly on
    # it), A003 120, A004 300, A008 60 → 5. Missed: A002 900>600, A007 1200>600, and A005,
    # never called, expired after 900 s > 600 → 3. A006 left after 180 s <= 600: in neither.
    assert one(service_level(TICKETS, TARGETS)) == Share(5, 8)
    assert service_level(TICKETS, TARGETS, by=[By.BUSINESS_TYPE]) == {
        ("DEP",): Share(4, 7),  # A001 A003 A004 A008 of A001 A002 A003 A004 A005 A007 A008
        ("LOAN",): Share(1, 1),  # B001
    }
    # A type without a target is left out.
    assert one(service_level(TICKETS, {"DEP": 600})) == Share(4, 7)


def test_walk_aways_are_expired_and_no_show_tickets_out_of_arrivals() -> None:
    # A004 (no-show) and A005 (expired); A006 was cancelled: not a walk-away. 2 of 9.
    assert one(walk_aways(TICKETS)) == Share(2, 9)
    # By hour of issue: 10 → A004 of A003 A004; 16 → A005 of A005 A006.
    figures = walk_aways(TICKETS, by=[By.HOUR])
    assert figures[("10",)] == Share(1, 2)
    assert figures[("16",)] == Share(1, 2)
    assert figures[("09",)] == Share(0, 3)


def test_recalls_transfers_and_holds_count_events_where_they_happened() -> None:
    assert one(recalls(TICKETS, SERVICES)) == 1  # A002 at 9:26
    assert one(transfers(TICKETS, SERVICES)) == 1  # B001 at 9:40
    assert one(holds(TICKETS, SERVICES)) == 1  # A002 at 9:30
    # The transfer happened at counter 2 under T2 (the service s3), not where B001 ended.
    assert transfers(TICKETS, SERVICES, by=[By.COUNTER, By.TELLER]) == {("2", "T2"): 1}
    assert recalls(TICKETS, SERVICES, by=[By.TELLER, By.HOUR]) == {("T1", "09"): 1}


def test_tickets_take_the_teller_of_their_first_service() -> None:
    named = {t.label: t.teller for t in with_tellers(TICKETS, SERVICES)}
    # B001's first service was s3 (T2) though T1 finished it; A008 has no service.
    assert named == {
        "A001": "T1", "A002": "T1", "B001": "T2", "A003": "T2", "A004": "T1",
        "A005": "", "A006": "", "A007": "T1", "A008": "",
    }  # fmt: skip
    # Arrivals by teller: T1 A001 A002 A004 A007; T2 B001 A003; none A005 A006 A008.
    assert arrivals(with_tellers(TICKETS, SERVICES), by=[By.TELLER]) == {
        ("",): 3, ("T1",): 4, ("T2",): 2,
    }  # fmt: skip


# -- services --------------------------------------------------------------------------------


def test_served_counts_each_finished_ticket_once_even_when_the_queue_missed_the_finish() -> None:
    # Journal finishes: s1 A001, s2 A002, s4 B001, s6 A003, s8 A007 (offline: the queue
    # still says serving) → 5; plus A008, finished in the queue with no service → 6.
    assert one(served(TICKETS, SERVICES)) == 6
    assert served(TICKETS, SERVICES, by=[By.TELLER]) == {
        ("",): 1,  # A008
        ("T1",): 4,  # s1 s2 s4 s8: B001 counts for T1, who finished it
        ("T2",): 1,  # s6
    }
    assert served(TICKETS, SERVICES, by=[By.COUNTER]) == {("1",): 4, ("2",): 2}
    # By the hour of the finish: 09 s1 s2; 10 s4 (10:00) s6; 11 A008; 00 s8 (after midnight),
    # but all on the business day 2026-12-01.
    assert served(TICKETS, SERVICES, by=[By.DAY, By.HOUR]) == {
        ("2026-12-01", "00"): 1,
        ("2026-12-01", "09"): 2,
        ("2026-12-01", "10"): 2,
        ("2026-12-01", "11"): 1,
    }
    # The business type is the finished part's: s6 was LOAN after A003 switched from DEP;
    # B001 was served as DEP after its transfer.
    assert served(TICKETS, SERVICES, by=[By.BUSINESS_TYPE]) == {("DEP",): 5, ("LOAN",): 1}


def test_a_switch_of_business_type_chains_the_parts_into_one_visit() -> None:
    chained = [tuple(p.service_id for p in v.parts) for v in visits(SERVICES)]
    assert ("s5", "s6") in chained
    assert ("s3",) in chained  # a transfer does not chain: B001's s4 is a visit of its own
    assert ("s4",) in chained
    assert one(switches(SERVICES)) == 1
    assert switches(SERVICES, by=[By.TELLER, By.BUSINESS_TYPE]) == {("T2", "LOAN"): 1}


def test_service_and_handle_times_of_finished_visits() -> None:
    # Service time (first start → finish): s1 9:06→9:16 600; s2 9:27→9:45 1080; s4 9:51→10:00
    # 540; s5+s6 10:03→10:20 1020 (from the DEP part's start); s8 00:11→00:20 540.
    # Sorted 540 540 600 1020 1080: mean 3780/5 = 756, median 600, p90 rank ceil(4.5) = 5.
    assert one(service_times(SERVICES)) == Durations(5, 756.0, 600.0, 1080.0)
    # Handle time (first call → finish): s1 9:05→9:16 660; s2 9:25→9:45 1200; s4 9:50→10:00
    # 600; s5+s6 10:02→10:20 1080; s8 00:10→00:20 600. Sorted 600 600 660 1080 1200:
    # mean 4140/5 = 828, median 660, p90 1200.
    assert one(handle_times(SERVICES)) == Durations(5, 828.0, 660.0, 1200.0)
    # By teller and type: (T1, DEP) s1 600 s2 1080 s4 540 s8 540 → sorted 540 540 600 1080,
    # mean 2760/4 = 690, median (540+600)/2 = 570, p90 rank ceil(3.6) = 4 → 1080.
    assert service_times(SERVICES, by=[By.TELLER, By.BUSINESS_TYPE]) == {
        ("T1", "DEP"): Durations(4, 690.0, 570.0, 1080.0),
        ("T2", "LOAN"): Durations(1, 1020.0, 1020.0, 1020.0),
    }


# -- tellers ---------------------------------------------------------------------------------

SESSIONS = [
    SessionRow("x1", BRANCH, DAY, 1, "T1", at(8, 50), at(10, 30)),
    SessionRow("x2", BRANCH, DAY, 2, "T2", at(9, 0), at(10, 30)),
]
PAUSES = [
    PauseRow("x1", "cash", at(10, 15), at(10, 25)),
    PauseRow("x2", "meeting", at(9, 45), at(9, 55)),
    PauseRow("x2", "cash", at(10, 25), None),  # still paused when T2 signed out
]
WINDOW = (at(0, 0), at(0, 0, day=2) + timedelta(hours=1))


def test_teller_time_splits_signed_in_time_into_serving_idle_and_paused() -> None:
    figures = teller_time(SESSIONS, PAUSES, SERVICES, WINDOW, by=[By.TELLER])
    # T1 signed in 8:50→10:30 = 6000 s. Serving: s1 9:05→9:16 660, s2 9:25→9:45 1200, s4
    # 9:50→10:00 600, s7 (the no-show) 10:10→10:12 120 → 2580 (s8 after midnight is outside
    # the session). Paused: cash 10:15→10:25 600. Idle: 6000 - 2580 - 600 = 2820.
    assert figures[("T1",)] == TellerTime(2580.0, 2820.0, {"cash": 600.0})
    # T2 signed in 9:00→10:30 = 5400 s. Serving: s3 9:30→9:40 600; s5 10:02→10:08 and s6
    # 10:02→10:20 overlap: once, 1080 → 1680. Paused: meeting 9:45→9:55 600, cash from
    # 10:25 to the sign-out at 10:30 300. Idle: 5400 - 1680 - 900 = 2820.
    assert figures[("T2",)] == TellerTime(1680.0, 2820.0, {"cash": 300.0, "meeting": 600.0})
    assert figures[("T2",)].signed_in == 5400.0


def test_teller_time_by_hour_is_cut_at_hour_boundaries() -> None:
    figures = teller_time(SESSIONS[:1], PAUSES, SERVICES, WINDOW, by=[By.HOUR])
    # T1: 08:50→09:00 idle 600. 09:00→10:00: serving s1 660 + s2 1200 + s4 600 = 2460, idle
    # 3600 - 2460 = 1140. 10:00→10:30: serving s7 120, paused 600, idle 1800 - 720 = 1080.
    assert figures == {
        ("08",): TellerTime(0.0, 600.0, {}),
        ("09",): TellerTime(2460.0, 1140.0, {}),
        ("10",): TellerTime(120.0, 1080.0, {"cash": 600.0}),
    }


def test_teller_time_by_hour_follows_the_branchs_local_hours() -> None:
    # India (UTC+5:30): T1's 08:50-10:30 UTC is 14:20-16:00 local. 14:20-15:00: idle 08:50-09:00
    # 600, then 09:00-09:30: s1 660 + s2 (09:25-09:30) 300 serving, idle 1800 - 960 = 840 →
    # idle 1440. 15:00-16:00 (09:30-10:30 UTC): serving s2 900 + s4 600 + s7 120 = 1620,
    # paused 600, idle 3600 - 2220 = 1380.
    india = timezone(timedelta(hours=5, minutes=30))
    figures = teller_time(SESSIONS[:1], PAUSES, SERVICES, WINDOW, by=[By.HOUR], zone=india)
    assert figures == {
        ("14",): TellerTime(960.0, 1440.0, {}),
        ("15",): TellerTime(1620.0, 1380.0, {"cash": 600.0}),
    }


def test_teller_time_is_cut_to_the_window() -> None:
    # A window 9:00→10:00: T1 serving 2460 (as above), idle 1140; nothing paused.
    figures = teller_time(SESSIONS[:1], PAUSES, SERVICES, (at(9, 0), at(10, 0)))
    assert one(figures) == TellerTime(2460.0, 1140.0, {})


# -- ratings ---------------------------------------------------------------------------------


def test_scores_on_every_scale_map_to_0_100_and_satisfied_levels() -> None:
    assert [score_0_100(s, 5) for s in (1, 2, 3, 4, 5)] == [0.0, 25.0, 50.0, 75.0, 100.0]
    assert [score_0_100(s, 3) for s in (1, 2, 3)] == [0.0, 50.0, 100.0]
    assert score_0_100(2, 4) == pytest.approx(100 / 3)
    assert [is_satisfied(s, 5) for s in (1, 2, 3, 4, 5)] == [False, False, False, True, True]
    assert [is_satisfied(s, 4) for s in (1, 2, 3, 4)] == [False, False, True, True]
    assert [is_satisfied(s, 3) for s in (1, 2, 3)] == [False, False, True]


def test_satisfaction_of_finished_services() -> None:
    figure = one(satisfaction(SERVICES, RATINGS))
    # Finished: s1 s2 s4 s6 s8 = 5; rated: s1 s4 s6 s8 = 4 (s2 timed out) → response 4/5.
    # Scores on 0-100: s1 5/5 → 100; s4 2/3 → 50; s6 3/4 → 200/3; s8 2/5 → 25.
    # Mean (100 + 50 + 200/3 + 25) / 4 = 725/12. Satisfied: s1 (5 of 5), s6 (3 of 4) → 2/4.
    # Reasons: waiting 2 (s4, s8), efficiency 1.
    assert figure.finished == 5
    assert figure.rated == 4
    assert figure.response_rate == Share(4, 5)
    assert figure.mean_score == pytest.approx(725 / 12)
    assert figure.satisfied_share == Share(2, 4)
    assert figure.reasons == (("waiting", 2), ("efficiency", 1))
    by_teller = satisfaction(SERVICES, RATINGS, by=[By.TELLER])
    # T2: s6 alone, 200/3.
    assert by_teller[("T2",)].mean_score == pytest.approx(200 / 3)
    # T1: s1 s2 s4 s8 finished, s2 not rated: (100 + 50 + 25) / 3 = 175/3; response 3/4.
    assert by_teller[("T1",)].mean_score == pytest.approx(175 / 3)
    assert by_teller[("T1",)].response_rate == Share(3, 4)


# -- procedures ------------------------------------------------------------------------------


def test_sop_compliance_overrides_and_steps_left_open() -> None:
    # Finished: s1 (id_check, sign), s2 (id_check; sign open, S9's override), s4 (both), s6
    # LOAN (id_check, contract), s8 (both) → complete 4 of 5; "sign" left open once. The
    # abandoned parts (s3, s5, s7) are not judged.
    assert one(sop_compliance(SERVICES, STEPS)) == Compliance(
        finished=5,
        complete=4,
        overrides=(Override("s2", "A002", "T1", "S9", "customer in a hurry", ("sign",)),),
        left_open=(("sign", 1),),
    )
    assert sop_compliance(SERVICES, STEPS, by=[By.TELLER])[("T2",)] == Compliance(1, 1)


def test_time_per_step_of_finished_services() -> None:
    # DEP id_check: s1 60, s2 120, s4 30, s8 90 → sorted 30 60 90 120: mean 75, median 75,
    # p90 rank ceil(3.6) = 4 → 120. DEP sign: s1 30, s4 30, s8 45: mean 35, median 30, p90 45.
    # s5's id_check (abandoned by the switch) is left out.
    assert one(step_times(SERVICES, STEPS)) == {
        ("DEP", "id_check"): Durations(4, 75.0, 75.0, 120.0),
        ("DEP", "sign"): Durations(3, 35.0, 30.0, 45.0),
        ("LOAN", "contract"): Durations(1, 200.0, 200.0, 200.0),
        ("LOAN", "id_check"): Durations(1, 100.0, 100.0, 100.0),
    }


def test_authorisations_per_supervisor() -> None:
    # S9: s2's id_check and s2's override; S8: s5's id_check (given, though s5 was abandoned).
    assert one(authorisations(SERVICES, STEPS)) == {
        "S8": Authorisations(steps=1, overrides=0),
        "S9": Authorisations(steps=1, overrides=1),
    }
    assert authorisations(SERVICES, STEPS, by=[By.TELLER]) == {
        ("T1",): {"S9": Authorisations(1, 1)},
        ("T2",): {"S8": Authorisations(1, 0)},
    }


# -- edge cases ------------------------------------------------------------------------------


def test_a_day_without_arrivals_has_zero_figures() -> None:
    assert arrivals([]) == {(): 0}
    assert served([], []) == {(): 0}
    assert waiting_times([]) == {(): Durations(0, None, None, None)}
    assert service_level([], TARGETS)[()].value is None
    assert walk_aways([]) == {(): Share(0, 0)}
    assert service_times([]) == {(): Durations()}
    assert handle_times([]) == {(): Durations()}
    assert recalls([]) == transfers([]) == holds([]) == switches([]) == {(): 0}
    assert teller_time([], [], [], WINDOW) == {(): TellerTime()}
    assert satisfaction([], []) == {(): Satisfaction()}
    assert satisfaction([], [])[()].response_rate.value is None
    assert sop_compliance([], []) == {(): Compliance()}
    assert step_times([], []) == {(): {}}
    assert authorisations([], []) == {(): {}}
    # Grouped, an empty day has no groups at all.
    assert arrivals([], by=[By.TELLER]) == {}


def test_a_ticket_still_waiting_is_in_no_wait_or_service_level_figure() -> None:
    waiting = ticket("A009", "DEP", "waiting", at(12, 0), [("issue", at(12, 0), None)])
    assert one(arrivals([waiting])) == 1
    assert one(waiting_times([waiting])) == Durations()
    assert one(service_level([waiting], TARGETS)) == Share(0, 0)
    assert one(walk_aways([waiting])) == Share(0, 1)


def test_percentiles_of_one_and_two_values() -> None:
    assert Durations.of([7.0]) == Durations(1, 7.0, 7.0, 7.0)
    # Two: median (2+8)/2 = 5; p90 rank ceil(1.8) = 2 → 8.
    assert Durations.of([8.0, 2.0]) == Durations(2, 5.0, 5.0, 8.0)
    # Ten: 1..10, p90 rank ceil(9.0) = 9 → 9 (nearest rank, no interpolation).
    assert Durations.of([float(v) for v in range(10, 0, -1)]).p90 == 9.0
