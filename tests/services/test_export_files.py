"""Report files without Qt: the .xlsx read back as Excel would, CSV for Excel, safe writes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from counterdesk.services.export_files import (
    ExportError,
    ExportTable,
    sheet_names,
    write_csv,
    write_xlsx,
)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

TELLERS = ExportTable(
    "By teller",
    ["柜员 Teller", "arrivals", "mean wait (s)", "service level"],
    [
        ["李娜", 42, 95.5, 0.875],
        ["Zhang Wei", 7, None, 1.0],
        ['=HYPERLINK("x")', 0, 12.25, None],
    ],
)


class Workbook:
    """An .xlsx read with zipfile and ElementTree, the way a spreadsheet program reads it."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        shared = self._xml("xl/sharedStrings.xml")
        self.strings = ["".join(si.itertext()) for si in shared.findall("m:si", NS)]
        rels = self._xml("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels}
        book = self._xml("xl/workbook.xml")
        self.sheets = {
            s.get("name"): "xl/" + str(targets[s.get(R_ID)])
            for s in book.findall("m:sheets/m:sheet", NS)
        }
        styles = self._xml("xl/styles.xml")
        fonts = styles.findall("m:fonts/m:font", NS)
        self.bold_styles = {
            index
            for index, xf in enumerate(styles.findall("m:cellXfs/m:xf", NS))
            if fonts[int(xf.get("fontId", "0"))].find("m:b", NS) is not None
        }

    def _xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(name))

    def sheet(self, name: str) -> ET.Element:
        return self._xml(self.sheets[name])

    def cells(self, name: str) -> dict[str, tuple[str | int | float | bool, bool]]:
        """Every cell by reference: (value with its stored type, bold)."""
        result: dict[str, tuple[str | int | float | bool, bool]] = {}
        for cell in self.sheet(name).iter(f"{{{NS['m']}}}c"):
            kind = cell.get("t", "n")
            raw = cell.findtext("m:v", namespaces=NS)
            assert raw is not None
            value: str | int | float | bool
            if kind == "s":
                value = self.strings[int(raw)]
            elif kind == "b":
                value = raw == "1"
            else:
                assert kind == "n"
                value = float(raw) if any(c in raw for c in ".eE") else int(raw)
            result[str(cell.get("r"))] = (value, int(cell.get("s", "0")) in self.bold_styles)
        return result

    def widths(self, name: str) -> list[float]:
        return [float(str(c.get("width"))) for c in self.sheet(name).findall("m:cols/m:col", NS)]


def test_a_workbook_keeps_numbers_as_numbers_with_a_bold_frozen_header(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"

    write_xlsx(path, [TELLERS])

    book = Workbook(path)
    assert list(book.sheets) == ["By teller"]
    cells = book.cells("By teller")
    assert cells == {
        "A1": ("柜员 Teller", True), "B1": ("arrivals", True), "C1": ("mean wait (s)", True),
        "D1": ("service level", True),
        "A2": ("李娜", False), "B2": (42, False), "C2": (95.5, False), "D2": (0.875, False),
        "A3": ("Zhang Wei", False), "B3": (7, False), "D3": (1.0, False),
        # Text in a workbook is text: a formula-like name is not evaluated.
        "A4": ('=HYPERLINK("x")', False), "B4": (0, False), "C4": (12.25, False),
    }  # fmt: skip
    # Numbers carry no type attribute (t="n" is the default), so Excel sums them.
    sheet = book.sheet("By teller")
    b2 = sheet.find(".//m:c[@r='B2']", NS)
    assert b2 is not None
    assert b2.get("t") is None
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert pane is not None
    assert (pane.get("state"), pane.get("ySplit"), pane.get("topLeftCell")) == ("frozen", "1", "A2")


def test_columns_are_as_wide_as_their_text_chinese_counting_double(tmp_path: Path) -> None:
    path = tmp_path / "widths.xlsx"
    table = ExportTable("w", ["a", "b", "c"], [["四个汉字", "abcd", "x" * 500]])

    write_xlsx(path, [table])

    # Four Chinese characters need the room of eight Latin ones (+2 padding); long text is
    # capped so a comment does not make a column several screens wide.
    assert Workbook(path).widths("w") == [10.0, 6.0, 60.0]


def test_sheet_names_are_made_valid_for_excel(tmp_path: Path) -> None:
    names = [
        "KPI: 11/30 [all]*?",
        "kpi: 11/30 [ALL]*?",  # the same name for Excel, which ignores case
        "",
        "History",
        "'quoted'",
        "营业厅每日服务质量指标按柜员按业务类型按小时汇总报告第一部分之上半",  # 33 characters
        "营业厅每日服务质量指标按柜员按业务类型按小时汇总报告第一部分之上半",
    ]
    expected = [
        "KPI_ 11_30 _all___",
        "kpi_ 11_30 _ALL___ (2)",
        "Sheet3",
        "History_",
        "quoted",
        "营业厅每日服务质量指标按柜员按业务类型按小时汇总报告第一部分之",  # cut to 31
        "营业厅每日服务质量指标按柜员按业务类型按小时汇总报告第 (2)",  # 27 + 4
    ]
    assert sheet_names(names) == expected
    assert all(len(name) <= 31 for name in expected)

    path = tmp_path / "names.xlsx"
    write_xlsx(path, [ExportTable(name, ["n"], [[i]]) for i, name in enumerate(names)])
    book = Workbook(path)
    assert list(book.sheets) == expected
    assert book.cells(expected[6])["A2"] == (6, False)


def test_text_xml_cannot_hold_is_dropped_and_blanks_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "odd.xlsx"
    table = ExportTable("odd", ["<b>&"], [["bell\x07 ", "  lead", float("inf"), True]])

    write_xlsx(path, [table])

    cells = Workbook(path).cells("odd")
    assert cells["A1"] == ("<b>&", True)
    assert cells["A2"] == ("bell ", False)
    assert cells["B2"] == ("  lead", False)
    assert cells["C2"] == ("inf", False)  # Excel has no infinity: shown as text
    assert cells["D2"] == (True, False)


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_the_chinese(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"

    write_csv(path, TELLERS)

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "柜员 Teller,arrivals,mean wait (s),service level",
        "李娜,42,95.5,0.875",
        "Zhang Wei,7,,1.0",
        # Excel would run a cell starting with "=": the apostrophe keeps it text.
        '"\'=HYPERLINK(""x"")",0,12.25,',
        "",
    ]


def test_a_missing_folder_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "report.xlsx"

    with pytest.raises(ExportError) as caught:
        write_xlsx(path, [TELLERS])

    assert caught.value.path == path
    assert str(caught.value) == f"cannot write {path}: the folder does not exist"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_the_way_is_an_error_and_no_part_file_is_left(tmp_path: Path) -> None:
    (tmp_path / "report.csv").mkdir()

    with pytest.raises(ExportError, match="a folder has that name"):
        write_csv(tmp_path / "report.csv", TELLERS)

    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
    assert (tmp_path / "report.csv").is_dir()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_a_permission_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_csv(folder / "report.csv", TELLERS)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as a full disk")
def test_a_write_cut_short_keeps_the_previous_report(tmp_path: Path) -> None:
    """A file size limit (the kernel's EFBIG) stands in for a disk that fills up mid-write."""
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the previous report")
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from counterdesk.services.export_files import ExportError, ExportTable, write_csv
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
        rows = [[f"row {{i}}", i, i / 7] for i in range(10000)]
        try:
            write_csv(Path({str(target)!r}), ExportTable("big", ["a", "b", "c"], rows))
        except ExportError as exc:
            print(exc)
            sys.exit(3)
        """
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )

    assert result.returncode == 3, result.stderr
    assert result.stdout.strip() == f"cannot write {target}: the file is too large for this disk"
    assert target.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_a_new_report_replaces_the_old_one_with_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text("old", encoding="utf-8")
    mask = os.umask(0o022)
    try:
        write_csv(path, ExportTable("t", ["n"], [[1]]))
    finally:
        os.umask(mask)

    assert path.read_bytes() == b"\xef\xbb\xbfn\r\n1\r\n"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_a_workbook_needs_a_table() -> None:
    with pytest.raises(ValueError, match="at least one table"):
        write_xlsx(Path("unused.xlsx"), [])
