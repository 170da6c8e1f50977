"""The kiosk's issued page: the number just taken, the people ahead and the wait; a tap ends it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.slip import wait_minutes
from counterdesk.services.state import IssuedTicket
from counterdesk.ui import icons
from counterdesk.ui.kiosk.tile import kiosk_label
from counterdesk.ui.widgets.colours import NAVY
from counterdesk.ui.widgets.fitting import largest_fitting, set_pixel_size, with_pixel_size
from counterdesk.ui.widgets.marks import marked_row


class IssuedPage(QWidget):
    """Shows an issued ticket; side by side on a landscape screen, stacked on a portrait one.

    Signals:
        tapped(): the page was pressed anywhere (its labels let taps through).
    """

    tapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issuedPage")
        self._issued: IssuedTicket | None = None
        self._printed = True
        self._language = "en"
        self._portrait: bool | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(20)
        self._scale = 1.0
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(28)
        # Stretch factors of [space, number, information, space], set per orientation: side
        # by side on a landscape screen, one block under the other, centred, on a portrait one.
        self._body.addStretch(0)

        self.number_block = QWidget(self)
        self.number_block.installEventFilter(self)
        number = QVBoxLayout(self.number_block)
        number.setContentsMargins(0, 0, 0, 0)
        number.setSpacing(0)
        self._your_number = kiosk_label("yourNumberCaption", self.number_block)
        number.addWidget(self._your_number)
        self._ticket_number = kiosk_label("ticketNumber", self.number_block, wrap=False, bold=True)
        self._ticket_number.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        number.addWidget(self._ticket_number)
        self._business = kiosk_label("issuedBusiness", self.number_block)
        number.addWidget(self._business)
        self._body.addWidget(self.number_block, 1, Qt.AlignmentFlag.AlignVCenter)

        info = QVBoxLayout()
        info.setSpacing(20)
        info.addStretch(1)
        card = QFrame(self)
        card.setObjectName("infoCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(36, 28, 36, 28)
        card_layout.setSpacing(18)
        self._card_layout = card_layout
        self._info = info
        self._ahead = _info_row(card, card_layout, "mdi6.account-multiple", "aheadLine")
        self._wait = _info_row(card, card_layout, "mdi6.clock-outline", "waitLine")
        info.addWidget(card)

        self._take_frame = QFrame(self)
        self._take_frame.setObjectName("takeTicket")
        self._take_label = _info_row(
            self._take_frame,
            QHBoxLayout(),
            "mdi6.ticket-confirmation-outline",
            "takeTicketLine",
            color="#1b6e3a",
        )
        info.addWidget(self._take_frame)
        self._printer_frame = QFrame(self)
        self._printer_frame.setObjectName("printerFault")
        self._printer_label = _info_row(
            self._printer_frame, QHBoxLayout(), "mdi6.printer-alert", "printerFaultLine", "#8d2b0b"
        )
        info.addWidget(self._printer_frame)
        info.addStretch(1)
        self._body.addLayout(info, 1)
        self._body.addStretch(0)
        layout.addLayout(self._body, 1)

        hint = QHBoxLayout()
        hint.addStretch(1)
        tap_icon = QLabel(self)
        tap_icon.setPixmap(icons.pixmap("mdi6.gesture-tap", "#627d98", 30))
        hint.addWidget(tap_icon)
        self._tap_hint = kiosk_label("tapHint", self, wrap=False)
        hint.addWidget(self._tap_hint)
        hint.addStretch(1)
        layout.addLayout(hint)

    def show_ticket(self, issued: IssuedTicket, printed: bool) -> None:
        """Show a ticket; ``printed`` False asks the customer to remember the number."""
        self._issued = issued
        self._printed = printed
        self._fill()

    def set_language(self, language: str) -> None:
        """Name the business type in ``en`` or ``zh_CN``."""
        self._language = language
        self._fill()

    def set_portrait(self, portrait: bool) -> None:
        """Stack the number over the information (portrait) or put them side by side."""
        self._portrait = portrait
        self._body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        for index, stretch in enumerate((1, 0, 0, 1) if portrait else (0, 1, 1, 0)):
            self._body.setStretch(index, stretch)

    def retranslate(self) -> None:
        """Set the page's texts in the current language."""
        self._your_number.setText(self.tr("Your number"))
        self._take_label.setText(self.tr("Please take your ticket"))
        self._printer_label.setText(
            self.tr("The printer is not working: please remember your number")
        )
        self._tap_hint.setText(self.tr("Tap anywhere to finish"))
        self._fill()

    def fit_ticket_number(self) -> None:
        """Make the number as large as its block allows."""
        text = self._ticket_number.text()
        if not text:
            return
        width = self.number_block.width() or self.window().width()
        limit = round((300 if self._portrait else 240) * self._scale)
        font = self._ticket_number.font()
        size = largest_fitting(
            limit,
            min(48, limit),
            lambda size: size - 8,
            lambda size: (
                QFontMetrics(with_pixel_size(font, size)).horizontalAdvance(text) <= width * 0.92
            ),
        )
        set_pixel_size(self._ticket_number, size)

    def set_scale(self, scale: float) -> None:
        """Shrink the margins and the ticket number for a small screen."""
        self._scale = scale
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(*(round(m * scale) for m in (48, 32, 48, 32)))
        layout.setSpacing(round(20 * scale))
        self._body.setSpacing(round(28 * scale))
        self._info.setSpacing(round(20 * scale))
        self._card_layout.setContentsMargins(*(round(m * scale) for m in (36, 28, 36, 28)))
        self._card_layout.setSpacing(round(18 * scale))
        self.fit_ticket_number()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Report the tap."""
        event.accept()
        self.tapped.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the number again when its block is resized."""
        if event.type() == QEvent.Type.Resize and watched is self.number_block:
            self.fit_ticket_number()
        return super().eventFilter(watched, event)

    def _fill(self) -> None:
        issued = self._issued
        if issued is None:
            return
        self._ticket_number.setText(issued.ticket.label)
        self._business.setText(issued.business_type.name(self._language))
        if issued.ahead <= 0:
            ahead = self.tr("No one is ahead of you")
        elif issued.ahead == 1:
            ahead = self.tr("1 person ahead of you")
        else:
            ahead = self.tr("{count} people ahead of you").format(count=issued.ahead)
        self._ahead.setText(ahead)
        seconds = issued.estimated_wait_seconds
        if seconds is None:
            wait = self.tr("Estimated wait: not available")
        else:
            # The same rounding as the printed slip, so screen and paper agree.
            minutes = max(1, wait_minutes(seconds))
            if minutes == 1:
                wait = self.tr("Estimated wait: about 1 minute")
            else:
                wait = self.tr("Estimated wait: about {minutes} minutes").format(minutes=minutes)
        self._wait.setText(wait)
        self._take_frame.setVisible(self._printed)
        self._printer_frame.setVisible(not self._printed)
        self.fit_ticket_number()


def _info_row(
    parent: QWidget,
    into: QVBoxLayout | QHBoxLayout,
    icon_name: str,
    object_name: str,
    color: str = NAVY,
) -> QLabel:
    """An icon and a text beside it; returns the text's label."""
    text = kiosk_label(object_name, parent)
    text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    row = marked_row(
        icon_name, color, 48, text, spacing=20, mark_alignment=Qt.AlignmentFlag.AlignTop
    )
    if parent.layout() is None:
        # A frame of its own: the row is its whole content.
        frame_layout = QVBoxLayout(parent)
        frame_layout.setContentsMargins(28, 20, 28, 20)
        frame_layout.addLayout(row)
    else:
        into.addLayout(row)
    return text
