"""The manager's Reports page: a period and scope, Run, then charts and sortable tables.

Keys: Ctrl+R runs the report, Esc cancels a running one, Ctrl+PgDown / Ctrl+PgUp move between
the report's tabs. The page only shows and emits (``run_requested``, ``cancel_requested``);
:mod:`counterdesk.ui.manager.report_controller` computes on a worker.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.business import Catalogue
from counterdesk.core.durations import format_duration
from counterdesk.core.kpis import By
from counterdesk.services.export_files import ExportError
from counterdesk.services.period_report import PeriodReport
from counterdesk.ui.manager.board import BOARD_STYLE, FigureTile, percent
from counterdesk.ui.manager.report_charts import CHARTS
from counterdesk.ui.manager.report_controller import ReportRequest
from counterdesk.ui.manager.report_export import export_report
from counterdesk.ui.manager.report_section import ReportSection, qdate_day
from counterdesk.ui.manager.report_tables import (
    Names,
    ReportTable,
    days_table,
    dimension_name,
    groups_table,
    hours_table,
    reasons_table,
    satisfaction_table,
    steps_table,
    tellers_table,
    waits_table,
)
from counterdesk.ui.messages import error_text

#: The sections (tabs) of a report: key → table builder; charts come from ``CHARTS``.
TABLES = {
    "hours": hours_table, "waits": waits_table, "days": days_table,
    "satisfaction": satisfaction_table, "reasons": reasons_table, "steps": steps_table,
    "tellers": tellers_table, "groups": groups_table,
}  # fmt: skip
REPORT_STYLE = """
QLabel#reportEmpty { color: #6b7280; font-size: 11pt; padding: 8px; }
QLabel#reportMessage { font-weight: 600; }
"""
DIMENSIONS = (By.DAY, By.WEEK, By.MONTH, By.HOUR, By.BUSINESS_TYPE, By.COUNTER, By.TELLER)


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The days of a preset: ``today``, ``yesterday``, ``this_week`` (Monday on), ``last_month``."""
    if preset == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if preset == "this_week":
        return today - timedelta(days=today.weekday()), today
    if preset == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    return today, today


class ReportsPage(QWidget):
    """Period, scope, Run/Cancel, headline figures and one tab per chart and table.

    Args:
        catalogue: the business types (their names in the tables).
        language: ``en`` or ``zh_CN``.
        sources: the sources offered, by kind (``local``, ``hq``), in order.
        branch: this branch's code (the default scope at head office).
        today: the first day shown (default: today).

    Signals:
        run_requested(object): a ReportRequest.
        cancel_requested(): stop the running report.
    """

    run_requested = Signal(object)
    cancel_requested = Signal()

    def __init__(
        self,
        catalogue: Catalogue,
        language: str,
        sources: tuple[str, ...],
        branch: str,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("manager-reports")
        self.setStyleSheet(BOARD_STYLE + REPORT_STYLE)
        self.catalogue, self.language, self.branch = catalogue, language, branch
        self.today = today or datetime.now(zone).date()
        self.report: PeriodReport | None = None
        self.tables: dict[str, ReportTable] = {}
        self._running = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(8)
        outer.addLayout(self._controls(sources))
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.message)
        tiles = QHBoxLayout()
        self.tiles = {
            key: FigureTile(key, title, self)
            for key, title in (
                ("arrivals", self.tr("Customers")), ("served", self.tr("Served")),
                ("level", self.tr("Service level")), ("wait", self.tr("Mean wait")),
                ("score", self.tr("Satisfaction")), ("sop", self.tr("SOP complete")),
            )
        }  # fmt: skip
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        outer.addLayout(tiles)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("report-tabs")
        charted = {key for key, _ in CHARTS}
        titles = {
            "hours": self.tr("Arrivals"), "waits": self.tr("Waiting"),
            "days": self.tr("Service level"), "satisfaction": self.tr("Satisfaction"),
            "reasons": self.tr("Reasons"), "steps": self.tr("Procedures"),
            "tellers": self.tr("Tellers"), "groups": self.tr("Table"),
        }  # fmt: skip
        self.sections: dict[str, ReportSection] = {}
        for key in TABLES:
            self.sections[key] = ReportSection(key, key in charted, self.tabs)
            self.tabs.addTab(self.sections[key], titles[key])
        outer.addWidget(self.tabs, 1)
        exports = QHBoxLayout()
        self.keys_label = QLabel(
            self.tr("Ctrl+R run · Esc cancel · Ctrl+PgDown next tab · Ctrl+E export CSV"), self
        )
        self.keys_label.setObjectName("boardUpdated")
        exports.addWidget(self.keys_label, 1)
        self.export_buttons = {
            "csv": QPushButton(self.tr("Export table (CSV)…"), self),
            "xlsx": QPushButton(self.tr("Export Excel…"), self),
            "pdf": QPushButton(self.tr("Export PDF…"), self),
        }
        for kind, button in self.export_buttons.items():
            button.setObjectName(f"report-export-{kind}")
            button.clicked.connect(lambda _=False, kind=kind: self._ask_export(kind))
            exports.addWidget(button)
        outer.addLayout(exports)
        self.run_action = self._action("report-run", "Ctrl+R", self.run)
        self.cancel_action = self._action("report-cancel", "Esc", self.cancel)
        self.export_action = self._action(
            "report-export", "Ctrl+E", lambda: self._ask_export("csv")
        )
        self.set_running(False)
        self._show_nothing()

    def _action(self, name: str, keys: str, slot: object) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _controls(self, sources: tuple[str, ...]) -> QHBoxLayout:
        row = QHBoxLayout()
        form = QFormLayout()
        self.preset = QComboBox(self)
        self.preset.setObjectName("report-preset")
        for key, text in (
            ("today", self.tr("Today")), ("yesterday", self.tr("Yesterday")),
            ("this_week", self.tr("This week")), ("last_month", self.tr("Last month")),
            ("custom", self.tr("Chosen days")),
        ):  # fmt: skip
            self.preset.addItem(text, key)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        form.addRow(self.tr("&Period"), self.preset)
        days = QHBoxLayout()
        self.first_edit, self.last_edit = QDateEdit(self), QDateEdit(self)
        for edit, name in ((self.first_edit, "report-from"), (self.last_edit, "report-to")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._dates_edited)
            days.addWidget(edit)
        days.insertWidget(1, QLabel("–", self))
        days_label = QLabel(self.tr("&From – to"), self)
        days_label.setBuddy(self.first_edit)
        form.addRow(days_label, days)
        row.addLayout(form)
        scope = QFormLayout()
        self.source_box = QComboBox(self)
        self.source_box.setObjectName("report-source")
        names = {"local": self.tr("This PC (days still held here)"),
                 "hq": self.tr("Head office")}  # fmt: skip
        for kind in sources:
            self.source_box.addItem(names[kind], kind)
        self.source_box.currentIndexChanged.connect(self._source_chosen)
        scope.addRow(self.tr("&Source"), self.source_box)
        self.branch_edit = QLineEdit(self.branch, self)
        self.branch_edit.setObjectName("report-branch")
        self.branch_edit.setPlaceholderText(self.tr("every branch you may see"))
        scope.addRow(self.tr("&Branch"), self.branch_edit)
        row.addLayout(scope)
        right = QFormLayout()
        self.by_box = QComboBox(self)
        self.by_box.setObjectName("report-by")
        for by in DIMENSIONS:
            self.by_box.addItem(dimension_name(by), by.value)
        right.addRow(self.tr("&Table by"), self.by_box)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Run"), self)
        self.run_button.setObjectName("report-run-button")
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("report-cancel-button")
        self.cancel_button.clicked.connect(self.cancel)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("report-busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setFormat(self.tr("Computing…"))
        self.busy.setTextVisible(False)
        for widget in (self.run_button, self.cancel_button, self.busy):
            buttons.addWidget(widget)
        right.addRow(buttons)
        row.addLayout(right)
        row.addStretch(1)
        self._preset_chosen()
        self._source_chosen()
        return row

    # -- period and scope --------------------------------------------------------------------

    @Slot()
    def _preset_chosen(self) -> None:
        key = self.preset.currentData()
        if key == "custom":
            return
        first, last = preset_period(str(key), self.today)
        self._setting = True
        self.first_edit.setDate(QDate(first.year, first.month, first.day))
        self.last_edit.setDate(QDate(last.year, last.month, last.day))
        self._setting = False

    @Slot()
    def _dates_edited(self) -> None:
        if not getattr(self, "_setting", False):
            self.preset.setCurrentIndex(self.preset.findData("custom"))

    @Slot()
    def _source_chosen(self) -> None:
        # This PC holds this branch only; head office may show others to its own role.
        self.branch_edit.setEnabled(self.source_box.currentData() == "hq")
        if self.source_box.currentData() != "hq":
            self.branch_edit.setText(self.branch)

    def set_period(self, first: date, last: date) -> None:
        """Choose the days (the preset becomes "chosen days")."""
        self.first_edit.setDate(QDate(first.year, first.month, first.day))
        self.last_edit.setDate(QDate(last.year, last.month, last.day))

    def request(self) -> ReportRequest:
        """What the controls ask for now."""
        first, last = qdate_day(self.first_edit.date()), qdate_day(self.last_edit.date())
        branch = self.branch_edit.text().strip().upper() or None
        return ReportRequest(
            str(self.source_box.currentData()), first, last, branch, By(self.by_box.currentData())
        )

    # -- running -----------------------------------------------------------------------------

    @Slot()
    def run(self) -> None:
        """Ask for the report (Ctrl+R)."""
        if self._running or self.source_box.count() == 0:
            return
        request = self.request()
        if request.last < request.first:
            self._say(self.tr("The period ends before it starts: choose the days again."), "error")
            return
        self.run_requested.emit(request)

    @Slot()
    def cancel(self) -> None:
        """Stop the running report (Esc)."""
        if self._running:
            self.cancel_requested.emit()

    def set_running(self, running: bool) -> None:
        """Show the busy indicator and Cancel while a report is computed."""
        self._running = running
        self.busy.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.run_button.setEnabled(not running)
        for widget in (self.preset, self.first_edit, self.last_edit, self.source_box, self.by_box):
            widget.setEnabled(not running)
        self.branch_edit.setEnabled(not running and self.source_box.currentData() == "hq")
        for button in self.export_buttons.values():
            button.setEnabled(not running and self.report is not None)
        if running:
            self._say(self.tr("Computing the report… (Esc cancels)"), "busy")

    def is_running(self) -> bool:
        """Whether the page waits for a report."""
        return self._running

    def show_cancelled(self) -> None:
        """The report was cancelled: idle again, the last figures (if any) stay."""
        self.set_running(False)
        self._say(self.tr("Report cancelled."), "note")

    def show_error(self, message: str) -> None:
        """The report could not be made."""
        self.set_running(False)
        self._say(message, "error")

    def message_text(self) -> str:
        """The message line (source, empty period, error, cancelled)."""
        return self.message.text()

    def _say(self, text: str, kind: str) -> None:
        colours = {"error": "#c62828", "busy": "#b26a00", "note": "#6b7280", "ok": "#1f2937"}
        self.message.setStyleSheet(f"color: {colours[kind]};")
        self.message.setText(text)

    # -- showing -----------------------------------------------------------------------------

    def show_report(self, report: PeriodReport) -> None:
        """Show a computed report: headline, every chart and table, where it came from."""
        self.report = report
        self.set_running(False)
        names = Names(self.catalogue, self.language, report)
        self.tables = {key: build(report, names) for key, build in TABLES.items()}
        charts = {key: build(report, names) for key, build in CHARTS}
        for key, section in self.sections.items():
            section.show_section(charts.get(key), self.tables[key], self._empty_text(key, report))
        self.tabs.setTabText(self.tabs.indexOf(self.sections["groups"]), self.tables["groups"].name)
        self._show_headline(report)
        self._say(self._source_text(report), "error" if report.empty else "ok")

    def _source_text(self, report: PeriodReport) -> str:
        period = f"{report.first.isoformat()} – {report.last.isoformat()}"
        if report.source == "hq":
            where = report.branch or self.tr("every branch")
            text = self.tr("%1, %2: from head office's database.")
            text = text.replace("%1", period).replace("%2", where)
        else:
            held = len(report.days_held)
            total = (report.last - report.first).days + 1
            text = self.tr(
                "%1: from this PC. Only the days this PC still holds count: %2 of %3 days."
            )
            text = text.replace("%1", period).replace("%2", str(held)).replace("%3", str(total))
        if report.empty:
            text += " " + self.tr("No customer arrived or was served in this period.")
        return text

    def _empty_text(self, key: str, report: PeriodReport) -> str:
        if report.empty:
            return self.tr("Nothing to draw: no customer in this period.")
        return {
            "satisfaction": self.tr("Nothing to draw: no service was rated in this period."),
            "reasons": self.tr("Nothing to draw: no rating reason was chosen in this period."),
            "steps": self.tr("Nothing to draw: no mandatory step was left open. Well done."),
            "tellers": self.tr("Nothing to draw: no teller served in this period."),
            "days": self.tr("Nothing to draw: no customer was called or left in this period."),
        }.get(key, self.tr("Nothing to draw in this period."))

    def _show_headline(self, report: PeriodReport) -> None:
        h = report.headline
        wait = h.waiting.mean
        self.tiles["arrivals"].set(str(h.arrivals), self.tr("%1 walked away").replace(
            "%1", str(h.walk_aways.part)))  # fmt: skip
        self.tiles["served"].set(str(h.served))
        self.tiles["level"].set(percent(h.service_level), self.tr("%1 of %2 within target")
                                .replace("%1", str(h.service_level.part))
                                .replace("%2", str(h.service_level.whole)))  # fmt: skip
        self.tiles["wait"].set(
            "—" if wait is None else format_duration(round(wait), self.language),
            "" if h.waiting.p90 is None else self.tr("90% within %1").replace(
                "%1", format_duration(round(h.waiting.p90), self.language)),
        )  # fmt: skip
        score = h.satisfaction.mean_score
        rated = self.tr("%1 rated").replace("%1", str(h.satisfaction.rated))
        self.tiles["score"].set("—" if score is None else f"{score:.0f}", rated)
        self.tiles["sop"].set(percent(h.compliance),
                              self.tr("%1 overrides").replace("%1", str(h.overrides)))  # fmt: skip

    def _show_nothing(self) -> None:
        self._say(self.tr("Choose a period and press Run (Ctrl+R)."), "note")

    # -- export ------------------------------------------------------------------------------

    def current_section(self) -> ReportSection:
        """The tab shown."""
        widget = self.tabs.currentWidget()
        assert isinstance(widget, ReportSection)
        return widget

    def _ask_export(self, kind: str) -> None:
        if self.report is None or self._running:
            return
        filters = {"csv": self.tr("CSV (*.csv)"), "xlsx": self.tr("Excel (*.xlsx)"),
                   "pdf": self.tr("PDF (*.pdf)")}  # fmt: skip
        name = f"report-{self.report.first}-{self.report.last}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the report"), name,
                                              filters[kind])  # fmt: skip
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> None:
        """Write the report: ``csv`` the current tab's table, ``xlsx`` every table, ``pdf`` all."""
        if self.report is None:
            return
        try:
            export_report(kind, path, self.export_title(), self.tables,
                          {k: s.chart() for k, s in self.sections.items()},
                          self.current_section().key)  # fmt: skip
        except ExportError as error:  # the exporters' own words name the file and why
            self._say(error_text(error, language=self.language), "error")
            return
        except OSError as error:
            self._say(self.tr("The file could not be written: %1").replace("%1", str(error)),
                      "error")  # fmt: skip
            return
        self._say(self.tr("Written: %1").replace("%1", str(path)), "ok")

    def export_title(self) -> tuple[str, str]:
        """The export's title and subtitle."""
        assert self.report is not None
        title = self.tr("Service quality report")
        source = self.tr("head office") if self.report.source == "hq" else self.tr("this PC")
        subtitle = self.tr("%1 to %2 · branch %3 · source: %4")
        subtitle = (subtitle.replace("%1", self.report.first.isoformat())
                    .replace("%2", self.report.last.isoformat())
                    .replace("%3", self.report.branch or self.tr("all"))
                    .replace("%4", source))  # fmt: skip
        return title, subtitle
