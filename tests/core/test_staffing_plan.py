"""The weekday × hour staffing plan: history summed from KPI rows, and counters needed, by hand."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from counterdesk.core.errors import DomainError
from counterdesk.core.kpis import ServiceRow, TicketRow
from counterdesk.core.staffing import Demand, Model, counters_needed
from counterdesk.core.staffing_plan import History, HourHistory, history_of, plan

TARGETS = {"DEP": 600, "WDR": 600, "VIP": 900}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _history(walk_aways: int = 0) -> History:
    """Two Mondays and one Tuesday (see each test for the hand figures)."""
    return History(
        first=date(2026, 11, 2),
        last=date(2026, 11, 10),
        days={0: 2, 1: 1},
        cells=(
            # Monday 09:00: 20 deposits (300 s each, 20 services: their own mean), 4 VIP.
            HourHistory(0, 9, "DEP", 20, walk_aways, 29, 29 * 120.0, 20, 6000.0),
            HourHistory(0, 9, "VIP", 4),
            # Monday 10:00: nobody arrives; two VIP services finish (600 s each).
            HourHistory(0, 10, "VIP", services=2, service_seconds=1200.0),
            # Monday 11:00: 2 deposits; 5 services of 600 s (too few: DEP's period mean).
            HourHistory(0, 11, "DEP", 2, services=5, service_seconds=3000.0),
            # Tuesday 09:00: 3 withdrawals, 3 services of 300 s.
            HourHistory(1, 9, "WDR", 3, services=3, service_seconds=900.0),
        ),
    )


def test_pooled_types_take_the_strictest_target_and_erlang_c_counters() -> None:
    result = plan(_history(), TARGETS, 0.8)
    assert result.weekdays == (0, 1)
    assert result.hours == (9, 10, 11)
    assert result.patience_seconds is None  # nobody walked away: Erlang C only

    # Monday 09:00: λ = 20/2 + 4/2 = 12 an hour; VIP's service time is its period mean
    # (1200/2 = 600 s); S = (10·300 + 2·600)/12 = 350 s; a = 12·350/3600 = 1.1667 Erlangs;
    # T = min(600, 900) = 600 s. One counter is below the load; two: B(2) = 0.239024,
    # C = 2·B/(2 − a(1 − B)) = 0.429825, SL = 1 − C·e^(−(2 − a)·600/350) = 0.896992 ≥ 0.8.
    nine = result.cell(0, 9)
    assert nine.arrivals_per_hour == pytest.approx(12.0)
    assert nine.service_seconds == pytest.approx(350.0)
    assert nine.target_seconds == 600
    assert nine.load == pytest.approx(1.166667, abs=1e-6)
    assert nine.counters == 2
    assert nine.erlang_c is not None
    assert nine.erlang_c.service_level == pytest.approx(0.896992, abs=1e-6)
    # Mean wait C·S/(n − a) = 0.429825·350/0.833333 = 180.53 s.
    assert nine.erlang_c.mean_wait_seconds == pytest.approx(180.527, abs=1e-3)
    assert nine.erlang_a is None

    # Monday 10:00: no arrivals → 0 counters, explicitly, and no prediction.
    ten = result.cell(0, 10)
    assert (ten.counters, ten.arrivals_per_hour, ten.erlang_c) == (0, 0.0, None)

    # Monday 11:00: λ = 1; 5 services are under MIN_SERVICES, so DEP's period mean
    # (6000 + 3000)/25 = 360 s; a = 0.1; one counter: C = a = 0.1,
    # SL = 1 − 0.1·e^(−0.9·600/360) = 0.977687.
    eleven = result.cell(0, 11)
    assert eleven.service_seconds == pytest.approx(360.0)
    assert eleven.counters == 1
    assert eleven.erlang_c is not None
    assert eleven.erlang_c.service_level == pytest.approx(0.977687, abs=1e-6)

    # Tuesday 09:00: λ = 3, S = 300, a = 0.25: one counter, SL = 1 − 0.25·e^(−1.5) = 0.944217.
    tuesday = result.cell(1, 9)
    assert tuesday.counters == 1
    assert tuesday.erlang_c is not None
    assert tuesday.erlang_c.service_level == pytest.approx(0.944217, abs=1e-6)
    assert [result.cell(1, h).counters for h in (10, 11)] == [0, 0]


def test_a_stricter_level_needs_a_third_counter() -> None:
    # Monday 09:00 at 95%: two counters give 0.897; three: B(3) = 0.085049, C = 0.132026,
    # SL = 1 − C·e^(−1.8333·600/350) = 0.994301.
    nine = plan(_history(), TARGETS, 0.95).cell(0, 9)
    assert nine.counters == 3
    assert nine.erlang_c is not None
    assert nine.erlang_c.service_level == pytest.approx(0.994301, abs=1e-6)


def test_walk_aways_add_erlang_a_with_the_periods_patience() -> None:
    # 2 walk-aways of 29 arrivals, mean wait 120 s over 29 known waits:
    # patience = 120 / (2/29) = 1740 s, for every weekday-hour.
    result = plan(_history(walk_aways=2), TARGETS, 0.8)
    assert result.patience_seconds == pytest.approx(1740.0)
    nine = result.cell(0, 9)
    expected = counters_needed(Demand(12.0, 350.0, 1740.0), 600, 0.8, model=Model.ERLANG_A)
    assert nine.erlang_a == expected
    assert nine.erlang_a_differs == (expected.counters != 2)
    assert nine.counters == 2  # the table's figure stays Erlang C's
    assert result.cell(0, 10).erlang_a is None


def test_an_empty_history_plans_nothing() -> None:
    empty = plan(History(date(2026, 11, 2), date(2026, 11, 8), {}, ()), TARGETS, 0.8)
    assert (empty.weekdays, empty.hours, dict(empty.cells)) == ((), (), {})
    with pytest.raises(DomainError):
        plan(_history(), TARGETS, 0)


def _ticket(
    tid: str,
    day: date,
    issued: datetime,
    state: str,
    btype: str = "DEP",
    called: datetime | None = None,
    ended: datetime | None = None,
) -> TicketRow:
    return TicketRow(tid, tid, "K", day, btype, btype, state, issued, called, None, ended)


def _service(sid: str, day: date, started: datetime, finished: datetime, btype: str = "DEP",
             previous: str | None = None, state: str = "finished") -> ServiceRow:  # fmt: skip
    return ServiceRow(sid, "t", "A1", "K", day, 3, "1001", btype, started, started,
                      finished, state, previous_service_id=previous)  # fmt: skip


def test_history_of_sums_rows_by_weekday_local_hour_and_type() -> None:
    monday, tuesday, next_monday = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 7)

    def utc(d: date, h: int, m: int, s: int = 0) -> datetime:
        return datetime(d.year, d.month, d.day, h, m, s, tzinfo=UTC)

    tickets = [
        # 01:10 UTC is 09:10 in Shanghai: waited 90 s.
        _ticket("a", monday, utc(monday, 1, 10), "finished", called=utc(monday, 1, 11, 30)),
        # Never called, gave up after 400 s: a walk-away with a known wait.
        _ticket("b", monday, utc(monday, 1, 20), "expired", ended=utc(monday, 1, 26, 40)),
        # Still waiting: no wait known.
        _ticket("c", next_monday, utc(next_monday, 1, 59), "waiting"),
        # Called (clock stepped back): wait 0; a no-show is a walk-away.
        _ticket("d", tuesday, utc(tuesday, 2, 0), "no_show", "VIP", called=utc(tuesday, 1, 59)),
        # Outside the period.
        _ticket("e", date(2026, 12, 8), utc(date(2026, 12, 8), 2, 0), "finished"),
    ]
    services = [
        # A switch: the visit starts 09:12 and ends 10:05 local as WDR: 53 min = 3180 s.
        _service("s1", monday, utc(monday, 1, 12), utc(monday, 1, 30), "DEP", state="abandoned"),
        _service("s2", monday, utc(monday, 1, 30), utc(monday, 2, 5), "WDR", previous="s1"),
        # An abandoned visit is no service time.
        _service("s3", tuesday, utc(tuesday, 2, 1), utc(tuesday, 2, 2), "VIP", state="abandoned"),
    ]
    history = history_of(tickets, services, first=monday, last=next_monday, zone=SHANGHAI)
    assert history.days == {0: 2, 1: 1}
    assert history.cells == (
        HourHistory(0, 9, "DEP", arrivals=3, walk_aways=1, waits=2, wait_seconds=490.0),
        HourHistory(0, 10, "WDR", services=1, service_seconds=3180.0),
        HourHistory(1, 10, "VIP", arrivals=1, walk_aways=1, waits=1, wait_seconds=0.0),
    )
    # Monday 09:00: 3 deposits over 2 Mondays = 1.5 an hour; DEP was never served, so the
    # service time is the mean of every service of the period, 3180 s.
    result = plan(history, TARGETS, 0.8)
    assert result.cell(0, 9).arrivals_per_hour == 1.5
    assert result.cell(0, 9).service_seconds == 3180.0
    assert math.isclose(result.cell(0, 9).load, 1.5 * 3180 / 3600)


def test_a_type_never_served_takes_its_usual_service_time() -> None:
    history = History(
        date(2026, 11, 30), date(2026, 11, 30), {0: 1}, (HourHistory(0, 9, "DEP", 3),)
    )
    # Nothing finished in the period: no service time, unless the type's usual one is known.
    with pytest.raises(DomainError, match="service time is unknown"):
        plan(history, TARGETS, 0.8)
    # λ = 3, S = 240 s (the catalogue's), a = 0.2: one counter, C = 0.2,
    # SL = 1 − 0.2·e^(−0.8·600/240) = 0.972933.
    nine = plan(history, TARGETS, 0.8, {"DEP": 240}).cell(0, 9)
    assert nine.service_seconds == 240
    assert nine.counters == 1
    assert nine.erlang_c is not None
    assert nine.erlang_c.service_level == pytest.approx(0.972933, abs=1e-6)
