from __future__ import annotations

import os
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from counterdesk.app.config import ConfigError, load_config, parse_config

#: An environment without the machine's site-wide file (/etc/counterdesk/config.toml).
NO_SITE = {"COUNTERDESK_SITE_CONFIG": ""}

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
    config = load_config(None, env=NO_SITE)
    assert config.source is None
    assert config.journal_file == tmp_path / "data" / "counterdesk.db"
    assert config.serves == ()


def test_lookup_order_is_option_then_environment_then_platform(tmp_path: Path) -> None:
    option = tmp_path / "option.toml"
    option.write_text('language = "en"\n')
    named = tmp_path / "env.toml"
    named.write_text('language = "zh_CN"\n')
    env = {"COUNTERDESK_CONFIG": str(named), **NO_SITE}
    assert load_config(option, env).source == option
    assert load_config(None, env).source == named
    platform = Path.home() / ".config" / "counterdesk" / "config.toml"
    platform.parent.mkdir(parents=True)
    platform.write_text('role = "kiosk"\n')
    assert load_config(None, NO_SITE).role == "kiosk"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'role = "cashier"',
            "key 'role': must be one of teller, kiosk, display, manager, got 'cashier'",
        ),
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
        (
            '[display]\nmark_over_target = "yes"',
            "key 'display.mark_over_target': must be true or false",
        ),
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
        load_config(tmp_path / "nope.toml", NO_SITE)
    with pytest.raises(ConfigError, match="named by COUNTERDESK_CONFIG"):
        load_config(None, {"COUNTERDESK_CONFIG": str(tmp_path / "nope.toml"), **NO_SITE})


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


# -- the site-wide file (/etc/counterdesk/config.toml) under the user's ---------------------


def _site_and_user(tmp_path: Path, site_text: str, user_text: str) -> tuple[Path, Path, Path]:
    site = tmp_path / "etc" / "config.toml"
    site.parent.mkdir()
    site.write_text(site_text, encoding="utf-8")
    user = Path.home() / ".config" / "counterdesk" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text(user_text, encoding="utf-8")
    return site, user, tmp_path


SITE = """
language = "zh_CN"
[branch]
code = "BJ0101"
name = "Chaoyang Sub-branch"
[queue]
url = "postgresql://counterdesk@branch-server/counterdesk"
[hq]
sync_at = "03:30"
"""


def test_the_users_file_overrides_the_site_wide_one_key_by_key(tmp_path: Path) -> None:
    site, user, _ = _site_and_user(
        tmp_path,
        SITE,
        'role = "kiosk"\n[branch]\nname = "Chaoyang Lobby"\n[hq]\nsync_at = "01:00"\n',
    )
    config = load_config(None, {"COUNTERDESK_SITE_CONFIG": str(site)})
    assert config.sources == (site, user)
    assert config.source == user
    assert config.role == "kiosk"  # only the user's file says it
    assert config.language == "zh_CN"  # only the site-wide file says it
    # [branch]: the user's name replaces the site's, the site's code stays.
    assert (config.branch_code, config.branch_name) == ("BJ0101", "Chaoyang Lobby")
    assert config.queue_url == "postgresql://counterdesk@branch-server/counterdesk"
    assert config.sync_at == time(1, 0)


def test_the_site_wide_file_alone_is_the_configuration(tmp_path: Path) -> None:
    site = tmp_path / "config.toml"
    site.write_text(SITE, encoding="utf-8")
    config = load_config(None, {"COUNTERDESK_SITE_CONFIG": str(site)})
    assert (config.source, config.sources) == (site, (site,))
    assert (config.language, config.branch_code, config.sync_at) == ("zh_CN", "BJ0101", time(3, 30))


def test_option_and_environment_files_also_override_the_site_wide_one(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    option = tmp_path / "option.toml"
    option.write_text("[counter]\nnumber = 7\n", encoding="utf-8")
    named = tmp_path / "env.toml"
    named.write_text('language = "en"\n', encoding="utf-8")
    env = {"COUNTERDESK_SITE_CONFIG": str(site), "COUNTERDESK_CONFIG": str(named)}
    by_option = load_config(option, env)
    assert (by_option.counter_number, by_option.language) == (7, "zh_CN")
    assert by_option.sources == (site, option)
    by_env = load_config(None, env)
    assert (by_env.language, by_env.branch_code) == ("en", "BJ0101")
    # A named file that is missing is still an error, site-wide file or not.
    with pytest.raises(ConfigError, match="given with --config"):
        load_config(tmp_path / "nope.toml", env)


@pytest.mark.parametrize(
    ("site_text", "user_text", "culprit", "message"),
    [
        ('role = "cashier"\n', 'language = "en"\n', "site", "key 'role': must be one of"),
        ('language = "en"\n', "[counter]\nnumber = 0\n", "user", "key 'counter.number'"),
        ("[branch]\ncolour = 1\n", "", "site", "key 'branch.colour': unknown key"),
        ("", "[queue]\nurl = 3\n", "user", "key 'queue.url': must be text"),
        ("role = \n", "", "site", "not valid TOML"),
        ("", "[hq\n", "user", "not valid TOML"),
    ],
)
def test_errors_name_the_file_the_bad_key_comes_from(
    tmp_path: Path, site_text: str, user_text: str, culprit: str, message: str
) -> None:
    site, user, _ = _site_and_user(tmp_path, site_text, user_text)
    with pytest.raises(ConfigError) as caught:
        load_config(None, {"COUNTERDESK_SITE_CONFIG": str(site)})
    assert str(caught.value).startswith(f"{site if culprit == 'site' else user}: ")
    assert message in str(caught.value)


def test_a_bad_site_wide_value_the_user_overrides_is_not_used(tmp_path: Path) -> None:
    site, _, _ = _site_and_user(tmp_path, 'role = "cashier"\n', 'role = "display"\n')
    assert load_config(None, {"COUNTERDESK_SITE_CONFIG": str(site)}).role == "display"


def test_the_site_wide_file_is_etc_counterdesk_on_linux_and_optional(tmp_path: Path) -> None:
    from counterdesk.app.paths import site_config_file

    if sys.platform.startswith("linux"):
        assert site_config_file({}) == Path("/etc/counterdesk/config.toml")
    assert site_config_file({"COUNTERDESK_SITE_CONFIG": ""}) is None
    missing = tmp_path / "absent.toml"
    config = load_config(None, {"COUNTERDESK_SITE_CONFIG": str(missing)})
    assert (config.source, config.sources) == (None, ())


def test_the_program_reads_the_site_wide_file_before_the_users(tmp_path: Path) -> None:
    """The real command line: the journal the site names, a bad site value named with its file."""
    site = tmp_path / "site.toml"
    site.write_text('[journal]\npath = "site-journal.db"\n', encoding="utf-8")
    option = tmp_path / "mine.toml"
    option.write_text("[counter]\nnumber = 9\n", encoding="utf-8")

    def program(*args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "COUNTERDESK_SITE_CONFIG": str(site),
            "COUNTERDESK_DATA_DIR": str(tmp_path),
        }
        return subprocess.run(
            [sys.executable, "-m", "counterdesk", "--config", str(option), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    done = program("db", "check")
    assert f"{tmp_path / 'site-journal.db'}: no journal file yet" in done.stderr
    site.write_text("[journal]\nkeep_days = 1\n", encoding="utf-8")
    done = program("db", "check")
    assert done.returncode != 0
    assert f"{site}: key 'journal.keep_days'" in done.stderr


def test_over_target_marks_on_the_lobby_display_are_off_unless_set(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert parse_config("", path).mark_over_target is False
    assert parse_config("[display]\nmark_over_target = true", path).mark_over_target is True
