"""Conditional steps at the counter: a large-cash step blocks every way of finishing.

The shipped cash deposit makes ``source_of_funds`` mandatory when the counted cash is
50,000.00 CNY or more (``required_when = "count_cash >= 5000000"``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

import pytest
from desk_helpers import (
    OTHER_TELLER,
    SUPERVISOR,
    TELLER,
    MakeDesk,
    open_station,
    serve_deposit,
    serving,
)

from counterdesk.app.builders import build_desk
from counterdesk.core.business import Catalogue
from counterdesk.core.clock import FixedClock
from counterdesk.core.errors import DomainError
from counterdesk.queue.sqlite import SqliteQueue
from counterdesk.services.desk import CounterDesk, FinishRefused
from counterdesk.services.library import ProcedureLibrary
from counterdesk.storage import models as m

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
RELEASED = Path(__file__).resolve().parents[1] / "core" / "released"

DeskOver = Callable[[Path], CounterDesk]


@pytest.fixture
def desk_over(
    make_desk: MakeDesk, tmp_path: Path, clock: FixedClock, catalogue: Catalogue
) -> Iterator[DeskOver]:
    """Build (or restart) a desk on the shared journal whose procedures come from a folder."""
    make_desk(start=False)  # the staff and the journal file, as the shared fixture makes them
    opened: list[CounterDesk] = []

    def build(procedures: Path) -> CounterDesk:
        path = tmp_path / "journal.db"
        built = build_desk(
            open_station(path, clock, catalogue, 3, ("DEP", "WDR", "VIP", "FX")),
            queue=SqliteQueue(path, catalogue, clock, local_zone=UTC),
            library=ProcedureLibrary.load(procedures, catalogue),
            rating_timeout=30,
        )
        built.start_up()
        opened.append(built)
        return built

    yield build
    for built in opened:
        built.queue.close()
        built.uow.db.close()


def procedures_with(tmp_path: Path, name: str, text: str) -> Path:
    """The shipped procedures with one file replaced."""
    folder = tmp_path / f"procedures-{name}"
    shutil.copytree(RESOURCES / "procedures", folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def finish_the_other_steps(desk: CounterDesk, supervisor: bool = True) -> None:
    if supervisor:
        desk.authorise_step("supervisor", None, *SUPERVISOR)
    else:
        desk.check_step("supervisor")
    desk.check_step("signature")
    desk.check_step("return_documents")


def refusal(desk: CounterDesk, *args: str) -> FinishRefused:
    with pytest.raises(FinishRefused) as info:
        desk.finish(*args)
    return info.value


def test_finish_80000_is_blocked_without_source_of_funds_and_passes_with_it(
    desk: CounterDesk, clock: FixedClock
) -> None:
    serve_deposit(desk, clock, "80,000.00", source_of_funds=None)
    view = serving(desk.state())
    source = next(v for v in view.steps if v.step.id == "source_of_funds")
    assert source.is_required
    assert source.shown
    assert "source_of_funds" in view.open_mandatory
    finish_the_other_steps(desk)
    refused = refusal(desk)
    assert refused.verdict.open_steps == ("source_of_funds",)
    assert not refused.can_override
    assert m.Service.get().state != "finished"
    desk.check_step("source_of_funds", "salary")
    assert desk.finish().rating is not None
    assert m.Service.get().state == "finished"


def test_finish_30000_does_not_require_source_of_funds(
    desk: CounterDesk, clock: FixedClock
) -> None:
    serve_deposit(desk, clock, "30,000.00")
    view = serving(desk.state())
    source = next(v for v in view.steps if v.step.id == "source_of_funds")
    assert not source.is_required
    finish_the_other_steps(desk, supervisor=False)
    assert desk.finish().rating is not None


def test_reopening_the_amount_reopens_the_source_and_a_lower_amount_relaxes_it(
    desk: CounterDesk, clock: FixedClock
) -> None:
    serve_deposit(desk, clock, "80,000.00", source_of_funds=None)
    desk.check_step("source_of_funds", "business")
    desk.uncheck_step("count_cash")
    view = serving(desk.state())
    assert {v.step.id for v in view.steps if v.record is None} >= {"count_cash", "source_of_funds"}
    desk.check_step("count_cash", "30,000.00")
    finish_the_other_steps(desk, supervisor=False)
    assert desk.finish().rating is not None


def test_supervisor_override_finishes_a_warn_procedure_with_the_source_open(
    desk_over: DeskOver, tmp_path: Path, clock: FixedClock
) -> None:
    text = (RESOURCES / "procedures" / "dep.toml").read_text(encoding="utf-8")
    warn = text.replace('on_incomplete = "block"', 'on_incomplete = "warn"')
    desk = desk_over(procedures_with(tmp_path, "dep.toml", warn))
    desk.sign_in(*TELLER)
    serve_deposit(desk, clock, "80,000.00", source_of_funds=None)
    finish_the_other_steps(desk)
    refused = refusal(desk)
    assert refused.can_override
    assert refused.verdict.open_steps == ("source_of_funds",)
    with pytest.raises(DomainError):  # the teller cannot override for themselves
        desk.finish("customer refused to say", *TELLER)
    assert desk.finish("customer refused to say", *SUPERVISOR).rating is not None
    service = m.Service.get()
    assert (service.state, service.override_by) == ("finished", SUPERVISOR[0])
    audit = m.AuditLog.get(m.AuditLog.action == "finish_override")
    assert audit.detail["open_steps"] == ["source_of_funds"]


def test_switching_to_a_deposit_applies_the_rule_to_the_new_procedure(
    desk: CounterDesk, clock: FixedClock
) -> None:
    desk.queue.issue("VIP")
    desk.call_next()
    desk.start()
    desk.switch_business_type("DEP")
    desk.check_step("identity", "11010519491231002X")
    desk.check_step("deposit_slip")
    desk.check_step("count_cash", "80,000.00")
    finish_the_other_steps(desk)
    assert refusal(desk).verdict.open_steps == ("source_of_funds",)
    desk.check_step("source_of_funds", "asset_sale")
    assert desk.finish().rating is not None


@pytest.mark.parametrize("by", [TELLER, OTHER_TELLER], ids=["restart", "takeover"])
def test_a_restart_or_takeover_keeps_the_source_of_funds_required(
    make_desk: MakeDesk, desk: CounterDesk, clock: FixedClock, by: tuple[str, str]
) -> None:
    serve_deposit(desk, clock, "80,000.00", source_of_funds=None)
    restarted = make_desk()
    restarted.sign_in(*by)
    view = serving(restarted.state())
    assert "source_of_funds" in view.open_mandatory
    finish_the_other_steps(restarted)
    assert refusal(restarted).verdict.open_steps == ("source_of_funds",)
    restarted.check_step("source_of_funds", "salary")
    assert restarted.finish().rating is not None


def test_a_service_started_on_the_released_text_keeps_its_rules_after_an_upgrade(
    desk_over: DeskOver, tmp_path: Path, clock: FixedClock
) -> None:
    v1 = (RELEASED / "dep_v1.toml").read_text(encoding="utf-8")
    old = desk_over(procedures_with(tmp_path, "dep.toml", v1))
    old.sign_in(*TELLER)
    serve_deposit(old, clock, "80,000.00", source_of_funds=None)
    upgraded = desk_over(RESOURCES / "procedures")  # a restart on the new templates
    upgraded.sign_in(*TELLER)
    view = serving(upgraded.state())
    assert view.procedure.version == 1
    assert "source_of_funds" not in view.open_mandatory
    finish_the_other_steps(upgraded)
    assert upgraded.finish().rating is not None
