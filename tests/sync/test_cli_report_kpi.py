"""``counterdesk report kpi``: head office's figures of a period on the screen, in CSV and JSON."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hq_helpers import RoleNames
from kpi_day_helpers import DAY, PASSWORD, ZONE, serve_and_push

from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_OK, EXIT_USAGE
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
