"""When the running program syncs with head office: a pure, clock-driven plan (no Qt, no I/O).

The rules (issue 10, "When it runs"):

* **Nightly**: at ``[hq] sync_at`` local time plus a random delay of up to :data:`JITTER`
  (30 minutes), drawn once per night, so a branch's terminals do not all knock at once.
* **Catch-up at start**: when the last successful sync ended more than :data:`CATCH_UP_AFTER`
  (a day) ago, or the journal never synced and has events to send, the first run is at once.
* **Retry**: after a failure, again after 1, 2, 4, 8 … minutes (:func:`retry_delay`), at most
  :data:`RETRY_CAP` (an hour) apart, and never later than the next nightly run.
* **Busy**: when another process (``counterdesk sync`` from the OS scheduler) holds the
  journal's sync lock, the program skips and looks again after :data:`BUSY_RECHECK`; a
  success that other sync noted meanwhile settles the plan (:meth:`SyncSchedule.settled`), so
  nothing is sent twice for nothing.

Every method takes the time as an argument (the caller's :class:`~counterdesk.core.clock.Clock`),
so tests drive the plan with a fixed clock.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

#: The longest random delay added to ``sync_at``.
JITTER = timedelta(minutes=30)
#: A last success older than this makes the program sync at start.
CATCH_UP_AFTER = timedelta(days=1)
#: The first retry after a failure; each further failure doubles it.
RETRY_FIRST = timedelta(minutes=1)
#: The longest wait between two retries.
RETRY_CAP = timedelta(minutes=60)
#: How long to leave another process's running sync alone before looking again.
BUSY_RECHECK = timedelta(minutes=5)
#: A nightly run is settled by a success that ended this long before it (an OS scheduler's
#: ``counterdesk sync`` at ``sync_at`` itself, or a little earlier).
NIGHTLY_SETTLED_BY = timedelta(hours=1)


class PlanReason(enum.StrEnum):
    """Why the next sync is planned when it is."""

    CATCH_UP = "catch_up"
    NIGHTLY = "nightly"
    RETRY = "retry"
    RECHECK = "recheck"
    ASKED = "asked"


class SyncResult(enum.StrEnum):
    """How one attempt ended, as far as planning cares."""

    OK = "ok"
    FAILED = "failed"
    BUSY = "busy"


@dataclass(frozen=True)
class SyncPlan:
    """The next planned sync.

    Attributes:
        at: when it is due (aware UTC).
        reason: why then.
        settled_since: a successful sync that ended at or after this time (by anyone) makes
            this run unnecessary.
    """

    at: datetime
    reason: PlanReason
    settled_since: datetime

    def due(self, now: datetime) -> bool:
        """Whether the run is due at ``now``."""
        return now >= self.at


def retry_delay(failures: int) -> timedelta:
    """The wait after ``failures`` failures in a row: 1, 2, 4 … minutes, capped at an hour."""
    if failures < 1:
        raise ValueError(f"a retry follows at least one failure, got {failures}")
    # 2**6 minutes is past the cap already; a bounded exponent keeps the number small.
    doubled: timedelta = RETRY_FIRST * (1 << min(failures - 1, 7))
    return min(doubled, RETRY_CAP)


class SyncSchedule:
    """Plans the running program's syncs; remembers only the failures in a row and the jitter.

    Args:
        sync_at: the local time of the nightly sync (``[hq] sync_at``).
        zone: the local time zone (None: the machine's).
        jitter: draws the random delay of one night, between zero and :data:`JITTER`
            (default: uniform, whole seconds).
    """

    def __init__(
        self,
        sync_at: time,
        *,
        zone: tzinfo | None = None,
        jitter: Callable[[], timedelta] | None = None,
    ) -> None:
        self.sync_at = sync_at
        self.zone = zone
        self._jitter = jitter or _random_jitter
        self._nights: dict[date, timedelta] = {}
        self.failures = 0

    def _local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone) if self.zone is not None else when.astimezone()

    def night_run(self, night: date) -> datetime:
        """The nightly run of a local date: ``sync_at`` plus that night's delay (aware UTC)."""
        if night not in self._nights:
            delay = self._jitter()
            if not timedelta(0) <= delay <= JITTER:
                raise ValueError(f"a nightly delay is between 0 and {JITTER}, got {delay}")
            self._nights[night] = delay
        base = datetime.combine(night, self.sync_at)
        local = base.replace(tzinfo=self.zone) if self.zone is not None else base.astimezone()
        return (local + self._nights[night]).astimezone(UTC)

    def next_nightly(self, now: datetime) -> datetime:
        """The first nightly run after ``now``."""
        night = self._local(now).date() - timedelta(days=1)
        while True:
            run = self.night_run(night)
            if run > now:
                return run
            night += timedelta(days=1)

    def _nightly(self, now: datetime) -> SyncPlan:
        at = self.next_nightly(now)
        return SyncPlan(at, PlanReason.NIGHTLY, at - JITTER - NIGHTLY_SETTLED_BY)

    def at_start(self, now: datetime, last_ok_at: datetime | None, pending: int) -> SyncPlan:
        """The first plan of a program that starts at ``now``.

        Args:
            now: the time now.
            last_ok_at: when the journal's last successful sync ended (None: never).
            pending: outbox events not yet confirmed by head office.

        Returns:
            A catch-up at once when the last success is older than a day (or there is none
            and something waits to be sent); otherwise the next nightly run.
        """
        self.failures = 0
        stale = pending > 0 if last_ok_at is None else now - last_ok_at > CATCH_UP_AFTER
        if stale:
            return SyncPlan(now, PlanReason.CATCH_UP, now)
        return self._nightly(now)

    def after(self, now: datetime, result: SyncResult) -> SyncPlan:
        """The plan after an attempt that ended at ``now`` with ``result``."""
        nightly = self._nightly(now)
        if result is SyncResult.OK:
            self.failures = 0
            return nightly
        if result is SyncResult.BUSY:
            wait, reason = BUSY_RECHECK, PlanReason.RECHECK
        else:
            self.failures += 1
            wait, reason = retry_delay(self.failures), PlanReason.RETRY
        if now + wait >= nightly.at:
            return nightly
        return SyncPlan(now + wait, reason, now)

    def asked(self, now: datetime) -> SyncPlan:
        """A run somebody asked for (a supervisor's "Sync now"): at once, whatever happened."""
        return SyncPlan(now, PlanReason.ASKED, now + timedelta(days=36500))

    @staticmethod
    def settled(plan: SyncPlan, last_ok_at: datetime | None) -> bool:
        """Whether a success noted in the journal (by anyone) makes ``plan`` unnecessary."""
        return last_ok_at is not None and last_ok_at >= plan.settled_since


def _random_jitter() -> timedelta:
    return timedelta(seconds=random.randint(0, int(JITTER.total_seconds())))
