"""The customer screen's own widgets: star level, big touch button, photo placeholder."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui.widgets.fitting import (
    largest_fitting,
    set_pixel_size,
    widest_word,
    with_pixel_size,
)


def silhouette_pixmap(size: QSize, colour: str = "#9fb3c8", ratio: float = 1.0) -> QPixmap:
    """A drawn head-and-shoulders figure on a transparent ground: the photo a teller lacks.

    Args:
        size: the pixmap's size in device-independent pixels.
        colour: the figure's colour (the frame's background shows around it).
        ratio: the device pixel ratio of the screen, so the figure stays sharp.
    """
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    width, height = float(size.width()), float(size.height())
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    head = min(width, height) * 0.36
    centre_x = width / 2
    head_top = height * 0.2
    painter.drawEllipse(QRectF(centre_x - head / 2, head_top, head, head * 1.12))
    # Shoulders: a dome from the neck down to the frame's bottom edge.
    shoulders = QPainterPath()
    top = head_top + head * 1.12 + height * 0.04
    half = width * 0.36
    shoulders.moveTo(centre_x - half, height)
    shoulders.cubicTo(
        centre_x - half, top, centre_x + half, top, centre_x + half, height
    )  # fmt: skip
    shoulders.closeSubpath()
    painter.drawPath(shoulders)
    painter.end()
    return pixmap


class StarRating(QWidget):
    """Five stars, filled to a teller's star level (half stars included)."""

    STAR_SIZE = 52

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty row of stars."""
        super().__init__(parent)
        self._value = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def value(self) -> float:
        """The level shown, rounded to the nearest half star."""
        return self._value

    def set_value(self, stars: float) -> None:
        """Show a star level from 0 to 5, rounded to the nearest half star."""
        self._value = min(5.0, max(0.0, round(stars * 2) / 2))
        self.setAccessibleName(self.tr("{stars} of 5 stars").format(stars=f"{self._value:g}"))
        self.update()

    def sizeHint(self) -> QSize:
        """Five stars side by side."""
        return QSize(self.STAR_SIZE * 5 + 8 * 4, self.STAR_SIZE)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw grey stars, then fill them in gold up to the value."""
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        star = self._star_polygon(self.STAR_SIZE)
        for i in range(5):
            painter.save()
            painter.translate(i * (self.STAR_SIZE + 8), 0)
            painter.setPen(QPen(QColor("#b08600"), 2))
            painter.setBrush(QColor("#e4e7eb"))
            painter.drawPolygon(star)
            fill = min(1.0, max(0.0, self._value - i))
            if fill > 0:
                painter.setClipRect(QRectF(0, 0, self.STAR_SIZE * fill, self.STAR_SIZE))
                painter.setBrush(QColor("#f0b400"))
                painter.drawPolygon(star)
            painter.restore()
        painter.end()

    @staticmethod
    def _star_polygon(size: int) -> QPolygonF:
        centre = QPointF(size / 2, size / 2 + size * 0.04)
        outer, inner = size * 0.48, size * 0.2
        points = []
        for k in range(10):
            radius = outer if k % 2 == 0 else inner
            angle = math.radians(-90 + k * 36)
            points.append(centre + QPointF(radius * math.cos(angle), radius * math.sin(angle)))
        return QPolygonF(points)


class BigButton(QPushButton):
    """A touch button whose label wraps, and shrinks until its longest word fits.

    The label's font is set here, not in the style sheet, because it depends on the width the
    layout gives the button (long German-length or pseudo-localised words must not be cut).
    """

    MIN_PIXEL_SIZE = 16

    def __init__(
        self,
        object_name: str,
        pixel_size: int,
        bold: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """Create a button with an empty, centred, word-wrapped label.

        Args:
            object_name: for the style sheet.
            pixel_size: the label's font size when the text fits.
            bold: whether the label is bold.
            parent: the parent widget.
        """
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._pixel_size = pixel_size
        #: Buttons whose texts share one size (a row of levels looks even); self included.
        self.peers: list[BigButton] = [self]
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(bold)
        font.setPixelSize(pixel_size)
        self.label.setFont(font)
        # Taps on the text belong to the button.
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self._layout.addWidget(self.label)

    def label_text(self) -> str:
        """The text shown on the button."""
        return self.label.text()

    def set_label_text(self, text: str) -> None:
        """Show a text on the button (also its accessible name)."""
        self.label.setText(text)
        self.setAccessibleName(text)
        self._fit_text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the text to the new width."""
        super().resizeEvent(event)
        self._fit_text()

    def pixel_size(self) -> int:
        """The size the label's font has now."""
        return self.label.font().pixelSize()

    def _fitting_size(self) -> int:
        margins = self._layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        font, text = self.label.font(), self.label.text()
        return largest_fitting(
            self._pixel_size,
            self.MIN_PIXEL_SIZE,
            lambda size: size - 2,
            lambda size: widest_word(QFontMetrics(with_pixel_size(font, size)), text) <= width,
        )

    def _fit_text(self) -> None:
        size = min(peer._fitting_size() for peer in self.peers)
        for peer in self.peers:
            set_pixel_size(peer.label, size)


class FitLabel(QLabel):
    """A text that shrinks its font until it fits the width (and height) the layout gives it.

    A wrapping text shrinks until its widest word fits; one that does not wrap (the ticket
    number) until all of it fits, and its height too, so it is always whole. The label asks
    the layout for no width, so a long text never pushes the page wider than the window (the
    demo shows this screen in a quarter of one screen). Sizes are set here, not in the style
    sheet, because a style sheet's font size would win over the fitted one.
    """

    MIN_PIXEL_SIZE = 14

    def __init__(
        self,
        object_name: str,
        pixel_size: int,
        *,
        bold: bool = False,
        wrap: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """Create an empty, centred label.

        Args:
            object_name: for the style sheet (colours).
            pixel_size: the font's size when the text fits.
            bold: whether the text is bold.
            wrap: whether the text may break between words onto more lines.
            parent: the parent widget.
        """
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(wrap)
        self._pixel_size = pixel_size
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.font()
        font.setBold(bold)
        font.setPixelSize(pixel_size)
        self.setFont(font)

    def setText(self, text: str) -> None:
        """Show a text, fitted to the label's width."""
        super().setText(text)
        self.fit()

    def pixel_size(self) -> int:
        """The size the font has now."""
        return self.font().pixelSize()

    def sizeHint(self) -> QSize:
        """The text at its full size (a wrapping text: its height at the width it has)."""
        if self.wordWrap():
            return super().sizeHint()
        margins = self.contentsMargins()
        metrics = QFontMetrics(with_pixel_size(self.font(), self._pixel_size))
        return QSize(
            metrics.horizontalAdvance(self.text()) + margins.left() + margins.right(),
            metrics.height() + margins.top() + margins.bottom(),
        )

    def minimumSizeHint(self) -> QSize:
        """A text that does not wrap may shrink to the smallest font's height."""
        if self.wordWrap():
            return super().minimumSizeHint()
        margins = self.contentsMargins()
        metrics = QFontMetrics(with_pixel_size(self.font(), self.MIN_PIXEL_SIZE))
        return QSize(0, metrics.height() + margins.top() + margins.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the text to the new size."""
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Give the font the largest size at which the text fits."""
        rect = self.contentsRect()
        text = self.text()
        if not text or rect.width() <= 0:
            return

        def fits(size: int) -> bool:
            metrics = QFontMetrics(with_pixel_size(self.font(), size))
            if self.wordWrap():
                return widest_word(metrics, text) <= rect.width()
            return (
                metrics.horizontalAdvance(text) <= rect.width()
                and metrics.height() <= rect.height()
            )

        size = largest_fitting(
            self._pixel_size, self.MIN_PIXEL_SIZE, lambda size: size - max(1, size // 24), fits
        )
        set_pixel_size(self, max(size, self.MIN_PIXEL_SIZE))
