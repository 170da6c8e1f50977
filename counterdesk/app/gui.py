"""Starting the windows: the teller station, the demo, and offscreen screenshots.

Start-up order (after :mod:`counterdesk.app.station`'s steps 1-5): the counter desk recovers any
service a crash interrupted, then the QApplication is created, translations and fonts are
installed, the windows are built around the controller, and the customer window is placed on
its screen before it is shown.
"""

from __future__ import annotations

import logging
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counterdesk.app.config import Config
from counterdesk.app.paths import resource
from counterdesk.app.station import Station, open_queue
from counterdesk.core.clock import Clock
from counterdesk.core.policy import CallingPolicy
from counterdesk.services.desk import CounterDesk
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage.staff import StaffDirectory
from counterdesk.storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def build_desk(station: Station, clock: Clock | None = None) -> CounterDesk:
    """Compose one counter's desk from an opened station (step 6 of the start-up order)."""
    config = station.config
    clock = clock or station.clock
    queue = open_queue(config, station)
    policy: CallingPolicy = station.policy(config.counter_number)
    return CounterDesk(
        counter=config.counter_number,
        branch_name=config.branch_name,
        queue=queue,
        uow=UnitOfWork(station.journal, clock),
        staff=StaffDirectory(station.journal, clock),
        catalogue=station.catalogue,
        library=ProcedureLibrary.load(resource("procedures"), station.catalogue),
        policy=policy,
        clock=clock,
    )


def display_available() -> bool:
    """Whether Qt can open a window here (a display, or an explicitly chosen platform)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


NO_DISPLAY = (
    "no display found: the teller station needs a screen. To see the windows on this machine, "
    "render them to PNG files instead: counterdesk screenshot --out DIR [--lang en|zh_CN]"
)


@dataclass
class DemoStaff:
    """A sample account the demo creates and prints."""

    staff_no: str
    name: str
    role: str
    pin: str


DEMO_STAFF = (
    DemoStaff("1001", "Li Na 李娜", "teller", "1234"),
    DemoStaff("1002", "Zhang Wei 张伟", "teller", "5678"),
    DemoStaff("2001", "Wang Fang 王芳", "supervisor", "2468"),
)


def seed_demo(station: Station, desk: CounterDesk, tickets: int = 12) -> None:
    """Give a fresh demo journal its sample staff and a queue with customers waiting."""
    from counterdesk.core.staff import Role

    existing = {member.staff_no for member in desk.staff.all()}
    for member in DEMO_STAFF:
        if member.staff_no not in existing:
            desk.staff.add(member.staff_no, member.name, Role(member.role), member.pin,
                           stars=4.5 if member.role == "teller" else 5.0)  # fmt: skip
    if desk.queue.status().issued_today == 0:
        rng = random.Random(7)
        codes = list(station.catalogue.codes)
        for _ in range(tickets):
            desk.queue.issue(rng.choice(codes), 2 if rng.random() < 0.1 else 0)


def demo_banner(data_dir: Path) -> str:
    """What the demo prints on start: where its data is and how to sign in."""
    lines = [f"counterdesk demo — data in {data_dir}", "Sample staff (staff number / PIN):"]
    for member in DEMO_STAFF:
        lines.append(f"  {member.role:<10} {member.name:<16} {member.staff_no} / {member.pin}")
    lines.append("Keys: F1 call next, F2 recall, F3 no-show, F4 start, F5 transfer, F6 hold,")
    lines.append("      F7 switch business, F8 finish, F9 pause/resume, F10 resume held.")
    return "\n".join(lines)


def run_station(
    config: Config,
    *,
    demo: bool = False,
    simulate_per_hour: float = 0.0,
    argv: list[str] | None = None,
    on_ready: Callable[[object], None] | None = None,
) -> int:
    """Run the teller station (or the demo) until its windows close; return the exit code."""
    from PySide6.QtWidgets import QApplication

    from counterdesk.ui.controller import DeskController
    from counterdesk.ui.customer_window import CustomerWindow
    from counterdesk.ui.i18n import ensure_cjk_font, install_translations
    from counterdesk.ui.screens import choose_customer_screen, place_on_screen
    from counterdesk.ui.simulator import ArrivalSimulator
    from counterdesk.ui.station import CustomerPresenter, connect_teller
    from counterdesk.ui.tasks import TaskRunner
    from counterdesk.ui.teller_window import TellerWindow

    station = Station.open(config)
    desk = build_desk(station)
    if demo:
        seed_demo(station, desk)
        print(demo_banner(config.data_dir), flush=True)

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("counterdesk")
    translators = install_translations(app, config.language, resource("i18n"))
    ensure_cjk_font(app)

    runner = TaskRunner(app)
    controller = DeskController(desk, runner, station.clock, parent=app)
    teller = TellerWindow(
        station.catalogue, config.counter_number, list(range(1, 13)), config.language,
        station.clock.now,
    )  # fmt: skip
    connect_teller(teller, controller)
    stylesheet = resource("styles", "customer.qss")
    customer = CustomerWindow(
        stylesheet.read_text(encoding="utf-8") if stylesheet.is_file() else "",
        photo_dir=config.data_dir,
        language=config.language,
    )
    presenter = CustomerPresenter(customer, controller, station.catalogue, config.language, app)

    simulator = None
    if simulate_per_hour > 0:
        simulator = ArrivalSimulator(desk, runner, simulate_per_hour, app)
        simulator.start()

    teller.show()
    place_on_screen(customer, choose_customer_screen(app, config.customer_screen))
    controller.start()

    def shut_down() -> None:
        controller.stop()
        if simulator is not None:
            simulator.stop()
        runner.shutdown()
        desk.queue.close()
        station.close()

    app.aboutToQuit.connect(shut_down)
    app.setQuitOnLastWindowClosed(True)
    if on_ready is not None:
        on_ready((teller, customer, controller, presenter, translators))
    return app.exec()
