"""The procedure template loader: TOML files and directories into validated procedures.

Templates are TOML files in ``resources/procedures/`` (format documented in
``resources/procedures/README.md``).

A text capture's ``pattern`` must stay inside the bounded subset of
:mod:`counterdesk.core.procedures.patterns` (no nested quantifiers, backreferences or
lookarounds; pattern and value length capped), so checking a teller's value always takes
bounded time; any other pattern is refused here, at load time, with its file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from counterdesk.core.procedures.conditions import (
    Condition,
    ConditionSyntaxError,
    comparisons,
    parse_condition,
)
from counterdesk.core.procedures.datafile import (
    Checker,
    Locator,
    Problem,
    ProcedureError,
    decode_error,
    loads_toml,
    read_text,
)
from counterdesk.core.procedures.model import (
    Authorisation,
    Capture,
    CaptureType,
    Choice,
    FinishRule,
    Keep,
    Procedure,
    Step,
)
from counterdesk.core.procedures.patterns import pattern_problem

_STEP_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_BUSINESS_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

_TOP_REQUIRED = ("business_type", "version", "title_en", "title_zh", "on_incomplete", "steps")
_STEP_REQUIRED = ("id", "text_en", "text_zh")
_STEP_OPTIONAL = (
    "mandatory",
    "hint_en",
    "hint_zh",
    "capture",
    "authorisation",
    "required_when",
    "shown_when",
)
_CAPTURE_KEYS: dict[CaptureType, tuple[str, ...]] = {
    CaptureType.AMOUNT: ("min", "max", "currency"),
    CaptureType.INTEGER: ("min", "max"),
    CaptureType.TEXT: ("min", "max", "pattern", "keep", "keep_reason"),
    CaptureType.CHOICE: ("choices",),
    CaptureType.ID_NUMBER: ("keep", "keep_reason"),
}
_NUMERIC = (CaptureType.AMOUNT, CaptureType.INTEGER)


def parse_procedure(text: str, source: str) -> Procedure:
    """Read a procedure template from TOML text.

    Args:
        text: the TOML document.
        source: the file name to put in problems and in :attr:`Procedure.source`.

    Raises:
        ProcedureError: listing every problem found.
    """
    try:
        data = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProcedureError([decode_error(exc, text, source)]) from None
    checker = Checker(source, Locator(text, "steps"))
    procedure = _read_procedure(data, checker)
    if checker.problems or procedure is None:
        raise ProcedureError(checker.problems)
    return procedure


def _read_procedure(data: Mapping[str, Any], c: Checker) -> Procedure | None:
    complete = c.table(data, required=_TOP_REQUIRED, optional=())
    business_type = c.string(data, "business_type")
    if business_type is not None and not _BUSINESS_CODE.match(business_type):
        c.add("must be 1-16 capitals, digits or _ (e.g. DEP)", key="business_type")
        business_type = None
    version = c.integer(data, "version")
    if version is not None and version <= 0:
        c.add("must be a positive whole number", key="version")
        version = None
    title_en = c.string(data, "title_en")
    title_zh = c.string(data, "title_zh")
    rule: FinishRule | None = None
    raw_rule = c.string(data, "on_incomplete")
    if raw_rule is not None:
        try:
            rule = FinishRule(raw_rule)
        except ValueError:
            c.add("must be 'block' or 'warn'", key="on_incomplete")
    steps = _read_steps(data.get("steps"), c)
    if (
        not complete
        or business_type is None
        or version is None
        or title_en is None
        or title_zh is None
        or rule is None
        or steps is None
    ):
        return None
    return Procedure(business_type, version, title_en, title_zh, rule, steps, c.source)


def _read_steps(raw: Any, c: Checker) -> tuple[Step, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        c.add("must be an array of tables ([[steps]])", key="steps")
        return None
    if not raw:
        c.add("a procedure needs at least one step", key="steps")
        return None
    steps: list[Step] = []
    seen: dict[str, int] = {}
    numeric: dict[str, CaptureType] = {}
    all_ids = {str(item.get("id")).strip() for item in raw}
    earlier: dict[str, Capture | None] = {}
    broken: set[str] = set()  # earlier steps with problems of their own, reported once
    ok = True
    for index, item in enumerate(raw):
        raw_id = item.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"
        where: dict[str, Any] = {"index": index, "label": label, "item_id": label}
        step = _read_step(item, c, where, seen, numeric)
        conditions = {
            key: _read_condition(item.get(key), key, c, where, label, all_ids, earlier, broken)
            for key in ("required_when", "shown_when")
        }
        if "required_when" in item and item.get("mandatory") is True:
            c.add(
                "mandatory = true contradicts required_when (leave mandatory out)",
                key="mandatory",
                **where,
            )
            step = None
        if step is None or any(key in item and cond is None for key, cond in conditions.items()):
            ok = False
            if isinstance(raw_id, str) and raw_id.strip() not in earlier:
                broken.add(raw_id.strip())
            continue
        step = replace(
            step,
            mandatory=step.mandatory and conditions["required_when"] is None,
            required_when=conditions["required_when"],
            shown_when=conditions["shown_when"],
        )
        earlier[step.id] = step.capture
        steps.append(step)
    return tuple(steps) if ok else None


def _read_step(
    item: Mapping[str, Any],
    c: Checker,
    where: dict[str, Any],
    seen: dict[str, int],
    numeric: dict[str, CaptureType],
) -> Step | None:
    before = len(c.problems)
    c.table(item, required=_STEP_REQUIRED, optional=_STEP_OPTIONAL, **where)
    step_id = c.string(item, "id", **where)
    if step_id is not None:
        if not _STEP_ID.match(step_id):
            c.add("step id must match [a-z][a-z0-9_]* (e.g. count_cash)", key="id", **where)
        elif step_id in seen:
            c.add(f"duplicate step id (first used by step #{seen[step_id]})", key="id", **where)
        else:
            seen[step_id] = where["index"] + 1
    text_en = c.string(item, "text_en", **where)
    text_zh = c.string(item, "text_zh", **where)
    hint_en = c.string(item, "hint_en", blank=True, **where) or ""
    hint_zh = c.string(item, "hint_zh", blank=True, **where) or ""
    if bool(hint_en) != bool(hint_zh):
        missing = "hint_zh" if hint_en else "hint_en"
        c.add("a hint needs both hint_en and hint_zh", key=missing, **where)
    mandatory = item.get("mandatory", True)
    if not isinstance(mandatory, bool):
        c.add("must be true or false", key="mandatory", **where)
    raw_capture = item.get("capture")
    capture = _read_capture(raw_capture, c, where)
    # Judge of_step by the declared type even when the capture has other problems, so one
    # mistake is not reported twice.
    raw_type = raw_capture.get("type") if isinstance(raw_capture, dict) else None
    if step_id is not None and raw_type in {t.value for t in _NUMERIC}:
        numeric[step_id] = CaptureType(raw_type)
    authorisation = _read_authorisation(item.get("authorisation"), c, where, step_id, numeric)
    if len(c.problems) > before or step_id is None or text_en is None or text_zh is None:
        return None
    return Step(
        step_id,
        text_en,
        text_zh,
        mandatory=bool(mandatory),
        hint_en=hint_en,
        hint_zh=hint_zh,
        capture=capture,
        authorisation=authorisation,
    )


_TEXT_OPERATORS = ("==", "!=", "in")


def _read_condition(
    raw: Any,
    key: str,
    c: Checker,
    where: dict[str, Any],
    own_id: str,
    all_ids: Collection[str],
    earlier: Mapping[str, Capture | None],
    broken: Collection[str] = (),
) -> Condition | None:
    """Read ``required_when``/``shown_when``: syntax, steps that exist and come earlier, types."""
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip():
        c.add('must be a condition such as "amount >= 5000000"', key=key, **where)
        return None
    try:
        condition = parse_condition(raw)
    except ConditionSyntaxError as exc:
        c.add(f"bad condition: {exc}", key=key, **where)
        return None
    before = len(c.problems)
    for comparison in comparisons(condition):
        name = comparison.step
        if name == own_id:
            c.add(f"a step's condition cannot read the step itself ({name!r})", key=key, **where)
            continue
        if name in broken and name not in earlier:
            continue  # that step's own problem is reported; comparing with it says nothing more
        if name not in earlier:
            what = (
                "comes later; a condition reads earlier steps only (so no cycle is possible)"
                if name in all_ids
                else "is not a step of this procedure; a condition reads earlier steps only"
            )
            c.add(f"step {name!r} {what}", key=key, **where)
            continue
        capture = earlier[name]
        if capture is None:
            c.add(f"step {name!r} captures no value to compare", key=key, **where)
            continue
        numeric = capture.type in _NUMERIC
        literals = comparison.literals()
        if numeric and not all(isinstance(v, int) for v in literals):
            unit = (
                " in the smallest unit (5000000 for 50,000.00)"
                if (capture.type is CaptureType.AMOUNT)
                else ""
            )
            c.add(
                f"step {name!r} captures {capture.type.value}: compare it with a whole "
                f"number{unit}",
                key=key,
                **where,
            )
        elif not numeric and not all(isinstance(v, str) for v in literals):
            c.add(
                f"step {name!r} captures {capture.type.value}: compare it with a quoted text",
                key=key,
                **where,
            )
        elif not numeric and comparison.op not in _TEXT_OPERATORS:
            c.add(
                f"step {name!r} captures {capture.type.value}: use ==, != or in",
                key=key,
                **where,
            )
        elif capture.keep is Keep.MASKED and (
            capture.type is CaptureType.ID_NUMBER or any(capture.kept(v) != v for v in literals)
        ):
            # Only the masked form is kept, so the comparison could never see the full value.
            c.add(
                f'step {name!r} keeps its value masked (keep = "masked"): a condition cannot '
                "compare it",
                key=key,
                **where,
            )
        elif capture.type is CaptureType.CHOICE:
            allowed = {choice.value for choice in capture.choices}
            for value in literals:
                if value not in allowed:
                    c.add(
                        f"{value!r} is not a choice of step {name!r} "
                        f"(choices: {', '.join(sorted(allowed))})",
                        key=key,
                        **where,
                    )
    return condition if len(c.problems) == before else None


def _read_capture(raw: Any, c: Checker, where: dict[str, Any]) -> Capture | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        c.add("must be a table ([steps.capture])", key="capture", **where)
        return None
    before = len(c.problems)
    p = "capture."
    kind: CaptureType | None = None
    raw_type = c.string(raw, "type", prefix=p, **where)
    if raw_type is not None:
        try:
            kind = CaptureType(raw_type)
        except ValueError:
            known = ", ".join(t.value for t in CaptureType)
            c.add(
                f"unknown capture type {raw_type!r} (known: {known})", key="capture.type", **where
            )
    extra = (
        _CAPTURE_KEYS[kind]
        if kind is not None
        else tuple(k for v in _CAPTURE_KEYS.values() for k in v)
    )
    c.table(raw, required=("type", "label_en", "label_zh"), optional=extra, prefix=p, **where)
    label_en = c.string(raw, "label_en", prefix=p, **where)
    label_zh = c.string(raw, "label_zh", prefix=p, **where)
    low = c.integer(raw, "min", prefix=p, **where)
    high = c.integer(raw, "max", prefix=p, **where)
    if low is not None and high is not None and low > high:
        c.add("must be >= min", key="capture.max", **where)
    if kind in (CaptureType.AMOUNT, CaptureType.TEXT):
        for name, value in (("min", low), ("max", high)):
            if value is not None and value < 0:
                c.add("must not be negative", key=f"capture.{name}", **where)
    currency = c.string(raw, "currency", prefix=p, **where)
    if currency is not None and not _CURRENCY.match(currency):
        c.add("must be a three-letter ISO code such as CNY", key="capture.currency", **where)
    pattern = c.string(raw, "pattern", prefix=p, **where)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            c.add(f"invalid regular expression: {exc}", key="capture.pattern", **where)
        else:
            unsafe = pattern_problem(pattern)
            if unsafe is not None:
                c.add(unsafe, key="capture.pattern", **where)
    choices = _read_choices(raw.get("choices"), c, where) if kind is CaptureType.CHOICE else ()
    if kind is CaptureType.CHOICE and "choices" not in raw:
        c.add("a choice capture needs a non-empty choices list", key="capture.choices", **where)
    keep, keep_reason = _read_keep(raw, c, where)
    if len(c.problems) > before or kind is None or label_en is None or label_zh is None:
        return None
    return Capture(
        kind, label_en, label_zh, low, high, choices, pattern, currency, keep, keep_reason
    )


def _read_keep(raw: Mapping[str, Any], c: Checker, where: dict[str, Any]) -> tuple[Keep, str]:
    """Read ``keep`` / ``keep_reason``: a value kept in full must say why."""
    p = "capture."
    keep = Keep.MASKED
    raw_keep = c.string(raw, "keep", prefix=p, **where)
    if raw_keep is not None:
        try:
            keep = Keep(raw_keep)
        except ValueError:
            c.add("must be 'masked' or 'full'", key="capture.keep", **where)
    reason = c.string(raw, "keep_reason", prefix=p, **where) or ""
    if keep is Keep.FULL and not reason.strip() and "keep_reason" not in raw:
        c.add(
            'keep = "full" needs keep_reason saying why the full value is stored',
            key="capture.keep",
            **where,
        )
    if reason and keep is not Keep.FULL:
        c.add('keep_reason is only for keep = "full"', key="capture.keep_reason", **where)
    return keep, reason


def _read_choices(raw: Any, c: Checker, where: dict[str, Any]) -> tuple[Choice, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        c.add(
            "must be an array of tables ([[steps.capture.choices]])", key="capture.choices", **where
        )
        return ()
    if not raw:
        c.add("must not be empty", key="capture.choices", **where)
        return ()
    choices: list[Choice] = []
    seen: set[str] = set()
    for n, item in enumerate(raw):
        p = f"capture.choices[{n}]."
        c.table(item, required=("value", "label_en", "label_zh"), optional=(), prefix=p, **where)
        value = c.string(item, "value", prefix=p, **where)
        label_en = c.string(item, "label_en", prefix=p, **where)
        label_zh = c.string(item, "label_zh", prefix=p, **where)
        if value is not None and value in seen:
            c.add(f"choice value {value!r} appears twice", key=f"{p}value", **where)
        if value is not None:
            seen.add(value)
        if value is not None and label_en is not None and label_zh is not None:
            choices.append(Choice(value, label_en, label_zh))
    return tuple(choices)


def _read_authorisation(
    raw: Any,
    c: Checker,
    where: dict[str, Any],
    step_id: str | None,
    numeric: Mapping[str, CaptureType],
) -> Authorisation | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        c.add("must be a table ([steps.authorisation])", key="authorisation", **where)
        return None
    p = "authorisation."
    c.table(raw, required=(), optional=("when_over", "of_step"), prefix=p, **where)
    when_over = c.integer(raw, "when_over", prefix=p, **where)
    if when_over is not None and when_over < 0:
        c.add("must not be negative", key="authorisation.when_over", **where)
    of_step = c.string(raw, "of_step", prefix=p, **where)
    if of_step is not None and "when_over" not in raw:
        c.add("of_step needs when_over", key="authorisation.of_step", **where)
    if when_over is not None:
        target = of_step or step_id
        if target is not None and target not in numeric:
            own = "this step does not" if of_step is None else f"step {target!r} does not"
            c.add(
                f"{own} capture an amount or integer here or in an earlier step",
                key="authorisation.of_step" if of_step is not None else "authorisation.when_over",
                **where,
            )
        return Authorisation(when_over, target)
    return Authorisation(None, None)


def load_procedure(path: Path) -> Procedure:
    """Read and validate one procedure template file.

    Raises:
        ProcedureError: listing every problem (an unreadable file is one problem).
    """
    return parse_procedure(read_text(path, ProcedureError), str(path))


def procedure_files(paths: Iterable[Path]) -> list[Path]:
    """The template files that ``paths`` stand for: a directory stands for its ``*.toml`` files."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def _collect(
    paths: Iterable[Path], known_types: Collection[str] | None = None
) -> tuple[dict[str, Procedure], list[Problem]]:
    newest: dict[str, Procedure] = {}
    seen: dict[tuple[str, int], str] = {}
    problems: list[Problem] = []
    for path in procedure_files(paths):
        try:
            procedure = load_procedure(path)
        except ProcedureError as exc:
            problems.extend(exc.problems)
            continue
        if known_types is not None and procedure.business_type not in known_types:
            line = Locator(read_text(path, ProcedureError), "steps").find(None, "business_type")
            message = f"business type {procedure.business_type} is not in the catalogue"
            problems.append(Problem(str(path), None, "business_type", line, message))
            continue
        key = (procedure.business_type, procedure.version)
        if key in seen:
            line = Locator(read_text(path, ProcedureError), "steps").find(None, "version")
            message = f"business type {key[0]} version {key[1]} is also defined in {seen[key]}"
            problems.append(Problem(str(path), None, "version", line, message))
            continue
        seen[key] = str(path)
        current = newest.get(procedure.business_type)
        if current is None or procedure.version > current.version:
            newest[procedure.business_type] = procedure
    return newest, problems


def check_files(paths: Iterable[Path], known_types: Collection[str] | None = None) -> list[Problem]:
    """Validate procedure templates for ``counterdesk procedures check PATH...``.

    A directory stands for the ``*.toml`` files in it; a directory without any is a problem.
    Besides each file's own problems, the same business type and version defined twice is
    reported, and so is a business type missing from ``known_types`` (when given).

    Args:
        paths: files and directories, as typed on the command line.
        known_types: the catalogue's business type codes; None checks no catalogue.

    Returns:
        Every problem found; empty when all files are valid.
    """
    paths = list(paths)
    empty = [path for path in paths if path.is_dir() and not procedure_files([path])]
    problems = [
        Problem(str(path), None, None, None, "no procedure files (*.toml)") for path in empty
    ]
    return problems + _collect(paths, known_types)[1]


def load_directory(path: Path) -> dict[str, Procedure]:
    """Load every ``*.toml`` template of a directory, keeping the newest version per type.

    Returns:
        The procedures keyed by business type code.

    Raises:
        ProcedureError: listing every problem of every file, including a missing directory.
    """
    if not path.is_dir():
        raise ProcedureError([Problem(str(path), None, None, None, "not a directory")])
    procedures, problems = _collect([path])
    if problems:
        raise ProcedureError(problems)
    return procedures
