"""Standard operating procedures: step templates, their TOML loader and the per-service checklist.

A procedure is the checklist a teller works through for one business type (identity check,
counting cash, supervisor authorisation, customer signature, ...). Templates are TOML files in
``resources/procedures/`` (format documented in ``resources/procedures/README.md``); the loader
reports every problem of a file at once, each as one line with file, step, key and line number,
so that IT staff can fix a template in one pass.

:class:`Checklist` is the pure runtime side: it validates captured values, enforces the
"supervisor who is not the teller" rule and decides whether a service may finish with
mandatory steps still open. The service layer persists its :class:`StepRecord` values.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counterdesk.core.business import DEFAULT_SERVICE_SECONDS, BusinessType, Catalogue
from counterdesk.core.errors import (
    QT_TRANSLATE_NOOP,
    Bilingual,
    DomainError,
    NotFoundError,
    Text,
    render,
)

_STEP_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_BUSINESS_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
#: Amounts as a teller types them: ``50000``, ``50,000``, ``50000.5``, ``50,000.00``.
_AMOUNT = re.compile(r"^(?P<units>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?$")
_INTEGER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)$")
#: Currencies without minor units; every other currency has two decimals (fen, cents).
_ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW"})
#: GB 11643-1999 weights for the 17 body digits of a resident identity number.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def _is_zh(language: str) -> bool:
    return language.startswith("zh")


# --------------------------------------------------------------------------------------------
# Money and identity numbers
# --------------------------------------------------------------------------------------------


def minor_digits(currency: str) -> int:
    """Return how many decimals an amount in ``currency`` has (2 for CNY, 0 for JPY)."""
    return 0 if currency.upper() in _ZERO_DECIMAL_CURRENCIES else 2


def format_amount(value: int, currency: str = "CNY") -> str:
    """Format an amount held in the smallest unit for a teller: ``5000000`` -> ``50,000.00``."""
    digits = minor_digits(currency)
    sign = "-" if value < 0 else ""
    scale: int = 10**digits
    units, fraction = divmod(abs(value), scale)
    text = f"{sign}{units:,}"
    return f"{text}.{fraction:0{digits}d}" if digits else text


def parse_amount(text: str, currency: str = "CNY") -> int:
    """Read an amount as a teller types it and return it in the smallest unit.

    Args:
        text: ``50000``, ``50,000`` or ``50,000.00`` (thousands separators optional).
        currency: ISO code; decides how many decimals are allowed.

    Returns:
        The amount in fen/cents (``5000000`` for ``50,000.00`` CNY).

    Raises:
        DomainError: for negative, malformed or over-precise amounts.
    """
    cleaned = text.strip().replace(" ", "")
    if cleaned.startswith("-"):
        raise DomainError(QT_TRANSLATE_NOOP("domain", "amount must not be negative"))
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "{text!r} is not an amount; type e.g. 50,000.00"),
            text=text.strip(),
        )
    digits = minor_digits(currency)
    fraction = match.group("fraction") or ""
    if len(fraction) > digits:
        if digits == 0:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "amounts in {currency} have no decimals"),
                currency=currency,
            )
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "amount may have at most {digits} decimals"),
            digits=digits,
        )
    units = int(str(match.group("units")).replace(",", ""))
    scale: int = 10**digits
    return units * scale + int(fraction.ljust(digits, "0") or "0")


def id_check_char(body: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of a resident ID number."""
    if len(body) != 17 or not body.isdigit():
        raise ValueError("the body of a resident ID number is 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def parse_id_number(text: str) -> str:
    """Validate a PRC resident identity card number (GB 11643) and return it normalised.

    Checks the length, the birth date in positions 7-14 and the check character; a lower-case
    ``x`` is accepted and returned as ``X``.

    Raises:
        DomainError: saying what is wrong with the number.
    """
    number = text.strip().replace(" ", "").upper()
    if len(number) != 18:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "an ID number has 18 characters, not {length}"),
            length=len(number),
        )
    body, check = number[:17], number[17]
    if not body.isdigit() or not (check.isdigit() or check == "X"):
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "an ID number is 17 digits followed by a digit or X")
        )
    try:
        date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "the birth date in the ID number is not a real date")
        ) from None
    if id_check_char(body) != check:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "the ID number's check digit is wrong; please re-type it")
        )
    return number


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------


class FinishRule(enum.StrEnum):
    """What happens when a teller finishes a service with mandatory steps still open."""

    BLOCK = "block"
    """Finishing is refused."""
    WARN = "warn"
    """Finishing is allowed with a reason and a supervisor override."""


class CaptureType(enum.StrEnum):
    """The kind of value a step asks the teller to type in."""

    AMOUNT = "amount"
    INTEGER = "integer"
    TEXT = "text"
    CHOICE = "choice"
    ID_NUMBER = "id_number"


@dataclass(frozen=True)
class Choice:
    """One option of a ``choice`` capture.

    Attributes:
        value: what is stored (stable, language-neutral).
        label_en: English label.
        label_zh: Simplified Chinese label.
    """

    value: str
    label_en: str
    label_zh: str

    def label(self, language: str) -> str:
        """Return the label in ``en`` or ``zh_CN``."""
        return self.label_zh if _is_zh(language) else self.label_en


@dataclass(frozen=True)
class Capture:
    """A value a step captures, with its validation.

    Attributes:
        type: the kind of value.
        label_en: English field label.
        label_zh: Simplified Chinese field label.
        min: lowest allowed value (amounts in the smallest unit, e.g. fen; text: length).
        max: highest allowed value (same units as ``min``).
        choices: the options of a ``choice`` capture.
        pattern: a regular expression a ``text`` value must match in full.
        currency: ISO code of an ``amount`` (``CNY`` when not given).
    """

    type: CaptureType
    label_en: str
    label_zh: str
    min: int | None = None
    max: int | None = None
    choices: tuple[Choice, ...] = ()
    pattern: str | None = None
    currency: str | None = None

    def label(self, language: str) -> str:
        """Return the field label in ``en`` or ``zh_CN``."""
        return self.label_zh if _is_zh(language) else self.label_en

    @property
    def currency_code(self) -> str:
        """The currency of an amount, ``CNY`` unless the template says otherwise."""
        return self.currency or "CNY"

    def format(self, value: int | str) -> str:
        """Show a normalised value the way a teller would type it."""
        if self.type is CaptureType.AMOUNT and isinstance(value, int):
            return format_amount(value, self.currency_code)
        return str(value)

    def parse(self, text: str) -> int | str:
        """Validate what the teller typed and return the normalised value.

        Returns:
            An ``int`` for amounts (smallest unit) and integers; a ``str`` otherwise.

        Raises:
            DomainError: with a message fit to show the teller.
        """
        stripped = text.strip()
        if not stripped:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{field}: a value is required"),
                field=self.field_name,
            )
        if self.type is CaptureType.AMOUNT:
            amount = parse_amount(stripped, self.currency_code)
            self._check_range(amount, Text(QT_TRANSLATE_NOOP("domain", "amount")), self.format)
            return amount
        if self.type is CaptureType.INTEGER:
            if not _INTEGER.match(stripped):
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "{text!r} is not a whole number"), text=stripped
                )
            number = int(stripped.replace(",", ""))
            self._check_range(number, Text(QT_TRANSLATE_NOOP("domain", "the number")), str)
            return number
        if self.type is CaptureType.TEXT:
            self._check_range(
                len(stripped), Text(QT_TRANSLATE_NOOP("domain", "the text length")), str
            )
            if self.pattern is not None and re.fullmatch(self.pattern, stripped) is None:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "{text!r} does not have the expected form"),
                    text=stripped,
                )
            return stripped
        if self.type is CaptureType.CHOICE:
            for choice in self.choices:
                if stripped in (choice.value, choice.label_en, choice.label_zh):
                    return choice.value
            allowed = ", ".join(choice.value for choice in self.choices)
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{text!r} is not one of: {allowed}"),
                text=stripped,
                allowed=allowed,
            )
        return parse_id_number(stripped)

    @property
    def field_name(self) -> Bilingual:
        """The field label in both languages, for messages."""
        return Bilingual(self.label_en, self.label_zh)

    def _check_range(self, value: int, what: Text, show: Callable[[int], str]) -> None:
        if self.min is not None and value < self.min:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{what} must be at least {limit}"),
                what=what,
                limit=show(self.min),
            )
        if self.max is not None and value > self.max:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{what} must be at most {limit}"),
                what=what,
                limit=show(self.max),
            )


@dataclass(frozen=True)
class Authorisation:
    """A supervisor who is not the teller must authorise a step.

    Attributes:
        when_over: only when the captured value of ``of_step`` is greater than this (same
            unit as the capture: fen for amounts); ``None`` means always.
        of_step: the step whose value is compared; the loader fills in the owning step
            when the template leaves it out.
    """

    when_over: int | None = None
    of_step: str | None = None

    def required(self, values: Mapping[str, int | str]) -> bool:
        """Whether a supervisor must authorise, given the values captured so far.

        A threshold whose value has not been captured yet counts as exceeded, so that a
        missing value can never skip the authorisation.
        """
        if self.when_over is None:
            return True
        value = values.get(self.of_step) if self.of_step is not None else None
        if not isinstance(value, int):
            return True
        return value > self.when_over


@dataclass(frozen=True)
class Step:
    """One line of a procedure.

    Attributes:
        id: identifier unique within the procedure (``count_cash``).
        text_en: what to do, in English.
        text_zh: what to do, in Simplified Chinese.
        mandatory: whether the step must be checked before finishing.
        hint_en: optional explanation in English.
        hint_zh: optional explanation in Simplified Chinese.
        capture: the value to type in, if any.
        authorisation: the supervisor rule, if any.
    """

    id: str
    text_en: str
    text_zh: str
    mandatory: bool = True
    hint_en: str = ""
    hint_zh: str = ""
    capture: Capture | None = None
    authorisation: Authorisation | None = None

    def text(self, language: str) -> str:
        """Return the instruction in ``en`` or ``zh_CN``."""
        return self.text_zh if _is_zh(language) else self.text_en

    def hint(self, language: str) -> str:
        """Return the hint in ``en`` or ``zh_CN`` (empty when there is none)."""
        return (self.hint_zh or self.hint_en) if _is_zh(language) else self.hint_en


@dataclass(frozen=True)
class Procedure:
    """A versioned checklist template for one business type.

    Attributes:
        business_type: the business type code (``DEP``).
        version: template version; a service keeps the version it started with.
        title_en: English title.
        title_zh: Simplified Chinese title.
        on_incomplete: whether finishing with open mandatory steps is blocked or warned.
        steps: the steps in the order the teller should do them.
        source: where the template was read from (file name), for messages.
    """

    business_type: str
    version: int
    title_en: str
    title_zh: str
    on_incomplete: FinishRule
    steps: tuple[Step, ...]
    source: str = ""

    def title(self, language: str) -> str:
        """Return the title in ``en`` or ``zh_CN``."""
        return self.title_zh if _is_zh(language) else self.title_en

    def step(self, step_id: str) -> Step:
        """Find a step by id.

        Raises:
            NotFoundError: naming the step and the procedure.
        """
        for step in self.steps:
            if step.id == step_id:
                return step
        raise NotFoundError(
            QT_TRANSLATE_NOOP("domain", "procedure {code} v{version} has no step {step!r}"),
            code=self.business_type,
            version=self.version,
            step=step_id,
        )


# --------------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, printable as one line.

    Attributes:
        file: the file (as given by the caller).
        step: the step id (or ``#3`` for the third step when it has no usable id).
        key: the offending key, dotted (``capture.max``).
        line: 1-based line number, when it could be found.
        message: what is wrong.
    """

    file: str
    step: str | None
    key: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.step is not None:
            parts.append(f"step {self.step!r}")
        if self.key is not None:
            parts.append(f"key {self.key!r}")
        parts.append(self.message)
        return ": ".join(parts)


class DataFileError(DomainError):
    """A data file (procedure or catalogue) is invalid.

    Attributes:
        problems: every problem found, in file order.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ProcedureError(DataFileError):
    """One or more procedure templates are invalid."""


class CatalogueError(DataFileError):
    """The business-type catalogue file is invalid."""


class _Locator:
    """Best-effort line numbers for keys of a parsed TOML document (1-based)."""

    def __init__(self, text: str, array: str) -> None:
        self._lines = text.splitlines()
        self._array = array
        header = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]")
        self._starts = [i for i, line in enumerate(self._lines) if header.match(line)]

    def _block(self, index: int | None, item_id: str | None) -> tuple[int, int] | None:
        if index is None:
            end = self._starts[0] if self._starts else len(self._lines)
            return 0, end
        if index < len(self._starts):
            start = self._starts[index]
            following = self._starts[index + 1] if index + 1 < len(self._starts) else None
            return start, len(self._lines) if following is None else following
        if item_id is not None:  # an inline array: find the item by its id
            id_line = re.compile(rf"""\bid\s*=\s*["']{re.escape(item_id)}["']""")
            for i, line in enumerate(self._lines):
                if id_line.search(line):
                    return i, i + 1
        return None

    def _find_key(self, name: str, start: int, end: int) -> int | None:
        key = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*[=.]""")
        for i in range(start, end):
            if self._lines[i].lstrip().startswith("["):
                return None
            if key.match(self._lines[i]):
                return i
        return None

    def find(self, index: int | None, key: str | None, item_id: str | None = None) -> int | None:
        """Return the line of ``key`` inside array item ``index`` (top level when None)."""
        block = self._block(index, item_id)
        if block is None:
            return None
        start, end = block
        anchor = start
        if index is not None and block[1] - block[0] > 1:
            id_line = self._find_key("id", start + 1, end)
            anchor = id_line if id_line is not None else start
        if key is None:
            return anchor + 1
        best = anchor
        table = self._array if index is not None else ""
        position = start + 1 if index is not None else 0
        parts = key.split(".")
        for depth, part in enumerate(parts):
            name, _, rest = part.partition("[")
            nth = int(rest.rstrip("]")) if rest else 0
            last = depth == len(parts) - 1
            if last:
                found = self._find_key(name, position, end)
                if found is not None:
                    return found + 1
            table = f"{table}.{name}" if table else name
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?")
            headers = [i for i in range(position, end) if header.match(self._lines[i])]
            if nth < len(headers):
                best = headers[nth]
                position = best + 1
                continue
            inline = self._find_key(name, position, end)
            if inline is not None:
                return inline + 1
            break
        # A missing top-level key has no sensible line; inside a step, point at the step.
        return None if index is None and best == anchor else best + 1


def _decode_error(exc: tomllib.TOMLDecodeError, text: str, source: str) -> Problem:
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    match = _TOML_POSITION.search(message)
    if match is not None:
        line = line or int(match.group(1))
        message = message[: match.start()]
    elif message.endswith("(at end of document)"):
        line = line or text.count("\n") + 1
        message = message.removesuffix("(at end of document)").rstrip()
    return Problem(source, None, None, line, f"TOML syntax error: {message}")


class _Checker:
    """Collects problems while reading untrusted TOML values."""

    def __init__(self, source: str, locator: _Locator) -> None:
        self.source = source
        self.locator = locator
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        *,
        index: int | None = None,
        label: str | None = None,
        key: str | None = None,
        item_id: str | None = None,
    ) -> None:
        line = self.locator.find(index, key, item_id)
        self.problems.append(Problem(self.source, label, key, line, message))

    def table(
        self,
        data: Mapping[str, Any],
        *,
        required: Iterable[str],
        optional: Iterable[str],
        prefix: str = "",
        **where: Any,
    ) -> bool:
        """Report missing and unknown keys; return whether all required keys are present."""
        required = tuple(required)
        known = set(required) | set(optional)
        complete = True
        for name in required:
            if name not in data:
                self.add("required key is missing", key=f"{prefix}{name}", **where)
                complete = False
        for name in data:
            if name not in known:
                hint = ", ".join(sorted(known))
                self.add(f"unknown key (allowed: {hint})", key=f"{prefix}{name}", **where)
        return complete

    def string(
        self,
        data: Mapping[str, Any],
        name: str,
        *,
        prefix: str = "",
        blank: bool = False,
        **where: Any,
    ) -> str | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add("must be a string", key=f"{prefix}{name}", **where)
            return None
        if not blank and not value.strip():
            self.add("must not be empty", key=f"{prefix}{name}", **where)
            return None
        return value.strip()

    def integer(
        self, data: Mapping[str, Any], name: str, *, prefix: str = "", **where: Any
    ) -> int | None:
        value = data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add("must be a whole number", key=f"{prefix}{name}", **where)
            return None
        return value


# --------------------------------------------------------------------------------------------
# Procedure loader
# --------------------------------------------------------------------------------------------

_TOP_REQUIRED = ("business_type", "version", "title_en", "title_zh", "on_incomplete", "steps")
_STEP_REQUIRED = ("id", "text_en", "text_zh")
_STEP_OPTIONAL = ("mandatory", "hint_en", "hint_zh", "capture", "authorisation")
_CAPTURE_KEYS: dict[CaptureType, tuple[str, ...]] = {
    CaptureType.AMOUNT: ("min", "max", "currency"),
    CaptureType.INTEGER: ("min", "max"),
    CaptureType.TEXT: ("min", "max", "pattern"),
    CaptureType.CHOICE: ("choices",),
    CaptureType.ID_NUMBER: (),
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
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProcedureError([_decode_error(exc, text, source)]) from None
    checker = _Checker(source, _Locator(text, "steps"))
    procedure = _read_procedure(data, checker)
    if checker.problems or procedure is None:
        raise ProcedureError(checker.problems)
    return procedure


def _read_procedure(data: Mapping[str, Any], c: _Checker) -> Procedure | None:
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


def _read_steps(raw: Any, c: _Checker) -> tuple[Step, ...] | None:
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
    ok = True
    for index, item in enumerate(raw):
        raw_id = item.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"
        where: dict[str, Any] = {"index": index, "label": label, "item_id": label}
        step = _read_step(item, c, where, seen, numeric)
        if step is None:
            ok = False
            continue
        steps.append(step)
    return tuple(steps) if ok else None


def _read_step(
    item: Mapping[str, Any],
    c: _Checker,
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


def _read_capture(raw: Any, c: _Checker, where: dict[str, Any]) -> Capture | None:
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
    choices = _read_choices(raw.get("choices"), c, where) if kind is CaptureType.CHOICE else ()
    if kind is CaptureType.CHOICE and "choices" not in raw:
        c.add("a choice capture needs a non-empty choices list", key="capture.choices", **where)
    if len(c.problems) > before or kind is None or label_en is None or label_zh is None:
        return None
    return Capture(kind, label_en, label_zh, low, high, choices, pattern, currency)


def _read_choices(raw: Any, c: _Checker, where: dict[str, Any]) -> tuple[Choice, ...]:
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
    c: _Checker,
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
    return parse_procedure(_read_text(path, ProcedureError), str(path))


def _read_text(path: Path, error: type[DataFileError]) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error([Problem(str(path), None, None, None, f"cannot read file: {reason}")]) from None


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def _collect(paths: Iterable[Path]) -> tuple[dict[str, Procedure], list[Problem]]:
    newest: dict[str, Procedure] = {}
    seen: dict[tuple[str, int], str] = {}
    problems: list[Problem] = []
    for path in _expand(paths):
        try:
            procedure = load_procedure(path)
        except ProcedureError as exc:
            problems.extend(exc.problems)
            continue
        key = (procedure.business_type, procedure.version)
        if key in seen:
            line = _Locator(_read_text(path, ProcedureError), "steps").find(None, "version")
            message = f"business type {key[0]} version {key[1]} is also defined in {seen[key]}"
            problems.append(Problem(str(path), None, "version", line, message))
            continue
        seen[key] = str(path)
        current = newest.get(procedure.business_type)
        if current is None or procedure.version > current.version:
            newest[procedure.business_type] = procedure
    return newest, problems


def check_files(paths: Iterable[Path]) -> list[Problem]:
    """Validate procedure templates for ``counterdesk procedures check PATH...``.

    A directory stands for the ``*.toml`` files in it. Besides each file's own problems, the
    same business type and version defined twice is reported.

    Returns:
        Every problem found; empty when all files are valid.
    """
    return _collect(paths)[1]


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


# --------------------------------------------------------------------------------------------
# Business-type catalogue
# --------------------------------------------------------------------------------------------

_TYPE_REQUIRED = ("code", "prefix", "name_en", "name_zh", "target_seconds")


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Read the business-type catalogue (``[[types]]`` tables) from TOML text.

    Raises:
        CatalogueError: listing every problem found.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError([_decode_error(exc, text, source)]) from None
    c = _Checker(source, _Locator(text, "types"))
    c.table(data, required=("types",), optional=())
    raw = data.get("types")
    items: list[BusinessType] = []
    if raw is not None and (not isinstance(raw, list) or not raw):
        c.add("must be a non-empty array of tables ([[types]])", key="types")
        raw = None
    codes: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for index, item in enumerate(raw or ()):
        if not isinstance(item, dict):
            c.add("must be a table", key="types", index=index)
            continue
        code = item.get("code")
        label = code if isinstance(code, str) and code else f"#{index + 1}"
        where: dict[str, Any] = {"index": index, "label": label}
        before = len(c.problems)
        c.table(
            item, required=_TYPE_REQUIRED, optional=("priority_weight", "service_seconds"), **where
        )
        values = {name: c.string(item, name, **where) for name in _TYPE_REQUIRED[:4]}
        target = c.integer(item, "target_seconds", **where)
        weight = c.integer(item, "priority_weight", **where)
        service = c.integer(item, "service_seconds", **where)
        if len(c.problems) > before or target is None or None in values.values():
            continue
        try:
            business = BusinessType(
                str(values["code"]),
                str(values["prefix"]),
                str(values["name_en"]),
                str(values["name_zh"]),
                target,
                0 if weight is None else weight,
                DEFAULT_SERVICE_SECONDS if service is None else service,
            )
        except DomainError as exc:
            c.add(str(exc), **where)
            continue
        if business.code in codes:
            c.add(f"code is already used by {codes[business.code]}", key="code", **where)
            continue
        if business.prefix in prefixes:
            c.add(f"prefix is already used by {prefixes[business.prefix]}", key="prefix", **where)
            continue
        codes[business.code] = business.code
        prefixes[business.prefix] = business.code
        items.append(business)
    if c.problems:
        raise CatalogueError(c.problems)
    return Catalogue(items)


def load_catalogue(path: Path) -> Catalogue:
    """Read ``business_types.toml`` into a :class:`Catalogue`.

    Raises:
        CatalogueError: listing every problem (an unreadable file is one problem).
    """
    return parse_catalogue(_read_text(path, CatalogueError), str(path))


# --------------------------------------------------------------------------------------------
# Runtime checklist
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRecord:
    """A checked step, as the service stores it.

    Attributes:
        step_id: the step.
        checked_at: when the teller checked it (aware UTC).
        value: the normalised captured value (fen for amounts), or None.
        authoriser: the supervisor who authorised it, or None.
        seconds_open: time from the step becoming current (the previous check, or the start
            of the checklist) to this check.
        sequence: 1 for the first check of the service, 2 for the next, ...
        out_of_order: whether an earlier step of the procedure was still open at the time.
    """

    step_id: str
    checked_at: datetime
    value: int | str | None
    authoriser: str | None
    seconds_open: float
    sequence: int
    out_of_order: bool = False


@dataclass(frozen=True)
class FinishVerdict:
    """Whether a service may finish, and on what terms.

    Attributes:
        allowed: whether finishing is allowed.
        template: the teller-facing explanation, marked for translation in context
            ``"domain"`` (empty when all mandatory steps are done); ``params`` fill it.
        params: the values of the template; ``steps`` is the open step ids, comma-separated.
        open_steps: ids of the mandatory steps still open.
        override: whether finishing relies on a supervisor override (``warn`` templates).
        reason: the teller's reason, when overriding.
        override_by: the supervisor who overrode, when overriding.
    """

    allowed: bool
    template: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    open_steps: tuple[str, ...] = ()
    override: bool = False
    reason: str | None = None
    override_by: str | None = None

    @property
    def message(self) -> str:
        """The explanation in English (empty when all mandatory steps are done)."""
        return render(self.template, self.params)

    def raise_if_refused(self) -> None:
        """Raise a :class:`DomainError` with the message when finishing is refused."""
        if not self.allowed:
            raise DomainError(self.template, **self.params)


def _same_person(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def _aware(at: datetime, what: str) -> None:
    if at.tzinfo is None:
        raise ValueError(f"{what} must be an aware datetime")


@dataclass
class Checklist:
    """The progress of one service through its procedure (pure; the caller persists records).

    Steps may be checked in any order; the order is recorded in each :class:`StepRecord`.
    """

    procedure: Procedure
    teller: str
    started_at: datetime
    _records: dict[str, StepRecord] = field(default_factory=dict, init=False, repr=False)
    _sequence: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        _aware(self.started_at, "started_at")

    @classmethod
    def restore(
        cls,
        procedure: Procedure,
        teller: str,
        started_at: datetime,
        records: Iterable[StepRecord],
    ) -> Checklist:
        """Rebuild a checklist from stored records (crash recovery).

        Raises:
            DomainError: when a record names an unknown step or a step twice.
        """
        checklist = cls(procedure, teller, started_at)
        for record in sorted(records, key=lambda r: r.sequence):
            procedure.step(record.step_id)
            if record.step_id in checklist._records:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "step {step!r} is recorded twice"),
                    step=record.step_id,
                )
            checklist._records[record.step_id] = record
            checklist._sequence = max(checklist._sequence, record.sequence)
        return checklist

    @property
    def records(self) -> tuple[StepRecord, ...]:
        """The checked steps, in the order they were checked."""
        return tuple(sorted(self._records.values(), key=lambda r: r.sequence))

    @property
    def values(self) -> dict[str, int | str]:
        """Captured values by step id."""
        return {
            step_id: record.value
            for step_id, record in self._records.items()
            if record.value is not None
        }

    def is_checked(self, step_id: str) -> bool:
        """Whether a step is checked."""
        return step_id in self._records

    def current(self) -> Step | None:
        """The first open step in procedure order, or None when all are checked."""
        return next((s for s in self.procedure.steps if s.id not in self._records), None)

    def open_mandatory(self) -> tuple[Step, ...]:
        """The mandatory steps not checked yet, in procedure order."""
        return tuple(
            step for step in self.procedure.steps if step.mandatory and step.id not in self._records
        )

    def needs_authorisation(self, step_id: str, value_text: str | None = None) -> bool:
        """Whether checking the step (with that value) needs a supervisor, so the UI can ask.

        Raises:
            DomainError: when the value does not parse.
        """
        step = self.procedure.step(step_id)
        if step.authorisation is None:
            return False
        values = self.values
        if step.capture is not None and value_text is not None:
            values[step.id] = step.capture.parse(value_text)
        return step.authorisation.required(values)

    def check(
        self,
        step_id: str,
        at: datetime,
        value_text: str | None = None,
        authoriser: str | None = None,
    ) -> StepRecord:
        """Check a step, validating its value and authorisation.

        Args:
            step_id: the step.
            at: when (aware datetime).
            value_text: what the teller typed, for steps that capture a value.
            authoriser: the supervisor, for steps that need one.

        Returns:
            The record to store.

        Raises:
            DomainError: the step is already checked, the value is missing or invalid, the
                authorisation depends on a step not checked yet, or a required supervisor is
                missing or is the teller.
        """
        _aware(at, "at")
        step = self.procedure.step(step_id)
        if step_id in self._records:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "step {step!r} is already checked; uncheck it to change it"
                ),
                step=step_id,
            )
        value: int | str | None = None
        if step.capture is not None:
            if value_text is None or not value_text.strip():
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "step {step!r}: {field} is required"),
                    step=step_id,
                    field=step.capture.field_name,
                )
            try:
                value = step.capture.parse(value_text)
            except DomainError as exc:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "step {step!r}: {detail}"),
                    step=step_id,
                    detail=exc,
                ) from None
        elif value_text is not None and value_text.strip():
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "step {step!r} does not capture a value"),
                step=step_id,
            )
        who = authoriser.strip() if authoriser is not None and authoriser.strip() else None
        rule = step.authorisation
        if rule is not None:
            values = self.values
            if value is not None:
                values[step_id] = value
            waiting_for = rule.of_step if rule.when_over is not None else None
            if waiting_for is not None and waiting_for not in values:
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "step {step!r} depends on the value of step {other_step!r}; "
                        "check that step first",
                    ),
                    step=step_id,
                    other_step=waiting_for,
                )
            if rule.required(values):
                if who is None:
                    raise DomainError(
                        QT_TRANSLATE_NOOP(
                            "domain", "step {step!r} needs a supervisor's authorisation"
                        ),
                        step=step_id,
                    )
                if _same_person(who, self.teller):
                    raise DomainError(
                        QT_TRANSLATE_NOOP(
                            "domain",
                            "step {step!r} must be authorised by a supervisor "
                            "other than the teller",
                        ),
                        step=step_id,
                    )
        since = max((r.checked_at for r in self._records.values()), default=self.started_at)
        since = max(since, self.started_at)
        out_of_order = any(
            s.id not in self._records for s in self.procedure.steps[: self._index(step_id)]
        )
        self._sequence += 1
        record = StepRecord(
            step_id=step_id,
            checked_at=at,
            value=value,
            authoriser=who,
            seconds_open=max(0.0, (at - since).total_seconds()),
            sequence=self._sequence,
            out_of_order=out_of_order,
        )
        self._records[step_id] = record
        return record

    def uncheck(self, step_id: str) -> tuple[str, ...]:
        """Reopen a step, and any checked step whose authorisation depends on its value.

        Returns:
            The ids of the reopened steps (the step itself first; empty if it was open).
        """
        self.procedure.step(step_id)
        if step_id not in self._records:
            return ()
        del self._records[step_id]
        reopened = [step_id]
        for step in self.procedure.steps:
            rule = step.authorisation
            if (
                rule is not None
                and rule.of_step == step_id
                and step.id != step_id
                and step.id in self._records
            ):
                del self._records[step.id]
                reopened.append(step.id)
        return tuple(reopened)

    def finish_check(
        self, reason: str | None = None, override_by: str | None = None
    ) -> FinishVerdict:
        """Decide whether the service may finish now.

        Args:
            reason: why the teller finishes with open steps (``warn`` templates).
            override_by: the supervisor who accepts that (``warn`` templates).

        Returns:
            The verdict; a refusal names the open steps or what is missing.
        """
        open_steps = tuple(step.id for step in self.open_mandatory())
        if not open_steps:
            return FinishVerdict(allowed=True)
        params = {"steps": ", ".join(open_steps)}
        if self.procedure.on_incomplete is FinishRule.BLOCK:
            return FinishVerdict(
                allowed=False,
                template=QT_TRANSLATE_NOOP(
                    "domain", "cannot finish: mandatory steps still open: {steps}"
                ),
                params=params,
                open_steps=open_steps,
            )
        why = reason.strip() if reason is not None else ""
        who = override_by.strip() if override_by is not None else ""
        no_supervisor = not who
        own = bool(who) and _same_person(who, self.teller)
        # One whole sentence per case, so that each can be translated as a sentence.
        refusal = ""
        if not why and no_supervisor:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give a reason and "
                "a supervisor override",
            )
        elif not why and own:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give a reason and "
                "a supervisor other than the teller",
            )
        elif not why:
            refusal = QT_TRANSLATE_NOOP(
                "domain", "mandatory steps still open: {steps}; to finish anyway, give a reason"
            )
        elif no_supervisor:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give a supervisor override",
            )
        elif own:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give "
                "a supervisor other than the teller",
            )
        if refusal:
            return FinishVerdict(
                allowed=False, template=refusal, params=params, open_steps=open_steps
            )
        return FinishVerdict(
            allowed=True,
            template=QT_TRANSLATE_NOOP("domain", "finished with mandatory steps open: {steps}"),
            params=params,
            open_steps=open_steps,
            override=True,
            reason=why,
            override_by=who,
        )

    def _index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.procedure.steps) if s.id == step_id)
