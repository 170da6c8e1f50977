"""The manager's PDF report: A4 pages, charts as vectors, long tables over pages, Chinese.

The pages are looked at twice: in the PDF file itself (its page objects and fonts) and as
images painted by the same layout (:func:`pdf_page_images`), where a header, a chart's bars
and the page numbers can be found by their colours.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView
from PySide6.QtGui import QColor, QFontDatabase, QImage
from pytestqt.qtbot import QtBot

from counterdesk.ui.manager import export
from counterdesk.ui.manager.export import (
    ExportError,
    ExportSection,
    ExportTable,
    pdf_page_images,
    write_pdf,
)

RED = QColor("#ff0000")
DPI = 96  # images at the writer's own resolution: one image pixel per PDF dot


def long_table(rows: int) -> ExportTable:
    return ExportTable(
        "tellers",
        ["柜员 Teller", "arrivals", "mean wait (s)"],
        [[f"李娜 {i}" if i % 2 else f"Zhang Wei {i}", i, i * 1.5] for i in range(1, rows + 1)],
    )


def bar_chart() -> QChart:
    chart = QChart()
    chart.setTitle("到达 Arrivals")
    bars = QBarSet("arrivals")
    bars.append([3, 7, 5])
    bars.setColor(RED)
    bars.setBorderColor(RED)
    series = QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    chart.createDefaultAxes()
    chart.setAnimationOptions(QChart.AnimationOption.SeriesAnimations)
    return chart


def page_objects(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def fill_rows(image: QImage, colour: QColor, x: int) -> list[int]:
    """The rows of ``image`` whose pixel at ``x`` is exactly ``colour``."""
    return [y for y in range(image.height()) if image.pixelColor(x, y) == colour]


def test_a_report_is_an_a4_pdf_whose_long_table_goes_on_over_pages(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    sections = [ExportSection("按柜员 By teller", None, long_table(150))]

    write_pdf(path, "服务报告 Service report", "2026-11-01 – 2026-11-30", sections)

    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    pages = pdf_page_images("服务报告 Service report", "2026-11-01 – 2026-11-30", sections,
                            dpi=DPI)  # fmt: skip
    # 150 rows of one line each do not fit one A4 page (about 50 do).
    assert page_objects(pdf) == len(pages) > 1
    # Every page is A4: 595 x 842 points.
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert [(round(float(w)), round(float(h))) for w, h in boxes] == [(595, 842)] * len(pages)


def test_the_header_row_is_repeated_on_every_page(qtbot: QtBot) -> None:
    sections = [ExportSection("By teller", None, long_table(150))]
    pages = pdf_page_images("Service report", "", sections, dpi=DPI)
    assert len(pages) >= 3
    x = round(export.LEFT) + 2
    header = export.HEADER_FILL

    spans = []
    for page in pages:
        rows = fill_rows(page, header, x)
        assert rows, "a page without a header row"
        spans.append((rows[0], rows[-1]))
    # Pages after the first start alike: "By teller (continued)", then the same header.
    top_of_2, end_of_2 = spans[1]
    assert spans[2] == spans[1]
    strip = (0, 0, pages[1].width(), end_of_2 + 1)
    assert pages[2].copy(*strip) == pages[1].copy(*strip)
    # ... and the header is the first page's header, further down there under the title.
    height = end_of_2 - top_of_2 + 1
    first = pages[0].copy(0, spans[0][0], pages[0].width(), height)
    assert first == pages[1].copy(0, top_of_2, pages[1].width(), height)
    # What follows the header differs (other tellers): the comparison above means something.
    below = (0, end_of_2 + 1, pages[1].width(), 200)
    assert pages[2].copy(*below) != pages[1].copy(*below)


def test_a_chart_is_drawn_as_vectors_and_is_left_as_it_was(qtbot: QtBot, tmp_path: Path) -> None:
    chart = bar_chart()
    sections = [ExportSection("Arrivals by hour", chart, long_table(3))]

    write_pdf(tmp_path / "chart.pdf", "Report", "", sections)
    [page] = pdf_page_images("Report", "", sections, dpi=DPI)

    pdf = (tmp_path / "chart.pdf").read_bytes()
    assert b"/Subtype /Image" not in pdf  # no bitmap: the bars are paths
    red = sum(
        1
        for y in range(0, page.height(), 2)
        for x in range(0, page.width(), 2)
        if page.pixelColor(x, y) == RED
    )
    # Three bars of a chart the width of the page: thousands of sampled pixels.
    assert red > 2000
    # The chart goes back as it came: in no scene, animations on, usable again.
    assert chart.scene() is None
    assert chart.animationOptions() == QChart.AnimationOption.SeriesAnimations
    write_pdf(tmp_path / "again.pdf", "Report", "", sections)


def test_a_chart_shown_in_a_view_keeps_its_size_on_screen(qtbot: QtBot) -> None:
    chart = bar_chart()
    view = QChartView(chart)
    qtbot.addWidget(view)
    view.resize(320, 200)
    with qtbot.waitExposed(view):
        view.show()
    before = chart.geometry()

    [page] = pdf_page_images("Report", "", [ExportSection("h", chart, None)], dpi=DPI)

    assert chart.geometry() == before
    assert chart.scene() is view.scene()
    assert any(page.pixelColor(x, y) == RED for y in range(0, 600, 3) for x in range(0, 700, 3))


def test_chinese_text_is_embedded_with_a_chinese_font(qtbot: QtBot, tmp_path: Path) -> None:
    if "WenQuanYi Micro Hei" not in QFontDatabase.families():
        pytest.skip("scripts/system-deps installs fonts-wqy-microhei")
    path = tmp_path / "zh.pdf"

    write_pdf(path, "网点服务报告", "朝阳支行", [ExportSection("按业务类型", None, long_table(2))])

    pdf = path.read_bytes()
    assert b"/BaseFont /WenQuanYiMicroHei" in pdf
    assert b"/FontFile2" in pdf  # the glyphs themselves travel in the file
    assert b"/ToUnicode" in pdf  # and the text can be searched and copied


def test_an_empty_table_says_so_and_wide_tables_are_split_into_bands(qtbot: QtBot) -> None:
    wide = ExportTable(
        "wide",
        ["teller", *(f"figure number {n}" for n in range(1, 31))],
        [["1001", *range(100000, 100030)]],
    )
    empty = ExportTable("none", ["teller", "arrivals"], [])
    sections = [ExportSection("Wide", None, wide), ExportSection("Empty", None, empty)]

    pages = pdf_page_images("Report", "", sections, dpi=DPI)

    x = round(export.LEFT) + 2
    rows = fill_rows(pages[0], export.HEADER_FILL, x)
    starts = [y for y in rows if y - 1 not in rows]
    # 31 columns do not fit 180 mm even at the smallest size: two or more header bands, plus
    # the empty table's header.
    assert len(starts) >= 3


def test_an_unwritable_target_is_an_export_error_and_leaves_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "missing" / "report.pdf"

    with pytest.raises(ExportError, match="the folder does not exist"):
        write_pdf(path, "Report", "", [ExportSection("h", None, long_table(2))])

    assert list(tmp_path.iterdir()) == []
