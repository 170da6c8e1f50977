from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from counterdesk.app.config import ConfigError, load_config, parse_config

DESIGN_EXAMPLE = """
role = "teller"
language = "zh_CN"
[branch]
code = "BJ0101"
name = "Chaoyang Sub-branch"
[counter]
number = 3
serves = ["A", "B"]
[journal]
path = "counterdesk.db"
[queue]
url = ""
[hq]
url = ""
sync_at = "02:00"
[screens]
customer = "auto"
"""


def test_the_design_example_reads_as_written(tmp_path: Path) -> None:
    config = parse_config(DESIGN_EXAMPLE, tmp_path / "config.toml")
    assert config.role == "teller"
    assert config.language == "zh_CN"
    assert (config.branch_code, config.counter_number, config.serves) == ("BJ0101", 3, ("A", "B"))
    assert config.sync_at == time(2, 0)
    assert config.journal_file == config.data_dir / "counterdesk.db"
    assert config.queue_file == config.journal_file


def test_no_file_gives_defaults_in_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COUNTERDESK_DATA_DIR", str(tmp_path / "data"))
    config = load_config(None, env={})
    assert config.source is None
    assert config.journal_file == tmp_path / "data" / "counterdesk.db"
    assert config.serves == ()


def test_lookup_order_is_option_then_environment_then_platform(tmp_path: Path) -> None:
    option = tmp_path / "option.toml"
    option.write_text('language = "en"\n')
    named = tmp_path / "env.toml"
    named.write_text('language = "zh_CN"\n')
    env = {"COUNTERDESK_CONFIG": str(named)}
    assert load_config(option, env).source == option
    assert load_config(None, env).source == named
    platform = Path.home() / ".config" / "counterdesk" / "config.toml"
    platform.parent.mkdir(parents=True)
    platform.write_text('role = "kiosk"\n')
    assert load_config(None, {}).role == "kiosk"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('role = "cashier"', "key 'role': must be one of teller, kiosk, display, got 'cashier'"),
        ("[counter]\nnumber = 0", "key 'counter.number': must be a whole number from 1 to 999"),
        ('[counter]\nnumber = "3"', "key 'counter.number': must be a whole number"),
        ("[counter]\nserves = 'A'", "key 'counter.serves': must be a list"),
        ("[counter]\nnumbr = 3", "key 'counter.numbr': unknown key (known in [counter]: number"),
        ("colour = 1", "key 'colour': unknown key"),
        ('[hq]\nsync_at = "25:00"', "key 'hq.sync_at': must be a local time HH:MM"),
        ('[queue]\nurl = "mysql://x"', "key 'queue.url': must be empty, sqlite:///PATH"),
        ('[hq]\nurl = "http://hq"', "key 'hq.url': must be empty or postgresql://"),
        ("branch = 3", "key 'branch': must be a table"),
        ("[screens]\ncustomer = -1", "key 'screens.customer': a screen index cannot be negative"),
        ("role = ", "not valid TOML"),
        ("[journal]\nkeep_days = 6", "key 'journal.keep_days': must be a whole number of days"),
        ("[journal]\nkeep_days = 3651", "key 'journal.keep_days': must be a whole number of days"),
        ("[journal]\nkeep_days = 30.5", "from 7 to 3650, got 30.5"),
        ('[journal]\nkeep_days = "90"', "key 'journal.keep_days': must be a whole number"),
        ("[journal]\nkeep_days = true", "key 'journal.keep_days': must be a whole number"),
    ],
)
def test_bad_values_name_the_key_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as caught:
        parse_config(text, path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_missing_named_files_are_errors_not_defaults(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found \\(given with --config\\)"):
        load_config(tmp_path / "nope.toml", {})
    with pytest.raises(ConfigError, match="named by COUNTERDESK_CONFIG"):
        load_config(None, {"COUNTERDESK_CONFIG": str(tmp_path / "nope.toml")})


def test_sqlite_queue_url_is_resolved_in_the_data_dir(tmp_path: Path) -> None:
    config = parse_config('[queue]\nurl = "sqlite:///branch-queue.db"', tmp_path / "c.toml")
    assert config.queue_file == config.data_dir / "branch-queue.db"
    pg = parse_config('[queue]\nurl = "postgresql://counter@branch-server/queue"', tmp_path / "c")
    assert pg.queue_file is None


def test_close_at_is_a_local_time_and_empty_means_never(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert parse_config('[queue]\nclose_at = "19:00"', path).close_at == time(19, 0)
    assert parse_config('[queue]\nclose_at = "7:30"', path).close_at == time(7, 30)
    assert parse_config('[queue]\nclose_at = ""', path).close_at is None
    assert parse_config("", path).close_at is None
    assert parse_config(DESIGN_EXAMPLE, path).close_at is None


@pytest.mark.parametrize("value", ['"24:00"', '"19:60"', '"7pm"', '"19"', "1900", "19:00:00"])
def test_bad_close_at_names_the_key(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as caught:
        parse_config(f"[queue]\nclose_at = {value}", path)
    message = str(caught.value)
    assert message.startswith(f"{path}: key 'queue.close_at': ")
    assert "HH:MM" in message or "must be text" in message


@pytest.mark.parametrize(
    "nested",
    ["deep = " + "[" * 5000 + "]" * 5000, "deep = " + "{a = " * 3000 + "1" + "}" * 3000],
    ids=["arrays", "inline tables"],
)
def test_deeply_nested_toml_is_a_config_error(tmp_path: Path, nested: str) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as caught:
        parse_config(nested, path)
    assert str(caught.value) == f"{path}: not valid TOML: tables or arrays nested too deeply"


def test_keep_days_defaults_to_ninety_and_takes_whole_days_from_7_to_3650(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert parse_config("", path).keep_days == 90
    assert parse_config(DESIGN_EXAMPLE, path).keep_days == 90
    assert parse_config("[journal]\nkeep_days = 7", path).keep_days == 7
    assert parse_config("[journal]\nkeep_days = 3650", path).keep_days == 3650
