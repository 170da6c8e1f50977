"""Report files without Qt: CSV for Excel, .xlsx workbooks, and the safe write they all go through.

The manager's report pages (:mod:`counterdesk.ui.manager.export`, which adds the PDF) and the
command line (``counterdesk report kpi --format xlsx``) write through the same functions here.

Every file is written to a temporary file in the target's folder and renamed over the target
only once it is complete (:func:`write_atomically`): a folder that does not exist, a file that
cannot be written, a full disk leave the target as it was (absent, or the previous report) and
raise :class:`ExportError`, whose message names the file and says why in the user's language.

The .xlsx writer needs no third-party package: a workbook is a zip of a few XML parts
(ECMA-376 Part 1, SpreadsheetML; the minimal set Excel, LibreOffice and openpyxl all open):
``[Content_Types].xml``, ``_rels/.rels``, ``xl/workbook.xml`` and its relationships,
``xl/styles.xml`` (one bold font for the header row), ``xl/sharedStrings.xml`` and one
``xl/worksheets/sheetN.xml`` per table.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import os
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text

#: What one cell of an exported table may hold.
Cell = str | int | float | None


@dataclass(frozen=True)
class ExportTable:
    """One table of a report, as it goes into a CSV file, a worksheet or a PDF.

    Attributes:
        name: what the table is (the worksheet's name in a workbook, made valid there).
        headers: the column headings, already in the user's language.
        rows: the cells, row by row; numbers stay numbers (a workbook stores them as numbers),
            ``None`` is an empty cell.
    """

    name: str
    headers: list[str]
    rows: list[list[Cell]]


class ExportError(DomainError):
    """A report file could not be written; nothing was left at the target.

    Attributes:
        path: the file that was asked for.
    """

    def __init__(self, path: Path, why: Text) -> None:
        self.path = path
        super().__init__(
            QT_TRANSLATE_NOOP("domain", "cannot write {file}: {why}"), file=str(path), why=why
        )


def _why(exc: OSError) -> Text:
    """The reason an operating system error gives, as a translatable piece."""
    code = exc.errno
    if code == errno.ENOENT:
        return Text(QT_TRANSLATE_NOOP("domain", "the folder does not exist"))
    if code in (errno.EACCES, errno.EPERM):
        return Text(
            QT_TRANSLATE_NOOP(
                "domain", "permission denied (or the file is open in another program)"
            )
        )
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return Text(QT_TRANSLATE_NOOP("domain", "the disk is full"))
    if code == errno.EFBIG:
        return Text(QT_TRANSLATE_NOOP("domain", "the file is too large for this disk"))
    if code == errno.EROFS:
        return Text(QT_TRANSLATE_NOOP("domain", "the disk is read-only"))
    if code == errno.EISDIR:
        return Text(QT_TRANSLATE_NOOP("domain", "a folder has that name"))
    if code == errno.ENOTDIR:
        return Text(QT_TRANSLATE_NOOP("domain", "part of the path is not a folder"))
    # Anything rarer: the system's own words, shown as they are.
    return Text("{reason}", reason=exc.strerror or type(exc).__name__)


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file through ``write`` so that it appears complete or not at all.

    ``write`` gets a binary file open on a temporary file in the same folder (so the final
    rename stays on one file system and is atomic); the file is flushed to disk and renamed
    over ``path``. On any failure the temporary file is removed and the target is untouched.

    Raises:
        ExportError: the folder is missing or not writable, the disk is full, ``path`` is a
            folder, ... (the :class:`OSError` is chained).
    """
    path = Path(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        # os.open with 0o666 lets the umask decide the final file's permissions, as a plain
        # open() would (tempfile's files are private, 0o600).
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise ExportError(path, _why(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        _remove(temp)
        raise ExportError(path, _why(exc)) from exc
    except BaseException:
        _remove(temp)
        raise


def _remove(temp: Path) -> None:
    try:
        temp.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - the folder itself went away or turned read-only
        pass


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` through :func:`write_atomically`."""
    data = text.encode(encoding)

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    write_atomically(path, write)


# -- CSV -----------------------------------------------------------------------------------------

#: Text Excel would run as a formula if a cell started with it (a name typed as "=HYPERLINK(...)").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if value.startswith(_FORMULA_START) and not _is_number(value):
        # A leading apostrophe makes Excel show the text as text instead of evaluating it.
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_text(table: ExportTable) -> str:
    """The table as CSV text (RFC 4180: commas, CRLF lines, quotes where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([_csv_cell(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()


def write_csv(path: Path, table: ExportTable) -> None:
    """Write one table as a CSV file that Excel opens with its Chinese intact.

    Raises:
        ExportError: the file cannot be written (nothing is left at ``path``).
    """
    # UTF-8 *with* a byte-order mark: Excel (Windows, Chinese or not) reads a CSV file without
    # one in the system's ANSI code page (GBK on a Chinese Windows, cp1252 elsewhere) and shows
    # the Chinese as mojibake; the BOM is how Excel recognises UTF-8. Other programs
    # (LibreOffice, Python's "utf-8-sig") skip it.
    write_text_atomically(Path(path), csv_text(table), encoding="utf-8-sig")


# -- XLSX ----------------------------------------------------------------------------------------

#: Excel's limit on a worksheet's name, and the characters it refuses in one.
SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
#: Excel's limit on the text of one cell.
_CELL_TEXT_MAX = 32767
#: Characters XML 1.0 cannot hold at all (control characters other than tab and newlines).
#: Lone surrogates cannot even be encoded as UTF-8.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Column widths, in Excel's "characters of the default font".
_WIDTH_MIN, _WIDTH_MAX = 6.0, 60.0


def sheet_names(names: Sequence[str]) -> list[str]:
    r"""Worksheet names Excel accepts, one per name given, in order.

    Excel refuses a name longer than 31 characters, one with any of ``[ ] : * ? / \``, one
    that starts or ends with an apostrophe, an empty one, the reserved ``History``, and two
    names that differ only in case. Bad characters become ``_``; a long name is cut; a
    repeated name gets `` (2)``, `` (3)``, ... within the 31 characters.
    """
    taken: set[str] = set()
    result = []
    for index, raw in enumerate(names, start=1):
        base = _XML_BAD.sub("", _SHEET_NAME_BAD.sub("_", raw)).strip().strip("'").strip()
        if not base or base.casefold() == "history":
            base = f"Sheet{index}" if not base else f"{base}_"
        base = base[:SHEET_NAME_MAX].rstrip("'")
        name = base
        number = 2
        while name.casefold() in taken:
            suffix = f" ({number})"
            name = base[: SHEET_NAME_MAX - len(suffix)].rstrip("'") + suffix
            number += 1
        taken.add(name.casefold())
        result.append(name)
    return result


def _column_letter(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text_width(text: str) -> float:
    """How many of Excel's width units a text needs: a Chinese character counts as two."""
    longest = 0.0
    for line in text.split("\n"):
        width = sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 1.0 for c in line)
        longest = max(longest, width)
    return longest


def _number_text(value: int | float) -> str:
    """A number as SpreadsheetML stores it (the shortest text that reads back the same)."""
    return str(value) if isinstance(value, int) else repr(value)


def _xml_text(text: str) -> str:
    return escape(_XML_BAD.sub("", text[:_CELL_TEXT_MAX]))


class _Strings:
    """The workbook's shared strings: every distinct text once, cells point at it by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0

    def add(self, text: str) -> int:
        self.uses += 1
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = []
        for text in self.index:
            clean = _xml_text(text)
            # Leading or trailing blanks survive only with xml:space="preserve".
            space = ' xml:space="preserve"' if clean != clean.strip() else ""
            items.append(f"<si><t{space}>{clean}</t></si>")
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_MAIN_NS}" count="{self.uses}" uniqueCount="{len(self.index)}">'
            f"{''.join(items)}</sst>"
        )


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEADER_STYLE = 1  # the cellXfs entry with the bold font (styles.xml below)

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN_NS}">'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _sheet_xml(table: ExportTable, strings: _Strings) -> str:
    width = max([len(table.headers), *(len(row) for row in table.rows)])
    widths = [_WIDTH_MIN] * width
    lines = []
    every: list[tuple[Sequence[Cell], int]] = [(table.headers, _HEADER_STYLE)]
    every.extend((row, 0) for row in table.rows)
    for number, (row, style) in enumerate(every, start=1):
        cells = []
        for column, value in enumerate(row):
            if value is None:
                continue
            ref = f"{_column_letter(column)}{number}"
            s = f' s="{style}"' if style else ""
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
                shown = "FALSE" if not value else "TRUE"
            elif isinstance(value, int | float) and math.isfinite(value):
                cells.append(f'<c r="{ref}"{s}><v>{_number_text(value)}</v></c>')
                # Excel's General format shows at most 11 characters of a number.
                shown = _number_text(value)[:11]
            else:
                # Text, or a number Excel cannot hold (NaN, infinity), written as text.
                shown = str(value)
                cells.append(f'<c r="{ref}"{s} t="s"><v>{strings.add(shown)}</v></c>')
            # Bold needs about a tenth more room.
            need = _text_width(shown) * (1.1 if style else 1.0) + 2
            widths[column] = min(_WIDTH_MAX, max(widths[column], need))
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    # The header row stays in view while scrolling: a frozen pane below row 1.
    view = (
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f"{view}"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"{f'<cols>{cols}</cols>' if cols else ''}"
        f"<sheetData>{''.join(lines)}</sheetData>"
        "</worksheet>"
    )


def xlsx_parts(sheets: Sequence[ExportTable]) -> dict[str, str]:
    """The XML parts of a workbook holding ``sheets``, by their path in the zip."""
    if not sheets:
        raise ValueError("a workbook needs at least one table")
    names = sheet_names([table.name for table in sheets])
    strings = _Strings()
    parts: dict[str, str] = {}
    for number, table in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = _sheet_xml(table, strings)
    count = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_DOC_TYPE}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    sheet_list = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f"<sheets>{sheet_list}</sheets></workbook>"
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC_TYPE}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_REL_NS}">{sheet_rels}'
        f'<Relationship Id="rId{count + 1}" Type="{_DOC_TYPE}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{count + 2}" Type="{_DOC_TYPE}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    parts["xl/styles.xml"] = _STYLES
    parts["xl/sharedStrings.xml"] = strings.xml()
    return parts


def write_xlsx(path: Path, sheets: Sequence[ExportTable]) -> None:
    """Write the tables as an Excel workbook (.xlsx), one worksheet per table.

    Numbers are stored as numbers (Excel sums them), text as text; the header row is bold
    and frozen; each column is as wide as its longest cell (up to a limit); worksheet names
    are made valid for Excel (:func:`sheet_names`).

    Raises:
        ExportError: the file cannot be written (nothing is left at ``path``).
        ValueError: ``sheets`` is empty (a workbook needs one worksheet).
    """
    parts = xlsx_parts(sheets)

    def write(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            # [Content_Types].xml first: some readers expect it to open the package.
            for name in ["[Content_Types].xml", *(p for p in parts if p != "[Content_Types].xml")]:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, parts[name].encode("utf-8"))

    write_atomically(Path(path), write)
