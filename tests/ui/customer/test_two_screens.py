"""Placing the customer window on the second screen, faked by Qt's offscreen platform."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # each test starts a Python process with its own QApplication

WIDTH, HEIGHT = 1280, 800

# The platform (and so the screens) is fixed when QApplication starts, and pytest-qt's
# application already exists in this process: the placing happens in a child process.
PLACE = """
import json, sys
from PySide6.QtWidgets import QApplication
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.screens import choose_customer_screen, place_on_screen

app = QApplication(sys.argv[:1])
window = CustomerWindow()
screen = choose_customer_screen(app, json.loads(sys.argv[1]))
place_on_screen(window, screen)
app.processEvents()
geometry = window.geometry()
print(json.dumps({
    "chosen": None if screen is None else screen.name(),
    "screen": window.screen().name(),
    "primary": app.primaryScreen().name(),
    "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
    "full_screen": window.isFullScreen(),
    "visible": window.isVisible(),
}))
"""


def screen(name: str, x: int) -> dict[str, Any]:
    return {
        "name": name,
        "x": x,
        "y": 0,
        "width": WIDTH,
        "height": HEIGHT,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }


def place(tmp_path: Path, screens: list[dict[str, Any]], setting: str | int) -> dict[str, Any]:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    script = tmp_path / "place.py"
    script.write_text(PLACE, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, str(script), json.dumps(setting)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    result["stderr"] = done.stderr
    return result


TWO_SCREENS = [screen("0-TELLER", 0), screen("1-CUSTOMER", WIDTH)]


def test_auto_picks_the_screen_that_is_not_primary(tmp_path: Path) -> None:
    result = place(tmp_path, TWO_SCREENS, "auto")

    assert result["primary"] == "0-TELLER"
    assert result["chosen"] == "1-CUSTOMER"
    assert result["screen"] == "1-CUSTOMER"
    assert result["geometry"] == [WIDTH, 0, WIDTH, HEIGHT]
    assert result["full_screen"]
    assert result["visible"]


def test_screen_by_name(tmp_path: Path) -> None:
    result = place(tmp_path, TWO_SCREENS, "0-TELLER")

    assert result["screen"] == "0-TELLER"
    assert result["geometry"] == [0, 0, WIDTH, HEIGHT]
    assert result["full_screen"]


def test_screen_by_index(tmp_path: Path) -> None:
    result = place(tmp_path, TWO_SCREENS, 1)

    assert result["screen"] == "1-CUSTOMER"
    assert result["geometry"] == [WIDTH, 0, WIDTH, HEIGHT]


def test_unknown_name_falls_back_to_a_window_and_warns(tmp_path: Path) -> None:
    result = place(tmp_path, TWO_SCREENS, "2-NOWHERE")

    assert result["chosen"] is None
    assert "2-NOWHERE" in result["stderr"]
    assert result["screen"] == "0-TELLER"
    assert not result["full_screen"]


def test_single_screen_gives_a_window_on_the_primary_screen(tmp_path: Path) -> None:
    result = place(tmp_path, [screen("0-TELLER", 0)], "auto")

    assert result["chosen"] is None
    assert result["screen"] == "0-TELLER"
    assert not result["full_screen"]
    assert result["visible"]
    x, y, width, height = result["geometry"]
    assert (width, height) == (1024, 768)
    assert 0 <= x <= WIDTH - width
    assert 0 <= y <= HEIGHT - height
