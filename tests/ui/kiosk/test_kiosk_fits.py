"""The kiosk fits the screen it gets: every tile and the whole ticket page, at common sizes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.core.business import Catalogue
from counterdesk.core.tickets import Ticket
from counterdesk.services.state import IssuedTicket
from counterdesk.ui.kiosk.window import KioskWindow, kiosk_scale, scaled_stylesheet

STYLESHEET = Path(__file__).resolve().parents[3] / "resources" / "styles" / "kiosk.qss"
AT = datetime(2026, 11, 30, 2, 15, tzinfo=UTC)
SIZES = [(800, 600), (1080, 1920), (1920, 1080), (538, 320)]


def make_window(qtbot: QtBot, catalogue: Catalogue) -> KioskWindow:
    window = KioskWindow(
        catalogue, "en", "Chaoyang Sub-branch 朝阳支行", STYLESHEET.read_text(encoding="utf-8"),
        60_000, tap_guard_ms=0,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.resize(1080, 1350)
    with qtbot.waitExposed(window):
        window.show()
    return window


def issued(catalogue: Catalogue, code: str, ahead: int, wait: float) -> IssuedTicket:
    business = catalogue.get(code)
    ticket = Ticket.issue(
        id="t1", day=date(2026, 11, 30), number=12, prefix=business.prefix,
        business_type=code, priority=0, at=AT,
    )  # fmt: skip
    return IssuedTicket(ticket, business, ahead, wait, "Chaoyang Sub-branch")


def _inside_window(widget: QWidget, window: QWidget) -> QRect:
    corner = widget.mapTo(window, QPoint(0, 0))
    return QRect(corner, widget.size())


def _text_fits(label: QLabel) -> bool:
    """Whether the label's text, wrapped at its width, needs no more height than it has."""
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    return needed <= label.height() + 1


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_tile_and_its_texts_are_inside_the_window(
    qtbot: QtBot, catalogue: Catalogue, size: tuple[int, int]
) -> None:
    window = make_window(qtbot, catalogue)
    window.resize(*size)
    whole = window.rect()

    def all_inside() -> None:
        assert window.size().toTuple() == size
        tiles = window._start.tiles
        assert len(tiles) == len(catalogue.codes)
        for code, tile in tiles.items():
            assert tile.isVisible(), code
            assert whole.contains(_inside_window(tile, window)), (code, tile.geometry())
            for label in (tile.title_label, tile.subtitle_label):
                assert tile.rect().contains(label.geometry()), (code, label.text())
                assert _text_fits(label), (code, label.text(), label.size())

    qtbot.waitUntil(all_inside)


@pytest.mark.parametrize("size", SIZES[:3], ids=[f"{w}x{h}" for w, h in SIZES[:3]])
def test_the_ticket_number_and_the_wait_estimate_are_inside_the_window(
    qtbot: QtBot, catalogue: Catalogue, size: tuple[int, int]
) -> None:
    window = make_window(qtbot, catalogue)
    window.resize(*size)
    window.show_issued(issued(catalogue, "TRF", ahead=4, wait=660.0), True)
    whole = window.rect()

    def all_inside() -> None:
        for name in ("ticketNumber", "aheadLine", "waitLine"):
            label = window.findChild(QLabel, name)
            assert label is not None, name
            assert label.isVisible(), name
            assert whole.contains(_inside_window(label, window)), (name, label.geometry())
            assert _text_fits(label), (name, label.text())
        wait = window.findChild(QLabel, "waitLine")
        assert wait is not None
        assert "11 minutes" in wait.text()

    qtbot.waitUntil(all_inside)


def test_a_large_screen_keeps_the_drawn_sizes_a_small_one_shrinks_them() -> None:
    assert kiosk_scale(1080, 1920) == 1.0
    assert kiosk_scale(1920, 1080) == 1.0
    assert kiosk_scale(800, 600) == pytest.approx(0.65)
    assert kiosk_scale(100, 100) == pytest.approx(0.35)
    sheet = "QLabel#welcomeLine { font-size: 56px; border: 2px solid #fff; }"
    assert scaled_stylesheet(sheet, 0.5) == (
        "QLabel#welcomeLine { font-size: 28px; border: 1px solid #fff; }"
    )
    assert scaled_stylesheet(sheet, 1.0) == sheet


def test_the_window_shrinks_its_type_on_a_small_screen_and_grows_it_back(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    window: KioskWindow = make_window(qtbot, catalogue)
    welcome = window.findChild(QLabel, "welcomeLine")
    assert welcome is not None
    window.resize(1080, 1920)
    qtbot.waitUntil(lambda: window.scale() == 1.0)
    large = welcome.fontInfo().pixelSize()
    window.resize(800, 600)
    qtbot.waitUntil(lambda: welcome.fontInfo().pixelSize() < large)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: welcome.fontInfo().pixelSize() == large)
