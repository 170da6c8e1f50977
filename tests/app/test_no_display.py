"""Without a display, each role says which of its windows needs a screen, in its language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from counterdesk.app.gui import NO_DISPLAY_REASONS, no_display_message
from counterdesk.ui.i18n import PSEUDO_ENV

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "counterdesk screenshot --out DIR [--lang en|zh_CN]"


def _headless(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["COUNTERDESK_DATA_DIR"] = str(tmp_path)
    return env


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((), "the teller station (the teller's window and the customer screen) needs a screen"),
        (("--role", "teller"), "the teller station"),
        (("--role", "kiosk"), "the ticket kiosk needs a screen"),
        (("--role", "display"), "the lobby display needs a screen"),
        (("--role", "manager"), "the manager's board needs a screen"),
        (("demo",), "the demo shows the teller's window, the customer screen, the kiosk"),
    ],
)
def test_each_role_names_itself_when_there_is_no_display(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "counterdesk", *args],
        capture_output=True, text=True, env=_headless(tmp_path), cwd=ROOT, timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert says in result.stderr
    assert COMMAND in result.stderr
    assert "Traceback" not in result.stderr
    if args and args[0] != "demo":
        others = {"teller", "kiosk", "display", "manager"} - {args[-1]}
        for other in others:
            assert NO_DISPLAY_REASONS[other] not in result.stderr


def test_the_messages_go_through_the_translators(monkeypatch: pytest.MonkeyPatch) -> None:
    english = {role: no_display_message(role, "en") for role in NO_DISPLAY_REASONS}
    assert len(set(english.values())) == len(english), "every role has its own words"
    monkeypatch.setenv(PSEUDO_ENV, "1")
    for role in NO_DISPLAY_REASONS:
        translated = no_display_message(role, "en")
        assert translated != english[role]
        assert translated.startswith("[")  # the pseudo translator's mark
        assert COMMAND in translated  # the command itself is never translated
