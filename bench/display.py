"""Benchmark: from a call at a counter to the lobby display showing it, and the display's idle CPU.

Starts the real display program (``counterdesk --role display``, offscreen) on a SQLite queue,
then, from this process acting as counters, calls tickets at irregular intervals. The display
logs each call it shows with the time it showed it; the latency is that time minus the moment
the call committed. Then nothing happens for a while, and the display's CPU time is read from
/proc to give its idle cost.

    .venv/bin/python bench/display.py [--calls 40] [--idle 10]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.core.clock import SystemClock  # noqa: E402
from counterdesk.core.policy import CallingPolicy  # noqa: E402
from counterdesk.core.procedures import load_catalogue  # noqa: E402
from counterdesk.queue.base import CounterMode  # noqa: E402
from counterdesk.queue.sqlite import SqliteQueue  # noqa: E402

SHOWN = re.compile(r"shown \w+ -> counter \d+ \(seq (\d+)(?:, recall)?\) at ([\d.]+)")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def shown(log: Path) -> dict[int, float]:
    text = log.read_text() if log.exists() else ""
    return {int(m[1]): float(m[2]) for m in SHOWN.finditer(text)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle measurement")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        queue_file = base / "queue.db"
        config = base / "display.toml"
        config.write_text(
            f'[queue]\nurl = "sqlite:///{queue_file}"\n[display]\nvoice = ["en"]\nengine = "mock"\n'
        )
        catalogue = load_catalogue(ROOT / "resources" / "business_types.toml")
        queue = SqliteQueue(queue_file, catalogue, SystemClock(), local_zone=UTC)
        queue.set_counter_mode(1, CounterMode.OPEN)
        for n in range(args.calls):
            queue.issue(catalogue.codes[n % len(catalogue.codes)])
        data = base / "display"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTERDESK_DATA_DIR": str(data)}
        log = data / "logs" / "counterdesk.log"
        with subprocess.Popen(
            [sys.executable, "-m", "counterdesk", "--config", str(config), "--role", "display"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ) as display:  # fmt: skip
            try:
                deadline = time.monotonic() + 30
                while not log.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)  # the log file appears once logging is set up
                time.sleep(2.0)  # let the window come up before measuring
                rng = random.Random(3)
                called: dict[int, float] = {}
                policy = CallingPolicy(1, catalogue.codes)
                for _ in range(args.calls):
                    queue.call_next(policy)
                    called[queue.last_event_seq()] = time.time()
                    time.sleep(rng.uniform(0.15, 0.6))
                deadline = time.monotonic() + 10
                while len(shown(log).keys() & called.keys()) < len(called):
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
                seen = shown(log)
                latencies = sorted((seen[s] - t) * 1000 for s, t in called.items() if s in seen)
                time.sleep(1.0)
                before = cpu_seconds(display.pid)
                time.sleep(args.idle)
                idle = (cpu_seconds(display.pid) - before) / args.idle * 100
            finally:
                display.terminate()
        queue.close()

    missing = len(called) - len(latencies)
    print(f"call at a counter -> shown on the lobby display ({len(latencies)} calls)")
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(f"  median {statistics.median(latencies):.0f} ms, p99 {p99:.0f} ms, "
          f"max {latencies[-1]:.0f} ms, not shown {missing} (target p99 < 1000 ms)")  # fmt: skip
    print(f"display idle CPU over {args.idle:.0f} s: {idle:.2f} % of one core (target < 1 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
