"""``counterdesk screenshot``: every window in each key state, rendered offscreen to PNG files.

It runs a scripted counter session on a throw-away demo journal with a fixed clock, so the
pictures are the same on every run: sign-in, an idle counter with a queue, a deposit being
served with its checklist, the supervisor authorisation, a refused finish, each page of
the customer screen, what the screens show after an error, the manager's board and each
report chart.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counterdesk.app.builders import build_desk, build_kiosk
from counterdesk.app.config import Config
from counterdesk.app.gui import seed_demo, stylesheet
from counterdesk.app.paths import resource
from counterdesk.app.station import Station
from counterdesk.core.clock import FixedClock
from counterdesk.services.desk import CounterDesk

#: 10:15 in Beijing on a Monday.
SCRIPT_START = datetime(2026, 11, 30, 2, 15, tzinfo=UTC)
SAMPLE_ID = "11010519491231002X"
SAMPLE_CRASH = "OSError: [Errno 28] No space left on device"
SAMPLE_LOG = "/home/teller/.local/share/counterdesk/logs/counterdesk.log"
SAMPLE_CONFIG = Path("/home/teller/.config/counterdesk/config.toml")
#: Screens the kiosk is shown on: small landscape, portrait kiosk, full-HD landscape.
KIOSK_SIZES = ((800, 600), (1080, 1920), (1920, 1080))
#: The one screen the demo's picture shows its windows tiled on.
DEMO_SCREEN = (1280, 800)


def _floor(
    station: Station,
    desk: CounterDesk,
    clock: FixedClock,
    language: str,
    shot: Callable[[Any, str], None],
) -> tuple[Any, Any]:
    """The kiosk (start, staff pages, ticket, printer fault, closed, each size) and the display.

    Returns:
        The kiosk and the display, still open (for the demo's picture).
    """
    from counterdesk.core.business import Priority
    from counterdesk.core.errors import DomainError
    from counterdesk.core.hours import OpeningHours
    from counterdesk.core.policy import CallingPolicy
    from counterdesk.services.floor import DisplayFeed
    from counterdesk.services.kiosk import PRIORITY_UNLOCK_SECONDS
    from counterdesk.ui.display.window import DisplayWindow
    from counterdesk.ui.kiosk.window import KioskWindow
    from counterdesk.ui.messages import error_text

    kiosk_service = build_kiosk(station)
    kiosk_service.hours = OpeningHours.parse("08:30-17:00")
    branch = station.config.branch_name
    kiosk = KioskWindow(station.catalogue, language, branch, stylesheet("kiosk.qss"))
    kiosk.resize(1080, 1350)
    kiosk.show()
    state = kiosk_service.state()
    kiosk.set_enabled_types(set(state.available) - {"FX"})
    kiosk.show_start()
    shot(kiosk, "kiosk-start")
    kiosk._on_staff_button()
    kiosk._staff.fields.staff_edit.setText("2001")
    kiosk._staff.fields.pin_edit.setText("2468")
    shot(kiosk, "kiosk-staff")
    kiosk._on_sign_in()
    kiosk.staff_unlocked(kiosk_service.unlock_priority("2001", "2468").name)
    shot(kiosk, "kiosk-priority")
    kiosk._on_priority_chosen(int(Priority.GREEN))
    shot(kiosk, "kiosk-priority-start")
    clock.advance(PRIORITY_UNLOCK_SECONDS)
    try:
        kiosk_service.issue("DEP", Priority.GREEN)
    except DomainError as expired:
        kiosk.show_ticket_refused(error_text(expired, language=language))
    shot(kiosk, "kiosk-unlock-expired")
    kiosk.show_start()
    issued = kiosk_service.issue("WDR")
    kiosk.show_issued(issued, True)
    shot(kiosk, "kiosk-issued")
    kiosk.show_issued(kiosk_service.issue("DEP"), False)
    shot(kiosk, "kiosk-printer-fault")
    kiosk.show_closed("hours", str(kiosk_service.hours))
    shot(kiosk, "kiosk-closed")
    kiosk.show_out_of_order()
    shot(kiosk, "kiosk-out-of-order")
    kiosk.clear_out_of_order()
    # The kiosk fits whatever screen it gets: every tile, and the whole ticket page.
    waiting = kiosk_service.issue("TRF")
    for width, height in KIOSK_SIZES:
        kiosk.resize(width, height)
        kiosk.show_start()
        shot(kiosk, f"kiosk-{width}x{height}")
        kiosk.show_issued(waiting, True)
        shot(kiosk, f"kiosk-{width}x{height}-issued")
    kiosk.show_start()

    # At opening: nothing called yet, customers waiting.
    opening = DisplayWindow(
        station.catalogue, language, branch, stylesheet("display.qss"), now=clock.now
    )
    opening.resize(1920, 1080)
    opening.show()
    opening.set_waiting(kiosk_service.queue.status())
    shot(opening, "display-opening")
    opening.close()
    # Other counters call too, so the lobby has a history.
    for counter in (1, 2, 5, 6):
        clock.advance(40)
        desk.queue.call_next(CallingPolicy(counter, station.catalogue.codes))
    clock.advance(30)
    desk.call_next()
    feed = DisplayFeed(kiosk_service.queue)
    update = feed.start()
    display = DisplayWindow(
        station.catalogue, language, branch, stylesheet("display.qss"), now=clock.now
    )
    display.resize(1920, 1080)
    display.show()
    display.set_notice(
        "Foreign exchange: please bring your passport. 外汇业务请携带护照。"
        " Our branch opens at 08:30 on weekdays and 09:00 on Saturdays."
    )
    for call in update.calls:
        display.show_call(call)
    display.set_waiting(update.status)
    shot(display, "display")
    # With [display] mark_over_target = true: the types over their target marked.
    marked = DisplayWindow(
        station.catalogue, language, branch, stylesheet("display.qss"), now=clock.now,
        mark_over_target=True,
    )  # fmt: skip
    marked.resize(1920, 1080)
    marked.show()
    for call in update.calls:
        marked.show_call(call)
    marked.set_waiting(update.status)
    shot(marked, "display-marked")
    marked.close()
    kiosk_service.queue.close()
    return kiosk, display


def _manager(
    station: Station,
    desk: CounterDesk,
    clock: FixedClock,
    language: str,
    shot: Callable[[Any, str], None],
) -> None:
    """The manager's sign-in and board, later the same morning, with more counters at work.

    Counters 1, 2, 5 and 6 finished the customers they called for the lobby display and closed;
    Zhang Wei opens counter 7 and goes to replenish cash, Chen Jing serves deposits and
    withdrawals at counter 8 (one customer did not come), Li Na still serves at counter 3.
    """
    from dataclasses import replace

    from counterdesk.app.builders import build_manager
    from counterdesk.app.report_shots import (
        report_screenshots,
        sample_history,
        sample_star_levels,
    )
    from counterdesk.core.policy import CallingPolicy
    from counterdesk.core.staff import Role
    from counterdesk.queue.base import CounterMode
    from counterdesk.services.board import PAUSE_LIMIT_SECONDS
    from counterdesk.ui.manager.reports import ReportsPage
    from counterdesk.ui.manager.window import ManagerWindow

    queue = desk.queue
    desk.staff.add("1003", "Chen Jing 陈静", Role.TELLER, "1357", stars=4)

    def other_desk(counter: int, serves: tuple[str, ...]) -> CounterDesk:
        config = replace(station.config, counter_number=counter, serves=serves)
        built = build_desk(replace(station, config=config), clock, queue=queue)
        built.start_up()
        return built

    seven = other_desk(7, ())
    seven.sign_in("1002", "5678")
    seven.pause("cash")
    paused_at = clock.now()
    for counter in (1, 2, 5, 6):
        for ticket in queue.at_counter(counter):
            queue.start(ticket.id, counter)
            clock.advance(20)
            queue.finish(ticket.id, counter)
    # Deposits and a VIP customer arriving later are called within their target, at the
    # same time at four counters, which then close.
    fresh = [queue.issue(code) for code in ("DEP", "VIP", "DEP", "DEP")]
    for counter, ticket, wait in zip((1, 2, 5, 6), fresh, (55, 40, 80, 35), strict=True):
        clock.advance(wait)
        called = queue.call_next(CallingPolicy(counter, (ticket.business_type,)))
        queue.start(called.ticket.id, counter)
    clock.advance(120)
    for counter in (1, 2, 5, 6):
        for ticket in queue.at_counter(counter):
            queue.finish(ticket.id, counter)
        queue.set_counter_mode(counter, CounterMode.CLOSED)
    eight = other_desk(8, ("DEP", "WDR"))
    eight.sign_in("1003", "1357")
    clock.advance(60)
    eight.call_next()
    clock.advance(90)
    eight.no_show()
    eight.call_next()
    clock.advance(20)
    eight.start()
    clock.advance(PAUSE_LIMIT_SECONDS + 130 - (clock.now() - paused_at).total_seconds())
    for working in (desk, seven, eight):
        working.heartbeat()

    window = ManagerWindow(station.catalogue, language, station.config.branch_name)
    page = ReportsPage(station.catalogue, language, ("local", "hq"),
                       station.config.branch_code, window.pages)  # fmt: skip
    window.add_reports_page(page)
    window.resize(1280, 800)
    window.show()
    window.sign_in_page.fields.staff_edit.setText("2001")
    window.sign_in_page.fields.pin_edit.setText("2468")
    shot(window, "manager-signin")
    reader, _ = build_manager(station, clock, queue=queue)
    window.show_board_page("Wang Fang 王芳")
    window.apply_board(reader.read())
    shot(window, "manager-board")
    report_screenshots(window, page, shot)
    from counterdesk.core.staffing_plan import plan
    from counterdesk.services.staffing_history import Source

    window.show_staffing_page()
    history = sample_history()
    window.staffing_page.set_period(history.first, history.last)
    window.staffing_page.show_plan(
        Source.HEAD_OFFICE, plan(history, station.catalogue.targets(), 0.8)
    )
    shot(window, "manager-staffing")
    window.show_stars_page()
    levels = sample_star_levels("2026-11")
    window.stars_page.show_levels(
        levels, {m.staff_no: m.name for m in desk.staff.all()} | {"1004": "Zhou Min 周敏"}
    )
    window.stars_page.table.selectRow(1)
    shot(window, "manager-stars")
    window.close()


def demo_picture(windows: dict[str, Any], screen: tuple[int, int]) -> Any:
    """The demo's windows as :func:`~counterdesk.ui.screens.tile_windows` lays them out.

    Each window is resized to its rectangle on one ``screen``-sized screen and painted there,
    the first (the teller's) last, as it is raised on top in the demo.
    """
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from counterdesk.ui.placement import Rect, demo_rects
    from counterdesk.ui.screens import window_minimum

    rects: dict[str, Rect] = {}
    # As the demo's tiler does: a window whose minimum grew at its new size (its texts wrap
    # anew) makes the windows be laid out again.
    for _ in range(4):
        minimum = {name: window_minimum(window) for name, window in windows.items()}
        placed = demo_rects([Rect(0, 0, *screen)], tuple(windows), minimum)
        if placed == rects:
            break
        rects = placed
        for name in reversed(tuple(windows)):
            windows[name].resize(rects[name].width, rects[name].height)
        # Texts re-fit after a resize, which asks for more layout, which a window's minimum
        # learns of a few turns of the event loop later.
        for _ in range(12):
            QApplication.processEvents()
    picture = QPixmap(*screen)
    picture.fill(QColor("#2d3640"))
    painter = QPainter(picture)
    for name in reversed(tuple(windows)):
        rect = rects[name]
        painter.drawPixmap(QPoint(rect.x, rect.y), windows[name].grab())
    painter.end()
    return picture


#: The set-up wizard's pages, in order, as their screenshots are named.
SETUP_PAGES = (
    "role", "branch", "counter", "queue", "hq", "screens", "printer", "language", "summary",
)  # fmt: skip


def setup_screenshots(out: Path, language: str) -> list[Path]:
    """Render every page of the set-up wizard to ``out``; return the files written.

    Nothing is written but the pictures: the wizard is never finished. The screens page
    shows each screen's number while it is open (``setup-screen-number``).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication

    from counterdesk.app.setup import build_wizard
    from counterdesk.ui.i18n import ensure_cjk_font, install_translations

    app = QApplication.instance() or QApplication(["counterdesk-screenshot"])
    assert isinstance(app, QApplication)
    translators = install_translations(app, language, resource("i18n"))
    ensure_cjk_font(app)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="counterdesk-setup-shots-") as tmp:
        config = Config(
            data_dir=Path(tmp), language=language, role="kiosk", branch_code="BJ0101",
            branch_name="Chaoyang Sub-branch 朝阳支行", counter_number=3, serves=("DEP", "WDR"),
            queue_url="postgresql://counterdesk_counter@10.1.0.5/branch",
            hq_url="postgresql://branch_bj0101@hq.example.cn/counterdesk",
            printer="escpos-network://10.1.0.20:9100",
        )  # fmt: skip
        # Shown on the last page, never written (the wizard is not finished): the same in
        # every run, so pictures of two runs compare.
        wizard = build_wizard(config, SAMPLE_CONFIG)
        wizard.resize(760, 560)
        wizard.show()
        pictures: dict[str, QPixmap] = {}
        # Walked as a kiosk (the printer page), then as a teller (the counter page), with the
        # wizard's own Next, so each page shows as it does in use.
        for role in ("kiosk", "teller"):
            wizard.restart()
            wizard.role_page.buttons[role].setChecked(True)
            while True:
                app.processEvents()
                name = SETUP_PAGES[wizard.currentId()]
                pictures[name] = wizard.grab()
                if name == "screens" and wizard.screens_page.markers:
                    pictures["screen-number"] = wizard.screens_page.markers[0].grab()
                if wizard.currentId() == wizard.SUMMARY:
                    break
                wizard.next()
        for name in (*SETUP_PAGES, "screen-number"):
            path = out / f"setup-{name}.{language}.png"
            pictures[name].save(str(path))
            written.append(path)
        wizard.reject()
        wizard.deleteLater()
        app.processEvents()
    for translator in translators:  # the application may go on in another language
        app.removeTranslator(translator)
    return written


def take_screenshots(out: Path, language: str) -> list[Path]:
    """Render the windows in each key state to ``out``; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The scripted session happens in Beijing, whatever this machine's zone (local times shown).
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

    from counterdesk.services.desk import FinishRefused
    from counterdesk.services.state import DeskAction
    from counterdesk.ui.customer.window import CustomerWindow
    from counterdesk.ui.i18n import ensure_cjk_font, install_translations
    from counterdesk.ui.tasks import TaskRunner
    from counterdesk.ui.teller.controller import DeskController
    from counterdesk.ui.teller.station import CustomerPresenter
    from counterdesk.ui.teller.window import TellerWindow

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["counterdesk-screenshot"])
    assert isinstance(app, QApplication)
    translators = install_translations(app, language, resource("i18n"))
    ensure_cjk_font(app)
    written: list[Path] = []

    with tempfile.TemporaryDirectory(prefix="counterdesk-shots-") as tmp:
        clock = FixedClock(SCRIPT_START)
        config = Config(
            data_dir=Path(tmp), language=language, counter_number=3,
            branch_name="Chaoyang Sub-branch 朝阳支行", branch_code="BJ0101",
        )  # fmt: skip
        station = Station.open(config, clock)
        desk = build_desk(station, clock)
        desk.start_up()
        seed_demo(station, desk, tickets=0)
        desk.queue.issue("DEP")
        for code in ("WDR", "WDR", "TRF", "DEP", "FX", "OPEN", "WDR", "CARD", "DEP", "PWD"):
            clock.advance(47)
            desk.queue.issue(code)
        desk.queue.issue("WDR", 2)
        clock.advance(540)

        runner = TaskRunner()
        controller = DeskController(desk, runner, clock)
        teller = TellerWindow(station.catalogue, 3, list(range(1, 9)), language, clock.now)
        stylesheet = resource("styles", "customer.qss")
        customer = CustomerWindow(
            stylesheet.read_text(encoding="utf-8") if stylesheet.is_file() else "",
            photo_dir=config.data_dir,
            language=language,
        )
        presenter = CustomerPresenter(customer, controller, station.catalogue, language)
        for window in (teller, customer):
            window.resize(1280, 800)
            window.show()

        def apply() -> None:
            state = desk.state()
            teller.apply_state(state.for_teller())
            teller.apply_queue(desk.queue.status())
            teller.apply_queue_connection(True)
            presenter.apply_state(state)
            app.processEvents()

        def shot(widget: QWidget, name: str) -> None:
            # A resize re-fits texts, which asks for another layout pass: let them all run.
            for _ in range(3):
                app.processEvents()
            path = out / f"{name}.{language}.png"
            widget.grab().save(str(path))
            written.append(path)

        def shot_with_dialog(dialog: QWidget, name: str) -> None:
            app.processEvents()
            base = teller.grab()
            painter = QPainter(base)
            painter.fillRect(base.rect(), QColor(0, 0, 0, 90))
            picture: QPixmap = dialog.grab()
            corner = QPoint(
                (base.width() - picture.width()) // 2, (base.height() - picture.height()) // 3
            )
            painter.drawPixmap(corner, picture)
            painter.end()
            path = out / f"{name}.{language}.png"
            base.save(str(path))
            written.append(path)

        teller.show_connecting()  # as every start shows it until the queue answers
        shot(teller, "teller-connecting")
        apply()
        shot(teller, "teller-signin")
        desk.sign_in("1001", "1234")
        apply()
        shot(teller, "teller-idle")
        shot(customer, "customer-idle")

        desk.call_next()
        clock.advance(35)
        desk.start()
        clock.advance(70)
        desk.check_step("identity", SAMPLE_ID)
        clock.advance(40)
        desk.check_step("deposit_slip")
        clock.advance(95)
        desk.check_step("count_cash", "80,000.00")
        clock.advance(12)
        apply()
        shot(teller, "teller-serving")
        shot(customer, "customer-serving")

        teller._authorise("supervisor", "")
        dialog = teller.auth_dialog
        assert dialog is not None
        shot_with_dialog(dialog, "teller-authorisation")
        dialog.reject()
        desk.authorise_step("supervisor", None, "2001", "2468")
        clock.advance(20)
        apply()
        try:
            desk.finish()
        except FinishRefused as refused:
            teller.show_failure(DeskAction.FINISH, refused)
        shot(teller, "teller-finish-refused")

        desk.check_step("source_of_funds", "salary")  # 80,000.00 is large cash
        clock.advance(30)
        desk.check_step("signature")
        clock.advance(15)
        desk.check_step("return_documents")
        desk.finish()
        apply()
        shot(customer, "customer-rating")
        desk.rate(2)
        apply()
        shot(customer, "customer-reasons")
        desk.rate_reasons(["waiting", "efficiency"])
        apply()
        shot(customer, "customer-thanks")
        desk.dismiss_rating()
        desk.pause("cash")
        apply()
        shot(customer, "customer-paused")
        shot(teller, "teller-paused")

        # After an error the crash handler logged: the customer asked to see staff, the
        # teller told where the log is.
        customer.show_out_of_order()
        shot(customer, "customer-out-of-order")
        customer.clear_out_of_order()
        teller.show_crash(SAMPLE_CRASH, SAMPLE_LOG)
        crash_dialog = teller.crash_dialog
        assert crash_dialog is not None
        shot_with_dialog(crash_dialog, "teller-crash")
        crash_dialog.accept()

        desk.resume()
        kiosk, display = _floor(station, desk, clock, language, shot)
        apply()
        # The same picture on every run: the newest call calm, the notice from its start.
        display.end_highlight()
        notice = display.notice_text()
        display.set_notice("")
        display.set_notice(notice)
        windows = {"teller": teller, "customer": customer, "kiosk": kiosk, "display": display}
        path = out / f"demo-{DEMO_SCREEN[0]}x{DEMO_SCREEN[1]}.{language}.png"
        demo_picture(windows, DEMO_SCREEN).save(str(path))
        written.append(path)
        kiosk.close()
        display.close()
        _manager(station, desk, clock, language, shot)
        written += setup_screenshots(out, language)

        for window in (teller, customer):
            window.close()
        runner.shutdown()
        desk.queue.close()
        station.close()
    del translators
    return written
