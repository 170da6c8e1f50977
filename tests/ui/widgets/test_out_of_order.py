"""The "please ask staff" page covers a whole screen, follows its size, and leaves it as it was."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.kiosk.window import KioskWindow

STYLES = Path(__file__).resolve().parents[3] / "resources" / "styles"

T = TypeVar("T", bound=QWidget)


def child(window: QWidget, kind: type[T], name: str) -> T:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def test_the_customer_screen_is_covered_whatever_its_size_and_uncovered_as_it_was(
    qtbot: QtBot,
) -> None:
    window = CustomerWindow((STYLES / "customer.qss").read_text(encoding="utf-8"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    window.show_paused("Cash replenishment")
    window.show_out_of_order()
    page = child(window, QWidget, "outOfOrderPage")
    assert window.out_of_order()
    assert page.isVisible()
    assert page.geometry() == window.rect()
    assert child(window, QLabel, "outOfOrderTitle").text() == ("Sorry, this screen is not working.")
    assert child(window, QLabel, "outOfOrderText").text() == "Please ask a member of staff."
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: page.geometry() == window.rect())
    window.clear_out_of_order()
    assert not window.out_of_order()
    assert window.page() == "paused"


def test_the_kiosk_keeps_its_header_and_locks_the_staff_button(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    window = KioskWindow(
        catalogue, "en", "Chaoyang Sub-branch", (STYLES / "kiosk.qss").read_text(encoding="utf-8")
    )
    qtbot.addWidget(window)
    window.resize(1080, 1350)
    with qtbot.waitExposed(window):
        window.show()
    window.show_out_of_order()
    page = child(window, QWidget, "outOfOrderPage")
    header = child(window, QLabel, "branchName")
    assert header.isVisible()
    assert page.mapTo(window, page.rect().topLeft()).y() >= header.height()
    assert page.height() > window.height() // 2
    staff_button = child(window, QPushButton, "staffButton")
    assert not staff_button.isEnabled()
    window.clear_out_of_order()
    assert staff_button.isEnabled()
    assert window.page() == "start"
