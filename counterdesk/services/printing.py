"""Ticket printers for the kiosk: the printer protocol, ESC/POS receipt printers and their config.

The kiosk's printer is named by one config string (``kiosk.printer``), read by
:func:`parse_printer_spec` and built by :func:`open_printer`:

=======================================================  =======================================
``none``                                                 no printer: the ticket is only shown
``system``                                               the OS default printer, through Qt
                                                         (built by the app with
                                                         :class:`counterdesk.ui.kiosk.printer.QtSystemPrinter`)
``escpos-network://HOST[:PORT][?timeout=S]``             a receipt printer on the LAN (port 9100)
``escpos-usb://VID:PID[?in_ep=..&out_ep=..&timeout=S]``  a USB receipt printer (hex ids; pyusb)
``escpos-serial:///dev/ttyUSB0[?baudrate=9600]``         a serial receipt printer (pyserial)
``escpos-file:///path``                                  a device node or a file (tests)
=======================================================  =======================================

Every ``escpos-`` form also takes ``qr=native`` (default: the printer draws the code, ``GS ( k``)
or ``qr=image`` (python-escpos draws it and sends a raster image, for printers without QR).

Chinese text. A receipt printer sold in China prints Chinese in its "Chinese character mode"
(``FS &``), reading every byte from 0x80 up as the start of a two-byte GB2312/GBK/GB18030
character. So each slip switches that mode on after ``ESC @`` and sends *all* text encoded
with ``gb18030`` (ASCII stays one byte; Chinese is two bytes, the same as GBK). python-escpos's
magic encoding is not used: it sends a string as GB18030 only when it holds a CJK ideograph and
otherwise switches single-byte code pages (``ESC t``), whose bytes above 0x7F a printer in
Chinese mode would read as halves of Chinese characters (``Café`` would eat the next letter).

Sizes use ``GS !`` (``custom_size``) for every line, because ``ESC !`` (python-escpos's
``double_width``/``double_height``) does not enlarge Chinese characters on most printers.
"""

from __future__ import annotations

import contextlib
import math
import re
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from escpos.constants import QR_ECLEVEL_M
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.slip import SlipLine, TicketSlip

# ``FS &``: select Chinese character mode (GB18030/GBK double-byte text).
CHINESE_MODE_ON = b"\x1c\x26"
# The text encoding of Chinese character mode.
SLIP_ENCODING = "gb18030"
# The ``GS !`` magnification of each slip size (width and height alike).
SIZE_SCALE: Mapping[str, int] = {"normal": 1, "double": 2, "huge": 6}
# Module size in dots of a native QR code (about 25 mm for a ticket's payload on 203 dpi).
QR_MODULE_DOTS = 6

NOT_RESPONDING = QT_TRANSLATE_NOOP("domain", "the ticket printer is not responding ({detail})")

SPEC_FORMS = (
    "none, system, escpos-network://HOST:PORT, escpos-usb://VID:PID, "
    "escpos-serial:///dev/ttyUSB0?baudrate=9600 or escpos-file:///PATH"
)
_DEFAULT_NETWORK_TIMEOUT = 5.0


def _drivers() -> Any:
    """python-escpos's printer drivers, imported on first use.

    Importing ``escpos.printer`` takes about 0.2 s (it loads imaging and USB support), far too
    long for every start of every terminal, most of which never print.
    """
    from escpos import printer

    return printer


_HEX_ID = re.compile(r"^(?:0x)?([0-9a-fA-F]{1,4})$")
_QUERY_KEYS: Mapping[str, frozenset[str]] = {
    "network": frozenset({"timeout", "qr"}),
    "usb": frozenset({"timeout", "in_ep", "out_ep", "qr"}),
    "serial": frozenset({"baudrate", "timeout", "qr"}),
    "file": frozenset({"qr"}),
}


class PrinterError(DomainError):
    """The ticket printer failed (off, unplugged, out of reach, paper jam reported by the OS).

    The ticket was issued all the same; the kiosk shows it and records the fault.
    """


def printer_fault(detail: object) -> PrinterError:
    """Return the error "the ticket printer is not responding (detail)"."""
    return PrinterError(NOT_RESPONDING, detail=str(detail).replace("\n", " ").strip())


class Printer(Protocol):
    """Something that prints ticket slips."""

    def print_slip(self, slip: TicketSlip) -> None:
        """Print one ticket; blocks until the device took it (call it off the GUI thread).

        Raises:
            PrinterError: on any device fault; the next call tries the device again.
        """
        ...


# -- rendering -------------------------------------------------------------------------------


def render_escpos(slip: TicketSlip, *, native_qr: bool = True) -> bytes:
    """Return the ESC/POS byte stream of a slip, ending with a paper cut.

    Args:
        slip: the slip to print.
        native_qr: let the printer draw the QR code (``GS ( k``); False sends it as an image.
    """
    buffer = _drivers().Dummy()
    buffer.hw("INIT")
    buffer._raw(CHINESE_MODE_ON)
    for line in slip.lines:
        _write_line(buffer, line)
    if slip.qr is not None:
        buffer.set(align="center", bold=False, custom_size=True, width=1, height=1)
        # ESC a (above) centres the code: python-escpos refuses ``center`` for a native code,
        # and for an image it needs the paper width in the printer profile.
        buffer.qr(slip.qr, ec=QR_ECLEVEL_M, size=QR_MODULE_DOTS, native=native_qr)
        if native_qr:
            buffer._raw(b"\n")
    for line in slip.footer:
        _write_line(buffer, line)
    buffer.cut()
    return bytes(buffer.output)


def _write_line(buffer: Any, line: SlipLine) -> None:
    scale = SIZE_SCALE[line.size]
    buffer.set(align=line.align, bold=line.bold, custom_size=True, width=scale, height=scale)
    buffer._raw(line.text.encode(SLIP_ENCODING, errors="replace") + b"\n")


class EscPosPrinter:
    """A receipt printer spoken to in ESC/POS through a python-escpos device.

    The device is opened for each slip and closed after it, so a printer that is off at
    start-up does not stop the kiosk, a printer that restarted is found again, and the
    printer's single network connection is free between tickets. The slip is rendered whole
    first and sent in one write, so a rendering problem never leaves half a ticket; a file
    device (``escpos-file``) is rewritten with each slip.

    Args:
        device: a python-escpos printer (``Network``, ``Usb``, ``Serial``, ``File``, ``Dummy``),
            not opened yet.
        native_qr: let the printer draw QR codes; False sends them as images.
    """

    def __init__(self, device: Any, *, native_qr: bool = True) -> None:
        self.device = device
        self.native_qr = native_qr
        self._lock = threading.Lock()

    def print_slip(self, slip: TicketSlip) -> None:
        """Print one ticket and cut the paper.

        Raises:
            PrinterError: the device could not be opened or written to.
        """
        data = render_escpos(slip, native_qr=self.native_qr)
        with self._lock:
            try:
                self.device.open()
                # Under ``python -O`` the Usb driver's failure asserts vanish and open()
                # leaves no device (None) instead of raising; drivers without a connection
                # (Dummy) keep False.
                if self.device._device is None:
                    raise printer_fault("the device could not be opened")
                self.device._raw(data)
            except PrinterError:
                raise
            except (EscposError, OSError) as exc:
                raise printer_fault(exc) from exc
            finally:
                self._close()

    def _close(self) -> None:
        # A half-open device may fail to close; the next slip opens it afresh anyway.
        with contextlib.suppress(EscposError, OSError):
            self.device.close()


# -- configuration ---------------------------------------------------------------------------


PrinterKind = Literal["none", "system", "network", "usb", "serial", "file"]


@dataclass(frozen=True)
class PrinterSpec:
    """A parsed ``kiosk.printer`` value; see the module docstring for the forms.

    Attributes:
        kind: none, system, or the connection of an ESC/POS printer.
        host: network printer's host.
        port: network printer's TCP port.
        vendor_id: USB vendor id.
        product_id: USB product id.
        in_ep: USB input endpoint.
        out_ep: USB output endpoint.
        path: serial port or file path.
        baudrate: serial speed.
        timeout: seconds to wait for the device (network, USB, serial), or None for the
            driver's default (network 5 s, USB none, serial 1 s).
        native_qr: whether the printer draws QR codes itself.
    """

    kind: PrinterKind
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    path: str = ""
    baudrate: int = 9600
    timeout: float | None = None
    native_qr: bool = True


def parse_printer_spec(text: str) -> PrinterSpec:
    """Read a ``kiosk.printer`` value without touching any device.

    Raises:
        ValueError: naming what is wrong and, for an unknown form, the known ones.
    """
    spec = text.strip()
    if spec in ("none", ""):
        return PrinterSpec("none")
    if spec == "system":
        return PrinterSpec("system")
    scheme, sep, _ = spec.partition("://")
    kinds = {"escpos-network": "network", "escpos-usb": "usb", "escpos-serial": "serial"}
    kinds["escpos-file"] = "file"
    if not sep or scheme not in kinds:
        raise ValueError(f"unknown printer {text!r}; expected {SPEC_FORMS}")
    kind = kinds[scheme]
    parts = urlsplit(spec)
    if parts.fragment:
        raise ValueError(f"printer {text!r}: unexpected '#{parts.fragment}'")
    query = _query(text, parts.query, _QUERY_KEYS[kind])
    qr = query.pop("qr", "native")
    if qr not in ("native", "image"):
        raise ValueError(f"printer {text!r}: qr must be native or image, got {qr!r}")
    common: dict[str, Any] = {"native_qr": qr == "native"}
    if "timeout" in query:
        common["timeout"] = _number(text, "timeout", query["timeout"], 0.0, 600.0)
    if kind == "network":
        return _network(text, parts.netloc, parts.path, common)
    if kind == "usb":
        return _usb(text, parts.netloc, parts.path, query, common)
    path = unquote(parts.netloc + parts.path)
    if kind == "serial":
        if not path:
            raise ValueError(
                f"printer {text!r}: name the serial port, e.g. {scheme}:///dev/ttyUSB0"
            )
        baudrate = int(_number(text, "baudrate", query.get("baudrate", "9600"), 50, 4_000_000))
        return PrinterSpec("serial", path=path, baudrate=baudrate, **common)
    # A Windows path arrives as /C:/...; keep the drive letter first.
    if re.match(r"^/[A-Za-z]:[/\\]", path):
        path = path[1:]
    if parts.netloc or not (path.startswith("/") or re.match(r"^[A-Za-z]:[/\\]", path)):
        raise ValueError(
            f"printer {text!r}: the file must be an absolute path, e.g. escpos-file:///dev/usb/lp0"
        )
    return PrinterSpec("file", path=path, **common)


def _query(text: str, query: str, allowed: frozenset[str]) -> dict[str, str]:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError as exc:
        raise ValueError(f"printer {text!r}: cannot read the options after '?'") from exc
    values: dict[str, str] = {}
    for key, value in pairs:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ValueError(f"printer {text!r}: unknown option {key!r} (known: {known})")
        if key in values:
            raise ValueError(f"printer {text!r}: option {key!r} is given twice")
        values[key] = value
    return values


def _number(text: str, key: str, value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not low < number <= high:
        raise ValueError(
            f"printer {text!r}: {key} must be a number above {low:g} and up to {high:g}, "
            f"got {value!r}"
        )
    return number


def _network(text: str, netloc: str, path: str, common: dict[str, Any]) -> PrinterSpec:
    if path not in ("", "/"):
        raise ValueError(f"printer {text!r}: a network printer has no path ({path!r})")
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"printer {text!r}: the port must be a number from 1 to 65535") from None
    if not parts.hostname or parts.username is not None:
        raise ValueError(f"printer {text!r}: name the host, e.g. escpos-network://10.0.0.20:9100")
    if port == 0:
        raise ValueError(f"printer {text!r}: the port must be a number from 1 to 65535")
    return PrinterSpec("network", host=parts.hostname, port=port or 9100, **common)


def _usb(
    text: str, netloc: str, path: str, query: dict[str, str], common: dict[str, Any]
) -> PrinterSpec:
    ids = netloc.split(":")
    matches = [_HEX_ID.match(part) for part in ids]
    if path not in ("", "/") or len(ids) != 2 or not all(matches):
        raise ValueError(
            f"printer {text!r}: name the USB vendor and product ids in hex, "
            "e.g. escpos-usb://04b8:0202"
        )
    vendor, product = (int(m[1], 16) for m in matches if m)
    if vendor == 0 or product == 0:
        raise ValueError(f"printer {text!r}: USB ids cannot be 0")
    in_ep = _endpoint(text, query, "in_ep", 0x82)
    out_ep = _endpoint(text, query, "out_ep", 0x01)
    return PrinterSpec(
        "usb", vendor_id=vendor, product_id=product, in_ep=in_ep, out_ep=out_ep, **common
    )


def _endpoint(text: str, query: dict[str, str], key: str, default: int) -> int:
    if key not in query:
        return default
    found = _HEX_ID.match(query[key])
    if found is None or int(found[1], 16) > 0xFF:
        raise ValueError(f"printer {text!r}: {key} must be an endpoint in hex, got {query[key]!r}")
    return int(found[1], 16)


def _network_driver(host: str, port: int, timeout: float) -> Any:
    """python-escpos's network driver with a connection that cleans up after itself.

    The 3.1 driver leaks its socket when the connection fails and only speaks IPv4;
    :func:`socket.create_connection` closes a failed socket and resolves IPv6 too.
    """

    class Network(_drivers().Network):  # type: ignore[misc]  # python-escpos has no types
        def open(self, raise_not_found: bool = True) -> None:
            del raise_not_found  # a kiosk always wants to know
            if self._device:
                self.close()
            connection: socket.socket | None = None
            try:
                connection = socket.create_connection((self.host, self.port), timeout=self.timeout)
            except OSError as exc:
                raise DeviceNotFoundError(
                    f"cannot connect to {self.host}:{self.port}: {exc}"
                ) from exc
            finally:
                self.device: socket.socket | None = connection

    return Network(host, port=port, timeout=timeout)


def open_printer(
    spec: str | PrinterSpec, *, system: Callable[[], Printer] | None = None
) -> Printer | None:
    """Build the kiosk's printer; no device is opened until the first ticket.

    Args:
        spec: a ``kiosk.printer`` value, or one parsed already.
        system: builds the system printer (``QtSystemPrinter``), which needs Qt and so
            cannot be built here; the app passes it.

    Returns:
        The printer, or None for ``none``.

    Raises:
        ValueError: a bad spec; ``system`` without ``system``; a USB or serial printer whose
            Python package (pyusb, pyserial) is not installed.
    """
    parsed = parse_printer_spec(spec) if isinstance(spec, str) else spec
    if parsed.kind == "none":
        return None
    if parsed.kind == "system":
        if system is None:
            raise ValueError(
                "printer 'system' prints through Qt; the app builds it with "
                "counterdesk.ui.kiosk.printer.QtSystemPrinter (pass it as system=)"
            )
        return system()
    return EscPosPrinter(_escpos_device(parsed), native_qr=parsed.native_qr)


def _escpos_device(spec: PrinterSpec) -> Any:
    if spec.kind == "network":
        timeout = _DEFAULT_NETWORK_TIMEOUT if spec.timeout is None else spec.timeout
        return _network_driver(spec.host, spec.port, timeout)
    if spec.kind == "file":
        return _drivers().File(spec.path)
    # Both drivers fail late and oddly without their package (Usb raises from __del__,
    # Serial from __init__), so say what to install before building them.
    if spec.kind == "usb":
        if not _drivers().Usb.is_usable():
            raise ValueError("a USB receipt printer needs the pyusb package, which is missing")
        return _drivers().Usb(
            spec.vendor_id,
            spec.product_id,
            timeout=0 if spec.timeout is None else int(spec.timeout * 1000),
            in_ep=spec.in_ep,
            out_ep=spec.out_ep,
        )
    if not _drivers().Serial.is_usable():
        raise ValueError("a serial receipt printer needs the pyserial package, which is missing")
    return _drivers().Serial(
        spec.path, baudrate=spec.baudrate, timeout=1 if spec.timeout is None else spec.timeout
    )
