"""The lobby display: latest calls (ticket → counter), waiting counts and a scrolling notice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import (
    QDate,
    QElapsedTimer,
    QEvent,
    QLocale,
    QPointF,
    QSize,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QStaticText,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import NotFoundError
from counterdesk.queue.base import QueueStatus, TypeStatus
from counterdesk.services.state import CallView
from counterdesk.ui.widgets.fitting import (
    largest_fitting,
    set_pixel_size,
    widest_word,
    with_pixel_size,
    wrapped_height,
)
from counterdesk.ui.widgets.style import repolish

#: Earlier calls listed below the newest one.
PREVIOUS_CALLS = 6
_PREVIOUS_COLUMNS = 2
#: How long the newest call blinks, and how fast.
HIGHLIGHT_MS = 4000
BLINK_MS = 500
#: Font sizes in pixels on a 1080-pixel-high screen; they scale with the window's height.
_BASE_HEIGHT = 1080
_SIZES: dict[str, int] = {
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
    "notice": 32,
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
        self._max_pixel_size = _SIZES[role]
        #: Labels whose texts share one size; self included.
        self.peers: list[FitLabel] = [self]
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
            return self._text_width(font) <= rect.width()
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


class DisplayWindow(QWidget):
    """The lobby screen: the newest call large, earlier calls, waiting counts and a notice.

    It only shows what it is given; a presenter feeds it calls from the queue's event feed
    and waiting figures from the queue status. Business type names come from the catalogue
    in the language set with :meth:`set_language`; the window's own texts go through Qt's
    translators.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        language: str,
        branch_name: str,
        stylesheet: str = "",
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """Build the screen with no calls, no waiting figures and no notice.

        Args:
            catalogue: business types, for their names.
            language: ``en`` or ``zh_CN``, for type names and the date.
            branch_name: shown in the header.
            stylesheet: QSS text (``resources/styles/display.qss``, read by the caller).
            parent: the parent widget, normally None (a top-level window).
            now: the time for the clock (aware); the system's local time when None.
        """
        super().__init__(parent)
        self.setObjectName("DisplayWindow")
        # A top-level widget paints its QSS background only with this attribute.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._catalogue = catalogue
        self._language = language
        self._now = now or (lambda: datetime.now().astimezone())
        self._calls: list[CallView] = []
        self._last_seq: int | None = None
        self._status: QueueStatus | None = None
        self._fit_labels: list[FitLabel] = []
        self._type_rows: dict[str, tuple[QFrame, FitLabel, FitLabel, FitLabel]] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The window's size is the screen's: contents must not push a minimum size on it.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.addWidget(self._build_header())
        body = QHBoxLayout()
        self._body = body
        body.setSpacing(28)
        body.addLayout(self._build_calls(), 63)
        body.addWidget(self._build_waiting(), 37)
        outer.addLayout(body, 1)
        self._ticker = NoticeTicker(self)
        self._ticker.setVisible(False)
        outer.addWidget(self._ticker)

        self._blink = QTimer(self)
        self._blink.setObjectName("display-call-highlight")
        self._blink.setInterval(BLINK_MS)
        self._blink.timeout.connect(self._on_blink)
        self._blinks_left = 0

        self._clock = QTimer(self)
        self._clock.setObjectName("display-clock")
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()

        if stylesheet:
            self.setStyleSheet(stylesheet)
        self._branch_label.set_text(branch_name)
        self._retranslate()
        self._tick()
        self._scale_fonts()

    # -- public API ---------------------------------------------------------------------

    def show_call(self, call: CallView) -> None:
        """Put a call on top and highlight it.

        A call whose ``seq`` is not newer than the last one shown is ignored (the feed
        delivered it twice). A ticket is listed once: a recall (or a later call of the same
        ticket) moves it to the top again.
        """
        if self._last_seq is not None and call.seq <= self._last_seq:
            return
        self._last_seq = call.seq
        self._calls = [c for c in self._calls if c.ticket_label != call.ticket_label]
        self._calls.insert(0, call)
        del self._calls[PREVIOUS_CALLS + 1 :]
        self._show_calls()
        self._start_highlight()

    def calls(self) -> list[CallView]:
        """The calls shown, newest first."""
        return list(self._calls)

    def set_waiting(self, status: QueueStatus) -> None:
        """Show how many customers wait for each business type, marking those over target."""
        self._status = status
        codes = tuple(t.business_type for t in status.types)
        if codes != tuple(self._type_rows):
            self._rebuild_type_rows(status.types)
        for item in status.types:
            self._show_type(item)
        self._waiting_total.set_text(
            self.tr("{count} waiting").format(count=status.waiting) if status.types else ""
        )
        self._legend.setVisible(any(t.over_target for t in status.types))

    def set_notice(self, text: str) -> None:
        """Show a notice at the bottom (scrolling when too long); empty text hides it."""
        self._ticker.set_text(text)
        self._ticker.setVisible(bool(self._ticker.text()))

    def notice(self) -> NoticeTicker:
        """The notice ticker (for tests and screenshots)."""
        return self._ticker

    def language(self) -> str:
        """The language of business type names and the date."""
        return self._language

    def set_language(self, lang: str) -> None:
        """Show business type names and the date in ``en`` or ``zh_CN``."""
        self._language = lang
        if self._status is not None:
            for item in self._status.types:
                self._show_type(item)
        self._tick()

    def is_highlighted(self) -> bool:
        """Whether the newest call is still blinking."""
        return self._blink.isActive()

    # -- Qt overrides -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Translate the window's own texts again when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the fonts to the new height."""
        super().resizeEvent(event)
        self._scale_fonts()

    # -- building -----------------------------------------------------------------------

    def _fit(
        self,
        object_name: str,
        role: str,
        parent: QWidget,
        bold: bool = False,
        alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> FitLabel:
        label = FitLabel(object_name, role, bold, alignment, parent)
        self._fit_labels.append(label)
        return label

    def _build_header(self) -> QWidget:
        header = QFrame(self)
        header.setObjectName("displayHeader")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(40, 14, 40, 14)
        layout.setSpacing(24)
        self._branch_label = self._fit("branchName", "branch", header, bold=True)
        layout.addWidget(self._branch_label, 3)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        right = Qt.AlignmentFlag.AlignRight
        self._time_label = self._fit("clockTime", "clockTime", header, True, right)
        self._date_label = self._fit("clockDate", "clockDate", header, False, right)
        clock.addWidget(self._time_label)
        clock.addWidget(self._date_label)
        layout.addLayout(clock, 1)
        return header

    def _build_calls(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(12)
        self._now_caption = self._fit("nowCallingCaption", "caption", self, bold=True)
        column.addWidget(self._now_caption)

        self._latest = QFrame(self)
        self._latest.setObjectName("latestCall")
        self._latest.setProperty("flash", False)
        self._latest.setProperty("empty", True)
        card = QVBoxLayout(self._latest)
        card.setContentsMargins(40, 8, 40, 20)
        card.setSpacing(0)
        row = QHBoxLayout()
        row.setSpacing(24)
        centre = Qt.AlignmentFlag.AlignCenter
        self._latest_ticket = self._fit("latestTicket", "latestTicket", self._latest, True, centre)
        self._latest_counter = self._fit(
            "latestCounter", "latestCounter", self._latest, True, centre
        )
        row.addWidget(self._latest_ticket, 11)
        row.addWidget(self._latest_counter, 10)
        card.addLayout(row)
        self._latest_sentence = self._fit("latestSentence", "latestSentence", self._latest,
                                          False, centre)  # fmt: skip
        card.addWidget(self._latest_sentence)
        column.addWidget(self._latest)

        column.addSpacing(8)
        self._previous_caption = self._fit("previousCaption", "caption", self, bold=True)
        column.addWidget(self._previous_caption)
        grid = QGridLayout()
        grid.setSpacing(12)
        self._tiles: list[CallTile] = []
        for index in range(PREVIOUS_CALLS):
            tile = CallTile(self)
            self._fit_labels.extend((tile.ticket, tile.arrow, tile.counter))
            self._tiles.append(tile)
            grid.addWidget(tile, index // _PREVIOUS_COLUMNS, index % _PREVIOUS_COLUMNS)
        for row_index in range(PREVIOUS_CALLS // _PREVIOUS_COLUMNS):
            grid.setRowStretch(row_index, 1)
        # Tickets line up in one size across the tiles, and counters in another.
        tickets = [tile.ticket for tile in self._tiles]
        counters = [tile.counter for tile in self._tiles]
        for tile in self._tiles:
            tile.ticket.peers = tickets
            tile.counter.peers = counters
        column.addLayout(grid, 1)
        return column

    def _build_waiting(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("waitingPanel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(6)
        head = QHBoxLayout()
        self._waiting_caption = self._fit("waitingCaption", "caption", panel, bold=True)
        self._waiting_total = self._fit(
            "waitingTotal", "waitingTotal", panel, alignment=Qt.AlignmentFlag.AlignRight
        )
        head.addWidget(self._waiting_caption, 3)
        head.addWidget(self._waiting_total, 2)
        layout.addLayout(head)
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(6)
        layout.addLayout(self._rows_box, 1)
        # Keeps the caption at the top while there are no rows yet.
        layout.addStretch(0)
        self._legend = self._fit("overTargetLegend", "typeMark", panel)
        self._legend.setVisible(False)
        layout.addWidget(self._legend)
        return panel

    def _rebuild_type_rows(self, types: Sequence[TypeStatus]) -> None:
        for frame, *labels in self._type_rows.values():
            for label in labels:
                self._fit_labels.remove(label)
            self._rows_box.removeWidget(frame)
            # Detach now: deleteLater alone leaves the old rows among the children until
            # the event loop runs.
            frame.setParent(None)
            frame.deleteLater()
        self._type_rows.clear()
        panel = self._rows_box.parentWidget()
        for item in types:
            frame = QFrame(panel)
            frame.setObjectName("typeRow")
            frame.setProperty("overTarget", False)
            frame.setProperty("idle", True)
            row = QHBoxLayout(frame)
            row.setContentsMargins(16, 2, 12, 2)
            row.setSpacing(10)
            name = FitLabel("typeName", "typeName", parent=frame, wrap=True)
            self._fit_labels.append(name)
            mark = self._fit(
                "overTargetMark", "typeMark", frame, True, Qt.AlignmentFlag.AlignCenter
            )
            # The mark takes the width of its words; the name gets the rest.
            mark.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            mark.setVisible(False)
            count = self._fit("typeCount", "typeCount", frame, True, Qt.AlignmentFlag.AlignRight)
            # Room for three digits, whatever the count, so the names line up.
            count.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            row.addWidget(name, 1)
            row.addWidget(mark, 0)
            row.addWidget(count, 0)
            self._rows_box.addWidget(frame, 1)
            # A child added to a shown window stays hidden until the event loop runs: show
            # the new row now, with the counts it gets below.
            frame.show()
            self._type_rows[item.business_type] = (frame, name, mark, count)
        self._scale_fonts()

    # -- filling in ---------------------------------------------------------------------

    def _type_name(self, code: str) -> str:
        try:
            return self._catalogue.get(code).name(self._language)
        except NotFoundError:
            return code

    def _show_type(self, item: TypeStatus) -> None:
        frame, name, mark, count = self._type_rows[item.business_type]
        name.set_text(self._type_name(item.business_type))
        count.set_text(str(item.waiting))
        over = item.over_target and item.waiting > 0
        # Words as well as the colour, so the mark does not rely on colour alone.
        mark.set_text(self.tr("Long wait") if over else "")
        mark.setVisible(over)
        changed = False
        for key, value in (("overTarget", over), ("idle", item.waiting == 0)):
            if frame.property(key) != value:
                frame.setProperty(key, value)
                changed = True
        if changed:
            repolish(frame)
            for label in (name, mark, count):
                repolish(label)

    def _counter_text(self, counter: int) -> str:
        return self.tr("Counter {counter}").format(counter=counter)

    def _show_calls(self) -> None:
        latest = self._calls[0] if self._calls else None
        if latest is None:
            self._latest_ticket.set_text("")
            self._latest_counter.set_text("")
            self._latest_sentence.set_text(self.tr("Please wait for your number to be called"))
        else:
            self._latest_ticket.set_text(latest.ticket_label)
            self._latest_counter.set_text(self._counter_text(latest.counter))
            self._latest_sentence.set_text(
                self.tr("Ticket {ticket}, please go to counter {counter}").format(
                    ticket=latest.ticket_label, counter=latest.counter
                )
            )
        if self._latest.property("empty") != (latest is None):
            self._latest.setProperty("empty", latest is None)
            self._repolish_latest()
        for index, tile in enumerate(self._tiles):
            position = index + 1
            if position < len(self._calls):
                call = self._calls[position]
                tile.show_call(call.ticket_label, self._counter_text(call.counter))
            else:
                tile.show_call("", "")

    def _start_highlight(self) -> None:
        self._blinks_left = HIGHLIGHT_MS // BLINK_MS
        self._set_flash(True)
        self._blink.start()

    @Slot()
    def _on_blink(self) -> None:
        self._blinks_left -= 1
        if self._blinks_left <= 0:
            self._blink.stop()
            self._set_flash(False)
            return
        self._set_flash(not self._latest.property("flash"))

    def _set_flash(self, on: bool) -> None:
        if self._latest.property("flash") != on:
            self._latest.setProperty("flash", on)
            self._repolish_latest()

    def _repolish_latest(self) -> None:
        # The labels' colours depend on the card's properties: polish them too.
        repolish(self._latest)
        for label in (self._latest_ticket, self._latest_counter, self._latest_sentence):
            repolish(label)

    @Slot()
    def _tick(self) -> None:
        now = self._now().astimezone()
        locale = QLocale(self._language)
        self._time_label.set_text(now.strftime("%H:%M"))
        date = QDate(now.year, now.month, now.day)
        self._date_label.set_text(locale.toString(date, QLocale.FormatType.LongFormat))

    def _scale_fonts(self) -> None:
        scale = max(0.3, self.height() / _BASE_HEIGHT)
        margin = round(28 * scale)
        self._body.setContentsMargins(margin, round(12 * scale), margin, margin)
        self._body.setSpacing(margin)
        for label in self._fit_labels:
            label.set_max_pixel_size(round(_SIZES[label.role] * scale))
            if label.objectName() == "typeCount":
                label.setFixedWidth(round(_SIZES["typeCount"] * scale * 1.9))
        font = QFont(self._ticker.font())
        font.setPixelSize(round(_SIZES["notice"] * scale))
        self._ticker.setFont(font)

    def _retranslate(self) -> None:
        self._now_caption.set_text(self.tr("Now calling"))
        self._previous_caption.set_text(self.tr("Previous calls"))
        self._waiting_caption.set_text(self.tr("Waiting customers"))
        self._legend.set_text(self.tr("Long wait: waiting longer than our service target"))
        self._show_calls()
        if self._status is not None:
            self.set_waiting(self._status)
