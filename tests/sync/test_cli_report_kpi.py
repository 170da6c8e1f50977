"""``counterdesk report kpi``: head office's figures of a period on the screen, in CSV, JSON and
an Excel workbook."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hq_helpers import RoleNames
from kpi_day_helpers import DAY, PASSWORD, ZONE, serve_and_push

from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_OK, EXIT_USAGE
from counterdesk.app.cli_report import DIMENSION_HEADINGS
from counterdesk.core.business import Catalogue
from counterdesk.core.kpis import By
from counterdesk.sync.hq import connect_admin
from counterdesk.sync.hq_kpi import HqKpis, Scope

pytestmark = pytest.mark.postgres
Databases = Callable[[], contextlib.AbstractContextManager[str]]


@pytest.fixture(scope="module")
def hq_day(
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    module_roles: RoleNames,
    pg_databases: Databases,
) -> Iterator[tuple[str, str]]:
    """HQ holding the generated day of one branch: (url, branch code)."""
    with pg_databases() as url:
        code = module_roles.code("C")
        serve_and_push(tmp_path_factory.mktemp("day"), catalogue, url, module_roles.owner, code)
        yield url, code


def _config(tmp_path: Path, url: str, code: str) -> str:
    config = tmp_path / "config.toml"
    config.write_text(f'[branch]\ncode = "{code}"\n[hq]\nurl = "{url}"\n', encoding="utf-8")
    return str(config)


def _kpi(config: str, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--config", config, "report", "kpi", "--from", DAY.isoformat(), "--to",
                 DAY.isoformat(), "--zone", ZONE.key, *args], out)  # fmt: skip
    return code, out.getvalue()


def test_the_report_by_teller_gives_head_offices_figures_as_the_branch_sees_them(
    hq_day: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    catalogue: Catalogue,
) -> None:
    url, branch = hq_day
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    config = _config(tmp_path, url, branch)

    code, text = _kpi(config, "--by", "teller", "--format", "json")

    assert code == EXIT_OK
    rows = json.loads(text)["rows"]
    conn = connect_admin(url)
    try:
        report = HqKpis(conn, Scope(DAY, DAY, branch, ZONE), catalogue)
        arrivals = report.arrivals(by=[By.TELLER])
        served = report.served(by=[By.TELLER])
        waits = report.waiting_times(by=[By.TELLER])
    finally:
        conn.close()
    assert {r["teller"]: r["arrivals"] for r in rows} == {k[0]: v for k, v in arrivals.items()}
    assert {r["teller"]: r["served"] for r in rows if r["served"]} == {
        k[0]: v for k, v in served.items()
    }
    assert {r["teller"]: r["wait_p90_s"] for r in rows if r["wait_p90_s"] is not None} == {
        k[0]: v.p90 for k, v in waits.items()
    }
    assert {"1001", "1002", "1003"} <= {r["teller"] for r in rows}

    out_file = tmp_path / "kpi.csv"
    code, text = _kpi(config, "--by", "type", "--format", "csv", "--out", str(out_file))
    assert (code, text) == (EXIT_OK, "")
    with out_file.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    # Teller time belongs to no business type: its row has type "".
    assert {r["type"] for r in table} == {"DEP", "WDR", "VIP", ""}
    assert sum(int(r["arrivals"]) for r in table) == sum(arrivals.values())

    code, text = _kpi(config)
    lines = text.splitlines()
    assert code == EXIT_OK
    assert lines[0].split()[:2] == ["arrivals", "served"]
    assert lines[1].split()[0] == str(sum(arrivals.values()))


def _first_sheet(path: Path) -> tuple[str, dict[str, str | float]]:
    """The workbook's first sheet name and its cells (text, or numbers stored as numbers)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as book:
        strings = [
            "".join(si.itertext())
            for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)
        ]
        sheet = ET.fromstring(book.read("xl/workbook.xml")).find("m:sheets/m:sheet", ns)
        assert sheet is not None
        cells: dict[str, str | float] = {}
        for cell in ET.fromstring(book.read("xl/worksheets/sheet1.xml")).iter(f"{{{ns['m']}}}c"):
            raw = str(cell.findtext("m:v", namespaces=ns))
            cells[str(cell.get("r"))] = strings[int(raw)] if cell.get("t") == "s" else float(raw)
    return str(sheet.get("name")), cells


def test_the_report_as_a_workbook_holds_numbers_excel_can_sum(
    hq_day: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, branch = hq_day
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    config = _config(tmp_path, url, branch)
    out_file = tmp_path / "kpi.xlsx"

    code, text = _kpi(config, "--by", "type", "--format", "xlsx", "--out", str(out_file))

    assert (code, text) == (EXIT_OK, "")
    code, csv_text = _kpi(config, "--by", "type", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(csv_text)))
    name, cells = _first_sheet(out_file)
    assert name == f"KPI {DAY.isoformat()}..{DAY.isoformat()}"
    assert (cells["A1"], cells["B1"], cells["C1"], cells["F1"]) == (
        "business type", "arrivals", "served", "90% wait (s)"
    )  # fmt: skip
    # One row per business type as in the CSV, each figure a number in the workbook.
    assert len([ref for ref in cells if ref.startswith("A")]) == len(table) + 1
    column = [cells[f"B{n}"] for n in range(2, len(table) + 2)]
    arrivals = [value for value in column if isinstance(value, float)]
    assert len(arrivals) == len(column)
    assert sum(arrivals) == sum(int(r["arrivals"]) for r in table)
    assert arrivals == [float(r["arrivals"]) for r in table]


def test_a_workbook_needs_a_file_and_a_file_that_cannot_be_written_is_refused(
    hq_day: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, branch = hq_day
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    config = _config(tmp_path, url, branch)

    assert _kpi(config, "--format", "xlsx") == (EXIT_USAGE, "")
    assert (
        "--format xlsx writes a workbook: name the file with --out FILE" in capsys.readouterr().err
    )

    for format_ in ("xlsx", "csv"):
        missing = tmp_path / "no such folder" / f"kpi.{format_}"
        assert _kpi(config, "--format", format_, "--out", str(missing)) == (EXIT_USAGE, "")
        assert f"Cannot write {missing}: the folder does not exist" in capsys.readouterr().err
    assert not (tmp_path / "no such folder").exists()


def test_without_head_office_or_with_the_period_reversed_the_report_refuses(
    tmp_path: Path,
) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text("", encoding="utf-8")
    code, text = _kpi(str(bare))
    assert (code, text) == (EXIT_USAGE, "")
    out = io.StringIO()
    config = _config(tmp_path, "postgresql://postgres@127.0.0.1:5432/none", "BJ0101")
    assert main(["--config", config, "report", "kpi", "--from", "2026-11-30", "--to",
                 "2026-11-01"], out) == EXIT_USAGE  # fmt: skip


def test_the_table_heads_every_column_in_the_desks_language(
    hq_day: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, branch = hq_day
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    config = tmp_path / "config.toml"
    config.write_text(
        f'language = "zh_CN"\n[branch]\ncode = "{branch}"\n[hq]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    for by, heading in (("teller", "柜员"), ("type", "业务类型"), ("hour", "时段")):
        code, text = _kpi(str(config), "--by", by)
        assert code == EXIT_OK
        assert text.splitlines()[0].split()[:2] == [heading, "到达"], text  # the column heads
        code, text = _kpi(str(config), "--by", by, "--format", "csv")
        assert text.lstrip("\ufeff").startswith(f"{by},arrivals,")  # the keys stay the same


def test_every_dimension_has_a_heading() -> None:
    assert set(DIMENSION_HEADINGS) == {dim.value for dim in By}
