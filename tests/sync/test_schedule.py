"""When the running program syncs: nightly with jitter, catch-up at start, retries with back-off."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from counterdesk.core.clock import FixedClock
from counterdesk.sync.schedule import (
    BUSY_RECHECK,
    JITTER,
    PlanReason,
    SyncResult,
    SyncSchedule,
    retry_delay,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A Beijing time on a day of December 2026, as UTC (what the clock tells)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def schedule(delay_minutes: float = 14) -> SyncSchedule:
    return SyncSchedule(time(2, 0), zone=SHANGHAI, jitter=lambda: timedelta(minutes=delay_minutes))


def test_nightly_run_is_sync_at_plus_the_nights_delay_in_local_time() -> None:
    plan = schedule().at_start(local(1, 15), local(1, 2, 14), pending=3)
    assert plan.reason is PlanReason.NIGHTLY
    assert plan.at == local(2, 2, 14)
    assert plan.at.tzinfo is UTC


def test_before_sync_at_the_nightly_run_is_the_same_night() -> None:
    plan = schedule().at_start(local(2, 1, 30), local(1, 9), pending=0)
    assert plan.at == local(2, 2, 14)


def test_each_night_draws_its_delay_once_and_keeps_it() -> None:
    draws = iter([timedelta(minutes=5), timedelta(minutes=29), timedelta(minutes=1)])
    plan = SyncSchedule(time(2, 0), zone=SHANGHAI, jitter=lambda: next(draws))
    first = plan.next_nightly(local(2, 0))
    assert plan.next_nightly(local(2, 1)) == first  # asked again: the same night's delay
    assert plan.next_nightly(first) != first  # after it: the next night
    assert {
        first.astimezone(SHANGHAI).minute,
        plan.next_nightly(first).astimezone(SHANGHAI).minute,
    } <= {5, 29, 1}


def test_random_delay_stays_within_thirty_minutes() -> None:
    plan = SyncSchedule(time(2, 0), zone=SHANGHAI)
    for day in range(1, 29):
        run = plan.night_run(datetime(2026, 12, day).date()).astimezone(SHANGHAI)
        assert run.replace(tzinfo=None) - datetime(2026, 12, day, 2, 0) <= JITTER


def test_a_delay_outside_the_window_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and"):
        schedule(31).next_nightly(local(1, 12))


def test_start_catches_up_when_the_last_success_is_older_than_a_day() -> None:
    now = local(3, 9)
    plan = schedule().at_start(now, now - timedelta(days=1, minutes=1), pending=0)
    assert (plan.reason, plan.at) == (PlanReason.CATCH_UP, now)
    recent = schedule().at_start(now, now - timedelta(hours=23), pending=50)
    assert recent.reason is PlanReason.NIGHTLY


def test_a_journal_never_synced_catches_up_once_it_has_something_to_send() -> None:
    now = local(3, 9)
    assert schedule().at_start(now, None, pending=0).reason is PlanReason.NIGHTLY
    assert schedule().at_start(now, None, pending=1).reason is PlanReason.CATCH_UP


def test_retry_delay_doubles_from_a_minute_up_to_an_hour() -> None:
    minutes = [retry_delay(n) / timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    with pytest.raises(ValueError, match="at least one failure"):
        retry_delay(0)


def test_failures_retry_with_back_off_driven_by_the_clock() -> None:
    clock = FixedClock(local(2, 2, 14))
    plan = schedule()
    plan.at_start(clock.now(), clock.now() - timedelta(hours=24), pending=0)
    waits = []
    for _ in range(8):
        step = plan.after(clock.now(), SyncResult.FAILED)
        assert step.reason is PlanReason.RETRY
        waits.append(step.at - clock.now())
        assert step.settled_since == clock.now()
        clock.set(step.at)  # the retry ran at once, and failed again
    assert [w / timedelta(minutes=1) for w in waits] == [1, 2, 4, 8, 16, 32, 60, 60]
    success = plan.after(clock.now(), SyncResult.OK)
    assert success.reason is PlanReason.NIGHTLY
    assert plan.failures == 0
    assert plan.after(success.at, SyncResult.FAILED).at - success.at == timedelta(minutes=1)


def test_a_retry_never_goes_past_the_next_nightly_run() -> None:
    plan = schedule()
    plan.failures = 6  # the next wait would be an hour
    now = local(3, 1, 50)
    step = plan.after(now, SyncResult.FAILED)
    assert (step.reason, step.at) == (PlanReason.NIGHTLY, local(3, 2, 14))


def test_another_running_sync_is_looked_at_again_without_counting_a_failure() -> None:
    plan = schedule()
    now = local(3, 2, 14)
    step = plan.after(now, SyncResult.BUSY)
    assert (step.reason, step.at) == (PlanReason.RECHECK, now + BUSY_RECHECK)
    assert plan.failures == 0


def test_a_success_by_another_sync_settles_the_plan() -> None:
    plan = schedule()
    nightly = plan.at_start(local(2, 15), local(2, 2, 5), pending=0)
    # The OS scheduler's `counterdesk sync` at 02:00 sharp, before the program's 02:14.
    assert SyncSchedule.settled(nightly, local(3, 2, 1))
    # Yesterday's success does not.
    assert not SyncSchedule.settled(nightly, local(2, 2, 5))
    assert not SyncSchedule.settled(nightly, None)
    retry = plan.after(local(3, 2, 14), SyncResult.FAILED)
    assert SyncSchedule.settled(retry, local(3, 2, 15))
    assert not SyncSchedule.settled(plan.asked(local(3, 10)), local(3, 10, 1))


def test_the_local_time_follows_daylight_saving() -> None:
    paris = ZoneInfo("Europe/Paris")
    plan = SyncSchedule(time(2, 30), zone=paris, jitter=lambda: timedelta(0))
    # 29 March 2026: 02:30 does not exist in Paris; the run is still once that night.
    before = datetime(2026, 3, 28, 12, tzinfo=paris)
    first = plan.next_nightly(before)
    second = plan.next_nightly(first)
    assert timedelta(hours=22) <= second - first <= timedelta(hours=26)
