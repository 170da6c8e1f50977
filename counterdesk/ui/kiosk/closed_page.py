"""The kiosk's closed page: outside opening hours, or no counter open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counterdesk.ui import icons
from counterdesk.ui.kiosk.tile import kiosk_label
from counterdesk.ui.widgets.colours import NAVY


class ClosedPage(QWidget):
    """Tells customers no ticket can be taken now, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closedPage")
        self._reason = "hours"
        self._hours = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(20)
        layout.addStretch(2)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._icon)
        self._title = kiosk_label("closedTitle", self)
        layout.addWidget(self._title)
        self._text = kiosk_label("closedText", self)
        layout.addWidget(self._text)
        layout.addStretch(3)

    def set_reason(self, reason: str, hours: str = "") -> None:
        """Say why: ``hours``, ``counters`` (none open) or ``connecting`` (at start-up).

        ``hours`` is outside opening hours, given as the caller words them.
        """
        self._reason = reason
        self._hours = hours
        self.retranslate()

    def retranslate(self) -> None:
        """Set the page's texts in the current language."""
        if self._reason == "connecting":
            self._icon.setPixmap(icons.pixmap("mdi6.store-clock", NAVY, icons.SIZE))
            self._title.setText(self.tr("Connecting to the queue…"))
            self._text.setText(self.tr("Please wait a moment."))
            self._text.show()
        elif self._reason == "counters":
            self._icon.setPixmap(icons.pixmap("mdi6.store-off", NAVY, icons.SIZE))
            self._title.setText(self.tr("No counter is open at the moment"))
            self._text.setText(self.tr("Please ask our staff."))
            self._text.show()
        else:
            self._icon.setPixmap(icons.pixmap("mdi6.store-clock", NAVY, icons.SIZE))
            self._title.setText(self.tr("We are closed"))
            hours = self._hours
            self._text.setText(
                self.tr("Opening hours: {hours}").format(hours=hours) if hours else ""
            )
            self._text.setVisible(bool(hours))
