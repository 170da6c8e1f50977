"""Starting the windows: the teller station, the demo, and offscreen screenshots.

Start-up order of :func:`run_station` (after :mod:`counterdesk.app.station`'s steps 1-5):

6. on the GUI thread, with no queue I/O: the process's one queue object and the services over
   it are built (:mod:`counterdesk.app.builders`), then the QApplication, translations and
   fonts, the task runner (the single worker), the queue watcher, the controllers and the
   windows; the windows are shown at once, saying "Connecting to the queue…", the customer
   window placed on its screen before it is shown;
7. on the worker, the start-up steps: connect the queue (``queue.open()``), recover the
   counter (``desk.start_up()``) and, in the demo, seed the sample staff and customers;
8. back on the GUI thread: the controllers read their first state and the queue's figures (on
   the worker) and the watcher starts. A queue that could not be reached leaves the windows
   saying so; the watcher retries with a growing wait, and its first answer finishes the
   counter's start-up (``desk.queue_back()``), so a teller is never stuck.

With ``[hq] url`` set, the sync with head office is planned at step 6 and runs on a thread of
its own (:mod:`counterdesk.ui.head_office`), never on the worker.

At exit the sync is asked to stop (a few seconds at most), the timers stop on the GUI thread,
then the worker's last task closes every
connection the worker opened (the queue, the watcher's, the journal's), then the worker stops
and the GUI thread's journal connection is closed.
"""

from __future__ import annotations

import logging
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counterdesk.app.builders import build_desk, build_kiosk
from counterdesk.app.config import Config
from counterdesk.app.paths import resource
from counterdesk.app.station import Station, open_queue
from counterdesk.core.errors import QT_TRANSLATE_NOOP
from counterdesk.queue.base import CallView, QueueOfflineError
from counterdesk.queue.sql import SqlQueue
from counterdesk.services.desk import CounterDesk
from counterdesk.storage.maintenance import BackgroundCheck

if TYPE_CHECKING:
    from counterdesk.queue.base import QueueStatus
    from counterdesk.services.state import IssuedTicket
    from counterdesk.ui.crash import CrashHandler

log = logging.getLogger(__name__)


def display_available() -> bool:
    """Whether Qt can open a window here (a display, or an explicitly chosen platform)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


#: Why a role cannot start without a display, by role (``demo``: the whole station).
NO_DISPLAY_REASONS = {
    "teller": QT_TRANSLATE_NOOP(
        "NoDisplay",
        "no display found: the teller station (the teller's window and the customer screen) "
        "needs a screen.",
    ),
    "kiosk": QT_TRANSLATE_NOOP("NoDisplay", "no display found: the ticket kiosk needs a screen."),
    "display": QT_TRANSLATE_NOOP(
        "NoDisplay", "no display found: the lobby display needs a screen."
    ),
    "manager": QT_TRANSLATE_NOOP(
        "NoDisplay", "no display found: the manager's board needs a screen."
    ),
    "demo": QT_TRANSLATE_NOOP(
        "NoDisplay",
        "no display found: the demo shows the teller's window, the customer screen, the "
        "kiosk and the lobby display on a screen.",
    ),
}
NO_DISPLAY_HINT = QT_TRANSLATE_NOOP(
    "NoDisplay",
    "To see the windows on this machine, render them to PNG files instead: {command}",
)
SCREENSHOT_COMMAND = "counterdesk screenshot --out DIR [--lang en|zh_CN]"
#: The teller's message, in English (kept for callers that need no role).
NO_DISPLAY = NO_DISPLAY_REASONS["teller"] + " " + NO_DISPLAY_HINT.format(command=SCREENSHOT_COMMAND)


def no_display_message(role: str, language: str = "en") -> str:
    """What a role says when it cannot open its windows: it names the role, in ``language``.

    Needs no display: the translation is read by a ``QCoreApplication`` (made if none runs).

    Args:
        role: ``teller``, ``kiosk``, ``display``, ``manager`` or ``demo``.
        language: ``en`` or ``zh_CN``.
    """
    from PySide6.QtCore import QCoreApplication

    from counterdesk.ui.i18n import install_translations, pseudo_enabled

    reason = NO_DISPLAY_REASONS.get(role, NO_DISPLAY_REASONS["teller"])
    translators = []
    app = QCoreApplication.instance()
    if language != "en" or pseudo_enabled():
        app = app or QCoreApplication(["counterdesk"])
        translators = install_translations(app, language, resource("i18n"))
    try:
        reason = QCoreApplication.translate("NoDisplay", reason)
        hint = QCoreApplication.translate("NoDisplay", NO_DISPLAY_HINT)
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
    return f"{reason} {hint.format(command=SCREENSHOT_COMMAND)}"


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


ROLES = ("teller", "kiosk", "display")
#: How often the lobby display checks for a notice pulled from head office (a version read).
NOTICE_REFRESH_MS = 60_000


@dataclass
class Running:
    """The windows and controllers of a running terminal (handed to ``on_ready``)."""

    app: Any
    runner: Any
    watcher: Any = None
    changes: Any = None
    teller: Any = None
    customer: Any = None
    head_office: Any = None
    desk_controller: Any = None
    kiosk: Any = None
    kiosk_controller: Any = None
    display: Any = None
    display_controller: Any = None
    announcer: Any = None
    simulator: Any = None
    manager: Any = None
    manager_controller: Any = None
    keep: list[Any] = field(default_factory=list)


def run_station(
    config: Config,
    *,
    roles: tuple[str, ...] | None = None,
    demo: bool = False,
    simulate_per_hour: float = 0.0,
    argv: list[str] | None = None,
    on_ready: Callable[[Running], None] | None = None,
) -> int:
    """Run a terminal's windows until they close; return the exit code.

    Args:
        config: the terminal's configuration.
        roles: which roles to run (default: the configured one); the demo runs all three.
        demo: seed sample staff and customers and print how to sign in.
        simulate_per_hour: issue tickets at random at this rate.
        argv: arguments for Qt.
        on_ready: called with the running parts once the windows are shown (tests, benches).

    The crash handler (:mod:`counterdesk.app.crash`) is installed first and removed on return.
    An error while the windows run is logged and shown, and the terminal carries on; an error
    before they run is logged as CRITICAL and raised, so the process ends with a non-zero code.
    """
    from counterdesk.app.logs import current_log_file
    from counterdesk.ui.crash import CrashHandler

    crash = CrashHandler(current_log_file())  # the file setup_logging opened, if any
    crash.install()
    try:
        return _run_station(
            config, crash, roles=roles, demo=demo, simulate_per_hour=simulate_per_hour,
            argv=argv, on_ready=on_ready,
        )  # fmt: skip
    except Exception:
        log.critical("the terminal could not start", exc_info=True)
        raise
    finally:
        crash.uninstall()


def _run_station(
    config: Config,
    crash: CrashHandler,
    *,
    roles: tuple[str, ...] | None,
    demo: bool,
    simulate_per_hour: float,
    argv: list[str] | None,
    on_ready: Callable[[Running], None] | None,
) -> int:
    from PySide6.QtWidgets import QApplication

    from counterdesk.app.crash import follow_crashes
    from counterdesk.ui.i18n import ensure_cjk_font, install_translations
    from counterdesk.ui.tasks import TaskRunner

    roles = roles or (ROLES if demo else (config.role,))
    station = Station.open(config)
    # One queue object for the whole process: every use of it runs on the single worker.
    queue = open_queue(config, station)
    desk = build_desk(station, queue=queue) if "teller" in roles or demo else None

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("counterdesk")
    translators = install_translations(app, config.language, resource("i18n"))
    ensure_cjk_font(app)
    runner = TaskRunner(app)
    watcher, changes, watch_closers = _watcher(config, station, runner, app)
    running = Running(app=app, runner=runner, watcher=watcher, changes=changes, keep=[translators])
    closers: list[Callable[[], None]] = []  # on the GUI thread: timers
    worker_closers: list[Callable[[], None]] = [queue.close, *watch_closers]
    starters: list[Callable[[bool], None]] = []  # once the start-up steps ran (queue reached?)

    if desk is not None:
        _start_teller(running, station, desk, config, closers, starters, show=not demo)
    if "kiosk" in roles:
        _start_kiosk(running, station, queue, config, fullscreen=not demo, closers=closers,
                     starters=starters)  # fmt: skip
    if "display" in roles:
        _start_display(running, station, queue, config, fullscreen=not demo, closers=closers,
                       starters=starters)  # fmt: skip
    if "manager" in roles:
        _start_manager(running, station, queue, config, closers)
    if demo:
        _tile_demo(running)
    starters.append(lambda _: watcher.start())
    closers.append(watcher.stop)
    if config.hq_url:
        _start_head_office(running, station, config, closers)
    if not station.journal_checked:
        # The journal was closed cleanly last time, so it is not checked before the windows:
        # the check runs once the counter has started, on a thread of its own (read-only).
        starters.append(lambda _: _ignore(check_journal_in_background(config.journal_file)))
    if config.close_at is not None:
        from counterdesk.services.day_close import DayClosing
        from counterdesk.ui.day_closer import DayCloser

        closer = DayCloser(DayClosing(queue, config.close_at), runner, parent=app)
        starters.append(lambda _: closer.start())
        closers.append(closer.stop)
    if simulate_per_hour > 0 and desk is not None:
        from counterdesk.ui.simulator import ArrivalSimulator, simulated_counters

        # In the demo, other counters serve too: the kiosk offers what they serve.
        counters = simulated_counters(config.counter_number) if demo else ()
        simulator = ArrivalSimulator(desk, runner, simulate_per_hour, app, counters=counters)
        running.simulator = simulator
        starters.append(lambda _: simulator.start())
        closers.append(simulator.stop)

    def close_worker_journal() -> None:
        station.journal.close()  # the worker's own journal connection (the services write there)

    worker_closers.append(close_worker_journal)

    def start_up() -> bool:
        """The start-up steps, on the worker; whether the queue was reached."""
        try:
            queue.open()
        except QueueOfflineError as exc:
            log.warning("queue unreachable at start (%s): the windows wait for it", exc)
            return False
        if desk is not None:
            desk.start_up()  # crash recovery and offline replay, before any teller action
            if demo:
                seed_demo(station, desk)
        return True

    failure: list[BaseException] = []

    def started(reached: bool) -> None:
        for start in starters:
            start(reached)

    def not_started(exc: BaseException) -> None:
        # A queue this program must not use (a newer schema, a damaged file): stop, and let
        # the command line report it as before the windows existed.
        failure.append(exc)
        app.quit()

    def shut_down() -> None:
        for close in closers:
            close()

        def close_on_worker() -> None:
            for close in worker_closers:
                try:
                    close()
                except Exception:  # the others must still be closed
                    log.exception("closing %r at exit failed", close)

        runner.shutdown(final=close_on_worker)
        station.close()  # the GUI thread's journal connection (migrations, reference data)

    app.aboutToQuit.connect(shut_down)
    app.setQuitOnLastWindowClosed(True)
    running.keep += follow_crashes(crash, running)
    if demo and desk is not None:
        print(demo_banner(config.data_dir), flush=True)
    runner.run(start_up, started, not_started)
    if on_ready is not None:
        on_ready(running)
    code = app.exec()
    if failure:
        raise failure[0]
    return code


def _ignore(_: object) -> None:
    """Drop a value (a starter returns nothing)."""


def check_journal_in_background(path: Path) -> BackgroundCheck:
    """Run ``quick_check`` on the journal without holding up the teller; the log has the result.

    A damaged journal is logged as an error, and this process leaves its open-journal marker
    behind at exit, so the next start checks the journal before use and refuses it.
    """
    from counterdesk.storage import shutdown

    def done(problems: list[str]) -> None:
        if problems:
            shutdown.keep_marker(path)

    return BackgroundCheck(path, done).start()


def _start_teller(
    running: Running,
    station: Station,
    desk: CounterDesk,
    config: Config,
    closers: list[Callable[[], None]],
    starters: list[Callable[[bool], None]],
    *,
    show: bool = True,
) -> None:
    from counterdesk.ui.customer.window import CustomerWindow
    from counterdesk.ui.screens import choose_customer_screen, place_on_screen
    from counterdesk.ui.teller.controller import DeskController
    from counterdesk.ui.teller.station import CustomerPresenter, connect_teller
    from counterdesk.ui.teller.window import TellerWindow

    controller = DeskController(
        desk, running.runner, station.clock, watcher=running.watcher, parent=running.app
    )
    teller = TellerWindow(
        station.catalogue, config.counter_number, list(range(1, 13)), config.language,
        station.clock.now,
    )  # fmt: skip
    connect_teller(teller, controller)
    from counterdesk.app.doctor import dialog_source
    from counterdesk.ui.diagnostics import attach_diagnostics

    attach_diagnostics(teller, dialog_source(config, station.clock), config.language)
    customer = CustomerWindow(
        stylesheet("customer.qss"), photo_dir=config.data_dir, language=config.language
    )
    presenter = CustomerPresenter(
        customer, controller, station.catalogue, config.language, running.app
    )
    teller.show_connecting()
    if show:  # the demo tiles its windows once they all exist
        teller.show()
        place_on_screen(customer, choose_customer_screen(running.app, config.customer_screen))
    starters.append(lambda reached: controller.start(queue_reached=reached))
    closers.append(controller.stop)
    running.teller, running.customer, running.desk_controller = teller, customer, controller
    running.keep.append(presenter)


def _start_manager(
    running: Running,
    station: Station,
    queue: SqlQueue,
    config: Config,
    closers: list[Callable[[], None]],
) -> None:
    """The manager's window: a supervisor signs in, then the board is read on the worker."""
    from counterdesk.app.builders import build_manager
    from counterdesk.ui.manager.controller import BoardController, connect_manager
    from counterdesk.ui.manager.window import ManagerWindow

    reader, sign_in = build_manager(station, queue=queue)
    controller = BoardController(reader, sign_in, running.runner, parent=running.app)
    window = ManagerWindow(station.catalogue, config.language, config.branch_name)
    connect_manager(window, controller, config.language)
    _add_reports(running, station, window, config, closers)
    from counterdesk.app.staffing_source import history_reader
    from counterdesk.ui.manager.staffing import StaffingController

    # The Staffing page reads head office (or this PC's queue and journal) on the same worker.
    staffing = StaffingController(
        window.staffing_page, history_reader(station, queue), dict(station.catalogue.targets()),
        running.runner, config.language,
        {t.code: float(t.service_seconds) for t in station.catalogue}, parent=running.app,
    )  # fmt: skip
    running.keep.append(staffing)
    from counterdesk.app.stars_source import staff_names, stars_reader
    from counterdesk.ui.manager.stars import StarsController

    # The Stars page asks head office (none configured: the page says so) on the same worker.
    stars = StarsController(
        window.stars_page, stars_reader(station), running.runner, config.language,
        staff_names(station), parent=running.app,
    )  # fmt: skip
    running.keep.append(stars)
    window.resize(1280, 800)
    window.show()
    closers.append(controller.stop)
    running.manager, running.manager_controller = window, controller


def _add_reports(
    running: Running,
    station: Station,
    window: Any,
    config: Config,
    closers: list[Callable[[], None]],
) -> None:
    """The manager's Reports page, computed on a worker of its own (the board keeps reading)."""
    from counterdesk.app.builders import build_reports
    from counterdesk.ui.manager.report_controller import ReportsController, connect_reports
    from counterdesk.ui.manager.reports import ReportsPage
    from counterdesk.ui.tasks import TaskRunner

    built = build_reports(station)
    runner = TaskRunner(running.app)
    controller = ReportsController(
        runner, built.sources, dict(station.catalogue.targets()),
        names=built.names, reasons=built.reasons, steps=built.steps, parent=running.app,
    )  # fmt: skip
    page = ReportsPage(station.catalogue, config.language, tuple(built.sources),
                       config.branch_code, window.pages)  # fmt: skip
    window.add_reports_page(page)
    connect_reports(window, page, controller, config.language)

    def stop() -> None:
        controller.cancel()

        def close() -> None:
            built.queue.close()
            station.journal.close()  # this worker's connection to the journal

        runner.shutdown(final=close)

    closers.append(stop)
    running.keep += [controller, page]


def _start_head_office(
    running: Running, station: Station, config: Config, closers: list[Callable[[], None]]
) -> None:
    """Sync with head office on a thread of its own; the teller's window shows how it went.

    Every role runs it (each owns a journal); it starts with the windows, not after the
    queue: head office does not need the branch's queue to be up.
    """
    from counterdesk.app.builders import build_head_office
    from counterdesk.sync.schedule import SyncSchedule
    from counterdesk.ui.head_office import HeadOfficeSyncer

    service = build_head_office(station)
    syncer = HeadOfficeSyncer(
        service, SyncSchedule(config.sync_at), station.clock, parent=running.app
    )
    if running.teller is not None:
        from counterdesk.ui.teller.head_office import HeadOfficePresenter

        presenter = HeadOfficePresenter(
            running.teller, syncer, service, running.runner,
            language=config.language, now=station.clock.now,
        )  # fmt: skip
        running.keep.append(presenter)
    running.head_office = syncer
    syncer.start()
    # First among the closers: the sync is asked to stop while the rest shuts down.
    closers.insert(0, syncer.stop)


def _start_kiosk(
    running: Running,
    station: Station,
    queue: SqlQueue,
    config: Config,
    *,
    fullscreen: bool,
    closers: list[Callable[[], None]],
    starters: list[Callable[[bool], None]],
) -> None:
    from datetime import datetime

    from counterdesk.core.slip import slip_for
    from counterdesk.services.printing import open_printer
    from counterdesk.ui.kiosk.controller import KioskController
    from counterdesk.ui.kiosk.printer import QtSystemPrinter
    from counterdesk.ui.kiosk.station import connect_kiosk
    from counterdesk.ui.kiosk.window import KioskWindow

    service = build_kiosk(station, queue=queue)
    printer = open_printer(config.printer, system=QtSystemPrinter)

    def print_ticket(issued: IssuedTicket) -> None:
        assert printer is not None
        printer.print_slip(slip_for(issued, now_local=datetime.now().astimezone(), qr=True))

    controller = KioskController(
        service, running.runner, print_ticket if printer is not None else None,
        running.watcher, parent=running.app,
    )  # fmt: skip
    window = KioskWindow(
        station.catalogue, config.language, config.branch_name, stylesheet("kiosk.qss")
    )
    connect_kiosk(
        window, controller,
        hours=str(service.hours) if service.hours else "", language=config.language,
    )  # fmt: skip
    window.show_closed("connecting")
    _show(running.app, window, fullscreen, config.customer_screen)
    if fullscreen:
        window.lock_down()
    starters.append(lambda _: controller.start())
    closers.append(controller.stop)
    running.kiosk, running.kiosk_controller = window, controller


def _start_display(
    running: Running,
    station: Station,
    queue: SqlQueue,
    config: Config,
    *,
    fullscreen: bool,
    closers: list[Callable[[], None]],
    starters: list[Callable[[bool], None]],
) -> None:
    from PySide6.QtCore import QTimer

    from counterdesk.services.floor import DisplayFeed, worth_announcing
    from counterdesk.services.reference import PulledReference
    from counterdesk.storage.reference import ReferenceCache
    from counterdesk.ui.display.announcer import Announcer
    from counterdesk.ui.display.controller import DisplayController
    from counterdesk.ui.display.window import DisplayWindow

    feed = DisplayFeed(queue, changes=running.changes)
    controller = DisplayController(feed, running.runner, running.watcher, parent=running.app)
    window = DisplayWindow(
        station.catalogue, config.language, config.branch_name, stylesheet("display.qss"),
        mark_over_target=config.mark_over_target,
    )  # fmt: skip
    reference = PulledReference(ReferenceCache(station.journal), config.branch_code)

    def refresh_notice() -> None:
        # One version read of the local journal; the texts are re-read only after a pull.
        notice = reference.lobby_notice()
        text = notice.text(window.language()) if notice is not None else config.notice
        if text != window.notice_text():
            window.set_notice(text)

    refresh_notice()
    notices = QTimer(window)
    notices.setObjectName("display-notice-refresh")
    notices.setInterval(NOTICE_REFRESH_MS)
    notices.timeout.connect(refresh_notice)
    notices.start()
    window.show_connecting(True)
    announcer = Announcer(config.voice, config.speech_engine or None, parent=running.app)

    def arrived(calls: list[CallView], announce: bool) -> None:
        if not announce:
            log.info("display ready: %d recent call(s) shown", len(calls))
        spoken = {c.seq for c in worth_announcing(calls)} if announce and config.voice else set()
        for call in calls:
            window.show_call(call)
            log.info(
                "shown %s -> counter %d (seq %d%s) at %.6f",
                call.ticket_label, call.counter, call.seq, ", recall" if call.recall else "",
                time.time(),
            )  # fmt: skip
            if call.seq in spoken:
                announcer.announce(call)

    connecting = [True]

    def status(status: QueueStatus) -> None:
        if connecting:  # the first answer of the queue ends the "connecting" notice
            connecting.clear()
            window.show_connecting(False)
        window.set_waiting(status)

    controller.calls_arrived.connect(arrived)
    controller.status_changed.connect(status)
    _show(running.app, window, fullscreen, config.customer_screen)
    starters.append(lambda _: controller.start())
    closers.append(controller.stop)
    running.display, running.display_controller, running.announcer = (
        window, controller, announcer,
    )  # fmt: skip


def _watcher(
    config: Config, station: Station, runner: Any, app: Any
) -> tuple[Any, Any, list[Callable[[], None]]]:
    """One watcher per terminal: LISTEN/NOTIFY on PostgreSQL, data_version on SQLite.

    Returns:
        The watcher, the change token readers should use (None: the queue's own), and what
        closes its connection (on the worker).
    """
    from counterdesk.ui.watch import NotifyWatcher, PollingWatcher

    if config.queue_file is None:
        from counterdesk.queue.postgres import PgAddress, PgListener

        listener = PgListener(PgAddress.parse(config.queue_url))
        return NotifyWatcher(listener, runner, parent=app), None, [listener.close]
    # A connection of its own, so every commit of this process's queue connection counts.
    queue = open_queue(config, station)
    return PollingWatcher(queue, runner, parent=app), queue, [queue.close]


def _show(app: Any, window: Any, fullscreen: bool, screen: Any) -> None:
    """Full screen on the configured screen (else the primary); the demo tiles it later."""
    from counterdesk.ui.screens import choose_customer_screen, place_on_screen

    if fullscreen:
        place_on_screen(window, choose_customer_screen(app, screen) or app.primaryScreen())


def _tile_demo(running: Running) -> None:
    """Lay the demo's windows side by side on the screens there are, none over another."""
    from counterdesk.ui.placement import DEMO_WINDOWS
    from counterdesk.ui.screens import tile_windows

    windows = {name: getattr(running, name) for name in DEMO_WINDOWS}
    tiler = tile_windows(running.app, {k: w for k, w in windows.items() if w is not None})
    running.keep.append(tiler)
    log.info("demo windows: %s", ", ".join(f"{k} {r}" for k, r in tiler.rects.items()))


def stylesheet(name: str) -> str:
    """The text of a style sheet in ``resources/styles`` (empty when missing)."""
    path = resource("styles", name)
    return path.read_text(encoding="utf-8") if path.is_file() else ""
