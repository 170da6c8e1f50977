"""Conditional steps: the condition grammar, ``procedures check`` problems, the checklist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from procedure_helpers import PROCEDURES, line_of, toml

from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import (
    Checklist,
    Problem,
    ProcedureError,
    check_files,
    load_directory,
    parse_procedure,
)
from counterdesk.core.procedures.conditions import (
    ConditionSyntaxError,
    parse_condition,
    steps_of,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def template(extra: str, where: str = "source") -> str:
    """A deposit with an amount, a category choice and a note; ``extra`` goes into ``where``."""
    steps = {
        "amount": "",
        "category": "",
        "note": "",
        "source": "",
    }
    steps[where] = extra
    return toml(
        f"""
        business_type = "DEP"
        version = 1
        title_en = "Cash deposit"
        title_zh = "现金存款"
        on_incomplete = "block"

        [[steps]]
        id = "amount"
        text_en = "Count the cash"
        text_zh = "清点现金"
        {steps["amount"]}
        [steps.capture]
        type = "amount"
        label_en = "Amount"
        label_zh = "金额"

        [[steps]]
        id = "category"
        text_en = "Customer category"
        text_zh = "客户类别"
        {steps["category"]}
        [steps.capture]
        type = "choice"
        label_en = "Category"
        label_zh = "类别"
        [[steps.capture.choices]]
        value = "personal"
        label_en = "Personal"
        label_zh = "个人"
        [[steps.capture.choices]]
        value = "corporate"
        label_en = "Corporate"
        label_zh = "对公"

        [[steps]]
        id = "note"
        text_en = "Tell the customer about the receipt"
        text_zh = "告知客户回单"
        {steps["note"]}

        [[steps]]
        id = "source"
        text_en = "Record the source of funds"
        text_zh = "登记资金来源"
        {steps["source"]}
        [steps.capture]
        type = "text"
        label_en = "Source"
        label_zh = "来源"
        """
    )


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(ProcedureError) as info:
        parse_procedure(text, "t.toml")
    return info.value.problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


# -- grammar --------------------------------------------------------------------------------


def test_condition_grammar_reads_comparisons_and_or_in_and_parentheses() -> None:
    condition = parse_condition(
        "amount >= 5000000 and (category == 'corporate' or category in [\"personal\"])"
    )
    assert steps_of(condition) == {"amount", "category"}
    assert condition.holds({"amount": 5000000, "category": "corporate"})
    assert condition.holds({"amount": 8000000, "category": "personal"})
    assert not condition.holds({"amount": 4999999, "category": "corporate"})
    # A value not captured yet makes a comparison false.
    assert not condition.holds({"category": "corporate"})
    assert parse_condition("a < 1 or a > 9").holds({"a": 10})
    assert parse_condition("a != 'x'").holds({"a": "y"})
    assert parse_condition("a <= -1").holds({"a": -1})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty condition"),
        ("amount >=", "expected a number or a quoted text, found the end"),
        ("amount = 5", "unexpected '= 5'"),
        ("amount >= 5 and", "expected a step id, found the end"),
        ("amount 5", "expected a comparison"),
        ("(amount > 5", "expected ')', found the end"),
        ("amount in [1, 2", "expected ']', found the end"),
        ("amount > 5 5", "unexpected '5' after the condition"),
        ("__import__('os') == 1", "expected a comparison"),
        ("(" * 11 + "a > 1" + ")" * 11, "more than 10 nested parentheses"),
        ("a > 1 or " * 60 + "a > 1", "longer than 500 characters"),
    ],
)
def test_condition_syntax_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ConditionSyntaxError, match=None) as info:
        parse_condition(text)
    assert message in str(info.value)


# -- procedures check ------------------------------------------------------------------------


def test_template_with_conditions_loads() -> None:
    text = template('required_when = "amount >= 5000000"\nshown_when = "category != \'corporate\'"')
    procedure = parse_procedure(text, "t.toml")
    source = procedure.step("source")
    assert not source.mandatory
    assert source.is_required({"amount": 5000000, "category": "personal"})
    assert not source.is_required({"amount": 4999999, "category": "personal"})
    assert not source.is_shown({"amount": 5000000, "category": "corporate"})
    assert not source.is_required({"amount": 5000000, "category": "corporate"})


@pytest.mark.parametrize(
    ("extra", "where", "message"),
    [
        ('required_when = "amount >="', "source", "bad condition: expected a number"),
        ('required_when = "deposit >= 1"', "source", "step 'deposit' is not a step of this"),
        ("required_when = \"source == 'x'\"", "source", "cannot read the step itself"),
        ("shown_when = \"source == 'x'\"", "category", "step 'source' comes later"),
        ("required_when = \"note == 'x'\"", "source", "step 'note' captures no value"),
        ("required_when = \"amount >= '50000'\"", "source", "compare it with a whole number"),
        ('required_when = "amount >= 50000.00"', "source", "bad condition"),
        ('required_when = "category == 1"', "source", "compare it with a quoted text"),
        ("required_when = \"category > 'a'\"", "source", "use ==, != or in"),
        ("required_when = \"category == 'vip'\"", "source", "'vip' is not a choice of step"),
        ("required_when = 5", "source", "must be a condition"),
        ('required_when = "amount > 1"\nmandatory = true', "source", "contradicts required_when"),
    ],
)
def test_check_reports_each_condition_problem_once_with_its_line(
    extra: str, where: str, message: str
) -> None:
    text = template(extra, where)
    problem = only_problem(text)
    assert message in problem.message
    key = extra.split("\n")[-1].split(" ")[0]
    assert problem.line == line_of(text, key + " =")
    assert problem.step == where


def test_procedures_check_lists_one_line_per_problem(tmp_path: Path) -> None:
    bad = template("required_when = \"amount >= 'x' or nobody == 1\"")
    (tmp_path / "dep.toml").write_text(bad, encoding="utf-8")
    problems = check_files([tmp_path])
    assert [p.message for p in problems] == [
        "step 'amount' captures amount: compare it with a whole number in the smallest unit "
        "(5000000 for 50,000.00)",
        "step 'nobody' is not a step of this procedure; a condition reads earlier steps only",
    ]


def test_two_steps_reading_each_other_are_refused_as_a_cycle() -> None:
    text = template("shown_when = \"source == 'x'\"", "category").replace(
        'text_en = "Record the source of funds"',
        'text_en = "Record the source of funds"\nrequired_when = "category == \'corporate\'"',
    )
    problem = only_problem(text)
    assert problem.step == "category"
    assert problem.message == (
        "step 'source' comes later; a condition reads earlier steps only (so no cycle is possible)"
    )


MASKED = toml(
    """
    business_type = "DEP"
    version = 1
    title_en = "Cash deposit"
    title_zh = "现金存款"
    on_incomplete = "block"

    [[steps]]
    id = "identity"
    text_en = "Check the ID"
    text_zh = "核对证件"
    [steps.capture]
    type = "id_number"
    label_en = "ID number"
    label_zh = "证件号码"

    [[steps]]
    id = "mobile"
    text_en = "Record the mobile number"
    text_zh = "登记手机号码"
    [steps.capture]
    type = "text"
    label_en = "Mobile"
    label_zh = "手机"

    [[steps]]
    id = "check"
    text_en = "Check"
    text_zh = "核查"
    CONDITION
    """
)


@pytest.mark.parametrize(
    "condition",
    ["identity == '11010519491231002X'", "identity != 'x'", "mobile == '13812345678'"],
)
def test_a_condition_on_a_value_kept_masked_is_refused(condition: str) -> None:
    text = MASKED.replace("CONDITION", f'required_when = "{condition}"')
    problem = only_problem(text)
    assert problem.step == "check"
    assert "keeps its value masked" in problem.message


def test_a_text_condition_on_a_value_that_is_never_masked_loads() -> None:
    text = MASKED.replace("CONDITION", "required_when = \"mobile == 'none'\"")
    step = parse_procedure(text, "t.toml").step("check")
    assert step.is_required({"mobile": "none"})


def test_shipped_large_cash_rules() -> None:
    procedures = load_directory(PROCEDURES)
    dep = procedures["DEP"].step("source_of_funds")
    assert dep.is_required({"count_cash": 5000000})
    assert not dep.is_required({"count_cash": 4999999})
    wdr = procedures["WDR"].step("purpose")
    assert wdr.is_required({"amount": 8000000})
    assert not wdr.is_required({"amount": 3000000})
    fx = procedures["FX"]
    sold: dict[str, int | str] = {"direction": "settlement", "medium": "cash", "amount": 500000}
    assert fx.step("cash_origin").is_required(sold)
    assert not fx.step("cash_origin").is_shown({**sold, "medium": "account"})
    bought: dict[str, int | str] = {"direction": "purchase", "medium": "cash", "amount": 1000000}
    assert fx.step("cash_filing").is_required(bought)
    assert not fx.step("cash_filing").is_required({**bought, "amount": 999999})


# -- checklist -------------------------------------------------------------------------------


def deposit() -> Checklist:
    text = template('required_when = "amount >= 5000000"\nshown_when = "category != \'corporate\'"')
    return Checklist(parse_procedure(text, "t.toml"), "1001", START)


def test_conditionally_required_step_blocks_finish_only_over_the_threshold() -> None:
    big = deposit()
    big.check("amount", at(1), "80,000.00")
    big.check("category", at(2), "personal")
    big.check("note", at(3))
    verdict = big.finish_check()
    assert not verdict.allowed
    assert verdict.open_steps == ("source",)
    assert big.is_required("source")
    big.check("source", at(4), "salary")
    assert big.finish_check().allowed

    small = deposit()
    small.check("amount", at(1), "30,000.00")
    small.check("category", at(2), "personal")
    small.check("note", at(3))
    assert not small.is_required("source")
    assert small.finish_check().allowed


def test_hidden_step_cannot_be_checked_and_is_skipped_as_current() -> None:
    checklist = deposit()
    checklist.check("amount", at(1), "80,000.00")
    checklist.check("category", at(2), "corporate")
    checklist.check("note", at(3))
    assert checklist.current() is None
    assert checklist.finish_check().allowed
    with pytest.raises(DomainError, match="depends on the value of step 'category'"):
        checklist.check("source", at(4), "salary")


def test_reopening_a_value_reopens_the_steps_whose_condition_reads_it() -> None:
    checklist = deposit()
    checklist.check("amount", at(1), "80,000.00")
    checklist.check("category", at(2), "personal")
    checklist.check("source", at(3), "salary")
    assert checklist.uncheck("category") == ("category", "source")
    checklist.check("category", at(4), "corporate")
    assert not checklist.is_shown("source")
    assert not checklist.is_checked("source")
    assert checklist.uncheck("amount") == ("amount",)


@pytest.mark.parametrize("name", ["dep_v1.toml", "wdr_v1.toml", "fx_v1.toml"])
def test_released_version_1_texts_still_load_as_they_were(name: str) -> None:
    """Services keep the text they started with: the files as released must still load."""
    path = Path(__file__).parent / "released" / name
    procedure = parse_procedure(path.read_text(encoding="utf-8"), name)
    assert procedure.version == 1
    assert all(s.required_when is None and s.shown_when is None for s in procedure.steps)
    if name == "dep_v1.toml":
        checklist = Checklist(procedure, "1001", START)
        assert "source_of_funds" not in {s.id for s in checklist.open_mandatory()}
