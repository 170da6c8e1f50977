"""The demo's simulator: arrivals, and simulated counters the kiosk sees as open."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk, build_kiosk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.queue.base import STALE_AFTER_SECONDS
from counterdesk.services.desk import CounterDesk
from counterdesk.services.kiosk import KioskService
from counterdesk.ui import simulator as simulator_module
from counterdesk.ui.simulator import ArrivalSimulator, simulated_counters
from counterdesk.ui.tasks import TaskRunner


@dataclass
class Demo:
    clock: FixedClock
    desk: CounterDesk
    kiosk: KioskService
    runner: TaskRunner


@pytest.fixture
def demo(tmp_path: Path, clock: FixedClock) -> Iterator[Demo]:
    station = Station.open(Config(data_dir=tmp_path, counter_number=3), clock)
    desk = build_desk(station, clock)
    desk.start_up()
    kiosk = build_kiosk(station)
    runner = TaskRunner()
    yield Demo(clock, desk, kiosk, runner)

    def close_queues() -> None:
        desk.queue.close()
        kiosk.queue.close()

    runner.shutdown(final=close_queues)
    station.close()


def test_the_simulated_counters_are_the_lowest_other_than_the_tellers() -> None:
    assert simulated_counters(3) == (1, 2)
    assert simulated_counters(1) == (2, 3)
    assert simulated_counters(2, count=3) == (1, 3, 4)


def test_the_kiosk_offers_tickets_while_the_simulator_runs_and_not_after(
    qtbot: QtBot, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulator_module, "HEARTBEAT_SECONDS", 0.05)
    assert not demo.kiosk.state().any_counter_open  # nobody signed in: "no counter is open"
    simulator = ArrivalSimulator(
        demo.desk, demo.runner, 3600.0, None, counters=(1, 2), rng=random.Random(3)
    )
    simulator.start()

    def open_for_every_type() -> None:
        state = demo.kiosk.state()
        assert state.any_counter_open
        assert state.available == frozenset(demo.desk.catalogue.codes)
        assert set(demo.kiosk.queue.open_counters()) == {1, 2}

    qtbot.waitUntil(open_for_every_type)

    # Time passes beyond a heartbeat's life: the simulated counters keep beating.
    demo.clock.advance(STALE_AFTER_SECONDS + 5)
    assert not demo.kiosk.state().any_counter_open
    qtbot.waitUntil(open_for_every_type)

    simulator.stop()
    qtbot.waitUntil(lambda: demo.runner.idle)
    assert demo.kiosk.queue.open_counters() == {}
    assert not demo.kiosk.state().any_counter_open


def test_simulated_counters_call_the_customers_who_arrive(
    qtbot: QtBot, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulator_module, "SERVED_SHARE", 1.0)
    # Many arrivals an hour: the timers fire within milliseconds.
    simulator = ArrivalSimulator(
        demo.desk, demo.runner, 3_600_000.0, None, counters=(1, 2), rng=random.Random(5)
    )
    simulator.start()

    def called_at_simulated_counters() -> None:
        counters = {call.counter for call in demo.kiosk.queue.recent_calls(50)}
        assert counters == {1, 2}

    qtbot.waitUntil(called_at_simulated_counters, timeout=10_000)
    simulator.stop()
    qtbot.waitUntil(lambda: demo.runner.idle)
    assert demo.desk.queue.status().issued_today > 0
