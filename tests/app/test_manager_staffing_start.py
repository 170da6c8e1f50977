"""The manager role as the program starts it: the Staffing page reads this PC and shows its plan.

The Stars page, wired the same way, says that without head office there are no levels.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A supervisor signs in, opens the Staffing page (F7) and asks for today's plan: with no head
# office configured it reads this PC's queue and journal; three withdrawals taken now (the
# queue is the journal file, nobody served yet: the type's usual 240 s) make one hour.
STAFFING_CHILD = textwrap.dedent(
    """
    import json, sys
    from datetime import date
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station
    from counterdesk.core.clock import SystemClock
    from counterdesk.core.procedures import load_catalogue
    from counterdesk.app.paths import resource
    from counterdesk.core.staff import Role
    from counterdesk.queue.sqlite import SqliteQueue
    from counterdesk.storage.db import open_journal
    from counterdesk.storage.staff import StaffDirectory

    config = Config(data_dir=Path(sys.argv[1]), role="manager")
    config.data_dir.mkdir(parents=True)
    db = open_journal(config.journal_file, SystemClock())
    StaffDirectory(db, SystemClock()).add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    db.close()
    queue = SqliteQueue(config.journal_file, load_catalogue(resource("business_types.toml")),
                        SystemClock())
    for _ in range(3):
        queue.issue("WDR")
    queue.close()

    def ready(running):
        window = running.manager
        window.sign_in_page.fields.staff_edit.setText("2001")
        window.sign_in_page.fields.pin_edit.setText("2468")
        window.sign_in_page.button.click()
        page = window.staffing_page

        def on_board():
            if not window.showing_board():
                QTimer.singleShot(50, on_board)
                return
            window.show_staffing_page()
            today = date.today()
            page.set_period(today, today)
            page.show_button.click()
            QTimer.singleShot(0, report)

        def report():
            if page.plan is None and not page.error():
                QTimer.singleShot(50, report)
                return
            plan = page.plan
            on_staffing = window.pages.currentWidget() is page
            window.show_stars_page()  # Ctrl+4: no head office configured here
            stars = window.stars_page
            print(json.dumps({
                "stars": window.pages.currentWidget() is stars,
                "stars_text": stars.source_label.text(),
                "stars_show": stars.show_button.isEnabled(),
                "error": page.error(),
                "staffing": on_staffing,
                "source": page.source_label.text(),
                "arrivals": sum(c.arrivals_per_hour for c in plan.cells.values()),
                "counters": sorted({c.counters for c in plan.cells.values()}),
            }), flush=True)
            QApplication.instance().quit()

        QTimer.singleShot(0, on_board)

    sys.exit(run_station(config, on_ready=ready))
    """
)


@pytest.mark.slow
def test_the_manager_opens_the_staffing_page_and_reads_this_pc(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("COUNTERDESK_CONFIG", None)
    result = subprocess.run(
        [sys.executable, "-c", STAFFING_CHILD, str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["error"] == ""
    assert report["staffing"] is True
    assert report["source"].endswith("read from this PC's own queue and journal.")
    # Three withdrawals in one hour of one day (two hours if the hour turned between them).
    assert report["arrivals"] == 3
    assert report["counters"] in ([1], [0, 1])
    # The Stars page as wired by the program: without [hq] url it says so, Show disabled.
    assert report["stars"] is True
    assert report["stars_text"].startswith("Star levels come from head office; this desk has no")
    assert report["stars_show"] is False
