"""The teller's window cannot read a rating: a low and a high score look the same there."""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.core.ratings import Reason
from counterdesk.core.staff import Role
from counterdesk.services.state import CounterAction, CounterTask, DeskState
from counterdesk.storage import models as m
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.teller import station as teller_station
from counterdesk.ui.teller.controller import DeskController
from counterdesk.ui.teller.station import CustomerPresenter, connect_teller
from counterdesk.ui.teller.window import TellerWindow

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STEPS = (
    ("identity", "11010519491231002X"),
    ("deposit_slip", ""),
    ("count_cash", "100.00"),
    ("supervisor", ""),
    ("signature", ""),
    ("return_documents", ""),
)


class RecordingTellerWindow(TellerWindow):
    """The real teller window, noting everything it is handed and what its status line then says."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.received: list[str] = []
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def apply_state(self, state: DeskState) -> None:
        super().apply_state(state)
        status = " | ".join(label.text() for label in self.status_bar.findChildren(QLabel))
        # Ids are fresh per run; everything else must match between the two runs.
        self.received.append(f"state {UUID.sub('<id>', repr(state))}\nstatus line: {status}")

    def show_failure(self, action: CounterAction, error: object) -> None:
        self.received.append(f"failure {action}: {error}")
        super().show_failure(action, error)


@dataclass
class Run:
    teller_saw: list[str]
    customer_pages: list[str] = field(default_factory=list)
    refused: list[object] = field(default_factory=list)


def serve_and_rate(tmp_path: Path, qtbot: QtBot, score: int, *, stray_reasons: bool = False) -> Run:
    """One deposit at a real teller window and customer screen, rated ``score`` by the customer.

    With ``stray_reasons``, reasons arrive while the screen still asks for the score, which the
    desk refuses ("reasons can only follow a low score").
    """
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch")
    clock = FixedClock(START)
    opened = Station.open(config, clock)
    desk = build_desk(opened)
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    desk.queue.issue("DEP")
    runner = TaskRunner()
    controller = DeskController(desk, runner, clock)
    teller = RecordingTellerWindow(opened.catalogue, 3, [1, 2, 4], "en", clock.now)
    customer = CustomerWindow(language="en")
    connect_teller(teller, controller)
    presenter = CustomerPresenter(customer, controller, opened.catalogue, "en")
    qtbot.addWidget(teller)
    qtbot.addWidget(customer)
    teller.show()
    customer.show()
    pages: list[str] = []
    refused: list[object] = []
    controller.failed.connect(lambda action, error: refused.append(action))

    def settle() -> None:
        qtbot.waitUntil(lambda: runner.idle)

    def reach(page: str) -> None:
        qtbot.waitUntil(lambda: customer.page() == page)
        pages.append(page)

    try:
        controller.start()
        settle()
        controller.sign_in("1001", "1234")
        settle()
        controller.call_next()
        settle()
        controller.start_service()
        settle()
        for step_id, value in STEPS:
            controller.check_step(step_id, value)
            settle()
        teller.received.clear()  # from here on the two runs must look the same to the teller

        controller.finish()
        reach("rating")
        if stray_reasons:
            controller.rate_reasons([Reason.WAITING.value])
            settle()
        qtbot.mouseClick(customer._score_buttons[score], Qt.MouseButton.LeftButton)
        if score <= 2:
            reach("reasons")
            qtbot.mouseClick(customer._reason_group.button(0), Qt.MouseButton.LeftButton)
            qtbot.mouseClick(customer._submit_button, Qt.MouseButton.LeftButton)
        reach("thanks")
        qtbot.waitUntil(lambda: controller.state is not None and controller.state.rating is None)
        settle()
        reach("idle")
        stored = [(r.outcome, r.score) for r in m.Rating.select()]
        assert stored == [("rated", score)]
        return Run(list(teller.received), pages, refused)
    finally:
        del presenter
        controller.stop()
        settle()

        # As the program does at exit: the worker closes the connections it opened (peewee
        # keeps one per thread), then the windows go, collected here rather than at random
        # while the next run's worker is busy.
        def close_on_worker() -> None:
            desk.queue.close()
            opened.journal.close()

        runner.shutdown(final=close_on_worker)
        desk.queue.close()
        opened.close()
        teller.close()
        customer.close()
        gc.collect()


def test_a_low_and_a_high_score_look_the_same_in_the_teller_window(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(teller_station, "THANKS_MS", 10)
    low = serve_and_rate(tmp_path / "low", qtbot, score=1)
    high = serve_and_rate(tmp_path / "high", qtbot, score=5)

    # The customer screen still runs the whole prompt: reasons only after the low score.
    assert low.customer_pages == ["rating", "reasons", "thanks", "idle"]
    assert high.customer_pages == ["rating", "thanks", "idle"]
    # The teller's window was told something about the prompt, and exactly the same both times.
    assert low.teller_saw
    assert low.teller_saw == high.teller_saw
    for seen in low.teller_saw:
        assert "rating today" not in seen.lower()
        assert "reasons" not in seen.lower()
        assert "score" not in seen.lower()


def test_a_refused_rating_step_reaches_the_customer_side_only(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(teller_station, "THANKS_MS", 10)
    plain = serve_and_rate(tmp_path / "plain", qtbot, score=5)
    stray = serve_and_rate(tmp_path / "stray", qtbot, score=5, stray_reasons=True)

    # The refusal says the screen was not at the reasons step: the teller is not told.
    assert stray.refused == [CounterTask.RATE_REASONS]
    assert stray.teller_saw == plain.teller_saw
