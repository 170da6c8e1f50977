"""The one search for the largest text size that fits, shared by every window."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from counterdesk.ui.widgets.fitting import largest_fitting, widest_word, with_pixel_size


def test_the_largest_size_that_fits_is_found_walking_down() -> None:
    tried: list[int] = []

    def fits(size: int) -> bool:
        tried.append(size)
        return size <= 40

    assert largest_fitting(52, 16, lambda size: size - 4, fits) == 40
    assert tried == [52, 48, 44, 40]


def test_at_the_smallest_size_the_walk_stops_even_if_nothing_fits() -> None:
    assert largest_fitting(300, 48, lambda size: size - 8, lambda size: False) == 44
    assert largest_fitting(1.0, 0.3, lambda scale: round(scale - 0.05, 2), lambda s: False) == 0.3


def test_a_wrapped_text_is_never_narrower_than_its_widest_word(qtbot: QtBot) -> None:
    metrics = QFontMetrics(with_pixel_size(QFont(), 30))

    assert widest_word(metrics, "Foreign exchange") == metrics.horizontalAdvance("exchange")
    assert widest_word(metrics, "") == 0
