"""What the command line changed is in the data folder's log: what, who, how it ended."""

from __future__ import annotations

import getpass
import re
from pathlib import Path

import pytest

from counterdesk.app.cli import build_parser
from counterdesk.app.cli_log import READ_ONLY, redact
from tests.app.test_cli import run
from tests.app.test_cli_hostile import _leaf_commands

LINE = re.compile(
    r"^\S+ \S+ (?P<level>[A-Z]+) counterdesk\.cli: command line \((?P<who>[^)]*)\): (?P<rest>.*)$"
)


def cli_lines(data: Path) -> list[re.Match[str]]:
    log = data / "logs" / "counterdesk.log"
    if not log.exists():
        return []
    found = (LINE.match(line) for line in log.read_text(encoding="utf-8").splitlines())
    return [m for m in found if m]


def test_changes_are_logged_with_who_and_outcome_and_reads_are_not(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("staff", "add", "1001", "--name", "Li Na", "--role", "teller", data=data,
               stdin="1357\n").returncode == 0  # fmt: skip
    assert run("queue", "issue", "DEP", data=data).returncode == 0
    assert run("queue", "status", data=data).returncode == 0
    assert run("staff", "list", data=data).returncode == 0
    refused = run("staff", "disable", "9999", data=data)
    assert refused.returncode == 1

    lines = cli_lines(data)
    assert [m["rest"] for m in lines] == [
        "counterdesk staff add 1001 --name 'Li Na' --role teller: done",
        "counterdesk queue issue DEP: done",
        # The refusal the operator saw, word for word.
        "counterdesk staff disable 9999: exit 1: " + refused.stderr.split(": ", 1)[1].strip(),
    ]
    assert "9999" in refused.stderr
    assert {m["who"] for m in lines} == {getpass.getuser()}
    assert [m["level"] for m in lines] == ["INFO", "INFO", "WARNING"]


def test_what_the_layers_logged_comes_before_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("staff", "add", "1001", "--name", "Li Na", "--role", "teller", data=data,
               stdin="1357\n").returncode == 0  # fmt: skip
    text = (data / "logs" / "counterdesk.log").read_text(encoding="utf-8")
    # The new journal was created and migrated by this command: that story is in the log too.
    assert text.index("migrated to version 1") < text.index("command line (")


def test_a_password_in_a_url_never_reaches_the_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    config = tmp_path / "config.toml"
    config.write_text('role = "teller"\n', encoding="utf-8")
    changed = run("config", "set", "hq.url", "postgresql://hq:s3cret-pw@10.0.0.9/hq",
                  data=data, config=config)  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    text = (data / "logs" / "counterdesk.log").read_text(encoding="utf-8")
    assert "s3cret-pw" not in text
    assert "config set hq.url postgresql://hq:***@10.0.0.9/hq: done" in text


def test_a_refusal_before_the_data_folder_exists_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    refused = run("staff", "add", "abc", "--name", "X", "--role", "teller", data=data, stdin="")
    assert refused.returncode == 1
    assert "'abc'" in refused.stderr
    assert not data.exists()


def test_every_read_only_command_exists() -> None:
    # A renamed reading command would otherwise start logging (or a new one stay unlisted).
    assert _leaf_commands(build_parser()) >= READ_ONLY


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["hq", "init", "postgresql://admin:pw@h/hq"], "hq init postgresql://admin:***@h/hq"),
        (["x", "--password", "pw"], "x --password ***"),
        (["x", "--password=pw"], "x --password=***"),
        (["staff", "add", "1001", "--name", "Wang Fang"], "staff add 1001 --name 'Wang Fang'"),
        (["queue", "init", "postgresql://q@h/db"], "queue init postgresql://q@h/db"),
    ],
)
def test_the_command_line_as_the_log_shows_it(argv: list[str], shown: str) -> None:
    assert redact(argv) == shown
