"""The teller window in the demo's tile (about 856×575): notices, key badges and buttons fit.

A real desk over a real journal and queue (SQLite in a temp dir); the window is the real one,
shown offscreen at the size the demo gives it on one 1280×800 screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QToolButton
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk
from counterdesk.ui.screens import window_minimum
from counterdesk.ui.teller.actions import ActionButton
from counterdesk.ui.teller.window import TellerWindow
from counterdesk.ui.widgets.fitting import wrapped_height

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
#: The teller's rectangle in the demo's picture of one 1280×800 screen, and the full screen.
DEMO_SIZE = (856, 575)
FULL_SIZE = (1280, 800)


@pytest.fixture
def station(tmp_path: Path) -> Iterator[tuple[Station, CounterDesk, FixedClock]]:
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch")
    clock = FixedClock(START)
    station = Station.open(config, clock)
    desk = build_desk(station, clock)
    desk.start_up()
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    desk.sign_in("1001", "1234")
    yield station, desk, clock
    station.close()


def open_window(
    qtbot: QtBot, station: tuple[Station, CounterDesk, FixedClock], size: tuple[int, int]
) -> TellerWindow:
    place, desk, _ = station
    window = TellerWindow(place.catalogue, 3, [], "en", station[2].now)
    qtbot.addWidget(window)
    window.resize(*size)
    with qtbot.waitExposed(window):
        window.show()
    window.apply_state(desk.state().for_teller())
    window.apply_queue(desk.queue.status())
    # As the demo does: the size is set once the window shows its contents.
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    return window


def every_type_over_target(station: tuple[Station, CounterDesk, FixedClock]) -> list[str]:
    place, desk, clock = station
    for kind in place.catalogue:
        desk.queue.issue(kind.code)
    clock.advance(4 * 3600)
    return [kind.name("en") for kind in place.catalogue]


@pytest.mark.parametrize("size", [DEMO_SIZE, FULL_SIZE])
def test_the_over_target_notice_fits_its_box(
    qtbot: QtBot, station: tuple[Station, CounterDesk, FixedClock], size: tuple[int, int]
) -> None:
    names = every_type_over_target(station)
    window = open_window(qtbot, station, size)
    banner = window.banner

    def fitted() -> None:
        QApplication.processEvents()
        assert banner.isVisible()
        box = banner.parentWidget()
        assert box is not None
        rect = banner.contentsRect()
        metrics = QFontMetrics(banner.font())
        needed = wrapped_height(metrics, banner.text(), rect.width())
        # Whole, and no more than two lines: a glance reads it, a refusal has room beside it.
        assert needed <= rect.height()
        assert needed <= wrapped_height(metrics, "X\nX", rect.width())
        assert banner.geometry().bottom() <= box.rect().bottom()

    qtbot.waitUntil(fitted)
    text = banner.text()
    assert text.startswith("Over target: ")
    shown = [name for name in names if name in text]
    assert shown, text  # at least one name
    if len(shown) < len(names):
        assert text.endswith(f" +{len(names) - len(shown)} more")
    # The whole list is a hover away.
    assert all(name in banner.toolTip() for name in names)


def test_the_full_screen_lists_every_type_over_target(
    qtbot: QtBot, station: tuple[Station, CounterDesk, FixedClock]
) -> None:
    names = every_type_over_target(station)
    window = open_window(qtbot, station, FULL_SIZE)

    assert window.banner.text() == "Over target: " + ", ".join(names)


@pytest.mark.parametrize("size", [DEMO_SIZE, FULL_SIZE])
def test_the_key_badges_keep_their_height(
    qtbot: QtBot, station: tuple[Station, CounterDesk, FixedClock], size: tuple[int, int]
) -> None:
    every_type_over_target(station)
    _, desk, _ = station
    desk.call_next()
    window = open_window(qtbot, station, size)
    panel = window.idle_panel

    def badges_whole() -> None:
        QApplication.processEvents()
        badges = [b for b in panel.findChildren(QLabel, "idleKey") if b.isVisible()]
        assert len(badges) >= 4
        for badge in badges:
            assert badge.height() >= badge.sizeHint().height(), badge.text()

    qtbot.waitUntil(badges_whole)


def test_the_action_buttons_keep_their_words_whole(
    qtbot: QtBot, station: tuple[Station, CounterDesk, FixedClock]
) -> None:
    every_type_over_target(station)
    station[1].call_next()
    window = open_window(qtbot, station, DEMO_SIZE)

    def whole() -> None:
        QApplication.processEvents()
        for button in window.findChildren(QToolButton):
            if not button.isVisible() or button.defaultAction() is None:
                continue
            assert isinstance(button, ActionButton)
            lines = button.shown_text().split("\n")
            # Nothing is elided: every word of the action's text is shown.
            assert " ".join(lines).split() == button.defaultAction().text().split()
            metrics = QFontMetrics(button.shown_font())
            room = button.contentsRect().width() - 6
            for line in lines:
                assert metrics.horizontalAdvance(line) <= room, (line, room)
            assert metrics.height() * len(lines) + button.iconSize().height() < button.height()
            assert len(lines) <= 2

    qtbot.waitUntil(whole)


def test_the_action_buttons_read_on_one_line_on_a_full_screen(
    qtbot: QtBot, station: tuple[Station, CounterDesk, FixedClock]
) -> None:
    window = open_window(qtbot, station, FULL_SIZE)
    start = window.findChild(QToolButton, "button-start")
    assert start is not None

    assert isinstance(start, ActionButton)
    qtbot.waitUntil(lambda: start.shown_text() == "Start service (F4)")
    assert start.shown_font() == start.font()


def test_the_key_badges_keep_their_height_at_the_smallest_size_the_demo_gives(
    qtbot: QtBot, station: tuple[Station, CounterDesk, FixedClock]
) -> None:
    every_type_over_target(station)
    station[1].call_next()
    window = open_window(qtbot, station, DEMO_SIZE)
    smallest = window_minimum(window)
    window.resize(*smallest)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == smallest)

    def badges_whole() -> None:
        QApplication.processEvents()
        badges = [b for b in window.idle_panel.findChildren(QLabel, "idleKey") if b.isVisible()]
        assert len(badges) >= 4
        for badge in badges:
            assert badge.height() >= badge.sizeHint().height(), badge.text()

    qtbot.waitUntil(badges_whole)
