"""The right half of the teller window while no service runs: who waits here, and the keys."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.core.durations import format_duration
from counterdesk.queue.base import QueueStatus, TypeStatus
from counterdesk.services.state import TodayFigures
from counterdesk.ui.widgets.colours import GREY, RED
from counterdesk.ui.widgets.style import repolish

_STYLE = f"""
QLabel#idleHeading {{ font-size: 13pt; font-weight: 600; color: #1f3b57; }}
QLabel#idleWaitingCount {{ font-size: 40pt; font-weight: 700; color: #1f3b57; }}
QLabel#idleWaitingCaption, QLabel#idleNote {{ color: {GREY}; font-size: 11pt; }}
QLabel#idleLongest {{ font-size: 11pt; }}
QLabel#idleLongest[over="true"] {{ color: {RED}; font-weight: 600; }}
QLabel#idleDayCaption {{ font-size: 11pt; color: {GREY}; }}
QLabel#idleDayValue {{ font-size: 11pt; font-weight: 600; }}
QLabel#idleKey {{ font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; color: #1f3b57;
                  background: #e8eef6; border: 1px solid #c9d5e4; border-radius: 4px;
                  padding: 2px 6px; }}
QLabel#idleKeyName {{ font-size: 11pt; }}
"""


#: Narrowest key badge, so single keys line up whatever else is listed.
KEY_MIN_WIDTH = 48
#: Room between the panel's sections; it gives way first on a low window (the demo's tile).
SECTION_GAP = 18


class IdlePanel(QFrame):
    """What the teller sees beside the ticket card while no service runs.

    The ticket card already says there is no customer; this half says how many wait for this
    counter (the business types it serves, from the queue's last snapshot) and the longest
    wait among them, the teller's day so far, and which keys work now.
    """

    def __init__(self, counter: int, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("idle-panel")
        self.setStyleSheet(_STYLE)
        self._counter = counter
        self._catalogue = catalogue
        self._language = "en"
        self._status: QueueStatus | None = None
        self._today: TodayFigures | None = None
        self._new_width = QTimer(self)
        self._new_width.setObjectName("idle-panel-rewrap")
        self._new_width.setSingleShot(True)
        self._new_width.setInterval(0)
        self._new_width.timeout.connect(self.updateGeometry)

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(10)
        self.waiting_heading = self._label("idleHeading")
        box.addWidget(self.waiting_heading)
        self.waiting_count = self._label("idleWaitingCount")
        box.addWidget(self.waiting_count)
        self.waiting_caption = self._label("idleWaitingCaption")
        box.addWidget(self.waiting_caption)
        self.longest = self._label("idleLongest")
        self.longest.setWordWrap(True)
        box.addWidget(self.longest)
        box.addItem(self._gap())
        self.day_heading = self._label("idleHeading")
        box.addWidget(self.day_heading)
        day = QGridLayout()
        day.setContentsMargins(0, 4, 0, 0)
        day.setHorizontalSpacing(14)
        day.setVerticalSpacing(6)
        day.setColumnStretch(1, 1)
        self.served_caption = self._label("idleDayCaption")
        self.served_value = self._label("idleDayValue")
        self.average_caption = self._label("idleDayCaption")
        self.average_value = self._label("idleDayValue")
        day.addWidget(self.served_caption, 0, 0)
        day.addWidget(self.served_value, 0, 1)
        day.addWidget(self.average_caption, 1, 0)
        day.addWidget(self.average_value, 1, 1)
        box.addLayout(day)
        box.addItem(self._gap())
        self.keys_heading = self._label("idleHeading")
        box.addWidget(self.keys_heading)
        self._keys_box = QWidget(self)
        self._keys = QGridLayout(self._keys_box)
        self._keys.setContentsMargins(0, 4, 0, 0)
        self._keys.setHorizontalSpacing(14)
        self._keys.setVerticalSpacing(8)
        self._keys.setColumnStretch(1, 1)
        box.addWidget(self._keys_box)
        box.addStretch(1)
        self.retranslate()

    def minimumSizeHint(self) -> QSize:
        """At least as tall as the texts wrapped at the panel's width need.

        Qt guesses a wrapping label's minimum from a wide line; on a narrow window (the demo's
        tile) the longest-wait sentence takes more lines, and the window's minimum must count
        them, or the layout squeezes the key badges instead.
        """
        size = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None and self.width() > 0 and layout.hasHeightForWidth():
            size.setHeight(max(size.height(), layout.minimumHeightForWidth(self.width())))
        return size

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width wraps the texts anew: the minimum height may change with it."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # Told after the layout that resized the panel is done: one told during its own
            # run does not pass the news up to the window.
            self._new_width.start()

    @staticmethod
    def _gap() -> QSpacerItem:
        return QSpacerItem(
            0, SECTION_GAP, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred
        )  # fmt: skip

    def _label(self, name: str, text: str = "", parent: QWidget | None = None) -> QLabel:
        label = QLabel(text, parent or self)
        label.setObjectName(name)
        return label

    def retranslate(self) -> None:
        """Set the headings (again, after a language change)."""
        self.waiting_heading.setText(self.tr("Waiting for this counter"))
        self.day_heading.setText(self.tr("Your day"))
        self.served_caption.setText(self.tr("Customers served"))
        self.average_caption.setText(self.tr("Average service"))
        self.keys_heading.setText(self.tr("Keys you can use now"))
        if self._status is not None:
            self.show_queue(self._status, self._language)
        if self._today is not None:
            self.show_today(self._today, self._language)

    # -- the queue ----------------------------------------------------------------------------

    def served_types(self, status: QueueStatus) -> list[TypeStatus]:
        """The types this counter serves, in its order of preference (all when it says none)."""
        serves: tuple[str, ...] = next(
            (c.serves for c in status.counters if c.counter == self._counter), ()
        )
        by_code = {t.business_type: t for t in status.types}
        if not serves:
            return list(status.types)
        return [by_code[code] for code in serves if code in by_code]

    def show_queue(self, status: QueueStatus, language: str) -> None:
        """Show how many wait for the types this counter serves, and the longest wait of each."""
        self._status = status
        self._language = language
        types = self.served_types(status)
        waiting = sum(t.waiting for t in types)
        self.waiting_count.setText(str(waiting))
        if waiting == 0:
            self.waiting_caption.setText(self.tr("Nobody is waiting for this counter."))
        elif waiting == 1:
            self.waiting_caption.setText(self.tr("1 customer is waiting for this counter."))
        else:
            self.waiting_caption.setText(
                self.tr("%1 customers are waiting for this counter.").replace("%1", str(waiting))
            )
        waiting_types = [t for t in types if t.waiting]
        longest = max(waiting_types, key=lambda t: t.longest_wait_seconds, default=None)
        if longest is None:
            self.longest.setText("")
            self.longest.setProperty("over", False)
        else:
            kind = self._catalogue.get(longest.business_type)
            values = {
                "%1": format_duration(longest.longest_wait_seconds, language),
                "%2": kind.name(language),
                "%3": format_duration(longest.target_seconds, language),
            }
            text = (
                self.tr("Longest wait: %1 (%2), over its target of %3.")
                if longest.over_target
                else self.tr("Longest wait: %1 (%2); its target is %3.")
            )
            for key, value in values.items():
                text = text.replace(key, value)
            self.longest.setText(text)
            self.longest.setProperty("over", longest.over_target)
        repolish(self.longest)
        self.longest.setVisible(longest is not None)

    def show_today(self, today: TodayFigures, language: str) -> None:
        """Show the teller's figures of today."""
        self._today = today
        self.served_value.setText(str(today.served))
        self.average_value.setText(
            format_duration(today.average_service_seconds, language) if today.served else "–"
        )

    # -- the keys -----------------------------------------------------------------------------

    def show_keys(self, actions: Sequence[QAction], names: dict[QAction, str]) -> None:
        """List the enabled actions with their keys (the same keys the buttons show)."""
        self._clear(self._keys)
        row = 0
        for action in actions:
            if not action.isEnabled() or action not in names:
                continue
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            key_label = self._label("idleKey", key, self._keys_box)
            key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            key_label.setMinimumWidth(KEY_MIN_WIDTH)  # F1 and F9 as wide as each other
            # A badge squeezed lower than its text reads as a smudge: it keeps its height.
            key_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            name_label = self._label("idleKeyName", names[action], self._keys_box)
            self._keys.addWidget(key_label, row, 0)
            self._keys.addWidget(name_label, row, 1)
            key_label.show()
            name_label.show()
            row += 1
        # Shown now, not on the next turn of the event loop, and the panel's layout told: else
        # it keeps the minimum of the empty list and squeezes the badges on a low window.
        self._keys_box.updateGeometry()

    def key_hints(self) -> list[tuple[str, str]]:
        """The keys listed now and what they do (tests read them)."""
        hints = []
        for row in range(self._keys.rowCount()):
            key = self._keys.itemAtPosition(row, 0)
            name = self._keys.itemAtPosition(row, 1)
            if key is None or name is None:
                continue
            key_widget, name_widget = key.widget(), name.widget()
            if isinstance(key_widget, QLabel) and isinstance(name_widget, QLabel):
                hints.append((key_widget.text(), name_widget.text()))
        return hints

    @staticmethod
    def _clear(grid: QGridLayout) -> None:
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
