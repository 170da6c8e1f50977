"""The teller's own month: no rating figure below 10 ratings, then the figures and the stars."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import SystemClock
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk
from counterdesk.storage.reference import (
    KIND_STAR_LEVEL,
    CachedItem,
    apply_release,
    store_teller_months,
)
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.teller.controller import DeskController
from counterdesk.ui.teller.station import connect_teller
from counterdesk.ui.teller.window import TellerWindow

AS_OF = "2026-12-02T02:00+08:00"


@dataclass
class Counter:
    station: Station
    desk: CounterDesk
    runner: TaskRunner
    teller: TellerWindow


@pytest.fixture
def counter(tmp_path: Path, qtbot: QtBot) -> Iterator[Counter]:
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch")
    station = Station.open(config, SystemClock())
    desk = build_desk(station)
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    runner = TaskRunner()
    controller = DeskController(desk, runner, station.clock)
    teller = TellerWindow(station.catalogue, 3, [1, 2, 4], "en", station.clock.now)
    connect_teller(teller, controller)
    qtbot.addWidget(teller)
    with qtbot.waitExposed(teller):
        teller.show()
    teller.activateWindow()
    controller.start()
    controller.sign_in("1001", "1234")
    qtbot.waitUntil(lambda: controller.state is not None and controller.state.teller is not None)
    yield Counter(station, desk, runner, teller)
    controller.stop()
    qtbot.waitUntil(lambda: runner.idle)
    runner.shutdown()
    desk.queue.close()
    station.close()


def open_own_month(qtbot: QtBot, counter: Counter) -> str:
    """Ctrl+M, as the teller presses it, then the dialog's texts."""
    before = counter.teller.own_month_dialog
    qtbot.keyClick(counter.teller, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.teller.own_month_dialog not in (None, before))
    dialog = counter.teller.own_month_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return text


def test_below_ten_ratings_the_teller_sees_no_figure_only_when_they_will(
    qtbot: QtBot, counter: Counter
) -> None:
    clock = counter.station.clock
    # 9 ratings with a mean of 37.5 and 4 satisfied: none of it may show, not even the count.
    store_teller_months(counter.station.journal, clock, "2026-12", AS_OF, [("1001", 9, 37.5, 4)])

    text = open_own_month(qtbot, counter)

    assert "Your rating figures are shown from 10 ratings in the month." in text
    for figure in ("9", "37", "38", "44"):
        assert figure not in text.replace(AS_OF.replace("T", " "), ""), figure
    assert "no level published" in text


def test_from_ten_ratings_the_teller_sees_the_months_figures_and_stars(
    qtbot: QtBot, counter: Counter
) -> None:
    journal, clock = counter.station.journal, counter.station.clock
    store_teller_months(journal, clock, "2026-12", AS_OF, [("1001", 12, 81.25, 9)])
    level = CachedItem(KIND_STAR_LEVEL, "1001", 7, {"month": "2026-11", "stars": 4})
    assert apply_release(journal, clock, 7, [level], [])

    text = open_own_month(qtbot, counter)

    labels = {
        label.objectName(): label.text()
        for label in counter.teller.own_month_dialog.findChildren(QLabel)  # type: ignore[union-attr]
    }
    assert labels["own-rated"] == "12"
    assert labels["own-mean"] == "81"
    assert labels["own-satisfied"] == "75%"  # 9 of 12
    assert labels["own-stars"] == "★★★★☆ (4 of 5, 2026-11)"
    assert "as of 2026-12-02 02:00+08:00" in text
    # The published level is also the customer screen's: the staff row carries it.
    assert counter.desk.staff.get("1001").stars == 4.0


def test_the_journal_never_keeps_a_figure_below_ten_ratings(counter: Counter) -> None:
    from counterdesk.storage.reference import KIND_TELLER_MONTH, cached_items

    journal, clock = counter.station.journal, counter.station.clock
    store_teller_months(
        journal, clock, "2026-12", AS_OF, [("1001", 9, 37.5, 4), ("1002", 10, 50.0, 5)]
    )

    kept = {item.key: item.payload for item in cached_items(journal, KIND_TELLER_MONTH)}
    assert kept["1001"]["mean"] is None
    assert kept["1001"]["satisfied"] is None
    assert (kept["1002"]["mean"], kept["1002"]["satisfied"]) == (50.0, 5)


def test_the_status_bar_button_opens_it_too_and_is_there_only_for_a_signed_in_teller(
    qtbot: QtBot, counter: Counter
) -> None:
    button = counter.teller.status_bar.own_month
    assert button.isVisible()
    assert button.text() == "My month (Ctrl+M)"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: counter.teller.own_month_dialog is not None)
    dialog = counter.teller.own_month_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    counter.teller.sign_out_requested.emit()
    qtbot.waitUntil(lambda: not button.isVisible())
