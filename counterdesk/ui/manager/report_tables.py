"""The report's tables: what each section of a :class:`PeriodReport` shows in rows and cells.

Each cell keeps three things: the text shown (in the window's language), the value to sort by
(a number for figures, so 9 sorts before 10) and the value exported (a plain number or text).
The same :class:`ReportTable` fills the sortable view and the CSV, Excel and PDF exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication

from counterdesk.core.business import Catalogue
from counterdesk.core.durations import format_duration
from counterdesk.core.errors import NotFoundError
from counterdesk.core.kpis import By, Durations, Share
from counterdesk.services.period_report import PeriodReport, WaitBin

Value = str | int | float | None


@dataclass(frozen=True)
class Cell:
    """One cell: shown text, sort key (None sorts first) and exported value."""

    text: str
    sort: float | str | None
    value: Value


@dataclass(frozen=True)
class ReportTable:
    """A section's table.

    Attributes:
        key: a stable name (``hours``, ``waits``...) for tests and file names.
        name: the heading in the window's language (also the Excel sheet's name).
        headers: column headings.
        rows: cells, one list per row.
        numeric: which columns hold figures (aligned right).
    """

    key: str
    name: str
    headers: list[str]
    rows: list[list[Cell]]
    numeric: frozenset[int]


def text_cell(text: str) -> Cell:
    """A cell of words (sorted as words)."""
    return Cell(text, text.casefold(), text)


def count_cell(n: int) -> Cell:
    """A count."""
    return Cell(str(n), float(n), n)


def share_cell(share: Share | None) -> Cell:
    """A share as a percentage with one decimal (``—`` when the whole is 0)."""
    value = None if share is None else share.value
    if value is None:
        return Cell("—", None, None)
    percent = round(value * 100, 1)
    return Cell(f"{percent:.1f}%", value, percent)


def seconds_cell(seconds: float | None, language: str) -> Cell:
    """A duration in words (``4 min 5 s``), sorted and exported in seconds."""
    if seconds is None:
        return Cell("—", None, None)
    return Cell(format_duration(round(seconds), language), seconds, round(seconds, 1))


def score_cell(score: float | None) -> Cell:
    """A 0-100 satisfaction score."""
    if score is None:
        return Cell("—", None, None)
    return Cell(f"{score:.0f}", score, round(score, 1))


def hours_cell(seconds: float) -> Cell:
    """Time in hours with one decimal (``6.5 h``)."""
    hours = round(seconds / 3600, 1)
    return Cell(f"{hours:.1f} h", seconds, hours)


def wait_range(bin_: WaitBin, language: str) -> str:
    """A waiting-time bin's label: ``≤ 1 min``, ``1 min – 3 min``, ``> 30 min``."""
    if bin_.high is None:
        return "> " + format_duration(bin_.low, language)
    if bin_.low == 0:
        return "≤ " + format_duration(bin_.high, language)
    return f"{format_duration(bin_.low, language)} – {format_duration(bin_.high, language)}"


class Names:
    """Names of business types, tellers and rating reasons in the window's language."""

    def __init__(self, catalogue: Catalogue, language: str, report: PeriodReport) -> None:
        self.catalogue = catalogue
        self.language = language
        self.report = report

    def business_type(self, code: str) -> str:
        """A type's name (its code when unknown)."""
        try:
            return self.catalogue.get(code).name(self.language)
        except NotFoundError:
            return code

    def reason(self, code: str) -> str:
        """A rating reason's name (its code when unknown)."""
        known = self.report.reason_names.get(code)
        return known.text(self.language) if known is not None else code

    def step(self, business_type: str, step: str) -> str:
        """A procedure step's text (its id when unknown)."""
        known = self.report.step_names.get((business_type, step))
        return known.text(self.language) if known is not None else step

    def teller(self, staff_no: str, name: str) -> str:
        """``Li Na (1001)``, or the staff number alone."""
        return f"{name} ({staff_no})" if name else staff_no

    def day(self, day: date) -> str:
        """A business day as ``2026-11-30``."""
        return day.isoformat()


def hours_table(report: PeriodReport, names: Names) -> ReportTable:
    """Arrivals and served per hour."""
    rows = [
        [text_cell(f"{h.hour}:00"), count_cell(h.arrivals), count_cell(h.served)]
        for h in report.hours
    ]
    headers = [
        QCoreApplication.translate("ReportTables", "Hour"),
        QCoreApplication.translate("ReportTables", "Arrived"),
        QCoreApplication.translate("ReportTables", "Served"),
    ]
    return ReportTable(
        "hours",
        QCoreApplication.translate("ReportTables", "Customers by hour"),
        headers,
        rows,
        frozenset({1, 2}),
    )


def waits_table(report: PeriodReport, names: Names) -> ReportTable:
    """The waiting-time distribution."""
    total = sum(b.count for b in report.waits)
    rows = [
        [
            Cell(wait_range(b, names.language), float(b.low), wait_range(b, names.language)),
            count_cell(b.count),
            share_cell(Share(b.count, total)),
        ]
        for b in report.waits
    ]
    headers = [
        QCoreApplication.translate("ReportTables", "Wait"),
        QCoreApplication.translate("ReportTables", "Customers"),
        QCoreApplication.translate("ReportTables", "Share"),
    ]
    return ReportTable(
        "waits",
        QCoreApplication.translate("ReportTables", "Waiting times"),
        headers,
        rows,
        frozenset({1, 2}),
    )


def days_table(report: PeriodReport, names: Names) -> ReportTable:
    """Service level (and traffic) per business day."""
    rows = [
        [
            text_cell(names.day(d.day)),
            count_cell(d.arrivals),
            count_cell(d.served),
            count_cell(d.service_level.part),
            count_cell(d.service_level.whole),
            share_cell(d.service_level),
        ]
        for d in report.days
    ]
    headers = [
        QCoreApplication.translate("ReportTables", "Day"),
        QCoreApplication.translate("ReportTables", "Arrived"),
        QCoreApplication.translate("ReportTables", "Served"),
        QCoreApplication.translate("ReportTables", "Called within target"),
        QCoreApplication.translate("ReportTables", "Counted"),
        QCoreApplication.translate("ReportTables", "Service level"),
    ]
    return ReportTable(
        "days",
        QCoreApplication.translate("ReportTables", "Service level by day"),
        headers,
        rows,
        frozenset({1, 2, 3, 4, 5}),
    )


def satisfaction_table(report: PeriodReport, names: Names) -> ReportTable:
    """Satisfaction per business day."""
    rows = [
        [
            text_cell(names.day(d.day)),
            count_cell(d.satisfaction.finished),
            count_cell(d.satisfaction.rated),
            share_cell(d.satisfaction.response_rate),
            score_cell(d.satisfaction.mean_score),
            share_cell(d.satisfaction.satisfied_share),
        ]
        for d in report.days
    ]
    headers = [
        QCoreApplication.translate("ReportTables", "Day"),
        QCoreApplication.translate("ReportTables", "Finished"),
        QCoreApplication.translate("ReportTables", "Rated"),
        QCoreApplication.translate("ReportTables", "Response rate"),
        QCoreApplication.translate("ReportTables", "Score (0-100)"),
        QCoreApplication.translate("ReportTables", "Satisfied"),
    ]
    return ReportTable(
        "satisfaction",
        QCoreApplication.translate("ReportTables", "Satisfaction by day"),
        headers,
        rows,
        frozenset({1, 2, 3, 4, 5}),
    )


def reasons_table(report: PeriodReport, names: Names) -> ReportTable:
    """Rating reasons, most chosen first."""
    rated = report.headline.satisfaction.rated
    rows = [
        [text_cell(names.reason(code)), count_cell(n), share_cell(Share(n, rated))]
        for code, n in report.reasons
    ]
    headers = [
        QCoreApplication.translate("ReportTables", "Reason"),
        QCoreApplication.translate("ReportTables", "Times chosen"),
        QCoreApplication.translate("ReportTables", "Of rated services"),
    ]
    return ReportTable(
        "reasons",
        QCoreApplication.translate("ReportTables", "Rating reasons"),
        headers,
        rows,
        frozenset({1, 2}),
    )


def _durations(time: Durations, language: str) -> list[Cell]:
    return [
        count_cell(time.count),
        seconds_cell(time.mean, language),
        seconds_cell(time.median, language),
    ]


def steps_table(report: PeriodReport, names: Names) -> ReportTable:
    """Procedure steps: left open, and time taken."""
    rows = [
        [
            text_cell(names.business_type(s.business_type)),
            text_cell(names.step(s.business_type, s.step)),
            count_cell(s.left_open),
            share_cell(s.open_share),
            *_durations(s.time, names.language),
        ]
        for s in report.steps
    ]
    headers = [
        QCoreApplication.translate("ReportTables", "Business"),
        QCoreApplication.translate("ReportTables", "Step"),
        QCoreApplication.translate("ReportTables", "Left open"),
        QCoreApplication.translate("ReportTables", "Of finished services"),
        QCoreApplication.translate("ReportTables", "Checked"),
        QCoreApplication.translate("ReportTables", "Mean time"),
        QCoreApplication.translate("ReportTables", "Median time"),
    ]
    return ReportTable(
        "steps",
        QCoreApplication.translate("ReportTables", "Procedure steps"),
        headers,
        rows,
        frozenset({2, 3, 4, 5, 6}),
    )


def tellers_table(report: PeriodReport, names: Names) -> ReportTable:
    """One row per teller."""
    lang = names.language
    rows = [
        [
            text_cell(names.teller(t.teller, t.name)),
            count_cell(t.served),
            seconds_cell(t.service.mean, lang),
            seconds_cell(t.handle.mean, lang),
            score_cell(t.satisfaction.mean_score),
            share_cell(t.satisfaction.response_rate),
            share_cell(t.compliance),
            count_cell(t.overrides),
            hours_cell(t.time.serving),
            hours_cell(t.time.idle),
            hours_cell(t.time.paused_total),
        ]
        for t in report.tellers
    ]
    headers = [
        QCoreApplication.translate("ReportTables", "Teller"),
        QCoreApplication.translate("ReportTables", "Served"),
        QCoreApplication.translate("ReportTables", "Mean service"),
        QCoreApplication.translate("ReportTables", "Mean handle"),
        QCoreApplication.translate("ReportTables", "Score (0-100)"),
        QCoreApplication.translate("ReportTables", "Response rate"),
        QCoreApplication.translate("ReportTables", "SOP complete"),
        QCoreApplication.translate("ReportTables", "Overrides"),
        QCoreApplication.translate("ReportTables", "Serving"),
        QCoreApplication.translate("ReportTables", "Idle"),
        QCoreApplication.translate("ReportTables", "Paused"),
    ]
    return ReportTable(
        "tellers",
        QCoreApplication.translate("ReportTables", "Teller comparison"),
        headers,
        rows,
        frozenset(range(1, 11)),
    )


def dimension_name(by: By) -> str:
    """A table dimension's name in the window's language."""
    return {
        By.DAY: QCoreApplication.translate("ReportTables", "Day"),
        By.WEEK: QCoreApplication.translate("ReportTables", "Week"),
        By.MONTH: QCoreApplication.translate("ReportTables", "Month"),
        By.HOUR: QCoreApplication.translate("ReportTables", "Hour"),
        By.BUSINESS_TYPE: QCoreApplication.translate("ReportTables", "Business"),
        By.COUNTER: QCoreApplication.translate("ReportTables", "Counter"),
        By.TELLER: QCoreApplication.translate("ReportTables", "Teller"),
        By.BRANCH: QCoreApplication.translate("ReportTables", "Branch"),
    }[by]


def groups_table(report: PeriodReport, names: Names) -> ReportTable:
    """The figures per group of the chosen dimension."""
    lang = names.language
    known = {t.teller: t.name for t in report.tellers}
    key_text: Callable[[str], str] = {
        By.BUSINESS_TYPE: names.business_type,
        By.TELLER: lambda staff_no: names.teller(staff_no, known.get(staff_no, "")) or "—",
        By.HOUR: lambda hour: f"{hour}:00",
    }.get(report.table_by, lambda key: key or "—")

    def key_cell(key: str) -> Cell:
        if report.table_by is By.COUNTER and key.isdigit():
            return Cell(key, float(key), int(key))
        return text_cell(key_text(key))

    rows = [
        [
            key_cell(r.key),
            count_cell(r.arrivals),
            count_cell(r.served),
            seconds_cell(r.waiting.mean, lang),
            seconds_cell(r.waiting.p90, lang),
            share_cell(r.service_level),
            share_cell(r.walk_aways),
            seconds_cell(r.service.mean, lang),
            score_cell(r.satisfaction.mean_score if r.satisfaction else None),
            share_cell(r.compliance),
        ]
        for r in report.table
    ]
    headers = [
        dimension_name(report.table_by),
        QCoreApplication.translate("ReportTables", "Arrived"),
        QCoreApplication.translate("ReportTables", "Served"),
        QCoreApplication.translate("ReportTables", "Mean wait"),
        QCoreApplication.translate("ReportTables", "90% waited at most"),
        QCoreApplication.translate("ReportTables", "Service level"),
        QCoreApplication.translate("ReportTables", "Walk-aways"),
        QCoreApplication.translate("ReportTables", "Mean service"),
        QCoreApplication.translate("ReportTables", "Score (0-100)"),
        QCoreApplication.translate("ReportTables", "SOP complete"),
    ]
    name = QCoreApplication.translate("ReportTables", "By %1").replace(
        "%1", dimension_name(report.table_by).lower()
    )
    return ReportTable("groups", name, headers, rows, frozenset(range(1, 10)))
