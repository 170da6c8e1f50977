"""Ticket slips on the system printer (or into a PDF) with QPrinter, for kiosks without ESC/POS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import qrcode  # type: ignore[import-untyped]
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counterdesk.core.errors import QT_TRANSLATE_NOOP
from counterdesk.core.slip import SlipLine, TicketSlip
from counterdesk.services.printing import PrinterError, printer_fault

Paper = Literal["roll80", "a6"]

#: Width of a receipt roll and the margin kept on each side, in millimetres.
ROLL_WIDTH_MM = 80.0
MARGIN_MM = 4.0
#: Point size of each slip size.
POINT_SIZE = {"normal": 10.0, "double": 18.0, "huge": 48.0}
#: Side of the printed QR code, in millimetres.
QR_SIDE_MM = 28.0
_GAP_MM = 1.5
_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
}


@dataclass(frozen=True)
class _Block:
    """A laid-out line: its font, text flags and height in device pixels."""

    line: SlipLine
    font: QFont
    flags: int
    height: float


class QtSystemPrinter:
    """Prints slips through Qt's print system on an 80 mm roll (page as long as the slip) or A6.

    QPainter may paint on a QPrinter outside the GUI thread, so the kiosk can print from its
    worker like it does with a receipt printer; a QGuiApplication must exist (for the fonts).

    Args:
        pdf_path: write the slip into this PDF instead of printing (each slip replaces it).
        paper: ``roll80`` or ``a6``.
        find_printer: which system printer to use, asked at every slip so that a printer set
            up after start-up is found; the default is the system's default printer.
    """

    def __init__(
        self,
        *,
        pdf_path: Path | None = None,
        paper: Paper = "roll80",
        find_printer: Callable[[], QPrinterInfo] = QPrinterInfo.defaultPrinter,
    ) -> None:
        self.pdf_path = pdf_path
        self.paper = paper
        self.find_printer = find_printer

    def print_slip(self, slip: TicketSlip) -> None:
        """Print one ticket.

        Raises:
            PrinterError: no system printer, or the printer (or PDF file) refused the job.
        """
        printer = self._printer()
        printer.setDocName(f"Ticket {slip.label}")
        printer.setFullPage(False)
        dpi = printer.resolution()
        width_mm = ROLL_WIDTH_MM if self.paper == "roll80" else 105.0
        width = _px(width_mm - 2 * MARGIN_MM, dpi)
        blocks = _layout(slip, printer, width)
        if self.paper == "roll80":
            content = sum(block.height for block in blocks) + _px(_GAP_MM, dpi) * len(blocks)
            if slip.qr is not None:
                content += _px(QR_SIDE_MM + 2 * _GAP_MM, dpi)
            height_mm = content / dpi * 25.4 + 2 * MARGIN_MM
            size = QPageSize(
                QSizeF(ROLL_WIDTH_MM, height_mm),
                QPageSize.Unit.Millimeter,
                "Ticket roll 80 mm",
                QPageSize.SizeMatchPolicy.ExactMatch,
            )
        else:
            size = QPageSize(QPageSize.PageSizeId.A6)
        printer.setPageSize(size)
        margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
        printer.setPageMargins(margins, QPageLayout.Unit.Millimeter)
        painter = QPainter()
        if not painter.begin(printer):
            raise printer_fault("the print job could not be started")
        try:
            _paint(painter, slip, blocks, width, dpi)
        finally:
            painter.end()
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise printer_fault("the print job failed")

    def _printer(self) -> QPrinter:
        if self.pdf_path is not None:
            if not self.pdf_path.parent.is_dir():
                raise printer_fault(f"no folder {self.pdf_path.parent}")
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.pdf_path))
            return printer
        info = self.find_printer()
        if info.isNull():
            raise PrinterError(QT_TRANSLATE_NOOP("domain", "no system printer is configured"))
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        if not printer.isValid():
            raise printer_fault(f"printer {info.printerName()} cannot be used")
        return printer


def _px(mm: float, dpi: int) -> float:
    return mm / 25.4 * dpi


def slip_font(size: str, bold: bool) -> QFont:
    """Return the font of a slip size, in a family that can draw Simplified Chinese."""
    font = QFont()
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if chinese:
        font.setFamilies([chinese[0]])
    font.setPointSizeF(POINT_SIZE[size])
    font.setBold(bold)
    return font


def _layout(slip: TicketSlip, printer: QPrinter, width: float) -> list[_Block]:
    blocks: list[_Block] = []
    for line in slip.all_lines:
        font = slip_font(line.size, line.bold)
        flags = int(_ALIGN[line.align] | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        metrics = QFontMetricsF(font, printer)
        height = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, line.text).height()
        blocks.append(_Block(line, font, flags, height))
    return blocks


def _paint(
    painter: QPainter, slip: TicketSlip, blocks: list[_Block], width: float, dpi: int
) -> None:
    gap = _px(_GAP_MM, dpi)
    y = 0.0
    body = len(slip.lines)
    painter.setPen(QColor("black"))
    for index, block in enumerate(blocks):
        if index == body and slip.qr is not None:
            y += gap
            y += _paint_qr(painter, slip.qr, QRectF(0, y, width, _px(QR_SIDE_MM, dpi))) + gap
        painter.setFont(block.font)
        painter.drawText(QRectF(0, y, width, block.height), block.flags, block.line.text)
        y += block.height + gap
    if body == len(blocks) and slip.qr is not None:
        _paint_qr(painter, slip.qr, QRectF(0, y + gap, width, _px(QR_SIDE_MM, dpi)))


def _paint_qr(painter: QPainter, payload: str, area: QRectF) -> float:
    """Draw a QR code centred in ``area``; return the height used."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    side = min(area.width(), area.height())
    module = side / len(matrix)
    left = area.left() + (area.width() - side) / 2
    black = QColor("black")
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                painter.fillRect(
                    QRectF(left + col * module, area.top() + row * module, module, module), black
                )
    return side
