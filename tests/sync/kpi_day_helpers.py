"""A realistic business day served by real desks and pushed to HQ, for the KPI comparisons.

A seeded random day at three counters (each its own journal, one SQLite queue in Shanghai's
zone), served through the real desks: transfers, recalls, holds, no-shows, expiries at the
day's close, switches of business type, ratings on 3-, 4- and 5-level scales with timeouts and
skips, supervisors' step authorisations and finish overrides, a pause, and a ticket called
after local midnight. Used by the HQ tests of KPIs, facts, reports, stars and staffing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.kpis import By
from counterdesk.core.procedures.model import CaptureType
from counterdesk.core.ratings import RatingScale
from counterdesk.core.staff import Role
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.services.kpi_day import DayRows, read_day
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage.counter_journal import CounterJournal
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.sync_outbox import SyncJournal
from counterdesk.storage.unit_of_work import UnitOfWork
from counterdesk.sync.hq import add_branch, init_hq
from counterdesk.sync.push import push
from counterdesk.sync.tickets import QueueSource

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
PASSWORD = "branch-k-password"
ZONE = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 30)
OPENS = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
TELLERS = {3: ("1001", "1234"), 4: ("1002", "5678"), 5: ("1003", "1357")}
SUPERVISORS = (("2001", "2468"), ("2002", "8642"))
VALID_ID = "11010519491231002X"
TARGETS = {"DEP": 600, "WDR": 600, "VIP": 900}
#: The groupings the KPI comparisons run.
GROUPINGS: tuple[tuple[By, ...], ...] = (
    (),
    (By.BRANCH,),
    (By.COUNTER,),
    (By.TELLER,),
    (By.BUSINESS_TYPE,),
    (By.HOUR,),
    (By.DAY, By.WEEK, By.MONTH),
    (By.TELLER, By.BUSINESS_TYPE),
    (By.COUNTER, By.HOUR),
)


def _station(path: Path, clock: FixedClock, catalogue: Catalogue, counter: int) -> Station:
    serves = {3: ("DEP", "WDR"), 4: ("WDR", "DEP", "VIP"), 5: ("VIP", "DEP")}[counter]
    config = Config(data_dir=path.parent, journal_path=Path(path.name), counter_number=counter,
                    branch_name="Branch K", serves=serves)  # fmt: skip
    return Station(config=config, clock=clock, journal=open_journal(path, clock),
                   catalogue=catalogue)  # fmt: skip


def _at_counter(desk: CounterDesk) -> str | None:
    """The ticket id at the counter, or None."""
    current = desk.state().current
    return None if current is None else current.ticket.id


def _desk(
    tmp_path: Path, clock: FixedClock, catalogue: Catalogue, counter: int, levels: int
) -> CounterDesk:
    path = tmp_path / f"journal{counter}.db"
    db = open_journal(path, clock)
    staff = StaffDirectory(db, clock)
    for number, (staff_no, pin) in TELLERS.items():
        staff.add(staff_no, f"Teller {number}", Role.TELLER, pin)
    for staff_no, pin in SUPERVISORS:
        staff.add(staff_no, f"Supervisor {staff_no}", Role.SUPERVISOR, pin)
    db.close()
    station = _station(path, clock, catalogue, counter)
    desk = CounterDesk(
        counter=counter,
        branch_name="Branch K",
        queue=SqliteQueue(tmp_path / "queue.db", catalogue, clock, local_zone=ZONE),
        uow=UnitOfWork(station.journal, clock),
        staff=StaffDirectory(station.journal, clock),
        catalogue=catalogue,
        library=ProcedureLibrary.load(RESOURCES / "procedures", catalogue),
        policy=station.policy(counter),
        clock=clock,
        rating_scale=RatingScale(levels),
        rating_timeout=30,
    )
    desk.start_up()
    return desk


class Day:
    """Drives the desks through a business day with a seeded random generator."""

    def __init__(self, desks: list[CounterDesk], clock: FixedClock, seed: int) -> None:
        self.desks = desks
        self.clock = clock
        self.rng = random.Random(seed)
        self.switched: set[str] = set()
        self.refused = 0
        self.switches = 0
        self.errors: list[str] = []

    def _value(self, capture: Any) -> str | None:
        if capture is None:
            return None
        if capture.type is CaptureType.ID_NUMBER:
            return VALID_ID
        if capture.type is CaptureType.AMOUNT:
            return self.rng.choice(["100.00", "2,000.00", "250,000.00"])
        if capture.type is CaptureType.INTEGER:
            return "1"
        if capture.type is CaptureType.CHOICE:
            return str(capture.choices[0].value)
        return "ok"

    def _steps(self, desk: CounterDesk, everything: bool) -> None:
        for _ in range(12):
            current = desk.state().current
            if current is None:
                return
            open_steps = [v for v in current.steps if v.record is None]
            if not open_steps or (not everything and self.rng.random() < 0.3):
                return
            view = open_steps[0]
            self.clock.advance(self.rng.randint(5, 60))
            value = self._value(view.step.capture)
            if view.needs_authorisation:
                desk.authorise_step(view.step.id, value, *self.rng.choice(SUPERVISORS))
            else:
                desk.check_step(view.step.id, value)

    def finish(self, desk: CounterDesk) -> None:
        current = desk.state().current
        assert current is not None
        warn = current.procedure.on_incomplete.value == "warn"
        if warn and self.rng.random() < 0.5:
            self._steps(desk, everything=False)
            after = desk.state().current
            if after is not None and after.open_mandatory:
                desk.finish("customer in a hurry", *self.rng.choice(SUPERVISORS))
                self._answer(desk)
                return
        self._steps(desk, everything=True)
        desk.finish()
        self._answer(desk)

    def _answer(self, desk: CounterDesk) -> None:
        """The customer answers the prompt at once (most do), or walks off (a timeout later)."""
        for _ in range(3):
            self.clock.advance(self.rng.randint(2, 8))
            if self.rng.random() < 0.2 or not self._rating(desk):
                return

    def _rating(self, desk: CounterDesk) -> bool:
        prompt = desk.state().rating
        if prompt is None:
            return False
        if prompt.step.value == "done":
            desk.dismiss_rating()
            return True
        if prompt.step.value == "reasons":
            codes = [r.code for r in prompt.reasons]
            desk.rate_reasons(self.rng.sample(codes, self.rng.randint(1, 2)))
            return True
        roll = self.rng.random()
        if roll < 0.8:
            desk.rate(self.rng.randint(1, prompt.scale.levels))
        elif roll < 0.9:
            desk.decline_rating()
        elif self.clock.now() >= prompt.deadline:
            desk.expire_rating()
        else:
            return False
        return True

    def act(self, desk: CounterDesk) -> None:
        """One thing a desk does next."""
        if self._rating(desk):
            return
        state = desk.state()
        current = state.current
        if current is None:
            held = [t for t in desk.queue.at_counter(desk.counter) if t.state.value == "held"]
            if held and self.rng.random() < 0.5:
                desk.resume_held(held[0].id)
            elif self.rng.random() < 0.02:
                desk.pause("lunch")
                self.clock.advance(self.rng.randint(300, 900))
                desk.resume()
            else:
                desk.call_next()
            return
        roll = self.rng.random()
        if current.started_at is None:
            if roll < 0.1:
                desk.recall()
            elif roll < 0.18:
                desk.no_show()
            else:
                desk.start()
            return
        code = current.business_type.code
        if roll < 0.06:
            other = self.rng.choice([c for c in TARGETS if c != code])
            desk.transfer(business_type=other)
        elif roll < 0.1:
            desk.hold()
        elif roll < 0.22 and current.ticket.id not in self.switched:
            self.switched.add(current.ticket.id)
            desk.switch_business_type(self.rng.choice([c for c in TARGETS if c != code]))
            self.switches += 1
        else:
            self.finish(desk)

    def wind_down(self, desk: CounterDesk) -> None:
        """Serve what is at the counter (held customers too) and close the rating prompt."""
        for _ in range(50):
            state = desk.state()
            held = [t for t in desk.queue.at_counter(desk.counter) if t.state.value == "held"]
            if state.rating is not None:
                self.clock.advance(31)
                desk.expire_rating()
                desk.dismiss_rating()
            elif state.current is not None and state.current.started_at is None:
                desk.start()
            elif state.current is not None:
                self.finish(desk)
            elif held:
                desk.resume_held(held[0].id)
            else:
                return
        raise AssertionError(f"counter {desk.counter} could not wind down")

    def run(self, until: datetime) -> None:
        """Issue tickets and let every desk act until ``until``."""
        queue = self.desks[0].queue
        while self.clock.now() < until:
            for _ in range(self.rng.choice([0, 1, 1, 2])):
                queue.issue(self.rng.choice(list(TARGETS)))
            for desk in self.desks:
                try:
                    self.act(desk)
                except DomainError as exc:
                    self.refused += 1
                    self.errors.append(str(exc))
                self.clock.advance(self.rng.randint(5, 40))


def serve_and_push(
    tmp_path: Path, catalogue: Catalogue, hq_url: str, owner: str, code: str
) -> DayRows:
    """Serve the generated day at three counters, push it to a new HQ; ``read_day``'s rows.

    Args:
        tmp_path: where the journals and the queue go.
        catalogue: the business types.
        hq_url: an empty database (``hq init`` runs with ``owner``).
        owner: the HQ owner role.
        code: the branch (registered with :data:`PASSWORD`).
    """
    clock = FixedClock(OPENS)
    desks = [_desk(tmp_path, clock, catalogue, c, levels) for c, levels in ((3, 5), (4, 4), (5, 3))]
    try:
        for desk in desks:
            desk.sign_in(*TELLERS[desk.counter])
        day = Day(desks, clock, seed=13)
        day.run(OPENS + timedelta(hours=3))
        for desk in desks:
            day.wind_down(desk)
        desks[1].pause("lunch")
        clock.advance(600)
        desks[1].resume()
        for desk in desks[1:]:
            desk.sign_out()
        # The last ticket: taken at 23:58 in Shanghai, called and served after midnight.
        desks[0].queue.close_day(DAY, keep_open=True)
        clock.set(datetime(2026, 11, 30, 15, 58, tzinfo=UTC))
        late = desks[0].queue.issue("DEP")
        waiting = desks[0].queue.issue("VIP")  # still waiting at the close: expired
        clock.set(datetime(2026, 11, 30, 16, 3, tzinfo=UTC))
        desks[0].call_next()
        while _at_counter(desks[0]) not in (None, late.id):
            desks[0].no_show()
            desks[0].call_next()
        clock.advance(20)
        desks[0].start()
        day.finish(desks[0])
        clock.advance(31)
        desks[0].expire_rating()
        desks[0].sign_out()
        clock.advance(600)
        desks[0].queue.close_day(DAY)
        assert waiting.id

        rows = read_day(
            desks[0].queue,
            [CounterJournal(d.uow) for d in desks],
            branch=code,
            day=DAY,
            zone=ZONE,
        )
        init_hq(hq_url, owner)
        add_branch(hq_url, code, PASSWORD, "Branch K")
        for index, desk in enumerate(desks):
            journal = SyncJournal(desk.uow.db)
            queue = QueueSource(tmp_path / "queue.db") if index == 0 else None
            push(journal, hq_url, code, PASSWORD, queue=queue)
        return rows
    finally:
        for desk in desks:
            desk.queue.close()
            desk.uow.db.close()
