"""The demo's picture of one 1280×800 screen: every window fits the rectangle it is given.

The teller's window is raised on top in the demo (and painted last in the picture): a
teller window taller than its rectangle covered the top of the lobby display below it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.gui import stylesheet
from counterdesk.app.screenshots import DEMO_SCREEN, demo_picture
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk
from counterdesk.services.state import CallView
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.display.window import DisplayWindow
from counterdesk.ui.kiosk.window import KioskWindow
from counterdesk.ui.placement import Rect, demo_rects
from counterdesk.ui.screens import window_minimum
from counterdesk.ui.teller.window import TellerWindow

START = datetime(2026, 11, 30, 2, 15, tzinfo=UTC)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Station, CounterDesk, FixedClock]]:
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Chaoyang Sub-branch")
    clock = FixedClock(START)
    station = Station.open(config, clock)
    desk = build_desk(station, clock)
    desk.start_up()
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    desk.sign_in("1001", "1234")
    for kind in station.catalogue:
        desk.queue.issue(kind.code)
        desk.queue.issue(kind.code)
    clock.advance(3 * 3600)  # every type over its target, as in the demo after a while
    desk.call_next()
    yield station, desk, clock
    station.close()


def demo_windows(
    qtbot: QtBot, station: Station, desk: CounterDesk, clock: FixedClock
) -> dict[str, QWidget]:
    catalogue = station.catalogue
    teller = TellerWindow(catalogue, 3, [], "en", clock.now)
    customer = CustomerWindow(stylesheet("customer.qss"))
    customer.show_serving("A003", "Cash deposit")
    kiosk = KioskWindow(catalogue, "en", "Chaoyang Sub-branch", stylesheet("kiosk.qss"))
    display = DisplayWindow(
        catalogue, "en", "Chaoyang Sub-branch", stylesheet("display.qss"), now=clock.now
    )
    display.show_call(CallView(1, "A003", 3, "DEP", START + timedelta(seconds=1), False))
    display.set_waiting(desk.queue.status())
    display.set_notice("Foreign exchange: please bring your passport.")
    display.end_highlight()
    windows: dict[str, QWidget] = {
        "teller": teller, "customer": customer, "kiosk": kiosk, "display": display,
    }  # fmt: skip
    for window in windows.values():
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitExposed(window):
            window.show()
    # The teller's window changes while shown, as in the demo: signed in, then a customer.
    assert isinstance(teller, TellerWindow)
    for _ in range(2):
        teller.apply_state(desk.state().for_teller())
        teller.apply_queue(desk.queue.status())
    return windows


def test_every_window_of_the_demo_picture_keeps_to_its_rectangle(
    qtbot: QtBot, desk: tuple[Station, CounterDesk, FixedClock]
) -> None:
    windows = demo_windows(qtbot, *desk)

    picture = demo_picture(windows, DEMO_SCREEN)

    assert (picture.width(), picture.height()) == DEMO_SCREEN
    QApplication.processEvents()
    minimum = {name: window_minimum(window) for name, window in windows.items()}
    rects = demo_rects([Rect(0, 0, *DEMO_SCREEN)], tuple(windows), minimum)
    for name, window in windows.items():
        assert (window.width(), window.height()) == (rects[name].width, rects[name].height), name
    # The lobby display's strip shows its captions whole, below the teller's window.
    display = windows["display"]
    assert isinstance(display, DisplayWindow)
    assert display.is_compact()
    teller_bottom = rects["teller"].bottom
    for name in ("nowCallingCaption", "waitingCaption", "waitingTotal"):
        label = display.findChild(QLabel, name)
        assert label is not None
        assert label.isVisible(), name
        top = rects["display"].y + label.mapTo(display, label.rect().topLeft()).y()
        assert top >= teller_bottom, name
