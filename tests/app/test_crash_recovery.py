"""A station killed with SIGKILL mid-service comes back with the same ticket and checklist."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.clock import SystemClock
from counterdesk.core.tickets import TicketState

ROOT = Path(__file__).resolve().parents[2]

# The station process: the same composition as the real program, serving a deposit half-way.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from counterdesk.app.config import Config
    from counterdesk.app.builders import build_desk
    from counterdesk.app.station import Station
    from counterdesk.core.staff import Role

    config = Config(data_dir=Path(sys.argv[1]), counter_number=3)
    station = Station.open(config)
    desk = build_desk(station)
    desk.start_up()
    desk.staff.add("1001", "Li Na", Role.TELLER, "1234")
    desk.staff.add("2001", "Wang Fang", Role.SUPERVISOR, "2468")
    desk.queue.issue("DEP")
    desk.sign_in("1001", "1234")
    desk.call_next()
    desk.start()
    desk.check_step("identity", "11010519491231002X")
    desk.check_step("deposit_slip")
    desk.check_step("count_cash", "80,000.00")
    desk.check_step("source_of_funds", "salary")
    print("mid-service", flush=True)
    sys.stdin.read()  # the teller is thinking; the power goes
    """
)


@pytest.mark.slow
def test_sigkill_mid_service_restarts_with_the_same_ticket_and_progress(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COUNTERDESK_DATA_DIR": str(tmp_path)},
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "mid-service"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    config = Config(data_dir=tmp_path, counter_number=3)
    with Station.open(config, SystemClock()) as station:
        desk = build_desk(station)
        desk.start_up()
        try:
            state = desk.sign_in("1001", "1234")
            assert state.current is not None
            assert state.current.ticket.label == "A001"
            assert state.current.ticket.state is TicketState.SERVING
            done = {v.step.id: v.record for v in state.current.steps if v.record is not None}
            assert set(done) == {"identity", "deposit_slip", "count_cash", "source_of_funds"}
            assert done["count_cash"].value == 8_000_000
            # The work goes on where it stopped, under the same rules.
            supervisor = next(v for v in state.current.steps if v.step.id == "supervisor")
            assert supervisor.needs_authorisation
            desk.authorise_step("supervisor", None, "2001", "2468")
            desk.check_step("signature")
            desk.check_step("return_documents")
            assert desk.finish().rating is not None
        finally:
            desk.queue.close()
