"""The board's widgets: headline figures, alerts, waiting per business type and the counters.

They only show a :class:`~counterdesk.services.board.Board`; nothing here reads the queue.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.core.durations import format_duration
from counterdesk.core.errors import NotFoundError
from counterdesk.core.kpis import Share
from counterdesk.services.board import Activity, Alert, AlertKind, Board, CounterLine, TypeLine
from counterdesk.ui.messages import pause_reason_text
from counterdesk.ui.widgets.colours import AMBER, GREY, RED

BOARD_STYLE = f"""
QFrame#figure {{ background: #ffffff; border: 1px solid #d8dee6; border-radius: 6px; }}
QLabel#figureTitle {{ color: {GREY}; }}
QLabel#figureValue {{ font-size: 22pt; font-weight: 600; }}
QLabel#figureNote {{ color: {GREY}; }}
QLabel#sectionTitle {{ font-weight: 600; font-size: 12pt; }}
QLabel#alert {{ color: {RED}; font-weight: 600; }}
QLabel#noAlerts {{ color: {GREY}; }}
"""


def percent(share: Share) -> str:
    """A share as ``83%``; ``—`` when there is nothing to share yet."""
    value = share.value
    return "—" if value is None else f"{round(value * 100)}%"


class FigureTile(QFrame):
    """One headline figure: a title, a big value and a small note under it."""

    def __init__(self, name: str, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(2)
        self.title = QLabel(title, self)
        self.title.setObjectName("figureTitle")
        self.value = QLabel("—", self)
        self.value.setObjectName("figureValue")
        self.value.setAccessibleName(name)
        self.note = QLabel("", self)
        self.note.setObjectName("figureNote")
        for label in (self.title, self.value, self.note):
            box.addWidget(label)

    def set(self, value: str, note: str = "", *, warn: bool = False) -> None:
        """Show a value (red when ``warn``) and its note."""
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {RED};" if warn else "")
        self.note.setText(note)


def _item(text: str, *, align_right: bool = False, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if colour is not None:
        item.setForeground(QBrush(QColor(colour)))
    return item


def _table(parent: QWidget, name: str, headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class BoardView(QWidget):
    """The live board: headline figures, alerts, business types and counters.

    Args:
        catalogue: business types (their names in ``language``).
        language: ``en`` or ``zh_CN`` (durations, type names).
        zone: the local time zone for times of day (None: the machine's).
    """

    def __init__(
        self, catalogue: Catalogue, language: str, zone: tzinfo | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("manager-board")
        self.setStyleSheet(BOARD_STYLE)
        self._catalogue = catalogue
        self._language = language
        self._zone = zone
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        figures = QGridLayout()
        figures.setSpacing(10)
        self.waiting = FigureTile("waiting", self.tr("Waiting now"), self)
        self.longest = FigureTile("longest-wait", self.tr("Longest wait"), self)
        self.served = FigureTile("served", self.tr("Served today"), self)
        self.walk_aways = FigureTile("walk-aways", self.tr("Walk-aways today"), self)
        self.level = FigureTile("service-level", self.tr("Service level today"), self)
        self.counters_tile = FigureTile("counters", self.tr("Counters staffed"), self)
        tiles = (
            self.waiting, self.longest, self.served, self.walk_aways, self.level,
            self.counters_tile,
        )  # fmt: skip
        for column, tile in enumerate(tiles):
            figures.addWidget(tile, 0, column)
        layout.addLayout(figures)

        self.alerts_title = QLabel(self.tr("Alerts"), self)
        self.alerts_title.setObjectName("sectionTitle")
        layout.addWidget(self.alerts_title)
        self.alerts_box = QVBoxLayout()
        self.alerts_box.setSpacing(2)
        layout.addLayout(self.alerts_box)
        self.alert_labels: list[QLabel] = []

        row = QHBoxLayout()
        row.setSpacing(12)
        left = QVBoxLayout()
        types_title = QLabel(self.tr("Waiting by business"), self)
        types_title.setObjectName("sectionTitle")
        left.addWidget(types_title)
        self.types = _table(
            self,
            "board-types",
            [
                self.tr("Business"),
                self.tr("Waiting"),
                self.tr("Longest wait"),
                self.tr("Target"),
                self.tr("Service level"),
                self.tr("Served"),
                self.tr("Walk-aways"),
            ],
            stretch=0,
        )
        left.addWidget(self.types)
        right = QVBoxLayout()
        counters_title = QLabel(self.tr("Counters"), self)
        counters_title.setObjectName("sectionTitle")
        right.addWidget(counters_title)
        self.counters = _table(
            self,
            "board-counters",
            [
                self.tr("Counter"),
                self.tr("Status"),
                self.tr("Teller"),
                self.tr("Since"),
                self.tr("Customer"),
            ],
            stretch=1,
        )
        right.addWidget(self.counters)
        row.addLayout(left, 6)
        row.addLayout(right, 5)
        layout.addLayout(row, 1)

    # -- texts -----------------------------------------------------------------------------

    def _duration(self, seconds: float) -> str:
        return format_duration(seconds, self._language)

    def _clock(self, at: datetime) -> str:
        return at.astimezone(self._zone).strftime("%H:%M")

    def type_name(self, code: str) -> str:
        """A business type's name in the board's language (its code when unknown)."""
        try:
            return self._catalogue.get(code).name(self._language)
        except NotFoundError:
            return code

    def activity_text(self, line: CounterLine) -> str:
        """What a counter is doing, in words."""
        if line.activity is Activity.SERVING:
            return self.tr("Serving")
        if line.activity is Activity.OPEN:
            return self.tr("Open, waiting for a customer")
        if line.activity is Activity.PAUSED:
            reason = pause_reason_text(line.reason)
            return self.tr("Paused: %1").replace("%1", reason) if reason else self.tr("Paused")
        if line.activity is Activity.NOT_RESPONDING:
            return self.tr("Not responding")
        return self.tr("Closed")

    def alert_text(self, alert: Alert) -> str:
        """An alert as a sentence."""
        if alert.kind is AlertKind.NO_COUNTER:
            return (
                self.tr("%1: %2 waiting, and no open counter serves it")
                .replace("%1", self.type_name(alert.business_type))
                .replace("%2", str(alert.waiting))
            )  # fmt: skip
        if alert.kind is AlertKind.OVER_TARGET:
            return (
                self.tr("%1: the longest wait is %2, over the target of %3")
                .replace("%1", self.type_name(alert.business_type))
                .replace("%2", self._duration(alert.seconds))
                .replace("%3", self._duration(alert.limit_seconds))
            )  # fmt: skip
        return (
            self.tr("Counter %1 has been paused for %2 (more than %3)")
            .replace("%1", str(alert.counter))
            .replace("%2", self._duration(alert.seconds))
            .replace("%3", self._duration(alert.limit_seconds))
        )  # fmt: skip

    # -- showing ---------------------------------------------------------------------------

    def show_board(self, board: Board) -> None:
        """Show a board (the whole of it replaces what was shown)."""
        self.waiting.set(
            str(board.waiting),
            self.tr("Tickets issued today: %1").replace("%1", str(board.arrivals)),
        )
        longest = board.longest_wait
        if longest is None:
            self.longest.set("—", self.tr("Nobody is waiting"))
        else:
            self.longest.set(
                self._duration(longest.longest_wait_seconds),
                self.type_name(longest.business_type),
                warn=longest.over_target,
            )
        self.served.set(str(board.served))
        self.walk_aways.set(
            str(board.walk_aways.part),
            self.tr("%1 of arrivals").replace("%1", percent(board.walk_aways))
            if board.walk_aways.whole
            else "",
        )
        self.level.set(
            percent(board.service_level),
            self.tr("%1 of %2 called within target")
            .replace("%1", str(board.service_level.part))
            .replace("%2", str(board.service_level.whole)),
        )
        staffed = board.count(Activity.SERVING, Activity.OPEN, Activity.PAUSED)
        self.counters_tile.set(
            str(staffed),
            self.tr("%1 serving · %2 free · %3 paused")
            .replace("%1", str(board.count(Activity.SERVING)))
            .replace("%2", str(board.count(Activity.OPEN)))
            .replace("%3", str(board.count(Activity.PAUSED))),
        )
        self._show_alerts(board.alerts)
        self._show_types(board.types)
        self._show_counters(board.counters, board.at)

    def _show_alerts(self, alerts: tuple[Alert, ...]) -> None:
        for label in self.alert_labels:
            self.alerts_box.removeWidget(label)
            label.deleteLater()
        self.alert_labels = []
        if not alerts:
            label = QLabel(self.tr("No alerts"), self)
            label.setObjectName("noAlerts")
            self.alert_labels.append(label)
        for alert in alerts:
            label = QLabel("⚠ " + self.alert_text(alert), self)
            label.setObjectName("alert")
            label.setWordWrap(True)
            self.alert_labels.append(label)
        for label in self.alert_labels:
            self.alerts_box.addWidget(label)

    def alerts(self) -> list[str]:
        """The alerts shown, as their sentences (without the mark)."""
        return [
            label.text().removeprefix("⚠ ")
            for label in self.alert_labels
            if label.objectName() == "alert"
        ]

    def _show_types(self, types: tuple[TypeLine, ...]) -> None:
        self.types.setRowCount(len(types))
        for row, line in enumerate(types):
            over = line.over_target
            level = percent(line.service_level)
            cells = [
                _item(self.type_name(line.business_type)),
                _item(str(line.waiting), align_right=True),
                _item(
                    self._duration(line.longest_wait_seconds) if line.waiting else "—",
                    align_right=True,
                    colour=RED if over else None,
                ),
                _item(self._duration(line.target_seconds), align_right=True, colour=GREY),
                _item(level, align_right=True),
                _item(str(line.served), align_right=True),
                _item(
                    str(line.walk_aways),
                    align_right=True,
                    colour=AMBER if line.walk_aways else None,
                ),
            ]
            for column, cell in enumerate(cells):
                self.types.setItem(row, column, cell)

    def _show_counters(self, counters: tuple[CounterLine, ...], now: datetime) -> None:
        self.counters.setRowCount(len(counters))
        for row, line in enumerate(counters):
            colour = {
                Activity.PAUSED: AMBER,
                Activity.NOT_RESPONDING: RED,
                Activity.CLOSED: GREY,
            }.get(line.activity)
            teller = line.teller_name or line.teller or "—"
            shown = line.activity is not Activity.CLOSED
            cells = [
                _item(str(line.counter), align_right=True),
                _item(self.activity_text(line), colour=colour),
                _item(teller if shown else "—"),
                _item(
                    self.tr("%1 (%2)")
                    .replace("%1", self._clock(line.since))
                    .replace("%2", self._duration((now - line.since).total_seconds()))
                    if shown
                    else "—"
                ),
                _item(line.ticket_label or "—"),
            ]
            for column, cell in enumerate(cells):
                self.counters.setItem(row, column, cell)

    def table_text(self, table: QTableWidget) -> list[list[str]]:
        """A table's cells as shown (tests, accessibility)."""
        rows = []
        for r in range(table.rowCount()):
            cells = [table.item(r, c) for c in range(table.columnCount())]
            rows.append([cell.text() if cell is not None else "" for cell in cells])
        return rows
