"""Fitting text to the room a layout gives it: one search for the largest size, shared helpers.

Every window that shrinks text to fit (the customer screen's buttons, the kiosk's tiles and
ticket number, the lobby display's labels) walks down from its largest size with its own step
until a test passes; the walk and the measuring are here once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

#: A font size in pixels (int) or a scale of the sizes (float).
Size = TypeVar("Size", int, float)

#: Far taller than any screen: the height a wrapped text is measured in.
_TALL = 1 << 20


def largest_fitting(
    largest: Size, smallest: Size, smaller: Callable[[Size], Size], fits: Callable[[Size], bool]
) -> Size:
    """The first size from ``largest`` down (by ``smaller``) that ``fits``.

    The walk stops once it is at or below ``smallest``; that last size is returned untested
    (callers that must not go below ``smallest`` clamp it).

    Args:
        largest: where to start.
        smallest: where to stop looking.
        smaller: the next size to try after one that did not fit.
        fits: whether the text fits at a size.
    """
    size = largest
    while size > smallest and not fits(size):
        size = smaller(size)
    return size


def widest_word(metrics: QFontMetrics, text: str) -> int:
    """The width of the text's widest word (a wrapped text is never narrower)."""
    return max(metrics.horizontalAdvance(word) for word in text.split() or [""])


def wrapped_height(metrics: QFontMetrics, text: str, width: int, flags: int = 0) -> int:
    """The height the text takes when wrapped at word boundaries into ``width``."""
    flags |= int(Qt.TextFlag.TextWordWrap.value)
    return metrics.boundingRect(QRect(0, 0, width, _TALL), flags, text).height()


def with_pixel_size(font: QFont, size: int) -> QFont:
    """A copy of ``font`` at ``size`` pixels."""
    sized = QFont(font)
    sized.setPixelSize(size)
    return sized


def set_pixel_size(widget: QWidget, size: int) -> None:
    """Give the widget's font ``size`` pixels (nothing happens when it has them already)."""
    if widget.font().pixelSize() != size:
        widget.setFont(with_pixel_size(widget.font(), size))
