"""Windows resources of the two executables: the icon (.ico) and the version resource.

Both are made during the build from what the repository holds (resources/icons, the
package's ``__version__``), so no binary is committed and the installer's version, the
executables' and the package's are one. build/counterdesk.spec calls these on Windows;
the icon and the version numbers can be made and checked on any system.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

#: The picture of the program: a queue ticket, from the icons the windows use.
ICON_SOURCE = "mdi6.ticket-outline@12355b.png"
#: Sizes Windows asks an .ico for (Start menu, taskbar, Explorer's views, high DPI).
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 256)
COMPANY = "counterdesk"
DESCRIPTION = "counterdesk bank counter terminal"


def file_version(version: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows file version for a package version ("0.1.0", "1.2rc1").

    Windows wants four numbers of 0..65535: the release's numbers, padded with zeros (a
    pre-release keeps its release's numbers; the full text stays in ProductVersion).
    """
    match = re.match(r"(\d+(?:\.\d+){0,3})", version)
    if not match:
        raise ValueError(f"{version!r}: not a version Windows can show (N[.N[.N[.N]]])")
    numbers = [int(n) for n in match.group(1).split(".")]
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"{version!r}: Windows version numbers stop at 65535")
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_strings(version: str, exe_name: str, description: str) -> dict[str, str]:
    """The StringFileInfo of one executable (what Explorer's Details tab shows)."""
    return {
        "CompanyName": COMPANY,
        "FileDescription": description,
        "FileVersion": ".".join(map(str, file_version(version))),
        "InternalName": exe_name,
        "LegalCopyright": "counterdesk authors",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": "counterdesk",
        "ProductVersion": version,
    }


def version_resource(version: str, exe_name: str, description: str) -> Any:
    """PyInstaller's VSVersionInfo for ``EXE(version=...)``; needs PyInstaller on Windows.

    (Its versioninfo module imports pefile, which PyInstaller installs on Windows only.)
    """
    from PyInstaller.utils.win32 import versioninfo as vi  # type: ignore[import-untyped]

    numbers = file_version(version)
    strings = version_strings(version, exe_name, description)
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(
            filevers=numbers,
            prodvers=numbers,
            mask=0x3F,
            flags=0x0,
            OS=0x40004,  # VOS_NT_WINDOWS32
            fileType=0x1,  # VFT_APP
            subtype=0x0,
            date=(0, 0),
        ),
        kids=[
            # 0409 = US English, 04B0 = Unicode (1200): the table Explorer reads.
            vi.StringFileInfo(
                [vi.StringTable("040904B0", [vi.StringStruct(k, v) for k, v in strings.items()])]
            ),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])]),
        ],
    )


def _dib_entry(image: QImage) -> bytes:
    """An ARGB picture as an .ico's bitmap entry: BITMAPINFOHEADER, BGRA rows, AND mask."""
    width: int = image.width()
    height: int = image.height()
    header = struct.pack("<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    stride: int = image.bytesPerLine()
    bits = bytes(image.constBits())  # ARGB32 is B, G, R, A in memory
    rows = [bits[y * stride : y * stride + width * 4] for y in range(height - 1, -1, -1)]
    mask_row = b"\0" * (((width + 31) // 32) * 4)  # transparency comes from the alpha channel
    return header + b"".join(rows) + mask_row * height


def write_icon(source: Path, target: Path, sizes: tuple[int, ...] = ICON_SIZES) -> Path:
    """Write ``target`` (.ico) with ``source`` drawn on a white tile at each of ``sizes``.

    Entries up to 96 px are bitmaps (every Windows tool reads them), 256 px is PNG (as Windows
    itself stores it). Returns ``target``.
    """
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    glyph = QImage(str(source))
    if glyph.isNull():
        raise SystemExit(f"{source}: cannot read the icon's picture")
    entries: list[tuple[int, bytes]] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        radius = size * 0.18
        painter.drawRoundedRect(QRectF(0, 0, size, size), radius, radius)
        margin = size * 0.1
        painter.drawImage(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), glyph)
        painter.end()
        if size >= 256:
            png = QByteArray()
            buffer = QBuffer(png)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes str
            buffer.close()
            entries.append((size, bytes(png.data())))
        else:
            entries.append((size, _dib_entry(image)))
    directory = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    payload = b""
    for size, data in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        payload += data
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(directory + payload)
    return target
