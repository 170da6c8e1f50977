"""Refusals from the domain shown in the teller's language, and the completeness of the .ts file."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from counterdesk.app.builders import build_desk
from counterdesk.app.config import Config
from counterdesk.app.station import Station
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import (
    DomainError,
    QueueEmptyError,
    TransitionError,
    is_domain_word,
)
from counterdesk.core.policy import CallingPolicy
from counterdesk.core.procedures import Checklist, Procedure, load_directory
from counterdesk.core.staff import AccountLockedError, Role, SignInError
from counterdesk.core.text import sentence
from counterdesk.core.tickets import ACTION_WORDS, STATE_WORDS, Action, Ticket, TicketState
from counterdesk.queue.base import CounterMode
from counterdesk.queue.sql import MODE_WORDS
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk, FinishRefused
from counterdesk.storage.db import open_journal
from counterdesk.storage.staff import StaffDirectory
from counterdesk.ui.i18n import install_translations
from counterdesk.ui.messages import error_text

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
TS_FILE = I18N / "counterdesk_zh_CN.ts"
GENERIC_EN = "Something went wrong; the action was not done. Details are in the log."
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
VALID_ID = "11010519491231002X"


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    """The built Simplified Chinese translation, removed again so other tests stay English."""
    assert (I18N / "counterdesk_zh_CN.qm").is_file(), "run `make translations` first"
    installed: list[QTranslator] = install_translations(qapp, "zh_CN", I18N)
    assert installed, "the Chinese translation did not load"
    yield
    for translator in installed:
        qapp.removeTranslator(translator)


@pytest.fixture
def shanghai_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with local time in China (UTC+8), whatever the machine's zone."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def deposit() -> Procedure:
    return load_directory(ROOT / "resources" / "procedures")["DEP"]


def _ticket() -> Ticket:
    return Ticket.issue(
        id="t1", day=date(2026, 11, 30), number=1, prefix="A", business_type="DEP",
        priority=0, at=AT,
    )  # fmt: skip


def _refusal(action: Action) -> TransitionError:
    """Finish a waiting ticket, or recall at counter 4 a ticket called to counter 3."""
    ticket = _ticket() if action is Action.FINISH else _ticket().call(3, AT)
    with pytest.raises(TransitionError) as caught:
        ticket.finish(3, AT) if action is Action.FINISH else ticket.recall(4)
    return caught.value


# -- Chinese ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("zh")
def test_transition_error_shows_in_chinese_with_state_and_action_translated() -> None:
    error = _refusal(Action.FINISH)

    assert str(error) == "ticket A001 is waiting; cannot finish"
    assert error_text(error) == "号票 A001 当前状态为“排队中”，无法“办理完成”"


@pytest.mark.usefixtures("zh")
def test_transition_error_with_a_reason_translates_the_reason() -> None:
    error = _refusal(Action.RECALL)

    assert str(error) == "ticket A001 is called; cannot recall: it is at counter 3, not counter 4"
    assert error_text(error) == (
        "号票 A001 当前状态为“已叫号”，无法“重呼”：该号票在 3 号窗口，不在 4 号窗口"
    )


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock, catalogue: Catalogue) -> Iterator[CounterDesk]:
    journal = open_journal(tmp_path / "journal.db", clock)
    StaffDirectory(journal, clock).add("1001", "Li Na", Role.TELLER, "1234")
    config = Config(data_dir=tmp_path, counter_number=3, branch_name="Test branch", serves=("DEP",))
    station = Station(config=config, clock=clock, journal=journal, catalogue=catalogue)
    built = build_desk(
        station, queue=SqliteQueue(tmp_path / "journal.db", catalogue, clock, local_zone=UTC)
    )
    built.start_up()
    built.sign_in("1001", "1234")
    yield built
    built.queue.close()
    journal.close()


@pytest.mark.usefixtures("zh")
def test_desk_refusals_show_in_chinese_with_their_values(desk: CounterDesk) -> None:
    with pytest.raises(QueueEmptyError) as empty:
        desk.call_next()
    desk.queue.issue("DEP")
    desk.call_next()
    with pytest.raises(DomainError) as busy:
        desk.pause("lunch")

    assert str(empty.value) == "no customer is waiting for counter 3"
    assert error_text(empty.value) == "3 号窗口暂无排队客户"
    assert str(busy.value) == "finish or transfer ticket A001 before you pause"
    assert error_text(busy.value) == "请先办结或转移号票 A001，再暂停服务"


@pytest.mark.usefixtures("zh")
def test_a_paused_counter_names_its_mode_in_chinese(
    tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> None:
    queue = SqliteQueue(tmp_path / "queue.db", catalogue, clock, local_zone=UTC)
    try:
        queue.set_counter_mode(3, CounterMode.PAUSED, "lunch")
        with pytest.raises(DomainError) as paused:
            queue.call_next(CallingPolicy(3, ("DEP",)))
    finally:
        queue.close()

    assert str(paused.value) == "counter 3 is paused; open it first"
    assert error_text(paused.value) == "3 号窗口当前为“暂停服务”状态，请先开放窗口"


@pytest.mark.usefixtures("zh")
def test_finish_refusal_and_step_errors_use_step_texts_from_the_caller(
    deposit: Procedure,
) -> None:
    checklist = Checklist(deposit, "1001", AT)
    checklist.check("identity", AT, VALID_ID)
    checklist.check("deposit_slip", AT)
    checklist.check("count_cash", AT, "1,000")
    checklist.check("supervisor", AT)  # below the threshold: no supervisor needed
    refused = FinishRefused(checklist.finish_check(), can_override=False)
    texts = {step.id: step.text("zh_CN") for step in deposit.steps}
    with pytest.raises(DomainError) as too_much:
        Checklist(deposit, "1001", AT).check("count_cash", AT, "6,000,000")

    assert str(refused) == "cannot finish: mandatory steps still open: signature, return_documents"
    assert error_text(refused) == "无法办结，以下必办步骤尚未完成：signature, return_documents"
    assert error_text(refused, step_name=texts.__getitem__) == (
        "无法办结，以下必办步骤尚未完成：客户在存款回单上签字确认、将身份证件及回单交还客户"
    )
    assert str(too_much.value) == "step 'count_cash': amount must be at most 5,000,000.00"
    assert error_text(too_much.value, step_name=texts.__getitem__) == (
        "步骤 '当面清点现金并鉴别真伪'：金额不得超过 5,000,000.00"
    )


@pytest.mark.usefixtures("zh")
def test_field_labels_from_templates_follow_the_teller_language(deposit: Procedure) -> None:
    with pytest.raises(DomainError) as missing:
        Checklist(deposit, "1001", AT).check("count_cash", AT, "")

    assert str(missing.value) == "step 'count_cash': Amount counted is required"
    assert error_text(missing.value, language="zh_CN") == "步骤 'count_cash'：必须填写点验金额"


@pytest.mark.usefixtures("zh")
def test_typed_text_is_shown_as_typed_even_when_it_is_a_domain_word(deposit: Procedure) -> None:
    amount = deposit.step("count_cash").capture
    assert amount is not None
    with pytest.raises(DomainError) as typed:
        amount.parse("finish")

    assert is_domain_word("finish")
    assert error_text(typed.value) == "'finish' 不是有效金额，请按 50,000.00 的格式输入"


@pytest.mark.usefixtures("zh", "shanghai_time")
def test_account_lock_shows_local_time() -> None:
    until = datetime(2026, 11, 30, 9, 15, 30, tzinfo=UTC)  # 17:15:30 in Shanghai
    error = AccountLockedError(until)

    assert str(error) == "account locked until 17:16"
    assert error_text(error) == "账户已锁定，请于 17:16 后再试"


@pytest.mark.usefixtures("zh")
def test_sign_in_error_fills_the_lockout_rule() -> None:
    assert error_text(SignInError()) == ("工号或密码错误；连续输错 5 次密码，账户将被锁定 15 分钟")


@pytest.mark.usefixtures("zh")
def test_other_exceptions_give_the_generic_text_in_chinese() -> None:
    assert error_text(RuntimeError("database is locked")) == (
        "系统异常，操作未完成。详情请查看日志。"
    )


@pytest.mark.usefixtures("zh")
def test_an_unconverted_message_is_shown_as_it_is() -> None:
    error = DomainError("legacy {braces} message")

    assert error_text(error) == "Legacy {braces} message"


# -- English --------------------------------------------------------------------------------------


def test_english_is_unchanged_without_translators(deposit: Procedure) -> None:
    errors: list[BaseException] = [_refusal(Action.FINISH), _refusal(Action.RECALL), SignInError()]
    with pytest.raises(DomainError) as nested:
        Checklist(deposit, "1001", AT).check("count_cash", AT, "6,000,000")
    errors.append(nested.value)

    for error in errors:
        # The same words, started as a sentence (the templates are lower case: they nest).
        assert error_text(error) == sentence(str(error))
        assert error_text(error)[0].isupper()
    assert error_text(ValueError("boom")) == GENERIC_EN


def test_account_lock_in_english_uses_local_time_too(shanghai_time: None) -> None:
    del shanghai_time
    error = AccountLockedError(datetime(2026, 11, 30, 9, 15, tzinfo=UTC))

    assert error_text(error) == "Account locked until 17:15"
    assert error.until == datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


# -- the vocabulary and the .ts file ------------------------------------------------------------


def test_every_state_action_and_mode_is_marked_for_translation() -> None:
    assert set(STATE_WORDS) == {state.value for state in TicketState}
    assert set(ACTION_WORDS) == {action.value for action in Action}
    assert set(MODE_WORDS) == {mode.value for mode in CounterMode}


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?\d+|%n")


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS_FILE).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source", ""), translation))
    return found


def test_no_text_is_translated_outside_a_context() -> None:
    # lupdate files a text it finds in a module-level tr() helper under no context; at run time
    # the helper asks for its own context, so such a text would always show in English.
    outside = sorted(source for context, source, _ in _messages() if not context)
    assert outside == []


def test_every_text_is_translated() -> None:
    unfinished = [
        (context, source)
        for context, source, translation in _messages()
        if translation.get("type") in ("unfinished", "obsolete", "vanished")
        or not (translation.text or "").strip()
    ]

    assert _messages()
    assert unfinished == []


def test_translations_keep_every_placeholder() -> None:
    broken = [
        (context, source, translation.text)
        for context, source, translation in _messages()
        if sorted(_PLACEHOLDER.findall(source))
        != sorted(_PLACEHOLDER.findall(translation.text or ""))
    ]

    assert broken == []


def test_domain_templates_are_in_the_domain_context() -> None:
    domain = {source for context, source, _ in _messages() if context == "domain"}

    assert "ticket {label} is {state}; cannot {action}" in domain
    assert "account locked until {until:%H:%M}" in domain
    assert set(STATE_WORDS) | set(ACTION_WORDS) | set(MODE_WORDS) <= domain


def test_the_ts_file_has_every_text_in_the_class_that_translates_it(tmp_path: Path) -> None:
    # Qt looks a text up by the class that calls tr(): a text moved into another class loses its
    # translation unless the .ts follows (``make i18n-update`` offers the text's translation from
    # its old class, marked unfinished: check it and mark it finished).
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(
        str(path)
        for package in ("core", "services", "sync", "queue", "storage", "ui", "app")
        for path in (ROOT / "counterdesk" / package).rglob("*.py")
    )
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate), "-silent", "-no-obsolete", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    asked = {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in ET.parse(fresh).getroot().iter("context")
        for message in context.iter("message")
    }
    known = {(context, source) for context, source, _ in _messages()}

    assert asked
    assert sorted(asked - known) == []
