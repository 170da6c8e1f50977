"""The lobby display: latest calls (ticket → counter), waiting counts and a scrolling notice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QFont,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import NotFoundError
from counterdesk.queue.base import QueueStatus, TypeStatus
from counterdesk.services.state import CallView
from counterdesk.ui.display.labels import BASE_HEIGHT, SIZES, CallTile, FitLabel
from counterdesk.ui.display.ticker import NoticeTicker
from counterdesk.ui.widgets.style import repolish

#: Earlier calls listed below the newest one.
PREVIOUS_CALLS = 6
_PREVIOUS_COLUMNS = 2
#: How long the newest call blinks, and how fast.
HIGHLIGHT_MS = 4000
#: The smallest the display's sizes get (a small window in the demo).
MIN_SCALE = 0.12
#: Below this height the display shows only the newest call and the number waiting (a
#: narrow strip of a screen, as in the demo on one screen).
COMPACT_HEIGHT = 400
BLINK_MS = 500


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
        mark_over_target: bool = False,
    ) -> None:
        """Build the screen with no calls, no waiting figures and no notice.

        Args:
            catalogue: business types, for their names.
            language: ``en`` or ``zh_CN``, for type names and the date.
            branch_name: shown in the header.
            stylesheet: QSS text (``resources/styles/display.qss``, read by the caller).
            parent: the parent widget, normally None (a top-level window).
            now: the time for the clock (aware); the system's local time when None.
            mark_over_target: mark the business types waiting longer than their target
                ("Long wait", in red) for customers to see; off by default: the lobby shows
                how many wait, and the branch's targets stay the staff's business.
        """
        super().__init__(parent)
        self.setObjectName("DisplayWindow")
        # A top-level widget paints its QSS background only with this attribute.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._catalogue = catalogue
        self._language = language
        self._now = now or (lambda: datetime.now().astimezone())
        self._mark_over_target = mark_over_target
        self._compact = False
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
        self._header = self._build_header()
        outer.addWidget(self._header)
        body = QHBoxLayout()
        self._body = body
        body.setSpacing(28)
        body.addLayout(self._build_calls(), 63)
        body.addWidget(self._build_waiting(), 37)
        outer.addLayout(body, 1)
        self._ticker = NoticeTicker(self)
        self._notice = ""
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
        self._set_weights()
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
        """Show how many customers wait for each business type (and, if set, those over target)."""
        self._status = status
        codes = tuple(t.business_type for t in status.types)
        if codes != tuple(self._type_rows):
            self._rebuild_type_rows(status.types)
        for item in status.types:
            self._show_type(item)
        self._waiting_total.set_text(
            self.tr("{count} waiting").format(count=status.waiting) if status.types else ""
        )
        self._legend.setVisible(
            self._mark_over_target
            and not self._compact
            and any(t.over_target and t.waiting for t in status.types)
        )

    def set_notice(self, text: str) -> None:
        """Show a notice at the bottom (scrolling when too long); empty text hides it."""
        self._notice = text
        self._ticker.set_text(text)
        self._ticker.setVisible(bool(self._ticker.text()))

    def notice_text(self) -> str:
        """The notice set with :meth:`set_notice` ('' when none)."""
        return self._notice

    def show_connecting(self, connecting: bool) -> None:
        """Say in the notice line that the display is still reaching the queue (or stop)."""
        self._ticker.set_text(self.tr("Connecting to the queue…") if connecting else self._notice)
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
        self._set_weights()
        if self._status is not None:
            for item in self._status.types:
                self._show_type(item)
        self._tick()

    def end_highlight(self) -> None:
        """Stop the newest call's blinking now (it stays shown, calm)."""
        self._blink.stop()
        self._set_flash(False)

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
        """Scale the fonts to the new size; on a low strip show only what fits."""
        super().resizeEvent(event)
        compact = self.height() < COMPACT_HEIGHT
        if compact != self._compact:
            self._compact = compact
            self._latest_sentence.setVisible(not compact)
            self._header.setVisible(not compact)
            # On a strip the newest call takes the room the earlier ones had.
            self._calls_column.setStretchFactor(self._latest, 1 if compact else 0)
            self._calls_column.setStretchFactor(self._previous_grid, 0 if compact else 1)
            for tile in self._tiles:
                # Hidden tiles keep their place on a full screen, none on a strip.
                policy = tile.sizePolicy()
                policy.setRetainSizeWhenHidden(not compact)
                tile.setSizePolicy(policy)
            policy = self._previous_caption.sizePolicy()
            policy.setRetainSizeWhenHidden(not compact)
            self._previous_caption.setSizePolicy(policy)
            for frame, *_ in self._type_rows.values():
                frame.setVisible(not compact)
            self._show_calls()
            if self._status is not None:
                self.set_waiting(self._status)
        self._scale_fonts()

    def is_compact(self) -> bool:
        """Whether only the newest call and the number waiting are shown (a low window)."""
        return self._compact

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
        self._latest_ticket.fit_height = self._latest_counter.fit_height = True
        row.addWidget(self._latest_ticket, 11)
        row.addWidget(self._latest_counter, 10)
        card.addLayout(row)
        self._latest_sentence = self._fit("latestSentence", "latestSentence", self._latest,
                                          False, centre)  # fmt: skip
        card.addWidget(self._latest_sentence)
        column.addWidget(self._latest)

        column.addSpacing(8)
        self._previous_caption = self._fit("previousCaption", "caption", self, bold=True)
        keep_place = self._previous_caption.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)
        self._previous_caption.setSizePolicy(keep_place)
        column.addWidget(self._previous_caption)
        grid = QGridLayout()
        grid.setSpacing(12)
        self._tiles: list[CallTile] = []
        for index in range(PREVIOUS_CALLS):
            tile = CallTile(self)
            keep_place = tile.sizePolicy()
            keep_place.setRetainSizeWhenHidden(True)
            tile.setSizePolicy(keep_place)
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
        self._calls_column, self._previous_grid = column, grid
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
        # Read from across the lobby: as large as the names it explains.
        self._legend = self._fit("overTargetLegend", "typeName", panel)
        self._legend.setWordWrap(True)
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
            frame.setVisible(not self._compact)
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
        over = self._mark_over_target and item.over_target and item.waiting > 0
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
            # No empty boxes (at opening, nothing was called yet): the place stays free.
            tile.setVisible(position < len(self._calls) and not self._compact)
        self._previous_caption.setVisible(len(self._calls) > 1 and not self._compact)

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

    def _set_weights(self) -> None:
        # "3 号窗口" in bold: the digits are bold, but at this size the Chinese font (it has no
        # bold face) is drawn regular. Regular throughout reads as one piece.
        font = self._latest_counter.font()
        font.setBold(not self._language.startswith("zh"))
        self._latest_counter.setFont(font)

    def _scale_fonts(self) -> None:
        # Fitted labels shrink further on their own; the floor only keeps margins sensible.
        scale = max(MIN_SCALE, self.height() / BASE_HEIGHT)
        margin = round(28 * scale)
        self._header.layout().setContentsMargins(  # type: ignore[union-attr]
            round(40 * scale), round(14 * scale), round(40 * scale), round(14 * scale)
        )
        self._body.setContentsMargins(margin, round(12 * scale), margin, margin)
        self._body.setSpacing(margin)
        for label in self._fit_labels:
            label.set_max_pixel_size(round(SIZES[label.role] * scale))
            if label.objectName() == "typeCount":
                label.setFixedWidth(round(SIZES["typeCount"] * scale * 1.9))
        font = QFont(self._ticker.font())
        font.setPixelSize(max(FitLabel.MIN_PIXEL_SIZE, round(SIZES["notice"] * scale)))
        self._ticker.setFont(font)

    def _retranslate(self) -> None:
        self._now_caption.set_text(self.tr("Now calling"))
        self._previous_caption.set_text(self.tr("Previous calls"))
        self._waiting_caption.set_text(self.tr("Waiting customers"))
        self._legend.set_text(self.tr("Long wait: waiting longer than our service target"))
        self._show_calls()
        if self._status is not None:
            self.set_waiting(self._status)
