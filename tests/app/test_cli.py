"""The command line as an operator runs it: a real process, real files."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counterdesk import __version__

ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, data: Path, config: Path | None = None, pin: str | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTERDESK_DATA_DIR": str(data)}
    env.pop("COUNTERDESK_CONFIG", None)
    env.pop("COUNTERDESK_PIN", None)
    if pin is not None:
        env["COUNTERDESK_PIN"] = pin
    cmd = [sys.executable, "-m", "counterdesk"]
    if config is not None:
        cmd += ["--config", str(config)]
    return subprocess.run(
        [*cmd, *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=60, check=False,
    )  # fmt: skip


TELLER, SUPERVISOR = ("1001", "1357"), ("2001", "2468")


def add_staff(data: Path, config: Path | None = None) -> None:
    """A teller and a lobby manager (supervisor), added through the command line."""
    for (staff_no, pin), role in ((TELLER, "teller"), (SUPERVISOR, "supervisor")):
        added = run(
            "staff", "add", staff_no, "--name", role, "--role", role,
            data=data, config=config, stdin=f"{pin}\n",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr


def call(counter: int | None, data: Path, config: Path | None = None, *extra: str) -> Any:
    where = ("--counter", str(counter)) if counter is not None else ()
    return run(
        "queue", "call", *where, "--staff", TELLER[0], *extra,
        data=data, config=config, pin=TELLER[1],
    )  # fmt: skip


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version(tmp_path: Path) -> None:
    result = run("--version", data=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"counterdesk {__version__}"


def test_issue_call_and_status_with_default_config(tmp_path: Path) -> None:
    add_staff(tmp_path)
    first = run("queue", "issue", "DEP", "--json", data=tmp_path)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["label"] == "A001"
    assert run("queue", "issue", "B", data=tmp_path).stdout.startswith("B001")
    green = run(
        "queue", "issue", "WDR", "--priority", "green", "--staff", SUPERVISOR[0], "--json",
        data=tmp_path, pin=SUPERVISOR[1],
    )  # fmt: skip
    assert green.returncode == 0, green.stderr
    assert json.loads(green.stdout)["priority"] == 2

    called = call(4, tmp_path, None, "--json")
    assert called.returncode == 0, called.stderr
    ticket = json.loads(called.stdout)
    assert (ticket["label"], ticket["counter"], ticket["reason"]) == ("B002", 4, "priority")
    assert ticket["staff_no"] == TELLER[0]

    status = json.loads(run("queue", "status", "--json", data=tmp_path).stdout)
    assert status["waiting"] == 2
    assert status["issued_today"] == 3
    assert (tmp_path / "counterdesk.db").is_file()


def _journal_rows(data: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data / "counterdesk.db") as db:
        return db.execute(sql).fetchall()


def test_a_priority_ticket_needs_the_lobby_manager_and_is_audited(tmp_path: Path) -> None:
    add_staff(tmp_path)
    bare = run("queue", "issue", "DEP", "--priority", "vip", data=tmp_path)
    assert bare.returncode == 2
    assert "--staff is needed: a vip ticket is issued by the lobby manager" in bare.stderr
    wrong = run(
        "queue", "issue", "DEP", "--priority", "vip", "--staff", SUPERVISOR[0],
        data=tmp_path, pin="0000",
    )  # fmt: skip
    assert wrong.returncode == 1
    assert wrong.stderr.count("\n") == 1, "one line"
    teller = run(
        "queue", "issue", "DEP", "--priority", "vip", "--staff", TELLER[0],
        data=tmp_path, pin=TELLER[1],
    )  # fmt: skip
    assert teller.returncode == 1
    assert f"staff {TELLER[0]} may not issue priority tickets" in teller.stderr
    # The PIN may come from the prompt (stdin here) instead of the environment.
    vip = run(
        "queue", "issue", "DEP", "--priority", "vip", "--staff", SUPERVISOR[0], "--json",
        data=tmp_path, stdin=f"{SUPERVISOR[1]}\n",
    )  # fmt: skip
    assert vip.returncode == 0, vip.stderr
    label = json.loads(vip.stdout)["label"]
    status = json.loads(run("queue", "status", "--json", data=tmp_path).stdout)
    assert status["issued_today"] == 1, "refused unlocks issued nothing"
    audit = _journal_rows(tmp_path, "SELECT actor, action, detail FROM audit_log ORDER BY at")
    assert (SUPERVISOR[0], "priority_ticket") in [(a, b) for a, b, _ in audit]
    assert json.loads(next(d for _, b, d in audit if b == "priority_ticket"))["ticket"] == label
    refused = [a for a, b, _ in audit if b == "priority_unlock_refused"]
    assert refused == [SUPERVISOR[0], TELLER[0]]


def test_a_call_signs_the_teller_in_and_journals_the_service(tmp_path: Path) -> None:
    add_staff(tmp_path)
    run("queue", "issue", "DEP", data=tmp_path)
    nobody = run("queue", "call", "--counter", "3", data=tmp_path)
    assert nobody.returncode == 2
    assert "--staff" in nobody.stderr
    wrong = run("queue", "call", "--counter", "3", "--staff", TELLER[0], data=tmp_path, pin="0000")
    assert wrong.returncode == 1
    assert _journal_rows(tmp_path, "SELECT count(*) FROM service") == [(0,)]
    assert json.loads(run("queue", "status", "--json", data=tmp_path).stdout)["waiting"] == 1

    called = call(3, tmp_path)
    assert called.returncode == 0, called.stderr
    assert called.stdout == "A001 to counter 3  (in_turn)\n"
    sessions = _journal_rows(tmp_path, "SELECT staff_no, counter FROM staff_session")
    assert sessions == [(TELLER[0], "3")]
    services = _journal_rows(tmp_path, "SELECT ticket_label, counter, staff_no, state FROM service")
    assert services == [("A001", "3", TELLER[0], "open")]
    again = call(3, tmp_path)
    assert again.returncode == 1
    assert "counter 3 is open: somebody is signed in there" in again.stderr


def test_unknown_type_and_priority_are_refused_clearly(tmp_path: Path) -> None:
    result = run("queue", "issue", "LOAN", data=tmp_path)
    assert result.returncode == 1
    assert "unknown business type 'LOAN'" in result.stderr
    result = run("queue", "issue", "DEP", "--priority", "urgent", data=tmp_path)
    assert result.returncode == 1
    assert "unknown priority level 'urgent'" in result.stderr


def test_invalid_config_names_the_key_and_touches_nothing(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[counter]\nnumber = -2\n")
    before = digest(config)
    data = tmp_path / "data"
    result = run("queue", "status", data=data, config=config)
    assert result.returncode == 2
    assert "key 'counter.number'" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(config) == before
    assert not data.exists()


def test_malformed_procedure_file_lists_problems_and_is_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "deposit.toml"
    bad.write_text('[procedure]\nbusiness_type = "DEP"\nversion = "one"\n[[steps]]\nid = "x"\n')
    before = digest(bad)
    result = run("procedures", "check", str(bad), data=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line]
    assert len(lines) >= 2
    assert all(line.startswith(str(bad)) for line in lines)
    assert digest(bad) == before


def test_procedures_check_names_the_file_and_step_of_each_bad_condition(tmp_path: Path) -> None:
    text = (ROOT / "resources" / "procedures" / "dep.toml").read_text(encoding="utf-8")
    bad = tmp_path / "dep.toml"
    bad.write_text(
        text.replace(
            'required_when = "count_cash >= 5000000"',
            "required_when = \"count_cash >= '50000' or nosuch == 1 or signature == 1\"",
        ),
        encoding="utf-8",
    )
    result = run("procedures", "check", str(bad), data=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(bad))]
    assert len(lines) == 3, result.stdout
    assert all("step 'source_of_funds': key 'required_when'" in line for line in lines)
    assert "compare it with a whole number" in lines[0]
    assert "'nosuch' is not a step of this procedure" in lines[1]
    assert "'signature' comes later" in lines[2]


def test_shipped_procedures_pass_the_check(tmp_path: Path) -> None:
    files = sorted(str(p) for p in (ROOT / "resources" / "procedures").glob("*.toml"))
    assert len(files) >= 8
    result = run("procedures", "check", *files, data=tmp_path)
    assert result.returncode == 0, result.stdout
    assert f"{len(files)} procedure file(s) OK" in result.stdout


def test_a_folder_of_procedures_counts_its_files(tmp_path: Path) -> None:
    folder = ROOT / "resources" / "procedures"
    files = list(folder.glob("*.toml"))
    result = run("procedures", "check", str(folder), data=tmp_path)
    assert result.returncode == 0, result.stdout
    assert f"{len(files)} procedure file(s) OK" in result.stdout


def test_a_folder_without_procedure_files_is_a_problem(tmp_path: Path) -> None:
    empty = tmp_path / "procedures"
    empty.mkdir()
    (empty / "README.md").write_text("no templates here\n")
    result = run("procedures", "check", str(empty), data=tmp_path)
    assert result.returncode == 1
    assert result.stdout == f"{empty}: no procedure files (*.toml)\n"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "dep.toml"
    os.mkfifo(fifo)
    result = run("procedures", "check", str(fifo), data=tmp_path)
    assert result.returncode == 1
    assert result.stdout == f"{fifo}: not a regular file\n"


def test_a_template_for_a_business_type_not_in_the_catalogue_is_refused(tmp_path: Path) -> None:
    shipped = (ROOT / "resources" / "procedures" / "dep.toml").read_text(encoding="utf-8")
    assert 'business_type = "DEP"' in shipped
    unknown = tmp_path / "zzz.toml"
    unknown.write_text(shipped.replace('business_type = "DEP"', 'business_type = "ZZZ"'))
    result = run("procedures", "check", str(unknown), data=tmp_path)
    assert result.returncode == 1
    line = next(
        n for n, text in enumerate(unknown.read_text().splitlines(), 1) if "business_type" in text
    )
    assert result.stdout == (
        f"{unknown}:{line}: key 'business_type': business type ZZZ is not in the catalogue\n"
    )


def test_corrupt_journal_is_reported_and_left_as_it_was(tmp_path: Path) -> None:
    journal = tmp_path / "counterdesk.db"
    journal.write_bytes(b"this is not a database, it is a teller's shopping list\n" * 100)
    before = digest(journal)
    for args in (("queue", "status"), ("db", "check"), ("db", "migrate")):
        result = run(*args, data=tmp_path)
        assert result.returncode in (1, 4), (args, result.stderr)
        assert str(journal) in result.stderr + result.stdout
        assert "Traceback" not in result.stderr
    assert digest(journal) == before


def test_db_check_backup_and_migrate_on_a_healthy_journal(tmp_path: Path) -> None:
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    check = run("db", "check", "--json", data=tmp_path)
    assert check.returncode == 0
    assert json.loads(check.stdout)["ok"] is True
    out = tmp_path / "copy" / "journal.db"
    out.parent.mkdir()  # the folder of --out must exist: it is never created
    backup = run("db", "backup", "--out", str(out), data=tmp_path)
    assert backup.returncode == 0, backup.stderr
    assert out.is_file()
    again = run("db", "backup", "--out", str(out), data=tmp_path)
    assert again.returncode != 0
    assert "exists" in again.stderr
    migrate = run("db", "migrate", data=tmp_path)
    assert migrate.returncode == 0
    assert "already at schema version" in migrate.stdout


@pytest.mark.parametrize("args", [("queue",), ("queue", "fly"), ("--role", "cashier")])
def test_bad_usage_exits_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert run(*args, data=tmp_path).returncode == 2


def test_demo_without_a_display_points_to_the_screenshot_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["COUNTERDESK_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "counterdesk", "demo"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no display found" in result.stderr
    assert "counterdesk screenshot --out DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_role_without_a_display_points_to_the_screenshot_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["COUNTERDESK_DATA_DIR"] = str(tmp_path)
    for args in ((), ("--role", "kiosk"), ("--role", "display")):
        result = subprocess.run(
            [sys.executable, "-m", "counterdesk", *args],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 2, args
        assert "no display found" in result.stderr


def test_staff_add_reads_the_pin_and_lists_without_it(tmp_path: Path) -> None:
    env = {**os.environ, "COUNTERDESK_DATA_DIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "counterdesk", "staff", "add", "1001", "--name", "Li Na"]
    added = subprocess.run(
        cmd, input="1357\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
        check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    bad = subprocess.run(
        [*cmd[:-2], "--name", "Bad"], input="12\n", capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "PIN" in bad.stderr
    listed = json.loads(run("staff", "list", "--json", data=tmp_path).stdout)
    assert listed == [
        {"staff_no": "1001", "name": "Li Na", "role": "teller", "stars": 0.0, "photo": None}
    ]


def _branch_queue_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text('[queue]\nurl = "sqlite:///branch-queue.db"\nclose_at = "19:00"\n')
    return config


def test_close_day_expires_the_tickets_never_called_once(tmp_path: Path) -> None:
    config = _branch_queue_config(tmp_path)
    for _ in range(3):
        assert run("queue", "issue", "DEP", data=tmp_path, config=config).returncode == 0
    add_staff(tmp_path, config)
    assert call(1, tmp_path, config).returncode == 0

    closed = run("queue", "close-day", "--json", data=tmp_path, config=config)
    assert closed.returncode == 0, closed.stderr
    result = json.loads(closed.stdout)
    assert (result["expired"], result["already_closed"], result["kept_open"]) == (2, False, False)
    assert result["day"] == date.today().isoformat()
    assert result["closed_at"]

    again = run("queue", "close-day", data=tmp_path, config=config)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{result['day']}: already closed; nothing expired\n"
    status = json.loads(run("queue", "status", "--json", data=tmp_path, config=config).stdout)
    assert (status["waiting"], status["issued_today"]) == (0, 3)
    assert (tmp_path / "branch-queue.db").is_file()


def test_close_day_of_an_earlier_date(tmp_path: Path) -> None:
    result = run("queue", "close-day", "--date", "2020-01-02", data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2020-01-02: closed; 0 waiting ticket(s) expired\n"


@pytest.mark.parametrize("text", ["30/11/2026", "2026-02-30", "20261130", "today"])
def test_close_day_with_a_bad_date_exits_2(tmp_path: Path, text: str) -> None:
    result = run("queue", "close-day", "--date", text, data=tmp_path)
    assert result.returncode == 2
    assert f"argument --date: {text!r} is not a date YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "counterdesk.db").exists()  # nothing opened, nothing touched


def test_a_day_that_has_not_begun_cannot_be_closed(tmp_path: Path) -> None:
    result = run("queue", "close-day", "--date", "2999-01-01", data=tmp_path)
    assert result.returncode == 1
    assert "cannot close 2999-01-01: that day has not begun" in result.stderr


def test_keep_open_tonight_makes_close_day_expire_nothing(tmp_path: Path) -> None:
    config = _branch_queue_config(tmp_path)
    today = date.today().isoformat()
    kept = run("queue", "keep-open-tonight", data=tmp_path, config=config)
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout == f"{today}: kept open tonight; the day will not be closed\n"
    assert run("queue", "issue", "DEP", data=tmp_path, config=config).returncode == 0

    closed = run("queue", "close-day", data=tmp_path, config=config)
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout == f"{today}: kept open tonight; nothing expired\n"
    status = json.loads(run("queue", "status", "--json", data=tmp_path, config=config).stdout)
    assert status["waiting"] == 1


def test_keep_open_tonight_after_the_close_is_refused(tmp_path: Path) -> None:
    assert run("queue", "close-day", data=tmp_path).returncode == 0
    late = run("queue", "keep-open-tonight", data=tmp_path)
    assert late.returncode == 1
    assert "already closed; too late to keep it open" in late.stderr


def test_queue_issue_after_the_close_is_refused_with_the_reason(tmp_path: Path) -> None:
    config = _branch_queue_config(tmp_path)
    assert run("queue", "issue", "DEP", data=tmp_path, config=config).returncode == 0
    assert run("queue", "close-day", data=tmp_path, config=config).returncode == 0

    refused = run("queue", "issue", "DEP", data=tmp_path, config=config)

    _assert_one_line_refusal(refused, 1)
    assert f"the business day {date.today().isoformat()} is closed" in refused.stderr
    assert "next business day opens" in refused.stderr
    status = json.loads(run("queue", "status", "--json", data=tmp_path, config=config).stdout)
    assert status["issued_today"] == 1


def _assert_one_line_refusal(result: subprocess.CompletedProcess[str], code: int) -> None:
    """A refusal an operator can read: one line on stderr, no traceback, the documented code."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://teller@127.0.0.1:99999/branch",
        "postgresql://teller@127.0.0.1:abc/branch",
        "postgresql://teller@127.0.0.1:5432",
        "postgresql://teller@127.0.0.1:5432/",
        "postgresql://teller@[::1/branch",
    ],
)
def test_a_bad_queue_url_names_the_key_and_creates_nothing(tmp_path: Path, url: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[queue]\nurl = "{url}"\n')
    data = tmp_path / "data"
    for args in (("queue", "status"), ("queue", "issue", "DEP"), ("db", "migrate")):
        result = run(*args, data=data, config=config)
        _assert_one_line_refusal(result, 2)
        assert "key 'queue.url'" in result.stderr
    assert not data.exists()


def test_a_journal_path_with_a_nul_byte_is_refused_before_anything_is_created(
    tmp_path: Path,
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[journal]\npath = "journal\\u0000.db"\n')
    data = tmp_path / "data"
    for args in (("queue", "status"), ("db", "check"), ("db", "backup")):
        result = run(*args, data=data, config=config)
        _assert_one_line_refusal(result, 2)
        assert "key 'journal.path'" in result.stderr
    assert not data.exists()


@pytest.mark.parametrize("number", ["99999999999999999999", "1000", "0", "-1"])
def test_a_counter_number_out_of_range_is_refused_in_one_line(tmp_path: Path, number: str) -> None:
    result = run(
        "queue", "call", "--counter", number, "--staff", TELLER[0], data=tmp_path, pin=TELLER[1]
    )
    _assert_one_line_refusal(result, 2)
    assert "--counter" in result.stderr
    assert not (tmp_path / "counterdesk.db").exists()


@pytest.mark.parametrize("extra", [(), ("--json",)])
def test_a_reader_that_goes_away_leaves_no_traceback(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    """``counterdesk queue status | head -1``: the pipe closes before the status is written."""
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    env = {**os.environ, "COUNTERDESK_DATA_DIR": str(tmp_path)}
    env.pop("COUNTERDESK_CONFIG", None)
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before a byte is written: every write fails with EPIPE
    try:
        result = subprocess.run(
            [sys.executable, "-m", "counterdesk", "queue", "status", *extra],
            stdout=writer, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
            timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(writer)
    assert result.stderr == ""
    assert result.returncode == 1


def test_a_counter_serving_an_unknown_type_is_refused_before_the_journal_is_created(
    tmp_path: Path,
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[counter]\nserves = ["ZZZ"]\n')
    data = tmp_path / "data"
    for args in (("queue", "status"), ("queue", "issue", "DEP"), ("db", "migrate")):
        result = run(*args, data=data, config=config)
        _assert_one_line_refusal(result, 2)
        assert "key 'counter.serves'" in result.stderr
    result = call(3, data, config)
    _assert_one_line_refusal(result, 2)
    assert "key 'counter.serves'" in result.stderr
    assert not data.exists()


def test_db_check_and_backup_of_a_folder_are_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "journal.db"
    folder.mkdir()
    config = tmp_path / "c.toml"
    config.write_text(f'[journal]\npath = "{folder}"\n')
    for args in (("db", "check"), ("db", "backup")):
        result = run(*args, data=tmp_path, config=config)
        _assert_one_line_refusal(result, 4)
        assert "is a folder" in result.stderr
    assert list(folder.iterdir()) == []


def _tree(root: Path) -> dict[str, str]:
    """Every file under root with its digest: what a refused command must leave as it was.

    The log is left out: a refused command logs its refusal (tests/app/test_cli_log.py).
    """
    return {
        str(p.relative_to(root)): digest(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "logs" not in p.relative_to(root).parts
    }


def test_db_backup_refuses_an_existing_file_a_folder_and_a_missing_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("queue", "issue", "DEP", data=data).returncode == 0
    older = tmp_path / "older.db"
    older.write_bytes(b"last week's backup")
    usb = tmp_path / "media" / "usb"  # the stick is not mounted: its mount point is not there
    refusals = {
        older: ("already exists", "--force"),
        tmp_path: ("is a folder",),
        usb / "journal.db": ("no such folder",),
    }
    before = _tree(tmp_path)
    for out, words in refusals.items():
        result = run("db", "backup", "--out", str(out), data=data)
        _assert_one_line_refusal(result, 2)
        assert all(word in result.stderr for word in words), result.stderr
        assert "backed up" not in result.stdout
    assert _tree(tmp_path) == before
    assert not usb.parent.exists()
    forced = run("db", "backup", "--out", str(older), "--force", data=data)
    assert forced.returncode == 0, forced.stderr
    assert older.read_bytes().startswith(b"SQLite format 3")


def test_db_backup_of_a_damaged_journal_is_refused(tmp_path: Path) -> None:
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    journal = tmp_path / "counterdesk.db"
    # Damage only quick_check misses: an index whose entries no longer match its table.
    conn = sqlite3.connect(journal, isolation_level=None)
    conn.execute("CREATE TABLE scratch (x INTEGER, y INTEGER)")
    conn.executemany("INSERT INTO scratch VALUES (?, ?)", [(i, -i) for i in range(50)])
    conn.execute("CREATE INDEX scratch_x ON scratch (x)")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX scratch_x ON scratch (y)'"
        " WHERE name = 'scratch_x'"
    )
    conn.close()
    before = _tree(tmp_path)
    out = tmp_path / "copy.db"
    result = run("db", "backup", "--out", str(out), data=tmp_path)
    _assert_one_line_refusal(result, 4)
    assert "damaged" in result.stderr
    assert "backed up" not in result.stdout
    assert not out.exists()
    assert _tree(tmp_path) == before


def test_status_shows_a_counter_that_stopped_its_heartbeat_as_not_responding(
    tmp_path: Path,
) -> None:
    add_staff(tmp_path)
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    assert call(4, tmp_path).returncode == 0  # counter 4 is open, serving A001
    status = json.loads(run("queue", "status", "--json", data=tmp_path).stdout)
    assert [(c["counter"], c["mode"], c["responding"]) for c in status["counters"]] == [
        (4, "open", True)
    ]

    # The program at counter 4 crashed long ago: its last heartbeat is old.
    con = sqlite3.connect(tmp_path / "counterdesk.db")
    with con:
        con.execute("UPDATE counter_heartbeat SET beat_at = '2020-01-01T09:00:00.000000Z'")
    con.close()

    text = run("queue", "status", data=tmp_path).stdout
    assert "counter 4: open, NOT RESPONDING (last heartbeat " in text
    assert "serving A001" in text
    (counter_4,) = json.loads(run("queue", "status", "--json", data=tmp_path).stdout)["counters"]
    assert (counter_4["mode"], counter_4["responding"]) == ("open", False)


def test_staff_administration_changes_the_account_and_audits_each_action(tmp_path: Path) -> None:
    add_staff(tmp_path)
    journal = tmp_path / "counterdesk.db"

    def account() -> tuple[Any, ...]:
        with sqlite3.connect(journal) as db:
            row = db.execute(
                "SELECT active, failed_attempts, locked_until, photo, pin_hash FROM staff "
                "WHERE staff_no = ?",
                (TELLER[0],),
            ).fetchone()
        assert row is not None
        return tuple(row)

    assert run("staff", "disable", TELLER[0], data=tmp_path).returncode == 0
    assert account()[0] == 0
    listed = json.loads(run("staff", "list", "--json", data=tmp_path).stdout)
    assert [m["staff_no"] for m in listed] == [SUPERVISOR[0]]
    assert run("staff", "enable", TELLER[0], data=tmp_path).returncode == 0
    assert account()[0] == 1

    with sqlite3.connect(journal) as db:
        db.execute("UPDATE staff SET failed_attempts = 5, locked_until = '2099-01-01 00:00:00'")
    unlocked = run("staff", "unlock", TELLER[0], data=tmp_path)
    assert unlocked.returncode == 0, unlocked.stderr
    assert account()[1:3] == (0, None)

    old_hash = account()[4]
    refused = run("staff", "reset-pin", TELLER[0], data=tmp_path, stdin="1111\n")
    assert refused.returncode == 1
    assert "PIN" in refused.stderr
    assert account()[4] == old_hash
    reset = run("staff", "reset-pin", TELLER[0], data=tmp_path, stdin="8642\n")
    assert reset.returncode == 0, reset.stderr
    assert account()[4] != old_hash
    assert "8642" not in reset.stdout + reset.stderr

    picture = tmp_path / "li.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert run("staff", "set-photo", TELLER[0], str(picture), data=tmp_path).returncode == 0
    assert account()[3] == f"photos/{TELLER[0]}.png"
    assert (tmp_path / "photos" / f"{TELLER[0]}.png").read_bytes() == picture.read_bytes()
    assert run("staff", "set-photo", TELLER[0], "--remove", data=tmp_path).returncode == 0
    assert account()[3] is None

    audit = _journal_rows(tmp_path, "SELECT actor, action, detail FROM audit_log ORDER BY at")
    actions = [(action, json.loads(detail)["staff_no"]) for _, action, detail in audit]
    assert actions == [
        ("staff_added", TELLER[0]),
        ("staff_added", SUPERVISOR[0]),
        *(
            (action, TELLER[0])
            for action in (
                "staff_disabled", "staff_enabled", "staff_unlocked", "staff_pin_reset",
                "staff_photo_set", "staff_photo_set",
            )
        ),
    ]  # fmt: skip
    assert all(actor.startswith("cli") for actor, _, _ in audit)
    assert not any("8642" in detail or "1357" in detail for _, _, detail in audit)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_db_check_warns_when_others_can_read_the_journal(tmp_path: Path) -> None:
    assert run("queue", "issue", "DEP", data=tmp_path).returncode == 0
    journal = tmp_path / "counterdesk.db"
    assert journal.stat().st_mode & 0o777 == 0o600  # created owner-only
    quiet = run("db", "check", data=tmp_path)
    assert quiet.returncode == 0
    assert "warning" not in quiet.stdout
    journal.chmod(0o644)
    check = run("db", "check", data=tmp_path)
    assert check.returncode == 0, check.stderr  # a warning, not damage
    assert f"{journal} can be read by other users (mode 644)" in check.stdout
    assert f"chmod 600 {journal}" in check.stdout
    as_json = json.loads(run("db", "check", "--json", data=tmp_path).stdout)
    assert as_json["ok"] is True
    assert any("chmod 600" in warning for warning in as_json["warnings"])
