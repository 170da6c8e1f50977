"""The system-printer slip, rendered into a real PDF and read back with QtPdf."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication

from counterdesk.core.business import Catalogue
from counterdesk.core.slip import TicketSlip, slip_for
from counterdesk.core.tickets import Ticket
from counterdesk.services.printing import PrinterError
from counterdesk.services.state import IssuedTicket
from counterdesk.ui.kiosk.printer import QtSystemPrinter

MM = 72 / 25.4  # PDF points per millimetre


def make_slip(catalogue: Catalogue, *, qr: bool) -> TicketSlip:
    ticket = Ticket.issue(
        id="5f0c7a52-3d4e-4b8f-9a51-0c2b1f7e9d10",
        day=date(2026, 11, 30),
        number=7,
        prefix="A",
        business_type="DEP",
        priority=0,
        at=datetime(2026, 11, 30, 9, 5, tzinfo=UTC),
    )
    issued = IssuedTicket(ticket, catalogue.get("DEP"), 3, 450.0, "Chaoyang Sub-branch")
    return slip_for(issued, now_local=datetime.now(UTC), qr=qr)


def read_pdf(path: Path) -> tuple[QPdfDocument, str]:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document, document.getAllText(0).text()


def test_roll_slip_is_one_80mm_page_with_the_ticket_on_it(
    qapp: QApplication, tmp_path: Path, catalogue: Catalogue
) -> None:
    pdf = tmp_path / "slip.pdf"

    QtSystemPrinter(pdf_path=pdf).print_slip(make_slip(catalogue, qr=True))

    document, text = read_pdf(pdf)
    assert document.pageCount() == 1
    assert document.pagePointSize(0).width() == pytest.approx(80 * MM, abs=1)
    assert "A007" in text
    assert "Cash deposit" in text
    assert "Please keep your ticket" in text
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        assert "现金存款" in text
        assert "请妥善保管您的号票" in text


def test_the_roll_page_is_as_long_as_the_slip(
    qapp: QApplication, tmp_path: Path, catalogue: Catalogue
) -> None:
    with_qr, without_qr = tmp_path / "qr.pdf", tmp_path / "plain.pdf"

    QtSystemPrinter(pdf_path=with_qr).print_slip(make_slip(catalogue, qr=True))
    QtSystemPrinter(pdf_path=without_qr).print_slip(make_slip(catalogue, qr=False))

    tall = read_pdf(with_qr)[0].pagePointSize(0).height()
    short = read_pdf(without_qr)[0].pagePointSize(0).height()
    # The QR code and its gaps add about 31 mm; the drawn code makes the file larger too.
    assert tall - short == pytest.approx(31 * MM, abs=2 * MM)
    assert 60 * MM < short < 160 * MM
    assert with_qr.stat().st_size > without_qr.stat().st_size + 1000


def test_a6_paper(qapp: QApplication, tmp_path: Path, catalogue: Catalogue) -> None:
    pdf = tmp_path / "a6.pdf"

    QtSystemPrinter(pdf_path=pdf, paper="a6").print_slip(make_slip(catalogue, qr=True))

    document, text = read_pdf(pdf)
    assert document.pagePointSize(0).width() == pytest.approx(105 * MM, abs=1)
    assert document.pagePointSize(0).height() == pytest.approx(148 * MM, abs=1)
    assert "A007" in text


def test_no_system_printer_is_a_printer_error(qapp: QApplication, catalogue: Catalogue) -> None:
    printer = QtSystemPrinter(find_printer=QPrinterInfo)  # a null printer: none configured

    with pytest.raises(PrinterError, match=r"^no system printer is configured$"):
        printer.print_slip(make_slip(catalogue, qr=False))


def test_pdf_into_a_missing_folder_is_a_printer_error(
    qapp: QApplication, tmp_path: Path, catalogue: Catalogue
) -> None:
    printer = QtSystemPrinter(pdf_path=tmp_path / "missing" / "slip.pdf")

    with pytest.raises(PrinterError, match="not responding"):
        printer.print_slip(make_slip(catalogue, qr=False))
