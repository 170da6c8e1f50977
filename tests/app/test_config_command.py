"""``counterdesk config show|check|set``: checked as the loader checks, comments kept."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest

from counterdesk.app.cli import main
from counterdesk.app.config import ConfigError, config_from_data, load_config
from counterdesk.app.config_file import value_problem, write_values
from counterdesk.app.paths import SITE_CONFIG_ENV, default_config_file

HAND_WRITTEN = """\
# Counter 3 at Chaoyang, set up by IT on 2026-11-30.
role = "teller"   # the teller's PC

[branch]
code = "BJ0101"
name = "Chaoyang Sub-branch 朝阳支行"

[counter]
# the third counter from the door
number = 3
serves = ["A", "B"]   # deposits first
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_set_writes_the_value_and_keeps_every_comment_and_key(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chmod(config_file, 0o600)
    code, out, _ = _run(
        capsys, "--config", str(config_file), "config", "set", "counter.number", "7"
    )
    assert (code, out) == (0, f"{config_file}: counter.number = 7\n")
    assert config_file.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        "number = 3", "number = 7"
    )
    code, out, _ = _run(capsys, "--config", str(config_file), "config", "set", "hq.url",
                        "postgresql://branch_bj0101@hq/counterdesk")  # fmt: skip
    assert code == 0
    code, out, _ = _run(capsys, "--config", str(config_file), "config", "set", "language", "zh_CN")
    assert code == 0
    # A new plain key goes with the others, ahead of the tables; a new table at the end.
    assert config_file.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        "number = 3", "number = 7"
    ).replace("PC\n", 'PC\nlanguage = "zh_CN"\n') + (
        '\n[hq]\nurl = "postgresql://branch_bj0101@hq/counterdesk"\n'
    )
    config = load_config(config_file)
    assert (config.counter_number, config.language, config.hq_url) == (
        7, "zh_CN", "postgresql://branch_bj0101@hq/counterdesk",
    )  # fmt: skip
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600  # the file's mode is kept
    assert sorted(p.name for p in config_file.parent.iterdir()) == ["config.toml"]  # no temp
    assert _run(capsys, "--config", str(config_file), "config", "check") == (
        0, f"{config_file}: ok\n", "",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("counter.colour", "red", "Unknown key 'counter.colour'"),
        ("counter.number", "0", "key 'counter.number': must be a whole number from 1 to 999"),
        ("counter.number", "three", "must be a whole number, got 'three'"),
        ("counter.serves", "A,ZZZ", "unknown business type 'ZZZ'"),
        ("role", "cashier", "must be one of teller, kiosk, display, manager"),
        ("queue.url", "postgresql://teller@10.0.0.5/", "names no database"),
        ("screens.customer", "100", "at most 99"),
        ("display.mark_over_target", "yes", "must be true or false, got 'yes'"),
    ],
)
def test_set_refuses_a_bad_value_or_unknown_key_and_writes_nothing(
    config_file: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, says: str
) -> None:
    before = config_file.read_bytes()
    code, out, err = _run(capsys, "--config", str(config_file), "config", "set", key, value)
    assert (code, out) == (2, "")
    assert says in err
    assert len(err.splitlines()) == 1
    assert config_file.read_bytes() == before


def test_set_creates_the_users_file_and_system_writes_the_system_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = default_config_file()
    assert not user.exists()
    assert _run(capsys, "config", "set", "counter.serves", "DEP,WDR")[0] == 0
    assert load_config().serves == ("DEP", "WDR")
    assert user.read_text(encoding="utf-8") == '[counter]\nserves = ["DEP", "WDR"]\n'
    system = tmp_path / "etc" / "counterdesk" / "config.toml"
    monkeypatch.setenv(SITE_CONFIG_ENV, str(system))
    assert _run(capsys, "config", "set", "--system", "role", "kiosk")[0] == 0
    assert system.read_text(encoding="utf-8") == 'role = "kiosk"\n'
    assert "role" not in user.read_text(encoding="utf-8")  # the user's file is left alone


def test_check_names_every_problem_on_a_line_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'role = "cashier"\ncolour = 1\n[counter]\nnumber = -3\nserves = ["ZZZ"]\n'
        '[queue]\nurl = "postgresql://t@127.0.0.1:99999/b"\n',
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "--config", str(path), "config", "check")
    assert code == 1
    lines = out.splitlines()
    assert [line.split("'")[1] for line in lines] == [
        "role", "colour", "counter.number", "counter.serves", "queue.url",
    ]  # fmt: skip
    assert all(line.startswith(f"{path}: key '") for line in lines)
    # The program refuses the same file, at the first of those problems.
    code, _, err = _run(capsys, "--config", str(path), "queue", "status")
    assert code == 2
    assert "key 'colour'" in err  # (unknown keys first)


def test_check_without_a_file_says_defaults_apply(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "config", "check")
    assert code == 0
    assert "defaults apply" in out


def test_show_prints_the_effective_config_with_defaults_marked_and_no_password(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with config_file.open("a", encoding="utf-8") as handle:
        handle.write('[queue]\nurl = "postgresql://teller:s3cret@10.0.0.5/branch"\n')
    code, out, _ = _run(capsys, "--config", str(config_file), "config", "show")
    assert code == 0
    assert "s3cret" not in out
    lines = out.splitlines()
    assert f"# config file: {config_file}" in lines
    assert 'queue.url = "postgresql://teller:***@10.0.0.5/branch"' in lines
    assert "counter.number = 3" in lines
    assert 'counter.serves = ["A", "B"]' in lines
    assert 'branch.name = "Chaoyang Sub-branch 朝阳支行"' in lines
    assert 'language = "en"  # default' in lines
    assert 'hq.sync_at = "02:00"  # default' in lines
    # What it prints, defaults and all, is a config the loader reads back the same.
    shown = tomllib.loads("\n".join(line for line in lines if not line.startswith("#")))
    assert shown["counter"] == {"number": 3, "serves": ["A", "B"]}


def test_show_names_the_site_file_and_the_users_and_marks_what_either_sets(
    config_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = tmp_path / "site.toml"
    site.write_text('[hq]\nsync_at = "03:30"\n', encoding="utf-8")
    monkeypatch.setenv(SITE_CONFIG_ENV, str(site))
    code, out, _ = _run(capsys, "--config", str(config_file), "config", "show")
    assert code == 0
    lines = out.splitlines()
    assert f"# config file: {site} + {config_file}" in lines
    # The site-wide file's key is set, not a default; the user's keys too.
    assert 'hq.sync_at = "03:30"' in lines
    assert "counter.number = 3" in lines


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("counter.number", 1), ("counter.number", 999), ("counter.number", 1000),
        ("counter.number", True), ("counter.number", "3"), ("journal.keep_days", 6),
        ("journal.keep_days", 90), ("hq.sync_at", "7:05"), ("hq.sync_at", "24:00"),
        ("screens.customer", -1), ("screens.customer", "HDMI-1"), ("kiosk.printer", "system"),
        ("kiosk.printer", "escpos-usb://0:0"), ("kiosk.hours", "08:30-17:00"),
        ("kiosk.hours", "late"), ("display.voice", ["en"]), ("display.voice", "en"),
        ("queue.close_at", "19:00"), ("queue.close_at", "7pm"), ("branch.code", "BJ 01"),
        ("queue.url", "sqlite:///q.db"), ("queue.url", "file:q.db"),
        ("display.mark_over_target", True), ("display.mark_over_target", "yes"),
    ],
)  # fmt: skip
def test_one_value_is_judged_exactly_as_the_loader_judges_it(key: str, value: Any) -> None:
    table, _, sub = key.rpartition(".")
    try:
        config_from_data({table: {sub: value}}, Path("c.toml"))
        loader = ""
    except ConfigError as exc:
        loader = exc.problem
    assert value_problem(key, value) == loader


def test_write_values_checks_all_before_writing_any(config_file: Path) -> None:
    before = config_file.read_bytes()
    with pytest.raises(ConfigError, match=r"counter\.number"):
        write_values(config_file, {"role": "kiosk", "counter.number": 0})
    assert config_file.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        'counter.number = 3\ncounter.serves = ["A"]  # dotted keys\n',
        'counter = { number = 3, serves = ["A"] }  # an inline table\n',
        '[counter]\nnumber = 3\n[queue]\nurl = ""\n[counter.extra]\n',
    ],
)
def test_set_edits_a_table_however_the_file_writes_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    write_values(path, {"counter.number": 5})
    assert path.read_text(encoding="utf-8") == text.replace("number = 3", "number = 5")


def test_set_refuses_a_table_written_as_a_value(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("counter = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a table; nothing written"):
        write_values(path, {"counter.number": 5})
    assert path.read_text(encoding="utf-8") == "counter = 3\n"


def test_set_takes_true_or_false_for_the_display_marks(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "--config", str(config_file), "config", "set", "display.mark_over_target", "true"
    )
    assert (code, out) == (0, f"{config_file}: display.mark_over_target = true\n")
    assert "mark_over_target = true" in config_file.read_text(encoding="utf-8")
