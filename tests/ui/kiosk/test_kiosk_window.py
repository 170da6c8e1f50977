"""The ticket kiosk: its pages, what taps emit, the staff priority path and the lock-down."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue, Priority
from counterdesk.core.tickets import Ticket
from counterdesk.services.state import IssuedTicket
from counterdesk.ui.kiosk.tile import KioskTile, grid_columns
from counterdesk.ui.kiosk.window import KioskWindow

STYLESHEET = Path(__file__).resolve().parents[3] / "resources" / "styles" / "kiosk.qss"
AT = datetime(2026, 11, 30, 2, 15, tzinfo=UTC)


def make_window(
    qtbot: QtBot,
    catalogue: Catalogue,
    return_after_ms: int = 60_000,
    staff_return_after_ms: int = 60_000,
    tap_guard_ms: int = 0,
) -> KioskWindow:
    w = KioskWindow(
        catalogue,
        "en",
        "Chaoyang Sub-branch",
        STYLESHEET.read_text(encoding="utf-8"),
        return_after_ms,
        staff_return_after_ms=staff_return_after_ms,
        tap_guard_ms=tap_guard_ms,
    )
    qtbot.addWidget(w)
    w.resize(1280, 800)
    with qtbot.waitExposed(w):
        w.show()
    return w


@pytest.fixture
def window(qtbot: QtBot, catalogue: Catalogue) -> KioskWindow:
    return make_window(qtbot, catalogue)


def issued(
    catalogue: Catalogue, code: str = "DEP", ahead: int = 3, wait: float | None = 300.0
) -> IssuedTicket:
    business = catalogue.get(code)
    ticket = Ticket.issue(
        id="t1",
        day=date(2026, 11, 30),
        number=12,
        prefix=business.prefix,
        business_type=code,
        priority=0,
        at=AT,
    )
    return IssuedTicket(ticket, business, ahead, wait, "Chaoyang Sub-branch")


def text_of(w: QWidget, name: str) -> str:
    label = w.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def shown(w: QWidget, name: str) -> bool:
    child = w.findChild(QWidget, name)
    assert child is not None, name
    return child.isVisibleTo(w)


def line_edit(w: QWidget, name: str) -> QLineEdit:
    found = w.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def button(w: QWidget, name: str) -> QPushButton:
    found = w.findChild(QPushButton, name)
    assert found is not None, name
    return found


def type_tiles(w: KioskWindow) -> dict[str, KioskTile]:
    return {
        str(tile.property("code")): tile
        for tile in w.findChildren(KioskTile)
        if tile.objectName() == "typeButton"
    }


def priority_tile(w: KioskWindow, level: Priority) -> KioskTile:
    for tile in w.findChildren(KioskTile):
        if tile.objectName() == "priorityButton" and tile.property("level") == level.name.lower():
            return tile
    raise AssertionError(level)


def click(qtbot: QtBot, b: QWidget) -> None:
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


def record(w: KioskWindow) -> list[tuple[str, int]]:
    requests: list[tuple[str, int]] = []
    w.ticket_requested.connect(lambda code, level: requests.append((code, level)))
    return requests


# -- start -----------------------------------------------------------------------------


def test_one_tile_per_type_with_both_names_and_prefix(
    window: KioskWindow, catalogue: Catalogue
) -> None:
    tiles = type_tiles(window)

    assert window.page() == "start"
    assert set(tiles) == set(catalogue.codes)
    for business in catalogue:
        tile = tiles[business.code]
        assert tile.title() == business.name_en
        assert tile.subtitle() == business.name_zh
        assert tile.badge.text() == business.prefix
        assert tile.isEnabled()
    assert text_of(window, "branchName") == "Chaoyang Sub-branch"


def test_chinese_name_comes_first_in_chinese(
    qtbot: QtBot, window: KioskWindow, catalogue: Catalogue
) -> None:
    window.set_language("zh_CN")

    tile = type_tiles(window)["DEP"]
    assert tile.title() == catalogue.get("DEP").name_zh
    assert tile.subtitle() == catalogue.get("DEP").name_en


def test_grid_follows_the_orientation(qtbot: QtBot, window: KioskWindow) -> None:
    def columns() -> int:
        return len({tile.x() for tile in type_tiles(window).values()})

    def four_columns() -> None:
        assert columns() == 4

    def two_columns() -> None:
        assert columns() == 2

    qtbot.waitUntil(four_columns)
    window.resize(1080, 1920)
    qtbot.waitUntil(two_columns)


def test_long_names_fit_their_tile(window: KioskWindow) -> None:
    for tile in type_tiles(window).values():
        width = tile.title_label.width()
        for word in tile.title().split():
            assert tile.title_label.fontMetrics().horizontalAdvance(word) <= width


@pytest.mark.parametrize(
    ("count", "width", "height", "expected"),
    [(8, 1000, 1400, 2), (8, 1200, 560, 4), (3, 1200, 560, 3), (1, 500, 500, 1), (0, 10, 10, 1)],
)
def test_grid_columns(count: int, width: int, height: int, expected: int) -> None:
    assert grid_columns(count, width, height) == expected


def test_tap_requests_a_normal_ticket_once_even_on_a_double_tap(
    qtbot: QtBot, window: KioskWindow
) -> None:
    requests = record(window)
    tiles = type_tiles(window)

    with qtbot.waitSignal(window.ticket_requested) as blocker:
        click(qtbot, tiles["DEP"])
    click(qtbot, tiles["DEP"])
    qtbot.mouseDClick(tiles["WDR"], Qt.MouseButton.LeftButton)

    assert blocker.args == ["DEP", 0]
    assert requests == [("DEP", 0)]


def test_taps_count_again_once_the_page_changed(
    qtbot: QtBot, window: KioskWindow, catalogue: Catalogue
) -> None:
    requests = record(window)
    click(qtbot, type_tiles(window)["DEP"])
    window.show_issued(issued(catalogue), printed=True)
    window.show_start()

    with qtbot.waitSignal(window.ticket_requested):
        click(qtbot, type_tiles(window)["WDR"])

    assert requests == [("DEP", 0), ("WDR", 0)]


def test_a_failed_request_reopens_the_buttons(qtbot: QtBot, window: KioskWindow) -> None:
    requests = record(window)
    click(qtbot, type_tiles(window)["DEP"])
    # The controller could not issue the ticket and shows the start page again.
    window.show_start()

    click(qtbot, type_tiles(window)["DEP"])

    assert requests == [("DEP", 0), ("DEP", 0)]


def test_types_no_counter_serves_cannot_be_tapped(qtbot: QtBot, window: KioskWindow) -> None:
    window.set_enabled_types({"DEP", "TRF"})
    tiles = type_tiles(window)

    assert not tiles["WDR"].isEnabled()
    assert tiles["WDR"].note() == "Not available now"
    assert tiles["DEP"].isEnabled()
    assert tiles["DEP"].note() == ""
    with qtbot.assertNotEmitted(window.ticket_requested):
        click(qtbot, tiles["WDR"])
    with qtbot.waitSignal(window.ticket_requested) as blocker:
        click(qtbot, tiles["TRF"])
    assert blocker.args == ["TRF", 0]


def test_types_come_back_when_a_counter_opens(window: KioskWindow, catalogue: Catalogue) -> None:
    window.set_enabled_types(set())
    window.set_enabled_types(set(catalogue.codes))

    assert all(tile.isEnabled() and not tile.note() for tile in type_tiles(window).values())


# -- issued ----------------------------------------------------------------------------


def test_issued_shows_number_ahead_and_estimate(window: KioskWindow, catalogue: Catalogue) -> None:
    window.show_issued(issued(catalogue, ahead=3, wait=290.0), printed=True)

    assert window.page() == "issued"
    assert text_of(window, "yourNumberCaption") == "Your number"
    assert text_of(window, "ticketNumber") == "A012"
    assert text_of(window, "issuedBusiness") == "Cash deposit"
    assert text_of(window, "aheadLine") == "3 people ahead of you"
    assert text_of(window, "waitLine") == "Estimated wait: about 5 minutes"
    assert shown(window, "takeTicket")
    assert text_of(window, "takeTicketLine") == "Please take your ticket"
    assert not shown(window, "printerFault")


@pytest.mark.parametrize(
    ("ahead", "wait", "ahead_text", "wait_text"),
    [
        (0, 20.0, "No one is ahead of you", "Estimated wait: about 1 minute"),
        (1, None, "1 person ahead of you", "Estimated wait: not available"),
    ],
)
def test_issued_wording(
    window: KioskWindow,
    catalogue: Catalogue,
    ahead: int,
    wait: float | None,
    ahead_text: str,
    wait_text: str,
) -> None:
    window.show_issued(issued(catalogue, ahead=ahead, wait=wait), printed=True)

    assert text_of(window, "aheadLine") == ahead_text
    assert text_of(window, "waitLine") == wait_text


def test_printer_failure_asks_to_remember_the_number(
    window: KioskWindow, catalogue: Catalogue
) -> None:
    window.show_issued(issued(catalogue), printed=False)

    assert shown(window, "printerFault")
    assert text_of(window, "printerFaultLine") == (
        "The printer is not working: please remember your number"
    )
    assert not shown(window, "takeTicket")
    assert text_of(window, "ticketNumber") == "A012"


def test_issued_returns_to_start_after_the_timeout(qtbot: QtBot, catalogue: Catalogue) -> None:
    window = make_window(qtbot, catalogue, return_after_ms=30)
    window.show_issued(issued(catalogue), printed=True)
    assert window.page() == "issued"

    def back_at_start() -> None:
        assert window.page() == "start"

    qtbot.waitUntil(back_at_start)


def test_a_tap_anywhere_returns_to_start(
    qtbot: QtBot, window: KioskWindow, catalogue: Catalogue
) -> None:
    window.show_issued(issued(catalogue), printed=True)

    qtbot.mouseClick(window.findChild(QLabel, "ticketNumber"), Qt.MouseButton.LeftButton)

    assert window.page() == "start"


def test_the_second_tap_of_a_double_tap_does_not_dismiss_the_number(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    window = make_window(qtbot, catalogue, tap_guard_ms=60_000)
    window.show_issued(issued(catalogue), printed=True)

    qtbot.mouseClick(window.findChild(QLabel, "ticketNumber"), Qt.MouseButton.LeftButton)

    assert window.page() == "issued"


def test_taps_count_once_the_guard_is_over(qtbot: QtBot, catalogue: Catalogue) -> None:
    window = make_window(qtbot, catalogue, tap_guard_ms=30)
    window.show_issued(issued(catalogue), printed=True)
    number = window.findChild(QLabel, "ticketNumber")

    def tap_returns_to_start() -> None:
        qtbot.mouseClick(number, Qt.MouseButton.LeftButton)
        assert window.page() == "start"

    qtbot.waitUntil(tap_returns_to_start)


def test_issued_business_name_follows_the_language(
    window: KioskWindow, catalogue: Catalogue
) -> None:
    window.show_issued(issued(catalogue, code="CARD"), printed=True)
    window.set_language("zh_CN")

    assert text_of(window, "issuedBusiness") == catalogue.get("CARD").name_zh


# -- closed ----------------------------------------------------------------------------


def test_closed_outside_opening_hours(window: KioskWindow) -> None:
    window.show_closed("hours", "Mon–Fri 9:00–17:00")

    assert window.page() == "closed"
    assert text_of(window, "closedTitle") == "We are closed"
    assert "Mon–Fri 9:00–17:00" in text_of(window, "closedText")
    assert shown(window, "closedText")


def test_closed_without_hours_shows_no_empty_line(window: KioskWindow) -> None:
    window.show_closed("hours")

    assert not shown(window, "closedText")


def test_closed_when_no_counter_is_open(window: KioskWindow) -> None:
    window.show_closed("counters")

    assert text_of(window, "closedTitle") == "No counter is open at the moment"
    assert text_of(window, "closedText") == "Please ask our staff."


def test_while_connecting_at_start_up_no_ticket_is_offered(window: KioskWindow) -> None:
    window.show_closed("connecting")

    assert window.page() == "closed"
    assert text_of(window, "closedTitle") == "Connecting to the queue…"
    assert text_of(window, "closedText") == "Please wait a moment."


def test_closed_page_ignores_taps_on_hidden_tiles(qtbot: QtBot, window: KioskWindow) -> None:
    window.show_closed("counters")

    with qtbot.assertNotEmitted(window.ticket_requested):
        type_tiles(window)["DEP"].click()


# -- staff -----------------------------------------------------------------------------


def sign_in(qtbot: QtBot, window: KioskWindow, staff_no: str = "1001", pin: str = "1234") -> None:
    click(qtbot, button(window, "staffButton"))
    assert window.page() == "staff"
    for digit in staff_no:
        click(qtbot, button(window, f"key_{digit}"))
    pin_edit = line_edit(window, "pin")
    qtbot.mouseClick(pin_edit, Qt.MouseButton.LeftButton)
    pin_edit.setFocus()
    qtbot.keyClicks(pin_edit, pin)


def test_staff_sign_in_emits_the_credentials_once(qtbot: QtBot, window: KioskWindow) -> None:
    sign_in(qtbot, window)

    with qtbot.waitSignal(window.staff_sign_in) as blocker:
        click(qtbot, button(window, "signInButton"))
    with qtbot.assertNotEmitted(window.staff_sign_in):
        click(qtbot, button(window, "signInButton"))

    assert blocker.args == ["1001", "1234"]
    assert not button(window, "signInButton").isEnabled()


def test_keypad_edits_the_field(qtbot: QtBot, window: KioskWindow) -> None:
    click(qtbot, button(window, "staffButton"))
    for key in ("1", "2", "3", "back", "4"):
        click(qtbot, button(window, f"key_{key}"))
    staff_edit = line_edit(window, "staffNumber")
    assert staff_edit.text() == "124"
    click(qtbot, button(window, "key_clear"))
    assert staff_edit.text() == ""


def test_refused_sign_in_shows_the_error_and_empties_the_pin(
    qtbot: QtBot, window: KioskWindow
) -> None:
    sign_in(qtbot, window)
    click(qtbot, button(window, "signInButton"))

    window.show_staff_error("Wrong staff number or PIN")

    assert window.page() == "staff"
    assert text_of(window, "staffError") == "Wrong staff number or PIN"
    assert shown(window, "staffError")
    pin_edit = line_edit(window, "pin")
    assert pin_edit.text() == ""
    assert not button(window, "signInButton").isEnabled()
    qtbot.keyClicks(pin_edit, "9999")
    with qtbot.waitSignal(window.staff_sign_in) as blocker:
        click(qtbot, button(window, "signInButton"))
    assert blocker.args == ["1001", "9999"]


def test_green_channel_applies_to_one_ticket(qtbot: QtBot, window: KioskWindow) -> None:
    requests = record(window)
    sign_in(qtbot, window)
    click(qtbot, button(window, "signInButton"))

    window.staff_unlocked("Wang Fang")
    assert window.page() == "priority"
    assert "Wang Fang" in text_of(window, "priorityTitle")
    click(qtbot, priority_tile(window, Priority.GREEN))

    assert window.page() == "start"
    assert window.priority() is Priority.GREEN
    assert shown(window, "priorityBanner")
    assert not shown(window, "staffButton")
    with qtbot.waitSignal(window.ticket_requested) as blocker:
        click(qtbot, type_tiles(window)["DEP"])
    assert blocker.args == ["DEP", int(Priority.GREEN)]
    window.follow_unlock(None)  # the service's state: the ticket used the unlock up
    assert window.priority() is None

    window.show_start()
    assert not shown(window, "priorityBanner")
    click(qtbot, type_tiles(window)["WDR"])
    assert requests == [("DEP", 2), ("WDR", 0)]


def test_vip_priority(qtbot: QtBot, window: KioskWindow) -> None:
    sign_in(qtbot, window)
    click(qtbot, button(window, "signInButton"))
    window.staff_unlocked("Wang Fang")
    click(qtbot, priority_tile(window, Priority.VIP))

    with qtbot.waitSignal(window.ticket_requested) as blocker:
        click(qtbot, type_tiles(window)["OPEN"])
    assert blocker.args == ["OPEN", 1]


def test_late_unlock_after_cancel_unlocks_nothing(qtbot: QtBot, window: KioskWindow) -> None:
    sign_in(qtbot, window)
    click(qtbot, button(window, "signInButton"))
    click(qtbot, button(window, "staffCancelButton"))

    window.staff_unlocked("Wang Fang")

    assert window.page() == "start"
    assert window.priority() is None


def test_the_priority_path_leaves_when_the_service_says_the_unlock_is_gone(
    qtbot: QtBot, window: KioskWindow
) -> None:
    sign_in(qtbot, window)
    click(qtbot, button(window, "signInButton"))
    window.staff_unlocked("Wang Fang")
    window.follow_unlock("Wang Fang")
    assert window.page() == "priority"
    click(qtbot, priority_tile(window, Priority.GREEN))

    with qtbot.waitSignal(window.staff_left):
        window.follow_unlock(None)

    assert window.page() == "start"
    assert window.priority() is None
    assert not shown(window, "priorityBanner")
    assert shown(window, "staffButton")


def test_the_window_keeps_no_clock_of_its_own_on_the_priority_page(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    window = make_window(qtbot, catalogue, staff_return_after_ms=30)
    sign_in(qtbot, window)
    click(qtbot, button(window, "signInButton"))
    window.staff_unlocked("Wang Fang")

    timer = window.findChild(QTimer, "kioskStaffTimer")
    assert timer is not None
    assert not timer.isActive(), "how long the unlock lasts is the service's rule"
    click(qtbot, priority_tile(window, Priority.VIP))
    assert not timer.isActive()
    assert window.priority() is Priority.VIP


def test_staff_page_times_out(qtbot: QtBot, catalogue: Catalogue) -> None:
    window = make_window(qtbot, catalogue, staff_return_after_ms=30)
    click(qtbot, button(window, "staffButton"))
    assert window.page() == "staff"

    def back_at_start() -> None:
        assert window.page() == "start"

    qtbot.waitUntil(back_at_start)
    pin_edit = line_edit(window, "pin")
    assert pin_edit.text() == ""


# -- lock-down -------------------------------------------------------------------------


def test_locked_down_kiosk_cannot_be_closed(qtbot: QtBot, catalogue: Catalogue) -> None:
    window = KioskWindow(catalogue, "en", "Chaoyang", STYLESHEET.read_text(encoding="utf-8"))
    qtbot.addWidget(window)
    window.lock_down()
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()

    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert not window.close()
    assert window.isVisible()

    window.allow_close()
    assert window.close()
    assert not window.isVisible()


def test_a_kiosk_not_locked_down_closes(window: KioskWindow) -> None:
    assert window.close()
