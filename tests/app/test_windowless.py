"""The program without a console (counterdeskw.exe): a refused start still says why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from counterdesk.app.cli import main
from counterdesk.app.windowless import TailBuffer, run_windowless

ROOT = Path(__file__).resolve().parents[2]

#: How PyInstaller's windowed executables start Python: no stdout, no stderr.
WINDOWED = (
    "import runpy, sys; sys.stdout = sys.stderr = None; sys.argv[0] = 'counterdeskw'; "
    "runpy.run_module('counterdesk', run_name='__main__', alter_sys=True)"
)


def bad_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text('role = "teller"\n[counter]\nnumbr = 3\n', encoding="utf-8")
    return config


def test_a_refused_start_shows_the_refusal_in_a_message_box(tmp_path: Path) -> None:
    shown: list[tuple[str, str]] = []
    config = bad_config(tmp_path)

    code = run_windowless(
        lambda: main(["--config", str(config), "queue", "status"]),
        show=lambda title, text: shown.append((title, text)),
    )

    assert code == 2
    [(title, text)] = shown
    assert title == "counterdesk"
    assert "numbr" in text
    assert str(config) in text


def test_a_bad_command_line_shows_the_usage_error(tmp_path: Path) -> None:
    shown: list[str] = []
    code = run_windowless(lambda: main(["--no-such-option"]), show=lambda _, t: shown.append(t))
    assert code == 2
    assert "--no-such-option" in shown[0]


def test_a_start_that_succeeds_shows_nothing() -> None:
    shown: list[str] = []
    assert run_windowless(lambda: main(["--version"]), show=lambda _, t: shown.append(t)) == 0
    assert shown == []


def test_the_kept_output_is_bounded() -> None:
    buffer = TailBuffer(limit=10)
    for n in range(1000):
        buffer.write(f"line {n}\n")
    assert len(buffer.getvalue()) == 10
    assert buffer.getvalue().endswith("line 999\n")


def test_the_real_program_without_streams_exits_with_its_own_status(tmp_path: Path) -> None:
    """No AttributeError on a None stream (that would be exit status 1 and a lost message)."""
    config = bad_config(tmp_path)
    refused = subprocess.run(
        [sys.executable, "-c", WINDOWED, "--config", str(config), "queue", "status"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert refused.returncode == 2, refused
    version = subprocess.run(
        [sys.executable, "-c", WINDOWED, "--version"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert version.returncode == 0, version
