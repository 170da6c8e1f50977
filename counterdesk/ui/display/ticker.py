"""The notice line at the foot of the lobby display, scrolling when it is too long."""

from __future__ import annotations

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QPointF,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QFontMetrics,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QStaticText,
)
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)


class NoticeTicker(QWidget):
    """A one-line notice that scrolls right to left when it is wider than the screen.

    It paints the text itself at an offset that grows with elapsed time (so a late timer
    tick does not make it stutter), repainting at most :attr:`FPS` times a second. The timer
    runs only while the text is too wide and the ticker is visible; a text that fits is
    centred and still.
    """

    FPS = 30
    #: Scrolling speed in font heights per second: readable, not hurried.
    SPEED = 3.0
    #: Gap between the end of the text and its next repeat, in font heights.
    GAP = 4.0

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty, still ticker."""
        super().__init__(parent)
        self.setObjectName("noticeTicker")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._text = ""
        self._static = QStaticText()
        self._static.setTextFormat(Qt.TextFormat.PlainText)
        self._text_width = 0
        self._offset = 0.0
        self._clock_base = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setObjectName("display-notice-ticker")
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1000 // self.FPS)
        self._timer.timeout.connect(self._step)

    def text(self) -> str:
        """The notice shown."""
        return self._text

    def set_text(self, text: str) -> None:
        """Show a notice (one line: line breaks become spaces), from its start."""
        text = " ".join(text.split())
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)
        self._static.setText(text)
        self._offset = 0.0
        self._measure()

    def is_scrolling(self) -> bool:
        """Whether the text is moving (it is wider than the ticker and shown)."""
        return self._timer.isActive()

    def offset(self) -> float:
        """How many pixels the text has moved to the left."""
        return self._offset

    def too_wide(self) -> bool:
        """Whether the text is wider than the ticker, so it must scroll."""
        return self._text_width > self._usable_width()

    # -- Qt overrides -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Measure the text again when the font changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._static.prepare(font=self.font())
            self.setFixedHeight(round(QFontMetrics(self.font()).height() * 1.7))
            self._measure()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Start or stop scrolling for the new width."""
        super().resizeEvent(event)
        self._update_timer()

    def showEvent(self, event: QShowEvent) -> None:
        """Scroll again once shown."""
        super().showEvent(event)
        self._update_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        """Nothing to move while hidden: stop the timer."""
        super().hideEvent(event)
        self._update_timer()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the text (and its repeat while scrolling), vertically centred."""
        super().paintEvent(event)
        if not self._text:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        top = rect.top() + (rect.height() - self._static.size().height()) / 2
        if not self.too_wide():
            left = rect.left() + (rect.width() - self._text_width) / 2
            painter.drawStaticText(QPointF(left, top), self._static)
        else:
            period = self._text_width + self._gap()
            left = rect.left() + rect.width() * 0.02 - self._offset
            painter.setClipRect(rect)
            while left < rect.right():
                if left + self._text_width > rect.left():
                    painter.drawStaticText(QPointF(left, top), self._static)
                left += period
        painter.end()

    # -- internals ----------------------------------------------------------------------

    def _gap(self) -> float:
        return QFontMetrics(self.font()).height() * self.GAP

    def _usable_width(self) -> int:
        return self.contentsRect().width()

    def _measure(self) -> None:
        self._text_width = QFontMetrics(self.font()).horizontalAdvance(self._text)
        self._update_timer()
        self.update()

    def _update_timer(self) -> None:
        wanted = bool(self._text) and self.isVisible() and self.too_wide()
        if wanted and not self._timer.isActive():
            # Continue from where the text stopped.
            self._clock.start()
            self._clock_base = self._offset
            self._timer.start()
        elif not wanted and self._timer.isActive():
            self._timer.stop()
            if not self.too_wide():
                self._offset = 0.0
            self.update()

    @Slot()
    def _step(self) -> None:
        speed = QFontMetrics(self.font()).height() * self.SPEED
        period = self._text_width + self._gap()
        moved = self._clock_base + self._clock.elapsed() / 1000 * speed
        self._offset = moved % period if period > 0 else 0.0
        self.update()
