"""Qt's own messages (the multimedia libraries' chatter) go to the log file, not the console."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import logging, sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QLoggingCategory, qCWarning, qCritical
    from counterdesk.app.logs import setup_logging
    from counterdesk.ui.crash import CrashHandler

    path = setup_logging(Path(sys.argv[1]), verbose=sys.argv[2] == "verbose")
    app = QCoreApplication([])
    CrashHandler(path).install()  # the handler every terminal installs first
    resolver = QLoggingCategory("qt.multimedia.symbolsresolver")
    for library in ("pipewire-0.3", "va-x11", "va-drm", "va"):
        qCWarning(resolver, f"Couldn't load {library} library")
    qCWarning(QLoggingCategory("qt.multimedia.ffmpeg"), "Using Qt multimedia with FFmpeg")
    qCritical("PulseAudioService: pa_context_connect() failed")
    logging.getLogger("counterdesk.ui.display.announcer").warning(
        "announcer: the chime cannot be played; it is silent"
    )
    """
)


def _run(tmp_path: Path, mode: str) -> tuple[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), mode],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stderr, (tmp_path / "logs" / "counterdesk.log").read_text(encoding="utf-8")


def test_qt_multimedia_lines_go_to_the_log_file_only(tmp_path: Path) -> None:
    console, log_file = _run(tmp_path, "quiet")

    assert "qt.multimedia" not in console
    assert "PulseAudioService" not in console
    # The program's own warning still reaches the console.
    assert "the chime cannot be played" in console
    assert log_file.count("qt.multimedia.symbolsresolver: Couldn't load") == 4
    assert "qt.multimedia.ffmpeg: Using Qt multimedia with FFmpeg" in log_file
    assert "PulseAudioService: pa_context_connect() failed" in log_file


@pytest.mark.parametrize("mode", ["verbose"])
def test_verbose_shows_qt_messages_on_the_console_too(tmp_path: Path, mode: str) -> None:
    console, _ = _run(tmp_path, mode)
    assert console.count("qt.multimedia.symbolsresolver") == 4
