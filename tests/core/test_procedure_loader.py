"""Tests for the procedure template loader: shipped files, malformed templates, directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from procedure_helpers import PROCEDURES, RESOURCES, line_of, toml

from counterdesk.core.business import Priority
from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import (
    Authorisation,
    Capture,
    CaptureType,
    FinishRule,
    Problem,
    ProcedureError,
    check_files,
    load_catalogue,
    load_directory,
    load_procedure,
    parse_procedure,
)


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
    # Version 2 of DEP, WDR and FX brought the large-cash conditions (required_when).
    assert procedure.version == (2 if path.stem in {"dep", "wdr", "fx"} else 1)
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


def text_capture_with(pattern: str) -> str:
    without_supervisor = GOOD.split('[[steps]]\nid = "supervisor"')[0]
    return without_supervisor.replace('type = "amount"', f"type = \"text\"\npattern = '{pattern}'")


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("(a+)+$", "nested quantifier"),
        ("(a|aa)*", "nested quantifier"),
        ("(?:\\d+)*x", "nested quantifier"),
        ("(a)\\1", "backreferences are not allowed"),
        ("(?P<x>a)(?P=x)", "lookarounds, backreferences and inline flags"),
        ("(?=a)a", "lookarounds, backreferences and inline flags"),
        ("(?<!b)a", "lookarounds, backreferences and inline flags"),
        ("a?a?a?a?aaaa", "at most 3 variable quantifiers"),
        ("a|b|c|d|e", "at most 3 alternatives"),
        ("a" * 201, "at most 200 characters"),
    ],
)
def test_a_pattern_that_could_backtrack_without_bound_is_refused_at_load(
    pattern: str, why: str
) -> None:
    text = text_capture_with(pattern)
    (problem,) = problems_of(text)
    line = line_of(text, "pattern =")
    assert str(problem).startswith(f"t.toml:{line}: step 'amount': key 'capture.pattern': ")
    assert why in str(problem)


@pytest.mark.parametrize(
    "pattern", ["\\d{16,19}", "1[3-9]\\d{9}", "[A-Z]{2}\\d+(?:-\\d{2})?", "\\d{15}|\\d{17}[\\dX]"]
)
def test_a_plain_pattern_is_accepted(pattern: str) -> None:
    procedure = parse_procedure(text_capture_with(pattern), "t.toml")
    assert procedure.steps[1].capture is not None
    assert procedure.steps[1].capture.pattern == pattern


def test_a_value_longer_than_the_pattern_cap_is_refused_before_matching() -> None:
    capture = parse_procedure(text_capture_with("[a-z]+"), "t.toml").steps[1].capture
    assert capture is not None
    assert capture.parse("a" * 64) == "a" * 64
    with pytest.raises(DomainError, match="at most 64 characters"):
        capture.parse("a" * 65)


def test_check_files_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "dep.toml"
    os.mkfifo(fifo)
    (problem,) = check_files([fifo])
    assert str(problem) == f"{fifo}: not a regular file"


def test_check_files_refuses_a_directory_given_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "nested.toml").mkdir()
    (problem,) = check_files([tmp_path])
    assert str(problem) == f"{tmp_path / 'nested.toml'}: not a regular file"


# --- sizes that pass TOML but not SQLite ------------------------------------------------------

SQLITE_MAX = 2**63 - 1


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("version = 1", f"version = {2**70}", "version"),
        ("version = 1", f"version = {SQLITE_MAX + 1}", "version"),
        ("max = 100000000", f"max = {2**64}", "capture.max"),
        ("min = 1", f"min = {-(2**63) - 1}", "capture.min"),
        ("when_over = 5000000", f"when_over = {2**80}", "authorisation.when_over"),
    ],
)
def test_a_whole_number_beyond_64_bits_is_refused_at_load(old: str, new: str, key: str) -> None:
    (problem,) = problems_of(with_change(old, new))
    assert problem.key == key
    assert "at most 9223372036854775807" in problem.message or "at least" in problem.message


def test_the_largest_64_bit_version_is_accepted() -> None:
    assert parse_procedure(with_change("version = 1", f"version = {SQLITE_MAX}"), "t").version == (
        SQLITE_MAX
    )


@pytest.mark.parametrize(
    "nested",
    [
        "deep = " + "[" * 5000 + "]" * 5000,
        "deep = " + "{a = " * 3000 + "1" + "}" * 3000,
    ],
    ids=["arrays", "inline tables"],
)
def test_deeply_nested_toml_is_one_problem_not_a_crash(nested: str) -> None:
    (problem,) = problems_of(nested + "\n" + GOOD)
    assert "nested too deeply" in problem.message
