"""The keep rule of a capture: ID and mobile numbers masked unless the procedure says why not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from procedure_helpers import toml

from counterdesk.core.procedures import Problem, ProcedureError, parse_procedure
from counterdesk.core.procedures.checklist import Checklist
from counterdesk.core.procedures.model import Keep
from counterdesk.core.procedures.values import mask_personal


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("110105491231002", "110105******002"),  # the old 15-digit card
        ("13812345678", "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("138 1234 5678", "138****5678"),
        ("110105********002X", "110105********002X"),  # masking twice changes nothing
        ("138****5678", "138****5678"),
        ("Teacher", "Teacher"),
        ("12345678901", "12345678901"),  # not a mobile number (no 1[3-9] prefix)
    ],
)
def test_id_and_mobile_numbers_are_masked_by_their_form(typed: str, kept: str) -> None:
    assert mask_personal(typed) == kept


GOOD = toml(
    """
    business_type = "OPEN"
    version = 1
    title_en = "Account opening"
    title_zh = "开户"
    on_incomplete = "block"

    [[steps]]
    id = "greet"
    text_en = "Greet the customer"
    text_zh = "问候客户"

    [[steps]]
    id = "amount"
    text_en = "Count the cash"
    text_zh = "清点现金"
    [steps.capture]
    type = "amount"
    label_en = "Amount"
    label_zh = "金额"
    min = 1
    max = 100000000
    """
)


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(ProcedureError) as info:
        parse_procedure(text, "t.toml")
    return tuple(info.value.problems)


def text_capture_with(pattern: str) -> str:
    return GOOD.replace("min = 1\nmax = 100000000\n", "").replace(
        'type = "amount"', f"type = \"text\"\npattern = '{pattern}'"
    )


def id_capture(extra: str = "") -> str:
    return GOOD.replace("min = 1\nmax = 100000000\n", "").replace(
        'type = "amount"', f'type = "id_number"\n{extra}'.rstrip()
    )


def test_an_id_number_is_masked_by_default_and_checked_in_full() -> None:
    procedure = parse_procedure(id_capture(), "t.toml")
    step = procedure.steps[1]
    assert step.capture is not None
    assert step.capture.keep is Keep.MASKED
    checklist = Checklist(procedure, "1001", datetime(2026, 12, 1, 9, tzinfo=UTC))
    at = datetime(2026, 12, 1, 9, 1, tzinfo=UTC)
    with pytest.raises(Exception, match="check digit"):
        checklist.check(step.id, at, "110105194912310021")
    record = checklist.check(step.id, at, "11010519491231002X")
    assert record.value == "110105********002X"


def test_keep_full_needs_a_reason() -> None:
    (problem,) = problems_of(id_capture('keep = "full"'))
    assert "key 'capture.keep'" in str(problem)
    assert "keep_reason" in str(problem)


def test_keep_full_with_a_reason_stores_the_value_as_typed() -> None:
    text = id_capture('keep = "full"\nkeep_reason = "the regulator requires the full number"')
    capture = parse_procedure(text, "t.toml").steps[1].capture
    assert capture is not None
    assert capture.keep is Keep.FULL
    assert capture.keep_reason == "the regulator requires the full number"
    assert capture.kept("11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize(
    ("extra", "key", "why"),
    [
        ('keep = "hidden"', "capture.keep", "must be 'masked' or 'full'"),
        ('keep = "masked"\nkeep_reason = "why not"', "capture.keep_reason", "only for keep"),
        ('keep = "full"\nkeep_reason = ""', "capture.keep_reason", "must not be empty"),
    ],
)
def test_a_wrong_keep_rule_is_a_problem(extra: str, key: str, why: str) -> None:
    problems = problems_of(id_capture(extra))
    assert any(f"key '{key}'" in str(p) and why in str(p) for p in problems), problems


def test_keep_is_refused_on_an_amount() -> None:
    text = GOOD.replace('type = "amount"', 'type = "amount"\nkeep = "masked"')
    assert any("capture.keep" in str(p) for p in problems_of(text))


def test_a_text_capture_masks_mobile_numbers_only() -> None:
    capture = parse_procedure(text_capture_with("1[3-9]\\d{9}"), "t.toml").steps[1].capture
    assert capture is not None
    assert capture.kept(capture.parse("13812345678")) == "138****5678"
