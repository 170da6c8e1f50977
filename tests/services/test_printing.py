"""Receipt printing: the real ESC/POS bytes python-escpos produces, device faults, printer specs."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from escpos.printer import Dummy, Serial, Usb

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import DomainError
from counterdesk.core.slip import SlipLine, TicketSlip, slip_for
from counterdesk.core.tickets import Ticket
from counterdesk.services.printing import (
    NOT_RESPONDING,
    EscPosPrinter,
    PrinterError,
    PrinterSpec,
    open_printer,
    parse_printer_spec,
    render_escpos,
)
from counterdesk.services.state import IssuedTicket

TICKET_ID = "5f0c7a52-3d4e-4b8f-9a51-0c2b1f7e9d10"
ESC_INIT = b"\x1b@"
CHINESE_MODE = b"\x1c&"
HUGE_BOLD_CENTRED = b"\x1d!\x55\x1bE\x01\x1ba\x01"  # GS ! 6x6, ESC E 1, ESC a 1
DOUBLE_CENTRED = b"\x1d!\x11\x1bE\x00\x1ba\x01"  # GS ! 2x2
DEPOSIT_GB18030 = b"\xcf\xd6\xbd\xf0\xb4\xe6\xbf\xee"  # 现金存款
FEED_AND_CUT = b"\x1bd\x06\x1dV\x00"  # ESC d 6, GS V 0 (full cut)
QR_STORE = b"\x1d(k"  # GS ( k


def issued_ticket(catalogue: Catalogue) -> IssuedTicket:
    ticket = Ticket.issue(
        id=TICKET_ID,
        day=date(2026, 11, 30),
        number=7,
        prefix="A",
        business_type="DEP",
        priority=0,
        at=datetime(2026, 11, 30, 9, 5, tzinfo=UTC),
    )
    return IssuedTicket(ticket, catalogue.get("DEP"), 3, 450.0, "Chaoyang Sub-branch")


@pytest.fixture
def slip(catalogue: Catalogue) -> TicketSlip:
    return slip_for(issued_ticket(catalogue), now_local=datetime.now(UTC), qr=True)


def test_file_printer_writes_the_whole_ticket(tmp_path: Path, slip: TicketSlip) -> None:
    out = tmp_path / "lp0"
    printer = open_printer(f"escpos-file://{out}")
    assert printer is not None

    printer.print_slip(slip)
    data = out.read_bytes()

    assert data.startswith(ESC_INIT + CHINESE_MODE)
    assert HUGE_BOLD_CENTRED + b"A007\n" in data
    assert DOUBLE_CENTRED + DEPOSIT_GB18030 + b"\n" in data
    assert "请妥善保管您的号票".encode("gb18030") in data
    assert b"Please keep your ticket\n" in data
    assert data.endswith(FEED_AND_CUT)


def test_native_qr_stores_the_payload_then_prints_it(slip: TicketSlip) -> None:
    data = render_escpos(slip)
    payload = f"counterdesk:ticket:{TICKET_ID}".encode()

    # GS ( k, length (payload + 3) low/high, cn=1 (QR), fn=P (store), m=0.
    store = QR_STORE + bytes([len(payload) + 3, 0]) + b"1P0" + payload
    assert store in data
    assert data.index(store) < data.index(QR_STORE + b"\x03\x001Q0")  # print the stored code
    assert data.index(b"A007") < data.index(store) < data.index("请妥善".encode("gb18030"))


def test_without_qr_there_is_no_qr_command(catalogue: Catalogue) -> None:
    slip = slip_for(issued_ticket(catalogue), now_local=datetime.now(UTC), qr=False)

    assert QR_STORE not in render_escpos(slip)


def test_image_qr_is_sent_as_a_raster_image(tmp_path: Path, slip: TicketSlip) -> None:
    out = tmp_path / "lp0"
    printer = open_printer(f"escpos-file://{out}?qr=image")
    assert printer is not None

    printer.print_slip(slip)
    data = out.read_bytes()

    assert QR_STORE not in data
    assert b"\x1dv0" in data  # GS v 0: raster bit image


def test_all_text_goes_as_gb18030_without_code_page_switches() -> None:
    # python-escpos's magic encoding would send "Café" in CP437 after ESC t; in Chinese mode
    # the 0x82 of "é" would swallow the next byte.
    data = render_escpos(TicketSlip("A001", (SlipLine("Café · 朝阳"), SlipLine("Café"))))

    assert b"Caf\xa8\xa6 \xa1\xa4 \xb3\xaf\xd1\xf4\n" in data
    assert b"Caf\xa8\xa6\n" in data
    assert b"\x1bt" not in data


def test_a_dummy_device_receives_exactly_the_rendered_bytes(slip: TicketSlip) -> None:
    device = Dummy()

    EscPosPrinter(device).print_slip(slip)

    assert device.output == render_escpos(slip)


# -- faults ----------------------------------------------------------------------------------


@pytest.fixture
def closed_port() -> int:
    """A local TCP port that nothing listens on (bound, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class ReceiptServer:
    """A network receipt printer stand-in: takes one connection and keeps what it received."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(1)
        self.sock.settimeout(2)
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            conn.settimeout(2)
            while chunk := conn.recv(65536):
                self.received += chunk

    def close(self) -> bytes:
        self.thread.join(3)
        self.sock.close()
        return self.received


@pytest.fixture
def serve() -> Iterator[list[ReceiptServer]]:
    servers: list[ReceiptServer] = []
    yield servers
    for server in servers:
        server.sock.close()


def test_network_printer_off_raises_quickly_and_the_next_ticket_tries_again(
    closed_port: int, slip: TicketSlip, serve: list[ReceiptServer]
) -> None:
    printer = open_printer(f"escpos-network://127.0.0.1:{closed_port}?timeout=0.5")
    assert printer is not None

    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        printer.print_slip(slip)
    assert time.monotonic() - started < 1.0
    assert isinstance(caught.value, DomainError)
    assert caught.value.template == NOT_RESPONDING
    assert str(caught.value).startswith("the ticket printer is not responding (")

    server = ReceiptServer(closed_port)
    serve.append(server)
    printer.print_slip(slip)

    assert server.close() == render_escpos(slip)


def test_unwritable_file_raises_printer_error_and_recovers(
    tmp_path: Path, slip: TicketSlip
) -> None:
    out = tmp_path / "missing" / "lp0"
    printer = open_printer(f"escpos-file://{out}")
    assert printer is not None

    with pytest.raises(PrinterError, match=r"not responding.*lp0"):
        printer.print_slip(slip)

    out.parent.mkdir()
    printer.print_slip(slip)
    assert out.read_bytes().endswith(FEED_AND_CUT)


# -- specs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("none", PrinterSpec("none")),
        ("", PrinterSpec("none")),
        (" system ", PrinterSpec("system")),
        ("escpos-network://10.0.0.20:9100", PrinterSpec("network", host="10.0.0.20")),
        ("escpos-network://printer.local", PrinterSpec("network", host="printer.local")),
        (
            "escpos-network://[::1]:9101?timeout=2.5&qr=image",
            PrinterSpec("network", host="::1", port=9101, timeout=2.5, native_qr=False),
        ),
        ("escpos-usb://04b8:0202", PrinterSpec("usb", vendor_id=0x04B8, product_id=0x0202)),
        (
            "escpos-usb://0x0416:0x5011?in_ep=81&out_ep=0x03",
            PrinterSpec("usb", vendor_id=0x0416, product_id=0x5011, in_ep=0x81, out_ep=0x03),
        ),
        (
            "escpos-serial:///dev/ttyUSB0?baudrate=19200",
            PrinterSpec("serial", path="/dev/ttyUSB0", baudrate=19200),
        ),
        ("escpos-serial://COM3", PrinterSpec("serial", path="COM3")),
        ("escpos-file:///dev/usb/lp0", PrinterSpec("file", path="/dev/usb/lp0")),
        ("escpos-file:///C:/tickets/out.bin", PrinterSpec("file", path="C:/tickets/out.bin")),
    ],
)
def test_specs_are_read(text: str, spec: PrinterSpec) -> None:
    assert parse_printer_spec(text) == spec


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("epson", "unknown printer 'epson'; expected none, system, escpos-network://"),
        ("escpos-bluetooth://aa:bb", "unknown printer"),
        ("escpos-network://", "name the host"),
        ("escpos-network://10.0.0.20:printer", "port must be a number"),
        ("escpos-network://10.0.0.20:70000", "port must be a number"),
        ("escpos-network://10.0.0.20:0", "port must be a number"),
        ("escpos-network://10.0.0.20/queue", "has no path"),
        ("escpos-network://10.0.0.20?timeout=0", "timeout must be a number above 0"),
        ("escpos-network://10.0.0.20?timeout=soon", "timeout must be a number"),
        ("escpos-network://10.0.0.20?baudrate=9600", "unknown option 'baudrate'"),
        ("escpos-network://10.0.0.20?qr=maybe", "qr must be native or image"),
        ("escpos-network://10.0.0.20?timeout=1&timeout=2", "given twice"),
        ("escpos-usb://04b8", "vendor and product ids in hex"),
        ("escpos-usb://04b8:xyz", "vendor and product ids in hex"),
        ("escpos-usb://0000:0202", "cannot be 0"),
        ("escpos-usb://04b8:0202?in_ep=zz", "in_ep must be an endpoint"),
        ("escpos-serial://", "name the serial port"),
        ("escpos-serial:///dev/ttyS0?baudrate=fast", "baudrate must be a number"),
        ("escpos-file://out.bin", "absolute path"),
        ("escpos-file:///tmp/x#y", "unexpected '#y'"),
    ],
)
def test_bad_specs_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        parse_printer_spec(text)
    assert repr(text.strip()) in str(caught.value)


def test_none_builds_no_printer() -> None:
    assert open_printer("none") is None


def test_system_printer_is_built_by_the_caller() -> None:
    with pytest.raises(ValueError, match="QtSystemPrinter"):
        open_printer("system")

    built = EscPosPrinter(Dummy())
    assert open_printer("system", system=lambda: built) is built


def test_nothing_is_opened_before_the_first_ticket(closed_port: int) -> None:
    # A printer that is off at start-up does not stop the kiosk.
    assert open_printer(f"escpos-network://127.0.0.1:{closed_port}") is not None


@pytest.mark.skipif(Usb.is_usable(), reason="pyusb is installed")
def test_usb_without_pyusb_says_what_is_missing() -> None:
    with pytest.raises(ValueError, match="pyusb"):
        open_printer("escpos-usb://04b8:0202")


@pytest.mark.skipif(Serial.is_usable(), reason="pyserial is installed")
def test_serial_without_pyserial_says_what_is_missing() -> None:
    with pytest.raises(ValueError, match="pyserial"):
        open_printer("escpos-serial:///dev/ttyUSB0")
