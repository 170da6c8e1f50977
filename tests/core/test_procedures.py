"""Tests for procedure templates, their loader, the catalogue loader and the checklist."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counterdesk.core.business import Priority
from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import (
    Authorisation,
    Capture,
    CaptureType,
    CatalogueError,
    Checklist,
    Choice,
    FinishRule,
    Problem,
    Procedure,
    ProcedureError,
    Step,
    check_files,
    format_amount,
    load_catalogue,
    load_directory,
    load_procedure,
    parse_amount,
    parse_id_number,
    parse_procedure,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
PROCEDURES = RESOURCES / "procedures"
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def toml(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the nth line containing needle, computed independently of the loader."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth]


def problems_of(text: str, source: str = "t.toml") -> tuple[Problem, ...]:
    with pytest.raises(ProcedureError) as info:
        parse_procedure(text, source)
    return info.value.problems


# A valid template; the malformed cases below each change one thing in it.
GOOD = toml(
    """
    business_type = "DEP"
    version = 1
    title_en = "Cash deposit"
    title_zh = "现金存款"
    on_incomplete = "block"

    [[steps]]
    id = "identity"
    text_en = "Check the ID"
    text_zh = "核验身份证件"

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

    [[steps]]
    id = "supervisor"
    text_en = "Supervisor authorisation"
    text_zh = "主管授权"
    [steps.authorisation]
    when_over = 5000000
    of_step = "amount"
    """
)


def with_change(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


# --- shipped data ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(PROCEDURES.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_procedure_loads(path: Path) -> None:
    procedure = load_procedure(path)
    assert path.stem == procedure.business_type.lower()
    assert procedure.version == 1
    assert procedure.steps
    for step in procedure.steps:
        assert step.text("en")
        assert step.text("zh_CN")


def test_shipped_catalogue_and_procedures_match() -> None:
    catalogue = load_catalogue(RESOURCES / "business_types.toml")
    procedures = load_directory(PROCEDURES)
    assert set(catalogue.codes) == set(procedures)
    assert {"DEP", "WDR", "TRF", "OPEN", "CARD", "PWD", "FX", "VIP"} <= set(catalogue.codes)
    assert catalogue.get("A").code == "DEP"
    assert catalogue.get("VIP").priority_weight == Priority.VIP
    assert all(600 <= t.target_seconds <= 1200 for t in catalogue)
    assert check_files([PROCEDURES]) == []


def test_shipped_deposit_needs_supervisor_over_fifty_thousand() -> None:
    deposit = load_directory(PROCEDURES)["DEP"]
    rule = deposit.step("supervisor").authorisation
    assert rule == Authorisation(when_over=5000000, of_step="count_cash")
    assert deposit.on_incomplete is FinishRule.BLOCK


# --- malformed templates -------------------------------------------------------------------------


def test_good_template_parses() -> None:
    procedure = parse_procedure(GOOD, "t.toml")
    assert procedure.source == "t.toml"
    assert [s.id for s in procedure.steps] == ["identity", "amount", "supervisor"]
    assert procedure.steps[1].capture == Capture(
        CaptureType.AMOUNT, "Amount", "金额", min=1, max=100000000
    )
    assert procedure.title("zh_CN") == "现金存款"


def test_syntax_error_reports_its_line() -> None:
    text = with_change('text_zh = "清点现金"', 'text_zh = "清点现金')
    (problem,) = problems_of(text)
    assert problem.line == line_of(text, 'text_zh = "清点现金')
    assert str(problem).startswith(f"t.toml:{problem.line}: TOML syntax error: ")
    assert "(at line" not in str(problem)


def test_unknown_key_is_reported() -> None:
    text = with_change('id = "identity"\n', 'id = "identity"\nmandatroy = false\n')
    (problem,) = problems_of(text)
    line = line_of(text, "mandatroy")
    assert str(problem).startswith(f"t.toml:{line}: step 'identity': key 'mandatroy': unknown key")
    assert "mandatory" in problem.message


def test_duplicate_step_id() -> None:
    text = with_change('id = "supervisor"', 'id = "identity"')
    (problem,) = problems_of(text)
    line = line_of(text, 'id = "identity"', nth=1)
    assert str(problem) == (
        f"t.toml:{line}: step 'identity': key 'id': duplicate step id (first used by step #1)"
    )


def test_min_greater_than_max() -> None:
    text = with_change("min = 1\n", "min = 200000000\n")
    (problem,) = problems_of(text)
    line = line_of(text, "max = 100000000")
    assert str(problem) == f"t.toml:{line}: step 'amount': key 'capture.max': must be >= min"


def test_bad_regex() -> None:
    without_supervisor = GOOD.split('[[steps]]\nid = "supervisor"')[0]
    text = without_supervisor.replace('type = "amount"', "type = \"text\"\npattern = '[0-9'")
    (problem,) = problems_of(text)
    line = line_of(text, "pattern =")
    assert str(problem).startswith(
        f"t.toml:{line}: step 'amount': key 'capture.pattern': invalid regular expression: "
    )


def test_missing_zh_text() -> None:
    text = with_change('text_zh = "核验身份证件"\n', "")
    (problem,) = problems_of(text)
    line = line_of(text, 'id = "identity"')
    assert str(problem) == f"t.toml:{line}: step 'identity': key 'text_zh': required key is missing"


def test_empty_zh_text() -> None:
    text = with_change('text_zh = "核验身份证件"', 'text_zh = "  "')
    (problem,) = problems_of(text)
    line = line_of(text, 'text_zh = "  "')
    assert str(problem) == f"t.toml:{line}: step 'identity': key 'text_zh': must not be empty"


@pytest.mark.parametrize(
    ("of_step", "why"),
    [
        ("identity", "step 'identity' does not"),  # earlier, but captures nothing
        ("nowhere", "step 'nowhere' does not"),  # no such step
    ],
)
def test_bad_of_step(of_step: str, why: str) -> None:
    text = with_change('of_step = "amount"', f'of_step = "{of_step}"')
    (problem,) = problems_of(text)
    line = line_of(text, "of_step =")
    assert str(problem).startswith(
        f"t.toml:{line}: step 'supervisor': key 'authorisation.of_step': {why}"
    )


def test_of_step_must_not_be_a_later_step() -> None:
    text = toml(
        """
        business_type = "WDR"
        version = 1
        title_en = "Withdrawal"
        title_zh = "取款"
        on_incomplete = "warn"

        [[steps]]
        id = "supervisor"
        text_en = "Authorise"
        text_zh = "授权"
        authorisation = { when_over = 100, of_step = "amount" }

        [[steps]]
        id = "amount"
        text_en = "Amount"
        text_zh = "金额"
        capture = { type = "amount", label_en = "Amount", label_zh = "金额" }
        """
    )
    (problem,) = problems_of(text)
    assert problem.step == "supervisor"
    assert problem.key == "authorisation.of_step"
    assert problem.line == line_of(text, "authorisation = {")


def test_every_problem_is_reported_at_once() -> None:
    text = toml(
        """
        business_type = "dep"
        version = 0
        title_en = "Cash deposit"
        on_incomplete = "maybe"

        [[steps]]
        id = "amount"
        text_en = "Count"
        text_zh = "清点"
        mandatroy = true
        [steps.capture]
        type = "money"
        label_en = "Amount"
        label_zh = "金额"

        [[steps]]
        id = "amount"
        text_en = "Choose"
        text_zh = "选择"
        [steps.capture]
        type = "choice"
        label_en = "Pick"
        label_zh = "选择"
        [[steps.capture.choices]]
        value = "a"
        label_en = "A"
        label_zh = "甲"
        [[steps.capture.choices]]
        value = "a"
        label_en = "B"
        label_zh = "乙"
        """
    )
    problems = problems_of(text, "multi.toml")
    found = {(p.step, p.key) for p in problems}
    assert found == {
        (None, "business_type"),
        (None, "version"),
        (None, "title_zh"),
        (None, "on_incomplete"),
        ("amount", "mandatroy"),
        ("amount", "capture.type"),
        ("amount", "id"),
        ("amount", "capture.choices[1].value"),
    }
    by_key = {p.key: p for p in problems}
    assert by_key["version"].line == line_of(text, "version = 0")
    assert by_key["capture.type"].line == line_of(text, 'type = "money"')
    assert by_key["id"].line == line_of(text, 'id = "amount"', nth=1)
    assert by_key["capture.choices[1].value"].line == line_of(text, 'value = "a"', nth=1)
    assert all(str(p).startswith("multi.toml:") and "\n" not in str(p) for p in problems)


def test_other_semantic_checks() -> None:
    text = toml(
        """
        business_type = "FX"
        version = 1
        title_en = "FX"
        title_zh = "外汇"
        on_incomplete = "block"

        [[steps]]
        id = "Bad-Id"
        text_en = "x"
        text_zh = "x"
        mandatory = "yes"

        [[steps]]
        id = "pick"
        text_en = "x"
        text_zh = "x"
        hint_en = "only English"
        [steps.capture]
        type = "choice"
        label_en = "x"
        label_zh = "x"
        choices = []
        min = 1
        """
    )
    keys = {(p.step, p.key) for p in problems_of(text)}
    assert keys == {
        ("Bad-Id", "id"),
        ("Bad-Id", "mandatory"),
        ("pick", "hint_zh"),
        ("pick", "capture.choices"),
        ("pick", "capture.min"),
    }


def test_no_steps_is_a_problem() -> None:
    text = GOOD.split("[[steps]]")[0] + "steps = []\n"
    (problem,) = problems_of(text)
    assert problem.key == "steps"
    assert "at least one step" in problem.message


# --- files and directories ---------------------------------------------------------------------


def test_check_files_reports_missing_and_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "dep.toml"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "wdr.toml"
    bad.write_text("version = \n", encoding="utf-8")
    missing = tmp_path / "nope.toml"
    problems = check_files([good, bad, missing])
    assert [p.file for p in problems] == [str(bad), str(missing)]
    assert problems[0].line == 1
    assert str(problems[1]).startswith(f"{missing}: cannot read file")
    assert check_files([good]) == []


def test_load_directory_keeps_highest_version(tmp_path: Path) -> None:
    (tmp_path / "dep.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "dep_v2.toml").write_text(
        GOOD.replace("version = 1", "version = 2"), encoding="utf-8"
    )
    (tmp_path / "README.md").write_text("not a template", encoding="utf-8")
    procedures = load_directory(tmp_path)
    assert list(procedures) == ["DEP"]
    assert procedures["DEP"].version == 2
    assert procedures["DEP"].source == str(tmp_path / "dep_v2.toml")


def test_same_type_and_version_twice_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ProcedureError) as info:
        load_directory(tmp_path)
    (problem,) = info.value.problems
    assert str(problem) == (
        f"{tmp_path / 'b.toml'}:2: key 'version': "
        f"business type DEP version 1 is also defined in {tmp_path / 'a.toml'}"
    )


def test_load_directory_missing(tmp_path: Path) -> None:
    with pytest.raises(ProcedureError, match="not a directory"):
        load_directory(tmp_path / "absent")


# --- catalogue ---------------------------------------------------------------------------------


def test_catalogue_problems_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "types.toml"
    text = toml(
        """
        [[types]]
        code = "DEP"
        prefix = "A"
        name_en = "Deposit"
        name_zh = "存款"
        target_seconds = 600

        [[types]]
        code = "WDR"
        prefix = "A"
        name_en = "Withdrawal"
        name_zh = "取款"
        target_seconds = 600

        [[types]]
        code = "FX"
        prefix = "G"
        name_en = "FX"
        target_seconds = -5
        priorty_weight = 1
        """
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    problems = info.value.problems
    line = line_of(text, 'prefix = "A"', nth=1)
    assert str(problems[0]) == (
        f"{path}:{line}: step 'WDR': key 'prefix': prefix is already used by DEP"
    )
    assert {(p.step, p.key) for p in problems[1:]} == {
        ("FX", "name_zh"),
        ("FX", "priorty_weight"),
    }
    assert isinstance(info.value, DomainError)


# --- values ------------------------------------------------------------------------------------


def amount(max_: int | None = 100000000) -> Capture:
    return Capture(CaptureType.AMOUNT, "Amount", "金额", min=1, max=max_)


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("50,000.00", 5000000),
        ("50000", 5000000),
        ("50,000", 5000000),
        (" 12.3 ", 1230),
        ("0.01", 1),
        ("1,000,000.00", 100000000),
    ],
)
def test_amount_parsing(typed: str, fen: int) -> None:
    assert amount().parse(typed) == fen


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "at most 2 decimals"),
        ("-5", "must not be negative"),
        ("1,000,000.01", "amount must be at most 1,000,000.00"),
        ("0", "amount must be at least 0.01"),
        ("5,00", "is not an amount"),
        ("abc", "is not an amount"),
        ("", "a value is required"),
    ],
)
def test_amount_refused(typed: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        amount().parse(typed)


def test_amount_helpers() -> None:
    assert format_amount(123456789) == "1,234,567.89"
    assert format_amount(5, "JPY") == "5"
    assert parse_amount("1,000", "JPY") == 1000
    with pytest.raises(DomainError, match="no decimals"):
        parse_amount("1.5", "JPY")


def test_integer_text_and_choice_captures() -> None:
    integer = Capture(CaptureType.INTEGER, "Count", "数量", min=1, max=10)
    assert integer.parse("7") == 7
    with pytest.raises(DomainError, match="at most 10"):
        integer.parse("11")
    card = Capture(CaptureType.TEXT, "Card", "卡号", pattern=r"\d{16,19}")
    assert card.parse(" 6222020200001234567 ") == "6222020200001234567"
    with pytest.raises(DomainError, match="expected form"):
        card.parse("6222-0202")
    choice = Capture(CaptureType.CHOICE, "Pick", "选择", choices=(Choice("yes", "Yes", "是"),))
    assert choice.parse("是") == "yes"
    with pytest.raises(DomainError, match="not one of: yes"):
        choice.parse("maybe")


def valid_id(body: str) -> str:
    """Append the GB 11643 check character, computed from the standard's definition."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    remainder = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + "10X98765432"[remainder]


def test_prc_id_number_checksum() -> None:
    # The worked example of GB 11643-1999 itself.
    assert valid_id("11010519491231002") == "11010519491231002X"
    for body in ("11010519491231002", "44030419900307123", "31011519850101001"):
        number = valid_id(body)
        assert parse_id_number(number) == number
        assert parse_id_number(number.lower()) == number
    id_capture = Capture(CaptureType.ID_NUMBER, "ID", "身份证号码")
    good = valid_id("44030419900307123")
    assert id_capture.parse(good) == good
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(DomainError, match="check digit"):
        id_capture.parse(wrong)
    with pytest.raises(DomainError, match="18 characters"):
        parse_id_number(good[:17])
    with pytest.raises(DomainError, match="birth date"):
        parse_id_number(valid_id("44030419900230123"))  # 30 February


def test_authorisation_only_over_threshold() -> None:
    rule = Authorisation(when_over=5000000, of_step="amount")
    assert not rule.required({"amount": 5000000})
    assert rule.required({"amount": 5000001})
    assert rule.required({})  # unknown amount never skips the supervisor
    assert Authorisation().required({})


# --- checklist ---------------------------------------------------------------------------------


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
