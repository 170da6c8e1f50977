"""The Debian package's own files (build/linux): units that restart the roles, the desktop entry,
the changelog matching the program's version, a site-wide config the program accepts."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest

from counterdesk import __version__
from counterdesk.app.config import load_config

LINUX = Path(__file__).resolve().parents[1] / "build" / "linux"


def _ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("role", ["kiosk", "display"])
def test_the_user_unit_starts_the_role_with_the_session_and_restarts_it(role: str) -> None:
    unit = _ini(LINUX / f"counterdesk-{role}.service")
    assert unit["Service"]["ExecStart"] == f"/usr/bin/counterdesk --role {role}"
    assert unit["Service"]["Restart"] == "on-failure"
    assert unit["Unit"]["PartOf"] == "graphical-session.target"
    assert unit["Unit"]["After"] == "graphical-session.target"
    assert unit["Install"]["WantedBy"] == "graphical-session.target"
    # A crash loop stops instead of spinning: at most StartLimitBurst starts in the interval.
    assert int(unit["Unit"]["StartLimitBurst"]) * int(unit["Service"]["RestartSec"]) < int(
        unit["Unit"]["StartLimitIntervalSec"]
    )


def test_the_desktop_entry_runs_the_program_with_its_icon() -> None:
    entry = _ini(LINUX / "counterdesk.desktop")["Desktop Entry"]
    assert (entry["Type"], entry["Exec"], entry["Icon"]) == (
        "Application",
        "counterdesk",
        "counterdesk",
    )
    assert entry["Terminal"] == "false"
    # Qt's xcb platform sets WM_CLASS from the application name (app/gui.py).
    assert entry["StartupWMClass"] == "counterdesk"


def test_the_changelog_names_this_version_first() -> None:
    first = (LINUX / "changelog").read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"counterdesk \(([^)]+)\) \S+; urgency=\w+$", first)
    assert match is not None, first
    assert match[1] == __version__, "add a build/linux/changelog entry for the new version"


def test_the_shipped_site_config_is_accepted_and_changes_nothing(tmp_path: Path) -> None:
    config = load_config(None, {"COUNTERDESK_SITE_CONFIG": str(LINUX / "config.toml")})
    assert config.sources == (LINUX / "config.toml",)
    assert (config.role, config.language, config.queue_url) == ("teller", "en", "")
