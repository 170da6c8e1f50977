"""Stand-ins for the people at a branch, each a separate process using the real services.

    python tests/app/branch_actors.py kiosk CONFIG TICKETS DONE_FLAG
    python tests/app/branch_actors.py teller CONFIG DONE_FLAG

The kiosk takes TICKETS tickets through the kiosk service once a counter is open, then
creates DONE_FLAG. A teller signs in, then calls, serves through the whole procedure and
finishes until the kiosk is done and nobody waits. Each prints one JSON line at the end.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from counterdesk.app.builders import build_desk, build_kiosk
from counterdesk.app.config import load_config
from counterdesk.app.station import Station
from counterdesk.core.errors import QueueEmptyError
from counterdesk.core.procedures import CaptureType
from counterdesk.core.staff import Role
from counterdesk.services.desk import CounterDesk

VALID_ID = "11010519491231002X"
PAUSE = 0.01  # an actor's breath between attempts; the test itself never sleeps


def kiosk(config_path: Path, tickets: int, done: Path) -> None:
    station = Station.open(load_config(config_path))
    service = build_kiosk(station)
    while not service.state().any_counter_open:
        time.sleep(PAUSE)
    codes = sorted(service.state().available)
    issued = [service.issue(codes[n % len(codes)]).ticket.label for n in range(tickets)]
    done.touch()
    print(json.dumps({"issued": issued}), flush=True)


def serve(desk: CounterDesk) -> str:
    state = desk.start()
    assert state.current is not None
    label = state.current.ticket.label
    for step in state.current.procedure.steps:
        if not step.mandatory:
            continue
        value = None
        if step.capture is not None:
            value = {
                CaptureType.ID_NUMBER: VALID_ID,
                CaptureType.AMOUNT: "100.00",
                CaptureType.INTEGER: "1",
                # The shipped templates' text patterns: a card number, a mobile number.
                CaptureType.TEXT: "6222020200112233" if step.id != "mobile" else "13800138000",
                CaptureType.CHOICE: step.capture.choices[0].value if step.capture.choices else "",
            }[step.capture.type]
        view = next(v for v in desk.state().current.steps if v.step.id == step.id)  # type: ignore[union-attr]
        if view.needs_authorisation:
            desk.authorise_step(step.id, value, "2001", "2468")
        else:
            desk.check_step(step.id, value)
    desk.finish()
    desk.decline_rating()
    return label


def teller(config_path: Path, done: Path) -> None:
    station = Station.open(load_config(config_path))
    desk = build_desk(station)
    desk.start_up()
    desk.staff.add("1001", "Teller", Role.TELLER, "1234")
    desk.staff.add("2001", "Supervisor", Role.SUPERVISOR, "2468")
    desk.sign_in("1001", "1234")
    served: list[str] = []
    while True:
        try:
            desk.call_next()
        except QueueEmptyError:
            if done.exists() and desk.queue.status().waiting == 0:
                break
            time.sleep(PAUSE)
            continue
        served.append(serve(desk))
    desk.sign_out()
    print(json.dumps({"served": served}), flush=True)


if __name__ == "__main__":
    role, config = sys.argv[1], Path(sys.argv[2])
    if role == "kiosk":
        kiosk(config, int(sys.argv[3]), Path(sys.argv[4]))
    else:
        teller(config, Path(sys.argv[3]))
