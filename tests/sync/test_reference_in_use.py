"""Reference data from HQ in use: business types, rating reasons and the lobby notice.

Published into a throwaway HQ on the real PostgreSQL server, pulled by the branch's role into
a real journal file, then used by the real program parts: the station's catalogue at its next
start (kiosk tiles, queue), the desk's rating prompt and the customer screen from the next
prompt, the lobby display's notice.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest
from hq_helpers import RoleNames, query
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.core.ratings import SHIPPED_REASONS
from counterdesk.core.staff import Role
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.reference import PulledReference
from counterdesk.storage.db import open_journal
from counterdesk.storage.reference import ReferenceCache, applied_version
from counterdesk.storage.staff import StaffDirectory
from counterdesk.sync.hq import add_branch, init_hq
from counterdesk.sync.publish import PublishRefused, publish_reference
from counterdesk.sync.pull import pull_reference
from counterdesk.ui.customer.parts import BigButton
from counterdesk.ui.customer.window import CustomerWindow
from counterdesk.ui.display.window import DisplayWindow
from counterdesk.ui.kiosk.tile import KioskTile
from counterdesk.ui.kiosk.window import KioskWindow

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
STYLES = ROOT / "resources" / "styles"
ENV = {"COUNTERDESK_HQ_PASSWORD": "branch-password"}
#: Where the pictures of the pulled notice and type go (looked at by a person; kept by CI).
PICTURES = Path(os.environ.get("COUNTERDESK_TEST_PICTURES", ROOT / "build" / ".work" / "pictures"))

TYPES = """
[[types]]
code = "DEP"
prefix = "A"
name_en = "Cash deposit and coin exchange"
name_zh = "现金存款及零钱兑换"
target_seconds = 480
service_seconds = 240

[[types]]
code = "GOLD"
prefix = "J"
name_en = "Precious metals"
name_zh = "贵金属业务"
target_seconds = 900

[[types]]
code = "PWD"
prefix = "F"
name_en = "Password reset"
name_zh = "密码重置"
target_seconds = 900
retired = true
"""

GOLD_PROCEDURE = """
business_type = "GOLD"
version = 1
title_en = "Precious metals"
title_zh = "贵金属业务"
on_incomplete = "block"

[[steps]]
id = "rate_shown"
text_en = "Show the customer today's gold price"
text_zh = "向客户展示当日金价"
mandatory = false
"""

#: A deposit procedure HQ simplified, so the test's service can finish at once.
DEP_PROCEDURE = GOLD_PROCEDURE.replace('business_type = "GOLD"', 'business_type = "DEP"').replace(
    "version = 1", "version = 3"
)

REASONS = """
[[reasons]]
code = "queue_info"
text_en = "Queue information unclear"
text_zh = "排队信息不清楚"

[[reasons]]
code = "waiting"
text_en = "Waited too long"
text_zh = "等候时间太长"
"""


@dataclass(frozen=True)
class Hq:
    """A throwaway HQ with two branches."""

    url: str
    a: str
    b: str


@pytest.fixture
def hq(hq_url: str, roles: RoleNames) -> Hq:
    init_hq(hq_url, roles.owner)
    a, b = roles.code("A"), roles.code("B")
    add_branch(hq_url, a, "branch-password", "Branch A")
    add_branch(hq_url, b, "branch-password", "Branch B")
    return Hq(hq_url, a, b)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def notices(hq: Hq) -> str:
    return f"""
[[notices]]
branch = ""
text_en = "New opening hours from 1 January"
text_zh = "1月1日起营业时间调整"

[[notices]]
branch = "{hq.a}"
text_en = "Counter 5 is closed for repairs today"
text_zh = "今日5号窗口维修暂停服务"
"""


def station_of(
    folder: Path, hq: Hq, clock: FixedClock, serves: tuple[str, ...] = ("DEP",)
) -> Station:
    config = Config(
        data_dir=folder,
        counter_number=3,
        branch_code=hq.a,
        branch_name="Chaoyang Sub-branch",
        serves=serves,
    )
    return Station.open(config, clock)


def save(widget: DisplayWindow | KioskWindow | CustomerWindow, name: str) -> Path:
    PICTURES.mkdir(parents=True, exist_ok=True)
    path = PICTURES / name
    assert widget.grab().save(str(path))
    return path


def test_published_types_reasons_and_notice_are_what_the_terminal_offers_and_shows(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue, qtbot: QtBot
) -> None:
    files = [
        write(tmp_path, "types.toml", TYPES),
        write(tmp_path, "gold.toml", GOLD_PROCEDURE),
        write(tmp_path, "dep2.toml", DEP_PROCEDURE),
        write(tmp_path, "reasons.toml", REASONS),
        write(tmp_path, "notices.toml", notices(hq)),
    ]
    published = publish_reference(hq.url, files, None, "January", catalogue)
    assert (published.business_types, published.procedures) == (3, 2)
    assert (published.rating_reasons, published.notices) == (2, 2)
    data = tmp_path / "terminal"
    # The terminal runs with the shipped reference data; a teller is at counter 3.
    station = station_of(data, hq, clock)
    StaffDirectory(station.journal, clock).add("1001", "Li Na", Role.TELLER, "1234")
    queue = SqliteQueue(station.config.journal_file, station.catalogue, clock, local_zone=UTC)
    desk = build_desk(station, queue=queue)
    desk.start_up()
    desk.sign_in("1001", "1234")
    reference = PulledReference(ReferenceCache(station.journal), hq.a)
    assert reference.rating_reasons() == SHIPPED_REASONS
    assert reference.lobby_notice() is None

    report = pull_reference(station.journal, hq.url, hq.a, clock, catalogue=catalogue, environ=ENV)
    assert not report.refused, report.problems
    assert applied_version(station.journal) == published.version

    # From the next use, without a restart: the rating prompt offers HQ's reasons...
    queue.issue("DEP")
    desk.call_next()
    desk.start()
    state = desk.finish()
    assert state.rating is not None
    assert [r.code for r in state.rating.reasons] == ["queue_info", "waiting"]
    customer = CustomerWindow((STYLES / "customer.qss").read_text(encoding="utf-8"))
    qtbot.addWidget(customer)
    customer.resize(1280, 800)
    with qtbot.waitExposed(customer):
        customer.show()
    customer.show_rating(state.rating.scale)
    customer.show_reasons(state.rating.reasons)
    buttons = {
        b.label_text(): b
        for b in customer.findChildren(BigButton)
        if b.objectName() == "reasonButton"
    }
    assert set(buttons) == {"Queue information unclear", "Waited too long"}
    with qtbot.waitSignal(customer.reasons_chosen) as chosen:
        qtbot.mouseClick(buttons["Queue information unclear"], Qt.MouseButton.LeftButton)
        submit = customer.findChild(QPushButton, "submitButton")
        assert submit is not None
        qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert chosen.args == [["queue_info"]]
    desk.rate(1)
    desk.rate_reasons(chosen.args[0])
    stored = query_journal(station.config.journal_file, "SELECT score, reasons FROM rating")
    assert stored == [(1, '["queue_info"]')]
    save(customer, "customer-reasons-from-hq.png")
    # ... and the display's notice is this branch's (its own wins over the all-branches one).
    notice = reference.lobby_notice()
    assert notice is not None
    assert (
        notice.text("en") == "Counter 5 is closed for repairs today   ·   今日5号窗口维修暂停服务"
    )
    assert PulledReference(ReferenceCache(station.journal), hq.b).lobby_notice() == type(notice)(
        "New opening hours from 1 January", "1月1日起营业时间调整"
    )
    # The business types wait for the next start: the running catalogue is the shipped one.
    assert "GOLD" not in station.catalogue.codes
    queue.close()
    station.close()

    # Restarted; its counter now serves the new type (config checked against the overlay).
    restarted = station_of(data, hq, clock, ("DEP", "GOLD", "PWD"))
    try:
        kinds = restarted.catalogue
        assert kinds.codes[-1] == "GOLD"
        assert "PWD" not in kinds.codes
        assert kinds.get("F").code == "PWD"  # a ticket of the day still shows its type
        assert kinds.get("DEP").name_en == "Cash deposit and coin exchange"
        assert kinds.targets()["DEP"] == 480
        kiosk = KioskWindow(
            kinds, "en", "Chaoyang Sub-branch", (STYLES / "kiosk.qss").read_text(encoding="utf-8")
        )
        qtbot.addWidget(kiosk)
        kiosk.resize(1280, 800)
        with qtbot.waitExposed(kiosk):
            kiosk.show()
        tiles = {
            str(t.property("code")): t
            for t in kiosk.findChildren(KioskTile)
            if t.objectName() == "typeButton"
        }
        assert "PWD" not in tiles
        assert (tiles["GOLD"].title(), tiles["GOLD"].subtitle()) == (
            "Precious metals",
            "贵金属业务",
        )
        assert tiles["GOLD"].badge.text() == "J"
        assert tiles["DEP"].title() == "Cash deposit and coin exchange"
        kiosk.set_enabled_types(set(kinds.codes))
        with qtbot.waitSignal(kiosk.ticket_requested) as requested:
            qtbot.mouseClick(tiles["GOLD"], Qt.MouseButton.LeftButton)
        assert requested.args[0] == "GOLD"
        save(kiosk, "kiosk-with-hq-type.png")
        new_queue = SqliteQueue(restarted.config.journal_file, kinds, clock, local_zone=UTC)
        try:
            assert new_queue.issue("GOLD").label == "J001"
            with pytest.raises(DomainError, match="PWD is no longer offered"):
                new_queue.issue("PWD")
        finally:
            new_queue.close()
        display = DisplayWindow(
            kinds, "en", "Chaoyang Sub-branch", (STYLES / "display.qss").read_text(encoding="utf-8")
        )
        qtbot.addWidget(display)
        display.resize(1920, 1080)
        with qtbot.waitExposed(display):
            display.show()
        display.set_notice(notice.text("en"))
        assert display.notice().isVisible()
        # Readable from 5 m: at least 40 px on a 1080-line screen (about 14 mm capitals on 43").
        assert display.notice().font().pixelSize() >= 40
        save(display, "display-with-hq-notice.png")
    finally:
        restarted.close()


def query_journal(path: Path, sql: str) -> list[tuple[object, ...]]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return [tuple(row) for row in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def test_a_changed_ticket_letter_or_a_new_type_without_procedure_is_refused(
    hq: Hq, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    changed = write(tmp_path, "types.toml", TYPES.replace('prefix = "A"', 'prefix = "Q"'))
    with pytest.raises(PublishRefused) as refused:
        publish_reference(
            hq.url, [changed, write(tmp_path, "gold.toml", GOLD_PROCEDURE)], None, "", catalogue
        )
    lines = [str(p) for p in refused.value.problems]
    assert lines == [
        "business type DEP: its ticket letter A cannot change to Q (tickets and reports carry "
        "it); publish a new code instead"
    ]
    with pytest.raises(PublishRefused) as refused:
        publish_reference(hq.url, [write(tmp_path, "types.toml", TYPES)], None, "", catalogue)
    assert [str(p) for p in refused.value.problems] == [
        "business_type GOLD: has no procedure; publish one with it"
    ]
    assert query(hq.url, "SELECT count(*) FROM hq.ref_release") == [(0,)]

    # Written into HQ past publish (another tool): the terminal's pull refuses it all the same.
    (release,) = query(hq.url, "INSERT INTO hq.ref_release DEFAULT VALUES RETURNING version")[0]
    entry = {
        "code": "DEP", "prefix": "Q", "name_en": "Deposit", "name_zh": "存款",
        "target_seconds": 600,
    }  # fmt: skip
    query(
        hq.url,
        "INSERT INTO hq.ref_business_type (code, payload, ref_version) VALUES ('DEP', %s, %s)",
        (json.dumps(entry), release),
    )
    journal = open_journal(tmp_path / "journal.db", clock)
    report = pull_reference(journal, hq.url, hq.a, clock, catalogue=catalogue, environ=ENV)
    assert report.refused
    assert "its ticket letter A cannot change to Q" in str(report.problems[0])
    assert applied_version(journal) == 0
    assert ReferenceCache(journal).pulled_business_types() == []
