"""Tests for the runtime checklist: values, order, authorisation and the finish verdict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from procedure_helpers import amount

from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import (
    Authorisation,
    Checklist,
    FinishRule,
    Procedure,
    Step,
)

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def procedure(rule: FinishRule = FinishRule.BLOCK) -> Procedure:
    over_50k = Authorisation(when_over=5000000, of_step="amount")
    return Procedure(
        "DEP",
        1,
        "Deposit",
        "存款",
        rule,
        (
            Step("identity", "Check ID", "核验身份证件"),
            Step("amount", "Count", "清点现金", capture=amount(None)),
            Step("supervisor", "Authorise", "主管授权", authorisation=over_50k),
            Step("signature", "Sign", "客户签字确认"),
            Step("survey", "Survey", "满意度调查", mandatory=False),
        ),
        "test",
    )


def test_checklist_records_value_time_and_order() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    first = checklist.check("amount", at(30), "50,000.00")
    assert first.value == 5000000
    assert first.seconds_open == 30
    assert first.out_of_order
    assert first.sequence == 1
    second = checklist.check("identity", at(45))
    assert second.seconds_open == 15
    assert not second.out_of_order
    assert [r.step_id for r in checklist.records] == ["amount", "identity"]
    assert checklist.current() == procedure().step("supervisor")


def test_checklist_block_refuses_naming_open_steps() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    checklist.check("identity", at(10))
    verdict = checklist.finish_check(reason="customer left", override_by="boss")
    assert not verdict.allowed
    assert verdict.open_steps == ("amount", "supervisor", "signature")
    assert "amount, supervisor, signature" in verdict.message
    with pytest.raises(DomainError, match="mandatory steps still open"):
        verdict.raise_if_refused()


def test_checklist_warn_needs_reason_and_other_supervisor() -> None:
    checklist = Checklist(procedure(FinishRule.WARN), "teller1", T0)
    missing_both = checklist.finish_check()
    assert not missing_both.allowed
    assert "a reason and a supervisor override" in missing_both.message
    assert not checklist.finish_check(reason="printer broken").allowed
    own = checklist.finish_check(reason="printer broken", override_by=" Teller1 ")
    assert not own.allowed
    assert "other than the teller" in own.message
    assert not checklist.finish_check(reason="  ", override_by="boss").allowed
    ok = checklist.finish_check(reason="printer broken", override_by="boss")
    assert ok.allowed
    assert ok.override
    assert (ok.reason, ok.override_by) == ("printer broken", "boss")


def test_checklist_finishes_when_mandatory_steps_are_done() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    for n, step_id in enumerate(["identity", "amount", "supervisor", "signature"]):
        checklist.check(step_id, at(n), "100" if step_id == "amount" else None)
    verdict = checklist.finish_check()
    assert verdict.allowed
    assert not verdict.override
    assert checklist.open_mandatory() == ()


def test_authorisation_over_threshold_needs_another_person() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    with pytest.raises(DomainError, match="check that step first"):
        checklist.check("supervisor", at(1))
    checklist.check("amount", at(2), "50,000.01")
    assert checklist.needs_authorisation("supervisor")
    with pytest.raises(DomainError, match="'supervisor' needs a supervisor"):
        checklist.check("supervisor", at(3))
    with pytest.raises(DomainError, match="'supervisor' must be authorised by a supervisor other"):
        checklist.check("supervisor", at(3), authoriser="teller1")
    record = checklist.check("supervisor", at(4), authoriser="boss")
    assert record.authoriser == "boss"


def test_authorisation_not_needed_at_threshold() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    checklist.check("amount", at(2), "50,000.00")
    assert not checklist.needs_authorisation("supervisor")
    assert checklist.check("supervisor", at(3)).authoriser is None


def test_uncheck_reopens_dependent_authorisation() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    checklist.check("amount", at(1), "100")
    checklist.check("supervisor", at(2))
    with pytest.raises(DomainError, match="already checked"):
        checklist.check("amount", at(3), "90,000")
    assert checklist.uncheck("amount") == ("amount", "supervisor")
    assert checklist.uncheck("amount") == ()
    checklist.check("amount", at(4), "90,000")
    with pytest.raises(DomainError, match="needs a supervisor"):
        checklist.check("supervisor", at(5))


def test_void_authorisations_by_reopens_only_that_supervisors_steps() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    checklist.check("amount", at(1), "90,000")
    checklist.check("supervisor", at(2), authoriser="boss")
    assert checklist.void_authorisations_by("other boss") == ()
    assert checklist.void_authorisations_by(" BOSS ") == ("supervisor",)
    assert checklist.is_checked("amount")
    assert not checklist.is_checked("supervisor")


def test_check_validates_value() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    with pytest.raises(DomainError, match="step 'amount': amount may have at most 2 decimals"):
        checklist.check("amount", at(1), "12.345")
    with pytest.raises(DomainError, match="step 'amount': Amount is required"):
        checklist.check("amount", at(1))
    with pytest.raises(DomainError, match="does not capture a value"):
        checklist.check("identity", at(1), "x")
    with pytest.raises(DomainError, match="no step 'nope'"):
        checklist.check("nope", at(1))
    with pytest.raises(ValueError, match="aware"):
        checklist.check("identity", datetime(2024, 3, 1, 9, 0))  # naive on purpose
    assert checklist.records == ()


@pytest.mark.parametrize("rule", list(FinishRule))
def test_restore_gives_the_same_verdict(rule: FinishRule) -> None:
    original = Checklist(procedure(rule), "teller1", T0)
    original.check("amount", at(5), "60,000")
    original.check("supervisor", at(9), authoriser="boss")
    restored = Checklist.restore(procedure(rule), "teller1", T0, reversed(original.records))
    assert restored.records == original.records
    assert restored.open_mandatory() == original.open_mandatory()
    for reason, override_by in [(None, None), ("why", "boss"), ("why", "teller1")]:
        assert restored.finish_check(reason, override_by) == original.finish_check(
            reason, override_by
        )
    next_record = restored.check("identity", at(20))
    assert next_record.sequence == 3
    assert next_record.seconds_open == 11


def test_restore_refuses_unknown_or_repeated_steps() -> None:
    checklist = Checklist(procedure(), "teller1", T0)
    record = checklist.check("identity", at(1))
    with pytest.raises(DomainError, match="recorded twice"):
        Checklist.restore(procedure(), "teller1", T0, [record, record])
