"""A branch on one PC: kiosk, two counters and the lobby display as separate processes."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]
ACTORS = Path(__file__).with_name("branch_actors.py")
TICKETS = 24
SHOWN = re.compile(r"shown (\w+) -> counter (\d+) \(seq (\d+)(, recall)?\)")


def write_config(path: Path, queue_url: str, **extra: str) -> Path:
    lines = [f'[queue]\nurl = "{queue_url}"']
    for table, body in extra.items():
        lines.append(f"[{table}]\n{body}")
    path.write_text("\n".join(lines) + "\n")
    return path


def read_queue(url: str) -> tuple[list[tuple[int, str, int]], Counter[str]]:
    """The calls in event order, and the tickets' states, read straight from the database."""
    calls_sql = (
        "SELECT e.seq, t.prefix, t.number, e.counter FROM ticket_event e "
        "JOIN ticket t ON t.id = e.ticket_id WHERE e.action = 'call' ORDER BY e.seq"
    )
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
            rows = con.execute(calls_sql).fetchall()
            states = Counter(s for (s,) in con.execute("SELECT state FROM ticket"))
    else:
        import psycopg2

        con = psycopg2.connect(url)
        with con, con.cursor() as cur:
            cur.execute(calls_sql)
            rows = cur.fetchall()
            cur.execute("SELECT state FROM ticket")
            states = Counter(s for (s,) in cur.fetchall())
        con.close()
    return [
        (seq, f"{prefix}{number:03d}", counter) for seq, prefix, number, counter in rows
    ], states


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_kiosk_two_counters_and_display_share_one_queue(
    tmp_path: Path, qtbot: QtBot, request: pytest.FixtureRequest, engine: str
) -> None:
    if engine == "postgres":
        queue_url = request.getfixturevalue("pg_url")
    else:
        queue_url = f"sqlite:///{tmp_path / 'branch-queue.db'}"
    done = tmp_path / "kiosk-done"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def start(name: str, *args: str) -> subprocess.Popen[str]:
        data = tmp_path / name
        data.mkdir()
        return subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**env, "COUNTERDESK_DATA_DIR": str(data)},
        )  # fmt: skip

    display_cfg = write_config(
        tmp_path / "display.toml", queue_url, display='voice = ["en"]\nengine = "mock"'
    )
    display = start(
        "display", sys.executable, "-m", "counterdesk", "--config", str(display_cfg),
        "--role", "display",
    )  # fmt: skip
    log = tmp_path / "display" / "logs" / "counterdesk.log"
    # The lobby screen is on before the branch opens.
    qtbot.waitUntil(lambda: log.exists() and "display ready" in log.read_text(), timeout=30_000)
    tellers = [
        start(
            f"teller{n}",
            sys.executable,
            str(ACTORS),
            "teller",
            str(write_config(tmp_path / f"teller{n}.toml", queue_url, counter=f"number = {n}")),
            str(done),
        )
        for n in (1, 2)
    ]
    kiosk = start(
        "kiosk", sys.executable, str(ACTORS), "kiosk",
        str(write_config(tmp_path / "kiosk.toml", queue_url)), str(TICKETS), str(done),
    )  # fmt: skip
    try:
        results = []
        for actor in (kiosk, *tellers):
            out, err = actor.communicate(timeout=120)
            assert actor.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        issued = results[0]["issued"]
        served = [label for r in results[1:] for label in r["served"]]

        calls, states = read_queue(queue_url)

        def shown() -> list[tuple[int, str, int]]:
            text = log.read_text() if log.exists() else ""
            return [(int(m[3]), m[1], int(m[2])) for m in SHOWN.finditer(text)]

        qtbot.waitUntil(lambda: len(shown()) >= len(calls), timeout=10_000)
    finally:
        display.terminate()
        _, display_err = display.communicate(timeout=30)

    assert len(issued) == TICKETS
    assert sorted(served) == sorted(issued), "each ticket served once, none lost"
    assert Counter(served).most_common(1)[0][1] == 1
    assert all(r["served"] for r in results[1:]), "both counters served customers"
    assert states == {"finished": TICKETS}
    assert len(calls) == TICKETS
    expected = [(seq, label, counter) for seq, label, counter in calls]
    assert sorted(shown()) == expected, "the display shows each call once"
    if engine == "sqlite":  # one writer at a time: commits come in the feed's order
        assert shown() == expected, "in the order they were made"
    for counter in (1, 2):  # on PostgreSQL in the order they committed: each counter's in order
        assert [c for c in shown() if c[2] == counter] == [c for c in expected if c[2] == counter]
    assert "Traceback" not in display_err
