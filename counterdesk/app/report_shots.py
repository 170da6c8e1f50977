"""Made-up data for the screenshots of the manager's pages: Reports, Staffing and Stars.

Reports: two weeks of a branch, made up with a seed. The figures come from
:func:`~counterdesk.services.period_report.compute_report` over
:class:`~counterdesk.services.local_kpis.LocalKpis`, as on a real PC; only the rows are
generated (a busy lunch hour, a slow Monday, a teller who skips a step now and then), so every
chart has something worth looking at. Staffing: eight weeks of history; Stars: a month's levels
by the shipped policy. Nothing is written anywhere but the PNG files.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from counterdesk.core.errors import Bilingual
from counterdesk.core.kpis import (
    PauseRow,
    RatingRow,
    ServiceRow,
    SessionRow,
    StepRow,
    TicketEvent,
    TicketRow,
)
from counterdesk.core.ratings import SHIPPED_REASONS
from counterdesk.services.kpi_day import DayRows
from counterdesk.services.local_kpis import LocalKpis
from counterdesk.services.period_report import PeriodReport, compute_report
from counterdesk.sync.hq_kpi import Scope

ZONE = ZoneInfo("Asia/Shanghai")
BRANCH = "BJ0101"
TELLERS = {"1001": "Li Na 李娜", "1002": "Zhang Wei 张伟", "1003": "Chen Jing 陈静",
           "1004": "Wang Lei 王磊"}  # fmt: skip
TYPES = {"DEP": 600, "WDR": 600, "TRF": 900, "FX": 1200}
STEPS = {"DEP": ("identity", "deposit_slip", "count_cash", "signature", "return_documents"),
         "WDR": ("identity", "card_and_pin", "amount", "pay_out", "signature"),
         "TRF": ("identity", "payee", "amount", "fraud_warning", "signature"),
         "FX": ("identity", "direction", "amount", "declaration", "signature")}  # fmt: skip
#: Customers per hour from 09:00 to 16:00 (a lunch peak).
PROFILE = (14, 18, 16, 24, 22, 15, 13, 10)


def _day(rng: random.Random, day: date) -> DayRows:
    tickets: list[TicketRow] = []
    services: list[ServiceRow] = []
    steps: list[StepRow] = []
    ratings: list[RatingRow] = []
    busy = 1.3 if day.weekday() == 0 else 1.0
    free_at = dict.fromkeys(TELLERS, datetime.combine(day, time(9), ZONE).astimezone(UTC))
    number = 0
    for hour, per_hour in enumerate(PROFILE, start=9):
        minutes = sorted(
            rng.randrange(60) for _ in range(round(per_hour * busy * rng.uniform(0.8, 1.1)))
        )
        for minute in minutes:
            number += 1
            btype = rng.choices(list(TYPES), (5, 4, 2, 1))[0]
            issued = datetime.combine(day, time(hour, minute), ZONE).astimezone(UTC)
            teller = min(free_at, key=lambda t: free_at[t])
            called = max(issued + timedelta(seconds=rng.randint(20, 90)), free_at[teller])
            tid = f"{day}-{number}"
            label = f"{btype[0]}{number:03d}"
            if (called - issued).total_seconds() > rng.uniform(900, 2400):
                ended = issued + timedelta(seconds=rng.randint(900, 1500))
                tickets.append(TicketRow(tid, label, BRANCH, day, btype, btype, "no_show", issued,
                                         None, None, ended))  # fmt: skip
                continue
            counter = 3 + list(TELLERS).index(teller)
            started = called + timedelta(seconds=rng.randint(20, 60))
            slow = 1.35 if teller == "1004" else 1.0
            finished = started + timedelta(seconds=rng.randint(240, 620) * slow)
            free_at[teller] = finished + timedelta(seconds=rng.randint(10, 40))
            events = (
                TicketEvent("call", called, counter),
                TicketEvent("finish", finished, counter),
            )
            tickets.append(TicketRow(tid, label, BRANCH, day, btype, btype, "finished", issued,
                                     called, counter, finished, events, teller))  # fmt: skip
            sid = f"s-{tid}"
            skipped = rng.random() < (0.12 if teller == "1003" else 0.03)
            mandatory = STEPS[btype]
            services.append(ServiceRow(sid, tid, label, BRANCH, day, counter, teller, btype,
                                       called, started, finished, "finished",
                                       override_by="2001" if skipped else None,
                                       mandatory_steps=mandatory))  # fmt: skip
            at = started
            for n, step in enumerate(mandatory):
                if skipped and n == len(mandatory) - 1 - (number % 2):
                    continue
                seconds = rng.uniform(15, 60) * (2.2 if step == "count_cash" else 1.0)
                at += timedelta(seconds=seconds)
                steps.append(StepRow(sid, step, at, seconds, checked_by=teller))
            if rng.random() < 0.72:
                low = (called - issued).total_seconds() > 700 or rng.random() < 0.08
                score = rng.choice((1, 2, 3)) if low else rng.choice((4, 5, 5, 5))
                reasons: tuple[str, ...] = ()
                if score <= 3:
                    waited = (called - issued).total_seconds() > 600
                    first = "waiting" if waited else rng.choice(("efficiency", "attitude"))
                    reasons = (first,) if rng.random() < 0.6 else (first, "environment")
                ratings.append(RatingRow(sid, "rated", score, 5, reasons, None, finished,
                                         finished + timedelta(seconds=8)))  # fmt: skip
    start = datetime.combine(day, time(), ZONE).astimezone(UTC)
    window = (start, start + timedelta(days=1))
    sessions, pauses = [], []
    for n, teller in enumerate(TELLERS):
        opens = datetime.combine(day, time(8, 45), ZONE).astimezone(UTC)
        sid = f"session-{day}-{teller}"
        sessions.append(SessionRow(sid, BRANCH, day, 3 + n, teller, opens,
                                   opens + timedelta(hours=8, minutes=15)))  # fmt: skip
        lunch = datetime.combine(day, time(11 + n % 2, 30), ZONE).astimezone(UTC)
        pauses.append(PauseRow(sid, "lunch", lunch, lunch + timedelta(minutes=30)))
    return DayRows(BRANCH, day, window, tuple(tickets), tuple(services), tuple(steps),
                   tuple(ratings), tuple(sessions), tuple(pauses))  # fmt: skip


class _MadeUp:
    """A report source over generated days (what ``LocalReportSource`` reads from a PC)."""

    kind = "local"

    def __init__(self, days: list[DayRows]) -> None:
        self.days = days

    def open(self, scope: Scope, cancelled: Callable[[], bool]) -> LocalKpis:
        return LocalKpis(self.days, scope.zone)

    def cancel(self) -> None:
        """Nothing runs."""

    def close(self) -> None:
        """Nothing to close."""


def sample_report(
    last: date = date(2026, 11, 27),
    step_names: Mapping[tuple[str, str], Bilingual] | None = None,
) -> PeriodReport:
    """Two working weeks ending ``last``, made up with a fixed seed."""
    rng = random.Random(13)
    first = last - timedelta(days=13)
    days = [first + timedelta(days=n) for n in range(14)]
    rows = [_day(rng, d) for d in days if d.weekday() < 5]
    return compute_report(
        _MadeUp(rows), Scope(first, last, BRANCH, ZONE), TYPES, lambda: False,
        names=TELLERS,
        reason_names={r.code: Bilingual(r.text_en, r.text_zh) for r in SHIPPED_REASONS},
        step_names=step_names,
    )  # fmt: skip


def report_screenshots(window: Any, page: Any, shot: Callable[[Any, str], None]) -> None:
    """The Reports page with the sample report, one picture per tab (``manager-report-*``)."""
    from counterdesk.app.paths import resource
    from counterdesk.services.library import ProcedureLibrary

    library = ProcedureLibrary.load(resource("procedures"), page.catalogue)
    steps = {
        (code, step.id): Bilingual(step.text_en, step.text_zh)
        for code, procedure in library.procedures.items()
        for step in procedure.steps
    }
    report = sample_report(step_names=steps)
    page.set_period(report.first, report.last)
    window.show_reports()
    page.show_report(report)
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        shot(window, f"manager-report-{page.tabs.widget(index).key}")


def sample_star_levels(month: str) -> Any:
    """A month's levels by the shipped policy from made-up figures, for the Stars page.

    Li Na earns her level; Zhang Wei's computed level was set lower by the supervisor; Chen Jing
    served too few customers for a level.
    """
    from counterdesk.app.paths import resource
    from counterdesk.core.stars import adjust, grade, load_policy
    from counterdesk.sync.hq_stars import MonthLevels

    policy = load_policy(resource("stars/counter-staff.toml"))
    figures = {
        "1001": {"satisfaction": 91.0, "service_level": 86.0, "service_time_vs_norm": 96.0,
                 "sop_compliance": 99.0, "transfer_share": 3.0, "business_types": 7,
                 "served": 412, "idle_share": 4.0, "pause_share": 6.0, "complaints": 0,
                 "overrides": 1, "audit_anomalies": 0},
        "1002": {"satisfaction": 84.0, "service_level": 78.0, "service_time_vs_norm": 104.0,
                 "sop_compliance": 96.0, "transfer_share": 5.0, "business_types": 5,
                 "served": 356, "idle_share": 7.0, "pause_share": 9.0, "complaints": 2,
                 "overrides": 0, "audit_anomalies": 0},
        "1004": {"satisfaction": 76.0, "service_level": 70.0, "service_time_vs_norm": 118.0,
                 "sop_compliance": 92.0, "transfer_share": 8.0, "business_types": 4,
                 "served": 298, "idle_share": 11.0, "pause_share": 12.0, "complaints": 1,
                 "overrides": 2, "audit_anomalies": 0},
        "1003": {"satisfaction": 95.0, "served": 14, "business_types": 2},
    }  # fmt: skip
    grades = {who: grade(policy, who, month, values) for who, values in figures.items()}
    lowered = max(1, (grades["1002"].stars or 2) - 1)
    grades["1002"] = adjust(grades["1002"], lowered, "Two complaints upheld after review", "2001")
    ordered = tuple(grades[who] for who in sorted(grades))
    return MonthLevels(month, policy, ordered, {}, {"1002": 1})


def sample_history() -> Any:
    """Eight weeks of a busy branch, Monday to Saturday 08:00-17:00, for the Staffing page.

    Arrivals follow a morning and an afternoon peak, heavier on Mondays and Fridays; half are
    deposits (240 s), a third withdrawals (270 s), the rest VIP (600 s, 15 min target); one
    customer in ten walks away after 150 s on average (a patience of about 25 min).
    """
    from datetime import date

    from counterdesk.core.staffing_plan import History, HourHistory

    hours = {8: 6, 9: 18, 10: 26, 11: 22, 12: 14, 13: 12, 14: 18, 15: 22, 16: 16}
    days = {0: 1.3, 1: 1.0, 2: 0.9, 3: 1.0, 4: 1.4, 5: 0.7}
    mix = (("DEP", 0.5, 240.0), ("WDR", 0.35, 270.0), ("VIP", 0.15, 600.0))
    weeks = 8
    cells = []
    for weekday, busy in days.items():
        for hour, rate in hours.items():
            for code, share, seconds in mix:
                arrivals = round(rate * busy * share * weeks)
                walked = round(arrivals * 0.1)
                cells.append(
                    HourHistory(weekday, hour, code, arrivals, walked, arrivals,
                                arrivals * 150.0, arrivals - walked,
                                (arrivals - walked) * seconds)
                )  # fmt: skip
    return History(date(2026, 10, 5), date(2026, 11, 28), dict.fromkeys(days, weeks),
                   tuple(cells))  # fmt: skip
