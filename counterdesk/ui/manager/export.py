# ruff: noqa: E501 - a stand-in; the XML parts are clearer on one line each
"""STAND-IN for the exporters written on branch ``exports`` (the lead takes that file on merge).

Same names and signatures as the agreed contract, so the Reports page can be built and tested
before the merge. CSV is real (UTF-8 with a byte-order mark, so Excel reads Chinese); the Excel
and PDF writers here are minimal placeholders.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCharts import QChart


@dataclass
class ExportTable:
    """A table to export: its name, column headings and rows of plain values."""

    name: str
    headers: list[str]
    rows: list[list[str | int | float | None]]


@dataclass
class ExportSection:
    """A PDF section: a heading, a chart (or None) and a table (or None)."""

    heading: str
    chart: QChart | None
    table: ExportTable | None


def write_csv(path: Path, table: ExportTable) -> None:
    """One table as CSV."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.headers)
        writer.writerows([["" if v is None else v for v in row] for row in table.rows])


def write_xlsx(path: Path, sheets: Sequence[ExportTable]) -> None:
    """Placeholder: a minimal workbook, one sheet per table (inline strings, numbers)."""

    def cell(value: object) -> str:
        if value is None:
            return "<c/>"
        if isinstance(value, int | float):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        names = [f"{n + 1}" for n in range(len(sheets))]
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in names)
            + "</Types>"))  # fmt: skip
        book.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))  # fmt: skip
        book.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="r{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in names)
            + "</Relationships>"))  # fmt: skip
        book.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{escape(s.name[:31])}" sheetId="{n}" r:id="r{n}"/>' for n, s in zip(names, sheets, strict=True))
            + "</sheets></workbook>"))  # fmt: skip
        for n, sheet in zip(names, sheets, strict=True):
            rows: list[list[str | int | float | None]] = [list(sheet.headers), *sheet.rows]
            data = "".join("<row>" + "".join(cell(v) for v in row) + "</row>" for row in rows)
            book.writestr(f"xl/worksheets/sheet{n}.xml", (
                '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"<sheetData>{data}</sheetData></worksheet>"))  # fmt: skip


def write_pdf(path: Path, title: str, subtitle: str, sections: Sequence[ExportSection]) -> None:
    """Placeholder: one page per section, its heading, chart and first rows of its table."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
    from PySide6.QtWidgets import QGraphicsScene

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(96)
    painter = QPainter(writer)
    try:
        width = writer.width()
        painter.drawText(0, 20, title)
        painter.drawText(0, 40, subtitle)
        for index, section in enumerate(sections):
            if index:
                writer.newPage()
            painter.drawText(0, 70, section.heading)
            chart = section.chart
            if chart is not None:
                # Drawn from the scene it is shown in (a chart moved to another scene would
                # leave its view); a chart in no view gets a scene of its own for a moment.
                scene = chart.scene()
                own = scene is None
                if own:
                    scene = QGraphicsScene()
                    scene.addItem(chart)
                    chart.resize(width, 380)
                scene.render(painter, QRectF(0, 80, width, 380), chart.sceneBoundingRect())
                if own:
                    scene.removeItem(chart)
            if section.table is not None:
                y = 480
                table: list[list[str | int | float | None]] = [
                    list(section.table.headers),
                    *section.table.rows,
                ]
                for row in table[:30]:
                    painter.drawText(0, y, "   ".join("" if v is None else str(v) for v in row))
                    y += 18
    finally:
        painter.end()
