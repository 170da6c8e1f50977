"""The lobby display's labels that fit their text to the screen, and an earlier call's tile."""

from __future__ import annotations

from PySide6.QtCore import (
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from counterdesk.ui.widgets.fitting import (
    largest_fitting,
    set_pixel_size,
    widest_word,
    with_pixel_size,
    wrapped_height,
)
from counterdesk.ui.widgets.style import repolish

#: Font sizes in pixels on a 1080-pixel-high screen; they scale with the window's height.
BASE_HEIGHT = 1080


SIZES: dict[str, int] = {
    "branch": 46,
    "clockTime": 52,
    "clockDate": 22,
    "caption": 30,
    "latestTicket": 190,
    "latestCounter": 96,
    "latestSentence": 40,
    "tileTicket": 60,
    "tileCounter": 40,
    "waitingTotal": 30,
    "typeName": 30,
    "typeCount": 38,
    "typeMark": 22,
    "notice": 44,
}


class FitLabel(QLabel):
    """A label whose font shrinks until the text fits the width (and height) it is given.

    The width comes from the layout (the label asks for none), so long English names and
    short Chinese ones both fill their place without pushing the layout. Labels listed in
    :attr:`peers` share one size, so a column of names looks even.
    """

    MIN_PIXEL_SIZE = 12

    def __init__(
        self,
        object_name: str,
        role: str,
        bold: bool = False,
        alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        parent: QWidget | None = None,
        *,
        wrap: bool = False,
    ) -> None:
        """Create an empty label.

        Args:
            object_name: for the style sheet.
            role: key of the label's size in the display's size table.
            bold: whether the text is bold.
            alignment: horizontal alignment (always vertically centred).
            parent: the parent widget.
            wrap: whether a long text may break between words onto more lines (as many as
                the label's height holds) before the font shrinks.
        """
        super().__init__(parent)
        self.setObjectName(object_name)
        self.role = role
        self._max_pixel_size = SIZES[role]
        #: Labels whose texts share one size; self included.
        self.peers: list[FitLabel] = [self]
        #: Whether a label the layout gives less than its height shrinks to fit it too
        #: (the newest call's big texts, on a low window).
        self.fit_height = False
        self.setAlignment(alignment | Qt.AlignmentFlag.AlignVCenter)
        # A style sheet with padding gives a label a frame, and with it a default indent of
        # half an "x" that the fitting would not know about.
        self.setIndent(0)
        self.setWordWrap(wrap)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.font()
        font.setBold(bold)
        font.setPixelSize(self._max_pixel_size)
        self.setFont(font)

    def set_max_pixel_size(self, pixel_size: int) -> None:
        """Set the size the text has when it fits, and fit again."""
        self._max_pixel_size = max(self.MIN_PIXEL_SIZE, pixel_size)
        self.fit()

    def set_text(self, text: str) -> None:
        """Show a text (also the accessible name), fitted to the width."""
        if text != self.text():
            self.setText(text)
            self.setAccessibleName(text)
        self.fit()

    def pixel_size(self) -> int:
        """The size of the font now."""
        return self.font().pixelSize()

    def sizeHint(self) -> QSize:
        """One line at the largest size, whatever the text, so the layout does not jump.

        The width is the text's only for a label that asks for its width (a fixed policy);
        otherwise the layout decides it.
        """
        font = QFont(self.font())
        font.setPixelSize(self._max_pixel_size)
        margins = self.contentsMargins()
        height = QFontMetrics(font).height() + margins.top() + margins.bottom()
        if self.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
            return QSize(super().sizeHint().width(), height)
        width = self._text_width(font) + margins.left() + margins.right()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        """As small as the smallest font allows: the fitting makes the text fit."""
        font = QFont(self.font())
        font.setPixelSize(self.MIN_PIXEL_SIZE)
        margins = self.contentsMargins()
        return QSize(0, QFontMetrics(font).height() + margins.top() + margins.bottom())

    def hasHeightForWidth(self) -> bool:
        """No: a wrapping label takes the height it is given and shrinks its font to fit."""
        return False

    def fits(self) -> bool:
        """Whether the whole text is visible at the current size."""
        return self._fits_at(self.font())

    def fit(self) -> None:
        """Give this label and its peers the largest size at which all their texts fit."""
        size = min(peer._fitting_size() for peer in self.peers)
        for peer in self.peers:
            set_pixel_size(peer, size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the text to the new width."""
        super().resizeEvent(event)
        self.fit()

    def _text_width(self, font: QFont) -> int:
        return QFontMetrics(font).horizontalAdvance(self.text())

    def _fits_at(self, font: QFont) -> bool:
        rect = self.contentsRect()
        if not self.wordWrap():
            # The height counts too: a window lower than the display was drawn for (a strip
            # of a screen) squeezes the big ticket number.
            squeezed = self.fit_height and self.height() < self.sizeHint().height()
            fits_height = not squeezed or QFontMetrics(font).height() <= rect.height()
            return self._text_width(font) <= rect.width() and fits_height
        metrics = QFontMetrics(font)
        if widest_word(metrics, self.text()) > rect.width():
            return False
        return wrapped_height(metrics, self.text(), rect.width()) <= rect.height()

    def _fitting_size(self) -> int:
        size = largest_fitting(
            self._max_pixel_size,
            self.MIN_PIXEL_SIZE,
            lambda size: size - max(1, size // 24),
            lambda size: self._fits_at(with_pixel_size(self.font(), size)),
        )
        return max(size, self.MIN_PIXEL_SIZE)


class CallTile(QFrame):
    """One earlier call in the list: ticket, arrow, counter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty tile."""
        super().__init__(parent)
        self.setObjectName("callTile")
        self.setProperty("empty", True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 6, 24, 6)
        layout.setSpacing(12)
        self.ticket = FitLabel("tileTicket", "tileTicket", bold=True, parent=self)
        self.arrow = FitLabel("tileArrow", "tileCounter", parent=self)
        self.arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter = FitLabel(
            "tileCounter", "tileCounter", bold=True, alignment=Qt.AlignmentFlag.AlignRight,
            parent=self,
        )  # fmt: skip
        layout.addWidget(self.ticket, 5)
        layout.addWidget(self.arrow, 2)
        layout.addWidget(self.counter, 6)

    def show_call(self, ticket: str, counter: str) -> None:
        """Show a call, or an empty tile when ``ticket`` is empty."""
        self.ticket.set_text(ticket)
        self.arrow.set_text("→" if ticket else "")
        self.counter.set_text(counter)
        if self.property("empty") != (not ticket):
            self.setProperty("empty", not ticket)
            repolish(self)
