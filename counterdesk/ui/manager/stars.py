"""The manager's Stars page: a month's star levels of the branch's tellers, read-only.

Head office computes the levels (:mod:`counterdesk.app.stars_source`,
:func:`counterdesk.sync.hq_stars.grade_month`); the page shows one row per teller (name and
staff number, the level as stars and a number, the score, services finished, who set the level
and why when a manager adjusted it, or "no level" and why) and, under it, the explanation of the
selected teller's level: one line per figure of the policy (dimension / figure, value, points,
share of the score, contribution), as ``counterdesk report stars --month`` prints them.
Adjusting a level stays a command-line action (``counterdesk report stars --adjust``).
:class:`StarsController` reads the levels on the worker. Without head office (``[hq] url``)
there is nothing to read: the page says so and its Show button stays disabled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.stars import MEASURES, Grade, Line
from counterdesk.ui.manager.page_parts import BusyMark, add_heading, add_messages
from counterdesk.ui.messages import error_text
from counterdesk.ui.tasks import TaskRunner
from counterdesk.ui.widgets.colours import GREY, RED

if TYPE_CHECKING:
    from counterdesk.sync.hq_stars import MonthLevels

log = logging.getLogger(__name__)

#: ``month ("YYYY-MM") -> MonthLevels``, called on the worker.
StarsReader = Callable[[str], "MonthLevels"]
#: Staff names by staff number, called on the worker.
NamesReader = Callable[[], Mapping[str, str]]

MAX_STARS = 5

STARS_STYLE = f"""
QLabel#starsNote, QLabel#starsSource {{ color: {GREY}; }}
QLabel#starsError {{ color: {RED}; }}
"""


def last_month(today: date) -> date:
    """The first day of the month before ``today``'s."""
    if today.month == 1:
        return date(today.year - 1, 12, 1)
    return date(today.year, today.month - 1, 1)


def stars_text(level: int) -> str:
    """A level as filled and empty stars and its number: ``★★★★☆ 4``."""
    return "★" * level + "☆" * (MAX_STARS - level) + f" {level}"


def _stars_words(template: str, **params: object) -> str:
    """A text of the ``stars`` context (:mod:`counterdesk.core.stars`) in the installed language."""
    return QCoreApplication.translate("stars", template).format(**params)


class StarsPage(QWidget):
    """A month chooser, the table of the tellers' levels and the selected teller's explanation.

    Args:
        language: ``en`` or ``zh_CN`` (dimension names and the policy's title).
        today: the month chosen first is the one before today's.

    Signals:
        requested(str): the month, ``YYYY-MM``.
        back_requested(): back to the board.
    """

    requested = Signal(str)
    back_requested = Signal()

    COLUMNS = 5

    def __init__(self, language: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manager-stars")
        self.setStyleSheet(STARS_STYLE)
        self._zh = language.startswith("zh")
        self.levels: MonthLevels | None = None
        self._names: Mapping[str, str] = {}
        self._available = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)

        self.heading, self.back_button = add_heading(
            self, layout, self.tr("Stars: the tellers' monthly star levels"),
            self.tr("Back to the board"), "stars-back", self.back_requested,
        )  # fmt: skip

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Month"), self))
        self.month_edit = QDateEdit(self)
        self.month_edit.setObjectName("stars-month")
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setMaximumDate(QDate(today.year, today.month, 1).addMonths(1).addDays(-1))
        chooser.addWidget(self.month_edit)
        chooser.addSpacing(16)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setObjectName("stars-show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self._request)
        chooser.addWidget(self.show_button)
        self.busy = BusyMark(
            self, chooser, "stars-busy", self.tr("Head office is computing the levels…")
        )
        chooser.addStretch(1)
        layout.addLayout(chooser)

        self.source_label, self.error_label = add_messages(self, layout, "stars")

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("stars-table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Teller"), self.tr("Level"), self.tr("Score"), self.tr("Served"),
             self.tr("Set by a manager, or why no level")]
        )  # fmt: skip
        self._set_up(self.table)
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._explain_selected)
        layout.addWidget(self.table, 2)

        self.explanation_label = QLabel(self)
        self.explanation_label.setWordWrap(True)
        layout.addWidget(self.explanation_label)
        self.explanation = QTableWidget(0, 5, self)
        self.explanation.setObjectName("stars-explanation")
        self.explanation.setHorizontalHeaderLabels(
            [self.tr("Dimension / figure"), self.tr("Value"), self.tr("Points"),
             self.tr("Share of the score"), self.tr("Adds")]
        )  # fmt: skip
        self._set_up(self.explanation)
        header = self.explanation.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.explanation, 3)

        self.note_label = QLabel(self)
        self.note_label.setObjectName("starsNote")
        self.note_label.setWordWrap(True)
        self.note_label.setText(
            self.tr(
                "Read-only: the levels are computed by head office from the month's figures. "
                "A manager changes a level on the command line: counterdesk report stars "
                "--month YYYY-MM --adjust STAFF_NO --stars N --reason TEXT --by STAFF_NO."
            )
        )
        layout.addWidget(self.note_label)
        self.set_month(last_month(today))
        self.source_label.setText(self.tr("Choose a month and press Show."))

    @staticmethod
    def _set_up(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()

    # -- the month ---------------------------------------------------------------------------

    def set_month(self, first: date) -> None:
        """Choose the month of ``first`` (the next Show reads it)."""
        self.month_edit.setDate(QDate(first.year, first.month, 1))

    def month(self) -> str:
        """The month chosen, ``YYYY-MM``."""
        chosen = self.month_edit.date()
        return f"{chosen.year():04d}-{chosen.month():02d}"

    @Slot()
    def _request(self) -> None:
        if self._available:
            self.requested.emit(self.month())

    def set_no_head_office(self) -> None:
        """No head office configured: nothing to read; say so and keep Show disabled."""
        self._available = False
        self.show_button.setEnabled(False)
        self.month_edit.setEnabled(False)
        self.source_label.setText(
            self.tr(
                "Star levels come from head office; this desk has no head office connection "
                "configured."
            )
        )

    def available(self) -> bool:
        """Whether levels can be read (a head office is configured)."""
        return self._available

    def set_busy(self, busy: bool) -> None:
        """Show that head office is computing (the button waits meanwhile)."""
        self.busy.set_visible(busy)
        self.show_button.setEnabled(self._available and not busy)

    def is_busy(self) -> bool:
        """Whether the busy indicator shows."""
        return self.busy.is_visible()

    def show_error(self, message: str) -> None:
        """Say why the levels could not be read (the last table stays)."""
        self.set_busy(False)
        self.error_label.setText(message)
        self.error_label.show()

    def error(self) -> str:
        """The error shown, or ""."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    # -- the levels --------------------------------------------------------------------------

    def show_levels(self, levels: MonthLevels, names: Mapping[str, str] | None = None) -> None:
        """Show a month's levels; ``names`` are the tellers' names by staff number."""
        self.set_busy(False)
        self.error_label.hide()
        self.levels = levels
        self._names = dict(names or {})
        policy = levels.policy
        self.source_label.setText(
            self.tr("Star levels of %1, computed by head office with %2 (policy %3 version %4).")
            .replace("%1", levels.month)
            .replace("%2", policy.title_zh if self._zh else policy.title_en)
            .replace("%3", policy.policy)
            .replace("%4", str(policy.version))
        )
        table = self.table
        table.clearSelection()
        table.setRowCount(len(levels.grades))
        for row, level in enumerate(levels.grades):
            texts = [
                self.teller_name(level.teller),
                stars_text(level.level) if level.level is not None else self.tr("No level"),
                f"{level.score:.1f}" if level.score is not None else "–",
                str(level.served),
                self._note(level),
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        if levels.grades:
            table.selectRow(0)
        else:
            self._explain(None)
            self.explanation_label.setText(
                self.tr("Head office has no teller of this branch with figures in %1.").replace(
                    "%1", levels.month
                )
            )

    def teller_name(self, staff_no: str) -> str:
        """``Name (staff number)``, or the staff number alone when the name is not known here."""
        name = self._names.get(staff_no)
        return f"{name} ({staff_no})" if name else staff_no

    def _note(self, level: Grade) -> str:
        if level.adjusted is not None:
            return (
                self.tr("Set by %1 instead of the computed %2: %3")
                .replace("%1", self.teller_name(level.adjusted_by))
                .replace("%2", str(level.stars) if level.stars is not None else "–")
                .replace("%3", level.reason)
            )
        if level.no_level is not None and self.levels is not None:
            return _stars_words(
                level.no_level, served=level.served, minimum=self.levels.policy.min_served
            )
        return ""

    @Slot()
    def _explain_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self.levels is None or not rows:
            self._explain(None)
            return
        self._explain(self.levels.grades[rows[0].row()])

    def _explain(self, level: Grade | None) -> None:
        self.explanation.clearContents()
        if level is None:
            self.explanation.setRowCount(0)
            self.explanation_label.setText(
                self.tr("Select a teller to see how their level was computed.")
            )
            return
        self.explanation_label.setText(
            self.tr("How the level of %1 was computed: each figure's points times its share.")
            .replace("%1", self.teller_name(level.teller))
        )  # fmt: skip
        self.explanation.setRowCount(len(level.lines))
        for row, line in enumerate(level.lines):
            for column, text in enumerate(self._line_texts(line)):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.explanation.setItem(row, column, item)

    def _line_texts(self, line: Line) -> list[str]:
        assert self.levels is not None
        names = {d.id: d.name_zh if self._zh else d.name_en for d in self.levels.policy.dimensions}
        measure = MEASURES[line.measure]
        if line.value is None:
            value = self.tr("no data")
        elif measure.unit == "%":
            value = f"{line.value:.1f}%"
        elif measure.unit == "count":
            value = f"{line.value:.0f}"
        else:
            value = f"{line.value:.1f}"
        return [
            f"{names.get(line.dimension, line.dimension)} / {_stars_words(measure.description)}",
            value,
            "–" if line.points is None else f"{line.points:.1f}",
            f"{line.share * 100:.1f}%",
            f"{line.contribution:.2f}",
        ]

    # -- for tests ---------------------------------------------------------------------------

    def row_texts(self, row: int) -> list[str]:
        """The texts of a row of the levels table."""
        return [self._text(self.table, row, column) for column in range(self.COLUMNS)]

    def explanation_texts(self) -> list[list[str]]:
        """The texts of every row of the explanation."""
        return [
            [self._text(self.explanation, row, column) for column in range(5)]
            for row in range(self.explanation.rowCount())
        ]

    @staticmethod
    def _text(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""


class StarsController(QObject):
    """Reads a month's levels on the worker; the page shows them.

    One read at a time: a request while one runs is kept and run after it.

    Args:
        page: the page it serves.
        reader: reads a month's levels (on the worker); None: no head office configured.
        runner: the worker.
        language: for the messages of failures.
        names: the staff's names by staff number (on the worker), None: staff numbers only.
        parent: the Qt parent.

    Signals:
        levels_ready(object): the MonthLevels shown.
        failed(object): why no levels (the exception).
    """

    levels_ready = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        page: StarsPage,
        reader: StarsReader | None,
        runner: TaskRunner,
        language: str,
        names: NamesReader | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page = page
        self.reader = reader
        self.names = names
        self.runner = runner
        self.language = language
        self._running = False
        self._next: str | None = None
        if reader is None:
            page.set_no_head_office()
        page.requested.connect(self.read)

    @Slot(str)
    def read(self, month: str) -> None:
        """Read ``month``'s levels on the worker."""
        reader, names = self.reader, self.names
        if reader is None:
            return
        if self._running:
            self._next = month
            return
        self._running = True
        self.page.set_busy(True)

        def work() -> tuple[MonthLevels, Mapping[str, str]]:
            levels = reader(month)
            return levels, dict(names()) if names is not None else {}

        self.runner.run(work, self._done, self._failed)

    def _done(self, result: tuple[MonthLevels, Mapping[str, str]]) -> None:
        self._running = False
        levels, names = result
        self.page.show_levels(levels, names)
        self.levels_ready.emit(levels)
        self._again()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        log.warning("the star levels could not be read: %s", error)
        self.page.show_error(error_text(error, language=self.language))
        self.failed.emit(error)
        self._again()

    def _again(self) -> None:
        if self._next is not None:
            waiting, self._next = self._next, None
            self.read(waiting)
