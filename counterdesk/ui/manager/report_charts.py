"""The report's charts, drawn with Qt Charts from a :class:`PeriodReport`.

Each function builds a new :class:`QChart` (titles and axes in the window's language); the page
shows it in a :class:`QChartView` and the PDF export draws the same chart. A chart with nothing
to draw gets no series: the page says why instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPen

from counterdesk.services.period_report import PeriodReport
from counterdesk.ui.manager.report_tables import Names, wait_range

BLUE = QColor("#1d5fc9")
TEAL = QColor("#12a38a")
AMBER = QColor("#e0a100")
RED = QColor("#c62828")
#: Horizontal bar charts show at most this many rows (the table has them all).
TOP = 10


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSizeF(max(font.pointSizeF(), 10) * 1.15)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.setBackgroundRoundness(4)
    return chart


def _bar_set(label: str, values: Sequence[float], colour: QColor) -> QBarSet:
    bars = QBarSet(label)
    bars.append([float(v) for v in values])
    bars.setColor(colour)
    bars.setBorderColor(colour)
    return bars


def _value_axis(
    top: float, title: str, *, integers: bool = True, percent: bool = False
) -> QValueAxis:
    axis = QValueAxis()
    axis.setMin(0)
    if percent:
        axis.setRange(0, 100)
        axis.setLabelFormat("%d%%")
    else:
        axis.setRange(0, max(top * 1.1, 1.0 if integers else 0.1))
        if integers:
            axis.setLabelFormat("%d")
            axis.applyNiceNumbers()
    axis.setTitleText(title)
    return axis


def _category_axis(labels: Sequence[str], title: str = "") -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(list(labels))
    if title:
        axis.setTitleText(title)
    return axis


def _attach(chart: QChart, series: object, x: object, y: object) -> None:
    chart.addSeries(series)  # type: ignore[arg-type]
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)  # type: ignore[arg-type]
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)  # type: ignore[arg-type]
    series.attachAxis(x)  # type: ignore[attr-defined]
    series.attachAxis(y)  # type: ignore[attr-defined]


def hours_chart(report: PeriodReport, names: Names) -> QChart:
    """Arrivals and served per local hour (grouped bars)."""
    chart = _chart(QCoreApplication.translate("ReportCharts", "Customers by hour"))
    if not report.hours:
        return chart
    series = QBarSeries()
    series.append(
        _bar_set(
            QCoreApplication.translate("ReportCharts", "Arrived"),
            [h.arrivals for h in report.hours],
            BLUE,
        )
    )
    series.append(
        _bar_set(
            QCoreApplication.translate("ReportCharts", "Served"),
            [h.served for h in report.hours],
            TEAL,
        )
    )
    top = max(max(h.arrivals, h.served) for h in report.hours)
    _attach(
        chart,
        series,
        _category_axis(
            [h.hour for h in report.hours], QCoreApplication.translate("ReportCharts", "Hour")
        ),
        _value_axis(top, QCoreApplication.translate("ReportCharts", "Customers")),
    )
    return chart


def waits_chart(report: PeriodReport, names: Names) -> QChart:
    """How many called customers waited how long (a histogram)."""
    chart = _chart(QCoreApplication.translate("ReportCharts", "Waiting time from ticket to call"))
    if not any(b.count for b in report.waits):
        return chart
    series = QBarSeries()
    series.setBarWidth(0.9)
    series.append(
        _bar_set(
            QCoreApplication.translate("ReportCharts", "Customers called"),
            [b.count for b in report.waits],
            BLUE,
        )
    )
    labels = [wait_range(b, names.language) for b in report.waits]
    _attach(
        chart,
        series,
        _category_axis(labels, QCoreApplication.translate("ReportCharts", "Wait")),
        _value_axis(
            max(b.count for b in report.waits),
            QCoreApplication.translate("ReportCharts", "Customers"),
        ),
    )
    chart.legend().hide()
    return chart


def days_chart(report: PeriodReport, names: Names) -> QChart:
    """Service level per business day (bars, 0-100%)."""
    chart = _chart(
        QCoreApplication.translate("ReportCharts", "Service level by day (called within target)")
    )
    days = [d for d in report.days if d.service_level.whole]
    if not days:
        return chart
    series = QBarSeries()
    values = [100 * (d.service_level.value or 0.0) for d in days]
    series.append(
        _bar_set(QCoreApplication.translate("ReportCharts", "Service level"), values, TEAL)
    )
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    series.setLabelsPrecision(3)
    labels = [d.day.strftime("%m-%d") for d in days]
    _attach(
        chart,
        series,
        _category_axis(labels, QCoreApplication.translate("ReportCharts", "Day")),
        _value_axis(100, QCoreApplication.translate("ReportCharts", "Service level"), percent=True),
    )
    chart.legend().hide()
    return chart


def satisfaction_chart(report: PeriodReport, names: Names) -> QChart:
    """Mean satisfaction score (0-100) per day, with the response rate, as lines."""
    chart = _chart(QCoreApplication.translate("ReportCharts", "Satisfaction by day"))
    days = [d for d in report.days if d.satisfaction.finished]
    if not any(d.satisfaction.rated for d in days):
        return chart
    score, rate = QLineSeries(), QLineSeries()
    score.setName(QCoreApplication.translate("ReportCharts", "Score (0-100)"))
    rate.setName(QCoreApplication.translate("ReportCharts", "Response rate (%)"))
    for n, d in enumerate(days):
        if d.satisfaction.mean_score is not None:
            score.append(n, d.satisfaction.mean_score)
        rate.append(n, 100 * (d.satisfaction.response_rate.value or 0.0))
    score.setPen(QPen(BLUE, 3))
    rate.setPen(QPen(AMBER, 2, Qt.PenStyle.DashLine))
    score.setPointsVisible(True)
    rate.setPointsVisible(True)
    x = _category_axis(
        [d.day.strftime("%m-%d") for d in days], QCoreApplication.translate("ReportCharts", "Day")
    )
    y = _value_axis(100, "", percent=False, integers=False)
    y.setRange(0, 100)
    y.setLabelFormat("%d")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for series in (score, rate):
        chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(y)
    return chart


def _ranked(
    title: str, labels: list[str], values: list[float], colour: QColor, axis_title: str
) -> QChart:
    chart = _chart(title)
    if not values:
        return chart
    labels, values = labels[:TOP][::-1], values[:TOP][::-1]  # the first at the top
    series = QHorizontalBarSeries()
    series.append(_bar_set(axis_title, values, colour))
    series.setLabelsVisible(True)
    chart.addSeries(series)
    y = _category_axis(labels)
    x = _value_axis(max(values), axis_title)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(y)
    series.attachAxis(x)
    chart.legend().hide()
    return chart


def reasons_chart(report: PeriodReport, names: Names) -> QChart:
    """The rating reasons customers chose, most chosen first."""
    return _ranked(
        QCoreApplication.translate("ReportCharts", "Rating reasons"),
        [names.reason(code) for code, _ in report.reasons],
        [n for _, n in report.reasons],
        AMBER,
        QCoreApplication.translate("ReportCharts", "Times chosen"),
    )


def steps_chart(report: PeriodReport, names: Names) -> QChart:
    """Mandatory procedure steps most often left open at the finish."""
    steps = [s for s in report.steps if s.left_open]
    labels = [
        _short(f"{names.business_type(s.business_type)} · {names.step(s.business_type, s.step)}")
        for s in steps
    ]
    return _ranked(
        QCoreApplication.translate("ReportCharts", "Mandatory steps left open at the finish"),
        labels,
        [s.left_open for s in steps],
        RED,
        QCoreApplication.translate("ReportCharts", "Services"),
    )


def _short(label: str, most: int = 48) -> str:
    """A label cut to ``most`` characters (the table has it whole)."""
    return label if len(label) <= most else label[: most - 1] + "…"


def tellers_chart(report: PeriodReport, names: Names) -> QChart:
    """Customers served per teller (bars), with each one's mean service time (a line, minutes)."""
    chart = _chart(QCoreApplication.translate("ReportCharts", "Teller comparison"))
    tellers = report.tellers[:TOP]
    if not tellers:
        return chart
    bars = QBarSeries()
    bars.append(
        _bar_set(
            QCoreApplication.translate("ReportCharts", "Served"), [t.served for t in tellers], BLUE
        )
    )
    bars.setLabelsVisible(True)
    minutes = QLineSeries()
    minutes.setName(QCoreApplication.translate("ReportCharts", "Mean service (min)"))
    minutes.setPen(QPen(AMBER, 3))
    minutes.setPointsVisible(True)
    minutes.setPointLabelsVisible(True)
    minutes.setPointLabelsFormat("@yPoint")
    for n, t in enumerate(tellers):
        minutes.append(n, round((t.service.mean or 0.0) / 60, 1))
    x = _category_axis(
        [t.name or t.teller for t in tellers], QCoreApplication.translate("ReportCharts", "Teller")
    )
    left = _value_axis(
        max(t.served for t in tellers), QCoreApplication.translate("ReportCharts", "Served")
    )
    right = _value_axis(
        max(p.y() for p in minutes.points()),
        QCoreApplication.translate("ReportCharts", "Mean service (min)"),
        integers=False,
    )
    right.setLabelFormat("%.1f")
    chart.addSeries(bars)
    chart.addSeries(minutes)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    for series, axis in ((bars, left), (minutes, right)):
        series.attachAxis(x)
        series.attachAxis(axis)
    return chart


#: Every chart of the report, in page order: (section key, builder).
CHARTS = (
    ("hours", hours_chart),
    ("waits", waits_chart),
    ("days", days_chart),
    ("satisfaction", satisfaction_chart),
    ("reasons", reasons_chart),
    ("steps", steps_chart),
    ("tellers", tellers_chart),
)
