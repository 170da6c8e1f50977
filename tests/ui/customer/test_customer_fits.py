"""The customer screen on a small window (the demo's tile): its texts fit the width they get."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counterdesk.ui.customer.window import CustomerWindow

STYLESHEET = Path(__file__).resolve().parents[3] / "resources" / "styles" / "customer.qss"


def label(window: CustomerWindow, name: str) -> QLabel:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found


def widest_word(found: QLabel) -> int:
    metrics = QFontMetrics(found.font())
    return max(metrics.horizontalAdvance(word) for word in found.text().split())


@pytest.mark.parametrize("size", [(424, 575), (538, 400), (1280, 800)])
@pytest.mark.parametrize("ticket", ["A003", "VIP123"])
def test_the_ticket_number_is_whole_on_a_small_window(
    qtbot: QtBot, size: tuple[int, int], ticket: str
) -> None:
    window = CustomerWindow(stylesheet=STYLESHEET.read_text(encoding="utf-8"))
    qtbot.addWidget(window)
    window.resize(*size)
    with qtbot.waitExposed(window):
        window.show()
    window.show_serving(ticket, "Card loss report and replacement")

    number = label(window, "ticketLabel")

    def fitted() -> None:
        QApplication.processEvents()
        rect = number.contentsRect()
        metrics = QFontMetrics(number.font())
        assert metrics.horizontalAdvance(ticket) <= rect.width()
        assert metrics.height() <= rect.height()
        assert number.geometry().right() < window.width()

    qtbot.waitUntil(fitted)
    for name in ("nowServingCaption", "businessName"):
        text = label(window, name)
        assert widest_word(text) <= text.contentsRect().width(), name


def test_the_ticket_number_is_large_on_a_full_screen(qtbot: QtBot) -> None:
    window = CustomerWindow(stylesheet=STYLESHEET.read_text(encoding="utf-8"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    window.show_serving("A003", "Cash deposit")

    number = label(window, "ticketLabel")

    qtbot.waitUntil(lambda: number.font().pixelSize() == 220)


@pytest.mark.parametrize("page", ["paused", "thanks"])
def test_titles_keep_their_words_whole_on_a_narrow_window(qtbot: QtBot, page: str) -> None:
    window = CustomerWindow(stylesheet=STYLESHEET.read_text(encoding="utf-8"))
    qtbot.addWidget(window)
    window.resize(320, 575)
    with qtbot.waitExposed(window):
        window.show()
    names: tuple[str, ...]
    if page == "paused":
        window.show_paused("Counting the cash drawer")
        names = ("pausedTitle", "pauseReason")
    else:
        window.show_thanks()
        names = ("thanksTitle",)

    def fitted() -> None:
        QApplication.processEvents()
        for name in names:
            text = label(window, name)
            assert widest_word(text) <= text.contentsRect().width(), name

    qtbot.waitUntil(fitted)
