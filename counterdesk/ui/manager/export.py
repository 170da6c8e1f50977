"""The manager's report exports: CSV, Excel workbooks and an A4 PDF with the charts.

CSV and .xlsx come from :mod:`counterdesk.services.export_files` (no Qt, so the command line
writes the same files); this module adds :func:`write_pdf`, which needs Qt to draw the charts.

The PDF is drawn with :class:`~PySide6.QtGui.QPdfWriter` (no Qt WebEngine, no QtPdf): a title,
then each section's heading, its chart as vectors (the chart's own scene painted onto the
page) and its table, split over as many pages as it needs with the header row repeated on
every page; tables too wide for the page get a smaller font, then are split into column
bands that repeat the first (label) column. Every page has its number ("Page 2 of 5").
Chinese renders with any CJK font the system has (``fonts-wqy-microhei`` on Debian, Microsoft
YaHei on Windows); Qt embeds the glyphs it uses in the file.

Coordinates: the writer works at 96 dots per inch, the resolution the charts are laid out at
on screen, so a chart's fonts and lines keep their proportions on paper; all lengths below
are in those dots (:func:`_mm` converts). :func:`pdf_page_images` paints the same pages into
images (a preview, and how the tests look at the pages).

Call these on the GUI thread: a chart is a widget of the scene it belongs to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCharts import QChart
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QGraphicsScene

from counterdesk.services.export_files import (
    Cell,
    ExportError,
    ExportTable,
    write_atomically,
    write_csv,
    write_xlsx,
)

__all__ = [
    "ExportError",
    "ExportSection",
    "ExportTable",
    "pdf_page_images",
    "write_csv",
    "write_pdf",
    "write_xlsx",
]


@dataclass(frozen=True)
class ExportSection:
    """One part of a PDF report: a heading, then a chart and/or a table.

    Attributes:
        heading: the section's heading, in the user's language.
        chart: drawn the full width of the page; it may be shown in a view meanwhile (it is
            resized for the page and put back).
        table: drawn below the chart, over as many pages as it needs.
    """

    heading: str
    chart: QChart | None
    table: ExportTable | None


#: The writer's resolution (see the module's docstring).
DPI = 96
#: CJK fonts to fall back on, by name, should the system's default font lack Chinese.
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "SimSun",
    "PingFang SC",
)
#: Table font sizes tried, in points, before a wide table is split into column bands.
TABLE_SIZES = (8.5, 8.0, 7.5, 7.0, 6.5)
INK = QColor("#1f2933")
GREY = QColor("#6b7280")
RULE = QColor("#c9d1db")
HEADER_FILL = QColor("#e8edf3")
STRIPE_FILL = QColor("#f6f8fa")


def _mm(length: float) -> float:
    return length * DPI / 25.4


PAGE_W, PAGE_H = _mm(210), _mm(297)
LEFT, RIGHT, TOP, BOTTOM = _mm(15), _mm(15), _mm(15), _mm(18)
CONTENT_W = PAGE_W - LEFT - RIGHT
CONTENT_BOTTOM = PAGE_H - BOTTOM
#: Charts take the full width at this height.
CHART_H = _mm(95)
#: Padding of a table cell, left and right, and above and below the text.
PAD_X, PAD_Y = _mm(1.5), _mm(0.9)
#: Extra room a wrapped heading needs on top of its advance.
WRAP_SLACK = 2.0
#: A text column (names) is never wider than this; longer text is cut with an ellipsis.
TEXT_COLUMN_MAX = _mm(55)

#: Painting one thing on a page.
Op = Callable[[QPainter], None]


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont(QGuiApplication.font())
    font.setFamilies([font.family(), *CJK_FAMILIES])
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _shown(value: Cell) -> str:
    """A cell as the table shows it (the command line's table uses the same rule)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:.3f}" if abs(value) < 1 else f"{value:.1f}"
    return str(value)


_TOKEN = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)


@dataclass
class _Band:
    """Columns of a table that fit the page width side by side, with their widths."""

    columns: list[int]
    widths: list[float]
    header_h: float

    @property
    def width(self) -> float:
        return sum(self.widths)


@dataclass
class _TableShape:
    """How a table is laid out: its fonts, which columns hold numbers, its column bands."""

    font: QFont
    bold: QFont
    numeric: list[bool]
    bands: list[_Band]
    row_h: float


def _shape(table: ExportTable, headers: list[str], device: QPaintDevice) -> _TableShape:
    count = len(headers)
    texts = [[_shown(row[i]) if i < len(row) else "" for i in range(count)] for row in table.rows]
    numeric = [
        any(isinstance(row[i], int | float) for row in table.rows if i < len(row))
        and all(
            row[i] is None or (isinstance(row[i], int | float) and not isinstance(row[i], bool))
            for row in table.rows
            if i < len(row)
        )
        for i in range(count)
    ]
    for size in TABLE_SIZES:
        font, bold = _font(size), _font(size, bold=True)
        plain, strong = QFontMetricsF(font, device), QFontMetricsF(bold, device)
        least, wanted = [], []
        for i in range(count):
            content = max([0.0, *(plain.horizontalAdvance(row[i]) for row in texts)])
            if not numeric[i]:
                content = min(content, TEXT_COLUMN_MAX - 2 * PAD_X)
            # Word wrapping needs a little more room than the advance (the last glyph's
            # bearing): without it a heading that just fits wraps.
            full = strong.horizontalAdvance(headers[i]) + WRAP_SLACK
            # A heading may wrap onto three lines, never inside a word.
            tokens = _TOKEN.findall(headers[i]) or [""]
            longest = max(strong.horizontalAdvance(t) for t in tokens) + WRAP_SLACK
            header_min = max(longest, full / 3)
            least.append(max(content, header_min) + 2 * PAD_X)
            wanted.append(max(content, full) + 2 * PAD_X)
        if sum(least) <= CONTENT_W or size == TABLE_SIZES[-1]:
            break
    bands = []
    for columns in _bands(least, repeat_first=count > 1 and not numeric[0]):
        widths = [least[i] for i in columns]
        # Room to spare goes to headings that would otherwise wrap.
        spare = CONTENT_W - sum(widths)
        for n, i in enumerate(columns):
            grow = min(spare, wanted[i] - widths[n])
            if grow > 0:
                widths[n] += grow
                spare -= grow
        header_h = strong.height()
        for n, i in enumerate(columns):
            box = strong.boundingRect(
                QRectF(0, 0, widths[n] - 2 * PAD_X, 1e6), int(Qt.TextFlag.TextWordWrap), headers[i]
            )
            header_h = max(header_h, box.height())
        bands.append(_Band(columns, widths, header_h + 2 * PAD_Y))
    return _TableShape(font, bold, numeric, bands, plain.height() + 2 * PAD_Y)


def _bands(widths: list[float], *, repeat_first: bool) -> list[list[int]]:
    """Columns grouped into bands that each fit the page width (the first repeated if a label)."""
    if sum(widths) <= CONTENT_W:
        return [list(range(len(widths)))]
    bands: list[list[int]] = []
    start = [0] if repeat_first else []
    current: list[int] = []
    used = 0.0
    for i in range(len(widths)):
        if current and used + widths[i] > CONTENT_W:
            bands.append(current)
            current, used = list(start), sum(widths[j] for j in start)
        current.append(i)
        used += widths[i]
    if current and current != start:
        bands.append(current)
    return bands


class _Pages:
    """Lays a report out on A4 pages, as lists of painting operations."""

    def __init__(self, device: QPaintDevice) -> None:
        self.device = device
        self.pages: list[list[Op]] = [[]]
        self.y = math.ceil(TOP)

    def op(self, paint: Op) -> None:
        self.pages[-1].append(paint)

    def new_page(self) -> None:
        self.pages.append([])
        self.y = math.ceil(TOP)

    def down(self, length: float) -> None:
        """Move down the page, to a whole dot: rows then fall alike on every page."""
        self.y = math.ceil(self.y + length)

    def room(self) -> float:
        return CONTENT_BOTTOM - self.y

    def text(self, text: str, font: QFont, colour: QColor, *, gap_after: float = 0) -> None:
        metrics = QFontMetricsF(font, self.device)
        box = metrics.boundingRect(
            QRectF(0, 0, CONTENT_W, 1e6), int(Qt.TextFlag.TextWordWrap), text
        )
        rect = QRectF(LEFT, self.y, CONTENT_W, box.height())

        def paint(painter: QPainter) -> None:
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)

        self.op(paint)
        self.down(box.height() + gap_after)

    def rule(self, *, gap_after: float) -> None:
        y = self.y

        def paint(painter: QPainter) -> None:
            painter.setPen(QPen(RULE, _mm(0.3)))
            painter.drawLine(QPointF(LEFT, y), QPointF(LEFT + CONTENT_W, y))

        self.op(paint)
        self.down(gap_after)

    def chart(self, chart: QChart) -> None:
        rect = QRectF(LEFT, self.y, CONTENT_W, CHART_H)
        self.op(lambda painter: _paint_chart(painter, chart, rect))
        self.down(CHART_H + _mm(4))

    def table(self, table: ExportTable, heading: str, heading_font: QFont) -> None:
        count = max([len(table.headers), *(len(row) for row in table.rows)])
        headers = [*table.headers, *([""] * (count - len(table.headers)))]
        shape = _shape(table, headers, self.device)
        continued = QCoreApplication.translate("export", "{heading} (continued)").format(
            heading=heading
        )
        for number, band in enumerate(shape.bands):
            if number:
                self.down(_mm(3))
            if self.room() < band.header_h + 2 * shape.row_h:
                self.new_page()
                self.text(continued, heading_font, INK, gap_after=_mm(2))
            self._header(shape, band, headers)
            if not table.rows:
                self.text(
                    QCoreApplication.translate("export", "No rows."),
                    shape.font,
                    GREY,
                    gap_after=_mm(2),
                )
            for index, row in enumerate(table.rows):
                if self.room() < shape.row_h:
                    self.new_page()
                    self.text(continued, heading_font, INK, gap_after=_mm(2))
                    self._header(shape, band, headers)
                self._row(shape, band, row, stripe=index % 2 == 1)
        self.down(_mm(4))

    def _header(self, shape: _TableShape, band: _Band, headers: list[str]) -> None:
        y, h = self.y, band.header_h

        def paint(painter: QPainter) -> None:
            painter.fillRect(QRectF(LEFT, y, band.width, h), HEADER_FILL)
            painter.setFont(shape.bold)
            painter.setPen(INK)
            x = LEFT
            for i, w in zip(band.columns, band.widths, strict=True):
                flags = int(_align(shape.numeric[i]) | Qt.AlignmentFlag.AlignBottom)
                rect = QRectF(x + PAD_X, y + PAD_Y, w - 2 * PAD_X, h - 2 * PAD_Y)
                painter.drawText(rect, flags | int(Qt.TextFlag.TextWordWrap), headers[i])
                x += w
            painter.setPen(QPen(INK, _mm(0.3)))
            painter.drawLine(QPointF(LEFT, y + h), QPointF(LEFT + band.width, y + h))

        self.op(paint)
        self.down(h)

    def _row(self, shape: _TableShape, band: _Band, row: list[Cell], *, stripe: bool) -> None:
        y, h = self.y, shape.row_h
        metrics = QFontMetricsF(shape.font, self.device)
        cells = []
        for i, w in zip(band.columns, band.widths, strict=True):
            # One line per row: a line break inside a cell becomes a space.
            text = " ".join((_shown(row[i]) if i < len(row) else "").splitlines())
            if not shape.numeric[i]:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, w - 2 * PAD_X)
            cells.append(text)

        def paint(painter: QPainter) -> None:
            if stripe:
                painter.fillRect(QRectF(LEFT, y, band.width, h), STRIPE_FILL)
            painter.setFont(shape.font)
            painter.setPen(INK)
            x = LEFT
            for i, w, text in zip(band.columns, band.widths, cells, strict=True):
                flags = int(_align(shape.numeric[i]) | Qt.AlignmentFlag.AlignVCenter)
                painter.drawText(QRectF(x + PAD_X, y, w - 2 * PAD_X, h), flags, text)
                x += w

        self.op(paint)
        self.down(h)


def _align(numeric: bool) -> Qt.AlignmentFlag:
    """Numbers line up on the right, text on the left."""
    return Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft


def _paint_chart(painter: QPainter, chart: QChart, target: QRectF) -> None:
    """Paint ``chart`` into ``target`` as vectors, laid out at the target's size."""
    scene = chart.scene()
    own_scene = scene is None
    if own_scene:
        scene = QGraphicsScene()
        scene.addItem(chart)
    old_geometry = chart.geometry()
    old_animation = chart.animationOptions()
    old_shadow = chart.isDropShadowEnabled()
    # A running animation would be caught half-way; a drop shadow is a blurred bitmap.
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setDropShadowEnabled(False)
    try:
        chart.resize(QSizeF(target.width(), target.height()))
        source = chart.sceneBoundingRect()
        scene.render(painter, target, QRectF(source.topLeft(), target.size()))
    finally:
        chart.setDropShadowEnabled(old_shadow)
        chart.setAnimationOptions(old_animation)
        if own_scene:
            scene.removeItem(chart)
        else:
            chart.setGeometry(old_geometry)


def _plan(
    device: QPaintDevice, title: str, subtitle: str, sections: Sequence[ExportSection]
) -> list[list[Op]]:
    pages = _Pages(device)
    heading_font = _font(12, bold=True)
    pages.text(title, _font(16, bold=True), INK, gap_after=_mm(1.5))
    if subtitle:
        pages.text(subtitle, _font(9.5), GREY, gap_after=_mm(2))
    pages.rule(gap_after=_mm(5))
    metrics = QFontMetricsF(heading_font, device)
    for section in sections:
        # Keep a heading with the start of what follows it.
        need = metrics.height() + _mm(2)
        if section.chart is not None:
            need += CHART_H
        elif section.table is not None:
            need += _mm(20)
        if pages.room() < need and pages.pages[-1]:
            pages.new_page()
        pages.text(section.heading, heading_font, INK, gap_after=_mm(2))
        if section.chart is not None:
            pages.chart(section.chart)
        if section.table is not None:
            pages.table(section.table, section.heading, heading_font)
        pages.down(_mm(3))
    return pages.pages


def _paint_pages(painter: QPainter, pages: list[list[Op]], title: str, page: int) -> None:
    for paint in pages[page]:
        painter.save()
        paint(painter)
        painter.restore()
    font = _font(8)
    painter.setFont(font)
    painter.setPen(GREY)
    y = PAGE_H - BOTTOM + _mm(6)
    box = QRectF(LEFT, y, CONTENT_W, _mm(6))
    number = QCoreApplication.translate("export", "Page {page} of {pages}").format(
        page=page + 1, pages=len(pages)
    )
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), number)
    metrics = QFontMetricsF(font, painter.device())
    room = CONTENT_W - metrics.horizontalAdvance(number) - _mm(10)
    shown = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), shown)


def _writer(device: QIODevice, title: str) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(title)
    writer.setCreator("counterdesk")
    return writer


def pdf_bytes(title: str, subtitle: str, sections: Sequence[ExportSection]) -> bytes:
    """The PDF :func:`write_pdf` writes, as bytes."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, title)
    pages = _plan(writer, title, subtitle, sections)
    painter = QPainter()
    if not painter.begin(writer):
        raise RuntimeError("Qt could not start a PDF")
    try:
        for number in range(len(pages)):
            if number:
                writer.newPage()
            _paint_pages(painter, pages, title, number)
    finally:
        painter.end()
    buffer.close()
    data: QByteArray = buffer.data()
    return bytes(data.data())


def write_pdf(path: Path, title: str, subtitle: str, sections: Sequence[ExportSection]) -> None:
    """Write a report as an A4 PDF: title, then each section's heading, chart and table.

    Args:
        path: the file to write (replaced if it exists).
        title: the report's title (also the PDF's title and every page's footer).
        subtitle: a line under the title (period, branch); may be empty.
        sections: drawn in order; a section starts a new page only when it would not fit.

    Raises:
        ExportError: the file cannot be written (nothing is left at ``path``).
    """
    data = pdf_bytes(title, subtitle, sections)

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    write_atomically(Path(path), write)


def pdf_page_images(
    title: str, subtitle: str, sections: Sequence[ExportSection], *, dpi: float = 110
) -> list[QImage]:
    """The pages :func:`write_pdf` draws, painted into white images at ``dpi``."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # Laid out against a PDF writer, so the text measures as in the file.
    pages = _plan(_writer(buffer, title), title, subtitle, sections)
    scale = dpi / DPI
    images = []
    for number in range(len(pages)):
        image = QImage(round(PAGE_W * scale), round(PAGE_H * scale), QImage.Format.Format_RGB32)
        # Fonts in points measure as on the writer: the image's resolution is the writer's.
        dots_per_metre = round(DPI / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        _paint_pages(painter, pages, title, number)
        painter.end()
        images.append(image)
    return images
