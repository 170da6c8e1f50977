"""One tab of the Reports page: a chart (Qt Charts) over its sortable table."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui.manager.report_model import ReportSortProxy, ReportTableModel
from counterdesk.ui.manager.report_tables import ReportTable


def qdate_day(value: QDate) -> date:
    """A QDate as a date."""
    return date(value.year(), value.month(), value.day())


class ReportSection(QWidget):
    """One tab: a chart (when the section has one) over its sortable table."""

    def __init__(self, key: str, has_chart: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"report-{key}")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.chart_view: QChartView | None = None
        if has_chart:
            self.chart_view = QChartView(splitter)
            self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart_view.setMinimumHeight(260)
        self.empty_note = QLabel(self)
        self.empty_note.setObjectName("reportEmpty")
        self.empty_note.hide()
        self.model = ReportTableModel(self)
        self.proxy = ReportSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(splitter)
        self.view.setObjectName(f"report-table-{key}")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        box.addWidget(self.empty_note)
        box.addWidget(splitter, 1)
        if has_chart:
            splitter.setSizes([380, 220])

    def show_section(self, chart: QChart | None, table: ReportTable, empty: str) -> None:
        """Show a fresh chart and table; ``empty`` says why a chart has nothing to draw."""
        if self.chart_view is not None and chart is not None:
            old = self.chart_view.chart()
            self.chart_view.setChart(chart)
            if old is not None and old is not chart:
                old.deleteLater()
        drawn = chart is None or bool(chart.series())
        self.empty_note.setText("" if drawn else empty)
        self.empty_note.setVisible(not drawn)
        self.view.setSortingEnabled(False)
        self.model.set_table(table)
        self.proxy.sort(-1)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)

    def chart(self) -> QChart | None:
        """The chart shown, or None."""
        return None if self.chart_view is None else self.chart_view.chart()

    def column(self, index: int) -> list[str]:
        """The texts of a column in the order shown (for tests)."""
        return [str(self.proxy.index(row, index).data()) for row in range(self.proxy.rowCount())]
