"""The real program starts, shows its windows on two screens, and quits cleanly."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from counterdesk.ui.placement import Rect

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    def ready(running):
        teller, customer = running.teller, running.customer

        def report():
            print(json.dumps({
                "teller_visible": teller.isVisible(),
                "teller_screen": teller.screen().name(),
                "customer_screen": customer.screen().name(),
                "customer_full_screen": customer.isFullScreen(),
                "customer_page": customer.page(),
                "diagnostics_key": [a.shortcut().toString() for a in teller.actions()
                                    if a.objectName() == "about-diagnostics"],
            }), flush=True)
            QApplication.instance().quit()

        QTimer.singleShot(300, report)

    config = Config(data_dir=Path(sys.argv[1]), counter_number=2, language="zh_CN")
    sys.exit(run_station(config, demo=True, on_ready=ready))
    """
)


@pytest.mark.slow
def test_the_demo_station_starts_on_two_screens_and_quits_cleanly(tmp_path: Path) -> None:
    screens = tmp_path / "screens.json"
    screen = {"width": 1280, "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    screens.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "0-TELLER", "x": 0, "y": 0, **screen},
                    {"name": "1-CUSTOMER", "x": 1280, "y": 0, **screen},
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Fatal" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("counterdesk demo")
    assert "2001 / 2468" in result.stdout
    report = json.loads(lines[-1])
    assert report == {
        "teller_visible": True,
        "teller_screen": "0-TELLER",
        "customer_screen": "1-CUSTOMER",
        # The demo shares the second screen among the customer screen, kiosk and display.
        "customer_full_screen": False,
        "customer_page": "idle",
        "diagnostics_key": ["Ctrl+Shift+D"],
    }


ONE_SCREEN_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    def ready(running):
        windows = {name: getattr(running, name)
                   for name in ("teller", "customer", "kiosk", "display")}
        deadline = time.monotonic() + 60

        def report():
            # The simulated counters open once the queue is reached; the kiosk follows.
            if running.kiosk.page() != "start" and time.monotonic() < deadline:
                QTimer.singleShot(100, report)
                return
            rects = {}
            for name, window in windows.items():
                frame = window.frameGeometry()
                rects[name] = [frame.x(), frame.y(), frame.width(), frame.height()]
            print(json.dumps({
                "rects": rects,
                "visible": all(w.isVisible() for w in windows.values()),
                "kiosk_page": running.kiosk.page(),
                "counters": list(running.simulator.counters),
            }), flush=True)
            QApplication.instance().quit()

        QTimer.singleShot(100, report)

    config = Config(data_dir=Path(sys.argv[1]), counter_number=3)
    sys.exit(run_station(config, demo=True, simulate_per_hour=60, on_ready=ready))
    """
)


@pytest.mark.slow
def test_the_demo_tiles_its_windows_on_one_1280x800_screen_and_the_kiosk_opens(
    tmp_path: Path,
) -> None:
    screens = tmp_path / "screens.json"
    screen = {"width": 1280, "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    screens.write_text(json.dumps({"screens": [{"name": "0-ONLY", "x": 0, "y": 0, **screen}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    result = subprocess.run(
        [sys.executable, "-c", ONE_SCREEN_CHILD, str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["visible"]
    rects = {name: Rect(*values) for name, values in report["rects"].items()}
    whole = Rect(0, 0, 1280, 800)
    for name, rect in rects.items():
        assert whole.contains(rect), (name, rect)
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.overlaps(rb), (a, ra, b, rb)
    # No counter is signed in, but the simulated ones are open: the kiosk offers tickets.
    assert report["counters"] == [1, 2]
    assert report["kiosk_page"] == "start"


KIOSK_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    def ready(running):
        kiosk = running.kiosk

        def report():
            print(json.dumps({
                "page": kiosk.page(),
                "full_screen": kiosk.isFullScreen(),
                "closes": kiosk.close(),
            }), flush=True)
            kiosk.allow_close()
            QApplication.instance().quit()

        QTimer.singleShot(500, report)

    config = Config(data_dir=Path(sys.argv[1]), role="kiosk", hours="00:00-23:59")
    sys.exit(run_station(config, on_ready=ready))
    """
)


@pytest.mark.slow
def test_the_kiosk_role_is_locked_full_screen_and_closed_without_counters(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", KIOSK_CHILD, str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {"page": "closed", "full_screen": True, "closes": False}


MANAGER_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station
    from counterdesk.core.clock import SystemClock
    from counterdesk.core.staff import Role
    from counterdesk.storage.db import open_journal
    from counterdesk.storage.staff import StaffDirectory

    config = Config(data_dir=Path(sys.argv[1]), role="manager")
    config.data_dir.mkdir(parents=True)
    db = open_journal(config.journal_file, SystemClock())
    StaffDirectory(db, SystemClock()).add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    db.close()

    def ready(running):
        window = running.manager
        first = window.showing_board()
        window.sign_in_page.fields.staff_edit.setText("2001")
        window.sign_in_page.fields.pin_edit.setText("2468")
        window.sign_in_page.button.click()

        seen = {}

        def report():
            if not window.updated_label.text().startswith("Updated"):
                QTimer.singleShot(50, report)
                return
            seen.update({
                "board_before_sign_in": first,
                "board": window.showing_board(),
                "waiting": window.board.waiting.value.text(),
                "title": window.windowTitle(),
            })
            window.show_reports()
            page = window.reports_page
            seen["reports"] = window.showing_reports()
            page.run()
            QTimer.singleShot(0, reported)

        def reported():
            page = window.reports_page
            if page.is_running() or page.report is None:
                QTimer.singleShot(50, reported)
                return
            seen["report"] = page.message_text().split(": ", 1)[1]
            print(json.dumps(seen), flush=True)
            QApplication.instance().quit()

        QTimer.singleShot(0, report)

    sys.exit(run_station(config, on_ready=ready))
    """
)


@pytest.mark.slow
def test_the_manager_role_signs_a_supervisor_in_reads_the_board_and_runs_a_report(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", MANAGER_CHILD, str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {
        "board_before_sign_in": False,
        "board": True,
        "waiting": "0",
        "title": "Manager's board — Branch",
        # Ctrl+2's page runs today's report from this PC on its worker: nothing yet.
        "reports": True,
        "report": "from this PC. Only the days this PC still holds count: 0 of 1 days. "
        "No customer arrived or was served in this period.",
    }
