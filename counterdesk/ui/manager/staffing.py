"""The manager's Staffing page: counters needed per weekday and hour, from the branch's history.

The page shows a :class:`~counterdesk.core.staffing_plan.StaffingPlan` as a table (weekday
rows × local-hour columns; a cell is the counters Erlang C needs, ``n (m)`` when Erlang A with
the walk-aways measured needs ``m``; its colour deepens with the offered load; its tooltip gives
the arrival rate, service time, target, predicted level and wait of each model) and emits
``requested`` for a period and level. :class:`StaffingController` reads the history (head
office's or this PC's: the reader says which) and computes the plan on the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from PySide6.QtCore import QDate, QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.errors import Text
from counterdesk.core.staffing import Prediction
from counterdesk.core.staffing_plan import WEEKDAY_NAMES, History, PlanCell, StaffingPlan, plan
from counterdesk.services.staffing_history import SOURCE_NAMES, Source
from counterdesk.ui.manager.page_parts import BusyMark, add_heading, add_messages
from counterdesk.ui.messages import error_text, words_text
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.widgets.colours import GREY, RED

log = logging.getLogger(__name__)

#: ``(first, last) -> (source, history)``, called on the worker.
HistoryReader = Callable[[date, date], tuple[Source, History]]
#: The period shown first: the eight weeks before today.
DEFAULT_WEEKS = 8

STAFFING_STYLE = f"""
QLabel#staffingNote, QLabel#staffingSource {{ color: {GREY}; }}
QLabel#staffingError {{ color: {RED}; }}
"""


def _seconds(value: float) -> str:
    return f"{value:.0f}"


class StaffingPage(QWidget):
    """The weekday × hour table of counters needed, a period and level chooser.

    Args:
        language: ``en`` or ``zh_CN`` (for the domain's texts).
        today: the day the default period ends before.

    Signals:
        requested(object, object, float): first day, last day, level (0..1].
        back_requested(): back to the board.
    """

    requested = Signal(object, object, float)
    back_requested = Signal()

    def __init__(self, language: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manager-staffing")
        self.setStyleSheet(STAFFING_STYLE)
        self._language = language
        self.plan: StaffingPlan | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)

        self.heading, self.back_button = add_heading(
            self, layout, self.tr("Staffing: counters needed per weekday and hour"),
            self.tr("Back to the board"), "staffing-back", self.back_requested,
        )  # fmt: skip

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Business days from"), self))
        self.first_edit = self._date_edit("staffing-from")
        chooser.addWidget(self.first_edit)
        chooser.addWidget(QLabel(self.tr("to"), self))
        self.last_edit = self._date_edit("staffing-to")
        chooser.addWidget(self.last_edit)
        chooser.addSpacing(16)
        chooser.addWidget(QLabel(self.tr("Call within the target"), self))
        self.level_spin = QSpinBox(self)
        self.level_spin.setObjectName("staffing-level")
        self.level_spin.setRange(50, 99)
        self.level_spin.setValue(80)
        self.level_spin.setSuffix(" %")
        chooser.addWidget(self.level_spin)
        chooser.addSpacing(16)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setObjectName("staffing-show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self._request)
        chooser.addWidget(self.show_button)
        self.busy = BusyMark(self, chooser, "staffing-busy", self.tr("Reading the history…"))
        chooser.addStretch(1)
        layout.addLayout(chooser)

        self.source_label, self.error_label = add_messages(self, layout, "staffing")

        self.table = QTableWidget(self)
        self.table.setObjectName("staffing-table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.note_label = QLabel(self)
        self.note_label.setObjectName("staffingNote")
        self.note_label.setWordWrap(True)
        layout.addWidget(self.note_label)
        self.set_period(today - timedelta(weeks=DEFAULT_WEEKS), today - timedelta(days=1))
        self.note_label.setText(self.tr("Choose the business days to learn from and press Show."))

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def set_period(self, first: date, last: date) -> None:
        """Choose the period (the next ``Show`` reads it)."""
        self.first_edit.setDate(QDate(first.year, first.month, first.day))
        self.last_edit.setDate(QDate(last.year, last.month, last.day))

    def period(self) -> tuple[date, date]:
        """The period chosen."""
        first, last = self.first_edit.date(), self.last_edit.date()
        return (
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
        )

    @Slot()
    def _request(self) -> None:
        first, last = self.period()
        if last < first:
            self.show_error(self.tr("The period ends before it starts."))
            return
        self.requested.emit(first, last, self.level_spin.value() / 100.0)

    def set_busy(self, busy: bool) -> None:
        """Show that the history is being read (the button waits meanwhile)."""
        self.busy.set_visible(busy)
        self.show_button.setEnabled(not busy)

    def is_busy(self) -> bool:
        """Whether the busy indicator shows."""
        return self.busy.is_visible()

    def show_error(self, message: str) -> None:
        """Say why the plan could not be made (the last table stays)."""
        self.set_busy(False)
        self.error_label.setText(message)
        self.error_label.show()

    def error(self) -> str:
        """The error shown, or ""."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def _words(self, text: Text) -> str:
        return words_text(text, language=self._language)

    def show_plan(self, source: Source, result: StaffingPlan) -> None:
        """Show a plan and where its history came from."""
        self.set_busy(False)
        self.error_label.hide()
        self.plan = result
        self.source_label.setText(
            self.tr("Business days %1 to %2, read from %3.")
            .replace("%1", result.first.isoformat())
            .replace("%2", result.last.isoformat())
            .replace("%3", self._words(Text(SOURCE_NAMES[source])))
        )
        table = self.table
        table.clear()
        table.setRowCount(len(result.weekdays))
        table.setColumnCount(len(result.hours))
        table.setVerticalHeaderLabels(
            [self._words(Text(WEEKDAY_NAMES[w])) for w in result.weekdays]
        )
        table.setHorizontalHeaderLabels([f"{h:02d}:00" for h in result.hours])
        highest = max((c.load for c in result.cells.values()), default=0.0)
        for row, weekday in enumerate(result.weekdays):
            for column, hour in enumerate(result.hours):
                table.setItem(row, column, self._item(result.cell(weekday, hour), highest))
        if not result.weekdays or not result.hours:
            note = self.tr("No customers arrived in the period: there is nothing to plan.")
        else:
            note = self.tr(
                "Each cell: the counters Erlang C needs so that %1 of customers are called "
                "within the strictest target wait of the business types arriving in that hour "
                "(customers wait as long as it takes); the darker, the busier. An hour with no "
                "arrivals needs 0."
            ).replace("%1", f"{result.level * 100:.0f}%")
            if result.patience_seconds is not None:
                note += "\n" + self.tr(
                    "n (m): Erlang A, with the walk-aways measured (customers wait %1 s on "
                    "average before leaving), needs m."
                ).replace("%1", _seconds(result.patience_seconds))
        self.note_label.setText(note)

    def _item(self, cell: PlanCell, highest: float) -> QTableWidgetItem:
        if cell.erlang_a is not None and cell.erlang_a_differs:
            text = f"{cell.counters} ({cell.erlang_a.counters})"
        else:
            text = str(cell.counters)
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        share = cell.load / highest if highest > 0 else 0.0
        # White for an empty hour to a deep blue for the busiest; dark text on light cells.
        colour = QColor.fromRgbF(1 - 0.78 * share, 1 - 0.55 * share, 1 - 0.2 * share)
        item.setBackground(QBrush(colour))
        item.setForeground(QBrush(QColor("#ffffff" if share > 0.6 else "#1f2937")))
        item.setToolTip(self._tooltip(cell))
        return item

    def _prediction_line(self, name: str, prediction: Prediction) -> str:
        return (
            self.tr("%1: counters needed %2, %3 called within the target, mean wait %4 s")
            .replace("%1", name)
            .replace("%2", str(prediction.counters))
            .replace("%3", f"{prediction.service_level * 100:.1f}%")
            .replace("%4", _seconds(prediction.mean_wait_seconds))
        )

    def _tooltip(self, cell: PlanCell) -> str:
        weekday = self._words(Text(WEEKDAY_NAMES[cell.weekday]))
        title = f"{weekday} {cell.hour:02d}:00–{(cell.hour + 1) % 24:02d}:00"
        if cell.erlang_c is None or cell.service_seconds is None:
            return "\n".join([title, self.tr("No customers arrived in this hour: 0 counters.")])
        lines = [
            title,
            self.tr("Arrivals: %1 per hour").replace("%1", f"{cell.arrivals_per_hour:.1f}"),
            self.tr("Mean service time: %1 s").replace("%1", _seconds(cell.service_seconds)),
            self.tr("Target wait: %1 s").replace("%1", _seconds(cell.target_seconds or 0)),
            self.tr("Load: %1 counters busy all the time").replace("%1", f"{cell.load:.2f}"),
            self._prediction_line(self.tr("Erlang C (shown; nobody walks away)"), cell.erlang_c),
        ]
        if cell.erlang_a is not None:
            lines.append(
                self._prediction_line(
                    self.tr("Erlang A (with the walk-aways measured)"), cell.erlang_a
                )
            )
        return "\n".join(lines)

    def cell_text(self, weekday: int, hour: int) -> str:
        """The text of a cell (for tests): ``""`` when the table has no such cell."""
        if self.plan is None:
            return ""
        try:
            row = self.plan.weekdays.index(weekday)
            column = self.plan.hours.index(hour)
        except ValueError:
            return ""
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def cell_tooltip(self, weekday: int, hour: int) -> str:
        """The tooltip of a cell (for tests)."""
        assert self.plan is not None
        item = self.table.item(self.plan.weekdays.index(weekday), self.plan.hours.index(hour))
        return item.toolTip() if item is not None else ""


class StaffingController(QObject):
    """Reads the history and computes the plan on the worker; the page shows the result.

    One computation at a time: a request while one runs is kept and run after it.

    Args:
        page: the page it serves.
        reader: reads a period's history (on the worker).
        targets: target wait per business type.
        runner: the worker.
        language: for the messages of failures.
        usual_seconds: the business types' usual service times (for types never served).
        parent: the Qt parent.

    Signals:
        plan_ready(object, object): the source and the StaffingPlan.
        failed(object): why no plan (the exception).
    """

    plan_ready = Signal(object, object)
    failed = Signal(object)

    def __init__(
        self,
        page: StaffingPage,
        reader: HistoryReader,
        targets: dict[str, int],
        runner: TaskRunner,
        language: str,
        usual_seconds: Mapping[str, float] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page = page
        self.reader = reader
        self.targets = dict(targets)
        self.usual_seconds = dict(usual_seconds or {})
        self.runner = runner
        self.language = language
        self._running = False
        self._next: tuple[date, date, float] | None = None
        page.requested.connect(self.compute)

    @Slot(object, object, float)
    def compute(self, first: date, last: date, level: float) -> None:
        """Read ``[first, last]`` and plan it for ``level`` on the worker."""
        if self._running:
            self._next = (first, last, level)
            return
        self._running = True
        self.page.set_busy(True)
        reader, targets, usual = self.reader, self.targets, self.usual_seconds

        def work() -> tuple[Source, StaffingPlan]:
            source, history = reader(first, last)
            return source, plan(history, targets, level, usual)

        self.runner.run(work, self._done, self._failed)

    def _done(self, result: tuple[Source, StaffingPlan]) -> None:
        self._running = False
        source, made = result
        self.page.show_plan(source, made)
        self.plan_ready.emit(source, made)
        self._again()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        log.warning("the staffing plan could not be made: %s", error)
        self.page.show_error(error_text(error, language=self.language))
        self.failed.emit(error)
        self._again()

    def _again(self) -> None:
        if self._next is not None:
            waiting, self._next = self._next, None
            self.compute(*waiting)
