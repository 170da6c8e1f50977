"""``counterdesk report staffing`` as a manager runs it: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Call Centre Helper's worked example (see tests/core/test_staffing.py): 100 calls per half hour,
# 180 s each, 80% within 20 s -> 14 agents, 88.8%.
EXAMPLE = (
    "--arrivals-per-hour", "200", "--service-seconds", "180", "--target-seconds", "20",
)  # fmt: skip


def staffing(
    *args: str, data: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COUNTERDESK_DATA_DIR": str(data), **(env or {})}
    environment.pop("COUNTERDESK_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "counterdesk", "report", "staffing", *args],
        capture_output=True, text=True, env=environment, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_worked_example_gives_fourteen_counters(tmp_path: Path) -> None:
    result = staffing(*EXAMPLE, "--level", "0.8", data=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Offered load: 10.00 Erlangs (200 arrivals per hour, 180 s per service)" in lines
    assert "Erlang C (nobody walks away):" in lines
    assert "  counters needed: 14" in lines
    assert "  service level: 88.8% called within 20 s" in lines
    assert "  mean wait: 7.8 s" in lines
    assert "  customers who wait: 17.4%" in lines
    assert "  occupancy of the counters: 71.4%" in lines
    assert not any("Erlang A" in line for line in lines)
    # A calculator: no journal, no data folder written.
    assert list(tmp_path.iterdir()) == []


def test_a_percentage_is_the_same_level(tmp_path: Path) -> None:
    fraction = as_json(staffing(*EXAMPLE, "--level", "0.8", "--json", data=tmp_path))
    percent = as_json(staffing(*EXAMPLE, "--level", "80", "--json", data=tmp_path))
    assert fraction == percent
    assert fraction["level"] == 0.8
    assert fraction["load_erlangs"] == pytest.approx(10.0)
    assert fraction["erlang_c"]["counters"] == 14
    assert fraction["erlang_c"]["service_level"] == pytest.approx(0.88835, abs=1e-5)
    assert fraction["erlang_a"] is None


def test_patience_adds_the_erlang_a_figures(tmp_path: Path) -> None:
    args = (*EXAMPLE, "--level", "0.8", "--patience-seconds", "300")
    data = as_json(staffing(*args, "--json", data=tmp_path))
    erlang_c, erlang_a = data["erlang_c"], data["erlang_a"]
    assert erlang_c["counters"] == 14
    # Customers who walk away shorten the queue: fewer counters reach the same level.
    assert erlang_a["counters"] == 13
    assert erlang_a["service_level"] >= 0.8
    assert 0 < erlang_a["p_abandon"] < erlang_a["p_wait"] < 1
    text = staffing(*args, data=tmp_path)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert "Erlang A (customers walk away after 300 s on average):" in lines
    assert lines.count("  counters needed: 13") == 1
    assert any(line.startswith("  customers who walk away: ") for line in lines)


def test_nobody_arriving_needs_no_counter(tmp_path: Path) -> None:
    result = staffing(
        "--arrivals-per-hour", "0", "--service-seconds", "300", "--target-seconds", "600",
        "--level", "90", "--patience-seconds", "900", "--json", data=tmp_path,
    )  # fmt: skip
    data = as_json(result)
    assert data["erlang_c"]["counters"] == 0
    assert data["erlang_a"]["counters"] == 0
    assert data["erlang_c"]["service_level"] == 1.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--arrivals-per-hour", "-5"), "arrivals per hour must be 0 or more, not -5.0"),
        (("--service-seconds", "0"), "the service time must be at least 1 second, not 0.0"),
        (("--target-seconds", "-1"), "the target wait must be 0 seconds or more, not -1.0"),
        (("--level", "0"), "the service level must be above 0 and at most 1"),
        (("--level", "101"), "the service level must be above 0 and at most 1"),
        (("--level", "-0.8"), "the service level must be above 0 and at most 1"),
        (("--patience-seconds", "0"), "the mean patience must be between 1 and 1000000 seconds"),
        (("--service-seconds", "nan"), "the service time must be at least 1 second, not nan"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    values = {
        "--arrivals-per-hour": "200", "--service-seconds": "180", "--target-seconds": "20",
        "--level": "0.8",
    }  # fmt: skip
    values[change[0]] = change[1]
    args = [part for pair in values.items() for part in pair]
    result = staffing(*args, data=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    # The refusal reads as a sentence: its first word capitalised.
    assert lines[0].startswith(f"counterdesk: {message[0].upper()}{message[1:]}")


def test_a_number_that_is_not_one_is_a_usage_error(tmp_path: Path) -> None:
    result = staffing(*EXAMPLE, "--level", "eighty", data=tmp_path)
    assert result.returncode == 2
    assert "--level" in result.stderr


def test_a_target_no_branch_can_meet_is_refused(tmp_path: Path) -> None:
    result = staffing(
        "--arrivals-per-hour", "1e9", "--service-seconds", "300", "--target-seconds", "20",
        "--level", "0.8", data=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("counterdesk: More than 10000 counters would be needed")


def test_refusals_and_figures_go_through_the_translations(tmp_path: Path) -> None:
    """Pseudo-localisation replaces every translated text: nothing is left in plain English."""
    pseudo = {"COUNTERDESK_PSEUDO_L10N": "1"}
    refused = staffing(*EXAMPLE, "--level", "0", data=tmp_path, env=pseudo)
    assert refused.returncode == 2
    assert "service level" not in refused.stderr
    assert "šéŕṽîçé ļéṽéļ" in refused.stderr
    shown = staffing(*EXAMPLE, "--level", "0.8", data=tmp_path, env=pseudo)
    assert shown.returncode == 0, shown.stderr
    assert "counters needed" not in shown.stdout
    assert "14" in shown.stdout


def test_a_period_and_the_calculator_exclude_each_other(tmp_path: Path) -> None:
    both = staffing(*EXAMPLE, "--from", "2026-11-02", "--to", "2026-11-29", data=tmp_path)
    assert both.returncode == 2
    assert "not both" in both.stderr
    neither = staffing(data=tmp_path)
    assert neither.returncode == 2
    assert "--from DATE --to DATE" in neither.stderr
    half = staffing("--from", "2026-11-02", data=tmp_path)
    assert half.returncode == 2
    assert "needs both --from and --to" in half.stderr
    reversed_period = staffing("--from", "2026-11-29", "--to", "2026-11-02", data=tmp_path)
    assert reversed_period.returncode == 2
    assert "The period ends (2026-11-02) before it starts" in reversed_period.stderr


def test_a_period_without_customers_on_this_pc_plans_nothing(tmp_path: Path) -> None:
    period = ("--from", "2026-11-02", "--to", "2026-11-29", "--zone", "Asia/Shanghai")
    text = staffing(*period, data=tmp_path)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == (
        "Counters needed at BR0001, from the business days 2026-11-02 to 2026-11-29 "
        "(this PC's own queue and journal)"
    )
    assert lines[-1] == "No customers arrived in the period."
    data = as_json(staffing(*period, "--level", "90", "--json", data=tmp_path))
    assert (data["source"], data["level"], data["hours"], data["weekdays"]) == (
        "this PC",
        0.9,
        [],
        [],
    )
