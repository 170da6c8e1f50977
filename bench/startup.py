"""Benchmark: start-up to a painted teller window, peak memory, and finish-to-rating latency.

Each start-up is a fresh interpreter, timed from just before it is spawned until it reports the
first paint of its window; the same is done for a bare PySide6 window as the baseline, in the
same run. Peak memory is the child's maximum resident set size. The unreachable case starts
the teller against a PostgreSQL "server" on 127.0.0.1 that accepts connections and never
answers (each connect hangs until its timeout) and reports when the window is painted and
what it says then. The rating latency is measured in one process: from the teller's finish
request to the rating page being shown on the customer screen, through the real controller,
worker thread and windows.

    .venv/bin/python bench/startup.py [--runs 5] [--services 20]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARKER = "PAINTED"

BARE = textwrap.dedent(
    f"""
    import resource, sys
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                print("{MARKER}", kb, flush=True)
                app.quit()
            return False

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Counter 3"))
    window.resize(1280, 800)
    spy = Painted()
    window.installEventFilter(spy)
    window.show()
    app.exec()
    """
)

STATION = textwrap.dedent(
    f"""
    import resource, sys
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                print("{MARKER}", kb, flush=True)
                QApplication.instance().quit()
            return False

    spy = Painted()

    def ready(running):
        running.teller.installEventFilter(spy)

    config = Config(data_dir=Path(sys.argv[1]), counter_number=3)
    run_station(config, roles=("teller",), demo=True, on_ready=ready)
    """
)


#: The teller against a queue server that never answers: what the window says when painted.
UNREACHABLE = textwrap.dedent(
    f"""
    import json, resource, sys
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication
    from counterdesk.app.config import Config
    from counterdesk.app.gui import run_station

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                says = getattr(obj, "sign_in_page", None)
                says = says.notice() if says is not None and hasattr(says, "notice") else ""
                print("{MARKER}", kb, json.dumps(says), flush=True)
                QApplication.instance().quit()
            return False

    spy = Painted()

    def ready(running):
        running.teller.installEventFilter(spy)

    config = Config(data_dir=Path(sys.argv[1]), counter_number=3, queue_url=sys.argv[2])
    run_station(config, roles=("teller",), on_ready=ready)
    """
)


def start_once(script: str, data_dir: str, *args: str) -> tuple[float, float]:
    elapsed, peak_mb, _ = start_and_read(script, data_dir, *args)
    return elapsed, peak_mb


def start_and_read(script: str, data_dir: str, *args: str) -> tuple[float, float, str]:
    """Spawn a child; the time to its paint marker, its peak RSS and what it reported."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    said = ""
    t0 = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", script, data_dir, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(MARKER):
                elapsed = time.perf_counter() - t0
                fields = line.split(maxsplit=2)
                peak_mb = int(fields[1]) / 1024
                said = json.loads(fields[2]) if len(fields) > 2 else ""
                break
        else:
            raise RuntimeError("the child never painted its window")
        child.wait(timeout=60)
    return elapsed, peak_mb, said


def unreachable(runs: int) -> tuple[float, float, str]:
    """Median time to a painted teller window with a hanging queue server, its exit, its words.

    The server is a listener on 127.0.0.1 that never accepts: the kernel completes the TCP
    handshake and psycopg2 then waits for an answer until its 3 s connect timeout. The exit
    time includes waiting for the hanging connect to give up (a clean close on the worker).
    """
    painted: list[float] = []
    total: list[float] = []
    said = ""
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        url = f"postgresql://counterdesk@127.0.0.1:{server.getsockname()[1]}/counterdesk"
        for _ in range(runs):
            t0 = time.perf_counter()
            elapsed, _, said = start_and_read(UNREACHABLE, tmp, url)
            total.append(time.perf_counter() - t0)
            painted.append(elapsed)
    return statistics.median(painted), statistics.median(total), said


def startup(runs: int) -> dict[str, tuple[float, float]]:
    # An installed counterdesk (wheel or PyInstaller bundle) starts from bytecode, as PySide6
    # does here; a checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every module at
    # every start. Compile once, so both sides are measured as installed.
    compileall.compile_dir(str(ROOT / "counterdesk"), quiet=1)
    results: dict[str, list[tuple[float, float]]] = {"bare": [], "counterdesk": []}
    with tempfile.TemporaryDirectory() as tmp:
        start_once(STATION, tmp)  # first run creates and seeds the demo journal
        for _ in range(runs):
            results["bare"].append(start_once(BARE, tmp))
            results["counterdesk"].append(start_once(STATION, tmp))
    return {
        name: (statistics.median(t for t, _ in rows), max(m for _, m in rows))
        for name, rows in results.items()
    }


def rating_latency(services: int) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from counterdesk.app.builders import build_desk
    from counterdesk.app.config import Config
    from counterdesk.app.gui import seed_demo
    from counterdesk.app.station import Station
    from counterdesk.ui.customer.window import CustomerWindow
    from counterdesk.ui.tasks import TaskRunner
    from counterdesk.ui.teller.controller import DeskController
    from counterdesk.ui.teller.station import CustomerPresenter

    app = QApplication.instance() or QApplication(sys.argv[:1])
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        station = Station.open(Config(data_dir=Path(tmp), counter_number=3))
        desk = build_desk(station)
        desk.start_up()
        seed_demo(station, desk, tickets=0)
        runner = TaskRunner()
        controller = DeskController(desk, runner, station.clock)
        customer = CustomerWindow()
        presenter = CustomerPresenter(customer, controller, station.catalogue, "en")
        customer.show()
        desk.sign_in("1001", "1234")

        def wait(condition: object) -> None:
            deadline = time.perf_counter() + 10
            while not condition():  # type: ignore[operator]
                app.processEvents()
                if time.perf_counter() > deadline:
                    raise RuntimeError("timed out")

        for _ in range(services):
            desk.queue.issue("PWD")
            desk.call_next()
            desk.start()
            for step in desk.state().current.procedure.steps:  # type: ignore[union-attr]
                if step.mandatory:
                    value = "11010519491231002X" if step.capture is not None else None
                    if step.authorisation is not None:
                        desk.authorise_step(step.id, value, "2001", "2468")
                    else:
                        desk.check_step(step.id, value)
            t0 = time.perf_counter()
            controller.finish()
            wait(lambda: customer.page() == "rating")
            latencies.append((time.perf_counter() - t0) * 1000)
            controller.decline_rating()
            wait(lambda: runner.idle)
        runner.shutdown()
        desk.queue.close()
        station.close()
        # Tear the Qt objects down while the application still exists.
        for obj in (presenter, controller, runner, customer):
            obj.deleteLater()
        app.processEvents()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--services", type=int, default=20)
    args = parser.parse_args()

    figures = startup(args.runs)
    bare_t, bare_m = figures["bare"]
    ours_t, ours_m = figures["counterdesk"]
    print(f"start-up to first paint, median of {args.runs} (offscreen), peak RSS")
    print(f"  bare PySide6 window   {bare_t * 1000:7.0f} ms  {bare_m:6.1f} MB")
    print(f"  counterdesk teller    {ours_t * 1000:7.0f} ms  {ours_m:6.1f} MB")
    print(f"  ratio {ours_t / bare_t:.2f}x (target <= 3x), "
          f"extra memory {ours_m - bare_m:+.1f} MB (target <= 80 MB)")  # fmt: skip
    painted, total, said = unreachable(max(1, args.runs // 2))
    print("unreachable PostgreSQL queue (hanging listener on 127.0.0.1), teller window")
    print(f"  painted after {painted * 1000:7.0f} ms (target <= 1000 ms), "
          f"saying {said or '(nothing about the queue)'!r}; exit after {total:.1f} s")  # fmt: skip
    lat = sorted(rating_latency(args.services))
    print(f"finish -> rating page on the customer screen, {len(lat)} services")
    print(f"  p50 {statistics.median(lat):.1f} ms, max {lat[-1]:.1f} ms (target <= 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
