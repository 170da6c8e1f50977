"""The Reports page's exports, in one function over :mod:`counterdesk.ui.manager.export`.

CSV: the table of the tab shown. Excel: one sheet per report table. PDF: every section, its
chart (when it draws something) and its table, under the report's title.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCharts import QChart

from counterdesk.ui.manager.export import (
    ExportSection,
    ExportTable,
    write_csv,
    write_pdf,
    write_xlsx,
)
from counterdesk.ui.manager.report_tables import ReportTable


def export_table(table: ReportTable) -> ExportTable:
    """A page table as the exporters take it (plain values, not the texts shown)."""
    return ExportTable(table.name, list(table.headers),
                       [[cell.value for cell in row] for row in table.rows])  # fmt: skip


def export_report(
    kind: str,
    path: Path,
    title: tuple[str, str],
    tables: Mapping[str, ReportTable],
    charts: Mapping[str, QChart | None],
    current: str,
) -> None:
    """Write ``path`` as ``csv`` (the ``current`` table), ``xlsx`` or ``pdf``.

    Raises:
        OSError: the file could not be written.
    """
    if kind == "csv":
        write_csv(path, export_table(tables[current]))
    elif kind == "xlsx":
        write_xlsx(path, [export_table(t) for t in tables.values()])
    elif kind == "pdf":
        sections = []
        for key, table in tables.items():
            chart = charts.get(key)
            drawn = chart if chart is not None and chart.series() else None
            sections.append(ExportSection(table.name, drawn, export_table(table)))
        write_pdf(path, title[0], title[1], sections)
    else:
        raise ValueError(f"unknown export {kind!r}")
