"""``counterdesk doctor``: each check passes on a good set-up and fails on purpose."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counterdesk.app.config import Config
from counterdesk.app.doctor import (
    DoctorSettings,
    full_report,
    printer_finding,
    run_checks,
    usb_device_present,
)
from counterdesk.app.station import Station, open_queue
from counterdesk.core.clock import FixedClock
from counterdesk.core.diagnostics import Finding, Status
from counterdesk.storage.db import Check
from counterdesk.storage.sync_outbox import SyncJournal

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT = "postgresql://postgres@127.0.0.1:1/branch"
# The checks that need Qt run in-process on pytest-qt's application, as in the windows.
pytestmark = pytest.mark.usefixtures("qapp")


class ShiftedClock:
    """The system clock moved by ``seconds``: how the program would read a wrong clock."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.seconds)


def _by_key(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, Finding]:
    return {f.key: f for f in findings}


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """A teller terminal with its journal (and SQLite queue) made by a real start and a ticket."""
    data = tmp_path / "data"
    cfg = Config(source=tmp_path / "config.toml", data_dir=data)
    (tmp_path / "config.toml").write_text('role = "teller"\n', encoding="utf-8")
    with Station.open(cfg) as station:
        queue = open_queue(cfg, station)
        queue.open()
        queue.issue("DEP", 0)
        queue.close()
    return cfg


def test_a_good_set_up_passes_every_check_it_can_make_here(config: Config) -> None:
    report = full_report(config, origin="--config")
    found = _by_key(report.findings)
    assert list(found) == [
        "config",
        "journal",
        "queue",
        "clock",
        "hq",
        "sync",
        "screens",
        "printer",
        "speech",
        "sound",
        "font",
        "versions",
    ]
    assert not report.failed
    for key in ("config", "journal", "queue", "font", "versions"):
        assert found[key].status is Status.OK, (key, str(found[key].summary))
    assert "found by --config" in str(found["config"].summary)
    assert found["journal"].details["schema"] == found["journal"].details["latest_schema"]
    assert found["queue"].details["engine"] == "sqlite"
    assert isinstance(found["queue"].details["round_trip_ms"], float)
    # The SQLite queue keeps this PC's time; no head office, printer or voice configured.
    for key in ("clock", "hq", "sync", "printer", "speech", "sound"):
        assert found[key].status is Status.NOT_APPLICABLE, key
    # Offscreen Qt has one screen: the teller works, the customer window opens beside it.
    assert found["screens"].status is Status.WARNING
    versions = found["versions"].details
    assert {
        "counterdesk",
        "qt",
        "pyside6",
        "sqlite",
        "journal_schema",
        "queue_schema",
        "hq_schema",
    } <= set(versions)


def test_the_config_check_names_the_site_wide_file_and_the_users(config: Config) -> None:
    assert config.source is not None
    site = config.source.parent / "site.toml"
    site.write_text('[branch]\ncode = "BJ0101"\n', encoding="utf-8")
    layered = replace(config, sources=(site, config.source))
    found = _by_key(run_checks(layered, origin="--config"))
    assert found["config"].status is Status.OK
    assert f"{site} + {config.source}" in str(found["config"].summary)
    assert found["config"].details["files"] == [str(site), str(config.source)]


def test_the_checks_leave_the_journal_byte_for_byte_as_it_was(config: Config) -> None:
    folder = config.journal_file.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    run_checks(config)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_an_unreachable_queue_fails_and_its_clock_is_not_compared(config: Config) -> None:
    found = _by_key(run_checks(replace(config, queue_url=CLOSED_PORT)))
    queue = found["queue"]
    assert queue.status is Status.FAILED
    assert "cannot reach the queue at postgresql://postgres@127.0.0.1:1/branch" in str(
        queue.summary
    )
    assert "port 1" in str(queue.fix)
    assert found["clock"].status is Status.NOT_APPLICABLE


def test_a_full_disk_fails_naming_the_free_space(config: Config) -> None:
    # As tests/storage simulate it: the journal needs more room than is left.
    found = _by_key(run_checks(config, settings=DoctorSettings(reserve=2**62)))
    journal = found["journal"]
    assert journal.status is Status.FAILED
    assert str(journal.summary).startswith("disk full: the journal")
    assert "free space" in str(journal.fix)
    # The page limit counts too: a room just above what is needed is a warning.
    free = int(journal.details["free_bytes"])  # type: ignore[call-overload]
    tight = _by_key(run_checks(config, settings=DoctorSettings(reserve=free // 5)))
    assert tight["journal"].status is Status.WARNING


def test_a_damaged_journal_fails_and_so_does_a_folder_in_its_place(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    cfg = Config(data_dir=data)
    cfg.journal_file.write_bytes(b"a teller's shopping list, not a database\n" * 200)
    found = _by_key(run_checks(cfg))
    assert found["journal"].status is Status.FAILED
    assert "is damaged" in str(found["journal"].summary)
    assert "backups" in str(found["journal"].fix)
    assert found["queue"].status is Status.FAILED  # the queue lives in the same file
    cfg.journal_file.unlink()
    cfg.journal_file.mkdir()
    found = _by_key(run_checks(cfg))
    assert found["journal"].status is Status.FAILED
    assert "not a journal file" in str(found["journal"].summary)


def test_an_unwritable_journal_folder_fails(config: Config) -> None:
    if os.geteuid() == 0:
        pytest.skip("as root every file is writable")
    folder = config.journal_file.parent
    folder.chmod(0o555)
    try:
        found = _by_key(run_checks(config))
    finally:
        folder.chmod(0o755)
    assert found["journal"].status is Status.FAILED
    assert "cannot be written" in str(found["journal"].summary)


@pytest.mark.postgres
def test_the_queue_servers_clock_is_compared_with_the_programs(config: Config, pg_url: str) -> None:
    cfg = replace(config, queue_url=pg_url)
    right = _by_key(run_checks(cfg, clock=ShiftedClock(0)))
    assert right["queue"].status is Status.OK
    assert right["queue"].details["engine"] == "postgresql"
    assert right["clock"].status is Status.OK
    assert abs(float(right["clock"].details["offset_seconds"])) < 5  # type: ignore[arg-type]
    # This PC two minutes fast: a warning, the server "behind" by as much.
    fast = _by_key(run_checks(cfg, clock=ShiftedClock(120)))["clock"]
    assert fast.status is Status.WARNING
    assert -125 < float(fast.details["offset_seconds"]) < -115  # type: ignore[arg-type]
    assert "ahead of the queue server's" in str(fast.summary)
    assert "NTP" in str(fast.fix)
    slow = _by_key(run_checks(cfg, clock=ShiftedClock(-600)))["clock"]
    assert slow.status is Status.FAILED
    assert "behind the queue server's" in str(slow.summary)


@pytest.mark.postgres
def test_a_queue_server_without_the_schema_fails(config: Config, pg_empty_database: str) -> None:
    found = _by_key(run_checks(replace(config, queue_url=pg_empty_database)))
    assert found["queue"].status is Status.FAILED
    assert "has schema 0" in str(found["queue"].summary)
    assert "queue init" in str(found["queue"].fix)


def test_head_office_unreachable_fails_and_the_last_sync_is_read_from_the_journal(
    config: Config, clock: FixedClock
) -> None:
    cfg = replace(config, hq_url="postgresql://postgres@127.0.0.1:1/hq")
    found = _by_key(run_checks(cfg))
    assert found["hq"].status is Status.FAILED
    assert "cannot reach head office" in str(found["hq"].summary)
    assert found["sync"].status is Status.WARNING
    assert "never synced" in str(found["sync"].summary)
    with Station.open(cfg, check=Check.NEVER) as station:
        journal = SyncJournal(station.journal)
        journal.record_sync(clock.now(), True, "sent 12 events")
    sync = _by_key(run_checks(cfg))["sync"]
    assert sync.status is Status.OK
    assert "sent 12 events" in str(sync.summary)
    with Station.open(cfg, check=Check.NEVER) as station:
        SyncJournal(station.journal).record_sync(
            clock.now() + timedelta(days=3), False, "HQ refused"
        )
    sync = _by_key(run_checks(cfg))["sync"]
    assert sync.status is Status.FAILED  # no success for three days
    assert "HQ refused" in str(sync.summary)


@pytest.fixture
def listening_port() -> Iterator[int]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def test_the_printers_port_device_and_file_are_looked_for(
    tmp_path: Path, listening_port: int
) -> None:
    assert printer_finding("none").status is Status.NOT_APPLICABLE
    up = printer_finding(f"escpos-network://127.0.0.1:{listening_port}")
    assert up.status is Status.OK
    down = printer_finding("escpos-network://127.0.0.1:1?timeout=1")
    assert down.status is Status.FAILED
    assert "no answer from 127.0.0.1:1" in str(down.summary)
    missing = printer_finding(f"escpos-file://{tmp_path}/lp0")
    assert missing.status is Status.FAILED
    (tmp_path / "lp0").write_bytes(b"")
    assert printer_finding(f"escpos-file://{tmp_path}/lp0").status is Status.OK


def test_a_usb_printer_is_found_by_its_ids_in_sysfs(tmp_path: Path) -> None:
    device = tmp_path / "1-1"
    device.mkdir()
    (device / "idVendor").write_text("04b8\n")
    (device / "idProduct").write_text("0202\n")
    (tmp_path / "usb1").mkdir()  # a hub without ids is skipped
    assert usb_device_present(0x04B8, 0x0202, tmp_path) is True
    assert usb_device_present(0x04B8, 0x0E15, tmp_path) is False
    unplugged = printer_finding("escpos-usb://1234:5678", tmp_path)
    assert unplugged.status is Status.FAILED
    assert "no USB device 1234:5678" in str(unplugged.summary)
    assert printer_finding("escpos-usb://04b8:0202", tmp_path).status is Status.OK


# Loading Qt's speech and multimedia modules on a machine with no sound server or GPU video
# libraries makes Qt warn about each library it looks for: the conditions, not faults.
@pytest.mark.qt_log_ignore(r"^Couldn't (load|resolve) ", r"^PulseAudioService: ", extend=True)
def test_the_display_needs_a_voice_for_each_language_it_calls_in() -> None:
    from counterdesk.ui.diagnostics import _speech

    # Qt's mock engine speaks English (and a few others), not Chinese.
    assert _speech(["en"], "mock").status is Status.OK
    no_chinese = _speech(["zh_CN", "en"], "mock")
    assert no_chinese.status is Status.FAILED
    assert "no voice for zh_CN" in str(no_chinese.summary)
    assert _speech(["en"], "no-such-engine").status is Status.FAILED
    assert _speech([], None).status is Status.NOT_APPLICABLE


def test_a_customer_screen_that_is_not_connected_fails() -> None:
    from counterdesk.ui.diagnostics import screens_finding

    assert screens_finding("teller", "1-CUSTOMER", display=True).status is Status.FAILED
    assert screens_finding("teller", 5, display=True).status is Status.FAILED
    assert screens_finding("kiosk", "auto", display=True).status is Status.OK


def test_two_screens_name_the_customers(tmp_path: Path) -> None:
    screens = tmp_path / "screens.json"
    one = {
        "x": 0,
        "y": 0,
        "width": 1280,
        "height": 800,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    screens.write_text(
        json.dumps(
            {"screens": [{"name": "0-TELLER", **one}, {"name": "1-CUSTOMER", **one, "x": 1280}]}
        )
    )
    code = textwrap.dedent("""
        from counterdesk.ui.diagnostics import screens_finding
        f = screens_finding("teller", "auto", display=True)
        print(f.status.value, f.details["customer"])
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["ok", "1-CUSTOMER"]


def test_no_cjk_font_fails_when_fontconfig_sees_none(tmp_path: Path) -> None:
    empty = tmp_path / "fonts"
    empty.mkdir()
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><dir>{empty}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n"
    )
    code = textwrap.dedent("""
        from counterdesk.ui.diagnostics import font_finding
        for files in ((), None):
            f = font_finding(files)
            print(f.status.value, "|", f.summary, "|", f.fix)
    """)
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(fonts_conf),
        "QT_QPA_FONTDIR": str(empty),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    none, shipped = done.stdout.splitlines()
    assert none.startswith("failed | no font can draw Chinese")
    assert "fonts-wqy-microhei" in none
    # With the program's own list, the Debian font file is loaded at start (if installed here).
    if Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").is_file():
        assert shipped.startswith("ok | loaded from /usr/share/fonts/truetype/wqy")


# -- the command ---------------------------------------------------------------------------------


def _doctor(
    tmp_path: Path, config_text: str | None, *args: str, data: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTERDESK_DATA_DIR": str(data or tmp_path / "data")}
    for name in ("COUNTERDESK_CONFIG", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "counterdesk"]
    if config_text is not None:
        (tmp_path / "doctor.toml").write_text(config_text, encoding="utf-8")
        argv += ["--config", str(tmp_path / "doctor.toml")]
    return subprocess.run(
        [*argv, "doctor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_the_command_prints_a_line_per_check_and_exits_0_without_failures(
    config: Config, tmp_path: Path
) -> None:
    done = _doctor(tmp_path, 'role = "teller"\n', data=config.data_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("✓ Configuration: ")
    assert any(line.startswith("✓ Journal: ") for line in lines)
    assert any(line.startswith("! Screens: no display") for line in lines)
    assert any(line.startswith("    → ") for line in lines)  # the fix, under the warning
    assert "Traceback" not in done.stderr


def test_json_shape_and_exit_code_1_on_a_failure(config: Config, tmp_path: Path) -> None:
    done = _doctor(tmp_path, f'[queue]\nurl = "{CLOSED_PORT}"\n', "--json", data=config.data_dir)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"ok", "config_file", "checks", "exit_code"}
    assert report["ok"] is False
    assert report["exit_code"] == 1
    assert report["config_file"] == str(tmp_path / "doctor.toml")
    for check in report["checks"]:
        assert set(check) == {"key", "title", "status", "summary", "fix", "details"}
        assert check["status"] in ("ok", "warning", "failed", "n/a")
    by_key = {check["key"]: check for check in report["checks"]}
    assert by_key["queue"]["status"] == "failed"
    assert by_key["queue"]["fix"]
    assert isinstance(by_key["versions"]["details"]["journal_schema"], int)


def test_a_bad_config_is_a_failed_check_and_exit_code_2(tmp_path: Path) -> None:
    done = _doctor(tmp_path, "[counter]\nnumber = -3\n", "--json")
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    by_key = {check["key"]: check for check in report["checks"]}
    assert by_key["config"]["status"] == "failed"
    assert "counter.number" in by_key["config"]["summary"]
    assert by_key["journal"]["status"] == "n/a"
    assert by_key["font"]["status"] == "ok"
    assert not (tmp_path / "data").exists()  # nothing made


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_journal_or_backup_others_can_read_is_a_warning_with_the_chmod_fix(
    config: Config,
) -> None:
    assert _by_key(run_checks(config))["journal"].status is Status.OK
    backup = config.journal_file.parent / "backups" / "old.db"
    backup.parent.mkdir(exist_ok=True)
    backup.write_bytes(b"")
    backup.chmod(0o644)
    journal = _by_key(run_checks(config))["journal"]
    assert journal.status is Status.WARNING
    assert "can be read by other users (mode 644)" in str(journal.summary)
    assert f"chmod 600 {backup}" in str(journal.fix)
